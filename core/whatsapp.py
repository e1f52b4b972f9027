"""WhatsApp: links that open it with a message written (``wa.me``, no gateway) to a
person's number when the portal knows it, else to a contact or group the sender picks; and
the optional notification channel through the WhatsApp Business Cloud API (settings
WHATSAPP, off by default), delivered by a task with retries (core/tasks.py)."""

from urllib.parse import quote

from django.conf import settings

from core.tasks import deliver_whatsapp, enqueue_after_commit
from core.text import tidy_stops


def international(phone: str) -> str:
    """An Indonesian number as WhatsApp wants it: digits only, 62 for the leading 0
    (``0812-3456-7890`` → ``6281234567890``); "" when it is no plausible number."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if digits.startswith("62") and 10 <= len(digits) <= 15 else ""


def share_url(text: str, phone: str = "") -> str:
    number = international(phone)
    return f"https://wa.me/{number}?text={quote(tidy_stops(text), safe='')}"


def channel_enabled() -> bool:
    return bool(settings.WHATSAPP["TOKEN"] and settings.WHATSAPP["PHONE_NUMBER_ID"])


def queue_message(phone: str, text: str) -> None:
    """Send ``text`` to ``phone`` once the current transaction commits (nothing for a
    number that is no plausible Indonesian mobile number)."""
    number = international(phone)
    if number and channel_enabled():
        enqueue_after_commit(deliver_whatsapp, {"to": number, "text": text[:1000]})
