"""Reviewed ingestion (issue 12): drafts read from a release, accepted or rejected; cities from
the gazetteer; the extraction's quality on the seed release and on releases of the same genre."""

import datetime
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dialogue import gazetteer
from dialogue.date_phrases import find_date_phrases
from dialogue.ingestion import extract as extraction
from dialogue.ingestion import quality
from dialogue.ingestion.lexicon import countries_only
from dialogue.models import Citation, Draft, Mechanism, Place, Round, Source
from tests.conftest import field_errors, load_migrations_data, problem, results
from tests.factories import (
    DraftFactory,
    MechanismFactory,
    SourceFactory,
    UserFactory,
    analyst_permissions,
)

API = "/api/v1"
SEED = Path(settings.BASE_DIR) / "fixtures" / "release-2018-07-30.yaml"
PUBLISHED = datetime.datetime(2018, 7, 30, 8, 5, tzinfo=datetime.UTC)


def seed_text() -> str:
    records = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    return next(r for r in records if r["model"] == "dialogue.source")["fields"]["text"]


@pytest.fixture
def release(db) -> Source:
    """The seed release as a new source, in a registry holding only the countries."""
    return SourceFactory(
        title="Comment on the third round of 2+2",
        text=seed_text(),
        published_at=PUBLISHED,
        published_timezone="Europe/Moscow",
        language="en-GB",
    )


def drafts_of(client, source: Source) -> list[dict]:
    response = client.post(f"{API}/sources/{source.pk}/drafts/?page_size=500", format="json")
    assert response.status_code == 201, response.content[:800]
    body = response.json()
    assert body["count"] == len(body["results"])
    return body["results"]


def the_round(drafts: list[dict], start: str, mechanism_word: str) -> dict:
    by_id = {draft["id"]: draft for draft in drafts}
    for draft in drafts:
        if draft["type"] != "round" or draft["fields"]["start_date"] != start:
            continue
        mechanism = draft["fields"]["mechanism"]
        name = by_id[mechanism["draft"]]["fields"]["name"] if isinstance(mechanism, dict) else ""
        if mechanism_word in name:
            return draft
    raise AssertionError(f"no round draft of {start} ({mechanism_word})")


# --- Dates inside sentences ------------------------------------------------------------------


def test_date_phrases_are_found_inside_a_sentence_and_resolved():
    against = datetime.date(2019, 5, 29)
    found = find_date_phrases(
        "On May 30 the ministers meet; they met in July of last year and on June 28–29, "
        "and earlier this year. It may rain in 2019 to $18.3 billion.",
        against,
    )
    resolved = {item.phrase: item.resolved for item in found}
    assert resolved["On May 30"].start == datetime.date(2019, 5, 30)
    assert resolved["in July of last year"].precision == "month"
    assert resolved["in July of last year"].start == datetime.date(2018, 7, 1)
    assert (resolved["on June 28–29"].start, resolved["on June 28–29"].end) == (
        datetime.date(2019, 6, 28),
        datetime.date(2019, 6, 29),
    )
    assert resolved["earlier this year"].precision == "year"
    assert not any(phrase.lower().startswith("may r") for phrase in resolved)  # a verb
    assert "in 2019" in resolved and "18" not in " ".join(resolved)


def test_without_a_publication_date_relative_dates_stay_unresolved():
    (found,) = find_date_phrases("In April of this year, Moscow hosted the talks.", None)
    assert found.phrase == "In April of this year"
    assert found.resolved is None


# --- The API: reading drafts -------------------------------------------------------------------


