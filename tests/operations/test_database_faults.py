"""The database unreachable (a PostgreSQL restart, a failover) or read-only (a full or read-only
disk): a request that needs it fails fast with a 503 problem a client may retry, not a 500, and
the process check still passes."""

import json

import pytest
from django.db import OperationalError, connection

from dialogue.api.exceptions import STORAGE_REFUSED, refuses_writes
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
    # /healthz first: it loads the app (URLs, views) without the database, so the times below
    # are the database's alone; the first request's imports took 2 s on a busy machine.
    probes = [("get", "/healthz"), *REQUESTED, ("get", "/readyz")]

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
    assert body["detail"] == STORAGE_REFUSED


# On a SQLite file whose every page is used and that may not grow, as on a full disk.
FULL_SQLITE = (
    ON_SQLITE_FILE
    + """
from django.db import OperationalError, connection
from rest_framework.authtoken.models import Token
from dialogue.models import Topic
from tests.factories import TopicFactory, UserFactory, analyst_permissions
token = Token.objects.create(user=UserFactory(permissions=analyst_permissions())).key
topic = TopicFactory(name="Fisheries")
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE filler (text TEXT)")
    cursor.execute("PRAGMA page_count")
    cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0]}")
    try:  # the free space of the pages there are, used up
        while True:
            cursor.execute("INSERT INTO filler VALUES (?)", ["x" * 200])
    except OperationalError:
        pass
client = Client(HTTP_HOST="localhost", raise_request_exception=False)
write = client.post(  # its description needs pages of its own, which the file cannot have
    "/api/v1/topics/", json.dumps({"name": "Whaling", "description": "Catch limits. " * 2000}),
    content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}",
)
read = client.get(f"/api/v1/topics/{topic.pk}/")
print(json.dumps({
    "read": [read.status_code, read.json()],
    "write": [write.status_code, write.get("Retry-After"), write.json()],
    "stored": list(Topic.objects.filter(name="Whaling").values_list("pk", flat=True)),
}))
"""
)


@sqlite_only()
@pytest.mark.django_db
def test_on_a_full_disk_a_write_answers_503_saying_so_stores_nothing_and_reads_work(
    sqlite_file,
):
    env = clean_env(DJANGO_SETTINGS_MODULE="config.settings.test")

    answers = json.loads(run_python(FULL_SQLITE, env, str(sqlite_file), timeout=60))

    status, retry_after, body = answers["write"]
    assert (status, retry_after, body["detail"]) == (503, "60", STORAGE_REFUSED)
    assert answers["stored"] == []
    status, body = answers["read"]
    assert (status, body["name"]) == (200, "Fisheries")


class StandbyError(Exception):
    """psycopg's error of a write on a read-only server: its SQLSTATE is what counts."""

    sqlstate = "25006"


@pytest.mark.parametrize(
    ("cause", "message", "refused"),
    [
        (StandbyError(), "cannot execute INSERT in a read-only transaction", True),
        (None, "database or disk is full", True),
        (None, "attempt to write a readonly database", True),
        (None, "connection refused", False),
        (None, "server closed the connection unexpectedly", False),
    ],
)
def test_a_database_that_refuses_writes_is_told_from_one_that_cannot_be_reached(
    cause, message, refused
):
    error = OperationalError(message)
    error.__cause__ = cause

    assert refuses_writes(error) is refused


# A request in a fresh process whose database host takes connections and never answers.
HANGING_POSTGRESQL = """
import json, os, socket, sys, threading, time
sys.path.insert(0, os.getcwd())
server, held = socket.create_server(("127.0.0.1", 0)), []
def accept():
    while True:
        held.append(server.accept()[0])
threading.Thread(target=accept, daemon=True).start()
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{server.getsockname()[1]}/registry"
import django
django.setup()
from django.test import Client
started = time.monotonic()
response = Client(HTTP_HOST="localhost", raise_request_exception=False).get("/api/v1/topics/")
print(json.dumps([response.status_code, time.monotonic() - started]))
"""


def test_a_database_host_that_never_answers_costs_a_request_5_seconds_then_503():
    env = clean_env(DJANGO_SETTINGS_MODULE="config.settings.test")

    status, seconds = json.loads(run_python(HANGING_POSTGRESQL, env, timeout=60))

    assert status == 503
    assert 4.5 < seconds < 7  # connect_timeout, 5 s by default


# A PostgreSQL restart, through a TCP proxy in front of the suite's database that drops every
# connection and refuses new ones, then accepts again; the registry served by a WSGI server in
# the same process, with connections kept between requests (CONN_MAX_AGE) as in production.
POSTGRESQL_RESTART = """
import json, os, socket, sys, threading, time, urllib.error, urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server
sys.path.insert(0, os.getcwd())
upstream = (sys.argv[1], int(sys.argv[2]))

def pipe(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        source.close()
        target.close()

class Proxy:
    def __init__(self):
        self.port, self.links = None, []
        self.start()

    def start(self):
        self.server = socket.create_server(("127.0.0.1", self.port or 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept, args=(self.server,), daemon=True).start()

    def accept(self, server):
        while True:
            try:
                client = server.accept()[0]
            except OSError:
                return
            database = socket.create_connection(upstream)
            self.links += [client, database]
            for source, target in ((client, database), (database, client)):
                threading.Thread(target=pipe, args=(source, target), daemon=True).start()

    def cut(self):
        self.server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close() would not
        self.server.close()
        for link in self.links:
            try:
                link.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.links.clear()

proxy = Proxy()
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{proxy.port}/{sys.argv[3]}"
os.environ["CONN_MAX_AGE"] = "60"
from config.wsgi import application

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

server = make_server("127.0.0.1", 0, application, handler_class=Quiet)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_port}"

def get(path):
    started = time.monotonic()
    request = urllib.request.Request(base + path, headers={"Host": "localhost"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, retry_after = response.status, response.headers.get("Retry-After")
    except urllib.error.HTTPError as error:
        status, retry_after = error.code, error.headers.get("Retry-After")
    return [status, retry_after, time.monotonic() - started]

answers = {"before": get("/api/v1/topics/")}
proxy.cut()
answers["down"] = get("/api/v1/topics/")
answers["down_readyz"] = get("/readyz")
proxy.start()
answers["back"] = get("/api/v1/topics/")
answers["back_readyz"] = get("/readyz")
print(json.dumps(answers))
"""


@pytest.mark.django_db
def test_a_postgresql_restart_answers_503_then_the_registry_recovers_by_itself():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL restart: the suite runs on SQLite")
    database = connection.settings_dict
    # No cached responses: each request reads the database.
    env = clean_env(DJANGO_SETTINGS_MODULE="config.settings.test", RESPONSE_CACHE="0")
    args = (database["HOST"] or "127.0.0.1", str(database["PORT"] or 5432), database["NAME"])

    answers = json.loads(run_python(POSTGRESQL_RESTART, env, *args, timeout=60))

    assert answers["before"][0] == 200
    status, retry_after, seconds = answers["down"]
    assert (status, retry_after) == (503, "5")
    assert seconds < 2
    assert answers["down_readyz"][0] == 503
    assert answers["back"][0] == 200  # no restart of the registry
    assert answers["back_readyz"][0] == 200
