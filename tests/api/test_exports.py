"""Lists as spreadsheets (`?format=csv`) and rounds as calendars (`?format=ics`).

Each export is parsed back (csv.DictReader, icalendar) and compared with the JSON list for the
same filters, so an export that drops rows, ignores a filter or stops at one page fails.
"""

import csv
import datetime
import io
import re
import tracemalloc

import icalendar
import pytest
from rest_framework.test import APIRequestFactory

from dialogue import models
from dialogue.api import exports, serializers
from dialogue.api.urls import router
from dialogue.choices import DatePrecision, RoundStatus
from tests.conftest import API_RESOURCES, field_errors, problem
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
RESOURCES = {prefix: viewset for prefix, viewset, _basename in router.registry}


def csv_rows(response) -> list[dict[str, str]]:
    """The rows of a streamed CSV response, checked to be one."""
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming is True
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def json_ids(client, path: str, params: dict | None = None, key: str = "id") -> list:
    """Ids of the whole JSON list (one page of up to 500), in its order."""
    response = client.get(path, {**(params or {}), "page_size": 500})
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert body["next"] is None, "the test data should fit on one page"
    return [item[key] for item in body["results"]]


def calendar_events(response) -> list[icalendar.Event]:
    """The events of a streamed calendar, checked to be one."""
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    assert response["Content-Type"].startswith("text/calendar")
    assert response.streaming is True
    return icalendar.Calendar.from_ical(b"".join(response.streaming_content)).walk("VEVENT")


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def one_of_each() -> models.Round:
    """At least one record of every resource (countries come with the migrations)."""
    round_ = RoundFactory(city=PlaceFactory())
    ParticipantFactory(round=round_)
    round_.topics.add(TopicFactory())
    DocumentFactory(round=round_).parties.set(["RU", "JP"])
    IndicatorFactory().countries.set(["RU", "JP"])
    SourceFactory()
    OrganisationFactory()
    return round_


@pytest.fixture
def ru_jp_and_ru_cn_rounds() -> tuple[list[models.Round], list[models.Round]]:
    ru_jp = MechanismFactory(countries=["RU", "JP"])
    ru_cn = MechanismFactory(countries=["RU", "CN"])
    wanted = [
        RoundFactory(mechanism=ru_jp, start_date=day("2016-12-15")),
        RoundFactory(mechanism=ru_jp, start_date=day("2018-05-26")),
        RoundFactory(mechanism=ru_jp, start_date=day("2013-11-02")),
    ]
    others = [RoundFactory(mechanism=ru_cn), RoundFactory(mechanism=ru_cn)]
    return wanted, others


# --- CSV: the same records as the JSON list ------------------------------------------------------


@pytest.mark.parametrize("resource", API_RESOURCES)
def test_csv_has_the_same_records_as_the_json_list(api_client, one_of_each, resource):
    path = f"/api/v1/{resource}/"
    key = "code" if resource == "countries" else "id"
    expected = [str(value) for value in json_ids(api_client, path, key=key)]

    rows = csv_rows(api_client.get(path, {"format": "csv"}))

    assert expected
    assert [row[key] for row in rows] == expected


# The columns a CSV adds after a mechanism's key: what the key names (issue 26).
LABEL_COLUMNS = {"rounds": ("mechanism", ["mechanism_name", "mechanism_countries"]),
                 "mechanisms": ("parent", ["parent_name", "parent_countries"])}  # fmt: skip


def with_label_columns(fields: list[str], resource: str = "rounds") -> list[str]:
    """The CSV's columns of these JSON fields: the labels after the mechanism's key."""
    key, labels = LABEL_COLUMNS[resource]
    if key in fields:
        at = fields.index(key) + 1
        fields[at:at] = labels
    return fields


@pytest.mark.parametrize("resource", API_RESOURCES)
def test_csv_columns_are_the_json_fields_with_labels_beside_mechanisms_keys(
    api_client, one_of_each, resource
):
    path = f"/api/v1/{resource}/"
    expected = list(api_client.get(path).json()["results"][0])
    if resource in LABEL_COLUMNS:
        expected = with_label_columns(expected, resource)

    rows = csv_rows(api_client.get(path, {"format": "csv"}))

    assert list(rows[0]) == expected


