"""Reviewed ingestion in the API: a source's drafts, read from its text; each draft accepted
(written through the services, with its citations) or rejected."""

from typing import Any

import django_filters
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from ..choices import CitationBasis
from ..filtersets import RegistryFilterSet
from ..ingestion import review
from ..ingestion.extract import ExtractionRefused
from ..models import Draft, DraftStatus, DraftType, Source
from .cache import CachedReads
from .idempotency import idempotent
from .pagination import RegistryPagination

# --- Shapes ----------------------------------------------------------------------------------


class DraftCitationSerializer(serializers.Serializer):
    """A passage a draft's fields come from, in the shape of a record's `sources`."""

    source = serializers.IntegerField(help_text="The source's id.")  # type: ignore[assignment]
    quote = serializers.CharField(help_text="The sentence, word for word from the source's text.")
    date_phrase = serializers.CharField(
        allow_blank=True, help_text="The date as the sentence writes it (“In April of this year”)."
    )
    resolved_against = serializers.DateField(
        allow_null=True,
        required=False,
        help_text="The publication date the phrase was resolved against; null when unresolved.",
    )
    note = serializers.CharField(allow_blank=True, help_text="How the value was read, if inferred.")
    supports = serializers.ListField(
        child=serializers.CharField(),
        help_text='The record\'s fields the passage supports, such as ["start_date", "city"].',
    )
    basis = serializers.ChoiceField(
        choices=CitationBasis.choices, help_text="`stated`, `inferred` or `external`."
    )


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "description": "The record's fields, named and shaped as the resource's write payload "
        "(a round: `mechanism`, `number`, `start_date`, `end_date`, `date_precision`, `city`, "
        "`host_country`, `status`, `participants` with `person`, `name`, `country`, `role`, and "
        '`topics`). A reference to another draft is `{"draft": <id>}`.',
        "example": {
            "mechanism": {"draft": 1},
            "number": 3,
            "start_date": "2018-07-31",
            "end_date": "2018-07-31",
            "date_precision": "day",
            "city": {"draft": 6},
            "host_country": "RU",
            "status": "scheduled",
            "participants": [
                {
                    "person": {"draft": 9},
                    "name": "Taro Kono",
                    "country": "JP",
                    "role": "Foreign Minister",
                }
            ],
            "topics": [],
        },
    }
)
class DraftFieldsField(serializers.JSONField):
    """A draft's fields: a JSON object."""


class DraftSerializer(serializers.ModelSerializer):
    """A record proposed from a source's text, awaiting review."""

    url = serializers.HyperlinkedIdentityField(
        view_name="draft-detail", help_text="The draft's address in this API."
    )
    fields = DraftFieldsField(  # type: ignore[assignment]
        help_text="The record's fields in the resource's write payload; "
        '`{"draft": <id>}` refers to another draft.'
    )
    citations = DraftCitationSerializer(
        many=True, help_text="The sentences the fields come from, with the fields each supports."
    )
    notes = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the extraction could not settle (a date unresolved, a side unknown).",
    )
    reviewed_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="The analyst who accepted or rejected it (to signed-in users only); null while "
        "it is proposed, and to anonymous readers.",
    )

    class Meta:
        model = Draft
        fields = (
            "id",
            "url",
            "source",
            "type",
            "target",
            "fields",
            "citations",
            "confidence",
            "status",
            "record",
            "notes",
            "reviewed_by",
            "reviewed_at",
            "created",
            "updated",
        )
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "The draft's identifier."}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            data["reviewed_by"] = None
        return data


class AcceptSerializer(serializers.Serializer):
    """What accepting may change: the fields, edited."""

    fields = DraftFieldsField(  # type: ignore[assignment]
        required=False,
        help_text="The fields as edited by the analyst, replacing the draft's (same shape); "
        "omit to accept them as proposed.",
    )

    def validate_fields(self, value):
        if not isinstance(value, dict):
            raise ValidationError("Give the fields as a JSON object.")
        return value


