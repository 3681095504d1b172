"""What every resource's viewset shares: list and detail with `brief`, `fields` and CSV,
writes guarded by `If-Match`, each record's history and (for citable records) provenance."""

from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from ... import audit, selectors, writes
from ...filtersets import YES_NO, foreign_digits
from ...history import VIA_API
from ...provenance import record_provenance, without_jit
from .. import exports, rows, serializers
from ..cache import CachedReads, parse_etags
from ..exceptions import PreconditionFailed
from ..idempotency import idempotent
from ..openapi import (
    record_provenance_schema,
)
from ..pagination import RegistryPagination


class RegistryViewSet(CachedReads, viewsets.ModelViewSet):
    """List, retrieve, create, replace, update and delete, with `brief`, `fields` and CSV."""

    renderer_classes: list[type[BaseRenderer]] = [
        *cast(list[type[BaseRenderer]], api_settings.DEFAULT_RENDERER_CLASSES),
        exports.CSVRenderer,
    ]
    # Writes answer in JSON only; spreadsheets are for reading.
    csv_actions: tuple[str, ...] = ("list", "retrieve")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        lookup = str(kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if read_as_another_id(lookup):
            raise NotFound("Ids are written with the digits 0–9, and nothing around them.")
        if request_format(request) in ("csv", "ics"):
            # Links in a spreadsheet or calendar lead to the JSON records, not to copies in
            # the same format.
            request._request.GET = request._request.GET.copy()
            request._request.GET.pop(api_settings.URL_FORMAT_OVERRIDE, None)

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action in self.csv_actions:
            return renderers
        return [r for r in renderers if not isinstance(r, exports.CSVRenderer)]

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        if not request.query_params.get("q"):
            return self.list_response(self.filter_queryset(queryset))
        # A search's queries read each record's other parts in subqueries, which PostgreSQL's
        # planner costs far above `jit_above_cost`: at a million rounds it spent 0.9 s
        # compiling the count of a broad search that runs in 0.04 s.
        with without_jit(queryset.db):
            return self.list_response(self.filter_queryset(queryset))

    def list_response(self, queryset):
        """A page of JSON, or the whole list as CSV; built from plain rows by the serializer's
        plan (api/rows.py) where it has one."""
        plan = self.row_plan()
        if request_format(self.request) == "csv":
            self.check_export(queryset)
            # Shape errors (?fields=nope) must be a 400 now, not a broken stream later.
            fields = self.get_serializer([], many=True).child.fields
            if plan is None:
                records = exports.serialized_rows(
                    queryset, lambda chunk: self.get_serializer(chunk, many=True).data
                )
            else:
                records = exports.planned_rows(plan, queryset, self.get_queryset(), self.request)
            header, records = exports.with_labels(list(fields), exports.labelled(fields), records)
            filename = str(queryset.model._meta.verbose_name_plural)
            return exports.csv_response(queryset, records, header=header, filename=filename)
        if plan is not None:
            page = self.paginate_queryset(plan.values(queryset))
            return self.get_paginated_response(plan.represent(page or [], self.request))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def row_plan(self) -> rows.RowPlan | None:
        """The plan of the list's shape (`?brief`, `?fields`), made on its first request."""
        params = self.request.query_params
        key = (self.get_serializer_class(), params.get("brief", ""), params.get("fields", ""))
        return rows.plan_for(
            key, lambda: self.get_serializer([], many=True).child, self.get_queryset()
        )

    def check_export(self, queryset) -> None:
        """What a whole-list export (CSV, calendar) must pass before it is built: a malformed
        `page` or `page_size` is a 400, as on the JSON list, though the export is not paged;
        and an anonymous export holds at most EXPORT_ANONYMOUS_MAX_ROWS records, so no
        client without an account can have the server read and write the whole registry
        (at 200,000 rounds, 15 s and 103 MB a request)."""
        if isinstance(self.paginator, RegistryPagination):
            self.paginator.check_query(self.request)
        limit = settings.EXPORT_ANONYMOUS_MAX_ROWS
        if (
            limit
            and not self.request.user.is_authenticated
            and queryset.prefetch_related(None)[: limit + 1].count() > limit
        ):
            raise ValidationError(
                {
                    api_settings.URL_FORMAT_OVERRIDE: [
                        f"An export without an account holds at most {limit:,} records, and "
                        "this one holds more. Narrow it with the list's filters, read the JSON "
                        "list page by page, or sign in (any account, a reader's token "
                        "included, exports everything)."
                    ]
                }
            )

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.request is not None and self.request.method in ("GET", "HEAD"):
            self.limit_fields(serializer)
        return serializer

    def limit_fields(self, serializer: drf_serializers.BaseSerializer) -> None:
        """Keep only the fields `?brief=1` or `?fields=` ask for."""
        record: Any = getattr(serializer, "child", serializer)
        params = self.request.query_params
        brief = yes_no(params, "brief")
        wanted = list(record.Meta.brief_fields) if brief else list(record.fields)
        if params.get("fields", ""):  # `?fields=` (empty) means every field, as omitting it
            requested = [name.strip() for name in params["fields"].split(",") if name.strip()]
            unknown = [name for name in requested if name not in wanted]
            if not requested or unknown:
                message = (
                    f"Unknown field(s): {', '.join(unknown) or '(none given)'}. "
                    f"Choose from: {', '.join(wanted)}."
                )
                raise ValidationError({"fields": [message]})
            wanted = requested
        for name in list(record.fields):
            if name not in wanted:
                record.fields.pop(name)

    def get_object(self):
        """The record named in the address by its id or, for records that have one, its slug
        (`/mechanisms/ru-jp-2plus2/`)."""
        kwarg = self.lookup_url_kwarg or self.lookup_field
        value = str(self.kwargs.get(kwarg, ""))
        model = self.get_queryset().model
        field = self.lookup_field
        if writes.has_slug(model) and not (value.isascii() and value.isdigit()):
            field = "slug"
        # Not filter_queryset: the list's filters choose rows of a list, not a record (and
        # building the filter form is most of a detail read's time).
        instance = get_object_or_404(self.get_queryset(), **{field: value})
        self.check_object_permissions(self.request, instance)
        return instance

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        tag = selectors.record_version(instance)
        if tag in parse_etags(request.headers.get("If-None-Match", "")):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
        return Response(self.get_serializer(instance).data, headers={"ETag": tag})

    @idempotent
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @method_decorator(transaction.atomic)
    def update(self, request, *args, **kwargs):
        self.check_if_match()
        response = super().update(request, *args, **kwargs)
        response["ETag"] = selectors.record_version(self.get_object())
        return response

    @method_decorator(transaction.atomic)
    def destroy(self, request, *args, **kwargs):
        self.check_if_match()
        return super().destroy(request, *args, **kwargs)

    def check_if_match(self) -> None:
        """412 when `If-Match` names a version of the record other than the current one.

        The row is locked first, so two clients holding the same tag cannot both write. The
        refusal gives the current ETag and the fields changed since the client's copy.
        """
        if_match = self.request.headers.get("If-Match")
        if if_match is None:
            return
        instance = self.get_object()  # 404 for an unknown or malformed id
        type(instance).objects.select_for_update().filter(pk=instance.pk).values_list("pk").first()
        # Compare with the version as it is now that the row is locked.
        current = self.get_object()
        tag = selectors.record_version(current)
        tags = parse_etags(if_match)
        if "*" in tags or tag in tags:
            return
        held = [moment for t in tags if (moment := selectors.version_time(t)) is not None]
        changed = selectors.record_changes_since(current, min(held)) if held else []
        names = {field.source: name for name, field in self.get_serializer().fields.items()}
        raise PreconditionFailed(
            etag=tag, changed_fields=sorted(names.get(name, name) for name in changed)
        )

    def perform_create(self, serializer):
        serializer.save()
        self.reread(serializer)

    def perform_update(self, serializer):
        serializer.save()
        self.reread(serializer)

    def reread(self, serializer: drf_serializers.BaseSerializer) -> None:
        """Answer a write with the record as a read would show it, from the view's queryset.

        Fields the queryset computes (a mechanism's `rounds_count`) are missing from, or stale
        on, the instance the serializer saved.
        """
        assert serializer.instance is not None
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance):
        writes.record_delete(instance=instance, user=self.request.user, via=VIA_API)

    @extend_schema(
        summary="A record's history",
        description="Every version of the record, newest first: who changed it, when, whether "
        "it was created (`+`), changed (`~`) or deleted (`-`), and which fields changed. The "
        "history stays after the record is deleted.",
        responses=serializers.VersionSerializer(many=True),
        parameters=[],
    )
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        serializer_class=serializers.VersionSerializer,
    )
    def history(self, request, pk=None):
        versions = audit.RecordHistory(
            self.get_queryset().model, pk, names_users=request.user.is_authenticated
        )
        # Paged in SQL: only the page's versions are read and compared.
        page = self.paginate_queryset(versions)
        if not page:  # an empty first page: no version at all
            raise NotFound("No record of this type has ever had this id.")
        return self.get_paginated_response(page)


