"""Query-string filters and shapes of the list endpoints: rounds, documents, figures, mechanisms.

Expectations are computed in each test from the records its factories create, so a filter that
ignores its parameter, or drops a record it should keep, fails.
"""

import datetime

import pytest

from dialogue import models
from dialogue.api import serializers
from dialogue.choices import DatePrecision, MechanismLevel, RoundStatus
from tests.conftest import field_errors, no_field_errors
from tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    MechanismFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db

ROUNDS = "/api/v1/rounds/"
DOCUMENTS = "/api/v1/documents/"
INDICATORS = "/api/v1/indicators/"
MECHANISMS = "/api/v1/mechanisms/"


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def ids(response) -> set[int]:
    return {item["id"] for item in results(response)}


def ordered_ids(response) -> list[int]:
    return [item["id"] for item in results(response)]


def dated_round(start: str, end: str | None = None, precision=DatePrecision.DAY, **kwargs):
    return RoundFactory(
        start_date=day(start), end_date=day(end or start), date_precision=precision, **kwargs
    )


def april_2018_round(**kwargs) -> models.Round:
    """A round the source dates only as “April 2018”."""
    return dated_round("2018-04-01", "2018-04-30", DatePrecision.MONTH, **kwargs)


@pytest.fixture
def ru_jp() -> models.Mechanism:
    return MechanismFactory(slug="ru-jp-talks", countries=["RU", "JP"])


@pytest.fixture
def ru_cn() -> models.Mechanism:
    return MechanismFactory(slug="ru-cn-talks", countries=["RU", "CN"])


# --- Rounds: who -------------------------------------------------------------------------------


def test_rounds_by_one_country_include_every_mechanism_it_takes_part_in(api_client, ru_jp, ru_cn):
    ru_jp_round = RoundFactory(mechanism=ru_jp)
    ru_cn_round = RoundFactory(mechanism=ru_cn)
    RoundFactory(mechanism=MechanismFactory(countries=["JP", "US"]))

    assert ids(api_client.get(ROUNDS, {"country": "RU"})) == {ru_jp_round.pk, ru_cn_round.pk}


def test_rounds_by_repeated_country_need_every_country(api_client, ru_jp, ru_cn):
    ru_jp_round = RoundFactory(mechanism=ru_jp)
    RoundFactory(mechanism=ru_cn)

    response = api_client.get(ROUNDS, {"country": ["RU", "JP"]})

    assert ids(response) == {ru_jp_round.pk}


def test_rounds_of_ru_and_cn_are_excluded_by_ru_and_jp_even_with_a_jp_participant(
    api_client, ru_cn
):
    RoundFactory(mechanism=ru_cn, host_country=country("JP"))

    assert ids(api_client.get(ROUNDS, {"country": ["RU", "JP"]})) == set()


def test_rounds_by_mechanism_id(api_client, ru_jp, ru_cn):
    wanted = RoundFactory(mechanism=ru_jp)
    RoundFactory(mechanism=ru_cn)

    assert ids(api_client.get(ROUNDS, {"mechanism": ru_jp.pk})) == {wanted.pk}


def test_rounds_by_mechanism_slug(api_client, ru_jp, ru_cn):
    RoundFactory(mechanism=ru_jp)
    wanted = RoundFactory(mechanism=ru_cn)

    assert ids(api_client.get(ROUNDS, {"mechanism": "ru-cn-talks"})) == {wanted.pk}


def test_rounds_by_kind_repeated_match_any_of_them(api_client):
    summit = RoundFactory(mechanism=MechanismFactory(kind="summit"))
    forum = RoundFactory(mechanism=MechanismFactory(kind="forum"))
    RoundFactory(mechanism=MechanismFactory(kind="working_group"))

    assert ids(api_client.get(ROUNDS, {"kind": "summit"})) == {summit.pk}
    assert ids(api_client.get(ROUNDS, {"kind": ["summit", "forum"]})) == {summit.pk, forum.pk}


def test_rounds_by_level_repeated_match_any_of_them(api_client):
    ministers = RoundFactory(mechanism=MechanismFactory(level="ministerial"))
    deputies = RoundFactory(mechanism=MechanismFactory(level="deputy_minister"))
    RoundFactory(mechanism=MechanismFactory(level="working_level"))

    assert ids(api_client.get(ROUNDS, {"level": "ministerial"})) == {ministers.pk}
    both = api_client.get(ROUNDS, {"level": ["ministerial", "deputy_minister"]})
    assert ids(both) == {ministers.pk, deputies.pk}


def test_rounds_by_status(api_client):
    held = RoundFactory(status=RoundStatus.HELD)
    scheduled = RoundFactory(status=RoundStatus.SCHEDULED)
    RoundFactory(status=RoundStatus.CANCELLED)

    assert ids(api_client.get(ROUNDS, {"status": "scheduled"})) == {scheduled.pk}
    both = api_client.get(ROUNDS, {"status": ["held", "scheduled"]})
    assert ids(both) == {held.pk, scheduled.pk}


