"""Operations: health checks, request ids, the replica router, backups and migrations."""

import json
import logging
import warnings
from unittest.mock import patch

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.test import override_settings

from dialogue import registry_version, routers
from dialogue.models import Mechanism, Round, Topic
from dialogue.observability import RequestIdFilter, optional_dependencies
from tests.factories import TopicFactory, UserFactory


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_request_without_the_database_answers_while_a_version_change_waits(client, monkeypatch):
    """A write made outside a transaction shares its version change at the end of the next
    request; a request that may not use the database (here, a test's without database access)
    raised from that handler. The change waits for a moment that may use it."""
    monkeypatch.setattr(registry_version, "_pending", True)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert registry_version._pending


@pytest.mark.django_db
def test_readyz_checks_the_database_and_migrations(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "migrations": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_while_a_migration_is_pending(client, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["pending"])

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 not applied"


@pytest.fixture
def replica_at(monkeypatch):
    """Configures a replica: a SQLite file at the path given."""

    def configure(path: str) -> None:
        forget()
        replica = {**connection.settings_dict, "ENGINE": "django.db.backends.sqlite3"}
        monkeypatch.setitem(
            connections.settings, "replica", {**replica, "NAME": path, "OPTIONS": {}}
        )

    def forget() -> None:
        if "replica" in connections.settings:
            connections["replica"].close()
            del connections["replica"]

    yield configure
    forget()


def test_readyz_reports_a_replica_up_or_degraded(replica_at, tmp_path, django_db_blocker):
    # Outside a test's transaction, whose isolation forbids another database.
    with django_db_blocker.unblock():
        replica_at(str(tmp_path / "replica.sqlite3"))
        up = optional_dependencies()
        replica_at(str(tmp_path / "no such folder" / "replica.sqlite3"))
        down = optional_dependencies()

    assert up["replica"] == "up"  # beside Redis's entry, with REDIS_URL
    assert down["replica"] == "degraded"


@pytest.fixture
def replica_reachability():
    """The router's record of the replica, as a fresh process has it, before and after."""
    state = routers.replica_reachability
    state.down, state.retry_at = False, 0.0
    yield state
    state.down, state.retry_at = False, 0.0


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_a_replica_that_fails_is_left_alone_for_a_while(
    rf, replica_at, tmp_path, django_db_blocker, replica_reachability
):
    """The request that finds the replica gone fails (503, `views.server_error`); the anonymous
    reads after it go to the primary; after the back-off one request tries the replica again.
    Each request here is an anonymous GET through the middleware, whose view reads a round
    where the router sends it (the replica: a SQLite file that cannot be opened)."""
    router = routers.PrimaryReplicaRouter()

    def view(request):
        alias = router.db_for_read(Round)
        if alias == routers.REPLICA:
            try:
                connections[alias].ensure_connection()
            except OperationalError:
                return HttpResponse(alias, status=503)
        return HttpResponse(alias)

    middleware = routers.ReadReplicaMiddleware(view)
    # Outside a test's transaction, whose isolation forbids another database.
    with django_db_blocker.unblock():
        replica_at(str(tmp_path / "no such folder" / "replica.sqlite3"))
        with override_settings(
            DATABASES={**settings.DATABASES, "replica": connections.settings["replica"]}
        ):
            found_out = middleware(rf.get("/api/v1/rounds/"))
            after = [middleware(rf.get("/api/v1/rounds/")).content for _ in range(2)]
            replica_reachability.retry_at = 0.0  # the back-off over
            tried_again = middleware(rf.get("/api/v1/rounds/"))

    assert (found_out.status_code, found_out.content) == (503, b"replica")
    assert after == [b"default", b"default"]
    assert (tried_again.status_code, tried_again.content) == (503, b"replica")
    assert replica_reachability.down


def test_a_request_gets_an_id_and_echoes_a_plain_one(client):
    assert len(client.get("/healthz")["X-Request-ID"]) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="trace-42")["X-Request-ID"] == "trace-42"


