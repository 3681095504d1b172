"""JSON forms of the registry's records: a full form, and a brief form for nesting."""

import copy
from collections.abc import Mapping
from functools import cached_property
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.settings import api_settings

from .. import selectors, services
from ..choices import DatePrecision, MechanismLevel
from ..edtf import parse_edtf
from ..models import (
    Citation,
    Country,
    Document,
    Indicator,
    Mechanism,
    MechanismName,
    Organisation,
    OrganisationName,
    Participant,
    Person,
    PersonName,
    Place,
    PlaceName,
    Round,
    Source,
    Topic,
)
from .fields import EDTFDateField, PlaceField, RecordURLField
from .json_types import JSONTypesMixin, type_error

# --- Rows that belong to one record and are written with it ---------------------------------


class CitationSerializer(JSONTypesMixin, serializers.ModelSerializer):
    """A passage of a source that supports the record, or the fields it names."""

    supports = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The names of the record's fields this passage supports, such as "
        '["start_date", "city"]; empty means the record as a whole.',
    )

    class Meta:
        model = Citation
        fields = (
            "source",
            "quote",
            "date_phrase",
            "resolved_against",
            "note",
            "supports",
            "basis",
        )


def cited_by() -> CitationSerializer:
    """A record's `sources`: its citations, read and written with it."""
    return CitationSerializer(
        source="citations",
        many=True,
        required=False,
        help_text="Passages of sources that support this record, each naming the fields it "
        "supports (`supports`) and how (`basis`).",
    )


class OtherNameSerializer(JSONTypesMixin, serializers.ModelSerializer):
    """Another name of a record, with its language, who uses it, and its sources."""

    sources = cited_by()

    class Meta:
        fields = ("name", "language", "kind", "used_by", "note", "sources")


class PersonNameSerializer(OtherNameSerializer):
    class Meta(OtherNameSerializer.Meta):
        model = PersonName


class OrganisationNameSerializer(OtherNameSerializer):
    class Meta(OtherNameSerializer.Meta):
        model = OrganisationName


class MechanismNameSerializer(OtherNameSerializer):
    class Meta(OtherNameSerializer.Meta):
        model = MechanismName


class PlaceNameSerializer(OtherNameSerializer):
    class Meta(OtherNameSerializer.Meta):
        model = PlaceName


class ParticipantSerializer(JSONTypesMixin, serializers.ModelSerializer):
    """A person who took part in a round, the side they represented and their role then."""

    name = serializers.CharField(
        source="person.name", read_only=True, help_text="The person's name (read-only)."
    )
    sources = cited_by()

    class Meta:
        model = Participant
        fields = ("person", "name", "country", "role", "organisation", "order", "sources")


# --- Base for records ------------------------------------------------------------------------


class IdOrSlugRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record, read as its id, written as its id or (for records that have one) its
    slug, as the filters take them: `"mechanism": "ru-jp-2plus2"`."""

    default_error_messages = {"no_such_slug": "No {kind} has the id or slug “{value}”."}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model = getattr(getattr(self, "queryset", None), "model", None)
        self.id_or_slug = model is not None and services.has_slug(model)
        if self.id_or_slug and self.help_text:
            self.help_text = f"{self.help_text} Written as its id or its slug."

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if self.id_or_slug and isinstance(data, str):  # a string is a slug; an id is a number
            queryset = cast(QuerySet, self.get_queryset())
            found = queryset.filter(slug=data).first()
            if found is None:
                self.fail("no_such_slug", kind=queryset.model._meta.verbose_name, value=data)
            return found
        return super().to_internal_value(data)


BUILT_FIELDS: dict[type, dict[str, serializers.Field]] = {}


class DescribedModelSerializer(JSONTypesMixin, serializers.ModelSerializer):
    """Gives the fields every record has (`id`, `url`) a description in the schema; related
    records are written by id or slug; a slug left out is made from the name."""

    serializer_related_field = IdOrSlugRelatedField

    common_descriptions = {
        "id": "The record's identifier, unique among records of its type.",
        "url": "The record's address in this API.",
    }

    def get_fields(self):
        # DRF builds a model serializer's fields from the model's metadata for every instance
        # (a millisecond a request for a round); they are built once per class and copied.
        # Edits below are made on each copy: a copied DRF field is built again from its
        # constructor's arguments, so edits made after construction would not survive it.
        built = BUILT_FIELDS.get(type(self))
        if built is None:
            built = BUILT_FIELDS[type(self)] = super().get_fields()
        fields = copy.deepcopy(built)
        for name, description in self.common_descriptions.items():
            if name in fields and not fields[name].help_text:
                fields[name].help_text = description
        if "slug" in fields and not fields["slug"].read_only:
            fields["slug"].required = False
            fields["slug"].help_text = (
                f"{fields['slug'].help_text} Made from the name when left out (and kept when "
                "the name changes)."
            )
        return fields


class RecordSerializer(DescribedModelSerializer):
    """Writes a record through `services.record_save`, so the models' rules apply in full.

    Nested lists (names, participants, sources) replace the record's rows when given.
    """

    # Validation is the model's (constraints and clean()), shared with the admin.
    validators: list = []

    def create(self, validated_data):
        model: type[Model] = self.Meta.model
        return self._save(model(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            # A value of the wrong type must not hide the other values' errors: report every
            # field's, and the model's rules about the values that are well formed, at once.
            if isinstance(error.detail, dict) and isinstance(data, Mapping):
                self.add_every_error(error.detail, data)
            raise

    def add_every_error(self, errors: dict, data: Mapping) -> None:
        """Add to `errors` each field's own error and the model's errors about the rest."""
        valid: dict[str, Any] = {}
        for field in self._writable_fields:
            name = field.field_name
            if name in errors:
                continue
            try:
                if name in data and (message := type_error(field, data[name])) is not None:
                    raise serializers.ValidationError([message])
                value = field.run_validation(field.get_value(data))
            except SkipField:
                continue
            except serializers.ValidationError as field_error:
                errors[name] = field_error.detail
                continue
            if field.source == "*":
                valid.update(value)
            else:
                valid[str(field.source)] = value
        fields, _links, children, field_names = self.split(valid)
        model: type[Model] = self.Meta.model
        found = services.record_errors(
            instance=self.instance or model(), fields=fields, children=children
        )
        for key, value in api_errors(found).items():
            errors.setdefault(field_names.get(key, key), value)

    def split(self, validated_data) -> tuple[dict, dict, dict, dict[str, str]]:
        """Validated data as the services take it: own fields, many-to-many links, owned rows;
        and the API's name of each (a round's `citations` are its `sources`)."""
        fields = dict(validated_data)
        many_to_many: dict[str, Any] = {}
        children: dict[str, Any] = {}
        field_names: dict[str, str] = {}
        for name, field in self.fields.items():
            source = field.source or name
            if field.read_only or source not in fields:
                continue
            field_names[source] = name
            if isinstance(field, serializers.ListSerializer):
                children[source] = fields.pop(source)
            elif isinstance(field, serializers.ManyRelatedField):
                many_to_many[source] = fields.pop(source)
        return fields, many_to_many, children, field_names

    def _save(self, instance, validated_data):
        validated_data, many_to_many, children, field_names = self.split(validated_data)
        request = self.context.get("request")
        try:
            return services.record_save(
                instance=instance,
                fields=validated_data,
                many_to_many=many_to_many,
                children=children,
                user=getattr(request, "user", None),
            )
        except services.RecordInvalid as error:
            # Every error at once, under the names the API uses (a round's `sources`).
            errors = {
                field_names.get(key, key): value for key, value in api_errors(error.errors).items()
            }
            raise serializers.ValidationError(errors) from error


# The service's names that the API spells otherwise, at every level of nesting.
API_NAMES = {NON_FIELD_ERRORS: api_settings.NON_FIELD_ERRORS_KEY, "citations": "sources"}


def api_errors(errors: services.ErrorTree) -> dict[str, Any]:
    """The service's errors in DRF's shape and under the API's names."""
    return {
        API_NAMES.get(key, key): (
            [api_errors(item) for item in value] if value and isinstance(value[0], dict) else value
        )
        for key, value in errors.items()
    }


