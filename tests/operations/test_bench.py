"""The benchmark's pieces: every page and PDF entry works for its role on a small seeded
regency (seeded once for the module), and the booking POSTs book for real (each ASN once, a
few contended). The wrk script has its own module (test_bench_wrk.py)."""

import datetime
import itertools
import json
import subprocess
from collections import defaultdict
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Pegawai
from bookings import selectors
from bookings.models import Booking, BookingStatus
from core import versions
from operations.bench.driver import Bench, Options, failed, table
from operations.bench.fixture import (
    BENCH_TOPIC,
    CONTENDED_EVERY,
    Fixture,
    busiest_open_day,
    busiest_open_week,
    undo_previous_run,
)
from operations.bench.pages import CEILING, FLOOR, PAGES, PDFS
from reports.dashboard import FIGURES_VERSION
from skp_drafts.models import Skp
from tests.shared import built_once

# The pages, and the writes mixed into them.
ENTRIES = PAGES + [page.mixed_with for page in PAGES if page.mixed_with]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def regency(django_db_setup, django_db_blocker):
    """Seeded once for the module (tests/shared.py)."""
    with built_once(django_db_blocker):
        call_command("seed_demo", "--scale", "300", "--force", stdout=StringIO())
        yield


def signed_in(client, fixture, user):
    if user is not None:
        client.cookies["sessionid"] = fixture.sessions([user])[user.pk]
    return client


@pytest.mark.parametrize("page", ENTRIES, ids=[page.name for page in ENTRIES])
def test_every_page_answers_its_role_as_expected(client, regency, page):
    fixture = Fixture()
    users = fixture.users(page.role, 3) if page.role else [None]
    assert users, f"nobody holds the role {page.role}"
    for user in users:
        if page.signed_in:
            signed_in(client, fixture, user)
        path = page.path(fixture, user)
        if page.method == "POST":
            response = client.post(path, page.data(fixture, user, 0))
        else:
            response = client.get(path)
        assert response.status_code in page.expect, (page.name, path, response.status_code)
        if page.role and page.method == "GET":
            assert response.context["user"] == user  # signed in, not sent to the login
        client.logout()


@pytest.mark.parametrize("pdf", PDFS, ids=[pdf.name for pdf in PDFS])
def test_every_pdf_is_a_pdf_for_its_role(client, regency, pdf, django_capture_on_commit_callbacks):
    fixture = Fixture()
    (user,) = fixture.users(pdf.role, 1)
    path = pdf.path(fixture, user)
    with django_capture_on_commit_callbacks(execute=True):  # the task worker, for a large one
        response = signed_in(client, fixture, user).get(path)
    if response.status_code == 202:  # it was being prepared: asked again, as the page does
        response = client.get(path)
    assert response.status_code in pdf.expect
    assert response.content.startswith(b"%PDF-")


def test_booking_posts_book_for_real_with_a_few_contended_places(client, regency):
    page = next(page for page in PAGES if page.name == "booking_post")
    fixture = Fixture()
    users = fixture.users(page.role, 2 * CONTENDED_EVERY)
    assert len({user.pk for user in users}) == len(users)
    outcomes = []
    for user in users:
        signed_in(client, fixture, user)
        response = client.post(page.path(fixture, user), page.data(fixture, user, 0))
        assert response.status_code == 302
        outcomes.append(response["Location"].split("/")[1])
    assert outcomes.count("pemesanan") == len(users) - 2  # booked
    assert outcomes.count("jadwal") == 2  # the contended ones: the place was just taken
    booked = Booking.objects.filter(pegawai__user__in=users, status=BookingStatus.BOOKED)
    assert booked.count() == len(users) - 2
    # Each with the SKP its form offered, as a browser posts it: this year's, where the ASN
    # has one in the portal.
    this_year = dict(
        Skp.objects.filter(pegawai__user__in=users, year=timezone.localdate().year).values_list(
            "pegawai_id", "pk"
        )
    )
    assert {booking.pegawai_id: booking.skp_id for booking in booked} == {
        booking.pegawai_id: this_year.get(booking.pegawai_id) for booking in booked
    }
    assert any(booking.skp_id for booking in booked)


