"""Scale (issue 13, target 3): each request's p50 at 1,000,000 rounds against 1,000, in-process.

For each database (the small one, then the large one), a child process sets Django up with the
production settings (DEBUG off; bench.settings) on that database and times each request with
Django's test client: one unmeasured request first (imports, process caches), then `--runs`
measured ones; the median is the p50. The admin's pages are requested as a superuser created
inside a transaction that is rolled back at the end, so the databases are left as they were.

    python bench/scale.py postgres://postgres@127.0.0.1:5432/dialogue_bench_1000 \\
        postgres://postgres@127.0.0.1:5432/dialogue_bench_1000000

prints `request | p50 at 1,000 | p50 at 1,000,000 | ratio | met/missed (≤2×)`.
`scale_rows(small_url, large_url)` returns the same as a list of dicts (for bench/run.py).
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `bench` as a package, run as a script
from bench import server, tables  # noqa: E402

TARGET_RATIO = 2.0
REQUESTS = [
    ("rounds list", "/api/v1/rounds/?page_size=50"),
    ("country pair and year", "/api/v1/rounds/?country={first}&country={second}&year=2010"),
    ("full-text search", "/api/v1/rounds/?q=fisheries"),
    ("dyad view", "/api/v1/dyads/{first}-{second}/"),
    ("mechanism detail", "/api/v1/mechanisms/{mechanism}/"),
    ("admin round changelist", "/admin/dialogue/round/"),
    ("admin round change page", "/admin/dialogue/round/{round}/change/"),
]


def environment(database_url: str) -> dict[str, str]:
    """Production settings (bench.settings adds only the ceiling view), throttles lifted."""
    return server.environment(
        database_url,
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        REQUEST_TIMEOUT="0",  # time each request to its end
    )


def measure_here(runs: int) -> dict[str, dict]:
    """In the child: p50 and status of each request, on the database DATABASE_URL names."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM dialogue_mechanism WHERE slug = 'syn-1-0'")
        (mechanism,) = cursor.fetchone()
        cursor.execute(
            "SELECT country_id FROM dialogue_mechanism_countries WHERE mechanism_id = %s "
            "ORDER BY country_id",
            [mechanism],
        )
        first, second = (code for (code,) in cursor.fetchall())
        cursor.execute(
            "SELECT id FROM dialogue_round WHERE mechanism_id = %s ORDER BY number LIMIT 1",
            [mechanism],
        )
        (round_id,) = cursor.fetchone()
    values = {"first": first, "second": second, "mechanism": mechanism, "round": round_id}
    results: dict[str, dict] = {}
    with transaction.atomic():
        user = get_user_model().objects.create_superuser(
            f"bench-{secrets.token_hex(4)}", "bench@example.org", secrets.token_urlsafe(20)
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        for name, template in REQUESTS:
            path = template.format(**values)
            client.get(path)  # unmeasured: imports, content types, templates
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get(path)
                if response.streaming:
                    b"".join(response.streaming_content)
                else:
                    response.content  # noqa: B018
                times.append(time.perf_counter() - started)
            results[name] = {
                "path": path,
                "p50_ms": statistics.median(times) * 1000,
                "status": response.status_code,
            }
        transaction.set_rollback(True)
    return results


def measure(database_url: str, runs: int) -> dict[str, dict]:
    """The requests' p50s on one database, measured in a child process."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", "--runs", str(runs)],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def collect_static(database_url: str) -> None:
    """The admin's pages need the production static manifest (as bench/run.py makes it)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
    )


def scale_rows(small_url: str, large_url: str, runs: int = 7) -> list[dict]:
    """One row a request: name, p50 at each size (ms), ratio, target (≤ 2×) and met."""
    collect_static(small_url)
    small, large = measure(small_url, runs), measure(large_url, runs)
    rows = []
    for name, _template in REQUESTS:
        ratio = large[name]["p50_ms"] / small[name]["p50_ms"]
        ok = small[name]["status"] == large[name]["status"] == 200
        rows.append(
            {
                "name": name,
                "path": large[name]["path"],
                "p50_small_ms": small[name]["p50_ms"],
                "p50_large_ms": large[name]["p50_ms"],
                "value": ratio,
                "measured": f"{ratio:.2f}×",
                "target": f"≤ {TARGET_RATIO:g}×",
                "met": ok and ratio <= TARGET_RATIO,
                "status": (small[name]["status"], large[name]["status"]),
            }
        )
    return rows


def table(rows: list[dict]) -> str:
    return tables.markdown(
        ["request", "p50 at 1,000", "p50 at 1,000,000", "ratio", "met/missed (≤2×)"],
        "lrrrl",
        [
            (
                f"{row['name']} `{row['path']}`",
                f"{row['p50_small_ms']:.1f} ms",
                f"{row['p50_large_ms']:.1f} ms",
                f"{row['value']:.2f}×",
                tables.met(row["met"])
                + ("" if row["status"] == (200, 200) else f" (status {row['status']})"),
            )
            for row in rows
        ],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("small_url", nargs="?")
    parser.add_argument("large_url", nargs="?")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_here(args.runs)))
        return 0
    if not (args.small_url and args.large_url):
        parser.error("give the URLs of the 1,000-round and the 1,000,000-round databases")
    print(table(scale_rows(args.small_url, args.large_url, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
