"""Operations: health checks, request ids, the replica router, backups and migrations."""

import json
import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from dialogue import routers
from dialogue.models import Mechanism, Round
from dialogue.observability import RequestIdFilter


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


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


def test_reads_of_safe_requests_go_to_the_replica_when_there_is_one():
    router = routers.PrimaryReplicaRouter()
    replica = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    with override_settings(DATABASES={"default": replica, "replica": replica}):
        token = routers.reads_may_lag.set(True)
        try:
            assert router.db_for_read(Round) == "replica"
        finally:
            routers.reads_may_lag.reset(token)
        assert router.db_for_read(Round) == "default"  # a writing request reads the primary
        assert router.db_for_write(Round) == "default"
        assert router.allow_migrate("replica", "dialogue") is False


def test_without_a_replica_everything_uses_the_primary():
    router = routers.PrimaryReplicaRouter()
    token = routers.reads_may_lag.set(True)
    try:
        assert router.db_for_read(Round) == "default"
    finally:
        routers.reads_may_lag.reset(token)


@pytest.mark.django_db
def test_seed_twice_duplicates_nothing_and_records_first_versions():
    call_command("seed", verbosity=0)
    rounds, versions = Round.objects.count(), Round.history.count()
    call_command("seed", verbosity=0)

    assert Round.objects.count() == rounds == 23
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
