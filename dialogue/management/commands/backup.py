"""Write the whole registry, history and accounts included, to a portable JSON file."""

import datetime
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

# The registry (its history included), and who made each change.
BACKED_UP = ["dialogue", "auth.user", "auth.group", "authtoken.token"]


class Command(BaseCommand):
    help = (
        "Dump the registry, its history, users, groups and API tokens as JSON that "
        "`manage.py restore` loads into an empty database on SQLite or PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="File to write (default: backups/registry-<UTC time>.json).",
        )

    def handle(self, *args, output: str | None, **options) -> None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(output or f"backups/registry-{stamp}.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        call_command(
            "dumpdata",
            *BACKED_UP,
            natural_foreign=True,
            natural_primary=True,  # groups and users by name: a fresh database has its own ids
            indent=1,
            output=str(path),
            verbosity=0,
        )
        self.stdout.write(str(path))
