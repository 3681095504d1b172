"""Shared fixtures: API clients for each kind of user, and the seeded registry."""

import pytest
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
def seeded(db) -> None:
    """The registry as the seed fixtures leave it."""
    call_command("loaddata", "release-2018-07-30", verbosity=0)
