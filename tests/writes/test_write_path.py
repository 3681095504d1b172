"""One write path: the API, the admin and imports write through `dialogue.writes`, which
keeps child rows, writes truthful history, reports every error at once, and gives each record
one version that the API's ETags and the admin's stale-form guard share."""

import pytest
from django.contrib.auth.models import User
from django.db.models import ProtectedError
from rest_framework.test import APIClient

from dialogue import models, selectors, writes
from dialogue.selectors import record_version
from tests.admin_pages import admin_form
from tests.conftest import assert_problem, results
from tests.factories import (
    MechanismFactory,
    ParticipantFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SOURCE_TEXT = "On 31 July the ministers met in Moscow. They discussed security."


def history_counts() -> dict[str, int]:
    return {
        model._meta.label: model.history.count()
        for model in (
            models.Mechanism,
            models.Round,
            models.Participant,
            models.Citation,
            models.MechanismName,
        )
    }


@pytest.fixture
def cited_round():
    """A round with two participants and a citation, written as the API writes it."""
    source = SourceFactory(text=SOURCE_TEXT)
    return writes.record_save(
        instance=models.Round(mechanism=MechanismFactory(), number=1, start_date="2018-07-31"),
        fields={"venue": "Iikura House"},
        children={
            "participants": [
                {"person": PersonFactory(), "country_id": "RU", "role": "Foreign Minister"},
                {"person": PersonFactory(), "country_id": "JP", "role": "Minister", "order": 1},
            ],
            "citations": [{"source": source, "quote": "the ministers met"}],
        },
    )


def put_back(client, url):
    """PUT a record back exactly as it was read."""
    body = APIClient().get(url).json()
    return client.put(url, body, format="json")


# --- Nested rows are matched, not recreated --------------------------------------------------


def test_an_unchanged_put_keeps_child_ids_and_writes_no_history(analyst_client, cited_round):
    url = f"/api/v1/rounds/{cited_round.pk}/"
    participant_ids = sorted(cited_round.participants.values_list("pk", flat=True))
    citation_ids = sorted(cited_round.citations.values_list("pk", flat=True))
    updated = models.Round.objects.get(pk=cited_round.pk).updated
    tag = APIClient().get(url)["ETag"]
    before = history_counts()

    response = put_back(analyst_client, url)

    assert response.status_code == 200, response.content
    assert sorted(cited_round.participants.values_list("pk", flat=True)) == participant_ids
    assert sorted(cited_round.citations.values_list("pk", flat=True)) == citation_ids
    assert history_counts() == before
    assert models.Round.objects.get(pk=cited_round.pk).updated == updated
    assert response["ETag"] == tag


def test_changing_one_participant_writes_one_version_of_it_only(
    analyst, analyst_client, cited_round
):
    url = f"/api/v1/rounds/{cited_round.pk}/"
    body = APIClient().get(url).json()
    first, second = cited_round.participants.order_by("order")
    body["participants"][1]["role"] = "Defence Minister"
    before = history_counts()

    response = analyst_client.put(url, body, format="json")

    assert response.status_code == 200, response.content
    second.refresh_from_db()
    assert second.role == "Defence Minister"
    assert sorted(cited_round.participants.values_list("pk", flat=True)) == sorted(
        [first.pk, second.pk]
    )
    after = history_counts()
    assert after["dialogue.Participant"] == before["dialogue.Participant"] + 1
    assert after["dialogue.Round"] == before["dialogue.Round"]  # its own fields did not change
    version = second.history.order_by("-history_id").first()
    assert (version.history_type, version.history_user) == ("~", analyst)
    changes = results(APIClient().get(f"/api/v1/rounds/{cited_round.pk}/history/"))
    # The round's own versions say nothing changed; its history lists its participant's change.
    assert all(c["history_type"] != "~" for c in changes if c["model"] == "round")
    assert [c["changed_fields"] for c in changes if c["history_type"] == "~"] == [["role"]]
    assert changes[0]["model"] == "participant" and changes[0]["object_id"] == str(second.pk)


def test_a_row_left_out_is_deleted_and_a_new_one_added(analyst_client, cited_round):
    url = f"/api/v1/rounds/{cited_round.pk}/"
    body = APIClient().get(url).json()
    kept_id = cited_round.participants.get(order=0).pk
    newcomer = PersonFactory()
    body["participants"] = [
        body["participants"][0],
        {"person": newcomer.pk, "country": "JP", "role": "Defence Minister", "order": 2},
    ]
    response = analyst_client.patch(url, {"participants": body["participants"]}, format="json")
    assert response.status_code == 200, response.content
    people = dict(cited_round.participants.values_list("person", "pk"))
    assert people[body["participants"][0]["person"]] == kept_id
    assert newcomer.pk in people and len(people) == 2


def test_the_same_person_twice_is_a_400_at_the_second_position(analyst_client, cited_round):
    url = f"/api/v1/rounds/{cited_round.pk}/"
    row = APIClient().get(url).json()["participants"][0]
    response = analyst_client.patch(url, {"participants": [row, row]}, format="json")
    errors = assert_problem(response, 400)["errors"]
    assert errors["participants"][0] == {}
    assert "Listed twice" in errors["participants"][1]["person"][0]


# --- All errors at once ----------------------------------------------------------------------


def test_one_400_names_every_error_at_once(analyst_client):
    mechanism = MechanismFactory()
    source = SourceFactory(text=SOURCE_TEXT)
    person = PersonFactory()
    response = analyst_client.post(
        "/api/v1/rounds/",
        {
            "mechanism": mechanism.pk,
            "start_date": "2018-07-31",
            "end_date": "2018-07-01",
            "participants": [{"person": person.pk, "country": "CN", "role": "Observer"}],
            "sources": [{"source": source.pk, "quote": "words the source never wrote"}],
        },
        format="json",
    )
    body = assert_problem(response, 400)
    errors = body["errors"]
    assert "on or after the start date" in errors["end_date"][0]
    assert "CN is not one of the mechanism's countries" in errors["participants"][0]["country"][0]
    assert "word for word" in errors["sources"][0]["quote"][0]
    assert not models.Round.objects.exists()


def test_a_type_error_does_not_hide_the_other_errors(analyst_client):
    mechanism = MechanismFactory()
    response = analyst_client.post(
        "/api/v1/rounds/",
        {
            "mechanism": mechanism.pk,
            "number": "3",  # a string: a type error
            "start_date": "2018-07-31",
            "end_date": "2018-07-01",  # before the start: a model rule
            "status": "nope",  # not a choice
        },
        format="json",
    )
    errors = assert_problem(response, 400)["errors"]
    assert set(errors) >= {"number", "end_date", "status"}, errors


# --- One version per record: ETags, 412s ------------------------------------------------------


def test_a_new_round_does_not_make_the_mechanisms_etag_stale(analyst_client):
    mechanism = MechanismFactory()
    url = f"/api/v1/mechanisms/{mechanism.pk}/"
    tag = APIClient().get(url)["ETag"]
    created = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": mechanism.pk, "number": 1, "start_date": "2018-07-31"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert APIClient().get(url).json()["rounds_count"] == 1
    response = analyst_client.patch(url, {"short_name": "2+2"}, HTTP_IF_MATCH=tag, format="json")
    assert response.status_code == 200, response.content


def test_a_412_gives_the_current_etag_and_what_changed(analyst_client, cited_round):
    url = f"/api/v1/rounds/{cited_round.pk}/"
    tag = APIClient().get(url)["ETag"]
    body = APIClient().get(url).json()
    body["participants"][0]["role"] = "Minister"
    assert analyst_client.patch(url, {"venue": "Kremlin"}, format="json").status_code == 200
    changed_rows = analyst_client.patch(url, {"participants": body["participants"]}, format="json")
    assert changed_rows.status_code == 200, changed_rows.content

    response = analyst_client.patch(url, {"summary": "Mine"}, HTTP_IF_MATCH=tag, format="json")

    problem = assert_problem(response, 412)
    current = APIClient().get(url)["ETag"]
    assert problem["etag"] == current == response["ETag"]
    assert problem["changed_fields"] == ["participants", "venue"]


def test_child_rows_change_the_version_and_derived_figures_do_not(cited_round):
    version = record_version(models.Round.objects.get(pk=cited_round.pk))
    TopicFactory()  # unrelated
    assert record_version(models.Round.objects.get(pk=cited_round.pk)) == version
    participant = cited_round.participants.first()
    participant.role = "Minister"
    participant.save()
    assert record_version(models.Round.objects.get(pk=cited_round.pk)) != version


def test_the_admin_guard_and_the_etag_are_the_same_version(superuser_client, cited_round):
    url = f"/admin/dialogue/round/{cited_round.pk}/change/"
    form = admin_form(superuser_client.get(url))
    assert form["loaded_version"] == APIClient().get(f"/api/v1/rounds/{cited_round.pk}/")["ETag"]


# --- History tells the truth -----------------------------------------------------------------


def test_saving_an_unchanged_mechanism_page_writes_nothing(superuser_client, cited_round):
    mechanism = cited_round.mechanism
    RoundFactory(mechanism=mechanism, number=2)
    url = f"/admin/dialogue/mechanism/{mechanism.pk}/change/"
    data = admin_form(superuser_client.get(url))
    before = history_counts()
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    assert history_counts() == before


def test_the_first_admin_save_names_only_what_the_analyst_changed(superuser_client, analyst_client):
    created = analyst_client.post(
        "/api/v1/mechanisms/",
        {"slug": "ru-jp-x", "name": "X", "kind": "consultations", "countries": ["RU", "JP"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    first = models.Mechanism.history.get(id=pk)
    assert sorted(first.countries.values_list("country_id", flat=True)) == ["JP", "RU"]

    url = f"/admin/dialogue/mechanism/{pk}/change/"
    data = admin_form(superuser_client.get(url))
    data["short_name"] = "X2"
    assert superuser_client.post(url, data).status_code == 302

    versions = results(superuser_client.get(f"/api/v1/mechanisms/{pk}/history/"))
    assert [(v["history_type"], v["changed_fields"], v["history_user"]) for v in versions] == [
        ("~", ["short_name"], "root"),
        ("+", versions[1]["changed_fields"], versions[1]["history_user"]),
    ]


def test_an_admin_save_writes_through_the_services_once(superuser_client, cited_round, monkeypatch):
    """A round's page with its participants and citations is one write: one call of
    `record_save` for the record and its rows, one version of the round."""
    calls = []
    record_save = writes.record_save

    def counted(**kwargs):
        calls.append(type(kwargs["instance"]).__name__)
        return record_save(**kwargs)

    monkeypatch.setattr(writes, "record_save", counted)
    url = f"/admin/dialogue/round/{cited_round.pk}/change/"
    data = admin_form(superuser_client.get(url))
    data["venue"] = "The Kremlin"
    versions = models.Round.history.filter(id=cited_round.pk).count()

    assert superuser_client.post(url, data).status_code == 302

    assert calls == ["Round"]
    assert models.Round.history.filter(id=cited_round.pk).count() == versions + 1
    assert models.Round.objects.get(pk=cited_round.pk).venue == "The Kremlin"
    assert cited_round.participants.count() == 2


def test_changing_links_writes_one_version_naming_them(analyst_client):
    record = RoundFactory()
    topics = [TopicFactory(), TopicFactory()]
    url = f"/api/v1/rounds/{record.pk}/"
    response = analyst_client.patch(
        url, {"topics": [t.slug for t in topics], "venue": "Kremlin"}, format="json"
    )
    assert response.status_code == 200, response.content
    versions = results(APIClient().get(f"{url}history/"))
    assert len(versions) == 2
    assert versions[0]["changed_fields"] == ["topics", "venue"]


def test_an_import_writes_history_in_the_importers_name():
    user = User.objects.create_user("importer")
    mechanism = MechanismFactory()
    record = writes.record_save(
        instance=models.Round(mechanism=mechanism, start_date="2018-07-31"), user=user
    )
    assert record.history.get().history_user == user


# --- One delete guard ------------------------------------------------------------------------


def test_the_delete_guard_names_links_and_protecting_rows(cited_round):
    person = cited_round.participants.first().person
    topic = TopicFactory()
    cited_round.topics.add(topic)
    [by_participants] = selectors.record_referrers(person)
    assert by_participants.first == [cited_round.participants.first()]
    [by_rounds] = selectors.record_referrers(topic)
    assert (by_rounds.model, by_rounds.count, by_rounds.first) == (models.Round, 1, [cited_round])
    with pytest.raises(ProtectedError):
        writes.record_delete(instance=topic)
    assert cited_round.topics.get() == topic


def test_a_record_referring_twice_counts_once():
    city = PlaceFactory()
    RoundFactory(city=city).other_places.add(city)
    [by_rounds] = selectors.record_referrers(city)
    assert by_rounds.count == 1


def test_a_refusal_names_rounds_as_a_person_knows_them_with_english_counts(analyst_client):
    mechanism = MechanismFactory(short_name="2+2")
    person = PersonFactory(name="Taro Kono")
    for number, day in ((3, "2018-07-31"), (4, "2019-05-30")):
        record = RoundFactory(mechanism=mechanism, number=number, start_date=day)
        ParticipantFactory(round=record, person=person, role="Foreign Minister")
    response = analyst_client.delete(f"/api/v1/people/{person.pk}/")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This record is still referred to by 2 participants: "
        "Taro Kono (Foreign Minister) at 2+2, round 3 (31 Jul 2018); "
        "Taro Kono (Foreign Minister) at 2+2, round 4 (30 May 2019). "
        "Delete or change those first."
    )
    topic = TopicFactory()
    models.Round.objects.get(number=3).topics.add(topic)
    detail = analyst_client.delete(f"/api/v1/topics/{topic.pk}/").json()["detail"]
    assert "by 1 round: 2+2, round 3 (31 Jul 2018)." in detail


def test_a_refusal_names_at_most_ten_records_each_once_and_counts_the_rest(analyst_client):
    source = SourceFactory(text="Taro Kono will visit Moscow.")
    rounds = RoundFactory.create_batch(12)
    for record in rounds:
        for quote in ("Taro Kono", "will visit Moscow"):
            models.Citation.objects.create(record=record, source=source, quote=quote)
    detail = analyst_client.delete(f"/api/v1/sources/{source.pk}/").json()["detail"]
    assert detail.startswith("This record is still referred to by 24 citations: round “")
    assert detail.count("round “") == 10
    assert detail.count("(2 citations)") == 10
    assert detail.endswith(" and 4 more. Delete or change those first.")
    assert "Taro Kono" not in detail  # the records are named, not the passages
