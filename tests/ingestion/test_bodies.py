"""Issue 21 §2: a mechanism's official name read whole, its kind from its head noun, its acronym
used later alone; titles of people, a country's own institutions and the organs of the United
Nations are no mechanism; formats of three countries and consultations named by the adjectives
of two."""

import pytest

from dialogue.ingestion import bodies
from dialogue.ingestion.lexicon import country_names
from tests.ingestion.test_events import rounds


def named(text: str) -> list[tuple[str, str, str, int | None]]:
    return [
        (body.name, body.kind, body.acronym, body.number)
        for body in bodies.official_names(text, country_names())
    ]


@pytest.mark.parametrize(
    ("text", "name", "kind", "acronym", "number"),
    [
        (
            "The Intergovernmental Commission on Trade, Economic, Scientific, Technical and "
            "Cultural Cooperation met in Baku.",
            "Intergovernmental Commission on Trade, Economic, Scientific, Technical and Cultural "
            "Cooperation",
            "intergovernmental_commission",
            "",
            None,
        ),
        (
            "Leaders gathered for the Caribbean Community Heads of Government Meeting (CHGM) in "
            "Nassau.",
            "Caribbean Community Heads of Government Meeting",
            "summit",
            "CHGM",
            None,
        ),
        (
            "the Sixth Forum for East Asia-Latin America Cooperation (FEALAC VI) opened",
            "Forum for East Asia-Latin America Cooperation",
            "forum",
            "FEALAC",
            6,
        ),
        (
            "the 12th Working Mechanism for Consultation & Coordination on Maritime Affairs (WMMA)",
            "Working Mechanism for Consultation & Coordination on Maritime Affairs",
            "working_group",
            "WMMA",
            None,
        ),
        (
            "the second Italian-Brazilian High-Level Energy Dialogue was held",
            "Italian-Brazilian High-Level Energy Dialogue",
            "strategic_dialogue",
            "",
            None,
        ),
        (
            "the fourth Franco-Italian Intergovernmental Consultations took place",
            "Franco-Italian Intergovernmental Consultations",
            "consultations",
            "",
            None,
        ),
        (
            "the Deputy Foreign Ministers' Consultations were held",
            "Deputy Foreign Ministers' Consultations",
            "consultations",
            "",
            None,
        ),
        (
            "the Global Conference of Young Parliamentarians closed",
            "Global Conference of Young Parliamentarians",
            "parliamentary",
            "",
            None,
        ),
        (
            "the Canada-Mexico Foreign and Defence Ministerial Meeting",
            "Canada-Mexico Foreign and Defence Ministerial Meeting",
            "two_plus_two",
            "",
            None,
        ),
        (
            "Conclusion of the Third Round of the Chile-Peru Strategic Dialogue",
            "Chile-Peru Strategic Dialogue",
            "strategic_dialogue",
            "",
            None,
        ),
        (
            "the Chilean-Peruvian Intergovernmental Commission Co-Chairs met in Lima",
            "Chilean-Peruvian Intergovernmental Commission",
            "intergovernmental_commission",
            "",
            None,
        ),
    ],
)
def test_an_official_name_is_read_whole_with_its_kind_and_acronym(
    text, name, kind, acronym, number
):
    assert named(text)[0] == (name, kind, acronym, number)


@pytest.mark.parametrize(
    "text",
    [
        "headed by Minister of State, Member of the Council of Ministers and National Security "
        "Advisor Dr. Ali Rahmani",
        "Mr. Omar Tahir, Secretary of the Supreme National Security Council, said",
        "Li Ming, Director of the Office of the Central Foreign Affairs Commission, attended",
        "Chile was elected to the United Nations Security Council for the 2025-2026 term",
        "a lecture at the Russian International Affairs Council",
        "the Peru-Chile Annual Summit",
        "the delegation led by Committee on Foreign Relations chair Ana Ruiz",
        "talks with the European Commission in Brussels",
        "the Chinese People's Political Consultative Conference",
    ],
)
def test_titles_institutions_of_one_country_and_united_nations_organs_are_no_body(text):
    assert named(text) == []