def test_reading_a_release_proposes_cited_drafts_in_the_write_payloads_shape(
    analyst_client, release
):
    drafts = drafts_of(analyst_client, release)
    two_plus_two = the_round(drafts, "2018-07-31", "2+2")
    assert set(two_plus_two) >= {
        "id", "source", "type", "target", "fields", "citations", "confidence", "status", "record"
    }  # fmt: skip
    fields = two_plus_two["fields"]
    assert set(fields) >= {
        "mechanism", "number", "start_date", "end_date", "date_precision", "city",
        "host_country", "status", "participants", "topics",
    }  # fmt: skip
    assert (fields["number"], fields["status"], fields["host_country"]) == (3, "scheduled", "RU")
    assert fields["date_precision"] == "day"
    names = {p["name"]: (p["country"], p["role"]) for p in fields["participants"]}
    assert names["Taro Kono"] == ("JP", "Foreign Minister")
    assert names["Sergey Shoigu"] == ("RU", "Defence Minister")
    assert all(isinstance(p["person"], dict) for p in fields["participants"])
    citation = two_plus_two["citations"][0]
    assert citation["quote"] in release.text
    assert citation["date_phrase"] == "July 31 of this year"
    assert citation["resolved_against"] == "2018-07-30"
    assert two_plus_two["status"] == "proposed" and two_plus_two["record"] is None
    assert 0 <= two_plus_two["confidence"] <= 1
    by_id = {draft["id"]: draft for draft in drafts}
    mechanism = by_id[fields["mechanism"]["draft"]]
    assert mechanism["type"] == "mechanism"
    assert mechanism["fields"]["kind"] == "two_plus_two"
    assert sorted(mechanism["fields"]["countries"]) == ["JP", "RU"]
    city = by_id[fields["city"]["draft"]]
    assert city["type"] == "place" and city["fields"]["geonames_id"] == 524901  # Moscow
    # "in July of last year"-style relative dates and the dated past: held.
    april = the_round(drafts, "2018-04-01", "strategic dialogue")
    assert april["fields"]["number"] == 14 and april["fields"]["status"] == "held"
    assert april["fields"]["date_precision"] == "month"


def test_lists_filter_and_detail(analyst_client, api_client, release):
    drafts = drafts_of(analyst_client, release)
    listed = api_client.get(f"{API}/sources/{release.pk}/drafts/", {"page_size": 500}).json()
    assert listed["count"] == len(drafts)
    rounds = api_client.get(f"{API}/drafts/", {"source": release.pk, "type": "round"}).json()
    assert rounds["count"] and all(d["type"] == "round" for d in rounds["results"])
    proposed = api_client.get(f"{API}/drafts/", {"status": "accepted"}).json()
    assert proposed["count"] == 0
    assert field_errors(api_client.get(f"{API}/drafts/", {"type": "meeting"}))["type"]
    one = api_client.get(f"{API}/drafts/{drafts[0]['id']}/")
    assert one.status_code == 200 and one.json()["id"] == drafts[0]["id"]
    problem(api_client.get(f"{API}/drafts/999999/"), 404)
    problem(api_client.get(f"{API}/sources/999999/drafts/"), 404)


def test_reading_again_replaces_only_the_proposed_drafts(analyst_client, release):
    first = drafts_of(analyst_client, release)
    person = next(d for d in first if d["type"] == "person")
    rejected = analyst_client.post(f"{API}/drafts/{person['id']}/reject/", format="json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    second = drafts_of(analyst_client, release)
    assert Draft.objects.filter(pk=person["id"], status="rejected").exists()
    assert not {d["id"] for d in first} - {person["id"]} & set(
        Draft.objects.values_list("pk", flat=True)
    )
    assert len([d for d in second if d["status"] == "proposed"]) == len(first)


def test_reading_needs_credentials_and_the_permission(api_client, reader_client, release):
    problem(api_client.post(f"{API}/sources/{release.pk}/drafts/", format="json"), 401)
    problem(reader_client.post(f"{API}/sources/{release.pk}/drafts/", format="json"), 403)
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "The ministers met in Moscow. " * 4000}, "text"),
        (
            {"language": "ru-RU", "text": "Министры иностранных дел встретились в Москве 31 июля."},
            "language",
        ),
        (
            {"text": "Les ministres se sont rencontrés à Moscou le 31 juillet dans la soirée."},
            "language",
        ),
    ],
)
def test_a_text_it_cannot_read_is_a_400_saying_why(analyst_client, db, changes, field):
    source = SourceFactory(published_at=PUBLISHED, **changes)
    response = analyst_client.post(f"{API}/sources/{source.pk}/drafts/", format="json")
    assert field in field_errors(response)
    assert not Draft.objects.exists()


