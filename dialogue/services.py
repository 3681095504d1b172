"""Writes to the registry: each validates a whole record, children too, in one transaction."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction


class ChildValidationError(ValidationError):
    """A child row failed validation; says which list and which position it was in."""

    def __init__(self, relation: str, index: int, error: ValidationError):
        super().__init__({relation: error.messages})
        self.relation, self.index, self.error = relation, index, error


@transaction.atomic
def record_save(
    *,
    instance: models.Model,
    fields: Mapping[str, Any],
    many_to_many: Mapping[str, Iterable[Any]] | None = None,
    children: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
) -> models.Model:
    """Create or update a registry record with its many-to-many links and child rows.

    `children` maps a reverse relation (such as `participants` or `citations`) to the complete
    new list of its rows: the old rows are replaced. Everything is validated with the models'
    own rules (`full_clean`), and any error leaves the database as it was.
    """
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name, values in (many_to_many or {}).items():
        getattr(instance, name).set(values)
    for related_name, rows in (children or {}).items():
        manager = getattr(instance, related_name)
        parent_field = manager.field.name
        manager.all().delete()
        for index, row in enumerate(rows):
            child = manager.model(**row, **{parent_field: instance})
            try:
                child.full_clean()
            except ValidationError as error:
                raise ChildValidationError(related_name, index, error) from error
            child.save()
    return instance


@transaction.atomic
def record_delete(*, instance: models.Model) -> None:
    """Delete a record, refused (ProtectedError) while any other record refers to it.

    Foreign keys refuse by themselves (`on_delete=PROTECT`); links from other records'
    many-to-many fields (a mechanism's countries, a round's topics) would vanish silently, so
    they are checked here first.
    """
    linked = {
        record
        for relation in instance._meta.related_objects
        if relation.many_to_many and (accessor := relation.get_accessor_name())
        for record in getattr(instance, accessor).all()[:20]
    }
    if linked:
        raise models.ProtectedError(f"{instance} is still linked from other records.", linked)
    instance.delete()
