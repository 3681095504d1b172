"""Stated means the quote says it (issue 21, §5): a value a `stated` citation supports that its
quote does not say is `unverified`, in the provenance API and on the admin's change page."""

import datetime
import time
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from dialogue import citation_check, models
from dialogue.citation_check import Quote, Span, numbers, says_phrase, says_words, words
from dialogue.provenance import record_provenance
from tests.factories import (
    IndicatorFactory,
    ParticipantFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    country,
)

PUBLISHED = datetime.datetime(2018, 7, 30, 8, 5, tzinfo=datetime.UTC)


def spans(quote: str) -> list[Span]:
    source = models.Source(published_at=PUBLISHED)
    return Quote(models.Citation(source=source, quote=quote)).spans


def says_date(quote: str, value: datetime.date, precision: str = "day") -> bool:
    return citation_check.says_date(spans(quote), value, precision)


# --- The matcher, without the database ----------------------------------------------------------


def test_words_ignore_case_dashes_quotes_diacritics_and_articles():
    assert words("The Year of Japan’s “Culture” — Tōkyō") == words("year of Japan's culture tokyo")
    assert says_phrase(words("exchanges between the defence ministries"), "Defence Ministries")
    assert not says_phrase(words("defence ministries"), "ministries defence")


def test_a_country_is_the_same_word_by_name_short_name_or_adjective():
    assert words("Russia–Japan talks") == words("Russian-Japanese talks")
    assert words("the Russian Federation") == words("Russia") == ["#RU"]
    assert words("the USSR and Japan") == words("Soviet Union and Japan")
    assert words("give us the map") == ["give", "us", "map"]  # “us” is not the US


@pytest.mark.parametrize(
    ("quote", "number"),
    [
        ("the third round", 3),
        ("the 14th round", 14),
        ("four interagency and seven commercial documents", 7),
        ("meeting twice", 2),
        ("twenty-one events", 21),
        ("grew by 13.9 per cent", Decimal("13.9")),
        ("to $18.3 billion", 18_300_000_000),
        ("more than 1,000 events", 1000),
    ],
)
def test_numbers_in_digits_or_words(quote, number):
    assert Decimal(number) in numbers(words(quote))


def test_a_number_is_not_part_of_another():
    assert 13 not in numbers(words("more than 130 events in 2013"))
    assert 3 not in numbers(words("the 13th Festival"))


@pytest.mark.parametrize(
    "quote",
    [
        "The talks were held on 31 July 2018.",
        "The talks were held on July 31, 2018.",
        "The talks will be held on 31 July.",  # the year of the release
        "On July 30–August 1, the ministers will visit Russia.",  # a span's last day … or first
    ],
)
def test_a_day_in_its_usual_written_forms(quote):
    day = datetime.date(2018, 7, 31) if "30" not in quote else datetime.date(2018, 7, 30)
    assert says_date(quote, day)


def test_a_date_the_quote_does_not_say():
    assert not says_date("The talks were held on 30 July 2018.", datetime.date(2018, 7, 31))
    # A day inside a span is not said: only its ends are.
    assert not says_date("On July 30–August 1, they will visit.", datetime.date(2018, 7, 31))
    # The month is not the first of the month.
    assert not says_date("in July 2018", datetime.date(2018, 7, 1), "day")


def test_a_month_or_a_year_at_reduced_precision():
    assert says_date("in July 2018", datetime.date(2018, 7, 1), "month")
    assert says_date("In July, Tokyo hosted consultations.", datetime.date(2018, 7, 1), "month")
    assert says_date("on 31 July 2018", datetime.date(2018, 7, 1), "month")
    assert says_date("launched in 2013", datetime.date(2013, 1, 1), "year")
    assert not says_date("in June 2018", datetime.date(2018, 7, 1), "month")
    assert not says_date("launched in 2013", datetime.date(2014, 1, 1), "year")


def test_a_records_name_is_its_words_whatever_their_ending():
    quote = words("Vladimir Putin and Shinzo Abe attended a ceremony to launch the Year of Japan.")
    assert says_words(quote, "Ceremony launching the Year of Japan", set())
    assert not says_words(quote, "Ceremony launching the Year of Russia", set())
    # A year in the name is said by a date of the quote (“In July” of a release of 2018).
    assert says_words(
        words("In July, Tokyo hosted consultations."), "Consultations, July 2018", {2018}
    )
    assert not says_words(
        words("In July, Tokyo hosted consultations."), "Consultations, 2019", {2018}
    )


def test_reading_is_linear_in_the_quote():
    # Wall times are noisy on a shared machine: only an order of magnitude is checked.
    short = "Sergey Lavrov met Taro Kono in Moscow on 31 July 2018, the 3rd time. " * 100
    started = time.perf_counter()
    words(short), numbers(words(short)), spans(short)
    small = time.perf_counter() - started
    started = time.perf_counter()
    long = short * 10
    words(long), numbers(words(long)), spans(long)
    assert time.perf_counter() - started < max(small * 40, 0.5)


# --- Each kind of value, on a record ------------------------------------------------------------


