import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from accounts.models import Skpd
from bookings.models import SessionKind
from core.widgets import DATE_INPUT, Select
from surveys.elements import ANSWERS, QUESTIONS, ordered_elements
from surveys.models import AgeBand, Education, Gender, Occupation


class ResponseForm(forms.Form):
    """The questionnaire: nine elements on four points, the profile, a suggestion. A score
    outside 1–4 or a missing element is refused by the fields themselves."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, element in enumerate(ordered_elements(), 1):
            self.fields[element.value] = forms.TypedChoiceField(
                label=f"{number}. {QUESTIONS[element]}",
                choices=[(score, ANSWERS[element][score - 1]) for score in range(1, 5)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )
        self.fields["gender"] = forms.ChoiceField(
            label=_("Jenis kelamin"), choices=Gender.choices, widget=forms.RadioSelect
        )
        self.fields["age_band"] = forms.ChoiceField(
            label=_("Usia"), choices=AgeBand.choices, widget=forms.RadioSelect
        )
        self.fields["education"] = forms.ChoiceField(
            label=_("Pendidikan terakhir"), choices=Education.choices, widget=forms.RadioSelect
        )
        self.fields["occupation"] = forms.ChoiceField(
            label=_("Pekerjaan"), choices=Occupation.choices, widget=forms.RadioSelect
        )
        self.fields["suggestion"] = forms.CharField(
            label=_("Saran untuk perbaikan layanan (boleh dikosongkan)"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def element_fields(self):
        return [self[element.value] for element in ordered_elements()]

    def profile_fields(self):
        return [self[name] for name in ("gender", "age_band", "education", "occupation")]


class ResultFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis layanan"), required=False, choices=[("", _("Semua")), *SessionKind.choices]
    )
    skpd = forms.ModelChoiceField(
        label=_("SKPD"),
        required=False,
        queryset=Skpd.objects.order_by("name").only("pk", "name"),
        empty_label=_("Semua SKPD"),
        # Hundreds of SKPD: options written in Python, not a template each.
        widget=Select,
    )
    # Whole months or years only: results of arbitrary day ranges could be subtracted from
    # each other to isolate one participant's answers.
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2020, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Bulan"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Semua bulan")),
            # Django's month names, translated when drawn (not once, at import).
            *MONTHS.items(),
        ],
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("month") and not cleaned.get("year"):
            self.add_error("year", _("Pilih tahunnya juga."))
        return cleaned


class ExtendSurveyForm(forms.Form):
    """A later last day for an open survey's links."""

    closes_on = forms.DateField(
        label=_("Perpanjang sampai tanggal"),
        widget=DATE_INPUT,
        error_messages={
            "required": _("Isi tanggal baru penutupan survei."),
            "invalid": _("Tanggal tidak valid."),
        },
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        closes_on = timezone.localtime(survey.closes_at).date()
        latest = closes_on + datetime.timedelta(days=settings.SKM_LINK_DAYS)
        self.fields["closes_on"].initial = closes_on + datetime.timedelta(days=7)
        self.fields["closes_on"].widget.attrs["max"] = latest.isoformat()
