"""The committed OpenAPI schema is the one the code generates, and it is valid OpenAPI 3."""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command
from openapi_spec_validator import validate

COMMITTED = Path(settings.BASE_DIR) / "schema" / "openapi.yaml"


def test_committed_schema_matches_the_code(tmp_path):
    """Fails when an API change is not in schema/openapi.yaml: run `make schema` and commit."""
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")

    assert generated.read_text() == COMMITTED.read_text()


def test_committed_schema_is_valid_openapi():
    validate(yaml.safe_load(COMMITTED.read_text()))
