"""Word search: one indexed query on PostgreSQL whatever the number of words, and the migration
stores the vectors the search reads."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection

from dialogue import paging, search
from dialogue.models import Citation, PersonName, Round
from tests.factories import (
    MechanismFactory,
    ParticipantFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite searches by substring"
)


@pytest.mark.django_db
@postgresql_only
def test_every_field_set_the_searches_use_has_a_stored_gin_indexed_vector():
    """Read from the migrated database, not from the migrations' code."""
    with connection.cursor() as cursor:
        for part in search.ALL_PARTS:
            table, column = part.model._meta.db_table, search.vector_column(part.fields)
            described = connection.introspection.get_table_description(cursor, table)
            assert column in {c.name for c in described}, (table, part.fields)
            indexes = connection.introspection.get_constraints(cursor, table).values()
            assert any(
                index["columns"] == [column] and index["type"] == "gin" for index in indexes
            ), (table, column)


def explain(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # an empty table would be scanned anyway
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
@postgresql_only
def test_postgresql_finds_words_through_the_stored_vectors_gin_indexes():
    plan = explain(search.search(Round.objects.all(), "fisheries", search.ROUND_PARTS))

    for index in ("search_round_", "search_person_", "search_place_", "search_topic_"):
        assert index in plan, plan
    assert "to_tsvector" not in plan  # the vectors are read, not computed again
    # Citations of rounds: on an empty table the planner prefers the content-type index; the
    # words alone must still be found through the GIN index.
    part = next(part for part in search.ROUND_PARTS if part.model is Citation)
    quotes = Citation.objects.annotate(words=part.stored()).filter(
        words=SearchQuery("fisheries", config=search.CONFIG)
    )
    assert "search_citation_" in explain(quotes)


@pytest.mark.django_db
@postgresql_only
def test_a_search_is_one_query_whatever_the_number_of_words():
    """Issue 10: each word added a subquery over every part (10 words: 70 subqueries)."""

    def subqueries(text: str) -> int:
        queryset = search.search(Round.objects.all(), text, search.ROUND_PARTS)
        sql, _params = queryset.query.sql_with_params()
        return sql.upper().count("SELECT")

    one = subqueries("fisheries")
    assert subqueries("fisheries Kono energy trade security visas culture science health") == one
    assert one <= len(search.ROUND_PARTS) + 2


@pytest.mark.django_db
def test_every_word_must_be_found_though_in_different_parts():
    wanted = RoundFactory(summary="Talks on fisheries")
    ParticipantFactory(round=wanted, person__name="Taro Kono", country_id="JP")
    RoundFactory(summary="Talks on fisheries")

    found = search.search(Round.objects.all(), "fisheries Kono", search.ROUND_PARTS)

    assert list(found) == [wanted]


@pytest.mark.django_db
def test_a_word_found_in_no_part_excludes_the_record():
    talks = RoundFactory(summary="Talks on fisheries")
    other = RoundFactory(summary="Talks")
    Citation.objects.create(record=other, source=SourceFactory(), quote="They discussed fisheries")

    found = search.search(Round.objects.all(), "fisheries", search.ROUND_PARTS)
    assert set(found) == {talks, other}
    assert not search.search(Round.objects.all(), "fisheries zeppelin", search.ROUND_PARTS)
    assert list(search.search(Round.objects.all(), "talks discussed", search.ROUND_PARTS)) == [
        other
    ]


@pytest.mark.django_db
@postgresql_only
def test_postgresql_reads_the_query_as_a_web_search_over_all_parts():
    kono = RoundFactory(summary="Talks on fisheries and energy")
    ParticipantFactory(round=kono, person__name="Taro Kono", country_id="JP")
    other = RoundFactory(summary="Energy talks; fisheries later")

    def found(text: str) -> set[Round]:
        return set(search.search(Round.objects.all(), text, search.ROUND_PARTS))

    assert found("fisheries -kono") == {other}  # excluded: the word is in a linked part
    assert found("kono or zeppelin") == {kono}
    assert found('"fisheries and energy"') == {kono}  # a phrase
    assert found("consultation") == set()
    assert found("talk") == {kono, other}  # stemming
    assert found("-kono") == set()  # excluded words only: nothing to find


@pytest.mark.django_db
@postgresql_only
def test_postgresql_ranks_the_records_own_matches_first():
    linked = RoundFactory(summary="A meeting")
    ParticipantFactory(round=linked, person__name="Fisheries Minister", country_id="JP")
    own = RoundFactory(summary="Fisheries, fisheries and fisheries")

    found = list(search.search(Round.objects.all(), "fisheries", search.ROUND_PARTS))

    assert found == [own, linked]


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_the_search_vectors_migration_is_reversible():
    def columns() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'dialogue_round' AND column_name LIKE 'search_%%'"
            )
            return {row[0] for row in cursor.fetchall()}

    assert columns() == {search.vector_column(search.ROUND_PARTS[0].fields)}
    call_command("migrate", "dialogue", "0010", verbosity=0)
    try:
        assert columns() == set()
    finally:
        call_command("migrate", "dialogue", verbosity=0)
    assert columns() == {search.vector_column(search.ROUND_PARTS[0].fields)}
    RoundFactory(summary="Talks on fisheries")
    assert search.search(Round.objects.all(), "fisheries", search.ROUND_PARTS).count() == 1


