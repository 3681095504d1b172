"""Provenance in the API: each record's values with their citations, the analysts' worklist
of unsupported values, and a source's sentences with what cites each."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from .. import provenance
from ..choices import CitationBasis
from ..models import Round, Source
from .cache import CachedReads
from .filtersets import yes_no
from .pagination import RegistryPagination


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


PROVENANCE_EXAMPLE = OpenApiExample(
    "A round",
    value={
        "type": "round",
        "id": 3,
        "label": "2+2, round 3 (2018-07-31)",
        "fields": [
            {
                "field": "city",
                "value": 1,
                "citations": [
                    {
                        "id": 24,
                        "source": 1,
                        "quote": "The meeting will take place in Moscow for the first time.",
                        "supports": ["city", "host_country"],
                        "basis": "stated",
                        "note": "",
                    }
                ],
            },
            {"field": "venue", "value": "Iikura House", "citations": []},
        ],
        "record_citations": [],
        "rows": {"participants": []},
        "unsupported": ["venue"],
    },
    response_only=True,
)


def record_provenance_schema():
    return extend_schema(
        summary="A record's provenance",
        description="Each non-empty value of the record with the citations that support it "
        "(those naming the field in `supports`; a date, its end and its precision are one "
        "claim), the citations of the record as a whole, its owned rows (participants, other "
        "names) in the same shape, and `unsupported`: the values nothing supports.",
        responses=RecordProvenanceSerializer,
        examples=[PROVENANCE_EXAMPLE],
        parameters=[],
    )


def coverage_schema():
    return extend_schema(
        summary="A source's coverage",
        description="The source's text split into sentences, each with the records (and the "
        "fields) whose citations quote it, so the sentences nothing cites stand out.",
        responses=SentenceSerializer(many=True),
        examples=[
            OpenApiExample(
                "A release",
                value=[
                    {
                        "index": 4,
                        "text": "The meeting will take place in Moscow for the first time.",
                        "cited_by": [
                            {
                                "resource": "round",
                                "id": 3,
                                "citation": 24,
                                "supports": ["city"],
                                "basis": "stated",
                            }
                        ],
                    },
                    {
                        "index": 27,
                        "text": "Experts in numerous formats have been discussing practical "
                        "aspects of bilateral relations.",
                        "cited_by": [],
                    },
                ],
                response_only=True,
            )
        ],
        parameters=[],
    )


class ProvenanceView(CachedReads, generics.GenericAPIView):
    """The analysts' worklist: records and the values of theirs that nothing supports."""

    serializer_class = WorklistEntrySerializer
    queryset = Round.objects.none()  # for the permission check: reading is public
    pagination_class = RegistryPagination
    filter_backends: list = []

    @extend_schema(
        summary="Provenance worklist",
        description="Records with the values of theirs that no citation supports. "
        "`unsupported=1` lists only records that have some (the analysts' worklist); "
        "`resource` (repeatable) and `source` narrow it.",
        parameters=[
            OpenApiParameter(
                "unsupported",
                OpenApiTypes.BOOL,
                description="`1`: only records with unsupported values.",
            ),
            OpenApiParameter(
                "resource",
                OpenApiTypes.STR,
                many=True,
                enum=sorted(provenance.RESOURCES),
                description="Only these kinds of record.",
            ),
            OpenApiParameter(
                "source", OpenApiTypes.INT, description="Only records citing this source."
            ),
        ],
        responses=WorklistEntrySerializer(many=True),
        examples=[
            OpenApiExample(
                "Unsupported values",
                value=[
                    {
                        "resource": "round",
                        "id": 3,
                        "label": "2+2, round 3 (2018-07-31)",
                        "unsupported": ["venue", "participants[1].role"],
                    }
                ],
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        unsupported_only = yes_no(params, "unsupported")
        resources = [name for name in params.getlist("resource") if name]
        if unknown := sorted(set(resources) - set(provenance.RESOURCES)):
            raise ValidationError(
                {
                    "resource": [
                        f"Unknown: {', '.join(unknown)}. "
                        f"Choose from: {', '.join(sorted(provenance.RESOURCES))}."
                    ]
                }
            )
        source = params.get("source", "")
        if source and not (source.isascii() and source.isdigit()):
            raise ValidationError({"source": ["Give a source's id."]})
        if source and not Source.objects.filter(pk=int(source)).exists():
            raise ValidationError({"source": [f"No source has the id {source}."]})
        # Selected, counted and paged in SQL; only the page's records are loaded, with their
        # citations and rows, to list their unsupported values.
        resources = list(dict.fromkeys(resources or provenance.RESOURCES))
        records = provenance.worklist_records(
            resources=resources,
            source=int(source) if source else None,
            unsupported_only=unsupported_only,
        )
        with provenance.without_jit(records.db):
            page = self.paginate_queryset(records) or []
        return self.get_paginated_response(provenance.worklist_entries(page, resources))
