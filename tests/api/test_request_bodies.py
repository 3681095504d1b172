"""Request bodies: JSON only, of a bounded size and depth, with values of the types the schema
gives; every refusal is a problem naming what was wrong."""

import json
import secrets

import pytest

from dialogue import models
from dialogue.models import Country, Topic
from tests.conftest import assert_problem, field_errors, no_field_errors, problem
from tests.factories import (
    MechanismFactory,
    PersonFactory,
    RoundFactory,
    TopicFactory,
)
from tests.processes import load_settings

pytestmark = pytest.mark.django_db


def round_payload() -> dict:
    return {"mechanism": MechanismFactory().pk, "number": 7, "start_date": "2018-07-31"}


def test_malformed_json_is_a_400_problem(analyst_client):
    response = analyst_client.post(
        "/api/v1/topics/", data='{"slug": "x", ', content_type="application/json"
    )
    assert "errors" not in assert_problem(response, 400)  # not a field's error
    assert not models.Topic.objects.exists()


def test_an_unsupported_media_type_is_a_415_problem(analyst_client):
    response = analyst_client.post("/api/v1/topics/", data="slug=x", content_type="text/plain")
    body = assert_problem(response, 415)
    assert "text/plain" in body["detail"]


def test_a_body_over_one_mebibyte_is_a_413_problem(analyst_client):
    data = json.dumps({"slug": "big", "name": "Big", "description": "x" * (1024 * 1024)})
    response = analyst_client.post("/api/v1/topics/", data=data, content_type="application/json")
    assert_problem(response, 413)
    assert not models.Topic.objects.exists()


def test_a_body_just_under_the_limit_is_read(analyst_client):
    data = json.dumps({"slug": "big", "name": "Big", "description": "x" * (1024 * 1024 - 100)})
    response = analyst_client.post("/api/v1/topics/", data=data, content_type="application/json")
    assert response.status_code == 201, response.content[:500]
    assert len(response.json()["description"]) == 1024 * 1024 - 100
    assert len(models.Topic.objects.get(slug="big").description) == 1024 * 1024 - 100


def test_a_content_length_that_is_not_a_number_is_a_400_problem(analyst_client):
    response = analyst_client.post(
        "/api/v1/topics/", {"slug": "a", "name": "A"}, format="json", CONTENT_LENGTH="many"
    )
    assert_problem(response, 400)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"host_country": "XX"}, "host_country"),
        ({"status": "maybe"}, "status"),
        ({"date_precision": "fortnight"}, "date_precision"),
        ({"start_date": "10000-01-01"}, "start_date"),
        ({"start_date": "2018-02-30"}, "start_date"),
        ({"end_date": "2018-13-01"}, "end_date"),
        ({"mechanism": 999999}, "mechanism"),
    ],
)
def test_bad_values_are_400_naming_the_field(analyst_client, change, field):
    payload = {**round_payload(), **change}
    body = assert_problem(analyst_client.post("/api/v1/rounds/", payload), 400)
    assert list(body["errors"]) == [field]
    assert field in body["detail"]
    assert not models.Round.objects.exists()


ROUNDS = "/api/v1/rounds/"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"slug": "a", "name": 5}, "name"),
        ({"slug": 0, "name": "A"}, "slug"),
        ({"slug": "a", "name": 1.5e-249}, "name"),
        ({"slug": "a", "name": "A", "parent": "1"}, "parent"),
        ({"slug": "a", "name": "A", "parent": ""}, "parent"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_400(analyst_client, body, field):
    """DRF turned 5 into "5" and "1" into the record with id 1; the schema says otherwise."""
    TopicFactory(pk=1)

    response = analyst_client.post("/api/v1/topics/", body, format="json")

    assert field in field_errors(response)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"number": "3"}, "number"),
        ({"number": 3.0}, "number"),
        ({"host_country": ""}, "host_country"),
        ({"participants": [{"person": "1", "country": "RU"}]}, "participants"),
    ],
)
def test_a_round_refuses_json_values_of_the_wrong_type(analyst_client, change, field):
    round_ = RoundFactory()
    PersonFactory(pk=1)

    response = analyst_client.patch(f"{ROUNDS}{round_.pk}/", change, format="json")

    assert field in field_errors(response)


def test_booleans_and_decimals_are_written_as_the_schema_says(analyst_client):
    country = analyst_client.post(
        "/api/v1/countries/", {"code": "XA", "name": "X", "is_former": 0}, format="json"
    )
    indicator = analyst_client.post(
        "/api/v1/indicators/",
        {"name": "Trade", "countries": ["RU"], "value": 1.5, "unit": "USD", "date": "2017"},
        format="json",
    )

    assert "is_former" in field_errors(country)
    assert "value" in field_errors(indicator)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"host_country": "R\u0000"}, "host_country"),
        ({"topics": ["peace\u0000"]}, "topics"),
        ({"city": "Moscow\u0000"}, "city"),
    ],
)
def test_a_nul_character_in_json_text_is_400(analyst_client, change, field):
    """PostgreSQL cannot look up text with NUL in it: a related key with one was a 500 there."""
    round_ = RoundFactory()

    response = analyst_client.patch(f"{ROUNDS}{round_.pk}/", change, format="json")

    assert field_errors(response)[field] == ["A NUL character (\\u0000) is not allowed."]


