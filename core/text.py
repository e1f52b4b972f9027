"""Sentences as people write them: a name that ends with its title's full stop ("Aulia
Rahmawati, S.E.") ends the sentence too, without a second one ("S.E.."); and texts shortened
as the ``truncatechars`` filter shortens them."""

import re
import unicodedata

from django.utils.text import Truncator

# Exactly two full stops (not an ellipsis of three) before a space, a line's end or the end.
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?=\s|$)", re.MULTILINE)


def tidy_stops(text: str) -> str:
    return _DOUBLE_STOP.sub(".", text)


def truncate_chars(text: str, length: int) -> str:
    """``text|truncatechars:length`` for a page that writes its rows in Python. Django's
    Truncator normalises the text, counts its letters and translates its ellipsis for every
    text; one of ``length`` characters or fewer, already normalised, comes back unchanged
    from it, so it is returned as it is."""
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text
    return Truncator(text).chars(length)
