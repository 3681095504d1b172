"""The HTML pages in headless Chromium: no Content-Security-Policy violation, no console error,
nothing fetched from another host (issue 10).

Runs when playwright and a Chromium are there (tests/browser/conftest.py); skipped otherwise.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from rest_framework.test import APIClient

from tests.admin_pages import admin_form
from tests.factories import (
    MechanismFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    SourceFactory,
    UserFactory,
    analyst_permissions,
    country,
)

# The server answers in its own thread: the test's records must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_ui(visit):
    visit.open("/api/docs/", wait_for=".swagger-ui .opblock")
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    operations = sum(
        method in ("get", "post", "put", "patch", "delete")
        for path in schema["paths"].values()
        for method in path
    )
    assert visit.page.locator(".swagger-ui .opblock").count() == operations
    assert not visit.problems, "\n".join(visit.problems)


def test_redoc(visit):
    visit.open("/api/redoc/", wait_for="[role=menuitem]")
    assert not visit.problems, "\n".join(visit.problems)


def test_timeline(visit):
    round_ = RoundFactory(start_date=datetime.date(2018, 7, 31), summary="Talks")
    ParticipantFactory(round=round_)
    RoundFactory(start_date=datetime.date(2018, 4, 1), status="scheduled")

    visit.open("/timeline/", wait_for="svg rect")
    visit.open("/timeline/?status=scheduled&year=2018", wait_for="svg rect")
    assert not visit.problems, "\n".join(visit.problems)


def test_the_timeline_filters_choose_a_mechanism_by_typing_its_name(visit):
    """A long list gets a box that narrows it as one types (issue 26), the mechanism's too."""
    for number in range(12):
        RoundFactory(
            mechanism=MechanismFactory(name=f"Working group {number}"),
            start_date=datetime.date(2018, 1, 1 + number),
        )
    wanted = MechanismFactory(name="Strategic dialogue of deputy ministers")
    RoundFactory(mechanism=wanted, start_date=datetime.date(2018, 7, 31))

    visit.open("/timeline/", wait_for="svg rect")
    page = visit.page
    page.get_by_label("Narrow the list: Mechanism").fill("deputy")
    shown = page.locator("#id_mechanism option:not([hidden])").all_inner_texts()
    assert shown == ["any", wanted.name]
    page.select_option("#id_mechanism", wanted.slug)
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert f"mechanism={wanted.slug}" in page.url
    assert page.locator("svg rect").count() == 1
    assert not visit.problems, "\n".join(visit.problems)


def test_admin(visit):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    round_ = RoundFactory(start_date=datetime.date(2018, 7, 31), summary="Talks")
    ParticipantFactory(round=round_)

    visit.sign_in("root", "correct horse battery staple")
    for path in (
        "/admin/",
        "/admin/dialogue/round/",
        "/admin/dialogue/round/?start_date__year=2018",
        f"/admin/dialogue/round/{round_.pk}/change/",
        "/admin/dialogue/round/add/",
        f"/admin/dialogue/mechanism/{round_.mechanism.pk}/change/",
        "/admin/dialogue/round/export/",
        f"/admin/dialogue/round/{round_.pk}/history/",
    ):
        visit.open(path)
    assert not visit.problems, "\n".join(visit.problems)


def test_a_rounds_history_names_participants_removed_through_the_api_and_the_admin(visit):
    round_ = RoundFactory(mechanism=MechanismFactory(countries=["RU", "JP"]))
    shoigu = ParticipantFactory(
        round=round_, person=PersonFactory(name="Sergey Shoigu"), role="Defence Minister"
    )
    kono = ParticipantFactory(
        round=round_, person=PersonFactory(name="Taro Kono"), role="Foreign Minister", order=1
    )
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    api = APIClient()
    api.force_authenticate(root)
    kept = {"person": kono.person_id, "country": "RU", "role": "Foreign Minister", "order": 1}
    removed = api.patch(f"/api/v1/rounds/{round_.pk}/", {"participants": [kept]}, format="json")
    assert removed.status_code == 200, removed.content
    assert not round_.participants.filter(pk=shoigu.pk).exists()
    admin = Client()
    admin.force_login(root)
    url = f"/admin/dialogue/round/{round_.pk}/change/"
    data = admin_form(admin.get(url))
    (row,) = [key for key, value in data.items() if key.endswith("-id") and value == str(kono.pk)]
    data[row.removesuffix("-id") + "-DELETE"] = "on"
    assert admin.post(url, data).status_code == 302

    visit.sign_in("root", "correct horse battery staple")
    visit.open(f"/admin/dialogue/round/{round_.pk}/history/")
    rows = visit.page.locator("#change-history tbody tr").all_inner_texts()
    assert any(
        "Removed participant Sergey Shoigu (Defence Minister)" in r and "API" in r for r in rows
    )
    assert any(
        "Removed participant Taro Kono (Foreign Minister)" in r and "admin" in r for r in rows
    )
    assert not visit.problems, "\n".join(visit.problems)


