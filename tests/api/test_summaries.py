"""Summaries: a country pair (/api/v1/dyads/), counts (/api/v1/stats/), the timeline (API and
the HTML page). Expected numbers are computed in each test from the records it creates."""

import datetime
import re
from collections import Counter

import pytest

from dialogue import models
from dialogue.choices import RoundStatus
from tests.conftest import field_errors, no_field_errors
from tests.factories import (
    DocumentFactory,
    MechanismFactory,
    PlaceFactory,
    RoundFactory,
    country,
    indicator_in,
)

pytestmark = pytest.mark.django_db

# The scale, highest first, written out here rather than read from MechanismLevel.
LEVELS_HIGHEST_FIRST = [
    "head_of_state_or_government",
    "ministerial",
    "first_deputy_minister",
    "deputy_minister",
    "senior_official",
    "working_level",
    "parliamentary",
    "non_governmental",
]


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def round_on(start: str, end: str | None = None, **kwargs) -> models.Round:
    return RoundFactory(start_date=day(start), end_date=day(end or start), **kwargs)


def document_on(start: str | None, parties=(), **kwargs) -> models.Document:
    """A document of one day (`start`), or undated when `start` is None."""
    date = day(start) if start else None
    document = DocumentFactory(start_date=date, end_date=date, **kwargs)
    document.parties.set(parties)
    return document


# --- /api/v1/dyads/ ------------------------------------------------------------------------------


@pytest.fixture
def pair_records() -> dict:
    """Records of Russia and Japan, and of Russia and China that a RU-JP summary leaves out."""
    ministers = MechanismFactory(slug="ru-jp-ministers", level="ministerial")
    deputies = MechanismFactory(slug="ru-jp-deputies", level="deputy_minister")
    unranked = MechanismFactory(slug="ru-jp-unranked", level="")
    ru_cn = MechanismFactory(
        slug="ru-cn-summits", level="head_of_state_or_government", countries=["RU", "CN"]
    )
    rounds = [
        round_on("2017-03-20", mechanism=ministers),
        round_on("2017-11-01", mechanism=ministers),
        round_on("2018-07-31", mechanism=ministers, status=RoundStatus.SCHEDULED),
        round_on("2018-04-01", "2018-04-30", mechanism=deputies, date_precision="month"),
        round_on("2018-06-22", mechanism=deputies),
        round_on("2016-12-15", mechanism=unranked),
    ]
    ru_cn_rounds = [
        round_on("2018-05-01", mechanism=ru_cn),
        round_on("2015-05-01", mechanism=ru_cn),
    ]
    documents = [
        document_on("2018-05-26", parties=["RU", "JP"], quantity=4),
        document_on("2018-05-26", round=rounds[4], quantity=7),  # signed at a pair's round
        document_on("2017-03-20", parties=["RU", "JP"]),
    ]
    excluded_documents = [
        document_on("2018-05-26", parties=["RU", "CN"], quantity=3),
        document_on("2015-05-01", round=ru_cn_rounds[1], quantity=2),
        document_on(None, parties=["RU", "JP"]),  # undated: in no year
    ]
    indicators = [indicator_in(2017), indicator_in(2017, name="Growth"), indicator_in(2018)]
    excluded_indicators = [indicator_in(2017, countries=["RU", "CN"])]
    return {
        "mechanisms": [ministers, deputies, unranked],
        "ru_cn": ru_cn,
        "rounds": rounds,
        "ru_cn_rounds": ru_cn_rounds,
        "documents": documents,
        "excluded_documents": excluded_documents,
        "indicators": indicators,
        "excluded_indicators": excluded_indicators,
    }


def dyad(client, pair: str = "RU-JP") -> dict:
    response = client.get(f"/api/v1/dyads/{pair}/")
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_dyad_lists_the_mechanisms_both_countries_take_part_in(api_client, pair_records):
    body = dyad(api_client)

    assert {m["id"] for m in body["mechanisms"]} == {m.pk for m in pair_records["mechanisms"]}
    assert pair_records["ru_cn"].pk not in {m["id"] for m in body["mechanisms"]}


def test_dyad_is_the_same_in_either_order(api_client, pair_records):
    ru_jp, jp_ru = dyad(api_client, "RU-JP"), dyad(api_client, "JP-RU")

    assert [m["id"] for m in ru_jp["mechanisms"]] == [m["id"] for m in jp_ru["mechanisms"]]
    for key in ("rounds_per_year", "documents_per_year", "highest_level_per_year"):
        assert ru_jp[key] == jp_ru[key]
    assert jp_ru["pair"] == ["JP", "RU"]