# Ranks written out here, highest first, independently of MechanismLevel's order.
AT_OR_ABOVE_DEPUTY_MINISTER = {
    "head_of_state_or_government",
    "ministerial",
    "first_deputy_minister",
    "deputy_minister",
}


def test_min_level_keeps_rounds_at_that_level_or_above(api_client):
    by_level = {
        level: RoundFactory(mechanism=MechanismFactory(level=level))
        for level in [*MechanismLevel.values, ""]
    }
    expected = {by_level[level].pk for level in AT_OR_ABOVE_DEPUTY_MINISTER}

    response = api_client.get(ROUNDS, {"min_level": "deputy_minister"})

    assert ids(response) == expected


def test_min_level_at_the_top_keeps_only_heads_of_state(api_client):
    top = RoundFactory(mechanism=MechanismFactory(level="head_of_state_or_government"))
    RoundFactory(mechanism=MechanismFactory(level="ministerial"))

    response = api_client.get(ROUNDS, {"min_level": "head_of_state_or_government"})

    assert ids(response) == {top.pk}


# --- Rounds: where, what, with whom --------------------------------------------------------------


@pytest.fixture
def moscow() -> models.Place:
    return PlaceFactory(slug="moscow", name="Moscow")


def test_rounds_by_city_slug(api_client, moscow):
    in_moscow = RoundFactory(city=moscow)
    RoundFactory(city=PlaceFactory(slug="tokyo", name="Tokyo"))
    RoundFactory(city=None)

    assert ids(api_client.get(ROUNDS, {"city": "moscow"})) == {in_moscow.pk}


def test_rounds_by_city_exact_name(api_client):
    st_petersburg = PlaceFactory(slug="st-petersburg", name="St Petersburg")
    wanted = RoundFactory(city=st_petersburg)
    RoundFactory(city=PlaceFactory(slug="petersburg-va", name="Petersburg"))

    assert ids(api_client.get(ROUNDS, {"city": "St Petersburg"})) == {wanted.pk}


def test_rounds_by_city_include_rounds_that_moved_through_it(api_client, moscow):
    held_there = RoundFactory(city=moscow)
    moved_through = RoundFactory(city=PlaceFactory(slug="st-petersburg"))
    moved_through.other_places.add(moscow)
    RoundFactory(city=PlaceFactory(slug="tokyo"))

    assert ids(api_client.get(ROUNDS, {"city": "moscow"})) == {held_there.pk, moved_through.pk}


def test_rounds_by_host_country(api_client):
    in_russia = RoundFactory(host_country=country("RU"))
    RoundFactory(host_country=country("JP"))
    RoundFactory(host_country=None)

    assert ids(api_client.get(ROUNDS, {"host_country": "RU"})) == {in_russia.pk}


def test_rounds_by_topic_slug(api_client):
    security = TopicFactory(slug="security")
    on_security = RoundFactory()
    on_security.topics.add(security, TopicFactory(slug="trade"))
    other = RoundFactory()
    other.topics.add(TopicFactory(slug="culture"))

    assert ids(api_client.get(ROUNDS, {"topic": "security"})) == {on_security.pk}


def test_rounds_by_participant(api_client):
    lavrov = PersonFactory(name="Sergey Lavrov")
    first = ParticipantFactory(person=lavrov).round
    second = ParticipantFactory(person=lavrov).round
    ParticipantFactory()  # someone else's round
    RoundFactory()

    assert ids(api_client.get(ROUNDS, {"participant": lavrov.pk})) == {first.pk, second.pk}


# --- Rounds: when (dates overlap) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "matches"),
    [
        ({"date_from": "2018-04-10", "date_to": "2018-04-12"}, True),  # inside the month
        ({"date_from": "2018-03-01", "date_to": "2018-06-30"}, True),  # around the month
        ({"date_to": "2018-04-01"}, True),  # touches its first day
        ({"date_from": "2018-04-30"}, True),  # touches its last day
        ({"date_from": "2018-03-15", "date_to": "2018-04-01"}, True),
        ({"date_to": "2018-03-31"}, False),  # ends the day before
        ({"date_from": "2018-05-01"}, False),  # starts the day after
        ({"date_from": "2018-05-01", "date_to": "2018-05-31"}, False),
    ],
)
def test_date_range_matches_a_month_precision_round_by_overlap(api_client, params, matches):
    april = april_2018_round()

    assert ids(api_client.get(ROUNDS, params)) == ({april.pk} if matches else set())


def test_year_matches_rounds_overlapping_it(api_client):
    in_2018 = dated_round("2018-07-31")
    new_year = dated_round("2017-12-30", "2018-01-02")
    dated_round("2017-12-31")
    dated_round("2019-01-01")

    assert ids(api_client.get(ROUNDS, {"year": 2018})) == {in_2018.pk, new_year.pk}