def test_an_election_to_a_united_nations_organ_is_no_round():
    assert (
        rounds(
            "Chile was elected a non-permanent member of the United Nations Security Council for "
            "the 2025-2026 term at the plenary meeting of the General Assembly in New York on 6 "
            "June 2024.",
            home="CL",
        )
        == []
    )


def test_consultations_named_by_the_adjectives_of_two_countries_are_their_consultations():
    (consultations,) = rounds(
        "Prime Minister Giorgia Meloni and President Emmanuel Macron chaired the fourth "
        "Franco-Italian Intergovernmental Consultations in Rome on 3 May 2023.",
        home="IT",
    )
    assert consultations["mechanism"]["kind"] == "consultations"
    assert "Intergovernmental Consultations" in consultations["mechanism"]["name"]
    assert consultations["number"] == 4


def test_an_acronym_used_later_alone_is_the_body_it_was_given_to():
    found = rounds(
        "On 5 June 2019, the Ninth Forum for East Asia-Latin America Cooperation (FEALAC 9) was "
        "held in Lima, Peru, co-chaired by Peru and Japan. It followed FEALAC 8, held in Busan "
        "in August 2017. The participants agreed that FEALAC 10 will be held in Tokyo in 2021.",
        home="PE",
    )
    assert {r["mechanism"]["name"] for r in found} == {
        "Forum for East Asia-Latin America Cooperation"
    }
    assert [(r["start_date"], r["number"], r["status"]) for r in found] == [
        ("2019-06-05", 9, "held"),
        ("2017-08-01", 8, "held"),
        ("2021-01-01", 10, "scheduled"),
    ]


def test_a_body_held_in_a_sentence_without_other_event_words_is_a_round():
    (dialogue,) = rounds(
        "The Governments of Chile and Peru held the High-Level Energy Dialogue in Lima on 4 "
        "March 2024.",
        home="CL",
    )
    assert dialogue["mechanism"]["name"] == "High-Level Energy Dialogue"
    assert dialogue["mechanism"]["kind"] == "strategic_dialogue"


def test_ministerial_consultations_of_foreign_and_defence_ministers_are_a_two_plus_two():
    (consultations,) = rounds(
        "The Minister for Foreign Affairs and the Minister for Defence of Canada welcomed their "
        "Mexican counterparts to Ottawa on 3 April 2024 for the Canada-Mexico Ministerial "
        "Consultations (CAMEXMIN).",
        home="CA",
    )
    assert consultations["mechanism"]["kind"] == "two_plus_two"
    assert consultations["mechanism"]["short_name"] == "CAMEXMIN"


def test_a_tripartite_summit_is_a_format_of_the_three_countries():
    found = rounds(
        "On 25 August 2020, President Abdel Fattah el-Sisi of Egypt, King Abdullah II of Jordan "
        "and Prime Minister Mustafa Al-Kadhimi of Iraq held a tripartite summit in Amman.",
        home="JO",
    )
    assert [sorted(r["mechanism"]["countries"]) for r in found] == [["EG", "IQ", "JO"]]
    assert found[0]["mechanism"]["kind"] == "summit"


def test_a_formats_next_meeting_told_by_its_names_head_noun_is_its_round():
    found = rounds(
        "The Caribbean Community Heads of Government Meeting (CHGM) closed in Nassau on 17 "
        "February 2019, with the leaders of Barbados, Jamaica and Guyana present. The leaders "
        "accepted the offer of Guyana to host the next meeting in 2020.",
        home="BS",
    )
    assert [(r["start_date"], r["mechanism"]["name"], r["status"]) for r in found] == [
        ("2019-02-17", "Caribbean Community Heads of Government Meeting", "held"),
        ("2020-01-01", "Caribbean Community Heads of Government Meeting", "scheduled"),
    ]