def test_the_table_shows_each_page_against_the_ceiling_and_the_floor_beside_it():
    def run(title, rps, anchor="", **more):
        return {
            "name": title.lower(),
            "title": title,
            "anchor": anchor,
            "users": 10,
            "rps": rps,
            "requests": int(rps * 5),
            "p50_ms": 30.0,
            "p95_ms": 60.0,
            "p99_ms": 90.0,
            "statuses": {"200": int(rps * 5)},
            "load": 1.5,
            **more,
        }

    pages = [
        run("Ceiling", 600.0, "ceiling"),
        run("Floor", 150.0, "floor", ratio_to_ceiling=0.25),
        run("Login page", 250.0, ratio_to_ceiling=0.4, ratio_to_floor=1.6667),
        run("Ceiling", 700.0, "ceiling"),
        run("Floor", 140.0, "floor", ratio_to_ceiling=0.2),
        {
            **failed("wrk gave no result (exit 1)"),
            "name": "booking",
            "title": "Booking",
            "users": 10,
            "anchor": "",
        },
    ]
    pdf = {
        "title": "Lembar disposisi",
        "median_ms": 420.0,
        "min_ms": 400.0,
        "max_ms": 500.0,
        "pages": 1,
        "kilobytes": 13.2,
    }
    text = table({"pages": pages, "pdfs": [pdf]})
    assert "| Ceiling | 10 | 650.0 (600–700) | 30.0 | 60.0 | 90.0 | — | — | 2 runs," in text
    assert "| Floor | 10 | 145.0 (140–150) | 30.0 | 60.0 | 90.0 | 0.225 | — | 2 runs," in text
    assert "| Login page | 10 | 250.0 | 30.0 | 60.0 | 90.0 | 0.400 | 1.667 | 1250× 200 | 1.5 |" in (
        text
    )
    assert "| Booking | 10 | — | — | — | — | — | — | wrk gave no result (exit 1) |" in text
    assert "| Lembar disposisi | 420 | 400 | 500 | 1 | 13 |" in text


def test_each_page_runs_right_after_the_ceiling_and_the_floor_with_both_ratios(monkeypatch):
    ran = []
    rps = {"ceiling": 500.0, "floor": 100.0, "home": 50.0, "broken": None}

    def window(self, page, level, round_index):
        ran.append((page["name"], level, round_index))
        if rps[page["name"]] is None:
            return {**failed("wrk gave no result (exit 1)"), "name": page["name"], "anchor": ""}
        return {
            "name": page["name"],
            "anchor": page["anchor"],
            "users": level,
            "rps": rps[page["name"]] * level,
        }

    monkeypatch.setattr(Bench, "window", window)
    manifest = {
        "pages": [
            {"name": "ceiling", "anchor": "ceiling"},
            {"name": "floor", "anchor": "floor"},
            {"name": "home", "anchor": ""},
            {"name": "broken", "anchor": ""},
        ]
    }
    bench = Bench.__new__(Bench)
    bench.options = Options(levels=(1, 10))
    rows = bench.load(manifest)
    assert ran == [
        (name, level, 0)
        for level in (1, 10)
        for page in ("home", "broken")
        for name in ("ceiling", "floor", page)
    ]
    home = [row for row in rows if row["name"] == "home"]
    assert [(row["ratio_to_ceiling"], row["ratio_to_floor"]) for row in home] == [
        (0.1, 0.5),
        (0.1, 0.5),
    ]
    assert home[1]["ceiling"]["rps"] == 5000.0 and home[1]["floor"]["rps"] == 1000.0
    floors = [row for row in rows if row["name"] == "floor"]
    assert {row["ratio_to_ceiling"] for row in floors} == {0.2}
    assert {row["beside"] for row in floors} == {"home", "broken"}
    broken = [row for row in rows if row["name"] == "broken"]
    assert [row["ratio_to_ceiling"] for row in broken] == [None, None]  # reported, not fatal
    json.dumps(rows)  # the results file takes them as they are


