"""Rounds built from plain rows (a page's plan, the streamed export) give exactly what
RoundSerializer gives."""

import datetime

import pytest
from django.db import connection, transaction
from rest_framework.test import APIRequestFactory

from dialogue import paging
from dialogue.api import rows
from dialogue.api.serializers import RoundSerializer
from dialogue.models import Citation, Round
from tests.factories import (
    ParticipantFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
)


def serialized(ids: list[int]) -> list[dict]:
    request = APIRequestFactory().get("/api/v1/rounds/")
    by_id = Round.objects.with_overdue().in_bulk(ids)
    data = RoundSerializer([by_id[pk] for pk in ids], many=True, context={"request": request})
    return [dict(row) for row in data.data]


def fast(ids: list[int]) -> list[dict]:
    request = APIRequestFactory().get("/api/v1/rounds/")
    serializer = RoundSerializer(context={"request": request})
    rounds = Round.objects.with_overdue()
    return rows.RowPlan(serializer, rounds).read(rounds, ids, request)


@pytest.mark.usefixtures("seeded")
def test_the_seed_reads_the_same_both_ways():
    ids = list(Round.objects.order_by("-start_date", "pk").values_list("pk", flat=True))
    assert fast(ids) == serialized(ids)


@pytest.mark.django_db
def test_a_round_with_every_kind_of_nested_row_reads_the_same_both_ways():
    round_ = RoundFactory(number=None, city=PlaceFactory(), name="Talks", venue="Hall")
    round_.other_places.set([PlaceFactory(name="Zeta"), PlaceFactory(name="Alpha")])
    round_.topics.set([TopicFactory(name="Zinc"), TopicFactory(name="Arms")])
    ParticipantFactory(round=round_, order=2)
    ParticipantFactory(round=round_, order=1, organisation=None)
    # Scheduled for a day gone by: overdue.
    bare = RoundFactory(mechanism=round_.mechanism, city=None, status="scheduled")

    assert fast([bare.pk, round_.pk]) == serialized([bare.pk, round_.pk])
    assert [row["overdue"] for row in fast([bare.pk, round_.pk])] == [True, False]


@pytest.mark.django_db
def test_a_count_above_the_limit_is_the_planners_estimate_on_postgresql(client, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 2)
    for _ in range(5):
        RoundFactory()

    # A page with more rows after it: the last page would know the count.
    response = client.get("/api/v1/rounds/", {"page_size": 2})

    if connection.vendor == "postgresql":
        assert response["X-Count-Estimated"] == "true"
        assert response.json()["count"] > 2
    else:
        assert "X-Count-Estimated" not in response
        assert response.json()["count"] == 5


@pytest.mark.django_db
def test_a_count_within_the_limit_is_exact(client):
    for _ in range(3):
        RoundFactory()

    response = client.get("/api/v1/rounds/")

    assert response.json()["count"] == 3
    assert "X-Count-Estimated" not in response


def streamed(queryset) -> list[dict]:
    """The rounds of `queryset` from the plan's one streamed query."""
    request = APIRequestFactory().get("/api/v1/rounds/")
    plan = rows.RowPlan(RoundSerializer(context={"request": request}), queryset)
    with transaction.atomic():
        return list(plan.stream(queryset, request))


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the streamed read is PostgreSQL's"
)


@postgresql_only
@pytest.mark.usefixtures("seeded")
def test_the_seed_streamed_reads_the_same_as_the_serializer():
    queryset = Round.objects.with_overdue().order_by("-start_date", "pk")
    ids = list(queryset.values_list("pk", flat=True))

    assert streamed(queryset) == serialized(ids)


@postgresql_only
@pytest.mark.django_db
def test_a_round_with_every_kind_of_nested_row_streams_the_same_as_the_serializer():
    round_ = RoundFactory(number=None, city=PlaceFactory(), name="Talks", venue="Hall")
    round_.other_places.set([PlaceFactory(name="Zeta"), PlaceFactory(name="Alpha")])
    round_.topics.set([TopicFactory(name="Zinc"), TopicFactory(name="Arms")])
    first = ParticipantFactory(round=round_, order=2)
    ParticipantFactory(round=round_, order=1, organisation=None)
    source = SourceFactory()
    for record in (first, round_, round_):
        Citation.objects.create(
            record=record,
            source=source,
            quote=f"Quote {record.pk}",
            supports=["role"] if record is first else [],
            resolved_against=datetime.date(2018, 7, 30),
            date_phrase="last week",
        )
    # Scheduled for a day gone by: overdue.
    bare = RoundFactory(mechanism=round_.mechanism, city=None, status="scheduled")
    queryset = Round.objects.with_overdue().filter(pk__in=[bare.pk, round_.pk]).order_by("-pk")

    assert streamed(queryset) == serialized([bare.pk, round_.pk])
    assert streamed(queryset.none()) == []
