"""The rule checker: what in an SKP breaks the format of PermenPANRB 6/2022 (an error) or
what the coaching team would ask about (a warning).

Each rule is one small function over a loaded ``Document`` that yields its findings; the
``@rule`` decorator lists it. To add a rule, write one more function here and a row in
tests/skp_drafts/test_checker.py. The rules are those of ../shared/domain/skp.md.
"""

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skp_drafts.berakhlak import CoreValue
from skp_drafts.document import Document
from skp_drafts.models import (
    LAMPIRAN_FIELDS,
    Approach,
    Aspect,
    Indicator,
    Perspective,
    Rhk,
    item_anchor,
)


class Level(models.TextChoices):
    ERROR = "error", gettext_lazy("Kesalahan")
    WARNING = "warning", gettext_lazy("Perhatian")


ERROR, WARNING = Level.ERROR, Level.WARNING


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    message: str
    # What it points at: an RHK, an indicator, or the whole SKP (both None).
    rhk_id: int | None = None
    indicator_id: int | None = None
    where: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    @property
    def anchor(self) -> str:
        """The page anchor of the item, for a link."""
        return item_anchor(self.rhk_id, self.indicator_id)


Rule = Callable[[Document], Iterator[Finding]]
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def check(document: Document) -> list[Finding]:
    """Every finding of every rule, errors first, in the order of the document."""
    findings = [finding for check_rule in RULES for finding in check_rule(document)]
    return sorted(findings, key=lambda finding: finding.level != ERROR)


def at_rhk(level: str, code: str, rhk: Rhk, message: str) -> Finding:
    return Finding(level, code, message, rhk_id=rhk.pk, where=rhk.label)


def at_indicator(level: str, code: str, indicator: Indicator, message: str) -> Finding:
    return Finding(
        level,
        code,
        message,
        rhk_id=indicator.rhk_id,
        indicator_id=indicator.pk,
        where=indicator.label,
    )


# A target: a number or a range of numbers with a unit before or after it ("12 dokumen",
# "100 %", "80–100 %", "Rp 1.500.000", "≥ 90 %").
NUMBER = r"\d+(?:[.,]\d+)*"
RANGE = re.compile(
    rf"{NUMBER}(?:\s*(?:-|–|—|s\.?\s?d\.?|sampai(?:\s+dengan)?)\s*{NUMBER})?", re.IGNORECASE
)
COMPARISON = re.compile(r"^\s*(?:≥|≤|>=|<=|>|<|minimal|maksimal|paling\s+\w+)\s*", re.I)


def target_has_number_and_unit(target: str) -> tuple[bool, bool]:
    """Whether a target has a number (or a range) and a unit beside it."""
    match = RANGE.search(target)
    if match is None:
        return False, False
    rest = COMPARISON.sub("", target[: match.start()]) + target[match.end() :]
    return True, bool(re.search(r"[^\W\d_]|%", rest))


def same_words(first: str, second: str) -> bool:
    """Equal texts once case, spacing and punctuation are set aside."""

    def words(text: str) -> list[str]:
        text = unicodedata.normalize("NFKC", text).casefold()
        return re.findall(r"\w+", text)

    return words(first) == words(second)


@rule
def rhk_utama_required(document: Document) -> Iterator[Finding]:
    if not document.utama:
        yield Finding(
            ERROR,
            "rhk_utama_required",
            _("SKP harus memuat paling sedikit satu Rencana Hasil Kerja Utama."),
        )


@rule
def indicator_required(document: Document) -> Iterator[Finding]:
    for rhk in document.rhks:
        if not rhk.indicator_list:
            yield at_rhk(
                ERROR,
                "indicator_required",
                rhk,
                _("RHK ini belum memiliki indikator kinerja individu."),
            )


@rule
def target_required(document: Document) -> Iterator[Finding]:
    for rhk in document.rhks:
        for indicator in rhk.indicator_list:
            if not indicator.target.strip():
                yield at_indicator(
                    ERROR,
                    "target_required",
                    indicator,
                    _("Indikator ini belum memiliki target."),
                )


