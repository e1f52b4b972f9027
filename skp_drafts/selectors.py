"""Reads of draft SKPs, each in a fixed number of queries whatever the size of the data."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import JENJANG_RANK, Jenjang, Pegawai, Skpd, User
from accounts.nip import is_digits, normalize_nip
from accounts.rules import own_pegawai
from bookings.models import Attendance, Booking, CoachingSession, SessionKind
from core.choices import StatusOf
from core.compiled import CompiledQuery
from skp_drafts.models import (
    JPT_JENJANG,
    ReviewComment,
    RhkKind,
    Skp,
    SkpStatus,
    open_thread,
)
from skp_drafts.rules import LIVE_BOOKINGS, reviewable_skps


def this_year() -> int:
    return timezone.localdate().year


def skp_years(today=None) -> list[int]:
    """The years an SKP may be made for: this year, the next and the one before."""
    year = (today or timezone.localdate()).year
    return [year + 1, year, year - 1]


def examples_in_order(examples: QuerySet[Skp]) -> list[Skp]:
    """The guide's examples from the top of the cascade down, then by title."""
    return sorted(examples, key=lambda skp: (JENJANG_RANK[Jenjang(skp.jenjang)], skp.example_title))


def own_skps(pegawai: Pegawai | int) -> QuerySet[Skp]:
    return (
        Skp.objects.filter(pegawai=pegawai)
        .annotate(
            rhk_count=Count("rhks", distinct=True),
            open_comments=Count("comments", filter=OPEN_THREADS, distinct=True),
        )
        .order_by("-year")
    )


@dataclass(frozen=True)
class OwnSkpBrief:
    """What the home says of the pegawai's SKP of the year: its status and counts."""

    pk: int
    status: str
    rhk_count: int
    open_comments: int

    status_choice = StatusOf(SkpStatus)


# Read on every home of an ASN: compiled once (core/compiled.py).
_OWN_SKP_BRIEF = CompiledQuery(
    lambda pegawai_id, year: (
        own_skps(pegawai_id)
        .filter(year=year)
        .order_by()
        .values_list("pk", "status", "rhk_count", "open_comments")[:1]
    ),
    pegawai_id=int,
    year=int,
)


def own_skp_brief(pegawai: Pegawai, year: int) -> OwnSkpBrief | None:
    """The pegawai's SKP of ``year`` (one at most) with what the home shows of it."""
    found = _OWN_SKP_BRIEF.first(pegawai_id=pegawai.pk, year=year)
    return None if found is None else OwnSkpBrief(*found)


def subordinates_with_skp(pegawai: Pegawai, year: int) -> QuerySet[Pegawai]:
    """The pegawai's direct subordinates, each with its SKP of ``year`` (id and status)."""
    skp = Skp.objects.filter(pegawai=OuterRef("pk"), year=year)
    return (
        pegawai.bawahan.filter(is_active=True)
        .annotate(
            skp_id=Subquery(skp.values("pk")[:1]),
            skp_status=Subquery(skp.values("status")[:1]),
        )
        .order_by("name")
    )


OPEN_THREADS = open_thread("comments__")


def waiting_for_review(user: User) -> int:
    """How many drafts brought to this coach (for the Kepala Bidang: to the clinic) wait for
    a review: counted alone, without the queue's columns, comments and order."""
    return reviewable_skps(user).filter(status=SkpStatus.SUBMITTED).count()


def review_queue(user: User, *, status: str = "", text: str = "", year=None) -> QuerySet[Skp]:
    """The drafts brought to this coach (for the Kepala Bidang: to the clinic), those
    waiting for a review first; found by the pegawai's name or NIP."""
    queryset = reviewable_skps(user)
    if status:
        queryset = queryset.filter(status=status)
    if year:
        queryset = queryset.filter(year=year)
    text = text.strip()
    if text:
        digits = normalize_nip(text)
        queryset = queryset.filter(
            Q(pegawai__nip__startswith=digits) if is_digits(digits)
            else Q(pegawai__name__icontains=text) | Q(pegawai__skpd__short_name__iexact=text)
        )  # fmt: skip
    return (
        queryset.select_related("pegawai__skpd")
        .annotate(
            waiting=Q(status=SkpStatus.SUBMITTED),
            open_comments=Count("comments", filter=OPEN_THREADS),
        )
        .order_by("-waiting", "-updated_at", "pk")
    )


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "l, j F Y, H.i") + " WITA"


