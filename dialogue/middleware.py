"""Request limits: what no view should see, what no client may repeat without end, and how long
a request may run.

- RequestLimitsMiddleware: the size, framing, media type and nesting of request bodies.
- HealthCheckMiddleware: `/healthz` for the container's probe, whatever the Host, over HTTP.
- RequestTimeoutMiddleware: a request that runs too long is answered with 503, before
  gunicorn's own timeout kills the worker (and every request it serves) without an answer.
- AdminLoginThrottleMiddleware: too many failed sign-ins to the admin, per user name at one
  client address, per address and (a higher limit) per user name, are refused with 429.
- throttled(): the API's rate limits for plain Django pages such as /timeline/.
"""

import hashlib
import json
import math
import re
import signal
import sqlite3
import threading
import time
from collections.abc import Callable
from functools import wraps
from itertools import accumulate
from typing import Any, cast

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.forms import UsernameField
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from psycopg import pq
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from .observability import healthz
from .problems import problem_response
from .rate_limits import count_in_window

# JSON nested deeper than this is refused before it is parsed: Python's parser recurses, and
# 10,000 levels (20 KB) were a RecursionError, a 500. The API's deepest body is about 4 levels.
JSON_MAX_DEPTH = 32
# Possessive quantifiers and an optional closing quote: a string is consumed in one pass and the
# match never fails, so no start is scanned again. `"(?:[^"\\]|\\.)*"` retried from every quote
# of an unclosed string: `"\` repeated cost the square of the body (80 KB, 20 s).
JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]++")
BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_too_deep(body: bytes, limit: int = JSON_MAX_DEPTH) -> bool:
    """Whether the JSON text nests arrays and objects deeper than `limit` (strings skipped).

    Works on the text as DRF's parser reads it (UTF-8), in linear time: strings are removed
    with one regular expression, then only the brackets that remain are counted.
    """
    text = body.decode("utf-8", errors="replace")
    brackets = NOT_A_BRACKET.sub("", JSON_STRING.sub("", text))
    if brackets.count("[") + brackets.count("{") <= limit:
        return False
    return any(depth > limit for depth in accumulate(BRACKET_STEP[c] for c in brackets))


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class RequestLimitsMiddleware:
    """Refuses requests no view should see:

    - 400 for a Content-Length that is not a number, or a NUL character in the address
      (`/api/v1/mechanisms/x%00/`, a slug lookup) or in a query parameter (PostgreSQL cannot
      store or compare NUL; no address of the registry has one);
    - 413 for a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (Django checks the size only for
      form data; DRF's JSON parser reads the raw stream, so the limit is applied here);
    - 411 for a body sent without a Content-Length (chunked transfer encoding): the WSGI server
      would hand the view an empty body, read as "field required";
    - 415 for an API request whose body is not JSON (`application/json`): forms and multipart
      bodies cannot carry the schema's types, on every setting;
    - 400 for JSON nested deeper than JSON_MAX_DEPTH levels.

    It also answers 400 for a list filter the admin cannot apply (see process_exception).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response(request, 400, "The Content-Length header is not a number.")
        if "\x00" in request.path:
            return problem_response(
                request,
                400,
                "The address contains a NUL character; no address of the registry has one.",
                {"path": ["A NUL character (%00) is not allowed in the address."]},
            )
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return problem_response(
                    request,
                    400,
                    f"Invalid input in: {name}.",
                    {name: ["A NUL character is not allowed."]},
                )
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return problem_response(
                request, 413, f"The request body is larger than {limit // 1024} KiB."
            )
        if "HTTP_TRANSFER_ENCODING" in request.META and not request.META.get("CONTENT_LENGTH"):
            return problem_response(
                request,
                411,
                "Send the request body with a Content-Length header; a body without one "
                "(chunked transfer encoding) is not read.",
            )
        if length:
            media_type = (request.content_type or "").strip().lower()
            json_body = media_type == "application/json"
            if is_api(request) and not json_body:
                given = f"“{request.META.get('CONTENT_TYPE')}”" if media_type else "none"
                return problem_response(
                    request,
                    415,
                    f"The request body must be JSON (Content-Type: application/json); "
                    f"the Content-Type given is {given}.",
                )
            if json_body and json_too_deep(request.body):
                return problem_response(
                    request,
                    400,
                    f"The request body nests JSON arrays and objects deeper than "
                    f"{JSON_MAX_DEPTH} levels.",
                )
        return self.get_response(request)

    def process_exception(self, request, exception):
        # import-export's export view builds the admin's change list from the query string
        # outside the admin's own guard: `/admin/dialogue/round/export/?format=0` was a 500.
        if isinstance(exception, IncorrectLookupParameters):
            return HttpResponse(
                f"The address asks for a filter this list does not have: {exception}",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return None


class HealthCheckMiddleware:
    """Answers `GET /healthz` before host validation and the HTTPS redirect.

    The container's HEALTHCHECK asks `http://127.0.0.1:8000/healthz` from inside the container:
    that host is not in ALLOWED_HOSTS (400) and the request is plain HTTP (a 301 to https under
    SECURE_SSL_REDIRECT), so under the production settings it always failed. Liveness builds no
    URL from the Host header and says nothing but "ok", so it needs neither check. Every other
    address, /readyz included, goes through both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)


