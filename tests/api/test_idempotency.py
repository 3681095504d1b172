"""Issue 23: a write retried with the same `Idempotency-Key` (a client that got no answer, a
worker killed mid-write) is answered with the first answer and written once."""

import datetime

import pytest
from django.db import DatabaseError
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dialogue.api import idempotency
from dialogue.models import Draft, IdempotentRequest, Round, Topic
from tests.factories import UserFactory, analyst_permissions, talks_release

KEY = "5b1f3c0e-8a2d-4f5e-9c1b-2d3e4f5a6b7c"


def post(client, path, data, key=KEY):
    return client.post(path, data, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_create_gets_the_first_answer_and_writes_once(analyst_client):
    first = post(analyst_client, "/api/v1/topics/", {"name": "Fisheries"})
    again = post(analyst_client, "/api/v1/topics/", {"name": "Fisheries"})

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Topic.objects.filter(name="Fisheries").count() == 1


def test_without_a_key_a_second_create_is_a_second_request(analyst_client):
    analyst_client.post("/api/v1/topics/", {"name": "Fisheries"}, format="json")
    second = analyst_client.post("/api/v1/topics/", {"name": "Fisheries"}, format="json")

    assert second.status_code == 201 and "Idempotent-Replayed" not in second
    assert Topic.objects.filter(name="Fisheries").count() == 2


def test_a_key_sent_with_another_request_is_a_422_and_writes_nothing(analyst_client):
    post(analyst_client, "/api/v1/topics/", {"name": "Fisheries"})

    reused = post(analyst_client, "/api/v1/topics/", {"name": "Whaling"})

    assert reused.status_code == 422
    assert reused["Content-Type"] == "application/problem+json"
    assert "Idempotency-Key was sent with another request" in reused.json()["detail"]
    assert not Topic.objects.filter(name="Whaling").exists()


@pytest.mark.parametrize("key", ["", "a" * 256, "key with spaces", "clé"])
def test_a_malformed_key_is_a_400_naming_the_header(analyst_client, key):
    response = post(analyst_client, "/api/v1/topics/", {"name": "Fisheries"}, key=key)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert not Topic.objects.exists()


def test_a_key_is_its_users_own(analyst_client):
    other = APIClient()
    other.credentials(
        HTTP_AUTHORIZATION="Token "
        + Token.objects.create(user=UserFactory(permissions=analyst_permissions())).key
    )
    post(analyst_client, "/api/v1/topics/", {"name": "Fisheries"})

    theirs = post(other, "/api/v1/topics/", {"name": "Whaling"})

    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs
    assert Topic.objects.filter(name="Whaling").exists()


def test_a_refused_write_is_not_kept_and_its_retry_writes(analyst_client):
    refused = post(analyst_client, "/api/v1/topics/", {"name": ""})
    assert refused.status_code == 400

    retried = post(analyst_client, "/api/v1/topics/", {"name": ""})

    assert retried.status_code == 400 and "Idempotent-Replayed" not in retried
    assert not IdempotentRequest.objects.exists()


def test_an_expired_key_answers_a_new_request(analyst_client, settings):
    post(analyst_client, "/api/v1/topics/", {"name": "Fisheries"})
    IdempotentRequest.objects.update(
        created=timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS + 1)
    )

    fresh = post(analyst_client, "/api/v1/topics/", {"name": "Whaling"})

    assert fresh.status_code == 201
    assert list(IdempotentRequest.objects.values_list("body__name", flat=True)) == ["Whaling"]


def test_a_write_whose_answer_cannot_be_kept_is_not_written(analyst_client, monkeypatch):
    """The answer is stored in the write's transaction: a failure (a worker killed) between
    the write and the commit keeps neither, and the retry writes it once."""

    def fail(*args, **kwargs):
        raise DatabaseError("the worker died")

    monkeypatch.setattr(IdempotentRequest.objects, "create", fail)
    with pytest.raises(DatabaseError):
        post(analyst_client, "/api/v1/topics/", {"name": "Fisheries"})
    assert not Topic.objects.exists()
    monkeypatch.undo()

    retried = post(analyst_client, "/api/v1/topics/", {"name": "Fisheries"})

    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert Topic.objects.filter(name="Fisheries").count() == 1


def test_a_key_answered_meanwhile_is_a_409_and_this_write_is_undone(
    analyst_client, analyst, monkeypatch
):
    """Two requests with one key at once: the one that stores its answer second is undone."""
    write = idempotency.keep

    def answered_meanwhile(request, key, *args):
        IdempotentRequest.objects.create(
            user=analyst, key=key, fingerprint="", status=201, body={}, created=timezone.now()
        )
        write(request, key, *args)

    monkeypatch.setattr(idempotency, "keep", answered_meanwhile)

    response = post(analyst_client, "/api/v1/topics/", {"name": "Fisheries"})

    assert response.status_code == 409
    assert "answered while this one was being written" in response.json()["detail"]
    assert not Topic.objects.exists()


def test_a_retried_accept_gets_the_first_answer_not_a_409(analyst_client):
    source = talks_release()
    analyst_client.post(f"/api/v1/sources/{source.pk}/drafts/")
    draft = Draft.objects.get(source=source, type="round")

    first = post(analyst_client, f"/api/v1/drafts/{draft.pk}/accept/", {})
    again = post(analyst_client, f"/api/v1/drafts/{draft.pk}/accept/", {})
    without_key = analyst_client.post(f"/api/v1/drafts/{draft.pk}/accept/", {}, format="json")

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert without_key.status_code == 409
    assert Round.objects.filter(start_date="2019-03-12").count() == 1


def test_the_schema_offers_the_key_on_the_writes_that_keep_it(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    create = schema["paths"]["/api/v1/topics/"]["post"]
    accept = schema["paths"]["/api/v1/drafts/{id}/accept/"]["post"]
    update = schema["paths"]["/api/v1/topics/{id}/"]["patch"]

    for operation in (create, accept):
        assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]
        assert "422" in operation["responses"]
    assert "Idempotency-Key" not in [p["name"] for p in update["parameters"]]
