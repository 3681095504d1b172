"""The synthetic registry used by the benchmarks: valid, and the same for the same seed."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from dialogue.models import Citation, Mechanism, Participant, Round


def snapshot() -> list[tuple]:
    """Every synthetic round's content, without ids or timestamps."""
    return [
        (
            round_.mechanism.slug,
            round_.number,
            round_.start_date,
            round_.end_date,
            round_.date_precision,
            round_.status,
            round_.city.slug,
            round_.host_country_id,
            round_.summary,
            tuple(p.person.name for p in round_.participants.all()),
            tuple(sorted(t.slug for t in round_.topics.all())),
        )
        for round_ in Round.objects.select_related("mechanism", "city")
        .prefetch_related("participants__person", "topics")
        .order_by("mechanism__slug", "number")
    ]


@pytest.mark.django_db
def test_generates_the_rounds_asked_for_each_with_participants_and_a_citation():
    call_command("generate_synthetic", rounds=300, seed=5, batch=70, verbosity=0)

    assert Round.objects.count() == 300
    assert Participant.objects.count() == 600
    assert Citation.objects.filter(content_type__model="round").count() == 300
    assert Mechanism.objects.filter(slug__startswith="syn-5-").count() == 3


@pytest.mark.django_db
def test_synthetic_records_obey_the_models_rules():
    call_command("generate_synthetic", rounds=200, seed=6, verbosity=0)

    for round_ in Round.objects.all()[:60]:
        round_.full_clean()
        for row in [*round_.participants.all(), *round_.citations.all()]:
            row.full_clean()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_registry():
    with transaction.atomic():
        call_command("generate_synthetic", rounds=150, seed=7, verbosity=0)
        first = snapshot()
        transaction.set_rollback(True)
    call_command("generate_synthetic", rounds=150, seed=7, verbosity=0)

    assert snapshot() == first


@pytest.mark.django_db
def test_a_seed_already_generated_is_refused():
    call_command("generate_synthetic", rounds=10, seed=8, verbosity=0)

    with pytest.raises(CommandError, match="exist already"):
        call_command("generate_synthetic", rounds=10, seed=8, verbosity=0)