@rule
def target_number_and_unit(document: Document) -> Iterator[Finding]:
    if document.skp.approach != Approach.KUANTITATIF:
        return
    for rhk in document.rhks:
        for indicator in rhk.indicator_list:
            if not indicator.target.strip():
                continue
            has_number, has_unit = target_has_number_and_unit(indicator.target)
            if not has_number:
                message = _(
                    "Target “%(target)s” tidak memuat angka. Pada pendekatan kuantitatif, "
                    "target ditulis sebagai angka atau rentang dengan satuannya, misalnya "
                    "“12 dokumen” atau “80–100 %%”."
                )
            elif not has_unit:
                message = _(
                    "Target “%(target)s” tidak memuat satuan. Tuliskan satuannya, misalnya "
                    "“12 dokumen”, “100 %%” atau “12 bulan”."
                )
            else:
                continue
            yield at_indicator(
                ERROR,
                "target_number_and_unit",
                indicator,
                message % {"target": indicator.target},
            )


@rule
def intervened_rhk_required(document: Document) -> Iterator[Finding]:
    skp = document.skp
    if skp.is_jpt or skp.is_example:
        return
    missing = [rhk for rhk in document.utama if rhk.parent_id is None]
    if not missing:
        return
    # Without the superior's SKP nothing can be chosen yet: one warning for the SKP, not
    # one for each of its RHK.
    if document.superior is None:
        yield Finding(
            WARNING,
            "intervened_rhk_required",
            _(
                "Atasan langsung Anda belum tercatat di data pegawai, sehingga RHK pimpinan "
                "yang diintervensi belum dapat dipilih. Minta Kasubag Umum melengkapinya."
            ),
        )
    elif document.superior_skp is None or not document.superior_rhks:
        yield Finding(
            WARNING,
            "intervened_rhk_required",
            _(
                "Atasan langsung (%(name)s) belum memiliki SKP %(year)s dengan RHK di portal. "
                "Setelah RHK atasan tersedia, pilih RHK atasan yang diintervensi setiap RHK "
                "Utama."
            )
            % {"name": document.superior.name, "year": skp.year},
        )
    else:
        for rhk in missing:
            yield at_rhk(
                ERROR,
                "intervened_rhk_required",
                rhk,
                _(
                    "RHK Utama harus menyebutkan RHK pimpinan yang diintervensi, dipilih dari "
                    "SKP %(year)s atasan langsung (%(name)s)."
                )
                % {"name": document.superior.name, "year": skp.year},
            )


@rule
def intervened_rhk_of_own_superior(document: Document) -> Iterator[Finding]:
    skp = document.skp
    if skp.is_jpt or skp.is_example:
        return
    for rhk in document.rhks:
        if rhk.parent_id is None:
            continue
        parent_skp = rhk.parent.skp
        if document.superior is None or parent_skp.pegawai_id != document.superior.pk:
            yield at_rhk(
                ERROR,
                "intervened_rhk_of_own_superior",
                rhk,
                _(
                    "RHK pimpinan yang diintervensi bukan milik atasan langsung Anda saat ini "
                    "(mungkin atasan berganti). Pilih kembali dari SKP atasan langsung."
                ),
            )
        elif parent_skp.year != skp.year:
            yield at_rhk(
                ERROR,
                "intervened_rhk_of_own_superior",
                rhk,
                _("RHK pimpinan yang diintervensi harus dari SKP atasan tahun %(year)s.")
                % {"year": skp.year},
            )


@rule
def jpt_rhk_perspective(document: Document) -> Iterator[Finding]:
    if not document.skp.is_jpt:
        return
    for rhk in document.rhks:
        if not rhk.perspective:
            yield at_rhk(
                ERROR,
                "jpt_rhk_perspective",
                rhk,
                _(
                    "Pada SKP JPT setiap RHK memiliki perspektif: Penerima Layanan, Proses "
                    "Bisnis, Penguatan Internal, atau Anggaran."
                ),
            )


