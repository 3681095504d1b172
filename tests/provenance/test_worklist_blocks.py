"""The worklist's counts a block of ids (`WorklistBlock`), kept by the database's triggers: they
agree with the records' flags after any write, however it is made, and a page of the worklist
at any depth is found from them with an OFFSET of under one block.

Run on SQLite and on PostgreSQL (DATABASE_URL).
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from dialogue import provenance
from dialogue.models import WORKLIST_BLOCK, Citation, Round, Source, Topic, WorklistBlock
from tests.factories import RoundFactory, SourceFactory
from tests.provenance.test_worklist import FACTORIES

pytestmark = pytest.mark.django_db


def counted() -> dict[tuple[str, int], int]:
    """The block counts the database keeps, without the blocks counted down to nothing."""
    return {
        (row.kind, row.block): row.records for row in WorklistBlock.objects.filter(records__gt=0)
    }


def recounted() -> dict[tuple[str, int], int]:
    """The block counts as the records' flags have them now."""
    found = {}
    for kind, model in provenance.RESOURCES.items():
        for row in (
            model._default_manager.filter(has_unsupported=True)
            .values_list("pk", flat=True)
            .order_by()
        ):
            key = (kind, row // WORKLIST_BLOCK)
            found[key] = found.get(key, 0) + 1
    return found


def topics(*pks: int, flagged: bool = True) -> None:
    """Topics with these ids, written in one statement (past the services, as a bulk load)."""
    Topic.objects.bulk_create(
        Topic(pk=pk, name=f"Topic {pk}", slug=f"topic-{pk}", has_unsupported=flagged) for pk in pks
    )


def test_the_counts_follow_every_kind_of_write(analyst_client):
    source = SourceFactory(text="The talks covered security.")
    # Through the API (the services), which set the flag from the citations.
    client = analyst_client
    made = client.post("/api/v1/topics/", {"name": "Security"}, format="json")
    assert made.status_code == 201, made.json()
    assert counted() == recounted() == {("topic", made.json()["id"] // WORKLIST_BLOCK): 1}
    cited = client.patch(
        f"/api/v1/topics/{made.json()['slug']}/",
        {"sources": [{"source": source.pk, "quote": "covered security", "supports": ["name"]}]},
        format="json",
    )
    assert cited.status_code == 200, cited.json()
    assert Topic.objects.get(pk=made.json()["id"]).has_unsupported is False
    assert counted() == recounted() == {}
    # In bulk, across blocks; a bulk change of flags; a queryset's delete; plain SQL.
    topics(1999, 2000, 2001, 5000)
    topics(3000, flagged=False)
    assert counted() == recounted()
    assert counted()[("topic", 2)] == 2
    Topic.objects.filter(pk__in=[2000, 3000]).update(has_unsupported=True)
    Topic.objects.filter(pk=1999).update(has_unsupported=False)
    assert counted() == recounted()
    Topic.objects.filter(pk__in=[2001, 5000]).delete()
    assert counted() == recounted()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Topic._meta.db_table} WHERE id = 2000")
    assert counted() == recounted() == {("topic", 3): 1}
    # A round with its citation's cascade: deleting a record deletes the rows it owns.
    round_ = RoundFactory()
    assert counted() == recounted()
    round_.delete()
    assert counted() == recounted()


def test_the_counts_survive_a_backup_and_restore(tmp_path):
    topics(10, 1010, 1011)
    backup = tmp_path / "backup.json"
    call_command("backup", output=str(backup), verbosity=0)
    assert "dialogue.worklistblock" not in backup.read_text()  # derived, not backed up
    for model in (Citation, Topic, Source):
        model.objects.all().delete()
        model.history.all().delete()
    WorklistBlock.objects.all().delete()

    call_command("restore", str(backup), verbosity=0)

    assert counted() == recounted() == {("topic", 0): 1, ("topic", 1): 2}


def test_any_slice_across_blocks_is_the_slice_of_the_whole():
    # Flagged and unflagged records of two kinds, in blocks with gaps between them.
    topics(3, 999, 1000, 1001, 2500, 4999, 7000)
    topics(4, 1002, 2501, flagged=False)
    RoundFactory.create_batch(3)
    rows = provenance.worklist_records(
        resources=list(provenance.RESOURCES), source=None, unsupported_only=True
    )
    assert rows.counted_by is None  # counted by the blocks
    whole = [
        {"position": position, "record": pk}
        for position, (kind, model) in enumerate(provenance.RESOURCES.items())
        for pk in model._default_manager.filter(has_unsupported=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    ]
    assert len(whole) >= 10
    assert list(rows) == whole and rows.count() == len(whole)
    for start in range(len(whole) + 2):
        assert rows[start:] == whole[start:], start
        for stop in range(start, len(whole) + 2):
            assert rows[start:stop] == whole[start:stop], (start, stop)


def test_a_deep_page_skips_at_most_one_block():
    """A page deep in the worklist reads its block from the counts: its OFFSET is under
    WORKLIST_BLOCK, not its depth."""
    topics(*range(1, 3501))
    client = APIClient()
    params = {"unsupported": "1", "resource": "topic", "page_size": 50, "page": 60}
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/provenance/", params).json()
    assert body["count"] == 3500
    assert [entry["id"] for entry in body["results"]] == list(range(2951, 3001))
    offsets = [
        int(found)
        for query in queries
        if '"dialogue_topic"' in query["sql"] and '"position"' in query["sql"]
        for found in re.findall(r"OFFSET (\d+)", query["sql"])
    ]
    assert offsets and max(offsets) < WORKLIST_BLOCK, offsets
    # The count is exact, from the blocks, on PostgreSQL as on SQLite (no estimate).
    assert "X-Count-Estimated" not in client.get("/api/v1/provenance/", params).headers


def test_every_kind_of_the_worklist_has_its_counting_triggers():
    """A kind of record added to the worklist without triggers would never be counted."""
    assert set(FACTORIES) == set(provenance.RESOURCES)
    for make in FACTORIES.values():
        make()  # uncited: flagged
    assert counted() == recounted()
    assert {kind for kind, _ in counted()} == set(provenance.RESOURCES)


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL alters a table in place: no rebuild"
)
@pytest.mark.django_db(transaction=True)
def test_a_table_rebuilt_by_a_migration_keeps_its_counts():
    """SQLite rebuilds a table to alter it (a migration adding a column with a default to
    rounds does), and the old table's triggers go with it: `migrate` makes them again, and
    counts what was written meanwhile."""
    RoundFactory()  # uncited: flagged
    with connection.schema_editor() as editor:
        editor._remake_table(Round)  # what Django's SQLite schema editor does to alter a table
    RoundFactory()  # written while the table has no trigger

    call_command("migrate", verbosity=0)

    assert counted() == recounted()
    assert counted()[("round", 0)] == 2
    RoundFactory()  # counted by the triggers made again
    assert counted() == recounted()
    assert counted()[("round", 0)] == 3
