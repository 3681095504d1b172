"""Counts in windows of time, kept in the shared cache: one count per request, of constant size
whatever the rate. The API's rate limits (`api.throttling`) and the admin's sign-in lockout
(`middleware`) count with `count_in_window`.
"""

import base64
import math
import pickle
from collections.abc import Sequence

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
from django.utils.connection import ConnectionProxy
from django.utils.timezone import now

from .shared_cache import SharedRedisCache


def count_in_window(
    cache: BaseCache, keys: Sequence[str], ends_in: float, read: Sequence[str] = ()
) -> tuple[list[int], list[int]]:
    """Adds one to the count at each of `keys` and reads the counts at `read` (0 where none);
    the new counts, and the counts read.

    Each key names one fixed window (its number is part of the key). A count is created to be
    kept `ends_in` seconds, to the end of its window (or of the window that weighs it), and no
    later count moves that end nor is lost to a concurrent one:

    - Redis: INCR (atomic, and keeps the expiry) and PEXPIRE to that same end, with the reads,
      in one round trip; while Redis cannot be used, in this process's memory (shared_cache);
    - the database cache: the count's row is locked while it is read and written, and its
      expiry left as it was. Django's incr() there is a get() then a set() with the cache's
      default timeout (300 s): two requests at once counted one, and each count moved the end
      to 5 minutes after it, which ended an hour's window after 5 minutes of quiet;
    - another cache: add() then incr() (atomic in local memory and memcached, whose incr()
      keeps the expiry); where incr() is Django's generic get() and set(), touch() puts the
      end back.
    """
    if isinstance(cache, ConnectionProxy):  # django.core.cache.cache: no isinstance() sees it
        cache = caches[cache._alias]
    if not keys and not read:
        return [], []
    if isinstance(cache, SharedRedisCache):
        shared = cache
        return shared.either(
            lambda: count_in_redis(shared, keys, ends_in, read),
            # Redis cannot be used now: counted in this process's memory meanwhile.
            lambda: count_in_window(shared.local, keys, ends_in, read),
        )
    if isinstance(cache, DatabaseCache):
        counts = count_in_database(cache, keys, ends_in)
    else:
        counts = []
        for key in keys:
            cache.add(key, 0, ends_in)
            try:
                counts.append(cache.incr(key))
            except ValueError:  # culled, or ended, between add() and incr()
                cache.set(key, 1, ends_in)
                counts.append(1)
            if type(cache).incr is BaseCache.incr:  # saved again with the default timeout
                cache.touch(key, ends_in)
    values = cache.get_many(list(read)) if read else {}
    return counts, [int(values.get(key) or 0) for key in read]


def count_in_redis(
    cache: RedisCache, keys: Sequence[str], ends_in: float, read: Sequence[str]
) -> tuple[list[int], list[int]]:
    # Django's RedisCache stores integers as plain numbers, so Redis can count them.
    made = [cache.make_and_validate_key(name) for name in [*keys, *read]]
    pipeline = cache._cache.get_client(made[0], write=True).pipeline()
    milliseconds = max(1, math.ceil(ends_in * 1000))
    for key in made[: len(keys)]:
        pipeline.incr(key)
        pipeline.pexpire(key, milliseconds)  # each time the same end: now + what remains
    for key in made[len(keys) :]:
        pipeline.get(key)
    results = pipeline.execute()
    counts = [int(count) for count in results[: 2 * len(keys) : 2]]
    return counts, [int(value or 0) for value in results[2 * len(keys) :]]


def count_in_database(cache: DatabaseCache, keys: Sequence[str], ends_in: float) -> list[int]:
    """The counts at `keys` plus one, each row locked from its read to its write."""
    db = router.db_for_write(cache.cache_model_class)
    connection = connections[db]
    quote_name = connection.ops.quote_name
    table = quote_name(cache.cache_model_class._meta.db_table)
    key_column = quote_name("cache_key")
    value_column, expires_column = quote_name("value"), quote_name("expires")
    lock = f"UPDATE {table} SET {value_column} = {value_column} WHERE {key_column} = %s"
    select = (
        f"SELECT {value_column} FROM {table} WHERE {key_column} = %s AND {expires_column} >= %s"
    )
    update = f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s"
    counts: dict[str, int] = {}
    with transaction.atomic(using=db), connection.cursor() as cursor:
        # Rows locked in one order, so that two requests never wait for each other.
        for key in sorted(set(keys)):
            made = cache.make_and_validate_key(key)
            # Locks the row, if there is one, to the transaction's end (PostgreSQL's row lock;
            # SQLite's write lock): a concurrent count waits here, then reads this one's.
            cursor.execute(lock, [made])
            if not cursor.rowcount:
                # No count yet: a row of 0 that ends when the count must (a concurrent add()
                # waits for the first to commit, then finds its row), then locked.
                cache.add(key, 0, ends_in)
                cursor.execute(lock, [made])
            cursor.execute(select, [made, connection.ops.adapt_datetimefield_value(now())])
            row = cursor.fetchone()
            if row is None:  # its end has passed, or it was culled: a new count
                cache.set(key, 1, ends_in)
                counts[key] = 1
                continue
            stored = connection.ops.process_clob(row[0])
            counts[key] = pickle.loads(base64.b64decode(stored.encode())) + 1
            # Written as the database cache writes a value; the expiry is left as it was.
            pickled = pickle.dumps(counts[key], cache.pickle_protocol)
            cursor.execute(update, [base64.b64encode(pickled).decode("latin1"), made])
    return [counts[key] for key in keys]
