"""The long lists' filters: a search text, an SKPD and a month narrow the team's lists of
requests, SKM surveys and reports; a filter that cannot be read says so and narrows
nothing; the status tabs keep the filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from bookings.models import RequestStatus
from tests.accounts.factories import SkpdFactory, user_with_role
from tests.bookings.test_requests import new_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters():
    """Three letters of two SKPD, proposing this month and next."""
    dinkes, disdik = SkpdFactory(name="Dinas Kesehatan"), SkpdFactory(name="Dinas Pendidikan")
    made = []
    for skpd, days in [(dinkes, 14), (dinkes, 45), (disdik, 14)]:
        kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
        request = new_request(skpd, kasubag)
        request.proposed_date_1 = timezone.localdate() + datetime.timedelta(days=days)
        request.letter_number = f"800/{days}/{skpd.name[6:9].upper()}/2026"
        request.save()
        made.append(request)
    return {"dinkes": dinkes, "disdik": disdik, "requests": made}


def listed(response) -> set[int]:
    return {request.pk for request in response.context["page"].object_list}


def test_the_request_list_narrows_by_text_skpd_and_month(client, letters):
    client.force_login(user_with_role(Role.KEPALA_BKPSDM))
    url = reverse("bookings:request_list")
    first, later, other = letters["requests"]
    assert listed(client.get(url, {"status": ""})) == {first.pk, later.pk, other.pk}
    assert listed(client.get(url, {"status": "", "q": "pendidikan"})) == {other.pk}
    assert listed(client.get(url, {"status": "", "skpd": letters["dinkes"].pk})) == {
        first.pk,
        later.pk,
    }
    month = later.proposed_date_1.strftime("%Y-%m")
    assert listed(client.get(url, {"status": "", "bulan": month})) >= {later.pk}
    assert first.pk not in listed(client.get(url, {"status": "", "bulan": month})) or (
        first.proposed_date_1.month == later.proposed_date_1.month
    )
    page = client.get(url, {"status": RequestStatus.SUBMITTED, "q": "pendidikan"})
    assert "q=pendidikan" in page.text  # the tabs keep the filter
    assert "Hapus filter" in page.text


def test_an_unreadable_filter_says_so_and_narrows_nothing(client, letters):
    client.force_login(user_with_role(Role.KEPALA_BKPSDM))
    url = reverse("bookings:request_list")
    response = client.get(url, {"status": "", "bulan": "2026-13", "skpd": "999999"})
    assert response.status_code == 200
    assert response.context["filters"].errors
    assert len(listed(response)) == 3


def test_a_kasubag_of_one_skpd_gets_no_skpd_choice_and_sees_only_its_own(client, letters):
    kasubag = letters["requests"][2].submitted_by
    client.force_login(kasubag)
    response = client.get(reverse("bookings:request_list"), {"status": "", "q": "kesehatan"})
    assert "skpd" not in response.context["filters"].fields
    assert listed(response) == set()


def test_the_survey_and_report_lists_take_the_same_filters(client):
    coach = user_with_role(Role.TIM_COACHING)
    client.force_login(coach)
    for name in ("surveys:session_list", "reports:report_list"):
        response = client.get(reverse(name), {"q": "tidak ada", "bulan": "", "skpd": ""})
        assert response.status_code == 200
        assert "Tidak ada sesi yang cocok dengan filter ini." in response.text
