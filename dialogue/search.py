"""Word search over records and the records linked to them, the same way on both databases.

A record matches when every word of the query is found in one of its searchable parts: its
own fields or those of a linked record (a round's participants' names, its cited passages).
On PostgreSQL a word is found by full-text search (English stemming: "consultation" finds
"consultations"), each part through its own GIN index, so a search stays fast at millions of
rows; results come best first. On SQLite a word is found as a case-insensitive substring.
Whole words give the same results on both.

Each word costs a subquery over every part, so a query is bounded: at most MAX_WORDS words and
MAX_CHARS characters (the filters refuse more with a 400 naming the parameter).
"""

import hashlib
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import Q, QuerySet

from .models import (
    Citation,
    Document,
    Indicator,
    Mechanism,
    MechanismName,
    Person,
    PersonName,
    Place,
    Round,
    Topic,
)

CONFIG = "english"
RANK_LIMIT = 5_000  # matches; beyond, results come in the list's usual order
MAX_WORDS = 10  # words of one query: each adds a subquery per part
MAX_CHARS = 200  # characters of one query


def words(text: str) -> list[str]:
    """The distinct words of a query, in order.

    ValueError beyond MAX_CHARS characters or MAX_WORDS words: the filters check both first
    and answer 400, so reaching this is a caller's mistake, never a costly query.
    """
    if len(text) > MAX_CHARS:
        raise ValueError(f"A search is at most {MAX_CHARS} characters.")
    found = text.split()
    if len(found) > MAX_WORDS:
        raise ValueError(f"A search is at most {MAX_WORDS} words.")
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Part:
    """Text fields of one model, and the path from that model to the searched record's id."""

    model: type[models.Model]
    fields: tuple[str, ...]
    key: str = "pk"
    cites: type[models.Model] | None = None  # for citations: the kind of record they cite

    def vector(self) -> SearchVector:
        return SearchVector(*self.fields, config=CONFIG)

    def index(self) -> GinIndex:
        """The PostgreSQL index that finds a word in these fields."""
        return search_index(str(self.model._meta.model_name), self.fields)

    def ids_matching(self, word: str) -> QuerySet:
        """Ids of the searched records this part finds the word for."""
        rows = self.model._default_manager.all()
        if self.cites is not None:
            rows = rows.filter(content_type=ContentType.objects.get_for_model(self.cites))
        if connection.vendor == "postgresql":
            found = rows.annotate(words=self.vector()).filter(
                words=SearchQuery(word, config=CONFIG)
            )
        else:
            found = rows.filter(reduce(or_, (Q(**{f"{f}__icontains": word}) for f in self.fields)))
        return found.order_by().values_list(self.key, flat=True)


ROUND_PARTS = (
    Part(Round, ("name", "summary", "outcomes", "venue")),
    Part(Mechanism, ("name", "short_name"), "rounds"),
    Part(Place, ("name",), "rounds"),
    Part(Person, ("name",), "participations__round"),
    Part(PersonName, ("name",), "person__participations__round"),
    Part(Topic, ("name",), "rounds"),
    Part(Citation, ("quote",), "object_id", cites=Round),
)
MECHANISM_PARTS = (
    Part(Mechanism, ("name", "short_name", "slug", "description", "basis")),
    Part(MechanismName, ("name",), "mechanism"),
    Part(Citation, ("quote",), "object_id", cites=Mechanism),
)
DOCUMENT_PARTS = (
    Part(Document, ("title", "description")),
    Part(Topic, ("name",), "documents"),
    Part(Citation, ("quote",), "object_id", cites=Document),
)
INDICATOR_PARTS = (
    Part(Indicator, ("name", "note", "value_as_stated")),
    Part(Citation, ("quote",), "object_id", cites=Indicator),
)
ALL_PARTS = (*ROUND_PARTS, *MECHANISM_PARTS, *DOCUMENT_PARTS, *INDICATOR_PARTS)


def search(queryset: QuerySet, text: str, parts: tuple[Part, ...]) -> QuerySet:
    """The records of `queryset` in which every word of `text` is found. On PostgreSQL, when
    at most RANK_LIMIT match, best first (by how well the record's own fields match).
    ValueError for a query beyond MAX_WORDS words or MAX_CHARS characters (see `words`)."""
    wanted = words(text)
    for word in wanted:
        first, *others = (part.ids_matching(word) for part in parts)
        queryset = queryset.filter(pk__in=first.union(*others))
    # Ranking reads every match's text again: for a broad search, keep the list's own order.
    if (
        wanted
        and connection.vendor == "postgresql"
        and queryset[: RANK_LIMIT + 1].count() <= RANK_LIMIT
    ):
        own = parts[0].vector()
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        queryset = queryset.annotate(rank=SearchRank(own, query)).order_by("-rank", "pk")
    return queryset


def search_index(model_name: str, fields: tuple[str, ...]) -> GinIndex:
    """A GIN index on the same expression a search over these fields filters by."""
    digest = hashlib.sha1(",".join(fields).encode()).hexdigest()[:6]
    return GinIndex(SearchVector(*fields, config=CONFIG), name=f"search_{model_name[:15]}_{digest}")


def index_fields() -> dict[str, list[tuple[str, ...]]]:
    """The field sets that need an index, by model name: what migrations must create."""
    fields: dict[str, list[tuple[str, ...]]] = {}
    for part in ALL_PARTS:
        wanted = fields.setdefault(str(part.model._meta.model_name), [])
        if part.fields not in wanted:
            wanted.append(part.fields)
    return fields
