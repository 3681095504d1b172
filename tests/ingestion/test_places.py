"""Reviewed ingestion, issue 12 item 3: an ambiguous city name is looked for first in the
countries of the release's pair, the mechanism's countries or the round's host, then the most
populous; a namesake town does not outrank a world city."""

import datetime

import pytest

from dialogue import gazetteer
from dialogue.ingestion import extract as extraction
from dialogue.ingestion.lexicon import countries_only
from dialogue.models import Place
from tests.factories import MechanismFactory, RoundFactory
from tests.ingestion.test_review import API


@pytest.mark.parametrize(
    ("name", "countries", "expected"),
    [
        ("Alexandria", ["US", "RU"], "US"),  # Virginia, not Egypt
        ("Alexandria", ["EG", "RU"], "EG"),
        ("Alexandria", [], "EG"),  # the most populous
        ("Tripoli", ["LB", "RU"], "LB"),
        ("Tripoli", ["LY", "RU"], "LY"),
        ("Hyderabad", ["PK", "CN"], "PK"),
        ("Hyderabad", [], "IN"),
        ("Kaliningrad", ["RU", "DE"], "RU"),
        ("Moscow", ["US", "RU"], "RU"),  # both in the pair: the most populous
        ("Moscow", ["US", "JP"], "RU"),  # a namesake town (Idaho) is not a world city
        ("Paris", ["US", "JP"], "FR"),  # nor is Paris, Texas
    ],
)
def test_an_ambiguous_city_is_looked_for_in_the_preferred_countries_first(
    name, countries, expected
):
    assert gazetteer.lookup(name, countries).country == expected


def test_the_release_pair_decides_an_ambiguous_city():
    text = (
        "Comment on consultations\n\nOn May 14, Deputy Foreign Minister Sergey Ryabkov held "
        "consultations on strategic stability with Under Secretary of State Thomas Shannon of "
        "the United States in Alexandria."
    )
    specs = extraction.extract(
        text=text, published=datetime.date(2019, 5, 20), home="RU", lexicon=countries_only()
    )
    (place,) = [spec for spec in specs if spec.type == "place"]
    assert (place.fields["name"], place.fields["country"]) == ("Alexandria", "US")
    (round_,) = [spec for spec in specs if spec.type == "round"]
    assert round_.fields["host_country"] == "US"


@pytest.mark.parametrize(
    ("countries", "host", "expected"),
    [(["US", "RU"], None, "US"), (["EG", "RU"], None, "EG"), (["US", "EG"], "US", "US")],
)
def test_a_round_written_with_an_ambiguous_city_takes_the_mechanisms_or_hosts(
    analyst_client, countries, host, expected
):
    mechanism = MechanismFactory(countries=countries)
    body = {"mechanism": mechanism.slug, "date": "2019-05-14", "city": "Alexandria"}
    if host:
        body["host_country"] = host
    response = analyst_client.post(f"{API}/rounds/", body, format="json")
    assert response.status_code == 201, response.content[:800]
    assert Place.objects.get(name="Alexandria").country_id == expected


def test_changing_a_rounds_city_looks_in_its_mechanisms_countries(analyst_client):
    round_ = RoundFactory(mechanism=MechanismFactory(countries=["US", "RU"]), city=None)
    response = analyst_client.patch(
        f"{API}/rounds/{round_.pk}/", {"city": "Alexandria"}, format="json"
    )
    assert response.status_code == 200, response.content[:800]
    round_.refresh_from_db()
    assert round_.city.country_id == "US"
