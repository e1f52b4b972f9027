"""Links that open WhatsApp with a message written (``wa.me``, no gateway): to a person's
number when the portal knows it, else to a contact or group the sender picks."""

from urllib.parse import quote


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
    return f"https://wa.me/{number}?text={quote(text, safe='')}"
