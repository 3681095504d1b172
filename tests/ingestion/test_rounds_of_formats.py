"""Issue 21 §2–3: which rounds a release tells and to which mechanism each belongs — state
visits, summits named in capitals, rounds of the format in focus told by a later sentence, one
round told twice in a sentence."""

from dialogue.ingestion import extract as extraction
from dialogue.ingestion.lexicon import KnownMechanism, countries_only
from tests.ingestion.test_events import PUBLISHED, rounds


def names(found: list[dict]) -> list[tuple[str, str, str]]:
    return [(r["start_date"], r["mechanism"]["kind"], r["mechanism"]["name"]) for r in found]


def test_a_state_visit_told_as_the_event_is_a_round_of_state_visits():
    (visit,) = rounds(
        "At the invitation of President Emmanuel Macron, President Xi Jinping of China paid a "
        "state visit to France on 6 and 7 May 2024.",
        home="FR",
    )
    assert visit["mechanism"]["kind"] == "visits"
    assert visit["mechanism"]["name"].endswith("state visits")
    assert (visit["start_date"], visit["end_date"]) == ("2024-05-06", "2024-05-07")


def test_a_state_visit_in_a_relative_clause_leaves_the_main_event_its_mechanism():
    (meeting,) = rounds(
        "On December 22, in Tashkent, President Kassym-Jomart Tokayev of Kazakhstan, who is on "
        "a state visit to Uzbekistan, and President Shavkat Mirziyoyev of Uzbekistan held the "
        "first meeting of the Supreme Interstate Council.",
        home="UZ",
    )
    assert meeting["mechanism"]["kind"] == "council"
    assert "Supreme Interstate Council" in meeting["mechanism"]["name"]


def test_a_summit_named_in_capitals_is_its_own_mechanism_not_the_pairs_leaders():
    found = rounds(
        "On 9 December 2022, Crown Prince Mohammed bin Salman of Saudi Arabia chaired in Riyadh "
        "the first China-Arab States Summit, attended by President Xi Jinping of China. On the "
        "same day, he also chaired the GCC-China Summit for Cooperation and Development.",
        home="SA",
    )
    assert [(r["mechanism"]["name"], r["mechanism"]["kind"]) for r in found] == [
        ("China-Arab States Summit", "summit"),
        ("GCC-China Summit for Cooperation and Development", "summit"),
    ]


def test_a_summit_named_only_by_the_pair_is_their_leaders_meetings():
    (summit,) = rounds(
        "On March 20, 2023, Prime Minister Fumio Kishida of Japan and Prime Minister Narendra "
        "Modi of India held the India-Japan Annual Summit in New Delhi.",
        home="JP",
    )
    assert summit["mechanism"]["kind"] == "summit"
    assert "Annual Summit" not in summit["mechanism"]["name"]


def test_a_summit_on_whose_sidelines_leaders_met_is_not_the_meeting():
    (meeting,) = rounds(
        "On November 14, 2022, President Joe Biden and President Xi Jinping of China met in "
        "Bali, Indonesia, on the sidelines of the G20 Leaders' Summit.",
        home="US",
    )
    assert meeting["mechanism"]["name"].endswith("leaders' meetings")


def test_a_summit_told_by_its_city_is_a_round_of_the_forum_in_focus():
    found = rounds(
        "The 2024 Summit of the Forum on China-Africa Cooperation was held in Beijing from "
        "September 4 to 6, 2024, co-chaired by President Xi Jinping of China and President "
        "Bassirou Diomaye Faye of Senegal. It was the Forum's fourth summit, after the "
        "Johannesburg Summit of 4-5 December 2015 and the Beijing Summit of 3-4 September 2018.",
        home="CN",
    )
    assert {r["mechanism"]["name"] for r in found} == {
        "Summit of the Forum on China-Africa Cooperation"
    }
    assert [r["start_date"] for r in found] == ["2024-09-04", "2015-12-04", "2018-09-03"]


def test_a_round_told_by_two_dates_in_apposition_is_one_round():
    found = rounds(
        "The Joint Commission of the Joint Comprehensive Plan of Action met in Vienna today, "
        "10 September 2019, chaired by Deputy Secretary General Enrique Mora.",
        home="AT",
    )
    assert [(r["start_date"], r["end_date"]) for r in found] == [("2019-09-10", "2019-09-10")]


