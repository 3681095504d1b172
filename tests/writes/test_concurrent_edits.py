"""A write based on a stale version is refused: ETags and If-Match (412) in the API, the stale-form
guard in the admin."""

import re

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dialogue import models
from tests.admin_pages import admin_form
from tests.conftest import assert_problem
from tests.factories import (
    MechanismFactory,
    PersonFactory,
    RoundFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged_round(db):
    record = RoundFactory(venue="Iikura House")
    response = APIClient().get(f"/api/v1/rounds/{record.pk}/")
    assert response.status_code == 200
    return record, response["ETag"]


def test_detail_has_a_strong_etag(tagged_round):
    _record, tag = tagged_round
    assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', tag)


def test_if_none_match_gives_304_with_an_empty_body(tagged_round):
    record, tag = tagged_round
    response = APIClient().get(f"/api/v1/rounds/{record.pk}/", HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == tag
    other = APIClient().get(f"/api/v1/rounds/{record.pk}/", HTTP_IF_NONE_MATCH='"nope"')
    assert other.status_code == 200


def test_etag_is_of_the_full_representation_whatever_fields_are_asked(tagged_round):
    record, tag = tagged_round
    client = APIClient()
    assert client.get(f"/api/v1/rounds/{record.pk}/", {"fields": "id"})["ETag"] == tag
    assert client.get(f"/api/v1/rounds/{record.pk}/", {"brief": "1"})["ETag"] == tag


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(analyst_client, tagged_round):
    record, _tag = tagged_round
    response = analyst_client.patch(
        f"/api/v1/rounds/{record.pk}/", {"venue": "Kremlin"}, HTTP_IF_MATCH='"nope"'
    )
    body = assert_problem(response, 412)
    assert "If-Match" in body["detail"]
    record.refresh_from_db()
    assert record.venue == "Iikura House"


def test_patch_with_the_current_tag_succeeds_and_gives_the_new_tag(analyst_client, tagged_round):
    record, tag = tagged_round
    url = f"/api/v1/rounds/{record.pk}/"
    response = analyst_client.patch(url, {"venue": "Kremlin"}, HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.content
    new_tag = response["ETag"]
    assert new_tag != tag
    assert APIClient().get(url)["ETag"] == new_tag
    # The old tag is stale now; the new one works.
    stale = analyst_client.patch(url, {"venue": "Elsewhere"}, HTTP_IF_MATCH=tag)
    assert_problem(stale, 412)
    again = analyst_client.patch(url, {"venue": "Elsewhere"}, HTTP_IF_MATCH=new_tag)
    assert again.status_code == 200
    record.refresh_from_db()
    assert record.venue == "Elsewhere"


def test_mechanism_patch_tag_matches_a_fresh_read(analyst_client):
    mechanism = MechanismFactory()
    RoundFactory(mechanism=mechanism)
    url = f"/api/v1/mechanisms/{mechanism.pk}/"
    tag = APIClient().get(url)["ETag"]
    response = analyst_client.patch(url, {"short_name": "2+2"}, HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.content
    assert APIClient().get(url)["ETag"] == response["ETag"]


def test_delete_with_a_stale_if_match_is_412_and_keeps_the_record(analyst_client, tagged_round):
    record, _tag = tagged_round
    response = analyst_client.delete(f"/api/v1/rounds/{record.pk}/", HTTP_IF_MATCH='"nope"')
    assert_problem(response, 412)
    assert models.Round.objects.filter(pk=record.pk).exists()


def test_delete_with_the_current_tag_succeeds(analyst_client, tagged_round):
    record, tag = tagged_round
    response = analyst_client.delete(f"/api/v1/rounds/{record.pk}/", HTTP_IF_MATCH=tag)
    assert response.status_code == 204
    assert not models.Round.objects.filter(pk=record.pk).exists()


def test_if_match_star_matches_any_version(analyst_client, tagged_round):
    record, _tag = tagged_round
    url = f"/api/v1/rounds/{record.pk}/"
    response = analyst_client.patch(url, {"venue": "Kremlin"}, HTTP_IF_MATCH="*")
    assert response.status_code == 200, response.content
    assert analyst_client.delete(url, HTTP_IF_MATCH="*").status_code == 204
    assert not models.Round.objects.filter(pk=record.pk).exists()


def test_if_match_among_several_tags(analyst_client, tagged_round):
    record, tag = tagged_round
    response = analyst_client.patch(
        f"/api/v1/rounds/{record.pk}/", {"venue": "Kremlin"}, HTTP_IF_MATCH=f'"nope", {tag}'
    )
    assert response.status_code == 200, response.content
    assert response.json()["venue"] == "Kremlin"
    record.refresh_from_db()
    assert record.venue == "Kremlin"


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_if_match_on_a_malformed_id_is_404(analyst, method):
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    response = getattr(client, method)("/api/v1/rounds/abc/", {}, HTTP_IF_MATCH='"nope"')
    assert_problem(response, 404)


@pytest.mark.parametrize(
    ("model_name", "make", "field"),
    [
        ("person", lambda: PersonFactory(name="Taro Kono"), "name"),
        ("topic", lambda: TopicFactory(name="Security"), "name"),
    ],
)
def test_admin_refuses_a_stale_form(superuser_client, model_name, make, field):
    record = make()
    url = f"/admin/dialogue/{model_name}/{record.pk}/change/"
    opened = admin_form(superuser_client.get(url))
    assert opened["loaded_version"]

    # Someone else saves the record meanwhile.
    setattr(record, field, "Their change")
    record.save()

    stale = dict(opened, **{field: "My change"})
    response = superuser_client.post(url, stale)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    record.refresh_from_db()
    assert getattr(record, field) == "Their change"

    reopened = admin_form(superuser_client.get(url))
    assert reopened["loaded_version"] != opened["loaded_version"]
    response = superuser_client.post(url, dict(reopened, **{field: "My change"}))
    assert response.status_code == 302, response.content[:3000]
    record.refresh_from_db()
    assert getattr(record, field) == "My change"


def test_admin_refuses_a_stale_round_form(superuser_client, analyst_client):
    record = RoundFactory(venue="Iikura House", summary="")
    url = f"/admin/dialogue/round/{record.pk}/change/"
    opened = admin_form(superuser_client.get(url))
    assert {"participants-TOTAL_FORMS", "citations-TOTAL_FORMS"} <= set(opened)
    assert opened["loaded_version"]

    changed = analyst_client.patch(f"/api/v1/rounds/{record.pk}/", {"venue": "Kremlin"})
    assert changed.status_code == 200

    response = superuser_client.post(url, dict(opened, summary="My summary"))
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    record.refresh_from_db()
    assert (record.venue, record.summary) == ("Kremlin", "")

    reopened = admin_form(superuser_client.get(url))
    assert reopened["venue"] == "Kremlin"
    response = superuser_client.post(url, dict(reopened, summary="My summary"))
    assert response.status_code == 302, response.content[:3000]
    record.refresh_from_db()
    assert (record.venue, record.summary) == ("Kremlin", "My summary")


def test_admin_revert_form_refuses_when_the_record_changed_meanwhile(superuser_client):
    person = PersonFactory(name="Old Name")
    old = person.history.get()
    person.name = "New Name"
    person.save()
    url = f"/admin/dialogue/person/{person.pk}/history/{old.history_id}/"
    data = admin_form(superuser_client.get(url))
    person.name = "Newest Name"
    person.save()
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    person.refresh_from_db()
    assert person.name == "Newest Name"


def test_mechanism_page_does_not_overwrite_a_round_changed_meanwhile(
    superuser_client, analyst_client
):
    mechanism = MechanismFactory()
    record = RoundFactory(mechanism=mechanism, name="Talks at Iikura House")
    url = f"/admin/dialogue/mechanism/{mechanism.pk}/change/"
    opened = admin_form(superuser_client.get(url))
    assert opened["rounds-0-name"] == "Talks at Iikura House"

    changed = analyst_client.patch(f"/api/v1/rounds/{record.pk}/", {"name": "Kremlin talks"})
    assert changed.status_code == 200

    superuser_client.post(url, dict(opened, description="Only the mechanism is edited."))
    record.refresh_from_db()
    assert record.name == "Kremlin talks"
