"""Tests of the seed fixture `release-2018-07-30` and of the scraped-text cleaner it relies on."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import Model

from dialogue.models import (
    Citation,
    Document,
    Indicator,
    Mechanism,
    Participant,
    Round,
    Source,
)
from dialogue.records import record_types

FIXTURE = "release-2018-07-30"
RAW_SOURCE = (
    Path(settings.BASE_DIR).parent / "shared/sources/release-2018-07-30-russia-japan-2plus2.txt"
)
PUBLISHED = datetime.date(2018, 7, 30)


def registry_models() -> list[type[Model]]:
    """Every kind of record that the fixture fills (countries come from a migration; drafts
    are proposals read from a source, not records a release states)."""
    return [model for model in record_types() if model._meta.model_name != "country"]


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in registry_models()}


def all_citations() -> list[Citation]:
    return list(Citation.objects.all())


# --------------------------------------------------------------------------- loading


@pytest.mark.django_db
def test_fixture_fills_every_registry_model(seeded: None) -> None:
    empty = [label for label, count in counts().items() if count == 0]
    assert empty == []


@pytest.mark.django_db
def test_loading_twice_duplicates_nothing(seeded: None) -> None:
    before = counts()
    call_command("loaddata", FIXTURE, verbosity=0)
    assert counts() == before


@pytest.mark.django_db
def test_every_object_passes_full_clean(seeded: None) -> None:
    failures = {}
    for model in registry_models():
        for obj in model.objects.all():
            try:
                obj.full_clean()
            except Exception as error:  # collect them all, to report every failure at once
                failures[f"{model._meta.label}#{obj.pk}"] = error
    assert failures == {}


@pytest.mark.django_db
def test_timestamps_are_set(seeded: None) -> None:
    for model in registry_models():
        field_names = {field.name for field in model._meta.fields}
        if {"created", "updated"} <= field_names:
            assert not model.objects.filter(created__isnull=True).exists(), model
            assert not model.objects.filter(updated__isnull=True).exists(), model


# --------------------------------------------------------------------------- the source


@pytest.mark.django_db
def test_source_metadata(seeded: None) -> None:
    source = Source.objects.get(pk=1)
    assert source.publisher.name == "Ministry of Foreign Affairs of the Russian Federation"
    assert source.published_at == datetime.datetime(2018, 7, 30, 8, 5, tzinfo=datetime.UTC)
    assert source.published_timezone == "Europe/Moscow"
    assert source.language == "en-GB"
    assert source.available_languages == ["en-GB", "ru-RU"]
    assert source.kind == "press_release"
    assert source.page_url == ""
    assert source.note


@pytest.mark.django_db
def test_source_text_is_the_raw_file_without_the_page_debris(seeded: None) -> None:
    """The seed's text is the scraped file's lines, word for word and in order, less their
    trailing spaces and the page's debris: its date line, language switcher and footer."""
    if not RAW_SOURCE.exists():
        pytest.skip(f"the scraped file {RAW_SOURCE} is not available")
    raw_lines = [line.rstrip() for line in RAW_SOURCE.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in Source.objects.get(pk=1).text.split("\n") if line]
    remaining = iter(raw_lines)
    assert all(line in remaining for line in lines)
    assert [line for line in raw_lines if line and line not in lines] == [
        "30 July 201811:05",
        "  • en-GB1 ru-RU1",
        "Advanced settings",
    ]


@pytest.mark.django_db
def test_source_text_has_no_debris(seeded: None) -> None:
    text = Source.objects.get(pk=1).text
    for debris in ("201811:05", "en-GB1", "ru-RU1", "Advanced settings", "\u00a0"):
        assert debris not in text
    assert text.startswith(
        "Comment by the Information and Press Department on the third round of 2+2 foreign "
        "and defence ministerial talks\n\nOn July 30–August 1, "
    )
    assert text.endswith("without a call at Yuzhno-Kurilsk.")
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert "Putin’s" in text


# --------------------------------------------------------------------------- key facts


@pytest.mark.django_db
def test_two_plus_two_rounds(seeded: None) -> None:
    mechanism = Mechanism.objects.get(slug="ru-jp-2plus2")
    assert set(mechanism.countries.values_list("code", flat=True)) == {"RU", "JP"}
    assert mechanism.kind == "two_plus_two"
    assert mechanism.level == "ministerial"
    assert (mechanism.established, mechanism.established_precision) == (
        datetime.date(2013, 1, 1),
        "year",
    )
    assert (mechanism.resumed, mechanism.resumed_precision) == (datetime.date(2017, 1, 1), "year")
    assert mechanism.basis_round.start_date == datetime.date(2016, 12, 1)
    assert list(mechanism.rounds.order_by("number").values_list("number", flat=True)) == [1, 2, 3]

    first, second = mechanism.rounds.get(number=1), mechanism.rounds.get(number=2)
    assert (first.start_date, first.end_date, first.date_precision) == (
        datetime.date(2013, 11, 1),
        datetime.date(2013, 11, 30),
        "month",
    )
    assert (second.start_date, second.end_date, second.date_precision) == (
        datetime.date(2017, 3, 1),
        datetime.date(2017, 3, 31),
        "month",
    )
    assert first.city.slug == second.city.slug == "tokyo"

    third = mechanism.rounds.get(number=3)
    assert third.status == "scheduled"
    assert third.start_date == third.end_date == datetime.date(2018, 7, 31)
    assert third.date_precision == "day"
    assert third.city.slug == "moscow"
    assert third.host_country_id == "RU"
    participants = {
        (p.person.name, p.country_id, p.role, p.organisation.name)
        for p in third.participants.select_related("person", "organisation")
    }
    assert participants == {
        ("Taro Kono", "JP", "Foreign Minister", "Ministry of Foreign Affairs of Japan"),
        ("Itsunori Onodera", "JP", "Defence Minister", "Ministry of Defense of Japan"),
        (
            "Sergey Lavrov",
            "RU",
            "Foreign Minister",
            "Ministry of Foreign Affairs of the Russian Federation",
        ),
        (
            "Sergey Shoigu",
            "RU",
            "Defence Minister",
            "Ministry of Defence of the Russian Federation",
        ),
    }
    assert "first time in Moscow" in third.summary


