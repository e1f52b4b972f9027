"""The rule checker: what in an SKP breaks the format of PermenPANRB 6/2022 (an error) or
what the coaching team would ask about (a warning).

Each rule is one small function over a loaded ``Document`` that yields its findings; the
``@rule`` decorator lists it. To add a rule, write one more function here and a row in
tests/skp_drafts/test_checker.py. The rules are those of ../shared/domain/skp.md.
"""

import enum
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skp_drafts.berakhlak import CoreValue
from skp_drafts.content import MAX_PRINT_SIZE, document_print_size
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
    def blocks_review(self) -> bool:
        """Whether the SKP cannot be declared "sesuai format" while this finding stands: every
        error, and the few warnings named in ``BLOCKS_REVIEW`` beside their rule."""
        return self.is_error or self.code in BLOCKS_REVIEW

    @property
    def anchor(self) -> str:
        """The page anchor of the item, for a link."""
        return item_anchor(self.rhk_id, self.indicator_id)


Rule = Callable[[Document], Iterator[Finding]]
RULES: list[Rule] = []
# The codes of the warnings that may stand while drafting but not when the coach declares the
# SKP "sesuai format" (workflow.mark_reviewed); each rule adds its own code beside it.
BLOCKS_REVIEW: set[str] = set()


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def check(document: Document) -> list[Finding]:
    """Every finding of every rule, errors first, in the order of the document."""
    findings = [finding for check_rule in RULES for finding in check_rule(document)]
    return sorted(findings, key=lambda finding: finding.level != ERROR)


def review_blockers(findings: list[Finding]) -> list[Finding]:
    """The findings that keep the SKP from being declared "sesuai format"."""
    return [finding for finding in findings if finding.blocks_review]


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

# Numbers in a target that count nothing: they name a rule or a moment, not how much. What
# is left once they are set aside must still be a quantity. "12 bulan" stays one (a
# duration), "Desember 2026" does not.
MONTH = (
    r"(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|"
    r"desember|jan|feb|mar|apr|jun|jul|agu|agt|ags|sep|sept|okt|nov|des)"
)
NOT_A_QUANTITY = re.compile(
    "|".join(
        [
            # A regulation and its number: "Permen 6 Tahun 2022", "Perbup No. 12/2023",
            # "Peraturan Bupati Nomor 3", "UU 23/2014".
            r"\b(?:permen\w*|kepmen\w*|perpres|perda|perbup|pergub|perwal|perkada|kepbup|pp|uu"
            r"|undang-undang|inpres|peraturan(?:\s+[^\W\d_]+){0,3}?|keputusan(?:\s+[^\W\d_]+){0,3}?)"
            r"\s*(?:nomor|no\.?)?\s*\d+(?:/\d+)*(?:\s+tahun\s+\d{4})?",
            r"\b(?:nomor|no\.)\s*\d+(?:/\d+)*",
            # A date: "31 Desember 2026", "Desember 2026", "31/12/2026".
            rf"\b\d{{1,2}}\s+{MONTH}\b(?:\s+\d{{4}})?",
            rf"\b{MONTH}\s+\d{{4}}\b",
            r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b",
            # A period: "Triwulan 4", "TW 4", "Semester 2", "Tahun 2026", "Bulan ke-6".
            r"\b(?:triwulan|tw|caturwulan|kuartal|semester|tahun|tahap|periode)\s*"
            r"(?:ke\s*-?\s*)?\d+\b",
            r"\b(?:bulan|minggu|pekan|hari)\s+ke\s*-?\s*\d+\b",
            # A year on its own: "2026", "akhir 2026"; but "2000 eksemplar" counts copies.
            r"(?<!rp\s)(?<!rp\.\s)\b(?:19|20)\d{2}\b(?!\s*(?:[^\W\d_]|%|[.,]\d))",
        ]
    ),
    re.IGNORECASE,
)


class TargetFault(enum.Enum):
    """Why a target of the quantitative approach is not measurable."""

    NO_NUMBER = "no_number"
    NOT_A_QUANTITY = "not_a_quantity"
    NO_UNIT = "no_unit"


def target_fault(target: str) -> TargetFault | None:
    """What keeps a target from being a quantity with its unit, or None if it is one."""
    if RANGE.search(target) is None:
        return TargetFault.NO_NUMBER
    counted = NOT_A_QUANTITY.sub(" ", target)
    match = RANGE.search(counted)
    if match is None:
        return TargetFault.NOT_A_QUANTITY
    rest = COMPARISON.sub("", counted[: match.start()]) + counted[match.end() :]
    if not re.search(r"[^\W\d_]|%", rest):
        return TargetFault.NO_UNIT
    return None


