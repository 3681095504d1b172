"""Render the tables of docs/seed-audit.md from the registry (run it on a freshly seeded one).

The document's hand-written sections stay as they are; what lies between the markers
`<!-- seed_audit: begin -->` and `<!-- seed_audit: end -->` is generated: the release sentence by
sentence with the records citing each, and every inferred or external value with its reason.
`--write` rewrites the file; without it the document is printed. tests/seed/test_seed_provenance.py
checks that the committed document is what the seed gives.
"""

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dialogue.models import Citation, Source
from dialogue.provenance import shown_value, source_coverage
from dialogue.records import citable, owner

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "seed-audit.md"
BEGIN = "<!-- seed_audit: begin -->"
END = "<!-- seed_audit: end -->"
RELEASE = 1
# The document lists the citations of these kinds of record first (with their rows': their
# other names), as it was first written, then the others' in the registry's order.
LISTED_FIRST = ("organisation", "person", "place")
# The release's sentences that state no fact (its title, the Ministry's assessments and
# positions), by their opening words.
NOT_FACTS = {
    "Comment by the Information and Press Department on the third round": "heading",
    "Russian-Japanese relations are in the phase of active development.": "assessment",
    "This initiative will promote a positive image of Russia and Japan": "forecast",
    "We are satisfied with the invigorated Russian-Japanese security interaction.": "assessment",
    "A key task in the context of bilateral interaction is strengthening trade": "position",
    "We think it important to continue the intensive work": "position",
    "We think it important that joint projects bring tangible benefits": "position",
}
# Its factual sentences that name nothing the registry records, so cite nothing (issue 21: a
# mechanism made up for one, “Russia–Japan expert formats”, was removed).
NO_RECORDS = {
    "Experts in numerous formats have been discussing": "names no format, body or meeting",
}


def cell(value: object, limit: int = 0) -> str:
    text = " ".join(str(value).split()).replace("|", "\\|")
    return f"{text[: limit - 1]}…" if limit and len(text) > limit else text


def not_fact(text: str) -> str:
    return next((kind for start, kind in NOT_FACTS.items() if text.startswith(start)), "")


def no_record(text: str) -> str:
    return next((why for start, why in NO_RECORDS.items() if text.startswith(start)), "")


def record_order() -> list[str]:
    """The citable kinds of record in the order the document lists their citations."""

    def rank(name: str) -> int:
        return LISTED_FIRST.index(name) if name in LISTED_FIRST else len(LISTED_FIRST)

    kinds = sorted(citable(), key=lambda model: rank(str((owner(model) or model)._meta.model_name)))
    return [str(model._meta.model_name) for model in kinds]


def generated() -> str:
    """The generated part of the document, from the registry's citations."""
    order = record_order()
    citations = sorted(
        Citation.objects.select_related("content_type", "source"),
        key=lambda c: (order.index(c.content_type.model), c.object_id, c.pk),
    )
    bases = Counter(citation.basis for citation in citations)
    sentences = source_coverage(Source.objects.get(pk=RELEASE))
    uncited = [s for s in sentences if not s["cited_by"]]
    factual_uncited = [s for s in uncited if not not_fact(s["text"]) and not no_record(s["text"])]
    references = Source.objects.exclude(pk=RELEASE).order_by("pk")
    lines = [
        BEGIN,
        "",
        f"**Citations: {len(citations)}** ({bases['stated']} stated, {bases['inferred']} "
        f"inferred, {bases['external']} external). **Sentences: {len(sentences)}**, "
        f"{len(sentences) - len(NOT_FACTS)} of them factual; "
        f"{len(sentences) - len(uncited)} are cited, and "
        f"{len(factual_uncited)} factual sentence{'s' if len(factual_uncited) != 1 else ''} "
        f"not, besides {len(NO_RECORDS)} that name{'' if len(NO_RECORDS) != 1 else 's'} no "
        "record.",
        "",
        "### Sentences",
        "",
        "| # | Sentence | Fact? | Cited by (record: citation ids) |",
        "|---|---|---|---|",
    ]
    for sentence in sentences:
        by_record: dict[str, list[str]] = {}
        for entry in sentence["cited_by"]:
            label = f"{entry['resource']} {entry['id']}"
            by_record.setdefault(label, []).append(str(entry["citation"]))
        cited = "; ".join(f"{label}: {', '.join(ids)}" for label, ids in by_record.items())
        kind = not_fact(sentence["text"])
        fact = f"no ({kind})" if kind else "yes"
        if why := no_record(sentence["text"]):
            fact = f"yes; {why}"
        lines.append(
            f"| S{sentence['index']} | {cell(sentence['text'], 160)} | {fact} | {cited or '—'} |"
        )
    lines += [
        "",
        "### Inferred and external values",
        "",
        "One row per value that the release does not state in so many words: `inferred` (the "
        "analyst's reading of the quoted passage; the note says why) or `external` (from the "
        "reference cited; the note says where to look).",
        "",
        "| Record | Field | Value | Basis | Citation | Quote or reference | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for citation in citations:
        if citation.basis == "stated":
            continue
        record = citation.record
        if record is None:
            continue
        for name in citation.supports:
            value = shown_value(record, name)
            where = (
                cell(citation.quote, 90)
                if citation.basis == "inferred"
                else f"source {citation.source_id}"
            )
            lines.append(
                f"| {citation.content_type.model} {citation.object_id} | {name} | "
                f"{cell(value, 60)} | {citation.basis} | {citation.pk} | {where} | "
                f"{cell(citation.note)} |"
            )
    lines += [
        "",
        "### Reference sources",
        "",
        "| Source | Title | Page |",
        "|---|---|---|",
        *(f"| {s.pk} | {cell(s.title)} | {s.page_url} |" for s in references),
        "",
        END,
    ]
    return "\n".join(lines)


def render(document: str) -> str:
    """The document with its generated part replaced by the registry's."""
    if BEGIN not in document or END not in document:
        raise CommandError(f"{DOCUMENT} has no {BEGIN} … {END} markers.")
    head, rest = document.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + generated() + tail


class Command(BaseCommand):
    help = (
        "Render the generated tables of docs/seed-audit.md (the release sentence by sentence, "
        "every inferred or external value) from the registry; run it on a freshly seeded one. "
        "--write rewrites the file, otherwise the document is printed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--write", action="store_true", help=f"Rewrite {DOCUMENT}.")

    def handle(self, *args, **options) -> None:
        document = render(DOCUMENT.read_text(encoding="utf-8"))
        if options["write"]:
            DOCUMENT.write_text(document, encoding="utf-8")
            self.stdout.write(f"Wrote {DOCUMENT}")
        else:
            self.stdout.write(document, ending="")
