"""What the bookings app shows on the home page (core/panels.py)."""

from django.utils import timezone

from accounts.models import Role
from bookings import selectors
from core.panels import panel


@panel("home", order=5, template="bookings/home_requests.html")
def waiting_requests(request):
    if Role.KEPALA_BKPSDM not in request.user.roles:
        return None
    return {"waiting_requests": selectors.waiting_requests_count()}


@panel("home", order=50, template="bookings/home_panel.html")
def active_booking(request):
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        return None
    return {"active_booking": selectors.active_booking_brief(pegawai)}


@panel("home", order=8, template="bookings/home_week.html")
def coming_week(request):
    """Hari ini / minggu ini: a coach's sessions and visits, the Kasubag's scheduled visits,
    a participant's visit."""
    user = request.user
    items = selectors.coming_week(user)
    later = selectors.later_visits_of_skpd(user)
    if not items and not later and Role.TIM_COACHING not in user.roles:
        return None
    return {"coming": items, "later": later, "today": timezone.localdate()}
