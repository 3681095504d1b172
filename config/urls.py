"""Top-level routes: the API, its documentation, and the admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from dialogue.observability import healthz, readyz
from dialogue.views import timeline_page

urlpatterns = [
    path("api/v1/", include("dialogue.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="dialogue/redoc.html"),
        name="redoc",
    ),
    path("timeline/", timeline_page, name="timeline-page"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
]

handler404 = "dialogue.api.exceptions.not_found"
handler500 = "dialogue.api.exceptions.server_error"
