"""Lists built from plain rows: the same JSON as each resource's serializer, without a model
object or DRF's field machinery per value.

A resource's rows are built by a plan derived from its serializer's fields (`RowPlan`): a page
from `.values()` rows and one query per relation, a whole-list export from one streamed query
whose relations are subqueries the plan derives from the same fields (PostgreSQL). Every
representation of a record (JSON, CSV) is built from these rows; tests/api/test_rows.py and
tests/api/test_row_plans.py hold them equal to the serializer's output.
"""

import datetime
import itertools
import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from functools import cached_property
from typing import Any, cast

import orjson
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections, models
from django.db.models import F, Func, ManyToManyField, Model, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from psycopg.types.datetime import TimestamptzLoader
from rest_framework import ISO_8601, serializers
from rest_framework.reverse import reverse as drf_reverse
from rest_framework.settings import api_settings

from ..edtf import format_edtf
from .fields import EDTFDateField, PlaceField, RecordURLField

STREAM_BATCH = 500  # streamed rows built at a time
COMPILING = threading.Lock()  # a plan's streamed builders are made by one thread at a time


def timestamp(value: datetime.datetime, zone: tzinfo | None = None) -> str:
    """A date and time as DRF writes it: ISO 8601 in the current time zone (`zone`, when the
    caller has looked it up once for many rows), `Z` for UTC's offset."""
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# --- A page of any resource ----------------------------------------------------------------
# A page through a serializer instantiates every record and row as a model object and runs
# DRF's field machinery on each attribute. A plan reads the serializer's own fields once and
# builds the same dictionaries from `.values()` rows, one query per relation. A field it
# cannot read from a column (a method field) makes the resource keep its serializer.


class Unplannable(Exception):
    """A serializer field whose value does not come from a column or a relation."""


# DRF's own representation of these is the value itself.
AS_STORED = (serializers.CharField, serializers.IntegerField, serializers.BooleanField)
# Model fields whose values a nested row carries through JSON (a streamed read), each with how
# it is read back as the ORM reads it (None: as JSON gives it). Any other type (a decimal,
# which JSON would make a float) leaves a plan without a streamed read.
FROM_JSON: list[tuple[type[models.Field], Callable[[Any], Any] | None]] = [
    (models.DateTimeField, datetime.datetime.fromisoformat),  # before DateField, its base
    (models.DateField, datetime.date.fromisoformat),
    (models.CharField, None),
    (models.TextField, None),
    (models.IntegerField, None),
    (models.AutoField, None),
    (models.BooleanField, None),
    (models.FloatField, None),
    (models.JSONField, None),
]


class Reading:
    """What one plan's run shares: the request, records' addresses, the time zone."""

    def __init__(self, request) -> None:
        self.request = request
        self.prefixes: dict[tuple[str, str], str] = {}
        self.zone = timezone.get_current_timezone()

    def url(self, field: Any, key: Any) -> str | None:
        """The record's address, the resolver asked once per page (as RecordURLField does)."""
        text = str(key)
        prefix = self.prefixes.get((field.view_name, field.lookup_url_kwarg))
        if prefix is None or not (text.isascii() and text.isalnum()):
            url = drf_reverse(
                field.view_name, kwargs={field.lookup_url_kwarg: key}, request=self.request
            )
            if text.isascii() and text.isalnum() and url.endswith(f"/{text}/"):
                self.prefixes[(field.view_name, field.lookup_url_kwarg)] = url[: -len(text) - 1]
            return url
        return f"{prefix}{text}/"


def ordering(model: type[Model], *, without: str = "") -> list[str]:
    """The order `model`'s related manager reads rows in (its Meta.ordering), with the key
    last so that ties read the same every time; `without` a field every row shares."""
    fields = [name for name in cast(list[str], model._meta.ordering) if name.lstrip("-") != without]
    return [*fields, "pk"] if "pk" not in fields and "id" not in fields else fields


class JSONList(Func):
    """A row's values as one JSON array (PostgreSQL's json_build_array): a nested row read
    with the record that owns it."""

    function = "json_build_array"
    output_field = models.JSONField()