@rule
def jpt_all_perspectives(document: Document) -> Iterator[Finding]:
    if not document.skp.is_jpt or not document.rhks:
        return
    covered = {rhk.perspective for rhk in document.rhks}
    missing = [p.label for p in Perspective if p not in covered]
    if missing:
        yield Finding(
            WARNING,
            "jpt_all_perspectives",
            _("Keempat perspektif belum tercakup; belum ada RHK untuk perspektif: %(missing)s.")
            % {"missing": ", ".join(str(label) for label in missing)},
        )


@rule
def quantitative_aspects(document: Document) -> Iterator[Finding]:
    skp = document.skp
    if skp.is_jpt or skp.approach != Approach.KUANTITATIF:
        return
    needed = [Aspect.KUANTITAS, Aspect.KUALITAS, Aspect.WAKTU]
    for rhk in document.rhks:
        present = {indicator.aspect for indicator in rhk.indicator_list}
        missing = [aspect.label for aspect in needed if aspect not in present]
        if missing and rhk.indicator_list:
            yield at_rhk(
                WARNING,
                "quantitative_aspects",
                rhk,
                _(
                    "Pada pendekatan kuantitatif RHK lazimnya memiliki indikator untuk aspek "
                    "kuantitas, kualitas, dan waktu. Belum ada: %(missing)s."
                )
                % {"missing": ", ".join(str(label) for label in missing)},
            )


@rule
def rhk_copied_from_superior(document: Document) -> Iterator[Finding]:
    for rhk in document.rhks:
        intervened = rhk.parent.text if rhk.parent_id is not None else rhk.parent_text
        if intervened and same_words(rhk.text, intervened):
            yield at_rhk(
                WARNING,
                "rhk_copied_from_superior",
                rhk,
                _(
                    "RHK ini sama persis dengan RHK atasan yang diintervensinya. Tuliskan hasil "
                    "kerja Anda sendiri yang mendukung RHK atasan tersebut."
                ),
            )


@rule
def seven_behaviours(document: Document) -> Iterator[Finding]:
    values = [behaviour.value for behaviour in document.behaviours]
    if sorted(values) != sorted(CoreValue.values):
        missing = [value.label for value in CoreValue if value not in values]
        yield Finding(
            ERROR,
            "seven_behaviours",
            _("Perilaku kerja harus tepat tujuh nilai dasar BerAKHLAK. Belum ada: %(missing)s.")
            % {"missing": ", ".join(str(label) for label in missing) or "—"},
        )


@rule
def lampiran_filled(document: Document) -> Iterator[Finding]:
    skp = document.skp
    for name in LAMPIRAN_FIELDS:
        if not getattr(skp, name).strip():
            yield Finding(
                WARNING,
                "lampiran_filled",
                _("Lampiran “%(list)s” masih kosong.")
                % {"list": skp._meta.get_field(name).verbose_name.capitalize()},
            )


@rule
def period_in_one_year(document: Document) -> Iterator[Finding]:
    skp = document.skp
    if not (skp.period_start.year == skp.period_end.year == skp.year):
        yield Finding(
            ERROR,
            "period_in_one_year",
            _(
                "Periode penilaian harus berada di dalam satu tahun kalender, tahun "
                "%(year)s (lazimnya 1 Januari s.d. 31 Desember)."
            )
            % {"year": skp.year},
        )


@rule
def pejabat_penilai_is_superior(document: Document) -> Iterator[Finding]:
    skp = document.skp
    if skp.is_example or document.superior is None:
        return
    if skp.pejabat_penilai_id != document.superior.pk:
        yield Finding(
            WARNING,
            "pejabat_penilai_is_superior",
            _(
                "Pejabat penilai kinerja lazimnya atasan langsung (%(name)s), tetapi SKP ini "
                "menyebut pejabat lain atau belum menyebutnya."
            )
            % {"name": document.superior.name},
        )


def by_item(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by the anchor of their item ("" for the whole SKP)."""
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.anchor, []).append(finding)
    return grouped