def test_a_named_formats_countries_are_those_of_its_participants():
    (summit,) = rounds(
        "On 12 May 2019, President Kassym-Jomart Tokayev of Kazakhstan took part in the first "
        "Turkic-Caspian Summit in Baku with President Ilham Aliyev of Azerbaijan and President "
        "Serdar Berdimuhamedov of Turkmenistan.",
        home="KZ",
    )
    assert summit["mechanism"]["countries"] == ["AZ", "KZ", "TM"]


def test_the_leaders_earlier_meetings_and_the_ministers_of_the_three_countries_are_the_formats():
    found = rounds(
        "On 25 August 2019, King Abdullah II of Jordan, President Abdel Fattah el-Sisi of Egypt "
        "and Prime Minister Adil Abdul-Mahdi of Iraq held a tripartite summit in Amman. The "
        "summit followed the leaders' previous meeting in Cairo on 24 March 2019. The foreign "
        "ministers of the three countries met in Amman on 20 August 2019 to prepare it.",
        home="JO",
    )
    assert [
        (r["start_date"], r["mechanism"]["kind"], sorted(r["mechanism"]["countries"]))
        for r in found
    ] == [
        ("2019-08-25", "summit", ["EG", "IQ", "JO"]),
        ("2019-03-24", "summit", ["EG", "IQ", "JO"]),
        ("2019-08-20", "consultations", ["EG", "IQ", "JO"]),
    ]
    assert found[2]["mechanism"]["name"].endswith("foreign ministers' meetings")


def test_an_acronyms_ordinal_year_and_this_years_round():
    found = rounds(
        "Joint Statement on Canada-Mexico Ministerial Consultations (CAMEXMIN) 2019\n\n"
        "The Minister of Foreign Affairs and the Minister of National Defence of Canada welcomed "
        "their Mexican counterparts to Ottawa on 3 April for this year's consultations. They "
        "followed the 11th CAMEXMIN, held in Mexico City on 6 May 2018.",
        home="CA",
    )
    assert [(r["start_date"], r["date_precision"], r["number"]) for r in found] == [
        ("2019-04-03", "day", None),
        ("2018-05-06", "day", 11),
    ]


def test_a_groupings_summit_told_by_its_acronym_is_not_the_pairs_leaders_meeting():
    found = rounds(
        "Chancellor Olaf Scholz visited Delhi in February 2019, before the G20 summit in Osaka in "
        "June 2019.",
        home="DE",
    )
    assert [r["start_date"] for r in found if r["start_date"].startswith("2019-06")] == []


def test_an_acronym_of_what_a_body_is_of_is_not_the_bodys():
    (body,) = bodies.official_names(
        "the Ministerial Council of the Black Sea Economic Cooperation (BSEC) met", country_names()
    )
    assert (body.name, body.acronym) == (
        "Ministerial Council of the Black Sea Economic Cooperation",
        "",
    )
    assert (
        rounds(
            "The Ministerial Council of the Black Sea Economic Cooperation (BSEC) met in Baku on 2 "
            "May 2019. Georgia joined the BSEC in June 1992.",
            home="AZ",
        )[-1]["start_date"]
        == "2019-05-02"
    )


def test_a_body_named_by_two_other_countries_is_theirs_not_the_releases_pair():
    found = rounds(
        "Foreign Minister Sergey Lavrov of Russia met Foreign Minister Taro Kono of Japan in "
        "Moscow on 4 May 2019. Russia and Japan noted that the India-Pakistan Joint Commission on "
        "Trade and Economic Cooperation had met in Islamabad on 2 May 2019.",
        home="RU",
    )
    commission = next(r for r in found if r["start_date"] == "2019-05-02")
    assert commission["mechanism"]["countries"] == ["IN", "PK"]


