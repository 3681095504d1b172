"""Send reads to a read replica when one is configured (DATABASE_REPLICA_URL)."""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
# Reads of a request that writes stay on the primary, so they see their own writes.
reads_may_lag: ContextVar[bool] = ContextVar("reads_may_lag", default=False)


class ReadReplicaMiddleware:
    """Marks GET and HEAD requests as ones whose reads may go to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = reads_may_lag.set(request.method in ("GET", "HEAD", "OPTIONS"))
        try:
            return self.get_response(request)
        finally:
            reads_may_lag.reset(token)


class PrimaryReplicaRouter:
    """Reads of safe requests from the replica, everything else from the primary."""

    def db_for_read(self, model, **hints):
        if REPLICA in settings.DATABASES and reads_may_lag.get():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
