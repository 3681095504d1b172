"""Every JSON body the API answers on the seeded registry validates against the schema's response
schema for it, with OpenAPI 3.0's semantics: a field the API can answer `null` for is nullable
in the schema, a required field is there, a value is of the type the schema says.

Schemathesis found `reviewed_by: null` on drafts not yet reviewed while the schema said a string;
this walks every read operation (lists, records, their history and provenance, drafts, the
summaries), anonymously and as an analyst, on the seed and on the drafts read from its release
(one accepted, one rejected, the rest proposed), rather than waiting for a fuzzer to find the
next one.
"""

import re
from itertools import product
from typing import Any

import pytest
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30ReadValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from dialogue.models import Draft, DraftStatus

pytestmark = pytest.mark.django_db

BASE_URI = "urn:openapi-document"
PATH_PARAMETER = re.compile(r"\{[^}]+\}")
# A pair of countries the seed holds a mechanism of, for /dyads/{pair}/.
PAIR = "JP-RU"
# Records read per list for the operations on one record (each list checks its first page, 50).
RECORDS_PER_LIST = 10


def escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


class ResponseSchemas:
    """The response schema of each operation of an OpenAPI document, as validators."""

    def __init__(self, document: dict):
        self.document = document
        self.registry: Registry = Registry().with_resource(
            BASE_URI, Resource.from_contents(document, default_specification=DRAFT4)
        )

    def errors(
        self, path: str, method: str, status: int, body: Any, media_type: str = "application/json"
    ) -> list[str]:
        responses = self.document["paths"][path][method]["responses"]
        assert str(status) in responses, f"{method.upper()} {path}: {status} is not documented"
        assert media_type in responses[str(status)]["content"]
        parts = ("paths", path, method, "responses", str(status), "content", media_type, "schema")
        pointer = "".join(f"/{escape(part)}" for part in parts)
        validator = OAS30ReadValidator(
            {"$ref": f"{BASE_URI}#{pointer}"},
            registry=self.registry,
            format_checker=OAS30ReadValidator.FORMAT_CHECKER,
        )
        return [describe(error) for error in validator.iter_errors(body)]


def describe(error: ValidationError) -> str:
    """Where in the body and what, from the deepest error of a `oneOf` or `anyOf`."""
    while error.context:
        error = max(error.context, key=lambda sub: len(sub.absolute_path))
    where = "".join(f"[{part!r}]" for part in error.absolute_path) or "the body"
    message = error.message if len(error.message) < 300 else f"{error.message[:300]}…"
    return f"{where}: {message}"


@pytest.fixture
def registry_with_drafts(seeded, analyst_client) -> None:
    """The seed, with the drafts read from its release: one accepted, one rejected."""
    response = analyst_client.post("/api/v1/sources/1/drafts/", format="json")
    assert response.status_code == 201, response.content
    proposed = Draft.objects.filter(status=DraftStatus.PROPOSED).order_by("id")
    rejected = proposed.last()
    assert rejected is not None
    assert analyst_client.post(f"/api/v1/drafts/{rejected.pk}/reject/").status_code == 200
    # A draft that refers to no other (a person, a place): accepting it writes one record.
    for draft in proposed.exclude(pk=rejected.pk):
        if "draft" not in str(draft.fields):
            accepted = analyst_client.post(f"/api/v1/drafts/{draft.pk}/accept/", {}, format="json")
            if accepted.status_code == 200:
                break
    assert Draft.objects.filter(status=DraftStatus.ACCEPTED).exists()


def read_operations(document: dict) -> list[str]:
    return [path for path, item in document["paths"].items() if "get" in item]


def keys_for(client, path: str) -> list[str]:
    """Values for a path's parameter: the keys of the records its list holds."""
    if "{pair}" in path:
        return [PAIR]
    list_path = path[: path.index("{")]
    response = client.get(list_path, {"page_size": RECORDS_PER_LIST})
    assert response.status_code == 200, f"{list_path}: {response.status_code}"
    parameter = PATH_PARAMETER.search(path)
    assert parameter is not None
    name = parameter.group()[1:-1]
    records = response.json()["results"]
    return [str(record[name if name in record else "id"]) for record in records]


@pytest.mark.usefixtures("registry_with_drafts")
def test_every_read_answers_as_the_schema_says(schema, api_client, analyst_client):
    """Anonymously and as an analyst (who is shown more: the reviewer of a draft)."""
    checks = ResponseSchemas(schema)
    failures: dict[str, list[str]] = {}
    requests = 0
    for client, path in product((api_client, analyst_client), read_operations(schema)):
        urls = (
            [PATH_PARAMETER.sub(key, path) for key in keys_for(client, path)]
            if "{" in path
            else [path]
        )
        assert urls, f"{path}: no record to read"
        # `?brief=1` shapes a list as it does a record: checked on lists.
        names = {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}
        brief = "brief" in names and "{" not in path
        queries: list[dict[str, str]] = [{}, {"brief": "1"}] if brief else [{}]
        for url in urls:
            for query in queries:
                response = client.get(url, query)
                requests += 1
                # A record with no recorded history answers 404, as a problem.
                assert response.status_code in (200, 404), f"GET {url}: {response.status_code}"
                media_type = response["Content-Type"].split(";")[0]
                errors = checks.errors(
                    path, "get", response.status_code, response.json(), media_type
                )
                if errors:
                    failures.setdefault(f"GET {path}", []).extend(
                        f"{url}{'?brief=1' if query else ''} {error}" for error in errors[:3]
                    )

    assert requests > len(read_operations(schema))
    assert not failures, "\n".join(
        f"{operation}:\n  " + "\n  ".join(errors[:5]) for operation, errors in failures.items()
    )


def test_review_answers_as_the_schema_says(seeded, analyst_client, schema):
    """Reading drafts from a source (201, a page), and rejecting one (200, the draft)."""
    checks = ResponseSchemas(schema)

    created = analyst_client.post("/api/v1/sources/1/drafts/", format="json")
    assert created.status_code == 201
    assert not checks.errors("/api/v1/sources/{id}/drafts/", "post", 201, created.json())
    draft = created.json()["results"][0]
    assert draft["reviewed_by"] is None

    rejected = analyst_client.post(f"/api/v1/drafts/{draft['id']}/reject/")
    assert rejected.status_code == 200
    assert not checks.errors("/api/v1/drafts/{id}/reject/", "post", 200, rejected.json())
    assert rejected.json()["reviewed_by"]


def test_bulk_creation_answers_as_the_schema_says(seeded, analyst_client, schema):
    """The created rounds come back as a plain list; the schema said a page."""
    checks = ResponseSchemas(schema)

    response = analyst_client.post(
        "/api/v1/rounds/bulk/", [{"mechanism": 1, "date": "2019"}], format="json"
    )

    assert response.status_code == 201, response.content
    assert isinstance(response.json(), list)
    assert not checks.errors("/api/v1/rounds/bulk/", "post", 201, response.json())
