"""An SKP loaded whole for reading: the editor, the detail page, the rule checker, the PDF,
the Excel export and the version history all read it in this one shape."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.models import Pegawai
from core.compiled import CompiledQuery
from skp_drafts.berakhlak import CoreValue
from skp_drafts.models import Behaviour, Indicator, Rhk, RhkKind, Skp, item_anchor


@dataclass
class Document:
    skp: Skp
    rhks: list[Rhk]
    behaviours: list[Behaviour]
    # The pegawai's direct superior now, and whether it has an SKP of the same year here.
    superior: Pegawai | None = None
    superior_skp: Skp | None = None
    superior_rhks: list[Rhk] = field(default_factory=list)

    @property
    def utama(self) -> list[Rhk]:
        return [rhk for rhk in self.rhks if rhk.kind == RhkKind.UTAMA]

    @property
    def tambahan(self) -> list[Rhk]:
        return [rhk for rhk in self.rhks if rhk.kind == RhkKind.TAMBAHAN]

    def behaviours_in_order(self) -> list[Behaviour]:
        order = list(CoreValue)
        return sorted(self.behaviours, key=lambda b: order.index(b.value))


_INDICATOR_RHK = Indicator._meta.get_field("rhk")
_RHK_SKP = Rhk._meta.get_field("skp")


def number_rhks(rhks: list[Rhk]) -> None:
    """Give each RHK its number within its kind ("RHK Utama 2") and each indicator its own,
    as the document shows them (its texts translated once for all of them)."""
    counters = {RhkKind.UTAMA: 0, RhkKind.TAMBAHAN: 0}
    kinds = {kind: str(kind.label) for kind in RhkKind}
    rhk_label, indicator_label = _("RHK %(kind)s %(number)d"), _("%(rhk)s, indikator %(number)d")
    for rhk in rhks:
        counters[rhk.kind] += 1
        rhk.number = counters[rhk.kind]
        rhk.anchor = item_anchor(rhk.id)
        rhk.label = rhk_label % {"kind": kinds[rhk.kind], "number": rhk.number}
        for position, indicator in enumerate(rhk.indicator_list, start=1):
            indicator.number = position
            indicator.anchor = item_anchor(rhk.id, indicator.id)
            indicator.label = indicator_label % {"rhk": rhk.label, "number": position}


def sort_rhks(rhks: list[Rhk]) -> list[Rhk]:
    """Utama before Tambahan, each in the order the pegawai gave them."""
    return sorted(rhks, key=lambda rhk: (rhk.kind != RhkKind.UTAMA, rhk.order, rhk.id or 0))


# The document's reads, compiled once (core.compiled): every page of an SKP makes them.
# The RHK are read unordered: sort_rhks() puts them in the document's order, and an ORDER
# BY would make Django compare it with each of the many columns selected with them.
_RHKS = CompiledQuery(
    lambda skp_id: Rhk.objects.filter(skp_id=skp_id).select_related("parent__skp").order_by(),
    skp_id=int,
)
_INDICATORS = CompiledQuery(
    lambda skp_id: Indicator.objects.filter(rhk__skp_id=skp_id).order_by("order", "pk"),
    skp_id=int,
)
_BEHAVIOURS = CompiledQuery(lambda skp_id: Behaviour.objects.filter(skp_id=skp_id), skp_id=int)
# The superior's SKP of the year (one a pegawai and year, a constraint) read with its RHK;
# on its own only when it has none.
_RHKS_OF_YEAR = CompiledQuery(
    lambda pegawai_id, year: (
        Rhk.objects.filter(skp__pegawai_id=pegawai_id, skp__year=year)
        .select_related("skp")
        .order_by()
    ),
    pegawai_id=int,
    year=int,
)
_SKP_OF_YEAR = CompiledQuery(
    lambda pegawai_id, year: Skp.objects.filter(pegawai_id=pegawai_id, year=year).order_by(),
    pegawai_id=int,
    year=int,
)


def load_document(skp: Skp) -> Document:
    """The whole SKP in a fixed number of queries, whatever its size: its RHK with their
    indicators and intervened RHK, its behaviours, and its superior's SKP of the year with
    that SKP's RHK (the choices for "RHK pimpinan yang diintervensi"): three, a fourth for
    the superior's SKP with its RHK, and a fifth when it has none."""
    rhks = sort_rhks(_RHKS.rows(skp_id=skp.pk))
    indicators = {rhk.pk: [] for rhk in rhks}
    for indicator in _INDICATORS.rows(skp_id=skp.pk):
        # An RHK saved by someone else between the two reads is not in this document.
        if (of_rhk := indicators.get(indicator.rhk_id)) is not None:
            of_rhk.append(indicator)
    for rhk in rhks:
        rhk.indicator_list = indicators[rhk.pk]
        for indicator in rhk.indicator_list:
            _INDICATOR_RHK.set_cached_value(indicator, rhk)
    number_rhks(rhks)
    document = Document(skp=skp, rhks=rhks, behaviours=_BEHAVIOURS.rows(skp_id=skp.pk))
    if skp.pegawai_id is not None:
        document.superior = skp.pegawai.atasan
    if document.superior is not None:
        of_year = {"pegawai_id": document.superior.pk, "year": skp.year}
        superior_rhks = _RHKS_OF_YEAR.rows(**of_year)
        document.superior_skp = (
            superior_rhks[0].skp if superior_rhks else _SKP_OF_YEAR.first(**of_year)
        )
        for rhk in superior_rhks:
            _RHK_SKP.set_cached_value(rhk, document.superior_skp)  # one SKP for them all
            rhk.indicator_list = []
        document.superior_rhks = sort_rhks(superior_rhks)
        number_rhks(document.superior_rhks)
    return document


def document_skp_queryset():
    """The SKP with what its header shows, for load_document."""
    return Skp.objects.select_related(
        "pegawai__skpd",
        "pegawai__atasan",
        "pegawai__user",
        "pejabat_penilai__skpd",
        "atasan_penilai__skpd",
    )


def editor_skp_queryset():
    """The SKP with what the editor shows and checks: its owner with the owner's superior,
    and the two penilai by NIP and name. Fewer joins than document_skp_queryset(), whose
    SKPD and user only the printed and detailed documents read."""
    return Skp.objects.select_related("pegawai__atasan", "pejabat_penilai", "atasan_penilai")


_DOCUMENT_SKP = CompiledQuery(lambda pk: document_skp_queryset().filter(pk=pk), by_id=True, pk=int)
_EDITOR_SKP = CompiledQuery(lambda pk: editor_skp_queryset().filter(pk=pk), by_id=True, pk=int)


def document_skp(pk: int) -> Skp | None:
    """The SKP ``pk`` (from a URL: any number) as document_skp_queryset() reads it, or None."""
    return _DOCUMENT_SKP.first(pk=pk)


def editor_skp(pk: int) -> Skp | None:
    """The SKP ``pk`` (from a URL: any number) as editor_skp_queryset() reads it, or None."""
    return _EDITOR_SKP.first(pk=pk)
