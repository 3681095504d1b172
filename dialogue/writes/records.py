"""Records written and deleted. The API, the admin, spreadsheet imports and ingestion all write
through here, so every write gets the same validation, the same delete guard and the same
history.

A record is saved with its many-to-many links and its owned child rows (participants,
citations, other names: the rows that are deleted with it) in one transaction. Everything is
validated first and every error is reported at once; a save that changes nothing writes
nothing; a save that changes something writes one version of the record, naming its
many-to-many values, and one version of each child row that changed. Each write sets the
record's `has_unsupported` (the provenance worklist's flag) from its values and citations as
they now are.
"""

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, cast, runtime_checkable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from .. import provenance
from ..history import attributed, quietly, write_version
from ..selectors import (
    Owned,
    Referrers,
    own_values,
    owned_relations,
    record_referrers,
)

ErrorTree = dict[str, Any]  # field → [messages]; child relation → [{field: [messages]}, …]


class RecordInvalid(ValidationError):
    """Everything wrong with a write, at once: the record's own errors (fields, `clean`,
    constraints) and each child row's, by relation and position."""

    def __init__(self, errors: ErrorTree):
        self.errors = errors
        super().__init__({key: flatten_messages(key, value) for key, value in errors.items()})


def flatten_messages(key: str, value: list) -> list[str]:
    """A relation's errors as readable lines: `participants[1].country: …`."""
    lines = []
    for index, item in enumerate(value):
        if isinstance(item, Mapping):
            for name, messages in item.items():
                lines += [f"{key}[{index}].{name}: {message}" for message in messages]
        else:
            lines.append(str(item))
    return lines


@dataclass
class ChildPlan:
    """How a relation's rows will change: rows kept or changed (by position), new, removed;
    and, for each row, the plans of its own rows (a participant's citations)."""

    owned: Owned
    rows: list[models.Model] = field(default_factory=list)  # in the order given
    nested: list[dict[str, "ChildPlan"]] = field(default_factory=list)  # by position
    changed: list[models.Model] = field(default_factory=list)
    removed: list[models.Model] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.changed or self.removed) or any(
            plan.has_changes for plans in self.nested for plan in plans.values()
        )


def plan_children(
    instance: models.Model, related_name: str, rows: Iterable[Mapping[str, Any]]
) -> ChildPlan:
    """Match the given rows to the stored ones: by `id` when given, else by the child model's
    natural key (`child_key`); unmatched stored rows are to be removed. A row may carry its
    own rows under their relation's name (a participant's `citations`)."""
    owned = owned_relations(type(instance))[related_name]
    model = owned.model
    stored = (
        list(model._default_manager.filter(**owned.link(instance)))
        if instance.pk is not None
        else []
    )
    by_id = {row.pk: row for row in stored}
    key_fields: tuple[str, ...] = getattr(model, "child_key", ())
    editable = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in owned.link_fields
    ]
    grandchildren = owned_relations(model)
    plan = ChildPlan(owned)
    claimed: set[int] = set()
    seen_keys: dict[tuple, int] = {}
    for index, values in enumerate(rows):
        values = dict(values)
        row_id = values.pop("id", None)
        nested_rows = {name: values.pop(name) for name in grandchildren if name in values}
        errors: dict[str, Any] = {}
        child = by_id.get(row_id) if row_id is not None else None
        if row_id is not None and child is None:
            errors["id"] = [f"No {model._meta.verbose_name} {row_id} belongs to this record."]
        if child is None and key_fields:
            key = tuple(_key_value(values.get(name)) for name in key_fields)
            child = next(
                (row for row in stored if row.pk not in claimed and natural_key(row) == key),
                None,
            )
        if child is None:
            child = model()
        else:
            claimed.add(child.pk)
        before = own_values(child) if child.pk is not None else None
        # A row replaces what was there: a value it leaves out takes the field's default.
        for f in editable:
            if f.name in values:
                setattr(child, f.name, values[f.name])
            else:  # by id (`person_id`), or the field's default when left out
                setattr(child, f.attname, values.get(f.attname, f.get_default()))
        attach(child, owned, instance)
        if key_fields:
            key = natural_key(child)
            if key in seen_keys:
                errors.setdefault(key_fields[-1], []).append(
                    f"Listed twice: the same as position {seen_keys[key]}."
                )
            seen_keys.setdefault(key, index)
        plan.rows.append(child)
        plan.errors.append(errors)
        plan.nested.append(
            {name: plan_children(child, name, nested) for name, nested in nested_rows.items()}
        )
        if before is None or own_values(child) != before:
            plan.changed.append(child)
    plan.removed = [row for row in stored if row.pk not in claimed]
    return plan


