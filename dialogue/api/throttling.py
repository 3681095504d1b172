"""Rate limits: one count per request, of constant size whatever the rate, counted by
`rate_limits.count_in_window` (shared with the admin's sign-in lockout)."""

import math
from typing import cast

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.utils.connection import ConnectionProxy
from rest_framework.throttling import SimpleRateThrottle

from ..rate_limits import count_in_window


class RequestRateThrottle(SimpleRateThrottle):
    """A signed-in user's requests counted by user (the `user` rate), anyone else's by address
    (the `anon` rate), in the shared cache under DRF's keys for those rates.

    DRF's throttles keep the time of every request in the window as one list, read and written
    whole on each request (at 700 requests a second under a lifted limit, 42,000 times each
    way), and its two classes counted each anonymous request twice. Here each window of the
    rate's duration keeps a count, and a request is refused when this window's count, plus the
    previous window's weighted by how much of it the last `duration` seconds still cover
    (rounded up), passes the rate: a sliding window, approximated, in one round trip to Redis.

    The counts are in the `rate_limits` cache: Redis, shared by every worker, with REDIS_URL;
    without it, this process's memory, so that counting a read writes nothing to the database.
    """

    scope = "anon"
    # A proxy, as django.core.cache.cache is: each thread uses its own connection.
    cache = cast(BaseCache, ConnectionProxy(caches, "rate_limits"))

    def allow_request(self, request, view):
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request, view)
        if self.num_requests is None or self.duration is None or self.key is None:
            return True
        duration = self.duration
        window, elapsed = divmod(self.timer(), duration)
        # Kept to the end of the next window, which weighs it.
        [current], [previous] = count_in_window(
            self.cache,
            [f"{self.key}:{int(window)}"],
            2 * duration - elapsed,
            read=[f"{self.key}:{int(window) - 1}"],
        )
        still_covered = math.ceil(previous * (1 - elapsed / duration))
        self.wait_seconds = max(1, math.ceil(duration - elapsed))
        return still_covered + current <= self.num_requests

    def get_cache_key(self, request, view):
        ident = request.user.pk if self.scope == "user" else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def wait(self):
        """Seconds until this window ends, when the count starts again."""
        return self.wait_seconds
