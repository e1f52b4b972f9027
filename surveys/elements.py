"""The nine elements (unsur) of the SKM of PermenPANRB 14/2017, each with its four answers.

Answers are stored against the element (its code), never its position: the order in which
the questionnaire shows them is a setting (SKM_ELEMENT_ORDER), since many offices print
elements 8 and 9 the other way round.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Element(models.TextChoices):
    PERSYARATAN = "e1", _("Persyaratan")
    PROSEDUR = "e2", _("Sistem, Mekanisme, dan Prosedur")
    WAKTU = "e3", _("Waktu Penyelesaian")
    BIAYA = "e4", _("Biaya/Tarif")
    PRODUK = "e5", _("Produk Spesifikasi Jenis Pelayanan")
    KOMPETENSI = "e6", _("Kompetensi Pelaksana")
    PERILAKU = "e7", _("Perilaku Pelaksana")
    PENGADUAN = "e8", _("Penanganan Pengaduan, Saran dan Masukan")
    SARANA = "e9", _("Sarana dan Prasarana")


QUESTIONS = {
    Element.PERSYARATAN: _(
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"
    ),
    Element.PROSEDUR: _(
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"
    ),
    Element.WAKTU: _(
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"
    ),
    Element.BIAYA: _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
    Element.PRODUK: _(
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?"
    ),
    Element.KOMPETENSI: _(
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"
    ),
    Element.PERILAKU: _(
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"
    ),
    Element.PENGADUAN: _(
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"
    ),
    Element.SARANA: _("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
}

ANSWERS = {
    Element.PERSYARATAN: [_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")],
    Element.PROSEDUR: [_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")],
    Element.WAKTU: [_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")],
    Element.BIAYA: [_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")],
    Element.PRODUK: [_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")],
    Element.KOMPETENSI: [
        _("Tidak kompeten"),
        _("Kurang kompeten"),
        _("Kompeten"),
        _("Sangat kompeten"),
    ],
    Element.PERILAKU: [
        _("Tidak sopan dan ramah"),
        _("Kurang sopan dan ramah"),
        _("Sopan dan ramah"),
        _("Sangat sopan dan ramah"),
    ],
    Element.PENGADUAN: [
        _("Tidak ada"),
        _("Ada tetapi tidak berfungsi"),
        _("Berfungsi kurang maksimal"),
        _("Dikelola dengan baik"),
    ],
    Element.SARANA: [_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")],
}


def ordered_elements() -> list[Element]:
    """The elements in the questionnaire's order (settings.SKM_ELEMENT_ORDER)."""
    order = getattr(settings, "SKM_ELEMENT_ORDER", None) or Element.values
    return [Element(code) for code in order]


def check_element_order(app_configs=None, **kwargs):
    """System check: the order names each of the nine elements exactly once."""
    from django.core.checks import Error

    order = getattr(settings, "SKM_ELEMENT_ORDER", None) or Element.values
    if sorted(order) != sorted(Element.values):
        return [
            Error(
                "SKM_ELEMENT_ORDER must list e1 to e9, each exactly once.",
                id="surveys.E001",
            )
        ]
    return []
