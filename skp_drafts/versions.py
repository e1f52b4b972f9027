"""Versions of an SKP and what changed between two of them, item by item.

Every save of an SKP's content raises its ``version`` and gives every row it touches one
history timestamp (skp_drafts/services.py). Version N is therefore the SKP's history row
that first carries N, and the document as it stood then is, for each table, the latest
history row of each item up to that moment that is not a deletion.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Pegawai
from skp_drafts.berakhlak import CoreValue
from skp_drafts.content import HEADER_FIELDS as CONTENT_HEADER_FIELDS
from skp_drafts.document import number_rhks, sort_rhks
from skp_drafts.models import LAMPIRAN_FIELDS, Behaviour, Indicator, Rhk, Skp, lines

HistoricalSkp = Skp.history.model
HistoricalRhk = Rhk.history.model
HistoricalIndicator = Indicator.history.model
HistoricalBehaviour = Behaviour.history.model


@dataclass
class Version:
    number: int
    saved_at: object
    saved_by: object
    reason: str
    record: object
    # Status changes made while this version stood, after it was saved.
    events: list = field(default_factory=list)


def versions_of(skp: Skp) -> list[Version]:
    """The versions of ``skp``, newest first, each with the status changes that followed."""
    records = (
        HistoricalSkp.objects.filter(id=skp.pk)
        .select_related("history_user__pegawai")
        .order_by("history_id")
    )
    versions: dict[int, Version] = {}
    for record in records:
        if record.version not in versions:
            versions[record.version] = Version(
                number=record.version,
                saved_at=record.history_date,
                saved_by=record.history_user,
                reason=record.history_change_reason or "",
                record=record,
            )
        else:
            versions[record.version].events.append(record)
    return sorted(versions.values(), key=lambda version: -version.number)


@dataclass
class Snapshot:
    """An SKP as it stood at one version: header record, RHK, behaviours."""

    version: Version
    skp: object
    rhks: list
    behaviours: dict[str, str]
    parent_texts: dict[int, str]


def _as_of(history_model, moment, **filters) -> list:
    """The latest history row of each item up to ``moment``, deleted items left out."""
    rows = (
        history_model.objects.filter(history_date__lte=moment, **filters)
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
    )
    return [row for row in rows if row.history_type != "-"]


def snapshot(skp: Skp, version: Version) -> Snapshot:
    moment = version.saved_at
    rhks = _as_of(HistoricalRhk, moment, skp_id=skp.pk)
    indicators = _as_of(HistoricalIndicator, moment, rhk_id__in=[rhk.id for rhk in rhks])
    for rhk in rhks:
        rhk.indicator_list = sorted(
            (i for i in indicators if i.rhk_id == rhk.id), key=lambda i: (i.order, i.id)
        )
    rhks = sort_rhks(rhks)
    number_rhks(rhks)
    parent_ids = {rhk.parent_id for rhk in rhks if rhk.parent_id}
    parents = _as_of(HistoricalRhk, moment, id__in=parent_ids) if parent_ids else []
    return Snapshot(
        version=version,
        skp=version.record,
        rhks=rhks,
        behaviours={
            b.value: b.expectation for b in _as_of(HistoricalBehaviour, moment, skp_id=skp.pk)
        },
        parent_texts={parent.id: parent.text for parent in parents},
    )


# What changed ------------------------------------------------------------------------------

WORD = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The words of ``old`` and ``new`` as (kind, text) pieces: "same", "del" or "ins"."""
    a, b = WORD.findall(old or ""), WORD.findall(new or "")
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(b[j1:j2])))
    return pieces


@dataclass
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def pieces(self) -> list[tuple[str, str]]:
        return word_diff(self.old, self.new)


@dataclass
class Change:
    kind: str  # a ChangeKind
    item: str
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ChangeKind(self.kind).label


class ChangeKind(models.TextChoices):
    ADDED = "added", gettext_lazy("ditambahkan")
    REMOVED = "removed", gettext_lazy("dihapus")
    CHANGED = "changed", gettext_lazy("diubah")


ADDED, REMOVED, CHANGED = ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.CHANGED


def _label(model, name: str, value) -> str:
    """A field's value as people read it: a choice's label, a date in words."""
    if value is None or value == "":
        return ""
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return date_format(value)
    return str(value)


def _compare(label, old: str, new: str, out: list[FieldChange]) -> None:
    if old != new:
        out.append(FieldChange(str(label), old, new))


def _rhk_fields(rhk, snapshot: Snapshot) -> dict[str, str]:
    parent = snapshot.parent_texts.get(rhk.parent_id, "") if rhk.parent_id else ""
    return {
        _("Jenis"): _label(Rhk, "kind", rhk.kind),
        _("Rencana hasil kerja"): rhk.text,
        _("RHK pimpinan yang diintervensi"): parent or rhk.parent_text,
        _("Perspektif"): _label(Rhk, "perspective", rhk.perspective),
    }


def _indicator_fields(indicator) -> dict[str, str]:
    return {
        _("Aspek"): _label(Indicator, "aspect", indicator.aspect),
        _("Indikator"): indicator.text,
        _("Target"): indicator.target,
    }


