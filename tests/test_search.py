"""Word search: indexed on PostgreSQL, and the migration creates the indexes the search uses."""

import importlib

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from dialogue import search
from dialogue.models import Citation, Round

from .factories import ParticipantFactory, RoundFactory

first = importlib.import_module("dialogue.migrations.0006_search_indexes")
citations = importlib.import_module("dialogue.migrations.0010_one_citation_model")


def test_the_migrations_index_every_field_set_the_searches_use():
    indexed = {
        name: fields
        for name, fields in first.INDEXED.items()
        if name not in {old for old, _link in citations.OLD}
    }
    assert search.index_fields() == {**indexed, **citations.SEARCH_INDEXED}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite searches by substring")
def test_postgresql_finds_words_through_the_gin_indexes():
    queryset = search.search(Round.objects.all(), "fisheries", search.ROUND_PARTS)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # an empty table would be scanned anyway
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    for index in ("search_round_", "search_person_"):
        assert index in plan
    # Citations of rounds: on an empty table the planner prefers the content-type index; the
    # words alone must still be found through the GIN index.
    part = next(part for part in search.ROUND_PARTS if part.model is Citation)
    words = part.model._default_manager.annotate(words=part.vector()).filter(
        words=SearchQuery("fisheries", config=search.CONFIG)
    )
    sql, params = words.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        assert "search_citation_" in "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_every_word_must_be_found_though_in_different_parts():
    wanted = RoundFactory(summary="Talks on fisheries")
    ParticipantFactory(round=wanted, person__name="Taro Kono", country_id="JP")
    RoundFactory(summary="Talks on fisheries")

    found = search.search(Round.objects.all(), "fisheries Kono", search.ROUND_PARTS)

    assert list(found) == [wanted]
