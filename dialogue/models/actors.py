"""People and organisations that take part in dialogue."""

from django.db import models

from ..choices import OrganisationKind
from ..history import RegistryHistory
from ..validators import validate_one_line, validate_text
from .base import (
    HierarchicalModel,
    OtherNameBase,
    TimestampedModel,
    cited,
    part_of,
    unsupported_flag,
    unsupported_index,
)
from .geography import Country

__all__ = ("Organisation", "OrganisationName", "Person", "PersonName")


class Person(TimestampedModel):
    """A person who takes part in dialogue, named as the registry's sources name them."""

    name = models.CharField(
        max_length=200,
        validators=[validate_one_line],
        help_text="Name in English as the sources write it: `Taro Kono`.",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="The country the person serves or represents.",
    )
    note = models.TextField(
        blank=True, validators=[validate_text], help_text="Anything worth knowing."
    )
    has_unsupported = unsupported_flag()
    history = RegistryHistory()
    citations = cited()

    class Meta:
        indexes = [unsupported_index("person")]
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class PersonName(OtherNameBase):
    """Another name of a person: native script (河野太郎) or a transliteration (Таро Коно)."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="other_names",
        help_text="The person this name belongs to.",
    )

    class Meta(OtherNameBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name", "language"],
                name="dialogue_personname_unique",
                violation_error_message="This person already has this name in this language.",
            )
        ]


class Organisation(HierarchicalModel):
    """A ministry, parliamentary chamber, party, council or forum."""

    name = models.CharField(
        max_length=300, validators=[validate_one_line], help_text="Name in English."
    )
    kind = models.CharField(
        max_length=30,
        choices=OrganisationKind.choices,
        help_text="What sort of body it is.",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="The country it belongs to; empty for an international body.",
    )
    parent = part_of("The body it is part of (a committee of a parliamentary chamber).")
    note = models.TextField(
        blank=True, validators=[validate_text], help_text="Anything worth knowing."
    )
    has_unsupported = unsupported_flag()
    history = RegistryHistory()
    citations = cited()

    class Meta:
        indexes = [unsupported_index("organisation")]
        ordering = ["name"]
        constraints = [
            *HierarchicalModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["name", "country"],
                name="dialogue_organisation_unique_name",
                violation_error_message="An organisation with this name exists in this country.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationName(OtherNameBase):
    """Another name of an organisation, such as its name in its own language."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="other_names",
        help_text="The organisation this name belongs to.",
    )

    class Meta(OtherNameBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "language"],
                name="dialogue_organisationname_unique",
                violation_error_message="This organisation already has this name in this language.",
            )
        ]
