"""Issue 21 §2: a grouping of countries the release names ("the … Initiative", "the … Nine",
"the C5+1") is the mechanism of the summits and meetings of its members the release tells, by
its name, its acronym, a noun for it or as "the second summit"; never the meeting of two of its
members, nor a summit told as the time or setting of another meeting."""

import datetime

import pytest

from dialogue.ingestion import bodies, groupings
from dialogue.ingestion import extract as extraction
from dialogue.ingestion.lexicon import KnownMechanism, countries_only, country_names
from tests.ingestion.test_events import rounds

PUBLISHED = datetime.date(2024, 6, 1)


def told(found: list[dict]) -> list[tuple[str, str]]:
    return [(r["start_date"], r["mechanism"]["name"]) for r in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ministers of the Danube Nine gathered in Vienna. The D9 format dates from 2019.",
            [("Danube Nine", "D9")],
        ),
        (
            "Envoys of the Amber Coast Initiative (ACI) and of the Alpine Group met in Bern.",
            [("Amber Coast Initiative", "ACI"), ("Alpine Group", "")],
        ),
        ("Officials of the EU+3 and the ASEAN+3 conferred.", [("EU+3", ""), ("ASEAN+3", "")]),
        # A working group is a body of a mechanism, not a grouping of countries.
        ("The Joint Working Group on Energy met in Oslo.", []),
        # "The 2+2" is a kind of dialogue, a month and a number no grouping.
        ("The 2+2 was held in March. On June Nine they met again.", []),
    ],
)
def test_groupings_are_read_with_the_acronyms_the_text_gives_them(text, expected):
    assert [(g.name, g.acronym) for g in groupings.groupings_in(text)] == expected


def test_an_acronym_abbreviates_a_name_with_its_number_words_as_digits():
    assert groupings.abbreviates("4RI", "Four Rivers Initiative")
    assert groupings.abbreviates("D9", "Danube Nine")
    assert not groupings.abbreviates("V4", "Visegrad Group")


def test_a_grouping_is_mentioned_by_a_noun_for_it_but_not_as_a_setting():
    danube = groupings.Grouping("Danube Nine", "D9")
    assert groupings.mentioned(danube, "the next meeting of the format's heads of state")
    assert groupings.mentioned(danube, "a D9 ministerial meeting")
    assert not groupings.mentioned(danube, "they met on the margins of the Danube Nine")
    assert not groupings.mentioned(danube, "the initiative", by_noun=False)


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("the heads of state met in Vienna", "Danube Nine summits"),
        (
            "a ministerial meeting hosted by the Deputy Prime Minister",
            "Danube Nine foreign ministers' meetings",
        ),
        ("President A hosted President B", "Danube Nine summits"),
        ("experts of the nine met", "Danube Nine meetings"),
    ],
)
def test_a_groupings_round_is_of_the_level_its_words_tell(words, name):
    assert groupings.round_of(groupings.Grouping("Danube Nine"), words)["name"] == name


def test_a_summit_told_as_the_time_of_another_meeting_is_not_the_event():
    assert groupings.summit_told("the group was launched at a summit in Oslo")
    assert groupings.summit_told("Its previous summit took place in Riga")
    assert not groupings.summit_told("the summit opened", before="on the eve, the day before ")
    assert groupings.other_summit(groupings.Grouping("Danube Nine"), "ahead of the NATO summit")
    assert not groupings.other_summit(groupings.Grouping("Danube Nine"), "the Danube Nine summit")


def test_summits_of_a_grouping_in_a_retrospective_are_its_rounds_not_two_members_meetings():
    found = rounds(
        "The fourth summit of the Danube Nine (D9), hosted by Austrian Chancellor Karl Nehammer "
        "in Vienna on 3 May 2024, closed five years of cooperation on the river. The "
        "initiative of nine riparian states was launched at a summit in Bratislava on 10 June "
        "2019, convened by Slovak President Zuzana Čaputová together with Romanian President "
        "Klaus Iohannis. The second summit, in Budapest in May 2020, was held by video link.",
        home="AT",
        published=PUBLISHED,
    )
    assert told(found) == [
        ("2024-05-03", "Danube Nine summits"),
        ("2019-06-10", "Danube Nine summits"),
        ("2020-05-01", "Danube Nine summits"),
    ]
    assert found[0]["mechanism"]["kind"] == "summit"


