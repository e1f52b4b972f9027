"""Every e-mail goes through the mail task: at once after the commit with the immediate
backend (development, tests), or as a row of the change's own transaction with the
database backend, sent by the worker, tried again when the mail server refuses."""

import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from core.mail import send_portal_mail
from core.tasks import deliver_mail, retry_delay

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


def send(to="asn@contoh.go.id", attachments=()):
    send_portal_mail(
        "accounts/email/notification",
        to=to,
        context={"text": "Jadwal Anda berubah.", "url": ""},
        attachments=attachments,
    )


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_with_the_immediate_backend_mail_leaves_only_after_the_commit():
    with transaction.atomic():
        send()
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["asn@contoh.go.id"]]


def test_a_rolled_back_change_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        send()
        raise RuntimeError("the change failed")
    assert mail.outbox == []


def test_with_the_database_backend_the_mail_is_part_of_the_transaction(settings):
    settings.TASKS = DATABASE_BACKEND
    with pytest.raises(RuntimeError), transaction.atomic():
        send(to="batal@contoh.go.id")
        raise RuntimeError("the change failed")
    assert not DBTaskResult.objects.exists()

    with transaction.atomic():
        send(attachments=[("coaching-skp.ics", b"BEGIN:VCALENDAR\r\n", "text/calendar")])
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []  # the page does not wait for the mail server

    run_worker()
    (message,) = mail.outbox
    assert message.to == ["asn@contoh.go.id"]
    assert "Jadwal Anda berubah." in message.body
    # As Django attaches it: text parts decoded.
    assert [tuple(part) for part in message.attachments] == [
        ("coaching-skp.ics", "BEGIN:VCALENDAR\r\n", "text/calendar")
    ]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_refusing_mail_server_gets_the_message_again_later(settings, monkeypatch):
    settings.TASKS = DATABASE_BACKEND
    settings.MAIL_ATTEMPTS = 3
    sent = []

    def refuse_first(message, *args, **kwargs):
        if not sent:
            sent.append("refused")
            raise smtplib.SMTPServerDisconnected("mail server restarting")
        sent.append(message.to)
        return 1

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse_first)
    send()
    run_worker()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"][1] == 2  # the second attempt
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=retry.enqueued_at)
    run_worker()
    assert sent == ["refused", ["asn@contoh.go.id"]]


def test_after_the_last_attempt_the_task_fails_for_the_admin_to_see(settings, monkeypatch):
    settings.TASKS = DATABASE_BACKEND
    settings.MAIL_ATTEMPTS = 1

    def refuse(message, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"asn@contoh.go.id": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    send()
    run_worker()
    assert DBTaskResult.objects.get().status == "FAILED"


def test_retries_wait_longer_each_time():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 4, 16, 64]


def test_password_reset_mail_goes_through_the_task(client, settings):
    from tests.accounts.factories import PegawaiWithAccountFactory

    settings.TASKS = DATABASE_BACKEND
    PegawaiWithAccountFactory(user__email="asn@contoh.go.id")
    client.post("/kata-sandi/lupa/", {"email": "asn@contoh.go.id"})
    assert mail.outbox == []
    assert DBTaskResult.objects.get().task_path == deliver_mail.module_path
    run_worker()
    assert "kata sandi baru" in mail.outbox[0].body
