"""Load a backup written by `manage.py backup` into an empty registry."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from dialogue.models import Mechanism, Person, Source


class Command(BaseCommand):
    help = (
        "Load a JSON backup into a migrated database whose registry is empty (no mechanisms, "
        "people or sources), keeping every id and the whole history. Runs in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `manage.py backup`.")

    def handle(self, *args, file: str, **options) -> None:
        if any(model.objects.exists() for model in (Mechanism, Person, Source)):
            raise CommandError(
                "The registry is not empty; restore into a fresh database (migrate it first)."
            )
        # The backup holds the history; loading must not write more of it.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", file, verbosity=0)
        self.stdout.write(f"Restored {file}.")
