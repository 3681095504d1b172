"""The worklist's counts a block of ids (`WorklistBlock`), kept by triggers (issue 25).

A deep page of `/api/v1/provenance/?unsupported=1` at 1,000,000 rounds walked up to a million
index entries (OFFSET): 0.4–0.8 s. With a count of flagged records a block of 1,000 ids, the
n-th is found by summing counts, then an OFFSET of under 1,000 within its block.

The counts are kept by the database, not by Python: triggers on each kind's table count every
insert, delete and change of `has_unsupported`, so a cascade, `loaddata` or plain SQL cannot
leave them stale. PostgreSQL: one statement trigger an event (transition tables: a bulk
UPDATE of a million flags costs one grouped upsert, not a million). SQLite: row triggers.
A decrement never creates a row (a table emptied in any order stays consistent); an increment
upserts. Then the counts of the records already there. Reversible: going back drops the
triggers and the table.
"""

from django.db import migrations, models

import dialogue.validators
from dialogue.worklist_counts import (
    BLOCK,
    POSTGRESQL_FUNCTIONS,
    POSTGRESQL_TRIGGERS,
    SQLITE_TRIGGERS,
)

# The worklist's kinds of record (provenance.RESOURCES) and their tables, as of this migration.
# A kind added later needs its triggers in its own migration;
# tests/provenance/test_worklist_blocks.py
# checks that every kind's counts agree with its flags.
TABLES = {
    "place": "dialogue_place",
    "person": "dialogue_person",
    "organisation": "dialogue_organisation",
    "topic": "dialogue_topic",
    "mechanism": "dialogue_mechanism",
    "round": "dialogue_round",
    "document": "dialogue_document",
    "indicator": "dialogue_indicator",
}


# The triggers' SQL is dialogue/worklist_counts.py's, which also puts back the triggers a
# table rebuilt by a later migration lost (SQLite drops a table's triggers with it).
def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for function in POSTGRESQL_FUNCTIONS:
            schema_editor.execute(function, params=None)
        triggers = POSTGRESQL_TRIGGERS
    elif vendor == "sqlite":
        triggers = SQLITE_TRIGGERS
    else:
        raise NotImplementedError(f"The worklist's counts need PostgreSQL or SQLite, not {vendor}.")
    for kind, table in TABLES.items():
        for trigger in triggers:
            schema_editor.execute(trigger.format(table=table, kind=kind), params=None)
    count_existing(schema_editor)


def count_existing(schema_editor):
    """The counts of the records already flagged, a kind at a time."""
    for kind, table in TABLES.items():
        schema_editor.execute(
            "INSERT INTO dialogue_worklistblock (kind, block, records) "
            f"SELECT %s, id / {BLOCK}, count(*) FROM {table} WHERE has_unsupported "
            "GROUP BY 2",
            params=[kind],
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES.values():
        for event in ("insert", "update", "delete"):
            on = f" ON {table}" if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_worklist_{event}{on}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS dialogue_worklist_count()")
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS dialogue_worklist_apply(text, bigint[], bigint[])"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0015_worklist_flag"),
    ]

    operations = [
        migrations.CreateModel(
            name="WorklistBlock",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        help_text="The kind of record, as the worklist's `resource` names it.",
                        max_length=40,
                        validators=[dialogue.validators.validate_one_line],
                    ),
                ),
                (
                    "block",
                    models.IntegerField(
                        help_text="The block of ids counted: ids from block × 1000 to the next."
                    ),
                ),
                (
                    "records",
                    models.IntegerField(
                        help_text="How many records of the kind in the block have "
                        "`has_unsupported` set."
                    ),
                ),
            ],
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "block"),
                        name="worklistblock_kind_block_unique",
                        violation_error_message="A kind of record has one count a block.",
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
