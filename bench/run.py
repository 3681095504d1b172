"""The benchmark: each endpoint's throughput and latency at 1,000 and 1,000,000 rounds.

For each size: a fresh PostgreSQL database, migrated, seeded and filled by
`manage.py generate_synthetic`; gunicorn with 2 × cores + 1 workers and the production settings;
wrk on loopback for a fixed time per endpoint, several runs, medians reported. Each endpoint's
throughput is also given as a ratio to the ceiling (bench/views.py: the same 50 rows read with
.values() into a JsonResponse), served by the same gunicorn in the same run. Queries per
request are counted in-process with Django's test client.

    python bench/run.py                       # 1,000 and 1,000,000 rounds, writes RESULTS.md
    python bench/run.py --sizes 1000 20000 --seconds 3 --runs 1   # a quick look
    python bench/run.py --no-peer             # without the comparison with Datasette
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `bench` as a package, run as a script
from bench import server, tables  # noqa: E402

PYTHON = sys.executable
ENDPOINTS = [
    "ceiling",
    "rounds list (page of 50)",
    "rounds by country pair and year",
    "full-text search",
    "mechanism detail",
    "dyad view",
    "CSV export",
    "provenance worklist",
]


def run(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def without_redis(env: dict) -> dict:
    """The settings' cache is the database's without REDIS_URL, as scale.py measures the admin
    with: `createcachetable` makes its table only then (with Redis it makes nothing)."""
    return {name: value for name, value in env.items() if name != "REDIS_URL"}


def prepare(admin_url: str, size: int, env: dict, reuse: bool) -> tuple[str, float | None]:
    """A database of `size` synthetic rounds (plus the seed); returns its URL and load time.

    With `reuse`, a database left by an earlier run is kept (migrated to the current code).
    """
    name = f"dialogue_bench_{size}"
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    if reuse:
        try:
            with psycopg.connect(url) as connection:
                (count,) = connection.execute("SELECT count(*) FROM dialogue_round").fetchone()
        except psycopg.Error:
            count = None
        if count is not None and count >= size:
            run({**env, "DATABASE_URL": url}, "migrate", "--noinput", "-v0")
            run(without_redis({**env, "DATABASE_URL": url}), "createcachetable")
            with psycopg.connect(url, autocommit=True) as connection:
                connection.execute("VACUUM ANALYZE")
            return url, None
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {**env, "DATABASE_URL": url}
    run(env, "migrate", "--noinput", "-v0")
    run(without_redis(env), "createcachetable")
    run(env, "seed", "-v0")
    started = time.monotonic()
    run(env, "generate_synthetic", "--rounds", str(size), "--seed", "1", "-v0")
    loaded = time.monotonic() - started
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return url, loaded


def paths(url: str, size: int) -> dict[str, str]:
    """The request of each endpoint, chosen from the data so each is a realistic one."""
    with psycopg.connect(url) as connection:
        (mechanism_id,) = connection.execute(
            "SELECT id FROM dialogue_mechanism WHERE slug = 'syn-1-0'"
        ).fetchone()
        first, second = (
            code
            for (code,) in connection.execute(
                "SELECT country_id FROM dialogue_mechanism_countries WHERE mechanism_id = %s "
                "ORDER BY country_id",
                [mechanism_id],
            )
        )
        (total,) = connection.execute("SELECT count(*) FROM dialogue_round").fetchone()
        # A window of dates holding about 10,000 rounds (all of them at small sizes).
        window = ""
        if total > 10_000:
            middle = total // 2
            start, end = (
                connection.execute(
                    "SELECT start_date FROM dialogue_round ORDER BY start_date OFFSET %s LIMIT 1",
                    [offset],
                ).fetchone()[0]
                for offset in (middle, middle + 10_000)
            )
            window = f"&date_from={start}&date_to={end}"
    return {
        "ceiling": "/bench/ceiling/",
        "rounds list (page of 50)": "/api/v1/rounds/?page_size=50",
        "rounds by country pair and year": f"/api/v1/rounds/?country={first}&country={second}"
        "&year=2010",
        "full-text search": "/api/v1/rounds/?q=fisheries",
        "mechanism detail": f"/api/v1/mechanisms/{mechanism_id}/",
        "dyad view": f"/api/v1/dyads/{first}-{second}/",
        "CSV export": f"/api/v1/rounds/?format=csv{window}",
        "provenance worklist": "/api/v1/provenance/?unsupported=1&resource=round",
    }


QUERY_COUNTER = """
import json, sys
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
counts = {}
client = Client(HTTP_HOST="127.0.0.1")
for name, path in json.loads(sys.argv[1]).items():
    client.get(path)  # warm caches of the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    counts[name] = [len(captured), response.status_code]
