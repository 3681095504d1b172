"""Sources and provenance: the sources, each source's coverage, and the analysts' worklist
of values nothing supports."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from ... import filtersets, provenance
from ...models import Round, Source
from ...provenance import source_coverage
from .. import serializers
from ..cache import CachedReads
from ..openapi import (
    coverage_schema,
    documented,
)
from ..pagination import RegistryPagination
from .base import RegistryViewSet, yes_no


@documented("source", "sources")
class SourceViewSet(RegistryViewSet):
    """Published texts the records cite, with their cleaned text."""

    @coverage_schema()
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        serializer_class=serializers.SentenceSerializer,
        pagination_class=None,
    )
    def coverage(self, request, pk=None):
        return Response(source_coverage(self.get_object()))

    queryset = Source.objects.all()
    serializer_class = serializers.SourceSerializer
    filterset_class = filtersets.SourceFilterSet


class ProvenanceView(CachedReads, generics.GenericAPIView):
    """The analysts' worklist: records and the values of theirs that nothing supports."""

    serializer_class = serializers.WorklistEntrySerializer
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
        responses=serializers.WorklistEntrySerializer(many=True),
        examples=[
            OpenApiExample(
                "Unsupported values",
                # One entry: drf-spectacular shows it on a page of the list.
                value={
                    "resource": "round",
                    "id": 3,
                    "label": "2+2, round 3 (2018-07-31)",
                    "unsupported": ["venue", "participants[1].role"],
                },
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
        # Selected, counted and paged in SQL (the stored flag, read off an index); only the
        # page's records are loaded, with their citations and rows, to list their unsupported
        # values.
        resources = list(dict.fromkeys(resources or provenance.RESOURCES))
        records = provenance.worklist_records(
            resources=resources,
            source=int(source) if source else None,
            unsupported_only=unsupported_only,
        )
        page = self.paginate_queryset(records) or []
        return self.get_paginated_response(provenance.worklist_entries(page, resources))
