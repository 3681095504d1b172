"""Measure the extraction on a corpus of releases (its test set, its development set and the
seed release); write the report."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dialogue.ingestion import quality


class Command(BaseCommand):
    help = (
        "Read the releases of CORPUS (its test/ and dev/ folders) and the seed release as into "
        "a registry holding only the countries, compare the drafts with the records entered by "
        "hand, count the unsafe drafts of each read into a registry holding the seed (loaded "
        "and rolled back: the database must hold no mechanism or person), and write "
        "docs/ingestion-quality.md. `make ingestion-quality` runs it on a scratch database "
        "with the project's corpus, tests/data/releases."
    )

    def add_arguments(self, parser):
        parser.add_argument("corpus", help="The corpus's folder, holding test/ and dev/.")
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "ingestion-quality.md"),
            help="Where to write the report (default: docs/ingestion-quality.md).",
        )

    def handle(self, *args, corpus: str, output: str, **options) -> None:
        try:
            seed, dev, test = quality.evaluate(Path(corpus))
        except ValueError as error:
            raise CommandError(str(error)) from error
        Path(output).write_text(quality.report(seed, dev, test) + "\n", encoding="utf-8")
        for name, results in (("test set", test), ("development set", [seed, *dev])):
            together = quality.total(results)
            shares = ", ".join(f"{key} {together.share(key):.2f}" for key in quality.TARGETS)
            self.stdout.write(f"{name}: {shares}, unsafe {len(together.unsafe)}")
        self.stdout.write(f"Wrote {output}")
