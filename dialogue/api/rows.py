"""Lists built from plain rows: the same JSON as each resource's serializer, without a model
object or DRF's field machinery per value.

A page of any resource is built by a plan derived from its serializer's fields (`RowPlan`);
the whole rounds list, exported, from one streamed query (PostgreSQL). tests/api/test_rows.py
holds every resource's rows equal to its serializer's output.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from typing import Any, cast

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connection, connections
from django.db.models import ManyToManyField, Model, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from psycopg.types.datetime import TimestamptzLoader
from rest_framework import serializers
from rest_framework.reverse import reverse as drf_reverse

from ..edtf import format_edtf
from ..models import Citation, Participant, Person, Place, Round, Topic
from .fields import EDTFDateField, PlaceField, RecordURLField

ROUND_COLUMNS = (
    "id",
    "mechanism_id",
    "number",
    "name",
    "start_date",
    "end_date",
    "date_precision",
    "status",
    "overdue",
    "city__name",
    "host_country_id",
    "venue",
    "summary",
    "outcomes",
    "created",
    "updated",
)


def timestamp(value: datetime, zone: tzinfo | None = None) -> str:
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


Make = Callable[[dict, "Reading"], Any]
# DRF's own representation of these is the value itself.
AS_STORED = (serializers.CharField, serializers.IntegerField, serializers.BooleanField)


class Reading:
    """What one plan's run shares: the request, records' addresses, related values by record."""

    def __init__(self, request) -> None:
        self.request = request
        self.prefixes: dict[tuple[str, str], str] = {}
        self.related: dict[Callable, dict[Any, list]] = {}

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


class RowPlan:
    """How to build a serializer's dictionaries for records of its model from plain rows."""

    def __init__(self, serializer: serializers.ModelSerializer, queryset: QuerySet) -> None:
        self.model: type[Model] = serializer.Meta.model
        self.annotations = set(queryset.query.annotations)
        self.columns: dict[str, None] = {"pk": None}  # ORM paths, in order, without repeats
        self.relations: list[Callable[[list, Reading], dict[Any, list]]] = []
        self.makers = [(name, self.make(field)) for name, field in serializer.fields.items()]

    def column(self, path: str) -> str:
        """Read `path` (a field, `a__b` across foreign keys, or an annotation) with the row."""
        if path != "pk" and path not in self.annotations:
            model = self.model
            for part in path.split("__"):
                try:
                    field = model._meta.get_field(part)
                except FieldDoesNotExist as error:
                    raise Unplannable(path) from error
                if field.many_to_many or field.one_to_many:
                    raise Unplannable(path)
                model = field.related_model or model
        self.columns[path] = None
        return path

    def relation(self, fetch: Callable[[list, Reading], dict[Any, list]]) -> Make:
        """A field whose values `fetch` reads for all the records at once, by record."""
        self.relations.append(fetch)
        return lambda row, reading: reading.related[fetch].get(row["pk"], [])

    def make(self, field: Any) -> Make:
        """A function from a record's row (and the run) to the field's JSON value."""
        if isinstance(field, RecordURLField):
            key = self.column("pk" if field.lookup_field == "pk" else field.lookup_field)
            return lambda row, reading: reading.url(field, row[key])
        if isinstance(field, EDTFDateField):
            start, end, precision = (
                self.column(name) for name in ("start_date", "end_date", "date_precision")
            )
            return lambda row, reading: format_edtf(row[start], row[end], row[precision])
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
        if isinstance(field, serializers.RelatedField) or type(field) in AS_STORED:
            return lambda row, reading: row[path]
        if isinstance(field, serializers.DateField):
            return lambda row, reading: None if row[path] is None else row[path].isoformat()
        represent = field.to_representation
        return lambda row, reading: None if row[path] is None else represent(row[path])

    def linked(self, field: Any) -> Make:
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

        return self.relation(fetch)

    def nested(self, field: Any) -> Make:
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
        child.columns[owner] = None
        order = ordering(child_model, without=owner)
        model = self.model

        def fetch(pks: list, reading: Reading) -> dict[Any, list]:
            rows = child_model.objects.filter(**{f"{owner}__in": pks})
            if content_type:
                rows = rows.filter(**{content_type: ContentType.objects.get_for_model(model)})
            found: dict[Any, list] = defaultdict(list)
            values = list(rows.order_by(*order).values(*child.columns))
            for row, built in zip(values, child.build(values, reading), strict=True):
                found[row[owner]].append(built)
            return found

        return self.relation(fetch)

    def build(self, values: list[dict], reading: Reading) -> list[dict[str, Any]]:
        """The records whose rows (with this plan's columns) are `values`, in their order."""
        pks = [row["pk"] for row in values]
        for fetch in self.relations:
            reading.related[fetch] = fetch(pks, reading) if pks else {}
        makers = self.makers
        return [{name: make(row, reading) for name, make in makers} for row in values]

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