def test_a_round_across_new_year_matches_both_years(api_client):
    new_year = dated_round("2017-12-30", "2018-01-02")

    assert ids(api_client.get(ROUNDS, {"year": 2017})) == {new_year.pk}
    assert ids(api_client.get(ROUNDS, {"year": 2018})) == {new_year.pk}
    assert ids(api_client.get(ROUNDS, {"year": 2019})) == set()


def test_year_matches_a_year_precision_round(api_client):
    in_2013 = dated_round("2013-01-01", "2013-12-31", DatePrecision.YEAR)

    assert ids(api_client.get(ROUNDS, {"year": 2013})) == {in_2013.pk}
    assert ids(api_client.get(ROUNDS, {"year": 2014})) == set()


# --- Rounds: words -------------------------------------------------------------------------------


def test_q_finds_a_word_of_the_summary(api_client):
    wanted = RoundFactory(summary="The sides discussed the zeppelin programme.")
    RoundFactory(summary="The sides discussed trade.")

    assert ids(api_client.get(ROUNDS, {"q": "zeppelin"})) == {wanted.pk}


def test_q_is_case_insensitive(api_client):
    wanted = RoundFactory(summary="The sides discussed the zeppelin programme.")
    RoundFactory(summary="The sides discussed trade.")

    assert ids(api_client.get(ROUNDS, {"q": "ZEPPELIN"})) == {wanted.pk}


def test_q_finds_a_participants_name(api_client):
    wanted = ParticipantFactory(person=PersonFactory(name="Taro Kono")).round
    ParticipantFactory(person=PersonFactory(name="Sergey Lavrov"))

    assert ids(api_client.get(ROUNDS, {"q": "kono"})) == {wanted.pk}


def test_q_finds_a_cited_quote(api_client):
    source = SourceFactory(text="The ministers agreed on a quokka census.")
    wanted = RoundFactory()
    models.Citation.objects.create(record=wanted, source=source, quote="a quokka census")
    RoundFactory(summary="Nothing of note.")

    assert ids(api_client.get(ROUNDS, {"q": "quokka"})) == {wanted.pk}


def test_q_with_two_words_needs_both(api_client):
    both = RoundFactory(summary="zeppelin and quokka")
    RoundFactory(summary="zeppelin alone")
    RoundFactory(summary="quokka alone")

    assert ids(api_client.get(ROUNDS, {"q": "zeppelin quokka"})) == {both.pk}


def test_q_words_may_be_found_in_different_fields(api_client):
    both = ParticipantFactory(
        round=RoundFactory(summary="A zeppelin was shown."), person=PersonFactory(name="Taro Kono")
    ).round
    RoundFactory(summary="A zeppelin was shown.")

    assert ids(api_client.get(ROUNDS, {"q": "zeppelin kono"})) == {both.pk}


def test_q_combines_with_other_filters(api_client, ru_jp, ru_cn):
    wanted = RoundFactory(mechanism=ru_jp, summary="zeppelin")
    RoundFactory(mechanism=ru_cn, summary="zeppelin")

    response = api_client.get(ROUNDS, {"q": "zeppelin", "country": ["RU", "JP"], "year": 2018})

    assert ids(response) == {wanted.pk}


def test_q_with_ordering_follows_the_ordering(api_client):
    # The earlier round comes first both by default and by relevance; the ordering must win.
    earlier = dated_round("2016-01-10", summary="zeppelin, zeppelin, zeppelin")
    later = dated_round("2018-07-31", summary="a zeppelin")

    response = api_client.get(ROUNDS, {"q": "zeppelin", "ordering": "-start_date"})

    assert ordered_ids(response) == [later.pk, earlier.pk]


# --- Rounds: ordering ----------------------------------------------------------------------------


@pytest.fixture
def three_rounds() -> list[models.Round]:
    """Rounds whose start dates, numbers, mechanism names and creation order all differ."""
    return [
        dated_round("2016-01-10", number=3, mechanism=MechanismFactory(name="Bravo")),
        dated_round("2018-07-31", number=1, mechanism=MechanismFactory(name="Charlie")),
        dated_round("2013-11-02", number=2, mechanism=MechanismFactory(name="Alpha")),
    ]


@pytest.mark.parametrize(
    ("ordering", "key", "reverse"),
    [
        ("start_date", lambda r: r.start_date, False),
        ("-start_date", lambda r: r.start_date, True),
        ("number", lambda r: r.number, False),
        ("-number", lambda r: r.number, True),
        ("mechanism", lambda r: r.mechanism.name, False),
        ("-mechanism", lambda r: r.mechanism.name, True),
        ("created", lambda r: r.pk, False),
        ("-created", lambda r: r.pk, True),
    ],
)
def test_rounds_ordering(api_client, three_rounds, ordering, key, reverse):
    expected = [r.pk for r in sorted(three_rounds, key=key, reverse=reverse)]

    assert ordered_ids(api_client.get(ROUNDS, {"ordering": ordering})) == expected


