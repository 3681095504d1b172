"""Countries and places, with the names each side uses for them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..choices import PlaceKind
from ..history import RegistryHistory
from ..validators import country_code_validator, validate_one_line, validate_text
from .base import (
    HierarchicalModel,
    OtherNameBase,
    cited,
    part_of,
    unsupported_flag,
    unsupported_index,
)

__all__ = ("Country", "Place", "PlaceName")


class Country(models.Model):
    """A country of ISO 3166-1, or a former one of ISO 3166-3 such as the USSR."""

    code = models.CharField(
        primary_key=True,
        max_length=2,
        validators=[validate_one_line, country_code_validator],
        help_text="ISO 3166-1 alpha-2 code, such as `RU` or `JP` (`SU` for the USSR).",
    )
    name = models.CharField(
        max_length=100,
        validators=[validate_one_line],
        help_text="Short English name, as ISO 3166 gives it.",
    )
    official_name = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_one_line],
        help_text="Official English name, where ISO 3166 gives one.",
    )
    alpha_3 = models.CharField(
        max_length=3,
        blank=True,
        validators=[validate_one_line],
        help_text="ISO 3166-1 alpha-3 code, such as `RUS`.",
    )
    is_former = models.BooleanField(
        default=False,
        help_text="True for a country that no longer exists (ISO 3166-3), such as the USSR.",
    )
    history = RegistryHistory()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class Place(HierarchicalModel):
    """A city, region or island group where rounds take place or that they concern."""

    slug = models.SlugField(
        max_length=100,
        unique=True,
        validators=[validate_one_line],
        help_text="Stable identifier, such as `moscow`.",
    )
    name = models.CharField(
        max_length=200,
        validators=[validate_one_line],
        help_text="English name as the registry's sources write it.",
    )
    kind = models.CharField(
        max_length=20,
        choices=PlaceKind.choices,
        default=PlaceKind.CITY,
        help_text="What sort of place it is.",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="places",
        help_text="The country the place lies in; empty where sovereignty is contested, so the "
        "registry takes no side.",
    )
    parent = part_of("The larger place it lies in (a town on an island group).")
    note = models.TextField(
        blank=True,
        validators=[validate_text],
        help_text="Anything worth knowing, such as a dispute over the place.",
    )
    latitude = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Latitude in decimal degrees (WGS 84), as the gazetteer gives it.",
    )
    longitude = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Longitude in decimal degrees (WGS 84), as the gazetteer gives it.",
    )
    geonames_id = models.PositiveIntegerField(
        null=True,
        blank=True,
        unique=True,
        validators=[MaxValueValidator(2_000_000_000)],
        help_text="The place's GeoNames id (https://www.geonames.org/<id>), when known.",
    )
    has_unsupported = unsupported_flag()
    history = RegistryHistory()
    citations = cited()

    class Meta(HierarchicalModel.Meta):
        indexes = [unsupported_index("place")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlaceName(OtherNameBase):
    """Another name of a place, such as the name one side uses for a contested territory."""

    place = models.ForeignKey(
        Place,
        on_delete=models.CASCADE,
        related_name="other_names",
        help_text="The place this name belongs to.",
    )

    class Meta(OtherNameBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["place", "name", "language"],
                name="dialogue_placename_unique",
                violation_error_message="This place already has this name in this language.",
            )
        ]
