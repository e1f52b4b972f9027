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

from django.core import mail

from tests.security.world import ANONYMOUS

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
]