def test_without_a_publication_date_the_drafts_say_their_dates_are_unresolved(analyst_client, db):
    source = SourceFactory(
        text="In April of this year, Moscow hosted the 14th round of Russian-Japanese strategic "
        "dialogue at the level of first deputy foreign ministers.",
        published_at=None,
    )
    (round_draft,) = [d for d in drafts_of(analyst_client, source) if d["type"] == "round"]
    assert round_draft["fields"]["start_date"] is None
    assert any("unresolved" in note and "published_at" in note for note in round_draft["notes"])
    assert round_draft["citations"][0]["date_phrase"] == "In April of this year"
    assert round_draft["citations"][0]["resolved_against"] is None
    # Accepting it as it is: 400 asking for the date, and nothing written.
    refused = analyst_client.post(f"{API}/drafts/{round_draft['id']}/accept/", format="json")
    assert "start_date" in str(field_errors(refused)["fields"])
    assert not Mechanism.objects.exists() and not Round.objects.exists()
    assert not Place.objects.exists()
    assert Draft.objects.filter(status="accepted").count() == 0


# --- Accepting and rejecting -------------------------------------------------------------------


def test_accepting_a_round_accepts_what_it_refers_to_and_writes_it_with_its_citations(
    analyst_client, analyst, release
):
    drafts = drafts_of(analyst_client, release)
    draft = the_round(drafts, "2018-07-31", "2+2")
    response = analyst_client.post(f"{API}/drafts/{draft['id']}/accept/", format="json")
    assert response.status_code == 200, response.content[:800]
    accepted = response.json()
    assert accepted["status"] == "accepted" and accepted["reviewed_by"] == analyst.username
    round_ = Round.objects.get(pk=accepted["record"])
    assert (round_.number, round_.city.name, round_.status) == (3, "Moscow", "scheduled")
    assert round_.mechanism.kind == "two_plus_two"
    assert set(round_.mechanism.countries.values_list("code", flat=True)) == {"RU", "JP"}
    assert round_.city.geonames_id == 524901 and round_.city.country_id == "RU"
    assert {p.person.name for p in round_.participants.all()} >= {"Taro Kono", "Sergey Lavrov"}
    quotes = [c.quote for c in round_.citations.all()]
    assert draft["citations"][0]["quote"] in quotes
    assert all(p.citations.exists() for p in round_.participants.all())
    # The drafts it referred to are accepted too, each linked to its record.
    referred = Draft.objects.get(pk=draft["fields"]["mechanism"]["draft"])
    assert (referred.status, referred.record) == ("accepted", round_.mechanism_id)
    # History: the analyst and the source.
    version = round_.history.latest()
    assert version.history_user == analyst
    assert f"source {release.pk}" in version.history_change_reason
    assert release.title in version.history_change_reason
    # Its participants and citations were written by the same acceptance, and say so
    # (issue 26: only the round's version did).
    history = results(analyst_client.get(f"{API}/rounds/{round_.pk}/history/?page_size=100"))
    assert {v["via"] for v in history} == {version.history_change_reason}
    assert "added participant Sergey Lavrov" in " | ".join(v["summary"] for v in history)
    # So does the city brought from the gazetteer with its citation (by the draft it
    # referred to, accepted first).
    city_history = results(analyst_client.get(f"{API}/places/{round_.city_id}/history/"))
    assert len({v["via"] for v in city_history}) == 1
    assert city_history[0]["via"].startswith("Accepted from draft ")
    assert f" of source {release.pk} “" in city_history[0]["via"]


def test_accepting_twice_is_a_409_and_writes_nothing(analyst_client, release):
    draft = the_round(drafts_of(analyst_client, release), "2018-04-01", "strategic dialogue")
    assert (
        analyst_client.post(f"{API}/drafts/{draft['id']}/accept/", format="json").status_code == 200
    )
    rounds = Round.objects.count()
    again = analyst_client.post(f"{API}/drafts/{draft['id']}/accept/", format="json")
    body = problem(again, 409)
    assert "already accepted" in body["detail"] and body["draft_status"] == "accepted"
    problem(analyst_client.post(f"{API}/drafts/{draft['id']}/reject/", format="json"), 409)
    assert Round.objects.count() == rounds