def test_with_rounds_each_level_runs_every_page_once_a_round_each_on_its_own_file(
    monkeypatch,
):
    """Every page's run of the first round at a level, then of the second (a page's runs
    minutes apart), each beside a ceiling and a floor of its own and on the file prepared
    for its round."""
    ran = []

    def wrk(self, file, connections, seconds, once=False):
        name = Path(file).stem
        ran.append(name)
        rps = {"ceiling": 500.0, "floor": 100.0}.get(name.split("-")[0], 40.0 + len(ran))
        return {"requests": int(rps), "rps": rps, "statuses": {"200": int(rps)}}

    monkeypatch.setattr(Bench, "wrk", wrk)
    monkeypatch.setattr(Bench, "settle", lambda self: 0.0)

    def page(name, anchor=""):
        files = {
            str(level): [f"{name}-{level}-{number}.tsv" for number in (1, 2)] for level in (1, 10)
        }
        lines = {level: [5, 5] for level in files}
        return {
            "name": name,
            "title": name,
            "anchor": anchor,
            "expect": [200],
            "files": files,
            "lines": lines,
        }

    manifest = {
        "pages": [page("ceiling", CEILING), page("floor", FLOOR), page("home"), page("slots")]
    }
    bench = Bench.__new__(Bench)
    bench.options = Options(levels=(1, 10), rounds=2)
    rows = bench.load(manifest)
    assert ran == [
        f"{name}-{level}-{number}"
        for level in (1, 10)
        for number in (1, 2)
        for shown in ("home", "slots")
        for name in ("ceiling", "floor", shown)
    ]
    home = [row for row in rows if row["name"] == "home"]
    assert [(row["users"], row["round"]) for row in home] == [(1, 1), (1, 2), (10, 1), (10, 2)]
    assert [row["ratio_to_floor"] for row in home] == [0.43, 0.49, 0.55, 0.61]
    floors = [row for row in rows if row["name"] == "floor"]
    assert len(floors) == 8 and {row["ratio_to_ceiling"] for row in floors} == {0.2}


def test_before_the_runs_each_get_page_is_asked_once_and_must_answer_as_expected(
    monkeypatch, tmp_path
):
    asked = []
    answers = {"/beranda/": 200, "/monitoring/": 302}

    def fetch(self, path, cookie=""):
        asked.append((path, cookie))
        return answers[path], b"", 0.01

    monkeypatch.setattr(Bench, "fetch", fetch)

    def page(name, path, method="GET"):
        file = tmp_path / f"{name}.tsv"
        file.write_text(f"{method}\t{path}\tsessionid={name}\t\t\n")
        other = tmp_path / f"{name}-2.tsv"  # another round's: not asked
        other.write_text(f"{method}\t/other/\tsessionid=other\t\t\n")
        files = {"10": [str(file), str(other)], "50": [str(other), str(other)]}
        return {"name": name, "method": method, "expect": [200], "files": files}

    bench = Bench.__new__(Bench)
    bench.check_pages({"pages": [page("home", "/beranda/"), page("book", "/x/", "POST")]})
    assert asked == [("/beranda/", "sessionid=home")]
    with pytest.raises(RuntimeError, match="dashboard: /monitoring/ answered 302"):
        bench.check_pages({"pages": [page("dashboard", "/monitoring/")]})


