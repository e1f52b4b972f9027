"""Forms of the SKPD visits: the request letter, the disposition, notes, participant lists."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.forms import validate_phone
from accounts.models import User
from bookings.models import SkpdRequest
from bookings.selectors import same_month_requests
from bookings.visits.availability import span
from core.uploads import content_matches
from core.widgets import DATE_INPUT, TIME_INPUT


class RequestForm(forms.ModelForm):
    """The SKPD's request letter."""

    class Meta:
        model = SkpdRequest
        fields = [
            "letter_number",
            "letter_date",
            "subject",
            "letter_file",
            "proposed_date_1",
            "proposed_date_2",
            "proposed_date_3",
            "expected_jpt",
            "expected_administrator",
            "expected_pengawas",
            "expected_pelaksana",
            "expected_fungsional",
            "contact_name",
            "contact_phone",
        ]
        widgets = {
            "letter_date": DATE_INPUT,
            "proposed_date_1": DATE_INPUT,
            "proposed_date_2": DATE_INPUT,
            "proposed_date_3": DATE_INPUT,
            "letter_file": forms.FileInput(attrs={"accept": ".pdf"}),
        }

    confirm_same_month = forms.BooleanField(
        label=_("Saya tetap mengajukan permohonan kedua untuk bulan ini"),
        required=False,
    )

    def __init__(self, *args, skpd, **kwargs):
        super().__init__(*args, **kwargs)
        self.skpd = skpd
        self.fields["subject"].initial = _("Permohonan Coaching Clinic penyusunan SKP Tahunan")
        self.fields["contact_phone"].validators.append(validate_phone)
        if self.instance.pk:
            self.fields["letter_file"].required = False
            self.fields["letter_file"].help_text = _("Kosongkan bila suratnya tetap.")

    def clean_letter_file(self):
        uploaded = self.cleaned_data.get("letter_file")
        if not uploaded or not hasattr(uploaded, "read") or uploaded == self.instance.letter_file:
            return uploaded
        if uploaded.size > settings.BOOKING_RULES["DRAFT_MAX_BYTES"]:
            raise forms.ValidationError(_("Berkas surat lebih dari 10 MB."))
        if not content_matches(uploaded, "pdf"):
            raise forms.ValidationError(_("Unggah surat bertanda tangan dalam format PDF."))
        return uploaded

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ("proposed_date_1", "proposed_date_2", "proposed_date_3"):
            day = cleaned.get(name)
            if day and day <= today:
                self.add_error(name, _("Usulan tanggal harus sesudah hari ini."))
        if cleaned.get("letter_date") and cleaned["letter_date"] > today:
            self.add_error("letter_date", _("Tanggal surat tidak boleh di masa depan."))
        expected = [
            cleaned.get(f"expected_{k}") or 0
            for k in ("jpt", "administrator", "pengawas", "pelaksana", "fungsional")
        ]
        if sum(expected) == 0:
            self.add_error("expected_pelaksana", _("Isi perkiraan jumlah peserta per jenjang."))
        first = cleaned.get("proposed_date_1")
        if first and not cleaned.get("confirm_same_month"):
            others = list(same_month_requests(self.skpd.pk, first, exclude_pk=self.instance.pk))
            if others:
                self.add_error(
                    "confirm_same_month",
                    _(
                        "%(skpd)s sudah punya permohonan untuk %(month)s (surat %(numbers)s). "
                        "Biasanya satu permohonan sebulan sudah cukup; bila memang perlu "
                        "permohonan kedua, centang kotak ini lalu kirim lagi."
                    )
                    % {
                        "skpd": self.skpd.name,
                        "month": date_format(first, "F Y"),
                        "numbers": ", ".join(other.letter_number for other in others),
                    },
                )
        return cleaned


class VisitTimeForm(forms.Form):
    """The day, hours and venue of a visit (accepting or moving it)."""

    date = forms.DateField(label=_("Tanggal"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("Mulai"), initial=datetime.time(8, 30), widget=TIME_INPUT)
    end_time = forms.TimeField(label=_("Selesai"), initial=datetime.time(12, 0), widget=TIME_INPUT)
    venue = forms.CharField(label=_("Tempat"), max_length=255)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned["date"] <= timezone.localdate():
            self.add_error("date", _("Tanggal pelaksanaan harus sesudah hari ini."))
        if (
            cleaned.get("start_time")
            and cleaned.get("end_time")
            and cleaned["end_time"] <= cleaned["start_time"]
        ):
            self.add_error("end_time", _("Jam selesai harus sesudah jam mulai."))
        return cleaned

    def span(self) -> tuple[datetime.datetime, datetime.datetime]:
        return span(
            self.cleaned_data["date"],
            self.cleaned_data["start_time"],
            self.cleaned_data["end_time"],
        )


class AcceptForm(VisitTimeForm):
    coaches = forms.ModelMultipleChoiceField(
        label=_("Coach yang ditugaskan"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    instruction = forms.CharField(
        label=_("Isi disposisi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coaches"].queryset = team
        self.fields["coaches"].label_from_instance = lambda user: user.display_name


class MoveForm(VisitTimeForm):
    reason = forms.CharField(
        label=_("Alasan pemindahan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Petunjuk perbaikan / alasan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label=_("Daftar NIP peserta (.xlsx atau .csv)"),
        help_text=_("Satu NIP per baris; kolom berjudul NIP, atau kolom pertama."),
    )
