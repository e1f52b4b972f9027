"""What an SKP contains, as the editor and the Excel import say it should: the shape that
``services.save_content`` applies, with the bounds every way in must keep."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.errors import PortalError
from skp_drafts.document import Document
from skp_drafts.models import LAMPIRAN_FIELDS, lines

# Bounds of one SKP, so that a hostile form or file cannot make a document without end and
# the largest SKP accepted lays out as a PDF in a few seconds (docs/benchmarks.md, "Bounded
# PDFs"): each field and count, and the whole as the PDF's print size below.
MAX_RHKS = 40
MAX_INDICATORS = 8
TEXT_MAX = 2000
TARGET_MAX = 100
PANGKAT_MAX = 100
LAMPIRAN_MAX = 5000
# The print size counts every character the PDF lays out from the SKP's content, and a row
# of the results table or a line of its own (a lampiran item, a line break in an
# expectation) as that many characters more: WeasyPrint's time follows the boxes it lays
# out more than the letters in them. Measured: about 25,000 a second on the reference
# machine (2 cores), so the largest SKP accepted takes some 2.5 seconds.
PRINT_ROW = 125
PRINT_LINE = 50
MAX_PRINT_SIZE = 60_000


class SkpError(PortalError):
    """A refused change, with its reason in Indonesian."""


class StaleVersion(SkpError):
    """A save based on an older version than the one stored."""


@dataclass
class IndicatorContent:
    id: int | None
    text: str
    target: str
    aspect: str = ""


@dataclass
class RhkContent:
    id: int | None
    kind: str
    text: str
    parent_id: int | None = None
    parent_text: str = ""
    perspective: str = ""
    indicators: list[IndicatorContent] = field(default_factory=list)


@dataclass
class SkpContent:
    """What the editor and the Excel import say an SKP should contain."""

    period_start: datetime.date
    period_end: datetime.date
    approach: str
    pangkat: str = ""
    pejabat_penilai_id: int | None = None
    atasan_penilai_id: int | None = None
    penilai_pangkat: str = ""
    atasan_penilai_pangkat: str = ""
    dukungan_sumber_daya: str = ""
    skema_pertanggungjawaban: str = ""
    konsekuensi: str = ""
    rhks: list[RhkContent] = field(default_factory=list)
    expectations: dict[str, str] = field(default_factory=dict)


HEADER_FIELDS = (
    "period_start",
    "period_end",
    "approach",
    "pangkat",
    "pejabat_penilai_id",
    "atasan_penilai_id",
    "penilai_pangkat",
    "atasan_penilai_pangkat",
    *LAMPIRAN_FIELDS,
)


def content_of(document: Document) -> SkpContent:
    """The content of a loaded SKP, as the editor would submit it unchanged."""
    skp = document.skp
    return SkpContent(
        **{name: getattr(skp, name) for name in HEADER_FIELDS},
        rhks=[
            RhkContent(
                id=rhk.pk,
                kind=rhk.kind,
                text=rhk.text,
                parent_id=rhk.parent_id,
                parent_text=rhk.parent_text,
                perspective=rhk.perspective,
                indicators=[
                    IndicatorContent(id=i.pk, text=i.text, target=i.target, aspect=i.aspect)
                    for i in rhk.indicator_list
                ],
            )
            for rhk in document.rhks
        ],
        expectations={b.value: b.expectation for b in document.behaviours},
    )


def print_size(content: SkpContent, parent_texts: Mapping[int, str]) -> int:
    """How much the SKP's PDF lays out, in characters (see PRINT_ROW). ``parent_texts`` are
    the texts of the intervened RHK named by id (the PDF prints them in the row)."""
    chars = rows = own_lines = 0
    for rhk in content.rhks:
        parent = parent_texts.get(rhk.parent_id, "") if rhk.parent_id else rhk.parent_text
        chars += len(rhk.text) + len(parent)
        chars += sum(len(i.text) + len(i.target) for i in rhk.indicators)
        rows += max(1, len(rhk.indicators))
    for text in content.expectations.values():
        chars += len(text)
        own_lines += text.count("\n")
    for name in LAMPIRAN_FIELDS:
        text = getattr(content, name)
        chars += len(text)
        own_lines += len(lines(text))
    return chars + PRINT_ROW * rows + PRINT_LINE * own_lines


def document_print_size(document: Document) -> int:
    """The print size of a loaded SKP as it is stored."""
    parents = {rhk.parent_id: rhk.parent.text for rhk in document.rhks if rhk.parent_id}
    return print_size(content_of(document), parents)


def allowed_parent_ids(document: Document) -> set[int]:
    """The RHK an RHK of this SKP may intervene: those of the superior's SKP of the year."""
    if document.skp.is_jpt or document.skp.is_example:
        return set()
    return {rhk.pk for rhk in document.superior_rhks}
