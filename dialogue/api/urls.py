"""Routes of /api/v1/."""

from django.urls import path, re_path
from rest_framework import routers
from rest_framework.reverse import reverse

from . import ingestion, views


class RegistryRootView(routers.APIRootView):
    """The API's resources, and its summaries (stats, timeline, a country pair), as URLs."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for name in ("stats", "timeline", "history", "provenance"):
            response.data[name] = reverse(name, request=request)
        response.data["dyads"] = reverse("dyad", kwargs={"pair": "RU-JP"}, request=request)
        response.data["drafts"] = reverse("draft-list", request=request)
        return response


class RegistryRouter(routers.DefaultRouter):
    APIRootView = RegistryRootView


router = RegistryRouter()
router.register("countries", views.CountryViewSet)
router.register("places", views.PlaceViewSet)
router.register("people", views.PersonViewSet)
router.register("organisations", views.OrganisationViewSet)
router.register("mechanisms", views.MechanismViewSet)
router.register("rounds", views.RoundViewSet)
router.register("documents", views.DocumentViewSet)
router.register("indicators", views.IndicatorViewSet)
router.register("topics", views.TopicViewSet)
router.register("sources", views.SourceViewSet)

# Drafts (reviewed ingestion) are not records of the registry: routed apart from `router`,
# whose every resource has a seed record as its documented example.
drafts_router = routers.SimpleRouter()
drafts_router.register("drafts", ingestion.DraftViewSet)

urlpatterns = [
    re_path(r"^dyads/(?P<pair>[A-Za-z]{2}-[A-Za-z]{2})/$", views.DyadView.as_view(), name="dyad"),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("history/", views.HistoryView.as_view(), name="history"),
    path("provenance/", views.ProvenanceView.as_view(), name="provenance"),
    path("sources/<int:pk>/drafts/", ingestion.SourceDraftsView.as_view(), name="source-drafts"),
    *drafts_router.urls,
    *router.urls,
]
