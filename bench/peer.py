"""Against a peer (issue 13): the registry and Datasette 0.65.5 serving the same SQLite file.

A SQLite file of the seed plus synthetic rounds (`manage.py generate_synthetic`) to 2,023
rounds, kept in the work directory and reused while it holds that many. Datasette, with
gunicorn and its uvicorn worker, is installed at pinned versions into its own venv there
(never the project's). Three servers run on the file, each gunicorn with 2 workers: ours with
the response cache on (what users get), ours with it off (`RESPONSE_CACHE=0`: the same work as
Datasette, which has no such cache), and Datasette. wrk (2 threads, 8 connections) loads each
in turn on three pairs of equal work, alternating servers run after run; medians reported:

- a list page of 50 rounds: ours `/api/v1/rounds/?page_size=50`, Datasette's table JSON;
- a single round: ours by id, Datasette's row JSON;
- a word search: ours `?q=WORD`, Datasette one SQL statement finding the rounds our search
  finds on SQLite (the word as a substring of the same fields and linked rows), the same page in
  the same order, with the number of matches; both numbers are checked equal before measuring.

CPU per request is the CPU time of a server's master and workers (/proc) over a run and the
drain after it, over wrk's requests. Targets: a single round and the search at ≥ 1.0×
Datasette's requests a second; the list at ≥ 1.5× its requests per CPU-second (per core).

    python bench/peer.py                      # prints both tables
    python bench/peer.py --seconds 3 --runs 1 # a quick look
"""

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack, closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `bench` as a package, run as a script
from bench import server, tables  # noqa: E402

WORK = ROOT / "bench" / ".work"
ROUNDS = 2_023
# gunicorn at the project's own version (requirements.lock), so only the application differs.
PEER_PACKAGES = (
    "datasette==0.65.5",
    "gunicorn==27.0.1",
    "uvicorn==0.55.0",
    "uvicorn-worker==0.4.0",
)
SERVERS = ("ours, cache on", "ours, cache off", "Datasette")
# The parts of a round our search reads (dialogue/search.py, ROUND_PARTS), as SQLite finds a
# word there: a case-insensitive substring (LIKE), each part a set of round ids.
SEARCH_SQL = """
select r.*, count(*) over () as matches from dialogue_round r where r.id in (
  select id from dialogue_round
    where name like :word or summary like :word or outcomes like :word or venue like :word
  union select r.id from dialogue_round r join dialogue_mechanism m on m.id = r.mechanism_id
    where m.name like :word or m.short_name like :word
  union select r.id from dialogue_round r join dialogue_place c on c.id = r.city_id
    where c.name like :word
  union select p.round_id from dialogue_participant p join dialogue_person n
    on n.id = p.person_id where n.name like :word
  union select p.round_id from dialogue_participant p join dialogue_personname n
    on n.person_id = p.person_id where n.name like :word
  union select t.round_id from dialogue_round_topics t join dialogue_topic o
    on o.id = t.topic_id where o.name like :word
  union select c.object_id from dialogue_citation c join django_content_type k
    on k.id = c.content_type_id
    where k.app_label = 'dialogue' and k.model = 'round' and c.quote like :word
) order by r.start_date, r.id limit 50
"""


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def read(path: Path, sql: str) -> tuple:
    """The first row of a query on the file, opened read-only."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return connection.execute(sql).fetchone()


def count_rounds(path: Path) -> int | None:
    try:
        return read(path, "SELECT count(*) FROM dialogue_round")[0]
    except sqlite3.Error:
        return None


def database(work: Path, rounds: int) -> Path:
    """The SQLite file of `rounds` rounds: the seed plus synthetic ones (reused when an earlier
    run left it, migrated to the current code)."""
    path = work / "peer.sqlite3"
    env = server.environment(f"sqlite:///{path}")
    if count_rounds(path) == rounds:
        manage(env, "migrate", "--noinput", "-v0")
    else:
        path.unlink(missing_ok=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable")  # throttle counters, when there is no Redis
        manage(env, "seed", "-v0")
        seeded = count_rounds(path) or 0
        manage(env, "generate_synthetic", "--rounds", str(rounds - seeded), "--seed", "1", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")  # the production settings' manifest
    return path


def datasette_venv(work: Path) -> Path:
    """Datasette's own venv, at PEER_PACKAGES; its gunicorn."""
    venv = work / "datasette-venv"
    pins = venv / "pins.txt"
    wanted = "\n".join(PEER_PACKAGES) + "\n"
    if not (pins.exists() and pins.read_text() == wanted):
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *PEER_PACKAGES],
            check=True,
        )
        pins.write_text(wanted)
    return venv / "bin" / "gunicorn"


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def requests(path: Path, word: str) -> dict[str, dict[str, str]]:
    """Each pair's request to ours and to Datasette (the file is `/peer/` to Datasette)."""
    # A synthetic round from the middle of the table: neither the first nor the last row.
    (round_id,) = read(
        path,
        "SELECT id FROM dialogue_round ORDER BY id LIMIT 1 "
        "OFFSET (SELECT count(*) / 2 FROM dialogue_round)",
    )
    search = urllib.parse.urlencode({"sql": SEARCH_SQL.strip(), "word": f"%{word}%"})
    return {
        "rounds list (page of 50)": {
            "ours": "/api/v1/rounds/?page_size=50",
            "Datasette": "/peer/dialogue_round.json?_size=50",
        },
        "single round": {
            "ours": f"/api/v1/rounds/{round_id}/",
            "Datasette": f"/peer/dialogue_round/{round_id}.json",
        },
        f"search “{word}”": {
            "ours": f"/api/v1/rounds/?q={urllib.parse.quote(word)}&page_size=50",
            "Datasette": f"/peer.json?{search}",
        },
    }


