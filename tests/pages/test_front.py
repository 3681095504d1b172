"""The front page at / and the index of country pairs at /dyads/ (issue 26): what the
registry holds, a search, the pairs, the latest changes and the analysts' worklists, each item
linking to its page, the admin and the API; a fixed number of queries whatever the registry
holds."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dialogue import provenance
from dialogue.choices import RoundStatus
from tests.factories import (
    DraftFactory,
    MechanismFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2018, 8, 1)


def section(html: str, element_id: str) -> str:
    """The HTML of the element with this id, up to the next table's or list's end."""
    start = html.index(f'id="{element_id}"')
    ends = [html.find(end, start) for end in ("</table>", "</ul>", "</form>", "</p>")]
    return html[start : min(end for end in ends if end != -1)]


def registry(size: int) -> dict:
    """`size` of each thing the front page lists: pairs' mechanisms, overdue rounds, records
    with unsupported values, sources with drafts waiting."""
    made: dict = {"overdue": [], "sources": [], "topics": []}
    partners = ["JP", "CN", "IN", "KR", "US", "FR", "DE", "GB", "BR", "ZA"][:size]
    for index, code in enumerate(partners):
        mechanism = MechanismFactory(
            name=f"Mechanism {index}", countries=[country("RU"), country(code)]
        )
        made.setdefault("mechanisms", []).append(mechanism)
        RoundFactory(mechanism=mechanism, start_date=datetime.date(2018, 3, 1))
        made["overdue"].append(
            RoundFactory(
                mechanism=mechanism,
                start_date=datetime.date(2018, 7, 1 + index),
                status=RoundStatus.SCHEDULED,
            )
        )
        # Ahead: scheduled, not overdue.
        RoundFactory(
            mechanism=mechanism, start_date=datetime.date(2018, 9, 1), status=RoundStatus.SCHEDULED
        )
        source = SourceFactory(title=f"Release {index}")
        DraftFactory(source=source)
        DraftFactory(source=source)
        made["sources"].append(source)
        made["topics"].append(TopicFactory(name=f"Topic {index}"))
    provenance.refresh_unsupported()  # the factories write past the services
    return made


@pytest.fixture
def held(today) -> dict:
    today(TODAY)
    return registry(3)


def test_the_front_page_says_what_the_registry_holds_and_offers_a_search(held):
    html = Client().get("/").content.decode()
    tallies = re.sub(r"<[^>]+>", "", section(html, "holds").split("</ul>")[0])
    assert "3 mechanisms" in tallies
    assert "9 rounds" in tallies
    assert "4 countries taking part" in tallies  # Russia and its three partners
    latest = section(html, "latest-source")
    assert "Release 2" in latest and f"/api/v1/sources/{held['sources'][2].pk}/" in latest

    form = html.split('<form class="search"')[1].split("</form>")[0]
    assert 'action="/timeline/"' in form and 'method="get"' in form
    assert '<label for="search-q">' in form and 'id="search-q" name="q"' in form


def test_the_front_page_search_opens_the_matching_rounds(held):
    rounds = Client().get("/timeline/", {"q": "Mechanism 1"}).content.decode()
    table = rounds.split("<tbody>")[1]
    assert "Mechanism 1" in table and "Mechanism 0" not in table


def test_the_front_page_lists_the_country_pairs_and_links_to_the_index(held):
    html = Client().get("/").content.decode()
    pairs = html.split('<ul class="pairs">')[1].split("</ul>")[0]
    assert pairs.count("<li>") == 3
    assert 'href="/dyads/JP-RU/"' in pairs and "3 rounds, 1 mechanism" in pairs
    assert 'href="/dyads/"' in html


def test_the_front_page_lists_overdue_rounds_with_their_links(held):
    html = Client().get("/").content.decode()
    assert "Rounds past their date, still scheduled (3)" in html
    table = section(html, "overdue-rounds")
    for round_ in held["overdue"]:
        assert f'href="/admin/dialogue/round/{round_.pk}/change/"' in table
        assert f'href="/api/v1/rounds/{round_.pk}/"' in table
        assert f'href="/timeline/?mechanism={round_.mechanism.slug}"' in table
    # The rounds ahead are not overdue.
    assert table.count("<tr>") == 1 + 3
    # The longest overdue first.
    positions = [table.index(f"/admin/dialogue/round/{r.pk}/") for r in held["overdue"]]
    assert positions == sorted(positions)


def test_the_front_page_lists_unsupported_values_with_their_links(held):
    html = Client().get("/").content.decode()
    table = section(html, "unsupported-values")
    topic = held["topics"][0]
    assert f'href="/admin/dialogue/topic/{topic.pk}/change/"' in table
    assert f'href="/api/v1/topics/{topic.pk}/"' in table
    assert f'href="/api/v1/topics/{topic.pk}/provenance/"' in table
    assert 'href="/api/v1/provenance/?unsupported=1"' in html


def test_the_front_page_lists_sources_with_drafts_waiting(held):
    html = Client().get("/").content.decode()
    assert "Drafts waiting for review (6)" in html
    table = section(html, "drafts-waiting")
    for source in held["sources"]:
        assert f'href="/admin/dialogue/draft/review/{source.pk}/"' in table
        assert f'href="/api/v1/drafts/?source={source.pk}&amp;status=proposed"' in table
    assert ">2</td>" in table


def test_the_front_page_shows_the_latest_changes(held):
    html = Client().get("/").content.decode()
    table = section(html, "latest-changes")
    assert table.count("<tr>") == 1 + 8  # the header, and the latest changes
    topic = held["topics"][-1]  # made last
    assert "Topic 2" in table and "created" in table
    assert f'href="/admin/dialogue/topic/{topic.pk}/change/"' in table
    assert f'href="/api/v1/topics/{topic.pk}/"' in table


def test_the_front_page_of_an_empty_registry_says_so(db):
    html = Client().get("/").content.decode()
    assert "No mechanism is recorded yet." in html
    assert "None: every round whose date has passed has an outcome." in html
    assert "None waiting." in html


def queries(path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("path", ["/", "/dyads/"])
def test_a_page_costs_the_same_queries_whatever_the_registry_holds(path, today):
    today(TODAY)
    registry(1)
    Client().get(path)  # process-wide caches (content types) warm
    few = queries(path)
    registry(9)
    # A query or a few a kind of record the page's lists reach (the latest changes, the
    # worklist's page), none a record: nine times the records cost no more.
    assert queries(path) <= few <= 45


def test_the_index_of_pairs_links_to_each_pair(held):
    html = Client().get("/dyads/").content.decode()
    table = section(html, "country-pairs")
    assert table.count("<tr>") == 1 + 3
    for code in ("JP-RU", "CN-RU", "IN-RU"):
        assert f'href="/dyads/{code}/"' in table
        assert f'href="/api/v1/dyads/{code}/"' in table
    assert 'href="/timeline/?country=JP&amp;country=RU"' in table


def test_the_pair_page_never_shows_a_past_date_as_next(today):
    today(TODAY)
    mechanism = MechanismFactory(name="2+2", countries=[country("RU"), country("JP")])
    past = RoundFactory(
        mechanism=mechanism, start_date=datetime.date(2018, 7, 31), status="scheduled"
    )
    html = Client().get("/dyads/RU-JP/").content.decode()
    table = html.split('id="mechanisms"')[1].split("</table>")[0]
    assert "none ahead" in table and f"/api/v1/rounds/{past.pk}/" not in table
    assert f'href="/admin/dialogue/round/{past.pk}/change/"' in section(html, "overdue-rounds")

    ahead = RoundFactory(
        mechanism=mechanism, start_date=datetime.date(2018, 8, 1), status="scheduled"
    )
    table = Client().get("/dyads/RU-JP/").content.decode().split('id="mechanisms"')[1]
    assert f"/api/v1/rounds/{ahead.pk}/" in table.split("</table>")[0]


def test_the_timeline_marks_overdue_rounds(today):
    today(TODAY)
    past = RoundFactory(start_date=datetime.date(2018, 7, 31), status="scheduled")
    RoundFactory(start_date=datetime.date(2018, 8, 1), status="scheduled")
    html = Client().get("/timeline/").content.decode()
    assert html.count('<strong class="overdue">overdue</strong>') == 1
    overdue_only = Client().get("/timeline/", {"overdue": "true"}).content.decode()
    assert f"/api/v1/rounds/{past.pk}/" in overdue_only.split("<tbody>")[1]
    assert overdue_only.split("<tbody>")[1].count("<tr>") == 1


def test_a_mechanism_of_three_countries_makes_three_pairs(db):
    trio = MechanismFactory(countries=[country("RU"), country("CN"), country("IN")])
    RoundFactory(mechanism=trio)
    MechanismFactory(countries=[country("RU"), country("CN")])
    html = Client().get("/dyads/").content.decode()
    rows = section(html, "country-pairs").split("<tr>")[2:]
    # The most rounds first, then the most mechanisms, then by code.
    codes = [re.findall(r'href="/dyads/([A-Z-]+)/"', row)[0] for row in rows]
    assert codes == ["CN-RU", "CN-IN", "IN-RU"]
    assert '<td class="number">2</td>' in rows[0]  # China and Russia share two mechanisms


def test_a_change_to_a_participant_links_to_its_round(db):
    participant = ParticipantFactory(person=PersonFactory(name="Taro Kono"))
    round_ = participant.round
    table = section(Client().get("/").content.decode(), "latest-changes")
    first = table.split("<tr>")[2]  # the latest change: the participant's creation
    assert "Taro Kono (Foreign Minister)" in first and "participant" in first
    assert f'href="/admin/dialogue/round/{round_.pk}/change/"' in first
    assert f'href="/api/v1/rounds/{round_.pk}/"' in first


def test_the_latest_source_is_the_one_published_last(db):
    SourceFactory(title="Older", published_at=datetime.datetime(2018, 7, 30, tzinfo=datetime.UTC))
    SourceFactory(title="Newer", published_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC))
    SourceFactory(title="Undated")
    assert "Newer" in section(Client().get("/").content.decode(), "latest-source")
