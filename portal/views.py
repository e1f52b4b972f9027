from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.notifications import inbox, mark_read
from core.documents import normalize_code
from core.models import IssuedDocument
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


@login_not_required
def verify(request, code: str):
    """The public check of a printed document: what it is, who issued and signed it and
    when, its SHA-256, and whether a newer version replaced it. Nothing beyond what the
    paper shows; an unknown or mistyped code gets a calm page that says so."""
    document = (
        IssuedDocument.objects.select_related("superseded_by")
        .filter(code=normalize_code(code))
        .exclude(file="")  # a version still being prepared is not issued yet
        .first()
    )
    status = 200 if document else 404
    return render(
        request, "portal/verify.html", {"document": document, "code": code}, status=status
    )
