"""The second pass's table (issue 18): each break found in the portal, the attack that showed
it, and what the portal answers now. ``test_breaks.py`` runs every case as the attacker
would, signed in as its role in the sweep's world; a break found later gets a case here:

    Break(
        "unknown_host",                                    # the test's id
        role=ANONYMOUS,                                    # who attacks (world.ROLES)
        attempt=lambda c, w: c.get("/", HTTP_HOST="evil.example"),  # returns the last answer
        status={400},                                      # what that answer may be
        says="Permintaan tidak valid",                     # text the page shows
        headers={"Cache-Control": "no-store"},             # a part of a header's value
        after=lambda c, w: [],                             # further failures, as text
        settings={"ALLOWED_HOSTS": ["coaching-skp.example"]},  # settings of the case
    ),

Every case runs with DEBUG off and ADMINS set, as in production, so that an error page
or a mail to the admins shows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.middleware import LAST_SEEN
from core.models import AuditEvent, AuditKind
from tests.accounts.factories import PASSWORD
from tests.security.world import ANONYMOUS, ASN, KEPALA_BKPSDM

PORTAL_HOST = "coaching-skp.balangankab.go.id"


@dataclass(frozen=True)
class Break:
    name: str
    role: str
    attempt: Callable
    status: frozenset[int]
    says: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    after: Callable = lambda client, world: []
    settings: dict = field(default_factory=dict)


def no_mail(client, world) -> list[str]:
    return [f"mailed: {message.subject}" for message in mail.outbox]


def signed_out(client, world) -> list[str]:
    return ["still signed in"] if "_auth_user_id" in client.session else []


def owner_with_password(world):
    """The owner, its PASSWORD hashed anew: the world was built before the tests' fast
    hasher was set."""
    user = type(world.users[ASN]).objects.get(pk=world.users[ASN].pk)
    user.set_password(PASSWORD)
    user.save()
    return user


def choose_breached_password(client, world):
    client.force_login(owner_with_password(world))
    new = dict.fromkeys(["new_password1", "new_password2"], "bismillah123")
    return client.post(reverse("accounts:password_change"), {"old_password": PASSWORD, **new})


def password_unchanged(client, world) -> list[str]:
    user = type(world.users[ASN]).objects.get(pk=world.users[ASN].pk)
    return [] if user.check_password(PASSWORD) else ["the password was changed"]


def idle_then_open_home(client, world):
    session = client.session
    session[LAST_SEEN] -= int(settings.SESSION_IDLE_TIMEOUT.total_seconds()) + 60
    session.save()
    return client.get(reverse("portal:home"))


def file_recorded(world, role, suffix) -> list[str]:
    taken = AuditEvent.objects.filter(
        kind=AuditKind.FILE, user=world.users[role], detail__endswith=suffix
    )
    return [] if taken.exists() else ["the file handed out is not in the audit trail"]


def spray(client, world):
    """One password tried on as many NIPs as the address may fail, then the owner's right
    password from the same address."""
    owner = owner_with_password(world)
    url = reverse("accounts:login")
    for number in range(settings.THROTTLES["login_failures_ip"][0]):
        client.post(url, {"username": f"19900101201501{number:04d}", "password": "Balangan2026!"})
    return client.post(url, {"username": owner.username, "password": PASSWORD})


BREAKS = [
    # Any Host header but the portal's once drew the 400 page with a context processor that
    # read request.user before authentication had run: a 500 and an error mail per request.
    Break(
        "unknown_host",
        role=ANONYMOUS,
        attempt=lambda c, w: c.get("/", HTTP_HOST="evil.example"),
        status=frozenset({400}),
        says="Permintaan tidak valid",
        after=no_mail,
        settings={"ALLOWED_HOSTS": [PORTAL_HOST]},
    ),
    # django-axes locks one NIP at one address; one address trying one password on every
    # NIP failed once per NIP and was never stopped.
    Break(
        "password_spraying",
        role=ANONYMOUS,
        attempt=spray,
        status=frozenset({200, 429}),
        says="kami menahan upaya masuk dari jaringan Anda",
        after=signed_out,
        # The limit of the case, so that it takes seconds; the default's own test is in
        # tests/accounts/test_throttle.py.
        settings={"THROTTLES": {**settings.THROTTLES, "login_failures_ip": (8, 900)}},
    ),
    # Only Django's 20,000 common passwords were refused: "bismillah123", first in the
    # breach lists of Indonesian sites, was accepted.
    Break(
        "breached_password",
        role=ASN,
        attempt=choose_breached_password,
        status=frozenset({200}),
        says="terlalu umum atau pernah bocor",
        after=password_unchanged,
    ),
    # A session lived eight hours whether or not anyone was at the keyboard.
    Break(
        "idle_session",
        role=ASN,
        attempt=idle_then_open_home,
        status=frozenset({302}),
        headers={"Location": "/masuk/?next=/beranda/"},
        after=signed_out,
    ),
    # Signed-in pages and downloads (an SKP, a list of pegawai) could be kept by the browser
    # of a shared office PC or a proxy, and no response said which browser features a page
    # may use.
    Break(
        "private_page_stored",
        role=ASN,
        attempt=lambda c, w: c.get(reverse("portal:home")),
        status=frozenset({200}),
        headers={"Cache-Control": "no-store", "Permissions-Policy": "camera=()"},
    ),
    Break(
        "download_stored",
        role=ASN,
        attempt=lambda c, w: c.get(reverse("skp_drafts:xlsx", args=[w.draft.pk])),
        status=frozenset({200}),
        headers={"Cache-Control": "no-store", "Permissions-Policy": "microphone=()"},
        after=lambda c, w: file_recorded(w, ASN, "xlsx"),
    ),
    # Nobody could tell who had signed in, failed, been locked out, been given a role, or
    # taken whose SKP or list of pegawai: the audit trail is the admin's alone.
    Break(
        "audit_trail_for_others",
        role=KEPALA_BKPSDM,
        attempt=lambda c, w: c.get(reverse("accounts:audit_log")),
        status=frozenset({403}),
    ),
]
