"""Dates: every dated field holds the years 1000 to 2999, read in ASCII digits and written back with
four-digit years, in the API, the admin and the models; no round held after today."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import models as db_models
from drf_spectacular.generators import SchemaGenerator

from dialogue import models
from dialogue.choices import DatePrecision, RoundStatus
from dialogue.dates import today_anywhere, validate_date_in_range
from dialogue.edtf import format_edtf, parse_edtf
from tests.admin.test_admin import form_errors, round_form
from tests.conftest import field_errors
from tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    MechanismFactory,
    RoundFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def messages(errors: dict, field: str) -> str:
    """The messages under `field` of a 400's errors, as one string."""
    assert field in errors, errors
    return str(errors[field])


def dated_fields() -> list[tuple[type[db_models.Model], db_models.Field]]:
    """Every date or date-and-time field a user writes, of every registry model."""
    return [
        (model, field)
        for model in registry_models()
        for field in model._meta.concrete_fields
        if isinstance(field, db_models.DateField) and field.name not in ("created", "updated")
    ]


def registry_models() -> list[type[db_models.Model]]:
    from django.apps import apps

    return [
        model
        for model in apps.get_app_config("dialogue").get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_a_round_dated_9999_is_refused_under_the_field_written(analyst_client):
    """Issue 10: `"date": "9999"` was a 201, after which every calendar and the timeline 500."""
    mechanism = MechanismFactory()

    by_edtf = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": mechanism.pk, "date": "9999", "status": "scheduled"}
    )
    by_start = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": mechanism.pk, "start_date": "9999-01-01", "status": "scheduled"},
    )

    assert "1000 to 2999" in messages(field_errors(by_edtf), "date")
    assert "1000 to 2999" in messages(field_errors(by_start), "start_date")
    assert not models.Round.objects.exists()


@pytest.mark.parametrize(
    ("resource", "field", "value"),
    [
        ("rounds", "end_date", "9999-12-31"),
        ("documents", "start_date", "0999-12-31"),
        ("documents", "end_date", "3000-01-01"),
        ("indicators", "start_date", "0001-01-01"),
        ("mechanisms", "established", "9999-01-01"),
        ("mechanisms", "resumed", "3000-01-01"),
        ("sources", "published_at", "9999-12-31T23:59:59Z"),
        ("sources", "published_at", "0999-01-01T00:00:00Z"),
    ],
)
def test_every_dated_field_refuses_years_outside_1000_to_2999(
    analyst_client, resource, field, value
):
    make = {
        "rounds": RoundFactory,
        "documents": DocumentFactory,
        "indicators": IndicatorFactory,
        "mechanisms": MechanismFactory,
        "sources": SourceFactory,
    }[resource]
    record = make()

    response = analyst_client.patch(f"/api/v1/{resource}/{record.pk}/", {field: value})

    assert "1000 to 2999" in messages(field_errors(response), field)


def test_a_citation_resolved_against_year_9999_is_refused(analyst_client):
    round_ = RoundFactory()

    response = analyst_client.patch(
        f"/api/v1/rounds/{round_.pk}/",
        {
            "sources": [
                {
                    "source": SourceFactory().pk,
                    "quote": "They discussed security.",
                    "date_phrase": "this year",
                    "resolved_against": "9999-01-01",
                }
            ]
        },
    )

    assert "resolved_against" in str(field_errors(response)["sources"])


@pytest.mark.parametrize("value", [datetime.date(999, 12, 31), datetime.date(3000, 1, 1)])
def test_every_dated_field_of_every_model_has_the_range(value):
    """Model validators, so the admin, the API and imports all refuse the same dates."""
    fields = dated_fields()
    assert len(fields) >= 10  # rounds, documents, figures, mechanisms, citations, sources
    for model, field in fields:
        assert validate_date_in_range in field.validators, f"{model.__name__}.{field.name}"
        assert "1000 to 2999" in str(field.help_text), f"{model.__name__}.{field.name}"
        with pytest.raises(ValidationError) as refused:
            field.run_validators(value)
        assert "1000 to 2999" in str(refused.value.messages)


