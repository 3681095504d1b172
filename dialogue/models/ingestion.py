"""Drafts: records proposed by reading a source's text, waiting for an analyst's review."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..dates import validate_date_in_range
from ..history import RegistryHistory
from ..validators import validate_one_line
from .base import TimestampedModel
from .sources import Source

__all__ = ("Draft", "DraftStatus", "DraftType")


class DraftType(models.TextChoices):
    """The kind of record a draft proposes (the API's resource names)."""

    MECHANISM = "mechanism", "Mechanism"
    ROUND = "round", "Round"
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    PLACE = "place", "Place"
    DOCUMENT = "document", "Document"
    INDICATOR = "indicator", "Indicator"


class DraftStatus(models.TextChoices):
    """Where a draft stands in review."""

    PROPOSED = "proposed", "Proposed (awaiting review)"
    ACCEPTED = "accepted", "Accepted (written to the registry)"
    REJECTED = "rejected", "Rejected"


class Draft(TimestampedModel):
    """A record proposed from a source's text: its fields in the resource's write payload, the
    sentences they come from, and how sure the extraction is."""

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="drafts",
        help_text="The source whose text the draft was read from.",
    )
    type = models.CharField(
        max_length=20, choices=DraftType.choices, help_text="The kind of record proposed."
    )
    target = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="The id of the existing record (of `type`) the draft matches and would "
        "update; null when it proposes a new record.",
    )
    target_version = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_one_line],
        help_text="The target's version (ETag) when the draft was made: accepting is refused "
        "when the target changed since.",
    )
    fields = models.JSONField(
        default=dict,
        blank=True,
        help_text="The record's fields, named and shaped as the resource's write payload; a "
        'reference to another draft is {"draft": <id>}.',
    )
    citations = models.JSONField(
        default=list,
        blank=True,
        help_text="The passages the fields come from, as the resource's `sources` (quote, "
        "date_phrase, resolved_against, supports, basis, note).",
    )
    confidence = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="How sure the extraction is, from 0 to 1.",
    )
    status = models.CharField(
        max_length=10,
        choices=DraftStatus.choices,
        default=DraftStatus.PROPOSED,
        help_text="`proposed`, `accepted` or `rejected`.",
    )
    record = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="The id of the record made or updated when the draft was accepted.",
    )
    notes = models.JSONField(
        default=list,
        blank=True,
        help_text="What the extraction could not settle, such as a date left unresolved.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The analyst who accepted or rejected it.",
    )
    reviewed_at = models.DateTimeField(
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="When it was accepted or rejected. Years 1000 to 2999.",
    )
    history = RegistryHistory()

    # A proposal for a record, not one: its versions are kept, but the registry's lists of
    # records (the history of changes, the provenance worklist) leave it out.
    is_record = False

    class Meta:
        ordering = ["source", "id"]
        indexes = [models.Index(fields=["source", "status"], name="dialogue_draft_source")]

    def __str__(self) -> str:
        label = self.fields.get("name") or self.fields.get("title") or ""
        if not label and self.type == DraftType.ROUND:
            label = " ".join(
                str(self.fields.get(name) or "") for name in ("number", "start_date", "city")
            ).strip()
        return f"Draft {self.pk} ({self.type}{': ' + str(label) if label else ''})"
