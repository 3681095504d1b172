"""Reads from the registry: querysets that fetch each list in a fixed number of queries."""

from django.db.models import Count, Prefetch, QuerySet

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
        "countries", "organisations", "other_names", "citations"
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
