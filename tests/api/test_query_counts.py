"""SQL query counts: every list, detail, summary, export and admin page runs a fixed number of
queries, whatever the number of rows it shows or the number of nested rows a record has.

The API's reads count their data queries (tests/queries.py): the overhead every read pays, the
registry's version, is tested apart (tests/api/test_reads_never_write.py). The admin's pages
count every statement, their sessions included.

Each test builds records with realistic nested data (participants with other names, citations,
topics, places, names), once with 1 record (or nested row) and once with BIG (5), and asserts
the same literal count; the counts are the same on SQLite and PostgreSQL. A query repeated per
row (an N+1) shows at 5 rows as surely as at 50, for a fraction of the building: where the count
grows with the rows, the BIG case is a strict xfail whose reason names the repeated query and
the suggested fix.

Every measured request follows an unmeasured one to the same address, so process-wide caches
(content types and the like) are warm and the count does not depend on the order of the tests.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection

from dialogue import models, provenance
from dialogue.choices import DatePrecision, MechanismLevel, NameKind, RoundStatus
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
from tests.queries import data_queries

pytestmark = pytest.mark.django_db

API = "/api/v1"
QUOTE = "They discussed security."
LANGUAGES = ("ja", "ru", "en", "fr", "de", "zh", "ko", "es", "it", "pt")


# Records (or nested rows) of the large case: enough that a query per row adds four.
BIG = 5


def sizes(n_plus_one: str | None = None, big: int = BIG):
    """Parametrize `size` over 1 and `big`; the big case is a strict xfail for a known N+1."""
    if n_plus_one is None:
        return pytest.mark.parametrize("size", [1, big])
    marked = pytest.param(
        big, marks=pytest.mark.xfail(strict=True, reason=f"N+1: {n_plus_one}"), id=str(big)
    )
    return pytest.mark.parametrize("size", [1, marked])


def day(offset: int) -> datetime.date:
    return datetime.date(2018, 1, 1) + datetime.timedelta(days=offset)


def warm(client, url: str, data: dict | None = None) -> None:
    """One unmeasured request, so the measured one finds process-wide caches warm; the
    response itself is forgotten, so the measured one is computed (a cold read)."""
    response = client.get(url, data or {})
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    if response.streaming:
        b"".join(response.streaming_content)
    caches["responses"].clear()


# --- Builders of realistic records -----------------------------------------------------------


def name_rows(model, owner_field: str, owner, count: int) -> None:
    """`count` other names of a record, in several languages, some used by one side only."""
    for index in range(count):
        language = LANGUAGES[index % len(LANGUAGES)]
        model.objects.create(
            **{owner_field: owner},
            name=f"{owner} [{language} {index}]",
            language=language,
            kind=NameKind.NATIVE if index % 2 == 0 else NameKind.TRANSLITERATION,
            used_by=country("JP") if index % 3 == 0 else None,
        )


def country_codes(count: int) -> list[str]:
    """RU and JP, then as many other countries' codes as make `count`."""
    others = models.Country.objects.exclude(code__in=["RU", "JP"]).order_by("code")
    return ["RU", "JP", *others.values_list("code", flat=True)[: max(count - 2, 0)]][:count]


def citation_rows(owner, source: models.Source, count: int) -> None:
    for index in range(count):
        models.Citation.objects.create(
            record=owner,
            source=source,
            quote=QUOTE,
            date_phrase="31 July" if index % 2 == 0 else "",
            resolved_against=datetime.date(2018, 7, 30) if index % 2 == 0 else None,
        )


def person(names: int = 2) -> models.Person:
    record = PersonFactory(note="Served as minister.")
    name_rows(models.PersonName, "person", record, names)
    return record


def organisation(names: int = 2, parent: models.Organisation | None = None):
    record = OrganisationFactory(parent=parent, note="A ministry.")
    name_rows(models.OrganisationName, "organisation", record, names)
    return record


def place(names: int = 2, parent: models.Place | None = None) -> models.Place:
    record = PlaceFactory(parent=parent, note="A city.")
    name_rows(models.PlaceName, "place", record, names)
    return record