def test_accepting_with_edited_fields(analyst_client, release):
    draft = the_round(drafts_of(analyst_client, release), "2018-07-01", "strategic stability")
    fields = {**draft["fields"], "number": 7, "status": "held"}
    response = analyst_client.post(
        f"{API}/drafts/{draft['id']}/accept/", {"fields": fields}, format="json"
    )
    assert response.status_code == 200, response.content[:800]
    assert Round.objects.get(pk=response.json()["record"]).number == 7
    assert Draft.objects.get(pk=draft["id"]).fields["number"] == 7
    every = analyst_client.get(f"{API}/drafts/", {"page_size": 500}).json()["results"]
    bad = the_round(every, "2018-04-01", "strategic dialogue")
    invalid = analyst_client.post(
        f"{API}/drafts/{bad['id']}/accept/",
        {"fields": {**bad["fields"], "end_date": "2017-01-01"}},
        format="json",
    )
    assert "end_date" in str(field_errors(invalid)["fields"])
    assert Draft.objects.get(pk=bad["id"]).status == "proposed"
    problem(
        analyst_client.post(f"{API}/drafts/{bad['id']}/accept/", {"fields": [1]}, format="json"),
        400,
    )


def test_a_round_mentioned_in_passing_targets_the_stored_round_and_a_changed_target_is_a_409(
    analyst_client, seeded
):
    seed = Source.objects.get(pk=1)
    drafts = drafts_of(analyst_client, seed)
    targeted = [d for d in drafts if d["type"] == "round" and d["target"]]
    stored = Round.objects.get(mechanism__slug="ru-jp-2plus2", number=3)
    draft = next(d for d in targeted if d["target"] == stored.pk)
    assert draft["fields"]["mechanism"] == stored.mechanism_id
    assert Round.objects.filter(mechanism__slug="ru-jp-2plus2").count() == 3
    # Someone changes the round meanwhile: accepting is refused, naming what changed.
    stored.venue = "Iikura House"
    from dialogue import writes

    writes.record_save(instance=stored, fields={"venue": "Iikura House"})
    refused = analyst_client.post(f"{API}/drafts/{draft['id']}/accept/", format="json")
    body = problem(refused, 409)
    assert "venue" in body["changed_fields"] and body["etag"]
    assert Draft.objects.get(pk=draft["id"]).status == "proposed"


def test_accepting_an_unchanged_target_adds_the_drafts_citations(analyst_client, seeded):
    seed = Source.objects.get(pk=1)
    drafts = drafts_of(analyst_client, seed)
    stored = Round.objects.get(mechanism__slug="ru-jp-2plus2", number=3)
    draft = next(d for d in drafts if d["type"] == "round" and d["target"] == stored.pk)
    participants = stored.participants.count()
    citations = stored.citations.count()
    response = analyst_client.post(f"{API}/drafts/{draft['id']}/accept/", format="json")
    assert response.status_code == 200, response.content[:800]
    assert response.json()["record"] == stored.pk
    assert stored.participants.count() >= participants
    assert stored.citations.count() >= citations


