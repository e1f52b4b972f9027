"""The benchmark's pieces: every page and PDF entry works for its role on a small seeded
regency (seeded once for the module), and the booking POSTs book for real (each ASN once, a
few contended). The wrk script has its own module (test_bench_wrk.py)."""

from io import StringIO

import pytest
from django.core.management import call_command

from bookings.models import Booking, BookingStatus
from operations.bench.driver import table
from operations.bench.fixture import CONTENDED_EVERY, Fixture
from operations.bench.pages import PAGES, PDFS
from tests.shared import built_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def regency(django_db_setup, django_db_blocker):
    """Seeded once for the module (tests/shared.py)."""
    with built_once(django_db_blocker):
        call_command("seed_demo", "--scale", "300", "--force", stdout=StringIO())
        yield


def signed_in(client, fixture, user):
    if user is not None:
        client.cookies["sessionid"] = fixture.sessions([user])[user.pk]
    return client


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_page_answers_its_role_as_expected(client, regency, page):
    fixture = Fixture()
    users = fixture.users(page.role, 3) if page.role else [None]
    assert users, f"nobody holds the role {page.role}"
    for user in users:
        signed_in(client, fixture, user)
        path = page.path(fixture, user)
        if page.method == "POST":
            response = client.post(path, page.data(fixture, user))
        else:
            response = client.get(path)
        assert response.status_code in page.expect, (page.name, path, response.status_code)
        if page.role and page.method == "GET":
            assert response.context["user"] == user  # signed in, not sent to the login


@pytest.mark.parametrize("pdf", PDFS, ids=[pdf.name for pdf in PDFS])
def test_every_pdf_is_a_pdf_for_its_role(client, regency, pdf, django_capture_on_commit_callbacks):
    fixture = Fixture()
    (user,) = fixture.users(pdf.role, 1)
    path = pdf.path(fixture, user)
    with django_capture_on_commit_callbacks(execute=True):  # the task worker, for a large one
        response = signed_in(client, fixture, user).get(path)
    if response.status_code == 202:  # it was being prepared: asked again, as the page does
        response = client.get(path)
    assert response.status_code in pdf.expect
    assert response.content.startswith(b"%PDF-")


def test_booking_posts_book_for_real_with_a_few_contended_places(client, regency):
    page = next(page for page in PAGES if page.name == "booking_post")
    fixture = Fixture()
    users = fixture.users(page.role, 2 * CONTENDED_EVERY)
    assert len({user.pk for user in users}) == len(users)
    outcomes = []
    for user in users:
        signed_in(client, fixture, user)
        response = client.post(page.path(fixture, user), page.data(fixture, user))
        assert response.status_code == 302
        outcomes.append(response["Location"].split("/")[1])
    assert outcomes.count("pemesanan") == len(users) - 2  # booked
    assert outcomes.count("jadwal") == 2  # the contended ones: the place was just taken
    assert (
        Booking.objects.filter(pegawai__user__in=users, status=BookingStatus.BOOKED).count()
        == len(users) - 2
    )


def test_the_table_shows_the_ratio_to_the_ceiling():
    row = {
        "title": "Login page",
        "users": 10,
        "rps": 250.0,
        "p50_ms": 30.0,
        "p95_ms": 60.0,
        "p99_ms": 90.0,
        "ratio": 0.4,
        "ceiling": False,
        "statuses": {"200": 2500},
        "load": 1.5,
    }
    ceiling = {**row, "title": "Ceiling", "rps": 625.0, "ceiling": True, "ratio": 1.0}
    pdf = {
        "title": "Lembar disposisi",
        "median_ms": 420.0,
        "min_ms": 400.0,
        "max_ms": 500.0,
        "pages": 1,
        "kilobytes": 13.2,
    }
    text = table({"pages": [ceiling, row], "pdfs": [pdf]})
    assert "| Login page | 10 | 250.0 | 30.0 | 60.0 | 90.0 | 0.400 | 2500× 200 | 1.5 |" in text
    assert "| Ceiling | 10 | 625.0 | 30.0 | 60.0 | 90.0 | — |" in text
    assert "| Lembar disposisi | 420 | 400 | 500 | 1 | 13 |" in text