def bookings_to_bring(pegawai: Pegawai) -> list[Booking]:
    """The ASN's own bookings an SKP can be brought to: coming and attended ones."""
    bookings = list(
        Booking.objects.filter(pegawai=pegawai, status__in=LIVE_BOOKINGS)
        .select_related("slot__coach__pegawai", "slot__place")
        .order_by("-slot__start")[:10]
    )
    for booking in bookings:
        booking.label = f"{_when(booking.slot.start)} · {booking.slot.coach.display_name}"
    return bookings


@dataclass
class Coaching:
    """A booking or session an SKP was brought to, as its page lists it."""

    when: str
    coaches: str
    place: str


def brought_to(skp: Skp) -> list[Coaching]:
    """The live bookings and the sessions the SKP was brought to, newest first."""
    bookings = Booking.objects.filter(skp=skp, status__in=LIVE_BOOKINGS).select_related(
        "slot__coach__pegawai", "slot__place"
    )
    sessions = (
        CoachingSession.objects.filter(drafts=skp, kind=SessionKind.SKPD)
        .prefetch_related("coaches__pegawai")
        .order_by("-start")
    )
    found = [
        (b.slot.start, Coaching(_when(b.slot.start), b.slot.coach.display_name, str(b.slot.place)))
        for b in bookings
    ]
    found += [
        (
            s.start,
            Coaching(_when(s.start), ", ".join(c.display_name for c in s.coaches.all()), s.place),
        )
        for s in sessions
    ]
    return [coaching for _start, coaching in sorted(found, key=lambda pair: pair[0], reverse=True)]


def comment_threads(skp: Skp) -> list[ReviewComment]:
    """The SKP's remarks with their replies, oldest first, in two queries."""
    comments = list(
        ReviewComment.objects.filter(skp=skp).select_related(
            "author__pegawai", "resolved_by__pegawai"
        )
    )
    replies = defaultdict(list)
    for comment in comments:
        if comment.reply_to_id:
            replies[comment.reply_to_id].append(comment)
    threads = [comment for comment in comments if comment.reply_to_id is None]
    for thread in threads:
        thread.reply_list = replies[thread.pk]
    return threads


# Sorted in open_threads(): an ORDER BY would make Django compare it with each column
# selected with the authors, which cost more than the query itself.
_OPEN_THREADS = CompiledQuery(
    lambda skp_id: (
        ReviewComment.objects.filter(open_thread(), skp_id=skp_id)
        .select_related("author__pegawai")
        .order_by()
    ),
    skp_id=int,
)


def open_threads(skp: Skp) -> list[ReviewComment]:
    """The SKP's remarks still waiting for the owner (first remarks not yet resolved), oldest
    first, with their authors: what the editor lists beside the form, in one query."""
    threads = _OPEN_THREADS.rows(skp_id=skp.pk)
    return sorted(threads, key=lambda thread: (thread.created_at, thread.pk))


def takes_part(user: User, session: CoachingSession) -> bool:
    """Whether ``user`` is one of the session's participants."""
    own = own_pegawai(user)
    return own is not None and Attendance.objects.filter(session=session, pegawai=own).exists()


def session_drafts(session: CoachingSession) -> tuple[list[Skp], list[Skp]]:
    """The SKP linked to a session, and the participants' SKP of its year not yet linked."""
    year = timezone.localtime(session.start).year
    linked = list(session.drafts.select_related("pegawai").order_by("pegawai__name"))
    participants = Attendance.objects.filter(session=session).values("pegawai_id")
    linkable = list(
        Skp.objects.filter(pegawai_id__in=participants, year=year)
        .exclude(pk__in=[skp.pk for skp in linked])
        .select_related("pegawai")
        .order_by("pegawai__name")
    )
    return linked, linkable


# Progress of an SKPD (what its Kasubag Umum sees: counts, never content) -------------------


@dataclass
class ProgressRow:
    jenjang: str
    label: str
    pegawai: int
    counts: dict[str, int]

    @property
    def without_skp(self) -> int:
        return self.pegawai - sum(self.counts.values())


