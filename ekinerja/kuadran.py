"""The kuadran kinerja of PermenPANRB 6/2022: the predikat kinerja that the rating of hasil
kerja and the rating of perilaku kerja give together (shared/domain/skp.md, "Evaluation").

              perilaku: Di Atas      Sesuai           Di Bawah
hasil Di Atas           Sangat Baik  Baik             Kurang/Misconduct
hasil Sesuai            Baik         Baik             Kurang/Misconduct
hasil Di Bawah          Butuh Perb.  Butuh Perbaikan  Sangat Kurang
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    """The rating of hasil kerja, and of perilaku kerja."""

    DI_ATAS = "di_atas", _("Di Atas Ekspektasi")
    SESUAI = "sesuai", _("Sesuai Ekspektasi")
    DI_BAWAH = "di_bawah", _("Di Bawah Ekspektasi")


class Predikat(models.TextChoices):
    """The predikat kinerja."""

    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


# (rating hasil kerja, rating perilaku kerja) -> predikat: the regulation's matrix.
KUADRAN = {
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
}


def predikat_of(hasil_kerja: Rating, perilaku_kerja: Rating) -> Predikat:
    """The predikat kinerja the two ratings give together (the kuadran kinerja)."""
    return KUADRAN[(Rating(hasil_kerja), Rating(perilaku_kerja))]


def _words(text) -> str:
    return " ".join(re.sub(r"[^a-z/]+", " ", str(text or "").lower()).split())


def rating_from_text(text) -> Rating | None:
    """A rating as e-Kinerja writes it ("DIATAS EKSPEKTASI", "Sesuai Ekspektasi", "di_bawah")."""
    words = _words(text).replace(" ", "")
    for prefix, rating in (("diatas", Rating.DI_ATAS), ("dibawah", Rating.DI_BAWAH)):
        if words.startswith(prefix):
            return rating
    if words.startswith("sesuai"):
        return Rating.SESUAI
    return None


def predikat_from_text(text) -> Predikat | None:
    """A predikat as e-Kinerja writes it ("SANGAT BAIK", "Kurang / Misconduct")."""
    words = _words(text).replace("/", " ").split()
    key = " ".join(words)
    if key.startswith("sangat baik"):
        return Predikat.SANGAT_BAIK
    if key.startswith("sangat kurang"):
        return Predikat.SANGAT_KURANG
    if key.startswith("butuh perbaikan"):
        return Predikat.BUTUH_PERBAIKAN
    if key.startswith(("kurang", "misconduct")):
        return Predikat.KURANG
    if key == "baik":
        return Predikat.BAIK
    return None
