"""What the registry holds, at a glance (its front page, the list of pairs): how many records
of each kind, the pairs of countries that meet, the rounds overdue and the drafts waiting."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Count, QuerySet

from .models import Country, Draft, DraftStatus, Mechanism, Round, Source
from .paging import EstimatingPaginator


@dataclass(frozen=True)
class Tally:
    """How many records a list holds: exact, or (`estimated`) PostgreSQL's estimate beyond
    paging.EXACT_COUNT_LIMIT."""

    count: int
    estimated: bool


def tally(queryset: QuerySet) -> Tally:
    """The list's size as the API's pages count it (dialogue.paging): exact up to the limit,
    beyond it the planner's estimate, so a front page does not count a million rows."""
    paginator = EstimatingPaginator(queryset.order_by("pk"), per_page=1)
    return Tally(paginator.count, paginator.estimated)


def countries_taking_part() -> QuerySet[Country]:
    """The countries that take part in some mechanism (of the ~250 the registry knows from
    ISO 3166)."""
    return Country.objects.filter(pk__in=Mechanism.countries.through.objects.values("country"))


def latest_source() -> Source | None:
    """The source published last (of those that say when; else the one added last)."""
    return Source.objects.order_by(
        models.F("published_at").desc(nulls_last=True), "-created", "-pk"
    ).first()


@dataclass(frozen=True)
class Pair:
    """Two countries that take part together in at least one mechanism."""

    first: Country
    second: Country
    mechanisms: int
    rounds: int

    @property
    def code(self) -> str:
        """As the pair page's address names it: `JP-RU`."""
        return f"{self.first.code}-{self.second.code}"


def country_pairs() -> list[Pair]:
    """Every pair of countries that share a mechanism, with how many mechanisms they share and
    how many rounds those have; the most rounds first. Three queries, whatever the number of
    pairs: the pairs (each mechanism's countries two by two), the mechanisms' round counts, and
    the countries' names."""
    links = Mechanism.countries.through.objects
    # Each mechanism's countries two by two, the first in alphabetical order (the values read
    # the filter's join to the mechanism's countries again).
    pairs = (
        links.filter(mechanism__countries__gt=models.F("country"))
        .order_by()
        .values_list("country", "mechanism__countries", "mechanism")
    )
    by_pair: dict[tuple[str, str], set[int]] = {}
    for first, second, mechanism in pairs:
        by_pair.setdefault((first, second), set()).add(mechanism)
    if not by_pair:
        return []
    mechanisms = {pk for found in by_pair.values() for pk in found}
    rounds = dict(
        Round.objects.filter(mechanism__in=mechanisms)
        .order_by()
        .values_list("mechanism")
        .annotate(count=Count("pk"))
    )
    countries = Country.objects.in_bulk({code for pair in by_pair for code in pair})
    found = [
        Pair(
            countries[first],
            countries[second],
            len(shared),
            sum(rounds.get(pk, 0) for pk in shared),
        )
        for (first, second), shared in by_pair.items()
    ]
    return sorted(found, key=lambda pair: (-pair.rounds, -pair.mechanisms, pair.code))


def overdue_rounds() -> QuerySet[Round]:
    """Rounds whose date has passed while they are still scheduled (models.OVERDUE), the
    longest overdue first."""
    return Round.objects.overdue().select_related("mechanism").order_by("end_date", "pk")


def proposed_drafts() -> QuerySet[Draft]:
    """The drafts waiting for review."""
    return Draft.objects.filter(status=DraftStatus.PROPOSED)


def drafts_waiting() -> QuerySet:
    """The sources that have drafts waiting for review (`proposed_drafts`), with how many
    each; the most recently read first."""
    return (
        proposed_drafts()
        .order_by()
        .values("source", "source__title")
        .annotate(waiting=Count("pk"), latest=models.Max("created"))
        .order_by("-latest", "-source")
    )
