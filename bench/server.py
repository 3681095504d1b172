"""The benchmarks' servers: the production environment, gunicorn started and stopped, wrk.

`environment()` is the registry's production settings (bench.settings) with the throttles
lifted; `gunicorn()` starts a server on a free loopback port, waits until it answers and stops
it on leaving the block; `wrk()` loads it and reads wrk's summary.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis() -> dict[str, str]:
    """REDIS_URL as production sets it, when a Redis answers here (shared throttle counters
    and registry version without database queries); otherwise the database cache serves."""
    if os.environ.get("REDIS_URL"):
        return {}
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return {}
    return {"REDIS_URL": "redis://127.0.0.1:6379/15"}


def environment(database_url: str | None = None, **overrides: str) -> dict[str, str]:
    """The production settings (bench.settings adds only the ceiling view) on `database_url`,
    with the throttles lifted: the benchmarks measure the work, not the limits."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),  # production refuses known keys
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "THROTTLE_ANON": "100000000/minute",
        "THROTTLE_USER": "100000000/minute",
        "LOG_LEVEL": "WARNING",
    }
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return {**env, **overrides}


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process (all its threads) has used; 0 once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # the name in parentheses may hold spaces
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


@dataclass
class Server:
    """A running gunicorn: its port, master process and the cheapest request it answers."""

    port: int
    process: subprocess.Popen
    idle: str

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def workers(self) -> list[int]:
        """The pids of the master's workers, once it has started one."""
        master = self.process.pid
        for _ in range(100):
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            if children:
                return [int(pid) for pid in children]
            time.sleep(0.1)
        raise RuntimeError("gunicorn started no worker")

    def cpu(self) -> float:
        """CPU seconds used so far by the master and its workers."""
        return sum(cpu_seconds(pid) for pid in [self.process.pid, *self.workers()])

    def drain(self) -> None:
        """Wait until the server has finished the requests wrk left behind when it stopped."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            started = time.monotonic()
            urllib.request.urlopen(self.url(self.idle), timeout=120).read()
            if time.monotonic() - started < 0.05:
                return


@contextlib.contextmanager
def gunicorn(
    app: str,
    env: dict[str, str],
    workers: int,
    options: Sequence[str] = (),
    executable: str | None = None,
    cwd: Path = ROOT,
    ready: str = "/readyz",
    idle: str = "/healthz",
) -> Iterator[Server]:
    """gunicorn serving `app` with `workers` workers, answering `ready` with 200 when the
    block starts; stopped when it ends. `idle` is its cheapest request (`Server.drain`);
    `executable` another venv's gunicorn."""
    port = free_port()
    command = executable or shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(
        [
            command or "gunicorn",
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *options,
        ],
        cwd=cwd,
        env=env,
    )
    server = Server(port, process, idle)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(server.url(ready), timeout=2).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn {app} stopped: {process.returncode}") from None
                time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn {app} did not answer {ready}")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(url: str, seconds: int, connections: int, threads: int = 2) -> dict:
    """Requests a second, requests in all and latency percentiles, from wrk --latency."""
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "30s",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    def millis(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": millis("50"),
        "p99": millis("99"),
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


def python_load(url: str, seconds: int, connections: int) -> dict:
    """What `wrk` returns, from `connections` threads of Python's HTTP client: for a machine
    without wrk. The client takes far more CPU than wrk, so its numbers compare with each
    other, not with wrk's."""
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine: list[float] = []
        failed = 0
        while (started := time.perf_counter()) < deadline:
            connection.request("GET", target)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            failed += response.status >= 400
        connection.close()
        with lock:
            times.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    percentiles = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
    return {
        "rps": len(times) / elapsed,
        "requests": len(times),
        "p50": percentiles[49] * 1000,
        "p99": percentiles[98] * 1000,
        "errors": errors[0],
    }
