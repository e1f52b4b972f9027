"""Forms of the draft SKP pages. The editor is one form for the whole SKP: the header, a
formset of RHK and, inside each RHK, a formset of its indicators; the small script
static/js/skp_editor.js adds, removes and reorders rows in the page, so typed text is never
lost to a reload."""

import copy

from django import forms
from django.forms.formsets import ORDERING_FIELD_NAME
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models import Jenjang, Pegawai
from accounts.nip import NipFormField, NipKind, parse_nip
from core.widgets import DATE_INPUT, SharedChoices, translate_texts
from skp_drafts.berakhlak import CoreValue
from skp_drafts.content import (
    LAMPIRAN_MAX,
    MAX_INDICATORS,
    MAX_RHKS,
    PANGKAT_MAX,
    TARGET_MAX,
    TEXT_MAX,
    IndicatorContent,
    RhkContent,
    SkpContent,
)
from skp_drafts.document import Document
from skp_drafts.models import LAMPIRAN_FIELDS, Approach, Aspect, Perspective, RhkKind, Skp


def _textarea(rows: int = 2, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


class HeaderForm(forms.Form):
    period_start = forms.DateField(label=_("Awal periode"), widget=DATE_INPUT)
    period_end = forms.DateField(label=_("Akhir periode"), widget=DATE_INPUT)
    approach = forms.ChoiceField(label=_("Pendekatan"), choices=Approach.choices)
    pangkat = forms.CharField(
        label=_("Pangkat/golongan ruang Anda"),
        max_length=PANGKAT_MAX,
        required=False,
        help_text=_("Misalnya: Penata Muda, III/a."),
    )
    pejabat_penilai = NipFormField(
        label=_("NIP pejabat penilai kinerja"),
        required=False,
        help_text=_("Lazimnya atasan langsung Anda."),
    )
    penilai_pangkat = forms.CharField(
        label=_("Pangkat/golongan pejabat penilai"), max_length=PANGKAT_MAX, required=False
    )
    atasan_penilai = NipFormField(label=_("NIP atasan pejabat penilai"), required=False)
    atasan_penilai_pangkat = forms.CharField(
        label=_("Pangkat/golongan atasan pejabat penilai"),
        max_length=PANGKAT_MAX,
        required=False,
    )
    dukungan_sumber_daya = forms.CharField(
        label=_("Dukungan sumber daya"),
        max_length=LAMPIRAN_MAX,
        required=False,
        widget=_textarea(3),
        help_text=_("Satu butir per baris."),
    )
    skema_pertanggungjawaban = forms.CharField(
        label=_("Skema pertanggungjawaban"),
        max_length=LAMPIRAN_MAX,
        required=False,
        widget=_textarea(3),
        help_text=_("Satu butir per baris."),
    )
    konsekuensi = forms.CharField(
        label=_("Konsekuensi"),
        max_length=LAMPIRAN_MAX,
        required=False,
        widget=_textarea(3),
        help_text=_("Satu butir per baris."),
    )

    def __init__(self, *args, skp: Skp, **kwargs):
        super().__init__(*args, **kwargs)
        self.skp = skp
        for value in CoreValue:
            self.fields[f"expectation_{value}"] = forms.CharField(
                label=value.label,
                max_length=TEXT_MAX,
                required=False,
                widget=_textarea(2),
            )
        if skp.is_example:
            for name in ("pangkat", "pejabat_penilai", "penilai_pangkat", "atasan_penilai"):
                del self.fields[name]
            del self.fields["atasan_penilai_pangkat"]
        translate_texts(self)

    def expectation_fields(self):
        return [self[f"expectation_{value}"] for value in CoreValue]

    def lampiran_fields(self):
        return [self[name] for name in LAMPIRAN_FIELDS]

    def _pegawai_by_nip(self, name: str) -> Pegawai | None:
        nip = self.cleaned_data.get(name)
        if not nip:
            return None
        pegawai = Pegawai.objects.filter(nip=nip, is_active=True).first()
        # By the kind stored with the pegawai; a NIP nobody has by the PNS rules.
        parse_nip(nip, pegawai.kind if pegawai is not None else NipKind.PNS)
        if pegawai is None:
            raise forms.ValidationError(_("NIP ini tidak ditemukan di data pegawai aktif."))
        if self.skp.pegawai_id == pegawai.pk:
            raise forms.ValidationError(_("Pejabat penilai tidak boleh Anda sendiri."))
        return pegawai

    def clean_pejabat_penilai(self):
        return self._pegawai_by_nip("pejabat_penilai")

    def clean_atasan_penilai(self):
        return self._pegawai_by_nip("atasan_penilai")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Akhir periode tidak boleh sebelum awal periode."))
        return cleaned


def header_initial(skp: Skp, document: Document) -> dict:
    initial = {
        "period_start": skp.period_start,
        "period_end": skp.period_end,
        "approach": skp.approach,
        "pangkat": skp.pangkat,
        "pejabat_penilai": skp.pejabat_penilai.nip if skp.pejabat_penilai else "",
        "penilai_pangkat": skp.penilai_pangkat,
        "atasan_penilai": skp.atasan_penilai.nip if skp.atasan_penilai else "",
        "atasan_penilai_pangkat": skp.atasan_penilai_pangkat,
        **{name: getattr(skp, name) for name in LAMPIRAN_FIELDS},
    }
    for behaviour in document.behaviours:
        initial[f"expectation_{behaviour.value}"] = behaviour.expectation
    return initial


class RowForm(forms.Form):
    """A row of the editor. A row the script added and nobody filled in is left out, even
    though the script has given it a position."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # Fields a new row has set before anyone types: its position, and the kind of RHK the
    # "add" button chose.
    PRESET = frozenset({"ORDER", "DELETE"})

    def has_changed(self):
        return any(name not in self.PRESET for name in self.changed_data)


class RhkForm(RowForm):
    PRESET = RowForm.PRESET | {"kind"}

    # The selects of every row share their choices (core.widgets.SharedChoices): their
    # options are escaped once for the page, not once per row.
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=SharedChoices(RhkKind.choices), initial=RhkKind.UTAMA
    )
    text = forms.CharField(label=_("Rencana hasil kerja"), max_length=TEXT_MAX, widget=_textarea(2))
    parent = forms.TypedChoiceField(
        label=_("RHK pimpinan yang diintervensi"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    parent_text = forms.CharField(
        label=_("RHK pimpinan yang diintervensi (bila belum ada di portal)"),
        max_length=TEXT_MAX,
        required=False,
        widget=_textarea(2),
    )
    perspective = forms.ChoiceField(
        label=_("Perspektif"),
        choices=SharedChoices([("", _("— pilih perspektif —")), *Perspective.choices]),
        required=False,
    )

    def __init__(
        self, *args, is_jpt: bool, parent_choices: SharedChoices, is_example: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if is_jpt:
            del self.fields["parent"], self.fields["parent_text"]
        else:
            del self.fields["perspective"]
            if is_example:
                del self.fields["parent"]
                self.fields["parent_text"].label = _("RHK pimpinan yang diintervensi")
            else:
                self.fields["parent"].choices = parent_choices


class IndicatorForm(RowForm):
    aspect = forms.ChoiceField(
        label=_("Aspek"), choices=SharedChoices([("", "—"), *Aspect.choices]), required=False
    )
    text = forms.CharField(
        label=_("Indikator kinerja individu"), max_length=TEXT_MAX, widget=_textarea(2)
    )
    target = forms.CharField(
        label=_("Target"),
        max_length=TARGET_MAX,
        required=False,
        help_text=_("Misalnya: 12 dokumen, 100 %, 80–100 %."),
    )

    def __init__(self, *args, is_jpt: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if is_jpt:
            del self.fields["aspect"]


class RowFormSet(forms.BaseFormSet):
    """A formset of the editor's rows. Shown with nothing posted, as when the editor opens,
    its forms share the fields of one form made for them all, each with its own prefix and
    initial values: the same rows as forms of their own, without a copy of every field for
    each row (an SKP of 30 RHK has over a hundred). So a row's fields are never changed
    after the shared form is made, and what a form's ``__init__`` does to its fields must
    not depend on its initial values. A posted formset makes a form of its own for each
    row, to validate it. ``like``: another formset of the same kind, form and form_kwargs,
    whose shared form this one's rows share too (an RHK's indicators)."""

    def __init__(self, *args, like: "RowFormSet | None" = None, **kwargs):
        super().__init__(*args, **kwargs)
        if like is not None and self._kind() != like._kind():
            raise ValueError("Rows share the fields of a formset of the same kind only.")
        self.like = like

    def _kind(self) -> tuple:
        return type(self), self.form, self.form_kwargs, self.auto_id, self.error_class

    def _construct_form(self, i, **kwargs):
        if self.is_bound or kwargs != self.get_form_kwargs(i):
            return super()._construct_form(i, **kwargs)
        form = copy.copy(self._shared_form)
        form.prefix = self.add_prefix(i)
        form.initial = dict(self.initial[i]) if i < len(self.initial or ()) else {}
        if self.can_order and i < self.initial_form_count():
            form.initial.setdefault(ORDERING_FIELD_NAME, i + 1)  # as add_fields() gives it
        form.empty_permitted = i >= self.initial_form_count() and i >= self.min_num
        form._bound_fields_cache = {}
        form._errors = None
        return form

    @cached_property
    def _shared_form(self):
        """The form whose fields the rows share, made as _construct_form() makes a row."""
        if self.like is not None:
            return self.like._shared_form
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("shared"),
            error_class=self.error_class,
            use_required_attribute=False,
            renderer=self.form_renderer,
            **self.get_form_kwargs(None),
        )
        self.add_fields(form, None)
        translate_texts(form)
        return form


class RhkFormSetBase(RowFormSet):
    # Rows past the maximum are still read back (absolute_max is higher), so that a refused
    # save shows every row that was typed, with this message.
    default_error_messages = {
        "too_many_forms": _("Satu SKP memuat paling banyak %(num)d RHK."),
    }


class IndicatorFormSetBase(RowFormSet):
    default_error_messages = {
        "too_many_forms": _("Satu RHK memuat paling banyak %(num)d indikator."),
    }


RhkFormSet = forms.formset_factory(
    RhkForm,
    formset=RhkFormSetBase,
    extra=0,
    can_order=True,
    can_delete=True,
    max_num=MAX_RHKS,
    absolute_max=4 * MAX_RHKS,
    validate_max=True,
)
IndicatorFormSet = forms.formset_factory(
    IndicatorForm,
    formset=IndicatorFormSetBase,
    extra=0,
    can_order=True,
    can_delete=True,
    max_num=MAX_INDICATORS,
    absolute_max=4 * MAX_INDICATORS,
    validate_max=True,
)


def _ordered(formset) -> list:
    """The kept forms of a formset in the order the page put them."""
    kept = [
        form
        for form in formset.forms
        if (form.has_changed() or form.cleaned_data.get("id"))
        and not form.cleaned_data.get("DELETE")
    ]
    return sorted(
        kept,
        key=lambda form: (
            form.cleaned_data.get("ORDER") is None,
            form.cleaned_data.get("ORDER") or 0,
            formset.forms.index(form),
        ),
    )


def _row_options(is_jpt: bool, is_example: bool, superior_choices: tuple) -> dict:
    """What every RHK form of an editor is made with."""
    parent_choices = SharedChoices([("", _("— pilih RHK atasan —")), *superior_choices])
    return {"is_jpt": is_jpt, "parent_choices": parent_choices, "is_example": is_example}


def new_row_forms(
    is_jpt: bool, is_example: bool, superior_choices: tuple
) -> tuple[RhkForm, IndicatorForm]:
    """The forms the script copies (static/js/skp_editor.js) for a new RHK, with one empty
    indicator row, and for a new indicator, made from an editor's ``row_kind``."""
    rhk = RhkForm(prefix="rhk-__rhk__", **_row_options(is_jpt, is_example, superior_choices))
    RhkFormSet().add_fields(rhk, None)
    rhk.indicators = IndicatorFormSet(prefix="rhk-__rhk__-ind", form_kwargs={"is_jpt": is_jpt})
    rhk.indicators.extra = 1  # a new RHK starts with one empty indicator row
    indicator = IndicatorForm(prefix="rhk-__rhk__-ind-__ind__", is_jpt=is_jpt)
    IndicatorFormSet(form_kwargs={"is_jpt": is_jpt}).add_fields(indicator, None)
    return rhk, indicator


