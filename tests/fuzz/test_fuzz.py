"""Schema-driven fuzzing: the API answers as its OpenAPI schema says, and never with a 500.

Schemathesis reads /api/schema/ from the app itself (in-process WSGI under the test settings,
on the test database with the seed loaded) and sends generated requests, valid and invalid, to
every operation, anonymously and as an analyst (every add, change and delete permission, by
token). A stateful run follows the schema's links: it creates a mechanism, a round of it, and
reads, changes and deletes that round.

Each operation gets FUZZ_EXAMPLES generated requests (25 by default, derandomized, so the suite
stays fast and repeatable) besides the schema's examples. `FUZZ_EXAMPLES=200` fuzzes harder;
`FUZZ_COVERAGE=1` adds Schemathesis's coverage phase (every boundary and every kind of invalid
value of every parameter: hundreds of requests per operation). `make fuzz` runs all of that
against a live server with Schemathesis's CLI (scripts/fuzz.sh).
"""

import os
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import UserFactory, analyst_permissions
from tests.fuzz import fuzz_hooks  # noqa: F401  (registers the hooks: writes refer to seed records)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
]
# Shared with scripts/fuzz.sh: which statuses count as refusing invalid data, and why.
CONFIG = Path(__file__).with_name("schemathesis.toml")


def hypothesis_settings(**overrides) -> hypothesis.settings:
    overrides.setdefault("max_examples", EXAMPLES)
    return hypothesis.settings(
        derandomize=True,
        deadline=None,
        database=None,
        print_blob=False,
        # Requests to a database-backed app are slow for Hypothesis; that is expected here.
        suppress_health_check=list(HealthCheck),
        **overrides,
    )


schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json",
    get_wsgi_application(),
    config=schemathesis.Config.from_path(CONFIG),
)
schema.config.phases.coverage.enabled = os.environ.get("FUZZ_COVERAGE", "") == "1"


