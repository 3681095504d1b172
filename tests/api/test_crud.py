"""The JSON API under /api/v1/: routes, CRUD, shapes, validation, filters and errors."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import pytest
from django.db import models as db_models

from dialogue import models
from dialogue.choices import DatePrecision
from tests.conftest import API_RESOURCES, assert_problem, field_errors, no_field_errors, problem
from tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    MechanismFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, response.content[:500]


def item_errors(errors: list | dict, index: int) -> dict:
    """The errors of item `index` of a nested list: DRF writes `[{}, {...}]` or `{"1": {...}}`."""
    if isinstance(errors, dict):
        return errors.get(str(index), {})
    assert isinstance(errors, list), errors
    item = errors[index] if index < len(errors) else {}
    assert isinstance(item, dict), f"errors are not keyed by position: {errors}"
    return item


# --- Routes ------------------------------------------------------------------------------


def test_root_lists_every_resource_as_an_absolute_url(api_client):
    response = api_client.get("/api/v1/")

    assert response.status_code == 200
    body = response.json()
    assert set(API_RESOURCES) <= set(body)
    for name in API_RESOURCES:
        assert body[name] == f"http://testserver/api/v1/{name}/"


def test_country_is_looked_up_by_alpha_2_code(api_client):
    response = api_client.get("/api/v1/countries/JP/")

    assert response.status_code == 200
    assert response.json()["code"] == "JP"
    assert response.json()["name"] == "Japan"


def test_unknown_route_under_api_is_a_json_404(api_client):
    response = api_client.get("/api/v1/nope/")

    no_field_errors(response, 404)


def test_unknown_record_is_a_json_404(api_client):
    response = api_client.get("/api/v1/rounds/999999/")

    no_field_errors(response, 404)


ERRORS = {
    "validation": (400, "post", "/api/v1/rounds/", {"start_date": "2018-07-31"}),
    "parse": (400, "generic", "/api/v1/topics/", '{"slug": "x", '),
    "anonymous": (401, "anonymous", "/api/v1/topics/", {"slug": "x", "name": "X"}),
    "forbidden": (403, "reader", "/api/v1/topics/", {"slug": "x", "name": "X"}),
    "unknown record": (404, "get", "/api/v1/rounds/999999/", None),
    "unknown route": (404, "get", "/api/v1/nope/", None),
    "method": (405, "delete", "/api/v1/topics/", None),
    "media type": (415, "text", "/api/v1/topics/", "slug=x"),
}


@pytest.mark.parametrize("case", ERRORS, ids=str)
def test_error_body_is_a_problem_with_the_http_status(
    api_client, analyst_client, reader_client, case
):
    """RFC 9457: type, title, status (the HTTP status), detail and instance (the path)."""
    status, how, path, body = ERRORS[case]
    if how == "anonymous":
        response = api_client.post(path, body)
    elif how == "reader":
        response = reader_client.post(path, body)
    elif how == "generic":
        response = analyst_client.generic("POST", path, body, content_type="application/json")
    elif how == "text":
        response = analyst_client.generic("POST", path, body, content_type="text/plain")
    elif how == "post":
        MechanismFactory()
        response = analyst_client.post(path, body)
    else:
        response = getattr(analyst_client, how)(path)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    problem_body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(problem_body)
    assert problem_body["status"] == response.status_code == status
    assert problem_body["type"] == "about:blank"
    assert problem_body["title"] == HTTPStatus(status).phrase
    assert isinstance(problem_body["detail"], str)
    assert problem_body["detail"]
    assert problem_body["instance"] == path
    assert ("errors" in problem_body) == (case == "validation")


# --- CRUD on every resource ----------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    """How to exercise one resource: an existing record, a valid body, and one change."""

    name: str
    model: type[db_models.Model]
    make: Callable[[], db_models.Model]
    body: Callable[[], dict[str, Any]]
    change: tuple[str, Any]

    def __str__(self) -> str:
        return self.name


def _country() -> models.Country:
    return models.Country.objects.create(code="XA", name="Testland")


def _round_body() -> dict[str, Any]:
    return {"mechanism": MechanismFactory().pk, "number": 1, "start_date": "2018-07-31"}


CRUD = [
    Resource(
        "countries",
        models.Country,
        _country,
        lambda: {"code": "XB", "name": "Otherland"},
        ("name", "Renamed"),
    ),
    Resource(
        "people",
        models.Person,
        PersonFactory,
        lambda: {
            "name": "Taro Kono",
            "country": "JP",
            "other_names": [{"name": "河野太郎", "language": "ja", "kind": "native"}],
        },
        ("note", "Foreign Minister in 2018."),
    ),
    Resource(
        "organisations",
        models.Organisation,
        OrganisationFactory,
        lambda: {"name": "Ministry of Foreign Affairs", "kind": "ministry", "country": "JP"},
        ("note", "Gaimusho."),
    ),
    Resource(
        "mechanisms",
        models.Mechanism,
        MechanismFactory,
        lambda: {
            "slug": "ru-jp-2plus2",
            "name": "Russia–Japan 2+2",
            "kind": "two_plus_two",
            "countries": ["RU", "JP"],
        },
        ("short_name", "2+2"),
    ),
    Resource("rounds", models.Round, RoundFactory, _round_body, ("venue", "Bolshoi Theatre")),
    Resource(
        "documents",
        models.Document,
        DocumentFactory,
        lambda: {"title": "Joint statement", "kind": "joint_statement", "start_date": "2018-05-26"},
        ("description", "On cooperation."),
    ),
    Resource(
        "indicators",
        models.Indicator,
        IndicatorFactory,
        lambda: {
            "name": "Bilateral trade turnover",
            "countries": ["RU", "JP"],
            "value": "18300000000.0000",
            "unit": "USD",
            "start_date": "2017-01-01",
            "date_precision": "year",
        },
        ("value_as_stated", "$18.3 billion"),
    ),
    Resource(
        "topics",
        models.Topic,
        TopicFactory,
        lambda: {"slug": "security", "name": "Security"},
        ("name", "Peace"),
    ),
    Resource(
        "sources",
        models.Source,
        SourceFactory,
        lambda: {"title": "Press release", "language": "en-GB", "text": "The ministers met."},
        ("note", "Copied from the ministry's site."),
    ),
    Resource(
        "places",
        models.Place,
        PlaceFactory,
        lambda: {"slug": "moscow", "name": "Moscow", "country": "RU"},
        ("note", "Capital."),
    ),
]


def detail_url(resource: Resource, record: db_models.Model) -> str:
    return f"/api/v1/{resource.name}/{record.pk}/"


def test_crud_covers_every_resource():
    assert {resource.name for resource in CRUD} == set(API_RESOURCES)


@pytest.mark.parametrize("resource", CRUD, ids=str)
def test_list(resource, analyst_client):
    record = resource.make()

    response = analyst_client.get(f"/api/v1/{resource.name}/", {"page_size": 500})

    assert response.status_code == 200
    assert response.json()["count"] == resource.model.objects.count()
    pk_name = resource.model._meta.pk.name
    assert record.pk in [item[pk_name] for item in response.json()["results"]]


@pytest.mark.parametrize("resource", CRUD, ids=str)
def test_retrieve(resource, analyst_client):
    record = resource.make()

    response = analyst_client.get(detail_url(resource, record))

    assert response.status_code == 200
    body = response.json()
    assert body[type(record)._meta.pk.name] == record.pk
    assert body["url"] == f"http://testserver{detail_url(resource, record)}"


@pytest.mark.parametrize("resource", CRUD, ids=str)
def test_create(resource, analyst_client):
    body = resource.body()

    response = analyst_client.post(f"/api/v1/{resource.name}/", body)

    assert response.status_code == 201, response.json()
    model = resource.model
    pk_name = model._meta.pk.name
    stored = model.objects.get(pk=response.json()[pk_name])
    for field, value in body.items():
        if isinstance(value, str) and not isinstance(
            model._meta.get_field(field), db_models.ManyToManyField | db_models.ForeignKey
        ):
            assert str(getattr(stored, field)) == value


@pytest.mark.parametrize("resource", CRUD, ids=str)
def test_replace(resource, analyst_client):
    record = resource.make()
    field, value = resource.change
    body = {**resource.body(), field: value}
    if resource.name == "countries":
        body["code"] = record.pk

    response = analyst_client.put(detail_url(resource, record), body)

    assert response.status_code == 200, response.json()
    record.refresh_from_db()
    assert getattr(record, field) == value


@pytest.mark.parametrize("resource", CRUD, ids=str)
def test_partial_update(resource, analyst_client):
    record = resource.make()
    field, value = resource.change

    response = analyst_client.patch(detail_url(resource, record), {field: value})

    assert response.status_code == 200, response.json()
    assert response.json()[field] == value
    record.refresh_from_db()
    assert getattr(record, field) == value


@pytest.mark.parametrize("resource", CRUD, ids=str)
def test_delete(resource, analyst_client):
    record = resource.make()

    response = analyst_client.delete(detail_url(resource, record))

    assert response.status_code == 204
    assert not type(record).objects.filter(pk=record.pk).exists()


# --- Permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize("resource", CRUD, ids=str)
def test_reads_are_public(resource, api_client):
    record = resource.make()

    listed = api_client.get(f"/api/v1/{resource.name}/")
    detail = api_client.get(detail_url(resource, record))

    assert listed.status_code == 200, listed.content[:500]
    assert listed.json()["count"] == type(record).objects.count()
    assert detail.status_code == 200, detail.content[:500]
    assert detail.json()["url"].endswith(detail_url(resource, record))


def test_anonymous_write_is_401_with_a_token_challenge(api_client):
    response = api_client.post("/api/v1/topics/", {"slug": "security", "name": "Security"})

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert not models.Topic.objects.exists()


def test_anonymous_delete_is_refused(api_client):
    topic = TopicFactory()

    response = api_client.delete(f"/api/v1/topics/{topic.pk}/")

    assert response.status_code == 401
    assert models.Topic.objects.filter(pk=topic.pk).exists()


def test_user_without_permissions_gets_403(reader_client):
    topic = TopicFactory()

    create = reader_client.post("/api/v1/topics/", {"slug": "security", "name": "Security"})
    change = reader_client.patch(f"/api/v1/topics/{topic.pk}/", {"name": "Peace"})
    delete = reader_client.delete(f"/api/v1/topics/{topic.pk}/")

    assert (create.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    topic.refresh_from_db()
    assert models.Topic.objects.count() == 1
    assert topic.name != "Peace"


def test_bad_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api_client.get("/api/v1/rounds/")

    body = assert_problem(response, 401)
    assert "token" in body["detail"].lower()
    assert response["WWW-Authenticate"].startswith("Token")


# --- Pagination ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": "9999"},
        {"page_size": "-1"},
        {"page_size": "abc"},
        {"page_size": "0"},
        {"ordering": "bogus"},
        {"ordering": "-start_date,number"},
        {"mechanism": "-1"},
        {"status": "exploded"},
        {"country": ""},
        {"country": "zz"},
    ],
)
def test_odd_query_strings_are_never_a_server_error(api_client, query):
    RoundFactory()

    response = api_client.get("/api/v1/rounds/", query)

    assert_no_server_error(response)
    if response.status_code >= 400:
        problem(response)
    else:
        assert response["Content-Type"].startswith("application/json")


def test_mechanisms_are_listed_by_name(api_client):
    """The list is paginated, so its order must be stable: the model's, by name."""
    for name in ("Charlie", "Bravo", "Alpha", "Delta"):
        MechanismFactory(name=name)

    response = api_client.get("/api/v1/mechanisms/")

    assert [item["name"] for item in response.json()["results"]] == [
        "Alpha",
        "Bravo",
        "Charlie",
        "Delta",
    ]


