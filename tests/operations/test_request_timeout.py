"""A request past REQUEST_TIMEOUT is answered 503, and the query it runs is interrupted."""

import contextlib
import json
import re
import sqlite3
import threading
import time
from types import SimpleNamespace

import pytest
from django.db import DataError, connection
from django.http import HttpResponse
from django.urls import path
from gunicorn.workers.sync import SyncWorker
from psycopg import pq
from rest_framework.response import Response
from rest_framework.views import APIView

from config.gunicorn import DeadlineSyncWorker
from dialogue.middleware import request_timeout
from dialogue.models import Topic
from tests.conftest import no_field_errors
from tests.processes import DOCKERFILE, dockerfile_instruction

pytestmark = pytest.mark.django_db


def slow_python(request):
    time.sleep(5)
    return HttpResponse("finished")


COUNT_TO_A_BILLION = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
    "SELECT count(*) FROM n"
)


def slow_sqlite(request):
    with connection.cursor() as cursor:
        cursor.execute(COUNT_TO_A_BILLION)
        return HttpResponse(str(cursor.fetchone()[0]))


def stubborn(request):
    """Carries on past any ordinary error, as drf-spectacular does while it builds the schema."""
    for _ in range(5):
        with contextlib.suppress(Exception):
            time.sleep(1)
    return HttpResponse("finished")


class SlowAPIView(APIView):
    permission_classes: list = []

    def get(self, request):
        time.sleep(5)
        return Response({"finished": True})


class FailingAPIView(APIView):
    permission_classes: list = []

    def get(self, request):
        raise DataError("value too long for type character varying(100)")


urlpatterns = [
    path("fails/", FailingAPIView.as_view()),
    path("slow/python/", slow_python),
    path("slow/sqlite/", slow_sqlite),
    path("slow/api/", SlowAPIView.as_view()),
    path("slow/stubborn/", stubborn),
]


@pytest.fixture
def deadline(settings):
    settings.REQUEST_TIMEOUT = 0.5


def timed(client, url):
    client.raise_request_exception = False
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/slow/python/", "/slow/api/", "/slow/stubborn/"])
def test_a_request_past_the_deadline_is_answered_503(client, deadline, url):
    """Three slow searches in parallel had gunicorn kill every worker (WORKER TIMEOUT): no
    answer, and /healthz waited 33 s. The application now answers first."""
    response, seconds = timed(client, url)

    body = no_field_errors(response, 503)
    assert "longer than 0.5 seconds" in body["detail"]
    assert response["Retry-After"] == "10"
    assert seconds < 3


@pytest.mark.urls(__name__)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's progress handler")
def test_a_slow_sqlite_query_is_interrupted_at_the_deadline(client, deadline):
    response, seconds = timed(client, "/slow/sqlite/")

    no_field_errors(response, 503)
    assert seconds < 3
    assert Topic.objects.count() == 0  # the connection still works


@pytest.mark.urls(__name__)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's progress handler")
def test_a_slow_sqlite_query_in_a_worker_thread_is_interrupted_too(client, deadline):
    """gunicorn's threaded workers serve outside the main thread, where no timer can be set."""
    answers = []

    def request():
        try:
            answers.append(timed(client, "/slow/sqlite/"))
        finally:
            connection.close()
            # Django never closes a connection to an in-memory SQLite database (that would drop
            # the database), so this thread's own connection is closed here, not left to the
            # garbage collector (a ResourceWarning, in whichever test it ran).
            if connection.connection is not None:
                connection.connection.close()

    worker = threading.Thread(target=request)
    worker.start()
    worker.join(timeout=30)

    [(response, seconds)] = answers
    no_field_errors(response, 503)
    assert seconds < 3


@pytest.mark.urls(__name__)
def test_a_deadline_passed_in_an_earlier_request_is_not_this_requests(
    client, settings, monkeypatch
):
    # Left over from an earlier request on this thread (PostgreSQL's cancelled query), it
    # passed this request's database error off as a 503 "took longer than 0 seconds".
    settings.REQUEST_TIMEOUT = 0
    monkeypatch.setattr(request_timeout.deadline, "passed", True)
    client.raise_request_exception = False

    response = client.get("/fails/")

    assert response.status_code == 500
    # The database's error page, not the deadline's problem ("The request took longer than").
    assert b"Server Error (500)" in response.content
    assert b"took longer" not in response.content


@pytest.mark.urls(__name__)
def test_without_a_deadline_a_slow_request_finishes(client, settings, monkeypatch):
    settings.REQUEST_TIMEOUT = 0
    monkeypatch.setattr(time, "sleep", lambda seconds: None)

    assert client.get("/slow/python/").content == b"finished"


def test_at_the_deadline_a_running_postgresql_query_is_cancelled(monkeypatch):
    """PostgreSQL is asked to cancel the query (psycopg then raises QueryCanceled, a 503);
    Python code is interrupted directly."""

    class Raw:
        def __init__(self, status):
            self.pgconn = type("PGconn", (), {"transaction_status": status})()
            self.cancelled = False

        def cancel_safe(self, timeout):
            self.cancelled = True

    class Wrapper:
        vendor = "postgresql"

        def __init__(self, status):
            self.connection = Raw(status)

    running, idle = Wrapper(pq.TransactionStatus.ACTIVE), Wrapper(pq.TransactionStatus.INTRANS)
    fake = type("Connections", (), {})()
    monkeypatch.setattr(request_timeout, "connections", fake)
    monkeypatch.setattr(request_timeout.deadline, "at", time.monotonic())
    monkeypatch.setattr(request_timeout.signal, "setitimer", lambda *args: None)

    fake.all = lambda initialized_only: [running, idle]
    request_timeout.on_alarm(None, None)  # no exception: the query's error will end the request
    assert running.connection.cancelled and not idle.connection.cancelled

    fake.all = lambda initialized_only: [idle]
    with pytest.raises(request_timeout.RequestTimeout):
        request_timeout.on_alarm(None, None)


def test_the_image_answers_before_gunicorn_kills():
    [timeout] = re.findall(r"REQUEST_TIMEOUT=(\d+)", DOCKERFILE)
    command = json.loads(dockerfile_instruction("CMD"))[-1]
    [gunicorn_timeout] = re.findall(r"--timeout (\d+)", command)

    # The timer needs the request in the main thread: a sync worker (config/gunicorn.py's).
    assert "--worker-class config.gunicorn.DeadlineSyncWorker" in command
    assert issubclass(DeadlineSyncWorker, SyncWorker)
    assert 0 < int(timeout) < int(gunicorn_timeout)


def test_a_sqlite_connection_closed_at_a_deadline_is_opened_again_not_fatal():
    """A request interrupted at its deadline could leave Django holding a closed SQLite
    connection, which Django's SQLite backend calls usable: every later request of that worker
    answered 500 "Cannot operate on a closed database" (found by the schema fuzz run)."""
    closed = sqlite3.connect(":memory:")
    closed.close()
    wrapper = SimpleNamespace(vendor="sqlite", connection=closed)

    request_timeout.watch_sqlite(connection=wrapper)

    assert wrapper.connection is None  # Django connects again on the next query
