"""Running the project in a fresh Python process: an environment without the suite's settings,
the settings modules loaded as a new process loads them, and Django on a SQLite file of its own."""

import contextlib
import json
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


PYTHON = sys.executable


DOCKERFILE = (ROOT / "Dockerfile").read_text()


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
    "ADMIN_LOGIN_FAILURES",
    "ADMIN_LOGIN_ADDRESS_FAILURES",
    "ADMIN_LOGIN_ACCOUNT_FAILURES",
    "ADMIN_LOGIN_WINDOW",
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def image_gunicorn(env: dict[str, str], log: Path, workers: int) -> Iterator[int]:
    """gunicorn as the image's CMD starts it, on a free port of 127.0.0.1, its log in `log`;
    yields the port once it accepts connections."""
    start = json.loads(dockerfile_instruction("CMD"))[-1].split("exec ", 1)[1]
    port = free_port()
    args = [f"127.0.0.1:{port}" if arg == "0.0.0.0:8000" else arg for arg in shlex.split(start)[1:]]
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    with log.open("w") as stderr:  # the server has its own copy; ours is closed at once
        server = subprocess.Popen(
            # No control socket: it is one per user ($HOME/.gunicorn), and others may be running.
            [gunicorn, *args, "--workers", str(workers), "--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
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


def dockerfile_instruction(name: str) -> str:
    """The Dockerfile's instruction `name` (its continuation lines joined)."""
    [line] = re.findall(rf"^{name} (.+)$", DOCKERFILE.replace("\\\n", " "), re.MULTILINE)
    return line


def sqlite_only():
    return pytest.mark.skipif(
        connection.vendor != "sqlite", reason="a SQLite file copied from the test database"
    )


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
