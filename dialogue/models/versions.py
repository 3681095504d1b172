"""The registry's version, where every worker of one install reads it (registry_version.py)."""

from django.db import models

from ..validators import validate_one_line

__all__ = ("RegistryVersion",)


class RegistryVersion(models.Model):
    """One row: a token replaced whenever the registry's data changes.

    In the database rather than a cache, so every worker of an install reads the same token
    with one cheap read and no write (a cache table's entry could be culled and had to be
    created on a read), and so it needs no Redis. Not registry data: not in a backup."""

    token = models.CharField(
        max_length=32,
        validators=[validate_one_line],
        help_text="A random token, replaced after each write that commits.",
    )

    class Meta:
        default_permissions = ()  # written by the registry alone: nobody's to edit, no role's

    def __str__(self) -> str:
        return self.token
