from django.apps import AppConfig
from django.db.backends.signals import connection_created


class DialogueConfig(AppConfig):
    """The Dialogue Registry: mechanisms of bilateral dialogue, their rounds and sources."""

    name = "dialogue"
    verbose_name = "Dialogue Registry"

    def ready(self) -> None:
        from . import registry_version

        connection_created.connect(registry_version.install, dispatch_uid="registry-version")
