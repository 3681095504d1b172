"""The registry's version: a token that changes whenever any of its data does.

Cached API responses are keyed by it (api/cache.py), so a write makes every cached response
unreachable at once: no response has to be found and evicted.

Writes are seen where they all pass, the database connection: a wrapper on every connection
(installed in apps.py) watches for INSERT, UPDATE, DELETE and TRUNCATE, whatever issued them
(the API, the admin, imports, ingestion, `seed`, `restore`, a migration, raw SQL). Two parts
make the token:

- a shared part, in the default cache (Redis or the database), replaced by a new random value
  once each writing transaction commits, so every worker sees the write (a write outside a
  transaction, as commands and migrations make, is shared when its request or command ends,
  or when this process next reads the version; one made while Redis cannot be used, when Redis
  is back: meanwhile there is no version, and nothing is cached). Random, not counted:
  two writers incrementing at once could both write the same next number, and a cache that
  evicted the key could go back to an old value; a fresh random value can be neither.
- a local part, this process's count of write statements, so the writing process never
  reuses a response cached before its own write, even inside a transaction that has not
  committed yet (the test suite's, or the request's own).

A response read after the token is taken is at least as new as the token, so caching it under
that token never serves stale data to a request that starts after a write has answered.
"""

import itertools
import logging
import uuid

from django.core.cache import cache
from django.db import transaction

from . import shared_cache

logger = logging.getLogger(__name__)

SHARED_KEY = "registry-version"
WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")
# Tables written by reads: throttle counters and sessions live in the database cache.
IGNORED_TABLES = ("dialogue_cache", "django_session")

_local_writes = itertools.count(1)
_local_version = 0
# A write made outside a transaction (a command's, a migration's) whose shared bump waits for a
# safe moment: not inside the statement's own execution, where a database cache would write on
# the same connection mid-operation.
_pending = False
_warned = False


def current() -> str | None:
    """The registry's version now, or None when the shared cache cannot be read."""
    flush()
    try:
        shared = cache.get(SHARED_KEY)
        if shared is None:
            cache.add(SHARED_KEY, uuid.uuid4().hex, timeout=None)
            shared = cache.get(SHARED_KEY)
    except Exception:  # an unreachable cache means no caching, not a failed read
        logger.exception("The registry version could not be read; responses are not cached.")
        return None
    # A version from this process's memory, while Redis is down, is not seen by the others:
    # a response kept under it would outlive their writes.
    if shared is None or shared_cache.degraded(cache):
        return None
    return f"{shared}.{_local_version}"


def bump_shared() -> None:
    """Give the registry a new shared version (after a write has committed); if the cache
    cannot be written, try again at the next safe moment rather than fail the write."""
    global _pending, _warned
    try:
        cache.set(SHARED_KEY, uuid.uuid4().hex, timeout=None)
    except Exception as error:  # the cache table not made yet (migrate)
        _pending = True
        if not _warned:
            _warned = True
            logger.warning("The registry version could not be shared yet: %s", error)
        return
    if shared_cache.degraded(cache):  # set in this process's memory only: shared once it is back
        _pending = True


def flush(**kwargs) -> None:
    """Share a bump that waited (at the end of a request, before reading the version, and
    when the process exits)."""
    global _pending
    if _pending:
        _pending = False
        bump_shared()


def is_write(sql: str) -> bool:
    """Whether a statement changes registry data (rather than reading it, or writing a
    throttle counter or a session)."""
    head = sql.lstrip()[:8].upper()
    return head.startswith(WRITES) and not any(table in sql for table in IGNORED_TABLES)


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
