"""Documents signed at rounds, and figures the sources quote."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from ..choices import Comparator, DocumentKind
from ..dates import validate_date_in_range
from ..history import RegistryHistory
from ..validators import validate_one_line, validate_text
from .actors import Organisation
from .base import DatedModel, cited, unsupported_flag, unsupported_index
from .geography import Country
from .mechanisms import Round
from .topics import Topic

__all__ = ("Document", "Indicator")


class Document(DatedModel):
    """A signed or adopted text, or a set of them the source only counts."""

    title = models.CharField(
        max_length=500,
        validators=[validate_one_line],
        help_text="Title, or a description of the set.",
    )
    kind = models.CharField(
        max_length=20, choices=DocumentKind.choices, help_text="What sort of text it is."
    )
    parties = models.ManyToManyField(
        Country, blank=True, related_name="documents", help_text="The countries party to it."
    )
    signatories = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="documents",
        help_text="The bodies that signed it, where they are not states (two parties).",
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text="The round at which it was signed or adopted.",
    )
    quantity = models.PositiveIntegerField(
        default=1,
        validators=[MaxValueValidator(100_000)],
        help_text="How many documents this record stands for, where the source gives only a "
        "count (“seven commercial documents” is 7).",
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="documents", help_text="Subjects it covers."
    )
    description = models.TextField(
        blank=True, validators=[validate_text], help_text="What it says or provides for."
    )
    has_unsupported = unsupported_flag()
    history = RegistryHistory(m2m_fields=[parties, signatories, topics])
    citations = cited()

    class Meta:
        indexes = [unsupported_index("document")]
        ordering = ["start_date", "id"]
        constraints = [
            *DatedModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="dialogue_document_quantity_positive",
                violation_error_message="A document record stands for at least one document.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(DatedModel):
    """A figure a source quotes, such as bilateral trade in a year, over the period it covers."""

    name = models.CharField(
        max_length=300,
        validators=[validate_one_line],
        help_text="What is measured, such as “Bilateral trade turnover”.",
    )
    countries = models.ManyToManyField(
        Country, related_name="indicators", help_text="The countries the figure concerns."
    )
    comparator = models.CharField(
        max_length=6,
        choices=Comparator.choices,
        default=Comparator.EQUAL,
        help_text="How the figure relates to the value (“more than 130” is `gt`).",
    )
    value = models.DecimalField(
        max_digits=24,
        decimal_places=4,
        help_text="The value in `unit`, written out in full (USD 18.3 billion is 18300000000).",
    )
    unit = models.CharField(
        max_length=50,
        validators=[validate_one_line],
        help_text="Unit of the value: an ISO 4217 currency code (`USD`), `percent`, or a count "
        "noun (`events`).",
    )
    value_as_stated = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_one_line],
        help_text="The figure as the source writes it: “$18.3 billion”.",
    )
    start_date = models.DateField(
        validators=[validate_date_in_range],
        help_text="First day of the period the figure covers (2017 is 2017-01-01, with `year` "
        "precision). Years 1000 to 2999.",
    )
    note = models.TextField(
        blank=True, validators=[validate_text], help_text="How the figure is defined or was read."
    )
    has_unsupported = unsupported_flag()
    history = RegistryHistory(m2m_fields=[countries])
    citations = cited()

    class Meta:
        indexes = [unsupported_index("indicator")]
        ordering = ["start_date", "id"]
        constraints = DatedModel.Meta.constraints

    def __str__(self) -> str:
        # The figure as stated carries its own unit ("$18.3 billion", "twice").
        return f"{self.name}: {self.value_as_stated or f'{self.value} {self.unit}'}"
