"""The registry's version: a token that changes whenever any of its data does.

Cached API responses are keyed by it (api/cache.py), so a write makes every cached response
unreachable at once: no response has to be found and evicted.

Writes are seen where they all pass, the database connection: a wrapper on every connection
(installed in apps.py) watches for INSERT, UPDATE, DELETE and TRUNCATE, whatever issued them
(the API, the admin, imports, ingestion, `seed`, `restore`, a migration, raw SQL). Two parts
make the token:

- a shared part, the one row of `RegistryVersion` in the database, replaced by a new random
  value once each writing transaction commits, so every worker sees the write (a write outside
  a transaction, as commands and migrations make, is shared when its request or command ends,
  or when this process next reads the version). Reading it is one SELECT of one row, and a read
  never writes it: the row is made by its migration, and made again by the next write if a
  flush of every table removed it (meanwhile nothing is cached). In the database rather than
  in the default cache: on the default install that cache is a table too, whose entry a read
  had to create when it was missing and a cull could drop, and on Redis the version was lost
  while Redis was down, and nothing was cached. Random, not counted: a count would start again
  at 1 after the row was removed, and a number seen before could come back.
- a local part, this process's count of write statements, so the writing process never
  reuses a response cached before its own write, even inside a transaction that has not
  committed yet (the test suite's, or the request's own).

A response read after the token is taken is at least as new as the token, so caching it under
that token never serves stale data to a request that starts after a write has answered.
"""

import itertools
import logging
import re
import uuid

from django.db import DatabaseError, connections, router, transaction

from .models import RegistryVersion

logger = logging.getLogger(__name__)

WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")
# The statement's verb and the (first) table it writes, quoted or not.
WRITTEN_TABLE = re.compile(
    r"\s*(?P<verb>INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE)"
    r'\s+(?:TABLE\s+)?"?(?P<table>\w+)"?',
    re.IGNORECASE,
)
# Tables that are not registry data: the database cache (failed sign-ins), sessions, and the
# version itself (its own bump is no write to watch).
IGNORED_TABLES = ("dialogue_cache", "django_session", RegistryVersion._meta.db_table)
ROW = 1  # the primary key of the version's one row

_local_writes = itertools.count(1)
_local_version = 0
# A write made outside a transaction (a command's, a migration's) whose shared bump waits for a
# safe moment: not inside the statement's own execution, on the connection mid-operation.
_pending = False
_warned = False


def read_shared() -> str | None:
    """The shared part, from the primary (None when its row is missing): one SELECT, written
    as SQL because it runs on every cached read and the ORM's query building costs more than
    the read itself."""
    table = RegistryVersion._meta.db_table
    connection = connections[router.db_for_write(RegistryVersion)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {connection.ops.quote_name(table)} WHERE id = %s", [ROW])
        row = cursor.fetchone()
    return row[0] if row else None


def current() -> str | None:
    """The registry's version now, or None when it cannot be read (then nothing is cached)."""
    flush()
    try:
        shared = read_shared()
    except DatabaseError:
        if connections[router.db_for_write(RegistryVersion)].connection is None:
            # The database cannot be reached: the request fails now (a 503), instead of
            # waiting for a second connection attempt to read its data.
            raise
        # The table not made yet (migrate): no caching, not a failed read.
        logger.exception("The registry version could not be read; responses are not cached.")
        return None
    if shared is None:
        return None
    return f"{shared}.{_local_version}"


def bump_shared() -> None:
    """Give the registry a new shared version (after a write has committed); if it cannot be
    written, try again at the next safe moment rather than fail the write."""
    global _pending, _warned
    database = router.db_for_write(RegistryVersion)
    versions = RegistryVersion.objects.using(database)
    token = uuid.uuid4().hex
    try:
        if not versions.filter(pk=ROW).update(token=token):
            # Its row was removed (a flush of every table). Two writers making it at once: the
            # one left is still made after both writes committed.
            versions.bulk_create([RegistryVersion(pk=ROW, token=token)], ignore_conflicts=True)
    # The table not made yet (migrate), or a database this moment may not use (the end of a
    # request that used none, where a test framework refuses it): shared at the next moment.
    except Exception as error:
        _pending = True
        if not _warned:
            _warned = True
            logger.warning("The registry version could not be shared yet: %s", error)


def flush(**kwargs) -> None:
    """Share a bump that waited (at the end of a request, before reading the version, and
    when the process exits)."""
    global _pending
    if _pending:
        _pending = False
        bump_shared()


def is_write(sql: str) -> bool:
    """Whether a statement changes registry data (rather than reading it, or writing a count
    of failed sign-ins, a session or the version itself).

    By the table it writes, not by any table it names: a flush's TRUNCATE of every table names
    the cache's table too, and on PostgreSQL it was taken for a write of the cache alone."""
    written = WRITTEN_TABLE.match(sql)
    if written is None:
        return sql.lstrip()[:8].upper().startswith(WRITES)  # written in a form not read here
    if written["verb"].upper().startswith("TRUNCATE"):
        return True
    return written["table"] not in IGNORED_TABLES


def watch_writes(execute, sql, params, many, context):
    """A connection's execute wrapper: run the statement, then, if it wrote, change the
    version: at once in this process, and for every process once its transaction commits."""
    result = execute(sql, params, many, context)
    if is_write(sql):
        global _local_version, _pending
        _local_version = next(_local_writes)
        connection = context["connection"]
        if not connection.in_atomic_block:
            _pending = True
        elif not any(callback is bump_shared for _, callback, _ in connection.run_on_commit):
            transaction.on_commit(bump_shared, using=connection.alias)
    return result


def install(connection, **kwargs) -> None:
    """Watch the writes of a new database connection (the `connection_created` signal)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)
