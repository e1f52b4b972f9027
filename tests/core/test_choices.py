"""Statuses carry their badge colour; every badge is drawn by one include."""

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Pegawai, Registration
from bookings.models import Booking, BookingStatus, CoachingSession, RequestStatus, WaitlistEntry
from skp_drafts.models import Skp, SkpStatus

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_a_status_names_its_colour_and_falls_back_to_secondary():
    assert BookingStatus.ATTENDED.badge == "success"
    assert BookingStatus.NO_SHOW.badge == "danger"
    assert BookingStatus.CANCELLED.badge == "secondary"
    assert RequestStatus.SUBMITTED.badge == "warning"
    assert SkpStatus.REVIEWED.badge == "success"


def test_a_model_gives_its_status_as_the_member():
    booking = Booking(status="no_show")
    assert booking.status_choice is BookingStatus.NO_SHOW
    assert Booking(status="").status_choice is None


def test_the_one_badge_include_draws_label_and_colour():
    html = render_to_string(
        "includes/status_badge.html", {"status": SkpStatus.REVISION, "extra": "fs-6"}
    )
    assert '<span class="badge text-bg-warning fs-6">Perlu perbaikan</span>' in html
    assert render_to_string("includes/status_badge.html", {"status": None}).strip() == ""


def test_no_template_picks_a_badge_colour_by_comparing_status_strings():
    picking = re.compile(r'badge[^"]*\{% if [\w.]*status ==')
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if picking.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Pegawai, "kind"),
        (Pegawai, "jenjang"),
        (Registration, "kind"),
        (Registration, "jenjang"),
        (Skp, "jenjang"),
        (Skp, "status"),
        (Booking, "jenjang"),
        (WaitlistEntry, "jenjang"),
        (CoachingSession, "kind"),
    ],
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_models_display_of_a_choice_reads_the_labels_once_and_says_what_django_says(
    model, field, language
):
    display = getattr(model, f"get_{field}_display")
    assert getattr(display, "__module__", None) == "core.choices"  # not Django's own
    values = [value for value, _label in model._meta.get_field(field).choices]
    with translation.override(language):
        for value in [*values, "tidak-dikenal", ""]:
            instance = model(**{field: value})
            django = instance._get_FIELD_display(model._meta.get_field(field))
            assert display(instance) == django
    with translation.override("en"):
        assert Pegawai(jenjang="pelaksana").get_jenjang_display() == "Pelaksana"
        assert Pegawai(kind="pppk").get_kind_display() != Pegawai(kind="pns").get_kind_display()