SPAN_FIELDS = ("start_date", "end_date", "date_precision")


class DatedRecordSerializer(RecordSerializer):
    """A record dated by a span and a precision; the end date is derived when omitted."""

    date = EDTFDateField()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        written = set(getattr(self, "initial_data", {}) or {})
        spelled_out = written & set(SPAN_FIELDS)
        if "date" in written and spelled_out:
            # Both forms, as a client that PUTs back what it read sends them: fine if they agree.
            from_date = dict(zip(SPAN_FIELDS, parse_edtf(self.initial_data["date"]), strict=True))
            if any(attrs.get(name) != from_date[name] for name in spelled_out):
                raise serializers.ValidationError(
                    {
                        "date": "`date` and the start and end dates with a precision disagree; "
                        "give one of them."
                    }
                )
        model: type[Model] = self.Meta.model
        start_required = not model._meta.get_field("start_date").null
        if self.instance is None and start_required and "start_date" not in attrs:
            raise serializers.ValidationError(
                {"start_date": "Give `start_date` (with `date_precision`), or `date`."}
            )
        # A new start or precision without an end means "derive the end again".
        if ("start_date" in attrs or "date_precision" in attrs) and "end_date" not in attrs:
            attrs["end_date"] = None
        return attrs


# --- Records ---------------------------------------------------------------------------------


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
    other_names = PlaceNameSerializer(
        many=True,
        required=False,
        help_text="Names in other languages, and the names each side uses for a contested place.",
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
    other_names = PersonNameSerializer(
        many=True,
        required=False,
        help_text="Names in other languages and scripts (Таро Коно, 河野太郎).",
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
    other_names = OrganisationNameSerializer(
        many=True, required=False, help_text="Names in other languages."
    )

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


class SourceSerializer(RecordSerializer):
    url = RecordURLField(view_name="source-detail")

    class Meta:
        model = Source
        fields = (
            "id",
            "url",
            "title",
            "kind",
            "publisher",
            "published_at",
            "published_timezone",
            "page_url",
            "language",
            "available_languages",
            "text",
            "note",
            "created",
            "updated",
        )
        brief_fields = ("id", "url", "title", "published_at")


class SlugOrIdRelatedField(serializers.SlugRelatedField):
    """A related record read as its slug, written as its slug or its id."""

    id_or_slug = True

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool):
            found = cast(QuerySet, self.get_queryset()).filter(pk=data).first()
            if found is None:
                self.fail("does_not_exist", slug_name="id", value=data)
            return found
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


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
        help_text="The earliest round still scheduled; null when none."
    )
    rounds_count = serializers.IntegerField(
        read_only=True, help_text="How many rounds of it the registry holds."
    )
    other_names = MechanismNameSerializer(
        many=True, required=False, help_text="Names in other languages."
    )
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


class DyadMechanismSerializer(MechanismSerializer):
    """A mechanism of a country pair, with its round count and its last and next rounds."""

    class Meta(MechanismSerializer.Meta):
        fields: tuple[str, ...] = (  # type: ignore[assignment]  # a shorter list than the full form
            *MechanismSerializer.Meta.brief_fields,
            "rounds_count",
            "last_round",
            "next_round",
        )


class YearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Calendar year of the records' start dates.")
    count = serializers.IntegerField(help_text="How many records start in that year.")


