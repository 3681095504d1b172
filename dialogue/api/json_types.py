"""JSON bodies are read with the types the schema gives: `"name": 5` is a 400, not "5".

DRF converts what it can: a number where a string is expected, `"3"` or `3.0` for an integer,
`1` or `"yes"` for a boolean, `""` for no related record. Form data needs that (every value of
a form is a string), but a JSON client that sends the wrong type has made a mistake the schema
says is one, and should hear about it rather than have its data guessed at.
"""

import re
from collections.abc import Mapping
from typing import Any

from django.db import models
from rest_framework import serializers
from rest_framework.utils import html

from .fields import ASCIIDateField, ASCIIDateTimeField

# A decimal as the schema gives it: digits, optionally a point and more digits (no exponent).
DECIMAL = re.compile(r"-?[0-9]*(?:\.[0-9]*)?")


def type_error(field: serializers.Field, value: Any) -> str | None:
    """Why `value`, as parsed from JSON, cannot be meant for `field`; None when it can."""
    if value is None or isinstance(field, serializers.BaseSerializer):
        return None  # null: DRF answers; nested records: checked by their own serializer
    if contains_nul(value):
        # PostgreSQL can neither store nor look up text with NUL in it.
        return "A NUL character (\\u0000) is not allowed."
    if isinstance(field, serializers.ManyRelatedField):
        if not isinstance(value, list):
            return "Give a list."
        for item in value:
            message = type_error(field.child_relation, item)
            if message is not None:
                return message
        return None
    if isinstance(field, serializers.RelatedField) and value == "":
        return "Give the related record's key, or null for none."
    expected = expected_type(field)
    if expected is None:
        return None
    if expected is bool:
        ok = isinstance(value, bool)
    elif expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, str)
    if not ok:
        return f"Give {TYPE_NAMES[expected]}, not {json_type_name(value)}."
    if isinstance(field, serializers.DecimalField) and not DECIMAL.fullmatch(value):
        return (
            "Give the number as a string of digits with an optional decimal point, such as “13.9”."
        )
    return None


TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false"}


def expected_type(field: serializers.Field) -> type | None:
    """The JSON type a field is written with (as the schema says); None for any or a nested one."""
    if isinstance(field, serializers.MultipleChoiceField) or getattr(field, "id_or_slug", False):
        return None  # an id or a slug: the field checks which
    if isinstance(field, serializers.BooleanField):
        return bool
    if isinstance(field, serializers.IntegerField):
        return int
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        queryset = field.get_queryset()
        if queryset is None:
            return None
        pk = queryset.model._meta.pk
        return int if isinstance(pk, models.AutoField | models.IntegerField) else str
    if isinstance(
        field,
        serializers.CharField
        | serializers.ChoiceField
        | serializers.DecimalField
        | serializers.DateField
        | serializers.DateTimeField
        | serializers.SlugRelatedField,
    ):
        return str
    return None


def contains_nul(value: Any) -> bool:
    """Whether a parsed JSON value holds the NUL character in any string, key or item."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    if isinstance(value, Mapping):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    return False


def json_type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "an empty string" if value == "" else "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


class JSONTypesMixin:
    """Refuses a JSON value of the wrong type for any writable field, before DRF converts it;
    reads the models' dates in ASCII digits only."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: ASCIIDateField,
        models.DateTimeField: ASCIIDateTimeField,
    }

    def to_internal_value(self, data):
        root = getattr(self, "root", self)
        if isinstance(data, Mapping) and not html.is_html_input(
            getattr(root, "initial_data", None)
        ):
            fields = getattr(self, "_writable_fields", ())
            errors = {
                field.field_name: [message]
                for field in fields
                if field.field_name in data
                and (message := type_error(field, data[field.field_name])) is not None
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]