def test_a_meeting_of_the_leaders_of_three_countries_listed_is_their_summit():
    (summit,) = rounds(
        "On 3 March 2019, a summit of the leaders of Chile, Peru and Colombia was held in Lima.",
        home="PE",
    )
    assert summit["mechanism"]["kind"] == "summit"
    assert summit["mechanism"]["countries"] == ["CL", "CO", "PE"]


def test_a_summit_ahead_of_which_two_leaders_met_is_not_their_meeting():
    (meeting,) = rounds(
        "Prime Minister Shinzo Abe met South Korean President Moon Jae-in in Tokyo on 3 May 2019, "
        "ahead of "
        "the G20 Osaka Summit.",
        home="JP",
    )
    assert meeting["mechanism"]["name"].endswith("leaders' meetings")


def test_a_headings_title_case_names_no_body_and_foreign_office_consultations_are_one():
    assert named("Modi and Xi Hold Informal Summit in Wuhan") == []
    assert named("The 5th round of Foreign Office Consultations (FOC) was held in Delhi.") == [
        ("Foreign Office Consultations", "consultations", "FOC", None)
    ]


def test_a_short_form_is_the_fuller_name_of_the_same_head_noun_only():
    assert bodies.same_body("World Conference", "World Conference of Speakers of Parliament")
    assert not bodies.same_body("Joint Commission", "India-Chile Joint Commission Meeting")


def test_years_two_countries_dedicate_to_a_field_are_rounds_of_their_programme():
    found = rounds(
        "Spain and Mexico have declared 2016 and 2017 the Spain-Mexico Years of Tourism. "
        "The Chile-Peru 2015 Year of Culture was the first such year.",
        home="ES",
    )
    assert [
        (r["mechanism"]["name"], r["mechanism"]["kind"], r["start_date"], r["end_date"])
        for r in found
    ] == [
        ("Spain–Mexico Years of Tourism", "exchange_programme", "2016-01-01", "2017-12-31"),
        ("Chile–Peru Year of Culture", "cultural_programme", "2015-01-01", "2015-12-31"),
    ]
    assert {r["date_precision"] for r in found} == {"year"}


def test_a_programme_pairing_one_country_each_year_gives_each_partner_its_round():
    found = rounds(
        "The Kenya-Ghana 2016 Year of Culture closed in December. The programme began with "
        "Nigeria in 2014, followed by Senegal in 2015, and meetings were held in Nairobi.",
        home="KE",
    )
    assert [(r["mechanism"]["name"], r["start_date"]) for r in found] == [
        ("Kenya–Ghana Year of Culture", "2016-01-01"),
        ("Kenya–Nigeria Year of Culture", "2014-01-01"),
        ("Kenya–Senegal Year of Culture", "2015-01-01"),
    ]
    assert found[1]["mechanism"]["countries"] == ["KE", "NG"]


def test_a_group_named_by_a_word_of_grouping_is_the_format_at_the_level_told():
    found = rounds(
        "On 4 May 2023, Prime Minister Petr Fiala of Czechia, Prime Minister Robert Fico of "
        "Slovakia and Prime Minister Viktor Orbán of Hungary met for the first summit of the "
        "CSH3 group in Prague. The CSH3 framework began when the foreign ministers of the three "
        "countries met in Bratislava on 2 March 2022.",
        home="CZ",
    )
    assert [(r["mechanism"]["name"], r["mechanism"]["kind"]) for r in found] == [
        ("CSH3 leaders' summit", "summit"),
        ("CSH3 foreign ministers' meetings", "consultations"),
    ]
    assert {tuple(r["mechanism"]["countries"]) for r in found} == {("CZ", "HU", "SK")}