# --- Rounds: bad values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("year", "abc"),
        ("year", "0"),
        ("date_from", "2018-13-01"),
        ("date_to", "tomorrow"),
        ("min_level", "top"),
        ("kind", "bogus"),
        ("level", "bogus"),
        ("status", "bogus"),
        ("country", "XX"),
        ("host_country", "XX"),
        ("mechanism", "no-such-slug"),
        ("mechanism", "999999"),
        ("city", "Atlantis"),
        ("ordering", "bogus"),
        ("topic", "nope"),
        ("participant", "999999"),
        ("participant", "abc"),
        ("fields", "nope"),
        ("brief", "maybe"),
    ],
)
def test_bad_round_filter_is_400_naming_the_parameter(api_client, param, value):
    RoundFactory()

    response = api_client.get(ROUNDS, {param: value})

    assert response.status_code == 400, response.content[:300]
    assert param in field_errors(response)


# --- Documents and figures: the same dated filters -----------------------------------------------


def dated_document(start: str, end: str | None = None, precision=DatePrecision.DAY, **kwargs):
    return DocumentFactory(
        start_date=day(start), end_date=day(end or start), date_precision=precision, **kwargs
    )


def dated_indicator(
    start: str, end: str, precision=DatePrecision.DAY, countries=("RU", "JP"), **kw
):
    indicator = IndicatorFactory(
        start_date=day(start), end_date=day(end), date_precision=precision, **kw
    )
    indicator.countries.set(countries)
    return indicator


def test_documents_by_year_overlap(api_client):
    in_2018 = dated_document("2018-05-26")
    across = dated_document("2017-12-30", "2018-01-02", DatePrecision.WITHIN)
    dated_document("2017-05-26")
    DocumentFactory(start_date=None, end_date=None)  # undated

    assert ids(api_client.get(DOCUMENTS, {"year": 2018})) == {in_2018.pk, across.pk}


@pytest.mark.parametrize(
    ("params", "matches"),
    [
        ({"date_from": "2018-04-10", "date_to": "2018-04-12"}, True),
        ({"date_to": "2018-04-01"}, True),
        ({"date_from": "2018-04-30"}, True),
        ({"date_to": "2018-03-31"}, False),
        ({"date_from": "2018-05-01"}, False),
    ],
)
def test_documents_date_range_by_overlap(api_client, params, matches):
    april = dated_document("2018-04-01", "2018-04-30", DatePrecision.MONTH)

    assert ids(api_client.get(DOCUMENTS, params)) == ({april.pk} if matches else set())


def test_documents_by_q(api_client):
    wanted = DocumentFactory(description="On a joint zeppelin line.")
    DocumentFactory(description="On fisheries.")

    assert ids(api_client.get(DOCUMENTS, {"q": "Zeppelin"})) == {wanted.pk}


def test_documents_by_repeated_country_need_every_country(api_client):
    both = DocumentFactory()
    both.parties.set(["RU", "JP"])
    ru_cn = DocumentFactory()
    ru_cn.parties.set(["RU", "CN"])

    assert ids(api_client.get(DOCUMENTS, {"country": ["RU", "JP"]})) == {both.pk}
    assert ids(api_client.get(DOCUMENTS, {"country": "RU"})) == {both.pk, ru_cn.pk}


def test_documents_by_country_include_those_signed_at_the_countries_rounds(api_client, ru_jp):
    signed_at_round = DocumentFactory(round=RoundFactory(mechanism=ru_jp))
    DocumentFactory()  # no parties, no round

    assert ids(api_client.get(DOCUMENTS, {"country": ["RU", "JP"]})) == {signed_at_round.pk}


def test_documents_by_topic_slug(api_client):
    security = TopicFactory(slug="security")
    on_security = DocumentFactory()
    on_security.topics.add(security)
    DocumentFactory().topics.add(TopicFactory(slug="culture"))

    assert ids(api_client.get(DOCUMENTS, {"topic": "security"})) == {on_security.pk}


def test_documents_bad_year_is_400(api_client):
    response = api_client.get(DOCUMENTS, {"year": "abc"})

    assert response.status_code == 400
    assert "year" in field_errors(response)


def test_indicators_by_year_overlap(api_client):
    in_2017 = dated_indicator("2017-01-01", "2017-12-31", DatePrecision.YEAR)
    across = dated_indicator("2016-07-01", "2017-06-30")
    dated_indicator("2018-01-01", "2018-12-31", DatePrecision.YEAR)

    assert ids(api_client.get(INDICATORS, {"year": 2017})) == {in_2017.pk, across.pk}


