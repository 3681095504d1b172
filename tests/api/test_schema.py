"""The OpenAPI schema and the documentation pages built on it."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from openapi_schema_validator import OAS30Validator
from rest_framework import serializers

from dialogue.models.sources import citable_fields
from dialogue.records import citable
from tests.conftest import API_RESOURCES

pytestmark = pytest.mark.django_db

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def test_schema_is_openapi_3_json_with_the_round_paths(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/rounds/" in schema["paths"]
    assert "/api/v1/rounds/{id}/" in schema["paths"]


def test_schema_describes_every_resource(schema):
    for resource in API_RESOURCES:
        assert f"/api/v1/{resource}/" in schema["paths"]


def test_schema_offers_token_authentication(schema):
    schemes = schema["components"]["securitySchemes"].values()

    assert any(s.get("in") == "header" and s.get("name") == "Authorization" for s in schemes)


def test_the_padlock_is_only_on_operations_that_need_a_token(schema, api_client):
    """Swagger UI shows a padlock on an operation with a security requirement: the public
    reads have none (and answer an anonymous client), every write names the token."""
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]
    reads = [(path, op) for path, method, op in operations if method == "get"]
    writes = [(path, op) for path, method, op in operations if method != "get"]
    assert len(reads) >= 40 and len(writes) >= 40
    assert [path for path, operation in reads if "security" in operation] == []
    assert [
        path for path, operation in writes if {"tokenAuth": []} not in operation.get("security", [])
    ] == []
    assert api_client.get("/api/v1/drafts/").status_code == 200  # a read with no padlock


def test_schema_generation_validates_without_warnings(tmp_path):
    """`make schema` runs this; a warning means a part of the API is documented by guesswork."""
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert target.read_text().startswith("openapi: 3.")


def test_every_operation_has_a_summary_or_description(schema):
    undocumented = [
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS and not (operation.get("summary") or operation.get("description"))
    ]

    assert not undocumented, f"operations without a summary or description: {undocumented}"


def properties_without_description(schema: dict) -> list[str]:
    """`Component.property` for every property of every component with no description.

    A reference carries its description beside an `allOf` wrapper (OpenAPI 3.0 ignores the
    siblings of a bare `$ref`), so it needs one there too.
    """
    return [
        f"{name}.{prop}"
        for name, component in schema["components"]["schemas"].items()
        for prop, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]


def test_every_component_property_has_a_description(schema):
    missing = properties_without_description(schema)

    assert not missing, f"{len(missing)} properties without a description: {missing}"


def test_the_description_check_sees_described_properties(schema):
    """The walk above finds fields, and help texts do reach the schema."""
    round_properties = schema["components"]["schemas"]["Round"]["properties"]

    assert round_properties["start_date"]["description"]
    assert "Round.start_date" not in properties_without_description(schema)


# --- Documentation pages ------------------------------------------------------------------


def linked_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html, flags=re.IGNORECASE)


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_page_opens(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]
    assert linked_urls(response.content.decode()), "the page loads no script at all"


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_page_loads_nothing_from_another_host(client, path):
    html = client.get(path).content.decode()

    foreign = [url for url in linked_urls(html) if urlsplit(url).netloc not in {"", "testserver"}]
    assert not foreign, f"{path} links other hosts: {foreign}"
    assert not re.findall(r"https?://", html), f"{path} names an absolute URL"


def test_redoc_page_does_not_use_google_fonts(client):
    html = client.get("/api/redoc/").content.decode()

    assert "fonts.googleapis.com" not in html
    assert "fonts.gstatic.com" not in html


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_page_assets_are_shipped(client, path, settings):
    """The scripts and styles are served from the sidecar package, not a CDN."""
    html = client.get(path).content.decode()

    static = [url for url in linked_urls(html) if url.startswith(settings.STATIC_URL)]
    assert static
    missing = [url for url in static if not finders.find(url.removeprefix(settings.STATIC_URL))]
    assert not missing, f"{path} links static files that do not exist: {missing}"


def test_docs_page_points_at_the_schema(client):
    html = client.get("/api/redoc/").content.decode()

    assert "/api/schema/" in html


ROUNDS = "/api/v1/rounds/"


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


# --- What validation enforces, stated where OpenAPI can (issue 25: fuzzing gets past it) ------


def request_component(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]


def test_a_written_citation_names_fields_a_citation_can_support(schema):
    supports = request_component(schema, "CitationRequest")["properties"]["supports"]
    names = request_component(schema, component_name(supports["items"]["$ref"]))["enum"]

    assert names == sorted({name for model in citable() for name in citable_fields(model)})
    assert supports["uniqueItems"] is True  # "A field is named twice."


@pytest.mark.parametrize("kind", ["Round", "PatchedRound", "Participant", "PlaceName", "Topic"])
def test_a_records_written_citations_name_its_own_fields(schema, kind):
    from django.apps import apps

    sources = request_component(schema, f"{kind}Request")["properties"]["sources"]
    citation = request_component(schema, component_name(sources["items"]["$ref"]))
    model = apps.get_model("dialogue", kind.removeprefix("Patched"))

    assert citation["properties"]["supports"]["items"]["enum"] == citable_fields(model)
    assert citation["allOf"] == request_component(schema, "CitationRequest")["allOf"]


def component_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    ("citation", "valid"),
    [
        ({"source": 1, "quote": "The sides met."}, True),
        ({"source": 1}, False),  # no quote, and `basis` is `stated` when left out
        ({"source": 1, "quote": "  "}, False),
        ({"source": 1, "basis": "external"}, True),
        ({"source": 1, "quote": "The sides met.", "basis": "inferred"}, False),  # no note
        ({"source": 1, "quote": "The sides met.", "basis": "inferred", "note": "Met."}, True),
        ({"source": 1, "quote": "Met on 3 May.", "resolved_against": "2018-05-01"}, False),
        (
            {"source": 1, "quote": "On 3 May.", "date_phrase": "3 May", "resolved_against": None},
            True,
        ),
    ],
)
def test_a_written_citation_states_the_rules_across_its_fields(schema, citation, valid):
    """The request schema refuses what Citation.clean refuses across fields, and only that."""
    component = request_component(schema, "CitationRequest")
    checked = {**component, "components": schema["components"]}

    assert OAS30Validator(checked).is_valid(citation) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        *[("13.9", True), ("-0.5", True), (".5", True), ("1.", True), ("18300000000", True)],
        *[("", False), ("-", False), (".", False), ("1.00001", False)],
    ],
)
def test_a_decimal_pattern_matches_what_the_api_reads_as_a_number(schema, value, valid):
    pattern = request_component(schema, "IndicatorRequest")["properties"]["value"]["pattern"]
    field = serializers.DecimalField(max_digits=24, decimal_places=4)
    try:
        field.run_validation(value)
        accepted = True
    except serializers.ValidationError:
        accepted = False

    assert (re.search(pattern, value) is not None) is valid
    assert accepted is valid