def test_the_first_and_last_days_of_the_range_are_accepted_and_render(analyst_client, api_client):
    mechanism = MechanismFactory()
    first = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": mechanism.pk, "start_date": "1000-01-01"}
    )
    last = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": mechanism.pk, "date": "2999", "status": "scheduled"}
    )
    assert first.status_code == last.status_code == 201, (first.json(), last.json())
    assert (first.json()["date"], last.json()["date"]) == ("1000-01-01", "2999")

    for url in (
        "/api/v1/rounds/?format=ics",
        f"/api/v1/mechanisms/{mechanism.pk}/rounds/?format=ics",
        "/timeline/",
        "/api/v1/timeline/",
        "/api/v1/rounds/?format=csv",
    ):
        assert api_client.get(url).status_code == 200, url
    response = api_client.get("/api/v1/rounds/?format=ics")
    calendar = icalendar.Calendar.from_ical(b"".join(response.streaming_content))
    ends = sorted(event.decoded("dtend") for event in calendar.walk("VEVENT"))
    assert ends == [datetime.date(1000, 1, 2), datetime.date(3000, 1, 1)]


def test_the_schema_states_the_range_of_each_date(api_client):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]

    for component, field in [
        ("Round", "start_date"),
        ("Round", "end_date"),
        ("Round", "date"),
        ("Mechanism", "established"),
        ("Source", "published_at"),
        ("Indicator", "start_date"),
    ]:
        assert "1000 to 2999" in components[component]["properties"][field]["description"]


@pytest.mark.parametrize(
    "query",
    [
        "start_date__year=9999",
        "start_date__year=9999&start_date__month=12",
        "start_date__year=9999&start_date__month=12&start_date__day=31",
    ],
)
def test_the_admin_date_drill_down_to_year_9999_is_no_500(superuser_client, query):
    """Django works out the end of the year (month, day) outside its own check: 500 before."""
    response = superuser_client.get(f"/admin/dialogue/round/?{query}")

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_the_admin_source_drill_down_to_the_last_day_of_9999_is_no_500(superuser_client):
    query = "published_at__year=9999&published_at__month=12&published_at__day=31"

    response = superuser_client.get(f"/admin/dialogue/source/?{query}")

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_the_admin_drill_down_within_the_range_still_filters(superuser_client):
    kept = RoundFactory(start_date=datetime.date(2018, 7, 31))
    RoundFactory(start_date=datetime.date(2013, 11, 2), end_date=datetime.date(2013, 11, 2))

    response = superuser_client.get("/admin/dialogue/round/?start_date__year=2018")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [kept]


def test_the_admin_refuses_a_round_dated_9999(superuser_client):
    data, _ = round_form(superuser_client, start_date="9999-01-01", status="scheduled")

    response = superuser_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 200
    assert "start_date" in response.context["adminform"].form.errors, form_errors(response)
    assert not models.Round.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "precision", "written"),
    [
        (datetime.date(1, 1, 1), None, DatePrecision.YEAR, "0001"),
        (datetime.date(1, 1, 1), datetime.date(2, 12, 31), DatePrecision.YEAR, "0001/0002"),
        (datetime.date(12, 3, 1), None, DatePrecision.MONTH, "0012-03"),
        (datetime.date(999, 7, 31), None, DatePrecision.DAY, "0999-07-31"),
        (
            datetime.date(5, 7, 30),
            datetime.date(5, 8, 1),
            DatePrecision.WITHIN,
            "[0005-07-30..0005-08-01]",
        ),
        (datetime.date(2018, 4, 1), None, DatePrecision.MONTH, "2018-04"),
    ],
)
def test_edtf_writes_years_in_four_digits(start, end, precision, written):
    assert format_edtf(start, end, precision) == written


def test_a_round_dated_0001_is_refused_rather_than_read_back_as_1(analyst_client):
    """Issue 10: `"date": "0001"` was stored and read back as `"1"`."""
    response = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": MechanismFactory().pk, "date": "0001"}
    )

    assert "1000 to 2999" in messages(field_errors(response), "date")


@pytest.mark.parametrize(
    "text",
    [
        "２０１９",  # full-width
        "٢٠١٩",  # Arabic-Indic
        "२०१९",  # Devanagari
        "２０１９-04",
        "2019-０４-01",
        "[2019-07-30..2019-08-０１]",
        "2018/２０１９",
    ],
)
def test_edtf_reads_only_ascii_digits(text, analyst_client):
    with pytest.raises(ValidationError):
        parse_edtf(text)

    response = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": MechanismFactory().pk, "date": text}
    )

    assert "not an EDTF date" in messages(field_errors(response), "date")