def test_a_day_within_the_days_of_the_same_round_is_that_round():
    found = rounds(
        "President Cyril Ramaphosa today closed the 15th BRICS Summit, which South Africa hosted "
        "in Johannesburg from 8 to 10 September 2019.",
        home="ZA",
    )
    assert [(r["start_date"], r["end_date"], r["number"]) for r in found] == [
        ("2019-09-08", "2019-09-10", 15)
    ]


def test_a_state_visit_whose_talks_follow_undated_is_one_round_of_leaders_meetings():
    (visit,) = rounds(
        "On May 16–17, President Vladimir Putin paid a state visit to China at the invitation of "
        "President Xi Jinping. The leaders held talks in Beijing.",
        home="RU",
    )
    assert visit["mechanism"]["kind"] == "summit"
    assert (visit["start_date"], visit["end_date"]) == ("2019-05-16", "2019-05-17")


def test_a_venue_named_like_a_body_is_no_mechanism():
    found = rounds(
        "On 14 September 2019, the Summit of Speakers concluded at the India International "
        "Convention and Expo Centre in New Delhi.",
        home="IN",
    )
    assert all("Expo" not in r["mechanism"]["name"] for r in found)


def test_the_leaders_own_meeting_is_not_the_body_in_focus():
    found = rounds(
        "On January 30, 2019, the U.S.-PRC Counternarcotics Working Group held its inaugural "
        "meeting in Beijing. The Working Group was established in line with the commitment made "
        "by President Biden and President Xi at their meeting in Woodside in November 2018.",
        home="US",
    )
    by_date = {r["start_date"]: r["mechanism"] for r in found}
    assert "Working Group" in by_date["2019-01-30"]["name"]
    assert "Working Group" not in by_date.get("2018-11-01", {}).get("name", "")


def test_the_previous_consultations_with_an_ordinal_in_apposition_are_of_the_body_in_focus():
    found = rounds(
        "On 20 June 2019, Chancellor Angela Merkel received Premier Li Keqiang of China in "
        "Berlin for the seventh round of German-Chinese government consultations. The previous, "
        "sixth, consultations were held by video conference on 28 April 2018.",
        home="DE",
    )
    assert [(r["start_date"], r["number"]) for r in found] == [
        ("2019-06-20", 7),
        ("2018-04-28", 6),
    ]
    assert found[0]["mechanism"]["name"] == found[1]["mechanism"]["name"]
    assert found[0]["mechanism"]["name"].endswith("government consultations")


def test_a_summit_in_a_named_format_and_the_earlier_one_of_the_four_heads_are_its_summits():
    found = rounds(
        "On Monday 9 September 2019, President Emmanuel Macron hosted in Paris a summit in the "
        "Normandy format with Chancellor Angela Merkel of Germany, President Vladimir Putin of "
        "Russia and President Volodymyr Zelensky of Ukraine. It was the first meeting of the four "
        "heads of state and government since the summit held in Berlin on 19 October 2016.",
        home="FR",
    )
    assert [(r["start_date"], r["mechanism"]["kind"], r["mechanism"]["name"]) for r in found] == [
        ("2019-09-09", "summit", "Normandy format summit"),
        ("2016-10-19", "summit", "Normandy format summit"),
    ]


def test_a_format_named_through_its_acronym_and_its_of_the_tail():
    found = rounds(
        "On May 24, 2019, Prime Minister Fumio Kishida of Japan hosted the Japan-Australia-"
        "India-U.S. (Quad) Leaders' Meeting in Tokyo. On July 19, 2019, President Recep Tayyip "
        "Erdogan of Turkey, President Vladimir Putin of Russia and President Ebrahim Raisi of "
        "Iran attended the seventh Tripartite Summit of the Guarantor States of the Astana "
        "Process in Tehran.",
        home="JP",
    )
    assert [(r["mechanism"]["name"], r["mechanism"]["kind"]) for r in found] == [
        ("Japan-Australia-India-U.S. (Quad) Leaders' Meeting", "summit"),
        ("Tripartite Summit of the Guarantor States of the Astana Process", "summit"),
    ]
    assert found[0]["mechanism"]["short_name"] == "Quad"


def test_the_day_a_round_concluded_is_that_round():
    found = rounds(
        "The 9th G20 Parliamentary Speakers' Summit (P20) concluded in New Delhi today. The "
        "Summit, held on 9 and 10 September 2019, was chaired by Speaker Om Birla.",
        home="IN",
    )
    assert [(r["start_date"], r["end_date"], r["number"]) for r in found] == [
        ("2019-09-09", "2019-09-10", 9)
    ]
    assert found[0]["mechanism"]["kind"] == "parliamentary"


