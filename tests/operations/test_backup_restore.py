"""Backups: owner-only files, exact to the microsecond; restore only into a fresh database."""

import datetime
import json
import os
import stat

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from dialogue.models import Country, Topic
from dialogue.roles import ANALYSTS
from tests.factories import TopicFactory, UserFactory

# A timestamp whose microseconds are below a millisecond: Django's JSON writes it `.000Z`.
SUB_MILLISECOND = datetime.datetime(2024, 5, 6, 7, 8, 9, 500, tzinfo=datetime.UTC)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_022():
    """The usual umask, under which files are created readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.django_db
def test_a_backup_is_created_readable_by_its_owner_only(tmp_path, monkeypatch, umask_022):
    path = tmp_path / "backups" / "registry.json"
    modes_while_writing = []
    serialize = serializers.serialize

    def spy(*args, **kwargs):
        modes_while_writing.append(mode(path))
        return serialize(*args, **kwargs)

    monkeypatch.setattr(serializers, "serialize", spy)
    call_command("backup", output=str(path), verbosity=0)

    assert modes_while_writing == [0o600]  # before the first secret is written
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


@pytest.mark.django_db
def test_a_backup_over_an_existing_file_makes_it_owner_only_first(tmp_path, umask_022):
    path = tmp_path / "registry.json"
    path.write_text("old")
    path.chmod(0o644)

    call_command("backup", output=str(path), verbosity=0)

    assert mode(path) == 0o600
    assert json.loads(path.read_text())  # written whole, the old text gone


@pytest.mark.django_db
def test_a_restore_keeps_timestamps_to_the_microsecond(tmp_path):
    """The cause of a flaky byte-for-byte test: a backup cut timestamps to milliseconds."""
    topic = TopicFactory()
    Topic.objects.filter(pk=topic.pk).update(created=SUB_MILLISECOND, updated=SUB_MILLISECOND)
    topic.history.update(history_date=SUB_MILLISECOND)
    backup = tmp_path / "b.json"
    call_command("backup", output=str(backup), verbosity=0)
    Topic.objects.all().delete()
    Topic.history.all().delete()  # the deletions' versions too

    call_command("restore", str(backup), verbosity=0)

    restored = Topic.objects.get(pk=topic.pk)
    assert (restored.created, restored.updated) == (SUB_MILLISECOND, SUB_MILLISECOND)
    assert restored.history.get().history_date == SUB_MILLISECOND
    again = tmp_path / "again.json"
    call_command("backup", output=str(again), verbosity=0)
    assert again.read_bytes() == backup.read_bytes()
    assert '"updated": "2024-05-06T07:08:09.000500Z"' in backup.read_text()


# --- Restore refuses any data beyond what migrate creates -----------------------------------


@pytest.fixture
def backup_of_a_fresh_database(db, tmp_path):
    """A backup of a freshly migrated database: the migrated countries and role groups only."""
    path = tmp_path / "fresh.json"
    call_command("backup", output=str(path), verbosity=0)
    return path


def test_a_fresh_database_takes_a_restore(backup_of_a_fresh_database):
    call_command("restore", str(backup_of_a_fresh_database), verbosity=0)

    assert Country.objects.filter(code="JP").exists()
    assert Group.objects.get(name=ANALYSTS).permissions.exists()


@pytest.mark.django_db
def test_restore_refuses_topics_and_a_local_superuser_and_changes_nothing(tmp_path):
    """The report: a restore overwrote topics 1-26 by id and a local superuser's password."""
    admin = User.objects.create_superuser("admin", password="from-the-backup")
    topics = TopicFactory.create_batch(3)
    backup = tmp_path / "b.json"
    call_command("backup", output=str(backup), verbosity=0)
    admin.set_password("local")
    admin.save()
    Topic.objects.filter(pk__in=[t.pk for t in topics]).update(name="Edited here")
    TopicFactory()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup), verbosity=0)

    message = str(refused.value)
    assert "not empty" in message
    assert "dialogue_topic (4 rows)" in message
    assert "dialogue_historicaltopic (" in message
    assert "auth_user (1 row)" in message
    assert User.objects.get(username="admin").check_password("local")
    assert Topic.objects.filter(name="Edited here").count() == 3


def edit_a_country():
    Country.objects.filter(code="JP").update(name="Nippon")


def add_a_country():
    Country.objects.create(code="XK", name="Kosovo", alpha_3="XKX")


def give_a_country_history():
    Country.history.create(code="JP", name="Japan", history_date=SUB_MILLISECOND, history_type="~")


def add_a_group():
    Group.objects.create(name="editors")


def change_a_role_group():
    Group.objects.get(name=ANALYSTS).permissions.remove(
        Permission.objects.get(codename="delete_topic")
    )


def add_a_user_with_a_token():
    Token.objects.create(user=UserFactory())


def put_a_user_in_a_role_group():
    UserFactory().groups.add(Group.objects.get(name=ANALYSTS))


@pytest.mark.parametrize(
    ("change", "tables"),
    [
        (edit_a_country, ["dialogue_country (1 row)"]),
        (add_a_country, ["dialogue_country (1 row)"]),
        (give_a_country_history, ["dialogue_historicalcountry (1 row)"]),
        (add_a_group, ["auth_group (1 row)"]),
        (change_a_role_group, ["auth_group (1 row)", "auth_group_permissions ("]),
        (add_a_user_with_a_token, ["auth_user (1 row)", "authtoken_token (1 row)"]),
        (put_a_user_in_a_role_group, ["auth_user (1 row)", "auth_user_groups (1 row)"]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_restore_refuses_any_data_beyond_what_migrate_creates(
    backup_of_a_fresh_database, change, tables
):
    change()

    with pytest.raises(CommandError, match="not empty") as refused:
        call_command("restore", str(backup_of_a_fresh_database), verbosity=0)

    for table in tables:
        assert table in str(refused.value)


@pytest.mark.django_db
def test_restore_is_all_or_nothing(tmp_path):
    """A backup whose last row breaks a foreign key (found only once every row is in) loads
    nothing at all."""
    TopicFactory.create_batch(2)
    rows = json.loads(_backup(tmp_path).read_text())
    (first,) = [row for row in rows if row["model"] == "dialogue.topic"][:1]
    rows.append({**first, "pk": 99, "fields": {**first["fields"], "slug": "x", "parent": 12345}})
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(rows))
    Topic.objects.all().delete()
    Topic.history.all().delete()  # the deletions' versions too

    with pytest.raises(Exception):  # noqa: B017 - whatever loaddata raises
        call_command("restore", str(broken), verbosity=0)

    assert not Topic.objects.exists()
    assert not Topic.history.exists()


def _backup(tmp_path):
    path = tmp_path / "b.json"
    call_command("backup", output=str(path), verbosity=0)
    return path
