"""The texts the registry's records are taken from."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import Truncator

from ..choices import CitationBasis, SourceKind
from ..dates import validate_date_in_range
from ..history import RegistryHistory
from ..validators import (
    validate_language_tag,
    validate_language_tags,
    validate_one_line,
    validate_text,
)
from .actors import Organisation
from .base import ConstraintErrorsByField, TimestampedModel, normalise_whitespace

__all__ = ("WORKLIST_BLOCK", "Citation", "Source", "WorklistBlock")


class Source(TimestampedModel):
    """A published text, such as a ministry's press release, that records cite."""

    title = models.CharField(
        max_length=500, validators=[validate_one_line], help_text="Title as published."
    )
    kind = models.CharField(
        max_length=20,
        choices=SourceKind.choices,
        default=SourceKind.PRESS_RELEASE,
        help_text="What sort of text it is.",
    )
    publisher = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
        help_text="The body that published it.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="When it was published, with its time zone (ISO 8601). Years 1000 to 2999.",
    )
    published_timezone = models.CharField(
        max_length=50,
        blank=True,
        validators=[validate_one_line],
        help_text="The time zone the publisher dated it in (IANA name, such as Europe/Moscow).",
    )
    page_url = models.URLField(
        max_length=1000,
        blank=True,
        validators=[validate_one_line],
        help_text="The web page it was published on.",
    )
    language = models.CharField(
        max_length=10,
        validators=[validate_one_line, validate_language_tag],
        help_text="Language tag of the text held here, such as `en-GB`.",
    )
    available_languages = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_language_tags],
        help_text='Language tags of every version the publisher offers, such as ["en-GB", '
        '"ru-RU"].',
    )
    text = models.TextField(
        blank=True,
        validators=[validate_text],
        help_text="The text, cleaned of page debris (menus, language switchers); citations' "
        "quotes are checked against it.",
    )
    note = models.TextField(
        blank=True, validators=[validate_text], help_text="How the text was obtained and cleaned."
    )
    history = RegistryHistory()

    class Meta:
        ordering = ["-published_at", "title"]

    def __str__(self) -> str:
        return self.title


# Fields a citation cannot be said to support: the registry sets them, not the sources.
UNCITABLE_FIELDS = {"id", "created", "updated", "has_unsupported"}


def citable_fields(model: type[models.Model]) -> list[str]:
    """The names of a record's fields that a citation may support (`supports`)."""
    return [
        f.name
        for f in (*model._meta.concrete_fields, *model._meta.many_to_many)
        if f.name not in UNCITABLE_FIELDS
        and not f.primary_key
        and not (
            f.many_to_one
            and f.remote_field is not None
            and f.remote_field.on_delete is models.CASCADE
        )
    ]


class Citation(ConstraintErrorsByField):
    """A passage of a source that supports a record of any kind, or some of its fields."""

    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The kind of record cited for.",
    )
    object_id = models.PositiveBigIntegerField(help_text="The id of the record cited for.")
    record = GenericForeignKey("content_type", "object_id")
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
        help_text="The source that says so (for an `external` citation, the reference).",
    )
    quote = models.TextField(
        blank=True,
        validators=[validate_text],
        help_text="The passage, copied word for word from the source's text (checked when the "
        "source has text). Needed unless the basis is `external`.",
    )
    date_phrase = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_one_line],
        help_text="The date as the source writes it, when the record's date was resolved from "
        "it (“In April of this year”); it appears in the quote.",
    )
    resolved_against = models.DateField(
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="The date a relative phrase was resolved against, usually the source's "
        "publication date (“this year” in a release of 2018-07-30 is 2018). Years 1000 to 2999.",
    )
    note = models.TextField(
        blank=True,
        validators=[validate_text],
        help_text="How the record was read from the passage; needed when the basis is `inferred`.",
    )
    supports = models.JSONField(
        default=list,
        blank=True,
        help_text="The names of the record's fields this passage supports, such as "
        '["start_date", "city"]; empty means the record as a whole.',
    )
    basis = models.CharField(
        max_length=10,
        choices=CitationBasis.choices,
        default=CitationBasis.STATED,
        help_text="`stated`: the quote says it; `inferred`: the analyst's reading of the quote "
        "(the note says why); `external`: knowledge from another source, such as an official "
        "website or a reference work (the quote may be empty).",
    )
    history = RegistryHistory()

    # A row written without its id is the stored row quoting the same passage of the same source.
    child_key = ("source", "quote")

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="dialogue_citation_record")
        ]

    def __str__(self) -> str:
        # Whole words: a label never cuts a word in two.
        quote = Truncator(self.quote).words(10, truncate="…")
        return f"{self.source}: “{quote}”" if self.quote else str(self.source)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        source = getattr(self, "source", None)
        quote = normalise_whitespace(self.quote)
        text = normalise_whitespace(source.text) if source is not None else ""
        if text and quote and quote not in text:
            errors["quote"] = "The quote does not appear word for word in the source's text."
        if not quote and self.basis != CitationBasis.EXTERNAL:
            errors["quote"] = "Quote the passage; only an `external` citation may have none."
        if self.basis == CitationBasis.INFERRED and not self.note.strip():
            errors["note"] = "Say how the record was inferred from the passage."
        if self.date_phrase and quote and normalise_whitespace(self.date_phrase) not in quote:
            errors["date_phrase"] = "The date phrase is not in the quote."
        if self.resolved_against is not None and not self.date_phrase:
            errors["date_phrase"] = (
                "Give the phrase, as written, that was resolved against this date."
            )
        if message := self.supports_error():
            errors["supports"] = message
        if errors:
            raise ValidationError(errors)

    def supports_error(self) -> str | None:
        """Why `supports` is not a list of the cited record's fields; None when it is."""
        if not isinstance(self.supports, list) or not all(
            isinstance(name, str) for name in self.supports
        ):
            return "Give a list of field names."
        model = self.content_type.model_class() if self.content_type_id else None
        if model is None:
            return None
        allowed = citable_fields(model)
        unknown = sorted(set(self.supports) - set(allowed))
        if unknown:
            return (
                f"Not fields of a {model._meta.verbose_name}: {', '.join(unknown)}. "
                f"Choose from: {', '.join(allowed)}."
            )
        if len(set(self.supports)) != len(self.supports):
            return "A field is named twice."
        return None


# The ids a row of WorklistBlock counts: a block is `id // WORKLIST_BLOCK`. Migration 0016's
# triggers divide by the same number (written there as a literal, as a migration must not change
# when this does).
WORKLIST_BLOCK = 1000


class WorklistBlock(models.Model):
    """How many records of one kind, in one block of 1,000 ids, have unsupported values: the
    provenance worklist finds the n-th of them from these counts instead of walking an index.

    Kept by database triggers on each kind's table (migration 0016), so every write counts,
    however it is made (the services, `loaddata`, a cascade, plain SQL). Derived data: not in a
    backup, and `restore` counts again from what it loaded."""

    kind = models.CharField(
        max_length=40,
        validators=[validate_one_line],
        help_text="The kind of record, as the worklist's `resource` names it.",
    )
    block = models.IntegerField(
        help_text=f"The block of ids counted: ids from block × {WORKLIST_BLOCK} to the next."
    )
    records = models.IntegerField(
        help_text="How many records of the kind in the block have `has_unsupported` set."
    )

    class Meta:
        default_permissions = ()  # written by the database alone: nobody's to edit, no role's
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "block"],
                name="worklistblock_kind_block_unique",
                violation_error_message="A kind of record has one count a block.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} block {self.block}: {self.records}"
