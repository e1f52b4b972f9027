"""Background work of the accounts app: delivering e-mail.

A message is handed over as plain JSON (the task's arguments are stored in the database
until the worker takes them), its attachments in base64.
"""

import base64
import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)


def message_payload(message: EmailMessage) -> dict:
    """The task argument for one message."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "attachments": [
            [name, base64.b64encode(_bytes(content)).decode("ascii"), mimetype]
            for name, content, mimetype in message.attachments
        ],
    }


def _bytes(content) -> bytes:
    return content.encode() if isinstance(content, str) else content


def _message(payload: dict) -> EmailMessage:
    message = EmailMessage(
        payload["subject"], payload["body"], payload["from_email"], payload["to"]
    )
    for name, content, mimetype in payload["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


def retry_delay(attempt: int) -> datetime.timedelta:
    """1, 4, 16, 64 … minutes: a mail server down for an hour loses no message."""
    return datetime.timedelta(minutes=4 ** (attempt - 1))


@task()
def deliver_mail(payload: dict, attempt: int = 1) -> None:
    """Send one message. A refusal of the mail server (or no answer) is tried again later
    when the task backend can wait (the database worker), up to MAIL_ATTEMPTS times."""
    try:
        _message(payload).send()
    except (smtplib.SMTPException, OSError):
        backend = task_backends[deliver_mail.backend]
        if attempt >= settings.MAIL_ATTEMPTS or not backend.supports_defer:
            raise
        logger.warning(
            "Mail to %s refused (attempt %d); trying again later.", payload["to"], attempt
        )
        deliver_mail.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            payload, attempt + 1
        )