def test_the_rounds_csv_names_the_mechanism_and_its_countries_beside_its_key(api_client):
    """Issue 26: the mechanism column was a bare id."""
    mechanism = MechanismFactory(name="Russia–Japan 2+2", countries=["RU", "JP"])
    RoundFactory(mechanism=mechanism)

    (row,) = csv_rows(api_client.get(ROUNDS, {"format": "csv"}))

    assert row["mechanism"] == str(mechanism.pk)
    assert row["mechanism_name"] == "Russia–Japan 2+2"
    assert row["mechanism_countries"] == "Japan–Russian Federation"


def test_csv_is_the_whole_list_not_one_page(api_client):
    mechanism = MechanismFactory()
    rounds = RoundFactory.create_batch(55, mechanism=mechanism)
    assert api_client.get(ROUNDS).json()["count"] == 55
    assert len(api_client.get(ROUNDS).json()["results"]) == 50

    rows = csv_rows(api_client.get(ROUNDS, {"format": "csv"}))

    assert len(rows) == 55
    assert {int(row["id"]) for row in rows} == {r.pk for r in rounds}


def test_csv_honours_the_filters(api_client, ru_jp_and_ru_cn_rounds):
    wanted, _ = ru_jp_and_ru_cn_rounds
    params = {"country": ["RU", "JP"]}

    rows = csv_rows(api_client.get(ROUNDS, {**params, "format": "csv"}))

    assert {int(row["id"]) for row in rows} == {r.pk for r in wanted}
    assert [int(row["id"]) for row in rows] == json_ids(api_client, ROUNDS, params)


def test_csv_honours_the_ordering(api_client, ru_jp_and_ru_cn_rounds):
    wanted, _ = ru_jp_and_ru_cn_rounds
    params = {"country": ["RU", "JP"], "ordering": "-start_date"}
    newest_first = [r.pk for r in sorted(wanted, key=lambda r: r.start_date, reverse=True)]

    rows = csv_rows(api_client.get(ROUNDS, {**params, "format": "csv"}))

    assert [int(row["id"]) for row in rows] == newest_first


def test_csv_of_a_mechanisms_rounds_has_only_its_rounds(api_client, ru_jp_and_ru_cn_rounds):
    wanted, _ = ru_jp_and_ru_cn_rounds
    path = f"/api/v1/mechanisms/{wanted[0].mechanism_id}/rounds/"

    rows = csv_rows(api_client.get(path, {"format": "csv"}))

    assert [int(row["id"]) for row in rows] == json_ids(api_client, path)
    assert {int(row["id"]) for row in rows} == {r.pk for r in wanted}


def test_csv_honours_brief(api_client):
    RoundFactory()

    rows = csv_rows(api_client.get(ROUNDS, {"format": "csv", "brief": "1"}))

    assert list(rows[0]) == with_label_columns(list(serializers.RoundSerializer.Meta.brief_fields))


def test_csv_honours_fields(api_client):
    round_ = RoundFactory(
        start_date=day("2018-04-01"), end_date=day("2018-04-30"), date_precision="month"
    )

    rows = csv_rows(api_client.get(ROUNDS, {"format": "csv", "fields": "id,date"}))

    assert rows == [{"id": str(round_.pk), "date": "2018-04"}]


# --- CSV: cells ----------------------------------------------------------------------------------


def test_csv_flattens_participants_into_one_readable_cell(api_client):
    round_ = RoundFactory(mechanism=MechanismFactory(countries=["RU", "JP"]))
    ParticipantFactory(
        round=round_,
        person=PersonFactory(name="Sergey Lavrov"),
        country=country("RU"),
        role="Foreign Minister",
    )
    ParticipantFactory(
        round=round_,
        person=PersonFactory(name="Taro Kono", country=country("JP")),
        country=country("JP"),
        role="Foreign Minister",
        order=1,
    )

    (row,) = csv_rows(api_client.get(ROUNDS, {"format": "csv"}))

    assert "Taro Kono (JP, Foreign Minister)" in row["participants"]
    assert "Sergey Lavrov (RU, Foreign Minister)" in row["participants"]
    assert "{" not in row["participants"]


def test_csv_escapes_a_formula_in_a_round_summary(api_client):
    formula = '=HYPERLINK("http://evil.example/","click")'
    RoundFactory(summary=formula)

    (row,) = csv_rows(api_client.get(ROUNDS, {"format": "csv"}))

    assert row["summary"] == "'" + formula