def test_ordering_by_start_date_descending(api_client):
    older = RoundFactory(start_date=datetime.date(2013, 11, 2), end_date=datetime.date(2013, 11, 2))
    newer = RoundFactory()

    response = api_client.get("/api/v1/rounds/", {"ordering": "-start_date"})

    assert [item["id"] for item in response.json()["results"]] == [newer.pk, older.pk]


# --- Shapes ------------------------------------------------------------------------------


def test_round_json_shape(api_client):
    city = PlaceFactory(name="Moscow", slug="moscow")
    topic = TopicFactory()
    round_ = RoundFactory(city=city, host_country=country("RU"))
    round_.topics.add(topic)
    participant = ParticipantFactory(round=round_, role="Foreign Minister")
    source = SourceFactory()
    models.Citation.objects.create(record=round_, source=source, quote="They discussed security.")

    body = api_client.get(f"/api/v1/rounds/{round_.pk}/").json()

    expected = {
        "id",
        "mechanism",
        "number",
        "start_date",
        "end_date",
        "date_precision",
        "city",
        "host_country",
        "status",
        "topics",
        "participants",
        "sources",
    }
    assert expected <= set(body)
    assert body["id"] == round_.pk
    assert body["mechanism"] == round_.mechanism_id
    assert body["number"] == round_.number
    assert body["start_date"] == "2018-07-31"
    assert body["end_date"] == "2018-07-31"
    assert body["date_precision"] == "day"
    assert body["city"] == "Moscow"
    assert body["host_country"] == "RU"
    assert body["status"] == "held"
    assert body["topics"] == [topic.slug]
    assert len(body["participants"]) == 1
    assert {
        "person": participant.person_id,
        "name": participant.person.name,
        "country": "RU",
        "role": "Foreign Minister",
    }.items() <= body["participants"][0].items()
    assert len(body["sources"]) == 1
    assert {"source": source.pk, "quote": "They discussed security."}.items() <= body["sources"][
        0
    ].items()


