from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from operations.views import healthz

admin.site.site_header = _("Administrasi Portal Coaching Clinic SKP")
admin.site.site_title = _("Coaching Clinic SKP")
admin.site.index_title = _("Data induk dan pengaturan")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Looked up at the first request: with hashed names (production) the manifest of
    # collectstatic is needed, which importing the URLs (say, for check --deploy) must not.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("img/logo.svg"), permanent=True),
    ),
    # One login for the whole portal: the admin's own form would sign in with the password
    # alone, round the second factor.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("", include("bookings.urls")),
    path("", include("surveys.urls")),
    path("", include("skp_drafts.urls")),
    path("", include("reports.urls")),
    path("", include("ekinerja.urls")),
    path("", include("portal.urls")),
]
