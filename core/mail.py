"""E-mail from the portal: subject and body from templates, delivered by a task
(core/tasks.py) once the transaction that caused them commits, so that a rolled-back
change never sends a message and a slow mail server never holds up a page."""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from core.tasks import deliver_mail, message_payload, queued_in_the_database

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def send_portal_mail(
    template: str, *, to: str, context: dict, attachments: list[tuple[str, bytes, str]] = ()
) -> None:
    """Send templates/<template>_subject.txt and <template>.txt to one address on commit,
    with optional (file name, content, MIME type) attachments."""
    context = {**context, "portal_url": settings.PORTAL_URL.rstrip("/")}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    queue_mail(message)


def queue_mail(message: EmailMessage) -> None:
    """Hand one message to the mail task: the one door for every e-mail of the portal.

    With the database backend the task is a row written in the current transaction: it
    exists exactly when the change that caused it commits. Other backends (the immediate
    one of development and tests) get it after the commit. Either way a mail server that
    refuses one message is logged and does not turn the committed change into an error
    page, nor stop the other messages.
    """
    payload = message_payload(message)
    if queued_in_the_database(deliver_mail):
        deliver_mail.enqueue(payload)
    else:
        transaction.on_commit(partial(_deliver_logged, payload), robust=True)


def _deliver_logged(payload: dict) -> None:
    result = deliver_mail.enqueue(payload)
    for error in result.errors:
        logger.error("Mail to %s not sent: %s", payload["to"], error.traceback)
