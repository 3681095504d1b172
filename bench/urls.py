"""The application's routes, plus /bench/ceiling/."""

from django.urls import path

from config.urls import handler404, handler500, urlpatterns

from .views import ceiling

urlpatterns = [path("bench/ceiling/", ceiling), *urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
