"""The registry's kinds of record and the families they belong to, read off the models.

A model says what it is where it is defined, and nothing else lists kinds of record by hand:
`history = RegistryHistory()` makes it a record whose versions are kept, `citations = cited()`
makes it citable, a subclass of `OtherNameBase` holds further names of the record its foreign
key points to, a subclass of `HierarchicalModel` has a parent of its own kind, and a foreign key
with `on_delete=CASCADE` makes it a row of another record (a participant of a round) rather
than a resource of its own. The history endpoints, the provenance worklist, the seed audit, the
admin's inlines and search read them here, in the order the models are defined (the order
`dialogue/models/__init__.py` brings them in), which is the order the API lists them in.
"""

from django.apps import apps
from django.db import models

from .history import is_tracked
from .models.base import OtherNameBase, is_cited


def record_types() -> list[type[models.Model]]:
    """Every kind of record, in the models' order: the app's models whose versions are kept,
    but those that say `is_record = False` (a draft, which only proposes a record)."""
    return [
        model
        for model in apps.get_app_config("dialogue").get_models()
        if is_tracked(model) and getattr(model, "is_record", True)
    ]


def by_name(kinds: list[type[models.Model]]) -> dict[str, type[models.Model]]:
    """The kinds by model name (`round`, `placename`), as the API's `model` and `resource`
    values name them."""
    return {str(model._meta.model_name): model for model in kinds}


def owner(model: type[models.Model]) -> type[models.Model] | None:
    """The kind of record this one is a row of (a round, for a participant), by its foreign
    key that is deleted with it; None for a record of its own."""
    return next(
        (
            field.related_model
            for field in model._meta.concrete_fields
            if field.many_to_one
            and getattr(field.remote_field, "on_delete", None) is models.CASCADE
        ),
        None,
    )


def citable() -> list[type[models.Model]]:
    """The kinds of record that take citations, rows of other records included."""
    return [model for model in record_types() if is_cited(model)]


def cited_resources() -> dict[str, type[models.Model]]:
    """The citable kinds of record that are not rows of another, by name (`place`, `round`)."""
    return by_name([model for model in citable() if owner(model) is None])


def names_of(model: type[models.Model]) -> type[OtherNameBase] | None:
    """The model of the record's further names (`PlaceName` for `Place`); None if it has none."""
    return next(
        (
            kind
            for kind in record_types()
            if issubclass(kind, OtherNameBase) and owner(kind) is model
        ),
        None,
    )