def test_a_later_sentence_naming_the_formats_short_name_tells_its_rounds():
    found = rounds(
        "On May 24, 2019, Prime Minister Fumio Kishida of Japan hosted the Japan-Australia-"
        "India-U.S. (Quad) Leaders' Meeting in Tokyo. The Quad leaders met for the first time by "
        "videoconference on March 12, 2018.",
        home="JP",
    )
    assert [(r["start_date"], r["mechanism"]["short_name"]) for r in found] == [
        ("2019-05-24", "Quad"),
        ("2018-03-12", "Quad"),
    ]


def test_a_bilateral_meeting_of_two_other_countries_is_of_their_countries():
    found = rounds(
        "The Council of Heads of State of the Shanghai Cooperation Organisation was held in "
        "Samarkand on September 5-6, 2019, chaired by President of Uzbekistan Shavkat "
        "Mirziyoyev. Taking part were President of China Xi Jinping, President of Russia "
        "Vladimir Putin and Prime Minister of India Narendra Modi. On the sidelines of the "
        "summit, on September 5, President Xi Jinping and President Vladimir Putin held a "
        "bilateral meeting in Samarkand.",
        home="UZ",
    )
    bilateral = next(r for r in found if r["end_date"] == "2019-09-05")
    assert bilateral["mechanism"]["countries"] == ["CN", "RU"]
    assert bilateral["mechanism"]["name"].startswith(("China–Russia", "Russia–China"))


def test_a_made_up_mechanism_is_matched_to_a_registry_one_only_of_its_countries_and_kind():
    lexicon = countries_only()
    lexicon.mechanisms = [
        KnownMechanism(7, "Russia–Japan–India leaders' meetings", "summit", {"RU", "JP", "IN"}, []),
        KnownMechanism(8, "Russia–Japan leaders' meetings", "consultations", {"RU", "JP"}, []),
    ]
    specs = extraction.extract(
        text="Comment\n\nOn September 3, 2019, President Vladimir Putin of Russia and Prime "
        "Minister Shinzo Abe of Japan held talks in Vladivostok.",
        published=PUBLISHED,
        home="RU",
        lexicon=lexicon,
    )
    (round_,) = [spec for spec in specs if spec.type == "round"]
    # Neither the mechanism of three countries nor the one of another kind: a new draft.
    assert round_.fields["mechanism"] not in (7, 8)
    assert isinstance(round_.fields["mechanism"], dict)


def test_one_event_word_and_one_date_far_apart_are_one_round():
    (council,) = rounds(
        "The meeting of the Council of Heads of State of the Shanghai Cooperation Organisation, "
        "chaired by President of the Republic of Uzbekistan Shavkat Mirziyoyev and attended by "
        "the President of China and the Prime Minister of India, was held in Samarkand on "
        "September 5-6, 2019.",
        home="UZ",
    )
    assert (council["start_date"], council["end_date"]) == ("2019-09-05", "2019-09-06")
    assert council["mechanism"]["name"].startswith("Council of Heads of State")


def test_a_body_that_will_reconvene_has_a_scheduled_round():
    found = rounds(
        "The Joint Commission of the Joint Comprehensive Plan of Action met in Vienna on 6 "
        "September 2019. The Commission will reconvene in Vienna on Friday, 13 September.",
        home="AT",
    )
    assert [(r["start_date"], r["status"]) for r in found] == [
        ("2019-09-06", "held"),
        ("2019-09-13", "scheduled"),
    ]
    assert found[0]["mechanism"]["name"] == found[1]["mechanism"]["name"]


def test_a_meeting_in_a_named_format_with_leaders_is_a_summit_of_the_format():
    found = rounds(
        "On 4 July 2019, President Kassym-Jomart Tokayev of Kazakhstan hosted in Astana a "
        'meeting in the "SCO Plus" format with the leaders of Belarus, Azerbaijan and Turkey.',
        home="KZ",
    )
    assert [(r["mechanism"]["name"], r["mechanism"]["kind"]) for r in found] == [
        ("SCO Plus meeting", "summit")
    ]


