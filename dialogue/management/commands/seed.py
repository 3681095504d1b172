"""Add the seed release to the registry without touching anything the registry already holds.

`loaddata` writes every fixture object by primary key, so running it on a registry in use puts
back the release's version of every record an analyst corrected, re-dates it, and brings back
the records an analyst deleted. This command reads the same fixture but, for each object:

- a row with its primary key exists: it is left exactly as it is (the registry's version wins);
  if its stored values differ from the fixture's, the difference is reported;
- no such row, but the record's history has a version: the record existed and was deleted (or
  the id belonged to another record), so it is not re-created; this is reported;
- neither: the record is new to this registry (an empty one, or a newer fixture) and is added,
  unless it refers to a record that is not in the registry, collides with one (a slug in
  use) or breaks a rule every writer's records meet (the services' check,
  `writes.record_errors`), in which case it is skipped and reported.

It writes past the services' `record_save` because it keeps the fixture's ids and dates (the
history reads as of the release, the same on every machine) and a record may refer to one later
in the fixture; it does what they do besides: the same check, one first version per record
added, the worklist's flag; the registry's version moves with any write.

Every added record gets exactly one first version in its history, many-to-many values included.
It all happens in one transaction: an unexpected error leaves the registry as it was.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializedObject
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from dialogue import provenance, writes
from dialogue.history import quietly, write_version

SEED_FIXTURE = "release-2018-07-30"

# Set by the registry itself, not by the data: never compared.
UNCOMPARED_FIELDS = frozenset({"created", "updated", "has_unsupported"})

# What happened to each fixture object.
ADDED = "added"
PRESENT = "present"  # already in the registry, as the fixture has it
KEPT = "kept"  # already in the registry, different from the fixture: the registry's version kept
DELETED = "deleted"  # not in the registry, but it has history: deleted, so not re-created
SKIPPED = "skipped"  # new, but it cannot be added as it is (a missing reference, a collision)


@dataclass
class Entry:
    """One object of the fixture and what the seed does with it."""

    obj: DeserializedObject
    outcome: str = ""
    details: list[str] = field(default_factory=list)

    @property
    def model(self) -> type[models.Model]:
        return type(self.obj.object)

    @property
    def pk(self) -> Any:
        return self.obj.object.pk

    @property
    def key(self) -> tuple[str, Any]:
        return (self.model._meta.label_lower, self.pk)

    @property
    def label(self) -> str:
        return f"{self.model._meta.label_lower} {self.pk}"


def fixture_path(name: str) -> Path:
    """The fixture file `name`, looked up where loaddata looks: FIXTURE_DIRS, then each app's
    `fixtures/` directory."""
    directories = [Path(directory) for directory in settings.FIXTURE_DIRS]
    directories += [Path(config.path) / "fixtures" for config in apps.get_app_configs()]
    found = [
        directory / f"{name}.{extension}"
        for directory in directories
        for extension in ("yaml", "yml")
        if (directory / f"{name}.{extension}").is_file()
    ]
    if not found:
        raise CommandError(f"No fixture named {name!r} in {[str(d) for d in directories]}.")
    if len(set(found)) > 1:
        raise CommandError(f"More than one fixture named {name!r}: {[str(f) for f in found]}.")
    return found[0]


def show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."


class Command(BaseCommand):
    help = (
        f"Add the seed release (fixtures/{SEED_FIXTURE}.yaml) to the registry, never changing "
        "what it already holds. A record the registry has is left as it is, even if the "
        "fixture's version differs (the difference is reported); a record that was deleted "
        "(it has history) is not re-created; a record the registry has never held is added, "
        "with one first version in its history. Running it again changes nothing."
    )

    def handle(self, *args, **options) -> None:
        # The database every write goes to (the history's included).
        self.using = DEFAULT_DB_ALIAS
        self.verbosity = options["verbosity"]
        path = fixture_path(SEED_FIXTURE)
        with path.open(encoding="utf-8") as stream:
            entries = [
                Entry(obj) for obj in serializers.deserialize("yaml", stream, using=self.using)
            ]
        # Caches of "is this row in the registry?", by (model label, field attname, value).
        self._exists: dict[tuple[str, str, Any], bool] = {}

        with transaction.atomic(using=self.using):
            self.classify(entries)
            self.insert(self.place_valid(entries))
        self.report(path, entries)

    # ------------------------------------------------------------------------ deciding

    def classify(self, entries: list[Entry]) -> None:
        """Decide the outcome of each entry; nothing is written here."""
        by_model: dict[type[models.Model], list[Entry]] = {}
        for entry in entries:
            by_model.setdefault(entry.model, []).append(entry)
        for model, group in by_model.items():
            stored = model._base_manager.using(self.using).in_bulk([e.pk for e in group])
            for entry in group:
                row = stored.get(entry.pk)
                if row is not None:
                    differences = self.differences(entry.obj, row)
                    entry.outcome = KEPT if differences else PRESENT
                    entry.details = differences
                elif self.has_history(model, entry.pk):
                    entry.outcome = DELETED
                    entry.details = [
                        "it is not in the registry but has history: it was deleted (or the id "
                        "was another record's)"
                    ]
                else:
                    entry.outcome = ADDED

        for entry in entries:
            if entry.outcome == ADDED:
                self.check_collisions(entry)
        self.skip_dependents(entries)

    def differences(self, obj: DeserializedObject, row: models.Model) -> list[str]:
        """What differs between the fixture's version of a record and the stored one."""
        fixture = obj.object
        found = []
        for model_field in type(row)._meta.concrete_fields:
            if model_field.name in UNCOMPARED_FIELDS or model_field.primary_key:
                continue
            theirs = getattr(fixture, model_field.attname)
            ours = getattr(row, model_field.attname)
            if theirs != ours:
                found.append(
                    f"{model_field.name} differs (registry {show(ours)}, fixture {show(theirs)})"
                )
        for model_field in type(row)._meta.many_to_many:
            theirs_set = set((obj.m2m_data or {}).get(model_field.name, []))
            ours_set = set(getattr(row, model_field.name).values_list("pk", flat=True))
            if theirs_set != ours_set:
                found.append(
                    f"{model_field.name} differs (registry {sorted(ours_set, key=str)}, "
                    f"fixture {sorted(theirs_set, key=str)})"
                )
        return found

    def has_history(self, model: type[models.Model], pk: Any) -> bool:
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribute is None:
            return False
        manager = getattr(model, attribute)
        return manager.using(self.using).filter(**{model._meta.pk.attname: pk}).exists()

    def check_collisions(self, entry: Entry) -> None:
        """Skip a new record whose unique values are another stored record's (a slug in use).

        Checked before anything is placed; the other rules are read once the records are
        placed (`place_valid`).
        """
        instance = entry.obj.object
        messages = []
        try:
            instance.validate_unique()
        except ValidationError as error:
            messages += [" ".join(error_list) for error_list in error.message_dict.values()]
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                if not isinstance(constraint, models.UniqueConstraint):
                    continue
                try:
                    constraint.validate(model_class, instance, using=self.using)
                except ValidationError as error:
                    messages += error.messages
        if messages:
            entry.outcome = SKIPPED
            entry.details = [f"it collides with a record in the registry ({' '.join(messages)})"]

    def skip_dependents(self, entries: list[Entry]) -> None:
        """Skip each new record that refers to a record that will not be in the registry."""
        changed = True
        while changed:
            changed = False
            to_add = {entry.key for entry in entries if entry.outcome == ADDED}
            for entry in entries:
                if entry.outcome != ADDED:
                    continue
                missing = [
                    f"{name} refers to {label}"
                    for name, label, key, attname, value in self.references(entry)
                    if key not in to_add and not self.row_exists(key[0], attname, value)
                ]
                if missing:
                    entry.outcome = SKIPPED
                    entry.details = [f"{m}, which is not in the registry" for m in missing]
                    changed = True

    def references(self, entry: Entry):
        """(field name, target label, target key, target attname, value) of each reference."""
        instance = entry.obj.object
        for model_field in entry.model._meta.concrete_fields:
            if not model_field.is_relation or model_field.related_model is None:
                continue
            value = getattr(instance, model_field.attname)
            if value is None:
                continue
            yield self.reference(model_field, value)
        for model_field in entry.model._meta.many_to_many:
            for value in (entry.obj.m2m_data or {}).get(model_field.name, []):
                yield self.reference(model_field, value)

    @staticmethod
    def reference(model_field, value):
        target = model_field.related_model
        target_field = getattr(model_field, "target_field", None) or target._meta.pk
        label = target._meta.label_lower
        # A reference by another field than the primary key never matches a fixture key.
        key = (label, value) if target_field.primary_key else (label, object())
        return model_field.name, f"{label} {value}", key, target_field.attname, value

    def row_exists(self, label: str, attname: str, value: Any) -> bool:
        cache_key = (label, attname, value)
        if cache_key not in self._exists:
            model = apps.get_model(label)
            self._exists[cache_key] = (
                model._base_manager.using(self.using).filter(**{attname: value}).exists()
            )
        return self._exists[cache_key]

    def place_valid(self, entries: list[Entry]) -> list[Entry]:
        """Place the records to add that meet the rules every writer's records meet (the
        services' check, `writes.record_errors`: the models' rules, a citation's quote found
        word for word in its source, a participant's side among its mechanism's countries),
        read among the registry's records as they are; the records placed.

        They are read once placed, as a record may refer to one later in the fixture (a
        mechanism to the round that founded it). A record that breaks a rule is skipped and
        reported, and so are the new records that refer to it: the placing is undone (a
        savepoint) and the others placed again."""
        while True:
            added = [entry for entry in entries if entry.outcome == ADDED]
            savepoint = transaction.savepoint(using=self.using)
            self.place(added)
            broken = {
                entry.key: errors
                for entry in added
                if (errors := writes.record_errors(instance=entry.obj.object))
            }
            if not broken:
                transaction.savepoint_commit(savepoint, using=self.using)
                return added
            transaction.savepoint_rollback(savepoint, using=self.using)
            for entry in added:
                if entry.key in broken:
                    entry.outcome = SKIPPED
                    reasons = writes.RecordInvalid(broken[entry.key]).messages
                    entry.details = [f"it breaks the registry's rules ({' '.join(reasons)})"]
            self.skip_dependents(entries)

    # ------------------------------------------------------------------------ writing

    def place(self, added: list[Entry]) -> None:
        """The records' rows and many-to-many values, as the fixture has them (ids, dates),
        writing no history; foreign keys checked once all are in."""
        # In fixture order. A record may refer to one later in the fixture (a mechanism to the
        # round that founded it): foreign keys are checked once all are placed, as loaddata does.
        for entry in added:
            # A raw save, then the many-to-many values: neither writes history here (the
            # signals would write a `~` version per many-to-many field).
            with quietly(entry.obj.object):
                entry.obj.save(using=self.using)
        connections[self.using].check_constraints(
            table_names=sorted({entry.model._meta.db_table for entry in added})
        )

    def insert(self, added: list[Entry]) -> None:
        if not added:
            return
        connection = connections[self.using]
        for entry in added:
            self.write_first_version(entry.obj.object)
        # Written past the services: the worklist's flag of each record added, or whose rows
        # or citations were.
        flagged: dict[type[models.Model], set] = {}
        for entry in added:
            if (found := provenance.flagged_record(entry.obj.object)) is not None:
                flagged.setdefault(found[0], set()).add(found[1])
        for model, pks in flagged.items():
            provenance.refresh_unsupported(model, pks)
        # The rows were written with their ids: move the id sequences past them (PostgreSQL),
        # or the next record created through the API would get an id already in use.
        statements = connection.ops.sequence_reset_sql(
            no_style(), sorted({entry.model for entry in added}, key=lambda m: m._meta.label)
        )
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    @staticmethod
    def write_first_version(instance: models.Model) -> None:
        """The record's `+` version, with its many-to-many values as just stored.

        It is dated when the record says it was created (the release's date for the seed), so
        that the first version and `created` agree and the history reads as of the release, and
        seeding twice or on another machine gives the same history. A record without `created`
        gets the present time.
        """
        created = getattr(instance, "created", None)
        write_version(
            instance, "+", date=created if isinstance(created, datetime.datetime) else None
        )

    # ------------------------------------------------------------------------ reporting

    def report(self, path: Path, entries: list[Entry]) -> None:
        if self.verbosity < 1:
            return
        counts = Counter(entry.outcome for entry in entries)
        self.stdout.write(
            f"Seed {path.name}: {len(entries)} records; "
            f"{counts[ADDED]} added, {counts[PRESENT]} already present, "
            f"{counts[KEPT]} kept as the registry has them (they differ from the fixture), "
            f"{counts[DELETED]} not re-created (deleted), "
            f"{counts[SKIPPED]} not added (they cannot be added as they are)."
        )
        headings = {
            KEPT: "kept the registry's version of",
            DELETED: "not re-created",
            SKIPPED: "not added",
        }
        for entry in entries:
            if entry.outcome in headings:
                for detail in entry.details:
                    self.stdout.write(f"  {headings[entry.outcome]} {entry.label}: {detail}")
            elif entry.outcome == ADDED and self.verbosity >= 2:
                self.stdout.write(f"  added {entry.label}")
