"""Build the gazetteer's index of GeoNames' cities (dialogue/gazetteer.py), so that no request
waits for it: `make` and the image run it. Does nothing when the index is current."""

from django.core.management.base import BaseCommand

from dialogue import gazetteer


class Command(BaseCommand):
    help = "Build the gazetteer's index of cities (GAZETTEER_INDEX) if it is missing or stale."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Build it even if current.")

    def handle(self, *args, force: bool = False, **options):
        path = gazetteer.index_path()
        if not force and gazetteer.index_is_current(path):
            self.stdout.write(f"The gazetteer's index is current: {path}")
            return
        gazetteer.build_index(path)
        self.stdout.write(f"Built the gazetteer's index: {path}")
