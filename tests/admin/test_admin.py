"""The admin, where analysts enter rounds with their participants and citations."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogue import models, writes
from dialogue.admin import RoundAdmin
from dialogue.provenance import record_provenance
from tests.admin_pages import (
    add_rows,
    admin_form,
    form_data,
    form_errors,
    page_fields,
    round_form,
)
from tests.factories import (
    DocumentFactory,
    DraftFactory,
    IndicatorFactory,
    MechanismFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
    analyst_permissions,
    country,
)

pytestmark = pytest.mark.django_db

RECORD_SAVE = writes.record_save  # the services' own, before a test counts its calls


def management_prefixes(response) -> set[str]:
    """Prefixes of every formset on the page, from their TOTAL_FORMS fields."""
    return set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', response.content.decode()))


@pytest.fixture
def analyst_admin_client(client):
    """A staff analyst: the registry's add, change and delete permissions, and view ones."""
    user = UserFactory(is_staff=True, permissions=analyst_permissions())
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="dialogue", codename__startswith="view_")
    )
    client.force_login(user)
    return client


# --- Every page opens -----------------------------------------------------------------------

ONE_OF_EACH = {
    models.Country: lambda: country("JP"),
    models.Place: PlaceFactory,
    models.Person: PersonFactory,
    models.Organisation: OrganisationFactory,
    models.Topic: TopicFactory,
    models.Source: SourceFactory,
    models.Mechanism: MechanismFactory,
    models.Round: lambda: ParticipantFactory().round,
    models.Document: DocumentFactory,
    models.Indicator: IndicatorFactory,
    models.Draft: DraftFactory,
}

REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "dialogue"),
    key=lambda model: model._meta.model_name,
)


def admin_url(model, page: str, pk=None) -> str:
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return {"changelist": base, "add": f"{base}add/", "change": f"{base}{pk}/change/"}[page]


def test_every_registered_model_has_a_record_factory():
    assert set(REGISTERED) == set(ONE_OF_EACH)


def model_id(model) -> str:
    return model._meta.model_name


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_changelist_opens(superuser_client, model):
    record = ONE_OF_EACH[model]()

    response = superuser_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert record in response.context["cl"].queryset


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_add_page_opens(superuser_client, model):
    response = superuser_client.get(admin_url(model, "add"))

    assert response.status_code == 200
    assert response.context["add"] is True
    assert response.context["adminform"].form._meta.model is model


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_change_page_opens(superuser_client, model):
    record = ONE_OF_EACH[model]()

    response = superuser_client.get(admin_url(model, "change", record.pk))

    assert response.status_code == 200
    assert response.context["original"] == record


