"""The request rate is counted per window with the previous window weighed in: a count of
constant size whatever the rate, and no fresh budget at a window's edge."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from dialogue.api.throttling import RequestRateThrottle

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
