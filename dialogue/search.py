"""Word search over records and the records linked to them, one query whatever the words.

A record matches when every word of the query is found in one of its searchable parts: its
own fields or those of a linked record (a round's participants' names, its cited passages);
two words may be found in two different parts.

On PostgreSQL a word is found by full-text search (English stemming: "consultation" finds
"consultations") and the query is read as a web search (`websearch_to_tsquery`): a "quoted
phrase" is found as a phrase, `or` between words finds either, `-word` finds records in no part
of which the word is (a query of excluded words only finds nothing). Each part keeps its text as
a stored `tsvector` column with a GIN index (migration 0011), and a search is one query: one
subquery per part reads the rows holding any word of the query, and each record's vectors
together are checked against the whole query. The cost grows with the rows that hold the words,
not with the number of words. Results come best first (by how well the record's own fields
match) when at most RANK_LIMIT match.

On SQLite a word is found as a case-insensitive substring (each word a subquery per part, so the
number of words is capped). Whole simple words give the same results on both.

A query is at most MAX_WORDS words and MAX_CHARS characters (the filters refuse more with a 400
naming the parameter).
"""

import hashlib
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection, models
from django.db.models import (
    Aggregate,
    Case,
    Expression,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

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
from .models.base import is_cited

CONFIG = "english"
EMPTY_VECTOR = Value("", output_field=SearchVectorField())
RANK_LIMIT = 5_000  # matches; beyond, results come in the list's usual order
# Matches of the record's own fields beyond which a search checks records in the list's order
# until its page is full, rather than gathering every match first (see `search`).
BROAD_LIMIT = 10_000
MAX_WORDS = 10  # words of one query: on SQLite each adds a subquery per part
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


class StoredVector(Expression):
    """The stored search vector of a field set (a column of migration 0011, not a model field),
    on the table the query starts from."""

    output_field = SearchVectorField()

    def __init__(self, column: str):
        super().__init__()
        self.column = column
        self.alias: str | None = None

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        resolved = self.copy()
        if resolved.alias is None:  # not again when a subquery's annotations are resolved
            resolved.alias = query.get_initial_alias() if query is not None else None
        return resolved

    def relabeled_clone(self, change_map):
        # Inside a subquery, the table it starts from is renamed (U0 …).
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias) if self.alias else None
        return clone

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        return f"{compiler.quote_name_unless_alias(self.alias)}.{quote(self.column)}", []


class VectorAgg(Aggregate):
    """`||` of the vectors of many rows (the aggregate of migration 0013)."""

    function = "dialogue_tsvector_agg"
    output_field = SearchVectorField()


def vector_column(fields: tuple[str, ...]) -> str:
    """The name of the stored vector column of a field set (migration 0011)."""
    return "search_" + hashlib.sha1(",".join(fields).encode()).hexdigest()[:6]