def test_round_without_host_country_has_null(api_client):
    round_ = RoundFactory(host_country=None, city=None)

    body = api_client.get(f"/api/v1/rounds/{round_.pk}/").json()

    assert body["host_country"] is None
    assert body["city"] is None
    assert body["participants"] == []
    assert body["sources"] == []


def test_mechanism_json_shape(api_client):
    mechanism = MechanismFactory(
        short_name="2+2", established=datetime.date(2013, 11, 2), countries=["RU", "JP"]
    )
    RoundFactory.create_batch(2, mechanism=mechanism)
    source = SourceFactory()
    models.Citation.objects.create(
        record=mechanism, source=source, quote="The ministers met in Moscow"
    )

    body = api_client.get(f"/api/v1/mechanisms/{mechanism.pk}/").json()

    expected = {
        "id",
        "slug",
        "name",
        "short_name",
        "kind",
        "level",
        "countries",
        "established",
        "rounds_count",
        "sources",
    }
    assert expected <= set(body)
    assert body["id"] == mechanism.pk
    assert body["slug"] == mechanism.slug
    assert body["short_name"] == "2+2"
    assert body["kind"] == "consultations"
    assert body["level"] == "ministerial"
    assert sorted(body["countries"]) == ["JP", "RU"]
    assert body["established"] == "2013-11-02"
    assert body["rounds_count"] == 2
    assert body["sources"][0]["source"] == source.pk
    assert body["sources"][0]["quote"] == "The ministers met in Moscow"


