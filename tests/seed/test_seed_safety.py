"""The `seed` command (`make seed`, `make run`) never changes what the registry already holds.

It adds the release's records that the registry has never held, with one first version each
(many-to-many values included); it leaves every record that exists as it is, reporting the ones
that differ from the fixture; it does not re-create records that were deleted.
"""

import io
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model

from dialogue.management.commands import seed as seed_command
from dialogue.models import (
    Citation,
    Draft,
    Mechanism,
    Organisation,
    Participant,
    Person,
    PersonName,
    Round,
    Topic,
)
from dialogue.records import record_types
from tests.conftest import reset_sequences

SEED_OBJECTS = 628  # the objects of fixtures/release-2018-07-30.yaml


def registry_models() -> list[type[Model]]:
    """Every kind of record that the fixture fills (countries come from a migration), and
    drafts, which it must leave alone."""
    return [model for model in record_types() if model._meta.model_name != "country"] + [Draft]


def history_models() -> list[type[Model]]:
    """Every history table: versions, and the many-to-many values of versions."""
    return [
        model
        for model in apps.get_app_config("dialogue").get_models()
        if model._meta.model_name.startswith("historical")
    ]


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in registry_models()}


def state() -> dict:
    """Everything the seed could change: each record's stored values, and the history tables."""
    return {
        "records": {
            model._meta.label: sorted(model.objects.values_list(), key=repr)
            for model in registry_models()
        },
        "links": {
            f"{model._meta.label}.{field.name}": sorted(
                field.remote_field.through.objects.values_list(), key=repr
            )
            for model in registry_models()
            for field in model._meta.many_to_many
        },
        "history": {model._meta.label: model.objects.count() for model in history_models()},
    }


def seed() -> str:
    """Run the seed as `make seed` does; its report."""
    out = io.StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


def m2m_of_version(version, field) -> set:
    """The many-to-many values a history version recorded for `field`."""
    return set(getattr(version, field.name).values_list(field.m2m_reverse_field_name(), flat=True))


