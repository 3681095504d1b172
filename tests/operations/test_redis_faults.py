"""Redis is optional at run time: down, refusing or hanging, it costs speed, not the service.

Each test points the default cache at a Redis configured exactly as the production settings
configure it for a REDIS_URL (read from them in a fresh process), on a port of its own: a closed
one, one that accepts and never answers, or a real redis-server started and stopped here.
"""

import contextlib
import logging
import secrets
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
import redis
from django.test import Client
from rest_framework.test import APIClient

from dialogue.api.throttling import RequestRateThrottle
from tests.conftest import API_RESOURCES
from tests.processes import free_port, load_settings

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server")
RETRY_AFTER = 0.5  # the back-off, shortened so the recovery is seen in a second


@pytest.fixture(scope="module")
def production_redis_cache() -> dict:
    """The default cache the production settings make of REDIS_URL (its URL left to fill)."""
    url = "redis://127.0.0.1:1/5"
    env = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "x.org", "REDIS_URL": url}
    [loaded] = load_settings(
        [{"module": "config.settings.production", "env": env, "values": ["CACHES.default"]}]
    )
    config = loaded["values"]["CACHES.default"]
    assert config["LOCATION"] == url
    return config


@pytest.fixture
def redis_at(settings, production_redis_cache):
    """Points the default cache and the rate limits' at a Redis on `port`, configured as in
    production."""

    def use(port: int, **options) -> None:
        config = {**production_redis_cache, "LOCATION": f"redis://127.0.0.1:{port}/5"}
        config["OPTIONS"] = {**config.get("OPTIONS", {}), **options}
        settings.CACHES = {**settings.CACHES, "default": config, "rate_limits": config}

    return use


@pytest.fixture
def hanging_redis() -> Iterator[SimpleNamespace]:
    """A server on a free port that accepts connections and never answers: its `port`, and
    the connections it `accepted`."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                accepted.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield SimpleNamespace(port=server.getsockname()[1], accepted=accepted)
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@contextlib.contextmanager
def redis_server(port: int, directory) -> Iterator[redis.Redis]:
    """A real redis-server on `port` for as long as the block runs, saving its data in
    `directory` when it stops and loading it when it starts, as a restarted Redis does."""
    assert REDIS_SERVER is not None
    command = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "3600 1"]
    process = subprocess.Popen(command, cwd=directory, stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port, db=5, socket_timeout=1)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert process.poll() is None, "redis-server did not start"
                assert time.monotonic() < deadline, "redis-server did not answer in 10 s"
                time.sleep(0.05)
        yield client
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


def reads() -> list[str]:
    """Every list, a detail of each, the summaries, the pages and the docs."""
    api = APIClient()
    paths = ["/api/v1/", "/api/v1/dyads/RU-JP/", "/api/v1/stats/", "/api/v1/timeline/"]
    for resource in API_RESOURCES:
        first = api.get(f"/api/v1/{resource}/", {"page_size": 1}).json()["results"][0]
        key = first.get("code") or first["id"]
        paths += [f"/api/v1/{resource}/", f"/api/v1/{resource}/{key}/"]
    return [*paths, "/dyads/RU-JP/", "/timeline/", "/api/schema/", "/api/docs/", "/admin/login/"]


def answers(paths: list[str]) -> dict[str, int]:
    client = Client(raise_request_exception=False)
    return {path: client.get(path).status_code for path in paths}


def readiness() -> dict:
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    return response.json()


def test_with_redis_stopped_every_read_and_page_answers_200(seeded, redis_at, analyst_client):
    paths = reads()
    redis_at(free_port())  # nothing listens there: every connection is refused

    assert answers(paths) == dict.fromkeys(paths, 200)
    created = analyst_client.post("/api/v1/topics/", {"name": "Fisheries"}, format="json")
    assert created.status_code == 201, created.content
    topic = Client().get(f"/api/v1/topics/{created.json()['id']}/")
    assert topic.json()["name"] == "Fisheries"
    body = readiness()
    assert body["status"] == "degraded"
    assert body["checks"] == {"database": "ok", "migrations": "ok"}
    assert body["dependencies"] == {"redis": "degraded"}


def test_a_hanging_redis_costs_a_request_under_a_second_then_is_not_tried(redis_at, hanging_redis):
    client = Client(raise_request_exception=False)
    assert client.get("/api/v1/topics/").status_code == 200  # the process's first request
    redis_at(hanging_redis.port)

    started = time.perf_counter()
    first = client.get("/api/v1/topics/")
    first_took = time.perf_counter() - started
    later = [client.get("/api/v1/topics/").status_code for _ in range(5)]

    assert first.status_code == 200
    assert first_took < 1.0  # a wait of 0.25 s for Redis's answer, then the database
    assert later == [200] * 5
    # The back-off: no request after the first waits for Redis, nor connects to it again.
    assert len(hanging_redis.accepted) == 1
    assert readiness()["dependencies"] == {"redis": "degraded"}


def test_rate_limits_count_in_the_process_while_redis_is_down_and_say_so_once(
    redis_at, monkeypatch, caplog
):
    redis_at(free_port())
    monkeypatch.setitem(RequestRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.INFO):
        statuses = [client.get("/api/v1/topics/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "per process" in warnings[0].getMessage()


@pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not on PATH")
def test_redis_is_used_again_once_it_is_back_and_reads_stay_cached_and_fresh_meanwhile(
    redis_at, tmp_path, analyst_client
):
    """The registry's version is in the database, not in Redis: while Redis is down responses
    are still cached, and a write still makes every cached response unreachable."""
    # A throwaway server, never the shared one, on a port of its own: a fixed port was taken
    # when another run of the suite (or another xdist worker) was testing the same.
    port = free_port()
    redis_at(port, RETRY_AFTER=RETRY_AFTER)
    client = Client(raise_request_exception=False)
    with redis_server(port, tmp_path) as server:
        assert client.get("/api/v1/topics/")["X-Cache"] == "miss"
        assert client.get("/api/v1/topics/")["X-Cache"] == "hit"
        assert server.keys("dialogue:*throttle_anon*")
        assert readiness()["dependencies"] == {"redis": "up"}

    # Redis stopped: rate limits counted in the process, reads cached, writes seen.
    assert client.get("/api/v1/topics/")["X-Cache"] == "hit"
    assert readiness()["dependencies"] == {"redis": "degraded"}
    created = analyst_client.post("/api/v1/topics/", {"name": "Fisheries"}, format="json")
    assert created.status_code == 201, created.content
    response = client.get("/api/v1/topics/")
    assert response["X-Cache"] == "miss"
    assert [topic["name"] for topic in response.json()["results"]] == ["Fisheries"]

    with redis_server(port, tmp_path) as server:
        server.flushdb()
        time.sleep(RETRY_AFTER)
        assert client.get("/api/v1/topics/")["X-Cache"] == "hit"
        assert readiness()["dependencies"] == {"redis": "up"}
        assert server.keys("dialogue:*throttle_anon*")  # counted in Redis again
