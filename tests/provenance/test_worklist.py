"""The provenance worklist selects, counts and pages its records in SQL, in agreement with
`record_provenance` (the Python that the record's own provenance page runs), and builds the
details of a page in a fixed number of queries, whatever the number of records.

The worklist reads each record's stored flag, which `provenance.refresh_unsupported` sets from
the SQL condition (`unsupported_condition`); these tests write records past the services, so
they set the flags that way before they compare: what they hold in agreement with the Python
is the condition. tests/provenance/test_worklist_flag.py holds the flag to it after writes.

Run on SQLite and on PostgreSQL (DATABASE_URL): the JSON `supports` test differs by vendor.
"""

import datetime
import random

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import IntegrityError, models, transaction
from rest_framework.test import APIClient

from dialogue import provenance
from dialogue.choices import NameKind
from dialogue.models import Citation, Participant
from dialogue.models.sources import citable_fields
from dialogue.selectors import owned_relations
from tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    MechanismFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
    country,
)
from tests.queries import data_queries

pytestmark = pytest.mark.django_db

FACTORIES = {
    "place": PlaceFactory,
    "person": PersonFactory,
    "organisation": OrganisationFactory,
    "topic": TopicFactory,
    "mechanism": MechanismFactory,
    "round": RoundFactory,
    "document": DocumentFactory,
    "indicator": IndicatorFactory,
}


# --- The reference: every record through record_provenance, in Python ------------------------


def python_worklist(resources: list[str], source: int | None, unsupported_only: bool) -> list:
    """The worklist as the endpoint computed it before it was selected in SQL."""
    entries = []
    for resource in resources:
        model = provenance.RESOURCES[resource]
        records = model._default_manager.order_by("pk")
        if source is not None:
            records = records.filter(
                citations__source_id=source
            ).distinct()  # records citing the source
        for record in records:
            described = provenance.record_provenance(record)
            if described["unsupported"] or not unsupported_only:
                entries.append(
                    {
                        "resource": resource,
                        "id": record.pk,
                        "label": described["label"],
                        "unsupported": described["unsupported"],
                    }
                )
    return entries


def sql_selection(
    resources: list[str], source: int | None, unsupported_only: bool, refresh: bool = True
) -> list:
    """The worklist's selection in SQL: the records' stored flags set from the SQL condition
    first (`refresh_unsupported`), as the tests write records past the services."""
    if refresh:
        provenance.refresh_unsupported()
    rows = provenance.worklist_records(
        resources=resources, source=source, unsupported_only=unsupported_only
    )
    return [(resources[row["position"]], row["record"]) for row in rows]


def endpoint_worklist(params: dict) -> tuple[int, list]:
    """Every page of the endpoint's answer, joined; and the count it reports."""
    client, entries, page, count = APIClient(), [], 1, None
    while True:
        response = client.get("/api/v1/provenance/", {**params, "page": page, "page_size": 7})
        assert response.status_code == 200, response.content[:500]
        body = response.json()
        count = body["count"] if count is None else count
        assert body["count"] == count
        entries += body["results"]
        if body["next"] is None:
            return count, entries
        page += 1


def assert_sql_agrees(sources: list[int]) -> int:
    """The SQL selection, and the endpoint's pages, equal the Python worklist, with and
    without `unsupported`, for all resources, each alone, and each source. Returns how many
    records the Python worklist found unsupported."""
    everything = list(provenance.RESOURCES)
    found = 0
    provenance.refresh_unsupported()  # the flags, from the SQL condition
    for source in [None, *sources]:
        for resources in [everything, *([name] for name in everything)]:
            for unsupported_only in (True, False):
                expected = python_worklist(resources, source, unsupported_only)
                selected = sql_selection(resources, source, unsupported_only, refresh=False)
                assert selected == [(e["resource"], e["id"]) for e in expected], (
                    resources,
                    source,
                    unsupported_only,
                )
                if source is None and resources == everything and unsupported_only:
                    found = len(expected)
        params = {"unsupported": "1", **({"source": source} if source else {})}
        expected = python_worklist(everything, source, True)
        assert endpoint_worklist(params) == (len(expected), expected)
    return found


# --- Varied records ---------------------------------------------------------------------------


def claim_names(model: type[models.Model]) -> list[str]:
    return [name for name in citable_fields(model) if name not in provenance.NOT_CLAIMS]


def claim_groups(model: type[models.Model]) -> list[list[str]]:
    groups: dict[frozenset, list[str]] = {}
    for name in claim_names(model):
        groups.setdefault(frozenset(provenance.claim_of(name)), []).append(name)
    return list(groups.values())