class ChangeSerializer(serializers.Serializer):
    """One record that accepting the draft adds, changes or removes."""

    action = serializers.ChoiceField(
        choices=["add", "change", "remove"],
        help_text="`add` a new record or row, `change` a stored one, `remove` one (accepting "
        "never removes: a `remove` here would be a defect to report).",
    )
    kind = serializers.CharField(
        help_text="The record's kind, as the history names it: `round`, `person`, "
        "`participant`, `citation`, `place`…"
    )
    id = serializers.JSONField(help_text="The record's id (a country's code).")
    label = serializers.CharField(help_text="The record as it would read.")  # type: ignore[assignment]
    fields = serializers.ListField(  # type: ignore[assignment]
        child=serializers.CharField(),
        help_text="For a change: the fields and links it changes (`topics`, `city`…).",
    )


class PreviewSerializer(serializers.Serializer):
    """What accepting a draft would change, with nothing written."""

    draft = serializers.IntegerField(help_text="The draft's id.")
    changes = ChangeSerializer(many=True, help_text="In the order accepting writes them.")


class DraftFilterSet(RegistryFilterSet):
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(), help_text="The id of the source the drafts were read from."
    )
    type = django_filters.ChoiceFilter(
        choices=DraftType.choices, help_text="The kind of record proposed."
    )
    status = django_filters.ChoiceFilter(
        choices=DraftStatus.choices, help_text="`proposed`, `accepted` or `rejected`."
    )

    class Meta:
        model = Draft
        fields = ("source", "type", "status")


# --- Examples (a real run on the seed release, abridged) --------------------------------------

ROUND_DRAFT: dict[str, Any] = {
    "id": 12,
    "url": "http://127.0.0.1:8000/api/v1/drafts/12/",
    "source": 1,
    "type": "round",
    "target": 3,
    "fields": {
        "mechanism": 1,
        "number": 3,
        "start_date": "2018-07-31",
        "end_date": "2018-07-31",
        "date_precision": "day",
        "city": "moscow",
        "host_country": "RU",
        "status": "scheduled",
        "participants": [
            {
                "person": 1,
                "name": "Taro Kono",
                "country": "JP",
                "role": "Foreign Minister",
                "order": 0,
                "sources": [
                    {
                        "source": 1,
                        "quote": "On July 30–August 1, Foreign Minister Taro Kono and Defence "
                        "Minister Itsunori Onodera of Japan will visit the Russian Federation to "
                        "attend another round of the 2+2 foreign and defence ministerial "
                        "consultations scheduled for July 31 of this year.",
                        "date_phrase": "",
                        "resolved_against": None,
                        "note": "",
                        "supports": ["person", "country", "role"],
                        "basis": "stated",
                    }
                ],
            }
        ],
        "topics": [],
    },
    "citations": [
        {
            "source": 1,
            "quote": "On July 30–August 1, Foreign Minister Taro Kono and Defence Minister "
            "Itsunori Onodera of Japan will visit the Russian Federation to attend another round "
            "of the 2+2 foreign and defence ministerial consultations scheduled for July 31 of "
            "this year.",
            "date_phrase": "July 31 of this year",
            "resolved_against": "2018-07-30",
            "note": "",
            "supports": ["mechanism", "status", "start_date"],
            "basis": "stated",
        },
        {
            "source": 1,
            "quote": "The meeting will take place in Moscow for the first time.",
            "date_phrase": "",
            "resolved_against": None,
            "note": "",
            "supports": ["city", "host_country"],
            "basis": "stated",
        },
    ],
    "confidence": 0.95,
    "status": "proposed",
    "record": None,
    "notes": [],
    "reviewed_by": None,
    "reviewed_at": None,
    "created": "2026-12-05T10:00:00Z",
    "updated": "2026-12-05T10:00:00Z",
}
NEW_PLACE_DRAFT = {
    **ROUND_DRAFT,
    "id": 6,
    "url": "http://127.0.0.1:8000/api/v1/drafts/6/",
    "type": "place",
    "target": None,
    "fields": {
        "slug": "new-delhi",
        "name": "New Delhi",
        "kind": "city",
        "country": "IN",
        "latitude": 28.63576,
        "longitude": 77.22445,
        "geonames_id": 1261481,
    },
    "citations": [
        {
            "source": 4,
            "quote": "The talks were held in New Delhi on December 6.",
            "date_phrase": "",
            "resolved_against": None,
            "note": "",
            "supports": ["name"],
            "basis": "stated",
        }
    ],
    "confidence": 0.8,
    "notes": [
        "From the gazetteer: GeoNames 1261481 (https://www.geonames.org/1261481), New Delhi, IN."
    ],
}
DRAFT_EXAMPLES = [
    OpenApiExample("A round matching round 3 of the seed", value=ROUND_DRAFT, response_only=True),
    OpenApiExample("A new city from the gazetteer", value=NEW_PLACE_DRAFT, response_only=True),
]
# One draft: drf-spectacular shows it on a page of the list (it wraps a list's example).
LIST_EXAMPLE = OpenApiExample("The drafts of a release", value=ROUND_DRAFT, response_only=True)
ACCEPT_EXAMPLES = [
    OpenApiExample("As proposed", value={}, request_only=True),
    OpenApiExample(
        "Edited",
        value={"fields": {**ROUND_DRAFT["fields"], "city": "moscow", "number": 3}},
        request_only=True,
    ),
    OpenApiExample(
        "Accepted",
        value={**ROUND_DRAFT, "status": "accepted", "record": 3, "reviewed_by": "alice"},
        response_only=True,
    ),
]
PREVIEW_EXAMPLES = [
    OpenApiExample("As proposed", value={}, request_only=True),
    OpenApiExample(
        "Adds to a stored round",
        value={
            "draft": 7,
            "changes": [
                {
                    "action": "add",
                    "kind": "citation",
                    "id": 120,
                    "label": "Comment on the third round of 2+2: “The meeting will take place "
                    "in Moscow for the first time.”",
                    "fields": [],
                },
                {
                    "action": "change",
                    "kind": "round",
                    "id": 3,
                    "label": "Russia–Japan 2+2, round 3 (2018-07-31)",
                    "fields": ["city"],
                },
            ],
        },
        response_only=True,
    ),
]
CONFLICT_DESCRIPTION = (
    "409 when the draft was already accepted or rejected (`draft_status`, `record`), or when "
    "its target changed since the draft was made (`changed_fields`, the target's `etag`): "
    "nothing is written."
)

