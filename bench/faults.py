"""Faults under load: Redis stopped and started, PostgreSQL restarted, a worker killed.

Starts a PostgreSQL server and a Redis server of its own (loopback, free ports, a temporary
folder: the machine's shared ones are never touched), migrates and seeds, and runs gunicorn
(the production settings, with REDIS_URL) under client threads that read and create rounds.
Each create carries an `Idempotency-Key`; a client that gets no answer or a 503 sends the same
request again with the same key until it is answered, as a careful client does. While they
run: Redis is stopped, then started again; PostgreSQL is restarted; a gunicorn worker is
killed with SIGKILL.

Passes when no request got a 5xx other than 503, every create that got a 2xx is in the
database exactly once (and no create is there twice), `/readyz` said Redis was degraded while
it was down, and the registry answered writes again after each fault by itself. Prints the
requests, the 503s and failed connections during each fault, and the time to recover.

    python bench/faults.py --seconds 40 --clients 8
"""

import argparse
import http.client
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadtest import ROOT, free_port, manage

POSTGRES_BIN = Path("/usr/lib/postgresql")
# How long a client keeps sending a request it got no answer to before it counts as lost.
RETRY_FOR = 30.0


def as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class PrivatePostgres:
    """A PostgreSQL server in a temporary folder, on a free loopback port."""

    def __init__(self, folder: Path):
        versions = sorted(POSTGRES_BIN.iterdir(), key=lambda path: int(path.name))
        self.bin = versions[-1] / "bin"
        self.data = folder / "data"
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:
            folder.parent.chmod(0o755)  # mkdtemp's folder: the postgres user must reach its own
            shutil.chown(folder, "postgres")
            shutil.chown(self.data, "postgres")
        self.port = free_port()
        self.log = folder / "postgresql.log"
        self.tool("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.options = f"-p {self.port} -k {folder} -c listen_addresses=127.0.0.1"

    def tool(self, name: str, *args: str) -> None:
        # No pipes: a server that pg_ctl starts would hold them open, and run() wait forever.
        subprocess.run(
            as_postgres(str(self.bin / name), *args),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def pg_ctl(self, action: str, *args: str) -> None:
        self.tool("pg_ctl", action, "-D", str(self.data), "-w", *args)

    def start(self) -> None:
        self.pg_ctl("start", "-o", self.options, "-l", str(self.log))

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast", "-o", self.options, "-l", str(self.log))

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "immediate")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


class PrivateRedis:
    """A Redis server on a free loopback port, nothing saved."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [*("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"), "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            if answers(self.port):
                return
            time.sleep(0.1)
        raise RuntimeError("Redis did not start")

    def stop(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


@dataclass
class Outcome:
    """What the clients were told, and what went wrong."""

    acknowledged: dict[str, int] = field(default_factory=dict)  # venue → round id
    statuses: Counter = field(default_factory=Counter)
    unanswered: int = 0
    writes_at: list[float] = field(default_factory=list)  # times of 2xx writes
    refused_at: list[float] = field(default_factory=list)  # times of 503s and no answers
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    """One analyst's connection; a request that gets no answer is sent again."""

    def __init__(self, port: int, token: str, outcome: Outcome):
        self.port = port
        self.token = token
        self.outcome = outcome
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def call(self, method: str, path: str, body=None, headers=None) -> tuple[int, dict]:
        headers = {"Authorization": f"Token {self.token}", **(headers or {})}
        data = json.dumps(body) if body is not None else None
        if data is not None:
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            with self.outcome.lock:
                self.outcome.unanswered += 1
                self.outcome.refused_at.append(time.monotonic())
            return 0, {}
        with self.outcome.lock:
            self.outcome.statuses[response.status] += 1
            if response.status == 503:
                self.outcome.refused_at.append(time.monotonic())
            elif response.status >= 500:
                self.outcome.failures.append(f"{method} {path}: HTTP {response.status}")
        try:
            return response.status, json.loads(payload) if payload else {}
        except ValueError:
            return response.status, {}

    def create(self, mechanism: int, number: int, venue: str) -> None:
        """Create a round, sending it again with the same key until it is answered."""
        key = str(uuid.uuid4())
        body = {"mechanism": mechanism, "number": number, "date": "2031-05"}
        body |= {"status": "scheduled", "venue": venue}
        given_up = time.monotonic() + RETRY_FOR
        while time.monotonic() < given_up:
            status, answer = self.call("POST", "/api/v1/rounds/", body, {"Idempotency-Key": key})
            if 200 <= status < 300:
                with self.outcome.lock:
                    self.outcome.acknowledged[venue] = answer["id"]
                    self.outcome.writes_at.append(time.monotonic())
                return
            if status not in (0, 503):
                with self.outcome.lock:
                    self.outcome.failures.append(f"create {venue}: HTTP {status} {answer}")
                return
            time.sleep(0.2)
        with self.outcome.lock:
            self.outcome.failures.append(f"create {venue}: no answer within {RETRY_FOR:.0f} s")


def run_client(client: Client, mechanism: int, numbers, name: str, deadline: float) -> None:
    for turn in itertools.count():
        if time.monotonic() >= deadline:
            return
        if turn % 2:
            client.call("GET", "/api/v1/rounds/?country=RU&country=JP")
        else:
            client.create(mechanism, next(numbers), f"{name}-{turn}")


def workers_of(master: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def readyz(port: int) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", "/readyz")
    return json.loads(connection.getresponse().read())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="registry-faults-"))
    postgres, redis = PrivatePostgres(folder / "postgresql"), PrivateRedis()
    postgres.start()
    redis.start()
    server = None
    try:
        with psycopg.connect(postgres.url, autocommit=True) as connection:
            connection.execute("CREATE DATABASE registry")
        env = {
            **os.environ,
            "DATABASE_URL": postgres.url.rsplit("/", 1)[0] + "/registry",
            "REDIS_URL": redis.url,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "THROTTLE_ANON": "1000000/minute",
            "THROTTLE_USER": "1000000/minute",
            "LOG_LEVEL": "CRITICAL",
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "seed", "-v0")
        token = manage(env, "create_analyst", "fault-analyst").split("API token: ")[1].split()[0]
        port = free_port()
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        server = subprocess.Popen(
            [
                *(gunicorn, "config.wsgi:application", "--workers", str(args.workers)),
                *("--bind", f"127.0.0.1:{port}", "--log-level", "critical", "--timeout", "30"),
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(150):
            try:
                if readyz(port)["status"] == "ok":
                    break
            except (OSError, http.client.HTTPException, ValueError):
                pass
            time.sleep(0.2)
        outcome = Outcome()
        setup = Client(port, token, outcome)
        _, mechanism = setup.call(
            "POST",
            "/api/v1/mechanisms/",
            {"slug": "faults", "name": "Faults", "kind": "consultations"}
            | {"countries": ["RU", "JP"]},
        )
        numbers = itertools.count(1)
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(
                target=run_client,
                args=(Client(port, token, outcome), mechanism["id"], numbers, f"c{i}", deadline),
            )
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()

        faults: list[tuple[str, float, float]] = []  # name, began, ended (service back)

        def at(share: float) -> None:
            time.sleep(max(0.0, started + args.seconds * share - time.monotonic()))

        at(0.15)
        began = time.monotonic()
        redis.stop()
        time.sleep(0.5)
        degraded = readyz(port)
        at(0.30)
        redis.start()
        faults.append(("Redis stopped", began, time.monotonic()))
        at(0.45)
        began = time.monotonic()
        postgres.restart()
        faults.append(("PostgreSQL restarted", began, time.monotonic()))
        at(0.65)
        began = time.monotonic()
        killed = workers_of(server.pid)[0]
        os.kill(killed, signal.SIGKILL)
        faults.append((f"worker {killed} killed", began, time.monotonic()))

        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)

    try:
        with psycopg.connect(env["DATABASE_URL"]) as connection:
            stored = connection.execute(
                "SELECT venue, count(*), min(id) FROM dialogue_round WHERE mechanism_id = %s "
                "GROUP BY venue",
                [mechanism["id"]],
            ).fetchall()
    finally:
        redis.stop()
        postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)

    by_venue = {venue: (count, first) for venue, count, first in stored}
    twice = [venue for venue, (count, _) in by_venue.items() if count > 1]
    missing = [venue for venue in outcome.acknowledged if venue not in by_venue]
    other = [
        venue
        for venue, round_id in outcome.acknowledged.items()
        if venue in by_venue and by_venue[venue][1] != round_id
    ]
    if twice or missing or other:
        outcome.failures.append(
            f"acknowledged creates: {len(missing)} missing, {len(other)} under another id; "
            f"{len(twice)} creates stored twice"
        )
    if degraded.get("dependencies", {}).get("redis") != "degraded":
        outcome.failures.append(f"/readyz while Redis was down: {degraded}")

    total = sum(outcome.statuses.values())
    print(
        f"{total} answered requests in {elapsed:.1f} s, {args.clients} clients, "
        f"{args.workers} gunicorn workers, PostgreSQL and Redis of its own"
    )
    print("statuses:", dict(sorted(outcome.statuses.items())))
    print(f"requests with no answer (connection refused or reset): {outcome.unanswered}")
    for name, began, ended in faults:
        after = [moment for moment in outcome.writes_at if moment > ended]
        back = after[0] if after else float("inf")
        refused = sum(1 for moment in outcome.refused_at if began <= moment <= back)
        recovered = f"{back - ended:.2f} s" if after else "never"
        print(
            f"{name}: lasted {ended - began:.2f} s; {refused} requests refused (503) or unanswered "
            f"until the first acknowledged write, {recovered} after"
        )
        if not after:
            outcome.failures.append(f"no write acknowledged after: {name}")
    print(
        f"creates acknowledged: {len(outcome.acknowledged)}; rounds stored: "
        f"{sum(count for count, _ in by_venue.values())}"
    )
    for failure in outcome.failures[:20]:
        print("FAIL", failure)
    print(
        "OK: no 5xx but 503, every acknowledged create stored once, recovered from each fault"
        if not outcome.failures
        else f"{len(outcome.failures)} failures"
    )
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
