"""Slow clients cannot starve the server: an export is built before it is sent, and a client
that stops reading is dropped at the socket deadline (config/gunicorn.py).

The red team read `GET /api/v1/rounds/?format=csv` on two connections at 512 bytes a second:
each held a sync worker (and, on PostgreSQL, a transaction) for as long as it read, and a third
client had no answer in 30 s.
"""

import contextlib
import http.client
import select
import socket
import subprocess
import time

import pytest
from django.db import connection

from tests.factories import RoundFactory
from tests.processes import PYTHON, ROOT, clean_env, image_gunicorn, run_python

COUNTRIES = """
import importlib, django
django.setup()
from django.apps import apps
importlib.import_module("dialogue.migrations.0002_load_countries").load_countries(apps, None)
print("loaded")
"""
HOST = b"Host: registry.example.org\r\nX-Forwarded-Proto: https\r\n"


@pytest.fixture
def exporting_server(sqlite_file, tmp_path):
    """The image's gunicorn with two workers on a registry of 12,000 rounds (a CSV of 6 MB,
    more than a connection's buffers on loopback hold), with a socket deadline of half a
    second, and no cap on anonymous exports."""
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{sqlite_file}",
        ALLOWED_HOSTS="registry.example.org",
        CLIENT_IO_TIMEOUT="0.5",
        EXPORT_ANONYMOUS_MAX_ROWS="0",
    )
    run_python(COUNTRIES, env)  # a transactional test before this one may have emptied them
    subprocess.run([PYTHON, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "generate_synthetic", "--rounds", "12000", "--seed", "1", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    log = tmp_path / "gunicorn.log"
    with image_gunicorn(env, log, workers=2) as port:
        yield port, log


def slow_reader(port: int) -> socket.socket:
    """A connection asking for the whole rounds CSV with a small receive buffer."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.sendall(b"GET /api/v1/rounds/?format=csv HTTP/1.1\r\n" + HOST + b"\r\n")
    return sock


def answer_time(port: int, path: bytes) -> tuple[float, bytes]:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"GET " + path + b" HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return time.perf_counter() - started, answer


@pytest.mark.django_db  # the SQLite file copied for the server is the test database's
def test_two_slow_readers_of_an_export_leave_a_third_client_served(exporting_server):
    """Before the socket deadline the third client had no answer while the readers read."""
    port, log = exporting_server
    readers = [slow_reader(port) for _ in range(2)]
    try:
        for reader in readers:  # each worker has built its export and started to send it
            assert select.select([reader], [], [], 60)[0], "no answer to the export"
            reader.recv(512)
        waits = []
        for second in range(8):  # 512 bytes a second, as the red team read
            for reader in readers:
                with contextlib.suppress(OSError):
                    reader.recv(512, socket.MSG_DONTWAIT)
            if second < 4:
                # The workers fill the connections' buffers (up to 4 MB each on loopback);
                # the deadline counts from when a write can make no progress.
                time.sleep(1)
                continue
            waited, answer = answer_time(port, b"/api/v1/countries/?page_size=1")
            assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
            waits.append(waited)
            time.sleep(max(0, 1 - waited))
    finally:
        for reader in readers:
            reader.close()

    assert max(waits) < 1, waits
    assert log.read_text().count("sent or read nothing for 0.5 s") == 2
    # A client that reads at full speed still gets the whole export.
    server = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    server.request("GET", "/api/v1/rounds/?format=csv", headers={"Host": "registry.example.org"})
    export = server.getresponse()
    lines = export.read().decode().splitlines()
    assert export.status == 200
    assert lines[0].startswith("id,")
    assert len(lines) > 12_000  # every round and the header (a quoted cell may hold a line break)


@pytest.mark.django_db(transaction=True)
def test_the_export_is_read_before_its_first_byte_is_sent(api_client):
    """No database transaction stays open while a client reads: the rows are all read (on
    PostgreSQL in one transaction) before the first block leaves."""
    RoundFactory.create_batch(3)

    response = api_client.get("/api/v1/rounds/?format=csv")
    blocks = iter(response.streaming_content)
    first = next(blocks)

    assert not connection.in_atomic_block
    assert first.count(b"\n") == 4  # the header and the three rounds, in the first block
    assert next(blocks, None) is None