def test_dyad_mechanisms_have_round_counts_and_last_and_next_rounds(
    api_client, pair_records, today
):
    today(datetime.date(2018, 7, 1))  # before the scheduled round
    ministers = pair_records["mechanisms"][0]
    own = [r for r in pair_records["rounds"] if r.mechanism_id == ministers.pk]
    held = [r for r in own if r.status == RoundStatus.HELD]
    scheduled = [r for r in own if r.status == RoundStatus.SCHEDULED]

    body = dyad(api_client)

    (entry,) = [m for m in body["mechanisms"] if m["id"] == ministers.pk]
    assert entry["rounds_count"] == len(own)
    assert entry["last_round"]["id"] == max(held, key=lambda r: r.start_date).pk
    assert entry["next_round"]["id"] == min(scheduled, key=lambda r: r.start_date).pk


def test_dyad_rounds_per_year(api_client, pair_records):
    expected = Counter(r.start_date.year for r in pair_records["rounds"])

    rows = dyad(api_client)["rounds_per_year"]

    assert rows == [{"year": year, "count": expected[year]} for year in sorted(expected)]


def test_dyad_documents_per_year_count_records_and_their_quantity(api_client, pair_records):
    records = Counter(d.start_date.year for d in pair_records["documents"])
    documents = Counter()
    for document in pair_records["documents"]:
        documents[document.start_date.year] += document.quantity

    rows = dyad(api_client)["documents_per_year"]

    assert rows == [
        {"year": year, "count": records[year], "documents": documents[year]}
        for year in sorted(records)
    ]


def test_dyad_indicators_per_year(api_client, pair_records):
    expected: dict[int, set[int]] = {}
    for indicator in pair_records["indicators"]:
        expected.setdefault(indicator.start_date.year, set()).add(indicator.pk)

    rows = dyad(api_client)["indicators_per_year"]

    assert [row["year"] for row in rows] == sorted(expected)
    assert {row["year"]: {i["id"] for i in row["indicators"]} for row in rows} == expected


def test_dyad_highest_level_per_year(api_client, pair_records):
    best: dict[int, str] = {}
    for round_ in pair_records["rounds"]:
        level = round_.mechanism.level
        if not level:
            continue
        year = round_.start_date.year
        if year not in best or LEVELS_HIGHEST_FIRST.index(level) < LEVELS_HIGHEST_FIRST.index(
            best[year]
        ):
            best[year] = level

    rows = dyad(api_client)["highest_level_per_year"]

    assert rows == [{"year": year, "level": best[year]} for year in sorted(best)]
    # The Russia–China summit of 2018 does not make it a head-of-state year for Russia–Japan.
    assert best[2018] == "ministerial"


def test_dyad_with_an_unknown_country_is_a_json_404(api_client):
    response = api_client.get("/api/v1/dyads/RU-XX/")

    no_field_errors(response, 404)


def test_dyad_of_a_country_with_itself_is_400(api_client):
    response = api_client.get("/api/v1/dyads/RU-RU/")

    assert response.status_code == 400
    assert "pair" in field_errors(response)


# --- /api/v1/stats/ ------------------------------------------------------------------------------


@pytest.fixture
def stats_rounds() -> tuple[list[models.Round], list[models.Round]]:
    """Russia–Japan rounds, counted by the stats below, and a Russia–China one, filtered out."""
    ministers = MechanismFactory(name="Alpha ministers", level="ministerial")
    experts = MechanismFactory(name="Bravo experts", level="working_level")
    unranked = MechanismFactory(name="Charlie club", level="")
    wanted = [
        round_on("2017-03-20", mechanism=ministers, host_country=country("JP")),
        round_on("2018-07-31", mechanism=ministers, host_country=country("RU")),
        round_on("2018-04-10", mechanism=experts, host_country=country("RU")),
        round_on("2018-05-10", mechanism=experts, host_country=None),
        round_on("2018-06-10", mechanism=experts, host_country=country("RU")),
        round_on("2016-12-15", mechanism=unranked, host_country=country("JP")),
    ]
    others = [
        round_on(
            "2018-05-01",
            mechanism=MechanismFactory(level="ministerial", countries=["RU", "CN"]),
            host_country=country("CN"),
        )
    ]
    return wanted, others


