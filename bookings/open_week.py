"""The week of open slots an ASN books from (and moves a booking to), prepared for its page:
plain rows whose times, labels and links are made here once, so that the template only
loops over values. A long week (a large regency's, tens of coaches) is shown a day at a
time, its slots grouped by their hours; a small regency's week stays on one page."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from bookings import selectors, services
from core import dates, kept_bodies, versions

# A week listing more slots than this is shown a day at a time. Balangan's three coaches
# publish about sixty a week; twenty-seven coaches six hundred.
WEEK_ON_ONE_PAGE_MAX = 100

BOOK = "book"
RESCHEDULE = "reschedule"

# The version of the tables the week is drawn from (bookings migration 0011).
VERSION = "open_slots"
# A week to book from is kept drawn for the minute it was drawn in, which its key names:
# time, not a write, takes a slot off the week when its booking closes.
KEPT_SECONDS = 60


def url_maker(name: str):
    """A function giving the URL of ``name`` for a slot id, reversed once instead of for
    every slot."""
    marker = 1_234_567_890
    prefix, suffix = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{prefix}{pk}{suffix}"


def week_calendar(
    *,
    waited: frozenset[int],
    mode: str,
    asked_week: datetime.date | None,
    asked_day: datetime.date | None,
    coach_id: int | None,
    exclude_slot_id: int | None = None,
) -> dict:
    """The page's context: the week asked for, else the first week that still has a free
    place (said so); a coach filter; the neighbouring weeks within the horizon; the slots
    in columns (the days of the week, or the hours of the day shown)."""
    today = timezone.localdate()
    now = timezone.now()
    this_week = selectors.week_start(today)
    horizon = today + datetime.timedelta(days=services.rule("HORIZON_DAYS"))
    moved_ahead = False
    if asked_week is not None:
        monday = max(selectors.week_start(asked_week), this_week)
    else:
        free = selectors.first_free_day(
            first_day=today, last_day=horizon, now=now, coach_id=coach_id
        )
        monday = selectors.week_start(free) if free else this_week
        moved_ahead = monday != this_week
    listed = {
        "first_day": monday,
        "last_day": min(monday + datetime.timedelta(days=6), horizon),
        "now": now,
        "coach_id": coach_id,
        "exclude_slot_id": exclude_slot_id,
    }
    per_day = selectors.open_days(**listed)
    coaches = [
        (pk, User.name_shown(*name))
        for pk, *name in selectors.coaches_with_slots(first_day=today, last_day=horizon)
    ]
    week = [monday + datetime.timedelta(days=n) for n in range(7)]
    days = [day for day in week if day.isoweekday() <= 5 or day in per_day]
    by_day = sum(slots for slots, _free in per_day.values()) > WEEK_ON_ONE_PAGE_MAX
    shown = None
    if by_day:
        shown = asked_day if asked_day in per_day else default_day(per_day)
        listed.update(first_day=shown, last_day=shown)
    rows = _rows(
        selectors.open_slot_rows(**listed) if per_day else [],
        names=dict(coaches),
        waited=waited,
        mode=mode,
        by_day=by_day,
    )
    previous = monday - datetime.timedelta(days=7)
    following = monday + datetime.timedelta(days=7)
    return {
        "monday": monday,
        "moved_ahead": moved_ahead,
        "previous": previous if previous >= this_week else None,
        "following": following if following <= horizon else None,
        "coaches": coaches,
        "coach_id": coach_id,
        "mode": mode,
        "has_slots": bool(per_day),
        "by_day": by_day,
        "day_links": _day_links(days, per_day, shown, monday, coach_id) if by_day else [],
        "shown_day": shown,
        "columns": _hour_columns(rows) if by_day else _day_columns(days, rows),
    }


def kept_key(
    *,
    waited: frozenset[int],
    asked_week: datetime.date | None,
    asked_day: datetime.date | None,
    coach_id: int | None,
) -> str | None:
    """What the week an ASN books from is kept drawn under (bookings/open_slots.html): the
    version of the tables it is drawn from (bookings migration 0011), the minute (see
    ``KEPT_SECONDS``), the week and day asked for, the slots the ASN waits for (most
    wait for none, and so share their weeks) and the booking rules. None, drawn as asked but
    not kept: one coach's week (any number can be asked for; the whole week is what most
    open), a week before this one or beyond the horizon, a day asked without its week or
    outside it, each of which another entry already shows. (A week to move a booking to is
    never kept: its rows carry the ASN's own form token.)"""
    if coach_id is not None:
        return None
    today = timezone.localdate()
    monday = None
    if asked_week is not None:
        monday = selectors.week_start(asked_week)
        horizon = today + datetime.timedelta(days=services.rule("HORIZON_DAYS"))
        if not selectors.week_start(today) <= monday <= horizon:
            return None
    if asked_day is not None and (
        monday is None or not monday <= asked_day < monday + datetime.timedelta(days=7)
    ):
        return None
    version = versions.current(VERSION)
    if version is None:
        return None
    return kept_bodies.body_key(
        version,
        f"{timezone.localtime():%Y-%m-%dT%H:%M}",
        monday or "",
        asked_day or "",
        ",".join(str(pk) for pk in sorted(waited)),
        services.rule("BOOKING_CLOSES_HOURS"),
        services.rule("HORIZON_DAYS"),
    )


def default_day(per_day: dict[datetime.date, tuple[int, int]]) -> datetime.date:
    """The day a long week opens on: its first with a free place, else its first."""
    return min((day for day, (_slots, free) in per_day.items() if free), default=min(per_day))


def _rows(
    values, *, names: dict[int, str], waited: frozenset[int], mode: str, by_day: bool
) -> list[dict]:
    """Plain rows for the template, by start and coach: each with its day (WITA), its
    hours, what it says (the hours over the coach and the place when the week is on one
    page; the coach over the place when a day is, its columns being the hours), its state
    (what the ASN can do there) with that action's text, link and labels. A day's labels
    and a span's hours are made once."""
    book_url = url_maker("bookings:book")
    wait_url = url_maker("bookings:waitlist_join")
    book_label = _("Pesan %(day)s %(time)s dengan %(coach)s")
    move_label = _("Pindah ke %(day)s %(time)s dengan %(coach)s")
    move_confirm = _("Pindahkan jadwal Anda ke %(day)s, %(time)s WITA?")
    texts = {
        "book": _("Pesan"),
        "move": _("Pindah ke sini"),
        "waiting": _("Anda menunggu"),
        "wait": _("Penuh · tunggu"),
        "full": _("Penuh"),
    }
    zone = timezone.get_current_timezone()
    day_labels, hours = {}, {}
    values = sorted(values, key=lambda value: (value["start"], names.get(value["coach_id"], "")))
    rows = []
    for value in values:
        start = value["start"].astimezone(zone)
        day = start.date()
        if day not in day_labels:
            day_labels[day] = (date_format(day, "l j F"), date_format(day, "l, j F Y"))
        span = (value["start"], value["end"])
        if span not in hours:
            hours[span] = dates.hours(*span)
        coach = names.get(value["coach_id"], "")
        place = "" if value["place__is_default"] else value["place__name"]
        if mode == RESCHEDULE:
            state = "move" if value["taken"] < value["capacity"] else "full"
        elif value["taken"] < value["capacity"]:
            state = "book"
        else:
            state = "waiting" if value["pk"] in waited else "wait"
        row = {
            "pk": value["pk"],
            "day": day,
            "hours": hours[span],
            "title": coach if by_day else hours[span],
            "detail": place if by_day else (f"{coach} · {place}" if place else coach),
            "state": state,
            "text": texts[state],
            "url": "",
            "label": "",
        }
        if state in ("book", "move"):
            labels = {"day": day_labels[day][0], "time": f"{start:%H.%M}", "coach": coach}
            row["label"] = (book_label if state == "book" else move_label) % labels
        if state == "book":
            row["url"] = book_url(value["pk"])
            if value["capacity"] > 1:
                row["text"] += f" ({value['taken']}/{value['capacity']})"
        elif state == "move":
            row["confirm"] = move_confirm % {"day": day_labels[day][1], "time": f"{start:%H.%M}"}
        elif state == "wait":
            row["url"] = wait_url(value["pk"])
        rows.append(row)
    return rows


def _day_columns(days: list[datetime.date], rows: list[dict]) -> list[dict]:
    """The whole week: a column for each day, its slots with their hours."""
    by_day = {day: [] for day in days}
    for row in rows:
        by_day.setdefault(row["day"], []).append(row)
    return [
        {
            "anchor": f"day-{number}",
            "heading": date_format(day, "l, j F"),
            "short": date_format(day, "D j"),
            "rows": by_day[day],
        }
        for number, day in enumerate(days, start=1)
    ]


def _hour_columns(rows: list[dict]) -> list[dict]:
    """One day: a column for each span of hours, its slots by coach."""
    columns = {}
    for row in rows:
        if row["hours"] not in columns:
            columns[row["hours"]] = {
                "anchor": f"hours-{len(columns) + 1}",
                "heading": row["hours"],
                "short": row["hours"].split("–")[0],
                "rows": [],
            }
        columns[row["hours"]]["rows"].append(row)
    return list(columns.values())


def _day_links(
    days: list[datetime.date],
    per_day: dict[datetime.date, tuple[int, int]],
    shown: datetime.date,
    monday: datetime.date,
    coach_id: int | None,
) -> list[dict]:
    """The days of a long week to choose from: each with its free places and a link that
    keeps the week and the coach filter (none for a day without slots)."""
    links = []
    for day in days:
        slots, free = per_day.get(day, (0, 0))
        query = {"minggu": monday.isoformat(), "hari": day.isoformat()}
        if coach_id is not None:
            query["coach"] = coach_id
        links.append(
            {
                "day": day,
                "label": date_format(day, "l, j F"),
                "short": date_format(day, "D j"),
                "slots": slots,
                "free": free,
                "url": f"?{urlencode(query)}" if slots else "",
                "current": day == shown,
            }
        )
    return links
