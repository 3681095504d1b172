"""Request ids, one structured log line per request, and health checks for the orchestrator."""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.core.cache import caches
from django.db import DatabaseError, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse

from .routers import REPLICA
from .shared_cache import SharedRedisCache

REQUEST_ID_HEADER = "X-Request-ID"
# A client's id is echoed only if it is short and plain; anything else gets a fresh one.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

request_id: ContextVar[str] = ContextVar("request_id", default="-")
logger = logging.getLogger("dialogue.requests")


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class RequestIdMiddleware:
    """Gives each request an id (the client's X-Request-ID, or a new one), echoes it back in
    the response, and logs one line per request with its method, path, status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        token = request_id.set(given if VALID_REQUEST_ID.match(given) else uuid.uuid4().hex)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id.get()
            user = getattr(request, "user", None)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            logger.info(
                "%s %s %s %sms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user": user.get_username() if user and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id.reset(token)


def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and serving."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Ready for traffic: the database answers and every migration is applied (503 if not).

    The optional dependencies, Redis and a read replica, are reported as "up" or "degraded"
    under `dependencies` without failing the check: without Redis every request is served,
    more slowly (shared_cache.py); without a replica its reads go to the primary after the
    first failure (routers.py), and taking this container out of the pool would not help
    (every container reads the same one).
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else f"{len(pending)} not applied"
    except Exception as error:  # any failure means "not ready", with the reason
        checks["database"] = f"unavailable: {type(error).__name__}"
    ready = all(value == "ok" for value in checks.values()) and len(checks) == 2
    dependencies = optional_dependencies()
    if not ready:
        status = "unavailable"
    else:
        status = "ok" if all(value == "up" for value in dependencies.values()) else "degraded"
    return JsonResponse(
        {"status": status, "checks": checks, "dependencies": dependencies},
        status=200 if ready else 503,
    )


def optional_dependencies() -> dict[str, str]:
    """Redis and the replica, each if configured: "up" or "degraded"."""
    dependencies = {}
    shared = caches["default"]
    if isinstance(shared, SharedRedisCache):
        dependencies["redis"] = "up" if shared.ping() else "degraded"
    if REPLICA in connections:
        try:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("SELECT 1")
            dependencies["replica"] = "up"
        except DatabaseError:
            dependencies["replica"] = "degraded"
    return dependencies
