"""The filters of the team's long lists (requests, SKM surveys, reports): a search text, an
SKPD and a month, in one form so that every list reads and shows them alike.

    form = ListFilterForm(request.GET, skpds=Skpd.objects.all())
    rows = form.apply(rows, text=["skpd__name", "letter_number"], skpd="skpd", day="start")

A filter that cannot be read (a typed month that is no month, an SKPD one may not see) is
shown with its error and leaves the list as it is: a list never pretends that a filter it
did not apply matched.
"""

import datetime

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# The months offered: two years back and half a year ahead (visits are proposed ahead).
MONTHS_BACK, MONTHS_AHEAD = 24, 6


def _months() -> list[tuple[str, str]]:
    today = timezone.localdate().replace(day=1)
    months = []
    for offset in range(MONTHS_AHEAD, -MONTHS_BACK - 1, -1):
        year, month = divmod(today.month - 1 + offset, 12)
        day = datetime.date(today.year + year, month + 1, 1)
        months.append((day.strftime("%Y-%m"), date_format(day, "F Y")))
    return months


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), max_length=100, required=False)
    skpd = forms.TypedChoiceField(label=_("SKPD"), coerce=int, required=False, empty_value=None)
    bulan = forms.ChoiceField(label=_("Bulan"), required=False)

    def __init__(self, data=None, *, skpds: QuerySet | None, search_help: str = "", **kwargs):
        super().__init__(data, **kwargs)
        if skpds is None:  # one SKPD only (a Kasubag's list): nothing to choose
            del self.fields["skpd"]
        else:  # read once, as (id, name): the select and the check use the same list
            self.fields["skpd"].choices = [("", _("Semua SKPD")), *skpds.values_list("pk", "name")]
        self.fields["bulan"].choices = [("", _("Semua bulan")), *_months()]
        self.fields["q"].widget.attrs["placeholder"] = search_help

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def apply(
        self, rows: QuerySet, *, text: list[str], skpd: str | list[str], day: str
    ) -> QuerySet:
        """``rows`` narrowed by the valid filters: ``text`` are the fields searched
        (icontains), ``skpd`` the path (or paths, any of which) to the row's SKPD, ``day``
        the date or moment whose month is asked for."""
        if not self.is_bound or not self.is_valid():
            return rows
        data = self.cleaned_data
        if data["q"]:
            words = data["q"].split()
            for word in words:
                rows = rows.filter(
                    Q(*[Q(**{f"{name}__icontains": word}) for name in text], _connector=Q.OR)
                )
        if data.get("skpd"):
            paths = [skpd] if isinstance(skpd, str) else skpd
            rows = rows.filter(Q(*[Q(**{path: data["skpd"]}) for path in paths], _connector=Q.OR))
        if data["bulan"]:
            year, month = (int(part) for part in data["bulan"].split("-"))
            rows = rows.filter(**{f"{day}__year": year, f"{day}__month": month})
        return rows

    def query(self) -> str:
        """The filters as a query string to keep in tab links and pagination."""
        if not self.is_bound or not self.is_valid():
            return ""
        parts = []
        for name, value in self.cleaned_data.items():
            if value:
                parts.append(f"{name}={value}")
        return "&".join(parts)
