"""Load a backup written by `manage.py backup` into a freshly migrated database."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.test.utils import override_settings

from dialogue import provenance
from dialogue.models import Country
from dialogue.roles import role_permissions

from .backup import BACKED_UP, NOT_BACKED_UP

COUNTRY_FIELDS = [field.attname for field in Country._meta.concrete_fields]


def backed_up_tables() -> list[type[models.Model]]:
    """Every model whose table a backup writes: the models of BACKED_UP and the tables of
    their many-to-many fields (a user's groups, a group's permissions, a round's topics...)."""
    tables = []
    for label in BACKED_UP:
        if "." in label:
            backed_up = [apps.get_model(label)]
        else:
            backed_up = list(apps.get_app_config(label).get_models())
        for model in backed_up:
            if model._meta.proxy or not model._meta.managed:
                continue
            if model._meta.label_lower in NOT_BACKED_UP:
                continue
            tables.append(model)
            tables.extend(
                field.remote_field.through
                for field in model._meta.local_many_to_many
                if field.remote_field.through._meta.auto_created
            )
    return tables


class CollectedCountries:
    """Stands in for the migration's Country model: makes its rows, and keeps those it is asked
    to insert (`Country.objects.bulk_create`) instead of inserting them."""

    def __init__(self) -> None:
        self.rows: list[Country] = []
        self.objects = self

    def __call__(self, **fields) -> Country:
        return Country(**fields)

    def bulk_create(self, rows, **options) -> None:
        self.rows.extend(rows)


def migrated_countries() -> dict[str, dict]:
    """The countries migration 0002 creates, by code, as the values of their fields.

    Its own function is run, with a stand-in for the migration's `apps` that collects the rows
    it would insert instead of inserting them: the rule lives in one place.
    """
    migration = importlib.import_module("dialogue.migrations.0002_load_countries")
    country = CollectedCountries()
    migration.load_countries(SimpleNamespace(get_model=lambda *label: country), None)
    return {row.code: {name: getattr(row, name) for name in COUNTRY_FIELDS} for row in country.rows}


def migrated_role_groups() -> dict[str, set[int]]:
    """The role groups migration 0005 creates, with the ids of their permissions.

    The rule migrations apply (`dialogue.roles.role_permissions`).
    """
    return {
        name: {perm.pk for perm in permissions}
        for name, permissions in role_permissions(apps).items()
    }


def rows_in_the_way() -> dict[str, int]:
    """The tables a restore would write that hold data, with how many rows of data each holds.

    Data is every row of every table the backup writes (BACKED_UP: the registry and its
    history, users, their groups and permissions, groups, tokens), except what `migrate`
    creates in an empty database, which the backup holds too and loads over itself:

    - a country exactly as migration 0002 creates it (every field compared with what its
      function makes from pycountry now). A country edited, added or created by another
      pycountry release is data; so is any history row, as migrate writes none;
    - a role group (`analysts`, `readers`) holding exactly the permissions migration 0005
      gives it, and those permission rows. Any other group, or a role group whose permissions
      were changed, is data, its permission rows included.

    Rows migrate creates but a restore leaves alone (content types, permissions) are not
    looked at. A migrated row deleted is not data: the backup brings it back.
    """
    found: dict[str, int] = {}
    countries = migrated_countries()
    role_groups = migrated_role_groups()
    as_migrated = {
        group.pk
        for group in Group.objects.filter(name__in=role_groups).prefetch_related("permissions")
        if {perm.pk for perm in group.permissions.all()} == role_groups[group.name]
    }
    for model in backed_up_tables():
        rows = model._base_manager.using(DEFAULT_DB_ALIAS)
        if model is Country:
            count = sum(
                1 for row in rows.values(*COUNTRY_FIELDS) if countries.get(row["code"]) != row
            )
        elif model is Group:
            count = rows.exclude(pk__in=as_migrated).count()
        elif model is Group.permissions.through:
            count = rows.exclude(group__in=as_migrated).count()
        else:
            count = rows.count()
        if count:
            found[model._meta.db_table] = count
    return found


class Command(BaseCommand):
    help = (
        "Load a JSON backup into a freshly migrated database, keeping every id and the whole "
        "history. Refuses a database that holds any data beyond what `migrate` creates (any "
        "registry, history, user, group or token row), and runs in one transaction: it loads "
        "all of the backup or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `manage.py backup`.")

    def handle(self, *args, file: str, **options) -> None:
        # The backup holds the history; loading must not write more of it.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            # Inside the transaction, so nothing is written unless the database was empty.
            if found := rows_in_the_way():
                tables = ", ".join(
                    f"{table} ({count} row{'s' * (count != 1)})" for table, count in found.items()
                )
                raise CommandError(
                    f"The database is not empty: {tables} hold data that the restore would "
                    "overwrite or mix with the backup. Restore into a fresh database (create "
                    "it and run `manage.py migrate`); nothing was written."
                )
            call_command("loaddata", file, verbosity=0)
            # A backup from before the worklist's flag has none; one from after has it as the
            # records were then. Either way it is set from what was loaded.
            provenance.refresh_unsupported()
        self.stdout.write(f"Restored {file}.")