@dataclass
class Relation:
    """A field whose values are read for many records at once: for a page, by one query for
    all its records (`fetch`, built values by record); for a stream, with each record, as a
    subquery of the record's own query (`inline`): its values as read, or, for nested rows,
    JSON arrays that `child` builds."""

    alias: str  # the row's key for the field's values
    fetch: Callable[[list, Reading], dict[Any, list]]
    inline: Callable[[], Any]
    child: "RowPlan | None"


class RowPlan:
    """How to build a serializer's dictionaries for records of its model from plain rows."""

    def __init__(self, serializer: serializers.ModelSerializer, queryset: QuerySet) -> None:
        self.model: type[Model] = serializer.Meta.model
        self.annotations = set(queryset.query.annotations)
        # ORM paths read with each row, in order, without repeats: each with its model field
        # (None for an annotation).
        self.columns: dict[str, models.Field | None] = {"pk": self.model._meta.pk}
        self.shown: set[str] = set()  # the columns a field shows ("pk" is read to group rows)
        self.relations: list[Relation] = []
        self.bound: dict[str, Any] = {}  # the objects the makers' expressions name
        self.makers = [(name, self.make(field)) for name, field in serializer.fields.items()]
        self.made = self.compiled()

    def column(self, path: str) -> str:
        """Read `path` (a field, `a__b` across foreign keys, or an annotation) with the row."""
        found: models.Field | None = None
        if path != "pk" and path not in self.annotations:
            model = self.model
            for part in path.split("__"):
                try:
                    field = model._meta.get_field(part)
                except FieldDoesNotExist as error:
                    raise Unplannable(path) from error
                if field.many_to_many or field.one_to_many:
                    raise Unplannable(path)
                # A foreign key's column holds the key of the record it names.
                found = cast(models.Field, getattr(field, "target_field", field))
                model = field.related_model or model
        self.columns.setdefault(path, found)
        self.shown.add(path)
        return path

    def relation(self, fetch, inline, child: "RowPlan | None" = None) -> str:
        """A field whose values are read for all the records at once (`Relation`)."""
        alias = f"plan_relation_{len(self.relations)}"
        self.relations.append(Relation(alias, fetch, inline, child))
        return f"row[{alias!r}]"

    def bind(self, value: Any) -> str:
        """The name an object has in the source of `made`."""
        name = f"bound_{len(self.bound)}"
        self.bound[name] = value
        return name

    def make(self, field: Any) -> str:
        """The field's JSON value as a Python expression of the record's row (`row`), the
        run (`reading`), its address maker (`url`) and time zone (`zone`)."""
        if isinstance(field, RecordURLField):
            key = self.column("pk" if field.lookup_field == "pk" else field.lookup_field)
            return f"url({self.bind(field)}, row[{key!r}])"
        if isinstance(field, EDTFDateField):
            start, end, precision = (
                self.column(name) for name in ("start_date", "end_date", "date_precision")
            )
            return f"format_edtf(row[{start!r}], row[{end!r}], row[{precision!r}])"
        if isinstance(field, serializers.ListSerializer):
            return self.nested(field)
        if isinstance(field, serializers.ManyRelatedField):
            return self.linked(field)
        if isinstance(field, serializers.SerializerMethodField | serializers.Serializer):
            raise Unplannable(field.field_name)
        if isinstance(field, serializers.RelatedField):
            path = self.column(str(field.source).replace(".", "__") + related_value(field))
        else:
            if field.source == "*":
                raise Unplannable(field.field_name)
            path = self.column(field.source.replace(".", "__"))
        if isinstance(field, serializers.RelatedField) or is_as_stored(field):
            return f"row[{path!r}]"
        value = f"(None if (value := row[{path!r}]) is None else {{}})"
        if is_iso_timestamp(field):
            return value.format("timestamp(value, zone)")
        if isinstance(field, serializers.DateField):
            return value.format("value.isoformat()")
        return value.format(f"{self.bind(field.to_representation)}(value)")

    def compiled(
        self, access: dict[str, str] | None = None, loop: str = "for row in rows"
    ) -> Callable[[Any, Reading], list[dict[str, Any]]]:
        """The records of rows, as one function whose source names each field's expression
        (`make`) in the serializer's order: one call a record, not one a field (a function a
        field made the plan slower than the hand-written rows it replaced). `access` rewrites
        how a column or relation is read (`row['name']` by default: a row of `.values()`), as
        a streamed row is a tuple and a nested one a JSON array."""
        entries = []
        for name, expression in self.makers:
            for key, code in (access or {}).items():
                expression = expression.replace(f"row[{key!r}]", code)
            entries.append(f"{name!r}: {expression}")
        source = (
            "def made(rows, reading):\n"
            "    url, zone = reading.url, reading.zone\n"
            f"    return [{{{', '.join(entries)}}} {loop}]\n"
        )
        namespace = {
            "format_edtf": format_edtf,
            "timestamp": timestamp,
            "loads": orjson.loads,  # the relations' JSON a streamed record: twice as fast
            **self.bound,
        }
        exec(compile(source, f"<row plan of {self.model.__name__}>", "exec"), namespace)
        return namespace["made"]

    def linked(self, field: Any) -> str:
        """A many-to-many field: the linked records' keys, slugs or names, in their order."""
        try:
            link: Any = self.model._meta.get_field(field.source)
        except FieldDoesNotExist as error:
            raise Unplannable(field.source) from error
        if not isinstance(link, ManyToManyField):  # a forward link, whose through model is known
            raise Unplannable(field.source)
        through = getattr(self.model, link.name).through
        own = link.m2m_field_name()
        target = link.m2m_reverse_field_name()
        value = f"{target}{related_value(field.child_relation) or '__pk'}"
        order = [across(target, name) for name in ordering(link.related_model)]

        def fetch(pks: list, reading: Reading) -> dict[Any, list]:
            found: dict[Any, list] = defaultdict(list)
            links = through.objects.filter(**{f"{own}__in": pks}).order_by(*order)
            for record, linked in links.values_list(own, value):
                found[record].append(linked)
            return found

        def inline() -> ArraySubquery:
            links = through.objects.filter(**{own: OuterRef("pk")}).order_by(*order)
            return ArraySubquery(links.values(value))

        return self.relation(fetch, inline)

    def nested(self, field: Any) -> str:
        """Owned rows (participants, other names, citations), each by its own plan."""
        try:
            relation: Any = self.model._meta.get_field(field.source)
        except FieldDoesNotExist as error:
            raise Unplannable(field.source) from error
        child_model: Any = relation.related_model
        if isinstance(relation, GenericRelation):
            owner = relation.object_id_field_name
            content_type = relation.content_type_field_name
        elif relation.one_to_many:
            owner, content_type = relation.field.name, ""
        else:
            raise Unplannable(field.source)
        child = RowPlan(cast(serializers.ModelSerializer, field.child), child_model.objects.all())
        order = ordering(child_model, without=owner)
        model = self.model

        def owned(rows: QuerySet) -> QuerySet:
            if content_type:
                rows = rows.filter(**{content_type: ContentType.objects.get_for_model(model)})
            return rows.order_by(*order)

        def fetch(pks: list, reading: Reading) -> dict[Any, list]:
            rows = owned(child_model.objects.filter(**{f"{owner}__in": pks}))
            values = list(rows.values(*child.columns, **{"plan_owner": F(owner)}))
            found: dict[Any, list] = defaultdict(list)
            for row, built in zip(values, child.build(values, reading), strict=True):
                found[row["plan_owner"]].append(built)
            return found

        def inline() -> ArraySubquery:
            rows = owned(child_model.objects.filter(**{owner: OuterRef("pk")}))
            return ArraySubquery(rows.values(row=child.as_json()))

        return self.relation(fetch, inline, child)

    def build(self, values: list[dict], reading: Reading) -> list[dict[str, Any]]:
        """The records whose rows (with this plan's columns) are `values`, in their order."""
        pks = [row["pk"] for row in values]
        for relation in self.relations:
            found = relation.fetch(pks, reading) if pks else {}
            for row in values:
                row[relation.alias] = found.get(row["pk"], [])
        return self.made(values, reading)

    def values(self, queryset: QuerySet) -> QuerySet:
        """The rows this plan builds from, of each record of `queryset`, in its order."""
        return queryset.prefetch_related(None).values(*self.columns)

    def represent(self, values: list[dict], request) -> list[dict[str, Any]]:
        """The records whose rows are `values` (from `values()`), as the serializer gives them."""
        return self.build(values, Reading(request))

    def read(self, queryset: QuerySet, pks: list, request) -> list[dict[str, Any]]:
        """The records of `queryset` with these keys, in this order, as the serializer gives
        them."""
        by_pk = {row["pk"]: row for row in self.values(queryset.filter(pk__in=pks))}
        return self.represent([by_pk[pk] for pk in pks if pk in by_pk], request)

    # --- The whole list in one query (PostgreSQL) ---------------------------------------------
    # An export reads every record of a filtered list. Chunks of keys, each with a query per
    # relation, spend most of their time sending the keys back and in the ORM; here one query
    # reads the records in the list's order, each with its relations as subqueries (an index
    # scan each) that the plan derives from the same fields, and PostgreSQL computes the next
    # rows while these are written out.

    def as_json(self) -> JSONList:
        """This plan's row (its columns, then its relations) as one JSON array, for a nested
        row read with its owner; Unplannable when a column's type would not come back from
        JSON as it went in."""
        values = []
        for path, field in self.json_columns.items():
            if field is None or not any(isinstance(field, kind) for kind, _ in FROM_JSON):
                raise Unplannable(path)  # an annotation, or a type JSON would change
            values.append(F(path))
        return JSONList(*values, *(relation.inline() for relation in self.relations))

    @cached_property
    def json_columns(self) -> dict[str, models.Field | None]:
        """The columns a nested row carries in JSON: its key only when a field shows it (the
        rows are grouped by their owner in the owner's query)."""
        return {path: field for path, field in self.columns.items() if path in self.shown}

    def relation_access(self, position: Callable[[int], str]) -> dict[str, str]:
        """How each relation's values are read from a streamed row: where `position` says,
        a nested row's built by its own plan."""
        access = {}
        for index, relation in enumerate(self.relations):
            code = position(index)
            if relation.child is not None:
                build = self.bind(relation.child.made_from_json)
                code = f"({build}(value, reading) if (value := {code}) else [])"
            access[relation.alias] = code
        return access

    @cached_property
    def made_from_json(self) -> Callable[[list[list], Reading], list[dict[str, Any]]]:
        """The records whose rows are JSON arrays (`as_json`): the columns by position, then
        the relations; a column JSON changes read back as the ORM reads it (a time)."""
        access = {}
        for index, (path, field) in enumerate(self.json_columns.items()):
            read = json_reader(field)
            access[path] = f"row[{index}]" if read is None else f"{self.bind(read)}(row[{index}])"
        start = len(self.json_columns)
        access.update(self.relation_access(lambda index: f"row[{start + index}]"))
        return self.compiled(access)

    @cached_property
    def made_from_tuples(self) -> Callable[[Sequence[tuple], Reading], list[dict[str, Any]]]:
        """The records whose rows are tuples of the columns, then (when there are relations)
        the JSON text of their values (`stream`)."""
        access = {}
        for index, (path, field) in enumerate(self.columns.items()):
            # JSON the database sends as text (Django reads it so).
            code = f"row[{index}]"
            access[path] = f"{self.bind(read_json)}({code})" if is_json(field) else code
        access.update(self.relation_access(lambda index: f"related[{index}]"))
        loop = "for row in rows"
        if self.relations:
            loop += " for related in (loads(row[-1]),)"
        return self.compiled(access, loop)

    def stream(self, queryset: QuerySet, request) -> Iterator[dict[str, Any]]:
        """Every record of `queryset`, in its order, as the serializer gives them, from one
        query (PostgreSQL; see `stream_values`); Unplannable, before any row is read, when a
        relation's rows cannot be read inline. The relations' values arrive as one JSON text
        a record (one decoding a record, not one a nested row)."""
        columns = tuple(self.columns)
        if self.relations:
            related = JSONList(*(relation.inline() for relation in self.relations))
            queryset = queryset.annotate(plan_relations=Cast(related, models.TextField()))
            columns += ("plan_relations",)
        # Plans are shared by a process's threads; their streamed builders are made once.
        with COMPILING:
            made = self.made_from_tuples
        return self._streamed(queryset.prefetch_related(None), columns, made, request)

    def _streamed(
        self, queryset: QuerySet, columns: tuple[str, ...], made: Callable, request
    ) -> Iterator[dict[str, Any]]:
        reading = Reading(request)
        for chunk in itertools.batched(stream_values(queryset, columns), STREAM_BATCH):
            yield from made(chunk, reading)


