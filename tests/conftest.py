"""Shared fixtures: API clients for each kind of user, the seeded registry, and the checks of
an error's problem body."""

import datetime
import importlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dialogue.models import Country
from dialogue.roles import ANALYSTS

from .factories import UserFactory, analyst_permissions


@pytest.fixture
def today(monkeypatch):
    """Makes a given date today, as the registry reads it (`timezone.localdate`: whether a
    round is overdue, the day in a cached answer's key). Call it with the date."""

    def make_today(day: datetime.date) -> datetime.date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return make_today


@pytest.fixture
def api_client() -> APIClient:
    """An anonymous client."""
    return APIClient()


@pytest.fixture
def analyst(db):
    """A user holding every add, change and delete permission of the registry."""
    return UserFactory(permissions=analyst_permissions())


@pytest.fixture
def analyst_client(analyst) -> APIClient:
    """A client authenticated as an analyst by token, as integrators do."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    return client


@pytest.fixture
def reader_client(db) -> APIClient:
    """A client authenticated as a user with no write permission."""
    client = APIClient()
    client.force_authenticate(UserFactory())
    return client


def token_client(user: User) -> APIClient:
    """A client authenticated by the user's API token, as integrators are."""
    client = APIClient()
    key = Token.objects.get_or_create(user=user)[0].key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def member_of(group_name: str, **kwargs) -> User:
    """A user whose only rights come from membership of one role group."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def answering_client() -> APIClient:
    """An anonymous client that returns a server error's response instead of raising it."""
    return APIClient(raise_request_exception=False)


@pytest.fixture
def group_analyst(db) -> User:
    """An analyst whose rights come only from the `analysts` group."""
    return member_of(ANALYSTS, username="ann")


@pytest.fixture
def group_analyst_client(group_analyst) -> APIClient:
    return token_client(group_analyst)


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def superuser_client(client, superuser):
    """The test client signed in to the admin as the superuser."""
    client.force_login(superuser)
    return client


@pytest.fixture(scope="session")
def schema_document(django_db_setup, django_db_blocker) -> bytes:
    """The OpenAPI document the API serves, generated once: it depends on the code alone, and
    generating it takes a second or more (it was generated for each of some 50 tests)."""
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.content


@pytest.fixture
def schema(schema_document) -> dict:
    """The OpenAPI document the API serves, a copy of its own for each test."""
    return json.loads(schema_document)


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The seed, loaded once for a test module in a transaction rolled back after it.

    Loading it takes seconds (about 1,100 queries); the tests that use it each run inside it in
    their own savepoint (pytest-django's `db`), so what one writes is gone before the next.
    pytest_collection_modifyitems below runs a module's seeded tests after its other tests, so
    none of those sees the seed.
    """
    from dialogue import provenance

    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test before it (run as one file, a module's transactional tests
        # can come first) emptied what the migrations loaded: the seed needs the countries.
        if not Country.objects.exists():
            load_migrations_data()
        call_command("loaddata", "release-2018-07-30", verbosity=0)
        provenance.refresh_unsupported()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_module, db) -> None:
    """The registry as the seed fixtures leave it (the worklist's flags set, as `seed` does)."""
    reset_sequences()


def reset_sequences() -> None:
    """Each test on a module's seed starts from the id sequences a fresh load leaves.

    The load moved PostgreSQL's id sequences past the seed's ids; a test's savepoint rolls its
    rows back but not the sequences (SQLite's counters are rolled back with the rows)."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def pytest_itemcollected(item: pytest.Item) -> None:
    """A test whose fixtures read the database set up for the session (`django_db_setup`, as
    the corpus's, the schema's and the seed's session fixtures do) is a database test.
    pytest-django sets up the test database only for the selected tests marked as such: run
    alone, such a test read and wrote the database of DATABASE_URL, the developer's own."""
    if "django_db_setup" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
        "django_db"
    ):
        item.add_marker(pytest.mark.django_db)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In each module, the tests on the seeded registry (a fixture named `seeded…`) run last,
    one after another, so the module's seed (seeded_module, or a module's own) is loaded once
    and seen by no other test.

    Only tests that already run one after another in one module are reordered: pytest-django
    has put the transactional tests after all others (each empties every table when it ends,
    what the migrations loaded too), and they stay there.
    """
    runs: list[list[pytest.Item]] = []
    for item in items:
        if runs and runs[-1][0].module is item.module:
            runs[-1].append(item)
        else:
            runs.append([item])
    items[:] = [
        item
        for run in runs
        for item in sorted(run, key=lambda item: any(map(is_module_seed, item.fixturenames)))
    ]


def is_module_seed(fixture_name: str) -> bool:
    return fixture_name.startswith("seeded")


# Every resource of the API, as its address under /api/v1/ names it.
API_RESOURCES = (
    "countries",
    "places",
    "people",
    "organisations",
    "mechanisms",
    "rounds",
    "documents",
    "indicators",
    "topics",
    "sources",
)


# --- Error bodies: RFC 9457 problem details ----------------------------------------------------

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_MEMBERS = ("type", "title", "status", "detail", "instance")


def problem(response, status: int | None = None) -> dict:
    """The problem body of an error response, after checking its media type and its members."""
    if status is not None:
        assert response.status_code == status, response.content[:500]
    assert response.status_code >= 400, response.status_code
    assert response["Content-Type"].startswith(PROBLEM_MEDIA_TYPE), response["Content-Type"]
    body = response.json()
    assert isinstance(body, dict), body
    missing = [member for member in PROBLEM_MEMBERS if member not in body]
    assert not missing, f"problem lacks {missing}: {body}"
    assert body["status"] == response.status_code, body
    assert isinstance(body["detail"], str), body
    assert body["detail"], body
    return body


def assert_problem(response, status: int) -> dict:
    """The response is an RFC 9457 problem of the registry's own (`about:blank`, about this
    request) with this status; returns its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_MEDIA_TYPE
    body = json.loads(response.content)
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"]
    assert isinstance(body["detail"], str)
    assert body["instance"] == response.wsgi_request.path
    return body


