"""A title's full stop ends the sentence too: no "S.E.." in messages, mail or WhatsApp."""

import pytest

from core.text import tidy_stops


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
