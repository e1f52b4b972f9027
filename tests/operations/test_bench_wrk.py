"""The benchmark's wrk script against a live server. Apart from test_bench.py, whose seeded
regency is shared inside one transaction that a live server's test cannot run beside."""

import json
import subprocess

from operations.bench.driver import LUA


def replay(server, lines, *, connections=3, seconds=1, once=False) -> dict:
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(LUA),
            server.url,
            "--",
            str(lines),
            "1",
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


def test_once_each_line_is_sent_once_and_the_run_is_timed_until_the_last(live_server, tmp_path):
    """A booking POST needs a user of its own per request: once the prepared ones are used
    up, the run stops, timed until then, not at the end of its -d (which wrk still waits
    out). The requests still in flight then (fewer than the connections) are not counted."""
    lines = tmp_path / "lines.tsv"
    lines.write_text("GET\t/healthz\t\t\t\n" * 20 + "GET\t/tidak-ada/\t\t\t\n" * 20)
    data = replay(live_server, lines, connections=2, seconds=5, once=True)
    assert 38 <= data["requests"] <= 40
    assert 18 <= data["statuses"]["200"] <= 20 and 18 <= data["statuses"]["404"] <= 20
    assert 0 < data["ran_us"] < 4_000_000 < data["duration_us"]
