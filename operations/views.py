from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@login_not_required
@never_cache
def healthz(request):
    """The load balancer's health check: the app server answers. It touches no database
    (a database outage takes every app server down alike; removing them all helps nobody),
    so it is also the benchmark's ceiling, the cost of a request through the stack."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