def test_timeline_marks_stay_on_their_lanes_for_any_number_of_lanes(visit):
    # Labels were HTML rows 27 px tall beside 26 px lanes: by lane 15 the marks sat 16 px off,
    # and from about 27 mechanisms on beside the wrong name.
    for number in range(40):
        RoundFactory(start_date=datetime.date(2018, 1, 1) + datetime.timedelta(days=7 * number))
    visit.open("/timeline/", wait_for="svg rect")
    offsets = visit.page.evaluate(
        """() => [...document.querySelectorAll("#timeline-chart g.lane")].map((lane) => {
             const label = lane.querySelector("text.lane-name").getBoundingClientRect();
             const mark = lane.querySelector("rect.mark").getBoundingClientRect();
             return (label.top + label.height / 2) - (mark.top + mark.height / 2);
           })"""
    )
    assert len(offsets) == 40
    assert max(abs(offset) for offset in offsets) <= 3, offsets
    assert not visit.problems, "\n".join(visit.problems)


# An autocomplete's choice, as select2 leaves it: the option chosen in the <select> it wraps.
CHOOSE = """([id, value, label]) => {
  const select = document.getElementById(id);
  select.add(new Option(label, value, true, true));
  select.dispatchEvent(new Event("change", {bubbles: true}));
}"""


def test_an_analyst_adds_a_round_with_participants_and_a_citation_from_the_mechanism_page(
    visit,
):
    from dialogue.models import Citation, Place

    mechanism = MechanismFactory(short_name="2+2", countries=[country("RU"), country("JP")])
    kono, lavrov = PersonFactory(name="Taro Kono"), PersonFactory(name="Sergey Lavrov")
    source = SourceFactory(text="The ministers met in Tokyo on 30 May 2019.")
    analyst = UserFactory(username="analyst", is_staff=True, permissions=analyst_permissions())
    analyst.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))

    visit.sign_in("analyst", "correct horse battery staple")
    visit.open(f"/admin/dialogue/mechanism/{mechanism.pk}/change/")
    page = visit.page
    page.click("a.djn-add-handler.djn-model-dialogue-round")
    page.fill("#id_rounds-0-number", "4")
    page.fill("#id_rounds-0-start_date", "2019-05-30")
    page.fill("#id_rounds-0-end_date", "2019-05-30")
    page.select_option("#id_rounds-0-date_precision", "day")
    page.select_option("#id_rounds-0-status", "held")
    # A city the registry lacks, offered by the gazetteer as the analyst types (issue 26).
    page.locator("[aria-labelledby='select2-id_rounds-0-city-container']").click()
    page.locator("[aria-controls='select2-id_rounds-0-city-results']").fill("Tokyo")
    page.locator(".select2-results__option", has_text="a city GeoNames knows").click()
    # A country by its exact name first, not a longer name that contains it (issue 26): typing
    # "India" offers India before the British Indian Ocean Territory.
    page.locator("[aria-labelledby='select2-id_rounds-0-host_country-container']").click()
    page.locator("[aria-controls='select2-id_rounds-0-host_country-results']").fill("India")
    offered = page.locator("#select2-id_rounds-0-host_country-results .select2-results__option")
    offered.filter(has_text="British Indian Ocean Territory").wait_for()
    assert offered.first.inner_text().strip() == "India"
    page.keyboard.press("Escape")
    for index, (person, side, role) in enumerate(
        [(kono, "JP", "Foreign Minister"), (lavrov, "RU", "Foreign Minister")]
    ):
        page.locator(
            "#rounds-0-participants-group a.djn-model-dialogue-participant:visible"
        ).last.click()
        prefix = f"id_rounds-0-participants-{index}"
        page.evaluate(CHOOSE, [f"{prefix}-person", str(person.pk), person.name])
        page.evaluate(CHOOSE, [f"{prefix}-country", side, side])
        page.fill(f"#{prefix}-role", role)
    page.locator(
        "#rounds-0-citations-group a.djn-model-dialogue-citation.djn-level-2:visible"
    ).last.click()
    page.evaluate(CHOOSE, ["id_rounds-0-citations-0-source", str(source.pk), source.title])
    page.fill("#id_rounds-0-citations-0-quote", "The ministers met in Tokyo on 30 May 2019.")
    # One citation for both participants (issue 26): the round's, given to its participants.
    citation = page.locator("#rounds-0-citations-0")
    citation.locator("summary", has_text="Choose what it supports").click()
    citation.get_by_label("Its participants without a citation of their own").check()
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.locator(".errornote").count() == 0, page.content()[:3000]

    listed = APIClient().get("/api/v1/rounds/", {"mechanism": mechanism.pk}).json()["results"]
    assert [(r["number"], r["date"]) for r in listed] == [(4, "2019-05-30")]
    assert sorted(p["role"] for p in listed[0]["participants"]) == ["Foreign Minister"] * 2
    assert {p["person"] for p in listed[0]["participants"]} == {kono.pk, lavrov.pk}
    assert [s["quote"] for s in listed[0]["sources"]] == [source.text]
    assert listed[0]["city"] == "Tokyo"
    tokyo = Place.objects.get(name="Tokyo")
    assert (tokyo.country_id, tokyo.geonames_id) == ("JP", 1850147)
    copies = Citation.objects.filter(content_type__model="participant")
    assert sorted((c.record.person.name, c.quote) for c in copies) == [
        ("Sergey Lavrov", source.text),
        ("Taro Kono", source.text),
    ]
    assert not visit.problems, "\n".join(visit.problems)


