"""Abstract building blocks shared by the registry's models."""

import re
from collections.abc import Collection
from functools import cached_property
from typing import Any

from django.contrib.contenttypes.fields import (
    GenericRelation,
    ReverseGenericManyToOneDescriptor,
    create_generic_related_manager,
)
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, models, router
from django.db.models import F, Q
from django.utils import timezone

from ..choices import DatePrecision, NameKind
from ..dates import derive_end_date, validate_date_in_range, validate_date_span
from ..history import RegistryHistory
from ..validators import validate_language_code, validate_one_line

__all__ = (
    "ConstraintErrorsByField",
    "DatedModel",
    "HierarchicalModel",
    "OtherNameBase",
    "TimestampedModel",
    "Today",
    "cited",
    "normalise_whitespace",
    "part_of",
    "unsupported_flag",
    "unsupported_index",
)

# Check constraints, by the end of their name, and the field each one's message is about.
CHECK_CONSTRAINT_FIELDS = {
    "_end_after_start": "end_date",
    "_end_with_start": "end_date",
    "_month_starts_on_first": "start_date",
    "_year_starts_on_first": "start_date",
    "_resumed_after_established": "resumed",
    "_not_own_parent": "parent",
    "_number_positive": "number",
    "_quantity_positive": "quantity",
}


def part_of(help_text: str) -> models.ForeignKey:
    """The record of the same kind this one is part of (a `HierarchicalModel`'s `parent`).

    A field of each model, not of the base, so that it keeps its place among the model's
    fields (which orders `supports` and the provenance of values) and its own help text.
    """
    return models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=help_text,
    )


class CitationsDescriptor(ReverseGenericManyToOneDescriptor):
    """A record's `citations` manager, which defers its filter until a query needs it, as
    Django's reverse foreign keys do: prefetching a page's citations built one filtered query
    per record, a quarter of the time of a page of places."""

    @cached_property
    def related_manager_cls(self):
        base = create_generic_related_manager(self.rel.model._default_manager.__class__, self.rel)

        class CitationsManager(base):  # type: ignore[valid-type, misc]
            def _apply_rel_filters(self, queryset):
                db = self._db or router.db_for_read(self.model, instance=self.instance)
                queryset = queryset.using(db)
                queryset._defer_next_filter = True
                return queryset.filter(**self.core_filters)

        return CitationsManager


class CitationsRelation(GenericRelation):
    """GenericRelation, with the deferring manager above."""

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False, **kwargs: Any
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only, **kwargs)
        setattr(cls, self.name, CitationsDescriptor(self.remote_field))  # type: ignore[arg-type]


def cited() -> GenericRelation:
    """The citations of a record: this one line makes a model citable."""
    return CitationsRelation(
        "dialogue.Citation",
        help_text="Passages of sources that support this record, or some of its fields.",
    )


def unsupported_flag() -> models.BooleanField:
    """Whether the record, or a row it owns, holds a value that no citation supports: the
    provenance worklist (`?unsupported=1`) reads it from an index instead of checking every
    record's citations. A field of each cited record that is no row of another; set by every
    write through `dialogue.writes` (and by the commands that write past them) from
    `provenance.unsupported_condition`, the one rule. True until first set: a record written
    some other way is listed, not hidden."""
    return models.BooleanField(
        default=True,
        editable=False,
        help_text="Whether a value of the record, or of a row it owns, is supported by no "
        "citation (the provenance worklist); set on every write.",
    )


def unsupported_index(model_name: str) -> models.Index:
    """The records with unsupported values, in id order: the worklist's page is read off it."""
    return models.Index(
        fields=["id"], condition=Q(has_unsupported=True), name=f"{model_name}_unsupported"
    )


def is_cited(model: type[models.Model]) -> bool:
    """Whether the model's records take citations (it has `cited()`)."""
    return any(
        isinstance(field, GenericRelation) and field.name == "citations"
        for field in model._meta.private_fields
    )


def constraint_field(constraint: models.BaseConstraint) -> str:
    """The field a constraint's violation is reported under (the last one of a unique set)."""
    if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
        return constraint.fields[-1]
    return next(
        (field for end, field in CHECK_CONSTRAINT_FIELDS.items() if constraint.name.endswith(end)),
        NON_FIELD_ERRORS,
    )


class ConstraintErrorsByField(models.Model):
    """A record whose violated constraints are reported under the field they concern.

    Django reports most constraint violations as errors of the whole record; the API and the
    admin should name the field (`number`, `end_date`) instead.
    """

    class Meta:
        abstract = True

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        using = router.db_for_write(type(self), instance=self)
        errors: dict[str, list[ValidationError]] = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=set(exclude or ()), using=using)
                except ValidationError as error:
                    errors.setdefault(constraint_field(constraint), []).append(error)
        if errors:
            raise ValidationError(errors)


class TimestampedModel(ConstraintErrorsByField):
    """A record that remembers when it was created and last changed."""

    created = models.DateTimeField(
        auto_now_add=True, help_text="When the record was created in the registry."
    )
    updated = models.DateTimeField(
        auto_now=True, help_text="When the record was last changed in the registry."
    )

    class Meta:
        abstract = True