# The status a write gets from a user who may not make it: who they are is unknown (401) or they
# lack the permission (403).
REFUSED = {"anonymous": 401, "reader": 403}


def assert_refused(response, role: str) -> None:
    """The write was refused to `role` with a problem; anonymous users are told to use a token."""
    body = assert_problem(response, REFUSED[role])
    assert body["detail"]
    if role == "anonymous":
        assert response["WWW-Authenticate"].startswith("Token")


def results(response) -> list[dict]:
    """The results of a 200 list response."""
    assert response.status_code == 200, response.content
    return response.json()["results"]


def field_errors(response) -> dict:
    """The per-field messages of a 400 validation problem, `errors`, keyed by field."""
    body = problem(response, 400)
    assert "errors" in body, f"a validation problem without errors: {body}"
    errors = body["errors"]
    assert isinstance(errors, dict), errors
    assert errors, body
    return errors


def no_field_errors(response, status: int) -> dict:
    """A problem that is not a validation error: a `detail`, no `errors`."""
    body = problem(response, status)
    assert "errors" not in body, body
    return body


@pytest.fixture(autouse=True)
def migrations_data_in_transactional_tests(request):
    """What the migrations load (the countries, the role groups), loaded again for a
    transactional test (`django_db(transaction=True)`): each one empties every table when it
    ends, so the transactional tests after it found none, and which did depended on the order
    they ran in."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    load_migrations_data()


def load_migrations_data() -> None:
    """Load what the data migrations load (the countries, the role groups) again."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from dialogue.roles import sync_role_groups

    apps = MigrationLoader(connection).project_state().apps  # as the data migrations see them
    importlib.import_module("dialogue.migrations.0002_load_countries").load_countries(apps, None)
    sync_role_groups(apps)


@pytest.fixture(autouse=True)
def forget_cached_responses():
    """Each test's data is rolled back without a write the registry's version could see, as no
    request's data ever is (dialogue/registry_version.py), so cached responses end with it."""
    yield
    caches["responses"].clear()


# --- A SQLite file of the test database, for other processes -----------------------------------


@pytest.fixture(scope="module")
def sqlite_template(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """A file holding the migrated test database (SQLite's backup of it), made before any
    test's transaction holds the database."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    target = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        connection.connection.backup(destination)
        destination.close()
    return target


@pytest.fixture
def sqlite_file(sqlite_template, tmp_path) -> Path:
    """A copy of the test database that a process of its own may write."""
    return Path(shutil.copy(sqlite_template, tmp_path / "registry.sqlite3"))