def test_a_meeting_of_a_named_triangle_and_of_its_three_countries_leaders_is_its_round():
    found = rounds(
        "President Gitanas Nausėda of Lithuania received President Andrzej Duda of Poland and "
        "President Volodymyr Zelenskyy of Ukraine in Vilnius on 7 July 2023 for a meeting of "
        "the Lublin Triangle. In March 2023, Andrzej Duda hosted Gitanas Nausėda in Warsaw for "
        "a meeting of the three countries' leaders.",
        home="LT",
    )
    assert [(r["mechanism"]["name"], r["start_date"]) for r in found] == [
        ("Lublin Triangle leaders' meetings", "2023-07-07"),
        ("Lublin Triangle leaders' meetings", "2023-03-01"),
    ]


def test_a_group_that_is_only_the_setting_of_a_meeting_is_not_its_format():
    (meeting,) = rounds(
        "On the sidelines of the Lublin Triangle, President Gitanas Nausėda met President "
        "Andrzej Duda of Poland in Vilnius on 7 July 2023.",
        home="LT",
    )
    assert "Triangle" not in meeting["mechanism"]["name"]


@pytest.mark.parametrize(
    "name, kind",
    [
        ("the Japan-Central Asia Dialogue", "consultations"),
        ("the Japan-Pacific Islands Dialogue", "consultations"),
        ("the Japan-Central Asia Strategic Dialogue", "strategic_dialogue"),
        ("the Chile-Peru High-Level Energy Dialogue", "strategic_dialogue"),
    ],
)
def test_a_dialogue_named_only_after_its_countries_or_regions_is_their_consultations(name, kind):
    (round_,) = rounds(f"The 2nd meeting of {name} was held in Tokyo on 5 May 2022.", home="JP")
    assert round_["mechanism"]["kind"] == kind


def test_a_body_of_three_countries_in_lower_case_is_named_after_those_who_lead_it():
    (group,) = rounds(
        "On 4 March 2022, Deputy Foreign Minister A. Ivanov of Russia took part in the second "
        "meeting of the trilateral working group co-chaired by the deputy foreign ministers of "
        "Russia, Iran and Turkey, held in Tehran.",
        home="RU",
    )
    assert group["mechanism"]["name"] == (
        "Trilateral working group of the deputy foreign ministers of Russia, Iran and Turkey"
    )
    assert (group["mechanism"]["kind"], group["mechanism"]["countries"]) == (
        "working_group",
        ["IR", "RU", "TR"],
    )


def test_a_trilateral_meeting_of_three_heads_is_their_leaders_meetings():
    (meeting,) = rounds(
        "The declaration was signed in Tehran on 7 September 2018 by President Hassan Rouhani "
        "of Iran, President Vladimir Putin of Russia and President Recep Tayyip Erdogan of "
        "Turkey after their trilateral meeting.",
        home="RU",
    )
    assert meeting["mechanism"]["kind"] == "summit"
    assert meeting["mechanism"]["name"].endswith("trilateral leaders' meetings")


def test_a_summit_named_only_by_how_the_leaders_met_is_the_pairs_leaders_meetings():
    (summit,) = rounds(
        "At the Virtual Summit held on 4 June 2020, Prime Minister Narendra Modi and Prime "
        "Minister Scott Morrison of Australia agreed to a Comprehensive Strategic Partnership "
        "between India and Australia.",
        home="IN",
    )
    assert summit["mechanism"]["name"] == "India–Australia leaders' meetings"
    assert summit["mechanism"]["countries"] == ["AU", "IN"]


def test_bodies_met_during_the_visit_just_told_are_rounds_within_its_days():
    found = rounds(
        "Foreign Minister Kamala Rao will visit Chile from 3 to 5 May 2022.\n\n"
        "During the visit, the two ministers will co-chair the 5th meeting of the India-Chile "
        "Joint Commission and the 2nd India-Chile Strategic Dialogue in Santiago.",
        home="IN",
    )
    held = [r for r in found if r["mechanism"]["kind"] != "visits"]
    assert [
        (r["mechanism"]["kind"], r["number"], r["start_date"], r["end_date"], r["date_precision"])
        for r in held
    ] == [
        ("intergovernmental_commission", 5, "2022-05-03", "2022-05-05", "within"),
        ("strategic_dialogue", 2, "2022-05-03", "2022-05-05", "within"),
    ]


