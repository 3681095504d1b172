"""Which sentence says so: each value a record shows, with the citations that support it.

A citation supports the fields it names in `supports`; one that names none supports the record
as a whole (that it exists), not any particular value. A date is one claim: a citation naming
any of `start_date`, `end_date`, `date_precision` (or `established` and its precision, …)
supports all three. Positions and identifiers (`order`, `slug`) are not claims.
"""

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import (
    Citation,
    Document,
    Indicator,
    Mechanism,
    Organisation,
    Person,
    Place,
    Round,
    Source,
    Topic,
)
from .models.base import normalise_whitespace
from .models.sources import citable_fields
from .selectors import owned_relations

# The records the API lists, by resource name (the worklist's `resource` filter).
RESOURCES: dict[str, type[models.Model]] = {
    "place": Place,
    "person": Person,
    "organisation": Organisation,
    "topic": Topic,
    "mechanism": Mechanism,
    "round": Round,
    "document": Document,
    "indicator": Indicator,
}
NOT_CLAIMS = {"order", "slug"}
CLAIMS_TOGETHER = (
    {"start_date", "end_date", "date_precision"},
    {"established", "established_precision"},
    {"resumed", "resumed_precision"},
)


def claim_of(name: str) -> set[str]:
    """The fields that are one claim with `name` (a date and its precision)."""
    return next((group for group in CLAIMS_TOGETHER if name in group), {name})


def shown_value(instance: models.Model, name: str) -> Any:
    """A field's value as JSON shows it (related records by id; None when empty)."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        value: Any = sorted(related.pk for related in getattr(instance, name).all())
    else:
        value = getattr(instance, field.attname)  # type: ignore[union-attr]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value if value not in (None, "", []) else None


def claimed_fields(instance: models.Model) -> list[tuple[str, Any]]:
    """The record's non-empty values that are claims, in field order."""
    claims = []
    for name in citable_fields(type(instance)):
        if name in NOT_CLAIMS:
            continue
        value = shown_value(instance, name)
        group = claim_of(name)
        if value is None or (len(group) > 1 and name.endswith("precision")):
            # A precision is part of its date's claim: shown only when the date is.
            date = next(iter(sorted(group - {name})), None)
            if value is None or date is None or shown_value(instance, date) is None:
                continue
        claims.append((name, value))
    return claims


def describe_citation(citation: Citation) -> dict[str, Any]:
    return {
        "id": citation.pk,
        "source": citation.source_id,
        "quote": citation.quote,
        "supports": citation.supports,
        "basis": citation.basis,
        "note": citation.note,
    }


def record_provenance(instance: models.Model) -> dict[str, Any]:
    """Each claimed value of the record with the citations that support it; the values no
    citation supports (`unsupported`), its owned rows' included (`participants[0].role`)."""
    citations = list(instance.citations.all())  # type: ignore[attr-defined]
    fields = []
    unsupported = []
    for name, value in claimed_fields(instance):
        supporting = [c for c in citations if claim_of(name) & set(c.supports)]
        fields.append(
            {
                "field": name,
                "value": value,
                "citations": [describe_citation(c) for c in supporting],
            }
        )
        if not supporting:
            unsupported.append(name)
    rows: dict[str, list[dict[str, Any]]] = {}
    for relation, owned in owned_relations(type(instance)).items():
        if owned.model is Citation:
            continue
        rows[relation] = []
        for index, row in enumerate(getattr(instance, relation).all()):
            described = record_provenance(row)
            rows[relation].append(described)
            unsupported += [f"{relation}[{index}].{name}" for name in described["unsupported"]]
    return {
        "type": instance._meta.model_name,
        "id": instance.pk,
        "label": str(instance),
        "fields": fields,
        "record_citations": [describe_citation(c) for c in citations if not c.supports],
        "rows": rows,
        "unsupported": unsupported,
    }


def provenance_worklist(
    *, resources: Iterable[str], source: int | None, unsupported_only: bool
) -> list[dict[str, Any]]:
    """The records of these resources (citing `source`, when given), each with its
    unsupported values; only those with some when `unsupported_only`."""
    entries = []
    for resource in resources:
        model = RESOURCES[resource]
        records = model._default_manager.order_by("pk")
        if source is not None:
            cited = Citation.objects.filter(
                content_type=ContentType.objects.get_for_model(model), source_id=source
            ).values("object_id")
            records = records.filter(pk__in=cited)
        for record in records.prefetch_related("citations"):
            described = record_provenance(record)
            if described["unsupported"] or not unsupported_only:
                entries.append(
                    {
                        "resource": resource,
                        "id": record.pk,
                        "label": described["label"],
                        "unsupported": described["unsupported"],
                    }
                )
    return entries


# A sentence ends at . ! or ? followed by a space and a capital, a quote or a digit; not after
# an initial or a common abbreviation, nor inside a number (“18.3”).
SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bSt)[.!?](?=\s+[\"“A-Z0-9])"
)


PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences of a (whitespace-normalised) text."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end() + 1
    if start < len(text):
        spans.append((start, len(text)))
    return [(begin, end) for begin, end in spans if text[begin:end].strip()]


def text_sentences(text: str) -> tuple[str, list[tuple[int, int]]]:
    """A source's text with its whitespace collapsed (as quotes are matched against it), and
    the spans of its sentences in it. A blank line ends a sentence too: a heading has no full
    stop, and without this it would run into the first sentence of the body."""
    normalised, spans = "", []
    for paragraph in PARAGRAPH_BREAK.split(text):
        paragraph = normalise_whitespace(paragraph)
        if not paragraph:
            continue
        offset = len(normalised) + 1 if normalised else 0
        normalised = f"{normalised} {paragraph}" if normalised else paragraph
        spans += [(offset + begin, offset + end) for begin, end in sentences(paragraph)]
    return normalised, spans


def source_coverage(source: Source) -> list[dict[str, Any]]:
    """The source's text sentence by sentence, each with the records and fields citing it."""
    text, spans = text_sentences(source.text)
    found: list[list[dict[str, Any]]] = [[] for _ in spans]
    citations = Citation.objects.filter(source=source).select_related("content_type")
    for citation in citations.order_by("id"):
        quote = normalise_whitespace(citation.quote)
        at = text.find(quote) if quote else -1
        if at < 0:
            continue
        for index, (begin, end) in enumerate(spans):
            if at < end and at + len(quote) > begin:
                found[index].append(
                    {
                        "resource": citation.content_type.model,
                        "id": citation.object_id,
                        "citation": citation.pk,
                        "supports": citation.supports,
                        "basis": citation.basis,
                    }
                )
    return [
        {"index": index + 1, "text": text[begin:end], "cited_by": found[index]}
        for index, (begin, end) in enumerate(spans)
    ]
