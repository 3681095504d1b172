"""Cached reads: served with one query (the registry's version) while the registry is unchanged,
never stale after any write, whichever way it was made (dialogue/api/cache.py,
dialogue/registry_version.py)."""

import datetime
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer as DRFRenderer
from rest_framework.test import APIClient

from dialogue import registry_version
from dialogue.api import cache as response_cache
from dialogue.api.renderers import JSONRenderer
from dialogue.memory_cache import BoundedLocMemCache
from dialogue.models import RegistryVersion, Topic
from tests.admin.test_admin import form_data, form_errors, page_fields
from tests.factories import TopicFactory, talks_release
from tests.queries import writes

API = "/api/v1"
TOPICS = f"{API}/topics/?page_size=50"

pytestmark = pytest.mark.django_db


def topic_names(client) -> list[str]:
    response = client.get(TOPICS)
    assert response.status_code == 200
    return [topic["name"] for topic in response.json()["results"]]


def test_a_repeated_read_is_served_from_the_cache_with_one_query_for_the_version(
    api_client, django_assert_num_queries
):
    TopicFactory(name="Fisheries")
    first = api_client.get(TOPICS)

    with django_assert_num_queries(1) as captured:
        again = api_client.get(TOPICS)

    assert "dialogue_registryversion" in captured.captured_queries[0]["sql"]
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert again["X-Cache"] == "hit"


def test_a_list_and_a_record_answer_if_none_match_with_304_with_one_query_for_the_version(
    api_client, django_assert_num_queries
):
    topic = TopicFactory(name="Fisheries")
    for path in (TOPICS, f"{API}/topics/{topic.pk}/"):
        etag = api_client.get(path)["ETag"]
        with django_assert_num_queries(1):
            response = api_client.get(path, headers={"If-None-Match": etag})
        assert response.status_code == 304
        assert response["ETag"] == etag
        assert response.content == b""


def test_a_record_keeps_its_version_etag_when_cached(api_client):
    """A detail's ETag is the record's version (usable in If-Match), cached or not."""
    topic = TopicFactory(name="Fisheries")
    path = f"{API}/topics/{topic.pk}/"
    computed = api_client.get(path)
    cached = api_client.get(path)
    assert cached["X-Cache"] == "hit"
    assert cached["ETag"] == computed["ETag"]
    assert computed["ETag"].startswith('"') and "-" in computed["ETag"]


def test_another_address_media_type_or_user_is_not_served_anothers_response(
    api_client, analyst_client
):
    TopicFactory(name="Fisheries")
    api_client.get(TOPICS)
    assert api_client.get(f"{API}/topics/?page_size=20")["X-Cache"] == "miss"
    assert (
        api_client.get(TOPICS, HTTP_ACCEPT="text/html")
        .get("Content-Type", "")
        .startswith("text/html")
    )
    assert analyst_client.get(TOPICS)["X-Cache"] == "miss"


def test_page_sizes_rounded_to_the_same_share_one_cached_response(api_client):
    """`?page_size=37`, `38`, … `50` are one answer, computed and kept once: a new page size
    each time no longer defeats the cache, nor adds an entry."""
    TopicFactory.create_batch(3)
    first = api_client.get(f"{API}/topics/?page_size=37")
    assert first["X-Cache"] == "miss" and first["X-Page-Size"] == "50"
    entries = len(caches["responses"]._cache)
    for size in (38, 49, 50):
        again = api_client.get(f"{API}/topics/?page_size={size}")
        assert again["X-Cache"] == "hit", size
        assert again.content == first.content and again["X-Page-Size"] == "50"
    assert len(caches["responses"]._cache) == entries
    assert api_client.get(f"{API}/topics/?page_size=51")["X-Cache"] == "miss"


def test_errors_are_not_cached(api_client):
    entries = len(caches["responses"]._cache)
    first = api_client.get(f"{API}/topics/?page=9")
    assert first.status_code == 404
    assert first.get("X-Cache") != "hit"
    TopicFactory.create_batch(3)
    # The same address now has a page... of nothing beyond page 1, still computed afresh.
    again = api_client.get(f"{API}/topics/?page=9")
    assert again.status_code == 404
    assert again.get("X-Cache") != "hit"
    assert len(caches["responses"]._cache) == entries


# --- Bounded: what a worker keeps is bounded in bytes, whatever it is asked ----------------------


def stored_bytes(cached) -> int:
    """The bytes the cache holds, read from its own storage (pickled responses)."""
    return sum(len(value) for value in cached._cache.values())


def bounded_responses(settings, bound: int):
    """The response cache, bounded to `bound` bytes (a store of its own, empty)."""
    settings.CACHES = {
        **settings.CACHES,
        "responses": {
            **settings.CACHES["responses"],
            "LOCATION": f"responses-bounded-{bound}",
            "OPTIONS": {"MAX_ENTRIES": 100_000, "TOTAL_BYTES": bound},
        },
    }
    cached = caches["responses"]
    cached.clear()
    return cached


