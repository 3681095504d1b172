"""The application's routes, plus /bench/ceiling/ and /bench/constant/."""

from django.urls import path

from config.urls import handler404, handler500, urlpatterns

from .views import ceiling, constant

urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("bench/constant/", constant),
    *urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
