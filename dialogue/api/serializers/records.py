"""The registry's records in JSON: a full form, and a brief form (`Meta.brief_fields`) for
nesting; with the rows each owns (other names, participants)."""

from functools import cached_property

from django.db.models import Model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ... import selectors
from ...models import (
    Country,
    Document,
    Indicator,
    Mechanism,
    Organisation,
    Participant,
    Person,
    Place,
    Round,
    Topic,
)
from ...records import names_of
from ..fields import EDTFDateField, PlaceField, RecordURLField
from ..json_types import JSONTypesMixin
from .base import (
    DatedRecordSerializer,
    DescribedModelSerializer,
    FieldsBuiltOnce,
    RecordSerializer,
    SlugOrIdRelatedField,
)
from .sources import cited_by


class OtherNameSerializer(FieldsBuiltOnce, JSONTypesMixin, serializers.ModelSerializer):
    """Another name of a record, with its language, who uses it, and its sources."""

    sources = cited_by()

    class Meta:
        fields = ("name", "language", "kind", "used_by", "note", "sources")


def other_names_of(model: type[Model], help_text: str) -> OtherNameSerializer:
    """A record's `other_names`, read and written with it, by the serializer of its names
    model (`PlaceNameSerializer` for a place: the schema's component is `PlaceName`)."""
    names = names_of(model)
    if names is None:
        raise TypeError(f"A {model.__name__} has no other names.")
    meta = type("Meta", (OtherNameSerializer.Meta,), {"model": names})
    serializer = type(
        f"{names.__name__}Serializer",
        (OtherNameSerializer,),
        {"Meta": meta, "__module__": __name__},
    )
    return serializer(many=True, required=False, help_text=help_text)


class ParticipantSerializer(FieldsBuiltOnce, JSONTypesMixin, serializers.ModelSerializer):
    """A person who took part in a round, the side they represented and their role then."""

    name = serializers.CharField(
        source="person.name", read_only=True, help_text="The person's name (read-only)."
    )
    sources = cited_by()

    class Meta:
        model = Participant
        fields = ("person", "name", "country", "role", "organisation", "order", "sources")


# --- Base for records ------------------------------------------------------------------------


class CountrySerializer(RecordSerializer):
    url = RecordURLField(view_name="country-detail")

    def validate_code(self, code: str) -> str:
        # The code is the key: saving another one would make a second country.
        if self.instance is not None and code != self.instance.code:
            raise serializers.ValidationError(
                "A country's code cannot change; add the new country instead."
            )
        return code

    class Meta:
        model = Country
        fields = ("code", "url", "name", "official_name", "alpha_3", "is_former")
        brief_fields = ("code", "url", "name")


class PlaceSerializer(RecordSerializer):
    url = RecordURLField(view_name="place-detail")
    sources = cited_by()
    other_names = other_names_of(
        Place, "Names in other languages, and the names each side uses for a contested place."
    )

    class Meta:
        model = Place
        fields = (
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "country",
            "parent",
            "note",
            "latitude",
            "longitude",
            "geonames_id",
            "other_names",
            "sources",
            "created",
            "updated",
        )
        brief_fields = ("id", "url", "slug", "name", "country")


class PersonSerializer(RecordSerializer):
    url = RecordURLField(view_name="person-detail")
    sources = cited_by()
    other_names = other_names_of(
        Person, "Names in other languages and scripts (Таро Коно, 河野太郎)."
    )

    class Meta:
        model = Person
        fields = (
            "id",
            "url",
            "name",
            "country",
            "note",
            "other_names",
            "sources",
            "created",
            "updated",
        )
        brief_fields = ("id", "url", "name", "country")


class OrganisationSerializer(RecordSerializer):
    url = RecordURLField(view_name="organisation-detail")
    sources = cited_by()
    other_names = other_names_of(Organisation, "Names in other languages.")

    class Meta:
        model = Organisation
        fields = (
            "id",
            "url",
            "name",
            "kind",
            "country",
            "parent",
            "note",
            "other_names",
            "sources",
            "created",
            "updated",
        )
        brief_fields = ("id", "url", "name", "kind", "country")


class TopicSerializer(RecordSerializer):
    url = RecordURLField(view_name="topic-detail")
    sources = cited_by()

    class Meta:
        model = Topic
        fields = (
            "id",
            "url",
            "slug",
            "name",
            "description",
            "parent",
            "sources",
            "created",
            "updated",
        )
        brief_fields = ("id", "url", "slug", "name")


def topic_slugs() -> serializers.SlugRelatedField:
    return SlugOrIdRelatedField(
        slug_field="slug",
        queryset=Topic.objects.all(),
        many=True,
        required=False,
        help_text="The subjects covered: slugs on read; slugs or ids on write (see "
        "/api/v1/topics/).",
    )


