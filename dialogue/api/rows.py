"""The rounds list's read path: the same JSON as RoundSerializer, built from plain rows.

A page of 50 rounds through the serializer instantiates some 2,000 model objects and runs
DRF's field machinery for each; this builds the identical dictionaries from `.values()` rows
in one query per relation, several times faster. tests/api/test_rows.py holds the two equal.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from psycopg.types.datetime import TimestamptzLoader

from ..edtf import format_edtf
from ..models import Citation, Participant, Person, Place, Round, Topic

ROUND_COLUMNS = (
    "id",
    "mechanism_id",
    "number",
    "name",
    "start_date",
    "end_date",
    "date_precision",
    "status",
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


def citation_rows(model, ids: list[int]) -> dict[int, list[dict]]:
    """The citations of these records of `model`, by record id, as CitationSerializer
    renders them."""
    sources: dict[int, list[dict]] = defaultdict(list)
    for citation in (
        Citation.objects.filter(content_type=ContentType.objects.get_for_model(model))
        .filter(object_id__in=ids)
        .order_by("id")
        .values_list("object_id", *CITATION_COLUMNS)
    ):
        sources[citation[0]].append(citation_row(citation[1:]))
    return sources


def round_row(
    row: dict,
    base: str,
    places: list[str],
    topics: list[str],
    participants: list[dict],
    sources: list[dict],
    zone: tzinfo | None = None,
) -> dict[str, Any]:
    """One round as RoundSerializer renders it: its ROUND_COLUMNS, its list's address and
    its nested lists."""
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


def round_rows(ids: list[int], request) -> list[dict[str, Any]]:
    """The rounds with these ids, in this order, as RoundSerializer renders them."""
    base = request.build_absolute_uri(reverse("round-list"))
    topics: dict[int, list[str]] = defaultdict(list)
    for round_id, slug in (
        Round.topics.through.objects.filter(round_id__in=ids)
        .order_by("topic__name", "topic_id")
        .values_list("round_id", "topic__slug")
    ):
        topics[round_id].append(slug)
    places: dict[int, list[str]] = defaultdict(list)
    for round_id, name in (
        Round.other_places.through.objects.filter(round_id__in=ids)
        .order_by("place__name", "place_id")
        .values_list("round_id", "place__name")
    ):
        places[round_id].append(name)
    participants: dict[int, list[dict]] = defaultdict(list)
    participant_rows = list(
        Participant.objects.filter(round_id__in=ids)
        .order_by("round_id", "order", "id")
        .values_list("round_id", "id", *PARTICIPANT_COLUMNS)
    )
    participant_sources = citation_rows(Participant, [row[1] for row in participant_rows])
    for person_row in participant_rows:
        participants[person_row[0]].append(
            participant_row(person_row[2:], participant_sources[person_row[1]])
        )
    sources = citation_rows(Round, ids)
    by_id = {row["id"]: row for row in Round.objects.filter(pk__in=ids).values(*ROUND_COLUMNS)}
    zone = timezone.get_current_timezone()
    return [
        round_row(row, base, places[pk], topics[pk], participants[pk], sources[pk], zone)
        for pk in ids
        if (row := by_id.get(pk)) is not None
    ]


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