def test_round_changelist_search_and_date_hierarchy(superuser_client):
    lavrov = PersonFactory(name="Sergey Lavrov")
    in_july_2018 = ParticipantFactory(person=lavrov).round
    ParticipantFactory(
        person=lavrov,
        round=RoundFactory(
            start_date=datetime.date(2013, 11, 2), end_date=datetime.date(2013, 11, 2)
        ),
    )
    RoundFactory()  # July 2018, without Lavrov

    response = superuser_client.get(
        "/admin/dialogue/round/",
        {"q": "Lavrov", "start_date__year": "2018", "start_date__month": "7"},
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [in_july_2018]


def test_round_changelist_date_hierarchy_filters_by_year(superuser_client):
    RoundFactory(start_date=datetime.date(2013, 11, 2), end_date=datetime.date(2013, 11, 2))
    in_2018 = RoundFactory()

    response = superuser_client.get("/admin/dialogue/round/", {"start_date__year": "2018"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [in_2018]


def test_mechanism_changelist_counts_rounds_under_a_search(superuser_client):
    """Searching other names joins them; the rounds column must still count each round once."""
    mechanism = MechanismFactory(name="Russia–Japan 2+2")
    for name, language in (("«2+2» Россия–Япония", "ru"), ("日露2+2", "ja")):
        models.MechanismName.objects.create(mechanism=mechanism, name=name, language=language)
    RoundFactory.create_batch(3, mechanism=mechanism)

    response = superuser_client.get("/admin/dialogue/mechanism/", {"q": "2+2"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mechanism]
    assert re.search(r'class="field-rounds_count">3<', response.content.decode())


def test_the_mechanism_autocomplete_pages_through_mechanisms_in_name_order(superuser_client):
    """Counting rounds aggregates, and Django leaves Meta.ordering out of such a query: the
    autocomplete paged an unordered list (a mechanism could show on two pages, or none)."""
    names = [f"Dialogue {letter}" for letter in "QWERTYUIOPASDFGHJKLZX"]
    for name in names:
        MechanismFactory(name=name)
    shown = []
    for page in (1, 2):
        response = superuser_client.get(
            "/admin/autocomplete/",
            {
                "term": "Dialogue",
                "app_label": "dialogue",
                "model_name": "round",
                "field_name": "mechanism",
                "page": page,
            },
        )
        shown += [result["text"] for result in response.json()["results"]]
    assert shown == sorted(names)


# --- Entering a round ------------------------------------------------------------------------


def test_round_add_page_has_participant_and_citation_inlines(analyst_admin_client):
    response = analyst_admin_client.get("/admin/dialogue/round/add/")

    assert response.status_code == 200
    assert {"participants", "citations"} <= management_prefixes(response)


def test_analyst_adds_a_round_with_a_participant_and_a_citation(analyst_admin_client):
    mechanism = MechanismFactory(countries=["RU", "JP"])
    person = PersonFactory(name="Taro Kono", country=country("JP"))
    source = SourceFactory()
    data, page = round_form(analyst_admin_client, mechanism=str(mechanism.pk), number="5")
    add_rows(
        data,
        page,
        "participants",
        [{"person": str(person.pk), "country": "JP", "role": "Foreign Minister"}],
    )
    add_rows(
        data,
        page,
        "citations",
        [{"source": str(source.pk), "quote": "They discussed security."}],
    )

    response = analyst_admin_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 302, form_errors(response)
    round_ = models.Round.objects.get(mechanism=mechanism, number=5)
    assert round_.end_date == datetime.date(2018, 7, 31)  # derived: the form left it empty
    participant = round_.participants.get()
    assert (participant.person, participant.country_id, participant.role) == (
        person,
        "JP",
        "Foreign Minister",
    )
    citation = round_.citations.get()
    assert (citation.source, citation.quote) == (source, "They discussed security.")


def test_admin_rejects_a_round_ending_before_it_starts(analyst_admin_client):
    data, _ = round_form(analyst_admin_client, start_date="2018-07-31", end_date="2018-07-30")

    response = analyst_admin_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 200
    assert "end_date" in response.context["adminform"].form.errors
    assert not models.Round.objects.exists()


def test_admin_rejects_a_participant_of_another_country(analyst_admin_client):
    data, page = round_form(analyst_admin_client)
    add_rows(data, page, "participants", [{"person": str(PersonFactory().pk), "country": "CN"}])

    response = analyst_admin_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 200
    assert "CN is not one of the mechanism" in form_errors(response)
    assert not models.Round.objects.exists()
    assert not models.Participant.objects.exists()


def test_admin_rejects_a_citation_not_in_the_source(analyst_admin_client):
    data, page = round_form(analyst_admin_client)
    add_rows(
        data,
        page,
        "citations",
        [{"source": str(SourceFactory().pk), "quote": "They met in Tokyo."}],
    )

    response = analyst_admin_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 200
    assert "does not appear word for word" in form_errors(response)
    assert not models.Round.objects.exists()


# --- Entering a mechanism with its rounds ------------------------------------------------------


def mechanism_form(client) -> tuple[dict, dict]:
    """The mechanism add form with one Russia–Japan round; and the page's fields."""
    response = client.get("/admin/dialogue/mechanism/add/")
    prefixes = management_prefixes(response)
    # A round's nested inlines are templated as `rounds-empty-<name>`; the first round's
    # rows are then `rounds-0-<name>-<i>-<field>`.
    assert {"rounds", "rounds-empty-participants", "rounds-empty-citations"} <= prefixes
    page = page_fields(response)
    data = form_data(page)
    data.update(name="Russia–Japan 2+2", slug="ru-jp-2plus2", kind="two_plus_two")
    data["countries"] = ["RU", "JP"]
    add_rows(data, page, "rounds", [{"number": "1", "start_date": "2013-11-02"}])
    return data, page


def test_analyst_adds_a_mechanism_with_a_round_participant_and_citation(analyst_admin_client):
    person = PersonFactory(name="Sergey Lavrov", country=country("RU"))
    source = SourceFactory()
    data, page = mechanism_form(analyst_admin_client)
    add_rows(data, page, "rounds-0-participants", [{"person": str(person.pk), "country": "RU"}])
    add_rows(
        data,
        page,
        "rounds-0-citations",
        [{"source": str(source.pk), "quote": "They discussed security."}],
    )

    response = analyst_admin_client.post("/admin/dialogue/mechanism/add/", data)

    assert response.status_code == 302, form_errors(response)
    mechanism = models.Mechanism.objects.get(slug="ru-jp-2plus2")
    assert set(mechanism.countries.values_list("code", flat=True)) == {"RU", "JP"}
    round_ = mechanism.rounds.get()
    assert (round_.number, round_.start_date, round_.end_date) == (
        1,
        datetime.date(2013, 11, 2),
        datetime.date(2013, 11, 2),
    )
    assert [(p.person, p.country_id) for p in round_.participants.all()] == [(person, "RU")]
    assert [(c.source, c.quote) for c in round_.citations.all()] == [
        (source, "They discussed security.")
    ]


def test_mechanism_add_page_rejects_a_participant_of_another_country(analyst_admin_client):
    data, page = mechanism_form(analyst_admin_client)
    add_rows(
        data, page, "rounds-0-participants", [{"person": str(PersonFactory().pk), "country": "CN"}]
    )

    response = analyst_admin_client.post("/admin/dialogue/mechanism/add/", data)

    assert response.status_code == 200
    assert not models.Mechanism.objects.exists()
    assert not models.Participant.objects.exists()


def test_seeded_mechanism_change_page_opens(superuser_client, seeded):
    """A mechanism with its real rounds, participants and citations nested on one page."""
    mechanism = models.Mechanism.objects.get(slug="ru-jp-2plus2")

    response = superuser_client.get(admin_url(models.Mechanism, "change", mechanism.pk))

    assert response.status_code == 200
    page = page_fields(response)
    assert page["rounds-TOTAL_FORMS"] == str(mechanism.rounds.count())


def test_the_mechanism_page_shows_its_latest_rounds_newest_first_and_links_to_all(
    superuser_client,
):
    mechanism = MechanismFactory()
    for number in range(1, 13):
        RoundFactory(mechanism=mechanism, number=number, start_date=f"20{number + 10}-01-01")
    page = superuser_client.get(f"/admin/dialogue/mechanism/{mechanism.pk}/change/")
    shown = [form.instance.number for form in page.context["inline_admin_formsets"][-1].formset]
    assert shown == [12, 11, 10, 9, 8, 7, 6, 5, 4, 3]
    html = page.content.decode()
    assert "The 10 latest of 12 rounds are below, newest first." in html
    assert f"/admin/dialogue/round/?mechanism__id__exact={mechanism.pk}" in html


def test_history_names_a_command_and_shows_no_empty_change_reason(superuser_client):
    person = PersonFactory()
    page = superuser_client.get(f"/admin/dialogue/person/{person.pk}/history/").content.decode()
    assert "Change reason" not in page and "None" not in page
    assert "a command" in page


def test_admin_is_branded_and_help_texts_show_code_not_backticks(superuser_client):
    page = superuser_client.get("/admin/dialogue/source/add/").content.decode()
    assert "<title>Add source | Dialogue Registry</title>" in page
    assert "Django administration" not in page
    assert "<code>en-GB</code>" in page and "`en-GB`" not in page


def test_admin_shows_and_reads_dates_as_iso_8601(superuser_client):
    record = RoundFactory(start_date="2019-11-15")
    page = superuser_client.get(f"/admin/dialogue/round/{record.pk}/change/").content.decode()
    assert 'value="2019-11-15"' in page and "15/11/2019" not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's")
def test_a_changelist_never_counts_every_row(superuser_client, monkeypatch):
    from dialogue import paging

    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 5)
    RoundFactory.create_batch(12)
    with CaptureQueriesContext(connection) as queries:
        page = superuser_client.get("/admin/dialogue/round/")
    assert page.status_code == 200
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "dialogue_round" in q["sql"]]
    assert counts and all("LIMIT 6" in sql for sql in counts), counts


@pytest.mark.parametrize(
    ("term", "first"),
    [
        ("India", "India"),
        ("india", "India"),
        ("us", "United States"),
        ("JPN", "Japan"),
        ("Russia", "Russian Federation"),
        ("Korea", "Korea, Democratic People's Republic of"),
    ],
)
def test_a_country_autocomplete_offers_the_best_match_first(superuser_client, term, first):
    """Issue 26: "India" offered the British Indian Ocean Territory first, and the analyst
    saved the wrong country."""
    response = superuser_client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": "dialogue", "model_name": "person", "field_name": "country"},
    )

    offered = [result["text"] for result in response.json()["results"]]
    assert offered[0] == first, offered[:5]


def test_the_rounds_list_marks_and_filters_overdue_rounds(superuser_client, today):
    today(datetime.date(2018, 8, 1))
    overdue = RoundFactory(start_date=datetime.date(2018, 7, 31), status="scheduled")
    ahead = RoundFactory(start_date=datetime.date(2018, 8, 1), status="scheduled")
    held = RoundFactory(start_date=datetime.date(2018, 7, 31))

    page = superuser_client.get("/admin/dialogue/round/").content.decode()
    assert "column-overdue" in page
    rows = {
        round_.pk: page.split(f"/admin/dialogue/round/{round_.pk}/change/")[1].split("</tr>")[0]
        for round_ in (overdue, ahead, held)
    }
    assert 'alt="True"' in rows[overdue.pk]
    assert 'alt="False"' in rows[ahead.pk] and 'alt="False"' in rows[held.pk]

    only = superuser_client.get("/admin/dialogue/round/", {"overdue": "yes"}).content.decode()
    assert f"/admin/dialogue/round/{overdue.pk}/change/" in only
    assert f"/admin/dialogue/round/{ahead.pk}/change/" not in only
    others = superuser_client.get("/admin/dialogue/round/", {"overdue": "no"}).content.decode()
    assert f"/admin/dialogue/round/{overdue.pk}/change/" not in others
    assert f"/admin/dialogue/round/{held.pk}/change/" in others


# --- The rounds list and its filters (issue 26) -------------------------------------------


def round_rows(page: str, rounds) -> dict:
    """Each round's row of the rounds list, as HTML, by the round's id."""
    return {
        round_.pk: page.split(f"/admin/dialogue/round/{round_.pk}/change/")[1].split("</tr>")[0]
        for round_ in rounds
    }


def test_the_rounds_list_names_each_rounds_participants_without_a_query_per_row(
    superuser_client,
):
    def a_round_with(*names):
        round_ = RoundFactory()
        for order, name in enumerate(names):
            ParticipantFactory(round=round_, person=PersonFactory(name=name), order=order)
        return round_

    first = a_round_with("Sergey Lavrov", "Taro Kono")
    superuser_client.get("/admin/dialogue/round/")  # the session's and caches' first reads
    with CaptureQueriesContext(connection) as one_round:
        page = superuser_client.get("/admin/dialogue/round/").content.decode()
    assert "column-participant_names" in page
    assert "Sergey Lavrov, Taro Kono" in round_rows(page, [first])[first.pk]

    others = [a_round_with(f"Minister {n}", f"Deputy {n}") for n in range(4)]
    with CaptureQueriesContext(connection) as five_rounds:
        page = superuser_client.get("/admin/dialogue/round/").content.decode()
    assert "Minister 3, Deputy 3" in round_rows(page, others)[others[3].pk]
    assert len(five_rounds) == len(one_round)


def filter_choices(response, parameter: str) -> list[str]:
    """The labels a list filter offers, by its parameter (`host_country__code__exact`)."""
    (spec,) = [
        spec
        for spec in response.context["cl"].filter_specs
        if parameter in spec.expected_parameters()
    ]
    return [str(label) for _, label in spec.lookup_choices]


def test_the_rounds_list_filters_by_a_mechanism_among_those_with_rounds(superuser_client):
    talks = RoundFactory(mechanism=MechanismFactory(name="Strategic stability talks")).mechanism
    other = RoundFactory(mechanism=MechanismFactory(name="2+2"))
    MechanismFactory(name="Dormant format")  # no rounds: nothing to filter by

    response = superuser_client.get("/admin/dialogue/round/", {"mechanism__id__exact": talks.pk})

    assert sorted(filter_choices(response, "mechanism__id__exact")) == [
        "2+2",
        "Strategic stability talks",
    ]
    assert [round_.mechanism for round_ in response.context["cl"].result_list] == [talks]
    assert other not in response.context["cl"].result_list


@pytest.mark.parametrize(
    ("model", "parameter", "used"),
    [
        (
            models.Round,
            "host_country__code__exact",
            lambda: RoundFactory(host_country=country("JP")),
        ),
        (models.Person, "country__code__exact", lambda: PersonFactory(country=country("JP"))),
        (models.Place, "country__code__exact", lambda: PlaceFactory(country=country("JP"))),
        (
            models.Organisation,
            "country__code__exact",
            lambda: OrganisationFactory(country=country("JP")),
        ),
        (models.Mechanism, "countries__code__exact", lambda: MechanismFactory(countries=["JP"])),
    ],
    ids=["rounds", "people", "places", "organisations", "mechanisms"],
)
def test_a_country_filter_offers_only_the_countries_the_records_use(
    superuser_client, model, parameter, used
):
    used()

    response = superuser_client.get(admin_url(model, "changelist"))

    assert filter_choices(response, parameter) == ["Japan"]


# --- A round's city from the gazetteer (issue 26) -------------------------------------------

GAZETTEER = "/admin/dialogue/place/gazetteer/"
CITY_FIELD = {"app_label": "dialogue", "model_name": "round", "field_name": "city"}


def test_the_city_field_offers_a_city_the_gazetteer_knows_and_the_registry_lacks(
    analyst_admin_client,
):
    page = analyst_admin_client.get("/admin/dialogue/round/add/").content.decode()
    assert f'data-ajax--url="{GAZETTEER}"' in page

    offered = analyst_admin_client.get(GAZETTEER, {"term": "new delhi", **CITY_FIELD}).json()

    assert [result["id"] for result in offered["results"]] == ["geonames:New Delhi"]
    assert "GeoNames" in offered["results"][0]["text"]


def test_the_city_field_offers_the_registrys_place_for_a_name_it_knows_by_geonames(
    analyst_admin_client,
):
    # The registry's place has another spelling; GeoNames' alternate names lead to it.
    moscow = PlaceFactory(name="Moskva", slug="moskva", geonames_id=524901)

    offered = analyst_admin_client.get(GAZETTEER, {"term": "Moscow", **CITY_FIELD}).json()

    assert [result["id"] for result in offered["results"]] == [str(moscow.pk)]


def test_a_round_saved_with_a_gazetteer_city_creates_the_place_with_its_coordinates(
    analyst_admin_client,
):
    data, _ = round_form(analyst_admin_client, number="7", city="geonames:New Delhi")

    response = analyst_admin_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 302, form_errors(response)
    city = models.Round.objects.get(number=7).city
    assert (city.name, city.country_id, city.kind) == ("New Delhi", "IN", "city")
    assert round(city.latitude, 1) == 28.6 and round(city.longitude, 1) == 77.2
    assert [c.basis for c in city.citations.all()] == ["external"]


def test_a_gazetteer_city_of_a_shared_name_is_looked_for_in_the_mechanisms_countries(
    analyst_admin_client,
):
    data, _ = round_form(
        analyst_admin_client,
        mechanism=str(MechanismFactory(countries=["US", "RU"]).pk),
        city="geonames:Alexandria",
    )

    response = analyst_admin_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 302, form_errors(response)
    assert models.Place.objects.get(name="Alexandria").country_id == "US"  # Virginia


def test_a_refused_round_keeps_its_gazetteer_city_chosen_and_adds_no_place(
    analyst_admin_client,
):
    data, _ = round_form(
        analyst_admin_client,
        city="geonames:New Delhi",
        start_date="2018-07-31",
        end_date="2018-07-30",
    )

    response = analyst_admin_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 200
    assert 'value="geonames:New Delhi" selected' in response.content.decode()
    assert not models.Place.objects.exists()


# --- A mechanism's rounds, one line each (issue 26) ----------------------------------------


def test_a_mechanisms_rounds_and_citations_are_one_line_each_until_opened(superuser_client):
    mechanism = MechanismFactory(short_name="2+2")
    round_ = RoundFactory(mechanism=mechanism, number=3, city=PlaceFactory(name="Moscow"))
    ParticipantFactory(round=round_, person=PersonFactory(name="Sergey Lavrov"))
    models.Citation.objects.create(
        record=round_, source=SourceFactory(title="Comment on talks"), quote="They met."
    )

    page = superuser_client.get(f"/admin/dialogue/mechanism/{mechanism.pk}/change/")

    html = re.sub(r"\s+", " ", page.content.decode())
    assert re.search(
        r'id="rounds-0"> <details class="one-line"> <summary>2\+2, round 3 \(31 Jul 2018\) · '
        r"Held · Moscow · 1 participant: Sergey Lavrov · 1 citation</summary>",
        html,
    ), html[html.find('id="rounds-0"') :][:400]
    assert "<summary>Comment on talks: “They met.”</summary>" in html


def test_a_round_whose_rows_were_refused_is_shown_open(superuser_client):
    round_ = ParticipantFactory().round
    url = f"/admin/dialogue/mechanism/{round_.mechanism.pk}/change/"
    data = admin_form(superuser_client.get(url))
    data["rounds-0-participants-0-country"] = "CN"  # not one of the mechanism's countries

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.content.decode())
    assert 'id="rounds-0"> <details class="one-line" open>' in html