@pytest.mark.django_db
def test_strategic_dialogue_round_14_is_april_2018(seeded: None) -> None:
    round_ = Round.objects.get(mechanism__slug="ru-jp-strategic-dialogue", number=14)
    assert round_.date_precision == "month"
    assert (round_.start_date, round_.end_date) == (
        datetime.date(2018, 4, 1),
        datetime.date(2018, 4, 30),
    )
    assert round_.city.slug == "moscow"
    assert round_.status == "held"


@pytest.mark.django_db
def test_trade_turnover_2017(seeded: None) -> None:
    indicator = Indicator.objects.get(unit="USD")
    assert indicator.value == Decimal("18300000000")
    assert indicator.comparator == "eq"
    assert indicator.value_as_stated == "$18.3 billion"
    assert (indicator.start_date, indicator.end_date, indicator.date_precision) == (
        datetime.date(2017, 1, 1),
        datetime.date(2017, 12, 31),
        "year",
    )
    assert set(indicator.countries.values_list("code", flat=True)) == {"RU", "JP"}


@pytest.mark.django_db
def test_more_than_130_events(seeded: None) -> None:
    indicator = Indicator.objects.get(unit="events")
    assert (indicator.comparator, indicator.value) == ("gt", Decimal("130"))


@pytest.mark.django_db
def test_scheduled_rounds_are_those_after_publication(seeded: None) -> None:
    # A month-precision round that the release reports as past (July 2018) may end after it.
    scheduled = set(Round.objects.filter(status="scheduled").values_list("pk", flat=True))
    after = set(Round.objects.filter(start_date__gt=PUBLISHED).values_list("pk", flat=True))
    assert after <= scheduled
    assert not Round.objects.filter(status="scheduled", end_date__lt=PUBLISHED).exists()


@pytest.mark.django_db
def test_south_kuril_islands_take_no_side(seeded: None) -> None:
    islands = apps.get_model("dialogue", "Place").objects.get(slug="south-kuril-islands")
    assert islands.country is None
    usage = {(n.name, n.language, n.used_by_id) for n in islands.other_names.all()}
    assert ("Northern Territories", "en", "JP") in usage
    assert ("北方領土", "ja", "JP") in usage
    assert ("South Kuril Islands", "en", "RU") in usage
    town = islands.children.get(slug="yuzhno-kurilsk")
    assert town.country is None
    assert not Round.objects.filter(city=islands, host_country__isnull=False).exists()


@pytest.mark.django_db
def test_participants_sides_are_the_mechanisms_countries(seeded: None) -> None:
    for participant in Participant.objects.select_related("round__mechanism"):
        sides = set(participant.round.mechanism.countries.values_list("code", flat=True))
        assert participant.country_id in sides


# --------------------------------------------------------------------------- citations


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Mechanism, Round, Document, Indicator])
def test_every_record_has_a_citation(seeded: None, model: type[Model]) -> None:
    uncited = list(model.objects.filter(citations__isnull=True).values_list("pk", flat=True))
    assert uncited == []


@pytest.mark.django_db
def test_citations_quote_the_source_word_for_word(seeded: None) -> None:
    # External citations point at a reference (a website, no text) and quote nothing.
    text = Source.objects.get(pk=1).text
    for citation in all_citations():
        if citation.basis == "external":
            assert citation.source_id != 1 and citation.quote == ""
            continue
        assert citation.source_id == 1
        assert citation.quote in text, citation.quote


@pytest.mark.django_db
def test_relative_dates_are_resolved_against_publication(seeded: None) -> None:
    # A citation that dates its record from "this year" says so; one that quotes "this year"
    # for something else (a mechanism's round, another record's date) gives no date phrase.
    for citation in all_citations():
        dates = {"start_date", "end_date", "date_precision"} & set(citation.supports)
        if "this year" in citation.quote and dates and citation.basis == "stated":
            assert citation.date_phrase, citation.quote
        if "this year" in citation.date_phrase:
            assert citation.resolved_against == PUBLISHED, citation.quote
        if citation.date_phrase:
            assert citation.date_phrase in citation.quote
            assert citation.resolved_against in (PUBLISHED, None)


@pytest.mark.django_db
def test_inferred_round_numbers_are_explained(seeded: None) -> None:
    for number in (1, 2):
        round_ = Round.objects.get(mechanism__slug="ru-jp-2plus2", number=number)
        notes = round_.citations.values_list("note", flat=True)
        assert any("inferred" in note for note in notes)
    assert Mechanism.objects.get(slug="ru-jp-2plus2").citations.exists()
