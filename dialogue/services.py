"""Writes to the registry: each validates a whole record, children too, in one transaction."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction


def _errors_at(prefix: str, index: int, error: ValidationError) -> ValidationError:
    """Re-key a child's errors under its list and position: {"participants": [{}, {...}]}."""
    items: list[dict] = [{} for _ in range(index + 1)]
    items[index] = (
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )
    return ValidationError({prefix: items})


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
                raise _errors_at(related_name, index, error) from error
            child.save()
    return instance


@transaction.atomic
def record_delete(*, instance: models.Model) -> None:
    """Delete a record; models.PROTECT refuses (ProtectedError) while anything refers to it."""
    instance.delete()