# --- Views -----------------------------------------------------------------------------------


def edited_fields(request: Request) -> dict | None:
    """The `fields` of an accept's (or a preview's) body, as edited; None to take the
    draft's."""
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": ["Send a JSON object (may be empty)."]})
    body = AcceptSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data.get("fields")


class DraftPermission(DjangoModelPermissionsOrAnonReadOnly):
    """Reading is public; reviewing is checked per draft (the permission to write its
    record), in the actions themselves."""

    def has_permission(self, request, view):
        if getattr(view, "action", None) in ("accept", "preview", "reject"):
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)


@extend_schema_view(
    list=extend_schema(
        summary="List drafts",
        description="Drafts read from sources' texts, paginated; filter by `source`, `type` "
        "and `status`.",
        examples=[LIST_EXAMPLE],
    ),
    retrieve=extend_schema(
        summary="Get a draft",
        description="One draft: the proposed record's fields, the sentences they come from, "
        "its confidence and where review stands.",
        examples=DRAFT_EXAMPLES,
    ),
)
class DraftViewSet(
    CachedReads, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Drafts proposed from sources' texts, accepted or rejected one by one."""

    queryset = Draft.objects.select_related("reviewed_by").order_by("source", "id")
    serializer_class = DraftSerializer
    filterset_class = DraftFilterSet
    permission_classes = [DraftPermission]
    lookup_value_regex = "[0-9]+"

    @extend_schema(
        summary="Accept a draft",
        description="Writes the draft's record through the same service as every write, with "
        "the draft's citations, after first accepting the proposed drafts it refers to (a new "
        "mechanism, person or place): all or nothing. A draft for a record the registry holds "
        "(its `target`, or a record of the same name, or a round of the same mechanism and "
        "number or start, found on accepting) only adds what the record lacks: empty fields, "
        "topics, participants and citations; nothing stored is removed or replaced, so "
        "accepting again changes nothing. A draft whose fields refer back to itself is a 400. "
        "The body may carry the `fields` as edited. Needs the permission to write that record "
        "(`add`, or `change` for a target) and each referred record. A 400 lists the record's "
        f"errors under `fields`. {CONFLICT_DESCRIPTION} The record's history names the "
        "analyst and the source.",
        request=AcceptSerializer,
        responses={200: DraftSerializer},
        examples=ACCEPT_EXAMPLES,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    @idempotent
    def accept(self, request: Request, pk=None) -> Response:
        draft = self.get_object()
        accepted = review.accept(draft.pk, user=request.user, fields=edited_fields(request))
        return Response(self.get_serializer(accepted).data)

    @extend_schema(
        summary="Preview accepting a draft",
        description="What accepting the draft (with the same body) would change, record by "
        "record, with nothing written: the accept is run and rolled back, so the answer is "
        "exactly what the accept would do now, the drafts it refers to included. An empty "
        "`changes` means accepting would change nothing (the registry holds all of it). "
        "Refused as accepting would be: 400 for invalid fields, 403 without the permission; "
        f"{CONFLICT_DESCRIPTION}",
        request=AcceptSerializer,
        responses={200: PreviewSerializer},
        examples=PREVIEW_EXAMPLES,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def preview(self, request: Request, pk=None) -> Response:
        draft = self.get_object()
        changes = review.preview(draft.pk, user=request.user, fields=edited_fields(request))
        return Response(
            PreviewSerializer({"draft": draft.pk, "changes": [vars(c) for c in changes]}).data
        )

    @extend_schema(
        summary="Reject a draft",
        description="Marks the draft rejected; nothing else changes. Needs the permission to "
        f"write its record. {CONFLICT_DESCRIPTION}",
        request=None,
        responses={200: DraftSerializer},
        examples=[
            OpenApiExample(
                "Rejected",
                value={**ROUND_DRAFT, "status": "rejected", "reviewed_by": "alice"},
                response_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    @idempotent
    def reject(self, request: Request, pk=None) -> Response:
        draft = self.get_object()
        return Response(self.get_serializer(review.reject(draft.pk, user=request.user)).data)


class SourceDraftsView(CachedReads, generics.GenericAPIView):
    """A source's drafts: read from its text (POST), listed (GET)."""

    serializer_class = DraftSerializer
    queryset = Draft.objects.select_related("reviewed_by").order_by("id")
    pagination_class = RegistryPagination
    filter_backends: list = []

    @extend_schema(
        summary="List a source's drafts",
        description="The drafts read from the source's text, in the order proposed "
        "(mechanisms, places and people before the rounds that refer to them).",
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The source's id."
            )
        ],
        responses=DraftSerializer(many=True),
        examples=[LIST_EXAMPLE],
    )
    def get(self, request: Request, pk: int) -> Response:
        source = get_object_or_404(Source, pk=pk)
        page = self.paginate_queryset(self.get_queryset().filter(source=source))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Read drafts from a source",
        description="Runs the extraction on the source's text (English; dates resolved "
        "against `published_at`, left unresolved without it, as each draft's `notes` say) and "
        "answers 201 with its drafts, paginated as the list. Running it again replaces the "
        "drafts still `proposed`; accepted and rejected ones stay. 400 when the text is empty, "
        "longer than 100,000 characters or not in English. Needs the `add` and `change` "
        "permissions on drafts. Deterministic: no network, no model.",
        request=None,
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The source's id."
            )
        ],
        responses={201: DraftSerializer(many=True)},
        examples=[LIST_EXAMPLE],
    )
    def post(self, request: Request, pk: int) -> Response:
        source = get_object_or_404(Source, pk=pk)
        if not request.user.is_authenticated:
            self.permission_denied(request)
        if not request.user.has_perms(["dialogue.add_draft", "dialogue.change_draft"]):
            raise PermissionDenied(
                "Reading drafts from a source (which replaces the drafts still proposed) needs "
                "dialogue.add_draft and dialogue.change_draft."
            )
        try:
            with transaction.atomic():
                review.propose(source, user=request.user)
        except ExtractionRefused as refused:
            raise ValidationError(refused.errors) from refused
        page = self.paginate_queryset(self.get_queryset().filter(source=source))
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response.status_code = status.HTTP_201_CREATED
        return response