def test_the_council_is_the_council_last_named_though_another_event_came_between():
    found = rounds(
        "The meeting of the Council of Heads of State of the Shanghai Cooperation Organisation "
        "was held in Samarkand on September 5-6, 2019, with President of China Xi Jinping, "
        "President of Russia Vladimir Putin and Prime Minister of India Narendra Modi. On the "
        "sidelines of the summit, on September 5, President Xi Jinping and President Vladimir "
        "Putin held a bilateral meeting. India will host the next meeting of the Council in "
        "2020.",
        home="UZ",
    )
    by_days = {(r["start_date"], r["end_date"]): r["mechanism"]["name"] for r in found}
    assert by_days[("2020-01-01", "2020-12-31")] == by_days[("2019-09-05", "2019-09-06")]
    assert by_days[("2020-01-01", "2020-12-31")].startswith("Council of Heads of State")
    assert by_days[("2019-09-05", "2019-09-05")].endswith("leaders' meetings")


def test_earlier_state_visits_listed_with_their_months_are_rounds_of_state_visits():
    found = rounds(
        "President Xi Jinping of China paid a state visit to France on 6 and 7 May 2019. This "
        "visit follows the state visit of President Macron to China in January 2018 and "
        "President Xi's previous state visit to France in March 2014.",
        home="FR",
    )
    assert [(r["start_date"], r["mechanism"]["kind"]) for r in found] == [
        ("2019-05-06", "visits"),
        ("2018-01-01", "visits"),
        ("2014-03-01", "visits"),
    ]


def test_the_summit_and_its_eighth_meeting_are_of_the_format_in_focus():
    found = rounds(
        "President Yoon Suk Yeol hosted the ninth Trilateral Summit among the Republic of Korea, "
        "Japan and China in Seoul on May 27, 2019. The summit was the first in four years, since "
        "the eighth meeting was held in Chengdu, China, on December 24, 2015.",
        home="KR",
    )
    assert [(r["start_date"], r["mechanism"]["name"], r["number"]) for r in found] == [
        ("2019-05-27", "Trilateral Summit", 9),
        ("2015-12-24", "Trilateral Summit", 8),
    ]


def test_the_same_day_is_the_narratives_day_not_an_earlier_round_recalled():
    found = rounds(
        "On 2 September 2019, President Recep Tayyip Erdogan of Turkey attended the seventh "
        "Tripartite Summit of the Guarantor States of the Astana Process in Tehran with President "
        "Ebrahim Raisi of Iran and President Vladimir Putin of Russia. The previous summit in this "
        "format was held by videoconference on 1 July 2018. President Recep Tayyip Erdogan also "
        "met President Vladimir Putin in Tehran the same day.",
        home="TR",
    )
    assert sorted(r["start_date"] for r in found) == ["2018-07-01", "2019-09-02", "2019-09-02"]


def test_a_year_in_an_events_name_is_not_its_date():
    assert rounds("Opening of Expo 2019 Osaka, Kansai, Japan", home="JP") == []
    found = rounds(
        "The 2019 Summit of the Forum on China-Africa Cooperation was held in Beijing from "
        "September 4 to 6, 2019.",
        home="CN",
    )
    assert [(r["start_date"], r["date_precision"]) for r in found] == [("2019-09-04", "day")]


def test_a_date_closes_the_list_item_it_ends_not_the_next_one():
    found = rounds(
        "The Ministers reviewed progress since the State Visit of Prime Minister Narendra Modi "
        "of India to the United States in June 2019 and the visit of President Joe Biden to New "
        "Delhi for the G20 Leaders' Summit in August 2019.",
        home="IN",
    )
    by_start = {r["start_date"]: r["mechanism"] for r in found}
    assert by_start["2019-06-01"]["kind"] == "visits"


def test_a_trip_made_to_attend_a_forum_is_that_forums_round_only():
    found = rounds(
        "President Abdel Fattah el-Sisi of Egypt is visiting India for the third time. He first "
        "came in the autumn of 2015 to attend the third India-Africa Forum Summit in New Delhi.",
        home="IN",
    )
    assert [(r["mechanism"]["name"], r["mechanism"]["kind"]) for r in found] == [
        ("India-Africa Forum Summit", "forum")
    ]


def test_the_first_since_is_no_round_number():
    found = rounds(
        "President Cyril Ramaphosa closed the 12th BRICS Summit in Johannesburg on 8 September "
        "2019. This was the first summit of the grouping held in person since the 11th BRICS "
        "Summit in Brasília in November 2018.",
        home="ZA",
    )
    assert [(r["start_date"], r["number"]) for r in found] == [
        ("2019-09-08", 12),
        ("2018-11-01", 11),
    ]