@pytest.mark.parametrize(
    ("params", "matches"),
    [
        ({"date_from": "2018-04-10", "date_to": "2018-04-12"}, True),
        ({"date_to": "2018-01-01"}, True),
        ({"date_from": "2018-12-31"}, True),
        ({"date_to": "2017-12-31"}, False),
        ({"date_from": "2019-01-01"}, False),
    ],
)
def test_indicators_date_range_by_overlap(api_client, params, matches):
    in_2018 = dated_indicator("2018-01-01", "2018-12-31", DatePrecision.YEAR)

    assert ids(api_client.get(INDICATORS, params)) == ({in_2018.pk} if matches else set())


def test_indicators_by_q(api_client):
    wanted = dated_indicator("2017-01-01", "2017-12-31", name="Zeppelin flights")
    dated_indicator("2017-01-01", "2017-12-31", name="Bilateral trade turnover")

    assert ids(api_client.get(INDICATORS, {"q": "zeppelin"})) == {wanted.pk}


def test_indicators_by_repeated_country_need_every_country(api_client):
    ru_jp = dated_indicator("2017-01-01", "2017-12-31", countries=["RU", "JP"])
    ru_cn = dated_indicator("2017-01-01", "2017-12-31", countries=["RU", "CN"])

    assert ids(api_client.get(INDICATORS, {"country": ["RU", "JP"]})) == {ru_jp.pk}
    assert ids(api_client.get(INDICATORS, {"country": "RU"})) == {ru_jp.pk, ru_cn.pk}


def test_indicators_bad_date_is_400(api_client):
    response = api_client.get(INDICATORS, {"date_from": "2018-13-01"})

    assert response.status_code == 400
    assert "date_from" in field_errors(response)


# --- Mechanisms ----------------------------------------------------------------------------------


def test_mechanisms_by_repeated_country_need_every_country(api_client, ru_jp, ru_cn):
    trilateral = MechanismFactory(countries=["RU", "JP", "CN"])

    assert ids(api_client.get(MECHANISMS, {"country": ["RU", "JP"]})) == {ru_jp.pk, trilateral.pk}
    assert ids(api_client.get(MECHANISMS, {"country": "CN"})) == {ru_cn.pk, trilateral.pk}


def test_mechanisms_by_kind_level_and_status(api_client):
    summit = MechanismFactory(kind="summit", level="head_of_state_or_government")
    forum = MechanismFactory(kind="forum", level="non_governmental", status="suspended")
    group = MechanismFactory(kind="working_group", level="working_level", status="dissolved")

    assert ids(api_client.get(MECHANISMS, {"kind": ["summit", "forum"]})) == {summit.pk, forum.pk}
    assert ids(api_client.get(MECHANISMS, {"level": "working_level"})) == {group.pk}
    assert ids(api_client.get(MECHANISMS, {"status": "suspended"})) == {forum.pk}


def test_mechanisms_by_slug(api_client, ru_jp, ru_cn):
    assert ids(api_client.get(MECHANISMS, {"slug": "ru-cn-talks"})) == {ru_cn.pk}


def test_mechanisms_by_q(api_client):
    wanted = MechanismFactory(description="Talks on the zeppelin line.")
    MechanismFactory(description="Talks on trade.")

    assert ids(api_client.get(MECHANISMS, {"q": "zeppelin"})) == {wanted.pk}


def test_mechanisms_active_since_need_a_round_ending_on_or_after_the_date(api_client):
    ends_on_the_day = dated_round("2018-01-01").mechanism
    spans_the_day = dated_round("2017-12-30", "2018-01-02").mechanism
    scheduled = dated_round("2019-03-01", status=RoundStatus.SCHEDULED).mechanism
    dated_round("2017-12-31")  # its mechanism last met the day before
    MechanismFactory()  # never met

    response = api_client.get(MECHANISMS, {"active_since": "2018-01-01"})

    assert ids(response) == {ends_on_the_day.pk, spans_the_day.pk, scheduled.pk}


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("country", "XX"),
        ("kind", "bogus"),
        ("level", "bogus"),
        ("status", "bogus"),
        ("active_since", "2018-13-01"),
    ],
)
def test_bad_mechanism_filter_is_400_naming_the_parameter(api_client, param, value):
    response = api_client.get(MECHANISMS, {param: value})

    assert response.status_code == 400
    assert param in field_errors(response)


def test_mechanism_last_round_is_the_latest_held_and_next_round_the_earliest_scheduled(
    api_client, ru_jp, today
):
    today(datetime.date(2018, 1, 1))
    dated_round("2013-11-01", mechanism=ru_jp, number=1)
    latest_held = dated_round("2017-03-20", mechanism=ru_jp, number=2)
    dated_round("2017-09-01", mechanism=ru_jp, number=3, status=RoundStatus.CANCELLED)
    # Created first, so neither id order nor creation order gives the answer.
    dated_round("2019-05-01", mechanism=ru_jp, number=5, status=RoundStatus.SCHEDULED)
    earliest_scheduled = dated_round(
        "2018-07-31", mechanism=ru_jp, number=4, status=RoundStatus.SCHEDULED
    )

    for response in (
        api_client.get(MECHANISMS, {"slug": ru_jp.slug}),
        api_client.get(f"{MECHANISMS}{ru_jp.pk}/"),
    ):
        body = response.json()
        body = body["results"][0] if "results" in body else body
        assert body["last_round"]["id"] == latest_held.pk
        assert body["next_round"]["id"] == earliest_scheduled.pk


