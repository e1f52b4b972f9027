"""On a PC whose browser speaks English, dates still read and are typed as 16/12/2026 and
times as 08.30 in 24 hours: the coach publishes slots and they land on the day meant."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from bookings.models import Place, Slot
from tests.accounts.factories import user_with_role
from tests.e2e.conftest import login_through_form


@pytest.fixture
def english_page(browser):
    context = browser.new_context(
        viewport={"width": 1366, "height": 800}, locale="en-US", timezone_id="Asia/Makassar"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_an_english_browser_shows_and_takes_indonesian_dates_and_24_hour_times(
    english_page, live_server, transactional_db
):
    page = english_page
    Place.objects.create(name="Ruang Coaching Clinic", is_default=True)
    coach = user_with_role(Role.TIM_COACHING)
    login_through_form(page, live_server, coach)
    page.goto(live_server.url + reverse("bookings:publish"))
    first = page.get_by_label("Dari tanggal")
    assert first.get_attribute("type") == "text"
    next_monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    assert first.input_value() == next_monday.strftime("%d/%m/%Y")
    assert page.locator("#id_start_time").input_value() == "08.30"
    # A Monday whose day is above 12, so that a day/month swap could not pass.
    mondays = (next_monday + datetime.timedelta(weeks=n) for n in range(8))
    day = next(monday for monday in mondays if monday.day > 12)
    first.fill(day.strftime("%d/%m/%Y"))
    page.get_by_label("Sampai tanggal").fill(day.strftime("%d/%m/%Y"))
    for weekday in page.locator("input[name='weekdays']").all():
        weekday.set_checked(weekday.get_attribute("value") == "1")
    page.locator("#id_start_time").fill("13.00")
    page.locator("#id_end_time").fill("15:00")
    page.get_by_label("Istirahat mulai").fill("")
    page.get_by_label("Istirahat selesai").fill("")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_text("2 slot diterbitkan")).to_be_visible()
    starts = sorted(timezone.localtime(slot.start) for slot in Slot.objects.all())
    assert [start.date() for start in starts] == [day, day]
    assert [start.strftime("%H.%M") for start in starts] == ["13.00", "14.00"]
