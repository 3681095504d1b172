"""Load without loss: gunicorn on PostgreSQL under concurrent readers and writers.

Creates a fresh PostgreSQL database, migrates and seeds it, starts gunicorn (4 workers, the
production settings), and runs N client threads for a fixed time on loopback. Each client
mixes reads (filtered lists, details) with writes as one of several analysts: it creates
rounds, updates them with the ETag it read (and, now and then, with a stale one, which must
get 412), reads each update back (which must show it, whichever worker's cache answers),
and deletes some. At the end the database must hold exactly the writes that got a
2xx answer, and no request may have got a 5xx. Prints requests, statuses, p50/p99 latency.

    python bench/loadtest.py --seconds 30 --clients 16
"""

import argparse
import http.client
import itertools
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ANALYSTS = ("load-analyst-1", "load-analyst-2", "load-analyst-3")


@dataclass
class Ledger:
    """What the clients were told: the rounds that exist and each one's last venue."""

    alive: dict[int, str] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies.setdefault(kind, []).append(seconds)
            if status >= 500:
                self.failures.append(f"{kind}: HTTP {status}")


class Client:
    """One analyst's HTTP connection to the server."""

    def __init__(self, port: int, token: str, ledger: Ledger):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.token = token
        self.ledger = ledger

    def call(self, kind: str, method: str, path: str, body=None, headers=None):
        headers = {"Authorization": f"Token {self.token}", **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            with self.ledger.lock:
                self.ledger.failures.append(f"{kind}: {type(error).__name__}: {error}")
            return 0, {}, {}
        self.ledger.record(kind, response.status, time.perf_counter() - started)
        parsed = json.loads(payload) if payload and response.status != 304 else {}
        return response.status, parsed, dict(response.getheaders())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def prepare_database(admin_url: str, name: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def run_client(client: Client, mechanism: int, numbers, deadline: float, rng: random.Random):
    """Reads and writes until the deadline; remembers every write that got a 2xx."""
    mine: dict[int, str] = {}
    ledger = client.ledger
    while time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.35:
            client.call("list", "GET", "/api/v1/rounds/?country=RU&country=JP&year=2018")
        elif roll < 0.5:
            client.call("detail", "GET", f"/api/v1/mechanisms/{mechanism}/")
        elif roll < 0.7 or not mine:
            number = next(numbers)
            status, body, _ = client.call(
                "create",
                "POST",
                "/api/v1/rounds/",
                {
                    "mechanism": mechanism,
                    "number": number,
                    "date": "2030-05",
                    "status": "scheduled",  # a held round cannot be in the future
                    "venue": "v0",
                },
            )
            if 200 <= status < 300:
                mine[body["id"]] = "v0"
                with ledger.lock:
                    ledger.alive[body["id"]] = "v0"
        elif roll < 0.93:
            round_id = rng.choice(list(mine))
            _, _, headers = client.call("detail", "GET", f"/api/v1/rounds/{round_id}/")
            etag = headers.get("ETag", '"none"')
            venue = f"v{rng.randrange(10**9)}"
            status, _, _ = client.call(
                "update",
                "PATCH",
                f"/api/v1/rounds/{round_id}/",
                {"venue": venue},
                {"If-Match": etag},
            )
            if 200 <= status < 300:
                mine[round_id] = venue
                with ledger.lock:
                    ledger.alive[round_id] = venue
                # Read back (by whichever worker takes it, from the response cache if it
                # has the round): the write, never the copy cached before it.
                read, again, _ = client.call("read back", "GET", f"/api/v1/rounds/{round_id}/")
                if read == 200 and again.get("venue") != venue:
                    with ledger.lock:
                        ledger.failures.append(f"stale read after a write: {again.get('venue')}")
                # The tag just used is stale now: a write with it must be refused.
                stale, _, _ = client.call(
                    "stale update",
                    "PATCH",
                    f"/api/v1/rounds/{round_id}/",
                    {"venue": "lost"},
                    {"If-Match": etag},
                )
                if stale != 412:
                    with ledger.lock:
                        ledger.failures.append(f"stale If-Match got {stale}, not 412")
        else:
            round_id = rng.choice(list(mine))
            status, _, _ = client.call("delete", "DELETE", f"/api/v1/rounds/{round_id}/")
            if 200 <= status < 300:
                del mine[round_id]
                with ledger.lock:
                    del ledger.alive[round_id]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOADTEST_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="A PostgreSQL server to create the throwaway database `dialogue_loadtest` on.",
    )
    args = parser.parse_args()

    database_url = prepare_database(args.database_url, "dialogue_loadtest")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),  # production refuses known keys
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "THROTTLE_ANON": "1000000/minute",
        "THROTTLE_USER": "1000000/minute",
        "LOG_LEVEL": "WARNING",
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")  # throttle counters, when there is no Redis
    manage(env, "collectstatic", "--noinput", "-v0")  # as the image does
    manage(env, "seed", "-v0")
    tokens = [
        manage(env, "create_analyst", name).split("API token: ")[1].split()[0] for name in ANALYSTS
    ]
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    server = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/readyz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        ledger = Ledger()
        setup = Client(port, tokens[0], ledger)
        _, mechanism, _ = setup.call(
            "setup",
            "POST",
            "/api/v1/mechanisms/",
            {
                "slug": "load-test",
                "name": "Load test",
                "kind": "consultations",
                "countries": ["RU", "JP"],
            },
        )
        numbers = itertools.count(1)  # shared: each create asks for a new round number
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=run_client,
                args=(
                    Client(port, tokens[i % len(tokens)], ledger),
                    mechanism["id"],
                    numbers,
                    deadline,
                    random.Random(i),
                ),
            )
            for i in range(args.clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    with psycopg.connect(database_url) as connection:
        stored = dict(
            connection.execute(
                "SELECT id, venue FROM dialogue_round WHERE mechanism_id = %s", [mechanism["id"]]
            ).fetchall()
        )
    if stored != ledger.alive:
        missing = set(ledger.alive) - set(stored)
        extra = set(stored) - set(ledger.alive)
        changed = {k for k in set(stored) & set(ledger.alive) if stored[k] != ledger.alive[k]}
        ledger.failures.append(
            f"database differs from the 2xx answers: {len(missing)} missing, {len(extra)} "
            f"extra, {len(changed)} with another venue"
        )

    every = sorted(t for kind in ledger.latencies.values() for t in kind)
    total = len(every)
    print(
        f"{total} requests in {elapsed:.1f} s ({total / elapsed:.0f}/s), "
        f"{args.clients} clients, {args.workers} gunicorn workers, PostgreSQL"
    )
    print("statuses:", dict(sorted(ledger.statuses.items())))
    print(f"{'kind':<14}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for kind, times in sorted(ledger.latencies.items()):
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(f"{kind:<14}{len(times):>9}{statistics.median(times) * 1000:>9.1f}{p99 * 1000:>9.1f}")
    if every:
        p99 = every[min(total - 1, int(total * 0.99))]
        print(f"{'all':<14}{total:>9}{statistics.median(every) * 1000:>9.1f}{p99 * 1000:>9.1f}")
    print(f"rounds alive: {len(stored)} in the database, {len(ledger.alive)} per the answers")
    for failure in ledger.failures[:20]:
        print("FAIL", failure)
    print(
        "OK: no 5xx, the database holds exactly the acknowledged writes"
        if not ledger.failures
        else f"{len(ledger.failures)} failures"
    )
    return 1 if ledger.failures else 0


if __name__ == "__main__":
    sys.exit(main())