def test_mechanism_last_and_next_round_are_brief_round_objects(api_client, ru_jp, today):
    today(datetime.date(2018, 7, 31))
    held = dated_round("2018-04-01", "2018-04-30", DatePrecision.MONTH, mechanism=ru_jp)
    dated_round("2018-07-31", mechanism=ru_jp, status=RoundStatus.SCHEDULED)

    body = api_client.get(f"{MECHANISMS}{ru_jp.pk}/").json()

    brief = set(serializers.RoundSerializer.Meta.brief_fields)
    assert set(body["last_round"]) == brief
    assert set(body["next_round"]) == brief
    assert body["last_round"]["date"] == "2018-04"
    assert body["last_round"]["url"] == f"http://testserver/api/v1/rounds/{held.pk}/"


def test_the_next_round_is_never_one_whose_date_has_passed(api_client, ru_jp, today):
    today(datetime.date(2018, 8, 1))
    dated_round("2018-07-31", mechanism=ru_jp, number=3, status=RoundStatus.SCHEDULED)
    # A month-precision round is next until its month has passed.
    august = dated_round(
        "2018-08-01",
        "2018-08-31",
        DatePrecision.MONTH,
        mechanism=ru_jp,
        number=4,
        status=RoundStatus.SCHEDULED,
    )

    body = api_client.get(f"{MECHANISMS}{ru_jp.pk}/").json()
    assert body["next_round"]["id"] == august.pk

    today(datetime.date(2018, 9, 1))
    assert api_client.get(f"{MECHANISMS}{ru_jp.pk}/").json()["next_round"] is None


def test_mechanism_without_rounds_has_null_last_and_next_round(api_client, ru_jp):
    dated_round("2018-07-31", mechanism=ru_jp, status=RoundStatus.CANCELLED)

    body = api_client.get(f"{MECHANISMS}{ru_jp.pk}/").json()

    assert body["last_round"] is None
    assert body["next_round"] is None


# --- A mechanism's rounds ------------------------------------------------------------------------


def test_mechanism_rounds_are_only_its_own(api_client, ru_jp, ru_cn):
    own = [RoundFactory(mechanism=ru_jp), RoundFactory(mechanism=ru_jp)]
    RoundFactory(mechanism=ru_cn)

    response = api_client.get(f"{MECHANISMS}{ru_jp.pk}/rounds/")

    assert ids(response) == {r.pk for r in own}


def test_mechanism_rounds_take_every_round_filter(api_client, ru_jp, ru_cn):
    wanted = april_2018_round(mechanism=ru_jp, status=RoundStatus.HELD)
    april_2018_round(mechanism=ru_jp, status=RoundStatus.SCHEDULED)
    dated_round("2017-04-10", mechanism=ru_jp)
    april_2018_round(mechanism=ru_cn)

    response = api_client.get(
        f"{MECHANISMS}{ru_jp.pk}/rounds/",
        {"status": "held", "date_from": "2018-04-10", "date_to": "2018-04-12"},
    )

    assert ids(response) == {wanted.pk}


def test_mechanism_rounds_with_a_bad_filter_is_400(api_client, ru_jp):
    response = api_client.get(f"{MECHANISMS}{ru_jp.pk}/rounds/", {"year": "abc"})

    assert response.status_code == 400
    assert "year" in field_errors(response)


def test_rounds_of_an_unknown_mechanism_is_a_json_404(api_client):
    response = api_client.get(f"{MECHANISMS}999999/rounds/")

    no_field_errors(response, 404)


# --- Shapes: brief and fields --------------------------------------------------------------------


SERIALIZERS = {
    "countries": serializers.CountrySerializer,
    "places": serializers.PlaceSerializer,
    "people": serializers.PersonSerializer,
    "organisations": serializers.OrganisationSerializer,
    "mechanisms": serializers.MechanismSerializer,
    "rounds": serializers.RoundSerializer,
    "documents": serializers.DocumentSerializer,
    "indicators": serializers.IndicatorSerializer,
    "topics": serializers.TopicSerializer,
    "sources": serializers.SourceSerializer,
}


@pytest.fixture
def one_of_each():
    """At least one record of every resource (countries come with the migrations)."""
    round_ = RoundFactory(city=PlaceFactory())
    ParticipantFactory(round=round_)
    round_.topics.add(TopicFactory())
    DocumentFactory(round=round_)
    dated_indicator("2017-01-01", "2017-12-31", DatePrecision.YEAR)
    SourceFactory()
    OrganisationFactory()
    return round_


