"""Cold reads against their own data cost: every list and detail endpoint, in-process.

For each endpoint (a page of 50 for lists), with the response cache on but unable to answer
(emptied before each timed request, as a page no one has asked for since the last write
finds it): the full request through Django's WSGI handler (middleware, view, rendering, the
cache's look-up and store), against the endpoint's own data cost, which is running exactly
the SQL statements of its data the request ran (captured, then re-run on a cursor and
fetched) plus encoding exactly its payload with orjson. Target: at most 10× (issue 24: a
ratio of data cost to request of at least 0.10). Medians of `--repeats` runs. What every
request reads whatever its data (the registry's version, throttle counters, sessions:
tests/queries.py) is not the endpoint's data.

    python bench/cold.py --database-url postgres://postgres@127.0.0.1:5432/dialogue_bench_1000
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `bench` as a package, run as a script
from bench import server, tables  # noqa: E402

TARGET = 10.0
RESOURCES = (
    "countries",
    "places",
    "people",
    "organisations",
    "mechanisms",
    "rounds",
    "documents",
    "indicators",
    "topics",
    "sources",
)


def environment(database_url: str, redis: dict | None = None) -> dict:
    """The benchmark's production settings, the response cache on (as deployed)."""
    return server.environment(database_url, **(redis or {}))


def measure(database_url: str, repeats: int = 30, redis: dict | None = None) -> list[dict]:
    """Each endpoint's cold request time, data cost and ratio (in a child process, so the
    settings are the benchmark's; `redis` the REDIS_URL the server runs with, if any)."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", "--repeats", str(repeats)],
        cwd=ROOT,
        env=environment(database_url, redis),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def child(repeats: int) -> list[dict]:
    import django

    django.setup()
    import orjson
    from django.core.cache import caches
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import queries  # what a statement is: data or overhead (one definition)

    handler = WSGIHandler()
    responses = caches["responses"]

    def request(path: str) -> tuple[int, bytes]:
        address, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": address,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        status = []
        body = b"".join(handler(environ, lambda code, headers: status.append(code)))
        return int(status[0].split()[0]), body

    def median_ms(action, times: int, before=lambda: None) -> float:
        samples = []
        for _ in range(times):
            before()  # untimed
            started = time.perf_counter()
            action()
            samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples)

    paths: dict[str, str] = {}
    for resource in RESOURCES:
        status, body = request(f"/api/v1/{resource}/?page_size=50")
        assert status == 200, (resource, status, body[:300])
        results = json.loads(body)["results"]
        paths[f"{resource} list"] = f"/api/v1/{resource}/?page_size=50"
        if results:
            key = "code" if resource == "countries" else "id"
            paths[f"{resource} detail"] = f"/api/v1/{resource}/{results[-1][key]}/"

    rows = []
    for name, path in paths.items():
        request(path)  # warm process-wide caches
        responses.clear()
        with CaptureQueriesContext(connection) as captured:
            status, body = request(path)
        statements = [
            query["sql"]
            for query in captured.captured_queries
            if not queries.is_overhead(query["sql"])
        ]
        payload = json.loads(body)

        def run_sql(statements=statements) -> None:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    if cursor.description is not None:
                        cursor.fetchall()

        full = median_ms(lambda path=path: request(path), repeats, before=responses.clear)
        sql = median_ms(run_sql, repeats)
        encode = median_ms(lambda payload=payload: orjson.dumps(payload), repeats)
        ratio = full / (sql + encode)
        rows.append(
            {
                "name": name,
                "path": path,
                "status": status,
                "queries": len(statements),
                "full_ms": round(full, 2),
                "sql_ms": round(sql, 3),
                "encode_ms": round(encode, 3),
                "ratio": round(ratio, 1),
                "target": TARGET,
                "met": ratio <= TARGET,
            }
        )
    return rows


def table(rows: list[dict]) -> str:
    return tables.markdown(
        ["endpoint", "full request ms", "its SQL ms", "its encoding ms", "ratio", "target ≤10×"],
        "lrrrrl",
        [
            (
                f"{row['name']} (`{row['path']}`)",
                f"{row['full_ms']:.2f}",
                f"{row['sql_ms']:.3f}",
                f"{row['encode_ms']:.3f}",
                f"{row['ratio']:.1f}×",
                tables.met(row["met"]),
            )
            for row in rows
        ],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.repeats)))
        return 0
    print(table(measure(args.database_url, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
