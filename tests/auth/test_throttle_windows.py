"""The request rate is counted per window with the previous window weighed in: a count of
constant size whatever the rate, and no fresh budget at a window's edge."""

import threading
import time

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection, connections
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from dialogue.api.throttling import RequestRateThrottle
from dialogue.rate_limits import count_in_window

# The API's counts, as the throttle reaches them (a proxy of the `rate_limits` cache).
counts = RequestRateThrottle.cache

TOPICS = "/api/v1/topics/"


@pytest.fixture
def clock(monkeypatch, db):
    """The throttle's time, set by the test; the counts start empty."""
    now = [0.5]
    monkeypatch.setattr(RequestRateThrottle, "timer", lambda self: now[0])
    counts.clear()
    yield now
    counts.clear()


def statuses(count: int) -> list[int]:
    client = APIClient()
    return [client.get(TOPICS).status_code for _ in range(count)]


def test_the_count_stays_a_number_whatever_the_rate(clock, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "100000/minute")

    assert statuses(30) == [200] * 30

    assert counts.get("throttle_anon_127.0.0.1:0") == 30


def test_a_new_window_does_not_refill_the_budget_at_once(clock, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    assert statuses(2) == [200, 200]

    clock[0] = 60.5  # just past the edge: the last minute still holds both requests
    refused = APIClient().get(TOPICS)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"  # until this window ends
    clock[0] = 150.0  # half of the refused request's minute is still covered
    assert statuses(2) == [200, 429]


def test_a_count_is_kept_to_the_end_of_the_next_window(clock, monkeypatch):
    """An hour's count is kept two hours (for the next hour to weigh), from the start of its
    window, and a later request does not move that end."""
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/hour")
    assert statuses(1) == [200]
    # The clock says 0.5 s into window 0: the count is kept for two hours less that.
    assert 2 * 3600 - 0.5 - 2 <= seconds_left("throttle_anon_127.0.0.1:0") <= 2 * 3600 - 0.5

    clock[0] = 1800.5
    assert statuses(3) == [200, 200, 429]
    assert seconds_left("throttle_anon_127.0.0.1:0") <= 2 * 3600 - 0.5


def seconds_left(key: str) -> float:
    """How long the rate limits' cache (in memory, or Redis) keeps `key`."""
    backend = caches["rate_limits"]
    made = backend.make_and_validate_key(key)
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(made).pttl(made) / 1000
    assert isinstance(backend, LocMemCache)
    return backend._expire_info[made] - time.time()


def test_the_counter_counts_and_reads_and_keeps_a_count_to_its_end(db):
    """count_in_window() on the rate limits' cache: in memory, or Redis with REDIS_URL (where
    the counts were never in one round trip: a cache's proxy, such as the throttle's, hid Redis
    from the check for it)."""
    counts.clear()
    counts.set("earlier", 4)

    assert count_in_window(counts, ["a", "b"], 100, read=["earlier", "none"]) == ([1, 1], [4, 0])
    assert count_in_window(counts, ["a"], 99.5) == ([2], [])

    assert counts.get_many(["a", "b"]) == {"a": 2, "b": 1}
    assert 98 < seconds_left("a") <= 100
    assert 98 < seconds_left("b") <= 100
    counts.clear()


@pytest.mark.django_db(transaction=True)
def test_concurrent_counts_in_the_database_cache_are_all_counted(database_cache):
    """Django's incr() on the database cache is a get() then a set(): two requests at once
    counted one. Eight threads count 25 times each, on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("threads on PostgreSQL (the suite's SQLite database is in memory)")
    threads, rounds = 8, 25
    barrier = threading.Barrier(threads)
    errors = []

    def count():
        try:
            barrier.wait()
            for _ in range(rounds):
                count_in_window(cache, ["concurrent"], 60)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=count) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert cache.get("concurrent") == threads * rounds