# --- The rounds export ---------------------------------------------------------------------

CITATION_COLUMNS = (
    "source_id",
    "quote",
    "date_phrase",
    "resolved_against",
    "note",
    "supports",
    "basis",
)
PARTICIPANT_COLUMNS = (
    "person_id",
    "person__name",
    "country_id",
    "role",
    "organisation_id",
    "order",
)


def citation_row(values) -> dict:
    """A citation as CitationSerializer renders it, from its CITATION_COLUMNS (the date may
    be a date or already its ISO text)."""
    resolved = values[3]
    return {
        "source": values[0],
        "quote": values[1],
        "date_phrase": values[2],
        "resolved_against": resolved
        if resolved is None or isinstance(resolved, str)
        else resolved.isoformat(),
        "note": values[4],
        "supports": values[5],
        "basis": values[6],
    }


def participant_row(values, sources: list[dict]) -> dict:
    """A participant as the round's serializer nests it, from its PARTICIPANT_COLUMNS."""
    return {
        "person": values[0],
        "name": values[1],
        "country": values[2],
        "role": values[3],
        "organisation": values[4],
        "order": values[5],
        "sources": sources,
    }


def round_row(
    row: dict,
    base: str,
    places: list[str],
    topics: list[str],
    participants: list[dict],
    sources: list[dict],
    zone: tzinfo | None = None,
) -> dict[str, Any]:
    """One round as RoundSerializer renders it: its ROUND_COLUMNS (of a queryset
    `with_overdue`), its list's address and its nested lists."""
    pk = row["id"]
    return {
        "id": pk,
        "url": f"{base}{pk}/",
        "mechanism": row["mechanism_id"],
        "number": row["number"],
        "name": row["name"],
        "date": format_edtf(row["start_date"], row["end_date"], row["date_precision"]),
        "start_date": row["start_date"].isoformat(),
        "end_date": row["end_date"].isoformat() if row["end_date"] else None,
        "date_precision": row["date_precision"],
        "status": row["status"],
        "overdue": row["overdue"],
        "city": row["city__name"],
        "other_places": places,
        "host_country": row["host_country_id"],
        "venue": row["venue"],
        "summary": row["summary"],
        "outcomes": row["outcomes"],
        "topics": topics,
        "participants": participants,
        "sources": sources,
        "created": timestamp(row["created"], zone),
        "updated": timestamp(row["updated"], zone),
    }


# --- The whole list, streamed (PostgreSQL) -------------------------------------------------
# An export reads every round of a filtered list. Chunks of ids, each with a query per
# relation, spend most of their time sending the ids back (2,000 placeholders a query) and in
# the ORM; here one query reads the rounds in the list's order, each with its nested lists as
# one JSON text built by correlated subqueries (an index scan each), through a server-side
# cursor. The rows are assembled by the same functions as `round_rows` (round_row,
# participant_row, citation_row), from the same columns in the same order;
# tests/api/test_rows.py holds the two equal.


