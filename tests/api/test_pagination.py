"""Pagination: pages of the lists, their size, and the refusal of malformed paging parameters."""

import pytest
from django.db import connection

from dialogue import models, paging
from tests.conftest import field_errors, problem
from tests.factories import (
    MechanismFactory,
    RoundFactory,
    TopicFactory,
    indicator_in,
)

pytestmark = pytest.mark.django_db


ROUNDS = "/api/v1/rounds/"


# "-1" was never to become a negative slice.
@pytest.mark.parametrize("page_size", ["abc", "null", "0", "-1", "2.5"])
def test_malformed_page_size_is_400_not_the_default_page(api_client, page_size):
    TopicFactory()

    response = api_client.get("/api/v1/topics/", {"page_size": page_size})

    assert "page_size" in field_errors(response)


@pytest.mark.parametrize("query", [{"page": "null"}, {"page_size": "abc"}])
def test_whole_list_exports_refuse_malformed_paging_too(api_client, query):
    """CSV is not paged, but `?page=null` is still a mistake to report, not to ignore."""
    response = api_client.get("/api/v1/countries/", {"format": "csv", **query})

    assert set(query) <= set(field_errors(response))


def test_list_is_paginated(api_client):
    TopicFactory.create_batch(3)

    response = api_client.get("/api/v1/topics/", {"page_size": 2})

    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["previous"] is None
    assert body["next"].startswith("http://testserver/api/v1/topics/?")
    second = api_client.get(body["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None


def test_default_page_size_is_50(api_client):
    TopicFactory.create_batch(51)

    response = api_client.get("/api/v1/topics/")

    assert len(response.json()["results"]) == 50


def test_page_size_is_capped_at_500(api_client):
    # Countries: ~250 from the migration, topped up past 500 with test rows.
    existing = set(models.Country.objects.values_list("code", flat=True))
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = {a + b for a in letters for b in letters} - existing
    models.Country.objects.bulk_create(models.Country(code=code, name=code) for code in codes)
    assert models.Country.objects.count() > 500 > len(existing)

    response = api_client.get("/api/v1/countries/", {"page_size": 1000})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 500


@pytest.mark.parametrize(
    ("asked", "used"),
    [(1, 1), (3, 5), (7, 10), (37, 50), (50, 50), (51, 100), (499, 500), (1000, 500)],
)
def test_a_page_size_is_rounded_up_to_one_of_a_few(api_client, asked, used):
    """Each page size is another answer to compute and cache: 1, 2, 5, 10, 20, 50, 100, 200
    and 500 only, any other rounded up; the response says which was used, and its links ask
    for it."""
    TopicFactory.create_batch(3)
    topics = sorted(TopicFactory.create_batch(used + 1), key=lambda t: (t.name, t.pk))

    response = api_client.get("/api/v1/topics/", {"page_size": asked, "page": 1})

    body = response.json()
    assert len(body["results"]) == used
    assert response["X-Page-Size"] == str(used)
    assert f"page_size={used}&" in body["next"] or body["next"].endswith(f"page_size={used}")
    assert f"page_size={asked}" not in body["next"] or asked == used
    second = api_client.get(body["next"]).json()
    assert second["previous"].endswith(f"page_size={used}")
    assert body["count"] == len(topics) + 3


def test_garbage_page_is_a_400_naming_it(api_client):
    response = api_client.get("/api/v1/rounds/", {"page": "abc"})

    problem(response, 400)
    assert "page" in field_errors(response)


def test_timeline_is_paginated(api_client):
    RoundFactory.create_batch(30, mechanism=MechanismFactory())
    for _ in range(25):
        indicator_in(2017)

    body = api_client.get("/api/v1/timeline/").json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 55
    assert len(body["results"]) == 50
    assert body["previous"] is None
    second = api_client.get(body["next"]).json()
    assert len(second["results"]) == 5
    seen = {(row["type"], row["id"]) for row in body["results"] + second["results"]}
    assert len(seen) == 55


# --- Past the planner's estimate: every row can be reached ------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Counts are estimated on PostgreSQL only"
)


def every_page(api_client, address: str, params: dict) -> tuple[list[dict], list[dict]]:
    """The bodies of the pages, following `next` from the first page; and their results."""
    bodies, response = [], api_client.get(address, params)
    while True:
        assert response.status_code == 200, response.content[:300]
        bodies.append(response.json())
        if bodies[-1]["next"] is None:
            return bodies, [row for body in bodies for row in body["results"]]
        response = api_client.get(bodies[-1]["next"])


@postgresql_only
@pytest.mark.parametrize("estimate", [3, 12, 100])
def test_pages_past_an_estimate_that_is_too_low_are_reached(api_client, monkeypatch, estimate):
    """With more rows than EXACT_COUNT_LIMIT the count is the planner's estimate, which can be
    far below the real number (a table that grew since its last ANALYZE): the pages past it
    were 404 and `next` stopped at it, so a sixth of 200,025 rounds could not be reached."""
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr(paging, "estimated_rows", lambda queryset: estimate)
    topics = sorted(TopicFactory.create_batch(23), key=lambda topic: (topic.name, topic.pk))

    bodies, results = every_page(api_client, "/api/v1/topics/", {"page_size": 5})

    assert [topic["id"] for topic in results] == [topic.pk for topic in topics]
    assert len(bodies) == 5
    # The count is the estimate, or more when a page shows more rows; the last page knows.
    assert [body["count"] for body in bodies[:-1]] == [
        max(estimate, 5 * page + 1) for page in range(1, 5)
    ]
    assert bodies[-1]["count"] == 23
    last = api_client.get("/api/v1/topics/", {"page_size": 5, "page": 5})
    assert [topic["id"] for topic in last.json()["results"]] == [t.pk for t in topics[20:]]
    assert last.json()["previous"].endswith("page=4&page_size=5")
    assert "X-Count-Estimated" not in last
    # Past the last row: not found, whatever the estimate says.
    assert api_client.get("/api/v1/topics/", {"page_size": 5, "page": 6}).status_code == 404
    assert api_client.get("/api/v1/topics/", {"page_size": 5, "page": 30}).status_code == 404