# --- One citation for a round's participants (issue 26) ------------------------------------


def test_a_rounds_citation_given_to_its_participants_is_copied_to_each_without_its_own(
    analyst_admin_client,
):
    mechanism = MechanismFactory(countries=["RU", "JP"])
    kono, lavrov, shoigu = (
        PersonFactory(name=name) for name in ("Taro Kono", "Sergey Lavrov", "Sergey Shoigu")
    )
    source = SourceFactory(
        text="Foreign Minister Taro Kono and Foreign Minister Sergey Lavrov held talks. "
        "Defence Minister Sergey Shoigu took part."
    )
    data, page = round_form(analyst_admin_client, mechanism=str(mechanism.pk), number="4")
    add_rows(
        data,
        page,
        "participants",
        [
            {"person": str(kono.pk), "country": "JP", "role": "Foreign Minister"},
            {"person": str(lavrov.pk), "country": "RU", "role": "Foreign Minister"},
            {"person": str(shoigu.pk), "country": "RU", "role": "Defence Minister"},
        ],
    )
    add_rows(
        data,
        page,
        "participants-2-citations",
        [{"source": str(source.pk), "quote": "Defence Minister Sergey Shoigu took part."}],
    )
    talks = "Foreign Minister Taro Kono and Foreign Minister Sergey Lavrov held talks."
    add_rows(data, page, "citations", [{"source": str(source.pk), "quote": talks}])
    data["citations-0-supports"] = ["participants_without_citations"]

    response = analyst_admin_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 302, form_errors(response)
    round_ = models.Round.objects.get(number=4)
    cited = {
        participant.person.name: [(c.quote, c.supports) for c in participant.citations.all()]
        for participant in round_.participants.all()
    }
    for_each = [(talks, ["person", "country", "role"])]
    assert cited == {
        "Taro Kono": for_each,
        "Sergey Lavrov": for_each,
        "Sergey Shoigu": [("Defence Minister Sergey Shoigu took part.", [])],
    }
    assert [(c.quote, c.supports) for c in round_.citations.all()] == [(talks, [])]
    unsupported = record_provenance(round_)["unsupported"]
    assert not [
        name for name in unsupported if name.startswith(("participants[0]", "participants[1]"))
    ]