class YearDocumentsSerializer(YearCountSerializer):
    count = serializers.IntegerField(
        help_text="How many document records start in that year. One record may stand for "
        "several documents signed together (see `documents`)."
    )
    documents = serializers.IntegerField(
        help_text="How many documents those records stand for (a record of “seven commercial "
        "documents” counts 7)."
    )


class YearIndicatorsSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Calendar year the figures' periods start in.")
    indicators = IndicatorSerializer(many=True, help_text="The figures, with their sources.")


class YearLevelSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Calendar year.")
    level = serializers.ChoiceField(
        choices=MechanismLevel.choices,
        help_text="The highest level on the scale that any round that year reached.",
    )


class DyadSerializer(serializers.Serializer):
    """Everything the registry holds on the relations of two countries."""

    pair = serializers.ListField(
        child=serializers.CharField(), help_text="The two alpha-2 codes, as requested."
    )
    countries = CountrySerializer(many=True, help_text="The two countries.")
    mechanisms = DyadMechanismSerializer(
        many=True,
        help_text="Mechanisms in which both take part, with round counts; the most recently "
        "active first (by their last round held, else their next), those with no rounds last.",
    )
    rounds_per_year = YearCountSerializer(many=True, help_text="Rounds of those mechanisms.")
    documents_per_year = YearDocumentsSerializer(
        many=True, help_text="Documents to which both are parties, or signed at those rounds."
    )
    indicators_per_year = YearIndicatorsSerializer(
        many=True, help_text="Figures about both, such as bilateral trade."
    )
    highest_level_per_year = YearLevelSerializer(
        many=True, help_text="The highest level of contact each year."
    )


class MechanismCountSerializer(serializers.Serializer):
    mechanism = serializers.IntegerField(help_text="The mechanism's id.")
    slug = serializers.CharField(help_text="The mechanism's slug.")
    name = serializers.CharField(help_text="The mechanism's name.")
    count = serializers.IntegerField(help_text="How many of the rounds are of this mechanism.")


class LevelCountSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=MechanismLevel.choices, allow_null=True, help_text="Level; null when unknown."
    )
    count = serializers.IntegerField(help_text="How many of the rounds are at this level.")


class HostCountSerializer(serializers.Serializer):
    host_country = serializers.CharField(
        allow_null=True, help_text="Alpha-2 code of the host; null when unknown."
    )
    count = serializers.IntegerField(help_text="How many of the rounds it hosted.")


class StatsSerializer(serializers.Serializer):
    """Counts of the rounds that match the filters."""

    count = serializers.IntegerField(help_text="How many rounds match.")
    by_year = YearCountSerializer(many=True, help_text="By the year they start in.")
    by_mechanism = MechanismCountSerializer(many=True, help_text="By mechanism, most first.")
    by_level = LevelCountSerializer(many=True, help_text="By the mechanism's level.")
    by_host_country = HostCountSerializer(many=True, help_text="By host country.")


class TimelineEntrySerializer(serializers.Serializer):
    """One dated record on the timeline."""

    type = serializers.ChoiceField(
        choices=["round", "document", "indicator"], help_text="What sort of record it is."
    )
    id = serializers.IntegerField(help_text="The record's id within its type.")
    # Declared fields live apart from Field's own `label` attribute at run time.
    label = serializers.CharField(help_text="A readable label.")  # type: ignore[assignment]
    date = serializers.CharField(help_text="The dates as one EDTF string, such as `2018-04`.")
    start_date = serializers.DateField(help_text="First day.")
    end_date = serializers.DateField(help_text="Last day, inclusive.")
    date_precision = serializers.ChoiceField(
        choices=DatePrecision.choices, help_text="How much of the date the source states."
    )
    mechanism = serializers.IntegerField(
        allow_null=True, help_text="The mechanism's id, for rounds and documents signed at one."
    )
    url = serializers.URLField(help_text="The record in the API.")
    admin_url = serializers.URLField(help_text="The record in the admin, for analysts.")