# --- Issue 13: a broad search at a million rounds ---------------------------------------------


@pytest.fixture
def every_part() -> list[Round]:
    """Rounds that hold "fisheries" in each part a round is searched by, one part each, and
    rounds that hold it in their own fields, with other words elsewhere."""
    source = SourceFactory()
    own = [RoundFactory(summary=f"Talks on fisheries, day {day}") for day in range(3)]
    by_mechanism = RoundFactory(mechanism=MechanismFactory(name="Fisheries commission"))
    by_city = RoundFactory(city=PlaceFactory(name="Fisheries Town"))
    by_person = RoundFactory(summary="Energy")
    ParticipantFactory(round=by_person, person__name="Fisheries Minister", country_id="JP")
    by_other_name = RoundFactory(summary="Energy and trade")
    named = ParticipantFactory(round=by_other_name, country_id="JP").person
    PersonName.objects.create(person=named, name="Fisheries Envoy", language="en")
    by_topic = RoundFactory(summary="Energy")
    by_topic.topics.add(TopicFactory(name="Fisheries"))
    by_quote = RoundFactory(summary="Trade")
    Citation.objects.create(record=by_quote, source=source, quote="They discussed fisheries.")
    RoundFactory(summary="Nothing of the kind")
    # Own fields matching every query below (so each is taken as broad when BROAD_LIMIT is 0).
    own.append(RoundFactory(summary="Talks on fisheries, energy and trade with the minister"))
    return [*own, by_mechanism, by_city, by_person, by_other_name, by_topic, by_quote]


@pytest.mark.django_db
@postgresql_only
@pytest.mark.parametrize(
    "text",
    ["fisheries", "fisheries energy", "fisheries trade", '"talks on fisheries"', "talk",
     "fisheries or zeppelin", "fisheries minister", "fisheries -energy"],
)  # fmt: skip
def test_a_broad_search_checks_each_record_and_finds_the_same(every_part, monkeypatch, text):
    """Past BROAD_LIMIT matches in the records' own fields, a search checks records one by one
    in the list's order instead of gathering every match: the same records are found."""
    monkeypatch.setattr(search, "RANK_LIMIT", 0)  # both in the list's order
    rounds = Round.objects.order_by("start_date", "id")
    gathered = list(search.search(rounds, text, search.ROUND_PARTS, paged=True))
    monkeypatch.setattr(search, "BROAD_LIMIT", 0)

    checked = search.search(rounds, text, search.ROUND_PARTS, paged=True)

    assert list(checked) == gathered
    assert (search.count_lower_bound(checked) is not None) == (not text.endswith("-energy"))


@pytest.mark.django_db
@postgresql_only
def test_a_broad_search_is_estimated_from_the_records_own_matches(every_part, monkeypatch, client):
    monkeypatch.setattr(search, "BROAD_LIMIT", 1)
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 1)

    response = client.get("/api/v1/rounds/", {"q": "fisheries", "page_size": 3})

    assert response["X-Count-Estimated"] == "true"
    assert response.json()["count"] >= 2  # at least the own matches counted: estimated
    assert len(response.json()["results"]) >= 2


@pytest.mark.django_db
@postgresql_only
def test_a_filter_after_a_broad_search_is_counted_again(every_part, monkeypatch, client):
    """The number of own matches the search counted is of the list as it was then; a filter
    applied after the search (the country) makes it stale, so the count is taken again."""
    monkeypatch.setattr(search, "BROAD_LIMIT", 1)
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 2)
    elsewhere = RoundFactory(
        mechanism=MechanismFactory(countries=["RU", "CN"]), summary="fisheries"
    )

    response = client.get("/api/v1/rounds/", {"q": "fisheries", "country": ["RU", "CN"]})

    assert "X-Count-Estimated" not in response
    assert response.json()["count"] == 1
    assert [row["id"] for row in response.json()["results"]] == [elsewhere.pk]


@pytest.mark.django_db
@postgresql_only
@pytest.mark.parametrize(
    ("path", "extra"),
    [("/api/v1/stats/", {}), ("/api/v1/timeline/", {}), ("/api/v1/rounds/", {"format": "csv"})],
)
def test_what_reads_every_match_gathers_them(every_part, monkeypatch, client, path, extra):
    """Counting by year, a timeline, a spreadsheet read every match: checking a million rounds
    one by one would be slower than gathering the matches, so only a page of the rounds list
    checks them one by one."""
    monkeypatch.setattr(search, "BROAD_LIMIT", 0)
    taken = []
    original = search.is_broad
    monkeypatch.setattr(search, "is_broad", lambda *args: taken.append(args) or original(*args))

    response = client.get(path, {"q": "fisheries", **extra})
    if response.streaming:
        b"".join(response.streaming_content)
    client.get("/api/v1/rounds/", {"q": "fisheries"})

    assert response.status_code == 200
    assert len(taken) == 1  # the rounds list's
