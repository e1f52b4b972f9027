"""The benchmark's wrk script against a live server. Apart from test_bench.py, whose seeded
regency is shared inside one transaction that a live server's test cannot run beside."""

import json
import subprocess

import pytest

from operations.bench.driver import LUA


def replay(server, lines, *, threads=1, connections=3, seconds=1, once=False) -> dict:
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(LUA),
            server.url,
            "--",
            str(lines),
            str(threads),
            "localhost",
            *(["once"] if once else []),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH-JSON "))
    return json.loads(line.removeprefix("BENCH-JSON "))


def test_the_wrk_script_replays_every_line_and_counts_the_answers(live_server, tmp_path):
    lines = tmp_path / "lines.tsv"
    lines.write_text(
        "GET\t/healthz\t\t\t\n"
        "GET\t/beranda/\t\t\t\n"  # anonymous: sent to the login page
        "GET\t/tidak-ada/\t\t\t\n"
    )
    data = replay(live_server, lines)
    assert data["ran_us"] == 0  # went round the lines until the end of its second
    statuses = data["statuses"]
    assert set(statuses) == {"200", "302 /masuk/", "404"}
    assert sum(statuses.values()) == data["requests"] > 3
    # Each line in turn: the counts differ by at most one round.
    assert max(statuses.values()) - min(statuses.values()) <= 3
    assert data["p50_us"] <= data["p99_us"] <= data["max_us"]


@pytest.mark.parametrize(
    ("threads", "connections"),
    [(1, 2), (2, 4), (1, 50)],
    ids=["one-thread", "two-threads", "more-users-than-lines"],
)
def test_once_each_line_is_sent_once_and_the_run_is_timed_until_the_last_answer(
    live_server, tmp_path, threads, connections
):
    """A booking POST needs a user of its own per request: each line is sent once, the
    first (which wrk's look before the run must not use up) and the last (which two
    connections must not both send) included, and the run is timed until the last answer,
    not to the end of its -d (which wrk still waits out)."""
    lines = tmp_path / "lines.tsv"
    lines.write_text(
        "GET\t/beranda/\t\t\t\n"  # anonymous: sent to the login page
        + "GET\t/healthz\t\t\t\n" * 19
        + "GET\t/tidak-ada/\t\t\t\n" * 20
    )
    data = replay(
        live_server, lines, threads=threads, connections=connections, seconds=5, once=True
    )
    assert data["statuses"] == {"302 /masuk/": 1, "200": 19, "404": 20}
    assert data["requests"] == 40
    assert 0 < data["ran_us"] < 4_000_000 < data["duration_us"]
