"""A request timeout that answers: 503 at REQUEST_TIMEOUT seconds, before gunicorn kills the
worker without an answer."""

import signal
import sqlite3
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from psycopg import pq

from ..problems import problem_response


class RequestTimeout(BaseException):
    """The request ran longer than REQUEST_TIMEOUT seconds.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on its way (DRF's,
    drf-spectacular's while it builds the schema) takes it for an ordinary error and carries on.
    """


class Deadline(threading.local):
    """The current thread's request deadline (time.monotonic()), and whether it passed."""

    at: float | None = None
    passed: bool = False


deadline = Deadline()
SQLITE_PROGRESS_STEPS = 100_000  # SQLite virtual machine steps between two deadline checks


def sqlite_progress() -> int:
    """Called by SQLite while a query runs: a non-zero answer interrupts the query."""
    if deadline.at is not None and time.monotonic() > deadline.at:
        deadline.passed = True
        return 1
    return 0


def watch_sqlite(sender=None, connection=None, **kwargs) -> None:
    """Lets SQLite interrupt a query past the deadline (each new connection, and the open ones
    at the start of each request)."""
    wrappers = [connection] if connection else connections.all(initialized_only=True)
    for wrapper in wrappers:
        if wrapper.vendor == "sqlite" and wrapper.connection is not None:
            try:
                wrapper.connection.set_progress_handler(sqlite_progress, SQLITE_PROGRESS_STEPS)
            except sqlite3.ProgrammingError:
                # Closed under Django by a request interrupted at its deadline; Django's SQLite
                # backend calls every connection usable, so it would answer "Cannot operate on
                # a closed database" to every later request of this worker: open a new one.
                wrapper.connection = None


def cancel_postgresql_queries() -> bool:
    """Asks the server to cancel this thread's running PostgreSQL queries; whether any ran."""
    cancelled = False
    for wrapper in connections.all(initialized_only=True):
        raw = wrapper.connection
        if wrapper.vendor != "postgresql" or raw is None:
            continue
        if raw.pgconn.transaction_status == pq.TransactionStatus.ACTIVE:
            raw.cancel_safe(timeout=2)
            cancelled = True
    return cancelled


ALARM_REPEAT = 0.1  # seconds between two alarms once the deadline has passed


def on_alarm(signum, frame) -> None:
    if deadline.at is None:
        return  # the request has just ended
    deadline.passed = True
    # Again shortly, in case what this one interrupted was caught and the request went on.
    signal.setitimer(signal.ITIMER_REAL, ALARM_REPEAT)
    # A running PostgreSQL query is cancelled by the server (psycopg then raises
    # QueryCanceled, a DatabaseError); a running SQLite query is interrupted by this exception
    # reaching sqlite_progress; Python code is interrupted where it stands.
    if not cancel_postgresql_queries():
        raise RequestTimeout


class RequestTimeoutMiddleware:
    """Answers 503 when a request runs longer than REQUEST_TIMEOUT seconds (0: no limit).

    gunicorn's `--timeout` kills a worker that is silent for that long: the client gets no
    answer, and neither does any other request on that worker. This deadline, set below
    gunicorn's, ends the request instead:

    - in the main thread of a sync worker (the image's), a timer (SIGALRM) interrupts Python
      code with RequestTimeout, or has PostgreSQL cancel the running query; it rings again
      every ALARM_REPEAT seconds until the request ends, since an exception raised in a bare
      `except:` block, a weakref callback or a destructor is lost;
    - in any thread, SQLite's progress handler interrupts a query past the deadline.

    The database connections are then closed, so no worker keeps one in an unknown state. A
    streamed body is produced after this middleware returns and is not covered; nor is Python
    code in a threaded worker (gunicorn's gthread), where no timer can be set.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        connection_created.connect(watch_sqlite, dispatch_uid="dialogue-request-timeout")

    def __call__(self, request):
        # Nothing of an earlier request on this thread carries over: a deadline that passed
        # then must not turn this request's database error (a 409) into a 503.
        deadline.at, deadline.passed = None, False
        timeout = float(getattr(settings, "REQUEST_TIMEOUT", 0) or 0)
        if timeout <= 0:
            return self.get_response(request)
        watch_sqlite()
        deadline.at, deadline.passed = time.monotonic() + timeout, False
        timer = threading.current_thread() is threading.main_thread()
        if timer:
            previous = signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            response = self.get_response(request)
        except RequestTimeout:
            response = self.timed_out(request)
        finally:
            deadline.at = None  # first: from here on, the alarm does nothing
            if timer:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous or signal.SIG_DFL)
        if deadline.passed and response.status_code == 500:
            # Interrupted in a middleware rather than in the view: Django answered 500.
            response = self.timed_out(request)
        return response

    def process_exception(self, request, exception):
        # The view's query was cancelled (PostgreSQL) or interrupted (SQLite) at the deadline.
        if deadline.passed and isinstance(exception, DatabaseError):
            return self.timed_out(request)
        return None

    def timed_out(self, request) -> HttpResponse:
        deadline.at = None  # the answer itself may take as long as it needs
        for wrapper in connections.all(initialized_only=True):
            if not wrapper.in_atomic_block:
                wrapper.close()
        response = problem_response(
            request,
            503,
            f"The request took longer than {settings.REQUEST_TIMEOUT:g} seconds and was "
            "stopped; nothing was saved. Narrow it (fewer search words or a smaller page) and "
            "try again.",
        )
        response["Retry-After"] = "10"
        return response
