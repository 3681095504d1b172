"""Dialogue mechanisms, their rounds, and who took part in each round."""

import datetime
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from ..choices import DatePrecision, MechanismKind, MechanismLevel, MechanismStatus, RoundStatus
from ..dates import describe_dates, today_anywhere, validate_date_in_range, validate_date_span
from ..history import RegistryHistory
from ..validators import validate_one_line, validate_text
from .actors import Organisation, Person
from .base import (
    ConstraintErrorsByField,
    DatedModel,
    DatedQuerySet,
    HierarchicalModel,
    OtherNameBase,
    Today,
    cited,
    part_of,
    unsupported_flag,
    unsupported_index,
)
from .geography import Country, Place
from .topics import Topic

__all__ = (
    "OVERDUE",
    "Mechanism",
    "MechanismName",
    "Participant",
    "Round",
    "RoundQuerySet",
    "round_label",
)


class Mechanism(HierarchicalModel):
    """A standing format of dialogue between countries, such as the Russia–Japan 2+2."""

    slug = models.SlugField(
        max_length=100,
        unique=True,
        validators=[validate_one_line],
        help_text="Stable identifier used in URLs and filters, such as `ru-jp-2plus2`.",
    )
    name = models.CharField(
        max_length=300, validators=[validate_one_line], help_text="Full name in English."
    )
    short_name = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_one_line],
        help_text="Short name in common use, such as `2+2`.",
    )
    kind = models.CharField(
        max_length=30, choices=MechanismKind.choices, help_text="What sort of dialogue it is."
    )
    level = models.CharField(
        max_length=30,
        choices=MechanismLevel.choices,
        blank=True,
        help_text="The rank of its participants; empty when the sources do not say.",
    )
    status = models.CharField(
        max_length=20,
        choices=MechanismStatus.choices,
        default=MechanismStatus.ACTIVE,
        help_text="Whether it still meets.",
    )
    countries = models.ManyToManyField(
        Country,
        related_name="mechanisms",
        help_text="The countries taking part (ISO 3166-1 alpha-2 codes).",
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="mechanisms",
        help_text="The bodies that run it or take part in it.",
    )
    parent = part_of("The mechanism it works under (a working group under a commission).")
    established = models.DateField(
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="When it was launched (first day of the span `established_precision` gives). "
        "Years 1000 to 2999.",
    )
    established_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the launch date is known (“launched in 2013” is `year`).",
    )
    resumed = models.DateField(
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="When it was resumed after a pause (first day of the span). Years 1000 to 2999.",
    )
    resumed_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the resumption date is known.",
    )
    basis = models.TextField(
        blank=True,
        validators=[validate_text],
        help_text="The agreement or summit that created or revived it, as the sources put it.",
    )
    basis_round = models.ForeignKey(
        "Round",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="founded_mechanisms",
        help_text="The round (a summit, a visit) at which it was agreed, if recorded.",
    )
    basis_document = models.ForeignKey(
        "Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="founded_mechanisms",
        help_text="The document that created it, if recorded.",
    )
    description = models.TextField(
        blank=True, validators=[validate_text], help_text="What it is for and how it works."
    )
    has_unsupported = unsupported_flag()
    history = RegistryHistory(m2m_fields=[countries, organisations])
    citations = cited()

    class Meta:
        indexes = [unsupported_index("mechanism")]
        ordering = ["name"]
        constraints = [
            *HierarchicalModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(resumed__isnull=True)
                | Q(established__isnull=True)
                | Q(resumed__gte=F("established")),
                name="dialogue_mechanism_resumed_after_established",
                violation_error_message="A mechanism is resumed after it was established.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def side_codes(self) -> set[str]:
        """Codes of the countries taking part, as stored."""
        if self.pk is None:
            return set()
        return set(self.countries.values_list("code", flat=True))

    def clean(self) -> None:
        super().clean()
        for field in ("established", "resumed"):
            value = getattr(self, field)
            if value is not None:
                validate_date_span(
                    value, None, getattr(self, f"{field}_precision"), start_field=field
                )


class MechanismName(OtherNameBase):
    """Another name of a mechanism, such as its name in Russian or Japanese."""

    mechanism = models.ForeignKey(
        Mechanism,
        on_delete=models.CASCADE,
        related_name="other_names",
        help_text="The mechanism this name belongs to.",
    )

    class Meta(OtherNameBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "name", "language"],
                name="dialogue_mechanismname_unique",
                violation_error_message="This mechanism already has this name in this language.",
            )
        ]


