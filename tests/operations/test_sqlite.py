"""SQLite under concurrent writers: each waits for the write lock instead of failing."""

import json

import pytest

from tests.processes import ON_SQLITE_FILE, clean_env, load_settings, run_python, sqlite_only

pytestmark = pytest.mark.django_db


CONCURRENT_PATCHES = (
    ON_SQLITE_FILE
    + """
from rest_framework.authtoken.models import Token
from tests.factories import TopicFactory, UserFactory, analyst_permissions
user = UserFactory(permissions=analyst_permissions())
token = Token.objects.create(user=user).key
topic = TopicFactory()
threads, rounds = 8, 3
barrier = threading.Barrier(threads)
statuses, errors = [], []
def write(n):
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {token}")
    client.raise_request_exception = False
    from django.db import connections
    for r in range(rounds):
        barrier.wait()
        response = client.patch(
            f"/api/v1/topics/{topic.pk}/",
            json.dumps({"description": f"writer {n}, round {r}"}),
            content_type="application/json",
        )
        statuses.append(response.status_code)
        if response.status_code >= 500:
            errors.append(response.content.decode()[:200])
    connections.close_all()
workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
print(json.dumps({"statuses": statuses, "errors": errors[:3]}))
"""
)


@sqlite_only()
def test_parallel_writers_on_sqlite_wait_for_each_other(sqlite_file):
    """4 parallel PATCHes gave 3 × 500 "database is locked": a deferred transaction that has
    read cannot wait for the write lock. Here 8 writers, 3 times each, on one SQLite file."""
    env = clean_env(DJANGO_SETTINGS_MODULE="config.settings.test")

    result = json.loads(run_python(CONCURRENT_PATCHES, env, str(sqlite_file)))

    assert result["statuses"] == [200] * 24, result


def test_sqlite_waits_for_the_write_lock_and_takes_it_first():
    options = "DATABASES.default.OPTIONS"
    [result] = load_settings([{"module": "config.settings.local", "env": {}, "values": [options]}])

    assert result == {"values": {options: {"transaction_mode": "IMMEDIATE", "timeout": 20}}}