def test_rounds_count_in_the_mechanism_list(api_client):
    busy = MechanismFactory()
    RoundFactory.create_batch(3, mechanism=busy)
    idle = MechanismFactory()

    results = api_client.get("/api/v1/mechanisms/", {"country": ["RU", "JP"]}).json()["results"]

    counts = {item["id"]: item["rounds_count"] for item in results}
    assert counts == {busy.pk: 3, idle.pk: 0}


# --- Writing rounds ------------------------------------------------------------------------


def test_create_round_with_month_precision_derives_end_date(analyst_client):
    mechanism = MechanismFactory()

    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": mechanism.pk, "start_date": "2020-02-01", "date_precision": "month"},
    )

    assert response.status_code == 201, response.json()
    assert response.json()["end_date"] == "2020-02-29"
    assert models.Round.objects.get().end_date == datetime.date(2020, 2, 29)


def test_create_round_with_participants_and_sources(analyst_client):
    mechanism = MechanismFactory(countries=["RU", "JP"])
    lavrov = PersonFactory(name="Sergey Lavrov", country=country("RU"))
    kono = PersonFactory(name="Taro Kono", country=country("JP"))
    source = SourceFactory()

    response = analyst_client.post(
        "/api/v1/rounds/",
        {
            "mechanism": mechanism.pk,
            "number": 2,
            "start_date": "2018-07-31",
            "participants": [
                {"person": lavrov.pk, "country": "RU", "role": "Foreign Minister"},
                {"person": kono.pk, "country": "JP", "role": "Foreign Minister", "order": 1},
            ],
            "sources": [{"source": source.pk, "quote": "The ministers met in Moscow on 31 July."}],
        },
    )

    assert response.status_code == 201, response.json()
    round_ = models.Round.objects.get(pk=response.json()["id"])
    assert [(p.person, p.country_id) for p in round_.participants.all()] == [
        (lavrov, "RU"),
        (kono, "JP"),
    ]
    assert [c.source for c in round_.citations.all()] == [source]
    assert [p["name"] for p in response.json()["participants"]] == ["Sergey Lavrov", "Taro Kono"]


