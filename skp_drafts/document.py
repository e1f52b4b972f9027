"""An SKP loaded whole for reading: the editor, the detail page, the rule checker, the PDF,
the Excel export and the version history all read it in this one shape."""

from contextlib import suppress
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts.models import Pegawai
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


def number_rhks(rhks: list[Rhk]) -> None:
    """Give each RHK its number within its kind ("RHK Utama 2") and each indicator its own,
    as the document shows them."""
    counters = {RhkKind.UTAMA: 0, RhkKind.TAMBAHAN: 0}
    for rhk in rhks:
        counters[rhk.kind] += 1
        rhk.number = counters[rhk.kind]
        rhk.anchor = item_anchor(rhk.id)
        rhk.label = _("RHK %(kind)s %(number)d") % {
            "kind": RhkKind(rhk.kind).label,
            "number": rhk.number,
        }
        for position, indicator in enumerate(rhk.indicator_list, start=1):
            indicator.number = position
            indicator.anchor = item_anchor(rhk.id, indicator.id)
            indicator.label = _("%(rhk)s, indikator %(number)d") % {
                "rhk": rhk.label,
                "number": position,
            }


def sort_rhks(rhks: list[Rhk]) -> list[Rhk]:
    """Utama before Tambahan, each in the order the pegawai gave them."""
    return sorted(rhks, key=lambda rhk: (rhk.kind != RhkKind.UTAMA, rhk.order, rhk.id or 0))


def load_document(skp: Skp) -> Document:
    """The whole SKP in a fixed number of queries, whatever its size: its RHK with their
    indicators and intervened RHK, its behaviours, and its superior's SKP of the year with
    that SKP's RHK (the choices for "RHK pimpinan yang diintervensi").

    The RHK are read unordered: sort_rhks() puts them in the document's order, and an ORDER
    BY would make Django compare it with each of the many columns selected with them."""
    rhks = list(
        Rhk.objects.filter(skp=skp)
        .select_related("parent__skp")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("order", "pk"),
                to_attr="indicator_list",
            )
        )
        .order_by()
    )
    rhks = sort_rhks(rhks)
    number_rhks(rhks)
    behaviours = list(Behaviour.objects.filter(skp=skp))
    document = Document(skp=skp, rhks=rhks, behaviours=behaviours)
    if skp.pegawai_id is not None:
        document.superior = skp.pegawai.atasan
    if document.superior is not None:
        # One SKP a pegawai and year (a constraint): get() asks for no order, first() would.
        superior_skps = Skp.objects.prefetch_related(
            Prefetch("rhks", queryset=Rhk.objects.order_by(), to_attr="rhk_list")
        )
        with suppress(Skp.DoesNotExist):
            document.superior_skp = superior_skps.get(pegawai=document.superior, year=skp.year)
        if document.superior_skp is not None:
            document.superior_rhks = sort_rhks(document.superior_skp.rhk_list)
            for rhk in document.superior_rhks:
                rhk.indicator_list = []
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
