"""The most expensive anonymous requests found, timed one at a time against a running server.

Each request is one a visitor with no account can send: the widest search the caps allow (words
that every synthetic round holds, so no part of the search can be skipped), by itself and under
the statistics and the timeline, the whole calendar and spreadsheet of every round, and what
the availability review of issue 25 found: the provenance worklist with an odd page size, a page
past the planner's estimate, and a JSON body of `"\\` repeated (80 KB; its check cost the square of
the body). Each is sent alone (no concurrency: the cost of one request), `--runs` times; the
median is reported, with the status (503 is the request deadline, REQUEST_TIMEOUT) and the
bytes answered.

    python bench/worst.py --base-url http://127.0.0.1:8000 --runs 3

Serve a database filled by `manage.py generate_synthetic --rounds 20000 --seed 1` with
gunicorn and the production settings, the throttle raised (THROTTLE_ANON=100000/minute).
"""

import argparse
import statistics
import sys
import time
import urllib.error
import urllib.request

# Seven words every synthetic round holds: in its summary, its citation's quote, and its
# mechanism's name ("Synthetic …").
EVERY_ROUND = "sides discussed cooperation agreed continue work synthetic"
QUOTE_BACKSLASH = b'"\\' * 40_000  # 80 KB
REQUESTS: dict[str, tuple[str, bytes | None]] = {
    "search, 7 words every round holds": (f"/api/v1/rounds/?q={EVERY_ROUND}", None),
    "stats of that search": (f"/api/v1/stats/?q={EVERY_ROUND}", None),
    "timeline page of that search": (f"/timeline/?q={EVERY_ROUND}", None),
    "calendar of every round": ("/api/v1/rounds/?format=ics", None),
    "spreadsheet of every round": ("/api/v1/rounds/?format=csv", None),
    "worklist, an odd page size": ("/api/v1/provenance/?unsupported=1&page_size=37", None),
    "worklist, a deep page": ("/api/v1/provenance/?unsupported=1&page_size=20&page=900", None),
    'a body of `"\\` repeated, 80 KB': ("/api/v1/rounds/", QUOTE_BACKSLASH),
}


def fetch(url: str, timeout: float, body: bytes | None = None) -> tuple[int, float, int]:
    started = time.perf_counter()
    request = urllib.request.Request(url, data=body)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, size = response.status, len(response.read())
    except urllib.error.HTTPError as error:
        status, size = error.code, len(error.read())
    return status, time.perf_counter() - started, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    print("| request | status | median s | bytes |")
    print("|---|---:|---:|---:|")
    for name, (path, body) in REQUESTS.items():
        url = args.base_url.rstrip("/") + path.replace(" ", "%20")
        try:
            runs = [fetch(url, args.timeout, body) for _ in range(args.runs)]
        except TimeoutError:
            print(f"| {name}: `{path}` | no answer | > {args.timeout:g} | 0 |", flush=True)
            continue
        statuses = "/".join(sorted({str(status) for status, _, _ in runs}))
        seconds = statistics.median(elapsed for _, elapsed, _ in runs)
        size = max(size for _, _, size in runs)
        print(f"| {name}: `{path}` | {statuses} | {seconds:.2f} | {size:,} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
