"""Write the whole registry, history and accounts included, to a portable JSON file."""

import datetime
import os
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

# The registry (its history included), and who made each change.
BACKED_UP = ["dialogue", "auth.user", "auth.group", "authtoken.token"]
# Derived from the rest and kept by the database (the worklist's counts a block of ids, by
# triggers): a restore counts them again as it loads the records. The registry's version and the
# API's answers kept for retries of a day (IdempotentRequest): operational, not the registry's.
NOT_BACKED_UP = ["dialogue.worklistblock", "dialogue.registryversion", "dialogue.idempotentrequest"]
# JSON with timestamps to the microsecond (dialogue/serializers_json.py); `loaddata` reads it
# as `json`, so a restore dumps back byte for byte.
FORMAT = "json_exact"


def create_owner_only(path: Path) -> None:
    """Create `path` (or empty it) readable and writable by its owner only, before any secret
    is written to it; its directory, if it has to be created, is the owner's only too."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a file that already existed keeps its mode otherwise
    finally:
        os.close(fd)


class Command(BaseCommand):
    help = (
        "Dump the registry, its history, users, groups and API tokens as JSON that "
        "`manage.py restore` loads into an empty database on SQLite or PostgreSQL. The file "
        "holds password hashes and tokens: it is created readable by its owner only (0600)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="File to write (default: backups/registry-<UTC time>.json).",
        )

    def handle(self, *args, output: str | None, **options) -> None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(output or f"backups/registry-{stamp}.json")
        create_owner_only(path)
        call_command(
            "dumpdata",
            *BACKED_UP,
            exclude=NOT_BACKED_UP,
            format=FORMAT,
            natural_foreign=True,
            natural_primary=True,  # groups and users by name: a fresh database has its own ids
            indent=1,
            output=str(path),  # opened for writing, it keeps the mode it was created with
            verbosity=0,
        )
        self.stdout.write(str(path))