def test_distinct_pages_do_not_grow_the_cache_past_its_bound(api_client, settings):
    """Each distinct address is another entry; entries are bounded in total bytes, the least
    recently used dropped first, not only in number (500 entries of 1 MiB was 500 MiB)."""
    cached = bounded_responses(settings, 10_000)
    Topic.objects.bulk_create(Topic(name=f"Topic {i:03}", slug=f"t-{i}") for i in range(150))
    largest = 0
    for page in range(1, 151):  # about 75 kB of pages, each kept when answered
        response = api_client.get(f"{API}/topics/", {"page": page, "page_size": 1})
        assert response.json()["results"][0]["name"] == f"Topic {page - 1:03}"
        assert response["X-Cache"] == "miss"
        largest = max(largest, stored_bytes(cached))
    assert 9_000 < largest <= 10_000
    assert cached.total_bytes == stored_bytes(cached)
    # The most recently used pages are kept; the first ones were dropped.
    assert api_client.get(f"{API}/topics/", {"page": 150, "page_size": 1})["X-Cache"] == "hit"
    assert api_client.get(f"{API}/topics/", {"page": 1, "page_size": 1})["X-Cache"] == "miss"


def test_a_thousand_distinct_pages_stay_within_the_bound_least_recently_used_dropped(settings):
    cached = bounded_responses(settings, 20_000)
    headers = [("Content-Type", "application/json"), ("ETag", '"0123456789abcdef01234567"')]
    largest = 0
    for page in range(1, 1001):
        if page % 10 == 0:
            assert cached.get("page-1") is not None  # read often: kept
        cached.set(f"page-{page}", (b'{"results": [%d]}' % page * 20, headers))
        largest = max(largest, stored_bytes(cached))
        assert cached.total_bytes == stored_bytes(cached)
    assert 19_000 < largest <= 20_000
    assert cached.get("page-1000") is not None and cached.get("page-1") is not None
    assert cached.get("page-2") is None


def test_a_response_larger_than_the_whole_bound_is_not_kept():
    cached = BoundedLocMemCache("bounded-one", {"OPTIONS": {"TOTAL_BYTES": 1_000}})
    cached.set("small", b"x" * 100)
    cached.set("large", b"x" * 2_000)
    assert cached.get("large") is None and cached.get("small") == b"x" * 100
    cached.set("small", b"y" * 300)  # replaced: counted once
    assert cached.total_bytes == stored_bytes(cached) < 1_000
    cached.delete("small")
    assert cached.total_bytes == 0
    cached.clear()


# --- Never stale: every kind of write makes the next read fresh --------------------------------


def write_through_the_api(analyst_client, topic):
    response = analyst_client.patch(f"{API}/topics/{topic.pk}/", {"name": "Energy"}, format="json")
    assert response.status_code == 200, response.content


def delete_through_the_api(analyst_client, topic):
    assert analyst_client.delete(f"{API}/topics/{topic.pk}/").status_code == 204


def write_in_the_admin(analyst_client, topic):
    client = Client()
    client.force_login(User.objects.create_superuser("root"))
    address = f"/admin/dialogue/topic/{topic.pk}/change/"
    data = form_data(page_fields(client.get(address)))
    data["name"] = "Energy"
    response = client.post(address, data)
    assert response.status_code == 302, form_errors(response)


def write_by_a_bulk_update(analyst_client, topic):
    Topic.objects.filter(pk=topic.pk).update(name="Energy")


def write_by_raw_sql(analyst_client, topic):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE dialogue_topic SET name = %s WHERE id = %s", ["Energy", topic.pk])


def write_by_restoring_a_backup(analyst_client, topic):
    backup = Path(tempfile.mkdtemp()) / "registry.json"
    Topic.objects.filter(pk=topic.pk).update(name="Energy")
    call_command("backup", output=str(backup), verbosity=0)
    # Back to a fresh database, as restore requires; its (empty) topic list is read and cached.
    Topic.objects.all().delete()
    Topic.history.all().delete()
    User.objects.all().delete()
    assert topic_names(APIClient()) == []
    call_command("restore", str(backup), verbosity=0)


@pytest.mark.parametrize(
    "write",
    [
        write_through_the_api,
        delete_through_the_api,
        write_in_the_admin,
        write_by_a_bulk_update,
        write_by_raw_sql,
        write_by_restoring_a_backup,
    ],
)
def test_no_read_after_a_write_is_stale(api_client, analyst_client, write):
    topic = TopicFactory(name="Fisheries")
    before = topic_names(api_client)

    write(analyst_client, topic)

    after = topic_names(api_client)
    assert after == list(Topic.objects.order_by("name").values_list("name", flat=True))
    assert after != before


def test_accepting_a_draft_makes_the_next_read_fresh(analyst_client):
    # Both sides named (a reading that knows one country proposes no round, nor its people).
    source = talks_release()
    people = f"{API}/people/"
    assert analyst_client.get(people).json()["count"] == 0
    drafts = analyst_client.post(f"{API}/sources/{source.pk}/drafts/").json()
    person = next(draft for draft in drafts["results"] if draft["type"] == "person")

    accepted = analyst_client.post(f"{API}/drafts/{person['id']}/accept/", format="json")

    assert accepted.status_code == 200, accepted.content
    assert analyst_client.get(people).json()["count"] == 1


