"""Serializer fields for references the API writes in a readable form, and for dates written
in ASCII digits only."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..edtf import format_edtf, parse_edtf
from ..models import Place
from ..writes.parse import place_countries
from ..writes.places import AmbiguousPlace, NewPlace, find_place


@extend_schema_field(OpenApiTypes.STR)
class PlaceField(serializers.RelatedField):
    """A place, read as its English name and written as its slug or its exact name; a city the
    registry lacks but the gazetteer knows (GeoNames) is created with the record
    (`writes.places`, as every writer finds a place)."""

    default_error_messages = {
        "unknown": "No place has the slug or name “{value}”, and the gazetteer (GeoNames) "
        "knows no city of that name; see /api/v1/places/.",
        "ambiguous": "Several places are named “{value}”; give the place's slug instead.",
        "invalid": "Give a place's slug or name as a string.",
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Place.objects.all())
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return value.name

    def to_internal_value(self, data: object) -> Place | NewPlace:
        if not isinstance(data, str) or not data.strip():
            self.fail("invalid")
        initial = getattr(self.parent, "initial_data", None)
        countries = place_countries(
            initial if isinstance(initial, Mapping) else {}, getattr(self.parent, "instance", None)
        )
        try:
            place = find_place(data, countries)
        except AmbiguousPlace:
            self.fail("ambiguous", value=data)
        if place is None:
            self.fail("unknown", value=data)
        return place


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "example": "2018-04",
        "description": "The dates as one EDTF string (ISO 8601-2): `2018-07-31` (a day), "
        "`2018-05-24/2018-05-26` (days), `[2018-07-30..2018-08-01]` (one day within), "
        "`2018-04` (a month), `2013` (a year); years 1000 to 2999, in ASCII digits. May be "
        "written instead of `start_date`, `end_date` and `date_precision`.",
    }
)
class EDTFDateField(serializers.Field):
    """The span and precision of a dated record as one EDTF string, read and written."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, instance) -> str | None:
        return format_edtf(instance.start_date, instance.end_date, instance.date_precision)

    def to_internal_value(self, data: object) -> dict:
        if not isinstance(data, str):
            raise serializers.ValidationError("Give the date as an EDTF string, such as 2018-04.")
        try:
            start, end, precision = parse_edtf(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return {"start_date": start, "end_date": end, "date_precision": precision}


ASCII_ONLY = "Write the date in ASCII digits, such as {example}."


class ASCIIDateField(serializers.DateField):
    """A date, read only from ASCII text: DRF's own reads `２０１９-01-01` (full-width digits)
    as 2019-01-01, because Django's parse_date matches `\\d`, which takes any script's digits."""

    def to_internal_value(self, value: datetime.date | str) -> datetime.date:
        if isinstance(value, str) and not value.isascii():
            raise serializers.ValidationError(ASCII_ONLY.format(example="2018-07-31"))
        return super().to_internal_value(value)


class ASCIIDateTimeField(serializers.DateTimeField):
    """A date and time, read only from ASCII text, for the same reason as ASCIIDateField."""

    def to_internal_value(self, value: datetime.datetime | str) -> datetime.datetime:
        if isinstance(value, str) and not value.isascii():
            raise serializers.ValidationError(ASCII_ONLY.format(example="2018-07-30T08:05:00Z"))
        return super().to_internal_value(value)


class RecordURLField(serializers.HyperlinkedIdentityField):
    """A record's address, as HyperlinkedIdentityField gives it, with the URL resolver asked
    once per list rather than once per record (a fifth of a page's time went to `reverse`)."""

    def get_url(self, obj, view_name, request, format):
        key = str(getattr(obj, self.lookup_field, ""))
        if format or not key.isascii() or not key.isalnum():
            return super().get_url(obj, view_name, request, format)
        cached = getattr(self, "_url_prefix", None)
        if cached is not None and cached[0] is request:
            return f"{cached[1]}{key}/"
        url = super().get_url(obj, view_name, request, format)
        if url is not None and url.endswith(f"/{key}/"):
            self._url_prefix = (request, url[: -len(key) - 1])
        return url