def test_reviewing_needs_the_permission_to_write_the_record(release, analyst_client, db):
    drafts = drafts_of(analyst_client, release)
    draft = the_round(drafts, "2018-04-01", "strategic dialogue")
    anonymous = APIClient()
    problem(anonymous.post(f"{API}/drafts/{draft['id']}/accept/", format="json"), 401)
    # Allowed to review drafts and to add rounds, but not to add mechanisms.
    user = UserFactory(permissions=["add_draft", "change_draft", "add_round", "add_place"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    refused = problem(client.post(f"{API}/drafts/{draft['id']}/accept/", format="json"), 403)
    assert "add_mechanism" in refused["detail"]
    assert not Round.objects.exists() and not Mechanism.objects.exists()
    user.user_permissions.add(Permission.objects.get(codename="add_mechanism"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    assert client.post(f"{API}/drafts/{draft['id']}/accept/", format="json").status_code == 200
    person = next(d for d in drafts if d["type"] == "person")
    problem(client.post(f"{API}/drafts/{person['id']}/reject/", format="json"), 403)


# --- Places from the gazetteer ---------------------------------------------------------------


def test_the_gazetteer_knows_cities_by_other_spellings():
    assert gazetteer.lookup("St Petersburg").geonames_id == 498817
    assert gazetteer.lookup("Moscow").country == "RU"  # not Moscow, Idaho
    assert gazetteer.lookup("Heda", ["JP"]).country == "JP"
    assert gazetteer.lookup("Xyzzyqville") is None
    assert gazetteer.timezone_country("Europe/Moscow") == "RU"


def test_a_round_written_with_a_city_the_gazetteer_knows_creates_the_place(analyst_client, analyst):
    mechanism = MechanismFactory(countries=["IN", "RU"])
    response = analyst_client.post(
        f"{API}/rounds/",
        {
            "mechanism": mechanism.pk,
            "date": "2021-12-06",
            "city": "New Delhi",
            "host_country": "IN",
        },
        format="json",
    )
    assert response.status_code == 201, response.content[:800]
    assert response.json()["city"] == "New Delhi"
    place = Place.objects.get(name="New Delhi")
    assert (place.country_id, place.geonames_id) == ("IN", 1261481)
    assert abs(place.latitude - 28.6) < 0.2 and abs(place.longitude - 77.2) < 0.2
    (citation,) = place.citations.all()
    assert citation.basis == "external" and citation.source.title == gazetteer.REFERENCE_TITLE
    assert "1261481" in citation.note
    assert place.history.latest().history_user == analyst
    # The next write finds it, under its name or another spelling.
    again = analyst_client.post(
        f"{API}/rounds/",
        {"mechanism": mechanism.pk, "date": "2022-12-06", "city": "new delhi"},
        format="json",
    )
    assert again.status_code == 201
    assert Place.objects.filter(geonames_id=1261481).count() == 1


def test_a_refused_round_leaves_no_place_behind(analyst_client):
    mechanism = MechanismFactory(countries=["IN", "RU"])
    response = analyst_client.post(
        f"{API}/rounds/",
        {
            "mechanism": mechanism.pk,
            "date": "2021-12-06",
            "end_date": "2021-01-01",
            "city": "Chennai",
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Place.objects.filter(name="Chennai").exists()
    assert not Citation.objects.exists() and not Source.objects.exists()


def test_a_city_nobody_knows_is_still_a_400(analyst_client):
    mechanism = MechanismFactory()
    response = analyst_client.post(
        f"{API}/rounds/",
        {"mechanism": mechanism.pk, "date": "2021-12-06", "city": "Xyzzyqville"},
        format="json",
    )
    assert "gazetteer" in str(field_errors(response)["city"])


# --- The extraction itself --------------------------------------------------------------------


def test_the_extraction_is_deterministic_and_reads_only_english():
    text = seed_text()
    first = extraction.extract(text=text, published=PUBLISHED, home="RU", lexicon=countries_only())
    second = extraction.extract(text=text, published=PUBLISHED, home="RU", lexicon=countries_only())
    assert [(s.key, s.fields) for s in first] == [(s.key, s.fields) for s in second]
    with pytest.raises(extraction.ExtractionRefused):
        extraction.extract(
            text="Привет, мир.", language="ru", published=None, lexicon=countries_only()
        )


def test_a_huge_text_is_refused_quickly():
    import time

    started = time.monotonic()
    with pytest.raises(extraction.ExtractionRefused):
        extraction.check_text("word " * 50_000, "en")
    assert time.monotonic() - started < 1


# --- Quality -----------------------------------------------------------------------------------


CORPUS = Path(settings.BASE_DIR) / "tests" / "data" / "releases"


@pytest.fixture(scope="session")
def corpus_results(django_db_setup, django_db_blocker):
    """The seed's, the development set's and the test set's results, with the unsafe drafts
    (the seed is loaded and rolled back in the test database): read once for the session."""
    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test that ran before emptied every table, the countries too.
        load_migrations_data()
        results = quality.evaluate(CORPUS)
        transaction.set_rollback(True)
    return results


def test_quality_on_the_seed_release_meets_the_targets(corpus_results):
    """Read as into a registry holding only the countries, compared with the seed's rounds
    by dates and mechanism (not by id)."""
    result = corpus_results[0]
    assert result.expected >= 20
    for name, target in quality.TARGETS.items():
        assert result.share(name) >= target, (name, result.share(name), result.misses)


def test_quality_on_the_releases_the_rules_were_written_on_keeps_its_floor(corpus_results):
    """The development releases the rules were written on (`rules_written_on: true`; the other
    development releases are there for the next rules) lose nothing the rules reached."""
    results = [result for result in corpus_results[1] if result.rules_written_on]
    assert len(results) >= 4
    together = quality.total(results)
    for name, target in quality.DEV_FLOOR.items():
        assert together.share(name) >= target, (name, together.share(name))


@pytest.mark.xfail(
    strict=True,
    reason="The rules do not yet read releases they have never seen: the test set's first read "
    f"is {quality.FIRST_READ}, with no unsafe draft. "
    "Remove this mark when the test passes (issue 21).",
)
def test_quality_on_the_test_set_meets_the_targets_with_no_unsafe_draft(corpus_results):
    """Releases written and scored before any rule was changed for them (issue 21, item 4)."""
    test = corpus_results[2]
    together = quality.total(test)
    assert together.unsafe == []
    for name, target in quality.TEST_TARGETS.items():
        assert together.share(name) >= target, (name, together.share(name))


def test_the_corpus_is_as_issue_21_describes():
    """At least 40 releases, a test set of at least 15, 12 kinds of mechanism, 20 countries,
    6 formats of three or more countries, and distractors with no round."""
    releases = quality.corpus(CORPUS)
    everything = [*releases.test, *releases.dev]
    rounds = [item for release in everything for item in release.rounds]
    formats = {
        item["mechanism"]["name"]
        for item in rounds
        if len({country for _, country in item["participants"]}) >= 3
    }
    assert len(everything) >= 40 and len(releases.test) >= 15
    assert len({item["mechanism"]["kind"] for item in rounds}) >= 12
    assert len({country for item in rounds for _, country in item["participants"]}) >= 20
    assert len(formats) >= 6
    assert any(not release.rounds for release in releases.test)
    assert not {r.name for r in releases.test} & {r.name for r in releases.dev}
    assert not any(release.rules_written_on for release in releases.test)


def test_a_corpus_without_a_test_set_is_refused(tmp_path):
    (tmp_path / "dev").mkdir()
    with pytest.raises(ValueError, match="holds no release"):
        quality.corpus(tmp_path)


def test_a_corpus_release_with_a_country_yaml_reads_as_a_boolean_is_refused(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "title: T\ntext: T\nrounds:\n- mechanism: {kind: summit, name: Nordic summit}\n"
        "  number: null\n  start_date: 2022-05-04\n  end_date: 2022-05-04\n"
        "  date_precision: day\n  city: null\n  status: held\n"
        "  participants: [[Jonas Gahr Støre, NO]]\n"
    )
    with pytest.raises(ValueError, match="Jonas Gahr Støre's country False is no ISO code"):
        quality.own_releases(tmp_path)


def test_unsafe_drafts_are_counted():
    """A round of other countries attached to a registry mechanism, a registry person on the
    wrong side and a registry person proposed again."""
    from dialogue.ingestion.lexicon import KnownMechanism, KnownPerson, Lexicon

    lexicon = Lexicon(
        people=[KnownPerson(1, "Sergey Lavrov", "RU", ["Sergey Lavrov", "Sergei Lavrov"])],
        mechanisms=[KnownMechanism(7, "Russia–Japan 2+2", "two_plus_two", {"RU", "JP"}, [])],
    )
    release = quality.Release(
        "x.yaml",
        "",
        "",
        None,
        "",
        "en",
        [
            {
                "mechanism": {"kind": "consultations", "name": "India–Russia talks"},
                "number": None,
                "start_date": "2022-01-01",
                "end_date": "2022-01-01",
                "date_precision": "day",
                "city": None,
                "status": "held",
                "participants": [["Sergey Lavrov", "RU"], ["Subrahmanyam Jaishankar", "IN"]],
            }
        ],
    )
    specs = [
        extraction.Spec("person:x", "person", {"name": "Sergei Lavrov", "country": "IN"}),
        extraction.Spec(
            "round:0",
            "round",
            {
                "mechanism": 7,
                "start_date": "2022-01-01",
                "end_date": "2022-01-01",
                "participants": [{"person": 1, "country": "IN"}],
            },
        ),
    ]
    assert quality.unsafe_drafts(release, specs, lexicon) == [
        "a registry person proposed again: Sergei Lavrov",
        "a round of 2022-01-01 attached to Russia–Japan 2+2 (JP, RU)",
        "Sergey Lavrov on the side of IN (the registry's: RU), 2022-01-01",
    ]


def test_the_comparison_counts_misses_and_extras():
    release = quality.seed_release()
    wrong = [
        extraction.Spec("mechanism:x", "mechanism", {"name": "Visits", "kind": "visits"}),
        extraction.Spec(
            "round:0",
            "round",
            {
                "mechanism": {"draft": "mechanism:x"},
                "number": None,
                "start_date": "2001-01-01",
                "end_date": "2001-01-01",
                "date_precision": "day",
                "city": None,
                "status": "held",
                "participants": [],
            },
        ),
    ]
    result = quality.compare(release, wrong)
    assert (result.found, result.share("precision"), result.share("found")) == (0, 0.0, 0.0)
    assert result.extras == ["Visits, 2001-01-01"] and len(result.misses) == result.expected


def test_the_committed_report_is_the_commands(corpus_results):
    """Fails when the extraction or the corpus changed: run `make ingestion-quality`."""
    committed = Path(settings.BASE_DIR) / "docs" / "ingestion-quality.md"
    assert quality.report(*corpus_results) + "\n" == committed.read_text()


def test_the_command_refuses_a_folder_without_a_test_set_and_a_registry_in_use(tmp_path, seeded):
    """It reads the corpus it is given; its safety read needs a registry without records."""
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="scratch database"):
        call_command("ingestion_quality", str(CORPUS), output=str(tmp_path / "report.md"))
    with pytest.raises(CommandError, match="holds no release"):
        call_command("ingestion_quality", str(tmp_path), output=str(tmp_path / "report.md"))


# --- Review in the admin -----------------------------------------------------------------------


@pytest.fixture
def admin_analyst(client, db):
    user = UserFactory(is_staff=True, permissions=[*analyst_permissions(), "view_draft"])
    client.force_login(user)
    return user


def test_the_review_page_shows_the_text_with_the_drafts_beside_their_sentences(
    client, admin_analyst, release
):
    page = f"/admin/dialogue/draft/review/{release.pk}/"
    assert client.post(page, {"propose": "1"}).status_code == 302
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>In July, Tokyo hosted strategic stability consultations" in html
    assert "Experts in numerous formats" in html and "<mark>Experts" not in html
    for group in ("Mechanisms", "Rounds", "People", "Places"):
        assert group in html
    assert "Accept the selected drafts" in html and 'name="reject"' in html


def test_the_review_page_names_values_and_edits_them_in_form_fields(client, admin_analyst, release):
    """Registry records and other drafts by name, linked; choices by label; no JSON. Editing a
    draft is its record's form fields: a reference chosen among the registry's records (the
    admin's autocomplete) replaces the proposal, the rest stays as proposed."""
    from django.utils.html import escape

    from tests.factories import MechanismFactory

    page = f"/admin/dialogue/draft/review/{release.pk}/"
    client.post(page, {"propose": "1"})
    html = client.get(page).content.decode()
    assert '{"draft"' not in html
    mechanism = Draft.objects.filter(source=release, type="mechanism").order_by("id").first()
    assert f'<a href="#draft-{mechanism.pk}">{escape(mechanism)}</a> (proposed)' in html
    assert "Day (the exact day or days are known)" in html  # a choice by its label
    assert 'class="admin-autocomplete"' in html and 'data-field-name="mechanism"' in html
    assert "Read the text again" in html and "replaces the" in html

    registry = MechanismFactory(countries=["RU", "JP"])
    draft = Draft.objects.filter(source=release, type="round", target=None).order_by("id").first()
    client.post(
        page,
        {"accept_edited": str(draft.pk), f"draft-{draft.pk}-mechanism": str(registry.pk)},
    )
    draft.refresh_from_db()
    written = Round.objects.get(pk=draft.record)
    assert written.mechanism == registry
    assert written.start_date.isoformat() == draft.fields["start_date"]
    html = client.get(page).content.decode()
    assert f'<a href="/admin/dialogue/round/{written.pk}/change/">' in html


def test_a_drafts_values_and_form_follow_its_records_field_order(client, admin_analyst):
    """PostgreSQL's jsonb keeps a draft's keys sorted by length ("city" before "mechanism"):
    the page shows them in the order of the record's admin page whatever the JSON's."""
    release = SourceFactory(text="The ministers met in Moscow on 31 July.")
    draft = DraftFactory(
        source=release,
        type="round",
        fields={"city": "Moscow", "status": "held", "mechanism": 1, "start_date": "2018-07-31"},
    )
    html = client.get(f"/admin/dialogue/draft/review/{release.pk}/").content.decode()
    form = html[html.index(f'id="draft-{draft.pk}"') :]
    positions = [
        form.index(f"id_draft-{draft.pk}-{name}")
        for name in ("mechanism", "status", "start_date", "city")  # the admin's fieldsets
    ]
    assert positions == sorted(positions)


def test_a_source_without_drafts_offers_to_read_them(client, admin_analyst, release):
    html = client.get(f"/admin/dialogue/draft/review/{release.pk}/").content.decode()
    assert "Read drafts from the text" in html and "Read the text again" not in html
    assert "Accept the selected drafts" not in html


def test_a_sources_pages_link_to_its_review_with_the_drafts_waiting(client, admin_analyst, release):
    admin_analyst.user_permissions.add(*Permission.objects.filter(codename="view_source"))
    review = f"/admin/dialogue/draft/review/{release.pk}/"
    change = f"/admin/dialogue/source/{release.pk}/change/"
    assert f'<a href="{review}">Read drafts from the text</a>' in client.get(change).text
    client.post(review, {"propose": "1"})
    waiting = Draft.objects.filter(source=release, status="proposed").count()
    link = f'<a href="{review}">Review the {waiting} drafts waiting</a>'
    assert waiting > 1 and link in client.get(change).text
    assert link in client.get("/admin/dialogue/source/").text


def test_accept_edit_reject_and_accept_all_selected_in_the_admin(client, admin_analyst, release):
    page = f"/admin/dialogue/draft/review/{release.pk}/"
    client.post(page, {"propose": "1"})
    rounds = list(Draft.objects.filter(source=release, type="round").order_by("id"))
    people = list(Draft.objects.filter(source=release, type="person").order_by("id"))
    # Accept one: its record is linked from the page, its history names the analyst.
    client.post(page, {"accept": str(rounds[0].pk)})
    rounds[0].refresh_from_db()
    assert rounds[0].status == "accepted"
    record = Round.objects.get(pk=rounds[0].record)
    assert record.history.latest().history_user == admin_analyst
    assert f"/admin/dialogue/round/{record.pk}/change/" in client.get(page).content.decode()
    # Edit in the draft's form fields (no JSON), then accept: the edited values are written,
    # the others as proposed.
    client.post(
        page,
        {
            "accept_edited": str(rounds[1].pk),
            f"draft-{rounds[1].pk}-number": "42",
            f"draft-{rounds[1].pk}-status": "held",
        },
    )
    written = Round.objects.get(pk=Draft.objects.get(pk=rounds[1].pk).record)
    assert (written.number, written.status) == (42, "held")
    assert written.start_date.isoformat() == rounds[1].fields["start_date"]
    # A value the field refuses is a message naming the field; nothing is written.
    response = client.post(
        page,
        {"accept_edited": str(rounds[2].pk), f"draft-{rounds[2].pk}-start_date": "31 Foo"},
        follow=True,
    )
    html = response.content.decode()
    assert "Nothing was changed" in html and "Start date: Enter a valid date." in html
    assert Draft.objects.get(pk=rounds[2].pk).status == "proposed"
    # Reject one; accept several at once.
    client.post(page, {"reject": str(people[-1].pk)})
    assert Draft.objects.get(pk=people[-1].pk).status == "rejected"
    chosen = [str(d.pk) for d in rounds[3:6]]
    client.post(page, {"accept_selected": "1", "selected": chosen})
    assert set(Draft.objects.filter(pk__in=chosen).values_list("status", flat=True)) == {"accepted"}


def test_the_review_page_needs_the_view_permission(client, db, release):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(f"/admin/dialogue/draft/review/{release.pk}/")

    assert response.status_code == 403
    assert b"403 Forbidden" in response.content


@pytest.mark.django_db
def test_the_change_reason_fits_the_history_and_cuts_the_title_at_a_word():
    from dialogue.ingestion.review import REASON_LENGTH, change_reason

    # PostgreSQL refused the reason with a long title (varchar(100)): accepting was a 500.
    draft = DraftFactory(source=SourceFactory(title="Comment " + "on the talks " * 20))
    reason = change_reason(draft)
    assert len(reason) <= REASON_LENGTH
    assert reason.startswith(f"Accepted from draft {draft.pk} of source {draft.source_id} “")
    assert reason.endswith("…”")
    assert reason.split("“")[1][:-2].split()[-1] in {"on", "the", "talks"}  # whole words