# --- A request timeout that answers ------------------------------------------------------------


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


# --- Rate limits -------------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The client's address as the API's throttles see it: the socket's, unless NUM_PROXIES
    trusted proxies are in front (then taken from X-Forwarded-For)."""
    return BaseThrottle().get_ident(cast(Request, request)) or ""


def too_many_requests(wait: float | None) -> HttpResponse:
    seconds = max(1, round(wait or 1))
    response = HttpResponse(
        f"Too many requests; try again in {seconds} seconds.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    return response


def throttled(view: Callable) -> Callable:
    """A plain Django view behind the API's throttles (DEFAULT_THROTTLE_CLASSES): the same
    rates and the same counters, so a client's budget is shared between the API and the page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        waits = []
        for throttle_class in cast(list[Any], api_settings.DEFAULT_THROTTLE_CLASSES):
            throttle = throttle_class()
            if not throttle.allow_request(request, None):
                waits.append(throttle.wait())
        if waits:
            return too_many_requests(max((wait or 0) for wait in waits))
        return view(request, *args, **kwargs)

    return wrapper


def login_name(username: str) -> str:
    """The user name a sign-in is counted under: as Django's sign-in form reads it (UsernameField:
    stripped, NFKC-normalised, so `ｄａｖｅ`, `𝐝𝐚𝐯𝐞` and `dave` are one user), then casefolded,
    so that `Dave` counts as `dave` too (stricter than the case-sensitive look-up)."""
    user_model = get_user_model()
    field = user_model._meta.get_field(user_model.USERNAME_FIELD)
    # The form's own length: past it, Django does not normalise (nor sign in).
    max_length = getattr(field, "max_length", None) or 254
    return (UsernameField(max_length=max_length).to_python(username) or "").casefold()