def _nested_json_sql() -> tuple[str, list]:
    """SQL of a JSON array [other places, topics, participants, citations] of the round
    `dialogue_round`.`id`, each ordered as `round_rows` orders it, and its parameters."""
    q = connection.ops.quote_name
    round_table = q(Round._meta.db_table)
    places = Round.other_places.through._meta
    topics = Round.topics.through._meta
    place, topic, person = (m._meta for m in (Place, Topic, Person))
    citation = Citation._meta
    participant = Participant._meta

    def column(meta, name: str) -> str:
        return q(meta.get_field(name).column)

    def citations_of(record: str) -> str:
        values = ", ".join(
            f"c.{column(citation, name.removesuffix('_id'))}" for name in CITATION_COLUMNS
        )
        return (
            f"(SELECT coalesce(json_agg(json_build_array({values}) ORDER BY c.{q('id')}), "
            f"'[]') FROM {q(citation.db_table)} c WHERE c.{column(citation, 'content_type')} "
            f"= %s AND c.{column(citation, 'object_id')} = {record})"
        )

    def linked(link, target, round_column: str, target_column: str, value: str, order: str):
        # The link rows by the round (index), each linked row by its id (primary key): a
        # plain join lets the planner hash the small linked table again for every round.
        selected = ", ".join(f"y.{q(name)}" for name in dict.fromkeys((value, order, "id")))
        return (
            f"(SELECT coalesce(json_agg(x.{q(value)} ORDER BY x.{q(order)}, x.{q('id')}), "
            f"'[]') FROM {q(link.db_table)} l, LATERAL (SELECT {selected} "
            f"FROM {q(target.db_table)} y WHERE y.{q('id')} = "
            f"l.{column(link, target_column)} OFFSET 0) x "
            f"WHERE l.{column(link, round_column)} = {round_table}.{q('id')})"
        )

    other_places = linked(places, place, "round", "place", "name", "name")
    round_topics = linked(topics, topic, "round", "topic", "slug", "name")
    participants = (
        f"(SELECT coalesce(json_agg(json_build_array(pa.{column(participant, 'person')}, "
        f"pe.{column(person, 'name')}, pa.{column(participant, 'country')}, "
        f"pa.{column(participant, 'role')}, pa.{column(participant, 'organisation')}, "
        f"pa.{column(participant, 'order')}, {citations_of('pa.' + q('id'))}) "
        f"ORDER BY pa.{column(participant, 'order')}, pa.{q('id')}), '[]') "
        f"FROM {q(participant.db_table)} pa JOIN {q(person.db_table)} pe "
        f"ON pe.{q('id')} = pa.{column(participant, 'person')} "
        f"WHERE pa.{column(participant, 'round')} = {round_table}.{q('id')})"
    )
    sql = (
        f"json_build_array({other_places}, {round_topics}, {participants}, "
        f"{citations_of(round_table + '.' + q('id'))})::text"
    )
    content_types = ContentType.objects.get_for_models(Participant, Round)
    return sql, [content_types[Participant].pk, content_types[Round].pk]


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


def streamed_round_rows(queryset: QuerySet[Round], request) -> Iterator[dict[str, Any]]:
    """Every round of `queryset`, in its order, as RoundSerializer renders it (the same
    dictionaries as `round_rows`), from one query (PostgreSQL; see `stream_values`)."""
    base = request.build_absolute_uri(reverse("round-list"))
    zone = timezone.get_current_timezone()
    sql, params = _nested_json_sql()
    annotated = queryset.prefetch_related(None).annotate(nested_lists=RawSQL(sql, params))
    loads = json.loads
    names = ROUND_COLUMNS
    for values in stream_values(annotated, (*ROUND_COLUMNS, "nested_lists")):
        places, topics, participants, sources = loads(values[-1])
        yield round_row(
            dict(zip(names, values, strict=False)),
            base,
            places,
            topics,
            [
                participant_row(values, [citation_row(c) for c in values[6]])
                for values in participants
            ],
            [citation_row(values) for values in sources],
            zone,
        )
