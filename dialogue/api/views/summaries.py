"""Read-only views that summarise the registry: a country pair, counts, a timeline."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from ... import filtersets, summaries
from ...edtf import format_edtf
from ...models import Country, Document, Indicator, Round
from .. import serializers
from ..cache import CachedReads
from ..pagination import RegistryPagination

# Round filters that documents and figures do not have: with any of them, the timeline shows
# only rounds and the documents signed at them.
ROUND_ONLY_FILTERS = {"kind", "level", "min_level", "status", "city", "host_country", "participant"}
TIMELINE_TYPES = ("round", "document", "indicator")


def validated_rounds(request: Request, queryset: QuerySet[Round]) -> QuerySet[Round]:
    """The rounds matching the request's round filters; 400 naming any bad parameter."""
    filterset = filtersets.RoundFilterSet(request.query_params, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


class DyadView(CachedReads, generics.GenericAPIView):
    """Everything the registry holds on the relations of two countries."""

    serializer_class = serializers.DyadSerializer
    queryset = Country.objects.all()
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        summary="A country pair",
        description="The pair's mechanisms with their round counts and last and next rounds, "
        "rounds and documents per year, figures (such as trade) per year, and the highest level "
        "of contact per year. The pair is two alpha-2 codes in any order: `RU-JP` or `JP-RU`.",
        parameters=[
            OpenApiParameter(
                "pair",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Two alpha-2 codes joined by a hyphen, such as `RU-JP`.",
                examples=[OpenApiExample("Russia and Japan", value="RU-JP")],
            )
        ],
    )
    def get(self, request: Request, pair: str) -> Response:
        first, second = (code.upper() for code in pair.split("-"))
        if first == second:
            raise ValidationError({"pair": ["Give two different countries, such as RU-JP."]})
        countries = {
            country.code: country for country in Country.objects.filter(code__in=[first, second])
        }
        missing = [code for code in (first, second) if code not in countries]
        if missing:
            raise Http404(f"No country has the code {', '.join(missing)}.")
        data = summaries.dyad_summary(countries[first], countries[second])
        return Response(self.get_serializer(data).data)


class StatsView(CachedReads, generics.GenericAPIView):
    """Counts of the rounds that match the round filters."""

    serializer_class = serializers.StatsSerializer
    filterset_class = filtersets.RoundFilterSet
    queryset = Round.objects.all()
    pagination_class = None

    @extend_schema(
        summary="Counts of rounds",
        description="How many rounds match the filters (the same as /api/v1/rounds/), by year, "
        "by mechanism, by level and by host country.",
        filters=True,
    )
    def get(self, request: Request) -> Response:
        rounds = self.filter_queryset(self.get_queryset())
        data = {"count": rounds.count(), **summaries.round_counts(rounds)}
        return Response(self.get_serializer(data).data)


class TimelineView(CachedReads, generics.GenericAPIView):
    """Every dated record, rounds, documents and figures, in date order."""

    serializer_class = serializers.TimelineEntrySerializer
    filterset_class = filtersets.RoundFilterSet
    queryset = Round.objects.all()
    pagination_class = RegistryPagination

    @extend_schema(
        summary="Timeline of dated records",
        description="Rounds, documents and figures in date order, filtered by the round "
        "filters. Dates overlap as on /api/v1/rounds/. With a filter that only rounds have "
        "(kind, level, min_level, status, city, host_country, participant), the timeline shows "
        "the matching rounds and the documents signed at them.",
        parameters=[
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                enum=list(TIMELINE_TYPES),
                many=True,
                description="Record types to include; repeat for several (all when omitted).",
            ),
            OpenApiParameter(
                "round",
                OpenApiTypes.INT,
                description="A round's id: the documents signed at it (documents only).",
            ),
            OpenApiParameter(
                "unit",
                OpenApiTypes.STR,
                description="Unit of the figures' values, such as `USD` or `percent` (figures "
                "only).",
            ),
        ],
        responses=serializers.TimelineEntrySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        if refused := filtersets.limit_errors(request.query_params, ("type",)):
            raise ValidationError(refused)
        types = [kind for kind in request.query_params.getlist("type") if kind] or list(
            TIMELINE_TYPES
        )
        if unknown := [kind for kind in types if kind not in TIMELINE_TYPES]:
            raise ValidationError({"type": [f"Unknown type(s): {', '.join(unknown)}."]})
        rounds, documents, indicators = timeline_querysets(request)
        entries = summaries.timeline_entries(
            rounds if "round" in types else rounds.none(),
            documents if "document" in types else documents.none(),
            indicators if "indicator" in types else indicators.none(),
        )
        page = self.paginate_queryset(entries) or []
        return self.get_paginated_response(timeline_rows(page, request))


def timeline_querysets(request: Request) -> tuple[QuerySet, QuerySet, QuerySet]:
    """The rounds, documents and figures that the request's filters select."""
    params = filtersets.without_empty_values(request.query_params)
    rounds = validated_rounds(request, Round.objects.all())
    if ROUND_ONLY_FILTERS & set(params):
        return (
            rounds,
            Document.objects.filter(round__in=rounds.values("pk")),
            Indicator.objects.none(),
        )
    shared = {key: params.getlist(key) for key in params if key != "type"}
    documents = filtersets.DocumentFilterSet(
        _only(shared, filtersets.DocumentFilterSet), queryset=Document.objects.all()
    )
    indicators_allowed = not {"mechanism", "topic"} & set(params)
    indicators = filtersets.IndicatorFilterSet(
        _only(shared, filtersets.IndicatorFilterSet), queryset=Indicator.objects.all()
    )
    # The parameters only documents or figures have (`round`, `unit`) are checked too: a bad
    # one is a 400 naming it, not a filter silently left out. (The rounds' filters checked
    # the others; an `ordering` of rounds is no ordering of documents, and is not one here.)
    for filterset in (documents, indicators):
        if errors := {
            name: messages
            for name, messages in filterset.errors.items()
            if name not in filtersets.RoundFilterSet.base_filters
        }:
            raise ValidationError(errors)
    return (
        rounds,
        documents.qs,
        indicators.qs if indicators_allowed else Indicator.objects.none(),
    )


def _only(params: dict[str, list[str]], filterset_class: Any) -> MultiValueDict:
    """The parameters that a filter set knows."""
    return MultiValueDict(
        {key: values for key, values in params.items() if key in filterset_class.base_filters}
    )


def timeline_rows(page: list[tuple], request: Request) -> Any:
    """The page's entries with labels and links, fetched in one query per type."""
    records = summaries.timeline_records(page)
    rows = []
    for kind, pk, _start, _end in page:
        record = records[kind][pk]
        if kind == "round":
            mechanism = record.mechanism_id
        elif kind == "document" and record.round is not None:
            mechanism = record.round.mechanism_id
        else:
            mechanism = None
        rows.append(
            {
                "type": kind,
                "id": pk,
                "label": str(record),
                "date": format_edtf(record.start_date, record.end_date, record.date_precision),
                "start_date": record.start_date,
                "end_date": record.end_date,
                "date_precision": record.date_precision,
                "mechanism": mechanism,
                "url": request.build_absolute_uri(reverse(f"{kind}-detail", args=[pk])),
                "admin_url": request.build_absolute_uri(
                    reverse(f"admin:dialogue_{kind}_change", args=[pk])
                ),
            }
        )
    return serializers.TimelineEntrySerializer(rows, many=True).data
