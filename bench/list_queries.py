"""Data queries of every list at two page sizes (issue 24, target 5): the statements of the
second request to each address, the overhead (the registry's version, the database cache,
sessions, transaction control) left out. Run with the response cache off:

    DATABASE_URL=sqlite:////tmp/registry.sqlite3 RESPONSE_CACHE=0 python bench/list_queries.py
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LISTS = (
    "countries",
    "places",
    "people",
    "organisations",
    "mechanisms",
    "rounds",
    "documents",
    "indicators",
    "topics",
    "sources",
    "provenance",
)
SIZES = (50, 500)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("THROTTLE_ANON", "100000000/minute")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests import queries  # what a statement is: overhead, a write (one definition)

    client = Client(HTTP_HOST="localhost")
    found: dict[str, list[dict[str, int]]] = {}
    for name in LISTS:
        for size in SIZES:
            path = f"/api/v1/{name}/?page_size={size}"
            client.get(path)  # process-wide caches (content types) warm
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            data = [
                query["sql"]
                for query in captured.captured_queries
                if not queries.is_overhead(query["sql"])
            ]
            found.setdefault(name, []).append(
                {"rows": len(response.json()["results"]), "queries": len(data)}
            )
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