def attach(row: models.Model, owned: Owned, record: models.Model) -> None:
    """Point the row at the record that owns it."""
    for name, value in owned.link(record).items():
        setattr(row, name, value)


def natural_key(row: models.Model) -> tuple:
    """The values of the row's `child_key` fields (related records by id)."""
    fields = [cast(models.Field, row._meta.get_field(name)) for name in row.child_key]  # type: ignore[attr-defined]
    return tuple(getattr(row, field.attname) for field in fields)


def _key_value(value: Any) -> Any:
    """A natural-key part comparable whether given as a record or its id."""
    return getattr(value, "pk", value)


def validate_all(instance: models.Model, plans: Mapping[str, ChildPlan]) -> ErrorTree:
    """Every error of the record and of its child rows, without stopping at the first."""
    errors: ErrorTree = {}
    try:
        instance.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    errors.update(rows_errors(instance, plans))
    return errors


def rows_errors(instance: models.Model, plans: Mapping[str, ChildPlan]) -> ErrorTree:
    """Every error of the rows of these plans (and of their own rows), by relation and
    position."""
    errors: ErrorTree = {}
    for related_name, plan in plans.items():
        # A new record has no id yet: its rows' link to it is checked when it is saved.
        exclude = list(plan.owned.link_fields) if instance.pk is None else None
        items = plan.errors
        for index, child in enumerate(plan.rows):
            try:
                child.full_clean(exclude=exclude)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    items[index].setdefault(name, []).extend(messages)
            items[index].update(rows_errors(child, plan.nested[index]))
        if any(items):
            errors[related_name] = items
    return errors


def save_rows(
    instance: models.Model,
    plans: Mapping[str, ChildPlan],
    *,
    user: Any,
    moment: Any,
    via: str | None,
) -> None:
    """Write the plans' changes: removed rows deleted, new and changed ones saved, each with
    one version dated `moment`; then each row's own rows."""
    for plan in plans.values():
        for row in plan.removed:
            delete_with_rows(row, user=user, moment=moment, via=via)
        for row in plan.changed:
            attach(row, plan.owned, instance)
            with attributed(row, user=user, date=moment, via=via):
                row.save()
        for row, nested in zip(plan.rows, plan.nested, strict=True):
            save_rows(row, nested, user=user, moment=moment, via=via)


def has_slug(model: type[models.Model]) -> bool:
    return any(field.name == "slug" for field in model._meta.concrete_fields)


