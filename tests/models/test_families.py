"""The families of records, declared at the models: what follows from them (the lists of the
history, the worklist and the seed audit, the admin's inlines, search) and the rules a family
brings (a hierarchy without cycles)."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dialogue import changes, models, provenance, records, search
from dialogue.management.commands.seed_audit import record_order
from tests.factories import MechanismFactory, OrganisationFactory, PlaceFactory, TopicFactory

HIERARCHICAL = [
    (models.Place, PlaceFactory),
    (models.Organisation, OrganisationFactory),
    (models.Topic, TopicFactory),
    (models.Mechanism, MechanismFactory),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "make"), HIERARCHICAL, ids=lambda m: getattr(m, "__name__", ""))
def test_a_record_of_a_hierarchy_is_not_part_of_its_own_parts(model, make):
    top = make()
    middle = make(parent=top)
    bottom = make(parent=middle)
    top.parent = bottom

    with pytest.raises(ValidationError) as excinfo:
        top.full_clean()

    assert excinfo.value.message_dict["parent"] == ["A record cannot be part of itself."]
    assert issubclass(model, models.HierarchicalModel)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "make"), HIERARCHICAL, ids=lambda m: getattr(m, "__name__", ""))
def test_the_database_refuses_a_record_that_is_its_own_parent(model, make):
    record = make()
    name = f"dialogue_{model._meta.model_name}_not_own_parent"

    assert name in {constraint.name for constraint in model._meta.constraints}
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=record.pk).update(parent=record.pk)


def test_the_history_lists_every_record_but_drafts():
    assert set(changes.TRACKED) == {
        "country",
        "place",
        "placename",
        "person",
        "personname",
        "organisation",
        "organisationname",
        "topic",
        "source",
        "citation",
        "mechanism",
        "mechanismname",
        "round",
        "participant",
        "document",
        "indicator",
    }


def test_the_worklist_lists_the_citable_resources_in_the_apis_order():
    assert list(provenance.RESOURCES) == [
        "place",
        "person",
        "organisation",
        "topic",
        "mechanism",
        "round",
        "document",
        "indicator",
    ]


def test_the_seed_audit_keeps_its_order_with_each_records_rows_after_it():
    assert record_order() == [
        "organisation",
        "organisationname",
        "person",
        "personname",
        "place",
        "placename",
        "topic",
        "mechanism",
        "mechanismname",
        "round",
        "participant",
        "document",
        "indicator",
    ]


def test_each_named_record_has_its_names_model():
    assert {
        model.__name__: names.__name__
        for model in records.record_types()
        if (names := records.names_of(model)) is not None
    } == {
        "Place": "PlaceName",
        "Person": "PersonName",
        "Organisation": "OrganisationName",
        "Mechanism": "MechanismName",
    }


def test_each_admin_page_shows_its_records_names_and_citations():
    inlines = {
        model.__name__: [inline.model.__name__ for inline in model_admin.inlines]
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "dialogue" and model is not models.Draft
    }

    assert inlines == {
        "Country": [],
        "Place": ["PlaceName", "Citation"],
        "Person": ["PersonName", "Citation"],
        "Organisation": ["OrganisationName", "Citation"],
        "Topic": ["Citation"],
        "Source": [],
        "Mechanism": ["MechanismName", "Citation", "Round"],
        "Round": ["Participant", "Citation"],
        "Document": ["Citation"],
        "Indicator": ["Citation"],
    }


@pytest.mark.parametrize(
    "parts",
    [search.ROUND_PARTS, search.MECHANISM_PARTS, search.DOCUMENT_PARTS, search.INDICATOR_PARTS],
    ids=lambda parts: parts[0].model.__name__,
)
def test_a_searched_citable_record_is_found_by_its_cited_passages(parts):
    quotes = parts[-1]

    assert (quotes.model, quotes.fields, quotes.cites) == (
        models.Citation,
        ("quote",),
        parts[0].model,
    )
