"""Every error of the API is a JSON object, including those Django raises itself."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


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


def describe_protected(error: ProtectedError | RestrictedError) -> str:
    """Name what still refers to the record, such as "3 rounds (Russia–Japan 2+2 …)"."""
    by_kind: dict[str, list[str]] = {}
    for obj in (
        error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    ):
        by_kind.setdefault(str(obj._meta.verbose_name_plural), []).append(str(obj))
    parts = []
    for kind, labels in sorted(by_kind.items()):
        shown = "; ".join(labels[:5]) + ("; …" if len(labels) > 5 else "")
        parts.append(f"{len(labels)} {kind} ({shown})")
    return (
        "This record is still referred to by "
        + ", ".join(parts)
        + ". Delete or change those first."
    )


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, extended to Django's own validation, integrity and deletion errors."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        exc = Conflict(describe_protected(exc))
    elif isinstance(exc, IntegrityError):
        # A constraint that validation could not see coming, e.g. two concurrent creates.
        exc = Conflict("The change conflicts with the data already stored; nothing was saved.")
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None)
    if response is not None and getattr(renderer, "format", None) in ("csv", "ics"):
        # An error is JSON even when the client asked for CSV or a calendar.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def not_found(request, exception=None):
    """404 for an address Django cannot route: JSON under /api/, where clients read JSON."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500 without internals: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)
