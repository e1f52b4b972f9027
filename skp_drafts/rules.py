"""Who may see, change and review which draft SKP.

- the ASN its own SKP;
- the direct superior its subordinates' (read and comment);
- a coach the drafts brought to its bookings (coming or attended) and sessions; the Kepala
  Bidang those brought to any booking or session of the clinic; nobody reviews its own;
- the Kasubag Umum the progress of its SKPD (counts, and by name who has no SKP or one not
  yet in format, with the superior), never the content of an SKP;
- the guide's examples: published ones to everybody, the rest to the coaching team.

Everyone else gets 404, as if the SKP did not exist. ``visible_skps`` and
``reviewable_skps`` apply the same rules to querysets.

The cascade of an SKPD (its RHK texts, not the SKP) is a planning tool: it opens for the
Kepala Bidang and for the coaches of that SKPD's sessions, who prepare and run the practice
from JPT Pratama down, and for the SKPD's own Kasubag Umum, who follows its units up.
"""

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Skpd, User
from accounts.rules import (
    is_admin,
    is_asn,
    is_bkpsdm_staff,
    is_coaching_team,
    is_kasubag_of_skpd,
    is_kepala_bidang,
    own_pegawai,
    owns_record_of,
)
from bookings.models import Booking, BookingStatus, CoachingSession, SessionKind
from skp_drafts.models import Skp

# A booking that was cancelled or moved no longer brings its SKP to that slot's coach (a
# rescheduled booking's SKP goes with the new booking).
LIVE_BOOKINGS = (BookingStatus.BOOKED, BookingStatus.ATTENDED)


def _brought_by_coach(user: User) -> Q:
    """SKP brought to a live booking of the user's slots or to a session it coaches."""
    return Q(
        Exists(
            Booking.objects.filter(skp=OuterRef("pk"), slot__coach=user, status__in=LIVE_BOOKINGS)
        )
        | Exists(CoachingSession.objects.filter(drafts=OuterRef("pk"), coaches=user))
    )


def _brought_to_clinic() -> Q:
    return Q(
        Exists(Booking.objects.filter(skp=OuterRef("pk"), status__in=LIVE_BOOKINGS))
        # The links alone, each of a session by its foreign key: joined to the sessions, they
        # took a third of the Kepala Bidang's count of drafts waiting on the 10x regency.
        | Exists(CoachingSession.drafts.through.objects.filter(skp=OuterRef("pk")))
    )


@rules.predicate
def is_example(user: User, skp: Skp | None) -> bool:
    return skp is not None and skp.is_example


@rules.predicate
def is_published_example(user: User, skp: Skp | None) -> bool:
    return skp is not None and skp.is_example and skp.is_published


@rules.predicate
def owns_skp(user: User, skp: Skp | None) -> bool:
    return skp is not None and owns_record_of(user, skp.pegawai_id)


@rules.predicate
def is_superior_of_owner(user: User, skp: Skp | None) -> bool:
    own = own_pegawai(user)
    return (
        skp is not None
        and own is not None
        and skp.pegawai_id is not None
        and skp.pegawai.atasan_id == own.pk
    )


@rules.predicate
def coaches_skp(user: User, skp: Skp | None) -> bool:
    """A member of the team, coaching a booking or session the SKP was brought to."""
    if skp is None or skp.pegawai_id is None or not is_coaching_team(user):
        return False
    return Skp.objects.filter(_brought_by_coach(user), pk=skp.pk).exists()


@rules.predicate
def brought_to_clinic(user: User, skp: Skp | None) -> bool:
    if skp is None or skp.pegawai_id is None:
        return False
    return Skp.objects.filter(_brought_to_clinic(), pk=skp.pk).exists()


@rules.predicate
def coaches_at_skpd(user: User, skpd: Skpd | None) -> bool:
    """A coach of an SKPD session of this SKPD, scheduled or held."""
    if skpd is None or not user.is_authenticated:
        return False
    return CoachingSession.objects.filter(
        kind=SessionKind.SKPD, skpd_request__skpd=skpd, coaches=user
    ).exists()


# Nobody reviews its own SKP, whatever its role.
is_reviewer = ~owns_skp & (coaches_skp | (is_kepala_bidang & brought_to_clinic))
manages_guide = is_coaching_team | is_admin

rules.add_perm(
    "skp_drafts.view_skp",
    is_published_example
    | (is_example & manages_guide)
    | (~is_example & (owns_skp | is_superior_of_owner | is_reviewer)),
)
rules.add_perm("skp_drafts.edit_skp", (is_example & manages_guide) | (~is_example & owns_skp))
rules.add_perm(
    "skp_drafts.comment_skp",
    ~is_example & (owns_skp | is_superior_of_owner | is_reviewer),
)
# A remark is marked resolved by the SKP's owner, or by whoever may review it.
rules.add_perm("skp_drafts.resolve_comment", ~is_example & (owns_skp | is_reviewer))
# The state machine's permissions (skp_drafts/workflow.py).
rules.add_perm("skp_drafts.submit_skp", ~is_example & owns_skp)
rules.add_perm("skp_drafts.review_skp", ~is_example & is_reviewer)
rules.add_perm("skp_drafts.create_skp", is_asn)
rules.add_perm("skp_drafts.view_review_queue", is_coaching_team)
rules.add_perm("skp_drafts.view_cascade", is_kepala_bidang | coaches_at_skpd | is_kasubag_of_skpd)
rules.add_perm("skp_drafts.list_cascades", is_coaching_team)
rules.add_perm("skp_drafts.view_progress", is_kasubag_of_skpd | is_bkpsdm_staff)
rules.add_perm("skp_drafts.manage_guide", manages_guide)


def _reviewed_by(user: User) -> Q:
    """The rows of is_reviewer (without the owner's own, which reviewable_skps leaves out)."""
    reviewed = Q(pk__in=[])
    if is_coaching_team(user):
        reviewed |= _brought_by_coach(user)
    if is_kepala_bidang(user):
        reviewed |= _brought_to_clinic()
    return reviewed


def visible_skps(user: User) -> QuerySet[Skp]:
    """The pegawai's SKP that ``user`` may open (skp_drafts.view_skp without examples)."""
    drafts = Skp.objects.filter(pegawai__isnull=False)
    if not user.is_authenticated:
        return drafts.none()
    visible = _reviewed_by(user)
    own = own_pegawai(user)
    if own is not None:
        visible |= Q(pegawai=own) | Q(pegawai__atasan=own)
    return drafts.filter(visible)


def reviewable_skps(user: User) -> QuerySet[Skp]:
    """The SKP ``user`` may review (skp_drafts.review_skp): brought to it, not its own. Its
    own left out by its pegawai's id, which the signed-in user carries: a join of the
    pegawai to find it read all 50,000 of the 10x regency for a coach's count of drafts
    waiting."""
    drafts = Skp.objects.filter(pegawai__isnull=False)
    if not user.is_authenticated:
        return drafts.none()
    reviewable = drafts.filter(_reviewed_by(user))
    own = getattr(user, "pegawai", None)  # its own, whether that pegawai is active or not
    return reviewable if own is None else reviewable.exclude(pegawai_id=own.pk)


def visible_examples(user: User) -> QuerySet[Skp]:
    examples = Skp.objects.filter(pegawai__isnull=True)
    if manages_guide(user):
        return examples
    return examples.filter(is_published=True)
