"""The ceiling: the least Django can do to answer a page of 50 rounds as JSON; and the floor:
a constant answer, through the same middleware."""

from django.http import HttpRequest, HttpResponse, JsonResponse

from dialogue.models import Round

FIELDS = ("id", "mechanism_id", "number", "start_date", "end_date", "date_precision", "status")


def ceiling(request: HttpRequest) -> JsonResponse:
    """The first 50 rounds in date order, read with .values(): no serializer, no nesting."""
    rows = list(Round.objects.order_by("start_date", "id").values(*FIELDS)[:50])
    return JsonResponse({"results": rows})


def constant(request: HttpRequest) -> HttpResponse:
    """A constant JSON body, no query: what any request costs through the middleware."""
    return HttpResponse(b"{}", content_type="application/json")
