"""Reviewed ingestion, issue 12 item 2: events told without a meeting word (a wreath laid, a
cemetery visited, a ceremony attended, a trip to graves) are rounds when they happened on a
date."""

import datetime

from dialogue.ingestion import extract as extraction
from dialogue.ingestion import quality
from dialogue.ingestion.lexicon import countries_only

PUBLISHED = datetime.date(2019, 9, 10)


def rounds(text: str, home: str = "RU", published: datetime.date = PUBLISHED) -> list[dict]:
    """The round drafts of a release of `text`, their mechanism and city drafts resolved."""
    specs = extraction.extract(
        text="Comment\n\n" + text, published=published, home=home, lexicon=countries_only()
    )
    by_key = {spec.key: spec for spec in specs}
    found = []
    for spec in specs:
        if spec.type != "round":
            continue
        fields = dict(spec.fields)
        mechanism = fields["mechanism"]
        fields["mechanism"] = by_key[mechanism["draft"]].fields
        city = fields["city"]
        fields["city"] = by_key[city["draft"]].fields["name"] if isinstance(city, dict) else city
        fields["citations"] = spec.citations
        found.append(fields)
    return found


def test_a_wreath_laid_on_a_date_is_a_round_with_its_place_and_people():
    (round_,) = rounds(
        "On September 3, Japanese Prime Minister Shinzo Abe laid a wreath at the Tomb of the "
        "Unknown Soldier in Moscow."
    )
    assert (round_["start_date"], round_["date_precision"]) == ("2019-09-03", "day")
    assert (round_["city"], round_["host_country"], round_["status"]) == ("Moscow", "RU", "held")
    assert [(p["name"], p["country"]) for p in round_["participants"]] == [("Shinzo Abe", "JP")]
    assert "laid a wreath" in round_["citations"][0]["quote"]


def test_a_minister_visiting_a_cemetery_is_a_visit_of_the_visitors_side():
    (round_,) = rounds(
        "On August 20, Foreign Minister Taro Kono visited the Japanese cemetery in Khabarovsk."
    )
    assert round_["start_date"] == "2019-08-20" and round_["city"] == "Khabarovsk"
    assert round_["mechanism"]["kind"] == "visits"
    # "the Japanese cemetery" is not a visit to Japan: the visitor to Khabarovsk is Japanese.
    assert [(p["name"], p["country"]) for p in round_["participants"]] == [("Taro Kono", "JP")]


def test_tribute_paid_and_a_ceremony_attended_are_rounds():
    found = rounds(
        "On September 5, Foreign Minister Taro Kono of Japan paid tribute at the graves of "
        "Japanese soldiers in Vladivostok. On September 6, President Vladimir Putin and Prime "
        "Minister Shinzo Abe of Japan attended the opening ceremony of a Japanese garden in "
        "Vladivostok."
    )
    assert [(r["start_date"], r["city"]) for r in found] == [
        ("2019-09-05", "Vladivostok"),
        ("2019-09-06", "Vladivostok"),
    ]
    assert found[0]["mechanism"]["kind"] == "visits"
    assert found[1]["mechanism"]["kind"] == "summit"


def test_a_dateless_wreath_during_a_dated_visit_is_not_a_round_of_its_own():
    found = rounds(
        "On September 3, Prime Minister Shinzo Abe of Japan held talks with President Vladimir "
        "Putin in Moscow. Prime Minister Shinzo Abe also laid a wreath at the Tomb of the "
        "Unknown Soldier."
    )
    assert len(found) == 1 and found[0]["mechanism"]["kind"] == "summit"


def test_a_trip_to_graves_and_another_such_group_are_rounds_of_visits_to_graves():
    found = rounds(
        "On August 22-23, a chartered flight took a group of former residents to their "
        "relatives’ graves on the islands. On August 27-29, procedures were carried out for "
        "another such group."
    )
    assert [(r["start_date"], r["end_date"]) for r in found] == [
        ("2019-08-22", "2019-08-23"),
        ("2019-08-27", "2019-08-29"),
    ]
    assert {r["mechanism"]["kind"] for r in found} == {"exchange_programme"}
    assert "visits to graves" in found[0]["mechanism"]["name"]


def test_the_seed_releases_visits_to_graves_are_found():
    """The two the report used to list as missed: no round of the seed is missed now."""
    release = quality.seed_release()
    result = quality.compare(release, quality.read(release))
    assert result.misses == [] and result.extras == []


def test_a_concert_and_an_expo_attended_are_rounds_the_expo_a_numbered_forum():
    found = rounds(
        "In the evening of May 16, President Vladimir Putin and President Xi Jinping of China "
        "attended a gala concert in Beijing. On May 17, President Vladimir Putin attended the "
        "opening ceremony of the eighth Russia-China Expo in Harbin.",
        home="RU",
    )
    by_date = {r["start_date"]: r for r in found}
    assert set(by_date) == {"2019-05-16", "2019-05-17"}
    assert by_date["2019-05-16"]["mechanism"]["kind"] == "summit"
    assert by_date["2019-05-16"]["city"] == "Beijing"
    expo = by_date["2019-05-17"]
    assert (expo["mechanism"]["name"], expo["mechanism"]["kind"]) == ("Russia-China Expo", "forum")
    assert (expo["number"], expo["city"]) == (8, "Harbin")


def test_a_minister_meeting_a_head_of_government_is_ministerial_talks_not_a_summit():
    (round_,) = rounds(
        "On October 2, Russian Foreign Minister Sergey Lavrov held talks in Tokyo with Japanese "
        "Prime Minister Shinzo Abe."
    )
    assert round_["mechanism"]["kind"] == "consultations"
    assert round_["mechanism"]["name"].endswith("ministerial talks")


def test_talks_on_the_margins_are_not_named_after_the_margins():
    found = rounds(
        "On October 2, Russian Foreign Minister Sergey Lavrov and Japanese Foreign Minister "
        "Taro Kono held their first talks on the margins, in Vladivostok."
    )
    assert found and not any("margins" in round_["mechanism"]["name"] for round_ in found)


def test_the_year_relations_were_normalised_does_not_date_a_visit():
    found = rounds(
        "Prime Minister Shinzo Abe is the third Japanese head of government to visit Russia "
        "since the two countries restored diplomatic relations in 1956."
    )
    assert not any(round_["start_date"].startswith("1956") for round_ in found)


def test_the_day_an_anniversary_falls_on_does_not_date_the_summit_told_with_it():
    found = rounds(
        "The sides prepared the celebrations of the 30th anniversary of diplomatic relations, "
        "on 12 June, and the visit of Prime Minister Shinzo Abe after the G20 Summit."
    )
    assert not any(round_["start_date"] == "2019-06-12" for round_ in found)


def test_a_summit_is_named_by_its_official_name_read_past_the_acronym():
    found = rounds(
        "The 12th Ordinary Summit of the East African Community (EAC) Heads of State was held "
        "on 20 July in Arusha."
    )
    assert [r["mechanism"]["name"] for r in found] == [
        "Ordinary Summit of the East African Community (EAC) Heads of State"
    ]