def is_json(field: models.Field | None) -> bool:
    return isinstance(field, models.JSONField)


def read_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def json_reader(field: models.Field | None) -> Callable[[Any], Any] | None:
    """How a column of this model field is read back from JSON (None: as JSON gives it)."""
    for kind, read in FROM_JSON:
        if isinstance(field, kind):
            return None if read is None else none_or(read)
    return None


def none_or(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`read`, with null read as null."""
    return lambda value: None if value is None else read(value)


def is_as_stored(field: Any) -> bool:
    """A field DRF writes as the value itself: text, a number, a boolean, a choice among
    texts, JSON written as it is."""
    if isinstance(field, serializers.ChoiceField):
        return type(field) is serializers.ChoiceField and all(
            isinstance(key, str) for key in field.choices
        )
    if isinstance(field, serializers.JSONField):
        return not field.binary
    if isinstance(field, serializers.BigIntegerField):
        return not getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING)
    return type(field) in AS_STORED


def is_iso_timestamp(field: Any) -> bool:
    """A DateTimeField that DRF writes as ISO 8601 in the current time zone (as `timestamp`)."""
    return (
        isinstance(field, serializers.DateTimeField)
        and getattr(field, "format", api_settings.DATETIME_FORMAT) == ISO_8601
        and not hasattr(field, "timezone")
        and settings.USE_TZ
    )


def across(relation: str, name: str) -> str:
    """An ordering by a related record's field: `-name` of `topic` is `-topic__name`."""
    return f"-{relation}__{name[1:]}" if name.startswith("-") else f"{relation}__{name}"


def related_value(field: serializers.RelatedField) -> str:
    """The path from a related record to what the field shows of it: nothing for its key."""
    if isinstance(field, PlaceField):
        return "__name"
    if isinstance(field, serializers.SlugRelatedField):
        return f"__{field.slug_field}"
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        return ""
    raise Unplannable(field.field_name)


PLANS: dict[tuple, RowPlan | None] = {}
PLANS_KEPT = 256  # `?fields=` can name any subset; the oldest plans make way


def plan_for(
    key: tuple, serializer: Callable[[], serializers.ModelSerializer], queryset: QuerySet
) -> RowPlan | None:
    """The plan for a serializer's shape named by `key` (its class and fields), made once;
    None when a field of it cannot be read from rows."""
    if key in PLANS:
        return PLANS[key]
    try:
        plan: RowPlan | None = RowPlan(serializer(), queryset)
    except Unplannable:
        plan = None
    if len(PLANS) >= PLANS_KEPT:
        PLANS.pop(next(iter(PLANS)))
    PLANS[key] = plan
    return plan


# --- Streamed reads (PostgreSQL) ---------------------------------------------------------


def stream_values(queryset: QuerySet, columns: tuple[str, ...]) -> Iterator[tuple]:
    """The `values_list(*columns)` of a queryset as PostgreSQL sends them: one query whose rows
    arrive one by one as the server computes them (psycopg's `stream`), so the server computes
    the next rows while these are written out, and memory holds a few rows whatever the total.
    (A server-side cursor would fetch a chunk, then wait idle while it is written, and outside
    a transaction Django declares it WITH HOLD, which computes the whole result first.)
    The columns must need no conversion beyond psycopg's own (no JSON fields)."""
    try:
        sql, params = queryset.values_list(*columns).query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return
    with connections[queryset.db].cursor() as cursor:
        raw = cursor.cursor
        # psycopg's own (compiled) reader of times with a zone: Django's, which sets the zone
        # itself, is written in Python, a fifth of the time of a million rows. Either gives
        # the same moment; `timestamp` writes it in the current time zone.
        raw.adapters.register_loader("timestamptz", TimestamptzLoader)
        yield from raw.stream(sql, params)