class RoundSerializer(DatedRecordSerializer):
    url = RecordURLField(view_name="round-detail")
    topics = topic_slugs()
    city = PlaceField(
        required=False,
        allow_null=True,
        help_text="The place the round was held in: its name on read; its slug or exact name "
        "on write.",
    )
    other_places = PlaceField(
        many=True,
        required=False,
        help_text="Further places a round moved between: names on read; slugs or names on write.",
    )
    participants = ParticipantSerializer(
        many=True,
        required=False,
        help_text="Who took part, for which side, in which role as stated at the time.",
    )
    sources = cited_by()
    overdue = serializers.BooleanField(
        read_only=True,
        help_text="True when the round's date has passed (the last day it covers, the end of "
        "the month or year for a reduced precision, is before today in the server's time zone) "
        "and its status is still `scheduled`: no outcome is recorded. Filter with "
        "`?overdue=true`.",
    )

    class Meta:
        model = Round
        fields = (
            "id",
            "url",
            "mechanism",
            "number",
            "name",
            "date",
            "start_date",
            "end_date",
            "date_precision",
            "status",
            "overdue",
            "city",
            "other_places",
            "host_country",
            "venue",
            "summary",
            "outcomes",
            "topics",
            "participants",
            "sources",
            "created",
            "updated",
        )
        brief_fields = (
            "id",
            "url",
            "mechanism",
            "number",
            "name",
            "date",
            "start_date",
            "end_date",
            "date_precision",
            "status",
            "city",
        )
        extra_kwargs = {"start_date": {"required": False}, "end_date": {"required": False}}


class BriefRoundSerializer(DescribedModelSerializer):
    """A round in brief, as nested in a mechanism (its last and next rounds)."""

    url = RecordURLField(view_name="round-detail")
    date = EDTFDateField(read_only=True)
    city = PlaceField(
        read_only=True,
        allow_null=True,
        help_text="The place the round was held in; null when unknown.",
    )

    class Meta:
        model = Round
        fields = RoundSerializer.Meta.brief_fields


class MechanismSerializer(RecordSerializer):
    url = RecordURLField(view_name="mechanism-detail")
    last_round = serializers.SerializerMethodField(
        help_text="The latest round held (by status, not by today's date, so the registry "
        "answers as of its sources); null when none."
    )
    next_round = serializers.SerializerMethodField(
        help_text="The earliest round still scheduled whose date has not passed (an overdue "
        "round, see the rounds' `overdue`, is never next); null when none."
    )
    rounds_count = serializers.IntegerField(
        read_only=True, help_text="How many rounds of it the registry holds."
    )
    other_names = other_names_of(Mechanism, "Names in other languages.")
    sources = cited_by()

    class Meta:
        model = Mechanism
        fields = (
            "id",
            "url",
            "slug",
            "name",
            "short_name",
            "kind",
            "level",
            "status",
            "countries",
            "organisations",
            "parent",
            "established",
            "established_precision",
            "resumed",
            "resumed_precision",
            "basis",
            "basis_round",
            "basis_document",
            "description",
            "rounds_count",
            "last_round",
            "next_round",
            "other_names",
            "sources",
            "created",
            "updated",
        )
        brief_fields = ("id", "url", "slug", "name", "short_name", "kind", "level")

    @extend_schema_field(BriefRoundSerializer(allow_null=True))
    def get_last_round(self, mechanism: Mechanism) -> dict | None:
        return self._brief(selectors.mechanism_last_round(mechanism))

    @extend_schema_field(BriefRoundSerializer(allow_null=True))
    def get_next_round(self, mechanism: Mechanism) -> dict | None:
        return self._brief(selectors.mechanism_next_round(mechanism))

    @cached_property
    def brief_round(self) -> "BriefRoundSerializer":
        """One brief round serializer for the whole list (made per mechanism, its fields were
        built 100 times for a page of 50)."""
        return BriefRoundSerializer(context=self.context)

    def _brief(self, round_: Round | None) -> dict | None:
        return None if round_ is None else self.brief_round.to_representation(round_)


class DocumentSerializer(DatedRecordSerializer):
    url = RecordURLField(view_name="document-detail")
    topics = topic_slugs()
    sources = cited_by()

    class Meta:
        model = Document
        fields = (
            "id",
            "url",
            "title",
            "kind",
            "date",
            "start_date",
            "end_date",
            "date_precision",
            "parties",
            "signatories",
            "round",
            "quantity",
            "topics",
            "description",
            "sources",
            "created",
            "updated",
        )
        brief_fields = ("id", "url", "title", "kind", "date", "quantity")
        extra_kwargs = {"start_date": {"required": False}, "end_date": {"required": False}}


class IndicatorSerializer(DatedRecordSerializer):
    url = RecordURLField(view_name="indicator-detail")
    sources = cited_by()

    class Meta:
        model = Indicator
        fields = (
            "id",
            "url",
            "name",
            "countries",
            "comparator",
            "value",
            "unit",
            "value_as_stated",
            "date",
            "start_date",
            "end_date",
            "date_precision",
            "note",
            "sources",
            "created",
            "updated",
        )
        brief_fields = ("id", "url", "name", "value", "unit", "date")
        extra_kwargs = {"start_date": {"required": False}, "end_date": {"required": False}}


# --- Summaries (read-only) -------------------------------------------------------------------
