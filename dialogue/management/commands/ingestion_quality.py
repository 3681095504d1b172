"""Measure the extraction on the seed release and on the test releases; write the report."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from dialogue.ingestion import quality


class Command(BaseCommand):
    help = (
        "Read the seed release and the releases in tests/data/releases/ as into a registry "
        "holding only the countries, compare the drafts with the rounds entered by hand, and "
        "write docs/ingestion-quality.md. Needs no database rows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "ingestion-quality.md"),
            help="Where to write the report (default: docs/ingestion-quality.md).",
        )

    def handle(self, *args, output: str, **options) -> None:
        seed = quality.compare(quality.seed_release(), quality.read(quality.seed_release()))
        own = quality.measure(quality.own_releases())
        Path(output).write_text(quality.report(seed, own) + "\n", encoding="utf-8")
        for result in [seed, *own]:
            shares = ", ".join(f"{name} {result.share(name):.2f}" for name in quality.TARGETS)
            self.stdout.write(f"{result.release}: {shares}")
        self.stdout.write(f"Wrote {output}")
