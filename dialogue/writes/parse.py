"""A record's values as writers outside the API give them (drafts, spreadsheets, scripts), read
into what `record_save` takes: the same shape as the API's JSON, without DRF.

Related records by id or slug (a country by its code), places by slug, name or a city the
gazetteer knows (a `NewPlace`, written with the record), a span as one EDTF `date` or as start,
end and precision (the end derived when left out), owned rows (`participants`, `other_names`,
`sources` for citations) as lists of objects. Every error is collected and raised at once as
`RecordInvalid`, under the names the writer used.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from ..edtf import parse_edtf
from ..models import Country, Mechanism, Participant, Place, Round
from ..selectors import owned_relations
from .places import AmbiguousPlace, NewPlace, find_place
from .records import ErrorTree, RecordInvalid, has_slug

# The names writers use for what the services call otherwise.
WRITTEN_NAMES = {"sources": "citations"}
# Values a record's JSON carries that nobody writes: skipped when a writer sends them back.
READ_ONLY = {"url", "created", "updated", "rounds_count", "last_round", "next_round"}
# Fields holding a place a writer may name by a city (the API's `PlaceField`s).
PLACE_FIELDS = {"city", "other_places"}
SPAN = ("start_date", "end_date", "date_precision")


@dataclass
class RecordWrite:
    """What `record_save` takes: own fields, many-to-many links, owned rows by relation."""

    fields: dict[str, Any] = field(default_factory=dict)
    many_to_many: dict[str, list[Any]] = field(default_factory=dict)
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def record_write(
    model: type[models.Model], data: Mapping[str, Any], *, instance: models.Model | None = None
) -> RecordWrite:
    """Read `data` as a write of a `model` record (`instance` when it updates one)."""
    errors: ErrorTree = {}
    write = read_values(model, data, errors, countries=place_countries(data, instance))
    write.fields.pop("id", None)  # the record is `instance`, whatever id the data repeats
    if errors:
        raise RecordInvalid(errors)
    return write


def read_values(
    model: type[models.Model], data: Mapping[str, Any], errors: ErrorTree, *, countries: list[str]
) -> RecordWrite:
    """The values of one record or row; errors added to `errors` by name."""
    write = RecordWrite()
    owned = owned_relations(model)
    for written, value in data.items():
        name = WRITTEN_NAMES.get(written, written)
        try:
            if written in READ_ONLY or (model is Participant and written == "name"):
                continue  # sent back as read (a participant's name is its person's)
            if written == "date" and "date" not in field_names(model):
                write.fields.update(dict(zip(SPAN, edtf(value), strict=True)))
            elif name in owned:
                write.children[name] = read_rows(owned[name].model, value, errors, written)
            elif name == "id":
                write.fields["id"] = value
            else:
                model_field = model._meta.get_field(name)
                if model_field.many_to_many:
                    if not isinstance(value, list):
                        raise ValidationError("Give a list.")
                    write.many_to_many[name] = [
                        reference(model_field, item, countries) for item in value
                    ]
                elif model_field.many_to_one:
                    write.fields[name] = (
                        None if value is None else reference(model_field, value, countries)
                    )
                elif isinstance(model_field, models.DateField) and isinstance(value, str):
                    write.fields[name] = ascii_date(value, model_field)
                else:
                    write.fields[name] = value
        except ValidationError as error:
            errors.setdefault(written, []).extend(error.messages)
        except FieldDoesNotExist:  # not a LookupError: a field name nothing has ("")
            errors.setdefault(written, []).append(
                f"A {model._meta.verbose_name} has no such field."
            )
    if "end_date" not in write.fields and (
        "start_date" in write.fields or "date_precision" in write.fields
    ):
        write.fields["end_date"] = None  # derived again from the start and precision
    return write


def read_rows(
    model: type[models.Model], rows: Any, errors: ErrorTree, written: str
) -> list[dict[str, Any]]:
    """Owned rows (a round's participants, a participant's citations) as the services take
    them; each row's errors under the relation's name and the row's position."""
    if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
        errors.setdefault(written, []).append("Give a list of objects.")
        return []
    read: list[dict[str, Any]] = []
    row_errors: list[dict[str, Any]] = []
    for row in rows:
        found: ErrorTree = {}
        values = read_values(model, row, found, countries=[])
        read.append({**values.fields, **values.children})
        row_errors.append(found)
    if any(row_errors):
        errors[written] = row_errors
    return read


def field_names(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def edtf(value: Any) -> tuple:
    if not isinstance(value, str):
        raise ValidationError("Give the date as an EDTF string, such as 2018-04.")
    return parse_edtf(value)


def ascii_date(value: str, model_field: models.DateField) -> Any:
    """A date written in ASCII digits (Django's parser takes any script's digits)."""
    if not value.isascii():
        raise ValidationError("Write the date in ASCII digits, such as 2018-07-31.")
    if isinstance(model_field, models.DateTimeField):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(f"“{value}” is not a date (YYYY-MM-DD).") from error


def reference(model_field: Any, value: Any, countries: list[str]) -> Any:
    """The record a value names: by id, by slug (for records that have one), a country by its
    code, a place by slug, name or gazetteer city."""
    target: type[models.Model] = model_field.related_model
    if isinstance(value, target):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(f"Give a {target._meta.verbose_name}'s id or slug.")
    manager = target._default_manager
    found: models.Model | NewPlace | None
    if target is Country and isinstance(value, str):
        found = manager.filter(pk=value.strip().upper()).first()
    elif target is Place and model_field.name in PLACE_FIELDS and isinstance(value, str):
        try:
            found = find_place(value, countries)
        except AmbiguousPlace as error:
            raise ValidationError(
                f"Several places are named “{value}”; give the place's slug instead."
            ) from error
    elif isinstance(value, str) and has_slug(target):
        found = manager.filter(slug=value).first()
    elif isinstance(value, int):
        found = manager.filter(pk=value).first()
    else:
        found = None
    if found is None:
        raise ValidationError(f"No {target._meta.verbose_name} has the id or slug “{value}”.")
    return found


def place_countries(data: Mapping[str, Any], instance: Any = None) -> list[str]:
    """Where a city of an ambiguous name is looked for first: the host country written with
    it, else the countries of the record's mechanism (written, or the stored one's)."""
    host = data.get("host_country")
    if isinstance(host, str) and host.strip():
        return [host.strip().upper()]
    mechanism: Any = None
    written = data.get("mechanism")
    if isinstance(written, Mechanism):
        mechanism = written
    elif isinstance(written, int) and not isinstance(written, bool):
        mechanism = Mechanism.objects.filter(pk=written).first()
    elif isinstance(written, str) and written:
        mechanism = Mechanism.objects.filter(slug=written).first()
    if mechanism is None and isinstance(instance, Round):
        mechanism = instance.mechanism
        if instance.host_country_id and "host_country" not in data:
            return [instance.host_country_id]
    if mechanism is None:
        return []
    return sorted(mechanism.countries.values_list("code", flat=True))
