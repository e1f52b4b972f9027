"""Notifications and e-mails write dates as people read them ("11 Desember 2026", never
"11-12-2026" or "2026-12-11") and end a sentence once after a title's full stop."""

import re

import pytest
from django.core import mail

from accounts.models import Notification, Role
from bookings.models import RequestStatus
from tests.accounts.factories import user_with_role
from tests.bookings.test_requests import in_state

pytestmark = pytest.mark.django_db

NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/]\d{1,2}[-/]\d{2,4}\b")
MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"


def test_a_scheduled_visit_is_told_with_worded_dates_and_single_stops(
    world, mail_after_each_request, django_capture_on_commit_callbacks
):
    coach = world["coach"].pegawai
    coach.name = "Aulia Rahmawati, S.E."
    coach.save()
    with django_capture_on_commit_callbacks(execute=True):
        in_state(world, RequestStatus.SCHEDULED)
    texts = list(Notification.objects.values_list("text", flat=True))
    texts += [message.body for message in mail.outbox] + [m.subject for m in mail.outbox]
    assert texts
    for text in texts:
        assert not NUMERIC_DATE.search(text), text
        assert "S.E.." not in text, text
    assert any(re.search(rf"\d{{1,2}} ({MONTHS}) \d{{4}}", text) for text in texts)


def test_a_notification_naming_a_titled_person_ends_once(world):
    from accounts.notifications import notify

    notify([world["asn"]], text="SKP 2026 Anda dinyatakan sesuai format oleh Aulia, S.E..")
    assert Notification.objects.get().text.endswith("S.E.")
    assert user_with_role(Role.ASN)  # another person got nothing
    assert Notification.objects.count() == 1