def cite_randomly(
    rng: random.Random, record: models.Model, sources: list, others: bool = True
) -> None:
    """Citations of the record supporting all its claims (a date by any one of its fields),
    all but one, some, none, or the record as a whole; sometimes a citation with the record's
    id but of another kind of record, supporting everything (unless not `others`)."""
    model = type(record)
    kind = ContentType.objects.get_for_model(model)
    groups = claim_groups(model)
    mode = rng.choice(["all", "all", "all but one", "some", "none", "whole"])
    if mode in ("all", "all but one"):
        chosen = [rng.choice(group) for group in groups]
        if mode == "all but one":
            chosen.remove(rng.choice(chosen))
        rng.shuffle(chosen)
        cut = rng.randrange(len(chosen) + 1)
        supports_lists = [chosen[:cut], chosen[cut:]]
    elif mode == "some":
        names = claim_names(model)
        supports_lists = [rng.sample(names, rng.randrange(1, len(names) + 1))]
    elif mode == "whole":
        supports_lists = [[]]
    else:
        supports_lists = []
    for supports in supports_lists:
        Citation.objects.create(
            content_type=kind,
            object_id=record.pk,
            source=rng.choice(sources),
            quote="They discussed security.",
            supports=supports,
        )
    if others and rng.random() < 0.2:
        other = ContentType.objects.get_for_model(
            rng.choice([m for m in provenance.RESOURCES.values() if m is not model])
        )
        Citation.objects.create(
            content_type=other,
            object_id=record.pk,
            source=sources[0],
            quote="They discussed security.",
            supports=claim_names(model),
        )


def blank_randomly(rng: random.Random, record: models.Model) -> None:
    """Empty some of the record's optional values (a text, a link, a date with its end), and
    link some of its many-to-many fields; the values the database refuses are left as they
    were."""
    model = type(record)
    for field in model._meta.many_to_many:
        if rng.random() < 0.5:
            getattr(record, field.name).add(
                field.related_model._default_manager.order_by("pk").first()
            )
    dates = [f for f in model._meta.concrete_fields if f.name in ("start_date", "end_date")]
    for name in claim_names(model):
        field = model._meta.get_field(name)
        if field.many_to_many or rng.random() > 0.35:
            continue
        if isinstance(field, models.CharField | models.TextField):
            setattr(record, field.attname, "")
        elif field in dates and all(date.null for date in dates):
            record.start_date = record.end_date = None  # a date has both ends or neither
        elif field.null and field not in dates:
            setattr(record, field.attname, None)
    if model is provenance.RESOURCES["mechanism"]:
        # A precision without its date is no claim.
        record.established = rng.choice([None, datetime.date(2000, 1, 1)])
        record.established_precision = rng.choice(["", "day", "year"])
        record.resumed = rng.choice([None, datetime.date(2010, 1, 1)])
        record.resumed_precision = rng.choice(["", "day"])
    try:
        with transaction.atomic():
            # Saved as stored, past the model's own save (which would fill values back in).
            model._default_manager.filter(pk=record.pk).update(
                **{f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields}
            )
    except IntegrityError:
        pass


def add_rows(
    rng: random.Random,
    record: models.Model,
    sources: list,
    count: int | None = None,
    others: bool = True,
) -> None:
    """`count` (or 0–2) owned rows (participants, other names), some of them blanked, each
    cited randomly."""
    for owned in owned_relations(type(record)).values():
        if owned.model is Citation:
            continue
        for index in range(rng.randrange(3) if count is None else count):
            link = {owned.link_fields[0]: record}
            if owned.model is Participant:
                row = Participant.objects.create(
                    **link,
                    person=PersonFactory(),
                    country=country("RU"),
                    role=rng.choice(["", "Foreign Minister"]),
                    organisation=rng.choice([None, OrganisationFactory()]),
                    order=index,
                )
            else:
                row = owned.model.objects.create(
                    **link,
                    name=f"{record.pk} name {index}",
                    language=rng.choice(["ja", "ru"]),
                    kind=rng.choice([NameKind.NATIVE, NameKind.TRANSLITERATION]),
                    used_by=rng.choice([None, country("JP")]),
                    note=rng.choice(["", "Used in Japan."]),
                )
            cite_randomly(rng, row, sources, others)


@pytest.fixture
def sources():
    text = "They discussed security."
    return [SourceFactory(text=text), SourceFactory(text=text)]