def test_the_round_pages_citations_say_how_one_serves_its_participants(analyst_admin_client):
    page = analyst_admin_client.get("/admin/dialogue/round/add/").content.decode()
    assert "Its participants without a citation of their own" in page
    assert "adds a copy of it under every participant who has none" in page
    person = analyst_admin_client.get("/admin/dialogue/person/add/").content.decode()
    assert "participants_without_citations" not in person


def test_reverting_a_round_to_a_version_takes_a_gazetteer_city_too(superuser_client):
    round_ = RoundFactory(city=None)
    version = round_.history.get(history_type="+")
    url = f"/admin/dialogue/round/{round_.pk}/history/{version.history_id}/"
    data = admin_form(superuser_client.get(url))
    data["city"] = "geonames:New Delhi"

    response = superuser_client.post(url, data)

    assert response.status_code == 302, form_errors(response)
    round_.refresh_from_db()
    assert (round_.city.name, round_.city.country_id) == ("New Delhi", "IN")


# --- One write per page, its inputs passed as values (issue 22) ------------------------------


@pytest.fixture
def counted_writes():
    """The services' writes, counted as the admin calls them (and still made)."""
    with (
        mock.patch.object(writes, "record_save", wraps=writes.record_save) as saves,
        mock.patch.object(writes, "record_delete", wraps=writes.record_delete) as deletes,
    ):
        yield saves, deletes