def post_round_with_a_chinese_participant(client) -> object:
    """POST a round of a Russia–Japan mechanism whose second participant stands for China."""
    return client.post(
        "/api/v1/rounds/",
        {
            "mechanism": MechanismFactory(countries=["RU", "JP"]).pk,
            "start_date": "2018-07-31",
            "participants": [
                {"person": PersonFactory().pk, "country": "RU"},
                {"person": PersonFactory().pk, "country": "CN"},
            ],
            "sources": [{"source": SourceFactory().pk, "quote": "They discussed security."}],
        },
    )


def test_participant_from_another_country_is_400_and_nothing_is_stored(analyst_client):
    """All or nothing: the round is not kept when one of its participants is refused."""
    rounds_before = models.Round.objects.count()

    response = post_round_with_a_chinese_participant(analyst_client)

    assert response.status_code == 400
    assert "participants" in field_errors(response)
    assert models.Round.objects.count() == rounds_before
    assert not models.Participant.objects.exists()
    assert not models.Citation.objects.exists()


def test_participant_country_error_names_its_position_and_field(analyst_client):
    response = post_round_with_a_chinese_participant(analyst_client)

    errors = field_errors(response)["participants"]
    assert not item_errors(errors, 0)
    assert "country" in item_errors(errors, 1)


def test_update_with_a_bad_participant_leaves_the_round_as_it_was(analyst_client):
    round_ = RoundFactory(mechanism=MechanismFactory(countries=["RU", "JP"]), venue="Old")
    kept = ParticipantFactory(round=round_, country=country("RU"))

    response = analyst_client.patch(
        f"/api/v1/rounds/{round_.pk}/",
        {"venue": "New", "participants": [{"person": PersonFactory().pk, "country": "CN"}]},
    )

    assert response.status_code == 400
    round_.refresh_from_db()
    assert round_.venue == "Old"
    assert list(round_.participants.all()) == [kept]