def _filled(fields: dict[str, str], prefix: str = "") -> list[FieldChange]:
    return [FieldChange(f"{prefix}{label}", "", value) for label, value in fields.items() if value]


# The header the editor saves (content.HEADER_FIELDS), the people by their names and the
# attachment compared list by list on their own.
PERSON_FIELDS = ("pejabat_penilai", "atasan_penilai")
HEADER_FIELDS = tuple(
    name
    for name in CONTENT_HEADER_FIELDS
    if name not in LAMPIRAN_FIELDS and name.removesuffix("_id") not in PERSON_FIELDS
)


def _header_changes(old: Snapshot, new: Snapshot, names: dict[int, str]) -> list[FieldChange]:
    fields: list[FieldChange] = []
    for name in HEADER_FIELDS:
        _compare(
            Skp._meta.get_field(name).verbose_name.capitalize(),
            _label(Skp, name, getattr(old.skp, name)),
            _label(Skp, name, getattr(new.skp, name)),
            fields,
        )
    for name in PERSON_FIELDS:
        _compare(
            Skp._meta.get_field(name).verbose_name.capitalize(),
            names.get(getattr(old.skp, f"{name}_id"), ""),
            names.get(getattr(new.skp, f"{name}_id"), ""),
            fields,
        )
    return fields


def _indicator_changes(before, rhk) -> list[Change]:
    changes: list[Change] = []
    old_indicators = {i.id: i for i in before.indicator_list}
    for indicator in rhk.indicator_list:
        if indicator.id not in old_indicators:
            changes.append(Change(ADDED, indicator.label, _filled(_indicator_fields(indicator))))
            continue
        fields: list[FieldChange] = []
        old_fields = _indicator_fields(old_indicators[indicator.id])
        for label, value in _indicator_fields(indicator).items():
            _compare(label, old_fields[label], value, fields)
        if fields:
            changes.append(Change(CHANGED, indicator.label, fields))
    new_ids = {i.id for i in rhk.indicator_list}
    changes += [
        Change(REMOVED, indicator.label, [FieldChange(_("Indikator"), indicator.text, "")])
        for indicator in before.indicator_list
        if indicator.id not in new_ids
    ]
    return changes


def _rhk_changes(old: Snapshot, new: Snapshot) -> list[Change]:
    changes: list[Change] = []
    old_rhks = {rhk.id: rhk for rhk in old.rhks}
    for rhk in new.rhks:
        before = old_rhks.get(rhk.id)
        if before is None:
            fields = _filled(_rhk_fields(rhk, new))
            for indicator in rhk.indicator_list:
                fields += _filled(_indicator_fields(indicator), prefix=f"{indicator.label}: ")
            changes.append(Change(ADDED, rhk.label, fields))
            continue
        fields: list[FieldChange] = []
        old_fields = _rhk_fields(before, old)
        for label, value in _rhk_fields(rhk, new).items():
            _compare(label, old_fields[label], value, fields)
        _compare(_("Nomor"), before.label, rhk.label, fields)
        if fields:
            changes.append(Change(CHANGED, rhk.label, fields))
        changes += _indicator_changes(before, rhk)
    new_ids = {rhk.id for rhk in new.rhks}
    changes += [
        Change(REMOVED, rhk.label, [FieldChange(_("Rencana hasil kerja"), rhk.text, "")])
        for rhk in old.rhks
        if rhk.id not in new_ids
    ]
    return changes


def changes_between(old: Snapshot, new: Snapshot, names: dict[int, str]) -> list[Change]:
    """What changed from ``old`` to ``new``: the header, each RHK and indicator by identity,
    each behaviour's expectation, and the attachment's lists. ``names`` gives the names of
    the pejabat penilai the two versions mention."""
    changes: list[Change] = []
    header = _header_changes(old, new, names)
    if header:
        changes.append(Change(CHANGED, _("Identitas SKP"), header))
    changes += _rhk_changes(old, new)
    behaviours: list[FieldChange] = []
    for value in CoreValue:
        _compare(value.label, old.behaviours.get(value, ""), new.behaviours.get(value, ""),
                 behaviours)  # fmt: skip
    if behaviours:
        changes.append(Change(CHANGED, _("Perilaku kerja: ekspektasi khusus pimpinan"), behaviours))
    lampiran: list[FieldChange] = []
    for name in LAMPIRAN_FIELDS:
        _compare(
            Skp._meta.get_field(name).verbose_name.capitalize(),
            "\n".join(lines(getattr(old.skp, name))),
            "\n".join(lines(getattr(new.skp, name))),
            lampiran,
        )
    if lampiran:
        changes.append(Change(CHANGED, _("Lampiran"), lampiran))
    return changes


def people_named(*snapshots: Snapshot) -> dict[int, str]:
    """The names of the pejabat penilai that the snapshots mention, in one query."""
    ids = {
        getattr(snap.skp, f"{name}_id")
        for snap in snapshots
        for name in PERSON_FIELDS
        if getattr(snap.skp, f"{name}_id")
    }
    return dict(Pegawai.objects.filter(pk__in=ids).values_list("pk", "name"))
