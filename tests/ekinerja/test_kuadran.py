"""The kuadran kinerja of PermenPANRB 6/2022: one test per cell of the regulation's matrix."""

import pytest

from ekinerja.kuadran import (
    KUADRAN,
    Predikat,
    Rating,
    predikat_from_text,
    predikat_of,
    rating_from_text,
)

ATAS, SESUAI, BAWAH = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH


@pytest.mark.parametrize(
    ("hasil_kerja", "perilaku_kerja", "predikat"),
    [
        (ATAS, ATAS, Predikat.SANGAT_BAIK),
        (ATAS, SESUAI, Predikat.BAIK),
        (ATAS, BAWAH, Predikat.KURANG),
        (SESUAI, ATAS, Predikat.BAIK),
        (SESUAI, SESUAI, Predikat.BAIK),
        (SESUAI, BAWAH, Predikat.KURANG),
        (BAWAH, ATAS, Predikat.BUTUH_PERBAIKAN),
        (BAWAH, SESUAI, Predikat.BUTUH_PERBAIKAN),
        (BAWAH, BAWAH, Predikat.SANGAT_KURANG),
    ],
)
def test_each_cell_of_the_kuadran_gives_the_regulations_predikat(
    hasil_kerja, perilaku_kerja, predikat
):
    assert predikat_of(hasil_kerja, perilaku_kerja) == predikat


def test_the_matrix_has_exactly_nine_cells():
    assert len(KUADRAN) == 9


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("DIATAS EKSPEKTASI", ATAS),
        ("Di Atas Ekspektasi", ATAS),
        ("di_atas", ATAS),
        ("SESUAI EKSPEKTASI", SESUAI),
        ("Di bawah ekspektasi", BAWAH),
        ("baik", None),
        ("", None),
    ],
)
def test_ratings_are_read_as_ekinerja_writes_them(text, rating):
    assert rating_from_text(text) == rating


@pytest.mark.parametrize(
    ("text", "predikat"),
    [
        ("SANGAT BAIK", Predikat.SANGAT_BAIK),
        ("Baik", Predikat.BAIK),
        ("Butuh Perbaikan", Predikat.BUTUH_PERBAIKAN),
        ("KURANG / MISCONDUCT", Predikat.KURANG),
        ("Kurang", Predikat.KURANG),
        ("sangat_kurang", Predikat.SANGAT_KURANG),
        ("Luar biasa", None),
    ],
)
def test_predikat_are_read_as_ekinerja_writes_them(text, predikat):
    assert predikat_from_text(text) == predikat
