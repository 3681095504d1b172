"""A GET never writes: every list and detail of the API, anonymous, computed or served from the
cache, runs no statement that writes and at most 2 of overhead (the registry's version, the
database cache, a session), with the caches of the settings the suite runs on: the database
cache and rate limits in memory without REDIS_URL, Redis with it.

Each anonymous GET ran 13 statements against the database cache, two of them write
transactions (the rate limit's count: BEGIN IMMEDIATE, INSERT or UPDATE, COMMIT), and on SQLite
every read was a writer that the others queued behind (issue 24)."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from dialogue.api.throttling import RequestRateThrottle
from dialogue.api.urls import router
from tests.queries import is_overhead, writes

MAX_OVERHEAD = 2


def reads_of_every_resource() -> list[str]:
    """The list of every resource of the router, and the detail of its first record."""
    client = APIClient()
    paths = []
    for prefix, _viewset, _basename in router.registry:
        listed = client.get(f"/api/v1/{prefix}/", {"page_size": 1})
        assert listed.status_code == 200, listed.content[:300]
        [first] = listed.json()["results"]
        paths += [f"/api/v1/{prefix}/", f"/api/v1/{prefix}/{first.get('code') or first['id']}/"]
    return paths


def statements_of(client, path: str) -> tuple[list[str], str | None]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    return [query["sql"] for query in captured.captured_queries], response.get("X-Cache")


def test_no_anonymous_read_writes_and_each_pays_at_most_two_statements_of_overhead(seeded):
    paths = reads_of_every_resource()
    assert len(paths) == 2 * len(router.registry)
    caches["responses"].clear()
    client = APIClient()

    found = {}
    for path in paths:
        for expected_cache in ("miss", "hit"):
            statements, served = statements_of(client, path)
            assert served == expected_cache, path
            found[path, served] = (
                [sql for sql in statements if writes(sql)],
                [sql for sql in statements if is_overhead(sql)],
            )

    assert {key: written for key, (written, _) in found.items() if written} == {}
    assert {
        key: overhead for key, (_, overhead) in found.items() if len(overhead) > MAX_OVERHEAD
    } == {}


def test_the_rate_limit_of_a_read_is_counted_outside_the_database(seeded, monkeypatch):
    """Counted even so: the 3rd anonymous read in a minute is refused, without a statement."""
    monkeypatch.setitem(RequestRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    caches["rate_limits"].clear()
    client = APIClient()
    try:
        with CaptureQueriesContext(connection) as captured:
            statuses = [client.get("/api/v1/topics/").status_code for _ in range(3)]
    finally:
        caches["rate_limits"].clear()

    assert statuses == [200, 200, 429]
    assert [q["sql"] for q in captured.captured_queries if "dialogue_cache" in q["sql"]] == []
