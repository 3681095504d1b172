"""The provenance worklist in-process: time and queries of a page, on the database at hand.

The worklist (`GET /api/v1/provenance/?unsupported=1`) answers from SQL and builds details for
the page's records only; this measures a page, in-process (Django's test client, no server), on
whatever database DATABASE_URL names, such as one `bench/run.py` or `manage.py generate_synthetic`
filled:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dialogue_bench_20000 \\
        python bench/worklist.py --runs 5

Prints one Markdown table row an address: records in the registry, median and slowest time,
queries, the count the page reports and the status (503: stopped by REQUEST_TIMEOUT; set
REQUEST_TIMEOUT=0 to time a request to its end). `{middle}` and `{last}` in an address are the
middle and the last page of 50 of the records with unsupported values (their stored flags
counted). The response cache is off (RESPONSE_CACHE=0), so each run computes its page.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDRESSES = [
    "/api/v1/provenance/?unsupported=1",
    "/api/v1/provenance/?unsupported=1&resource=round&page=2",
    "/api/v1/provenance/?unsupported=1&resource=round&source=1",
    "/api/v1/provenance/?unsupported=1&page={middle}",
    "/api/v1/provenance/?unsupported=1&page={last}",
    "/api/v1/provenance/?unsupported=1&page_size=37&page=3",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--no-warm", action="store_true", help="No unmeasured request first (for slow ones)."
    )
    parser.add_argument("addresses", nargs="*", default=ADDRESSES)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("THROTTLE_ANON", "100000000/minute")
    os.environ.setdefault("RESPONSE_CACHE", "0")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from dialogue import provenance
    from dialogue.models import Round

    client = Client(HTTP_HOST="127.0.0.1")
    rounds = Round.objects.count()
    flagged = sum(
        model._default_manager.filter(has_unsupported=True).count()
        for model in provenance.RESOURCES.values()
    )
    last = max(1, -(-flagged // 50))
    pages = {"middle": max(1, last // 2), "last": last}
    print("| address | rounds | vendor | median s | slowest s | queries | count | status |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    queries: list[str] = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    for address in (address.format(**pages) for address in args.addresses):
        if not args.no_warm:
            client.get(address)  # warm process-wide caches (content types)
        times = []
        for _ in range(args.runs):
            queries.clear()
            started = time.perf_counter()
            # Counted as run (Django's own query log keeps only the last 9,000).
            with connection.execute_wrapper(counted):
                response = client.get(address)
            times.append(time.perf_counter() - started)
        count = f"{response.json()['count']:,}" if response.status_code == 200 else "–"
        print(
            f"| `{address}` | {rounds:,} | {connection.vendor} | {statistics.median(times):.3f} "
            f"| {max(times):.3f} | {len(queries):,} | {count} | {response.status_code} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