@pytest.mark.parametrize("resource", sorted(SERIALIZERS))
def test_brief_list_has_exactly_the_brief_fields(api_client, one_of_each, resource):
    items = results(api_client.get(f"/api/v1/{resource}/", {"brief": "1"}))

    assert items
    for item in items:
        assert set(item) == set(SERIALIZERS[resource].Meta.brief_fields)


def test_brief_round_detail_has_exactly_the_brief_fields(api_client):
    round_ = RoundFactory()

    body = api_client.get(f"{ROUNDS}{round_.pk}/", {"brief": "1"}).json()

    assert set(body) == set(serializers.RoundSerializer.Meta.brief_fields)


def test_without_brief_the_full_fields_are_returned(api_client):
    round_ = RoundFactory()

    body = api_client.get(f"{ROUNDS}{round_.pk}/", {"brief": "0"}).json()

    assert set(body) == set(serializers.RoundSerializer.Meta.fields)


def test_fields_limits_the_list_to_those_keys(api_client):
    round_ = april_2018_round()

    items = results(api_client.get(ROUNDS, {"fields": "id,date"}))

    assert items == [{"id": round_.pk, "date": "2018-04"}]


def test_fields_limits_the_detail_to_those_keys(api_client):
    round_ = april_2018_round()

    body = api_client.get(f"{ROUNDS}{round_.pk}/", {"fields": "id,date"}).json()

    assert body == {"id": round_.pk, "date": "2018-04"}


def test_fields_outside_the_brief_form_is_400(api_client):
    RoundFactory()

    response = api_client.get(ROUNDS, {"brief": "1", "fields": "id,summary"})

    assert response.status_code == 400
    assert "fields" in field_errors(response)


# --- Shapes: EDTF dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "edtf"),
    [
        ("2018-04-01", "2018-04-30", DatePrecision.MONTH, "2018-04"),
        ("2018-07-31", "2018-07-31", DatePrecision.DAY, "2018-07-31"),
        ("2018-05-24", "2018-05-26", DatePrecision.DAY, "2018-05-24/2018-05-26"),
        ("2018-07-30", "2018-08-01", DatePrecision.WITHIN, "[2018-07-30..2018-08-01]"),
        ("2013-01-01", "2013-12-31", DatePrecision.YEAR, "2013"),
    ],
)
def test_round_date_is_edtf(api_client, start, end, precision, edtf):
    round_ = dated_round(start, end, precision)

    assert api_client.get(f"{ROUNDS}{round_.pk}/").json()["date"] == edtf


def test_posting_a_round_with_date_sets_its_span_and_precision(analyst_client):
    mechanism = MechanismFactory()

    response = analyst_client.post(ROUNDS, {"mechanism": mechanism.pk, "date": "2018-04"})

    assert response.status_code == 201, response.json()
    stored = models.Round.objects.get()
    assert (stored.start_date, stored.end_date, stored.date_precision) == (
        datetime.date(2018, 4, 1),
        datetime.date(2018, 4, 30),
        DatePrecision.MONTH,
    )


def test_patching_a_round_with_date_sets_its_span_and_precision(analyst_client):
    round_ = RoundFactory()

    response = analyst_client.patch(f"{ROUNDS}{round_.pk}/", {"date": "2018-04"})

    assert response.status_code == 200, response.json()
    assert response.json()["date"] == "2018-04"
    round_.refresh_from_db()
    assert (round_.start_date, round_.end_date, round_.date_precision) == (
        datetime.date(2018, 4, 1),
        datetime.date(2018, 4, 30),
        DatePrecision.MONTH,
    )


def test_posting_a_document_with_a_within_date(analyst_client):
    response = analyst_client.post(
        DOCUMENTS,
        {"title": "Memorandum", "kind": "memorandum", "date": "[2018-07-30..2018-08-01]"},
    )

    assert response.status_code == 201, response.json()
    stored = models.Document.objects.get()
    assert (stored.start_date, stored.end_date, stored.date_precision) == (
        datetime.date(2018, 7, 30),
        datetime.date(2018, 8, 1),
        DatePrecision.WITHIN,
    )


def test_writing_date_and_a_start_date_that_disagree_is_400_naming_date(analyst_client):
    mechanism = MechanismFactory()

    response = analyst_client.post(
        ROUNDS, {"mechanism": mechanism.pk, "date": "2018-04", "start_date": "2018-05-01"}
    )

    assert response.status_code == 400
    assert "disagree" in field_errors(response)["date"][0]
    assert not models.Round.objects.exists()


