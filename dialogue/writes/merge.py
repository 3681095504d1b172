"""What a write adds to a stored record, never removing or replacing what is there.

For writers that bring what a text says about a record an analyst may already have entered
(an accepted draft): a value fills a field only when the stored one is empty; links are added
to the stored ones; rows are added when the record has no row of the same key (a participant
by person, a citation by source and quote, another name by name and language), and a stored
row that matches only gains the new row's own rows (a participant's citations). Applying the
same additions twice changes nothing the second time.
"""

from typing import Any

from django.db import models

from ..selectors import owned_relations
from .parse import SPAN, RecordWrite


def additions(record: models.Model, write: RecordWrite) -> RecordWrite:
    """The part of `write` that adds to `record`, as a complete write of it."""
    merged = RecordWrite()
    if "start_date" in write.fields and getattr(record, "start_date", None) is None:
        merged.fields.update({name: write.fields[name] for name in SPAN if name in write.fields})
    for name, value in write.fields.items():
        if name in SPAN or is_empty(value):
            continue
        if is_empty(getattr(record, f"{name}_id" if is_relation(record, name) else name)):
            merged.fields[name] = value
    for name, values in write.many_to_many.items():
        stored = list(getattr(record, name).all())
        pks = {item.pk for item in stored}
        merged.many_to_many[name] = stored + [item for item in values if item.pk not in pks]
    for name, rows in write.children.items():
        merged.children[name] = rows_with(record, name, rows)
    return merged


def rows_with(record: models.Model, relation: str, new: list[dict[str, Any]]) -> list[dict]:
    """The record's rows of `relation` as they are, followed by the new rows whose key no
    stored row has; a stored row that matches a new one gains the new one's own rows."""
    model = owned_relations(type(record))[relation].model
    stored = list(getattr(record, relation).all())
    rows = [stored_row(row) for row in stored]
    keys = {row_key(model, row): index for index, row in enumerate(rows)}
    for values in new:
        key = row_key(model, values)
        if key not in keys:
            keys[key] = len(rows)
            rows.append(values)
            continue
        index = keys[key]
        for name in owned_relations(model):
            if name in values and index < len(stored):
                rows[index][name] = rows_with(stored[index], name, values[name])
    return rows


def stored_row(row: models.Model) -> dict[str, Any]:
    """A stored row as a write that keeps it exactly (its id, its values, its own rows)."""
    values: dict[str, Any] = {"id": row.pk}
    for model_field in row._meta.concrete_fields:
        if not model_field.primary_key:
            values[model_field.attname] = model_field.value_from_object(row)
    for name in owned_relations(type(row)):
        values[name] = [stored_row(child) for child in getattr(row, name).all()]
    return values


def row_key(model: type[models.Model], values: dict[str, Any]) -> tuple:
    """The row's identifying values (its model's `child_key`, related records by id), from a
    stored row's write or a new one."""
    key = []
    for name in model.child_key:  # type: ignore[attr-defined]
        model_field = model._meta.get_field(name)
        value = values.get(name, values.get(getattr(model_field, "attname", name)))
        key.append(getattr(value, "pk", value))
    return tuple(key)


def is_relation(record: models.Model, name: str) -> bool:
    return record._meta.get_field(name).many_to_one or False


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []
