"""Send the reads of anonymous GET and HEAD requests to a read replica (DATABASE_REPLICA_URL).

A replica lags the primary, so a request reads it only if it cannot be looking for something
that it, or its user, has just written. That is, all of:

- its method is GET or HEAD;
- it is not for the admin;
- it carries no credentials: no `Authorization` header (API tokens) and no session cookie (the
  admin, the browsable API). DRF authenticates tokens inside the view, after the first reads,
  so the header itself decides; and once a user is set on the request (by Django's
  AuthenticationMiddleware or by DRF), an authenticated one reads the primary too;
- it has written nothing yet: its first write sends the rest of its reads to the primary.

The database cache (`django_cache`: throttle counters and failed sign-ins when there is no
Redis) lives on the primary: its reads and writes go there, and its writes are not the
request's own, so counting an anonymous request does not send the rest of its reads to the
primary.

Everything else, and everything outside a request (management commands, the shell, the
response of a streamed export once the view has returned), reads the primary.

A replica that fails (it refuses connections, is gone, or a query on it raises a database
error) is not used for REPLICA_RETRY_AFTER seconds: the request that found it out answers 503
(`views.server_error`), the anonymous reads after it go to the primary, and then one request
tries the replica again (`reachability.Reachability`).
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import LazyObject, empty

from .reachability import Reachability

REPLICA = "replica"
PRIMARY = "default"
CACHE_APP_LABEL = "django_cache"  # django.core.cache.backends.db's table, as a model
REPLICA_RETRY_AFTER = 10.0
replica_reachability = Reachability(
    "The read replica", REPLICA_RETRY_AFTER, "anonymous reads go to the primary"
)


@dataclass
class RequestReads:
    """What decides where the current request's reads go."""

    request: HttpRequest
    anonymous_read: bool  # GET or HEAD, not the admin, no credentials; the replica in use
    wrote: bool = False

    def may_lag(self) -> bool:
        if self.wrote or not self.anonymous_read:
            return False
        user = self.request.__dict__.get("user")
        if user is None or (isinstance(user, LazyObject) and user._wrapped is empty):
            return True  # no one has authenticated it, and it carries no credentials
        return not user.is_authenticated


current: ContextVar[RequestReads | None] = ContextVar("current_request_reads", default=None)


def is_anonymous_read(request: HttpRequest) -> bool:
    """A GET or HEAD request, not for the admin, that carries no credentials."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    try:
        admin = reverse("admin:index")
    except NoReverseMatch:
        return True
    return not request.path_info.startswith(admin)


def reads_from_replica() -> bool:
    """Whether the current request's reads go to the replica (which may lag the primary)."""
    reads = current.get()
    return reads is not None and REPLICA in settings.DATABASES and reads.may_lag()


class ReadReplicaMiddleware:
    """Records the request, so the router can tell whether its reads may go to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The replica's presence first: without one (the default), nothing else is asked
        # (`is_anonymous_read` resolves the admin's address, on every request).
        may_read_replica = (
            REPLICA in settings.DATABASES
            and is_anonymous_read(request)
            and replica_reachability.may_try()
        )
        token = current.set(RequestReads(request, anonymous_read=may_read_replica))
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
            if may_read_replica and REPLICA in connections:
                note_replica(connections[REPLICA])


def note_replica(replica) -> None:
    """After a request that may have read the replica: a database error on it (Django marks its
    connection) takes it out of use for a while; a query it answered puts it back."""
    if replica.errors_occurred:
        replica_reachability.failed("a database error on its connection")
    elif replica.connection is not None:
        replica_reachability.answered()


class PrimaryReplicaRouter:
    """Anonymous reads from the replica (when there is one), everything else from the primary."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label == CACHE_APP_LABEL:
            return PRIMARY  # counters must be current, and the table is the primary's
        return REPLICA if reads_from_replica() else PRIMARY

    def db_for_write(self, model, **hints):
        if model._meta.app_label == CACHE_APP_LABEL:
            return PRIMARY  # a throttle's count: not something the request reads back
        reads = current.get()
        if reads is not None:
            reads.wrote = True  # from now on this request reads what it wrote
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
