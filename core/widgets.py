"""Form widgets shared by the apps' forms."""

from django import forms

# HTML date and time inputs speak ISO, whatever the portal's display format.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
