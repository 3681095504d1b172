"""OpenAPI examples: real records of the seed, rendered by the API's own serializers.

`python manage.py api_examples` rewrites examples.json from a seeded database; a test checks
that the committed file still matches, so the documentation cannot drift from the API.
"""

import json
from functools import cache
from pathlib import Path

from drf_spectacular.utils import OpenApiExample

EXAMPLES_FILE = Path(__file__).with_name("examples.json")

# Per resource: the seed record shown in the documentation, by a field that identifies it.
EXAMPLE_RECORDS: dict[str, dict[str, object]] = {
    "country": {"code": "JP"},
    "place": {"slug": "south-kuril-islands"},
    "person": {"name": "Taro Kono"},
    "organisation": {"name": "Federation Council"},
    "mechanism": {"slug": "ru-jp-2plus2"},
    "round": {"mechanism__slug": "ru-jp-2plus2", "number": 3},
    "document": {"kind": "party_agreement"},
    "indicator": {"unit": "USD"},
    "topic": {"slug": "non-proliferation-and-disarmament"},
    "source": {"pk": 1},
}

# Fields the server sets; a request body leaves them out.
SERVER_FIELDS = {"id", "url", "created", "updated", "rounds_count", "overdue"}


@cache
def load() -> dict[str, dict]:
    """The committed examples, by resource name; empty when the file is absent."""
    if not EXAMPLES_FILE.exists():
        return {}
    return json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))


def request_body(record: dict) -> dict:
    """A record as a client would send it: without the fields the server sets."""
    body = {key: value for key, value in record.items() if key not in SERVER_FIELDS}
    if "participants" in body:
        body["participants"] = [
            {key: value for key, value in participant.items() if key != "name"}
            for participant in body["participants"]
        ]
    return body


def for_resource(resource: str) -> dict[str, list[OpenApiExample]]:
    """Examples for a resource's operations: its response, and a request to create it."""
    record = load().get(resource)
    if record is None:
        return {"response": [], "request": []}
    label = f"A {resource} from the seed (the release of 30 July 2018)"
    return {
        "response": [OpenApiExample(label, value=record, response_only=True)],
        "request": [OpenApiExample(label, value=request_body(record), request_only=True)],
    }