def test_the_pair_page(visit):
    mechanism = MechanismFactory(countries=[country("RU"), country("JP")], level="ministerial")
    RoundFactory(mechanism=mechanism, start_date=datetime.date(2018, 7, 31))
    visit.open("/dyads/RU-JP/", wait_for="#rounds-per-year rect.bar")
    wide = visit.page.evaluate("document.documentElement.scrollWidth")
    assert wide <= visit.page.viewport_size["width"]
    assert not visit.problems, "\n".join(visit.problems)


def test_the_review_page_shows_drafts_beside_their_sentences_and_one_is_accepted(visit):
    """An analyst reads drafts from a source, sees each sentence that gave drafts highlighted
    with the drafts beside it (styled: the page's style sheet is not blocked by the CSP),
    accepts a round and follows the link to the record it made (issue 12, item 5)."""
    from dialogue.models import Draft, Round
    from tests.ingestion.test_records import PUBLISHED, TEXT

    source = SourceFactory(title="Comment on talks", text=TEXT, published_at=PUBLISHED)
    registered = MechanismFactory(
        name="Brazil–Russia foreign ministers' talks", countries=[country("BR"), country("RU")]
    )
    analyst = UserFactory(username="analyst", is_staff=True, permissions=analyst_permissions())
    analyst.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))

    visit.sign_in("analyst", "correct horse battery staple")
    page = visit.page
    visit.open(f"/admin/dialogue/draft/review/{source.pk}/")
    with page.expect_navigation():
        page.click("button[name=propose]")
    page.wait_for_load_state("networkidle")
    assert Draft.objects.filter(source=source, type="round").exists()

    talks = page.locator("tr", has=page.locator("td.text mark", has_text="held talks"))
    assert talks.count() == 1
    assert talks.locator(".group-label", has_text="Rounds").count() == 1
    assert page.locator("td.text:not(:has(mark))").count() >= 1  # a sentence that gave none
    background = page.evaluate(
        "getComputedStyle(document.querySelector('td.text mark')).backgroundColor"
    )
    assert background == "rgb(255, 243, 176)", background

    # The round edited in its form fields, without JSON (issue 26): a number typed, and its
    # mechanism chosen among the registry's by typing in the admin's autocomplete.
    draft = talks.locator(".draft.proposed", has_text="· round ·").first
    draft_id = draft.get_attribute("id")
    draft.locator("summary", has_text="Edit, then accept").click()
    draft.get_by_label("Number").fill("7")
    draft.locator(f"#id_draft-{draft_id.split('-')[1]}-mechanism + .select2").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Brazil–Russia")
    page.locator(".select2-results__option", has_text=registered.name).first.click()
    with page.expect_navigation():
        draft.locator("button[name=accept_edited]").click()
    page.wait_for_load_state("networkidle")
    accepted = page.locator(f"#{draft_id}")
    assert "accepted" in (accepted.get_attribute("class") or "").split()
    record = Round.objects.get(pk=Draft.objects.get(pk=int(draft_id.split("-")[1])).record)

    accepted = page.locator(f"#{draft_id}")
    link = accepted.locator(f"a[href$='/admin/dialogue/round/{record.pk}/change/']")
    assert link.count() == 1
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/admin/dialogue/round/{record.pk}/change/")
    assert page.locator(".errornote").count() == 0
    assert (record.number, record.mechanism) == (7, registered)
    visit.problems += page.evaluate("window.__violations")
    assert not visit.problems, "\n".join(visit.problems)


