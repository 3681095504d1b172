"""Request bodies and addresses no view should see: refused before any view reads them."""

import re
from itertools import accumulate

from django.conf import settings
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import HttpRequest, HttpResponse

from ..problems import problem_response

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