@dataclass(frozen=True)
class Part:
    """Text fields of one model, and the path from that model to the searched record's id."""

    model: type[models.Model]
    fields: tuple[str, ...]
    key: str = "pk"
    cites: type[models.Model] | None = None  # for citations: the kind of record they cite
    # The searched record's foreign key to this part's row, when it has one (a round's
    # mechanism): the row is then read by its primary key.
    via: str | None = None

    def stored(self) -> StoredVector:
        """The fields' stored `tsvector` (PostgreSQL)."""
        return StoredVector(vector_column(self.fields))

    def rows(self) -> QuerySet:
        rows = self.model._default_manager.all()
        if self.cites is not None:
            rows = rows.filter(content_type=ContentType.objects.get_for_model(self.cites))
        return rows.order_by()

    def ids_matching(self, word: str) -> QuerySet:
        """Ids of the searched records in which this part holds the word (SQLite: a
        case-insensitive substring of any of the fields)."""
        found = self.rows().filter(
            reduce(or_, (Q(**{f"{f}__icontains": word}) for f in self.fields))
        )
        return found.values_list(self.key, flat=True)

    def vectors_of(self, query: SearchQuery) -> Expression:
        """The vectors of this part's rows that match the query, of the record the outer query
        reads (`||`; an empty vector when none): a subquery run for each record read."""
        if self.key == "pk" and self.cites is None:
            own = self.stored()
            return Case(When(SearchVectorExact(own, query), then=own), default=EMPTY_VECTOR)
        link = {"pk": OuterRef(self.via)} if self.via else {self.key: OuterRef("pk")}
        found = (
            self.rows()
            .annotate(words=self.stored())
            .filter(words=query, **link)
            .values("pk" if self.via else self.key)
            .annotate(vectors=VectorAgg("words"))
            .values("vectors")
        )
        return Coalesce(Subquery(found), EMPTY_VECTOR)

    def vectors_matching(self, query: SearchQuery) -> tuple[str, tuple]:
        """SQL for (searched record's id, vector) of the rows whose vector matches the query
        (PostgreSQL, through the column's GIN index)."""
        found = self.rows().annotate(words=self.stored()).filter(words=query)
        return found.values_list(self.key, "words").query.sql_with_params()


def record_parts(own: Part, *linked: Part) -> tuple[Part, ...]:
    """A searched record's parts: its own fields first (they rank the results), then those of
    the records linked to it, then the passages cited for it, if it takes citations."""
    if not is_cited(own.model):
        return (own, *linked)
    return (own, *linked, Part(Citation, ("quote",), "object_id", cites=own.model))


ROUND_PARTS = record_parts(
    Part(Round, ("name", "summary", "outcomes", "venue")),
    Part(Mechanism, ("name", "short_name"), "rounds", via="mechanism"),
    Part(Place, ("name",), "rounds", via="city"),
    Part(Person, ("name",), "participations__round"),
    Part(PersonName, ("name",), "person__participations__round"),
    Part(Topic, ("name",), "rounds"),
)
MECHANISM_PARTS = record_parts(
    Part(Mechanism, ("name", "short_name", "slug", "description", "basis")),
    Part(MechanismName, ("name",), "mechanism"),
)
DOCUMENT_PARTS = record_parts(
    Part(Document, ("title", "description")),
    Part(Topic, ("name",), "documents"),
)
INDICATOR_PARTS = record_parts(Part(Indicator, ("name", "note", "value_as_stated")))
ALL_PARTS = (*ROUND_PARTS, *MECHANISM_PARTS, *DOCUMENT_PARTS, *INDICATOR_PARTS)


def any_word(text: str) -> str:
    """A web search for any word of `text`: its words, quotes and exclusions dropped, joined by
    `or`. Every record a web search for `text` finds holds at least one of them (unless the
    query only excludes)."""
    found = (word.strip('"').lstrip("-").strip('"') for word in text.split())
    return " or ".join(word for word in found if word and word.lower() != "or")


