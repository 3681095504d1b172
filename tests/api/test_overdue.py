"""Overdue rounds: a round still `scheduled` after the last day it covers (issue 26).

The one definition (dialogue.models.OVERDUE) is read by the queryset, the API's field and
filter, the CSV export and the pages; "today" is `timezone.localdate`, moved by the `today`
fixture.
"""

import csv
import datetime
import io

import pytest

from dialogue.choices import DatePrecision, RoundStatus
from dialogue.models import Round
from tests.conftest import field_errors
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

ROUNDS = "/api/v1/rounds/"
TODAY = datetime.date(2018, 8, 1)


def on(start: str, end: str | None = None, precision=DatePrecision.DAY, **kwargs) -> Round:
    return RoundFactory(
        start_date=datetime.date.fromisoformat(start),
        end_date=datetime.date.fromisoformat(end or start),
        date_precision=precision,
        **kwargs,
    )


@pytest.fixture
def rounds(today) -> dict[str, Round]:
    today(TODAY)
    scheduled = {"status": RoundStatus.SCHEDULED}
    return {
        "ends_today": on("2018-08-01", **scheduled),
        "ended_yesterday": on("2018-07-31", **scheduled),
        "started_before_ends_today": on(
            "2018-07-30", "2018-08-01", DatePrecision.WITHIN, **scheduled
        ),
        # "In July 2018": its range ended on 31 July.
        "july": on("2018-07-01", "2018-07-31", DatePrecision.MONTH, **scheduled),
        # "In August 2018": under way until the month's last day.
        "august": on("2018-08-01", "2018-08-31", DatePrecision.MONTH, **scheduled),
        "last_year": on("2017-01-01", "2017-12-31", DatePrecision.YEAR, **scheduled),
        "this_year": on("2018-01-01", "2018-12-31", DatePrecision.YEAR, **scheduled),
        "held_yesterday": on("2018-07-31", status=RoundStatus.HELD),
        "postponed": on("2018-07-31", status=RoundStatus.POSTPONED),
        "cancelled": on("2018-07-31", status=RoundStatus.CANCELLED),
    }


OVERDUE = {"ended_yesterday", "july", "last_year"}


def names(rounds: dict[str, Round], pks) -> set[str]:
    by_pk = {round_.pk: name for name, round_ in rounds.items()}
    return {by_pk[pk] for pk in pks}


def test_a_round_is_overdue_the_day_after_its_last_day_while_still_scheduled(rounds):
    overdue = Round.objects.overdue().values_list("pk", flat=True)
    assert names(rounds, overdue) == OVERDUE
    annotated = dict(Round.objects.with_overdue().values_list("pk", "overdue"))
    assert {name for name, round_ in rounds.items() if annotated[round_.pk]} == OVERDUE
    assert names(rounds, Round.objects.not_overdue().values_list("pk", flat=True)) == (
        set(rounds) - OVERDUE
    )


def test_the_next_day_a_round_ending_today_is_overdue(rounds, today):
    today(TODAY + datetime.timedelta(days=1))
    assert "ends_today" in names(rounds, Round.objects.overdue().values_list("pk", flat=True))


def test_the_api_marks_overdue_rounds_and_filters_by_it(api_client, rounds):
    listed = api_client.get(ROUNDS, {"page_size": 50}).json()["results"]
    assert {name for name in rounds if rounds[name].pk in {r["id"] for r in listed}} == set(rounds)
    assert names(rounds, [r["id"] for r in listed if r["overdue"]]) == OVERDUE
    assert all(isinstance(r["overdue"], bool) for r in listed)

    only = api_client.get(ROUNDS, {"overdue": "true"}).json()["results"]
    assert names(rounds, [r["id"] for r in only]) == OVERDUE
    others = api_client.get(ROUNDS, {"overdue": "false", "page_size": 50}).json()["results"]
    assert names(rounds, [r["id"] for r in others]) == set(rounds) - OVERDUE

    detail = api_client.get(f"{ROUNDS}{rounds['july'].pk}/").json()
    assert detail["overdue"] is True
    assert api_client.get(f"{ROUNDS}{rounds['august'].pk}/").json()["overdue"] is False


def test_the_overdue_filter_counts_the_same_in_stats(api_client, rounds):
    assert api_client.get("/api/v1/stats/", {"overdue": "yes"}).json()["count"] == len(OVERDUE)


def test_an_overdue_filter_that_is_not_a_boolean_is_a_400_naming_it(api_client, rounds):
    response = api_client.get(ROUNDS, {"overdue": "maybe"})
    assert response.status_code == 400
    assert "overdue" in field_errors(response)


def test_the_csv_export_has_the_overdue_column(api_client, rounds):
    response = api_client.get(ROUNDS, {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    exported = {int(row["id"]): row["overdue"] for row in csv.DictReader(io.StringIO(text))}
    assert {name for name, round_ in rounds.items() if exported[round_.pk] == "true"} == OVERDUE
    assert set(exported.values()) == {"true", "false"}


def test_a_cached_list_is_not_served_the_next_day(api_client, rounds, today):
    first = api_client.get(ROUNDS, {"overdue": "true"}).json()["results"]
    assert "ends_today" not in names(rounds, [r["id"] for r in first])

    today(TODAY + datetime.timedelta(days=1))
    second = api_client.get(ROUNDS, {"overdue": "true"}).json()["results"]
    assert "ends_today" in names(rounds, [r["id"] for r in second])


def test_writes_answer_with_overdue(analyst_client, rounds):
    july = rounds["july"]
    body = {
        "mechanism": july.mechanism_id,
        "start_date": "2018-06-01",
        "date_precision": "month",
        "status": "scheduled",
    }
    created = analyst_client.post(ROUNDS, body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["overdue"] is True

    bulk = analyst_client.post(
        f"{ROUNDS}bulk/",
        [{**body, "start_date": "2018-09-01"}, {**body, "start_date": "2018-05-01"}],
        format="json",
    )
    assert bulk.status_code == 201, bulk.content
    assert [r["overdue"] for r in bulk.json()] == [False, True]

    held = analyst_client.patch(f"{ROUNDS}{july.pk}/", {"status": "held"}, format="json")
    assert held.status_code == 200, held.content
    assert held.json()["overdue"] is False