def refused_late(message: str, model: type = models.Round):
    """The services' write, refusing a record of `model` as they do a rule that only the
    saved page can be checked against (the forms have passed)."""

    def write(**kwargs):
        if isinstance(kwargs["instance"], model):
            raise writes.RecordInvalid({"participants": [{"country": [message]}]})
        return RECORD_SAVE(**kwargs)

    return write


def test_a_write_refused_after_the_forms_passed_shows_why_from_one_pass_over_the_page(
    superuser_client, counted_writes
):
    saves, _ = counted_writes
    round_ = ParticipantFactory().round
    url = f"/admin/dialogue/round/{round_.pk}/change/"
    data = admin_form(superuser_client.get(url))
    data["venue"] = "The Kremlin"
    saves.side_effect = refused_late("Refused by the services.")

    with mock.patch.object(
        RoundAdmin, "get_form", autospec=True, side_effect=RoundAdmin.get_form
    ) as forms_made:
        response = superuser_client.post(url, data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [str(error) for error in form.non_field_errors()] == [
        "participants[0].country: Refused by the services."
    ]
    assert form["venue"].value() == "The Kremlin"  # the page as the analyst entered it
    # One pass: the page's forms made and checked once, the services called once.
    assert (saves.call_count, forms_made.call_count) == (1, 1)
    assert not hasattr(response.wsgi_request, "write_refused")
    assert models.Round.objects.get(pk=round_.pk).venue != "The Kremlin"


def test_a_refused_mechanism_added_with_its_round_keeps_neither_and_can_be_saved_again(
    superuser_client, counted_writes
):
    saves, _ = counted_writes
    data, _ = mechanism_form(superuser_client)
    saves.side_effect = refused_late("Refused by the services.")

    refused = superuser_client.post("/admin/dialogue/mechanism/add/", data)

    assert refused.status_code == 200
    assert "Refused by the services." in str(refused.context["adminform"].form.non_field_errors())
    assert refused.context["adminform"].form.instance.pk is None  # undone with the write
    assert [type(call.kwargs["instance"]) for call in saves.call_args_list] == [
        models.Mechanism,
        models.Round,
    ]
    assert not models.Mechanism.objects.exists()
    saves.side_effect = None
    saved = superuser_client.post("/admin/dialogue/mechanism/add/", data)
    assert saved.status_code == 302, form_errors(saved)
    assert models.Mechanism.objects.get().rounds.count() == 1


def test_a_mechanism_page_takes_a_country_and_a_participant_of_it_in_one_save(
    superuser_client, counted_writes
):
    saves, _ = counted_writes
    participant = ParticipantFactory(country=country("JP"))
    mechanism = participant.round.mechanism
    url = f"/admin/dialogue/mechanism/{mechanism.pk}/change/"
    data = admin_form(superuser_client.get(url))
    assert "CN" not in data["countries"]
    data["countries"] = [*data["countries"], "CN"]
    data["rounds-0-participants-0-country"] = "CN"

    response = superuser_client.post(url, data)

    assert response.status_code == 302, form_errors(response)
    participant.refresh_from_db()
    assert participant.country_id == "CN"
    # One write a record, the mechanism's first; the countries travel as its values, not as
    # an attribute of the record.
    assert [type(call.kwargs["instance"]) for call in saves.call_args_list] == [
        models.Mechanism,
        models.Round,
    ]
    written = saves.call_args_list[0].kwargs
    assert "CN" in {country.code for country in written["many_to_many"]["countries"]}
    assert "pending_countries" not in vars(written["instance"])


def test_a_mechanism_page_refuses_a_participant_of_a_country_it_removes(superuser_client):
    participant = ParticipantFactory(country=country("JP"))
    mechanism = participant.round.mechanism
    url = f"/admin/dialogue/mechanism/{mechanism.pk}/change/"
    data = admin_form(superuser_client.get(url))
    data["countries"] = [code for code in data["countries"] if code != "JP"]

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    [rounds] = [
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "rounds"
    ]
    [round_form] = rounds.forms
    [row] = round_form.nested_formsets[0].forms
    assert row.errors["country"] == [
        f"JP is not one of the mechanism's countries ({', '.join(data['countries'])})."
    ]
    assert "JP" in mechanism.side_codes()


def test_a_gazetteer_city_of_a_mechanisms_new_round_is_looked_for_in_the_countries_chosen(
    superuser_client,
):
    data, _ = mechanism_form(superuser_client)
    data["countries"] = ["US", "RU"]
    data["rounds-0-city"] = "geonames:Alexandria"

    response = superuser_client.post("/admin/dialogue/mechanism/add/", data)

    assert response.status_code == 302, form_errors(response)
    assert models.Place.objects.get(name="Alexandria").country_id == "US"  # Virginia