def test_an_unsafe_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")

    assert response["X-Request-ID"] != "<script>"


def test_each_request_is_logged_with_its_id_status_and_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger="dialogue.requests"):
        client.get("/healthz", HTTP_X_REQUEST_ID="trace-43")

    (record,) = [r for r in caplog.records if r.name == "dialogue.requests"]
    RequestIdFilter().filter(record)
    assert (record.method, record.path, record.status) == ("GET", "/healthz", 200)
    assert record.duration_ms >= 0


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_reads_go_to_the_primary_outside_requests_and_without_a_replica(rf):
    router = routers.PrimaryReplicaRouter()
    replica = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    with override_settings(DATABASES={"default": replica, "replica": replica}):
        assert router.db_for_read(Round) == "default"  # a management command, the shell
        assert router.db_for_write(Round) == "default"
        assert router.allow_migrate("replica", "dialogue") is False
    token = routers.current.set(routers.RequestReads(rf.get("/"), anonymous_read=True))
    try:
        assert router.db_for_read(Round) == "default"  # no replica configured
    finally:
        routers.current.reset(token)


@pytest.fixture
def reads(db):
    """A replica is configured; each read records where the router sends it (the primary
    serves it all the same: the test database has no replica)."""
    where: list[tuple[str, str]] = []
    decide = routers.PrimaryReplicaRouter.db_for_read

    def record(self, model, **hints):
        label = f"{model._meta.app_label}.{model._meta.model_name}"  # the cache's too
        where.append((label, decide(self, model, **hints)))
        return "default"

    replica = {**settings.DATABASES["default"]}
    with (
        warnings.catch_warnings(),
        patch.object(routers.PrimaryReplicaRouter, "db_for_read", record),
    ):
        warnings.filterwarnings("ignore", "Overriding setting DATABASES")
        with override_settings(DATABASES={**settings.DATABASES, "replica": replica}):
            yield where


def test_anonymous_gets_read_the_replica(client, reads):
    TopicFactory()

    assert client.get("/api/v1/topics/").status_code == 200

    assert ("dialogue.topic", "replica") in reads


def test_a_get_with_an_api_token_reads_the_primary(analyst_client, reads):
    TopicFactory()

    assert analyst_client.get("/api/v1/topics/").status_code == 200

    assert ("authtoken.token", "default") in reads
    assert {alias for _, alias in reads} == {"default"}


def test_a_user_authenticated_inside_the_view_reads_the_primary(reader_client, reads):
    """DRF sets the request's user once it has authenticated it, whatever the credentials."""
    TopicFactory()

    assert reader_client.get("/api/v1/topics/").status_code == 200

    assert ("dialogue.topic", "default") in reads
    assert ("dialogue.topic", "replica") not in reads


def test_the_admin_reads_the_primary(client, reads):
    TopicFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get("/admin/dialogue/topic/").status_code == 200

    assert ("dialogue.topic", "default") in reads
    assert {alias for _, alias in reads} == {"default"}


def read_topics(request):
    list(Topic.objects.all())
    return HttpResponse()


@pytest.mark.parametrize(
    ("method", "path", "extra", "alias"),
    [
        ("get", "/api/v1/topics/", {}, "replica"),
        ("head", "/api/v1/topics/", {}, "replica"),
        ("options", "/api/v1/topics/", {}, "default"),
        ("get", "/admin/dialogue/topic/", {}, "default"),  # the login page's too
        ("get", "/api/v1/topics/", {"HTTP_AUTHORIZATION": "Token abc"}, "default"),
        ("get", "/api/v1/topics/", {"HTTP_COOKIE": "sessionid=abc"}, "default"),
    ],
)
def test_which_requests_may_read_the_replica(rf, reads, method, path, extra, alias):
    routers.ReadReplicaMiddleware(read_topics)(getattr(rf, method)(path, **extra))

    assert reads == [("dialogue.topic", alias)]