def test_bad_citation_quote_is_400_under_sources(analyst_client):
    mechanism = MechanismFactory()
    source = SourceFactory(text="The ministers met in Moscow on 31 July.")

    response = analyst_client.post(
        "/api/v1/rounds/",
        {
            "mechanism": mechanism.pk,
            "start_date": "2018-07-31",
            "sources": [{"source": source.pk, "quote": "The ministers met in Tokyo."}],
        },
    )

    assert response.status_code == 400
    assert "sources" in field_errors(response)
    assert not models.Round.objects.exists()


def test_patch_start_date_rederives_end_date(analyst_client):
    round_ = RoundFactory(
        start_date=datetime.date(2018, 4, 1),
        end_date=datetime.date(2018, 4, 30),
        date_precision=DatePrecision.MONTH,
    )

    response = analyst_client.patch(f"/api/v1/rounds/{round_.pk}/", {"start_date": "2020-02-01"})

    assert response.status_code == 200, response.json()
    assert response.json()["end_date"] == "2020-02-29"
    round_.refresh_from_db()
    assert round_.end_date == datetime.date(2020, 2, 29)


def test_patch_precision_rederives_end_date(analyst_client):
    round_ = RoundFactory(start_date=datetime.date(2018, 1, 1), end_date=datetime.date(2018, 1, 1))

    response = analyst_client.patch(f"/api/v1/rounds/{round_.pk}/", {"date_precision": "year"})

    assert response.status_code == 200, response.json()
    assert response.json()["end_date"] == "2018-12-31"


def test_patch_without_dates_keeps_end_date(analyst_client):
    round_ = RoundFactory(
        start_date=datetime.date(2018, 7, 30),
        end_date=datetime.date(2018, 8, 1),
        date_precision=DatePrecision.WITHIN,
    )

    response = analyst_client.patch(f"/api/v1/rounds/{round_.pk}/", {"venue": "Iikura House"})

    assert response.status_code == 200, response.json()
    assert response.json()["end_date"] == "2018-08-01"


def test_patch_of_a_nested_list_replaces_it(analyst_client):
    round_ = RoundFactory()
    ParticipantFactory.create_batch(2, round=round_)
    newcomer = PersonFactory()

    response = analyst_client.patch(
        f"/api/v1/rounds/{round_.pk}/",
        {"participants": [{"person": newcomer.pk, "country": "JP"}]},
    )

    assert response.status_code == 200, response.json()
    assert [p.person for p in round_.participants.all()] == [newcomer]


def test_put_without_nested_lists_leaves_them(analyst_client):
    round_ = RoundFactory()
    participant = ParticipantFactory(round=round_)

    response = analyst_client.put(
        f"/api/v1/rounds/{round_.pk}/",
        {"mechanism": round_.mechanism_id, "start_date": "2018-07-31", "venue": "Kremlin"},
    )

    assert response.status_code == 200, response.json()
    assert list(round_.participants.all()) == [participant]


@pytest.mark.parametrize("written_as", ["moscow", "Moscow", "moscow "])
def test_city_is_written_as_slug_or_name_and_read_as_name(analyst_client, written_as):
    moscow = PlaceFactory(slug="moscow", name="Moscow")
    PlaceFactory(slug="tokyo", name="Tokyo")

    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": MechanismFactory().pk, "start_date": "2018-07-31", "city": written_as},
    )

    assert response.status_code == 201, response.json()
    assert response.json()["city"] == "Moscow"
    assert models.Round.objects.get().city == moscow


def test_unknown_city_is_400_under_city(analyst_client):
    # Neither the registry nor the gazetteer (GeoNames: Atlantis is a town in South Africa).
    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": MechanismFactory().pk, "start_date": "2018-07-31", "city": "Xyzzyqville"},
    )

    assert response.status_code == 400
    assert "city" in field_errors(response)


