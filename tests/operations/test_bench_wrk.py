"""The benchmark's wrk script against a live server. Apart from test_bench.py, whose seeded
regency is shared inside one transaction that a live server's test cannot run beside."""

import json
import subprocess

from operations.bench.driver import LUA


def test_the_wrk_script_replays_every_line_and_counts_the_answers(live_server, tmp_path):
    lines = tmp_path / "lines.tsv"
    lines.write_text(
        "GET\t/healthz\t\t\t\n"
        "GET\t/beranda/\t\t\t\n"  # anonymous: sent to the login page
        "GET\t/tidak-ada/\t\t\t\n"
    )
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            "-c3",
            "-d1s",
            "-s",
            str(LUA),
            live_server.url,
            "--",
            str(lines),
            "1",
            "localhost",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH-JSON "))
    data = json.loads(line.removeprefix("BENCH-JSON "))
    statuses = data["statuses"]
    assert set(statuses) == {"200", "302 /masuk/", "404"}
    assert sum(statuses.values()) == data["requests"] > 3
    # Each line in turn: the counts differ by at most one round.
    assert max(statuses.values()) - min(statuses.values()) <= 3
    assert data["p50_us"] <= data["p99_us"] <= data["max_us"]