def check(name: str, ours: dict, theirs: dict) -> str:
    """That both answers hold the same rounds; what they agree on, for the report."""
    columns = theirs["columns"]
    their_ids = [row[columns.index("id")] for row in theirs["rows"]]
    if "results" not in ours:  # a single round
        if [ours["id"]] != their_ids:
            sys.exit(f"{name}: ours is round {ours['id']}, Datasette's {their_ids}")
        return f"round {ours['id']}"
    our_ids = [row["id"] for row in ours["results"]]
    if "matches" in columns:  # the search: same matches, same page
        matches = theirs["rows"][0][columns.index("matches")] if theirs["rows"] else 0
        if (ours["count"], our_ids) != (matches, their_ids):
            sys.exit(
                f"{name}: ours finds {ours['count']} rounds, Datasette's SQL {matches}; "
                f"first pages {our_ids[:5]}… and {their_ids[:5]}…"
            )
        return f"{matches} matches, the same page of {len(our_ids)}"
    total = theirs.get("filtered_table_rows_count")
    if (ours["count"], len(our_ids)) != (total, len(their_ids)):
        sys.exit(f"{name}: ours {ours['count']} rounds, Datasette {total}")
    return f"{len(our_ids)} of {total} rounds"


def measure(
    work: Path = WORK,
    rounds: int = ROUNDS,
    word: str = "fisheries",
    seconds: int = 5,
    runs: int = 3,
    connections: int = 8,
    workers: int = 2,
    load: Callable[[str, int, int], dict] = server.wrk,
) -> dict:
    """Each pair's requests a second, bytes and CPU per request, for each server (medians)."""
    work.mkdir(parents=True, exist_ok=True)
    path = database(work, rounds)
    datasette = datasette_venv(work)
    pairs = requests(path, word)
    ours = server.environment(f"sqlite:///{path}", **server.redis())
    with ExitStack() as stack:
        running = {
            "ours, cache on": stack.enter_context(
                server.gunicorn("config.wsgi:application", {**ours, "RESPONSE_CACHE": "1"}, workers)
            ),
            "ours, cache off": stack.enter_context(
                server.gunicorn("config.wsgi:application", {**ours, "RESPONSE_CACHE": "0"}, workers)
            ),
            "Datasette": stack.enter_context(
                server.gunicorn(
                    "peer_datasette:app",
                    {**server.environment(), "PEER_DATABASE": str(path)},
                    workers,
                    options=["--worker-class", "uvicorn_worker.UvicornWorker"],
                    executable=str(datasette),
                    cwd=ROOT / "bench",
                    ready="/-/versions.json",
                    idle="/-/versions.json",
                )
            ),
        }
        results: dict = {}
        for pair, paths in pairs.items():
            urls = {name: running[name].url(paths[name.split(",")[0]]) for name in SERVERS}
            agreed = check(
                pair,
                json.loads(get(urls["ours, cache off"])),
                json.loads(get(urls["Datasette"])),
            )
            sizes = {name: len(get(url)) for name, url in urls.items()}
            samples: dict[str, list[dict]] = {name: [] for name in SERVERS}
            for name in SERVERS:
                load(urls[name], 1, 2)  # warm-up: imports, connections, caches
            for _ in range(runs):
                for name in SERVERS:  # alternating, so a noisy moment hits all three
                    running[name].drain()
                    before = running[name].cpu()
                    got = load(urls[name], seconds, connections)
                    running[name].drain()
                    got["cpu_ms"] = (running[name].cpu() - before) * 1000 / got["requests"]
                    samples[name].append(got)
            results[pair] = {
                "agreed": agreed,
                "servers": {
                    name: {
                        "path": paths[name.split(",")[0]],
                        "bytes": sizes[name],
                        "rps": statistics.median(s["rps"] for s in samples[name]),
                        "cpu_ms": statistics.median(s["cpu_ms"] for s in samples[name]),
                        "p50": statistics.median(s["p50"] for s in samples[name]),
                        "errors": sum(s["errors"] for s in samples[name]),
                    }
                    for name in SERVERS
                },
            }
    return {
        "rounds": count_rounds(path),
        "seconds": seconds,
        "runs": runs,
        "connections": connections,
        "workers": workers,
        "client": "wrk, 2 threads" if load is server.wrk else "Python's HTTP client (no wrk here)",
        "results": results,
    }


