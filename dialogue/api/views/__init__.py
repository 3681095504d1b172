"""The API's views, by domain: what every viewset shares (`base`), the registry's records
(`records`), sources and provenance (`sources`), the summaries (`summaries`) and history
(`history`)."""

from .history import HistoryView
from .records import (
    CountryViewSet,
    DocumentViewSet,
    IndicatorViewSet,
    MechanismViewSet,
    OrganisationViewSet,
    PersonViewSet,
    PlaceViewSet,
    RoundViewSet,
    TopicViewSet,
)
from .sources import ProvenanceView, SourceViewSet
from .summaries import DyadView, StatsView, TimelineView

__all__ = [
    "CountryViewSet",
    "DocumentViewSet",
    "DyadView",
    "HistoryView",
    "IndicatorViewSet",
    "MechanismViewSet",
    "OrganisationViewSet",
    "PersonViewSet",
    "PlaceViewSet",
    "ProvenanceView",
    "RoundViewSet",
    "SourceViewSet",
    "StatsView",
    "TimelineView",
    "TopicViewSet",
]