def test_a_grouping_told_as_set_up_in_a_city_met_there_for_the_first_time():
    found = rounds(
        "On 3 May 2024 Austrian Chancellor Karl Nehammer and Slovak President Zuzana Čaputová "
        "co-hosted a summit of the Danube Nine in Vienna. The D9 format was created in Sofia in "
        "March 2018 on the proposal of Presidents Čaputová and Rumen Radev. The group was "
        "renamed in 2021.",
        home="AT",
        published=PUBLISHED,
    )
    assert told(found) == [
        ("2024-05-03", "Danube Nine summits"),
        ("2018-03-01", "Danube Nine summits"),
    ]


def test_its_previous_summit_after_two_leaders_bilateral_talks_is_the_groupings():
    found = rounds(
        "On 3 May 2024 Austrian Chancellor Karl Nehammer hosted a summit of the Danube Nine in "
        "Vienna, attended by Slovak President Zuzana Čaputová and Romanian President Klaus "
        "Iohannis. The day before, Chancellor Nehammer and President Iohannis held bilateral "
        "talks. Its previous summit took place in Sofia on 12 June 2023.",
        home="AT",
        published=PUBLISHED,
    )
    assert told(found)[0] == ("2024-05-03", "Danube Nine summits")
    assert told(found)[-1] == ("2023-06-12", "Danube Nine summits")
    assert "Danube Nine" not in found[1]["mechanism"]["name"]


def test_two_leaders_own_meeting_on_the_eve_of_a_groupings_summit_is_theirs():
    found = rounds(
        "Austrian Chancellor Karl Nehammer hosted the fourth summit of the Danube Nine in Vienna "
        "on 3 May 2024. On 2 May, the day before the summit opened, U.S. President Joe Biden and "
        "Chinese President Xi Jinping held their first meeting in Vienna.",
        home="AT",
        published=PUBLISHED,
    )
    eve = next(r for r in found if r["start_date"] == "2024-05-02")
    assert "Danube Nine" not in eve["mechanism"]["name"]


def test_a_body_of_the_heads_of_state_of_a_region_keeps_its_whole_name():
    (body,) = bodies.official_names(
        "The sixth Consultative Meeting of the Heads of State of Central Asia opened in Astana.",
        country_names(),
    )
    assert (body.name, body.kind) == (
        "Consultative Meeting of the Heads of State of Central Asia",
        "summit",
    )
    # A central bank's council stays a country's own institution.
    assert not bodies.official_names("The Central Bank Council met in Prague.", country_names())


def test_a_body_named_through_its_organisers_acronym_keeps_the_organisers_name():
    (body,) = bodies.official_names(
        "She will speak at the Royal Academy for Maritime Affairs (RAMA) Harbour Dialogue in "
        "Lisbon.",
        country_names(),
    )
    assert body.name == "Royal Academy for Maritime Affairs (RAMA) Harbour Dialogue"
    # "… in New Delhi for the G20 Leaders' Summit": a "for" before no acronym still joins.
    (summit,) = bodies.official_names("Leaders met in Rome for the Danube Summit.", {})
    assert summit.name == "Danube Summit"


def test_a_dialogue_an_institute_holds_is_a_forum_and_its_rounds_keep_its_whole_name():
    found = rounds(
        "Defence Minister Ana Costa will attend the 9th Lisbon Institute for Security Affairs "
        "(LISA) Harbour Dialogue (HD), to be held in Lisbon from 5 to 7 June 2024. Last year, "
        "the 8th HD, held from 2 to 4 June 2023, gathered forty ministers.",
        home="PT",
        published=PUBLISHED,
    )
    assert {(r["mechanism"]["name"], r["mechanism"]["kind"]) for r in found} == {
        ("Lisbon Institute for Security Affairs (LISA) Harbour Dialogue", "forum")
    }


def test_talks_of_several_countries_are_named_after_the_thing_they_are_on():
    assert (
        groupings.talks_on(
            "the tripartite talks among A, B and C on the sharing of the Upper Lake Basin (ULB) "
            "ended in Kigali"
        )
        == "talks on the Upper Lake Basin"
    )
    assert (
        groupings.talks_on("the trilateral consultations of A, B and C on water quotas")
        == "consultations on water quotas"
    )
    assert groupings.talks_on("bilateral talks on trade") is None


