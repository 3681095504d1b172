"""The worklist's counts a block of ids (`WorklistBlock`) are kept by triggers on each kind's
table (migration 0016 made them; its docstring says why the database keeps them). This module
holds their SQL, once, and puts back the triggers a migration lost.

SQLite cannot alter most of a table in place: Django's schema editor rebuilds it (a new table,
the rows copied, the old one dropped), and the old table's triggers go with it. A later
migration that adds a column with a default to rounds, say, would leave the worklist's counts
unkept from then on, silently. So after every `migrate` the triggers missing on SQLite are
made again and that kind's counts recounted from its flags. PostgreSQL alters tables in place
and keeps their triggers.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

from .models.sources import WORKLIST_BLOCK

BLOCK = WORKLIST_BLOCK

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


def restore_lost_triggers(*, connection: BaseDatabaseWrapper, tables: dict[str, str]) -> list[str]:
    """Make again, on SQLite, the worklist triggers of `tables` (kind → table) that are missing,
    and recount those kinds' blocks from their flags. Returns the kinds whose triggers were
    made again."""
    if connection.vendor != "sqlite":
        return []
    restored = []
    with connection.cursor() as cursor:
        for kind, table in tables.items():
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
            present = {name for (name,) in cursor.fetchall()}
            missing = [
                trigger
                for trigger in SQLITE_TRIGGERS
                if trigger.split()[2].format(table=table) not in present
            ]
            if not missing:
                continue
            for trigger in missing:
                cursor.execute(trigger.format(table=table, kind=kind))
            # Rows written while the triggers were missing were not counted: count them all.
            cursor.execute("DELETE FROM dialogue_worklistblock WHERE kind = %s", [kind])
            cursor.execute(
                "INSERT INTO dialogue_worklistblock (kind, block, records) "
                f"SELECT %s, id / {BLOCK}, count(*) FROM {table} WHERE has_unsupported "
                "GROUP BY 2",
                [kind],
            )
            restored.append(kind)
    return restored
