"""Background work: delivering e-mail and WhatsApp messages, and issuing the PDFs a page
could not wait for.

Arguments are plain JSON (they are stored in the database until the worker takes them): a
message with an e-mail's attachments in base64; a document by its pending version's id, its
kind and the arguments of its printout (core.documents). Messages are tried again later when
the server refuses or does not answer (``retry_delay``), where the backend can wait.
"""

import base64
import datetime
import json
import logging
import smtplib
import urllib.error
import urllib.request
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

from core.collector import collection_deferred

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
    except (smtplib.SMTPException, OSError) as error:
        _again(deliver_mail, payload, attempt, settings.MAIL_ATTEMPTS, error)


def enqueue_after_commit(work, payload: dict) -> None:
    """Hand ``payload`` to the task ``work`` as part of the current transaction: with the
    database backend the task is a row written in it (it exists exactly when the change
    that caused it commits); other backends (the immediate one of development and tests)
    get it after the commit, and a failure is logged, never an error page."""
    if queued_in_the_database(work):
        work.enqueue(payload)
    else:
        transaction.on_commit(partial(_enqueue_logged, work, payload), robust=True)


def _enqueue_logged(work, payload: dict) -> None:
    result = work.enqueue(payload)
    for error in result.errors:
        logger.error("%s of %s failed: %s", work.name, payload.get("to"), error.traceback)


class WhatsAppRefused(Exception):
    """The Cloud API refused a message for good (a 4xx other than 429): no retry helps."""


@task()
def deliver_whatsapp(payload: dict, attempt: int = 1) -> None:
    """Send one template message through the WhatsApp Business Cloud API. No answer, a
    server error or "too many requests" is tried again later (up to WHATSAPP_ATTEMPTS)."""
    config = settings.WHATSAPP
    body = {
        "messaging_product": "whatsapp",
        "to": payload["to"],
        "type": "template",
        "template": {
            "name": config["TEMPLATE"],
            "language": {"code": config["LANGUAGE"]},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": payload["text"]}]}
            ],
        },
    }
    request = urllib.request.Request(
        f"{config['API_URL'].rstrip('/')}/{config['PHONE_NUMBER_ID']}/messages",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {config['TOKEN']}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError as error:
        if error.code != 429 and error.code < 500:
            raise WhatsAppRefused(f"{error.code}: {error.read()[:500]!r}") from error
        _again(deliver_whatsapp, payload, attempt, config["ATTEMPTS"], error)
    except (urllib.error.URLError, OSError) as error:
        _again(deliver_whatsapp, payload, attempt, config["ATTEMPTS"], error)


def _again(work, payload: dict, attempt: int, attempts: int, error: Exception) -> None:
    """Enqueue the next attempt later, or give up (raising ``error``) after the last one or
    where the backend cannot wait."""
    backend = task_backends[work.backend]
    if attempt >= attempts or not backend.supports_defer:
        raise error
    logger.warning(
        "%s to %s failed (attempt %d); trying again later.", work.name, payload["to"], attempt
    )
    work.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(payload, attempt + 1)


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

    # The render's garbage is collected once the document is filed: its reader, asking
    # again meanwhile, gets it without waiting for that (core.collector).
    with collection_deferred():
        file_pending(document_id, kind, args)
