import atexit

from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.backends.signals import connection_created


class DialogueConfig(AppConfig):
    """The Dialogue Registry: mechanisms of bilateral dialogue, their rounds and sources."""

    name = "dialogue"
    verbose_name = "Dialogue Registry"

    def ready(self) -> None:
        from . import registry_version

        connection_created.connect(registry_version.install, dispatch_uid="registry-version")
        request_finished.connect(registry_version.flush, dispatch_uid="registry-version")
        atexit.register(registry_version.flush)
