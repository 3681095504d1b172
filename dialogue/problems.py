"""Errors as RFC 9457 problems (`application/problem+json`), for every layer that answers one:
the API's exception handler, and the middleware that answers before any view.

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "Invalid input in: end_date.", "instance": "/api/v1/rounds/",
     "errors": {"end_date": ["The end date must be on or after the start date."]}}
"""

from http import HTTPStatus

from django.http import JsonResponse

PROBLEM_MEDIA_TYPE = "application/problem+json"


def problem(status_code: int, detail: str, instance: str, errors=None) -> dict:
    """The body of an RFC 9457 problem."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(request, status_code: int, detail: str, errors=None) -> JsonResponse:
    """A problem answered outside DRF (routing, middleware)."""
    return JsonResponse(
        problem(status_code, detail, request.path, errors),
        status=status_code,
        content_type=PROBLEM_MEDIA_TYPE,
    )
