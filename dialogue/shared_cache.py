"""The shared cache on Redis, optional at run time: an unreachable Redis costs speed, not service.

Redis holds only what can be done without: the counts of rate limits and failed sign-ins
(rate_limits.py). Yet with REDIS_URL set and Redis stopped every read answered 500 (the
throttle's count raised ConnectionError), and a Redis that accepted connections and never
answered held each request for seconds (redis-py's default timeout is 5 s).

`SharedRedisCache` is Django's RedisCache that, when Redis fails (refuses, times out, or answers
an error), answers from this process's memory instead, for every operation:

- each attempt is bounded by the socket timeouts given in OPTIONS (`socket_connect_timeout`,
  `socket_timeout`, passed to redis-py's connection pool, which retries nothing by default);
- after a failure, Redis is not tried again for `RETRY_AFTER` seconds (an option of this
  backend), so a dead Redis is not paid for on every request; then one call tries it, and if it
  answers, every call uses it again;
- meanwhile the counts are kept per process (a LocMemCache). The registry's version, which must
  be the same in every process, is in the database (registry_version.py), so responses are
  cached and kept fresh as before.

Going down and coming back are logged once each per process.
"""

import re
import threading
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from .reachability import Reachability

T = TypeVar("T")

DEFAULT_RETRY_AFTER = 10.0
# Counts of many clients may be kept in memory while Redis is down (LocMemCache's default: 300).
FALLBACK_MAX_ENTRIES = 10_000


_reachability: dict[str, Reachability] = {}
_reachability_lock = threading.Lock()


def reachability_of(location: str | list[str], retry_after: float) -> Reachability:
    """The Reachability of the servers of a LOCATION (by host and port: no password logged)."""
    servers = re.split("[;,]", location) if isinstance(location, str) else location
    where = ",".join(f"{urlsplit(url).hostname}:{urlsplit(url).port or 6379}" for url in servers)
    with _reachability_lock:
        reachability = _reachability.setdefault(
            where,
            Reachability(
                f"Redis at {where}",
                retry_after,
                "rate limits and sign-in failures are counted per process until it answers",
            ),
        )
    reachability.retry_after = retry_after
    return reachability


class SharedRedisCache(RedisCache):
    """RedisCache answering from this process's memory while Redis cannot be used."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        super().__init__(server, {**params, "OPTIONS": options})
        self.reachability = reachability_of(server, retry_after)
        self.local = LocMemCache(
            f"shared-cache-fallback:{self.reachability.what}",
            {**params, "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}},
        )

    def either(self, on_redis: Callable[[], T], instead: Callable[[], T]) -> T:
        """`on_redis()`, or `instead()` if Redis fails or is in its back-off."""
        if not self.reachability.may_try():
            return instead()
        try:
            result = on_redis()
        except redis.RedisError as error:
            self.reachability.failed(error)
            return instead()
        self.reachability.answered()
        return result

    def ping(self) -> bool:
        """Whether Redis answers (not tried during the back-off)."""
        return self.either(lambda: bool(self._cache.get_client(write=True).ping()), lambda: False)


def _either(name: str) -> Callable[..., Any]:
    def method(self: SharedRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self.either(
            lambda: getattr(RedisCache, name)(self, *args, **kwargs),
            lambda: getattr(self.local, name)(*args, **kwargs),
        )

    method.__name__ = name
    return method


# Every operation Django's RedisCache sends to Redis; BaseCache builds the others on them.
for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(SharedRedisCache, _name, _either(_name))
