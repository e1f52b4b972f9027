"""What the benchmark measures: one entry per page and per PDF.

A page is requested by a ``role`` (None: anonymous) with a fresh login per user; its
``path`` (and, for a POST, its ``data``) is built for each user from the benchmark's
``Fixture`` (fixture.py), which finds objects in the seeded regency. To measure a new page,
add one entry here; ``tests/operations/test_bench.py`` checks every entry against a small
seeded regency, so a broken entry fails the tests, not the night's benchmark.

    Page("dashboard", "Monitoring dashboard", "kepala_bidang",
         lambda f, user: reverse("reports:dashboard")),
    Pdf("skp_30_rhk", "SKP with 30 RHK", "asn",
        lambda f, user: reverse("skp_drafts:pdf", args=[f.draft_with_rhk(30)])),

Two entries are the yardsticks every page is run beside (``anchor``): the ceiling, a
request through the whole stack that touches no database and no template, and the floor,
the cheapest signed-in page (session, user and roles, the base template, no data of its
own).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

CEILING = "ceiling"
FLOOR = "floor"
# The turns a write's data may take (Page.turns, Fixture.contact_of's phone numbers): each
# run of a page that writes posts turns of its own, so that none posts what another stored.
TURNS = 100


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    role: str | None
    path: Callable
    method: str = "GET"
    data: Callable | None = None
    # Statuses that count as served (a redirect after a POST is the page's success).
    expect: tuple[int, ...] = (200,)
    # True: every request by another user (a booking can be made once per ASN), each sent
    # once, the run timed until the last is answered if that comes before its seconds are
    # over. False: a pool of users is cycled through.
    fresh_user_per_request: bool = False
    # False: the request carries no session, only the CSRF cookie (the role's users are
    # for the data: the sign-in POST sends their NIP and password).
    signed_in: bool = True
    # Every other request is one of this page's instead (a write among reads).
    mixed_with: "Page | None" = None
    # The requests of each user, ``data`` called with each turn: a write posts something
    # else each turn, so that every request changes what it writes.
    turns: int = 1
    anchor: str = ""  # CEILING or FLOOR: run beside every page


@dataclass(frozen=True)
class Pdf:
    name: str
    title: str
    role: str
    path: Callable
    expect: tuple[int, ...] = field(default=(200,))


# An ASN changing the phone number on the profile page: a small everyday write that moves no
# figure of the monitoring dashboard, so its cached figures must survive it. Each of a user's
# saves posts the other of two numbers: an unchanged contact is not written.
CONTACT_SAVE = Page(
    "contact_save",
    "An ASN changes the phone number (POST)",
    "asn",
    lambda f, user: reverse("accounts:profile"),
    method="POST",
    data=lambda f, user, turn: f.contact_of(user, turn),
    expect=(302,),
    turns=2,
)

PAGES = [
    Page(
        "ceiling",
        "Ceiling: /healthz (no database)",
        None,
        lambda f, user: reverse("healthz"),
        anchor=CEILING,
    ),
    Page(
        "floor",
        "Floor: the sign-out page (signed in, base template)",
        "asn",
        lambda f, user: reverse("accounts:logout"),
        anchor=FLOOR,
    ),
    Page("login", "Login page", None, lambda f, user: reverse("accounts:login")),
    Page(
        "login_post",
        "Signing in (POST: NIP and password)",
        "asn",
        lambda f, user: reverse("accounts:login"),
        method="POST",
        data=lambda f, user, turn: {"username": user.username, "password": f.password},
        expect=(302,),
        signed_in=False,
    ),
    Page("asn_home", "ASN's home", "asn", lambda f, user: reverse("portal:home")),
    Page(
        "open_slots",
        "Open slots (the busiest open week)",
        "asn",
        lambda f, user: f.busy_week_path(),
    ),
    Page(
        "booking_post",
        "Booking a slot (POST)",
        "asn_without_booking",
        lambda f, user: reverse("bookings:book", args=[f.slot_to_book(user)]),
        method="POST",
        data=lambda f, user, turn: f.booking_form(user),
        expect=(302,),
        fresh_user_per_request=True,
    ),
    Page(
        "skp_editor",
        "Draft SKP editor (the ASN's own)",
        "asn_with_skp",
        lambda f, user: reverse("skp_drafts:edit", args=[f.own_skp(user)]),
    ),
    Page(
        "cascade",
        "Cascade of the largest SKPD",
        "kepala_bidang",
        lambda f, user: reverse("skp_drafts:cascade", args=[f.largest_skpd()]),
    ),
    Page(
        "survey_results",
        "SKM results, whole regency",
        "coach",
        lambda f, user: reverse("surveys:results"),
    ),
    Page(
        "dashboard",
        "Monitoring dashboard, whole regency",
        "kepala_bidang",
        lambda f, user: reverse("reports:dashboard"),
    ),
    Page(
        "dashboard_writes",
        "Monitoring dashboard, whole regency, every other request a contact save",
        "kepala_bidang",
        lambda f, user: reverse("reports:dashboard"),
        mixed_with=CONTACT_SAVE,
        expect=(200, 302),
    ),
    Page(
        "recap_team",
        "Monthly recap of the whole team, last month (figures read live)",
        "kepala_bidang",
        lambda f, user: reverse("reports:recap_detail", args=[f.team_recap(user)]),
    ),
    Page(
        "dashboard_kasubag",
        "Monitoring dashboard, a Kasubag's SKPD",
        "kasubag",
        lambda f, user: reverse("reports:dashboard"),
    ),
]

PDFS = [
    Pdf(
        "skp_30_rhk",
        "SKP with 30 RHK (90 indicators)",
        "asn_with_skp",
        lambda f, user: reverse("skp_drafts:pdf", args=[f.skp_with_rhk(user, 30)]),
    ),
    Pdf(
        "disposition_sheet",
        "Lembar disposisi",
        "kepala_bkpsdm",
        lambda f, user: reverse("bookings:disposition_sheet", args=[f.held_request()]),
    ),
    Pdf(
        "skm_recap",
        "SKM recap, whole regency (~185,000 answers)",
        "coach",
        lambda f, user: reverse("surveys:results_pdf"),
    ),
    Pdf(
        "monthly_recap",
        "Monthly recap of a coach's month, with its sessions",
        "kepala_bidang",
        lambda f, user: reverse("reports:recap_pdf", args=[f.coach_recap()]),
    ),
    Pdf(
        "session_report_300",
        "Session report with a daftar hadir of 300",
        "kepala_bidang",
        lambda f, user: reverse("reports:report_pdf", args=[f.report_with_attendees(300)]),
    ),
]


def most_runs() -> int:
    """How many runs of each page (levels × rounds) the writes have turns of their own for."""
    return min((TURNS // page.mixed_with.turns for page in PAGES if page.mixed_with), default=TURNS)


def runs_allowed(runs: int) -> bool:
    """Whether each page can run ``runs`` times (levels × rounds): at least once, and each
    run's writes with turns of their own."""
    return 1 <= runs <= most_runs()
