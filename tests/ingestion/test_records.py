"""Reviewed ingestion, issue 12 item 1: document, figure (indicator) and organisation drafts,
in their resources' write payloads, with verbatim citations, accepted through the services."""

import datetime

import pytest

from dialogue.ingestion import extract as extraction
from dialogue.ingestion import quality
from dialogue.ingestion.lexicon import countries_only
from dialogue.models import Document, Draft, Indicator, Organisation, Round
from tests.factories import SourceFactory
from tests.ingestion.test_review import API, drafts_of

PUBLISHED = datetime.datetime(2023, 3, 25, 9, 0, tzinfo=datetime.UTC)

# Invented sentences in the genre, between a pair the seed does not hold.
TEXT = "\n\n".join(
    [
        ("Comment on the visit of the Foreign Minister of Brazil"),
        (
            "On March 22, Foreign Minister Sergey Lavrov held talks with Foreign Minister Mauro "
            "Vieira of Brazil in Moscow. The ministers signed a memorandum of understanding on "
            "consultations between the Ministry of Foreign Affairs of Brazil and the Russian "
            "Foreign Ministry. A plan of consultations for 2023-2024 was also signed."
        ),
        (
            "In the course of the visit, the Brazilian Workers’ Party and the United Russia Party"
            " signed a cooperation agreement."
        ),
        (
            "Bilateral trade grew by 37 per cent in 2022 to $9.8 billion. More than 400 students "
            "from Brazil study at Russian universities."
        ),
        (
            "The two sides recalled the Soviet-Brazilian agreement of April 2, 1945, on the "
            "establishment of diplomatic relations."
        ),
    ]
)


def read(text: str = TEXT, published=PUBLISHED) -> list[extraction.Spec]:
    return extraction.extract(
        text=text, published=published, home="RU", lexicon=countries_only(), source_id=1
    )


def of_type(specs: list[extraction.Spec], kind: str) -> list[extraction.Spec]:
    return [spec for spec in specs if spec.type == kind]


def test_signings_are_document_drafts_in_the_write_payloads_shape():
    specs = read()
    by_key = {spec.key: spec for spec in specs}
    documents = {spec.fields["kind"]: spec for spec in of_type(specs, "document")}
    memorandum = documents["memorandum"].fields
    assert set(memorandum) == {
        "title", "kind", "start_date", "end_date", "date_precision", "parties",
        "signatories", "round", "quantity", "topics", "description",
    }  # fmt: skip
    assert memorandum["title"].startswith("Memorandum of understanding on consultations")
    assert (memorandum["start_date"], memorandum["date_precision"]) == ("2023-03-22", "day")
    assert memorandum["parties"] == ["BR", "RU"] and memorandum["quantity"] == 1
    # Linked to the talks told just before it, as {"draft": key}.
    talks = by_key[memorandum["round"]["draft"]]
    assert talks.type == "round" and talks.fields["start_date"] == "2023-03-22"
    # Passive voice: "A plan … was also signed."
    assert documents["plan"].fields["start_date"] == "2023-03-22"
    # Bodies that sign are signatories, not states: a party agreement.
    agreement = documents["party_agreement"].fields
    assert agreement["parties"] == []
    signatories = {by_key[ref["draft"]].fields["name"] for ref in agreement["signatories"]}
    assert signatories == {"Brazilian Workers’ Party", "United Russia Party"} or signatories == {
        "Workers’ Party",
        "United Russia Party",
    }
    # An agreement cited with its date: dated, its parties from its adjectives.
    dated = documents["agreement"].fields
    assert (dated["start_date"], dated["date_precision"]) == ("1945-04-02", "day")
    assert dated["parties"] == ["SU", "BR"] or sorted(dated["parties"]) == ["BR", "SU"]
    # Every citation quotes the text word for word.
    for spec in of_type(specs, "document"):
        assert all(citation["quote"] in TEXT for citation in spec.citations)


def test_figures_are_indicator_drafts_with_value_unit_comparator_and_period():
    figures = {spec.fields["unit"]: spec for spec in of_type(read(), "indicator")}
    money = figures["USD"].fields
    assert money["value"] == "9800000000" and money["value_as_stated"] == "$9.8 billion"
    assert money["name"] == "Bilateral trade" and money["countries"] == ["BR", "RU"]
    assert (money["start_date"], money["end_date"], money["date_precision"]) == (
        "2022-01-01",
        "2022-12-31",
        "year",
    )
    share = figures["percent"].fields
    assert (share["name"], share["value"], share["comparator"]) == (
        "Growth of bilateral trade",
        "37",
        "eq",
    )
    count = figures["students"]
    assert (count.fields["value"], count.fields["comparator"]) == ("400", "gt")
    assert count.fields["value_as_stated"] == "More than 400"
    # No period stated: the year of publication, as an inference, and the draft says so.
    assert count.fields["start_date"] == "2023-01-01"
    assert any(c["basis"] == "inferred" for c in count.citations) and count.notes
    # Dates, ordinals and years are not figures.
    assert not any(
        spec.fields["value"] in ("22", "2022", "2023", "1945") for spec in figures.values()
    )


