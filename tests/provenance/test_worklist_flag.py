"""The worklist's stored flag (`has_unsupported`): set by every write through the API and the
admin (the services) as `record_provenance` has it, without anything refreshing it by hand;
and read by the worklist instead of the citations, so a page costs an index read.

Run on SQLite and on PostgreSQL (DATABASE_URL).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from dialogue import provenance
from dialogue.models import Citation, Participant, Round, Source, Topic
from dialogue.models.sources import citable_fields
from tests.admin_pages import form_data, form_errors, page_fields
from tests.factories import PersonFactory, RoundFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

TEXT = "Foreign Minister Taro Kono will visit Moscow. The talks covered security."


def claims(model) -> list[str]:
    return [name for name in citable_fields(model) if name not in provenance.NOT_CLAIMS]


def test_every_record_of_the_worklist_keeps_the_flag_with_its_index():
    for name, model in provenance.RESOURCES.items():
        assert model._meta.get_field("has_unsupported").default is True, name
        assert f"{name}_unsupported" in [index.name for index in model._meta.indexes], name


def wrong_flags() -> list[tuple[str, int, bool]]:
    """Every worklist record whose stored flag is not what `record_provenance` finds."""
    wrong = []
    for name, model in provenance.RESOURCES.items():
        for record in model._default_manager.order_by("pk"):
            expected = bool(provenance.record_provenance(record)["unsupported"])
            if record.has_unsupported != expected:
                wrong.append((name, record.pk, record.has_unsupported))
    return wrong


def listed(resource: str) -> list[int]:
    body = APIClient().get("/api/v1/provenance/", {"unsupported": "1", "resource": resource})
    assert body.status_code == 200
    return [entry["id"] for entry in body.json()["results"]]


def flag(model, pk) -> bool:
    return model.objects.get(pk=pk).has_unsupported


@pytest.fixture
def source():
    return SourceFactory(text=TEXT)


def cite(source, supports) -> dict:
    return {"source": source.pk, "quote": "will visit Moscow", "supports": supports}


def test_the_flag_follows_writes_through_the_api(analyst_client, source):
    made = analyst_client.post(
        "/api/v1/topics/", {"name": "Security", "description": "Talks."}, format="json"
    )
    assert made.status_code == 201, made.content
    topic = made.json()["id"]
    assert flag(Topic, topic) is True and listed("topic") == [topic]

    url = f"/api/v1/topics/{topic}/"
    response = analyst_client.patch(
        url, {"sources": [cite(source, ["name", "description"])]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert flag(Topic, topic) is False and listed("topic") == []

    round_ = RoundFactory()
    provenance.refresh_unsupported()  # the factories wrote past the services
    round_url = f"/api/v1/rounds/{round_.pk}/"
    response = analyst_client.patch(
        round_url, {"sources": [cite(source, claims(Round))]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert flag(Round, round_.pk) is False and round_.pk not in listed("round")

    # A row of the round (a participant) with a value nothing supports, then its support.
    participant = {"person": PersonFactory().pk, "country": "JP", "role": "Foreign Minister"}
    response = analyst_client.patch(round_url, {"participants": [participant]}, format="json")
    assert response.status_code == 200, response.content
    assert flag(Round, round_.pk) is True and round_.pk in listed("round")
    supported = {**participant, "sources": [cite(source, claims(Participant))]}
    response = analyst_client.patch(round_url, {"participants": [supported]}, format="json")
    assert response.status_code == 200, response.content
    assert flag(Round, round_.pk) is False and round_.pk not in listed("round")

    # The round's own citation taken away, its participant's kept.
    response = analyst_client.patch(round_url, {"sources": []}, format="json")
    assert response.status_code == 200, response.content
    assert flag(Round, round_.pk) is True
    assert wrong_flags() == []


def test_the_flag_follows_writes_through_the_admin(superuser_client, source):
    topic = TopicFactory(name="Security", description="Talks.")
    topic.citations.create(source=source, quote="will visit Moscow", supports=["name"])
    provenance.refresh_unsupported()  # the factories wrote past the services
    assert flag(Topic, topic.pk) is True  # the description is supported by nothing

    address = f"/admin/dialogue/topic/{topic.pk}/change/"
    data = form_data(page_fields(superuser_client.get(address)))
    data["description"] = ""
    response = superuser_client.post(address, data)
    assert response.status_code == 302, form_errors(response)
    assert flag(Topic, topic.pk) is False and listed("topic") == []

    # The citation deleted in its inline row: the name is supported by nothing now.
    data = form_data(page_fields(superuser_client.get(address)))
    (deleted,) = [name for name in data if name.endswith("citations-0-id")]
    data[deleted.removesuffix("id") + "DELETE"] = "on"
    response = superuser_client.post(address, data)
    assert response.status_code == 302, form_errors(response)
    assert not topic.citations.exists()
    assert flag(Topic, topic.pk) is True and listed("topic") == [topic.pk]
    assert wrong_flags() == []


def test_the_worklist_reads_the_flag_not_the_citations():
    """Its count reads the counts a block of ids (one query), and its page the flagged
    records' indexes, not every record's citations: the kinds of record it shows, each in id
    order and limited to the page, with no sort of the whole worklist. With a source, the count
    is one query of the flagged records citing it."""
    TopicFactory(), RoundFactory()
    provenance.refresh_unsupported()
    with CaptureQueriesContext(connection) as queries:
        body = APIClient().get("/api/v1/provenance/", {"unsupported": "1"}).json()
    assert body["count"] >= 2
    counts = [q["sql"] for q in queries if "dialogue_worklistblock" in q["sql"]]
    assert len(counts) == 1 and "SUM" in counts[0], counts
    pages = [q["sql"] for q in queries if '"position"' in q["sql"]]
    assert all("dialogue_citation" not in sql for sql in pages), pages
    assert pages and all('"has_unsupported"' in sql for sql in pages), pages
    assert all("LIMIT" in part for sql in pages for part in sql.split("UNION ALL")), pages

    source = SourceFactory()
    with CaptureQueriesContext(connection) as queries:
        APIClient().get("/api/v1/provenance/", {"unsupported": "1", "source": source.pk})
    worklist = [q["sql"] for q in queries if '"position"' in q["sql"]]
    counts = [sql for sql in worklist if sql.startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and "ORDER BY" not in counts[0], counts
    assert all('"has_unsupported"' in sql for sql in worklist), worklist


def test_any_slice_of_the_worklist_is_the_slice_of_the_whole():
    for make in (TopicFactory, RoundFactory, PersonFactory):
        for _ in range(4):
            make()
    provenance.refresh_unsupported()
    rows = provenance.worklist_records(
        resources=list(provenance.RESOURCES), source=None, unsupported_only=True
    )
    whole = list(rows)
    assert len(whole) == rows.count() >= 12
    assert [row["position"] for row in whole] == sorted(row["position"] for row in whole)
    for start in range(len(whole) + 2):
        assert rows[start:] == whole[start:], start
        for stop in range(start, len(whole) + 3):
            assert rows[start:stop] == whole[start:stop], (start, stop)
    assert rows[len(whole) - 1] == whole[-1]
    with pytest.raises(IndexError):
        rows[len(whole)]


def test_migration_and_refresh_set_the_flag_from_the_condition(source):
    """What a record written past the services (a bulk insert) gets from
    `refresh_unsupported`, the function migration 0015 and the commands run."""
    bare = TopicFactory(name="Trade", description="")
    cited = TopicFactory(name="Security", description="")
    cited.citations.create(source=source, quote="will visit Moscow", supports=["name"])
    Topic.objects.update(has_unsupported=True)
    provenance.refresh_unsupported(Topic)
    assert (flag(Topic, bare.pk), flag(Topic, cited.pk)) == (True, False)
    Topic.objects.update(has_unsupported=False)
    provenance.refresh_unsupported()
    assert wrong_flags() == []


# --- The commands that write past the services set it too ---------------------------------------


def test_seed_and_generate_synthetic_set_the_flag():
    call_command("seed", verbosity=0)
    assert wrong_flags() == []
    assert not any(
        model.objects.filter(has_unsupported=True).exists()
        for model in provenance.RESOURCES.values()
    )  # every value of the seed is cited
    call_command("generate_synthetic", rounds=30, seed=3, batch=7, verbosity=0)
    assert wrong_flags() == []
    # A synthetic round's citation supports it as a whole, none of its values.
    assert Round.objects.filter(has_unsupported=True).count() == 30


def test_restore_sets_the_flag(tmp_path, source):
    topic = TopicFactory(name="Security", description="")
    topic.citations.create(source=source, quote="will visit Moscow", supports=["name"])
    Topic.objects.update(has_unsupported=True)  # as in a backup made before the flag
    backup = tmp_path / "backup.json"
    call_command("backup", output=str(backup), verbosity=0)
    for model in (Citation, Topic, Source):
        model.objects.all().delete()
        model.history.all().delete()

    call_command("restore", str(backup), verbosity=0)

    assert flag(Topic, topic.pk) is False
    assert wrong_flags() == []
