"""Provenance: one citation model for every kind of record, what each citation supports and on
what basis, and the endpoints that show which values are supported and which sentences cited."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from dialogue import models, provenance
from tests.conftest import assert_problem, field_errors
from tests.factories import (
    MechanismFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Foreign Minister Taro Kono will visit Moscow. The meeting will take place in Moscow for "
    "the first time. Experts have been discussing practical aspects."
)


@pytest.fixture
def source():
    return SourceFactory(text=TEXT)


def cite(quote: str, source, **extra) -> dict:
    return {"source": source.pk, "quote": quote, **extra}


# --- Every kind of record can be cited -------------------------------------------------------


@pytest.mark.parametrize(
    ("resource", "make"),
    [
        ("people", PersonFactory),
        ("organisations", OrganisationFactory),
        ("places", PlaceFactory),
        ("topics", TopicFactory),
        ("mechanisms", MechanismFactory),
        ("rounds", RoundFactory),
    ],
)
def test_every_kind_of_record_takes_sources(analyst_client, source, resource, make):
    record = make()
    url = f"/api/v1/{resource}/{record.pk}/"
    sources = [cite("will visit Moscow", source, supports=[], basis="stated")]
    response = analyst_client.patch(url, {"sources": sources}, format="json")
    assert response.status_code == 200, response.content
    assert APIClient().get(url).json()["sources"][0]["quote"] == "will visit Moscow"
    assert record.citations.get().source == source


def test_a_participant_and_a_name_show_the_sentence_that_names_them(analyst_client, source):
    person = PersonFactory(name="Taro Kono")
    record = RoundFactory()
    participant = {
        "person": person.pk,
        "country": "JP",
        "role": "Foreign Minister",
        "sources": [cite("Foreign Minister Taro Kono", source, supports=["person", "role"])],
    }
    url = f"/api/v1/rounds/{record.pk}/"
    response = analyst_client.patch(url, {"participants": [participant]}, format="json")
    assert response.status_code == 200, response.content
    shown = APIClient().get(url).json()["participants"][0]["sources"]
    assert [(s["quote"], s["supports"]) for s in shown] == [
        ("Foreign Minister Taro Kono", ["person", "role"])
    ]

    name = {
        "name": "河野太郎",
        "language": "ja",
        "kind": "native",
        "sources": [{"source": source.pk, "quote": "", "basis": "external", "note": "MOFA Japan"}],
    }
    response = analyst_client.patch(
        f"/api/v1/people/{person.pk}/", {"other_names": [name]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["other_names"][0]["sources"][0]["basis"] == "external"


def test_an_unchanged_put_keeps_nested_citations(analyst_client, source):
    record = RoundFactory()
    url = f"/api/v1/rounds/{record.pk}/"
    participant = {
        "person": PersonFactory().pk,
        "country": "RU",
        "sources": [cite("will visit Moscow", source)],
    }
    assert (
        analyst_client.patch(url, {"participants": [participant]}, format="json").status_code == 200
    )
    ids = list(models.Citation.objects.values_list("pk", flat=True))
    versions = models.Citation.history.count()
    body = APIClient().get(url).json()
    assert analyst_client.put(url, body, format="json").status_code == 200
    assert list(models.Citation.objects.values_list("pk", flat=True)) == ids
    assert models.Citation.history.count() == versions


# --- What a citation may say -----------------------------------------------------------------


def test_supports_names_the_records_own_fields(analyst_client, source):
    record = RoundFactory()
    response = analyst_client.patch(
        f"/api/v1/rounds/{record.pk}/",
        {"sources": [cite("will visit Moscow", source, supports=["city", "colour"])]},
        format="json",
    )
    message = field_errors(response)["sources"][0]["supports"][0]
    assert "colour" in message and "city" not in message.split("Choose")[0]


def test_inferred_needs_a_note_and_only_external_may_lack_a_quote(analyst_client, source):
    record = RoundFactory()
    response = analyst_client.patch(
        f"/api/v1/rounds/{record.pk}/",
        {
            "sources": [
                cite("will visit Moscow", source, basis="inferred"),
                {"source": source.pk, "quote": "", "basis": "stated"},
                {
                    "source": SourceFactory(text="").pk,
                    "quote": "",
                    "basis": "external",
                    "note": "Reference",
                },
            ]
        },
        format="json",
    )
    errors = field_errors(response)["sources"]
    assert "note" in errors[0]
    assert "quote" in errors[1]
    assert errors[2] == {}


def test_a_quote_must_be_in_the_source(analyst_client, source):
    response = analyst_client.patch(
        f"/api/v1/people/{PersonFactory().pk}/",
        {"sources": [cite("words never written", source)]},
        format="json",
    )
    assert "word for word" in field_errors(response)["sources"][0]["quote"][0]


# --- Provenance you can query ----------------------------------------------------------------


def test_a_records_provenance_lists_each_value_with_its_support(analyst_client, source):
    moscow = PlaceFactory(name="Moscow")
    record = RoundFactory(city=moscow, venue="Iikura House")
    record.citations.create(
        source=source,
        quote="The meeting will take place in Moscow",
        supports=["city", "start_date"],
    )
    body = APIClient().get(f"/api/v1/rounds/{record.pk}/provenance/").json()
    fields = {entry["field"]: entry for entry in body["fields"]}
    assert [c["quote"] for c in fields["city"]["citations"]] == [
        "The meeting will take place in Moscow"
    ]
    # A date, its end and its precision are one claim.
    assert fields["end_date"]["citations"] and fields["date_precision"]["citations"]
    assert "venue" in body["unsupported"] and "city" not in body["unsupported"]


def test_the_worklist_lists_records_with_unsupported_values(source):
    supported = TopicFactory(name="Security", description="")
    supported.citations.create(source=source, quote="will visit Moscow", supports=["name"])
    unsupported = TopicFactory(name="Trade")
    provenance.refresh_unsupported()  # written past the services
    client = APIClient()

    found = client.get("/api/v1/provenance/", {"unsupported": "1", "resource": "topic"}).json()
    ids = [entry["id"] for entry in found["results"]]
    assert unsupported.pk in ids and supported.pk not in ids

    by_source = client.get("/api/v1/provenance/", {"resource": "topic", "source": source.pk})
    assert [entry["id"] for entry in by_source.json()["results"]] == [supported.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"resource": "nope"}, "resource"),
        ({"unsupported": "maybe"}, "unsupported"),
        ({"source": "x"}, "source"),
        ({"source": "999"}, "source"),
    ],
)
def test_the_worklist_refuses_bad_parameters(params, field):
    assert field in field_errors(APIClient().get("/api/v1/provenance/", params))


def test_coverage_shows_which_sentences_are_cited(source):
    record = RoundFactory()
    record.citations.create(source=source, quote="take place in Moscow", supports=["city"])
    body = APIClient().get(f"/api/v1/sources/{source.pk}/coverage/").json()
    assert [sentence["text"] for sentence in body] == [
        "Foreign Minister Taro Kono will visit Moscow.",
        "The meeting will take place in Moscow for the first time.",
        "Experts have been discussing practical aspects.",
    ]
    assert body[0]["cited_by"] == [] and body[2]["cited_by"] == []
    assert body[1]["cited_by"][0]["resource"] == "round"
    assert body[1]["cited_by"][0]["id"] == record.pk


# --- In the admin ----------------------------------------------------------------------------


def test_the_admin_offers_citations_on_every_record_with_its_own_fields(admin_client, source):
    person = PersonFactory()
    page = admin_client.get(f"/admin/dialogue/person/{person.pk}/change/").content.decode()
    assert "citations-" in page or "dialogue-citation-content_type-object_id" in page
    assert 'value="country"' in page  # `supports` is chosen among the person's fields


# --- The migration keeps every citation ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_every_citation_and_its_history_and_back():
    executor = MigrationExecutor(connection)
    executor.migrate([("dialogue", "0009_value_bounds")])
    old = executor.loader.project_state([("dialogue", "0009_value_bounds")]).apps
    source = old.get_model("dialogue", "Source").objects.create(title="R", language="en")
    mechanism = old.get_model("dialogue", "Mechanism").objects.create(
        slug="m", name="M", kind="consultations"
    )
    first = old.get_model("dialogue", "MechanismCitation").objects.create(
        mechanism=mechanism, source=source, quote="one", note="n"
    )
    old.get_model("dialogue", "HistoricalMechanismCitation").objects.create(
        id=first.pk,
        mechanism_id=mechanism.pk,
        source_id=source.pk,
        quote="one",
        note="n",
        history_type="+",
        history_date="2020-01-01T00:00:00Z",
    )

    executor = MigrationExecutor(connection)
    executor.migrate([("dialogue", "0010_one_citation_model")])
    new = executor.loader.project_state([("dialogue", "0010_one_citation_model")]).apps
    citation = new.get_model("dialogue", "Citation").objects.get()
    assert (citation.object_id, citation.quote, citation.note, citation.basis) == (
        mechanism.pk,
        "one",
        "n",
        "stated",
    )
    assert citation.content_type.model == "mechanism"
    version = new.get_model("dialogue", "HistoricalCitation").objects.get()
    assert (version.id, version.history_type, version.quote) == (citation.pk, "+", "one")

    executor = MigrationExecutor(connection)
    executor.migrate([("dialogue", "0009_value_bounds")])
    back = executor.loader.project_state([("dialogue", "0009_value_bounds")]).apps
    restored = back.get_model("dialogue", "MechanismCitation").objects.get()
    assert (restored.mechanism_id, restored.quote) == (mechanism.pk, "one")
    assert back.get_model("dialogue", "HistoricalMechanismCitation").objects.count() == 1

    call_command("migrate", verbosity=0)


# --- The admin's change page says which values nothing supports ------------------------------


def test_admin_change_page_lists_the_values_no_citation_supports(admin_client, source):
    round_ = RoundFactory(name="Launch", summary="A launch.")
    participant = ParticipantFactory(round=round_, role="Foreign Minister")
    models.Citation.objects.create(
        record=round_, source=source, quote="will visit Moscow", supports=["name"]
    )
    page = admin_client.get(f"/admin/dialogue/round/{round_.pk}/change/").content.decode()
    listed = page.split('id="unsupported-values"')[1].split("</ul>")[0]
    assert "Summary" in listed
    assert "Name;" not in listed and not listed.startswith("Name")
    assert f"Participant “{participant}”: Role" in listed


def test_admin_change_page_says_when_every_value_is_supported(admin_client, source):
    topic = TopicFactory(name="Security", description="")
    models.Citation.objects.create(
        record=topic, source=source, quote="will visit Moscow", supports=["name"]
    )
    page = admin_client.get(f"/admin/dialogue/topic/{topic.pk}/change/").content.decode()
    assert "Every value of this record is supported by a citation." in page


def test_coverage_ends_a_sentence_at_a_blank_line():
    # A heading has no full stop: it is a sentence of its own, not the start of the next one.
    source = SourceFactory(text="Comment on the talks\n\nThe ministers met.\nThey talked.\n\nEnd")
    body = APIClient().get(f"/api/v1/sources/{source.pk}/coverage/").json()
    assert [sentence["text"] for sentence in body] == [
        "Comment on the talks",
        "The ministers met.",
        "They talked.",
        "End",
    ]


@pytest.mark.parametrize(
    "url", ["/api/v1/countries/JP/provenance/", "/api/v1/sources/{}/provenance/"]
)
def test_records_that_take_no_citations_have_no_provenance_address(url, source):
    # Countries come from ISO 3166 and sources are what citations point at: a 404, not a 500.
    assert_problem(APIClient().get(url.format(source.pk)), 404)