def test_organisations_are_drafts_with_their_kind_and_country():
    organisations = {spec.fields["name"]: spec.fields for spec in of_type(read(), "organisation")}
    assert organisations["Ministry of Foreign Affairs of Brazil"]["kind"] == "ministry"
    assert organisations["Ministry of Foreign Affairs of Brazil"]["country"] == "BR"
    assert organisations["Foreign Ministry"]["country"] == "RU"  # "the Russian Foreign Ministry"
    assert organisations["United Russia Party"]["kind"] == "party"
    assert set(next(iter(organisations.values()))) == {"name", "kind", "country", "parent", "note"}


def test_a_signatory_named_by_its_initials_is_the_organisation_named_in_full():
    specs = read(
        "Comment\n\nOn April 26, a delegation led by General Secretary of the ruling Liberal "
        "Democratic Party Toshihiro Nikai visited Moscow at the invitation of the United Russia "
        "Party. United Russia and the LDP signed a cooperation agreement."
    )
    (agreement,) = of_type(specs, "document")
    names = {spec.key: spec.fields["name"] for spec in of_type(specs, "organisation")}
    assert {names[ref["draft"]] for ref in agreement.fields["signatories"]} == {
        "United Russia Party",
        "Liberal Democratic Party",
    }
    assert agreement.fields["kind"] == "party_agreement"


def test_a_document_to_be_signed_is_not_a_signed_document():
    specs = read(
        "Comment\n\nOn March 30, the ministers are expected to sign an agreement on visas."
    )
    assert of_type(specs, "document") == []


@pytest.fixture
def brazil(db):
    return SourceFactory(
        title="Comment on the visit of the Foreign Minister of Brazil",
        text=TEXT,
        published_at=PUBLISHED,
        published_timezone="Europe/Moscow",
        language="en",
    )


def test_accepting_a_document_writes_it_with_its_round_and_signatories(analyst_client, brazil):
    drafts = drafts_of(analyst_client, brazil)
    by_kind = {d["fields"]["kind"]: d for d in drafts if d["type"] == "document"}
    memorandum = by_kind["memorandum"]
    response = analyst_client.post(f"{API}/drafts/{memorandum['id']}/accept/", format="json")
    assert response.status_code == 200, response.content[:800]
    document = Document.objects.get(pk=response.json()["record"])
    assert document.kind == "memorandum" and document.start_date == datetime.date(2023, 3, 22)
    assert set(document.parties.values_list("code", flat=True)) == {"BR", "RU"}
    # The round it refers to was accepted first, in the same write.
    assert document.round == Round.objects.get(
        pk=Draft.objects.get(pk=memorandum["fields"]["round"]["draft"]).record
    )
    assert document.citations.filter(quote=memorandum["citations"][0]["quote"]).exists()
    assert document.history.latest().history_user.username
    party = by_kind["party_agreement"]
    response = analyst_client.post(f"{API}/drafts/{party['id']}/accept/", format="json")
    assert response.status_code == 200, response.content[:800]
    document = Document.objects.get(pk=response.json()["record"])
    assert set(document.signatories.values_list("kind", flat=True)) == {"party"}
    assert Organisation.objects.filter(name="United Russia Party", country="RU").exists()


def test_accepting_a_figure_writes_an_indicator(analyst_client, brazil):
    drafts = drafts_of(analyst_client, brazil)
    money = next(d for d in drafts if d["type"] == "indicator" and d["fields"]["unit"] == "USD")
    response = analyst_client.post(f"{API}/drafts/{money['id']}/accept/", format="json")
    assert response.status_code == 200, response.content[:800]
    indicator = Indicator.objects.get(pk=response.json()["record"])
    assert (indicator.value, indicator.unit, indicator.date_precision) == (
        9_800_000_000,
        "USD",
        "year",
    )
    assert set(indicator.countries.values_list("code", flat=True)) == {"BR", "RU"}
    assert indicator.citations.get().quote == money["citations"][0]["quote"]
    # Twice is a 409, nothing written again.
    again = analyst_client.post(f"{API}/drafts/{money['id']}/accept/", format="json")
    assert again.status_code == 409 and Indicator.objects.count() == 1


def test_the_seed_releases_documents_and_figures_are_found():
    """The seed's signed documents and quoted figures (not its two undated plans, nor the
    "twice" of the ministers' meetings) are drafted, with their dates right."""
    result = quality.compare(quality.seed_release(), quality.read(quality.seed_release()))
    assert result.documents.found >= 4 and result.documents.share("precision") >= 0.75
    assert result.indicators.found >= 3 and result.indicators.share("precision") >= 0.75
    assert result.documents.share("fields") >= 0.9 and result.indicators.share("fields") >= 0.9


