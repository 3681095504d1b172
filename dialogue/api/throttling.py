"""Rate limits: one count per request."""

from rest_framework.throttling import SimpleRateThrottle


class RequestRateThrottle(SimpleRateThrottle):
    """A signed-in user's requests counted by user (the `user` rate), anyone else's by address
    (the `anon` rate), with the same cache keys as DRF's UserRateThrottle and AnonRateThrottle.

    One class rather than those two, which counted each anonymous request twice (two reads and
    two writes of the shared cache per request)."""

    scope = "anon"

    def allow_request(self, request, view):
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if self.scope == "user" else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