# A round is overdue when the last day it covers has passed and it is still `scheduled`: its
# date went by with no outcome recorded. The end date is the end of the range for a reduced
# precision ("July 2018" ends on 31 July), and every round has one (the model's constraints).
# The one definition, for the API, its filter, the pages and the admin.
OVERDUE = Q(status=RoundStatus.SCHEDULED, end_date__lt=Today())


class RoundQuerySet(DatedQuerySet):
    def with_overdue(self) -> "RoundQuerySet":
        """Each round with `overdue` (a boolean, OVERDUE)."""
        return self.annotate(
            overdue=models.ExpressionWrapper(OVERDUE, output_field=models.BooleanField())
        )

    def overdue(self) -> "RoundQuerySet":
        """The rounds that are overdue (OVERDUE)."""
        return self.filter(OVERDUE)

    def not_overdue(self) -> "RoundQuerySet":
        return self.exclude(OVERDUE)


class Round(DatedModel):
    """One meeting, session, visit or event of a mechanism."""

    mechanism = models.ForeignKey(
        Mechanism,
        on_delete=models.PROTECT,
        related_name="rounds",
        help_text="The mechanism this round belongs to.",
    )
    number = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text="The round's number as the source states it (“third round” is 3); empty when "
        "unknown. Unique within a mechanism.",
    )
    name = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_one_line],
        help_text="A label for a round that is not just a number, such as “Official visit of "
        "Prime Minister Shinzo Abe to Russia”.",
    )
    start_date = models.DateField(
        validators=[validate_date_in_range],
        help_text="First day of the round (ISO 8601). For a month-precision date, the first of "
        "the month. Years 1000 to 2999; not after today for a round that was held.",
    )
    status = models.CharField(
        max_length=20,
        choices=RoundStatus.choices,
        default=RoundStatus.HELD,
        help_text="Where the round stands as of its latest source.",
    )
    city = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
        help_text="The place the round was held in (the main one, if it moved).",
    )
    other_places = models.ManyToManyField(
        Place,
        blank=True,
        related_name="rounds_also_held",
        help_text="Further places a round moved between (a visit to St Petersburg and Moscow).",
    )
    host_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_rounds",
        help_text="The country that hosted the round; empty when the sources do not say.",
    )
    venue = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_one_line],
        help_text="The building or site, such as the Bolshoi Theatre.",
    )
    summary = models.TextField(
        blank=True, validators=[validate_text], help_text="What the round was about, in brief."
    )
    outcomes = models.TextField(
        blank=True,
        validators=[validate_text],
        help_text="What came of it: decisions, statements, documents signed.",
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="rounds", help_text="Subjects on the agenda."
    )
    has_unsupported = unsupported_flag()
    history = RegistryHistory(m2m_fields=[other_places, topics])
    citations = cited()

    objects = RoundQuerySet.as_manager()  # type: ignore[misc]  # DatedModel.objects, for rounds

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            *DatedModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["mechanism", "number"],
                name="dialogue_round_unique_number",
                violation_error_message="This mechanism already has a round with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="dialogue_round_number_positive",
                violation_error_message="A round's number starts at 1.",
            ),
        ]
        indexes = [
            models.Index(fields=["start_date", "end_date"], name="dialogue_round_dates"),
            # The lists' default order: a page is read off this index, not sorted.
            models.Index(fields=["start_date", "id"], name="dialogue_round_start_id"),
            # A mechanism's (a country pair's) rounds by date, read from the index alone: the
            # pair's rounds per year, its highest level per year, a year's rounds of a pair,
            # at a million rounds as at a thousand (issue 13).
            models.Index(
                fields=["mechanism", "start_date", "end_date"],
                include=["id"],
                name="dialogue_round_mech_dates",
            ),
            unsupported_index("round"),
            # The scheduled rounds by their last day: the overdue ones (OVERDUE) are the
            # start of this index, read without touching the held rounds (the front page).
            models.Index(
                fields=["end_date", "id"],
                condition=Q(status=RoundStatus.SCHEDULED),
                name="dialogue_round_scheduled_end",
            ),
        ]

    def __str__(self) -> str:
        """ "2+2, round 3 (31 Jul 2018)": what a person recognises a round by."""
        if self.name:
            return self.name
        return round_label(
            self.name,
            self.number,
            self.start_date,
            self.end_date,
            self.date_precision,
            self.mechanism.short_name or self.mechanism.name,
        )

    def clean(self) -> None:
        super().clean()
        today = today_anywhere()
        if self.status == RoundStatus.HELD and self.start_date and self.start_date > today:
            raise ValidationError(
                {
                    "start_date": "A round that was held cannot start after today (the "
                    f"latest date anywhere is now {today}); give a future round the status "
                    "`scheduled`, or correct the date."
                }
            )


