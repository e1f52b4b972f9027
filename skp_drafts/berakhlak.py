"""The seven BerAKHLAK core values of ASN and their guidance (SE MenPANRB 20/2021), the
perilaku kerja of every SKP under PermenPANRB 6/2022."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoreValue(models.TextChoices):
    """The seven BerAKHLAK core values, in their order."""

    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


# The guidance of each value (SE MenPANRB 20/2021), printed in the behaviour table.
CORE_VALUE_GUIDANCE = {
    CoreValue.BERORIENTASI_PELAYANAN: [
        _("Memahami dan memenuhi kebutuhan masyarakat"),
        _("Ramah, cekatan, solutif, dan dapat diandalkan"),
        _("Melakukan perbaikan tiada henti"),
    ],
    CoreValue.AKUNTABEL: [
        _(
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi"
        ),
        _(
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien"
        ),
        _("Tidak menyalahgunakan kewenangan jabatan"),
    ],
    CoreValue.KOMPETEN: [
        _("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah"),
        _("Membantu orang lain belajar"),
        _("Melaksanakan tugas dengan kualitas terbaik"),
    ],
    CoreValue.HARMONIS: [
        _("Menghargai setiap orang apa pun latar belakangnya"),
        _("Suka menolong orang lain"),
        _("Membangun lingkungan kerja yang kondusif"),
    ],
    CoreValue.LOYAL: [
        _(
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan yang sah"
        ),
        _("Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara"),
        _("Menjaga rahasia jabatan dan negara"),
    ],
    CoreValue.ADAPTIF: [
        _("Cepat menyesuaikan diri menghadapi perubahan"),
        _("Terus berinovasi dan mengembangkan kreativitas"),
        _("Bertindak proaktif"),
    ],
    CoreValue.KOLABORATIF: [
        _("Memberi kesempatan kepada berbagai pihak untuk berkontribusi"),
        _("Terbuka dalam bekerja sama untuk menghasilkan nilai tambah"),
        _("Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"),
    ],
}