def test_a_sum_after_a_share_takes_the_subject_written_with_a_capital():
    specs = read(
        "Comment\n\nTrade between Russia and Brazil grew by 26.3 per cent in 2022 to a record "
        "$240.1 billion."
    )
    figures = {spec.fields["unit"]: spec.fields for spec in of_type(specs, "indicator")}
    assert figures["USD"]["name"] == "Trade between Russia and Brazil"
    assert figures["USD"]["value"] == "240100000000"
    assert figures["percent"]["name"] == "Growth of trade between Russia and Brazil"


def test_long_sentences_are_read_in_time():
    """A text of 100,000 characters in one sentence, with a signing every few words or in
    capitals throughout, is read in seconds: each took about two minutes (a company name,
    the sentence's dates and the documents near each verb were looked for all over it)."""
    import time

    signings = (
        "the ministers of Russia and Japan met 12 delegations of 34 experts in Moscow and signed "
        "an agreement on trade of the Ministry Of Foreign Affairs Of Japan "
    )
    capitals = "Ministry Of Foreign Affairs And Trade Of The Russian Federation And "
    for unit in (signings, capitals):
        started = time.monotonic()
        read("Comment\n\n" + (unit * 2000)[:99_000])
        assert time.monotonic() - started < 30


def test_a_document_or_figure_the_registry_holds_is_the_target_and_accepting_changes_none_of_it(
    analyst_client, seeded
):
    from dialogue.models import Source

    seed = Source.objects.get(pk=1)
    drafts = drafts_of(analyst_client, seed)
    trade = Indicator.objects.get(unit="USD")
    figure = next(d for d in drafts if d["type"] == "indicator" and d["fields"]["unit"] == "USD")
    assert figure["target"] == trade.pk
    interagency = Document.objects.get(kind="interagency")
    document = next(
        d for d in drafts if d["type"] == "document" and d["fields"]["kind"] == "interagency"
    )
    assert document["target"] == interagency.pk
    before = (trade.name, trade.note, trade.citations.count(), Indicator.objects.count())
    response = analyst_client.post(f"{API}/drafts/{figure['id']}/accept/", format="json")
    assert response.status_code == 200, response.content[:800]
    assert response.json()["record"] == trade.pk
    trade.refresh_from_db()
    # The analyst's name and note stay; the quote was already cited, so nothing is added.
    assert (trade.name, trade.note, trade.citations.count(), Indicator.objects.count()) == before
    response = analyst_client.post(f"{API}/drafts/{document['id']}/accept/", format="json")
    assert response.status_code == 200, response.content[:800]
    interagency.refresh_from_db()
    assert interagency.title.startswith("Four interagency documents signed during")
    assert Document.objects.count() == 6


def test_a_document_signed_long_ago_is_dated_so_and_not_linked_to_the_round_told():
    specs = read(
        "Comment\n\nOn March 22, the foreign ministers of Russia and Brazil held talks in "
        "Moscow. They noted the importance of the treaty on partnership signed in 2002."
    )
    (treaty,) = of_type(specs, "document")
    assert (treaty.fields["start_date"], treaty.fields["date_precision"]) == (
        "2002-01-01",
        "year",
    )
    assert treaty.fields["round"] is None


def test_the_registrys_lexicon_looks_up_rounds_documents_and_figures_instead_of_reading_them(db):
    """Reading a release costs the same on the seed and on a million rounds: the lexicon reads
    none of those tables whole, and finds a draft's stored match by an indexed query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dialogue.ingestion.lexicon import from_registry
    from tests.factories import DocumentFactory, IndicatorFactory, MechanismFactory, RoundFactory

    mechanism = MechanismFactory()
    rounds = RoundFactory.create_batch(3, mechanism=mechanism)
    other = RoundFactory()
    figure = IndicatorFactory()
    document = DocumentFactory(quantity=1)
    with CaptureQueriesContext(connection) as queries:
        lexicon = from_registry()
    read = " ".join(query["sql"] for query in queries)
    for table in (Round, Document, Indicator):
        assert f'"{table._meta.db_table}"' not in read
    assert {known.id for known in lexicon.stored.rounds_of(mechanism.pk)} == {
        round_.pk for round_ in rounds
    }
    assert lexicon.stored.round(other.pk).mechanism == other.mechanism_id
    key = (figure.value, figure.unit, figure.start_date, figure.end_date)
    assert lexicon.stored.indicator(key).id == figure.pk
    assert lexicon.stored.document(("agreement", 1, document.start_date, ())).id == document.pk
    assert lexicon.stored.document(("agreement", 2, document.start_date, ())) is None