@pytest.mark.parametrize("seed", [1, 2])
def test_the_sql_selection_equals_record_provenance_over_varied_records(sources, seed):
    rng = random.Random(seed)
    TopicFactory(), PlaceFactory(), OrganisationFactory()  # targets of many-to-many links
    for make in FACTORIES.values():
        for _ in range(8):
            record = make()
            blank_randomly(rng, record)
            record.refresh_from_db()
            cite_randomly(rng, record, sources)
            add_rows(rng, record, sources)
    found = assert_sql_agrees([source.pk for source in sources])
    total = sum(model._default_manager.count() for model in provenance.RESOURCES.values())
    assert 0 < found < total  # a mix of supported and unsupported records


def test_the_sql_selection_equals_record_provenance_over_the_seed(seeded):
    assert assert_sql_agrees([1]) == 0
    # Take a fifth of the citations away, and a name from the supports of another fifth.
    rng = random.Random(3)
    for citation in Citation.objects.order_by("pk"):
        draw = rng.random()
        if draw < 0.2:
            citation.delete()
        elif draw < 0.4 and citation.supports:
            citation.supports = citation.supports[1:]
            citation.save(update_fields=["supports"])
    assert assert_sql_agrees([1]) > 0


def test_a_field_named_inside_another_is_not_supported(sources):
    mechanism = MechanismFactory(name="Dialogue", short_name="D")
    mechanism.citations.create(source=sources[0], quote="They", supports=["short_name"])
    assert "name" in provenance.record_provenance(mechanism)["unsupported"]
    assert sql_selection(["mechanism"], None, True) == [("mechanism", mechanism.pk)]


def test_a_date_is_supported_by_any_of_its_fields(sources):
    record = RoundFactory()
    record.citations.create(source=sources[0], quote="They", supports=["date_precision"])
    claims = {name for name, _ in provenance.claimed_fields(record)}
    others = sorted(claims - {"start_date", "end_date", "date_precision"})
    record.citations.create(source=sources[0], quote="They", supports=others)
    assert provenance.record_provenance(record)["unsupported"] == []
    assert sql_selection(["round"], None, True) == []


def test_supports_that_is_not_a_list_supports_nothing(sources):
    topic = TopicFactory(description="")
    for supports in ({"name": True}, "name", [["name"]]):
        Citation.objects.filter(object_id=topic.pk).delete()
        topic.citations.create(source=sources[0], quote="They", supports=supports)
        assert provenance.record_provenance(topic)["unsupported"] == ["name"]
        assert sql_selection(["topic"], None, True) == [("topic", topic.pk)]


def test_the_worklist_names_a_resource_given_twice_once(sources):
    TopicFactory()
    body = APIClient().get("/api/v1/provenance/", {"resource": ["topic", "topic"]}).json()
    assert body["count"] == 1 and len(body["results"]) == 1


# --- A page costs the same whatever the number of records --------------------------------------


def build_cited(size: int, sources: list) -> None:
    """`size` records of each kind, each with links, rows and citations, one value unsupported."""
    rng = random.Random(size)
    TopicFactory(), PlaceFactory(), OrganisationFactory()
    for make in FACTORIES.values():
        for _ in range(size):
            record = make()
            model = type(record)
            for field in model._meta.many_to_many:
                getattr(record, field.name).add(
                    field.related_model._default_manager.order_by("pk").first()
                )
            groups = claim_groups(model)
            record.citations.create(
                source=sources[1],
                quote="They discussed security.",
                supports=[group[0] for group in groups[1:]],
            )
            add_rows(rng, record, sources[:1], count=2, others=False)


# As in tests/api/test_query_counts.py: a query repeated per record shows at 5 records of each
# kind as surely as at 60, for a twelfth of the building.
@pytest.mark.parametrize("size", [1, 5])
def test_a_worklist_page_costs_the_same_whatever_the_number_of_records(sources, size):
    build_cited(size, sources)
    provenance.refresh_unsupported()  # written past the services
    client = APIClient()
    # Every kind of record on the page: the 8 × 5 records citing the second source fit a
    # page of 500 (the people and organisations their rows name cite nothing).
    params = {"unsupported": "1", "source": sources[1].pk, "page_size": 500}
    assert client.get("/api/v1/provenance/", params).json()["count"] == 8 * size
    # The source's check and the count (2), then each one query for the records of every kind
    # on the page: its rows (off each kind's index), the records with their owned rows (a
    # round with its mechanism, for the label), their many-to-many links, and their citations
    # (4): the same as for one kind of record.
    caches["responses"].clear()  # the page is computed, not served from the cache
    with data_queries(2 + 4):  # besides what every request reads (its version)
        client.get("/api/v1/provenance/", params)
    one_kind = {"unsupported": "1", "resource": "round"}
    client.get("/api/v1/provenance/", one_kind)
    caches["responses"].clear()
    with data_queries(1 + 4):  # the count (from the block counts), then the page's 4
        client.get("/api/v1/provenance/", one_kind)