def test_a_summit_told_by_its_owner_is_the_owners_summit_not_the_event_in_focus():
    found = rounds(
        "The first Ministerial Conference of the Baltic Sea Alliance opened in Riga on 3 May "
        "2022. The Baltic Sea Alliance was launched at its founding summit in Tallinn on 2 June "
        "2020. The Alliance's second summit was held in Vilnius on 9 June 2021.",
        home="LV",
    )
    assert [(r["mechanism"]["name"], r["start_date"]) for r in found][1:] == [
        ("Baltic Sea Alliance summit", "2020-06-02"),
        ("Baltic Sea Alliance summit", "2021-06-09"),
    ]


def test_a_mechanism_named_again_without_an_event_is_what_this_format_refers_to():
    found = rounds(
        "The Foreign and Defence Ministers of Japan and India held the India-Japan 2+2 "
        "Ministerial Dialogue in New Delhi on 8 September 2022. Prime Minister Fumio Kishida "
        "met Prime Minister Narendra Modi in Tokyo on 27 September 2022. The 2+2 has given the "
        "partnership a strategic depth. The first meeting in this format took place in New "
        "Delhi on 30 November 2019.",
        home="IN",
    )
    assert [(r["mechanism"]["kind"], r["start_date"]) for r in found] == [
        ("two_plus_two", "2022-09-08"),
        ("summit", "2022-09-27"),
        ("two_plus_two", "2019-11-30"),
    ]


def test_a_meeting_of_a_groupings_ministers_told_by_its_acronym_is_the_groupings():
    found = rounds(
        "On 3 April 2024, Foreign Minister Penny Wong of Australia joined her counterparts from "
        "Japan, India and the United States at a meeting of QUAD Foreign Ministers in Brussels.",
        home="AU",
    )
    assert [(r["mechanism"]["name"], r["mechanism"]["kind"]) for r in found] == [
        ("QUAD foreign ministers' meetings", "consultations")
    ]


def test_a_body_told_as_replaced_is_not_the_mechanism_of_the_meeting():
    (meeting,) = rounds(
        "The new Chile-Peru Council of Ministers, which replaces the Chile-Peru Joint "
        "Commission, met for the first time in Lima on 3 May 2022.",
        home="CL",
    )
    assert meeting["mechanism"]["name"] == "Council of Ministers"


def test_a_summit_told_only_by_its_number_is_of_the_series_named_last():
    found = rounds(
        "The Fifth Summit of the Baltic Sea Alliance was held in Riga on 3 May 2022. At the "
        "Summit, Latvia took over the chairmanship from Estonia, which hosted the Fourth Summit "
        "in Tallinn on 2 June 2021, when the heads of state of Finland, Sweden and Lithuania "
        "joined.",
        home="LV",
    )
    assert [(r["mechanism"]["name"], r["start_date"]) for r in found] == [
        ("Summit of the Baltic Sea Alliance", "2022-05-03"),
        ("Summit of the Baltic Sea Alliance", "2021-06-02"),
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Ministerial Meeting of the Barents Euro-Arctic Council", "council"),
        ("Annual Meeting of the Joint Economic Commission", "intergovernmental_commission"),
        ("Meeting of the Foreign Ministers", "consultations"),
    ],
)
def test_a_meeting_of_a_body_is_of_the_bodys_kind(name: str, kind: str) -> None:
    assert bodies.kind_of(name)[0] == kind


def test_a_name_runs_on_over_an_acronym_to_the_meeting_it_names():
    (body,) = bodies.official_names(
        "The President attended the East African Community (EAC) Heads of State Summit in Arusha.",
        country_names(),
    )
    assert body.name == "East African Community (EAC) Heads of State Summit"
    assert body.kind == "summit"