def test_rounds_of_trilateral_talks_told_by_ordinals_and_an_opening_day_are_its_rounds():
    found = rounds(
        "The third round of the trilateral talks between Laos, Thailand and Cambodia on the "
        "management of the Mekong River Basin (MRB) ended in Vientiane on Friday, 8 March 2024. "
        "The round had opened on 6 March. The first round of the talks was held in Bangkok on "
        "10–11 January, and the second in Phnom Penh on 5–6 February.",
        home="TH",
        published=datetime.date(2024, 3, 9),
    )
    assert [(r["start_date"], r["end_date"], r["number"]) for r in found] == [
        ("2024-03-06", "2024-03-08", 3),
        ("2024-01-10", "2024-01-11", 1),
        ("2024-02-05", "2024-02-06", 2),
    ]
    assert {r["mechanism"]["name"] for r in found} == {
        "Cambodia–Laos–Thailand talks on the Mekong River Basin"
    }
    assert [r["city"] for r in found] == ["Vientiane", "Bangkok", "Phnom Penh"]


def test_a_body_told_as_constituted_in_a_city_and_its_next_session_are_its_rounds():
    found = rounds(
        "The Baltic Parliamentary Assembly met in Riga on Tuesday, 14 May 2024, for its third "
        "session. The members reviewed the accord signed by Prime Minister Evika Siliņa of Latvia "
        "and Prime Minister Kristen Michal of Estonia on 2 February 2024. The Assembly was "
        "constituted in Tallinn on 5 April 2023. Its next session is planned for the autumn of "
        "2024 in Vilnius.",
        home="LV",
        published=PUBLISHED,
    )
    assembly = [r["start_date"] for r in found if "Assembly" in r["mechanism"]["name"]]
    assert assembly == ["2024-05-14", "2023-04-05", "2024-09-01"]


def test_a_body_told_as_set_up_in_a_year_alone_has_no_round():
    found = rounds(
        "The Baltic Parliamentary Assembly met in Riga on 14 May 2024. The Assembly was set up "
        "in 1991.",
        home="LV",
        published=PUBLISHED,
    )
    assert [r["start_date"] for r in found] == ["2024-05-14"]


def test_a_pairs_body_named_with_an_en_dash_keeps_both_countries():
    (body,) = bodies.official_names(
        "Ministers met in Lima for the third Chile–Peru 2+2 Ministerial Dialogue.",
        country_names(),
    )
    assert body.name == "Chile–Peru 2+2 Ministerial Dialogue"


def test_a_2plus2_told_as_held_is_a_round_and_a_visit_is_not_one_of_it():
    found = rounds(
        "The ministers of Chile and Peru met in Lima on 4 March 2024 for the third Chile–Peru "
        "2+2 Ministerial Dialogue. They recalled the inaugural 2+2, held in Santiago in May 2022. "
        "The 2+2 is one of the pillars of the partnership that President Gabriel Boric of Chile "
        "praised when he visited Lima on 2 February 2024.",
        home="CL",
        published=PUBLISHED,
    )
    two_plus_two = [r["start_date"] for r in found if r["mechanism"]["kind"] == "two_plus_two"]
    assert two_plus_two == ["2024-03-04", "2022-05-01"]
    assert {r["mechanism"]["name"] for r in found if r["mechanism"]["kind"] == "two_plus_two"} == {
        "Chile–Peru 2+2 Ministerial Dialogue"
    }


def test_a_regions_presidents_are_a_grouping_whose_meetings_the_release_tells():
    (grouping,) = groupings.groupings_in("Talks on a summit of Central American presidents.")
    assert (grouping.name, grouping.regional) == ("Central American presidents", True)
    found = rounds(
        "Guatemala to host a summit of Central American presidents\n\nPresident Bernardo Arévalo "
        "of Guatemala will host the leaders of the six other countries of Central America in "
        "Antigua on Friday, 7 June. It will be the first meeting of the region's presidents in "
        "six years; the last one was held in 2018.",
        home="GT",
        published=PUBLISHED,
    )
    assert told(found) == [
        ("2024-06-07", "Meetings of Central American presidents"),
        ("2018-01-01", "Meetings of Central American presidents"),
    ]
    assert {r["mechanism"]["kind"] for r in found} == {"summit"}


def test_three_leaders_signing_together_where_a_group_was_named_met_at_its_summit():
    found = rounds(
        "The Danube Nine marked its fifth anniversary in Vienna on 3 May 2024, at a summit hosted "
        "by Austrian Chancellor Karl Nehammer. The group takes its name from the river along "
        "which, on 10 June 2019, President Zuzana Čaputová of Slovakia, President Klaus Iohannis "
        "of Romania and Prime Minister Viktor Orbán of Hungary signed a charter of cooperation.",
        home="AT",
        published=PUBLISHED,
    )
    assert told(found) == [
        ("2024-05-03", "Danube Nine summits"),
        ("2019-06-10", "Danube Nine summits"),
    ]