# --- Across workers: the shared version -------------------------------------------------------


def shared() -> str | None:
    return registry_version.read_shared()


@pytest.mark.django_db(transaction=True)
def test_the_shared_version_changes_when_a_write_commits_and_not_before():
    start = shared()
    assert start is not None  # made by the migration, not by a read
    with transaction.atomic():
        TopicFactory(name="Fisheries")
        assert shared() == start  # other workers cannot see the write yet
    assert shared() not in (start, None)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_the_shared_version():
    start = shared()
    with transaction.atomic():
        TopicFactory(name="Fisheries")
        transaction.set_rollback(True)
    assert shared() == start


@pytest.mark.django_db(transaction=True)
def test_a_removed_version_is_not_made_by_a_read_but_by_the_next_write(api_client):
    """A flush of every table removes its row: reads are then not cached, and write nothing."""
    TopicFactory(name="Fisheries")
    registry_version.flush()  # the bump of the writes so far, made outside a transaction
    RegistryVersion.objects.all().delete()
    assert registry_version.current() is None
    with CaptureQueriesContext(connection) as captured:
        assert api_client.get(TOPICS).get("X-Cache") is None
    assert [q["sql"] for q in captured.captured_queries if writes(q["sql"])] == []

    with transaction.atomic():
        Topic.objects.update(name="Energy")
    assert shared() is not None
    assert topic_names(api_client) == ["Energy"]
    assert api_client.get(TOPICS)["X-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_another_worker_reads_fresh_after_a_committed_write(api_client, monkeypatch):
    """A worker that did not make the write (its own count of writes unchanged, its own
    memory) sees it once it has committed."""
    TopicFactory(name="Fisheries")
    monkeypatch.setattr(registry_version, "_local_version", 0)
    assert topic_names(api_client) == ["Fisheries"]
    assert api_client.get(TOPICS)["X-Cache"] == "hit"

    Topic.objects.update(name="Energy")  # committed at once (autocommit)
    monkeypatch.setattr(registry_version, "_local_version", 0)  # as the other worker's

    assert topic_names(api_client) == ["Energy"]


def test_reads_do_not_change_the_version(api_client):
    """Throttle counters and sessions are written on reads; they are not registry data."""
    version = registry_version.current()
    api_client.get(TOPICS)
    assert registry_version.current() == version


def test_without_a_readable_version_reads_are_computed(api_client, monkeypatch):
    def unreadable():
        raise DatabaseError("no such table: dialogue_registryversion")

    monkeypatch.setattr(registry_version, "read_shared", unreadable)
    TopicFactory(name="Fisheries")
    assert topic_names(api_client) == ["Fisheries"]
    assert api_client.get(TOPICS).get("X-Cache") is None


def test_reads_from_a_replica_are_not_cached(api_client, monkeypatch):
    """A replica lags: its data may be older than the version it would be kept under."""
    monkeypatch.setattr(response_cache, "reads_from_replica", lambda: True)
    api_client.get(TOPICS)
    assert api_client.get(TOPICS).get("X-Cache") is None


@override_settings(RESPONSE_CACHE_ENABLED=False)
def test_the_cache_can_be_turned_off(api_client):
    api_client.get(TOPICS)
    assert api_client.get(TOPICS).get("X-Cache") is None


# --- Rendering -----------------------------------------------------------------------------


def test_orjson_renders_the_bytes_drf_renders(api_client, seeded):
    """The faster renderer changes no byte of any response (dates, non-ASCII names, quotes)."""
    for path in ("/api/v1/rounds/", "/api/v1/people/", "/api/v1/sources/1/", "/api/v1/places/"):
        data = api_client.get(path).data
        assert JSONRenderer().render(data) == DRFRenderer().render(data), path
    moment = datetime.datetime(2018, 7, 31, 9, 5, 1, 123456, tzinfo=datetime.UTC)
    awkward = {"when": moment, "day": moment.date(), "line": "a\u2028b", 3: "three"}
    assert JSONRenderer().render(awkward) == DRFRenderer().render(awkward)
    indented = "application/json; indent=2"
    assert JSONRenderer().render(awkward, indented) == DRFRenderer().render(awkward, indented)


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_is_shared_once_it_is_safe():
    """Not from inside the statement's execution (on the connection mid-operation), but at the
    end of the request or command."""
    start = shared()
    Topic.objects.create(name="Fisheries", slug="fisheries")  # autocommit
    registry_version.flush()
    assert shared() != start


def test_a_fresh_database_migrates_and_seeds_without_redis(tmp_path):
    """The report: with the version written to the database cache as each statement ran,
    `migrate` on a new SQLite database failed (no cache table yet; then a foreign key)."""
    database = tmp_path / "fresh.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["DATABASE_URL"] = f"sqlite:///{database}"
    for command in (["migrate", "-v0"], ["createcachetable"], ["seed", "-v0"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-3000:]
