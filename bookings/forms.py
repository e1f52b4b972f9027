import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Jenjang
from bookings.models import Place
from core.widgets import DATE_INPUT, TIME_INPUT

WEEKDAYS = [
    (1, _("Senin")),
    (2, _("Selasa")),
    (3, _("Rabu")),
    (4, _("Kamis")),
    (5, _("Jumat")),
    (6, _("Sabtu")),
    (7, _("Minggu")),
]


class TopicForm(forms.Form):
    jenjang = forms.ChoiceField(label=_("Jenjang SKP yang dibahas"), choices=Jenjang.choices)
    topic = forms.CharField(
        label=_("Yang ingin dibahas"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya: menyusun indikator kinerja dari RHK atasan."),
    )


class BookingForm(TopicForm):
    skp = forms.TypedChoiceField(
        label=_("SKP Anda di portal yang akan dibahas"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Coach dapat membaca, mengomentari dan mereview SKP yang Anda bawa."),
    )
    draft = forms.FileField(
        label=_("Atau lampirkan draf SKP (boleh menyusul)"),
        required=False,
        help_text=_("Berkas .xlsx, .docx atau .pdf, paling besar 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.docx,.pdf"}),
    )

    def __init__(self, *args, skps: list, **kwargs):
        """``skps``: the ASN's own SKP in the portal; this year's is offered."""
        super().__init__(*args, **kwargs)
        if not skps:
            del self.fields["skp"]
            return
        self.fields["skp"].choices = [("", _("— tidak ada —"))] + [
            (
                skp.pk,
                _("SKP %(year)s (%(status)s)")
                % {"year": skp.year, "status": skp.get_status_display()},
            )
            for skp in skps
        ]
        this_year = timezone.localdate().year
        current = next((skp for skp in skps if skp.year == this_year), None)
        self.fields["skp"].initial = current.pk if current else None


class PublishForm(forms.Form):
    first_day = forms.DateField(label=_("Dari tanggal"), widget=DATE_INPUT)
    last_day = forms.DateField(label=_("Sampai tanggal"), widget=DATE_INPUT)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Hari"),
        choices=WEEKDAYS,
        coerce=int,
        initial=[1, 2, 3, 4],
        widget=forms.CheckboxSelectMultiple,
    )
    start_time = forms.TimeField(
        label=_("Mulai"),
        initial=datetime.time(8, 30),
        widget=TIME_INPUT,
    )
    end_time = forms.TimeField(
        label=_("Selesai"),
        initial=datetime.time(15, 0),
        widget=TIME_INPUT,
    )
    session_minutes = forms.TypedChoiceField(
        label=_("Lama satu sesi"),
        choices=[
            (30, _("30 menit")),
            (45, _("45 menit")),
            (60, _("60 menit")),
            (90, _("90 menit")),
            (120, _("120 menit")),
        ],
        coerce=int,
        initial=60,
    )
    break_start = forms.TimeField(
        label=_("Istirahat mulai"),
        required=False,
        initial=datetime.time(12, 0),
        widget=TIME_INPUT,
    )
    break_end = forms.TimeField(
        label=_("Istirahat selesai"),
        required=False,
        initial=datetime.time(13, 0),
        widget=TIME_INPUT,
    )
    place = forms.ModelChoiceField(
        label=_("Tempat"), queryset=Place.objects.all(), empty_label=None
    )
    capacity = forms.IntegerField(
        label=_("Kapasitas per sesi"), min_value=1, max_value=50, initial=1
    )

    MAX_DAYS = 62

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("Tanggal akhir harus sesudah tanggal awal."))
            elif (last - first).days > self.MAX_DAYS:
                self.add_error("last_day", _("Terbitkan paling banyak dua bulan sekaligus."))
            if first < timezone.localdate():
                self.add_error("first_day", _("Tanggal awal tidak boleh di masa lalu."))
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Jam selesai harus sesudah jam mulai."))
        pause_start, pause_end = cleaned.get("break_start"), cleaned.get("break_end")
        if bool(pause_start) != bool(pause_end):
            self.add_error(
                "break_end", _("Isi jam mulai dan selesai istirahat, atau kosongkan keduanya.")
            )
        elif pause_start and pause_end and pause_end <= pause_start:
            self.add_error("break_end", _("Istirahat selesai harus sesudah istirahat mulai."))
        return cleaned


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Kehadiran"),
        choices=[(True, _("Hadir")), (False, _("Tidak hadir"))],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Catatan coach"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DraftForm(forms.Form):
    """A draft attached to a booking after it was made."""

    draft = forms.FileField(
        label=_("Draf SKP"),
        help_text=_("Berkas .xlsx, .docx atau .pdf, paling besar 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.docx,.pdf"}),
    )