def test_form_data_is_refused_for_json_only(analyst_client):
    """The API reads JSON only: form values, all strings, would escape the JSON type checks."""
    response = analyst_client.post(
        "/api/v1/countries/", {"code": "XB", "name": "X", "is_former": "true"}, format="multipart"
    )

    assert response.status_code == 415, response.content[:300]
    assert not Country.objects.filter(code="XB").exists()


TOPICS = "/api/v1/topics/"


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/x-www-form-urlencoded", "slug=form&name=Form"),
        ("multipart/form-data; boundary=BoUnDaRy", None),
        ("text/plain", '{"slug": "text", "name": "Text"}'),
        ("application/xml", "<topic/>"),
        ("", '{"slug": "none", "name": "None"}'),
    ],
)
def test_a_body_that_is_not_json_is_415(analyst_client, content_type, body):
    """Form and multipart bodies were accepted (201), with DRF's conversions instead of the
    schema's JSON types."""
    if body is None:
        body = (
            '--BoUnDaRy\r\nContent-Disposition: form-data; name="slug"\r\n\r\nmulti\r\n'
            '--BoUnDaRy\r\nContent-Disposition: form-data; name="name"\r\n\r\nMulti\r\n'
            "--BoUnDaRy--\r\n"
        )
    response = analyst_client.generic("POST", TOPICS, body, content_type=content_type)

    body = no_field_errors(response, 415)
    assert "application/json" in body["detail"]
    assert not Topic.objects.exists()


def test_the_refused_media_type_is_quoted_as_sent(analyst_client):
    """User text in an error message: `%`, `{}` and braces come back as they were."""
    response = analyst_client.generic(
        "POST", TOPICS, "x=1", content_type="text/%s{0}{name}%%; charset=utf-8"
    )

    assert "“text/%s{0}{name}%%; charset=utf-8”" in no_field_errors(response, 415)["detail"]


def test_form_data_with_the_types_it_cannot_carry_is_refused_not_converted(analyst_client):
    """`is_former=true` as form data became True; as JSON "true" is a string, refused."""
    response = analyst_client.post(
        "/api/v1/countries/", {"code": "XB", "name": "X", "is_former": "true"}, format="multipart"
    )

    no_field_errors(response, 415)


def test_json_is_still_accepted(analyst_client):
    response = analyst_client.post(
        TOPICS,
        '{"slug": "json", "name": "JSON"}',
        content_type="application/json; charset=utf-8",
    )

    assert response.status_code == 201, response.content
    assert response.json()["name"] == "JSON"
    assert models.Topic.objects.get(slug="json").name == "JSON"


def test_json_nested_10000_levels_is_400_naming_the_body(analyst_client):
    """It was a RecursionError, a 500, on every write endpoint."""
    deep = "[" * 10_000 + "]" * 10_000

    response = analyst_client.post(TOPICS, deep, content_type="application/json")

    body = no_field_errors(response, 400)
    assert "request body" in body["detail"]
    assert "32 levels" in body["detail"]


def test_json_nested_33_levels_is_refused_and_32_reach_the_view(analyst_client):
    def nested(levels: int) -> str:
        return '{"slug": "deep", "name": "Deep", "description": ' + (
            "[" * (levels - 1) + "]" * (levels - 1) + "}"
        )

    refused = analyst_client.post(TOPICS, nested(33), content_type="application/json")
    allowed = analyst_client.post(TOPICS, nested(32), content_type="application/json")

    assert "32 levels" in no_field_errors(refused, 400)["detail"]
    assert "description" in problem(allowed, 400)["errors"]  # a list is not text: the view's


def test_brackets_inside_json_strings_are_not_nesting(analyst_client):
    name = '[{"[' * 40  # 80 brackets, in a string
    response = analyst_client.post(
        TOPICS, json.dumps({"slug": "brackets", "name": name}), content_type="application/json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["name"] == name
    assert models.Topic.objects.get(slug="brackets").name == name


def test_a_body_without_content_length_is_411(analyst_client):
    """A chunked body reached the view as an empty one: 400 "This field is required"."""
    response = analyst_client.generic(
        "POST", TOPICS, b"", content_type="application/json", HTTP_TRANSFER_ENCODING="chunked"
    )

    assert "Content-Length" in no_field_errors(response, 411)["detail"]


def test_every_settings_module_parses_json_only():
    parsers = "REST_FRAMEWORK.DEFAULT_PARSER_CLASSES"
    cases = [
        {"module": "config.settings.local", "env": {}, "values": [parsers]},
        {"module": "config.settings.test", "env": {}, "values": [parsers]},
        {
            "module": "config.settings.production",
            "env": {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "a.example.org"},
            "values": [parsers],
        },
    ]

    for case, result in zip(cases, load_settings(cases), strict=True):
        assert result == {"values": {parsers: ["rest_framework.parsers.JSONParser"]}}, case