def test_each_run_comes_after_its_users_opened_the_floor_page_once(monkeypatch, tmp_path):
    """The warm-up: every signed-in user of the run's file once (however many lines it has,
    each with a CSRF cookie of its own), none for a line without a session (the sign-in
    POST), a user it fails for counted, and only then the run."""
    steps = []
    answers = {"sessionid=aaa": 200, "sessionid=bbb": 302}

    def fetch(self, path, cookie=""):
        steps.append((path, cookie))
        session = cookie.split("; ")[0]
        if session not in answers:
            raise ConnectionResetError(104, "Connection reset by peer")
        return answers[session], b"", 0.01

    monkeypatch.setattr(Bench, "fetch", fetch)
    monkeypatch.setattr(Bench, "settle", lambda self: steps.append("settle") or 0.0)
    monkeypatch.setattr(
        Bench,
        "wrk",
        lambda self, file, connections, seconds, once=False: (
            steps.append("wrk") or {**failed("stub"), "statuses": {}}
        ),
    )
    lines = [
        "GET\t/beranda/\tsessionid=aaa; csrftoken=x\t\t",
        "POST\t/profil/\tsessionid=bbb; csrftoken=y\tphone=1\thttps://h/profil/",
        "GET\t/beranda/\tsessionid=aaa; csrftoken=w\t\t",
        "POST\t/masuk/\tcsrftoken=z\tusername=1\thttps://h/masuk/",
        "GET\t/beranda/\tsessionid=ccc; csrftoken=v\t\t",
    ]
    file = tmp_path / "home-10.tsv"
    file.write_text("\n".join(lines) + "\n")
    bench = Bench.__new__(Bench)
    bench.options = Options(seconds=1)
    bench.warm_path = "/keluar/"
    page = {"name": "home", "title": "Home", "anchor": "", "expect": [200]}
    row = bench.window({**page, "files": {"10": [str(file)]}, "lines": {"10": [5]}}, 10, 0)
    assert steps == [
        ("/keluar/", "sessionid=aaa; csrftoken=x"),
        ("/keluar/", "sessionid=bbb; csrftoken=y"),
        ("/keluar/", "sessionid=ccc; csrftoken=v"),
        "settle",
        "wrk",
    ]
    assert row["warmed"] == {"users": 1, "failed": 2}
    steps.clear()
    bench.window({**page, "files": {"10": [str(file)]}, "lines": {"10": [0]}}, 10, 0)
    assert steps == ["settle"]  # nothing prepared: nothing to warm, no run


@pytest.mark.parametrize(
    ("once", "ran_us", "rps", "used_up"),
    [(False, 0, 400.0, False), (True, 0, 400.0, False), (True, 1_250_000, 1600.0, True)],
)
def test_a_run_that_used_up_its_requests_is_timed_until_then(
    monkeypatch, once, ran_us, rps, used_up
):
    """The rate of a page whose every request needs a user of its own (``once``): over the
    time it took to send them all, when that came before the run's seconds were over."""
    commands = []

    def run(command, **kwargs):
        commands.append(command)
        data = {
            "requests": 2000,
            "duration_us": 5_000_000,
            "ran_us": ran_us,
            "p50_us": 3000,
            "p95_us": 5000,
            "p99_us": 9000,
            "max_us": 12000,
            "errors": {},
            "statuses": {"302 /pemesanan/": 1800, "302 /jadwal/": 200},
        }
        return subprocess.CompletedProcess(command, 0, f"BENCH-JSON {json.dumps(data)}\n", "")

    monkeypatch.setattr(subprocess, "run", run)
    bench = Bench.__new__(Bench)
    bench.port = 8000
    outcome = bench.wrk("booking_post-10.tsv", 10, 5, once=once)
    assert (commands[0][-1] == "once") is once
    assert outcome["rps"] == rps and outcome["lines_used_up"] is used_up
    assert outcome["seconds"] == (1.25 if used_up else 5.0)


def test_the_table_says_when_a_run_sent_every_prepared_request():
    row = {
        "name": "booking_post",
        "title": "Booking a slot (POST)",
        "anchor": "",
        "users": 10,
        "rps": 300.0,
        "requests": 1080,
        "seconds": 3.6,
        "lines_used_up": True,
        "p50_ms": 30.0,
        "p95_ms": 60.0,
        "p99_ms": 90.0,
        "statuses": {"302 /pemesanan/": 972, "302 /jadwal/": 108},
        "load": 1.5,
    }
    text = table({"pages": [row], "pdfs": []})
    assert (
        "| 108× 302 /jadwal/, 972× 302 /pemesanan/; every prepared request sent, in 3.6 s | 1.5 |"
        in text
    )


