"""What every read pays before its data (issue 24, target 4: cold reads within 10× of their data
cost): work that does not depend on the request is done once per process, not per request.
bench/cold.py measures the times; these tests hold the work away."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse
from rest_framework import serializers

from tests.factories import ParticipantFactory, RoundFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_a_detail_builds_no_serializer_fields_from_the_models_after_the_first(api_client):
    """DRF builds a model serializer's fields from the model's metadata for each instance; a
    detail's nested serializers (a round's participants and the citations of both) are
    instances on every request. They are built once per class (FieldsBuiltOnce)."""
    source = SourceFactory(text="They met.")
    record = RoundFactory()
    record.citations.create(source=source, quote="They met.", supports=["venue"])
    participant = ParticipantFactory(round=record)
    participant.citations.create(source=source, quote="They met.", supports=["role"])
    address = f"/api/v1/rounds/{record.pk}/"
    api_client.get(address)
    caches["responses"].clear()  # computed again, not answered from the cache
    built = []
    original = serializers.ModelSerializer.get_fields

    def counting(serializer):
        built.append(type(serializer).__name__)
        return original(serializer)

    with mock.patch.object(serializers.ModelSerializer, "get_fields", counting):
        body = api_client.get(address).json()
    assert body["participants"][0]["sources"][0]["supports"] == ["role"]
    assert built == []


def test_a_read_without_a_replica_does_not_resolve_the_admins_address(api_client):
    """Whether a request may read the replica is asked only when there is one: the question
    resolves the admin's address (a `reverse`), on every request."""
    with mock.patch("dialogue.routers.reverse", side_effect=reverse) as resolved:
        assert api_client.get("/api/v1/countries/").status_code == 200
    assert resolved.call_count == 0
