"""What every record serializer shares: fields described, related records by id or slug,
writes through the services with every error at once, and dated records' spans."""

import copy
from collections.abc import Mapping
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Model, QuerySet
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.settings import api_settings

from ... import writes
from ...edtf import parse_edtf
from ...history import VIA_API
from ..fields import EDTFDateField
from ..json_types import JSONTypesMixin, type_error


class IdOrSlugRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record, read as its id, written as its id or (for records that have one) its
    slug, as the filters take them: `"mechanism": "ru-jp-2plus2"`."""

    default_error_messages = {"no_such_slug": "No {kind} has the id or slug “{value}”."}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model = getattr(getattr(self, "queryset", None), "model", None)
        self.id_or_slug = model is not None and writes.has_slug(model)
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


class FieldsBuiltOnce:
    """A model serializer whose fields are built once per class and copied for each instance.

    DRF builds a model serializer's fields from the model's metadata for every instance: a
    millisecond a request for a round, and for each nested serializer of a detail (its
    citations, other names, participants) on every request. Edits to the fields are made on
    each copy (see DescribedModelSerializer): a copied DRF field is built again from its
    constructor's arguments, so edits made after construction would not survive it."""

    def get_fields(self):
        built = BUILT_FIELDS.get(type(self))
        if built is None:
            built = BUILT_FIELDS[type(self)] = super().get_fields()  # type: ignore[misc]
        return copy.deepcopy(built)


class DescribedModelSerializer(FieldsBuiltOnce, JSONTypesMixin, serializers.ModelSerializer):
    """Gives the fields every record has (`id`, `url`) a description in the schema; related
    records are written by id or slug; a slug left out is made from the name."""

    serializer_related_field = IdOrSlugRelatedField

    common_descriptions = {
        "id": "The record's identifier, unique among records of its type.",
        "url": "The record's address in this API.",
    }

    def get_fields(self):
        fields = super().get_fields()
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
    """Writes a record through `writes.record_save`, so the models' rules apply in full.

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
        found = writes.record_errors(
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
            return writes.record_save(
                instance=instance,
                fields=validated_data,
                many_to_many=many_to_many,
                children=children,
                user=getattr(request, "user", None),
                via=VIA_API,
            )
        except writes.RecordInvalid as error:
            # Every error at once, under the names the API uses (a round's `sources`).
            errors = {
                field_names.get(key, key): value for key, value in api_errors(error.errors).items()
            }
            raise serializers.ValidationError(errors) from error


# The service's names that the API spells otherwise, at every level of nesting.
API_NAMES = {NON_FIELD_ERRORS: api_settings.NON_FIELD_ERRORS_KEY, "citations": "sources"}


def api_errors(errors: writes.ErrorTree) -> dict[str, Any]:
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

    @property
    def requires_start(self) -> bool:
        """Whether a new record needs a start (the schema says so: `start_date` or `date`)."""
        model: type[Model] = self.Meta.model
        return not model._meta.get_field("start_date").null

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
        if self.instance is None and self.requires_start and "start_date" not in attrs:
            raise serializers.ValidationError(
                {"start_date": "Give `start_date` (with `date_precision`), or `date`."}
            )
        # A new start or precision without an end means "derive the end again".
        if ("start_date" in attrs or "date_precision" in attrs) and "end_date" not in attrs:
            attrs["end_date"] = None
        return attrs


# --- Records ---------------------------------------------------------------------------------


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