def test_csv_escapes_a_formula_in_a_name(api_client):
    PersonFactory(name="@SUM(1)")

    (row,) = csv_rows(api_client.get("/api/v1/people/", {"format": "csv"}))

    assert row["name"] == "'@SUM(1)"


@pytest.mark.parametrize("text", ["+1+2", "-2+3*A1", "=1+1", "@SUM(A1:A2)"])
def test_csv_escapes_every_formula_start(api_client, text):
    RoundFactory(venue=text)

    (row,) = csv_rows(api_client.get(ROUNDS, {"format": "csv"}))

    assert row["venue"] == "'" + text


def test_csv_keeps_a_negative_number_as_it_is(api_client):
    indicator = IndicatorFactory(name="Growth of bilateral trade", value=-5, unit="percent")
    indicator.countries.set(["RU", "JP"])
    json_value = api_client.get(f"/api/v1/indicators/{indicator.pk}/").json()["value"]

    (row,) = csv_rows(api_client.get("/api/v1/indicators/", {"format": "csv"}))

    assert json_value.startswith("-")
    assert row["value"] == json_value


def test_csv_escapes_a_formula_in_a_nested_participant(api_client):
    ParticipantFactory(person=PersonFactory(name="@SUM(1)"), role="Foreign Minister")

    (row,) = csv_rows(api_client.get(ROUNDS, {"format": "csv"}))

    assert row["participants"].startswith("'@SUM(1)")


def test_csv_links_do_not_carry_the_format(api_client):
    round_ = RoundFactory()

    (row,) = csv_rows(api_client.get(ROUNDS, {"format": "csv"}))

    assert row["url"] == f"http://testserver/api/v1/rounds/{round_.pk}/"


def test_csv_links_of_nested_rounds_do_not_carry_the_format(api_client):
    mechanism = MechanismFactory()
    RoundFactory(mechanism=mechanism)

    (row,) = csv_rows(api_client.get("/api/v1/mechanisms/", {"format": "csv"}))

    assert row["url"] == f"http://testserver/api/v1/mechanisms/{mechanism.pk}/"
    assert "format" not in "".join(row.values())


def test_csv_of_one_record_links_to_the_json_record(api_client):
    round_ = RoundFactory()

    response = api_client.get(f"{ROUNDS}{round_.pk}/", {"format": "csv"})

    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert row["url"] == f"http://testserver/api/v1/rounds/{round_.pk}/"


