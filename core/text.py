"""Sentences as people write them: a name that ends with its title's full stop ("Aulia
Rahmawati, S.E.") ends the sentence too, without a second one ("S.E..")."""

import re

# Exactly two full stops (not an ellipsis of three) before a space, a line's end or the end.
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?=\s|$)", re.MULTILINE)


def tidy_stops(text: str) -> str:
    return _DOUBLE_STOP.sub(".", text)
