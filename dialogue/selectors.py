"""Reads from the registry: querysets that fetch each list in a fixed number of queries."""

from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from .choices import RoundStatus
from .models import (
    Document,
    Indicator,
    Mechanism,
    Organisation,
    Participant,
    Person,
    Place,
    Round,
)


def mechanism_list() -> QuerySet[Mechanism]:
    """Mechanisms with their round counts, countries, names and citations."""
    return Mechanism.objects.annotate(rounds_count=Count("rounds", distinct=True)).prefetch_related(
        "countries",
        "organisations",
        "other_names",
        "citations",
        # Sliced prefetches fetch one round per mechanism, in one query for the whole page.
        Prefetch("rounds", queryset=_latest_held()[:1], to_attr="latest_held_rounds"),
        Prefetch("rounds", queryset=_earliest_scheduled()[:1], to_attr="earliest_scheduled_rounds"),
    )


def round_list() -> QuerySet[Round]:
    """Rounds with their place, topics, participants (and their people) and citations."""
    return Round.objects.select_related("city").prefetch_related(
        "other_places",
        "topics",
        "citations",
        Prefetch("participants", queryset=Participant.objects.select_related("person")),
    )


def document_list() -> QuerySet[Document]:
    """Documents with their parties, signatories, topics and citations."""
    return Document.objects.prefetch_related("parties", "signatories", "topics", "citations")


def indicator_list() -> QuerySet[Indicator]:
    """Figures with their countries and citations."""
    return Indicator.objects.prefetch_related("countries", "citations")


def person_list() -> QuerySet[Person]:
    """People with their other names."""
    return Person.objects.prefetch_related("other_names")


def organisation_list() -> QuerySet[Organisation]:
    """Organisations with their other names."""
    return Organisation.objects.prefetch_related("other_names")


def place_list() -> QuerySet[Place]:
    """Places with their other names."""
    return Place.objects.prefetch_related("other_names")


def text_search(queryset: QuerySet, text: str, *, fields: list[str], ranked: list[str]) -> QuerySet:
    """Rows of `queryset` that match `text`, best first on PostgreSQL.

    Everywhere: every word of `text` appears, in any case, in one of `fields` (paths may cross
    relations: `participants__person__name`). On PostgreSQL, rows that match the whole text by
    full-text search over `ranked` (English stemming: "consultation" finds "consultations") are
    added, and the results are ordered by their full-text rank. Simple words give the same rows
    on both databases.
    """
    words = text.split()
    if not words:
        return queryset
    condition = Q()
    for word in words:
        condition &= reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
    model = queryset.model
    if connection.vendor != "postgresql":
        return queryset.filter(pk__in=model.objects.filter(condition).values("pk"))
    vector = SearchVector(*ranked, config="english")
    query = SearchQuery(text, search_type="websearch", config="english")
    matching = model.objects.annotate(document=vector).filter(condition | Q(document=query))
    return (
        queryset.filter(pk__in=matching.values("pk"))
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "pk")
    )


ROUND_SEARCH_FIELDS = [
    "name",
    "summary",
    "outcomes",
    "venue",
    "mechanism__name",
    "mechanism__short_name",
    "city__name",
    "participants__person__name",
    "participants__person__other_names__name",
    "participants__role",
    "topics__name",
    "citations__quote",
]
ROUND_RANKED_FIELDS = ["name", "summary", "outcomes", "mechanism__name"]

MECHANISM_SEARCH_FIELDS = [
    "name",
    "short_name",
    "slug",
    "description",
    "basis",
    "other_names__name",
    "citations__quote",
]
MECHANISM_RANKED_FIELDS = ["name", "short_name", "description", "basis"]

DOCUMENT_SEARCH_FIELDS = ["title", "description", "topics__name", "citations__quote"]
DOCUMENT_RANKED_FIELDS = ["title", "description"]

INDICATOR_SEARCH_FIELDS = ["name", "note", "value_as_stated", "citations__quote"]
INDICATOR_RANKED_FIELDS = ["name", "note"]


def mechanism_last_round(mechanism: Mechanism) -> Round | None:
    """The latest round held; uses the list's prefetch when there is one."""
    if hasattr(mechanism, "latest_held_rounds"):
        return next(iter(mechanism.latest_held_rounds), None)
    return _latest_held().filter(mechanism=mechanism).first()


def mechanism_next_round(mechanism: Mechanism) -> Round | None:
    """The earliest round still scheduled; uses the list's prefetch when there is one."""
    if hasattr(mechanism, "earliest_scheduled_rounds"):
        return next(iter(mechanism.earliest_scheduled_rounds), None)
    return _earliest_scheduled().filter(mechanism=mechanism).first()


def _latest_held() -> QuerySet[Round]:
    return (
        Round.objects.select_related("city")
        .filter(status=RoundStatus.HELD)
        .order_by("-start_date", "-id")
    )


def _earliest_scheduled() -> QuerySet[Round]:
    return (
        Round.objects.select_related("city")
        .filter(status=RoundStatus.SCHEDULED)
        .order_by("start_date", "id")
    )