class Pool:
    """Records that built records share, each created on first use: a source, ministries, a
    region and a city, a parent topic."""

    @cached_property
    def ru(self) -> models.Country:
        return country("RU")

    @cached_property
    def jp(self) -> models.Country:
        return country("JP")

    @cached_property
    def ministry(self) -> models.Organisation:
        return organisation()

    @cached_property
    def organisations(self) -> list[models.Organisation]:
        return [organisation(parent=self.ministry), organisation(parent=self.ministry)]

    @cached_property
    def source(self) -> models.Source:
        return SourceFactory(
            publisher=self.ministry,
            published_at=datetime.datetime(2018, 7, 30, 9, tzinfo=datetime.UTC),
            page_url="https://example.org/press/1",
        )

    @cached_property
    def region(self) -> models.Place:
        return place()

    @cached_property
    def city(self) -> models.Place:
        return place(parent=self.region)

    @cached_property
    def parent_topic(self) -> models.Topic:
        return TopicFactory(description="Security in the region.")


@pytest.fixture
def pool(db, today) -> Pool:
    today(day(0))  # the scheduled rounds (`mechanism`) are ahead: each mechanism has a next one
    return Pool()


def topics(pool: Pool, count: int) -> list[models.Topic]:
    return [TopicFactory(parent=pool.parent_topic) for _ in range(count)]


def full_round(
    pool: Pool,
    mechanism: models.Mechanism,
    offset: int,
    *,
    status: str = RoundStatus.HELD,
    participants: int = 3,
    citations: int = 2,
    topic_count: int = 2,
    other_places: int = 2,
) -> models.Round:
    """A round with a city, other places, topics, participants (with other names), citations."""
    record = RoundFactory(
        mechanism=mechanism,
        start_date=day(offset),
        end_date=day(offset),
        status=status,
        city=pool.city,
        host_country=pool.jp,
        venue="Iikura House",
        summary="The ministers discussed security.",
        outcomes="A joint statement.",
    )
    record.other_places.set([place(parent=pool.region) for _ in range(other_places)])
    record.topics.set(topics(pool, topic_count))
    for index in range(participants):
        ParticipantFactory(
            round=record,
            person=person(),
            country=(pool.ru, pool.jp)[index % 2],
            organisation=pool.organisations[index % 2],
            role="Foreign Minister",
            order=index,
        )
    citation_rows(record, pool.source, citations)
    return record


def mechanism(
    pool: Pool,
    *,
    held: int = 2,
    scheduled: int = 1,
    names: int = 2,
    citations: int = 2,
    organisations: int = 2,
) -> models.Mechanism:
    """A Russia–Japan mechanism with names, citations, bodies, held and scheduled rounds."""
    record = MechanismFactory(
        short_name="2+2",
        level=MechanismLevel.MINISTERIAL,
        established=datetime.date(2013, 1, 1),
        established_precision=DatePrecision.YEAR,
        basis="Agreed at the 2013 summit.",
        description="Joint consultations of foreign and defence ministers.",
    )
    bodies = pool.organisations[:organisations]
    bodies += [organisation(names=0) for _ in range(organisations - len(bodies))]
    record.organisations.set(bodies)
    name_rows(models.MechanismName, "mechanism", record, names)
    citation_rows(record, pool.source, citations)
    for index in range(held):
        RoundFactory(mechanism=record, start_date=day(index), city=pool.city, host_country=pool.jp)
    for index in range(scheduled):
        RoundFactory(
            mechanism=record,
            start_date=day(400 + index),
            status=RoundStatus.SCHEDULED,
            city=pool.city,
            host_country=pool.ru,
        )
    return record


def document(
    pool: Pool,
    offset: int,
    *,
    signed_at: models.Round | None = None,
    parties: int = 2,
    signatories: int = 2,
    topic_count: int = 2,
    citations: int = 2,
) -> models.Document:
    """A document signed at a round, with parties, signatories, topics and citations."""
    record = DocumentFactory(
        start_date=day(offset), end_date=day(offset), round=signed_at, description="Provides."
    )
    codes = country_codes(parties)
    record.parties.set(codes)
    bodies = pool.organisations[:signatories]
    bodies += [organisation(names=0) for _ in range(signatories - len(bodies))]
    record.signatories.set(bodies)
    record.topics.set(topics(pool, topic_count))
    citation_rows(record, pool.source, citations)
    return record