# A client that holds the rounds list's ETag asks again: a 304 from the cache, no queries.
path = json.loads(sys.argv[1])["rounds list (page of 50)"]
etag = client.get(path)["ETag"]
with CaptureQueriesContext(connection) as captured:
    response = client.get(path, headers={"If-None-Match": etag})
counts["rounds list, If-None-Match"] = [len(captured), response.status_code]
print(json.dumps(counts))
"""


def count_queries(env: dict, endpoint_paths: dict) -> dict:
    result = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); exec(open(0).read())",
            json.dumps(endpoint_paths),
        ],
        input=QUERY_COUNTER,
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(url: str, size: int, args, env: dict) -> dict:
    env = {**env, "DATABASE_URL": url}
    endpoint_paths = paths(url, size)
    queries = count_queries(env, endpoint_paths)
    workers = 2 * (os.cpu_count() or 1) + 1
    with server.gunicorn("config.wsgi:application", env, workers) as running:
        results = {}
        for name in ENDPOINTS:
            path = endpoint_paths[name]
            server.wrk(running.url(path), 1, 2)  # warm-up
            runs = []
            for _ in range(args.runs):
                running.drain()
                runs.append(server.wrk(running.url(path), args.seconds, args.connections))
            results[name] = {
                "path": path,
                "rps": statistics.median(r["rps"] for r in runs),
                "p50": statistics.median(r["p50"] for r in runs),
                "p99": statistics.median(r["p99"] for r in runs),
                "errors": sum(r["errors"] for r in runs),
                "queries": queries[name][0],
                "status": queries[name][1],
            }
    return {"workers": workers, "results": results, "queries": queries}


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1) if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    with psycopg.connect(
        os.environ.get("BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    ) as c:
        pg = c.execute("SHOW server_version").fetchone()[0]
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}; Python {platform.python_version()}, "
        f"PostgreSQL {pg}, {platform.system()} {platform.release()}"
    )


def table(sizes: list[int], measured: dict) -> str:
    rows = []
    for name in ENDPOINTS:
        for size in sizes:
            row = measured[size]["results"][name]
            ceiling = measured[size]["results"]["ceiling"]["rps"]
            rows.append(
                (
                    name,
                    f"{size:,}",
                    f"{row['rps']:.0f}",
                    f"{row['rps'] / ceiling:.2f}",
                    f"{row['p50']:.1f}",
                    f"{row['p99']:.1f}",
                    row["queries"],
                    row["errors"],
                )
            )
    return tables.markdown(
        [
            "endpoint",
            "rounds",
            "req/s",
            "ratio to ceiling",
            "p50 ms",
            "p99 ms",
            "queries",
            "non-2xx",
        ],
        "lrrrrrrr",
        rows,
    )


def warm_targets(sizes: list[int], measured: dict) -> list[dict]:
    """Target 2: the warm rounds list against the ceiling, and a 304 without queries."""
    rows = []
    for size in sizes:
        results = measured[size]["results"]
        ratio = results["rounds list (page of 50)"]["rps"] / results["ceiling"]["rps"]
        rows.append(
            {
                "target": "2. warm reads",
                "name": f"rounds list, warm, {size:,} rounds: req/s against the ceiling",
                "measured": f"{ratio:.2f}",
                "goal": "≥ 0.8",
                "met": ratio >= 0.8,
            }
        )
    queries, status = measured[sizes[0]]["queries"]["rounds list, If-None-Match"]
    rows.append(
        {
            "target": "2. warm reads",
            "name": "rounds list with If-None-Match: status and SQL queries",
            "measured": f"{status}, {queries} queries",
            "goal": "304, 0 queries",
            "met": status == 304 and queries == 0,
        }
    )
    return rows


def cold_targets(url: str) -> tuple[list[dict], str]:
    """Target 1: every list and detail endpoint, cold, against its own data cost."""
    from bench import cold

    measured = cold.measure(url, redis=server.redis())
    rows = [
        {
            "target": "1. cold reads",
            "name": f"{row['name']}: full request against its SQL + encoding",
            "measured": f"{row['ratio']:.1f}×",
            "goal": "≤ 10×",
            "met": row["met"],
        }
        for row in measured
    ]
    return rows, cold.table(measured)


def extra_targets(small_url: str, large_url: str) -> list[dict]:
    """Targets 3 (scale, bench/scale.py), 4 (exports, bench/exports.py) and 5 (the admin's
    query counts, held by tests/api/test_query_counts.py: run here, passed or failed)."""
    from bench import exports, scale

    rows = [
        {**row, "target": "3. scale", "goal": row["target"]}
        for row in scale.scale_rows(small_url, large_url)
    ]
    rows += [
        {**row, "target": "4. exports", "goal": row["target"]}
        for row in exports.export_rows(large_url)
    ]
    admin_query_tests = ["tests/api/test_query_counts.py", "-k", "admin", "--no-cov", "-q"]
    admin_tests = subprocess.run(
        [PYTHON, "-m", "pytest", *admin_query_tests],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
    )
    summary = (admin_tests.stdout.strip().splitlines() or ["no output"])[-1]
    rows.append(
        {
            "target": "5. the admin",
            "name": "changelists and change pages: the same queries for 1 and 50 rows, no "
            "xfail (tests/api/test_query_counts.py -k admin)",
            "measured": summary,
            "goal": "all pass",
            "met": admin_tests.returncode == 0 and "xfail" not in summary,
        }
    )
    return rows


def peer_targets(args) -> tuple[list[dict], str]:
    """Target 6: against Datasette serving the same SQLite file (bench/peer.py), with the
    response cache on and off; the rows and the measurement's report."""
    from bench import peer

    measured = peer.measure(seconds=args.seconds, runs=args.runs, connections=args.connections)
    return peer.target_rows(measured), peer.report(measured)