def fill_slug(instance: models.Model) -> None:
    """Give a record written without a slug one made from its name: unique among its kind,
    and kept when the name changes later (a slug is an identifier, not a label)."""
    if not has_slug(type(instance)) or instance.slug:  # type: ignore[attr-defined]
        return
    limit = getattr(instance._meta.get_field("slug"), "max_length", None) or 50
    words = slugify(re.sub(r"[^\w\s-]", " ", str(getattr(instance, "name", ""))))
    base = words[: limit - 4].rsplit("-", 1)[0] if len(words) > limit - 4 else words
    base = base or str(instance._meta.model_name)
    taken = set(
        type(instance)
        ._default_manager.filter(slug__startswith=base)
        .exclude(pk=instance.pk)
        .values_list("slug", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    instance.slug = candidate  # type: ignore[attr-defined]


def record_errors(
    *,
    instance: models.Model,
    fields: Mapping[str, Any] | None = None,
    children: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
) -> ErrorTree:
    """Every error that `record_save` would refuse these values with, writing nothing.

    For a writer that has found some errors of its own (a value of the wrong type) and wants
    to report the model's rules about the other values in the same answer.
    """
    draft = copy.copy(instance)  # the caller's instance is left as it was
    draft._state = copy.copy(instance._state)
    draft._state.fields_cache = dict(instance._state.fields_cache)
    for name, value in with_pending(fields, Pending.unsaved).items():
        setattr(draft, name, value)
    fill_slug(draft)
    plans = {name: plan_children(draft, name, rows) for name, rows in (children or {}).items()}
    return validate_all(draft, plans)


@transaction.atomic
def record_save(
    *,
    instance: models.Model,
    fields: Mapping[str, Any] | None = None,
    many_to_many: Mapping[str, Iterable[Any]] | None = None,
    children: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
    user: Any = None,
    via: str | None = None,
) -> models.Model:
    """Create or update a registry record with its many-to-many links and owned child rows.

    `children` maps an owned relation (`participants`, `citations`, `other_names`) to the
    complete new list of its rows, each a mapping of field values (related records as records,
    or as ids under the field's `_id` name), with `id` to name a stored
    row; rows without `id` are matched by the child's natural key. Matched rows that are
    unchanged keep their id and write nothing; stored rows left out are deleted.
    Raises `RecordInvalid` with every error found; the database is then left as it was.
    `user` and `via` (through what: `history.VIA_API`, a draft…) are named by every version
    the write makes, the record's and its rows'.
    """
    model = type(instance)
    stored = (
        None if instance._state.adding else model._default_manager.filter(pk=instance.pk).first()
    )
    fields = with_pending(fields, lambda pending: pending.write(user, via))
    many_to_many = with_pending(many_to_many, lambda pending: pending.write(user, via))
    for name, value in fields.items():
        setattr(instance, name, value)
    fill_slug(instance)
    plans = {name: plan_children(instance, name, rows) for name, rows in (children or {}).items()}
    if errors := validate_all(instance, plans):
        raise RecordInvalid(errors)

    created = stored is None
    own_changed = stored is None or own_values(instance) != own_values(stored)
    links = {name: {_key_value(value) for value in values} for name, values in many_to_many.items()}
    links_changed = {
        name: pks
        for name, pks in links.items()
        if created or pks != set(getattr(instance, name).values_list("pk", flat=True))
    }
    children_changed = any(plan.has_changes for plan in plans.values())
    if not (own_changed or links_changed or children_changed):
        return instance

    with quietly(instance):
        # Saved when only children changed too: `updated` (the record's version) moves on.
        instance.save()
        for name, pks in links_changed.items():
            getattr(instance, name).set(pks)
    # Every version this write makes carries the same time: the record's new `updated`.
    moment = getattr(instance, "updated", None) or timezone.now()
    save_rows(instance, plans, user=user, moment=moment, via=via)
    if own_changed or links_changed:
        write_version(instance, "+" if created else "~", user=user, date=moment, via=via)
    provenance.refresh_written(instance)
    return instance


@runtime_checkable
class Pending(Protocol):
    """A related record a writer names that the registry does not hold yet (a city the
    gazetteer knows: `places.NewPlace`), written with the record that names it, in the same
    transaction, so a refused write leaves nothing behind."""

    def unsaved(self) -> models.Model: ...

    def write(self, user: Any, via: str | None) -> models.Model: ...


def with_pending(
    values: Mapping[str, Any] | None, resolve: Callable[[Pending], models.Model]
) -> dict[str, Any]:
    """The values with each `Pending` one (alone or in a list) replaced by `resolve(it)`."""

    def one(value: Any) -> Any:
        return resolve(value) if isinstance(value, Pending) else value

    return {
        name: [one(item) for item in value] if isinstance(value, list | tuple) else one(value)
        for name, value in (values or {}).items()
    }


class WriteConflict(Exception):
    """A write refused because what it was based on has changed, or was already done (the
    API's 409): `detail` says what, `extra` the values a client reads (an ETag, fields)."""

    def __init__(self, detail: str, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class RecordReferredTo(models.ProtectedError):
    """A delete refused while other records refer to the record; `referrers` says which."""

    def __init__(self, instance: models.Model, referrers: list[Referrers]):
        self.referrers = referrers
        super().__init__(
            f"{instance} is still referred to by other records.",
            # A list, not the set the stubs ask for: the refusal names them in a stable order.
            [record for group in referrers for record in group.first],  # type: ignore[arg-type]
        )


@transaction.atomic
def record_delete(*, instance: models.Model, user: Any = None, via: str | None = None) -> None:
    """Delete a record and its owned rows, refused (RecordReferredTo) while any other record
    refers to it; every version names `user` and `via`, as `record_save`'s do."""
    # Foreign keys refuse by themselves (`on_delete=PROTECT`); links from other records'
    # many-to-many fields (a mechanism's countries) would vanish silently, so they refuse too.
    if referrers := record_referrers(instance):
        raise RecordReferredTo(instance, referrers)
    # A row's record (a citation's, a participant's) may have lost the support it gave.
    flagged = provenance.flagged_record(instance)
    delete_with_rows(instance, user=user, moment=timezone.now(), via=via)
    if flagged is not None and flagged[0] is not type(instance):
        model, pk = flagged
        provenance.refresh_unsupported(model, [pk])


def delete_with_rows(
    instance: models.Model, *, user: Any, moment: Any, via: str | None = None
) -> None:
    """Delete a record after its owned rows (and theirs), each version in `user`'s name."""
    for accessor in owned_relations(type(instance)):
        for row in getattr(instance, accessor).all():
            delete_with_rows(row, user=user, moment=moment, via=via)
    with attributed(instance, user=user, date=moment, via=via):
        instance.delete()