def stats(client, params: dict) -> dict:
    response = client.get("/api/v1/stats/", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_stats_count_matches_the_rounds_list(api_client, stats_rounds):
    wanted, _ = stats_rounds
    params = {"country": ["RU", "JP"]}

    body = stats(api_client, params)

    assert body["count"] == len(wanted)
    assert body["count"] == api_client.get("/api/v1/rounds/", params).json()["count"]


def test_stats_by_year(api_client, stats_rounds):
    wanted, _ = stats_rounds
    expected = Counter(r.start_date.year for r in wanted)

    body = stats(api_client, {"country": ["RU", "JP"]})

    assert body["by_year"] == [{"year": y, "count": expected[y]} for y in sorted(expected)]


def test_stats_by_mechanism_most_first(api_client, stats_rounds):
    wanted, _ = stats_rounds
    expected = Counter(r.mechanism for r in wanted)

    body = stats(api_client, {"country": ["RU", "JP"]})

    assert body["by_mechanism"] == [
        {"mechanism": m.pk, "slug": m.slug, "name": m.name, "count": n}
        for m, n in sorted(expected.items(), key=lambda item: (-item[1], item[0].name))
    ]


def test_stats_by_level(api_client, stats_rounds):
    wanted, _ = stats_rounds
    expected = Counter(r.mechanism.level or None for r in wanted)

    body = stats(api_client, {"country": ["RU", "JP"]})

    assert {row["level"]: row["count"] for row in body["by_level"]} == expected
    assert len(body["by_level"]) == len(expected)


def test_stats_by_host_country(api_client, stats_rounds):
    wanted, _ = stats_rounds
    expected = Counter(r.host_country_id for r in wanted)

    body = stats(api_client, {"country": ["RU", "JP"]})

    assert {row["host_country"]: row["count"] for row in body["by_host_country"]} == expected
    assert len(body["by_host_country"]) == len(expected)


def test_stats_take_the_date_filters(api_client, stats_rounds):
    wanted, others = stats_rounds
    in_window = [
        r
        for r in [*wanted, *others]
        if r.end_date >= day("2018-04-01") and r.start_date <= day("2018-05-31")
    ]

    body = stats(api_client, {"date_from": "2018-04-01", "date_to": "2018-05-31"})

    assert body["count"] == len(in_window) == 3


@pytest.mark.parametrize(("param", "value"), [("year", "abc"), ("city", "Atlantis")])
def test_stats_with_a_bad_filter_is_400(api_client, param, value):
    response = api_client.get("/api/v1/stats/", {param: value})

    assert response.status_code == 400
    assert param in field_errors(response)


# --- /api/v1/timeline/ ---------------------------------------------------------------------------


@pytest.fixture
def dated_records() -> dict:
    """A round, a document signed at it, a figure, and a scheduled round, at distinct dates."""
    held = round_on("2018-05-24", "2018-05-26", status=RoundStatus.HELD)
    scheduled = round_on("2018-07-31", status=RoundStatus.SCHEDULED)
    signed = document_on("2018-05-26", parties=["RU", "JP"], round=held)
    unattached = document_on("2016-12-16", parties=["RU", "JP"])
    figure = indicator_in(2017)
    return {
        "held": held,
        "scheduled": scheduled,
        "signed": signed,
        "unattached": unattached,
        "figure": figure,
    }


def timeline(client, params: dict | None = None) -> list[dict]:
    response = client.get("/api/v1/timeline/", {**(params or {}), "page_size": 500})
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def entries(rows: list[dict]) -> list[tuple[str, int]]:
    return [(row["type"], row["id"]) for row in rows]


def test_timeline_lists_every_dated_record_in_date_order(api_client, dated_records):
    records = [
        ("round", dated_records["held"]),
        ("round", dated_records["scheduled"]),
        ("document", dated_records["signed"]),
        ("document", dated_records["unattached"]),
        ("indicator", dated_records["figure"]),
    ]
    DocumentFactory(start_date=None, end_date=None)  # undated: not on a timeline
    expected = [(kind, r.pk) for kind, r in sorted(records, key=lambda kr: kr[1].start_date)]

    rows = timeline(api_client)

    assert entries(rows) == expected
    starts = [row["start_date"] for row in rows]
    assert starts == sorted(starts)


def test_timeline_entries_have_a_label_a_date_and_links(api_client, dated_records):
    held = dated_records["held"]
    figure = dated_records["figure"]

    rows = {(row["type"], row["id"]): row for row in timeline(api_client)}

    round_row = rows[("round", held.pk)]
    assert round_row["label"] == str(held)
    assert round_row["date"] == "2018-05-24/2018-05-26"
    assert round_row["url"] == f"http://testserver/api/v1/rounds/{held.pk}/"
    assert round_row["admin_url"] == f"http://testserver/admin/dialogue/round/{held.pk}/change/"
    figure_row = rows[("indicator", figure.pk)]
    assert figure_row["date"] == "2017"
    assert figure_row["url"] == f"http://testserver/api/v1/indicators/{figure.pk}/"
    assert figure_row["admin_url"].endswith(f"/admin/dialogue/indicator/{figure.pk}/change/")
    document = dated_records["signed"]
    assert rows[("document", document.pk)]["url"].endswith(f"/api/v1/documents/{document.pk}/")


def test_timeline_of_one_type(api_client, dated_records):
    rows = timeline(api_client, {"type": "round"})

    assert set(entries(rows)) == {
        ("round", dated_records["held"].pk),
        ("round", dated_records["scheduled"].pk),
    }


def test_timeline_of_several_types(api_client, dated_records):
    rows = timeline(api_client, {"type": ["document", "indicator"]})

    assert {row["type"] for row in rows} == {"document", "indicator"}
    assert len(rows) == 3


def test_timeline_with_a_round_only_filter_leaves_out_figures(api_client, dated_records):
    rows = timeline(api_client, {"status": "held"})

    assert set(entries(rows)) == {
        ("round", dated_records["held"].pk),
        ("document", dated_records["signed"].pk),
    }


def test_timeline_dates_overlap_for_every_type(api_client, dated_records):
    rows = timeline(api_client, {"year": 2017})

    assert entries(rows) == [("indicator", dated_records["figure"].pk)]


def test_timeline_by_countries(api_client, dated_records):
    ru_cn = round_on("2018-01-10", mechanism=MechanismFactory(countries=["RU", "CN"]))
    ru_cn_figure = indicator_in(2017, countries=["RU", "CN"])

    found = set(entries(timeline(api_client, {"country": ["RU", "JP"]})))

    assert ("round", ru_cn.pk) not in found
    assert ("indicator", ru_cn_figure.pk) not in found
    assert ("indicator", dated_records["figure"].pk) in found
    assert ("round", dated_records["held"].pk) in found


def test_timeline_of_an_unknown_type_is_400(api_client):
    response = api_client.get("/api/v1/timeline/", {"type": "bogus"})

    assert response.status_code == 400
    assert "type" in field_errors(response)


def test_timeline_with_a_bad_filter_is_400(api_client):
    response = api_client.get("/api/v1/timeline/", {"year": "abc"})

    assert response.status_code == 400
    assert "year" in field_errors(response)


# --- HTML /timeline/ -----------------------------------------------------------------------------


@pytest.fixture
def lanes() -> dict:
    """Two Russia–Japan mechanisms with rounds, and a Russia–China one."""
    ministers = MechanismFactory(name="Alpha ministers", countries=["RU", "JP"])
    experts = MechanismFactory(name="Bravo experts", countries=["RU", "JP"])
    ru_cn = MechanismFactory(name="Charlie summits", countries=["RU", "CN"])
    return {
        "ru_jp_rounds": [
            round_on("2017-03-20", mechanism=ministers),
            round_on("2018-07-31", mechanism=ministers, status=RoundStatus.SCHEDULED),
            round_on("2018-04-10", mechanism=experts, city=PlaceFactory(name="Moscow")),
        ],
        "ru_cn_rounds": [round_on("2018-05-01", mechanism=ru_cn)],
        "mechanisms": [ministers, experts],
        "ru_cn": ru_cn,
    }


def page(client, params: dict | None = None, status: int = 200) -> str:
    response = client.get("/timeline/", params or {})
    assert response.status_code == status, response.content[:500]
    return response.content.decode("utf-8")


def test_timeline_page_draws_an_svg(client, lanes):
    html = page(client)

    assert "<svg" in html
    assert html.count('class="lane-name"') == 3
    assert html.count("<rect ") == 4


def test_timeline_page_has_one_lane_per_mechanism_with_matching_rounds(client, lanes):
    html = page(client, {"country": ["RU", "JP"]})

    names = re.findall(r'class="lane-name"[^>]*>([^<]*)<', html)
    assert sorted(names) == sorted(mechanism.name for mechanism in lanes["mechanisms"])


def test_timeline_page_has_a_mark_per_matching_round(client, lanes):
    html = page(client, {"country": ["RU", "JP"]})

    assert html.count("<rect ") == len(lanes["ru_jp_rounds"])


def test_timeline_page_links_each_round_to_the_admin_and_the_api(client, lanes):
    html = page(client)

    for round_ in [*lanes["ru_jp_rounds"], *lanes["ru_cn_rounds"]]:
        assert f'href="/admin/dialogue/round/{round_.pk}/change/"' in html
        assert f'href="/api/v1/rounds/{round_.pk}/"' in html


def test_timeline_page_with_no_matching_round(client, lanes):
    html = page(client, {"year": 1990})

    assert "<rect " not in html
    assert "No round matches" in html


def test_timeline_page_with_a_bad_value_is_400_showing_the_error(client, lanes):
    html = page(client, {"year": "abc"}, status=400)

    assert 'class="errors"' in html
    assert "Enter a whole number" in html
    assert "<rect " not in html


def test_timeline_filters_offer_only_what_the_registry_uses_by_name(client, lanes):
    """Countries of its mechanisms, its mechanisms and cities by name (values their slugs), the
    main filters first and the rest behind "More filters" (issue 26)."""
    html = page(client)
    countries = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\w+)"', countries) == ["CN", "JP", "RU"]
    for mechanism in [*lanes["mechanisms"], lanes["ru_cn"]]:
        assert f'<option value="{mechanism.slug}">{mechanism.name}</option>' in html
    moscow = models.Place.objects.get(name="Moscow")
    assert f'<option value="{moscow.slug}">Moscow</option>' in html
    assert '<details class="more"><summary>More filters</summary>' in html
    assert '<label for="id_mechanism">Mechanism:</label>' in html  # not wrapping its control
    chosen = page(client, {"mechanism": lanes["mechanisms"][0].slug, "city": moscow.slug})
    assert '<details class="more" open>' in chosen
    assert f'<option value="{lanes["mechanisms"][0].slug}" selected>' in chosen