@pytest.mark.parametrize(
    ("resource", "field", "value"),
    [
        ("rounds", "start_date", "２０１９-01-01"),
        ("rounds", "end_date", "２０１８-07-31"),
        ("documents", "start_date", "٢٠١٨-05-26"),
        ("mechanisms", "established", "２０１３-01-01"),
        ("sources", "published_at", "２０１８-07-30T08:05:00Z"),
    ],
)
def test_date_fields_read_only_ascii_digits(analyst_client, resource, field, value):
    make = {
        "rounds": RoundFactory,
        "documents": DocumentFactory,
        "mechanisms": MechanismFactory,
        "sources": SourceFactory,
    }[resource]
    record = make()

    response = analyst_client.patch(f"/api/v1/{resource}/{record.pk}/", {field: value})

    assert "ASCII digits" in messages(field_errors(response), field)


def test_ascii_dates_are_still_read(analyst_client):
    source = SourceFactory()

    response = analyst_client.patch(
        f"/api/v1/sources/{source.pk}/", {"published_at": "2018-07-30T11:05:00+03:00"}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["published_at"].startswith("2018-07-30T08:05:00")


def test_a_held_round_after_today_is_refused_under_start_date(analyst_client):
    later = today_anywhere() + datetime.timedelta(days=1)

    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": MechanismFactory().pk, "start_date": later.isoformat(), "status": "held"},
    )

    message = messages(field_errors(response), "start_date")
    assert "held" in message and "scheduled" in message, message
    assert not models.Round.objects.exists()


def test_a_round_without_a_status_is_held_so_not_after_today(analyst_client):
    response = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": MechanismFactory().pk, "date": "2999"}
    )

    assert "start_date" in field_errors(response)


def test_a_scheduled_round_may_be_in_the_future_but_not_marked_held(analyst_client):
    later = today_anywhere() + datetime.timedelta(days=30)
    created = analyst_client.post(
        "/api/v1/rounds/",
        {
            "mechanism": MechanismFactory().pk,
            "start_date": later.isoformat(),
            "status": "scheduled",
        },
    )
    assert created.status_code == 201, created.json()

    marked = analyst_client.patch(f"/api/v1/rounds/{created.json()['id']}/", {"status": "held"})

    assert "start_date" in field_errors(marked)
    assert models.Round.objects.get().status == RoundStatus.SCHEDULED


@pytest.mark.parametrize("days", [0, -1, -3650])
def test_a_round_held_today_or_before_is_accepted(analyst_client, days):
    day = datetime.date.today() + datetime.timedelta(days=days)

    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": MechanismFactory().pk, "start_date": day.isoformat(), "status": "held"},
    )

    assert response.status_code == 201, response.json()
    stored = models.Round.objects.get(pk=response.json()["id"])
    assert (stored.start_date, stored.status) == (day, RoundStatus.HELD)


def test_the_year_or_month_of_a_round_held_this_year_is_accepted(analyst_client):
    today = today_anywhere()
    mechanism = MechanismFactory()

    this_year = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": mechanism.pk, "date": f"{today.year}", "status": "held"}
    )
    this_month = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": mechanism.pk, "date": f"{today:%Y-%m}", "status": "held"}
    )

    assert this_year.status_code == this_month.status_code == 201
    assert this_year.json()["date"] == f"{today.year}"
    assert this_month.json()["date"] == f"{today:%Y-%m}"
    assert set(models.Round.objects.values_list("status", flat=True)) == {RoundStatus.HELD}


def test_the_admin_refuses_a_held_round_after_today(superuser_client):
    later = today_anywhere() + datetime.timedelta(days=2)
    data, _ = round_form(superuser_client, start_date=later.isoformat(), status="held")

    response = superuser_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 200
    assert "start_date" in response.context["adminform"].form.errors, form_errors(response)


def test_the_seed_holds_no_round_held_after_today(seeded):
    today = today_anywhere()
    assert models.Round.objects.exists()
    assert not models.Round.objects.filter(status=RoundStatus.HELD, start_date__gt=today).exists()
    for round_ in models.Round.objects.all():
        round_.full_clean()
