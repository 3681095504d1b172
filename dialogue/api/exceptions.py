"""Every error of the API is an RFC 9457 problem: `application/problem+json`.

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "Invalid input in: end_date.", "instance": "/api/v1/rounds/",
     "errors": {"end_date": ["The end date must be on or after the start date."]}}

`errors` (validation errors only) maps each field to its messages; nested lists give their
items' errors by position.
"""

import sys

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from ..problems import PROBLEM_MEDIA_TYPE, problem, problem_response
from ..selectors import refusal_message
from ..writes import WriteConflict
from .renderers import JSONRenderer

# The 503s of a database fault, and the seconds a client is asked to wait (Retry-After): a
# database that cannot be reached is back in seconds (a restart, a failover); one that is read
# but refuses writes (a full or read-only disk) waits for an operator.
DATABASE_UNREACHABLE = "The database cannot be reached now; try again in a few seconds."
DATABASE_RETRY_AFTER = 5
STORAGE_REFUSED = (
    "The registry cannot store changes now: its database is read-only or its disk is full. "
    "Nothing was saved; reading still works. Try again later."
)
STORAGE_RETRY_AFTER = 60
# PostgreSQL's SQLSTATEs of a database that cannot store a write (53100 disk_full, 25006
# read_only_sql_transaction: a standby or a server set read-only), and SQLite's words for the
# same (SQLITE_FULL, SQLITE_READONLY).
REFUSED_WRITE_STATES = ("53100", "25006")
REFUSED_WRITE_WORDS = ("database or disk is full", "readonly database")


class Conflict(exceptions.APIException):
    """409: the request conflicts with records already stored."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the records already stored."
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    """412: the client's If-Match names a version of the record that is no longer current."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record changed since you read it (If-Match does not match its ETag); nothing was "
        "saved. Read it again, reapply your change, and send the new ETag."
    )
    default_code = "precondition_failed"

    def __init__(self, *, etag: str, changed_fields: list[str]):
        super().__init__()
        # Added to the problem body, so the client can see what changed and try again.
        self.extra: dict[str, str | list[str]] = {"etag": etag, "changed_fields": changed_fields}


class PayloadTooLarge(exceptions.APIException):
    """413: the request body is larger than the API accepts."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than 1 MiB."
    default_code = "payload_too_large"


def validation_summary(errors) -> str:
    """ "Invalid input in: end_date, participants[1].country." (or by position for a list)."""
    if isinstance(errors, dict):
        return f"Invalid input in: {', '.join(error_paths(errors))}."
    if isinstance(errors, list):
        positions = [str(index) for index, item in enumerate(errors) if item]
        if positions and all(isinstance(item, dict) for item in errors):
            return f"Invalid items at positions: {', '.join(positions)}."
    return "Invalid input."


def error_paths(errors: dict, prefix: str = "") -> list[str]:
    """Where each error is: `end_date`, `participants[1].country`."""
    paths = []
    for key, value in errors.items():
        path = f"{prefix}{key}"
        items = value if isinstance(value, list) else []
        if items and all(isinstance(item, dict) for item in items):
            paths += [
                nested
                for index, item in enumerate(items)
                for nested in error_paths(item, f"{path}[{index}].")
            ]
        elif isinstance(value, dict):
            paths += error_paths(value, f"{path}.")
        else:
            paths.append(path)
    return paths


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, extended to Django's own errors, answering with problem details."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, WriteConflict):
        conflict = Conflict(exc.detail)
        conflict.extra = exc.extra  # type: ignore[attr-defined]
        exc = conflict
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        exc = Conflict(refusal_message(exc))
    elif isinstance(exc, IntegrityError):
        # A constraint that validation could not see coming, e.g. two concurrent creates.
        exc = Conflict("The change conflicts with the data already stored; nothing was saved.")
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context["request"]
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            response.status_code, validation_summary(response.data), request.path, response.data
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = problem(response.status_code, str(detail), request.path)
        body.update(getattr(exc, "extra", {}))
        if isinstance(exc, PreconditionFailed):
            response["ETag"] = str(exc.extra["etag"])
    response.data = body
    # Problems are JSON whatever format was asked for (CSV, a calendar, the browsable API).
    request.accepted_renderer = JSONRenderer()
    request.accepted_media_type = PROBLEM_MEDIA_TYPE
    response.content_type = PROBLEM_MEDIA_TYPE
    return response


def not_found(request, exception=None):
    """404 for an address Django cannot route: a problem under /api/, where clients read JSON."""
    if request.path.startswith("/api/"):
        return problem_response(request, 404, "No resource at this address.")
    return defaults.page_not_found(request, exception)


@csrf_exempt  # it changes nothing: a PATCH to no address is a 404, not a CSRF failure
def unrouted(request, rest=""):
    """Any address under /api/ that no view answers: a JSON 404 on every setting (Django's
    debug page answered HTML with DEBUG on), or the address with its slash when that one
    exists (as CommonMiddleware's APPEND_SLASH would)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unrouted:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return problem_response(request, 404, "No resource at this address.")


def refuses_writes(error: BaseException) -> bool:
    """Whether a database error says the database is up but cannot store a write (its disk is
    full or it is read-only), as opposed to unreachable."""
    if getattr(error.__cause__, "sqlstate", None) in REFUSED_WRITE_STATES:
        return True
    return any(words in str(error).lower() for words in REFUSED_WRITE_WORDS)


def server_error(request):
    """500 without internals: a problem under /api/, Django's page elsewhere; or, when the
    database could not be reached (a restart, a failover), 503 for any address, which a client
    may try again shortly, where it was a 500 with a traceback in the log; and 503 saying so
    when the database is read but refuses a write (a full or read-only disk)."""
    error = sys.exception()
    if isinstance(error, (OperationalError, InterfaceError)):
        detail, wait = (
            (STORAGE_REFUSED, STORAGE_RETRY_AFTER)
            if refuses_writes(error)
            else (DATABASE_UNREACHABLE, DATABASE_RETRY_AFTER)
        )
        response = problem_response(request, 503, detail)
        response["Retry-After"] = str(wait)
        return response
    if request.path.startswith("/api/"):
        return problem_response(request, 500, "The server failed; the error was logged.")
    return defaults.server_error(request)