ROUND_RENDERERS = [*RegistryViewSet.renderer_classes, exports.ICalendarRenderer]


def read_as_another_id(lookup: str) -> bool:
    """Whether int() would read `lookup` as an id it does not spell: `/rounds/１/` (full-width
    digits) was round 1, `/people/%C2%A06/` (a no-break space first) changed person 6, and
    `+6`, `6_0` and ` 6` read as 6 and 60. An id is written with the digits 0–9 alone."""
    if lookup.isascii() and lookup.isdigit():
        return False
    try:
        int(lookup)
    except ValueError:
        return foreign_digits(lookup)
    return True


def yes_no(params, name: str) -> bool:
    """A yes/no query parameter outside the filters (`brief`, `unsupported`): spelled as the
    filters take them; absent or empty is no; anything else is a 400 naming it."""
    value = params.get(name, "").strip().lower()
    if value not in YES_NO and value != "":
        raise ValidationError({name: [f"Use {name}=1 or {name}=0."]})
    return YES_NO.get(value, False)


def request_format(request) -> str | None:
    """The renderer format the client chose (`csv`, `ics`, `json` …)."""
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", None)


class CitedRecordViewSet(RegistryViewSet):
    """A resource whose records take citations: each has its provenance (countries, from ISO
    3166, and sources themselves take none)."""

    @record_provenance_schema()
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        serializer_class=serializers.RecordProvenanceSerializer,
        pagination_class=None,
    )
    def provenance(self, request, pk=None):
        return Response(record_provenance(self.get_object()))
