"""Subjects on the agenda: a tree of topics that rounds and documents are tagged with."""

from django.db import models

from ..history import RegistryHistory
from ..validators import validate_one_line, validate_text
from .base import HierarchicalModel, cited, part_of, unsupported_flag, unsupported_index

__all__ = ("Topic",)


class Topic(HierarchicalModel):
    """A subject on the agenda of rounds or in documents, such as non-proliferation."""

    slug = models.SlugField(
        max_length=100,
        unique=True,
        validators=[validate_one_line],
        help_text="Stable identifier, such as `non-proliferation`.",
    )
    name = models.CharField(
        max_length=200, validators=[validate_one_line], help_text="Name in English."
    )
    description = models.TextField(
        blank=True, validators=[validate_text], help_text="What the topic covers."
    )
    parent = part_of("The broader topic it belongs to.")
    has_unsupported = unsupported_flag()
    history = RegistryHistory()
    citations = cited()

    class Meta(HierarchicalModel.Meta):
        indexes = [unsupported_index("topic")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
