"""A title's full stop ends the sentence too: no "S.E.." in messages, mail or WhatsApp. A
text shortened in Python reads as truncatechars shortens it."""

import pytest
from django.utils import translation
from django.utils.text import Truncator

from core.text import tidy_stops, truncate_chars


@pytest.mark.parametrize(
    "written, read",
    [
        ("Disetujui oleh Aulia Rahmawati, S.E..", "Disetujui oleh Aulia Rahmawati, S.E."),
        ("oleh Rizki, S.Psi.. Silakan cek.", "oleh Rizki, S.Psi. Silakan cek."),
        ("Baris satu, S.E..\nBaris dua.", "Baris satu, S.E.\nBaris dua."),
        ("Tunggu sebentar...", "Tunggu sebentar..."),
        ("Versi 1.2.3 siap.", "Versi 1.2.3 siap."),
    ],
)
def test_a_double_full_stop_becomes_one(written, read):
    assert tidy_stops(written) == read


@pytest.mark.parametrize(
    "text",
    [
        "Tersedianya data surveilans",
        "a" * 10,
        "a" * 11,
        "a" * 40,
        # Combining accents count for no letter and are composed: "é" written in two.
        "Cafe\u0301 sehat",
        "e\u0301" * 10,
        "e\u0301" * 11,
        "",
    ],
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_text_is_shortened_as_truncatechars_shortens_it(text, language):
    with translation.override(language):
        assert truncate_chars(text, 10) == Truncator(text).chars(10)