def table(measured: dict) -> str:
    rows = []
    for pair, result in measured["results"].items():
        for name, row in result["servers"].items():
            rows.append(
                (
                    pair,
                    name,
                    f"{row['rps']:.0f}",
                    f"{row['bytes']:,}",
                    f"{row['cpu_ms']:.2f}",
                    f"{row['p50']:.1f}",
                    row["errors"],
                )
            )
    return tables.markdown(
        ["request", "server", "req/s", "bytes/response", "CPU ms/request", "p50 ms", "non-2xx"],
        "llrrrrr",
        rows,
    )


def target_rows(measured: dict) -> list[dict]:
    """The issue's targets against Datasette, with the response cache on and off."""
    rows = []
    for cache in ("on", "off"):
        ours = f"ours, cache {cache}"
        for pair, result in measured["results"].items():
            us, them = result["servers"][ours], result["servers"]["Datasette"]
            if pair.startswith("rounds list"):
                ratio = them["cpu_ms"] / us["cpu_ms"]  # requests per CPU-second, ours over theirs
                name = "requests per CPU-second"
                detail = f"{us['cpu_ms']:.2f} vs {them['cpu_ms']:.2f} ms CPU a request"
                goal = 1.5
            else:
                ratio = us["rps"] / them["rps"]
                name = "req/s"
                detail = f"{us['rps']:.0f} vs {them['rps']:.0f} req/s"
                goal = 1.0
            ok = ratio >= goal and us["errors"] == them["errors"] == 0
            rows.append(
                {
                    "target": "6. against Datasette",
                    "name": f"{pair}, response cache {cache}: {name} against Datasette's",
                    "measured": f"{ratio:.2f}× ({detail})",
                    "goal": f"≥ {goal:.1f}×",
                    "met": ok,
                }
            )
    return rows


def report(measured: dict) -> str:
    """The measurement table, what each pair's two answers agreed on, and the requests."""
    lines = [
        f"{measured['rounds']:,} rounds in one SQLite file; each server gunicorn with "
        f"{measured['workers']} workers (ours sync, Datasette uvicorn), {measured['client']}, "
        f"{measured['connections']} connections, {measured['seconds']} s a run, median of "
        f"{measured['runs']} runs alternating between servers. Bytes are the response body; "
        "CPU is the server's processes' (master and workers) over a run and its drain.",
        "",
        table(measured),
        "",
    ]
    for pair, result in measured["results"].items():
        ours, theirs = (
            result["servers"][name]["path"] for name in ("ours, cache off", "Datasette")
        )
        if "?sql=" in theirs:
            theirs = theirs.split("?sql=")[0] + "?sql=SEARCH_SQL&word=…"
        lines.append(f"- {pair} ({result['agreed']}): ours `{ours}`, Datasette `{theirs}`")
    lines.append(f"- the search's SQL (`bench/peer.py`, SEARCH_SQL):\n\n```sql{SEARCH_SQL}```")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default=str(WORK), help="Where the file and the venv live.")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--word", default="fisheries", help="The search's word.")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--python-client",
        action="store_true",
        help="Load with Python's HTTP client where wrk is missing (a rough look only).",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None and not args.python_client:
        sys.exit("wrk is needed (Debian: apt-get install wrk), or --python-client for a rough look")
    measured = measure(
        Path(args.work),
        args.rounds,
        args.word,
        args.seconds,
        args.runs,
        args.connections,
        load=server.python_load if args.python_client else server.wrk,
    )
    print(report(measured))
    print()
    print(tables.targets(target_rows(measured)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