@pytest.fixture
def source(db):
    return SourceFactory(
        text="Foreign Minister Sergey Lavrov met Japanese Foreign Minister Taro Kono in Moscow on "
        "31 July 2018 at the third round of the talks. The ministers met in Tokyo in March.",
        published_at=PUBLISHED,
    )


def stated(record, source, quote: str, supports: list[str]) -> models.Citation:
    return models.Citation.objects.create(
        record=record, source=source, quote=quote, supports=supports, basis="stated"
    )


@pytest.mark.django_db
def test_values_the_quote_says_are_verified(source):
    moscow = PlaceFactory(name="Moscow")
    round_ = RoundFactory(number=3, city=moscow, host_country=country("RU"))
    lavrov = ParticipantFactory(round=round_, person=PersonFactory(name="Sergei Lavrov"))
    quote = "Foreign Minister Sergey Lavrov met Japanese Foreign Minister Taro Kono in Moscow"
    stated(lavrov, source, quote, ["person", "country"])  # “Sergei Lavrov” by his surname
    stated(
        round_,
        source,
        "Foreign Minister Sergey Lavrov met Japanese Foreign Minister Taro Kono in Moscow on 31 "
        "July 2018 at the third round of the talks.",
        ["number", "city", "start_date"],
    )
    described = record_provenance(round_)
    # The participant's country, Russia, is not in the quote (only “Japanese”): reported.
    assert described["unverified"] == ["participants[0].country"]


@pytest.mark.django_db
def test_values_the_quote_does_not_say_are_unverified(source):
    round_ = RoundFactory(
        number=4,
        city=PlaceFactory(name="Tokyo"),
        host_country=country("JP"),
        start_date=datetime.date(2018, 7, 30),
    )
    ParticipantFactory(round=round_, person=PersonFactory(name="Sergey Shoigu"))
    participant = round_.participants.get()
    quote = "Foreign Minister Sergey Lavrov met Japanese Foreign Minister Taro Kono in Moscow"
    stated(participant, source, quote, ["person"])
    stated(round_, source, quote, ["number", "city", "start_date", "host_country"])
    described = record_provenance(round_)
    # A date is one claim with its end: both are checked, and neither is said.
    assert sorted(described["unverified"]) == [
        "city",
        "end_date",
        "number",
        "participants[0].person",
        "start_date",
    ]
    # Japan is said by its adjective (“Japanese”).
    assert "host_country" not in described["unverified"]


@pytest.mark.django_db
def test_only_stated_citations_are_checked(source):
    round_ = RoundFactory(number=9)
    models.Citation.objects.create(
        record=round_,
        source=source,
        quote="The ministers met in Tokyo in March.",
        supports=["number"],
        basis="inferred",
        note="The ninth meeting, counting those before.",
    )
    assert record_provenance(round_)["unverified"] == []


@pytest.mark.django_db
def test_a_place_by_another_name_and_a_figure_as_stated(db):
    source = SourceFactory(
        text="Trade grew to $18.3 billion. Abe visited St. Petersburg.", published_at=PUBLISHED
    )
    city = PlaceFactory(name="Saint Petersburg")
    models.PlaceName.objects.create(place=city, name="St Petersburg", language="en")
    round_ = RoundFactory(city=city)
    stated(round_, source, "Abe visited St. Petersburg.", ["city"])
    indicator = IndicatorFactory(value_as_stated="$18.3 billion", name="Trade")
    stated(indicator, source, "Trade grew to $18.3 billion.", ["value", "value_as_stated", "name"])
    assert record_provenance(round_)["unverified"] == []
    assert record_provenance(indicator)["unverified"] == []


# --- The API and the admin ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_provenance_api_lists_unverified_values(source):
    round_ = RoundFactory(number=5, city=PlaceFactory(name="Moscow"))
    stated(round_, source, "The ministers met in Tokyo in March.", ["number", "city"])
    body = APIClient().get(f"/api/v1/rounds/{round_.pk}/provenance/").json()
    assert body["unverified"] == ["number", "city"]
    assert "number" not in body["unsupported"]


@pytest.mark.django_db
def test_the_admin_change_page_lists_unverified_values(admin_client, source):
    round_ = RoundFactory(number=5, city=PlaceFactory(name="Moscow"), summary="")
    stated(round_, source, "The ministers met in Tokyo in March.", ["number", "city"])
    page = admin_client.get(f"/admin/dialogue/round/{round_.pk}/change/").content.decode()
    listed = page.split('id="unverified-values"')[1].split("</ul>")[0]
    assert "Unverified: 2 values" in listed
    assert "Number; City" in listed


@pytest.mark.django_db
def test_the_admin_change_page_says_nothing_when_every_stated_value_is_said(admin_client, source):
    round_ = RoundFactory(number=3, city=PlaceFactory(name="Moscow"))
    stated(round_, source, "in Moscow on 31 July 2018 at the third round", ["number", "city"])
    page = admin_client.get(f"/admin/dialogue/round/{round_.pk}/change/").content.decode()
    assert 'id="unverified-values"' not in page