def test_the_table_gives_a_pages_rounds_as_their_medians_and_ranges():
    def run(rps, floor, number, **more):
        return {
            "name": "asn_home",
            "title": "ASN's home",
            "anchor": "",
            "users": 10,
            "round": number,
            "rps": rps,
            "requests": int(rps * 5),
            "p50_ms": 20.0 + number,
            "p95_ms": 40.0 + number,
            "p99_ms": 60.0 + 10 * number,
            "statuses": {"200": int(rps * 5)},
            "load": 3.0 + number,
            "ratio_to_ceiling": round(rps / 1500, 4),
            "ratio_to_floor": round(rps / floor, 4),
            **more,
        }

    def yardstick(title, anchor, rps):
        return {**run(rps, rps, 1), "name": anchor, "title": title, "anchor": anchor}

    def failing(name, title, number, reason):
        return {
            **failed(reason),
            "name": name,
            "title": title,
            "users": 10,
            "anchor": "",
            "round": number,
        }

    rows = []
    for number, (rps, floor) in enumerate([(300.0, 600.0), (330.0, 550.0), (280.0, 620.0)], 1):
        rows += [yardstick("Ceiling", "ceiling", 1500.0), yardstick("Floor", "floor", floor)]
        rows.append(run(rps, floor, number))
    rows.append(failing("booking", "Booking", 1, "wrk gave no result (exit 1)"))
    booked = {"statuses": {"302 /pemesanan/": 500}, "lines_used_up": True}
    rows += [
        {**run(250.0, 600.0, 2), **booked, "name": "booking", "title": "Booking", "seconds": 2.0},
        {**run(270.0, 600.0, 3), **booked, "name": "booking", "title": "Booking", "seconds": 1.9},
    ]
    # A page none of whose runs gave a result: why, each reason once.
    rows += [
        failing("editor", "Editor", 1, "wrk gave no result (exit 1)"),
        failing("editor", "Editor", 2, "no request answered"),
        failing("editor", "Editor", 3, "wrk gave no result (exit 1)"),
    ]
    text = table({"pages": rows, "pdfs": []})
    # req/s, the ratios: the medians, the ranges in brackets; latencies and load: medians.
    assert (
        "| ASN's home | 10 | 300.0 (280–330) | 22.0 | 42.0 | 80.0 | 0.200 (0.187–0.220) "
        "| 0.500 (0.452–0.600) | 4550× 200 | 5.00 |"
    ) in text
    assert (
        "| Booking | 10 | 260.0 (250–270) | 22.5 | 42.5 | 85.0 | 0.173 (0.167–0.180) "
        "| 0.433 (0.417–0.450) | 1000× 302 /pemesanan/; 1 of 3 runs without a result: wrk gave "
        "no result (exit 1); every prepared request sent, in 2.0, 1.9 s | 5.50 |"
    ) in text
    assert (
        "| Editor | 10 | — | — | — | — | — | — | 3 of 3 runs without a result: wrk gave no "
        "result (exit 1), no request answered |  |"
    ) in text


def test_the_floor_is_a_signed_in_page_of_the_base_template_and_nothing_else(client, regency):
    floor = next(page for page in PAGES if page.anchor == FLOOR)
    fixture = Fixture()
    (user,) = fixture.users(floor.role, 1)
    path = floor.path(fixture, user)
    anonymous = client.get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    response = signed_in(client, fixture, user).get(path)
    assert response.status_code == 200
    assert response.context["user"] == user
    own = {t.name for t in response.templates} - {"base.html"}
    assert {name for name in own if not name.startswith("includes/")} == {
        "accounts/logout_confirm.html"
    }


