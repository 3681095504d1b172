"""Hardening of requests and settings (issue 10): JSON only, rate limits that hold, a production
that refuses unsafe settings, a container healthcheck that passes, a Content-Security-Policy on
every HTML page, SQLite under concurrent writers, the admin's export, and a request timeout that
answers.

Settings that are read at start-up (production's refusals, NUM_PROXIES, the cache, SQLite's
options) are checked in a fresh Python process; so are several workers sharing counters and
several threads writing to one SQLite file. One test runs gunicorn with the production settings
and the Dockerfile's HEALTHCHECK command.
"""

import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import DataError, connection
from django.http import HttpResponse
from django.urls import path
from psycopg import pq
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from dialogue import middleware
from dialogue.models import Topic

from .conftest import no_field_errors, problem
from .factories import RoundFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DOCKERFILE = (ROOT / "Dockerfile").read_text()
TOPICS = "/api/v1/topics/"
# Variables of the environment a fresh process must not inherit from the one running the suite.
SETTINGS_ENV = (
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "NUM_PROXIES",
    "SECURE_SSL_REDIRECT",
    "REQUEST_TIMEOUT",
    "THROTTLE_ANON",
    "THROTTLE_USER",
    "DEBUG",
)


def clean_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_ENV}
    env.update(LOG_LEVEL="WARNING", **extra)
    return env


def production_env(**extra: str) -> dict[str, str]:
    return clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="registry.example.org",
        **extra,
    )


def run_python(code: str, env: dict[str, str], *args: str, timeout: int = 180) -> str:
    """Runs `code` in a fresh interpreter at the project's root; its last line of output."""
    done = subprocess.run(
        [PYTHON, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


# Loads settings modules in one fresh process, each case with its own environment, and reports
# the values asked for (dotted: `CACHES.default.BACKEND`) or the error that stopped the import.
SETTINGS_PROBE = """
import importlib, json, os, sys
base_env = dict(os.environ)
results = []
for case in json.loads(sys.argv[1]):
    for name in [name for name in sys.modules if name.startswith("config.settings")]:
        del sys.modules[name]
    os.environ.clear()
    os.environ.update(base_env, **case["env"])
    try:
        module = importlib.import_module(case["module"])
    except Exception as error:
        results.append({"error": f"{type(error).__name__}: {error}"})
        continue
    values = {}
    for dotted in case["values"]:
        value = module
        for part in dotted.split("."):
            value = value[part] if isinstance(value, dict) else getattr(value, part, None)
        values[dotted] = value
    results.append({"values": values})
print(json.dumps(results, default=str))
"""


def load_settings(cases: list[dict]) -> list[dict]:
    """[{"module": ..., "env": {...}, "values": [...]}] → [{"values": {...}} or {"error": ...}]."""
    return json.loads(run_python(SETTINGS_PROBE, clean_env(), json.dumps(cases)))


@pytest.fixture
def no_throttle_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon_rate(monkeypatch, no_throttle_cache):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")


@pytest.fixture
def superuser():
    return User.objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def sqlite_only():
    return pytest.mark.skipif(
        connection.vendor != "sqlite", reason="a SQLite file copied from the test database"
    )


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
    return Path(shutil.copy(sqlite_template, tmp_path / "registry.sqlite3"))


# Sets up Django on a SQLite file given as argv[1] (before any connection is made).
ON_SQLITE_FILE = """
import json, os, sys, threading
sys.path.insert(0, os.getcwd())
from django.conf import settings
settings.DATABASES["default"]["NAME"] = sys.argv[1]
import django
django.setup()
from django.test import Client
"""


# --- 1. JSON only, on every setting ------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/x-www-form-urlencoded", "slug=form&name=Form"),
        ("multipart/form-data; boundary=BoUnDaRy", None),
        ("text/plain", '{"slug": "text", "name": "Text"}'),
        ("application/xml", "<topic/>"),
        ("", '{"slug": "none", "name": "None"}'),
    ],
)
def test_a_body_that_is_not_json_is_415(analyst_client, content_type, body):
    """Form and multipart bodies were accepted (201), with DRF's conversions instead of the
    schema's JSON types."""
    if body is None:
        body = (
            '--BoUnDaRy\r\nContent-Disposition: form-data; name="slug"\r\n\r\nmulti\r\n'
            '--BoUnDaRy\r\nContent-Disposition: form-data; name="name"\r\n\r\nMulti\r\n'
            "--BoUnDaRy--\r\n"
        )
    response = analyst_client.generic("POST", TOPICS, body, content_type=content_type)

    body = no_field_errors(response, 415)
    assert "application/json" in body["detail"]
    assert not Topic.objects.exists()


