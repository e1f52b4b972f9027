from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import inbox
from core.paging import page_of


@login_required
def home(request):
    """One home for every role: each app adds the panels of the roles the user holds
    (core/panels.py; registered in each app's panels.py)."""
    return render(request, "portal/home.html", {"profile": getattr(request.user, "pegawai", None)})


@login_required
def notifications(request):
    if request.method == "POST":
        inbox(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
        messages.success(request, _("Semua notifikasi ditandai sudah dibaca."))
        return redirect("portal:notifications")
    return render(
        request, "portal/notifications.html", {"page": page_of(request, inbox(request.user))}
    )
