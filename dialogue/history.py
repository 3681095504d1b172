"""Each record's history, written by django-simple-history, with one addition: a way to write
exactly one version on purpose.

The services save a record, its many-to-many links and its child rows in several steps; left
to the signals, each step would write a version of its own (one per many-to-many field set, one
for a save that changed nothing). They save quietly instead and call `write_version` once, after
the last step, so a version always carries the record's many-to-many values as they now are.
"""

from contextlib import contextmanager

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

__all__ = (
    "VIA_ADMIN",
    "VIA_API",
    "VIA_CHOICES",
    "VIA_DRAFT",
    "VIA_IMPORT",
    "RegistryHistory",
    "attributed",
    "is_tracked",
    "quietly",
    "write_version",
)

# Through what a change was made, as its versions' `history_change_reason` says; a draft's
# acceptance says which draft (`ingestion.review.change_reason`); a command says nothing.
VIA_API = "API"
VIA_ADMIN = "admin"
VIA_IMPORT = "spreadsheet import"
VIA_DRAFT = "Accepted from draft"  # the start of a draft's reason: "… 7 of source 1 “title”"
# The changes made through each, by the name a reader filters on (`/api/v1/history/?via=`).
VIA_CHOICES: dict[str, Q] = {
    "api": Q(history_change_reason=VIA_API),
    "admin": Q(history_change_reason=VIA_ADMIN),
    "import": Q(history_change_reason=VIA_IMPORT),
    "draft": Q(history_change_reason__startswith=VIA_DRAFT + " "),
    "command": Q(history_change_reason__isnull=True),
}
REASON_LENGTH = 100  # simple-history's column: PostgreSQL refuses more (SQLite kept it)

# The HistoricalRecords object that writes each concrete model's versions.
_WRITERS: dict[type[models.Model], "RegistryHistory"] = {}


# Fields kept by the registry for its own use, not part of a record's versions.
NOT_VERSIONED = ("has_unsupported",)


class RegistryHistory(HistoricalRecords):
    """HistoricalRecords that remembers, for each model it tracks, that it is its writer; a
    version leaves out NOT_VERSIONED."""

    def __init__(self, *args, excluded_fields=None, **kwargs):
        super().__init__(
            *args, excluded_fields=[*(excluded_fields or ()), *NOT_VERSIONED], **kwargs
        )

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        if {"content_type", "object_id"} <= {f.name for f in model._meta.concrete_fields}:
            # A record's history reads its citations' versions by the record they cite.
            index = models.Index(
                fields=["content_type", "object_id"],
                name=f"{model._meta.db_table[:17]}_hist_record",
            )
            options["indexes"] = (*options.get("indexes", ()), index)
        return options

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if getattr(sender._meta, "simple_history_manager_attribute", None) and (
            sender is self.cls or (self.inherit and issubclass(sender, self.cls))
        ):
            _WRITERS.setdefault(sender, self)


def is_tracked(model: type[models.Model]) -> bool:
    """Whether the model's versions are kept (it has `history = RegistryHistory()`)."""
    return model in _WRITERS


def write_version(
    instance: models.Model, history_type: str, *, user=None, date=None, via: str | None = None
) -> None:
    """Write one version of the record as it is now (many-to-many values included).

    `history_type` is `+` (created), `~` (changed) or `-` (deleted); `user` is who made the
    change (by default the user of the current request, if any); `date` when (default: now);
    `via` through what (`VIA_API`, a draft's acceptance…; None for a command).
    """
    with attributed(instance, user=user, date=date, via=via):
        _WRITERS[type(instance)].create_historical_record(instance, history_type)


@contextmanager
def attributed(instance: models.Model, *, user=None, date=None, via: str | None = None):
    """Versions of `instance` written inside this block name `user`, `date` and `via`."""
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user  # type: ignore[attr-defined]
    if date is not None:
        instance._history_date = date  # type: ignore[attr-defined]
    if via is not None:
        # simple-history reads a version's reason from here.
        instance._change_reason = via[:REASON_LENGTH]  # type: ignore[attr-defined]
    try:
        yield instance
    finally:
        instance.__dict__.pop("_history_user", None)
        instance.__dict__.pop("_history_date", None)
        instance.__dict__.pop("_change_reason", None)


@contextmanager
def quietly(instance: models.Model):
    """Saves and many-to-many changes of `instance` inside this block write no version."""
    instance.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        yield instance
    finally:
        instance.__dict__.pop("skip_history_when_saving", None)