class SkpEditor:
    """The editor's forms together: ``is_valid()``, then ``content()`` for the service."""

    def __init__(self, document: Document, data=None):
        skp = document.skp
        self.skp = skp
        self.document = document
        self.header = HeaderForm(data, skp=skp, initial=header_initial(skp, document), prefix="skp")
        # What every RHK row's form is made from: the kind of SKP and the superior's RHK,
        # offered on every row (one list for all of them) unless the kind has no such field.
        offered = not (skp.is_jpt or skp.is_example)
        superior_choices = tuple(
            (rhk.pk, f"{rhk.label} · {rhk.text}") for rhk in document.superior_rhks if offered
        )
        self.row_kind = (skp.is_jpt, skp.is_example, superior_choices)
        initial = [
            {
                "id": rhk.pk,
                "kind": rhk.kind,
                "text": rhk.text,
                "parent": rhk.parent_id,
                "parent_text": rhk.parent_text,
                "perspective": rhk.perspective,
                "ORDER": position,
            }
            for position, rhk in enumerate(document.rhks)
        ]
        self.rhks = RhkFormSet(
            data, prefix="rhk", initial=initial, form_kwargs=_row_options(*self.row_kind)
        )
        existing = {rhk.pk: rhk for rhk in document.rhks}
        first = None
        for index, form in enumerate(self.rhks.forms):
            rhk = existing.get(self._rhk_id(form, index, data))
            form.indicators = IndicatorFormSet(
                data,
                prefix=f"rhk-{index}-ind",
                initial=[
                    {
                        "id": i.pk,
                        "aspect": i.aspect,
                        "text": i.text,
                        "target": i.target,
                        "ORDER": position,
                    }
                    for position, i in enumerate(rhk.indicator_list if rhk else [])
                ],
                form_kwargs={"is_jpt": skp.is_jpt},
                like=first,
            )
            first = first or form.indicators
            form.rhk = rhk

    @staticmethod
    def _rhk_id(form, index: int, data) -> int | None:
        raw = form.initial.get("id") if data is None else data.get(f"rhk-{index}-id")
        try:
            return int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def is_valid(self) -> bool:
        valid = self.header.is_valid() & self.rhks.is_valid()
        for form in self.rhks.forms:
            if form.cleaned_data.get("DELETE"):
                continue  # a removed RHK takes its indicators with it, typed or not
            if not form.indicators.is_valid():
                valid = False
            filled = any(f.has_changed() for f in form.indicators.forms)
            if filled and not form.has_changed() and not form.initial:
                form.add_error("text", _("Isi rencana hasil kerja untuk indikator ini."))
                valid = False
        return valid

    def content(self) -> SkpContent:
        data = self.header.cleaned_data
        pejabat, atasan = data.get("pejabat_penilai"), data.get("atasan_penilai")
        rhks = []
        for form in _ordered(self.rhks):
            cleaned = form.cleaned_data
            rhks.append(
                RhkContent(
                    id=cleaned.get("id"),
                    kind=cleaned["kind"],
                    text=cleaned["text"].strip(),
                    parent_id=cleaned.get("parent"),
                    parent_text=cleaned.get("parent_text", "").strip(),
                    perspective=cleaned.get("perspective", ""),
                    indicators=[
                        IndicatorContent(
                            id=i.cleaned_data.get("id"),
                            aspect=i.cleaned_data.get("aspect", ""),
                            text=i.cleaned_data["text"].strip(),
                            target=i.cleaned_data["target"].strip(),
                        )
                        for i in _ordered(form.indicators)
                    ],
                )
            )
        return SkpContent(
            period_start=data["period_start"],
            period_end=data["period_end"],
            approach=data["approach"],
            pangkat=data.get("pangkat", self.skp.pangkat),
            pejabat_penilai_id=pejabat.pk if pejabat else None,
            atasan_penilai_id=atasan.pk if atasan else None,
            penilai_pangkat=data.get("penilai_pangkat", ""),
            atasan_penilai_pangkat=data.get("atasan_penilai_pangkat", ""),
            **{name: data[name].strip() for name in LAMPIRAN_FIELDS},
            rhks=rhks,
            expectations={value: data[f"expectation_{value}"].strip() for value in CoreValue},
        )


