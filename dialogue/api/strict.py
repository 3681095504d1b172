"""Query parameters the API documents, and only those: `?contry=JP` is a 400 naming it, not
every round.

The parameters an operation takes are the ones its OpenAPI description lists (filters, paging,
`format`, `brief`, `fields`): the documentation and the check cannot disagree.
"""

import difflib
import functools
import re

from django.http import HttpRequest, HttpResponse

from ..problems import problem_response

# Every operation reads these, documented or not: the renderer's override.
ALWAYS = frozenset({"format"})


@functools.cache
def documented_parameters() -> list[tuple[re.Pattern[str], dict[str, frozenset[str]]]]:
    """Each documented path, as a pattern, with the query parameters of each of its methods."""
    from drf_spectacular.generators import SchemaGenerator  # the schema imports every view

    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        by_method = {
            method.upper(): frozenset(
                p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"
            )
            for method, operation in operations.items()
            if isinstance(operation, dict) and "responses" in operation
        }
        if "GET" in by_method:
            by_method.setdefault("HEAD", by_method["GET"])
        found.append((pattern, by_method))
    return found


def unknown_parameters(request: HttpRequest) -> tuple[list[str], frozenset[str]] | None:
    """The request's query parameters its operation does not take, with those it takes; None
    for an operation that is not documented (it answers for itself)."""
    for pattern, by_method in documented_parameters():
        if pattern.match(request.path):
            valid = by_method.get(request.method or "")
            if valid is None:
                # Another operation's path may match too: `/rounds/bulk/` is also the shape
                # of `/rounds/{id}/`, which takes no POST.
                continue
            unknown = sorted(set(request.GET) - valid - ALWAYS)
            return unknown, valid | ALWAYS
    return None


class DocumentedQueryMiddleware:
    """Answers 400 to an API request with a query parameter its operation does not take."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/v1/") and request.GET:
            found = unknown_parameters(request)
            if found and found[0]:
                unknown, valid = found
                return problem_response(
                    request,
                    400,
                    f"Unknown query parameter(s): {', '.join(unknown)}. This address takes: "
                    f"{', '.join(sorted(valid))}.",
                    {name: [explain(name, valid)] for name in unknown},
                )
        return self.get_response(request)


def explain(name: str, valid: frozenset[str]) -> str:
    close = difflib.get_close_matches(name, valid, n=1)
    hint = f" Did you mean “{close[0]}”?" if close else ""
    return f"Unknown parameter.{hint} Valid: {', '.join(sorted(valid))}."