def round_label(
    name: str,
    number: int | None,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    date_precision: str,
    mechanism: str,
) -> str:
    """A round's `str()` from its values and its mechanism's label (short name, else name),
    for code that reads rounds as plain rows (the calendar export)."""
    if name:
        return name
    date = describe_dates(start_date, end_date, date_precision)
    if number:
        return f"{mechanism}, round {number} ({date})"
    return f"{mechanism} ({date})"


class Participant(ConstraintErrorsByField):
    """A person who took part in a round, with the side and the role stated at the time."""

    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="participants",
        help_text="The round the person took part in.",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="participations",
        help_text="Who took part.",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The side the person represented; one of the mechanism's countries.",
    )
    role = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_one_line],
        help_text="The role as the source states it at the time, such as “Foreign Minister” or "
        "“head of delegation”.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="The body the person represented, where the source says.",
    )
    order = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(1000)],
        help_text="Position in the list of participants (0 comes first).",
    )
    history = RegistryHistory()
    citations = cited()

    # A row written without its id is the stored row of the same person.
    child_key = ("person",)

    class Meta:
        ordering = ["round", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                name="dialogue_participant_unique_person",
                violation_error_message="This person is already a participant of this round.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})" if self.role else str(self.person)

    def validate_constraints(
        self, exclude: Collection[str] | None = None, *, sides: Collection[str] | None = None
    ) -> None:
        """The table's constraints, and one no table holds: the side (`country`) is one of the
        mechanism's countries. They are `sides` when the writer chooses them in the same write
        (a mechanism's page: the services write the mechanism before its rounds), else the
        stored mechanism's. Like any constraint, not checked with `country` excluded."""
        errors: dict[str, list] = {}
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "country" not in (exclude or ()) and (problem := self.side_problem(sides)):
            errors.setdefault("country", []).append(problem)
        if errors:
            raise ValidationError(errors)

    def side_problem(self, sides: Collection[str] | None) -> str | None:
        """Why the side is not one of `sides` (the mechanism's stored countries if None)."""
        round_ = getattr(self, "round", None)
        mechanism = getattr(round_, "mechanism", None)
        if self.country_id is None or (sides is None and mechanism is None):
            return None
        sides = set(sides) if sides is not None else mechanism.side_codes()  # type: ignore[union-attr]
        if not sides or self.country_id in sides:
            return None
        return (
            f"{self.country_id} is not one of the mechanism's countries "
            f"({', '.join(sorted(sides))})."
        )
