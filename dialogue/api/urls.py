"""Routes of /api/v1/."""

from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
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

urlpatterns = router.urls
