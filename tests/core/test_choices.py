"""Statuses carry their badge colour; every badge is drawn by one include."""

import re
from pathlib import Path

from django.template.loader import render_to_string

from bookings.models import Booking, BookingStatus, RequestStatus
from skp_drafts.models import SkpStatus

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
