"""Background work: delivering e-mail, and issuing the PDFs a page could not wait for.

Arguments are plain JSON (they are stored in the database until the worker takes them): a
message with its attachments in base64; a document by its pending version's id, its kind and
the arguments of its printout (core.documents).
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


def queued_in_the_database(work) -> bool:
    """Whether ``work`` (a task) is stored as a row of the current transaction when enqueued
    (the database backend), rather than run at once (the immediate backend)."""
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends[work.backend], DatabaseBackend)


@task()
def issue_document(document_id: int, kind: str, args: dict) -> None:
    """Render and file a document that a page asked for and could not wait for
    (core.documents.request_pdf): large, or every render slot taken."""
    from core.documents import file_pending  # core.documents hands out this task

    file_pending(document_id, kind, args)