@pytest.fixture(scope="module")
def seeded_by_the_command_module(django_db_setup, django_db_blocker) -> Iterator[None]:
    """`seed` run once for the module on the empty registry, in a transaction rolled back after
    it: the tests that start from a seeded registry each run inside it in their own savepoint
    (pytest-django's `db`), not after a seed of their own (3-6 s each)."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded_by_the_command(seeded_by_the_command_module, db) -> None:
    """The registry as `seed` leaves an empty one (tests/conftest.py runs these tests last in
    the module, so no other test sees it)."""
    reset_sequences()


# --------------------------------------------------------------------------- an empty registry


@pytest.mark.django_db
def test_seed_on_an_empty_registry_adds_every_record_with_one_first_version() -> None:
    report = seed()

    assert sum(counts().values()) == SEED_OBJECTS
    for model in registry_models():
        for record in model.objects.all():
            versions = list(model.history.filter(id=record.pk))
            assert [v.history_type for v in versions] == ["+"], f"{model._meta.label} {record.pk}"
            (version,) = versions
            if hasattr(record, "created"):
                assert version.history_date == record.created
            assert version.history_user is None
    assert f"{SEED_OBJECTS} added, 0 already present" in report


def test_seeded_first_versions_carry_their_many_to_many_values(seeded_by_the_command: None) -> None:

    first = Mechanism.history.get(id=1)
    assert m2m_of_version(first, Mechanism._meta.get_field("countries")) == {"JP", "RU"}
    checked = 0
    for model in registry_models():
        for field in model._meta.many_to_many:
            for record in model.objects.all():
                stored = set(getattr(record, field.name).values_list("pk", flat=True))
                version = model.history.get(id=record.pk)
                assert m2m_of_version(version, field) == stored, (model, record.pk, field.name)
                checked += bool(stored)
    assert checked > 20


def test_the_first_save_after_the_seed_changes_only_what_it_changed(
    seeded_by_the_command: None,
) -> None:
    mechanism = Mechanism.objects.get(pk=1)
    mechanism.description = "Corrected by an analyst."
    mechanism.save()

    latest, first = Mechanism.history.filter(id=1).order_by("-history_id")[:2]
    assert latest.diff_against(first).changed_fields == ["description"]


def test_after_the_seed_new_records_get_fresh_ids(seeded_by_the_command: None) -> None:
    """The id sequences were moved past the seeded ids (PostgreSQL), so creating works."""
    topic = Topic.objects.create(slug="new-topic", name="New topic")
    organisation = Organisation.objects.create(name="New ministry", kind="ministry")

    assert topic.pk > 22 and organisation.pk > 17


# --------------------------------------------------------------------------- a registry in use


def test_seed_keeps_analysts_edits_additions_and_deletions(seeded_by_the_command: None) -> None:
    # An analyst corrects round 1 (a field and a many-to-many value) and mechanism 1's bodies,
    round_ = Round.objects.get(pk=1)
    round_.summary = "The first round, corrected by an analyst."
    round_.save()
    round_.topics.add(Topic.objects.get(slug="investment"))
    mechanism = Mechanism.objects.get(pk=1)
    mechanism.organisations.set(Organisation.objects.filter(pk__in=[1, 3]))
    # adds a record, and deletes two seeded ones that nothing protects.
    added = Topic.objects.create(slug="cyber-security", name="Cyber security")
    citation = Round.objects.get(pk=3).citations.order_by("pk").first()
    assert citation is not None
    citation_pk = citation.pk
    citation.delete()
    PersonName.objects.get(pk=1).delete()
    round_.refresh_from_db()
    mechanism.refresh_from_db()
    before = state()

    report = seed()  # the seed step of `make run`

    round_after = Round.objects.get(pk=1)
    assert round_after.summary == "The first round, corrected by an analyst."
    assert round_after.updated == round_.updated
    assert set(round_after.topics.values_list("slug", flat=True)) >= {"investment"}
    assert set(Mechanism.objects.get(pk=1).organisations.values_list("pk", flat=True)) == {1, 3}
    assert Mechanism.objects.get(pk=1).updated == mechanism.updated
    assert Topic.objects.filter(pk=added.pk, slug="cyber-security").exists()
    assert not Citation.objects.filter(pk=citation_pk).exists()
    assert not PersonName.objects.filter(pk=1).exists()
    assert state() == before

    assert "0 added" in report
    assert "kept the registry's version of dialogue.round 1: summary differs" in report
    assert "kept the registry's version of dialogue.round 1: topics differs" in report
    assert "kept the registry's version of dialogue.mechanism 1: organisations differs" in report
    assert f"not re-created dialogue.citation {citation_pk}:" in report
    assert "not re-created dialogue.personname 1:" in report


def test_seeding_twice_changes_nothing(seeded_by_the_command: None) -> None:
    before = state()

    report = seed()

    assert state() == before
    assert f"0 added, {SEED_OBJECTS} already present, 0 kept" in report


def test_a_record_the_fixture_gained_is_added_with_its_first_version(
    seeded_by_the_command: None,
) -> None:
    """A record the registry has never held (no row, no history) is new: it is added."""
    # As if the fixture had gained person name 1 and round citation 1 since the last seed.
    PersonName.objects.get(pk=1).delete()
    PersonName.history.filter(id=1).delete()
    Citation.objects.get(pk=1).delete()
    Citation.history.filter(id=1).delete()
    unrelated = Round.objects.get(pk=2)

    report = seed()

    assert PersonName.objects.filter(pk=1).exists()
    assert Citation.objects.filter(pk=1).exists()
    assert [v.history_type for v in PersonName.history.filter(id=1)] == ["+"]
    assert [v.history_type for v in Citation.history.filter(id=1)] == ["+"]
    assert Round.objects.get(pk=2).updated == unrelated.updated
    assert "2 added" in report


def test_a_new_record_that_refers_to_a_deleted_one_is_skipped_and_reported(
    seeded_by_the_command: None,
) -> None:
    # Vyacheslav Volodin (person 11) is deleted with his participation; his name has no history,
    # as if the fixture had gained it: it cannot be added without him.
    Participant.objects.filter(person_id=11).delete()
    name_pk = PersonName.objects.get(person_id=11).pk
    PersonName.objects.get(pk=name_pk).delete()
    PersonName.history.filter(id=name_pk).delete()
    Person.objects.get(pk=11).delete()
    before = state()

    report = seed()

    assert not Person.objects.filter(pk=11).exists()
    assert not Participant.objects.filter(person_id=11).exists()
    assert state() == before
    assert "not re-created dialogue.person 11:" in report
    assert (
        f"not added dialogue.personname {name_pk}: person refers to dialogue.person 11, "
        "which is not in the registry"
    ) in report


def test_a_new_record_that_collides_with_an_analysts_record_is_skipped_and_reported(
    seeded_by_the_command: None,
) -> None:
    # Topic 22 has never been held (no row, no history), and an analyst has since created a
    # topic with its slug.
    Topic.objects.get(pk=22).delete()
    Topic.history.filter(id=22).delete()
    analysts = Topic.objects.create(slug="investment", name="Investment (analyst)")
    before = state()

    report = seed()

    assert Topic.objects.get(slug="investment").pk == analysts.pk
    assert state() == before
    assert "not added dialogue.topic 22: it collides with a record in the registry" in report


@pytest.mark.django_db
def test_seed_is_all_or_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def failing_write_version(instance, history_type, **kwargs):
        calls.append(instance)
        if len(calls) == 100:
            raise RuntimeError("the disk is full")

    monkeypatch.setattr(seed_command, "write_version", failing_write_version)
    before = state()

    with pytest.raises(RuntimeError, match="the disk is full"):
        seed()
    assert len(calls) == 100
    assert state() == before
    assert sum(counts().values()) == 0


def test_a_new_record_that_breaks_the_services_rules_is_skipped_and_reported(
    seeded_by_the_command: None,
) -> None:
    """A record the fixture gained is checked as every writer's records are: a citation whose
    quote is no longer in its source (an analyst corrected the source's text) is not added."""
    citation = Citation.objects.get(pk=1)
    citation.delete()
    Citation.history.filter(id=1).delete()
    source = citation.source
    source.text = "An analyst's corrected text, which no longer says that."
    source.save()
    before = state()

    report = seed()

    assert not Citation.objects.filter(pk=1).exists()
    assert state() == before
    assert (
        "not added dialogue.citation 1: it breaks the registry's rules (The quote does not "
        "appear word for word in the source's text.)"
    ) in report
