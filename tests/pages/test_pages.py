"""Pages for people: a country pair's relations at /dyads/RU-JP/."""

import pytest
from django.test import Client

from tests.factories import DocumentFactory, MechanismFactory, RoundFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    countries = [country("RU"), country("JP")]
    quiet = MechanismFactory(name="A quiet mechanism", countries=countries)
    recent = MechanismFactory(name="Z recent mechanism", countries=countries, level="ministerial")
    older = MechanismFactory(name="M older mechanism", countries=countries)
    RoundFactory(mechanism=recent, start_date="2019-05-30", number=4)
    RoundFactory(mechanism=older, start_date="2016-03-01", number=1)
    signed_at = RoundFactory(mechanism=older, start_date="2017-03-20", number=2)
    DocumentFactory(title="Memorandum on fisheries", round=signed_at, start_date="2017-03-20")
    return {"quiet": quiet, "recent": recent, "older": older}


def test_the_pair_page_lists_mechanisms_most_recently_active_first(pair):
    page = Client().get("/dyads/RU-JP/")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    table = html.split('id="mechanisms"')[1].split("</table>")[0]
    names = ["Z recent mechanism", "M older mechanism", "A quiet mechanism"]
    assert [table.index(name) for name in names] == sorted(table.index(name) for name in names)
    recent = pair["recent"]
    assert f'href="/api/v1/mechanisms/{recent.pk}/"' in table
    assert f'href="/admin/dialogue/mechanism/{recent.pk}/change/"' in table


def test_the_pair_page_draws_rounds_and_levels_per_year_and_lists_documents(pair):
    html = Client().get("/dyads/JP-RU/").content.decode()
    chart = html.split('id="rounds-per-year"')[1].split("</svg>")[0]
    assert [year for year in ("2016", "2017", "2018", "2019") if f">{year}<" in chart] == [
        "2016",
        "2017",
        "2018",
        "2019",
    ]
    assert "2019: 1 round; highest level: Ministers" in chart
    assert "2018: 0 rounds" in chart
    assert "Memorandum on fisheries" in html.split('id="documents"')[1]


@pytest.mark.parametrize("path", ["/dyads/RU-XX/", "/dyads/RU-RU/"])
def test_an_unknown_pair_is_a_404(path, pair):
    response = Client().get(path)
    assert response.status_code == 404
    assert b"rounds-per-year" not in response.content  # not the pair's page


def test_the_mechanism_admin_page_links_to_its_pair(admin_client, pair):
    html = admin_client.get(f"/admin/dialogue/mechanism/{pair['recent'].pk}/change/").content
    assert b'href="/dyads/JP-RU/"' in html


def test_the_timeline_zooms_to_the_months_it_shows_and_puts_the_busiest_lane_first():
    busy, quiet = MechanismFactory(name="Busy"), MechanismFactory(name="Quiet")
    RoundFactory(mechanism=quiet, start_date="2018-07-31")
    for day in ("2018-03-01", "2018-05-01", "2018-06-01"):
        RoundFactory(mechanism=busy, start_date=day)
    page = Client().get("/timeline/", {"year": "2018"})
    assert page.status_code == 200
    html = page.content.decode()
    chart = html.split('id="timeline-chart"')[1].split("</svg>")[0]
    assert chart.index(">Busy<") < chart.index(">Quiet<")
    ticks = [label.split("<")[0] for label in chart.split('class="tick-label"')[1:]]
    assert [tick.split('">')[-1] for tick in ticks][:2] == ["Mar 2018", "Apr"]
    assert (
        '<label for="id_date_from">From (YYYY-MM-DD):</label>' in html
        and "date_from" not in html.split("<form")[1].split(">")[0]
    )
