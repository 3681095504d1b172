"""Shared fixtures: API clients for each kind of user, and the seeded registry."""

import importlib
import json

import pytest
from django.core.cache import caches
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .factories import UserFactory, analyst_permissions


@pytest.fixture
def api_client() -> APIClient:
    """An anonymous client."""
    return APIClient()


@pytest.fixture
def analyst(db):
    """A user holding every add, change and delete permission of the registry."""
    return UserFactory(permissions=analyst_permissions())


@pytest.fixture
def analyst_client(analyst) -> APIClient:
    """A client authenticated as an analyst by token, as integrators do."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    return client


@pytest.fixture
def reader_client(db) -> APIClient:
    """A client authenticated as a user with no write permission."""
    client = APIClient()
    client.force_authenticate(UserFactory())
    return client


@pytest.fixture
def schema(client) -> dict:
    """The OpenAPI document the API serves."""
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def seeded(db) -> None:
    """The registry as the seed fixtures leave it."""
    call_command("loaddata", "release-2018-07-30", verbosity=0)


# --- Error bodies: RFC 9457 problem details ----------------------------------------------------

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_MEMBERS = ("type", "title", "status", "detail", "instance")


def problem(response, status: int | None = None) -> dict:
    """The problem body of an error response, after checking its media type and its members."""
    if status is not None:
        assert response.status_code == status, response.content[:500]
    assert response.status_code >= 400, response.status_code
    assert response["Content-Type"].startswith(PROBLEM_MEDIA_TYPE), response["Content-Type"]
    body = response.json()
    assert isinstance(body, dict), body
    missing = [member for member in PROBLEM_MEMBERS if member not in body]
    assert not missing, f"problem lacks {missing}: {body}"
    assert body["status"] == response.status_code, body
    assert isinstance(body["detail"], str), body
    assert body["detail"], body
    return body


def field_errors(response) -> dict:
    """The per-field messages of a 400 validation problem, `errors`, keyed by field."""
    body = problem(response, 400)
    assert "errors" in body, f"a validation problem without errors: {body}"
    errors = body["errors"]
    assert isinstance(errors, dict), errors
    assert errors, body
    return errors


def no_field_errors(response, status: int) -> dict:
    """A problem that is not a validation error: a `detail`, no `errors`."""
    body = problem(response, status)
    assert "errors" not in body, body
    return body


@pytest.fixture(autouse=True)
def migrations_data_in_transactional_tests(request):
    """What the migrations load (the countries, the role groups), loaded again for a
    transactional test (`django_db(transaction=True)`): each one empties every table when it
    ends, so the transactional tests after it found none, and which did depended on the order
    they ran in."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from dialogue.roles import sync_role_groups

    apps = MigrationLoader(connection).project_state().apps  # as the data migrations see them
    importlib.import_module("dialogue.migrations.0002_load_countries").load_countries(apps, None)
    sync_role_groups(apps)


@pytest.fixture(autouse=True)
def forget_cached_responses():
    """Each test's data is rolled back without a write the registry's version could see, as no
    request's data ever is (dialogue/registry_version.py), so cached responses end with it."""
    yield
    caches["responses"].clear()