def test_the_refused_media_type_is_quoted_as_sent(analyst_client):
    """User text in an error message: `%`, `{}` and braces come back as they were."""
    response = analyst_client.generic(
        "POST", TOPICS, "x=1", content_type="text/%s{0}{name}%%; charset=utf-8"
    )

    assert "“text/%s{0}{name}%%; charset=utf-8”" in no_field_errors(response, 415)["detail"]


def test_form_data_with_the_types_it_cannot_carry_is_refused_not_converted(analyst_client):
    """`is_former=true` as form data became True; as JSON "true" is a string, refused."""
    response = analyst_client.post(
        "/api/v1/countries/", {"code": "XB", "name": "X", "is_former": "true"}, format="multipart"
    )

    no_field_errors(response, 415)


def test_json_is_still_accepted(analyst_client):
    response = analyst_client.post(
        TOPICS,
        '{"slug": "json", "name": "JSON"}',
        content_type="application/json; charset=utf-8",
    )

    assert response.status_code == 201, response.content


def test_json_nested_10000_levels_is_400_naming_the_body(analyst_client):
    """It was a RecursionError, a 500, on every write endpoint."""
    deep = "[" * 10_000 + "]" * 10_000

    response = analyst_client.post(TOPICS, deep, content_type="application/json")

    body = no_field_errors(response, 400)
    assert "request body" in body["detail"]
    assert "32 levels" in body["detail"]


def test_json_nested_33_levels_is_refused_and_32_reach_the_view(analyst_client):
    def nested(levels: int) -> str:
        return '{"slug": "deep", "name": "Deep", "description": ' + (
            "[" * (levels - 1) + "]" * (levels - 1) + "}"
        )

    refused = analyst_client.post(TOPICS, nested(33), content_type="application/json")
    allowed = analyst_client.post(TOPICS, nested(32), content_type="application/json")

    assert "32 levels" in no_field_errors(refused, 400)["detail"]
    assert "description" in problem(allowed, 400)["errors"]  # a list is not text: the view's


def test_brackets_inside_json_strings_are_not_nesting(analyst_client):
    name = '[{"[' * 40  # 80 brackets, in a string
    response = analyst_client.post(
        TOPICS, json.dumps({"slug": "brackets", "name": name}), content_type="application/json"
    )

    assert response.status_code == 201, response.content


def test_a_body_without_content_length_is_411(analyst_client):
    """A chunked body reached the view as an empty one: 400 "This field is required"."""
    response = analyst_client.generic(
        "POST", TOPICS, b"", content_type="application/json", HTTP_TRANSFER_ENCODING="chunked"
    )

    assert "Content-Length" in no_field_errors(response, 411)["detail"]


def test_every_settings_module_parses_json_only():
    parsers = "REST_FRAMEWORK.DEFAULT_PARSER_CLASSES"
    cases = [
        {"module": "config.settings.local", "env": {}, "values": [parsers]},
        {"module": "config.settings.test", "env": {}, "values": [parsers]},
        {
            "module": "config.settings.production",
            "env": {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "a.example.org"},
            "values": [parsers],
        },
    ]

    for case, result in zip(cases, load_settings(cases), strict=True):
        assert result == {"values": {parsers: ["rest_framework.parsers.JSONParser"]}}, case


