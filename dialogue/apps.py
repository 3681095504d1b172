import atexit

from django.apps import AppConfig
from django.core.signals import request_finished
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class DialogueConfig(AppConfig):
    """The Dialogue Registry: mechanisms of bilateral dialogue, their rounds and sources."""

    name = "dialogue"
    verbose_name = "Dialogue Registry"

    def ready(self) -> None:
        from . import registry_version

        connection_created.connect(registry_version.install, dispatch_uid="registry-version")
        request_finished.connect(registry_version.flush, dispatch_uid="registry-version")
        atexit.register(registry_version.flush)
        post_migrate.connect(restore_worklist_triggers, sender=self, dispatch_uid="worklist")


def restore_worklist_triggers(*, using: str, **kwargs) -> None:
    """After `migrate`: the worklist's counting triggers a rebuilt SQLite table lost, made again
    (dialogue/worklist_counts.py)."""
    from . import provenance, worklist_counts

    connection = connections[using]
    if "dialogue_worklistblock" not in connection.introspection.table_names():
        return  # migrated back before the counts existed (0016)
    worklist_counts.restore_lost_triggers(
        connection=connection,
        tables={kind: model._meta.db_table for kind, model in provenance.RESOURCES.items()},
    )
