"""E-mail from the portal: subject and body from templates, sent after the transaction that
caused them commits, so that a rolled-back change never sends a message."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string


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
    # robust: a mail server that refuses one message is logged and does not turn the
    # already committed change into an error page, nor stop the other messages.
    transaction.on_commit(message.send, robust=True)
