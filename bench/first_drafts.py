"""The first drafts request of a new process, and the next ones (issue 21: within 1 s cold,
0.3 s warm for the seed release); and a bulk write of the limit's worth of full rounds
(issue 25: well within production's 20 s deadline).

A fresh process migrates a temporary SQLite registry, loads the seed, and then times
`POST /api/v1/sources/1/drafts/` through Django's test client: the first request (the
gazetteer's index opened, the registry's lexicon read), then `--repeats` more. The gazetteer's
index is built first (`manage.py gazetteer_index`), as `make` and the image do.

    python bench/first_drafts.py [--rounds 200000]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROCESS = """
import json, statistics, sys, time
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from dialogue.models import Source
from tests.factories import UserFactory, analyst_permissions

call_command("migrate", verbosity=0)
call_command("loaddata", "release-2018-07-30", verbosity=0)
if int(sys.argv[2]):
    call_command("generate_synthetic", rounds=int(sys.argv[2]), verbosity=0)
user = UserFactory(permissions=analyst_permissions())
# What a gunicorn worker does when it starts (config/wsgi.py), timed apart from the requests.
started = time.perf_counter()
from dialogue.startup import warm_up
warm_up()
start_up = time.perf_counter() - started
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
source = Source.objects.get(pk=1)
words = len(source.text.split())
times = []
for _ in range(1 + int(sys.argv[1])):
    start = time.perf_counter()
    response = client.post(f"/api/v1/sources/{source.pk}/drafts/", content_type="application/json")
    times.append(time.perf_counter() - start)
    assert response.status_code == 201, response.content[:300]
from dialogue.api import examples
from dialogue.api.views.records import BULK_LIMIT
[example] = examples.for_resource("round")["request"]
items = [{**example.value, "number": 100 + n} for n in range(BULK_LIMIT)]
start = time.perf_counter()
response = client.post("/api/v1/rounds/bulk/", json.dumps(items), content_type="application/json")
bulk = time.perf_counter() - start
assert response.status_code == 201, response.content[:300]
print(json.dumps({"words": words, "start_up": start_up, "first": times[0],
                  "warm": statistics.median(times[1:]), "bulk": bulk, "bulk_items": BULK_LIMIT}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--rounds",
        type=int,
        default=0,
        help="Synthetic rounds added to the seed first (issue 21: no slower at 1,000,000).",
    )
    args = parser.parse_args()
    python = sys.executable
    subprocess.run([python, "manage.py", "gazetteer_index"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        }
        env.pop("REDIS_URL", None)
        done = subprocess.run(
            [python, "-c", PROCESS, str(args.repeats), str(args.rounds)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"seed release ({result['words']} words), registry of the seed"
        f"{f' and {args.rounds:,} synthetic rounds' if args.rounds else ''}: "
        f"a worker's start-up (dialogue/startup.py) {result['start_up']:.2f} s, then its "
        f"first drafts request "
        f"{result['first']:.2f} s (target ≤ 1 s); warm median {result['warm']:.2f} s "
        f"(target ≤ 0.3 s)"
    )
    print(
        f"bulk write of {result['bulk_items']} full rounds (the seed's example): "
        f"{result['bulk']:.2f} s (production's deadline 20 s)"
    )


if __name__ == "__main__":
    main()