# --- CSV: errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("year", "abc"),
        ("country", "XX"),
        ("mechanism", "no-such-slug"),
        ("city", "Atlantis"),
        ("ordering", "bogus"),
    ],
)
def test_csv_with_a_bad_filter_is_a_json_400(api_client, param, value):
    RoundFactory()

    response = api_client.get(ROUNDS, {param: value, "format": "csv"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert param in field_errors(response)


@pytest.mark.parametrize(("param", "value"), [("fields", "nope"), ("brief", "maybe")])
def test_csv_with_a_bad_shape_is_a_json_400(api_client, param, value):
    RoundFactory()

    response = api_client.get(ROUNDS, {param: value, "format": "csv"})

    assert response.status_code == 400
    assert param in field_errors(response)


# --- iCalendar -----------------------------------------------------------------------------------


def test_ics_has_one_event_per_round_matching_the_filters(api_client, ru_jp_and_ru_cn_rounds):
    wanted, _ = ru_jp_and_ru_cn_rounds
    params = {"country": ["RU", "JP"]}

    events = calendar_events(api_client.get(ROUNDS, {**params, "format": "ics"}))

    assert len(events) == api_client.get(ROUNDS, params).json()["count"] == len(wanted)
    assert {str(event["uid"]) for event in events} == {
        f"round-{r.pk}@dialogue-registry" for r in wanted
    }


def test_ics_is_not_paginated(api_client):
    RoundFactory.create_batch(55, mechanism=MechanismFactory())

    events = calendar_events(api_client.get(ROUNDS, {"format": "ics"}))

    assert len(events) == 55


def test_ics_uids_are_stable_across_requests(api_client):
    round_ = RoundFactory()

    first = calendar_events(api_client.get(ROUNDS, {"format": "ics"}))
    round_.summary = "Changed since."
    round_.save()
    second = calendar_events(api_client.get(ROUNDS, {"format": "ics"}))

    assert [str(e["uid"]) for e in first] == [str(e["uid"]) for e in second]
    assert str(first[0]["uid"]) == f"round-{round_.pk}@dialogue-registry"


def test_ics_events_are_all_day(api_client):
    RoundFactory(start_date=day("2018-05-24"), end_date=day("2018-05-26"))

    (event,) = calendar_events(api_client.get(ROUNDS, {"format": "ics"}))

    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert type(start) is datetime.date
    assert type(end) is datetime.date
    assert (start, end) == (day("2018-05-24"), day("2018-05-27"))


def test_ics_month_precision_round_spans_the_month(api_client):
    RoundFactory(
        start_date=day("2018-04-01"),
        end_date=day("2018-04-30"),
        date_precision=DatePrecision.MONTH,
    )

    (event,) = calendar_events(api_client.get(ROUNDS, {"format": "ics"}))

    assert event.decoded("dtstart") == day("2018-04-01")
    assert event.decoded("dtend") == day("2018-05-01")  # exclusive


def test_ics_location_and_url(api_client):
    round_ = RoundFactory(
        city=PlaceFactory(name="Moscow", slug="moscow"), host_country=country("RU")
    )

    (event,) = calendar_events(api_client.get(ROUNDS, {"format": "ics"}))

    assert "Moscow" in str(event["location"])
    assert str(event["url"]).endswith(f"/api/v1/rounds/{round_.pk}/")


def test_ics_of_a_mechanisms_rounds_has_only_its_rounds(api_client, ru_jp_and_ru_cn_rounds):
    wanted, _ = ru_jp_and_ru_cn_rounds
    path = f"/api/v1/mechanisms/{wanted[0].mechanism_id}/rounds/"

    events = calendar_events(api_client.get(path, {"format": "ics", "year": 2018}))

    assert {str(e["uid"]) for e in events} == {
        f"round-{r.pk}@dialogue-registry" for r in wanted if r.start_date.year == 2018
    }


def test_ics_with_a_bad_filter_is_a_json_400(api_client):
    RoundFactory()

    response = api_client.get(ROUNDS, {"format": "ics", "year": "abc"})

    assert response.status_code == 400
    assert "year" in field_errors(response)


def test_ics_is_not_offered_for_people(api_client):
    """A format an address does not give is a 406 naming the formats it does (it was a 404,
    as if there were no people)."""
    PersonFactory()

    response = api_client.get("/api/v1/people/", {"format": "ics"})

    assert response.status_code == 406
    assert not response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" not in response.content
    detail = problem(response, 406)["detail"]
    assert (
        "'ics'" in detail and "json (application/json), api (text/html), csv (text/csv)" in detail
    )


@pytest.mark.parametrize("query, accept", [({"format": "xlsx"}, "*/*"), ({}, "application/xml")])
def test_a_format_the_rounds_do_not_offer_is_a_406_listing_those_they_do(api_client, query, accept):
    RoundFactory()

    response = api_client.get(ROUNDS, query, HTTP_ACCEPT=accept)

    detail = problem(response, 406)["detail"]
    assert "csv (text/csv), ics (text/calendar)" in detail
    assert ("'xlsx'" if query else "'application/xml'") in detail


# --- The seeded registry -------------------------------------------------------------------------


def test_seed_ics_of_the_2plus2(api_client, seeded):
    mechanism = models.Mechanism.objects.get(slug="ru-jp-2plus2")
    rounds = {r.number: r for r in mechanism.rounds.all()}

    events = calendar_events(api_client.get(ROUNDS, {"mechanism": "ru-jp-2plus2", "format": "ics"}))

    by_uid = {str(e["uid"]): e for e in events}
    assert set(by_uid) == {f"round-{r.pk}@dialogue-registry" for r in rounds.values()}
    first = by_uid[f"round-{rounds[1].pk}@dialogue-registry"]  # November 2013
    assert (first.decoded("dtstart"), first.decoded("dtend")) == (
        day("2013-11-01"),
        day("2013-12-01"),
    )
    scheduled = by_uid[f"round-{rounds[3].pk}@dialogue-registry"]
    assert rounds[3].status == RoundStatus.SCHEDULED
    assert "Moscow" in str(scheduled["location"])


def test_seed_csv_of_2018_rounds_matches_json(api_client, seeded):
    params = {"country": ["RU", "JP"], "year": 2018}

    rows = csv_rows(api_client.get(ROUNDS, {**params, "format": "csv"}))

    assert [int(row["id"]) for row in rows] == json_ids(api_client, ROUNDS, params)
    assert len(rows) > 10


# --- Memory: exports stream, whatever the number of rounds -----------------------------------


def many_rounds(count: int) -> None:
    """`count` rounds of one mechanism, with a city and a host country (bulk: no history)."""
    mechanism = MechanismFactory()
    city = PlaceFactory(name="Moscow")
    models.Round.objects.bulk_create(
        models.Round(
            mechanism=mechanism,
            number=index + 1,
            start_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=index),
            end_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=index),
            date_precision=DatePrecision.DAY,
            status=RoundStatus.HELD,
            city=city,
            host_country=country("RU"),
            summary=f"The sides discussed fisheries and energy, round {index + 1}.",
        )
        for index in range(count)
    )


