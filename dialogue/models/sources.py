"""The texts the registry's records are taken from."""

from django.db import models

from ..choices import SourceKind
from ..dates import validate_date_in_range
from ..history import RegistryHistory
from ..validators import (
    validate_language_tag,
    validate_language_tags,
    validate_one_line,
    validate_text,
)
from .actors import Organisation
from .base import TimestampedModel

__all__ = ("Source",)


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