MARK_START, MARK_END = "<!-- make bench: start -->", "<!-- make bench: end -->"


def write_results(path: Path, generated: str) -> None:
    """Replace the generated part of RESULTS.md, keeping the notes around it."""
    empty = f"# Benchmark results\n\n{MARK_START}\n{MARK_END}\n"
    text = path.read_text() if path.exists() else empty
    before, _, rest = text.partition(MARK_START)
    _, _, after = rest.partition(MARK_END)
    path.write_text(f"{before}{MARK_START}\n{generated}{MARK_END}{after}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    parser.add_argument(
        "--reuse", action="store_true", help="Keep databases an earlier run loaded."
    )
    parser.add_argument(
        "--no-peer", action="store_true", help="Skip the comparison with Datasette (peer.py)."
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    env = server.environment(**server.redis())
    run(env, "collectstatic", "--noinput", "-v0")
    measured: dict[int, dict] = {}
    urls: dict[int, str] = {}
    loads: dict[int, float] = {}
    for size in args.sizes:
        print(f"loading {size:,} rounds …", flush=True)
        url, seconds = prepare(args.database_url, size, env, args.reuse)
        if seconds is not None:
            loads[size] = seconds
        print(
            f"  ready ({'reused' if seconds is None else f'loaded in {seconds:.1f} s'}); "
            "measuring …",
            flush=True,
        )
        measured[size] = measure(url, size, args, env)
        urls[size] = url
    result = table(args.sizes, measured)
    print(result)
    small, large = args.sizes[0], args.sizes[-1]
    print("measuring the targets …", flush=True)
    cold_rows, cold_table = cold_targets(urls[small])
    target_rows = cold_rows + warm_targets(args.sizes, measured)
    target_rows += extra_targets(urls[small], urls[large])
    peer_section = ""
    if not args.no_peer:
        print("measuring against Datasette …", flush=True)
        peer_rows, peer_report = peer_targets(args)
        target_rows += peer_rows
        peer_section = (
            f"\n### Against Datasette on the same SQLite file (`bench/peer.py`)\n\n{peer_report}\n"
        )
    targets = tables.targets(target_rows)
    print(targets)
    command = "python bench/run.py " + " ".join(sys.argv[1:])
    load_lines = "\n".join(
        f"- {size:,} rounds generated in {seconds:.1f} s ({size / seconds * 60:,.0f} a minute)"
        for size, seconds in loads.items()
    )
    generated = (
        f"Run on {datetime.date.today()}, {machine()}.\n\n"
        f"Command: `{command.strip()}` (`make bench`). gunicorn with "
        f"{measured[args.sizes[0]]['workers']} workers (2 × cores + 1), production settings; "
        f"wrk with 2 threads and {args.connections} connections on loopback, {args.seconds:g} s "
        f"per endpoint, median of {args.runs} runs. Queries per request counted in-process.\n\n"
        f"{result}\n\n{load_lines}\n\nRequests:\n\n"
        + "\n".join(
            f"- {name}: `{measured[args.sizes[-1]]['results'][name]['path']}`" for name in ENDPOINTS
        )
        + "\n\n### The issue's targets, met or missed\n\n"
        + targets
        + "\n\n### Cold reads against their own data cost (in-process, `bench/cold.py`, "
        + f"{small:,} rounds)\n\n"
        + cold_table
        + "\n"
        + peer_section
    )
    write_results(Path(args.results), generated)
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