def test_ambiguous_city_name_is_400_under_city(analyst_client):
    PlaceFactory(slug="springfield-1", name="Springfield")
    PlaceFactory(slug="springfield-2", name="Springfield")

    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": MechanismFactory().pk, "start_date": "2018-07-31", "city": "Springfield"},
    )

    assert response.status_code == 400
    assert "city" in field_errors(response)


# --- Validation errors name the field --------------------------------------------------------


def test_mechanism_as_its_own_parent_is_400_under_parent(analyst_client):
    mechanism = MechanismFactory()

    response = analyst_client.patch(f"/api/v1/mechanisms/{mechanism.pk}/", {"parent": mechanism.pk})

    assert response.status_code == 400
    assert "parent" in field_errors(response)
    mechanism.refresh_from_db()
    assert mechanism.parent is None


def test_mechanism_resumed_before_established_is_400_under_resumed(analyst_client):
    mechanism = MechanismFactory()

    response = analyst_client.patch(
        f"/api/v1/mechanisms/{mechanism.pk}/",
        {"established": "2013-11-02", "resumed": "2010-01-01"},
    )

    assert response.status_code == 400
    assert "resumed" in field_errors(response)


def test_changing_a_country_code_does_not_duplicate_the_country(analyst_client):
    models.Country.objects.create(code="XA", name="Testland")
    before = models.Country.objects.count()

    response = analyst_client.patch("/api/v1/countries/XA/", {"code": "XC"})

    assert models.Country.objects.count() == before
    assert response.status_code == 400, response.content
    assert "code" in field_errors(response)
    assert models.Country.objects.filter(code="XA").exists()


def test_duplicate_place_slug_is_400_under_slug(analyst_client):
    PlaceFactory(slug="moscow")

    response = analyst_client.post("/api/v1/places/", {"slug": "moscow", "name": "Moscow"})

    assert response.status_code == 400
    assert "slug" in field_errors(response)


def test_unknown_mechanism_kind_is_400_under_kind(analyst_client):
    response = analyst_client.post(
        "/api/v1/mechanisms/",
        {"slug": "x", "name": "X", "kind": "tea_party", "countries": ["RU", "JP"]},
    )

    assert response.status_code == 400
    assert "kind" in field_errors(response)
    assert not models.Mechanism.objects.exists()


def test_unknown_country_code_in_countries_is_400_under_countries(analyst_client):
    response = analyst_client.post(
        "/api/v1/mechanisms/",
        {"slug": "x", "name": "X", "kind": "consultations", "countries": ["RU", "QQ"]},
    )

    assert response.status_code == 400
    assert "countries" in field_errors(response)


def test_end_date_before_start_date_is_400_under_end_date(analyst_client):
    response = analyst_client.post(
        "/api/v1/rounds/",
        {
            "mechanism": MechanismFactory().pk,
            "start_date": "2018-07-31",
            "end_date": "2018-07-30",
        },
    )

    assert response.status_code == 400
    assert "end_date" in field_errors(response)
    assert not models.Round.objects.exists()


def test_month_precision_not_on_the_first_is_400_under_start_date(analyst_client):
    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": MechanismFactory().pk, "start_date": "2018-04-15", "date_precision": "month"},
    )

    assert response.status_code == 400
    assert "start_date" in field_errors(response)


def test_duplicate_round_number_is_400_under_number(analyst_client):
    existing = RoundFactory(number=3)

    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": existing.mechanism_id, "number": 3, "start_date": "2019-05-30"},
    )

    assert response.status_code == 400
    assert "number" in field_errors(response)
    assert models.Round.objects.count() == 1


def test_nested_list_that_is_not_a_list_is_400(analyst_client):
    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": MechanismFactory().pk, "start_date": "2018-07-31", "participants": "Lavrov"},
    )

    assert response.status_code == 400
    assert "participants" in field_errors(response)


