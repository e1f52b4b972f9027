"""Every break of the second pass (tests/security/breaks.py) tried again as the attacker
would: the portal must give the answer the table names and nothing else."""

import pytest

from tests.security.breaks import BREAKS
from tests.security.world import ANONYMOUS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", BREAKS, ids=[case.name for case in BREAKS])
def test_the_break_stays_mended(client, world, case, settings):
    settings.DEBUG = False
    settings.ADMINS = [("Admin TI", "it@bkpsdm.example.go.id")]
    for name, value in case.settings.items():
        setattr(settings, name, value)
    if case.role != ANONYMOUS:
        client.force_login(world.users[case.role])

    response = case.attempt(client, world)

    failures = []
    if response.status_code not in case.status:
        failures.append(f"answered {response.status_code}, not {sorted(case.status)}")
    content = b"" if response.streaming else response.content
    if case.says and case.says not in content.decode(errors="replace"):
        failures.append(f"does not say {case.says!r}")
    for header, part in case.headers.items():
        if part not in response.get(header, ""):
            failures.append(f"{header}: {response.get(header)!r} lacks {part!r}")
    failures += case.after(client, world)
    assert not failures, failures
