"""Liveness for the container's probe, answered before host validation and the HTTPS redirect."""

from ..observability import healthz


class HealthCheckMiddleware:
    """Answers `GET /healthz` before host validation and the HTTPS redirect.

    The container's HEALTHCHECK asks `http://127.0.0.1:8000/healthz` from inside the container:
    that host is not in ALLOWED_HOSTS (400) and the request is plain HTTP (a 301 to https under
    SECURE_SSL_REDIRECT), so under the production settings it always failed. Liveness builds no
    URL from the Host header and says nothing but "ok", so it needs neither check. Every other
    address, /readyz included, goes through both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