def test_other_name_with_unknown_language_is_400(analyst_client):
    response = analyst_client.post(
        "/api/v1/people/",
        {"name": "Taro Kono", "other_names": [{"name": "Таро Коно", "language": "xx"}]},
    )

    assert response.status_code == 400
    assert "language" in item_errors(field_errors(response)["other_names"], 0)
    assert not models.Person.objects.exists()


def result_ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {item["id"] for item in response.json()["results"]}


# --- No request is a server error ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/rounds/99999999999999999999999/",
        "/api/v1/rounds/abc/",
        "/api/v1/rounds/?mechanism=99999999999999999999999",
        "/api/v1/rounds/?page=99999999999999999999999",
        "/api/v1/rounds/?page_size=99999999999999999999999",
        "/api/v1/rounds/?country=RU&country=RU",
        "/api/v1/rounds/?mechanism=%00",
        "/api/v1/mechanisms/?slug=%00",
        "/api/v1/countries/zz/",
        "/api/v1/people/?name=%25",
    ],
)
def test_odd_addresses_are_never_a_server_error(api_client, path):
    RoundFactory()

    assert_no_server_error(api_client.get(path))


@pytest.mark.parametrize(
    "change",
    [
        {"number": -1},
        {"number": 10**30},
        {"number": "three"},
        {"mechanism": "abc"},
        {"mechanism": 10**30},
        {"start_date": "2018-02-30"},
        {"start_date": None},
        {"date_precision": "fortnight"},
        {"city": 5},
        {"host_country": "XX"},
        {"topics": [10**30]},
        {"topics": "security"},
        {"participants": [1]},
        {"participants": [{"person": 10**30, "country": "RU"}]},
        {"participants": [{"country": "RU"}]},
        {"sources": [{"source": None, "quote": "x"}]},
        {"sources": [{"quote": "x"}]},
    ],
    ids=repr,
)
def test_garbage_round_bodies_are_400(analyst_client, change):
    body = {"mechanism": MechanismFactory().pk, "start_date": "2018-07-31", **change}

    response = analyst_client.post("/api/v1/rounds/", body)

    assert response.status_code == 400, response.content[:500]
    assert not models.Round.objects.exists()


@pytest.mark.parametrize("body", ["[]", '"text"', "null", "1"])
def test_json_that_is_not_an_object_is_400(analyst_client, body):
    response = analyst_client.generic(
        "POST", "/api/v1/topics/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert not models.Topic.objects.exists()


# --- The seeded registry -----------------------------------------------------------------------


@pytest.mark.parametrize("resource", CRUD, ids=str)
def test_every_seeded_record_reads(api_client, seeded, resource):
    """Real records (nested names, citations, month dates) serialise, in lists and alone."""
    listed = api_client.get(f"/api/v1/{resource.name}/", {"page_size": 500})

    assert listed.status_code == 200
    assert listed.json()["count"] == resource.model.objects.count() > 0
    for item in listed.json()["results"]:
        assert api_client.get(item["url"]).status_code == 200


def test_seeded_2plus2_rounds_by_slug_and_countries(api_client, seeded):
    two_plus_two = models.Mechanism.objects.get(slug="ru-jp-2plus2")

    by_slug = api_client.get("/api/v1/rounds/", {"mechanism": "ru-jp-2plus2", "page_size": 500})
    by_sides = api_client.get("/api/v1/rounds/", {"country": ["RU", "JP"], "page_size": 500})

    assert result_ids(by_slug) == set(two_plus_two.rounds.values_list("pk", flat=True))
    assert result_ids(by_slug)
    assert result_ids(by_slug) <= result_ids(by_sides)


def test_a_created_mechanism_has_its_round_count(analyst_client):
    """The create response lacked `rounds_count`, which the schema requires."""
    response = analyst_client.post(
        "/api/v1/mechanisms/",
        {"slug": "new", "name": "New", "kind": "consultations", "countries": ["RU", "JP"]},
        format="json",
    )

    assert response.status_code == 201, response.content[:300]
    assert response.json()["rounds_count"] == 0
