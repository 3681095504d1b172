"""A record's history explains itself: it lists the changes to the rows the record owns
(participants, citations, other names, a participant's citations) in words, with who made them
and through what (the API, the admin, a spreadsheet import, a draft accepted), in the API and on
the admin's history page (issue 26)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from dialogue import models
from dialogue.history import VIA_ADMIN, VIA_API
from tests.admin_pages import admin_form
from tests.conftest import answering_client, results
from tests.factories import (
    MechanismFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    SourceFactory,
    country,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
QUOTE = "The ministers met in Moscow on 31 July."


@pytest.fixture
def round_3(analyst_client) -> dict:
    """Round 3 of the 2+2, entered through the API with two participants and a citation."""
    lavrov = PersonFactory(name="Sergey Lavrov", country=country("RU"))
    shoigu = PersonFactory(name="Sergey Shoigu", country=country("RU"))
    created = analyst_client.post(
        f"{API}/rounds/",
        {
            "mechanism": MechanismFactory(countries=["RU", "JP"]).pk,
            "number": 3,
            "start_date": "2018-07-31",
            "participants": [
                {"person": lavrov.pk, "country": "RU", "role": "Foreign Minister"},
                {"person": shoigu.pk, "country": "RU", "role": "Defence Minister", "order": 1},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    return {"id": created.json()["id"], "lavrov": lavrov, "shoigu": shoigu}


def summaries(client, round_id: int) -> list[tuple[str, str | None]]:
    versions = results(client.get(f"{API}/rounds/{round_id}/history/", {"page_size": 100}))
    return [(v["summary"], v["via"]) for v in versions]


def test_a_participant_removed_through_the_api_is_in_the_rounds_history_by_name(
    analyst, analyst_client, round_3
):
    removed = analyst_client.patch(
        f"{API}/rounds/{round_3['id']}/",
        {"participants": [{"person": round_3["lavrov"].pk, "country": "RU", "role": "FM"}]},
        format="json",
    )
    assert removed.status_code == 200, removed.content

    versions = results(analyst_client.get(f"{API}/rounds/{round_3['id']}/history/"))
    said = [(v["summary"], v["via"], v["history_user"]) for v in versions]
    assert (
        "removed participant Sergey Shoigu (Defence Minister)",
        VIA_API,
        analyst.username,
    ) in said
    assert ("changed participant Sergey Lavrov (FM): role", VIA_API, analyst.username) in said
    assert ("added participant Sergey Lavrov (Foreign Minister)", VIA_API, analyst.username) in said
    assert ("created round", VIA_API, analyst.username) in said
    # The newest first: the PATCH's two changes, then the creation's three.
    assert {v["model"] for v in versions[:2]} == {"participant"}
    assert versions[-1]["model"] == "round" or versions[-1]["history_type"] == "+"
    # Anonymous readers see what changed and through what, not who.
    anonymous = results(APIClient().get(f"{API}/rounds/{round_3['id']}/history/"))
    assert {v["history_user"] for v in anonymous} == {"analyst"}
    assert [v["summary"] for v in anonymous] == [v["summary"] for v in versions]


def test_the_global_feed_names_the_participant(analyst_client, round_3):
    analyst_client.patch(f"{API}/rounds/{round_3['id']}/", {"participants": []}, format="json")
    feed = results(APIClient().get(f"{API}/history/", {"page_size": 5}))
    assert "removed participant Sergey Shoigu (Defence Minister)" in [v["summary"] for v in feed]
    assert {v["history_user"] for v in feed} == {"analyst"}


def test_the_global_feed_filters_by_what_a_change_was_made_through(analyst_client, round_3):
    """`?via=api|admin|import|draft|command`; another value is a 400 naming the parameter."""
    RoundFactory(number=9)  # made by a factory: no reason, as a command's changes
    through = {
        via: {v["via"] for v in results(APIClient().get(f"{API}/history/", {"via": via}))}
        for via in ("api", "command", "admin")
    }
    assert through == {"api": {VIA_API}, "command": {None}, "admin": set()}
    refused = APIClient().get(f"{API}/history/", {"via": "fax"})
    assert refused.status_code == 400
    assert "via" in refused.json()["errors"]


def test_citations_added_to_the_round_and_to_a_participant_are_in_its_history(
    analyst_client, round_3
):
    source = SourceFactory(title="Comment on the third round of 2+2", text=QUOTE)
    changed = analyst_client.patch(
        f"{API}/rounds/{round_3['id']}/",
        {
            "sources": [{"source": source.pk, "quote": QUOTE}],
            "participants": [
                {
                    "person": round_3["lavrov"].pk,
                    "country": "RU",
                    "role": "Foreign Minister",
                    "sources": [{"source": source.pk, "quote": QUOTE}],
                },
                {"person": round_3["shoigu"].pk, "country": "RU", "role": "Defence Minister"},
            ],
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    cited = (
        "citation of Comment on the third round of 2+2: “The ministers met in Moscow on 31 July.”"
    )
    said = summaries(APIClient(), round_3["id"])
    assert (f"added {cited}", VIA_API) in said
    assert (f"added {cited} for participant Sergey Lavrov (Foreign Minister)", VIA_API) in said


def test_a_participant_removed_in_the_admin_is_on_the_rounds_admin_history_page(
    superuser_client, superuser
):
    round_ = RoundFactory(mechanism=MechanismFactory(countries=["RU", "JP"]))
    ParticipantFactory(
        round=round_, person=PersonFactory(name="Sergey Lavrov"), role="Foreign Minister"
    )
    shoigu = ParticipantFactory(
        round=round_, person=PersonFactory(name="Sergey Shoigu"), role="Defence Minister", order=1
    )
    url = f"/admin/dialogue/round/{round_.pk}/change/"
    data = admin_form(superuser_client.get(url))
    (row_id,) = [
        key for key, value in data.items() if key.endswith("-id") and value == str(shoigu.pk)
    ]
    data[row_id.removesuffix("-id") + "-DELETE"] = "on"
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    assert not models.Participant.objects.filter(pk=shoigu.pk).exists()

    page = superuser_client.get(f"/admin/dialogue/round/{round_.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Removed participant Sergey Shoigu (Defence Minister)" in html
    assert "Added participant Sergey Lavrov (Foreign Minister)" in html
    (removal,) = [c for c in page.context["page_obj"] if c.summary.startswith("removed")]
    assert (removal.via, removal.version.history_user) == (VIA_ADMIN, superuser)
    # In the API too, through the admin.
    said = summaries(superuser_client, round_.pk)
    assert ("removed participant Sergey Shoigu (Defence Minister)", VIA_ADMIN) in said


def test_a_deleted_records_admin_history_page_still_shows(superuser_client):
    round_ = RoundFactory()
    ParticipantFactory(round=round_, person=PersonFactory(name="Taro Kono"), role="")
    response = superuser_client.post(f"/admin/dialogue/round/{round_.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    page = superuser_client.get(f"/admin/dialogue/round/{round_.pk}/history/")
    assert page.status_code == 200
    assert "Removed participant Taro Kono" in page.content.decode()
    assert superuser_client.get("/admin/dialogue/round/999999/history/").status_code == 404


def round_with_history(participants: int) -> models.Round:
    round_ = RoundFactory()
    source = SourceFactory(text=QUOTE)
    for order in range(participants):
        participant = ParticipantFactory(round=round_, order=order, role=f"Role {order}")
        models.Citation.objects.create(record=participant, source=source, quote=QUOTE)
        participant.role = f"Role {order}, changed"
        participant.save()
    return round_


def test_a_history_page_reads_a_fixed_number_of_queries_however_long_the_history():
    shorter, longer = round_with_history(8), round_with_history(16)
    url = f"{API}/rounds/{{}}/history/"
    answering_client().get(url.format(shorter.pk))  # content types cached, as in a server
    counts = []
    for round_, participants in ((shorter, 8), (longer, 16)):
        with CaptureQueriesContext(connection) as queries:
            response = answering_client().get(url.format(round_.pk), {"page_size": 20})
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 1 + 3 * participants
        assert any(" for participant " in v["summary"] for v in body["results"])
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
