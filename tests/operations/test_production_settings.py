"""A production that refuses unsafe settings, an image that builds without a secret, and a container
healthcheck that passes."""

import json
import re
import secrets
import shlex
import socket
import subprocess
from pathlib import Path

import pytest

from tests.processes import (
    DOCKERFILE,
    PYTHON,
    ROOT,
    clean_env,
    dockerfile_instruction,
    image_gunicorn,
    load_settings,
    production_env,
    run_python,
)

pytestmark = pytest.mark.django_db


def param(key: str, reason: str, name: str = "") -> object:
    """A key with random parts, its test named by its reason (and `name`), not by the key."""
    return pytest.param(key, reason, id=f"random-{name or reason}")


@pytest.mark.parametrize(
    "key, reason",
    [
        ("x", "shorter than 50"),
        ("build-only", "published"),
        ("local-development-key-not-for-production", "published"),
        # Keys with random parts are named by what they are: every pytest-xdist worker collects
        # the same tests.
        param("django-insecure-" + "k" * 20 + secrets.token_hex(20), "insecure"),
        param("change-me-" + secrets.token_hex(30), "change-me"),
        param("our-production-secret-" + secrets.token_hex(30), "secret"),
        ("x" * 80, "fewer than 10 different"),
        ("abcabcabcabc" * 5, "fewer than 10 different"),
        # Guessable keys with many different characters: what `make deploy-check` passed.
        ("deploy-check-1733000000-0123456789abcdefghijklmnopqrstuvwxyzABCDEF", "in sequence"),
        ("0123456789abcdefghijklmnopqrstuvwxyz" * 2, "in sequence"),
        param(
            secrets.token_hex(8) + "zyxwvutsrqponmlkjihgfedcba" + secrets.token_hex(8), "sequence"
        ),
        param(secrets.token_hex(20) + "!" * 12 + secrets.token_hex(20), "in sequence", "bangs"),
        ("Kq3vZ8pL2xR7mW9t" * 4, "repeats"),
        ("n7Fh2Qa9Lc" + "Tz4Wk8Rm1Xp6Vb3Y" * 3, "repeats"),
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


@pytest.mark.parametrize(
    "key",
    [
        secrets.token_urlsafe(50),
        secrets.token_hex(32),  # 16 different characters only, still 256 random bits
        "django-" + secrets.token_urlsafe(40),
    ],
    ids=["token_urlsafe", "token_hex", "django-token_urlsafe"],
)
def test_production_accepts_random_keys(key):
    [result] = load_settings(
        [
            {
                "module": "config.settings.production",
                "env": {"SECRET_KEY": key, "ALLOWED_HOSTS": "registry.example.org"},
                "values": ["DEBUG"],
            }
        ]
    )

    assert result == {"values": {"DEBUG": False}}


def test_make_deploy_check_passes_with_a_random_key():
    """Its key was `deploy-check-<time>-0123456789abc…`, which production now refuses."""
    done = subprocess.run(
        ["make", "--no-print-directory", "deploy-check", f"BIN={Path(PYTHON).parent}", "STAMP="],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "System check identified no issues" in done.stdout


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
    with image_gunicorn(production_env(), tmp_path / "gunicorn.log", workers=1) as port:
        yield port


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


def test_a_worker_loads_its_views_and_the_reader_when_it_starts_even_without_its_database():
    """config.wsgi imports every URL's views and reads a sample sentence at start (issue 24,
    target 8), so a worker's first request is as fast as its next; it reads no database, so a
    worker starts while the database is down."""
    code = (
        "import sys, pycountry, config.wsgi\n"
        "print(pycountry.countries._is_loaded, "
        "all(m in sys.modules for m in ('dialogue.api.urls', 'dialogue.views')))"
    )
    env = production_env(DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert run_python(code, env) == "True True"
