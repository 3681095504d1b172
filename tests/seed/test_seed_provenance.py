"""The seed holds to issue 11: every value it shows is traceable to its sentence of the release,
or marked as the analyst's reading (`inferred`, with a note) or as outside knowledge (`external`,
citing a reference with a page); every sentence of the release that states a fact is cited."""

import pytest
from rest_framework.test import APIClient

from dialogue.date_phrases import resolve_date_phrase
from dialogue.management.commands.seed_audit import DOCUMENT, NO_RECORDS, NOT_FACTS, render
from dialogue.models import Citation, Participant
from dialogue.provenance import RESOURCES, claim_of, record_provenance
from dialogue.selectors import record_lookups

pytestmark = pytest.mark.django_db

RELEASE = 1
DATE_CLAIMS = (
    {"start_date", "end_date", "date_precision"},
    {"established", "established_precision"},
    {"resumed", "resumed_precision"},
)


@pytest.fixture
def citations(seeded) -> list[Citation]:
    return list(Citation.objects.select_related("source", "content_type"))


def test_no_value_of_the_seed_is_unsupported(seeded):
    body = APIClient().get("/api/v1/provenance/", {"unsupported": "1", "page_size": 500}).json()
    found = [(entry["resource"], entry["id"], entry["unsupported"]) for entry in body["results"]]
    assert found == []
    assert body["count"] == 0


def test_every_stated_value_is_in_its_quote(seeded):
    # Issue 21, §5: a `stated` citation's quote says each name, date, number, person, place and
    # country it supports (dialogue.citation_check); what it does not say is `inferred`.
    found = [
        (resource, record.pk, described["unverified"])
        for resource, model in RESOURCES.items()
        for record in model.objects.prefetch_related(*record_lookups(model))
        if (described := record_provenance(record))["unverified"]
    ]
    assert found == []


def test_every_citation_passes_full_clean(citations):
    # Quotes word for word in the release, a note for every inferred one, `supports` the
    # record's own fields, a date phrase inside its quote.
    failures = {}
    for citation in citations:
        try:
            citation.full_clean()
        except Exception as error:  # collect them all, to report every failure at once
            failures[citation.pk] = error
    assert failures == {}


def test_every_citation_names_the_fields_it_supports(citations):
    assert [citation.pk for citation in citations if not citation.supports] == []


def test_stated_and_inferred_citations_quote_the_release(citations):
    assert [
        citation.pk
        for citation in citations
        if citation.basis != "external" and (citation.source_id != RELEASE or not citation.quote)
    ] == []


def test_external_citations_cite_a_reference_with_a_page(citations):
    external = [citation for citation in citations if citation.basis == "external"]
    assert external
    for citation in external:
        assert citation.source_id != RELEASE, citation.pk
        assert citation.source.page_url, citation.pk
        assert citation.source.kind == "reference", citation.pk
        assert citation.note, citation.pk  # what it supports, and where to look


def test_a_date_phrase_dates_a_date_the_citation_supports(citations):
    for citation in citations:
        if citation.date_phrase:
            assert any(group & set(citation.supports) for group in DATE_CLAIMS), citation.pk


def test_date_phrases_resolve_to_the_records_dates(citations):
    checked = 0
    for citation in citations:
        if not citation.date_phrase:
            continue
        assert " ".join(citation.date_phrase.split()) in " ".join(citation.quote.split())
        resolved = resolve_date_phrase(citation.date_phrase, citation.resolved_against)
        assert resolved is not None, (citation.pk, citation.date_phrase)
        record = citation.record
        supports = set(citation.supports)
        if supports & claim_of("start_date"):
            # `within`: on some day of the span the phrase names.
            precision = "day" if record.date_precision == "within" else record.date_precision
            assert (resolved.start, resolved.end, resolved.precision) == (
                record.start_date,
                record.end_date,
                precision,
            ), citation.pk
            checked += 1
        for date in ("established", "resumed"):
            if supports & claim_of(date):
                assert (resolved.start, resolved.precision) == (
                    getattr(record, date),
                    getattr(record, f"{date}_precision"),
                ), citation.pk
                checked += 1
    assert checked >= 25


def test_a_relative_date_phrase_is_resolved_against_the_publication_date(citations):
    for citation in citations:
        if citation.date_phrase and resolve_date_phrase(citation.date_phrase, None) is None:
            assert citation.resolved_against is not None, citation.pk
            assert citation.resolved_against == citation.source.published_at.date(), citation.pk


def test_every_factual_sentence_of_the_release_is_cited(seeded):
    sentences = APIClient().get(f"/api/v1/sources/{RELEASE}/coverage/").json()
    assert len(sentences) == 43
    not_facts = [s for s in sentences if s["text"].startswith(tuple(NOT_FACTS))]
    assert len(not_facts) == len(NOT_FACTS)
    uncited = [
        (s["index"], s["text"])
        for s in sentences
        if not s["cited_by"] and not s["text"].startswith(tuple(NOT_FACTS))
    ]
    # A fact that names no record (“Experts in numerous formats …”) is the only kind left.
    assert [text for _, text in uncited if not text.startswith(tuple(NO_RECORDS))] == []
    assert len(uncited) == len(NO_RECORDS)


def test_every_participant_is_shown_with_the_sentence_that_names_them(seeded):
    for participant in Participant.objects.select_related("person"):
        citations = list(participant.citations.all())
        assert any(
            participant.person.name in citation.quote and {"person"} & set(citation.supports)
            for citation in citations
        ) or any(
            citation.basis == "inferred" and citation.note and "person" in citation.supports
            for citation in citations
        ), participant


def test_the_committed_audit_is_the_seeds(seeded):
    # Regenerate with: manage.py seed_audit --write (on a freshly seeded registry).
    committed = DOCUMENT.read_text(encoding="utf-8")
    assert render(committed) == committed