@pytest.mark.parametrize(
    ("weeks", "expected"),
    [
        # Monday: [(capacity, taken) of each slot listed that week]
        ({"2026-12-07": [(1, 0)] * 3, "2026-12-14": [(1, 0)] * 5}, "2026-12-14"),
        ({"2026-12-07": [(1, 0)] * 3, "2026-12-14": [(1, 1)] * 5}, "2026-12-07"),  # full
        ({"2026-12-07": [(1, 1), (2, 1)], "2026-12-14": [(1, 1)] * 2}, "2026-12-07"),
        ({"2026-12-07": [(1, 0)] * 4, "2026-12-14": [(1, 0)] * 4}, "2026-12-07"),  # earlier
        ({"2026-12-07": [(1, 1)]}, None),
        ({}, None),
    ],
)
def test_the_open_slots_page_is_measured_on_the_busiest_week_with_a_free_place(weeks, expected):
    zone = timezone.get_current_timezone()
    slots = [
        (
            datetime.datetime.combine(
                datetime.date.fromisoformat(monday) + datetime.timedelta(days=number % 5),
                datetime.time(9),
                tzinfo=zone,
            ),
            capacity,
            taken,
        )
        for monday, places in weeks.items()
        for number, (capacity, taken) in enumerate(places)
    ]
    week = busiest_open_week(slots)
    assert (week.isoformat() if week else None) == expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        # day of the week 2026-12-07: [(capacity, taken) of each slot listed that day]
        ({0: [(1, 0)] * 2, 2: [(1, 0)] * 3}, 2),
        ({0: [(1, 0)] * 2, 2: [(1, 1)] * 3}, 0),  # the busiest is full
        ({0: [(1, 0)] * 3, 2: [(1, 0)] * 3}, 0),  # earlier of equals
        ({0: [(1, 0)] * 2, 9: [(1, 0)] * 5}, 0),  # another week's day does not count
    ],
)
def test_a_long_week_is_measured_on_its_busiest_day_with_a_free_place(days, expected):
    zone = timezone.get_current_timezone()
    monday = datetime.date(2026, 12, 7)
    slots = [
        (
            datetime.datetime.combine(
                monday + datetime.timedelta(days=day), datetime.time(8 + hour), tzinfo=zone
            ),
            capacity,
            taken,
        )
        for day, places in days.items()
        for hour, (capacity, taken) in enumerate(places)
    ]
    assert busiest_open_day(slots, monday) == monday + datetime.timedelta(days=expected)


def test_the_busiest_week_is_the_one_the_page_shows(client, regency):
    page = next(page for page in PAGES if page.name == "open_slots")
    fixture = Fixture()
    (user,) = fixture.users(page.role, 1)
    week = fixture.busy_week()
    assert week is not None and week.weekday() == 0
    response = signed_in(client, fixture, user).get(page.path(fixture, user))
    assert response.status_code == 200
    assert response.context["calendar"]["monday"] == week
    assert response.context["calendar"]["has_slots"]
    day = fixture.busy_day()
    assert selectors.week_start(day) == week
    assert f"hari={day.isoformat()}" in page.path(fixture, user)
    if response.context["calendar"]["by_day"]:
        assert response.context["calendar"]["shown_day"] == day


def test_a_reused_database_gets_back_the_slots_and_asn_of_the_last_runs_bookings(client, regency):
    page = next(page for page in PAGES if page.name == "booking_post")
    others = set(Booking.objects.values_list("pk", "status"))
    fixture = Fixture()
    free = set(fixture.free_slots())
    users = fixture.users(page.role, 5)
    for user in users:
        signed_in(client, fixture, user).post(page.path(fixture, user), page.data(fixture, user, 0))
    assert Booking.objects.filter(topic=BENCH_TOPIC, status=BookingStatus.BOOKED).count() == 5
    assert len(free - set(Fixture().free_slots())) == 5

    assert undo_previous_run() == {"bookings": 5}
    again = Fixture()
    assert set(again.free_slots()) == free
    without_booking = {u.pk for u in again.users(page.role, 100_000)}
    assert {user.pk for user in users} <= without_booking
    assert set(Booking.objects.values_list("pk", "status")) == others  # nothing else


def cookies_of(client, header):
    client.cookies.clear()
    for part in filter(None, header.split("; ")):
        name, value = part.split("=", 1)
        client.cookies[name] = value


def prepared(folder: Path, *arguments: str) -> dict:
    """The manifest of ``bench_prepare`` for levels 1 and 10 and ``arguments``."""
    out = ("--out", str(folder), "--host", "bench.test", "--levels", "1,10")
    call_command("bench_prepare", *out, *arguments, stdout=StringIO())
    return json.loads((folder / "manifest.json").read_text())


