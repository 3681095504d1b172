"""What the schema-driven fuzzing (tests/test_fuzz.py) found, one focused test per finding.

Each of these failed before its fix: a 500, a malformed value silently ignored, a JSON value of
the wrong type converted instead of refused, or a response the schema did not describe. Two
guard the fixes instead: `?is_former=true` and form data still work.
"""

import pytest

from dialogue.models import Country

from .conftest import field_errors
from .factories import PersonFactory, RoundFactory, TopicFactory

pytestmark = pytest.mark.django_db

ROUNDS = "/api/v1/rounds/"


# --- Query strings: malformed is 400, empty is absent -------------------------------------


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


def test_page_is_a_number(api_client):
    response = api_client.get(ROUNDS, {"page": "last"})

    assert "page" in field_errors(response)


def test_a_boolean_filter_refuses_what_is_not_a_boolean(api_client):
    """django-filter read `?is_former=maybe` as no filter at all: every country came back."""
    response = api_client.get("/api/v1/countries/", {"is_former": "maybe"})

    assert "is_former" in field_errors(response)


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes"])
def test_a_boolean_filter_reads_the_usual_spellings(api_client, value):
    response = api_client.get("/api/v1/countries/", {"is_former": value, "page_size": 500})

    assert response.status_code == 200
    assert {row["is_former"] for row in response.json()["results"]} == {True}


@pytest.mark.parametrize("ordering", [",", "start_date,", ",number"])
def test_ordering_with_an_empty_item_is_400(api_client, ordering):
    response = api_client.get(ROUNDS, {"ordering": ordering})

    assert "ordering" in field_errors(response)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        (ROUNDS, {"status": "", "country": "", "kind": "", "topic": "", "host_country": ""}),
        (ROUNDS, {"fields": ""}),
        ("/api/v1/timeline/", {"type": "", "status": ""}),
        ("/api/v1/mechanisms/", {"level": "", "ordering": ""}),
    ],
)
def test_an_empty_query_value_means_no_value(api_client, path, query):
    """The schema says `allowEmptyValue`; single filters ignored an empty value, repeated ones
    (`status`, `country`, `kind` …), `fields` and `type` answered 400."""
    RoundFactory()
    without = api_client.get(path)

    response = api_client.get(path, query)

    assert response.status_code == 200, response.content[:300]
    assert response.json()["count"] == without.json()["count"]


def test_repeated_filter_ignores_its_empty_values_only(api_client):
    wanted = RoundFactory(status="held")
    RoundFactory(status="cancelled")

    response = api_client.get(f"{ROUNDS}?status=held&status=")

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


# --- Request bodies: JSON types as the schema gives them ------------------------------------


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


# --- Responses: what the schema says they are ------------------------------------------------


def test_a_created_mechanism_has_its_round_count(analyst_client):
    """The create response lacked `rounds_count`, which the schema requires."""
    response = analyst_client.post(
        "/api/v1/mechanisms/",
        {"slug": "new", "name": "New", "kind": "consultations", "countries": ["RU", "JP"]},
        format="json",
    )

    assert response.status_code == 201, response.content[:300]
    assert response.json()["rounds_count"] == 0


def test_a_brief_round_may_have_no_city(schema):
    """A mechanism's last and next rounds (and a pair's) show `city: null` for a round held in
    no recorded place; the schema said a string."""
    assert schema["components"]["schemas"]["BriefRound"]["properties"]["city"]["nullable"]


@pytest.mark.parametrize(
    ("path", "record"),
    [("/api/v1/rounds/{id}/", "Round"), ("/api/v1/mechanisms/", "PaginatedMechanismList")],
)
def test_shaped_responses_may_hold_only_some_fields(schema, path, record):
    """`?brief=1` and `?fields=` answer records without the fields the schema required."""
    response = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    shaped = response["schema"]
    if "$ref" in shaped:  # a page: its results are the shaped records
        shaped = schema["components"]["schemas"][record]["properties"]["results"]["items"]
    names = [option["$ref"].rsplit("/", 1)[-1] for option in shaped["anyOf"]]
    partial = schema["components"]["schemas"][names[1]]

    assert "required" not in partial
    assert set(partial["properties"]) == set(
        schema["components"]["schemas"][names[0]]["properties"]
    )


def test_request_bodies_are_documented_as_json_only(schema):
    """Form data cannot carry the nested lists and JSON types the body schemas describe."""
    media_types = {
        media_type
        for item in schema["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "requestBody" in operation
        for media_type in operation["requestBody"]["content"]
    }

    assert media_types == {"application/json"}


def test_query_parameters_allow_empty_values(schema):
    query = [
        parameter
        for item in schema["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    ]

    assert query
    assert all(parameter.get("allowEmptyValue") for parameter in query)


def test_reads_declare_the_401_an_unknown_token_gets(api_client, schema):
    """Reads are public, but a read with a token that is not valid is refused with 401."""
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = api_client.get(ROUNDS)

    assert response.status_code == 401
    reads = [
        operation
        for item in schema["paths"].values()
        for method, operation in item.items()
        if method == "get"
    ]
    assert all("401" in operation["responses"] for operation in reads)
