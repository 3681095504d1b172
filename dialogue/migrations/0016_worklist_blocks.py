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
BLOCK = 1000  # models.sources.WORKLIST_BLOCK when this was written

POSTGRESQL_FUNCTIONS = [
    # Adds each block's change to its count: a decrease to a count that is there (never a new
    # row), an increase by upsert, in block order (one order of row locks for every writer).
    """
CREATE FUNCTION dialogue_worklist_apply(counted_kind text, blocks bigint[], deltas bigint[])
RETURNS void LANGUAGE sql AS $$
  UPDATE dialogue_worklistblock AS counted SET records = counted.records + change.records
  FROM unnest(blocks, deltas) AS change(block, records)
  WHERE change.records < 0 AND counted.kind = counted_kind AND counted.block = change.block;
  INSERT INTO dialogue_worklistblock (kind, block, records)
  SELECT counted_kind, change.block, change.records
  FROM unnest(blocks, deltas) AS change(block, records)
  WHERE change.records > 0 ORDER BY change.block
  ON CONFLICT (kind, block)
  DO UPDATE SET records = dialogue_worklistblock.records + EXCLUDED.records;
$$
""",
    # The change a statement made, a block at a time. An UPDATE counts only the rows whose flag
    # it changed, so an update that leaves every flag alone touches no count (and locks none).
    f"""
CREATE FUNCTION dialogue_worklist_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dialogue_worklist_apply(TG_ARGV[0], array_agg(block), array_agg(records))
    FROM (SELECT id / {BLOCK} AS block, count(*) AS records FROM new_rows
          WHERE has_unsupported GROUP BY 1) AS change;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dialogue_worklist_apply(TG_ARGV[0], array_agg(block), array_agg(records))
    FROM (SELECT id / {BLOCK} AS block, -count(*) AS records FROM old_rows
          WHERE has_unsupported GROUP BY 1) AS change;
  ELSE
    PERFORM dialogue_worklist_apply(TG_ARGV[0], array_agg(block), array_agg(records))
    FROM (SELECT after.id / {BLOCK} AS block,
                 sum(CASE WHEN after.has_unsupported THEN 1 ELSE -1 END) AS records
          FROM old_rows AS before JOIN new_rows AS after ON after.id = before.id
          WHERE before.has_unsupported IS DISTINCT FROM after.has_unsupported
          GROUP BY 1) AS change;
  END IF;
  RETURN NULL;
END $$
""",
]

POSTGRESQL_TRIGGERS = [
    """CREATE TRIGGER {table}_worklist_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dialogue_worklist_count('{kind}')""",
    """CREATE TRIGGER {table}_worklist_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dialogue_worklist_count('{kind}')""",
    """CREATE TRIGGER {table}_worklist_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dialogue_worklist_count('{kind}')""",
]

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER {{table}}_worklist_insert AFTER INSERT ON {{table}}
    WHEN NEW.has_unsupported
    BEGIN
      INSERT INTO dialogue_worklistblock (kind, block, records)
      VALUES ('{{kind}}', NEW.id / {BLOCK}, 1)
      ON CONFLICT (kind, block) DO UPDATE SET records = records + 1;
    END""",
    f"""CREATE TRIGGER {{table}}_worklist_update AFTER UPDATE OF has_unsupported ON {{table}}
    WHEN OLD.has_unsupported IS NOT NEW.has_unsupported
    BEGIN
      UPDATE dialogue_worklistblock SET records = records - 1
      WHERE OLD.has_unsupported AND kind = '{{kind}}' AND block = OLD.id / {BLOCK};
      INSERT INTO dialogue_worklistblock (kind, block, records)
      SELECT '{{kind}}', NEW.id / {BLOCK}, 1 WHERE NEW.has_unsupported
      ON CONFLICT (kind, block) DO UPDATE SET records = records + 1;
    END""",
    f"""CREATE TRIGGER {{table}}_worklist_delete AFTER DELETE ON {{table}}
    WHEN OLD.has_unsupported
    BEGIN
      UPDATE dialogue_worklistblock SET records = records - 1
      WHERE kind = '{{kind}}' AND block = OLD.id / {BLOCK};
    END""",
]


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
