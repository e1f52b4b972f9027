import datetime
import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import SkpdKind, User
from core.widgets import DATE_INPUT, TIME_INPUT
from reports.models import ActionStatus, MonthlyRecap, SessionReport

TEXT_MAX = 10000


class ReportForm(forms.ModelForm):
    class Meta:
        model = SessionReport
        fields = ["basis", "findings", "problems", "follow_up"]
        widgets = {
            "basis": forms.Textarea(attrs={"rows": 4}),
            "findings": forms.Textarea(attrs={"rows": 6}),
            "problems": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "findings": _(
                "Apa yang dikerjakan dan dicapai: misalnya RHK yang sudah diselaraskan dengan "
                "atasan, indikator dan target yang sudah terukur."
            ),
            "problems": _("Kendala yang ditemui peserta atau tim."),
            "follow_up": _("Apa yang dilakukan sesudah ini, oleh siapa."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(MaxLengthValidator(TEXT_MAX))
            field.widget.attrs["maxlength"] = TEXT_MAX


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Foto kegiatan"),
        help_text=_("JPEG, PNG atau WebP, paling besar 10 MB; diperkecil otomatis."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Keterangan foto"), max_length=200, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Yang perlu diperbaiki"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


MONTH_INPUT = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class MonthField(forms.Field):
    """A whole month typed as YYYY-MM (the browser's month picker)."""

    widget = MONTH_INPUT
    default_error_messages = {"invalid": _("Pilih bulan dan tahun.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        match = MONTH_PATTERN.match(str(value).strip())
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = int(match[1]), int(match[2])
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(year, month, 1)


def month_end(first: datetime.date) -> datetime.date:
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _person_label(user: User) -> str:
    pegawai = getattr(user, "pegawai", None)
    return f"{user.display_name} — {pegawai.jabatan}" if pegawai else user.display_name


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Tanggal rapat"), widget=DATE_INPUT)
    time = forms.TimeField(label=_("Pukul (WITA)"), initial=datetime.time(9, 0), widget=TIME_INPUT)
    place = forms.CharField(label=_("Tempat"), max_length=255)
    chair = forms.ModelChoiceField(
        label=_("Pimpinan rapat"), queryset=User.objects.none(), empty_label=None
    )
    notulis = forms.ModelChoiceField(
        label=_("Notulis"),
        queryset=User.objects.none(),
        help_text=_("Menandatangani notulen bersama pimpinan rapat; bukan pimpinan rapat."),
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Peserta rapat dari tim"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(
        label=_("Peserta lain"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Satu nama per baris, dengan jabatannya."),
    )
    period_from = MonthField(label=_("Periode yang dievaluasi: dari bulan"))
    period_to = MonthField(label=_("sampai bulan"))

    def __init__(self, *args, chairs: QuerySet[User], team: QuerySet[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs
        self.fields["chair"].label_from_instance = _person_label
        self.fields["notulis"].queryset = team
        self.fields["notulis"].label_from_instance = _person_label
        self.fields["attendees"].queryset = team
        self.fields["attendees"].label_from_instance = _person_label

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("period_from"), cleaned.get("period_to")
        if first and last and last < first:
            self.add_error("period_to", _("Bulan akhir tidak boleh sebelum bulan awal."))
        if cleaned.get("notulis") and cleaned.get("notulis") == cleaned.get("chair"):
            self.add_error("notulis", _("Pilih notulis selain pimpinan rapat."))
        day = cleaned.get("date")
        if first and day and first > day:
            self.add_error("period_from", _("Periode yang dievaluasi harus sudah dimulai."))
        return cleaned

    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.cleaned_data["date"],
            self.cleaned_data["time"],
            tzinfo=timezone.get_current_timezone(),
        )

    def period(self) -> tuple[datetime.date, datetime.date]:
        return self.cleaned_data["period_from"], month_end(self.cleaned_data["period_to"])


class MinutesForm(MeetingForm):
    findings = forms.CharField(
        label=_("Hasil evaluasi dan temuan"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    decisions = forms.CharField(
        label=_("Keputusan rapat"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Tindak lanjut"), max_length=500)
    owner = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Batas waktu"), widget=DATE_INPUT)

    def __init__(self, *args, owners: QuerySet[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = _person_label


class ReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Catatan perkembangan"), max_length=500, required=False)


class RecapStartForm(forms.Form):
    """The month of a new recap; for the Kepala Bidang also whose (a coach, or the whole
    team). A coach's recap is always its own, so the field is left out for it."""

    month = MonthField(
        label=_("Bulan"),
        help_text=_("Bulan yang sedang berjalan atau yang sudah lewat."),
    )
    coach = forms.ModelChoiceField(
        label=_("Rekap untuk"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Seluruh Tim Coaching"),
    )

    def __init__(self, *args, coaches: QuerySet[User] | None, **kwargs):
        super().__init__(*args, **kwargs)
        if coaches is None:
            del self.fields["coach"]
        else:
            self.fields["coach"].queryset = coaches
            self.fields["coach"].label_from_instance = _person_label

    def clean_month(self):
        first = self.cleaned_data["month"]
        if first > timezone.localdate().replace(day=1):
            raise forms.ValidationError(
                _("Rekap dibuat untuk bulan berjalan atau yang sudah lewat."), code="future"
            )
        return first


class RecapForm(forms.ModelForm):
    class Meta:
        model = MonthlyRecap
        fields = ["notes", "follow_up"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 6}),
            "follow_up": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "notes": _(
                "Yang tidak terbaca dari angka: pola kesulitan peserta, SKPD yang perlu "
                "perhatian, draf yang perlu sesi lanjutan."
            ),
            "follow_up": _("Apa yang dilakukan sesudah ini, oleh siapa."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(MaxLengthValidator(TEXT_MAX))
            field.widget.attrs["maxlength"] = TEXT_MAX


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun SKP"), coerce=int, choices=[])
    kind = forms.ChoiceField(
        label=_("Jenis SKPD"), required=False, choices=[("", _("Semua jenis")), *SkpdKind.choices]
    )
    sort = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[
            ("name", _("Nama SKPD")),
            ("lowest", _("Capaian terendah dahulu")),
            ("gap", _("Kesenjangan e-Kinerja terbesar dahulu")),
        ],
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


def month_label(day: datetime.date) -> str:
    return date_format(day, "F Y")
