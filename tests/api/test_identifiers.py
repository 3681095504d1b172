"""Identifiers and strictness: writes take an id or a slug wherever filters do, a slug is made
from the name when left out, details answer a slug, unknown query parameters are a 400, and
every address under /api/ answers JSON."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from dialogue import models
from tests.conftest import field_errors
from tests.factories import MechanismFactory, PlaceFactory, TopicFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_a_mechanism_without_a_slug_gets_one_from_its_name(analyst_client):
    body = {
        "name": "Russia–Japan fisheries talks",
        "kind": "consultations",
        "countries": ["RU", "JP"],
    }
    first = analyst_client.post(f"{API}/mechanisms/", body, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["slug"] == "russia-japan-fisheries-talks"
    second = analyst_client.post(f"{API}/mechanisms/", body, format="json")
    assert second.json()["slug"] == "russia-japan-fisheries-talks-2"
    renamed = analyst_client.patch(
        f"{API}/mechanisms/{first.json()['id']}/", {"name": "Fisheries"}, format="json"
    )
    assert renamed.json()["slug"] == "russia-japan-fisheries-talks"  # stable


def test_a_slug_made_from_a_name_with_no_latin_letters_is_still_a_slug(analyst_client):
    response = analyst_client.post(f"{API}/topics/", {"name": "Безопасность"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "topic"


def test_a_round_names_its_mechanism_and_topics_by_slug_or_id(analyst_client):
    mechanism = MechanismFactory(slug="ru-jp-fisheries")
    topics = [TopicFactory(slug="fisheries"), TopicFactory()]
    response = analyst_client.post(
        f"{API}/rounds/",
        {
            "mechanism": "ru-jp-fisheries",
            "date": "2019-03",
            "topics": ["fisheries", topics[1].pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    record = models.Round.objects.get(pk=response.json()["id"])
    assert record.mechanism == mechanism
    assert set(record.topics.all()) == set(topics)
    assert response.json()["mechanism"] == mechanism.pk  # read as before: the id


def test_an_unknown_slug_is_a_400_naming_the_field(analyst_client):
    errors = field_errors(
        analyst_client.post(f"{API}/rounds/", {"mechanism": "no-such"}, format="json")
    )
    assert errors["mechanism"] == ["No mechanism has the id or slug “no-such”."]


@pytest.mark.parametrize(
    ("resource", "make"),
    [("mechanisms", MechanismFactory), ("places", PlaceFactory), ("topics", TopicFactory)],
)
def test_details_answer_a_slug_as_well_as_an_id(resource, make):
    record = make()
    by_slug = APIClient().get(f"{API}/{resource}/{record.slug}/")
    assert by_slug.status_code == 200
    assert by_slug.json()["id"] == record.pk
    assert APIClient().get(f"{API}/{resource}/{record.pk}/").json()["id"] == record.pk
    assert APIClient().get(f"{API}/{resource}/no-such-slug/").status_code == 404


@pytest.mark.parametrize(
    ("url", "name", "hint"),
    [
        (f"{API}/rounds/?contry=JP", "contry", "Did you mean “country”?"),
        (f"{API}/rounds/?number=5", "number", ""),
        (f"{API}/stats/?yaer=2018", "yaer", "Did you mean “year”?"),
        (f"{API}/history/?pagesize=5", "pagesize", "Did you mean “page_size”?"),
    ],
)
def test_an_unknown_query_parameter_is_a_400_naming_it_and_the_valid_ones(url, name, hint):
    response = APIClient().get(url)
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [name]
    assert hint in body["errors"][name][0]
    assert body["detail"].startswith(f"Unknown query parameter(s): {name}. This address takes: ")
    assert "format" in body["detail"]


def test_documented_parameters_paging_format_and_shape_are_accepted():
    MechanismFactory()
    for url in [
        f"{API}/rounds/?country=JP&page=1&page_size=5&format=json&ordering=start_date",
        f"{API}/mechanisms/?brief=1&fields=id",
        f"{API}/stats/?year=2018",
        f"{API}/timeline/?type=round&unit=USD",
    ]:
        response = APIClient().get(url)
        assert response.status_code == 200, (url, response.content[:500])
        assert "errors" not in response.json(), url


@override_settings(DEBUG=True)
@pytest.mark.parametrize("path", ["/api/v1/dyads/", "/api/v1/nope/", "/api/nope"])
def test_every_address_under_api_answers_json_even_when_debugging(path):
    response = APIClient().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_an_api_address_without_its_slash_still_leads_to_it():
    response = APIClient().get(f"{API}/rounds?country=JP")
    assert response.status_code == 301
    assert response["Location"] == f"{API}/rounds/?country=JP"
