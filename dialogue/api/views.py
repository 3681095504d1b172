"""Thin viewsets: each names its queryset, serializer and filters."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from .. import selectors, services
from ..models import Country, Source, Topic
from . import examples, filtersets, serializers


class RegistryViewSet(viewsets.ModelViewSet):
    """List, retrieve, create, replace, update and delete; deletes go through the service."""

    def perform_destroy(self, instance):
        services.record_delete(instance=instance)


def documented(resource: str, plural: str, extra: str = "") -> type:
    """Describe the six operations of a resource's viewset, with examples from the seed."""
    example = examples.for_resource(resource)
    response, request = example["response"], example["request"]
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {plural}",
            description=f"Paginated list of {plural}. {extra}".strip(),
            examples=response,
        ),
        retrieve=extend_schema(
            summary=f"Get a {resource}", description=f"One {resource}.", examples=response
        ),
        create=extend_schema(
            summary=f"Create a {resource}",
            description=f"Create a {resource}. Needs the `add` permission.",
            examples=request + response,
        ),
        update=extend_schema(
            summary=f"Replace a {resource}",
            description=f"Replace a {resource}; nested lists omitted are left as they are. "
            "Needs the `change` permission.",
            examples=request + response,
        ),
        partial_update=extend_schema(
            summary=f"Update a {resource}",
            description=f"Change some fields of a {resource}; a nested list given replaces the "
            "old one. Needs the `change` permission.",
            examples=response,
        ),
        destroy=extend_schema(
            summary=f"Delete a {resource}",
            description=f"Delete a {resource}. Refused with 409 while other records refer to "
            "it. Needs the `delete` permission.",
        ),
    )


@documented(
    "country", "countries", "Every ISO 3166-1 country, and former ones such as the USSR (SU)."
)
class CountryViewSet(RegistryViewSet):
    """Countries, looked up by ISO 3166-1 alpha-2 code: /api/v1/countries/JP/."""

    queryset = Country.objects.all()
    serializer_class = serializers.CountrySerializer
    filterset_fields = ("is_former",)
    lookup_value_regex = "[A-Za-z]{2}"
    ordering_fields = ("code", "name")


@documented("place", "places")
class PlaceViewSet(RegistryViewSet):
    """Cities, regions and island groups, with the names each side uses."""

    queryset = selectors.place_list()
    serializer_class = serializers.PlaceSerializer
    filterset_class = filtersets.PlaceFilterSet
    ordering_fields = ("name", "created")


@documented("person", "people")
class PersonViewSet(RegistryViewSet):
    """People who take part in dialogue."""

    queryset = selectors.person_list()
    serializer_class = serializers.PersonSerializer
    filterset_class = filtersets.PersonFilterSet
    ordering_fields = ("name", "created")


@documented("organisation", "organisations")
class OrganisationViewSet(RegistryViewSet):
    """Ministries, parliamentary chambers, parties, councils and forums."""

    queryset = selectors.organisation_list()
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filtersets.OrganisationFilterSet
    ordering_fields = ("name", "created")


@documented(
    "mechanism",
    "mechanisms",
    "Filter by `country` (repeat to require all), `kind`, `level`, `status` or `slug`.",
)
class MechanismViewSet(RegistryViewSet):
    """Standing formats of dialogue, such as the Russia–Japan 2+2."""

    queryset = selectors.mechanism_list()
    serializer_class = serializers.MechanismSerializer
    filterset_class = filtersets.MechanismFilterSet
    ordering_fields = ("name", "slug", "established", "created")


@documented(
    "round",
    "rounds",
    "Filter by `mechanism` (id or slug), `country` (repeat to require all) or `status`.",
)
class RoundViewSet(RegistryViewSet):
    """Meetings, sessions, visits and events of mechanisms."""

    queryset = selectors.round_list()
    serializer_class = serializers.RoundSerializer
    filterset_class = filtersets.RoundFilterSet
    ordering_fields = ("start_date", "number", "mechanism", "created")


@documented("document", "documents")
class DocumentViewSet(RegistryViewSet):
    """Signed or adopted texts, or sets of them the source only counts."""

    queryset = selectors.document_list()
    serializer_class = serializers.DocumentSerializer
    filterset_class = filtersets.DocumentFilterSet
    ordering_fields = ("start_date", "created")


@documented("indicator", "indicators")
class IndicatorViewSet(RegistryViewSet):
    """Figures the sources quote, such as bilateral trade in a year."""

    queryset = selectors.indicator_list()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filtersets.IndicatorFilterSet
    ordering_fields = ("start_date", "created")


@documented("topic", "topics")
class TopicViewSet(RegistryViewSet):
    """Subjects on the agenda of rounds and in documents."""

    queryset = Topic.objects.all()
    serializer_class = serializers.TopicSerializer
    filterset_fields = ("parent",)
    ordering_fields = ("name", "slug", "created")


@documented("source", "sources")
class SourceViewSet(RegistryViewSet):
    """Published texts the records cite, with their cleaned text."""

    queryset = Source.objects.all()
    serializer_class = serializers.SourceSerializer
    filterset_fields = ("kind", "publisher", "language")
    ordering_fields = ("published_at", "created")
