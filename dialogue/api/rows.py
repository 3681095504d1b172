"""The rounds list's read path: the same JSON as RoundSerializer, built from plain rows.

A page of 50 rounds through the serializer instantiates some 2,000 model objects and runs
DRF's field machinery for each; this builds the identical dictionaries from `.values()` rows
in one query per relation, several times faster. tests/test_rows.py holds the two equal.
"""

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from ..edtf import format_edtf
from ..models import Citation, Participant, Round

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


def timestamp(value: datetime) -> str:
    """A date and time as DRF writes it: ISO 8601 in UTC, `Z` for the offset."""
    text = timezone.localtime(value, timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def citation_rows(model, ids: list[int]) -> dict[int, list[dict]]:
    """The citations of these records of `model`, by record id, as CitationSerializer
    renders them."""
    sources: dict[int, list[dict]] = defaultdict(list)
    for citation in (
        Citation.objects.filter(content_type=ContentType.objects.get_for_model(model))
        .filter(object_id__in=ids)
        .order_by("id")
        .values_list(
            "object_id",
            "source_id",
            "quote",
            "date_phrase",
            "resolved_against",
            "note",
            "supports",
            "basis",
        )
    ):
        sources[citation[0]].append(
            {
                "source": citation[1],
                "quote": citation[2],
                "date_phrase": citation[3],
                "resolved_against": citation[4].isoformat() if citation[4] else None,
                "note": citation[5],
                "supports": citation[6],
                "basis": citation[7],
            }
        )
    return sources


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
        .values_list(
            "round_id",
            "person_id",
            "person__name",
            "country_id",
            "role",
            "organisation_id",
            "order",
            "id",
        )
    )
    participant_sources = citation_rows(Participant, [row[7] for row in participant_rows])
    for person_row in participant_rows:
        participants[person_row[0]].append(
            {
                "person": person_row[1],
                "name": person_row[2],
                "country": person_row[3],
                "role": person_row[4],
                "organisation": person_row[5],
                "order": person_row[6],
                "sources": participant_sources[person_row[7]],
            }
        )
    sources = citation_rows(Round, ids)
    by_id = {row["id"]: row for row in Round.objects.filter(pk__in=ids).values(*ROUND_COLUMNS)}
    return [
        {
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
            "other_places": places[pk],
            "host_country": row["host_country_id"],
            "venue": row["venue"],
            "summary": row["summary"],
            "outcomes": row["outcomes"],
            "topics": topics[pk],
            "participants": participants[pk],
            "sources": sources[pk],
            "created": timestamp(row["created"]),
            "updated": timestamp(row["updated"]),
        }
        for pk in ids
        if (row := by_id.get(pk)) is not None
    ]