class AdminLoginThrottleMiddleware:
    """Failed sign-ins to the admin are counted per fixed window of ADMIN_LOGIN_WINDOW seconds,
    three ways, as django-axes's lockout parameters allow. Once a count reaches its limit, the
    attempts it covers are refused until the window ends (429, the sign-in form with a message
    saying which limit and for how long) without checking the password:

    - a user name from one client address: ADMIN_LOGIN_FAILURES (10). The strict lock holds
      the name at that address only, so a stranger's wrong passwords for an analyst's name do
      not lock the analyst out at the analyst's own address;
    - one client address, whatever the user names: ADMIN_LOGIN_ADDRESS_FAILURES (30), higher,
      for an address trying many names, and so that people behind one office's address do not
      lock each other out. At the strict limit or below, the address's count (which also holds
      the name's failures there) would always reach it first and the strict lock never hold;
    - a user name, whatever the addresses: ADMIN_LOGIN_ACCOUNT_FAILURES (100), much higher,
      so a guesser spread over many addresses is still stopped.

    A limit of 0 is no limit. A user name is counted as the sign-in form reads it (login_name),
    so no other spelling of it escapes its counts. A successful sign-in clears the count of its
    user name at its address, not its address's (else an account of one's own, signed in to
    now and then, would let one address guess other names without end) nor its user name's
    (else the analyst signing in would give a spread-out guesser a fresh budget).

    A small limiter of our own rather than django-axes: it needs no tables and no migration,
    counts in the same shared cache as the API's throttles (Redis, or the database cache), with
    the same counter (count_in_window: each window's count under a key of its own, kept to the
    window's end, which no later failure moves), and the admin's sign-in form is the only place
    a password is checked. A window of 0 is no limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def timer(self) -> float:
        return time.time()

    def __call__(self, request):
        length = settings.ADMIN_LOGIN_WINDOW
        if request.method != "POST" or not length or not self.is_login(request):
            return self.get_response(request)
        window, elapsed = divmod(self.timer(), length)
        ends_in = length - elapsed
        username = login_name(request.POST.get("username", ""))
        address = client_address(request)
        counted: list[tuple[str, tuple[str, ...], float]] = [
            ("address", (address,), settings.ADMIN_LOGIN_ADDRESS_FAILURES)
        ]
        if username:
            counted += [
                ("user-address", (username, address), settings.ADMIN_LOGIN_FAILURES),
                ("user", (username,), settings.ADMIN_LOGIN_ACCOUNT_FAILURES),
            ]
        limits = {
            self.key(kind, *values, window=int(window)): (kind, limit)
            for kind, values, limit in counted
            if limit
        }
        counts = cache.get_many(list(limits))
        for key, (kind, limit) in limits.items():
            if (counts.get(key) or 0) >= limit:
                return self.refuse(request, kind, ends_in)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated and response.status_code == 302
        if signed_in:
            if username:
                cache.delete(self.key("user-address", username, address, window=int(window)))
        elif response.status_code == 200 and limits:  # the form again: "a correct password"
            count_in_window(cache, list(limits), ends_in)
        return response

    @staticmethod
    def is_login(request) -> bool:
        try:
            return request.path_info == reverse("admin:login")
        except NoReverseMatch:
            return False

    @staticmethod
    def key(kind: str, *values: str, window: int) -> str:
        """The key of a count in the window numbered `window` (the time // the window)."""
        digest = hashlib.sha256(json.dumps(values).encode()).hexdigest()
        return f"admin-login-failures:{kind}:{digest}:{window}"

    REFUSALS = {
        "address": "Too many failed sign-ins from this address. Sign-in from this address is "
        "refused for up to {minutes} minutes; try again later.",
        "user-address": "Too many failed sign-ins for this user name from this address. "
        "Sign-in with it from this address is refused for up to {minutes} minutes; try again "
        "later.",
        "user": "Too many failed sign-ins for this user name. Sign-in with it is refused for up "
        "to {minutes} minutes, from any address; try again later.",
    }

    def refuse(self, request, kind: str, ends_in: float) -> HttpResponse:
        """Refused to the end of the window, at most ADMIN_LOGIN_WINDOW seconds."""
        seconds = max(1, math.ceil(ends_in))
        messages.error(request, self.REFUSALS[kind].format(minutes=math.ceil(seconds / 60)))
        context = {
            **admin.site.each_context(request),
            "title": "Log in",
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
            "form": AdminAuthenticationForm(
                request, initial={"username": request.POST.get("username", "")}
            ),
            REDIRECT_FIELD_NAME: request.POST.get(REDIRECT_FIELD_NAME, ""),
        }
        response = TemplateResponse(
            request, admin.site.login_template or "admin/login.html", context, status=429
        )
        response["Retry-After"] = str(seconds)
        return response.render()  # a middleware's response is not rendered for it
