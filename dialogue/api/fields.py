"""Serializer fields for references the API writes in a readable form."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Place


@extend_schema_field(OpenApiTypes.STR)
class PlaceField(serializers.RelatedField):
    """A place, read as its English name and written as its slug or its exact name."""

    default_error_messages = {
        "unknown": "No place has the slug or name “{value}”; see /api/v1/places/.",
        "ambiguous": "Several places are named “{value}”; give the place's slug instead.",
        "invalid": "Give a place's slug or name as a string.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Place.objects.all())
        super().__init__(**kwargs)

    def to_representation(self, value: Place) -> str:
        return value.name

    def to_internal_value(self, data: object) -> Place:
        if not isinstance(data, str) or not data.strip():
            self.fail("invalid")
        queryset = self.get_queryset()
        place = queryset.filter(slug=data).first()
        if place is not None:
            return place
        matches = list(queryset.filter(name__iexact=data.strip())[:2])
        if not matches:
            self.fail("unknown", value=data)
        if len(matches) > 1:
            self.fail("ambiguous", value=data)
        return matches[0]