def test_writing_date_and_the_same_span_spelled_out_is_accepted(analyst_client):
    """A client may PUT back what it read, which has both forms."""
    mechanism = MechanismFactory()
    response = analyst_client.post(
        ROUNDS,
        {
            "mechanism": mechanism.pk,
            "date": "2018-04",
            "start_date": "2018-04-01",
            "end_date": "2018-04-30",
            "date_precision": "month",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["date"] == "2018-04"


def test_malformed_date_is_400_naming_date(analyst_client):
    round_ = RoundFactory()

    response = analyst_client.patch(f"{ROUNDS}{round_.pk}/", {"date": "2018-13"})

    assert response.status_code == 400
    assert "date" in field_errors(response)
    round_.refresh_from_db()
    assert round_.start_date == datetime.date(2018, 7, 31)


# --- The seeded registry -------------------------------------------------------------------------


def seeded_round(slug: str, **lookup) -> models.Round:
    return models.Round.objects.get(mechanism__slug=slug, **lookup)


def test_seed_russia_japan_contacts_at_deputy_minister_level_or_above_in_2018(api_client, seeded):
    response = api_client.get(
        ROUNDS,
        {"country": ["RU", "JP"], "year": 2018, "min_level": "deputy_minister", "page_size": 500},
    )

    found = ids(response)
    assert seeded_round("ru-jp-strategic-dialogue", number=14).pk in found
    assert seeded_round("ru-jp-2plus2", number=3).pk in found
    # Parliamentary exchanges, and the 2+2 rounds of other years, are left out.
    assert seeded_round("ru-jp-2plus2", number=2).pk not in found
    parliamentary = models.Round.objects.filter(mechanism__level="parliamentary")
    assert parliamentary.exists()
    assert not found & set(parliamentary.values_list("pk", flat=True))


def test_seed_what_happened_in_april_2018(api_client, seeded):
    response = api_client.get(
        ROUNDS, {"date_from": "2018-04-01", "date_to": "2018-04-30", "page_size": 500}
    )

    found = ids(response)
    strategic = seeded_round("ru-jp-strategic-dialogue", number=14)
    nikai = models.Round.objects.get(name__contains="Nikai")
    assert strategic.date_precision == DatePrecision.MONTH
    assert (nikai.start_date, nikai.end_date) == (day("2018-04-26"), day("2018-04-28"))
    assert {strategic.pk, nikai.pk} <= found
    assert seeded_round("ru-jp-2plus2", number=3).pk not in found


def test_seed_2plus2_last_round_is_round_2_and_next_round_is_round_3(api_client, seeded, today):
    today(datetime.date(2018, 7, 30))  # the day of the seed's release
    body = results(api_client.get(MECHANISMS, {"slug": "ru-jp-2plus2"}))[0]

    assert body["last_round"]["id"] == seeded_round("ru-jp-2plus2", number=2).pk
    assert body["last_round"]["number"] == 2
    assert body["next_round"]["id"] == seeded_round("ru-jp-2plus2", number=3).pk
    assert body["next_round"]["number"] == 3


def test_seed_2plus2_round_3_is_overdue_since_its_day_and_no_longer_next(api_client, seeded, today):
    today(datetime.date(2018, 8, 1))
    round_3 = seeded_round("ru-jp-2plus2", number=3)
    body = results(api_client.get(MECHANISMS, {"slug": "ru-jp-2plus2"}))[0]

    assert body["next_round"] is None
    assert api_client.get(f"{ROUNDS}{round_3.pk}/").json()["overdue"] is True


def test_a_boolean_filter_refuses_what_is_not_a_boolean(api_client):
    """django-filter read `?is_former=maybe` as no filter at all: every country came back."""
    response = api_client.get("/api/v1/countries/", {"is_former": "maybe"})

    assert "is_former" in field_errors(response)


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes"])
def test_a_boolean_filter_reads_the_usual_spellings(api_client, value):
    response = api_client.get("/api/v1/countries/", {"is_former": value, "page_size": 500})

    assert response.status_code == 200
    assert {row["is_former"] for row in response.json()["results"]} == {True}


@pytest.mark.parametrize("ordering", [",", "start_date,", ",number"])
def test_ordering_with_an_empty_item_is_400(api_client, ordering):
    response = api_client.get(ROUNDS, {"ordering": ordering})

    assert "ordering" in field_errors(response)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        (ROUNDS, {"status": "", "country": "", "kind": "", "topic": "", "host_country": ""}),
        (ROUNDS, {"fields": ""}),
        ("/api/v1/timeline/", {"type": "", "status": ""}),
        ("/api/v1/mechanisms/", {"level": "", "ordering": ""}),
    ],
)
def test_an_empty_query_value_means_no_value(api_client, path, query):
    """The schema says `allowEmptyValue`; single filters ignored an empty value, repeated ones
    (`status`, `country`, `kind` …), `fields` and `type` answered 400."""
    RoundFactory()
    without = api_client.get(path)

    response = api_client.get(path, query)

    assert response.status_code == 200, response.content[:300]
    assert response.json()["count"] == without.json()["count"]


def test_repeated_filter_ignores_its_empty_values_only(api_client):
    wanted = RoundFactory(status="held")
    RoundFactory(status="cancelled")

    response = api_client.get(f"{ROUNDS}?status=held&status=")

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]
