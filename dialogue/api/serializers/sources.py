"""Sources and provenance: citations as written with a record, the sources themselves, and
the provenance of each record's values."""

from rest_framework import serializers

from ...choices import CitationBasis
from ...models import (
    Citation,
    Source,
)
from ..fields import RecordURLField
from ..json_types import JSONTypesMixin
from .base import FieldsBuiltOnce, RecordSerializer


class CitationSerializer(FieldsBuiltOnce, JSONTypesMixin, serializers.ModelSerializer):
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


# --- Provenance (read-only) ---


class CitedBySerializer(serializers.Serializer):
    """A citation, as provenance lists it."""

    id = serializers.IntegerField(help_text="The citation's id.")
    source = serializers.IntegerField(help_text="The source's id.")  # type: ignore[assignment]
    quote = serializers.CharField(
        help_text="The passage, word for word; may be empty when the basis is `external`."
    )
    supports = serializers.ListField(
        child=serializers.CharField(), help_text="The fields it supports; empty: the record."
    )
    basis = serializers.ChoiceField(
        choices=CitationBasis.choices, help_text="`stated`, `inferred` or `external`."
    )
    note = serializers.CharField(help_text="How the value was read from the passage.")


class FieldProvenanceSerializer(serializers.Serializer):
    """One value of a record, and the citations that support it."""

    field = serializers.CharField(help_text="The field's name, as in the record's JSON.")
    value = serializers.JSONField(help_text="Its value (related records by id).")
    citations = CitedBySerializer(many=True, help_text="What supports it; empty: nothing.")


class RecordProvenanceSerializer(serializers.Serializer):
    """Every value a record shows, with its support."""

    type = serializers.CharField(help_text="The kind of record, such as `round`.")
    id = serializers.IntegerField(help_text="The record's id.")
    # Declared fields live apart from Field's `label` and Serializer's `fields` at run time.
    label = serializers.CharField(help_text="A readable label.")  # type: ignore[assignment]
    fields = FieldProvenanceSerializer(  # type: ignore[assignment]
        many=True, help_text="Its non-empty values."
    )
    record_citations = CitedBySerializer(
        many=True, help_text="Citations of the record as a whole (naming no field)."
    )
    rows = serializers.DictField(
        child=serializers.ListField(child=serializers.DictField()),
        help_text="Its owned rows (participants, other names), each in this same shape.",
    )
    unsupported = serializers.ListField(
        child=serializers.CharField(),
        help_text="Values no citation supports, its rows' included (`participants[0].role`).",
    )
    unverified = serializers.ListField(
        child=serializers.CharField(),
        help_text="Values a `stated` citation supports but its quote does not say (a name, a "
        "date, a number, a person, a place or a country not found in the quote), its rows' "
        "included (`participants[0].person`): the basis should be `inferred`, or the value "
        "or the quote corrected.",
    )


class WorklistEntrySerializer(serializers.Serializer):
    """A record and its unsupported values."""

    resource = serializers.CharField(help_text="The resource, such as `round`.")
    id = serializers.IntegerField(help_text="The record's id.")
    label = serializers.CharField(help_text="A readable label.")  # type: ignore[assignment]
    unsupported = serializers.ListField(
        child=serializers.CharField(), help_text="Its values that no citation supports."
    )


class SentenceCitationSerializer(serializers.Serializer):
    resource = serializers.CharField(help_text="The kind of record citing the sentence.")
    id = serializers.IntegerField(help_text="The record's id.")
    citation = serializers.IntegerField(help_text="The citation's id.")
    supports = serializers.ListField(
        child=serializers.CharField(), help_text="The fields it supports; empty: the record."
    )
    basis = serializers.ChoiceField(choices=CitationBasis.choices, help_text="How.")


class SentenceSerializer(serializers.Serializer):
    """A sentence of a source's text and the records that cite it."""

    index = serializers.IntegerField(help_text="Its position in the text, from 1.")
    text = serializers.CharField(help_text="The sentence.")
    cited_by = SentenceCitationSerializer(
        many=True, help_text="Citations whose quote falls in it; empty: nothing cites it."
    )
