from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.notifications import inbox, mark_read
from core.paging import page_of


@login_required
def home(request):
    """One home for every role: each app adds the panels of the roles the user holds
    (core/panels.py; registered in each app's panels.py)."""
    return render(request, "portal/home.html", {"profile": getattr(request.user, "pegawai", None)})


@login_required
def notifications(request):
    if request.method == "POST":
        mark_read(request.user)
        messages.success(request, _("Semua notifikasi ditandai sudah dibaca."))
        return redirect("portal:notifications")
    return render(
        request, "portal/notifications.html", {"page": page_of(request, inbox(request.user))}
    )


@login_required
@require_POST
def notification_open(request, pk: int):
    """Open one notification: it is read, and the browser goes where it points."""
    notification = get_object_or_404(inbox(request.user), pk=pk)
    mark_read(request.user, notification.pk)
    if notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.link)
    return redirect("portal:notifications")