@pytest.mark.parametrize(("param", "value"), [("city", "Atlantis"), ("mechanism", "no-such")])
def test_timeline_page_with_an_unknown_place_or_mechanism_is_400(client, lanes, param, value):
    html = page(client, {param: value}, status=400)

    assert 'class="errors"' in html


def test_timeline_page_loads_nothing_from_another_host(client, lanes):
    html = page(client)

    links = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html)
    assert links
    external = [
        link
        for link in links
        if re.match(r"(?i)^(https?:)?//", link)
        and not re.match(r"(?i)^(https?:)?//testserver/", link)
    ]
    assert external == []
    assert not re.search(r"(?i)@import|url\(\s*['\"]?(https?:)?//", html)


# --- The seeded registry -------------------------------------------------------------------------


def test_seed_dyad_russia_japan(api_client, seeded):
    body = dyad(api_client)

    slugs = {m["slug"] for m in body["mechanisms"]}
    assert "ru-jp-2plus2" in slugs
    assert len(slugs) == models.Mechanism.objects.count()
    (two_plus_two,) = [m for m in body["mechanisms"] if m["slug"] == "ru-jp-2plus2"]
    assert two_plus_two["rounds_count"] == 3
    # 4 interagency and 7 commercial documents at Abe's visit, and the party agreement.
    assert body["documents_per_year"] == [{"year": 2018, "count": 3, "documents": 12}]
    levels = {row["year"]: row["level"] for row in body["highest_level_per_year"]}
    assert levels[2018] == "head_of_state_or_government"
    assert levels[2013] == "ministerial"


def test_seed_stats_of_2018(api_client, seeded):
    expected = models.Round.objects.filter(
        start_date__lte=day("2018-12-31"), end_date__gte=day("2018-01-01")
    ).count()

    body = stats(api_client, {"country": ["RU", "JP"], "year": 2018})

    # 22: the 20 of before, and the Japanese ministers' visit and the St Petersburg forum of
    # issue 11 (N1, N2 of docs/seed-audit.md).
    assert body["count"] == expected == 22
    assert body["by_year"] == [{"year": 2018, "count": 22}]


def test_seed_timeline_of_april_2018(api_client, seeded):
    rows = timeline(api_client, {"date_from": "2018-04-01", "date_to": "2018-04-30"})

    labels = [row["label"] for row in rows]
    assert {row["type"] for row in rows} == {"round", "document", "indicator"}
    assert any("Nikai" in label for label in labels)
    strategic = models.Round.objects.get(mechanism__slug="ru-jp-strategic-dialogue", number=14)
    assert ("round", strategic.pk) in entries(rows)
