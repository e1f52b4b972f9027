"""The review of a draft SKP: one function per transition, all here.

    DRAFT ──submit──► SUBMITTED ──mark_reviewed──► REVIEWED ("sesuai format")
      ▲  ◄──withdraw──    │  ▲                        │
      │                   │  │ submit                 │
      │    request_revision  │                        │
      │                   ▼  │                        │
      │                REVISION                       │
      └─────────────────────────────reopen────────────┘

Each transition checks the role (skp_drafts/rules.py) and the current state, records who,
when and why in the SKP's history, tells the other side, and refuses anything else with a
message, changing nothing. The content can be changed only in DRAFT and REVISION.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.notifications import notify
from bookings.models import Booking, CoachingSession
from core.history import stamp
from core.workflow import Transition, Workflow
from skp_drafts.checker import check, review_blockers
from skp_drafts.content import SkpError
from skp_drafts.document import document_skp_queryset, load_document
from skp_drafts.models import ReviewComment, Skp, SkpStatus, open_thread
from skp_drafts.rules import LIVE_BOOKINGS

REVIEW = Workflow(
    [
        Transition(
            "submit",
            frozenset({SkpStatus.DRAFT, SkpStatus.REVISION}),
            SkpStatus.SUBMITTED,
            "skp_drafts.submit_skp",
            gettext_lazy("Diajukan untuk review"),
        ),
        Transition(
            "withdraw",
            frozenset({SkpStatus.SUBMITTED}),
            SkpStatus.DRAFT,
            "skp_drafts.submit_skp",
            gettext_lazy("Pengajuan ditarik kembali"),
        ),
        Transition(
            "request_revision",
            frozenset({SkpStatus.SUBMITTED}),
            SkpStatus.REVISION,
            "skp_drafts.review_skp",
            gettext_lazy("Diminta perbaikan"),
        ),
        Transition(
            "mark_reviewed",
            frozenset({SkpStatus.SUBMITTED}),
            SkpStatus.REVIEWED,
            "skp_drafts.review_skp",
            gettext_lazy("Dinyatakan sesuai format"),
        ),
        Transition(
            "reopen",
            frozenset({SkpStatus.REVIEWED}),
            SkpStatus.DRAFT,
            "skp_drafts.submit_skp",
            gettext_lazy("Dibuka kembali untuk diubah"),
        ),
    ],
    error=SkpError,
    forbidden=gettext_lazy("Anda tidak berwenang melakukan ini pada SKP ini."),
    wrong_state=gettext_lazy("SKP berstatus “%(status)s”: langkah ini tidak dapat dilakukan."),
)
TRANSITIONS = REVIEW.transitions
may = REVIEW.may


def _begin(actor: User, skp_id: int, name: str) -> Skp:
    return REVIEW.begin(actor, document_skp_queryset(), skp_id, name)


def _finish(skp: Skp, actor: User, name: str, reason: str = "") -> None:
    # The reason's whole text stays where it belongs (a revision request is a remark);
    # the history keeps the step's name with what fits its column.
    label = TRANSITIONS[name].label
    REVIEW.finish(
        skp,
        actor,
        name,
        f"{label}: {reason}" if reason else "",
        ["status", "updated_at", "reviewed_at"],
    )


def reviewers_of(skp: Skp) -> list[User]:
    """The coaches of the bookings and sessions the SKP was brought to."""
    coaches = {
        booking.slot.coach
        for booking in Booking.objects.filter(skp=skp, status__in=LIVE_BOOKINGS).select_related(
            "slot__coach"
        )
    }
    for session in CoachingSession.objects.filter(drafts=skp).prefetch_related("coaches"):
        coaches.update(session.coaches.all())
    return sorted(coaches, key=lambda user: user.pk)


@transaction.atomic
def submit_skp(*, actor: User, skp_id: int) -> Skp:
    """The ASN asks the coaches it brought the SKP to for a review."""
    skp = _begin(actor, skp_id, "submit")
    coaches = reviewers_of(skp)
    if not coaches:
        raise SkpError(
            _(
                "Bawa SKP ini ke jadwal coaching lebih dulu: pilih SKP ini saat memesan "
                "jadwal, atau tautkan ke pemesanan Anda. Coach yang melayani Anda akan "
                "mereviewnya."
            )
        )
    _finish(skp, actor, "submit")
    notify(
        coaches,
        text=_("%(name)s mengajukan SKP %(year)s untuk direview.")
        % {"name": skp.pegawai.name, "year": skp.year},
        link=skp.get_absolute_url(),
    )
    return skp


@transaction.atomic
def withdraw_skp(*, actor: User, skp_id: int) -> Skp:
    skp = _begin(actor, skp_id, "withdraw")
    _finish(skp, actor, "withdraw")
    return skp


@transaction.atomic
def request_revision(*, actor: User, skp_id: int, note: str) -> Skp:
    """The coach sends the SKP back; ``note`` says what to revise and stays as a remark."""
    skp = _begin(actor, skp_id, "request_revision")
    if not note.strip():
        raise SkpError(_("Tuliskan apa yang perlu diperbaiki."))
    comment = ReviewComment(
        skp=skp, anchor=_("Keseluruhan SKP"), author=actor, text=note, requests_revision=True
    )
    stamp(comment, actor, _("Permintaan perbaikan"))
    comment.save()
    _finish(skp, actor, "request_revision", note)
    _tell_owner(
        skp,
        _("SKP %(year)s Anda perlu diperbaiki: %(note)s") % {"year": skp.year, "note": note},
    )
    return skp


@transaction.atomic
def mark_reviewed(*, actor: User, skp_id: int) -> Skp:
    """The coach declares the SKP "sesuai format": no finding of the checker blocks the review
    (every error, and the warnings the checker names so, such as a JPT perspective without
    an RHK) and every remark has been resolved."""
    skp = _begin(actor, skp_id, "mark_reviewed")
    blockers = review_blockers(check(load_document(skp)))
    errors = [finding for finding in blockers if finding.is_error]
    if errors:
        raise SkpError(
            _(
                "SKP ini masih memiliki %(count)d kesalahan format menurut pemeriksaan "
                "otomatis. Minta perbaikan lebih dulu."
            )
            % {"count": len(errors)}
        )
    if blockers:
        raise SkpError(
            _(
                "SKP ini belum dapat dinyatakan sesuai format: %(reasons)s Minta perbaikan "
                "lebih dulu."
            )
            % {"reasons": " ".join(finding.message for finding in blockers)}
        )
    if skp.comments.filter(open_thread()).exists():
        raise SkpError(_("Masih ada komentar yang belum diselesaikan. Minta perbaikan lebih dulu."))
    if skp.reviewed_at is None:  # the monitoring counts an SKP from its first review
        skp.reviewed_at = timezone.now()
    _finish(skp, actor, "mark_reviewed")
    _tell_owner(
        skp,
        _("SKP %(year)s Anda dinyatakan sesuai format oleh %(coach)s.")
        % {"year": skp.year, "coach": actor.display_name},
    )
    return skp


@transaction.atomic
def reopen_skp(*, actor: User, skp_id: int) -> Skp:
    """The ASN opens its reviewed SKP again to change it; it will need a new review."""
    skp = _begin(actor, skp_id, "reopen")
    _finish(skp, actor, "reopen")
    return skp


def _tell_owner(skp: Skp, text: str) -> None:
    if skp.pegawai.user_id:
        notify([skp.pegawai.user], text=text, link=skp.get_absolute_url())


def run(name: str, *, actor: User, skp_id: int, note: str = "") -> Skp:
    """Apply transition ``name``; ``note`` is what a revision request asks for."""
    if name == "request_revision":
        return request_revision(actor=actor, skp_id=skp_id, note=note)
    steps = {
        "submit": submit_skp,
        "withdraw": withdraw_skp,
        "mark_reviewed": mark_reviewed,
        "reopen": reopen_skp,
    }
    return steps[name](actor=actor, skp_id=skp_id)