def test_the_front_page_leads_an_analyst_from_a_worklist_to_the_record(visit):
    """The front page and the pair index load without a CSP violation or console error; an
    analyst follows an overdue round from the worklist to its change page (issue 26)."""
    mechanism = MechanismFactory(name="2+2", countries=[country("RU"), country("JP")])
    overdue = RoundFactory(
        mechanism=mechanism, start_date=datetime.date(2018, 7, 31), status="scheduled"
    )
    analyst = UserFactory(username="analyst", is_staff=True, permissions=analyst_permissions())
    analyst.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))

    visit.open("/dyads/")
    page = visit.page
    with page.expect_navigation():
        page.click("#country-pairs a[href='/dyads/JP-RU/']")
    assert page.locator("h1").inner_text() == "Japan and Russian Federation"
    assert page.locator("#overdue-rounds a", has_text="2+2, round").count() >= 1

    visit.sign_in("analyst", "correct horse battery staple")
    visit.open("/")
    assert page.locator("h1").inner_text() == "Dialogue Registry"
    worklist = page.locator("#overdue-rounds")
    assert worklist.locator("tbody tr").count() == 1
    with page.expect_navigation():
        worklist.locator("td a", has_text=str(overdue)).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/admin/dialogue/round/{overdue.pk}/change/")
    assert page.locator("#id_status").input_value() == "scheduled"

    visit.open("/")
    page.fill("#search-q", "2+2")
    with page.expect_navigation():
        page.click("form.search button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/timeline/?q=2%2B2" in page.url
    assert page.locator("table tbody tr").count() == 1
    visit.problems += page.evaluate("window.__violations")
    assert not visit.problems, "\n".join(visit.problems)


def test_the_seeded_mechanism_page_shows_each_round_on_one_line_until_opened(visit):
    """The Russia–Japan 2+2 page was 11,229 px tall at 1280 px, mostly its rounds' citation
    blocks; each round is now one line, opened on click (issue 26)."""
    from django.core.management import call_command

    from dialogue.models import Mechanism

    call_command("loaddata", "release-2018-07-30", verbosity=0)
    mechanism = Mechanism.objects.get(slug="ru-jp-2plus2")
    UserFactory(username="root", is_staff=True, is_superuser=True)

    visit.sign_in("root", "correct horse battery staple")
    visit.open(f"/admin/dialogue/mechanism/{mechanism.pk}/change/")
    page = visit.page
    height = page.evaluate("document.documentElement.scrollHeight")
    assert page.viewport_size["width"] == 1280
    assert height < 3000, height
    rounds = page.locator("#rounds-0, #rounds-1, #rounds-2")
    assert rounds.locator("> details.one-line:not([open])").count() == mechanism.rounds.count()
    assert "participants: " in rounds.first.locator("> details > summary").inner_text()
    assert not page.locator("#id_rounds-0-start_date").is_visible()
    rounds.first.locator("> details > summary").click()
    assert page.locator("#id_rounds-0-start_date").is_visible()
    assert not visit.problems, "\n".join(visit.problems)
