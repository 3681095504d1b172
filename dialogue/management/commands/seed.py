"""Load the seed fixtures, then record each seeded record's first version in its history."""

import io

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

SEED_FIXTURES = ["release-2018-07-30"]


class Command(BaseCommand):
    help = (
        "Load the seed (fixtures/release-2018-07-30.yaml). Running it again changes nothing; "
        "each seeded record gets one first version in its history."
    )

    def handle(self, *args, **options) -> None:
        # Loading sets many-to-many links, which would each write a history row.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", *SEED_FIXTURES, verbosity=options["verbosity"])
        # On a second run every model has history already; its notes about that are noise.
        call_command("populate_history", auto=True, verbosity=0, stderr=io.StringIO())