@pytest.fixture(scope="module")
def connection_kept_open():
    """Let requests through the WSGI app run inside the test's transaction.

    Django closes a connection that is not in autocommit mode when a request starts or ends,
    which inside a test's transaction would close it under the test (PostgreSQL). Django's own
    test client unhooks the same signal handler.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def seeded_database(django_db_setup, django_db_blocker, connection_kept_open):
    """The seed, loaded once for the module and rolled back after it.

    Each test runs inside it in its own savepoint (pytest-django's `db`), so what one test
    writes is gone before the next, and the seed need not be loaded 150 times.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "release-2018-07-30", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def registry(seeded_database, db) -> None:
    """The seeded registry, for one test."""


@pytest.fixture
def analyst_token(registry) -> str:
    """The API token of a user holding every add, change and delete permission."""
    return Token.objects.create(user=UserFactory(permissions=analyst_permissions())).key


@pytest.fixture(params=["anonymous", "analyst"])
def credentials(request, registry) -> dict[str, str]:
    """No headers (anonymous), or an analyst's `Authorization: Token …`."""
    if request.param == "anonymous":
        return {}
    return {"Authorization": f"Token {request.getfixturevalue('analyst_token')}"}


@schema.parametrize()
@hypothesis_settings()
def test_every_operation_keeps_to_the_schema(case, credentials):
    # Each request meets the seeded registry as it is, whatever the ones before it wrote, so
    # Hypothesis can replay and shrink a failure.
    with rolled_back():
        case.call_and_validate(headers=credentials, checks=CHECKS)


@contextmanager
def rolled_back():
    """Undo whatever the block writes (a savepoint inside the test's transaction)."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


# --- Stateful: follow the links from created records ------------------------------------------

LIFECYCLE = {
    "POST /api/v1/mechanisms/",
    "POST /api/v1/rounds/",
    "GET /api/v1/rounds/{id}/",
    "PUT /api/v1/rounds/{id}/",
    "PATCH /api/v1/rounds/{id}/",
    "DELETE /api/v1/rounds/{id}/",
}
# A schema of its own, so that its settings stay out of the test above.
lifecycle_schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json",
    get_wsgi_application(),
    config=schemathesis.Config.from_path(CONFIG),
).include(lambda ctx: ctx.operation.label in LIFECYCLE)
# Valid requests only: a scenario is worth following when each step can succeed. Invalid data
# is the business of the test above.
lifecycle_schema.config.phases.stateful.generation.modes = [schemathesis.GenerationMode.POSITIVE]


class RoundLifecycle(lifecycle_schema.as_state_machine()):  # type: ignore[misc]
    """Sequences of calls that follow the schema's links: create a mechanism, then a round of
    it (the link passes the mechanism's id), then read, replace, change or delete the round
    (a read's link passes its ETag as `If-Match`)."""

    token = ""
    calls: Counter[tuple[str, str, int]] = Counter()

    def setup(self):
        # Every scenario starts from the seeded registry, so Hypothesis can replay one.
        self.savepoint = transaction.savepoint()
        self.mechanisms = 0

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    def before_call(self, case):
        self.make_consistent(case)

    def get_call_kwargs(self, case):
        return {"headers": {"Authorization": f"Token {self.token}"}}

    def after_call(self, response, case):
        super().after_call(response, case)
        self.calls[(case.method, case.operation.path, response.status_code)] += 1

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    def make_consistent(self, case) -> None:
        """Keep a generated body's text, but point its references at records that exist.

        A body generated from the schema alone has the right types, yet names ids, codes and
        slugs that no record has and dates that break the registry's rules, so nearly every
        write would stop at a 400 and no scenario would get past its first step.
        """
        body = case.body
        if not isinstance(body, dict):
            return
        if case.operation.path == "/api/v1/mechanisms/":
            self.mechanisms += 1
            name = body.get("name")
            body.update(
                slug=f"fuzzed-{self.mechanisms}",
                name=name.replace("\x00", "").strip() if isinstance(name, str) else "",
                countries=["JP", "RU"],
                organisations=[],
                parent=None,
                established=None,
                resumed=None,
                basis_round=None,
                basis_document=None,
                other_names=[],
                sources=[],
            )
            body["name"] = body["name"] or "A fuzzed mechanism"
            return
        for name in ("start_date", "end_date", "date_precision"):
            body.pop(name, None)
        body.update(
            date="2019-05",
            city=None,
            other_places=[],
            host_country="JP",
            topics=[],
            participants=[],
            sources=[],
        )
        if not (isinstance(body.get("number"), int) and body["number"] >= 1):
            body["number"] = None


def test_stateful_round_lifecycle(analyst_token):
    RoundLifecycle.token = analyst_token
    RoundLifecycle.calls = Counter()

    RoundLifecycle.run(
        settings=hypothesis_settings(max_examples=max(EXAMPLES, 30), stateful_step_count=8)
    )

    made = {key for key, count in RoundLifecycle.calls.items() if count}
    assert ("POST", "/api/v1/mechanisms/", 201) in made, sorted(made)
    assert ("POST", "/api/v1/rounds/", 201) in made, sorted(made)
    for method, status in (("GET", 200), ("PUT", 200), ("PATCH", 200), ("DELETE", 204)):
        assert (method, "/api/v1/rounds/{id}/", status) in made, sorted(made)


def test_created_records_link_to_their_operations():
    """The links the stateful run follows are in the schema (drf-spectacular makes none)."""
    paths = schema.raw_schema["paths"]
    created = paths["/api/v1/rounds/"]["post"]["responses"]["201"]["links"]
    mechanism = paths["/api/v1/mechanisms/"]["post"]["responses"]["201"]["links"]
    read = paths["/api/v1/rounds/{id}/"]["get"]["responses"]["200"]["links"]

    assert {link["operationId"] for link in created.values()} == {
        "rounds_retrieve",
        "rounds_update",
        "rounds_partial_update",
        "rounds_destroy",
    }
    assert created["Get"]["parameters"] == {"id": "$response.body#/id"}
    assert mechanism["CreateRound"]["requestBody"] == {"mechanism": "$response.body#/id"}
    assert read["UpdateIfUnchanged"]["parameters"]["header.If-Match"] == "$response.header.ETag"
