"""What the portal works out once per language and process: the labels and texts a page
draws on every row, where translating them again for each row (gettext, a lazy string's
cast) cost more than drawing the row."""

import functools
from collections.abc import Callable
from typing import TypeVar

from django.utils.translation import get_language

T = TypeVar("T")


def per_language(function: Callable[..., T]) -> Callable[..., T]:
    """``function``'s result kept for each active language (and its arguments, which must
    be hashable). What it returns is shared by every caller: read it, never change it."""

    @functools.cache
    def kept(language: str | None, *args) -> T:
        return function(*args)

    @functools.wraps(function)
    def in_the_active_language(*args) -> T:
        return kept(get_language(), *args)

    in_the_active_language.cache_clear = kept.cache_clear
    return in_the_active_language
