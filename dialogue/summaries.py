"""What the registry holds on many records at once: two countries' relations (their mechanisms,
rounds, documents and figures by year), counts of rounds, and the dated records of a timeline."""

from typing import Any

from django.db import models
from django.db.models import Count, QuerySet, Value
from django.db.models.functions import ExtractYear

from .choices import MechanismLevel
from .models import Country, Document, Indicator, Mechanism, Round
from .selectors import indicator_list, mechanism_last_round, mechanism_list, mechanism_next_round


def rounds_of_pair(first: str, second: str) -> QuerySet[Round]:
    """Rounds of the mechanisms in which both countries take part."""
    return Round.objects.filter(mechanism__in=pair_mechanism_ids(first, second))


def mechanisms_of_pair(first: str, second: str) -> QuerySet[Mechanism]:
    """Mechanisms in which both countries take part, as the mechanism list shows them."""
    return mechanism_list().filter(pk__in=pair_mechanism_ids(first, second))


def pair_mechanism_ids(first: str, second: str) -> QuerySet:
    """Ids of the mechanisms in which both countries take part (a plain subquery, without the
    list's round counts)."""
    return Mechanism.objects.filter(countries=first).filter(countries=second).values("pk")


def by_latest_activity(mechanisms: list[Mechanism]) -> list[Mechanism]:
    """Mechanisms most recently active first (their last round held, else their next one);
    those with no rounds last, by name."""

    def activity(mechanism: Mechanism) -> tuple:
        last, upcoming = mechanism_last_round(mechanism), mechanism_next_round(mechanism)
        latest = max(
            (r.start_date for r in (last, upcoming) if r is not None and r.start_date),
            default=None,
        )
        return (latest is None, -(latest.toordinal() if latest else 0), mechanism.name)

    return sorted(mechanisms, key=activity)


def dyad_summary(first: Country, second: Country) -> dict[str, Any]:
    """What the registry holds on two countries' relations: their mechanisms (most recently
    active first), rounds and documents per year, figures per year, and the highest level of
    contact per year."""
    codes = (first.code, second.code)
    rounds = rounds_of_pair(*codes)
    documents = Document.objects.filter(
        models.Q(
            pk__in=Document.objects.filter(parties=codes[0]).filter(parties=codes[1]).values("pk")
        )
        | models.Q(round__mechanism__in=pair_mechanism_ids(*codes))
    )
    indicators = indicator_list().filter(countries=codes[0]).filter(countries=codes[1])
    per_year: dict[int, list] = {}
    for indicator in indicators.order_by("start_date", "pk"):
        per_year.setdefault(indicator.start_date.year, []).append(indicator)
    return {
        "pair": list(codes),
        "countries": [first, second],
        "mechanisms": by_latest_activity(list(mechanisms_of_pair(*codes))),
        "rounds_per_year": counts_by(rounds.annotate(year=ExtractYear("start_date")), "year"),
        "documents_per_year": counts_by(
            documents.exclude(start_date__isnull=True).annotate(year=ExtractYear("start_date")),
            "year",
            documents=models.Sum("quantity"),
        ),
        "documents": documents.select_related("round").order_by("-start_date", "pk"),
        "indicators_per_year": [
            {"year": year, "indicators": items} for year, items in sorted(per_year.items())
        ],
        "highest_level_per_year": highest_level_by_year(rounds),
    }


def counts_by(queryset: QuerySet, key: str, **annotations) -> list[dict]:
    """[{key: …, "count": n}, …] in key order, e.g. rounds by year."""
    return list(
        queryset.order_by()
        .values(key)
        .annotate(count=Count("pk", distinct=True), **annotations)
        .order_by(key)
    )


def round_counts(rounds: QuerySet[Round]) -> dict[str, list[dict]]:
    """How many rounds there are by year, mechanism, level and host country."""
    return {
        "by_year": counts_by(rounds.annotate(year=ExtractYear("start_date")), "year"),
        "by_mechanism": [
            {
                "mechanism": row["mechanism"],
                "slug": row["mechanism__slug"],
                "name": row["mechanism__name"],
                "count": row["count"],
            }
            for row in rounds.order_by()
            .values("mechanism", "mechanism__slug", "mechanism__name")
            .annotate(count=Count("pk", distinct=True))
            .order_by("-count", "mechanism__name")
        ],
        "by_level": [
            {"level": row["mechanism__level"] or None, "count": row["count"]}
            for row in counts_by(rounds, "mechanism__level")
        ],
        "by_host_country": [
            {"host_country": row["host_country"], "count": row["count"]}
            for row in counts_by(rounds, "host_country")
        ],
    }


def highest_level_by_year(rounds: QuerySet[Round]) -> list[dict]:
    """For each year, the highest level on the scale that any round of that year reached."""
    best: dict[int, str] = {}
    for year, level in (
        rounds.exclude(mechanism__level="")
        .annotate(year=ExtractYear("start_date"))
        .order_by()
        .values_list("year", "mechanism__level")
        .distinct()
    ):
        if year not in best or MechanismLevel.rank(level) < MechanismLevel.rank(best[year]):
            best[year] = level
    return [{"year": year, "level": best[year]} for year in sorted(best)]


def timeline_entries(
    rounds: QuerySet[Round], documents: QuerySet[Document], indicators: QuerySet[Indicator]
) -> QuerySet:
    """(type, id, start_date, end_date) of every dated record, in date order, as one query."""

    def keyed(queryset: QuerySet, kind: str) -> QuerySet:
        return (
            queryset.exclude(start_date__isnull=True)
            .order_by()
            .annotate(type=Value(kind))
            .values_list("type", "pk", "start_date", "end_date")
        )

    return (
        keyed(rounds, "round")
        .union(keyed(documents, "document"), keyed(indicators, "indicator"), all=True)
        .order_by("start_date", "end_date", "type", "pk")
    )


def timeline_records(page: list[tuple]) -> dict[str, dict[Any, Any]]:
    """The records of a page of timeline entries, by type and id: one query per type."""
    ids: dict[str, list[int]] = {"round": [], "document": [], "indicator": []}
    for kind, pk, _start, _end in page:
        ids[kind].append(pk)
    return {
        "round": Round.objects.select_related("mechanism").in_bulk(ids["round"]),
        "document": Document.objects.select_related("round").in_bulk(ids["document"]),
        "indicator": Indicator.objects.in_bulk(ids["indicator"]),
    }
