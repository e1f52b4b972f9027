from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekinerja.models import ReportKind
from ekinerja.reading import MAX_BYTES


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, 2021, -1)]


class ExportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis laporan"), choices=ReportKind.choices)
    year = forms.TypedChoiceField(label=_("Tahun SKP"), coerce=int, choices=year_choices)
    file = forms.FileField(
        label=_("Berkas ekspor e-Kinerja (.xlsx atau .csv)"),
        help_text=_("Paling besar 20 MB, seperti diunduh dari e-Kinerja BKN."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Unggah berkas .xlsx atau .csv."))
        if uploaded.size > MAX_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 20 MB."))
        return uploaded


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun SKP"), coerce=int, choices=year_choices)
