"""Exports (issue 13, target 4): CSV and iCalendar of every round, through a real server.

Starts gunicorn (one sync worker, the production settings, as bench/run.py does) on the
database given, warms the worker with a small export, then downloads each whole export once
(`/api/v1/rounds/?format=csv`, `?format=ics`) and measures:

- rows a second: the rounds in the database (every one is exported) over the whole download;
- time to first byte: from sending the request to the first byte of the body;
- the worker's peak RSS growth: its peak resident memory during the download (VmHWM, reset
  before each download through /proc/<pid>/clear_refs, and VmRSS polled every 20 ms) less its
  resident memory before it;
- rows a CPU-second of the worker (its user and system time over the download): on a machine
  busy with other work, wall time measures the neighbours as much as the export.

Targets: ≥ 30,000 rows/s (issue 24, target 6; issue 13 asked 20,000), ≤ 100 MB, ≤ 1 s.

    python bench/exports.py postgres://postgres@127.0.0.1:5432/dialogue_bench_1000000

`export_rows(url)` returns the same as a list of dicts (for bench/run.py).

gunicorn runs with `--timeout 600`: a sync worker is silent to its arbiter while it streams,
and the image's `--timeout 30` kills any response that takes longer than 30 s, whatever it
is doing (a million rounds at 20,000 a second take 50 s).
"""

import argparse
import contextlib
import http.client
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `bench` as a package, run as a script
from bench import server, tables  # noqa: E402

EXPORTS = [
    ("CSV export", "/api/v1/rounds/?format=csv", b"\r\n"),
    ("iCalendar export", "/api/v1/rounds/?format=ics", b"BEGIN:VEVENT"),
]
MIN_ROWS_PER_SECOND = 30_000
MAX_RSS_GROWTH_MB = 100
MAX_FIRST_BYTE_S = 1.0


def status_kib(pid: int, field: str) -> int:
    found = re.search(rf"^{field}:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
    return int(found.group(1)) if found else 0


def download(port: int, path: str, marker: bytes) -> dict:
    """Time to first byte, total time, bytes and occurrences of `marker` in the body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first_byte = None
    size = count = 0
    tail = b""
    while piece := response.read1(1 << 16):
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(piece)
        window = tail + piece
        count += window.count(marker)
        tail = window[-(len(marker) - 1) :] if len(marker) > 1 else b""
        count -= tail.count(marker)  # counted again with the next piece
    total = time.perf_counter() - started
    connection.close()
    return {
        "status": response.status,
        "first_byte": first_byte or total,
        "seconds": total,
        "bytes": size,
        "markers": count,
    }


def measure(database_url: str) -> dict[str, dict]:
    env = server.environment(database_url)
    with psycopg.connect(database_url) as connection:
        (rounds,) = connection.execute("SELECT count(*) FROM dialogue_round").fetchone()
    results: dict[str, dict] = {}
    with server.gunicorn(
        "config.wsgi:application",
        env,
        workers=1,
        options=["--worker-class", "sync", "--timeout", "600"],
    ) as running:
        for name, path, marker in EXPORTS:
            (worker,) = running.workers()  # a new one if a download killed the last
            download(running.port, f"{path}&year=1995", marker)  # warm: imports, caches, connection
            before = status_kib(worker, "VmRSS")
            with open(f"/proc/{worker}/clear_refs", "w") as refs:
                refs.write("5")  # resets VmHWM to the current RSS
            peak = [before]
            done = threading.Event()

            def poll(
                peak: list[int] = peak, done: threading.Event = done, worker: int = worker
            ) -> None:
                while not done.wait(0.02):
                    with contextlib.suppress(OSError):
                        peak[0] = max(peak[0], status_kib(worker, "VmRSS"))

            poller = threading.Thread(target=poll, daemon=True)
            poller.start()
            started = time.perf_counter()
            cpu_before = server.cpu_seconds(worker)
            try:
                got = download(running.port, path, marker)
            except (OSError, http.client.HTTPException) as error:
                # The worker died (gunicorn's timeout) or the response broke off.
                got = {
                    "status": f"broken off: {error!r}"[:80],
                    "first_byte": float("nan"),
                    "seconds": time.perf_counter() - started,
                    "bytes": 0,
                    "markers": 0,
                }
            cpu = server.cpu_seconds(worker) - cpu_before
            done.set()
            poller.join()
            with contextlib.suppress(OSError):
                peak[0] = max(peak[0], status_kib(worker, "VmHWM"))
            high = peak[0]
            rows = got["markers"] - 1 if marker == b"\r\n" else got["markers"]  # CSV: header
            results[name] = {
                **got,
                "path": path,
                "rounds": rounds,
                "rows": rows,
                "rows_per_second": rounds / got["seconds"],
                "rows_per_cpu_second": rounds / cpu if cpu > 0 else float("nan"),
                "rss_growth_mb": (high - before) / 1024,
            }
    return results


def export_rows(database_url: str) -> list[dict]:
    """Three rows an export (rows/s, time to first byte, peak RSS growth): name, measured
    value, target, met."""
    rows = []
    for name, result in measure(database_url).items():
        ok = result["status"] == 200
        rows += [
            {
                "name": f"{name}: rows/s",
                "value": result["rows_per_second"],
                "measured": f"{result['rows_per_second']:,.0f} rows/s "
                f"({result['rounds']:,} rounds in {result['seconds']:.1f} s, "
                f"{result['bytes'] / 1e6:,.0f} MB; "
                f"{result['rows_per_cpu_second']:,.0f} rows a CPU-second of the worker)",
                "target": f"≥ {MIN_ROWS_PER_SECOND:,} rows/s",
                "met": ok and result["rows_per_second"] >= MIN_ROWS_PER_SECOND,
            },
            {
                "name": f"{name}: time to first byte",
                "value": result["first_byte"],
                "measured": f"{result['first_byte']:.3f} s",
                "target": f"≤ {MAX_FIRST_BYTE_S:g} s",
                "met": ok and result["first_byte"] <= MAX_FIRST_BYTE_S,
            },
            {
                "name": f"{name}: worker peak RSS growth",
                "value": result["rss_growth_mb"],
                "measured": f"{result['rss_growth_mb']:.1f} MB",
                "target": f"≤ {MAX_RSS_GROWTH_MB} MB",
                "met": ok and result["rss_growth_mb"] <= MAX_RSS_GROWTH_MB,
            },
        ]
        if not ok:
            for row in rows[-3:]:
                row["measured"] += f" (status {result['status']})"
        if result["rows"] != result["rounds"]:
            rows[-3]["measured"] += f" — but {result['rows']:,} rows counted in the body"
            rows[-3]["met"] = False
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", help="the 1,000,000-round database")
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=server.environment(args.database_url),
        check=True,
    )
    rows = export_rows(args.database_url)
    print(
        tables.markdown(
            ["export", "measured", "target", "met/missed"],
            "llll",
            [(row["name"], row["measured"], row["target"], tables.met(row["met"])) for row in rows],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
