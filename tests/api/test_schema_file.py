"""The committed OpenAPI schema is the one the code generates, it is valid OpenAPI 3, and each of
its examples validates against its own schema (`scripts/lint_openapi.py`, run by `make lint`)."""

import importlib.util
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from openapi_spec_validator import validate

COMMITTED = Path(settings.BASE_DIR) / "schema" / "openapi.yaml"
LINT_SCRIPT = Path(settings.BASE_DIR) / "scripts" / "lint_openapi.py"


def load_lint():
    spec = importlib.util.spec_from_file_location("lint_openapi", LINT_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lint_openapi = load_lint()


def test_committed_schema_matches_the_code(tmp_path):
    """Fails when an API change is not in schema/openapi.yaml: run `make schema` and commit."""
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")

    assert generated.read_text() == COMMITTED.read_text()


def test_committed_schema_is_valid_openapi():
    validate(yaml.safe_load(COMMITTED.read_text()))


def test_every_example_of_the_committed_schema_validates_against_its_schema():
    """Integrators copy the examples: each must be what its schema allows (no `oneOf` value
    matching two branches, no null where the schema says a string, no required field missing)."""
    linter = lint_openapi.Linter(yaml.safe_load(COMMITTED.read_text()))

    errors = linter.run()

    assert not errors, "\n".join(errors)
    assert linter.examples > 100  # the walk reaches the examples


# --- The linter itself ---------------------------------------------------------------------


def document(schemas: dict, example, direction: str = "response") -> dict:
    """A one-operation document whose response (or request) `Thing` has `example`."""
    media = {
        "schema": {"$ref": "#/components/schemas/Thing"},
        "examples": {"One": {"value": example}},
    }
    operation: dict = {"responses": {"200": {"description": "OK"}}}
    if direction == "response":
        operation["responses"]["200"]["content"] = {"application/json": media}
    else:
        operation["requestBody"] = {"content": {"application/json": media}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/things/": {"post": operation}},
        "components": {"schemas": schemas},
    }


THING = {
    "type": "object",
    "properties": {
        "note": {
            "oneOf": [
                {"type": "string", "pattern": "^[^\\n]*$"},
                {"type": "string", "maxLength": 0},
            ]
        },
        "by": {"type": "string", "nullable": True, "readOnly": True},
        "size": {"type": "integer"},
    },
    "required": ["size"],
}


@pytest.mark.parametrize(
    ("example", "direction", "complaint"),
    [
        ({"size": 1, "note": ""}, "response", "more than one `oneOf` branch"),
        ({"size": 1, "note": "a\nb"}, "response", "none of the `oneOf` branches"),
        ({"note": "x"}, "response", "'size' is a required property"),
        ({"size": "1"}, "response", "is not of type 'integer'"),
        ({"size": 1, "by": "alice"}, "request", "read-only"),
    ],
)
def test_lint_finds_examples_their_schema_refuses(example, direction, complaint):
    errors = lint_openapi.Linter(document({"Thing": THING}, example, direction)).run()

    assert len(errors) == 1 and complaint in errors[0], errors


def test_lint_takes_what_openapi_3_0_allows():
    errors = lint_openapi.Linter(document({"Thing": THING}, {"size": 1, "by": None})).run()

    assert errors == []


def test_lint_refuses_nullable_without_type():
    schemas = {
        "Thing": {
            "type": "object",
            "properties": {"parent": {"allOf": [{"$ref": "#/components/schemas/Thing"}]}},
        }
    }
    schemas["Thing"]["properties"]["parent"]["nullable"] = True

    errors = lint_openapi.Linter(document(schemas, {"parent": None})).run()

    assert any("`nullable` without `type`" in error for error in errors), errors