def test_a_read_after_a_write_in_the_same_request_reads_the_primary(rf, reads):
    def read_write_read(request):
        list(Topic.objects.all())
        TopicFactory()
        list(Topic.objects.all())
        return HttpResponse()

    routers.ReadReplicaMiddleware(read_write_read)(rf.get("/api/v1/topics/"))

    topic_reads = [alias for label, alias in reads if label == "dialogue.topic"]
    assert topic_reads[0] == "replica"
    assert topic_reads[-1] == "default"


def test_the_database_cache_is_on_the_primary_and_its_writes_keep_the_replica(rf, reads):
    """Issue 10: the throttle's count (the database cache without Redis) is written before the
    view runs; as a write of the request it sent every read after it to the primary, so no
    anonymous request read the replica. The count itself must be read from the primary."""
    cache_model = DatabaseCache("dialogue_cache", {}).cache_model_class
    router = routers.PrimaryReplicaRouter()

    def count_then_read(request):
        assert router.db_for_read(cache_model) == "default"
        assert router.db_for_write(cache_model) == "default"
        list(Topic.objects.all())
        return HttpResponse()

    routers.ReadReplicaMiddleware(count_then_read)(rf.get("/api/v1/topics/"))

    assert reads == [("django_cache.cacheentry", "default"), ("dialogue.topic", "replica")]


def test_anonymous_reads_with_the_database_cache_read_the_replica_and_not_the_cache(client, reads):
    """The same through a whole request, on the database cache of the settings without Redis:
    the throttle counted there (a write, and a read from the primary); now it counts in the
    process's memory and the request touches the cache's table nowhere (issue 24)."""
    TopicFactory()
    database_cache = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dialogue_cache",
        },
    }
    with override_settings(CACHES=database_cache):
        call_command("createcachetable", verbosity=0)
        assert client.get("/api/v1/topics/").status_code == 200

    assert [read for read in reads if read[0] == "django_cache.cacheentry"] == []
    assert ("dialogue.topic", "replica") in reads
    assert ("dialogue.topic", "default") not in reads


@pytest.mark.django_db
def test_seed_twice_duplicates_nothing_and_records_first_versions():
    call_command("seed", verbosity=0)
    rounds, versions = Round.objects.count(), Round.history.count()
    call_command("seed", verbosity=0)

    assert Round.objects.count() == rounds == 25
    assert Round.history.count() == versions == rounds


@pytest.mark.django_db(transaction=True)
def test_backup_restores_exactly_after_migrating_to_zero_and_back(tmp_path, analyst_client):
    """The same records, ids and history, through a full unmigrate and migrate."""
    call_command("seed", verbosity=0)
    analyst_client.patch("/api/v1/rounds/3/", {"venue": "Osobnyak"})  # a change with a user
    first = tmp_path / "first.json"
    call_command("backup", output=str(first), verbosity=0)

    call_command("migrate", "dialogue", "zero", verbosity=0)
    call_command("migrate", verbosity=0)
    User.objects.all().delete()  # the accounts, kept by the registry's unmigration
    assert not Mechanism.objects.exists()
    call_command("restore", str(first), verbosity=0)
    second = tmp_path / "second.json"
    call_command("backup", output=str(second), verbosity=0)

    assert first.read_bytes() == second.read_bytes()
    restored = json.loads(second.read_text())
    assert any(row["model"] == "dialogue.historicalround" for row in restored)
    assert Round.objects.get(pk=3).venue == "Osobnyak"


@pytest.mark.django_db
def test_restore_refuses_a_registry_that_is_not_empty(tmp_path):
    call_command("seed", verbosity=0)
    backup = tmp_path / "b.json"
    call_command("backup", output=str(backup), verbosity=0)

    with pytest.raises(Exception, match="not empty"):
        call_command("restore", str(backup), verbosity=0)


@pytest.mark.django_db
def test_every_migration_is_applied_and_none_is_missing():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
