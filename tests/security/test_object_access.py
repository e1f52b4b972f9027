"""The security sweep of object access: for every URL that takes an object id, every role
of the portal tries an object that is not its own. Those not allowed get 403 or 404 (the
anonymous visitor the login page), and nothing in the database or the uploaded files
changes. The table of URLs and who may use them is tests/security/sweep.py."""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.fingerprint import database_fingerprint, files_fingerprint
from tests.security.sweep import EXEMPT, EXEMPT_NAMESPACES, PDF_VIEWS, SWEEP
from tests.security.world import ANONYMOUS, ROLES

pytestmark = pytest.mark.django_db


def parametrised_url_names(resolver=None, namespace="", inherited=False):
    """The names of every URL pattern of the project that takes a parameter (its own or
    one of the include() it sits under)."""
    resolver = resolver or get_resolver()
    found = set()
    for pattern in resolver.url_patterns:
        takes = inherited or pattern.pattern.regex.groups > 0
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= parametrised_url_names(pattern, inner, takes)
        elif isinstance(pattern, URLPattern) and takes and pattern.name:
            found.add(f"{namespace}{pattern.name}")
    return found


def test_every_url_with_a_parameter_is_swept():
    names = {
        name
        for name in parametrised_url_names()
        if not name.startswith(tuple(f"{ns}:" for ns in EXEMPT_NAMESPACES))
    }
    missing = sorted(names - set(SWEEP) - set(EXEMPT))
    assert not missing, f"add these URLs to tests/security/sweep.py: {missing}"
    stale = sorted((set(SWEEP) | set(EXEMPT)) - names)
    assert not stale, f"no such URL any more, remove from the sweep: {stale}"


def refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.startswith(reverse(settings.LOGIN_URL))


def signed_in(client, world, role):
    client.logout()
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("name", sorted(SWEEP))
def test_only_the_allowed_roles_reach_the_object(client, world, name, settings):
    entry = SWEEP[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    media = settings.MEDIA_ROOT
    failures = []
    for method, allowed in (("GET", entry.get), ("POST", entry.post)):
        if allowed is None:
            continue
        for role in ROLES:
            if role in allowed:
                continue
            signed_in(client, world, role)
            before = database_fingerprint(), files_fingerprint(media)
            response = client.get(url) if method == "GET" else client.post(url, entry.data(world))
            if not refused(response):
                failures.append(f"{method} as {role}: {response.status_code}")
            elif (database_fingerprint(), files_fingerprint(media)) != before:
                changed = [
                    table
                    for table, digest in database_fingerprint().items()
                    if before[0].get(table) != digest
                ]
                failures.append(f"{method} as {role} was refused but changed {changed or 'files'}")
    assert not failures, f"{url}: {failures}"

    # The object is right: the first allowed role really gets it.
    if entry.get is not None:
        role = next(role for role in ROLES if role in entry.get)
        response = signed_in(client, world, role).get(url)
        assert response.status_code == entry.ok_status, (url, role, response.status_code)
        generated = response.get("Content-Type") == "application/pdf" and not response.streaming
        assert name in PDF_VIEWS or not generated, f"{name} hands out a PDF: add it to PDF_VIEWS"
    else:
        role = next(role for role in ROLES if role in entry.post)
        response = signed_in(client, world, role).post(url, entry.data(world))
        assert not refused(response), (url, role, response.status_code)


def test_the_admin_is_staff_only(client, world):
    """Django's admin, object pages included, for staff alone: every other role is sent
    to the admin's login page."""
    urls = [
        reverse("admin:index"),
        reverse("admin:accounts_pegawai_change", args=[world.pegawai.pk]),
        reverse("admin:bookings_booking_change", args=[world.booking.pk]),
        reverse("admin:bookings_skpdrequest_change", args=[world.submitted_request.pk]),
    ]
    for role in ROLES:
        if role == "admin":
            continue
        signed_in(client, world, role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith(reverse("admin:login")), (role, url)
    signed_in(client, world, "admin")
    assert all(client.get(url).status_code == 200 for url in urls)
