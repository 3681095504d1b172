"""The models' rules: database constraints and clean(), with errors keyed by field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dialogue import models
from dialogue.choices import DatePrecision
from dialogue.dates import describe_dates
from tests.factories import (
    IndicatorFactory,
    MechanismFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db


def error_keys(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.message_dict)


def new_round(**kwargs) -> models.Round:
    """An unsaved round of a fresh Russia–Japan mechanism, with no end date."""
    kwargs.setdefault("mechanism", MechanismFactory())
    kwargs.setdefault("start_date", datetime.date(2018, 7, 31))
    return models.Round(**kwargs)


# --- Dates -------------------------------------------------------------------------------


def test_end_before_start_is_rejected_by_full_clean_under_end_date():
    round_ = new_round(start_date=datetime.date(2018, 7, 31), end_date=datetime.date(2018, 7, 30))

    with pytest.raises(ValidationError) as excinfo:
        round_.full_clean()

    assert "end_date" in error_keys(excinfo)


def test_end_before_start_is_rejected_by_the_database():
    """The check constraint holds even for code that skips full_clean()."""
    round_ = new_round(start_date=datetime.date(2018, 7, 31), end_date=datetime.date(2018, 7, 30))

    with pytest.raises(IntegrityError), transaction.atomic():
        round_.save()

    assert not models.Round.objects.exists()


def test_end_equal_to_start_is_accepted():
    round_ = new_round(start_date=datetime.date(2018, 7, 31), end_date=datetime.date(2018, 7, 31))

    round_.full_clean()
    round_.save()

    assert models.Round.objects.get().end_date == datetime.date(2018, 7, 31)


@pytest.mark.parametrize(
    ("start", "precision", "expected_end"),
    [
        (datetime.date(2020, 2, 1), DatePrecision.MONTH, datetime.date(2020, 2, 29)),
        (datetime.date(2019, 2, 1), DatePrecision.MONTH, datetime.date(2019, 2, 28)),
        (datetime.date(2018, 4, 1), DatePrecision.MONTH, datetime.date(2018, 4, 30)),
        (datetime.date(2018, 12, 1), DatePrecision.MONTH, datetime.date(2018, 12, 31)),
        (datetime.date(2013, 1, 1), DatePrecision.YEAR, datetime.date(2013, 12, 31)),
        (datetime.date(2018, 7, 31), DatePrecision.DAY, datetime.date(2018, 7, 31)),
    ],
)
def test_omitted_end_date_is_derived_from_the_precision(start, precision, expected_end):
    round_ = new_round(start_date=start, date_precision=precision)

    round_.full_clean()

    assert round_.end_date == expected_end


def test_month_precision_must_start_on_the_first():
    round_ = new_round(start_date=datetime.date(2018, 4, 15), date_precision=DatePrecision.MONTH)

    with pytest.raises(ValidationError) as excinfo:
        round_.full_clean()

    assert "start_date" in error_keys(excinfo)


def test_month_precision_not_on_the_first_is_rejected_by_the_database():
    round_ = new_round(
        start_date=datetime.date(2018, 4, 15),
        end_date=datetime.date(2018, 4, 30),
        date_precision=DatePrecision.MONTH,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        round_.save()


def test_month_precision_must_end_on_the_last_day_of_a_month():
    round_ = new_round(
        start_date=datetime.date(2018, 4, 1),
        end_date=datetime.date(2018, 4, 20),
        date_precision=DatePrecision.MONTH,
    )

    with pytest.raises(ValidationError) as excinfo:
        round_.full_clean()

    assert "end_date" in error_keys(excinfo)


def test_year_precision_must_start_on_the_first_of_january():
    indicator = IndicatorFactory.build(
        start_date=datetime.date(2017, 3, 1),
        end_date=None,
        date_precision=DatePrecision.YEAR,
    )

    with pytest.raises(ValidationError) as excinfo:
        indicator.full_clean()

    assert "start_date" in error_keys(excinfo)


def test_within_precision_needs_an_end_after_the_start():
    round_ = new_round(
        start_date=datetime.date(2018, 7, 31),
        end_date=datetime.date(2018, 7, 31),
        date_precision=DatePrecision.WITHIN,
    )

    with pytest.raises(ValidationError) as excinfo:
        round_.full_clean()

    assert "end_date" in error_keys(excinfo)


def test_within_precision_without_an_end_is_rejected():
    """Deriving the end of a `within` date would give end == start, which says nothing."""
    round_ = new_round(start_date=datetime.date(2018, 7, 1), date_precision=DatePrecision.WITHIN)

    with pytest.raises(ValidationError) as excinfo:
        round_.full_clean()

    assert "end_date" in error_keys(excinfo)


def test_within_precision_with_a_later_end_is_accepted():
    round_ = new_round(
        start_date=datetime.date(2018, 7, 1),
        end_date=datetime.date(2018, 7, 31),
        date_precision=DatePrecision.WITHIN,
    )

    round_.full_clean()


def test_end_date_without_start_date_is_rejected():
    document = models.Document(
        title="Memorandum", kind="memorandum", start_date=None, end_date=datetime.date(2018, 1, 1)
    )

    with pytest.raises(ValidationError) as excinfo:
        document.full_clean()

    assert "start_date" in error_keys(excinfo)


def test_undated_document_is_accepted():
    document = models.Document(title="Memorandum", kind="memorandum")

    document.full_clean()
    document.save()

    assert document.end_date is None


# --- Rounds ------------------------------------------------------------------------------


def test_round_number_is_unique_within_a_mechanism():
    existing = RoundFactory(number=3)
    duplicate = new_round(mechanism=existing.mechanism, number=3)

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "number" in error_keys(excinfo)


def test_round_number_uniqueness_is_enforced_by_the_database():
    existing = RoundFactory(number=3)
    duplicate = new_round(mechanism=existing.mechanism, number=3, end_date=existing.end_date)

    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_same_round_number_in_two_mechanisms_is_accepted():
    RoundFactory(number=3)
    other = new_round(number=3)

    other.full_clean()
    other.save()

    assert models.Round.objects.filter(number=3).count() == 2


def test_two_unnumbered_rounds_of_a_mechanism_are_accepted():
    first = RoundFactory(number=None)
    second = new_round(mechanism=first.mechanism, number=None)

    second.full_clean()
    second.save()

    assert first.mechanism.rounds.count() == 2


def test_round_number_zero_is_rejected_under_number():
    round_ = new_round(number=0)

    with pytest.raises(ValidationError) as excinfo:
        round_.full_clean()

    assert "number" in error_keys(excinfo)


def test_participant_country_must_be_one_of_the_mechanisms_countries():
    round_ = RoundFactory(mechanism=MechanismFactory(countries=["RU", "JP"]))
    participant = models.Participant(round=round_, person=PersonFactory(), country=country("CN"))

    with pytest.raises(ValidationError) as excinfo:
        participant.full_clean()

    assert "country" in error_keys(excinfo)


def test_participant_of_one_of_the_mechanisms_countries_is_accepted():
    round_ = RoundFactory(mechanism=MechanismFactory(countries=["RU", "JP"]))
    participant = models.Participant(round=round_, person=PersonFactory(), country=country("JP"))

    participant.full_clean()


def test_a_person_takes_part_in_a_round_once():
    round_ = RoundFactory()
    person = PersonFactory()
    models.Participant.objects.create(round=round_, person=person, country=country("RU"))
    again = models.Participant(round=round_, person=person, country=country("RU"))

    with pytest.raises(ValidationError) as excinfo:
        again.full_clean()

    assert "person" in error_keys(excinfo)


# --- Citations ---------------------------------------------------------------------------


def test_citation_quote_matching_the_source_across_whitespace_is_accepted():
    source = SourceFactory(
        text="The ministers met in Moscow\non 31 July.  They discussed security."
    )
    citation = models.Citation(
        record=RoundFactory(), source=source, quote="met in  Moscow on\n31 July."
    )

    citation.full_clean()


def test_citation_quote_absent_from_the_source_is_rejected_under_quote():
    source = SourceFactory(text="The ministers met in Moscow on 31 July.")
    citation = models.Citation(
        record=RoundFactory(), source=source, quote="The ministers met in Tokyo on 31 July."
    )

    with pytest.raises(ValidationError) as excinfo:
        citation.full_clean()

    assert "quote" in error_keys(excinfo)


def test_citation_quote_is_not_checked_when_the_source_has_no_text():
    citation = models.Citation(
        record=RoundFactory(), source=SourceFactory(text=""), quote="Anything at all."
    )

    citation.full_clean()


def test_resolved_against_without_date_phrase_is_rejected():
    citation = models.Citation(
        record=RoundFactory(),
        source=SourceFactory(),
        quote="They discussed security.",
        resolved_against=datetime.date(2018, 7, 30),
    )

    with pytest.raises(ValidationError) as excinfo:
        citation.full_clean()

    assert "date_phrase" in error_keys(excinfo)


def test_resolved_against_with_date_phrase_is_accepted():
    citation = models.Citation(
        record=RoundFactory(),
        source=SourceFactory(text="They met on 31 July."),
        quote="They met on 31 July.",
        date_phrase="on 31 July",
        resolved_against=datetime.date(2018, 7, 30),
    )

    citation.full_clean()


def test_a_date_phrase_must_be_in_its_quote():
    citation = models.Citation(
        record=RoundFactory(),
        source=SourceFactory(),
        quote="They discussed security.",
        date_phrase="on 31 July",
        resolved_against=datetime.date(2018, 7, 30),
    )
    with pytest.raises(ValidationError) as caught:
        citation.full_clean()
    assert "not in the quote" in caught.value.message_dict["date_phrase"][0]


# --- Mechanisms --------------------------------------------------------------------------


def test_mechanism_resumed_before_established_is_rejected():
    mechanism = MechanismFactory.build(
        established=datetime.date(2013, 11, 2), resumed=datetime.date(2010, 1, 1)
    )

    with pytest.raises(ValidationError) as excinfo:
        mechanism.full_clean()

    assert "resumed" in error_keys(excinfo)


def test_mechanism_resumed_before_established_is_rejected_by_the_database():
    mechanism = MechanismFactory.build(
        established=datetime.date(2013, 11, 2), resumed=datetime.date(2010, 1, 1)
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        mechanism.save()


def test_mechanism_cannot_be_its_own_parent():
    mechanism = MechanismFactory()
    mechanism.parent = mechanism

    with pytest.raises(ValidationError) as excinfo:
        mechanism.full_clean()

    assert "parent" in error_keys(excinfo)


def test_mechanism_own_parent_is_rejected_by_the_database():
    mechanism = MechanismFactory()
    mechanism.parent = mechanism

    with pytest.raises(IntegrityError), transaction.atomic():
        mechanism.save()


def test_mechanism_parent_cycle_is_rejected():
    first = MechanismFactory()
    second = MechanismFactory(parent=first)
    first.parent = second

    with pytest.raises(ValidationError) as excinfo:
        first.full_clean()

    assert "parent" in error_keys(excinfo)


def test_mechanism_established_with_month_precision_must_start_on_the_first():
    mechanism = MechanismFactory.build(
        established=datetime.date(2013, 11, 2), established_precision=DatePrecision.MONTH
    )

    with pytest.raises(ValidationError) as excinfo:
        mechanism.full_clean()

    assert "established" in error_keys(excinfo)


# --- Countries and names -----------------------------------------------------------------


def test_every_iso_3166_country_exists_after_migrate():
    codes = set(models.Country.objects.values_list("code", flat=True))

    assert len(codes) >= 249
    assert {"RU", "JP", "CN", "US"} <= codes


def test_the_ussr_exists_as_a_former_country():
    ussr = models.Country.objects.get(code="SU")

    assert ussr.is_former
    assert not models.Country.objects.get(code="RU").is_former


def test_name_with_an_unknown_language_code_is_rejected():
    name = models.PersonName(person=PersonFactory(), name="Таро Коно", language="xx")

    with pytest.raises(ValidationError) as excinfo:
        name.full_clean()

    assert "language" in error_keys(excinfo)


def test_name_with_an_iso_639_1_language_code_is_accepted():
    name = models.PersonName(person=PersonFactory(), name="河野太郎", language="ja")

    name.full_clean()


def test_source_language_tag_with_unknown_region_is_rejected():
    source = SourceFactory.build(language="en-XZ")

    with pytest.raises(ValidationError) as excinfo:
        source.full_clean()

    assert "language" in error_keys(excinfo)


@pytest.mark.parametrize(
    "factory",
    [PlaceFactory, TopicFactory, OrganisationFactory],
    ids=lambda factory: factory._meta.model.__name__,
)
def test_a_record_cannot_be_its_own_parent(factory):
    record = factory()
    record.parent = record

    with pytest.raises(ValidationError) as excinfo:
        record.full_clean()

    assert "parent" in error_keys(excinfo)


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        ("2018-07-31", "2018-07-31", "day", "31 Jul 2018"),
        ("2018-04-26", "2018-04-28", "day", "26–28 Apr 2018"),
        ("2018-04-26", "2018-04-28", "within", "one day in 26–28 Apr 2018"),
        ("2018-07-30", "2018-08-01", "day", "30 Jul – 1 Aug 2018"),
        ("2018-12-30", "2019-01-02", "day", "30 Dec 2018 – 2 Jan 2019"),
        ("2018-04-01", "2018-04-30", "month", "Apr 2018"),
        ("2018-04-01", "2018-06-30", "month", "Apr–Jun 2018"),
        ("2018-01-01", "2018-12-31", "year", "2018"),
        (None, None, "day", "date unknown"),
    ],
)
def test_dates_read_as_a_person_writes_them(start, end, precision, shown):
    as_date = datetime.date.fromisoformat
    assert describe_dates(start and as_date(start), end and as_date(end), precision) == shown


def test_an_indicator_reads_as_its_figure_is_stated():
    assert str(IndicatorFactory(name="Meetings", value_as_stated="twice")) == "Meetings: twice"
    assert str(IndicatorFactory(name="Trade", value=5, unit="USD", value_as_stated="")) == (
        "Trade: 5 USD"
    )


# --- Citations ---------------------------------------------------------------------------------


def test_prefetching_citations_builds_no_filtered_query_per_record(monkeypatch):
    """Django's generic relation filtered a queryset for each record of a prefetched page
    (a quarter of a page of places); the citations manager defers it, as reverse keys do."""
    from django.db.models.query import QuerySet

    source = SourceFactory()
    topics = TopicFactory.create_batch(30)
    for topic in topics:
        models.Citation.objects.create(record=topic, source=source, quote=f"About {topic.name}.")
    filters = []
    apply = QuerySet._filter_or_exclude_inplace
    monkeypatch.setattr(
        QuerySet,
        "_filter_or_exclude_inplace",
        lambda self, *args, **kwargs: filters.append(1) or apply(self, *args, **kwargs),
    )

    prefetched = list(models.Topic.objects.prefetch_related("citations").order_by("pk"))

    assert len(filters) < 5
    assert [[c.quote for c in t.citations.all()] for t in prefetched] == [
        [f"About {topic.name}."] for topic in topics
    ]
    # A further filter still reads this record's citations only.
    assert prefetched[0].citations.filter(source=source).count() == 1