def test_the_prepared_requests_sign_in_for_real_and_mix_contact_saves_into_the_dashboard(
    client, regency, tmp_path
):
    manifest = prepared(tmp_path, "--only", "login_post,dashboard_writes")
    assert [page["name"] for page in manifest["pages"]] == [
        "ceiling",
        "floor",
        "login_post",
        "dashboard_writes",
    ]
    assert [page["anchor"] for page in manifest["pages"]][:2] == [CEILING, FLOOR]
    assert manifest["undone"] == {"bookings": 0}
    assert manifest["open_slots_week"] == Fixture().busy_week().isoformat()
    assert manifest["warm_path"] == reverse("accounts:logout")  # the floor page

    def lines(name, level="1"):
        page = next(page for page in manifest["pages"] if page["name"] == name)
        (file,) = page["files"][level]  # one round
        return [line.split("\t") for line in Path(file).read_text().splitlines()]

    method, path, cookie, body, referer = lines("login_post")[0]
    assert "sessionid" not in cookie and "csrftoken=" in cookie
    cookies_of(client, cookie)
    response = client.post(path, dict(parse_qsl(body)), HTTP_REFERER=referer)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200  # signed in

    mix = lines("dashboard_writes")
    cookies_of(client, mix[1][2])  # a saver's session opens the warm-up page
    assert client.get(manifest["warm_path"]).status_code == 200
    assert [line[0] for line in mix[:4]] == ["GET", "POST", "GET", "POST"]
    assert {line[1] for line in mix[::2]} == {reverse("reports:dashboard")}

    def phones(level):
        posted = defaultdict(list)  # by user
        for method, _path, _cookie, body, _referer in lines("dashboard_writes", level):
            if method == "POST":
                data = dict(parse_qsl(body))
                posted[data["email"]].append(data["phone"])
        return posted

    # Each user's saves post the other of its two numbers each time, and a level other
    # numbers than the level before: every save a change.
    first, then = phones("1"), phones("10")
    for level in (first, then):
        assert all(len(set(posted)) == 2 for posted in level.values())
        assert all(a != b for posted in level.values() for a, b in itertools.pairwise(posted))
    in_both = first.keys() & then.keys()
    assert in_both
    assert all(not set(first[user]) & set(then[user]) for user in in_both)
    for method, path, cookie, body, _referer in mix[:4]:
        cookies_of(client, cookie)
        if method == "GET":
            assert client.get(path).status_code == 200
            version = versions.current(FIGURES_VERSION)
        else:
            posted = dict(parse_qsl(body))
            assert client.post(path, posted).status_code == 302
            assert Pegawai.objects.filter(phone=posted["phone"]).count() == 1
            # A contact moves no figure: the dashboard's cached figures still serve.
            assert versions.current(FIGURES_VERSION) == version


def test_with_rounds_every_run_books_with_asn_of_its_own_and_saves_numbers_of_its_own(
    regency, tmp_path
):
    manifest = prepared(
        tmp_path, "--rounds", "2", "--only", "asn_home,booking_post,dashboard_writes"
    )
    pages = {page["name"]: page for page in manifest["pages"]}
    runs = [(level, round_index) for level in ("1", "10") for round_index in (0, 1)]

    def lines(name, level, round_index):
        file = Path(pages[name]["files"][level][round_index])
        return [line.split("\t") for line in file.read_text().splitlines()]

    # The free slots shared equally among the four runs, each run's ASN its own.
    booking = pages["booking_post"]
    assert len({booking["lines"][level][turn] for level, turn in runs}) == 1
    bookers = [{line[2].split("; ")[0] for line in lines("booking_post", *run)} for run in runs]
    assert all(bookers) and sum(map(len, bookers)) == len(set().union(*bookers))
    # The contact saves of each run post numbers no other run posts.
    phones = [
        {
            dict(parse_qsl(body))["phone"]
            for method, _p, _c, body, _r in lines("dashboard_writes", *run)
            if method == "POST"
        }
        for run in runs
    ]
    assert all(phones) and sum(map(len, phones)) == len(set().union(*phones))
    # A page that goes round a pool of users: the same file for every run.
    assert len({path for files in pages["asn_home"]["files"].values() for path in files}) == 1


@pytest.mark.parametrize("rounds", ["0", "26"])
def test_runs_the_writes_have_no_turns_of_their_own_for_are_refused_before_anything(
    tmp_path, rounds
):
    """Two levels of 26 rounds would be 52 runs: the contact saves' 100 turns, two a run,
    give each of 50 runs numbers of its own."""
    with pytest.raises(CommandError, match="1 to 50 runs"):
        prepared(tmp_path, "--rounds", rounds)
    assert not (tmp_path / "manifest.json").exists()
    with pytest.raises(CommandError, match="at most 50 runs"):
        call_command("bench", "--levels", "1,10", "--rounds", rounds, stdout=StringIO())