def test_a_forums_week_of_meetings_opening_earlier_is_the_first_day_of_its_round():
    (round_,) = rounds(
        "The 12th Coral Sea Forum Leaders Meeting closed in Honiara on Friday, 17 May 2024. The "
        "week of meetings opened on Monday, 13 May.",
        home="SB",
        published=PUBLISHED,
    )
    assert (round_["start_date"], round_["end_date"]) == ("2024-05-13", "2024-05-17")


def test_a_rounds_number_read_through_a_pairs_en_dash_an_acronym_and_an_apposition():
    found = rounds(
        "Ministers met in Lima on 4 March 2024 for the third Chile–Peru 2+2 Ministerial "
        "Dialogue. The minister will attend the 7th Andean Institute for Security Studies (AISS) "
        "Cordillera Dialogue (CD), to be held in Quito from 6 to 8 May 2024. The Forum's "
        "previous leaders' "
        "meeting, the 31st, was held in Suva from 11 to 14 July 2022.",
        home="CL",
        published=PUBLISHED,
    )
    assert [r["number"] for r in found] == [3, 7, 31]


def test_the_first_meeting_in_years_is_no_rounds_number():
    found = rounds(
        "Guatemala to host a summit of Central American presidents\n\nIt will be the first meeting "
        "of the region's presidents in almost a decade; the last one was held in 2015.",
        home="GT",
        published=PUBLISHED,
    )
    assert [(r["start_date"], r["number"]) for r in found] == [("2015-01-01", None)]


def grouping_rounds(text: str, lexicon) -> tuple[list, list]:
    specs = extraction.extract(
        text="Comment\n\n" + text, published=PUBLISHED, home="AT", lexicon=lexicon
    )
    return [spec for spec in specs if spec.type == "round"], [
        spec for spec in specs if spec.type == "mechanism"
    ]


def test_a_groupings_registry_mechanism_takes_only_rounds_of_its_own_countries():
    lexicon = countries_only()
    lexicon.mechanisms = [
        KnownMechanism(
            9, "Danube Nine summits", "summit", {"AT", "SK", "RO"}, ["Danube Nine summits"]
        )
    ]
    (round_,), _ = grouping_rounds(
        "Austrian Chancellor Karl Nehammer and Slovak President Zuzana Čaputová co-hosted a "
        "summit of the Danube Nine in Vienna on 3 May 2024.",
        lexicon,
    )
    assert round_.fields["mechanism"] == 9
    # A guest of another country: neither a round of the registry's mechanism nor a new one
    # of the same name.
    found, mechanisms = grouping_rounds(
        "Austrian Chancellor Karl Nehammer and U.S. President Joe Biden co-hosted a summit of the "
        "Danube Nine in Vienna on 3 May 2024.",
        lexicon,
    )
    assert all(round_.fields["mechanism"] != 9 for round_ in found)
    assert "Danube Nine summits" not in [m.fields["name"] for m in mechanisms]


def test_a_dialogue_of_an_abbreviated_country_and_another_keeps_both_through_a_cut_clause():
    (body,) = bodies.official_names(
        "They reviewed the U.K.–Chile Strategic Partnership Dialogue.", country_names()
    )
    assert body.name == "U.K.–Chile Strategic Partnership Dialogue"
    # The clause the session's trigger cuts opens inside the name: the name read whole, of a
    # country that is not the release's pair (Chile and Peru here).
    found = rounds(
        "The Chilean minister flies to Lima tomorrow to meet his Peruvian counterpart and the "
        "President of Peru. He will discuss the progress of the U.K.–Chile Strategic Partnership "
        "Dialogue, whose first session took place in London in December 2022.",
        home="CL",
        published=PUBLISHED,
    )
    assert [r["mechanism"]["name"] for r in found if r["start_date"] == "2022-12-01"] == [
        "U.K.–Chile Strategic Partnership Dialogue"
    ]


def test_an_initiative_named_in_passing_makes_no_later_summit_of_two_its_own():
    (summit,) = rounds(
        "Both sides want to revive the Caspian Fisheries Initiative, suspended last year. "
        "President Ilham Aliyev of Azerbaijan and President Kassym-Jomart Tokayev of Kazakhstan "
        "met at a summit in Baku on 4 September 2023.",
        home="AZ",
        published=PUBLISHED,
    )
    assert "Initiative" not in summit["mechanism"]["name"]
