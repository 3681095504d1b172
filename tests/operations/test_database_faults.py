"""The database unreachable (a PostgreSQL restart, a failover) or read-only (a full or read-only
disk): a request that needs it fails fast with a 503 problem a client may retry, not a 500, and
the process check still passes."""

import json

import pytest

from tests.processes import ON_SQLITE_FILE, clean_env, free_port, run_python, sqlite_only

# Requests in a fresh process whose DATABASE_URL is a PostgreSQL port nothing listens on.
REQUESTS = """
import json, os, sys, time
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="localhost", raise_request_exception=False)
answers = {}
for method, path in json.loads(sys.argv[1]):
    started = time.monotonic()
    if method == "post":  # a write, with a token to check
        response = client.post(
            path, "{}", content_type="application/json", HTTP_AUTHORIZATION="Token abc"
        )
    else:
        response = client.get(path)
    answers[f"{method} {path}"] = {
        "status": response.status_code,
        "type": response.get("Content-Type"),
        "retry_after": response.get("Retry-After"),
        "body": response.json() if response.status_code != 200 else None,
        "seconds": time.monotonic() - started,
    }
print(json.dumps(answers))
"""

REQUESTED = [
    ("get", "/api/v1/topics/"),
    ("get", "/api/v1/rounds/1/"),
    ("get", "/api/v1/dyads/RU-JP/"),
    ("get", "/dyads/RU-JP/"),
    ("get", "/timeline/"),
    ("post", "/api/v1/topics/"),
]


def test_without_the_database_requests_answer_503_at_once_and_healthz_200():
    closed = f"postgres://postgres@127.0.0.1:{free_port()}/registry"
    env = clean_env(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=closed)
    probes = [*REQUESTED, ("get", "/readyz"), ("get", "/healthz")]

    answers = json.loads(run_python(REQUESTS, env, json.dumps(probes), timeout=60))

    for method, path in REQUESTED:
        answer = answers[f"{method} {path}"]
        assert answer["status"] == 503, (path, answer)
        assert answer["type"] == "application/problem+json"
        assert answer["retry_after"] == "5"
        assert answer["body"]["detail"] == (
            "The database cannot be reached now; try again in a few seconds."
        )
        assert answer["body"]["instance"] == path
        assert answer["seconds"] < 2, (path, answer)
    assert answers["get /readyz"]["status"] == 503
    assert answers["get /readyz"]["body"]["checks"]["database"] == "unavailable: OperationalError"
    assert answers["get /healthz"]["status"] == 200


# On a SQLite file, then on the same file opened read-only, as on a read-only or full disk.
READ_ONLY_SQLITE = (
    ON_SQLITE_FILE
    + """
from django.db import connection
from rest_framework.authtoken.models import Token
from tests.factories import TopicFactory, UserFactory, analyst_permissions
token = Token.objects.create(user=UserFactory(permissions=analyst_permissions())).key
topic = TopicFactory(name="Fisheries")
connection.close()
connection.settings_dict["NAME"] = f"file:{sys.argv[1]}?mode=ro"
client = Client(HTTP_HOST="localhost", raise_request_exception=False)
read = client.get(f"/api/v1/topics/{topic.pk}/")
write = client.post(
    "/api/v1/topics/", '{"name": "Whaling"}', content_type="application/json",
    HTTP_AUTHORIZATION=f"Token {token}",
)
print(json.dumps({
    "read": [read.status_code, read.json()],
    "write": [write.status_code, write["Content-Type"], write.json()],
}))
"""
)


@sqlite_only()
@pytest.mark.django_db
def test_on_a_read_only_sqlite_file_reads_work_and_a_write_answers_503(sqlite_file):
    env = clean_env(DJANGO_SETTINGS_MODULE="config.settings.test")

    answers = json.loads(run_python(READ_ONLY_SQLITE, env, str(sqlite_file), timeout=60))

    status, body = answers["read"]
    assert (status, body["name"]) == (200, "Fisheries")
    status, media_type, body = answers["write"]
    assert (status, media_type) == (503, "application/problem+json")
    assert body["detail"] == "The database cannot be reached now; try again in a few seconds."
