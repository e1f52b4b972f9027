"""What an SKP contains, as the editor and the Excel import say it should: the shape that
``services.save_content`` applies, with the bounds every way in must keep."""

import datetime
from dataclasses import dataclass, field

from core.errors import PortalError
from skp_drafts.document import Document
from skp_drafts.models import LAMPIRAN_FIELDS

# Bounds of one SKP, so that a hostile form or file cannot make a document without end.
MAX_RHKS = 60
MAX_INDICATORS = 10
TEXT_MAX = 2000
TARGET_MAX = 100
PANGKAT_MAX = 100
LAMPIRAN_MAX = 5000


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


def allowed_parent_ids(document: Document) -> set[int]:
    """The RHK an RHK of this SKP may intervene: those of the superior's SKP of the year."""
    if document.skp.is_jpt or document.skp.is_example:
        return set()
    return {rhk.pk for rhk in document.superior_rhks}