def indicator(
    pool: Pool, offset: int, *, countries: int = 2, citations: int = 2
) -> models.Indicator:
    """A figure about Russia and Japan with its citations."""
    record = IndicatorFactory(
        start_date=day(offset),
        end_date=day(offset),
        date_precision=DatePrecision.DAY,
        value_as_stated="$18.3 billion",
    )
    codes = country_codes(countries)
    record.countries.set(codes)
    citation_rows(record, pool.source, citations)
    return record


def rounds(pool: Pool, size: int) -> models.Mechanism:
    """`size` full rounds of one mechanism (which has no other rounds)."""
    record = mechanism(pool, held=0, scheduled=0)
    for index in range(size):
        full_round(pool, record, index)
    return record


def mechanisms(pool: Pool, size: int) -> None:
    for _ in range(size):
        mechanism(pool)


def documents(pool: Pool, size: int) -> None:
    signed_at = RoundFactory(mechanism=mechanism(pool, held=0, scheduled=0), city=pool.city)
    for index in range(size):
        document(pool, index, signed_at=signed_at if index % 2 == 0 else None)


def indicators(pool: Pool, size: int) -> None:
    for index in range(size):
        indicator(pool, index)


def people(size: int) -> None:
    for _ in range(size):
        person()


def organisations(size: int) -> None:
    """A ministry and `size - 1` departments of it, each with other names."""
    ministry = organisation()
    for _ in range(size - 1):
        organisation(parent=ministry)


def places(size: int) -> None:
    """A region and `size - 1` cities in it, each with other names."""
    region = place()
    for _ in range(size - 1):
        place(parent=region)


def topic_records(size: int) -> None:
    """A topic and `size - 1` narrower ones."""
    parent = TopicFactory(description="Security in the region.")
    for _ in range(size - 1):
        TopicFactory(parent=parent)


def sources(pool: Pool, size: int) -> None:
    for index in range(size):
        SourceFactory(
            publisher=pool.organisations[index % 2],
            published_at=datetime.datetime(2018, 7, 30, 9, tzinfo=datetime.UTC),
            page_url=f"https://example.org/press/{index}",
        )


def every_kind(pool: Pool, size: int) -> None:
    """`size` records of every kind the provenance worklist lists, with their rows and links."""
    places(size), people(size), organisations(size), topic_records(size)
    mechanisms(pool, size), rounds(pool, size), documents(pool, size), indicators(pool, size)


def every_kind_listed(response, size: int) -> None:
    items = results(response)
    assert {item["resource"] for item in items} == set(provenance.RESOURCES)
    assert len(items) >= len(provenance.RESOURCES) * size


def results(response) -> list:
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


