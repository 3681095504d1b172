"""Every resource's list built from plain rows by its serializer's plan gives exactly what the
serializer gives, in every shape; a serializer with a field no row holds keeps its own path."""

import pytest
from rest_framework.test import APIRequestFactory

from dialogue.api import rows
from dialogue.api.urls import router
from dialogue.models import Citation, Document, Indicator, Person
from tests.factories import (
    DocumentFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
    TopicFactory,
    country,
)

RESOURCES = {prefix: viewset for prefix, viewset, _basename in router.registry}


def both_ways(prefix: str, fields: list[str] | None = None) -> tuple[list, list]:
    """The resource's records through its serializer, and through its plan."""
    viewset = RESOURCES[prefix]
    request = APIRequestFactory().get(f"/api/v1/{prefix}/")
    queryset = viewset.queryset.all()
    records = list(queryset)
    serializer = viewset.serializer_class(records, many=True, context={"request": request})
    record_serializer = serializer.child
    for name in list(record_serializer.fields):
        if fields is not None and name not in fields:
            record_serializer.fields.pop(name)
    plan = rows.RowPlan(record_serializer, queryset)
    pks = [record.pk for record in records]
    return [dict(row) for row in serializer.data], plan.read(queryset, pks, request)


PLANNED = sorted(set(RESOURCES) - {"mechanisms"})


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("prefix", PLANNED)
def test_the_seed_reads_the_same_both_ways_in_full(prefix):
    by_serializer, by_plan = both_ways(prefix)

    assert by_plan == by_serializer
    assert by_plan  # the seed has records of every kind


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("prefix", PLANNED)
def test_the_seed_reads_the_same_both_ways_in_brief(prefix):
    brief = RESOURCES[prefix].serializer_class.Meta.brief_fields

    by_serializer, by_plan = both_ways(prefix, list(brief))

    assert by_plan == by_serializer


@pytest.mark.django_db
def test_nested_and_linked_rows_keep_the_serializers_order():
    person = PersonFactory(name="Taro Kono")
    for name, language in (("河野太郎", "ja"), ("Таро Коно", "ru"), ("Kono Taro", "en")):
        person.other_names.create(name=name, language=language)
    source = SourceFactory()
    for quote in ("Second quote", "First quote"):
        Citation.objects.create(record=person, source=source, quote=quote)
    document = DocumentFactory()
    document.parties.set([country("ZM"), country("AL")])
    document.signatories.set([OrganisationFactory(name="Zeta"), OrganisationFactory(name="Alpha")])
    document.topics.set([TopicFactory(name="Zinc"), TopicFactory(name="Arms")])

    for prefix in ("people", "documents"):
        by_serializer, by_plan = both_ways(prefix)
        assert by_plan == by_serializer
    assert Person.objects.count() == 1 and Document.objects.count() == 1


@pytest.mark.usefixtures("seeded")
def test_a_figures_decimal_value_reads_as_the_serializer_writes_it():
    by_serializer, by_plan = both_ways("indicators", ["id", "value", "date"])

    assert by_plan == by_serializer
    assert all(isinstance(row["value"], str) for row in by_plan)
    assert Indicator.objects.exists()


def test_a_method_field_keeps_the_serializer():
    viewset = RESOURCES["mechanisms"]
    request = APIRequestFactory().get("/api/v1/mechanisms/")
    serializer = viewset.serializer_class(context={"request": request})

    with pytest.raises(rows.Unplannable):
        rows.RowPlan(serializer, viewset.queryset.all())


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("path", "planned"),
    [
        ("/api/v1/rounds/", True),
        ("/api/v1/rounds/?fields=id,date", True),
        ("/api/v1/people/?brief=1", True),
        ("/api/v1/sources/?format=csv", True),
        ("/api/v1/mechanisms/", False),
    ],
)
def test_lists_are_read_by_their_plan_where_there_is_one(client, monkeypatch, path, planned):
    reads = []
    # A page is built by `represent`; a whole list streamed (PostgreSQL) by `stream`.
    for name in ("represent", "stream"):
        real = getattr(rows.RowPlan, name)
        monkeypatch.setattr(
            rows.RowPlan,
            name,
            lambda *args, real=real: reads.append(args[1]) or real(*args),
        )

    response = client.get(path)
    if path.endswith("csv"):
        b"".join(response.streaming_content)

    assert response.status_code == 200
    assert bool(reads) is planned