def search(queryset: QuerySet, text: str, parts: tuple[Part, ...], paged: bool = False) -> QuerySet:
    """The records of `queryset` in which every word of `text` is found. On PostgreSQL, when
    at most RANK_LIMIT match, best first (by how well the record's own fields match).
    `paged`: the caller reads a page of the list (and its count), not every match (a
    count by year, a whole export), so a broad search may check records one by one until the
    page is full (see below). ValueError for a query beyond MAX_WORDS words or MAX_CHARS
    characters (see `words`)."""
    wanted = words(text)
    if not wanted:
        return queryset
    if connection.vendor != "postgresql":
        for word in wanted:
            first, *others = (part.ids_matching(word) for part in parts)
            queryset = queryset.filter(pk__in=first.union(*others))
        return queryset
    candidates = any_word(text)
    if not candidates:
        return queryset.none()
    found = SearchQuery(candidates, search_type="websearch", config=CONFIG)
    selects: list[str] = []
    params: list[object] = []
    for part in parts:
        sql, part_params = part.vectors_matching(found)
        selects.append(f"({sql})")
        params.extend(part_params)
    # Each record's matching vectors together must match the whole query: two words may be
    # found in two parts.
    matches = RawSQL(
        f"SELECT found.record FROM ({' UNION ALL '.join(selects)}) AS found(record, words) "
        "GROUP BY found.record "
        "HAVING dialogue_tsvector_agg(found.words) @@ websearch_to_tsquery(%s::regconfig, %s)",
        (*params, CONFIG, text),
    )
    if paged and is_broad(queryset, text, parts):
        # More than RANK_LIMIT records match, so the list keeps its own order. Rather than
        # gathering every match (a tenth of a million rounds) to keep the first page's, each
        # record read in the list's order is checked, its parts' vectors read through their
        # indexes, until the page is full; the count is bounded by the records whose own
        # fields match (`count_lower_bound`). The same test as the GROUP BY above, a record
        # at a time.
        vectors = reduce(
            lambda left, right: Func(left, right, template="(%(expressions)s)", arg_joiner=" || "),
            (part.vectors_of(found) for part in parts),
        )
        # A record whose own fields match needs none of its other parts read.
        queryset = queryset.alias(search_vectors=vectors).filter(
            own_matches_q(parts[0].stored(), text) | Q(search_vectors=web_query(text))
        )
        # For the count: what surely matches, how many of those were counted, and the
        # filters of the list at that point (a filter added later makes the number stale).
        queryset.query.search_lower_bound = (  # type: ignore[attr-defined]
            vector_column(parts[0].fields),
            text,
            BROAD_LIMIT + 1,
            len(queryset.query.where.children),
        )
        return queryset
    queryset = queryset.filter(pk__in=matches)
    # Ranking reads every match's vector: for a broad search, keep the list's own order.
    if queryset[: RANK_LIMIT + 1].count() <= RANK_LIMIT:
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        queryset = queryset.annotate(rank=SearchRank(parts[0].stored(), query)).order_by(
            "-rank", "pk"
        )
    return queryset


def is_broad(queryset: QuerySet, text: str, parts: tuple[Part, ...]) -> bool:
    """Whether more than BROAD_LIMIT records of `queryset` surely match (PostgreSQL): more than
    that many match the whole query in their own fields alone, read through the GIN index and
    counted up to BROAD_LIMIT + 1. A query that excludes words (`-word`) is never taken as
    broad: another part of a record may hold the word."""
    if any(word.startswith("-") for word in text.split()):
        return False
    own = queryset.filter(own_matches_q(parts[0].stored(), text)).order_by()
    return own[: BROAD_LIMIT + 1].count() > BROAD_LIMIT


def web_query(text: str) -> SearchQuery:
    """The whole query, read as a web search."""
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def own_matches_q(vector: StoredVector, text: str) -> SearchVectorExact:
    """The condition that a record's own fields match the whole query."""
    return SearchVectorExact(vector, web_query(text))


def count_lower_bound(queryset: QuerySet) -> tuple[QuerySet, int | None] | None:
    """For a broad search (see `search`), the records of the list that surely match (those
    whose own fields match the whole query), a cheap lower bound of the list's count, with
    how many of them the search counted when no filter has been added since (else None);
    None for any other list."""
    found = getattr(queryset.query, "search_lower_bound", None)
    if found is None:
        return None
    column, text, counted, filters = found
    if len(queryset.query.where.children) != filters:
        counted = None
    return queryset.filter(own_matches_q(StoredVector(column), text)).order_by(), counted


def search_index(model_name: str, fields: tuple[str, ...]) -> GinIndex:
    """A GIN index on the same expression a search over these fields filters by."""
    digest = hashlib.sha1(",".join(fields).encode()).hexdigest()[:6]
    return GinIndex(SearchVector(*fields, config=CONFIG), name=f"search_{model_name[:15]}_{digest}")