def skpd_progress(skpd: Skpd, year: int) -> list[ProgressRow]:
    """Per jenjang: active pegawai, and their SKP of ``year`` by status. One query."""
    status_counts = {
        status: Count("skps", filter=Q(skps__year=year, skps__status=status))
        for status in SkpStatus.values
    }
    rows = {
        row["jenjang"]: row
        for row in Pegawai.objects.filter(skpd=skpd, is_active=True)
        .values("jenjang")
        .annotate(total=Count("pk", distinct=True), **status_counts)
    }
    return [
        ProgressRow(
            jenjang=jenjang.value,
            label=jenjang.label,
            pegawai=rows[jenjang]["total"],
            counts={status: rows[jenjang][status] for status in SkpStatus.values},
        )
        for jenjang in Jenjang
        if jenjang in rows
    ]


def to_follow_up(skpd: Skpd, year: int) -> list[Pegawai]:
    """The SKPD's active pegawai whose SKP of ``year`` is missing or not yet in format, by
    jenjang and name, each with ``skp_status`` (None: no SKP) and its superior: the
    Kasubag's list to chase. One query."""
    status = Skp.objects.filter(pegawai=OuterRef("pk"), year=year).values("status")[:1]
    people = (
        Pegawai.objects.filter(skpd=skpd, is_active=True)
        .annotate(skp_status=Subquery(status))
        .filter(Q(skp_status__isnull=True) | ~Q(skp_status=SkpStatus.REVIEWED))
        .select_related("atasan")
    )
    rank = {jenjang: position for position, jenjang in enumerate(Jenjang.values)}
    people = sorted(people, key=lambda p: (rank.get(p.jenjang, 99), p.name))
    for person in people:
        person.skp_choice = SkpStatus(person.skp_status) if person.skp_status else None
    return people


# The cascade of an SKPD --------------------------------------------------------------------


class CascadePerson(NamedTuple):
    """A pegawai as the cascade shows it: the owner of RHK, or one without an SKP."""

    pk: int
    name: str
    jenjang: str
    atasan_id: int | None


class CascadeRhk(NamedTuple):
    """An RHK as the cascade draws it, with its owner and whether its SKP is a JPT's."""

    pk: int
    kind: str
    order: int
    text: str
    parent_id: int | None
    owner: CascadePerson
    is_jpt: bool


@dataclass
class CascadeRow:
    """One line of the drawn tree: an RHK at its depth, with its owner and its gaps."""

    depth: int
    rhk: CascadeRhk
    owner: CascadePerson
    # An RHK Utama whose owner has subordinates with an SKP in the SKPD, none of whose RHK
    # intervenes it.
    not_intervened: bool = False
    # A non-JPT RHK Utama that names no RHK of its superior.
    orphan: bool = False


@dataclass
class Cascade:
    skpd: Skpd
    year: int
    rows: list[CascadeRow] = field(default_factory=list)
    without_skp: list[CascadePerson] = field(default_factory=list)
    not_intervened: list[CascadeRow] = field(default_factory=list)
    orphans: list[CascadeRow] = field(default_factory=list)
    pegawai_count: int = 0
    skp_count: int = 0

    @property
    def gap_count(self) -> int:
        return len(self.without_skp) + len(self.not_intervened) + len(self.orphans)


