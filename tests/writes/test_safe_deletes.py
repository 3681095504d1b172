"""Safe deletes: a record others refer to is refused (409 naming them), in the API and the admin."""

import pytest

from dialogue import models
from tests.conftest import assert_problem
from tests.factories import (
    MechanismFactory,
    ParticipantFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_deleting_a_mechanism_with_rounds_is_409_naming_them(analyst_client):
    mechanism = MechanismFactory(short_name="2+2")
    rounds = [RoundFactory(mechanism=mechanism, number=n) for n in (1, 2)]
    body = assert_problem(analyst_client.delete(f"/api/v1/mechanisms/{mechanism.pk}/"), 409)
    assert "errors" not in body  # a refusal, not a field's error
    assert "2 rounds" in body["detail"]
    for round_ in rounds:
        assert str(round_) in body["detail"]
    assert models.Mechanism.objects.filter(pk=mechanism.pk).exists()
    assert mechanism.rounds.count() == 2


def test_deleting_a_person_who_took_part_is_409(analyst_client):
    participant = ParticipantFactory()
    body = assert_problem(analyst_client.delete(f"/api/v1/people/{participant.person_id}/"), 409)
    assert "errors" not in body  # a refusal, not a field's error
    assert "participant" in body["detail"]
    assert models.Person.objects.filter(pk=participant.person_id).exists()
    assert models.Participant.objects.filter(pk=participant.pk).exists()


def test_deleting_a_country_a_mechanism_links_is_409_and_keeps_the_link(analyst_client):
    mechanism = MechanismFactory(name="Kazakhstan–Japan talks", countries=["KZ", "JP"])
    body = assert_problem(analyst_client.delete("/api/v1/countries/KZ/"), 409)
    assert "errors" not in body  # a refusal, not a field's error
    assert "Kazakhstan–Japan talks" in body["detail"]
    assert models.Country.objects.filter(code="KZ").exists()
    assert set(mechanism.countries.values_list("code", flat=True)) == {"KZ", "JP"}


def test_deleting_a_topic_on_a_round_agenda_is_409_and_keeps_the_link(analyst_client):
    topic = TopicFactory()
    round_ = RoundFactory()
    round_.topics.add(topic)
    assert_problem(analyst_client.delete(f"/api/v1/topics/{topic.pk}/"), 409)
    assert list(round_.topics.all()) == [topic]


def test_deleting_a_cited_source_is_409(analyst_client):
    source = SourceFactory()
    citation = models.Citation.objects.create(
        record=RoundFactory(), source=source, quote="They discussed security."
    )
    body = assert_problem(analyst_client.delete(f"/api/v1/sources/{source.pk}/"), 409)
    assert "errors" not in body  # a refusal, not a field's error
    assert "citation" in body["detail"]
    assert models.Source.objects.filter(pk=source.pk).exists()
    assert models.Citation.objects.filter(pk=citation.pk).exists()


def test_deleting_an_unreferenced_record_succeeds(analyst_client):
    topic, country = TopicFactory(), "KZ"
    assert analyst_client.delete(f"/api/v1/topics/{topic.pk}/").status_code == 204
    assert analyst_client.delete(f"/api/v1/countries/{country}/").status_code == 204
    assert not models.Country.objects.filter(code=country).exists()


def test_admin_delete_page_lists_a_linking_mechanism_as_protected(superuser_client):
    mechanism = MechanismFactory(name="Kazakhstan–Japan talks", countries=["KZ", "JP"])
    url = "/admin/dialogue/country/KZ/delete/"
    page = superuser_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kazakhstan–Japan talks" in html
    assert "would require deleting the following protected related objects" in html

    response = superuser_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert models.Country.objects.filter(code="KZ").exists()
    assert set(mechanism.countries.values_list("code", flat=True)) == {"KZ", "JP"}


def test_admin_delete_selected_action_keeps_a_linked_country(superuser_client):
    MechanismFactory(countries=["KZ", "JP"])
    action = {"action": "delete_selected", "_selected_action": ["KZ"]}
    page = superuser_client.post("/admin/dialogue/country/", action)
    assert page.status_code == 200
    assert "protected" in page.content.decode()
    response = superuser_client.post("/admin/dialogue/country/", dict(action, post="yes"))
    assert response.status_code == 200
    assert models.Country.objects.filter(code="KZ").exists()


def test_delete_of_a_round_deletes_its_participants_and_citations(analyst_client):
    round_ = RoundFactory()
    ParticipantFactory(round=round_)
    models.Citation.objects.create(
        record=round_, source=SourceFactory(), quote="They discussed security."
    )

    response = analyst_client.delete(f"/api/v1/rounds/{round_.pk}/")

    assert response.status_code == 204
    assert not models.Participant.objects.exists()
    assert not models.Citation.objects.exists()
