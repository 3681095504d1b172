"""A NUL character in an address: PostgreSQL cannot compare text holding one, so a slug
lookup with it (`/api/v1/mechanisms/x%00/`) was a 500 there. Every address with one is
refused before routing, with a problem naming the path."""

import pytest
from django.test import Client

from tests.conftest import answering_client, assert_problem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/mechanisms/x%00/",
    "/api/v1/places/x%00/",
    "/api/v1/topics/x%00/",
    "/api/v1/mechanisms/x%00/provenance/",
    "/api/v1/places/x%00/provenance/",
    "/api/v1/topics/x%00/history/",
    "/api/v1/rounds/1%00/",
    "/api/v1/x%00/",
    "/admin/dialogue/mechanism/x%00/change/",
    "/admin/dialogue/place/1%00/change/",
    "/admin/dialogue/topic/x%00/history/",
    "/dyads/RU-JP%00/",
    "/timeline/%00",
]


def refused(response) -> None:
    body = assert_problem(response, 400)
    assert body["errors"] == {"path": ["A NUL character (%00) is not allowed in the address."]}
    assert "NUL" in body["detail"]


@pytest.mark.parametrize("path", PATHS)
def test_a_nul_in_the_address_is_a_400_problem(path):
    refused(answering_client().get(path))


@pytest.mark.parametrize("path", [p for p in PATHS if p.startswith("/admin/")])
def test_a_nul_in_an_admin_address_is_a_400_problem_when_signed_in(path):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    refused(client.get(path))


def test_a_nul_in_a_write_address_is_a_400_problem(analyst_client):
    analyst_client.raise_request_exception = False
    refused(analyst_client.patch("/api/v1/mechanisms/x%00/", {"name": "N"}, format="json"))
