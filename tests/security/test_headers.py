"""Every response carries a Permissions-Policy; every page shown to a signed-in user and
every file handed out carries Cache-Control: no-store (a shared office PC's browser, or a
proxy, keeps no copy). Public pages stay as they were."""

import pytest
from django.urls import reverse

from tests.security.world import ADMIN, ASN, COACH, KASUBAG

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_kind_of_response_carries_the_permissions_policy(client, world, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    material = reverse("skp_drafts:material_download", args=[world.material.pk])
    responses = {
        "public page": client.get(reverse("accounts:index")),
        "static file": client.get("/static/css/portal.css"),
        "not found": client.get("/tidak-ada/"),
        "redirect to login": client.get(reverse("portal:home")),
        "unknown host": client.get("/", HTTP_HOST="evil.example"),
        "public file": client.get(material),
    }
    client.force_login(world.users[ASN])
    responses["signed-in page"] = client.get(reverse("portal:home"))
    for what, response in responses.items():
        policy = response.get("Permissions-Policy", "")
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy, (what, policy)


def test_public_pages_and_static_files_may_still_be_cached(client, world):
    assert not no_store(client.get(reverse("accounts:index")))
    assert not no_store(client.get("/static/css/portal.css"))


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (ASN, lambda w: reverse("portal:home")),
        (ASN, lambda w: reverse("accounts:profile")),
        (KASUBAG, lambda w: reverse("accounts:pegawai_list")),
        (ADMIN, lambda w: reverse("accounts:skpd_detail", args=[w.skpd.pk])),
    ],
)
def test_every_signed_in_page_is_not_stored(client, world, role, url):
    client.force_login(world.users[role])
    response = client.get(url(world))
    assert response.status_code == 200
    assert no_store(response), response.get("Cache-Control")


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (ASN, lambda w: reverse("skp_drafts:xlsx", args=[w.draft.pk])),
        (ASN, lambda w: reverse("bookings:booking_ics", args=[w.booking.pk])),
        (ASN, lambda w: reverse("bookings:booking_draft", args=[w.booking.pk])),
        (COACH, lambda w: reverse("accounts:roster_template")),
        (COACH, lambda w: reverse("reports:photo", args=[w.report_photo.pk])),
        (None, lambda w: reverse("skp_drafts:material_download", args=[w.material.pk])),
    ],
    ids=["skp_xlsx", "ics", "uploaded_draft", "roster_template", "photo", "public_material"],
)
def test_every_file_handed_out_is_not_stored(client, world, role, url):
    if role:
        client.force_login(world.users[role])
    response = client.get(url(world))
    assert response.status_code == 200
    assert no_store(response), response.get("Cache-Control")
