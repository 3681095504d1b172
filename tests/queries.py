"""What a request's SQL statements are: its data's reads, or the overhead every request pays
(the registry's version, the database cache, sessions, transaction control)."""

import contextlib
from collections.abc import Iterator

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogue.models import RegistryVersion

# Tables a request touches whatever data it reads.
OVERHEAD_TABLES = ("dialogue_cache", "django_session", RegistryVersion._meta.db_table)
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE", "BEGIN IMMEDIATE", "SAVEPOINT")


def head(sql: str) -> str:
    return " ".join(sql.split()[:2]).upper()


def is_overhead(sql: str) -> bool:
    return head(sql).startswith(TRANSACTION_CONTROL) or any(
        table in sql for table in OVERHEAD_TABLES
    )


def writes(sql: str) -> bool:
    return head(sql).startswith(WRITES)


@contextlib.contextmanager
def data_queries(expected: int) -> Iterator[CaptureQueriesContext]:
    """Asserts that the block runs `expected` statements besides the overhead."""
    with CaptureQueriesContext(connection) as captured:
        yield captured
    data = [query["sql"] for query in captured.captured_queries if not is_overhead(query["sql"])]
    assert len(data) == expected, f"{len(data)} data queries, not {expected}:\n" + "\n".join(data)
