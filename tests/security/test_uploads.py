"""Uploaded files (draft SKPs, request letters) reach only those allowed to see them, as
downloads that the browser may not sniff into a page, never straight from the media
folder."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security.sweep import SWEEP
from tests.security.world import ROLES

pytestmark = pytest.mark.django_db

DOWNLOADS = {
    "bookings:booking_draft": "draf-skp-",
    "bookings:request_letter": "surat-permohonan-",
}


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_an_uploaded_file_is_a_download_with_safe_headers(client, world, name):
    entry = SWEEP[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    for role in ROLES:
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        response = client.get(url)
        if role not in entry.get:
            assert response.status_code in (302, 403, 404), role
            continue
        assert response.status_code == 200, role
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;"), role
        # The portal's own name, never the one the uploader chose.
        assert DOWNLOADS[name] in disposition and "draf.pdf" not in disposition
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_media_folder_is_not_served(client, world):
    client.force_login(world.users["admin"])
    for stored in (world.booking.draft.name, world.submitted_request.letter_file.name):
        assert client.get(f"/{settings.MEDIA_URL}{stored}").status_code == 404
        assert client.get(f"/static/../{settings.MEDIA_URL}{stored}").status_code == 404


def test_every_page_forbids_framing_and_foreign_scripts(client, world):
    client.force_login(world.users["asn"])
    response = client.get(reverse("portal:home"))
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