def words(text: str) -> tuple[str, ...]:
    """A text's words once case, spacing and punctuation are set aside."""
    return tuple(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def same_words(first: str, second: str) -> bool:
    """Equal texts once case, spacing and punctuation are set aside."""
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


TARGET_FAULT_MESSAGES = {
    TargetFault.NO_NUMBER: gettext_lazy(
        "Target “%(target)s” tidak memuat angka. Pada pendekatan kuantitatif, target ditulis "
        "sebagai angka atau rentang dengan satuannya, misalnya “12 dokumen” atau “80–100 %%”."
    ),
    TargetFault.NOT_A_QUANTITY: gettext_lazy(
        "Target “%(target)s” bukan jumlah yang dapat diukur: angka tahun, tanggal, triwulan "
        "atau nomor peraturan bukan target. Tulis jumlah dan satuannya, misalnya “12 dokumen” "
        "atau “100 %%”."
    ),
    TargetFault.NO_UNIT: gettext_lazy(
        "Target “%(target)s” tidak memuat satuan. Tuliskan satuannya, misalnya “12 dokumen”, "
        "“100 %%” atau “12 bulan”."
    ),
}


@rule
def target_number_and_unit(document: Document) -> Iterator[Finding]:
    """In the quantitative approach a target is how much, with its unit: "Tahun 2026" or
    "Sesuai Permen 6 Tahun 2022" hold numbers, but nothing that can be counted at the year's
    end."""
    if document.skp.approach != Approach.KUANTITATIF:
        return
    for rhk in document.rhks:
        for indicator in rhk.indicator_list:
            if not indicator.target.strip():
                continue
            fault = target_fault(indicator.target)
            if fault is not None:
                yield at_indicator(
                    ERROR,
                    "target_number_and_unit",
                    indicator,
                    str(TARGET_FAULT_MESSAGES[fault]) % {"target": indicator.target},
                )


def repeats(items: list, text_of: Callable) -> Iterator[tuple]:
    """Each item whose text (once case, spacing and punctuation are set aside) an earlier
    item already has, with that earlier item. Empty texts are another rule's business."""
    first_of = {}
    for item in items:
        key = words(text_of(item))
        if key:
            first = first_of.setdefault(key, item)
            if first is not item:
                yield item, first


@rule
def rhk_repeated(document: Document) -> Iterator[Finding]:
    """The same RHK written twice is one result counted twice; the second is the one to
    remove or to tell apart."""
    for rhk, first in repeats(document.rhks, lambda rhk: rhk.text):
        yield at_rhk(
            ERROR,
            "rhk_repeated",
            rhk,
            _(
                "RHK ini sama dengan %(first)s. Setiap RHK dalam satu SKP adalah hasil kerja "
                "yang berbeda: hapus salah satunya atau bedakan hasilnya."
            )
            % {"first": first.label},
        )


@rule
def indicator_repeated(document: Document) -> Iterator[Finding]:
    """Two indicators of one RHK with the same text measure the same thing twice."""
    for rhk in document.rhks:
        for indicator, first in repeats(rhk.indicator_list, lambda item: item.text):
            yield at_indicator(
                ERROR,
                "indicator_repeated",
                indicator,
                _(
                    "Indikator ini sama dengan indikator %(number)d pada RHK yang sama. "
                    "Setiap indikator mengukur hal yang berbeda: hapus salah satunya atau "
                    "bedakan yang diukurnya."
                )
                % {"number": first.number},
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


# A JPT SKP is drafted perspective by perspective, so a missing one is only asked about;
# but the SKP is not in format until all four have their RHK.
BLOCKS_REVIEW.add("jpt_all_perspectives")


@rule
def jpt_all_perspectives(document: Document) -> Iterator[Finding]:
    """The JPT's RHK come from the unit's Perjanjian Kinerja, which sets results for each of
    the four perspectives of the balanced scorecard."""
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
def print_size_within_bound(document: Document) -> Iterator[Finding]:
    """Near the bound of what one SKP may print (content.MAX_PRINT_SIZE), or past it (an SKP
    saved before the bound): the next save that grows it will be refused."""
    percent = document_print_size(document) * 100 // MAX_PRINT_SIZE
    if percent >= 90:
        yield Finding(
            WARNING,
            "print_size_within_bound",
            _(
                "SKP ini sudah %(percent)d%% dari batas panjang satu dokumen SKP; simpanan "
                "yang melewati batas ditolak. Persingkat teks yang panjang atau kurangi "
                "jumlah indikator."
            )
            % {"percent": percent},
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