class NewSkpForm(forms.Form):
    START_EMPTY, START_PREVIOUS, START_EXAMPLE = "kosong", "tahun-lalu", "contoh"

    year = forms.TypedChoiceField(label=_("Tahun SKP"), coerce=int)
    start = forms.ChoiceField(
        label=_("Mulai dari"),
        widget=forms.RadioSelect,
        choices=[
            (START_EMPTY, _("SKP kosong")),
            (START_PREVIOUS, _("Salinan SKP saya tahun sebelumnya")),
            (START_EXAMPLE, _("Contoh SKP dari panduan")),
        ],
        initial=START_EMPTY,
    )
    example = forms.ModelChoiceField(
        label=_("Contoh SKP"), queryset=Skp.objects.none(), required=False
    )

    def __init__(self, *args, years: list[int], examples: list[Skp], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["example"].queryset = Skp.objects.filter(pk__in=[e.pk for e in examples])
        # In the guide's order (from JPT Pratama down), not the database's.
        self.fields["example"].choices = [("", "---------")] + [
            (example.pk, f"{example.example_title} ({example.get_jenjang_display()})")
            for example in examples
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") == self.START_EXAMPLE and not cleaned.get("example"):
            self.add_error("example", _("Pilih contoh SKP yang akan disalin."))
        return cleaned


class CommentForm(forms.Form):
    target = forms.ChoiceField(label=_("Bagian yang dikomentari"))
    text = forms.CharField(label=_("Komentar"), max_length=TEXT_MAX, widget=_textarea(3))

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("skp", _("Keseluruhan SKP"))]
        for rhk in document.rhks:
            choices.append((f"rhk-{rhk.pk}", f"{rhk.label}: {rhk.text[:80]}"))
            choices += [
                (f"indicator-{i.pk}", f"{i.label}: {i.text[:60]}") for i in rhk.indicator_list
            ]
        self.fields["target"].choices = choices

    def target_ids(self) -> dict:
        kind, _sep, pk = self.cleaned_data["target"].partition("-")
        if kind == "rhk":
            return {"rhk_id": int(pk)}
        if kind == "indicator":
            return {"indicator_id": int(pk)}
        return {}


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Balasan"), max_length=TEXT_MAX, widget=_textarea(2))


class RevisionForm(forms.Form):
    note = forms.CharField(
        label=_("Yang perlu diperbaiki"), max_length=TEXT_MAX, widget=_textarea(3)
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
        help_text=_("Gunakan templat dari portal. Paling besar 5 MB."),
    )


class ExampleForm(forms.Form):
    title = forms.CharField(label=_("Judul contoh"), max_length=200)
    jenjang = forms.ChoiceField(label=_("Jenjang"), choices=Jenjang.choices)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(
        label=_("Keterangan"), max_length=1000, required=False, widget=_textarea(2)
    )
    file = forms.FileField(
        label=_("Berkas"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.pptx,.docx,.xlsx"}),
        help_text=_(
            "PDF, PowerPoint (.pptx), Word (.docx) atau Excel (.xlsx), paling besar 20 MB."
        ),
    )
    order = forms.IntegerField(label=_("Urutan"), min_value=0, max_value=999, initial=0)


class BringToBookingForm(forms.Form):
    booking = forms.TypedChoiceField(label=_("Jadwal coaching"), coerce=int)

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["booking"].choices = [(b.pk, str(b.label)) for b in bookings]


class SessionDraftsForm(forms.Form):
    skps = forms.TypedMultipleChoiceField(
        label=_("SKP peserta"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, skps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skps"].choices = [
            (skp.pk, f"{skp.pegawai.name} · {skp.get_status_display()}") for skp in skps
        ]