def streamed_peak(client, params: dict) -> tuple[int, int]:
    """The peak of memory allocated while the export is made and read, and its size."""
    tracemalloc.start()
    try:
        response = client.get(ROUNDS, params)
        assert response.status_code == 200
        assert response.streaming is True
        size = sum(len(piece) for piece in response.streaming_content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, size


@pytest.mark.parametrize("export", ["ics", "csv"])
def test_exports_stream_in_bounded_memory(api_client, export):
    """Issue 10: the calendar of 20,000 rounds was built whole in memory (9 MB) before the
    first byte was sent. Streamed, the peak stays that of one chunk of rounds (CHUNK_SIZE):
    four times the rounds, not four times the memory."""
    many_rounds(1_000)
    api_client.get(ROUNDS, {"format": export, "page_size": 1})  # warm: imports, caches
    small_peak, small_size = streamed_peak(api_client, {"format": export})
    many_rounds(3_000)
    peak, size = streamed_peak(api_client, {"format": export})

    assert size > 3.5 * small_size
    assert peak < 1.5 * small_peak, (small_peak, peak)


def reference_event(round_: models.Round, url: str) -> icalendar.Event:
    """One round's event as icalendar itself writes it (the way every event was written before
    issue 13): the reference the calendar's one writer (`exports.event_text`) must equal."""
    names = sorted(round_.mechanism.countries.values_list("name", flat=True))
    event = icalendar.Event()
    event.add("uid", exports.text(f"round-{round_.pk}@dialogue-registry"))
    event.add("summary", exports.text(exports.event_title(str(round_), exports.pair_label(names))))
    event.add("dtstart", round_.start_date)
    # DTEND of an all-day event is the day after the last one (RFC 5545, 3.6.1).
    event.add("dtend", (round_.end_date or round_.start_date) + datetime.timedelta(days=1))
    event.add("dtstamp", round_.updated)
    event.add("last-modified", round_.updated)
    event.add("status", exports.text(exports.ICAL_STATUS[round_.status]))
    event.add("url", url)
    place = [round_.venue, round_.city.name if round_.city else ""]
    place.append(round_.host_country.name if round_.host_country else "")
    if location := ", ".join(part for part in place if part):
        event.add("location", exports.text(location))
    if round_.summary:
        event.add("description", exports.text(round_.summary))
    return event


# --- Issue 13: the exports of a million rounds, written faster, byte for byte the same -------


def rich_rounds() -> list[models.Round]:
    """Rounds with every kind of value an export writes: nested lists of each kind, a citation
    of a participant, text that needs escaping or folding, a round with nothing optional."""
    source = SourceFactory()
    rich = RoundFactory(
        city=PlaceFactory(name="Moscow"),
        name="",
        number=7,
        venue="Hall; A, b",
        summary="=1+1 河野太郎 " + "x" * 80,
        outcomes="-agreed\nline two",
    )
    rich.other_places.set([PlaceFactory(name="Zeta"), PlaceFactory(name="Alpha")])
    rich.topics.set([TopicFactory(name="Zinc"), TopicFactory(name="Arms")])
    participant = ParticipantFactory(round=rich, order=2, role="@head")
    ParticipantFactory(round=rich, order=1, organisation=None)
    models.Citation.objects.create(
        record=participant, source=source, quote="He led it.", supports=["role"]
    )
    models.Citation.objects.create(
        record=rich,
        source=source,
        quote="They met; it was, in short, cordial.",
        date_phrase="last week",
        resolved_against=datetime.date(2018, 7, 30),
        note="+ inferred",
        basis="inferred",
    )
    bare = RoundFactory(
        mechanism=rich.mechanism, number=None, city=None, host_country=None, summary=""
    )
    month = RoundFactory(
        start_date=day("2018-04-01"), date_precision=DatePrecision.MONTH, number=None
    )
    return [rich, bare, month]


def streamed_text(response) -> str:
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    return b"".join(response.streaming_content).decode("utf-8")


def serializers_csv(resource: str, keys: list) -> str:
    """The CSV of these records as the resource's serializer gives them, through the same cell
    rules: what every path that builds the CSV from plain rows must write."""
    viewset = RESOURCES[resource]
    request = APIRequestFactory().get(f"/api/v1/{resource}/")
    by_key = viewset.queryset.all().in_bulk(keys)
    data = viewset.serializer_class(
        [by_key[key] for key in keys], many=True, context={"request": request}
    ).data
    fields = viewset.serializer_class(context={"request": request}).fields
    header, records = exports.with_labels(list(fields), exports.labelled(fields), iter(data))
    return "".join(exports.csv_lines(header, records))


@pytest.mark.parametrize("resource", API_RESOURCES)
def test_every_lists_csv_is_its_serializers_byte_for_byte(api_client, resource):
    """Each list's CSV is built from its row plan (streamed from one query on PostgreSQL, by
    chunks elsewhere): exactly the serializer's records in the same cells."""
    rich, *_ = rich_rounds()
    DocumentFactory(round=rich).parties.set(["RU", "JP"])
    IndicatorFactory().countries.set(["RU", "JP"])
    OrganisationFactory()
    rich.participants.first().person.other_names.create(name="Таро Коно", language="ru")
    path = f"/api/v1/{resource}/"
    key = "code" if resource == "countries" else "id"

    text = streamed_text(api_client.get(path, {"format": "csv"}))

    assert text == serializers_csv(resource, json_ids(api_client, path, key=key))


def test_a_filtered_ordered_rounds_csv_is_the_serializers(api_client, ru_jp_and_ru_cn_rounds):
    params = {"country": ["RU", "JP"], "ordering": "-start_date"}

    text = streamed_text(api_client.get(ROUNDS, {**params, "format": "csv"}))

    assert text == serializers_csv("rounds", json_ids(api_client, ROUNDS, params))
    assert len(list(csv.DictReader(io.StringIO(text)))) == 3


def test_an_empty_rounds_csv_is_its_header(api_client):
    text = streamed_text(api_client.get(ROUNDS, {"format": "csv", "year": 1999}))

    assert text == ",".join(with_label_columns(list(serializers.RoundSerializer().fields))) + "\r\n"


@pytest.mark.parametrize(
    "value",
    ["", "plain", "=SUM(A1)", "-1.5", "-x", "+", "@a", "\tx", 7, -7, 2.5, None, True, False,
     ["a", "=b"], {"name": "=n"}, [{"quote": "q", "source": 1}]],
)  # fmt: skip
def test_a_cells_fast_paths_write_what_the_general_rules_write(value):
    expected = "" if value is None else exports.escape_formula(
        "true" if value is True else "false" if value is False
        else "; ".join(exports.describe(v) if isinstance(v, dict) else str(v) for v in value)
        if isinstance(value, list) else exports.describe(value) if isinstance(value, dict)
        else str(value)
    )  # fmt: skip

    assert exports.cell(value) == expected


@pytest.mark.parametrize(
    ("country", "role", "text"),
    [("RU", "Minister", "A (RU, Minister)"), (None, "Minister", "A (Minister)"),
     ("RU", "", "A (RU)"), (None, "", "A")],
)  # fmt: skip
def test_a_participant_reads_as_its_name_with_whichever_of_country_and_role_is_known(
    country, role, text
):
    participant = {"person": 1, "name": "A", "country": country, "role": role, "sources": []}

    assert exports.describe(participant) == text


def reference_calendar(rounds, name: str) -> bytes:
    """The calendar as icalendar itself writes it (the way it was written before issue 13)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", exports.text("-//Dialogue Registry//dialogue-registry//EN"))
    calendar.add("version", exports.text("2.0"))
    calendar.add("x-wr-calname", exports.text(name))
    for round_ in rounds:
        calendar.add_component(
            reference_event(round_, f"http://testserver/api/v1/rounds/{round_.pk}/")
        )
    return calendar.to_ical()


def test_the_calendar_is_byte_for_byte_icalendars(api_client):
    rich_rounds()
    rounds = models.Round.objects.select_related("mechanism", "city", "host_country")

    response = api_client.get(ROUNDS, {"format": "ics"})

    assert b"".join(response.streaming_content) == reference_calendar(
        rounds.order_by("start_date", "id"), "Dialogue Registry rounds"
    )


@pytest.mark.parametrize(
    "line",
    [
        "x" * 73, "x" * 74, "x" * 75, "x" * 148, "x" * 149, "x" * 300,
        "x" * 73 + "\\n" + "y" * 90, "x" * 72 + "\\;" + "y" * 90, "x" * 73 + "^" + "y" * 80,
        "\\" * 200, "^" * 160, "x" * 73 + "\\\\" + "y" * 10,
        "ü" * 10, "x" * 70 + "河野太郎" * 10, "Переговоры" * 12,
        "SUMMARY:Japan–Russian Federation: 2+2", "–" * 24, "–" * 25, "x" * 71 + "–",
        "x" * 72 + "–", "x" * 73 + "–" + "y" * 80, "–" * 80, "x" * 72 + "–\\n" + "y" * 80,
        "ü" * 36 + "x\\" + "z" * 40, "河" * 24 + "x\\;" + "z" * 60,
    ],
)  # fmt: skip
def test_a_content_line_is_folded_as_icalendar_folds_it(line):
    assert exports.fold(line) == icalendar.parser.Contentline(line).to_ical().decode()


@pytest.mark.parametrize(
    "summary",
    ["", "x" * 75, "a\\b;c,d\nline two\r\nthree" * 6, "ends with a backslash \\" + "z" * 60,
     "\\N and \\n", "河野太郎" * 30],
)  # fmt: skip
def test_an_event_from_plain_values_is_the_icalendar_event(summary):
    round_ = RoundFactory(
        summary=summary,
        venue="Hall; " + summary[:40],
        number=None,
        mechanism=MechanismFactory(countries=["RU", "JP"]),
    )
    values = models.Round.objects.filter(pk=round_.pk).values_list(*exports.EVENT_COLUMNS).get()
    round_ = models.Round.objects.select_related("mechanism", "city", "host_country").get(
        pk=round_.pk
    )
    url = f"http://testserver/api/v1/rounds/{round_.pk}/"

    written = exports.event_text(
        values, "http://testserver/api/v1/rounds/", exports.mechanism_countries()
    )

    assert written.encode() == reference_event(round_, url).to_ical()


def test_a_calendar_title_names_the_mechanisms_countries(api_client):
    """Issue 26: an entry read "2+2, round 1 (November 2013)", whoever's 2+2 it was."""
    mechanism = MechanismFactory(short_name="2+2", countries=["RU", "JP"])
    RoundFactory(
        mechanism=mechanism,
        number=1,
        name="",
        start_date=day("2013-11-02"),
        end_date=day("2013-11-02"),
        date_precision=DatePrecision.DAY,
    )
    RoundFactory(mechanism=MechanismFactory(short_name="Talks", countries=[]), name="")

    titles = {str(e["summary"]) for e in calendar_events(api_client.get(ROUNDS, {"format": "ics"}))}

    assert "Japan–Russian Federation: 2+2, round 1 (2 Nov 2013)" in titles
    assert any(title.startswith("Talks") for title in titles)


@pytest.mark.parametrize(
    "value",
    ["", "plain", "a\\b;c,d", "\\N and \\n", "line\r\nbreak\rcr\nlf", "\\\\N", "\\", "河野, 太郎;"],
)
def test_a_text_value_is_escaped_as_icalendar_escapes_it(value):
    assert exports.escaped(value) == icalendar.vText(value).to_ical().decode()


# User text that must reach an error message as written, never as a format string.
FORMAT_TEXT = "50% {0} {x} {{y}} %(value)s %s"


def content_lines(body: bytes) -> list[bytes]:
    """The calendar's lines, unfolded; a stray CR or LF inside a value fails here."""
    assert body.endswith(b"\r\n")
    lines = body[: -len(b"\r\n")].split(b"\r\n")
    for line in lines:
        assert b"\r" not in line and b"\n" not in line, line
    unfolded: list[bytes] = []
    for line in lines:
        if line.startswith(b" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    return unfolded


def unescape_text(value: str) -> str:
    """A TEXT value as RFC 5545 (3.3.11) reads it: `\\n` is a line break, `\\;` `\\,` `\\\\` are
    the characters themselves."""
    return re.sub(r"\\([\\;,nN])", lambda match: "\n" if match[1] in "nN" else match[1], value)


def test_a_mechanism_name_with_line_breaks_is_escaped_in_its_calendar(api_client):
    """Issue 10: a name `Mech\\nX-B:1` made the mechanism's calendar 500 (X-WR-CALNAME was
    written as given). Such a name can no longer be saved; one stored before still renders."""
    name = "Mech\nX-B:1\rX-C:2\r\nX-D:3;a,b\\c " + FORMAT_TEXT
    mechanism = MechanismFactory(name=name, short_name="")
    RoundFactory(
        mechanism=mechanism,
        name="Round\nX-E:1",
        venue="Hall\rX-F:1",
        summary="Line one\r\nDESCRIPTION:forged\rline three\n",
    )

    response = api_client.get(f"/api/v1/mechanisms/{mechanism.pk}/rounds/?format=ics")

    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # the calendar is streamed
    lines = content_lines(content)
    names = [line.split(b":", 1)[0].split(b";")[0] for line in lines]
    assert not {b"X-B", b"X-C", b"X-D", b"X-E", b"X-F"} & set(names)
    assert names.count(b"DESCRIPTION") == 1
    (calname,) = [line for line in lines if line.startswith(b"X-WR-CALNAME:")]
    written = unescape_text(calname.removeprefix(b"X-WR-CALNAME:").decode())
    assert written == name.replace("\r\n", "\n").replace("\r", "\n")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Japan–Russian Federation: Round\nX-E:1"
    assert str(event["DESCRIPTION"]) == "Line one\nDESCRIPTION:forged\nline three\n"


def test_the_list_calendar_escapes_every_text_property(api_client):
    place = PlaceFactory(name="Moscow;\nX-G:1")
    RoundFactory(city=place, venue="A, B; C\\D", host_country=country("RU"))

    response = api_client.get("/api/v1/rounds/?format=ics")

    assert response.status_code == 200
    lines = content_lines(b"".join(response.streaming_content))
    assert b"LOCATION:A\\, B\\; C\\\\D\\, Moscow\\;\\nX-G:1\\, Russian Federation" in lines


@pytest.mark.parametrize(
    "path, model",
    [
        ("/api/v1/rounds/?format=csv", models.Round),
        ("/api/v1/rounds/?format=ics", models.Round),
        ("/api/v1/people/?format=csv", models.Person),
    ],
)
def test_an_anonymous_export_is_capped_and_an_account_exports_everything(
    api_client, reader_client, settings, path, model
):
    """At 200,000 rounds every anonymous whole-list export cost 15 s of server time."""
    RoundFactory.create_batch(3)
    PersonFactory.create_batch(3)
    held = model.objects.count()
    settings.EXPORT_ANONYMOUS_MAX_ROWS = held - 1

    refused = api_client.get(path)
    signed_in = reader_client.get(path)
    settings.EXPORT_ANONYMOUS_MAX_ROWS = held
    within = api_client.get(path)

    assert f"at most {held - 1} records" in field_errors(refused)["format"][0]
    assert signed_in.status_code == within.status_code == 200
    assert b"".join(signed_in.streaming_content) == b"".join(within.streaming_content)


def test_a_path_suffix_that_is_no_format_is_not_found_and_a_write_in_csv_is_a_406(
    analyst_client,
):
    """`/rounds/0.5/` is record 0 in format `5` to DRF's router: a path with no record, 404
    (found by the schema fuzz run when it answered 406); `?format=csv` on a write, which
    answers JSON only, is a 406 naming what it offers."""
    round_ = RoundFactory()

    assert problem(analyst_client.delete("/api/v1/rounds/0.5/"), 404)
    refused = analyst_client.patch(f"{ROUNDS}{round_.pk}/?format=csv", {}, format="json")
    assert "'csv'" in problem(refused, 406)["detail"]
