"""The fixed cost of an anonymous GET, in-process: the statements every list and detail runs
besides its data (the registry's version, the database cache, sessions, transaction control),
how many of them write, and the time of a response served from the cache (issue 24, targets 1
and 2), beside Django's floor: a view returning a constant through the same middleware.

Run with the benchmark's production settings (every request counted by the rate limit, as in
production, at a rate never reached), on the database of DATABASE_URL (and REDIS_URL if set):

    DATABASE_URL=sqlite:////tmp/registry.sqlite3 python bench/overhead.py
"""

import io
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Counted, as in production, but never refused: the measure is the work, not the limit.
    os.environ.setdefault("THROTTLE_ANON", "100000000/minute")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import queries  # what a statement is: overhead, a write (one definition)

    handler = WSGIHandler()

    def request(path: str) -> tuple[int, bytes, dict]:
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
        status: list[str] = []
        headers: dict = {}

        def start(code, sent):
            status.append(code)
            headers.update(sent)

        body = b"".join(handler(environ, start))
        return int(status[0].split()[0]), body, headers

    paths = []
    for resource in RESOURCES:
        status, body, _ = request(f"/api/v1/{resource}/?page_size=1")
        assert status == 200, (resource, status, body[:300])
        paths.append(f"/api/v1/{resource}/")
        for first in json.loads(body)["results"]:  # a detail when there is a record
            paths.append(f"/api/v1/{resource}/{first.get('code') or first['id']}/")

    rows = []
    for path in paths:
        for attempt in ("computed", "cached"):
            with CaptureQueriesContext(connection) as captured:
                status, _, headers = request(path)
            assert status == 200, path
            statements = [query["sql"] for query in captured.captured_queries]
            overhead = [sql for sql in statements if queries.is_overhead(sql)]
            rows.append(
                {
                    "path": path,
                    "attempt": attempt,
                    "x_cache": headers.get("X-Cache"),
                    "statements": len(statements),
                    "overhead": len(overhead),
                    "writes": sum(queries.writes(sql) for sql in statements),
                }
            )

    def median_ms(path: str, times: int = 2000) -> float:
        samples = []
        for _ in range(times):
            started = time.perf_counter()
            request(path)
            samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples)

    cached = "/api/v1/rounds/?page_size=50"
    request(cached)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "redis": bool(os.environ.get("REDIS_URL")),
                "max_overhead": max(row["overhead"] for row in rows),
                "max_writes": max(row["writes"] for row in rows),
                "cached_ms": round(median_ms(cached), 3),
                "floor_ms": round(median_ms("/bench/constant/"), 3),
                "rows": rows,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
