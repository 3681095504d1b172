"""The registry's records: one thin viewset per resource, naming its queryset, serializer
and filters."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.serializers import ListSerializer

from ... import filtersets, selectors
from ...models import Country, Mechanism
from .. import examples, exports, serializers
from ..openapi import (
    ROUND_FORMAT_PARAMETER,
    SHAPE_PARAMETERS,
    documented,
)
from .base import ROUND_RENDERERS, CitedRecordViewSet, RegistryViewSet, request_format

# The most rounds one bulk write takes: a round as the seed's (9 topics, 4 participants, 10
# citations) takes about 0.15 s of CPU to check and write, so 1,000 ran far past the request
# deadline (REQUEST_TIMEOUT, 20 s) and were refused with a 503; 25 end within about 5 s.
BULK_LIMIT = 25


@documented(
    "country", "countries", "Every ISO 3166-1 country, and former ones such as the USSR (SU)."
)
@extend_schema_view(
    **{
        action_name: extend_schema(
            parameters=[
                OpenApiParameter(
                    "code",
                    OpenApiTypes.STR,
                    OpenApiParameter.PATH,
                    description="ISO 3166-1 alpha-2 code, such as `JP`.",
                )
            ]
        )
        for action_name in ("retrieve", "update", "partial_update", "destroy")
    }
)
class CountryViewSet(RegistryViewSet):
    """Countries, looked up by ISO 3166-1 alpha-2 code: /api/v1/countries/JP/."""

    queryset = Country.objects.all()
    serializer_class = serializers.CountrySerializer
    filterset_class = filtersets.CountryFilterSet
    lookup_value_regex = "[A-Za-z]{2}"


@documented("place", "places")
class PlaceViewSet(CitedRecordViewSet):
    """Cities, regions and island groups, with the names each side uses."""

    queryset = selectors.place_list()
    serializer_class = serializers.PlaceSerializer
    filterset_class = filtersets.PlaceFilterSet


@documented("person", "people")
class PersonViewSet(CitedRecordViewSet):
    """People who take part in dialogue."""

    queryset = selectors.person_list()
    serializer_class = serializers.PersonSerializer
    filterset_class = filtersets.PersonFilterSet


@documented("organisation", "organisations")
class OrganisationViewSet(CitedRecordViewSet):
    """Ministries, parliamentary chambers, parties, councils and forums."""

    queryset = selectors.organisation_list()
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filtersets.OrganisationFilterSet


@documented(
    "mechanism",
    "mechanisms",
    "Filter by `country` (repeat to require all), `kind`, `level`, `status` or `slug`.",
)
class MechanismViewSet(CitedRecordViewSet):
    """Standing formats of dialogue, such as the Russia–Japan 2+2."""

    csv_actions = ("list", "retrieve", "rounds")

    queryset = selectors.mechanism_list()
    serializer_class = serializers.MechanismSerializer
    filterset_class = filtersets.MechanismFilterSet

    @extend_schema(
        summary="List a mechanism's rounds",
        description="The rounds of one mechanism, with every filter of /api/v1/rounds/. "
        "`?format=ics` gives them as a calendar.",
        responses=serializers.RoundSerializer(many=True),
        parameters=[*SHAPE_PARAMETERS, ROUND_FORMAT_PARAMETER],
        examples=examples.for_resource("round")["response"],
    )
    @action(
        detail=True,
        methods=["get"],
        queryset=selectors.round_list(),
        serializer_class=serializers.RoundSerializer,
        filterset_class=filtersets.RoundFilterSet,
        renderer_classes=ROUND_RENDERERS,
    )
    def rounds(self, request, pk=None):
        mechanism = get_object_or_404(Mechanism.objects.all(), pk=pk)
        rounds = self.filter_queryset(self.get_queryset().filter(mechanism=mechanism))
        if request_format(request) == "ics":
            self.check_export(rounds)
            return exports.rounds_calendar(rounds, request, name=mechanism.name)
        return self.list_response(rounds)


@documented(
    "round",
    "rounds",
    "Filter by `mechanism` (id or slug), `country` (repeat to require all) or `status`.",
    format_parameter=ROUND_FORMAT_PARAMETER,
)
class RoundViewSet(CitedRecordViewSet):
    """Meetings, sessions, visits and events of mechanisms."""

    queryset = selectors.round_list()
    serializer_class = serializers.RoundSerializer
    filterset_class = filtersets.RoundListFilterSet
    # The number of items a list body may hold, by action (the schema's minItems, maxItems).
    list_body_items = {"bulk": (1, BULK_LIMIT)}

    def get_renderers(self):
        if self.action == "list":
            return [renderer() for renderer in ROUND_RENDERERS]
        return super().get_renderers()

    @extend_schema(
        summary="Create many rounds at once",
        description="A JSON list of rounds, created all or none in one transaction (up to "
        f"{BULK_LIMIT}: send more as several requests). When any is invalid, nothing is saved "
        "and the 400 response lists the errors by position, `{}` for the valid ones.",
        request=ListSerializer(
            child=serializers.RoundSerializer(), min_length=1, max_length=BULK_LIMIT
        ),
        responses={201: serializers.RoundSerializer(many=True)},
    )
    # The created rounds are answered as a plain list, not a page.
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def bulk(self, request):
        items = request.data
        if not isinstance(items, list) or not items or len(items) > BULK_LIMIT:
            raise ValidationError(
                {
                    "non_field_errors": [
                        f"Send a JSON list of 1 to {BULK_LIMIT} rounds"
                        + (f", not {len(items)}" if isinstance(items, list) and items else "")
                        + f"; a bulk write takes at most {BULK_LIMIT} rounds, so that it ends "
                        "well within the request's time limit. Send more as several requests."
                    ]
                }
            )
        with transaction.atomic():
            created, errors = [], []
            for item in items:
                serializer = self.get_serializer(data=item)
                try:
                    serializer.is_valid(raise_exception=True)
                    serializer.save()
                except ValidationError as error:
                    errors.append(error.detail)
                    continue
                created.append(serializer.instance.pk)
                errors.append({})
            if any(errors):
                transaction.set_rollback(True)
                raise ValidationError(errors)
        # Answered as a read shows them (`reread`, for the whole list at once): the fields
        # the queryset computes (`overdue`) are not on the instances saved.
        by_pk = self.get_queryset().in_bulk(created)
        rounds = [by_pk[pk] for pk in created]
        return Response(self.get_serializer(rounds, many=True).data, status=status.HTTP_201_CREATED)

    def list(self, request, *args, **kwargs):
        if request_format(request) == "ics":
            rounds = self.filter_queryset(self.get_queryset())
            self.check_export(rounds)
            return exports.rounds_calendar(rounds, request, name="Dialogue Registry rounds")
        return super().list(request, *args, **kwargs)


@documented("document", "documents")
class DocumentViewSet(CitedRecordViewSet):
    """Signed or adopted texts, or sets of them the source only counts."""

    queryset = selectors.document_list()
    serializer_class = serializers.DocumentSerializer
    filterset_class = filtersets.DocumentFilterSet


@documented("indicator", "indicators")
class IndicatorViewSet(CitedRecordViewSet):
    """Figures the sources quote, such as bilateral trade in a year."""

    queryset = selectors.indicator_list()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filtersets.IndicatorFilterSet


@documented("topic", "topics")
class TopicViewSet(CitedRecordViewSet):
    """Subjects on the agenda of rounds and in documents."""

    queryset = selectors.topic_list()
    serializer_class = serializers.TopicSerializer
    filterset_class = filtersets.TopicFilterSet
