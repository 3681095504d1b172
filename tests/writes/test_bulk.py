"""Bulk writes: a list of rounds is created whole or not at all."""

import pytest
from rest_framework.test import APIClient

from dialogue import models
from dialogue.roles import READERS
from tests.conftest import assert_problem, assert_refused, member_of, token_client
from tests.factories import (
    MechanismFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_token_client(db) -> APIClient:
    return token_client(member_of(READERS, username="rita"))


def bulk_items(mechanism, count: int = 3) -> list[dict]:
    return [
        {"mechanism": mechanism.pk, "number": n, "start_date": f"2018-0{n}-01"}
        for n in range(1, count + 1)
    ]


def test_bulk_creates_every_round(group_analyst_client):
    mechanism = MechanismFactory()
    response = group_analyst_client.post("/api/v1/rounds/bulk/", bulk_items(mechanism))
    assert response.status_code == 201, response.content
    assert len(response.json()) == 3
    assert sorted(mechanism.rounds.values_list("number", flat=True)) == [1, 2, 3]


def test_bulk_with_one_invalid_round_creates_nothing(group_analyst_client):
    mechanism = MechanismFactory()
    items = bulk_items(mechanism)
    items[1]["end_date"] = "2017-01-01"
    body = assert_problem(group_analyst_client.post("/api/v1/rounds/bulk/", items), 400)
    errors = body["errors"]
    assert isinstance(errors, list) and len(errors) == 3
    assert errors[0] == {} and errors[2] == {}
    assert list(errors[1]) == ["end_date"]
    assert not models.Round.objects.exists()


def test_bulk_reports_a_duplicate_within_the_batch(group_analyst_client):
    mechanism = MechanismFactory()
    items = bulk_items(mechanism, 2)
    items[1]["number"] = items[0]["number"]
    body = assert_problem(group_analyst_client.post("/api/v1/rounds/bulk/", items), 400)
    assert body["errors"][0] == {}
    assert "number" in body["errors"][1]
    assert not models.Round.objects.exists()


@pytest.mark.parametrize("payload", [{"mechanism": 1, "number": 1}, [], "rounds"])
def test_bulk_needs_a_non_empty_list(group_analyst_client, payload):
    response = group_analyst_client.post("/api/v1/rounds/bulk/", payload, format="json")
    body = assert_problem(response, 400)
    assert "non_field_errors" in body["errors"]


def test_bulk_is_refused_to_readers_and_anonymous(reader_token_client):
    items = bulk_items(MechanismFactory())
    assert_problem(reader_token_client.post("/api/v1/rounds/bulk/", items), 403)
    assert_refused(APIClient().post("/api/v1/rounds/bulk/", items, format="json"), "anonymous")
    assert not models.Round.objects.exists()


def test_bulk_reports_items_that_are_not_objects(group_analyst_client):
    items = [*bulk_items(MechanismFactory(), 1), "round", 5]
    body = assert_problem(group_analyst_client.post("/api/v1/rounds/bulk/", items), 400)
    assert body["errors"][0] == {}
    assert "non_field_errors" in body["errors"][1]
    assert "non_field_errors" in body["errors"][2]
    assert not models.Round.objects.exists()


def test_bulk_refuses_more_than_its_limit(group_analyst_client):
    response = group_analyst_client.post("/api/v1/rounds/bulk/", [{}] * 1001, format="json")
    body = assert_problem(response, 400)
    assert "1000" in body["errors"]["non_field_errors"][0]