# --- API lists and details ------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """A measured read: the records it builds for `size`, its address under the API (`{pk}`,
    the id of the record `build` returns), the queries it may run, and what its response must
    hold for `size`."""

    path: str
    build: Callable[[Pool, int], Any]
    queries: int
    holds: Callable[[Any, int], None]
    params: Callable[[int], dict] = lambda size: {}


def measured_read(client, pool: Pool, read: Read, size: int):
    record = read.build(pool, size)
    url = f"{API}/{read.path.format(pk=getattr(record, 'pk', None))}/"
    params = read.params(size)
    warm(client, url, params)
    with data_queries(read.queries):
        response = client.get(url, params)
    read.holds(response, size)


def has_size_items(response, size: int) -> None:
    assert len(results(response)) == size


def has_two_other_names_each(response, size: int) -> None:
    has_size_items(response, size)
    assert all(len(item["other_names"]) == 2 for item in results(response))


def mechanisms_hold(response, size: int) -> None:
    items = results(response)
    assert len(items) == size
    assert all(item["last_round"] and item["next_round"] for item in items)
    assert all(item["rounds_count"] == 3 and len(item["sources"]) == 2 for item in items)


def rounds_hold(response, size: int) -> None:
    items = results(response)
    assert len(items) == size
    assert all(len(item["participants"]) == 3 and len(item["sources"]) == 2 for item in items)
    assert all(len(item["topics"]) == 2 and len(item["other_places"]) == 2 for item in items)


def documents_hold(response, size: int) -> None:
    items = results(response)
    assert len(items) == size
    assert all(len(item["parties"]) == 2 and len(item["signatories"]) == 2 for item in items)
    assert all(len(item["topics"]) == 2 and len(item["sources"]) == 2 for item in items)


def indicators_hold(response, size: int) -> None:
    items = results(response)
    assert len(items) == size
    assert all(len(item["countries"]) == 2 and len(item["sources"]) == 2 for item in items)


def mechanism_rounds(pool: Pool, size: int) -> models.Mechanism:
    record = rounds(pool, size)
    mechanism(pool)  # another mechanism's rounds stay out
    return record


def mechanism_rounds_hold(response, size: int) -> None:
    items = results(response)
    assert len(items) == size
    assert all(len(item["participants"]) == 3 for item in items)


# In the comments, +1: citations (one query for the page's records, or their participants');
# +2: citations of the records and of their other names.
LISTS = {
    "countries": Read(
        "countries", lambda pool, size: None, 2, has_size_items, lambda size: {"page_size": size}
    ),
    "places": Read("places", lambda pool, size: places(size), 5, has_two_other_names_each),  # +2
    "people": Read("people", lambda pool, size: people(size), 5, has_two_other_names_each),  # +2
    "organisations": Read(  # +2
        "organisations", lambda pool, size: organisations(size), 5, has_two_other_names_each
    ),
    # count, the page, countries, bodies, names, citations (+1), the last and next rounds
    "mechanisms": Read("mechanisms", mechanisms, 8, mechanisms_hold),
    # count, the page's rounds, 4 relations (+1)
    "rounds": Read("rounds", rounds, 7, rounds_hold),
    "documents": Read("documents", documents, 6, documents_hold),
    "indicators": Read("indicators", indicators, 4, indicators_hold),
    "topics": Read("topics", lambda pool, size: topic_records(size), 3, has_size_items),  # +1
    "sources": Read("sources", sources, 2, has_size_items),
    "mechanism-rounds": Read(  # the mechanism, then as the rounds list
        "mechanisms/{pk}/rounds", mechanism_rounds, 8, mechanism_rounds_hold
    ),
    # Every kind of record on one page: the count, the page's rows, its records with their
    # rows, their links, their citations (each one query for every kind together)
    "provenance": Read(
        "provenance", every_kind, 5, every_kind_listed, lambda size: {"page_size": 500}
    ),
}


# Issue 24: every list at most this many data queries, whatever its rows (test_list checks that
# each count holds at 1 and BIG rows).
MAX_LIST_QUERIES = 8


def test_every_list_runs_at_most_eight_data_queries():
    over = {name: read.queries for name, read in LISTS.items() if read.queries > MAX_LIST_QUERIES}
    assert over == {}


@sizes()
@pytest.mark.parametrize("read", LISTS.values(), ids=LISTS.keys())
def test_list(api_client, pool, read, size):
    measured_read(api_client, pool, read, size)


def timeline_records(pool: Pool, size: int) -> None:
    """`size` rounds, documents and figures, a day apart, so a page holds all three types."""
    parent = mechanism(pool, held=0, scheduled=0)
    for index in range(size):
        signed_at = full_round(pool, parent, index)
        document(pool, index, signed_at=signed_at if index % 2 == 0 else None)
        indicator(pool, index)


@sizes()
def test_timeline(api_client, pool, size):
    timeline_records(pool, size)
    url = f"{API}/timeline/"
    warm(api_client, url)
    with data_queries(5):
        response = api_client.get(url)
    items = results(response)
    assert len(items) == min(3 * size, 50)
    assert {item["type"] for item in items} == {"round", "document", "indicator"}


@sizes()
def test_stats(api_client, pool, size):
    rounds(pool, size)
    url = f"{API}/stats/"
    warm(api_client, url)
    with data_queries(5):
        response = api_client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] == size


@sizes()
def test_dyad(api_client, pool, size):
    for index in range(size):
        parent = mechanism(pool)
        signed_at = full_round(pool, parent, 10 + index)
        document(pool, index, signed_at=signed_at)
        indicator(pool, index)
    url = f"{API}/dyads/RU-JP/"
    warm(api_client, url)
    # +1: citations (one query for the page's records, or their participants')
    with data_queries(14):
        response = api_client.get(url)
    assert response.status_code == 200
    body = response.json()
    assert len(body["mechanisms"]) == size
    assert all(item["last_round"] and item["next_round"] for item in body["mechanisms"])
    assert sum(len(year["indicators"]) for year in body["indicators_per_year"]) == size


def create_people(client, size: int) -> list[int]:
    """`size` people, each with two other names, created through the API by an analyst."""
    ids = []
    for index in range(size):
        response = client.post(
            f"{API}/people/",
            {
                "name": f"Minister {index}",
                "country": "JP",
                "other_names": [
                    {"name": f"大臣 {index}", "language": "ja", "kind": "native"},
                    {"name": f"Министр {index}", "language": "ru", "kind": "transliteration"},
                ],
            },
        )
        assert response.status_code == 201, response.content[:500]
        ids.append(response.json()["id"])
    return ids


@sizes()
def test_history_of_creations(api_client, analyst_client, size):
    create_people(analyst_client, size)
    url, params = f"{API}/history/", {"page_size": 500}
    warm(api_client, url, params)
    with data_queries(4):
        response = api_client.get(url, params)
    items = results(response)
    assert len(items) == 3 * size
    assert {item["history_type"] for item in items} == {"+"}


@sizes()
def test_history_of_changes(api_client, analyst_client, size):
    for pk in create_people(analyst_client, size):
        response = analyst_client.patch(f"{API}/people/{pk}/", {"note": "Now a former minister."})
        assert response.status_code == 200, response.content[:500]
    url, params = f"{API}/history/", {"page_size": 500}
    warm(api_client, url, params)
    with data_queries(5):
        response = api_client.get(url, params)
    items = results(response)
    assert len(items) == 4 * size
    assert {item["history_type"] for item in items} == {"+", "~"}


@sizes()
def test_record_history(api_client, analyst_client, size):
    (pk,) = create_people(analyst_client, 1)
    for index in range(size):
        response = analyst_client.patch(f"{API}/people/{pk}/", {"note": f"Version {index}."})
        assert response.status_code == 200, response.content[:500]
    url, params = f"{API}/people/{pk}/history/", {"page_size": 500}
    warm(api_client, url, params)
    # A count, the page (the record's versions with its two names': one UNION); the person's
    # versions on the page and their predecessors; the names' versions (with the countries
    # their labels name: none).
    with data_queries(5):
        response = api_client.get(url, params)
    versions = results(response)
    assert len(versions) == size + 1 + 2
    assert "added person name 大臣 0 (ja)" in [v["summary"] for v in versions]


# --- Exports ---------------------------------------------------------------------------------


@sizes()
def test_rounds_csv(api_client, pool, size):
    rounds(pool, size)
    url, params = f"{API}/rounds/", {"format": "csv"}
    warm(api_client, url, params)
    # SQLite: ids, then rounds and 4 relations per chunk, +1: citations (one query for the
    # page's records, or their participants'). PostgreSQL (issue 13): one query streamed with
    # its nested lists, which runs on psycopg's cursor and is not in Django's log; logged:
    # `SET LOCAL jit = off` (in a savepoint, which is overhead). +1 on both: an anonymous
    # export counts up to EXPORT_ANONYMOUS_MAX_ROWS + 1 records first. +2 on both: the
    # mechanisms' names and countries beside each round's mechanism (issue 26), read once.
    expected = 4 if connection.vendor == "postgresql" else 10
    with data_queries(expected):
        response = api_client.get(url, params)
        content = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    assert len(content.splitlines()) == size + 1


@sizes()
def test_rounds_calendar(api_client, pool, size):
    rounds(pool, size)
    url, params = f"{API}/rounds/", {"format": "ics"}
    warm(api_client, url, params)
    # One query a chunk of rounds, with their mechanism, city and host country: nothing else
    # is written in an event. PostgreSQL (issue 13): that query streamed, not in Django's log;
    # logged: `SET LOCAL jit = off` (in a savepoint, which is overhead). +1: the anonymous
    # export's count (at most EXPORT_ANONYMOUS_MAX_ROWS + 1). +1: the mechanisms' countries,
    # which the titles name (issue 26), read once for the whole calendar.
    with data_queries(3):
        response = api_client.get(url, params)
        content = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert content.count(b"BEGIN:VEVENT") == size


# --- API details: a fixed count whatever the number of nested rows ---------------------------


def referred_country(pool: Pool, size: int) -> None:
    for _ in range(size):
        PersonFactory(country=country("JP"))  # rows that refer to the country


def full_mechanism(pool: Pool, size: int) -> models.Mechanism:
    return mechanism(
        pool, held=size, scheduled=size, names=size, citations=size, organisations=size
    )


def lone_round(pool: Pool, size: int) -> models.Round:
    return full_round(
        pool,
        mechanism(pool, held=0, scheduled=0),
        0,
        participants=size,
        citations=size,
        topic_count=size,
        other_places=size,
    )


def signed_document(pool: Pool, size: int) -> models.Document:
    signed_at = RoundFactory(mechanism=mechanism(pool, held=0, scheduled=0), city=pool.city)
    return document(
        pool,
        0,
        signed_at=signed_at,
        parties=size,
        signatories=size,
        topic_count=size,
        citations=size,
    )


def broader_topic(pool: Pool, size: int) -> models.Topic:
    record = TopicFactory(parent=pool.parent_topic, description="Arms control.")
    for _ in range(size):
        TopicFactory(parent=record)  # narrower topics
    return record


def cited_source(pool: Pool, size: int) -> models.Source:
    full_round(pool, mechanism(pool, held=0, scheduled=0), 0, participants=1, citations=size)
    return pool.source


def is_japan(response, size: int) -> None:
    assert response.status_code == 200
    assert response.json()["code"] == "JP"


def is_arms_control(response, size: int) -> None:
    body = response.json()
    assert body["description"] == "Arms control."
    assert body["parent"] is not None


def is_the_press_release(response, size: int) -> None:
    body = response.json()
    assert body["page_url"] == "https://example.org/press/1"
    assert body["publisher"] is not None


def has_size_other_names(response, size: int) -> None:
    assert len(response.json()["other_names"]) == size


def mechanism_holds(response, size: int) -> None:
    body = response.json()
    assert body["rounds_count"] == 2 * size
    assert body["last_round"] and body["next_round"]
    assert len(body["other_names"]) == len(body["sources"]) == len(body["organisations"]) == size


def round_holds(response, size: int) -> None:
    body = response.json()
    assert len(body["participants"]) == len(body["sources"]) == size
    assert len(body["topics"]) == len(body["other_places"]) == size


def document_holds(response, size: int) -> None:
    body = response.json()
    assert len(body["parties"]) == len(body["signatories"]) == size
    assert len(body["topics"]) == len(body["sources"]) == size


def indicator_holds(response, size: int) -> None:
    body = response.json()
    assert len(body["countries"]) == len(body["sources"]) == size


DETAILS = {
    "country": Read("countries/JP", referred_country, 1, is_japan),
    "place": Read(  # +2
        "places/{pk}", lambda pool, size: place(names=size), 4, has_size_other_names
    ),
    "person": Read(  # +2
        "people/{pk}", lambda pool, size: person(names=size), 4, has_size_other_names
    ),
    "organisation": Read(  # +2
        "organisations/{pk}",
        lambda pool, size: organisation(names=size, parent=organisation()),
        4,
        has_size_other_names,
    ),
    "mechanism": Read("mechanisms/{pk}", full_mechanism, 7, mechanism_holds),  # +1
    "round": Read("rounds/{pk}", lone_round, 6, round_holds),  # +1
    "document": Read("documents/{pk}", signed_document, 5, document_holds),
    "indicator": Read(
        "indicators/{pk}",
        lambda pool, size: indicator(pool, 0, countries=size, citations=size),
        3,
        indicator_holds,
    ),
    "topic": Read("topics/{pk}", broader_topic, 2, is_arms_control),  # +1
    "source": Read("sources/{pk}", cited_source, 1, is_the_press_release),
}


@sizes()
@pytest.mark.parametrize("read", DETAILS.values(), ids=DETAILS.keys())
def test_detail(api_client, pool, read, size):
    measured_read(api_client, pool, read, size)


# --- Admin -----------------------------------------------------------------------------------


def admin_cases(*cases):
    """(model, builder, query parameters, queries) for 1 and BIG rows; the BIG case is a
    strict xfail for a known N+1 (its reason as a fifth item)."""
    params = []
    for model, build, query, queries, *n_plus_one in cases:
        params.append(pytest.param(model, build, query, queries, 1, id=f"{model}-1"))
        marks = (
            [pytest.mark.xfail(strict=True, reason=f"N+1: {n_plus_one[0]}")] if n_plus_one else []
        )
        params.append(
            pytest.param(model, build, query, queries, BIG, marks=marks, id=f"{model}-{BIG}")
        )
    return pytest.mark.parametrize(("model", "build", "query", "queries", "size"), params)


def no_build(pool: Pool, size: int) -> None:
    """Countries come with the database; the search picks 1 or many."""


# Each list counts its matches once: the admin shows no second count of the whole table
# (`show_full_result_count = False`), which a million rounds would pay for on every page.
ADMIN_CHANGELISTS = admin_cases(
    # `q`: the search for 1 country (Japan), or for the many whose name holds "an".
    ("country", no_build, lambda size: {"q": "Japan" if size == 1 else "an"}, 4),
    ("place", lambda pool, size: places(size), None, 5),
    ("person", lambda pool, size: people(size), None, 5),
    ("organisation", lambda pool, size: organisations(size), None, 5),
    (
        "topic",
        lambda pool, size: topic_records(size),
        None,
        4,
    ),
    ("source", sources, None, 7),
    ("mechanism", mechanisms, None, 5),
    # Rounds: their participants (one prefetch for the page) and the mechanism filter's choices.
    ("round", rounds, None, 9),
    ("document", documents, None, 7),
    ("indicator", indicators, None, 6),
)


@ADMIN_CHANGELISTS
def test_admin_changelist(
    superuser_client, pool, django_assert_num_queries, model, build, query, queries, size
):
    build(pool, size)
    url, params = f"/admin/dialogue/{model}/", query(size) if query else {}
    warm(superuser_client, url, params)
    with django_assert_num_queries(queries):
        response = superuser_client.get(url, params)
    assert response.status_code == 200
    shown = response.context["cl"].result_count
    if model == "country":
        assert (shown == 1) == (size == 1), shown  # Japan alone, or many countries
    else:
        assert shown == size


@sizes()
def test_admin_round_change_page(superuser_client, pool, django_assert_num_queries, size):
    record = full_round(
        pool, mechanism(pool, held=0, scheduled=0), 0, participants=size, citations=size
    )
    url = f"/admin/dialogue/round/{record.pk}/change/"
    warm(superuser_client, url)
    # The record with its rows and links, read once for its version and provenance; the
    # inlines' rows with what they show (people, sources) prefetched; autocomplete widgets
    # label what the rows loaded; the names of its city and its people, which provenance looks
    # for in stated quotes (3): the same whatever the number of participants and citations.
    with django_assert_num_queries(15):
        response = superuser_client.get(url)
    assert response.status_code == 200
    assert response.context["original"] == record


@sizes()
def test_admin_mechanism_change_page(superuser_client, pool, django_assert_num_queries, size):
    record = mechanism(pool, held=0, scheduled=0)
    for index in range(size):
        full_round(pool, record, index, participants=3, citations=2)
    url = f"/admin/dialogue/mechanism/{record.pk}/change/"
    warm(superuser_client, url)
    # Its latest rounds inline with their participants and citations, each kind read once,
    # and the count of all its rounds (for the link to them).
    with django_assert_num_queries(15):
        response = superuser_client.get(url)
    assert response.status_code == 200
    assert response.context["original"] == record
    (rounds_inline,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is models.Round
    ]
    assert {form.instance for form in rounds_inline.forms} == set(record.rounds.all())
    page = response.content.decode()
    people = models.Person.objects.filter(participations__round__mechanism=record)
    assert people.count() == 3 * size
    assert all(person.name in page for person in people)
