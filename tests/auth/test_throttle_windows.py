"""The request rate is counted per window with the previous window weighed in: a count of
constant size whatever the rate, and no fresh budget at a window's edge."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection, connections
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from dialogue.api.throttling import RequestRateThrottle
from dialogue.rate_limits import count_in_window

TOPICS = "/api/v1/topics/"


@pytest.fixture
def clock(monkeypatch, db):
    """The throttle's time, set by the test; the counts start empty."""
    now = [0.5]
    monkeypatch.setattr(RequestRateThrottle, "timer", lambda self: now[0])
    cache.clear()
    yield now
    cache.clear()


def statuses(count: int) -> list[int]:
    client = APIClient()
    return [client.get(TOPICS).status_code for _ in range(count)]


def test_the_count_stays_a_number_whatever_the_rate(clock, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "100000/minute")

    assert statuses(30) == [200] * 30

    assert cache.get("throttle_anon_127.0.0.1:0") == 30


def test_a_new_window_does_not_refill_the_budget_at_once(clock, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    assert statuses(2) == [200, 200]

    clock[0] = 60.5  # just past the edge: the last minute still holds both requests
    refused = APIClient().get(TOPICS)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"  # until this window ends
    clock[0] = 150.0  # half of the refused request's minute is still covered
    assert statuses(2) == [200, 429]


def test_on_the_database_cache_a_count_is_kept_to_the_end_of_the_next_window(
    clock, monkeypatch, cache_expiries, set_cache_expiry
):
    """Django's incr() on the database cache saves the count again with the cache's default
    timeout (300 s): an hour's count, to be kept two hours (for the next hour to weigh), was
    forgotten 5 minutes after the last request, and each request moved its end."""
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/hour")
    before = time.time()
    assert statuses(1) == [200]
    after = time.time()

    [(key, end)] = cache_expiries("throttle_anon").items()
    # The clock says 0.5 s into window 0: the count is kept for two hours less that.
    assert before + 2 * 3600 - 0.5 - 1 <= end.timestamp() <= after + 2 * 3600

    soon = (timezone.now() + timedelta(minutes=1)).replace(microsecond=0)
    set_cache_expiry("throttle_anon", soon)
    assert statuses(3) == [200, 200, 429]
    assert cache_expiries("throttle_anon") == {key: soon}


def seconds_left(key: str) -> float:
    """How long the suite's cache (in memory, or Redis) keeps `key`."""
    backend = caches["default"]
    made = backend.make_and_validate_key(key)
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(made).pttl(made) / 1000
    assert isinstance(backend, LocMemCache)
    return backend._expire_info[made] - time.time()


def test_the_counter_counts_and_reads_and_keeps_a_count_to_its_end(db):
    """count_in_window() on the suite's cache: in memory, or Redis with REDIS_URL (where the
    counts were never in one round trip: django.core.cache.cache is a proxy, and the check for
    Redis did not see through it)."""
    cache.clear()
    cache.set("earlier", 4)

    assert count_in_window(cache, ["a", "b"], 100, read=["earlier", "none"]) == ([1, 1], [4, 0])
    assert count_in_window(cache, ["a"], 99.5) == ([2], [])

    assert cache.get_many(["a", "b"]) == {"a": 2, "b": 1}
    assert 98 < seconds_left("a") <= 100
    assert 98 < seconds_left("b") <= 100
    cache.clear()


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