# --- 2. Rate limits that hold ------------------------------------------------------------------


def test_x_forwarded_for_does_not_escape_the_anonymous_rate(anon_rate):
    """With NUM_PROXIES unset DRF took the client's own X-Forwarded-For as its address: a new
    value each time and 600 requests were 600 × 200."""
    client = APIClient()
    statuses = [
        client.get(TOPICS, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_behind_a_trusted_proxy_the_address_it_appends_counts(anon_rate, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient()

    first = [
        client.get(TOPICS, HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.1").status_code
        for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3")
    ]
    other_client = client.get(TOPICS, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code

    assert first == [200, 200, 429]
    assert other_client == 200


def test_num_proxies_comes_from_the_environment():
    value = "REST_FRAMEWORK.NUM_PROXIES"
    cases = [
        {"module": "config.settings.local", "env": {}, "values": [value]},
        {"module": "config.settings.local", "env": {"NUM_PROXIES": "2"}, "values": [value]},
        {"module": "config.settings.local", "env": {"NUM_PROXIES": "-1"}, "values": [value]},
        {"module": "config.settings.local", "env": {"NUM_PROXIES": "one"}, "values": [value]},
    ]

    default, two, negative, word = load_settings(cases)

    assert default == {"values": {value: 0}}
    assert two == {"values": {value: 2}}
    assert "NUM_PROXIES must be a number of 0 or more" in negative["error"]
    assert "'one'" in word["error"]


def test_counters_are_in_the_database_without_redis_and_in_redis_with_it():
    backend = "CACHES.default.BACKEND"
    cases = [
        {"module": "config.settings.local", "env": {}, "values": [backend]},
        {
            "module": "config.settings.production",
            "env": {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "a.example.org"},
            "values": [backend],
        },
        {
            "module": "config.settings.local",
            "env": {"REDIS_URL": "redis://127.0.0.1:6379/0"},
            "values": [backend],
        },
    ]

    local, production, redis = load_settings(cases)

    assert local == {"values": {backend: "django.core.cache.backends.db.DatabaseCache"}}
    assert production == local
    assert redis == {"values": {backend: "django.core.cache.backends.redis.RedisCache"}}


THROTTLED_WORKER = (
    ON_SQLITE_FILE
    + """
from django.core.management import call_command
call_command("createcachetable", verbosity=0)
client = Client(HTTP_HOST="localhost")
print(json.dumps([client.get("/api/v1/topics/").status_code for _ in range(4)]))
"""
)


@sqlite_only()
def test_workers_share_the_anonymous_count(sqlite_file):
    """Each gunicorn worker counted alone in its own memory: the first 429 came at request
    ~323 instead of 120. Two processes, as two workers, now share one count (5 a minute)."""
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.local", DEBUG="0", THROTTLE_ANON="5/minute"
    )

    first = json.loads(run_python(THROTTLED_WORKER, env, str(sqlite_file)))
    second = json.loads(run_python(THROTTLED_WORKER, env, str(sqlite_file)))

    assert first == [200, 200, 200, 200]
    assert second == [200, 429, 429, 429]


def test_the_timeline_page_is_throttled(anon_rate):
    """/timeline/ had no limit at all."""
    client = APIClient()
    statuses = [client.get("/timeline/").status_code for _ in range(3)]
    refused = client.get("/timeline/")

    assert statuses == [200, 200, 429]
    assert int(refused["Retry-After"]) > 0
    assert b"Too many requests" in refused.content


def test_the_timeline_shares_the_api_budget(anon_rate):
    client = APIClient()

    assert client.get(TOPICS).status_code == 200
    assert client.get("/timeline/").status_code == 200
    assert client.get("/timeline/").status_code == 429


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_the_schema_and_the_docs_are_throttled(anon_rate, url):
    client = APIClient()
    statuses = [client.get(url).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def wrong_password(client, username="root", address="192.0.2.1", **headers):
    return client.post(
        "/admin/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=address, **headers
    )


def right_password(client, address="192.0.2.99"):
    return client.post("/admin/login/", {"username": "root", "password": "pw"}, REMOTE_ADDR=address)


def test_admin_sign_in_is_refused_after_ten_failures_for_a_user(
    client, superuser, no_throttle_cache
):
    """15 wrong passwords met no slowdown. Now, after 10 for one user name (from any
    addresses), even the right password is refused for that user name."""
    for attempt in range(10):
        assert wrong_password(client, "ROOT ", address=f"192.0.2.{attempt}").status_code == 200

    refused = right_password(client)

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 15 * 60
    assert b"Too many failed sign-ins" in refused.content
    assert b'id="login-form"' in refused.content
    assert "_auth_user_id" not in client.session


def test_admin_sign_in_is_refused_after_ten_failures_from_an_address(
    client, superuser, no_throttle_cache
):
    for attempt in range(10):
        wrong_password(client, f"guess{attempt}", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")

    assert right_password(client, address="192.0.2.1").status_code == 429
    assert right_password(client, address="192.0.2.2").status_code == 302


def test_a_successful_sign_in_clears_its_user_names_count(client, superuser, no_throttle_cache):
    for attempt in range(9):
        wrong_password(client, address=f"192.0.2.{attempt}")
    assert right_password(client).status_code == 302
    client.logout()
    for attempt in range(9):
        wrong_password(client, address=f"192.0.2.{100 + attempt}")

    assert right_password(client).status_code == 302


# --- 3. Safe production ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, reason",
    [
        ("x", "shorter than 50"),
        ("build-only", "published"),
        ("local-development-key-not-for-production", "published"),
        ("django-insecure-" + "k" * 20 + secrets.token_hex(20), "insecure"),
        ("change-me-" + secrets.token_hex(30), "change-me"),
        ("our-production-secret-" + secrets.token_hex(30), "secret"),
        ("x" * 80, "fewer than 10 different"),
        ("abcabcabcabc" * 5, "fewer than 10 different"),
    ],
)
def test_production_refuses_a_short_known_or_placeholder_secret_key(key, reason):
    """Any SECRET_KEY passed `manage.py check`: `x`, the Dockerfile's `build-only`, the local
    development key."""
    [result] = load_settings(
        [
            {
                "module": "config.settings.production",
                "env": {"SECRET_KEY": key, "ALLOWED_HOSTS": "registry.example.org"},
                "values": [],
            }
        ]
    )

    assert result.get("error", "").startswith("ImproperlyConfigured: SECRET_KEY"), result
    assert reason in result["error"]
    assert key not in result["error"] or len(key) < 12  # the key itself is not printed


def test_the_keys_written_in_the_other_settings_are_refused_by_production():
    keys = [
        re.findall(r'SECRET_KEY = .*"([^"]+)"', (ROOT / "config/settings" / name).read_text())[0]
        for name in ("local.py", "test.py", "build.py")
    ]
    cases = [
        {
            "module": "config.settings.production",
            "env": {"SECRET_KEY": key, "ALLOWED_HOSTS": "registry.example.org"},
            "values": [],
        }
        for key in keys
    ]

    for key, result in zip(keys, load_settings(cases), strict=True):
        assert result.get("error", "").startswith("ImproperlyConfigured: SECRET_KEY"), key


@pytest.mark.parametrize("hosts", ["*", "registry.example.org,*", " * "])
def test_production_refuses_any_host(hosts):
    [result] = load_settings(
        [
            {
                "module": "config.settings.production",
                "env": {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": hosts},
                "values": [],
            }
        ]
    )

    assert result.get("error", "").startswith("ImproperlyConfigured: ALLOWED_HOSTS"), result


def test_production_starts_with_a_random_key_and_named_hosts():
    [result] = load_settings(
        [
            {
                "module": "config.settings.production",
                "env": {
                    "SECRET_KEY": secrets.token_urlsafe(50),
                    "ALLOWED_HOSTS": "registry.example.org,.example.net",
                },
                "values": ["DEBUG", "ALLOWED_HOSTS"],
            }
        ]
    )

    assert result == {
        "values": {"DEBUG": False, "ALLOWED_HOSTS": ["registry.example.org", ".example.net"]}
    }


def dockerfile_instruction(name: str) -> str:
    """The Dockerfile's instruction `name` (its continuation lines joined)."""
    [line] = re.findall(rf"^{name} (.+)$", DOCKERFILE.replace("\\\n", " "), re.MULTILINE)
    return line


def test_the_image_build_collects_static_files_without_a_secret():
    """The build ran collectstatic with SECRET_KEY=build-only, which production now refuses."""
    [run] = [
        line for line in re.findall(r"^RUN (.+)$", DOCKERFILE, re.MULTILINE) if "static" in line
    ]
    words = shlex.split(run)
    assignments = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    command = [word for word in words if not re.match(r"^[A-Z_]+=", word)]
    assert command[:3] == ["python", "manage.py", "collectstatic"], command
    assert "SECRET_KEY" not in assignments
    env = {**clean_env(DJANGO_SETTINGS_MODULE="config.settings.production"), **assignments}

    done = subprocess.run(
        [PYTHON, *command[1:], "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert "static files copied" in done.stdout


def test_the_build_settings_refuse_to_serve():
    env = clean_env(DJANGO_SETTINGS_MODULE="config.settings.build")
    done = subprocess.run(
        [PYTHON, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert done.returncode != 0
    assert "only for `manage.py collectstatic`" in done.stderr


def healthcheck_command() -> list[str]:
    return json.loads(dockerfile_instruction("HEALTHCHECK").split(" CMD ", 1)[1])


HEALTHCHECK_WITH_TEST_CLIENT = """
import json, sys
import django
django.setup()
from django.test import Client
path, host = sys.argv[1], sys.argv[2]
client = Client()
answers = {}
for url in (path, "/readyz"):
    # What urllib.request.urlopen sends.
    response = client.get(
        url,
        HTTP_HOST=host,
        HTTP_USER_AGENT="Python-urllib/3.13",
        HTTP_ACCEPT_ENCODING="identity",
        HTTP_CONNECTION="close",
    )
    answers[url] = [response.status_code, response.content.decode()[:200]]
print(json.dumps(answers))
"""


def test_the_docker_healthcheck_passes_under_the_production_settings():
    """It got 400 (host 127.0.0.1 not allowed), and with that host allowed a 301 to https."""
    [url] = re.findall(r"https?://[^'\"]+", " ".join(healthcheck_command()))
    host, path_ = re.match(r"https?://([^/]+)(/.*)", url).groups()

    answers = json.loads(run_python(HEALTHCHECK_WITH_TEST_CLIENT, production_env(), path_, host))

    assert answers[path_] == [200, '{"status": "ok"}']
    assert answers["/readyz"][0] == 400  # every other address still checks the host


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raw_request(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.fixture
def production_gunicorn(tmp_path):
    """gunicorn as the image's CMD starts it, on a free port, with the production settings."""
    start = json.loads(dockerfile_instruction("CMD"))[-1].split("exec ", 1)[1]
    port = free_port()
    args = [f"127.0.0.1:{port}" if arg == "0.0.0.0:8000" else arg for arg in shlex.split(start)[1:]]
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(
        # No control socket: it is one per user ($HOME/.gunicorn), and others may be running.
        [gunicorn, *args, "--workers", "1", "--no-control-socket"],
        cwd=ROOT,
        env=production_env(),
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, log.read_text()[-2000:]
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_healthcheck_command_line_and_the_body_limits_in_gunicorn(production_gunicorn):
    port = production_gunicorn
    command = [
        PYTHON if word == "python" else word.replace(":8000/", f":{port}/")
        for word in healthcheck_command()
    ]

    assert subprocess.run(command, capture_output=True, timeout=30).returncode == 0

    headers = b"Host: registry.example.org\r\nX-Forwarded-Proto: https\r\n"
    chunks = [b'{"slug": "x", ', b'"name": "X"}']
    chunked = raw_request(
        port,
        b"POST /api/v1/topics/ HTTP/1.1\r\n" + headers + b"Content-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks)
        + b"0\r\n\r\n",
    )
    form = b"slug=x&name=X"
    formed = raw_request(
        port,
        b"POST /api/v1/topics/ HTTP/1.1\r\n"
        + headers
        + b"Content-Type: application/x-www-form-urlencoded\r\n"
        + f"Content-Length: {len(form)}\r\nConnection: close\r\n\r\n".encode()
        + form,
    )
    deep = b"[" * 10_000 + b"]" * 10_000
    nested = raw_request(
        port,
        b"POST /api/v1/topics/ HTTP/1.1\r\n"
        + headers
        + b"Content-Type: application/json\r\n"
        + f"Content-Length: {len(deep)}\r\nConnection: close\r\n\r\n".encode()
        + deep,
    )

    assert chunked.startswith(b"HTTP/1.1 411 "), chunked[:300]
    assert formed.startswith(b"HTTP/1.1 415 "), formed[:300]
    assert nested.startswith(b"HTTP/1.1 400 "), nested[:300]
    assert b"32 levels" in nested


# --- 4. Content-Security-Policy ----------------------------------------------------------------


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in header.split(";")
        if directive.strip()
    }


class InlineCode(HTMLParser):
    """The inline scripts and styles (with their nonce), the event handler and the style
    attributes of a page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str | None] = []
        self.styles: list[str | None] = []
        self.handlers: list[str] = []
        self.style_attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [value or "" for name, value in attrs if name.startswith("on")]
        self.style_attributes += [value or "" for name, value in attrs if name == "style"]
        if tag == "style":
            self.styles.append(attributes.get("nonce"))
        kind = attributes.get("type", "text/javascript")
        if tag == "script" and "src" not in attributes and kind in ("text/javascript", "module"):
            self.scripts.append(attributes.get("nonce"))


def sha256_source(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


HTML_PAGES = [
    ("/admin/login/", False),
    ("/admin/", True),
    ("/admin/dialogue/round/", True),
    ("/admin/dialogue/round/add/", True),
    ("/admin/dialogue/round/export/", True),
    ("/admin/dialogue/mechanism/", True),
    ("/api/docs/", False),
    ("/api/redoc/", False),
    ("/timeline/", False),
]


@pytest.mark.parametrize("url, signed_in", HTML_PAGES)
def test_every_html_page_has_a_content_security_policy(client, superuser, url, signed_in):
    """No page had one. Scripts and styles come only from the site or carry the response's
    nonce; nothing may come from another host; the page's inline code and styles are all allowed
    by the policy, with no 'unsafe-inline' (checked in headless Chromium with no violation:
    tests/test_browser.py)."""
    RoundFactory()
    if signed_in:
        client.force_login(superuser)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    rules = policy(response)
    assert rules["default-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in rules["script-src"]
    assert "'unsafe-eval'" not in rules["script-src"]
    assert "'unsafe-inline'" not in rules["style-src"]  # issue 10: it was there
    sources = [source for values in rules.values() for source in values]
    assert not [source for source in sources if "//" in source or source in ("*", "https:")]
    inline = InlineCode()
    inline.feed(response.content.decode())
    nonces = [f"'nonce-{nonce}'" for nonce in inline.scripts]
    assert all(nonce in rules["script-src"] for nonce in nonces), (nonces, rules["script-src"])
    for handler in inline.handlers:
        assert sha256_source(handler) in rules.get("script-src-attr", []), handler
    nonces = [f"'nonce-{nonce}'" for nonce in inline.styles]
    assert all(nonce in rules["style-src"] for nonce in nonces), (nonces, rules["style-src"])
    for style in inline.style_attributes:
        assert sha256_source(style) in rules.get("style-src-attr", []), style


def test_swagger_ui_gets_its_start_up_script_from_the_site():
    page = APIClient().get("/api/docs/")
    [script] = re.findall(r'<script src="([^"]*script=[^"]*)"', page.content.decode())

    response = APIClient().get(script.replace("&amp;", "&"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in response.content


def test_redoc_may_start_its_search_worker_and_load_nothing_from_elsewhere():
    page = APIClient().get("/api/redoc/")
    rules = policy(page)

    assert rules["worker-src"] == ["'self'", "blob:"]
    assert rules["img-src"] == ["'self'", "data:"]
    # Its bundle no longer asks https://cdn.redoc.ly/ for the Redocly logo (one CSP violation
    # on every visit), and gives the styles it writes as it starts the page's nonce.
    [bundle] = re.findall(r'<script src="([^"]*redoc.standalone[^"]*)"', page.content.decode())
    response = APIClient().get(bundle)
    assert response.status_code == 200
    script = response.content
    assert b"Redoc" in script
    assert b"cdn.redoc.ly" not in script
    assert b"document.currentScript.nonce" in script
    assert APIClient().get(bundle, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_api_answers_carry_the_policy_too(api_client):
    assert "default-src 'self'" in api_client.get(TOPICS)["Content-Security-Policy"]


# --- 5. SQLite under concurrent writes ---------------------------------------------------------


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


# --- 6. The admin's export ---------------------------------------------------------------------


@pytest.mark.parametrize("query", ["format=0", "format=xlsx", "%25s%7B%7D=1"])
def test_an_unknown_filter_on_the_admin_export_is_400(admin_client, query):
    """`/admin/dialogue/round/export/?format=0` was a 500 (IncorrectLookupParameters)."""
    admin_client.raise_request_exception = False

    response = admin_client.get(f"/admin/dialogue/round/export/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert b"does not have" in response.content
    if query.startswith("%"):
        assert b"'%s{}'" in response.content


def test_the_admin_export_page_still_opens_with_a_real_filter(admin_client):
    RoundFactory()

    assert admin_client.get("/admin/dialogue/round/export/?status__exact=held").status_code == 200


# --- 7. A request timeout that answers ---------------------------------------------------------


def slow_python(request):
    time.sleep(5)
    return HttpResponse("finished")


COUNT_TO_A_BILLION = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
    "SELECT count(*) FROM n"
)


def slow_sqlite(request):
    with connection.cursor() as cursor:
        cursor.execute(COUNT_TO_A_BILLION)
        return HttpResponse(str(cursor.fetchone()[0]))


def stubborn(request):
    """Carries on past any ordinary error, as drf-spectacular does while it builds the schema."""
    for _ in range(5):
        with contextlib.suppress(Exception):
            time.sleep(1)
    return HttpResponse("finished")


class SlowAPIView(APIView):
    permission_classes: list = []

    def get(self, request):
        time.sleep(5)
        return Response({"finished": True})


class FailingAPIView(APIView):
    permission_classes: list = []

    def get(self, request):
        raise DataError("value too long for type character varying(100)")


urlpatterns = [
    path("fails/", FailingAPIView.as_view()),
    path("slow/python/", slow_python),
    path("slow/sqlite/", slow_sqlite),
    path("slow/api/", SlowAPIView.as_view()),
    path("slow/stubborn/", stubborn),
]


@pytest.fixture
def deadline(settings):
    settings.REQUEST_TIMEOUT = 0.5


def timed(client, url):
    client.raise_request_exception = False
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/slow/python/", "/slow/api/", "/slow/stubborn/"])
def test_a_request_past_the_deadline_is_answered_503(client, deadline, url):
    """Three slow searches in parallel had gunicorn kill every worker (WORKER TIMEOUT): no
    answer, and /healthz waited 33 s. The application now answers first."""
    response, seconds = timed(client, url)

    body = no_field_errors(response, 503)
    assert "longer than 0.5 seconds" in body["detail"]
    assert response["Retry-After"] == "10"
    assert seconds < 3


@pytest.mark.urls(__name__)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's progress handler")
def test_a_slow_sqlite_query_is_interrupted_at_the_deadline(client, deadline):
    response, seconds = timed(client, "/slow/sqlite/")

    no_field_errors(response, 503)
    assert seconds < 3
    assert Topic.objects.count() == 0  # the connection still works


@pytest.mark.urls(__name__)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's progress handler")
def test_a_slow_sqlite_query_in_a_worker_thread_is_interrupted_too(client, deadline):
    """gunicorn's threaded workers serve outside the main thread, where no timer can be set."""
    answers = []

    def request():
        try:
            answers.append(timed(client, "/slow/sqlite/"))
        finally:
            connection.close()

    worker = threading.Thread(target=request)
    worker.start()
    worker.join(timeout=30)

    [(response, seconds)] = answers
    no_field_errors(response, 503)
    assert seconds < 3


@pytest.mark.urls(__name__)
def test_a_deadline_passed_in_an_earlier_request_is_not_this_requests(
    client, settings, monkeypatch
):
    # Left over from an earlier request on this thread (PostgreSQL's cancelled query), it
    # passed this request's database error off as a 503 "took longer than 0 seconds".
    settings.REQUEST_TIMEOUT = 0
    monkeypatch.setattr(middleware.deadline, "passed", True)
    client.raise_request_exception = False

    assert client.get("/fails/").status_code == 500


@pytest.mark.urls(__name__)
def test_without_a_deadline_a_slow_request_finishes(client, settings, monkeypatch):
    settings.REQUEST_TIMEOUT = 0
    monkeypatch.setattr(time, "sleep", lambda seconds: None)

    assert client.get("/slow/python/").content == b"finished"


def test_at_the_deadline_a_running_postgresql_query_is_cancelled(monkeypatch):
    """PostgreSQL is asked to cancel the query (psycopg then raises QueryCanceled, a 503);
    Python code is interrupted directly."""

    class Raw:
        def __init__(self, status):
            self.pgconn = type("PGconn", (), {"transaction_status": status})()
            self.cancelled = False

        def cancel_safe(self, timeout):
            self.cancelled = True

    class Wrapper:
        vendor = "postgresql"

        def __init__(self, status):
            self.connection = Raw(status)

    running, idle = Wrapper(pq.TransactionStatus.ACTIVE), Wrapper(pq.TransactionStatus.INTRANS)
    fake = type("Connections", (), {})()
    monkeypatch.setattr(middleware, "connections", fake)
    monkeypatch.setattr(middleware.deadline, "at", time.monotonic())
    monkeypatch.setattr(middleware.signal, "setitimer", lambda *args: None)

    fake.all = lambda initialized_only: [running, idle]
    middleware.on_alarm(None, None)  # no exception: the query's error will end the request
    assert running.connection.cancelled and not idle.connection.cancelled

    fake.all = lambda initialized_only: [idle]
    with pytest.raises(middleware.RequestTimeout):
        middleware.on_alarm(None, None)


def test_the_image_answers_before_gunicorn_kills():
    [timeout] = re.findall(r"REQUEST_TIMEOUT=(\d+)", DOCKERFILE)
    command = json.loads(dockerfile_instruction("CMD"))[-1]
    [gunicorn_timeout] = re.findall(r"--timeout (\d+)", command)

    assert "--worker-class sync" in command  # the timer needs the request in the main thread
    assert 0 < int(timeout) < int(gunicorn_timeout)
