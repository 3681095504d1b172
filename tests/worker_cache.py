"""The shared cache of one pytest-xdist worker, on the Redis database the workers share.

`make test` runs the suite in several processes at once (pytest-xdist). With REDIS_URL they all
use its one database: each keeps its keys under a prefix of its own (config/settings/test.py),
and clearing the cache, which the tests do between counts, deletes only those keys. Django's
`clear()` empties the whole database (FLUSHDB): the other worker's throttle counts and registry
version would vanish in the middle of its test.
"""

from dialogue.shared_cache import SharedRedisCache


class WorkerRedisCache(SharedRedisCache):
    """SharedRedisCache whose `clear()` deletes this worker's keys (its KEY_PREFIX) only."""

    def clear(self) -> bool:
        def on_redis() -> bool:
            client = self._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
            return True

        return self.either(on_redis, self.local.clear)
