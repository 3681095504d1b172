"""Cached reads: a GET is answered from the cache while the registry is unchanged.

A rendered response is kept under the registry's version (dialogue/registry_version.py), the
request's address, host, media type, user and day, so any write makes every earlier response
unreachable at once, in every worker, and nothing has to be evicted by hand. Each cached
response has an ETag; `If-None-Match` with it gets a 304 without running the view.

Reads that go to a replica (DATABASE_REPLICA_URL) are not cached: a replica lags, and what it
gives may be older than the version it would be kept under.

Authentication, permissions, throttling and content negotiation run before the cache is read
(the view's `initial`), so a cached answer is given only to a request that would be allowed it.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils import timezone
from rest_framework.response import Response

from .. import registry_version
from ..routers import reads_from_replica

# Headers a view sets that belong to the response itself; the middleware's are set again on
# each request (request id, security headers, cookies).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "ETag", "Allow", "Vary", "Link")
KEPT_PREFIX = "X-"


def parse_etags(header: str) -> list[str]:
    """The entity tags of an If-Match or If-None-Match header (weak tags compared as strong)."""
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def body_etag(content: bytes) -> str:
    """An ETag naming exactly these bytes."""
    return f'"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'


def response_key(view, request) -> str | None:
    """The cache key of a read, or None when it is not to be cached."""
    if not settings.RESPONSE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return None
    if reads_from_replica():
        # A lagging replica could give data older than the version: kept under it, they
        # would outlive the write.
        return None
    version = registry_version.current()
    if version is None:
        return None
    user = request.user.pk if request.user.is_authenticated else ""
    # The day (as the rounds' `overdue` reads it), because answers read today's date.
    parts = (
        version,
        str(timezone.localdate()),
        request.scheme,
        request.get_host(),
        request.accepted_media_type,
        str(user),
        cache_path(view, request),
        # The view and its arguments too: a view called directly (api_examples) is given
        # any path.
        type(view).__qualname__,
        str(getattr(view, "action", "")),
        repr(sorted(view.kwargs.items())),
    )
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()
    return f"response:{digest}"


def cache_path(view, request) -> str:
    """The request's path and query, as the view's paginator keys it if it has a say: a page
    size is keyed as the size used (`?page_size=37` as `?page_size=50`, the same answer)."""
    keyed = getattr(getattr(view, "paginator", None), "cache_path", None)
    return keyed(request) if keyed is not None else request.get_full_path()


def not_modified(request, etag: str) -> bool:
    return etag in parse_etags(request.headers.get("If-None-Match", ""))


class AnsweredFromCache(Exception):
    """Raised by `CachedReads.initial` with the stored answer, so the view's own work is
    skipped: DRF's `dispatch` sends what `initial` raises to `handle_exception`."""

    def __init__(self, response: HttpResponseBase) -> None:
        super().__init__()
        self.response = response


class CachedReads:
    """A mixin for API views: GET and HEAD answered from the cache while the registry is
    unchanged, with an ETag on every 200 and a 304 for `If-None-Match`."""

    response_cache_key: str | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self.response_cache_key = response_key(self, request)
        if self.response_cache_key is None:
            return
        stored = caches["responses"].get(self.response_cache_key)
        if stored is not None:
            raise AnsweredFromCache(stored_response(request, stored))

    def handle_exception(self, exc):
        if isinstance(exc, AnsweredFromCache):
            return exc.response
        return super().handle_exception(exc)  # type: ignore[misc]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if isinstance(response, Response) and response.status_code == 200:
            response.add_post_render_callback(self.tag_and_store(request))
        return response

    def tag_and_store(self, request) -> Callable[[HttpResponseBase], HttpResponseBase]:
        key = self.response_cache_key

        def callback(response: HttpResponseBase) -> HttpResponseBase:
            if response.streaming:
                return response
            content = response.content  # type: ignore[attr-defined]
            if not response.has_header("ETag"):
                response["ETag"] = body_etag(content)
            if key is not None and len(content) <= settings.RESPONSE_CACHE_MAX_BYTES:
                headers = [
                    (name, value)
                    for name, value in response.items()
                    if name in KEPT_HEADERS or name.startswith(KEPT_PREFIX)
                ]
                caches["responses"].set(key, (content, headers))
                response["X-Cache"] = "miss"
            if not_modified(request, response["ETag"]):
                return HttpResponseNotModified(headers={"ETag": response["ETag"]})
            return response

        return callback


def stored_response(request, stored: tuple[bytes, list[tuple[str, str]]]) -> HttpResponseBase:
    content, headers = stored
    etag = dict(headers)["ETag"]
    if not_modified(request, etag):
        return HttpResponseNotModified(headers={"ETag": etag})
    response = HttpResponse(content, headers=dict(headers))
    response["X-Cache"] = "hit"
    return response