def cascade(skpd: Skpd, year: int) -> Cascade:
    """The tree JPT Pratama → Administrator → Pengawas → Pelaksana/Fungsional of an SKPD's
    RHK for ``year``, drawn from the RHK each RHK intervenes, with its gaps: a superior's
    RHK no subordinate intervenes, an RHK with no parent, a pegawai without an SKP.

    Two queries whatever the size of the SKPD: the pegawai, and their SKP each with its RHK.
    Plain rows of the columns drawn: a model instance per row cost more than the rest of
    the page. No ORDER BY: the tree is sorted here, and Django compares an ORDER BY with each
    selected column."""
    pegawai = {
        row[0]: CascadePerson(*row)
        for row in Pegawai.objects.filter(skpd=skpd, is_active=True)
        .order_by()
        .values_list("pk", "name", "jenjang", "atasan_id")
    }
    # One row per RHK, and one of NULLs for an SKP without any.
    skp_rhks = (
        Skp.objects.filter(pegawai__skpd=skpd, pegawai__is_active=True, year=year)
        .order_by()
        .values_list(
            "pk", "pegawai_id", "jenjang",
            "rhks__pk", "rhks__kind", "rhks__order", "rhks__text", "rhks__parent_id",
        )
    )  # fmt: skip
    skp_ids: set[int] = set()
    has_skp: set[int] = set()
    rhks: list[CascadeRhk] = []
    for skp_id, pegawai_id, jenjang, rhk_id, kind, order, text, parent_id in skp_rhks:
        skp_ids.add(skp_id)
        has_skp.add(pegawai_id)
        if rhk_id is not None:
            is_jpt = jenjang in JPT_JENJANG
            rhks.append(
                CascadeRhk(rhk_id, kind, order, text, parent_id, pegawai[pegawai_id], is_jpt)
            )
    result = Cascade(skpd=skpd, year=year, pegawai_count=len(pegawai), skp_count=len(skp_ids))
    # Whose RHK should be intervened: those with a subordinate who has an SKP. (One whose
    # subordinates have none yet shows that gap under "no SKP", not on each of its RHK.)
    with_subordinates = {
        p.atasan_id for p in pegawai.values() if p.atasan_id in pegawai and p.pk in has_skp
    }
    # Siblings by their owner's rank and name, the RHK Utama first, then in their order:
    # sorted once here, so that each list of children below is in order.
    rhks.sort(
        key=lambda rhk: (
            JENJANG_RANK[rhk.owner.jenjang],
            rhk.owner.name,
            rhk.kind != RhkKind.UTAMA,
            rhk.order,
            rhk.pk,
        )
    )
    rhk_ids = {rhk.pk for rhk in rhks}
    children: dict[int, list[CascadeRhk]] = defaultdict(list)
    for rhk in rhks:
        if rhk.parent_id in rhk_ids:
            children[rhk.parent_id].append(rhk)
    seen: set[int] = set()

    def draw(rhk: CascadeRhk, depth: int) -> None:
        below = children.get(rhk.pk, ())
        utama = rhk.kind == RhkKind.UTAMA
        row = CascadeRow(
            depth=depth,
            rhk=rhk,
            owner=rhk.owner,
            not_intervened=utama and not below and rhk.owner.pk in with_subordinates,
            orphan=utama and rhk.parent_id is None and not rhk.is_jpt,
        )
        result.rows.append(row)
        if row.not_intervened:
            result.not_intervened.append(row)
        if row.orphan:
            result.orphans.append(row)
        seen.add(rhk.pk)
        for child in below:
            if child.pk not in seen:
                draw(child, depth + 1)

    # The roots: RHK whose parent is not in this SKPD — the JPT's, those intervening a
    # superior outside the SKPD, and those with no parent at all (a gap, drawn last; the
    # sort keeps the order within each).
    roots = [rhk for rhk in rhks if rhk.parent_id not in rhk_ids]
    roots.sort(key=lambda rhk: rhk.parent_id is None and not rhk.is_jpt)
    for root in roots:
        draw(root, 0)
    result.without_skp = sorted(
        (p for p in pegawai.values() if p.pk not in has_skp),
        key=lambda p: (JENJANG_RANK[p.jenjang], p.name),
    )
    return result


def skpd_with_cascade_counts(year: int, *, coach: User | None = None) -> QuerySet[Skpd]:
    """SKPD with their active pegawai and SKP of ``year``, for the cascade index; with a
    ``coach``, only the SKPD it has coached or will coach at (skp_drafts.view_cascade)."""
    skpds = Skpd.objects.filter(is_active=True)
    if coach is not None:
        skpds = skpds.filter(
            requests__session__kind=SessionKind.SKPD, requests__session__coaches=coach
        ).distinct()
    return skpds.annotate(
        pegawai_count=Count("pegawai", filter=Q(pegawai__is_active=True), distinct=True),
        skp_count=Count(
            "pegawai__skps",
            filter=Q(pegawai__is_active=True, pegawai__skps__year=year),
            distinct=True,
        ),
    ).order_by("name")
