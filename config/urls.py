"""Top-level routes: the pages for people, the API, its documentation, and the admin."""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from dialogue.api.exceptions import unrouted
from dialogue.docs import redoc_bundle_view
from dialogue.middleware.throttling import throttled
from dialogue.observability import healthz, readyz
from dialogue.views import dyad_page, dyads_page, front_page, timeline_page

REDOC_POLICY: dict[str, Any] = dict(settings.SECURE_CSP)
REDOC_POLICY["worker-src"] = [CSP.SELF, "blob:"]

# The API's views, the schema and the docs included, are throttled by DRF; the timeline page
# is a plain Django view, given the same limits and counters.
urlpatterns = [
    path("api/v1/", include("dialogue.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from its own address (`?script`), so
    # the page runs no inline script and the Content-Security-Policy needs no exception.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema", template_name="dialogue/swagger_ui.html"
        ),
        name="swagger-ui",
    ),
    # Redoc runs its search in a worker it makes from a blob: URL. Its bundle is served by
    # dialogue.docs, without the one image it fetched from another host (the Redocly logo).
    path("api/redoc/redoc.standalone.js", redoc_bundle_view, name="redoc-bundle"),
    path(
        "api/redoc/",
        csp_override(REDOC_POLICY)(
            SpectacularRedocView.as_view(url_name="schema", template_name="dialogue/redoc.html")
        ),
        name="redoc",
    ),
    path("", throttled(front_page), name="front-page"),
    path("timeline/", throttled(timeline_page), name="timeline-page"),
    path("dyads/", throttled(dyads_page), name="dyads-page"),
    re_path(r"^dyads/(?P<pair>[A-Za-z]{2}-[A-Za-z]{2})/$", throttled(dyad_page), name="dyad-page"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
    # Last: whatever else is under /api/ is a JSON 404, DEBUG or not.
    re_path(r"^api/", unrouted),
]

handler404 = "dialogue.api.exceptions.not_found"
handler500 = "dialogue.api.exceptions.server_error"