class HierarchicalModel(TimestampedModel):
    """A record that may be part of another of its kind (a committee of a chamber), never of
    itself or of its own parts; each subclass declares `parent = part_of("…")`."""

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message="A record cannot be part of itself.",
            )
        ]

    def clean(self) -> None:
        """Refuse a parent that is the record itself or one of the record's own parts."""
        super().clean()
        seen: set[int] = set()
        ancestor = getattr(self, "parent", None)
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "A record cannot be part of itself."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class DatedQuerySet(models.QuerySet):
    """Dated records, whose `dates(field, "year" | "month")` (the admin's date hierarchy) skips
    from one year or month to the next through the field's index (PostgreSQL), rather than
    reading every row: at a million rounds the years took 0.26 s to list, as one pass over
    all of them; this reads one index entry a year (one query)."""

    def dates(self, field_name, kind, order="ASC"):
        field = self.model._meta.get_field(field_name)
        if (
            kind not in ("year", "month")
            or connections[self.db].vendor != "postgresql"
            or isinstance(field, models.DateTimeField)
            or not isinstance(field, models.DateField)
        ):
            return super().dates(field_name, kind, order)
        values = self.order_by().values_list(field_name, flat=True)
        sql, params = values.query.sql_with_params()
        step = f"1 {kind}"
        query = (
            "WITH RECURSIVE found(day) AS ("
            f"SELECT min(f.d) FROM ({sql}) AS f(d) "
            "UNION ALL "
            f"SELECT (SELECT min(f.d) FROM ({sql}) AS f(d) "
            "WHERE f.d >= (date_trunc(%s, found.day) + %s::interval)::date) "
            "FROM found WHERE found.day IS NOT NULL) "
            "SELECT date_trunc(%s, day)::date FROM found WHERE day IS NOT NULL "
            f"ORDER BY 1 {'DESC' if order == 'DESC' else 'ASC'}"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(query, [*params, *params, kind, step, kind])
            return [row[0] for row in cursor.fetchall()]


class Today(models.Expression):
    """Today's date in the current time zone (`timezone.localdate`), read when the query is
    compiled: a queryset made once (a viewset's, at import) still says today's date tomorrow,
    and a test can move the day by moving `timezone.localdate`."""

    output_field = models.DateField()

    def as_sql(self, compiler, connection):
        return "%s", [self.output_field.get_db_prep_value(timezone.localdate(), connection)]


class DatedModel(TimestampedModel):
    """A record dated by a span and a precision, such as "April 2018" or "24–26 May 2018"."""

    start_date = models.DateField(
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="First day the record covers (ISO 8601). For a month-precision date, "
        "the first of the month. Years 1000 to 2999.",
    )
    end_date = models.DateField(
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="Last day the record covers, inclusive (ISO 8601). Derived from the start "
        "date and the precision when omitted: the last day of the month or year, or the "
        "start date itself. Years 1000 to 2999.",
    )
    date_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date the source states: `day`, `within` (some day in the "
        "range), `month` (“in April”) or `year`.",
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")) | Q(end_date__isnull=True),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True, end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__isnull=False),
                name="%(app_label)s_%(class)s_end_with_start",
                violation_error_message="A dated record has both a start and an end date.",
            ),
            models.CheckConstraint(
                condition=~Q(date_precision=DatePrecision.MONTH) | Q(start_date__day=1),
                name="%(app_label)s_%(class)s_month_starts_on_first",
                violation_error_message="A month-precision date starts on the first of the month.",
            ),
            models.CheckConstraint(
                condition=~Q(date_precision=DatePrecision.YEAR)
                | Q(start_date__day=1, start_date__month=1),
                name="%(app_label)s_%(class)s_year_starts_on_first",
                violation_error_message="A year-precision date starts on 1 January.",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.start_date is not None and self.end_date is None:
            self.end_date = derive_end_date(self.start_date, self.date_precision)
        validate_date_span(self.start_date, self.end_date, self.date_precision)


class OtherNameBase(ConstraintErrorsByField):
    """A further name of a record, in a language and, where it matters, as one side uses it."""

    name = models.CharField(
        max_length=300,
        validators=[validate_one_line],
        help_text="The name as written, in its own script.",
    )
    language = models.CharField(
        max_length=2,
        validators=[validate_one_line, validate_language_code],
        help_text="ISO 639-1 code of the name's language, such as `ru` or `ja`.",
    )
    kind = models.CharField(
        max_length=20,
        choices=NameKind.choices,
        default=NameKind.TRANSLATION,
        help_text="Why this name is recorded: native script, transliteration, translation, "
        "short form, former name, or the name one side uses for a contested place.",
    )
    used_by = models.ForeignKey(
        "dialogue.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The country whose usage this is, where usage differs by side; empty when "
        "the name is neutral.",
    )
    note = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_one_line],
        help_text="Anything worth knowing.",
    )
    history = RegistryHistory(inherit=True)
    citations = cited()

    # A row written without its id is the stored row with the same name in the same language.
    child_key = ("name", "language")

    class Meta:
        abstract = True
        ordering = ["language", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


def normalise_whitespace(text: str) -> str:
    """Collapse runs of whitespace, so a quote matches across line breaks."""
    return re.sub(r"\s+", " ", text).strip()
