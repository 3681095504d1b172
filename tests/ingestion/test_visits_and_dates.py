"""Reviewed ingestion, issue 21 items 1 and 2: visits as rounds of the pair's visits, and the
dates, places and status of rounds read from the text around them."""

import datetime

from dialogue.date_phrases import ResolvedDate, find_date_phrases, resolve_date_phrase
from dialogue.ingestion import extract as extraction
from dialogue.ingestion.lexicon import countries_only
from tests.ingestion.test_events import rounds as read_rounds

PUBLISHED = datetime.date(2022, 6, 19)


def rounds(text: str, home: str = "IN", published: datetime.date = PUBLISHED) -> list[dict]:
    return read_rounds(text, home=home, published=published)


def span(round_: dict) -> tuple[str, str, str]:
    return (round_["start_date"], round_["end_date"], round_["date_precision"])


def test_a_ministers_visit_over_days_is_a_round_of_the_pairs_high_level_visits():
    found = rounds(
        "The talks were chaired by Foreign Minister Vivian Balakrishnan of Singapore, who is on "
        "a visit to India from 17 to 19 June."
    )
    (visit,) = [r for r in found if r["mechanism"]["kind"] == "visits"]
    assert visit["mechanism"]["name"].endswith("high-level visits")
    assert span(visit) == ("2022-06-17", "2022-06-19", "day")


def test_a_leaders_visit_later_this_year_is_a_scheduled_visit_within_the_rest_of_the_year():
    (visit,) = rounds(
        "The ministers prepared the visit of Prime Minister Lee Hsien Loong of Singapore to "
        "India later this year."
    )
    assert visit["mechanism"]["kind"] == "visits"
    assert span(visit) == ("2022-06-20", "2022-12-31", "within")
    assert visit["status"] == "scheduled"


def test_a_leaders_one_day_visit_or_a_visit_for_talks_stays_the_leaders_meeting():
    (one_day,) = rounds(
        "President Halimah Yacob of Singapore paid a visit to India on 3 May, where she held "
        "talks with Prime Minister Narendra Modi."
    )
    assert one_day["mechanism"]["kind"] == "summit"
    (setting,) = rounds(
        "The ministers discussed the visit of Prime Minister Lee Hsien Loong of Singapore to "
        "India, expected in late July, when the leaders will hold talks in New Delhi."
    )
    assert setting["mechanism"]["kind"] == "summit"
    (purpose,) = rounds(
        "On 2 May, Defence Minister Ng Eng Hen of Singapore visited New Delhi for the annual "
        "defence ministers' dialogue."
    )
    assert purpose["mechanism"]["kind"] != "visits"


def test_later_this_year_is_the_rest_of_the_year():
    assert resolve_date_phrase("later this year", PUBLISHED) == ResolvedDate(
        datetime.date(2022, 6, 20), datetime.date(2022, 12, 31), "within"
    )


def test_a_visit_of_days_dated_by_its_arrival_spans_its_days_and_its_end_is_no_round():
    found = rounds(
        "Prime Minister Narendra Modi today held talks in New Delhi with Prime Minister Lee "
        "Hsien Loong of Singapore. Prime Minister Lee arrived the previous evening for a "
        "three-day visit. The visit will end tomorrow in Mumbai."
    )
    assert sorted((r["mechanism"]["kind"], *span(r)) for r in found) == [
        ("summit", "2022-06-19", "2022-06-19", "day"),
        ("visits", "2022-06-18", "2022-06-20", "day"),
    ]


def test_the_day_before_is_told_from_the_day_the_narrative_is_at_not_a_round_announced():
    found = rounds(
        "On 19 June, Prime Minister Narendra Modi took part in the first India-Nordic Summit "
        "in Copenhagen. The second India-Nordic Summit will be held in 2024. The day before, "
        "Prime Minister Modi held talks with Prime Minister Mette Frederiksen of Denmark.",
        home="IN",
    )
    assert ("2022-06-18", "2022-06-18", "day") in [span(r) for r in found]


def test_a_call_on_the_hosts_leader_is_a_visit_on_the_days_date_in_its_city():
    found = rounds(
        "On 19 June, External Affairs Minister S. Jaishankar held talks in New Delhi with "
        "Foreign Minister Vivian Balakrishnan of Singapore. Earlier in the day, Foreign "
        "Minister Balakrishnan was received by Prime Minister Narendra Modi at his residence."
    )
    (visit,) = [r for r in found if r["mechanism"]["kind"] == "visits"]
    assert span(visit) == ("2022-06-19", "2022-06-19", "day")
    assert visit["city"] == "New Delhi"


def test_a_call_tomorrow_is_a_scheduled_visit_and_a_call_to_act_is_none():
    (call,) = rounds(
        "Tomorrow, before his departure, Foreign Minister Vivian Balakrishnan of Singapore will "
        "call on Vice President M. Venkaiah Naidu."
    )
    assert call["mechanism"]["kind"] == "visits" and call["status"] == "scheduled"
    assert span(call) == ("2022-06-20", "2022-06-20", "day")
    urged = rounds(
        "On 19 June, Prime Minister Narendra Modi called on President Halimah Yacob of "
        "Singapore to end the dispute."
    )
    assert all(r["mechanism"]["kind"] != "visits" for r in urged)


def test_a_leader_staying_in_a_country_over_days_is_a_visit():
    (visit,) = rounds("Prime Minister Lee Hsien Loong of Singapore is in India from 17 to 20 June.")
    assert visit["mechanism"]["kind"] == "visits"
    assert span(visit) == ("2022-06-17", "2022-06-20", "day")


def test_visits_of_other_people_are_not_one_round_told_twice():
    found = rounds(
        "The ministers prepared the visit of Prime Minister Lee Hsien Loong of Singapore to "
        "India later this year. Tomorrow, Foreign Minister Vivian Balakrishnan of Singapore "
        "will call on Vice President M. Venkaiah Naidu."
    )
    assert sorted(span(r) for r in found) == [
        ("2022-06-20", "2022-06-20", "day"),
        ("2022-06-20", "2022-12-31", "within"),
    ]


def test_a_weekday_alone_is_the_last_one_or_the_next_one_when_the_sentence_tells_the_future():
    sunday = datetime.date(2022, 6, 19)
    assert resolve_date_phrase("on Sunday", sunday).start == sunday
    assert resolve_date_phrase("on Monday", sunday).start == datetime.date(2022, 6, 13)
    assert resolve_date_phrase("last Sunday", sunday).start == datetime.date(2022, 6, 12)
    assert resolve_date_phrase("next Friday", sunday).start == datetime.date(2022, 6, 24)
    (held,) = rounds(
        "Prime Minister Narendra Modi held talks with Prime Minister Lee Hsien Loong of "
        "Singapore in New Delhi on Friday."
    )
    assert span(held) == ("2022-06-17", "2022-06-17", "day")
    (ahead,) = rounds(
        "Prime Minister Narendra Modi will hold talks with Prime Minister Lee Hsien Loong of "
        "Singapore in New Delhi on Friday."
    )
    assert span(ahead) == ("2022-06-24", "2022-06-24", "day") and ahead["status"] == "scheduled"


def test_a_list_of_months_shares_the_year_of_its_last_item():
    found = rounds(
        "Prime Minister Narendra Modi and Prime Minister Lee Hsien Loong of Singapore held "
        "their previous meetings in March and September 2019."
    )
    assert sorted(span(r)[:2] for r in found) == [
        ("2019-03-01", "2019-03-31"),
        ("2019-09-01", "2019-09-30"),
    ]


def test_the_day_wins_over_the_year_of_the_same_sentence():
    (round_,) = rounds(
        "Foreign Minister S. Jaishankar welcomed Foreign Minister Vivian Balakrishnan of "
        "Singapore to New Delhi on 29 July for this year's foreign ministers' talks.",
        published=datetime.date(2022, 8, 1),
    )
    assert span(round_) == ("2022-07-29", "2022-07-29", "day")
    (last_year,) = rounds(
        "Last year, Prime Minister Narendra Modi held talks with Prime Minister Lee Hsien Loong "
        "of Singapore in New Delhi on 12 March.",
    )
    assert span(last_year) == ("2021-03-12", "2021-03-12", "day")


def test_an_election_to_a_body_is_no_round():
    assert not rounds(
        "Singapore was elected a non-permanent member of the United Nations Security Council "
        "at the plenary meeting of the General Assembly in New York on Friday, 17 June 2022."
    )


def test_a_visit_to_two_cities_has_no_city_and_a_groupings_summit_is_not_the_pairs():
    found = rounds(
        "Prime Minister Lee Hsien Loong of Singapore is in India from 17 to 19 June. It is his "
        "third trip to the country, after his visit to New Delhi and Mumbai in February 2021 "
        "and the G20 summit in New Delhi in September 2021."
    )
    assert sorted((r["mechanism"]["kind"], *span(r)[:2], r["city"]) for r in found) == [
        ("visits", "2021-02-01", "2021-02-28", None),
        ("visits", "2022-06-17", "2022-06-19", None),
    ]


def test_a_dialogue_held_is_a_round_and_the_visitors_received_the_same_day_a_visit():
    found = rounds(
        "The Governments of India and Singapore held the Joint Security Dialogue in New Delhi "
        "on Friday, 17 June 2022. The same day, the visiting ministers were received at "
        "Rashtrapati Bhavan by President Ram Nath Kovind."
    )
    assert sorted((r["mechanism"]["kind"], r["start_date"], r["city"]) for r in found) == [
        ("strategic_dialogue", "2022-06-17", "New Delhi"),
        ("visits", "2022-06-17", "New Delhi"),
    ]


def test_a_round_closed_after_days_spans_them_and_the_one_since_a_place_is_the_round_before():
    reader = extraction.Reader(
        text="Comment\n\nThe Council closed today after three days of deliberations. The "
        "session, the first to be held since Colombo in May 2019, had been postponed twice.",
        published=PUBLISHED,
        home="IN",
        source_id=None,
        lexicon=countries_only(),
    )
    closed, since = (reader.dates_in(sentence.text) for sentence in reader.sentences[1:])
    assert [(d.resolved.start, d.resolved.end) for d in closed] == [
        (datetime.date(2022, 6, 17), datetime.date(2022, 6, 19))
    ]
    assert [(d.phrase, d.resolved.start) for d in since] == [
        ("in May 2019", datetime.date(2019, 5, 1))
    ]


def test_rounds_listed_in_one_sentence_take_the_city_of_their_own_item():
    found = rounds(
        "Prime Minister Narendra Modi and Prime Minister Lee Hsien Loong of Singapore held "
        "their previous meetings in Mumbai and Chennai in March and September 2019 and in "
        "Kolkata on 25 August 2020."
    )
    assert sorted((r["start_date"], r["city"]) for r in found) == [
        ("2019-03-01", "Mumbai"),
        ("2019-09-01", "Chennai"),
        ("2020-08-25", "Kolkata"),
    ]


def test_a_round_held_by_video_conference_has_no_city():
    (round_,) = rounds(
        "External Affairs Minister S. Jaishankar and Foreign Minister Vivian Balakrishnan of "
        "Singapore, in New Delhi, held talks by video conference on 29 September 2020."
    )
    assert round_["city"] is None


def test_talks_on_the_sidelines_of_the_summit_just_told_are_a_round_on_its_day():
    found = rounds(
        "On Monday 13 June 2022, Prime Minister Narendra Modi hosted in New Delhi a summit in "
        "the Colombo format with President Gotabaya Rajapaksa of Sri Lanka and President "
        "Ibrahim Solih of the Maldives.\n\nOn the sidelines of the summit, President "
        "Rajapaksa and President Solih held their first face-to-face talks."
    )
    sidelines = [r for r in found if {p["country"] for p in r["participants"]} == {"LK", "MV"}]
    assert [span(r) for r in sidelines] == [("2022-06-13", "2022-06-13", "day")]


def test_the_people_of_the_days_event_met_earlier_the_same_day():
    found = rounds(
        "On 13 June, in New Delhi, President Ram Nath Kovind of India and President Gotabaya "
        "Rajapaksa of Sri Lanka held the first meeting of the Joint Commission on Trade.\n\n"
        "The Presidents had met in talks in narrow format earlier the same day."
    )
    (talks,) = [r for r in found if r["mechanism"]["kind"] == "summit"]
    assert span(talks) == ("2022-06-13", "2022-06-13", "day")
    assert {p["country"] for p in talks["participants"]} == {"IN", "LK"}


def test_a_dialogue_held_before_and_the_next_one_announced_are_rounds_of_it():
    found = rounds(
        "The Ministers recalled that the second India-Singapore Ministerial Dialogue had been "
        "held in New Delhi on 16 September 2021, and looked forward to the next Dialogue in "
        "Singapore in 2023."
    )
    assert sorted((*span(r), r["city"], r["status"]) for r in found) == [
        ("2021-09-16", "2021-09-16", "day", "New Delhi", "held"),
        ("2023-01-01", "2023-12-31", "year", "Singapore", "scheduled"),
    ]
    assert len({r["mechanism"]["name"] for r in found}) == 1


def test_a_meeting_later_this_month_at_a_summit_is_the_leaders_meeting_within_the_month():
    (round_,) = rounds(
        "Prime Minister Narendra Modi and Prime Minister Lee Hsien Loong of Singapore agreed "
        "to meet again on the occasion of the G20 Bali Summit later this month."
    )
    assert round_["mechanism"]["kind"] == "summit"
    assert "G20" not in round_["mechanism"]["name"]
    assert span(round_) == ("2022-06-20", "2022-06-30", "within")
    assert round_["status"] == "scheduled"


def test_separate_bilateral_meetings_with_two_leaders_are_two_rounds():
    found = rounds(
        "On 18 June, President Moon Jae-in of the Republic of Korea held separate bilateral "
        "meetings with Chinese Premier Li Keqiang and Japanese Prime Minister Yoshihide Suga.",
        home="KR",
    )
    assert sorted(sorted(p["country"] for p in r["participants"]) for r in found) == [
        ["CN", "KR"],
        ["JP", "KR"],
    ]


def test_a_round_at_a_known_venue_or_a_summit_named_after_its_city_is_in_that_city():
    (talks,) = rounds(
        "On 17 June, Prime Minister Narendra Modi held talks with Prime Minister Lee Hsien "
        "Loong of Singapore at Hyderabad House."
    )
    assert talks["city"] == "New Delhi"
    found = rounds(
        "Prime Minister Narendra Modi and Prime Minister Lee Hsien Loong of Singapore "
        "recalled the Caspian Summit of 2018 and the Johannesburg Summit of 4-5 December 2015."
    )
    assert sorted((r["start_date"], r["city"]) for r in found) == [
        ("2015-12-04", "Johannesburg"),
        ("2018-01-01", None),
    ]


def test_cities_after_a_venue_of_a_city_state_and_of_a_visit_to_a_country():
    found = rounds(
        "Prime Minister Narendra Modi today hosted Prime Minister Lee Hsien Loong at "
        "Hyderabad House, New Delhi, at the start of the State Visit that he is paying to India "
        "from 19 to 21 June 2022. The two leaders last met in Singapore on 12 March 2021."
    )
    assert sorted((r["mechanism"]["kind"], r["start_date"], r["city"]) for r in found) == [
        ("summit", "2021-03-12", "Singapore"),
        ("summit", "2022-06-19", "New Delhi"),
        ("visits", "2022-06-19", None),
    ]


def test_talks_the_day_before_took_place_in_the_city_of_the_days_summit():
    found = rounds(
        "On 19 June, Prime Minister Narendra Modi took part in the first India-Nordic Summit "
        "in Copenhagen. The day before, Prime Minister Modi held talks with Prime Minister "
        "Mette Frederiksen of Denmark."
    )
    assert ("2022-06-18", "Copenhagen") in [(r["start_date"], r["city"]) for r in found]


def test_the_status_is_the_tense_not_a_name_in_capitals():
    (round_,) = rounds(
        "The Joint Commission of the India-Singapore Comprehensive Economic Cooperation "
        "Agreement and Trade Plan met in New Delhi today, 19 June 2022."
    )
    assert round_["status"] == "held"


def test_the_sentence_after_says_what_the_meeting_was_and_a_first_of_a_kind_is_no_number():
    (round_,) = rounds(
        "Minister of Foreign Affairs Vivian Balakrishnan of Singapore met today in New Delhi "
        "with Minister of External Affairs S. Jaishankar. It "
        "was the first official meeting between the foreign ministers of the two countries in "
        "more than seven years."
    )
    assert round_["mechanism"]["kind"] == "consultations"
    assert (round_["start_date"], round_["number"]) == ("2022-06-19", None)


def test_a_date_told_again_in_another_time_zone_is_not_another_date():
    reader = extraction.Reader(
        text="Comment\n\nx",
        published=PUBLISHED,
        home="IN",
        source_id=None,
        lexicon=countries_only(),
    )
    found = reader.dates_in(
        "On 17 June (local time; 18 June, India time), the ministers met in Washington."
    )
    assert [d.phrase for d in found] == ["On 17 June"]


def test_a_ministers_visit_told_with_its_talks_is_those_talks():
    (round_,) = rounds(
        "On 17 June, Foreign Minister Vivian Balakrishnan of Singapore visited New Delhi and "
        "held talks with External Affairs Minister S. Jaishankar."
    )
    assert round_["mechanism"]["kind"] == "consultations"


def test_an_arrival_in_a_city_is_a_visit():
    (visit,) = rounds(
        "Prime Minister Lee Hsien Loong of Singapore arrived in New Delhi on 17 June, welcomed "
        "by External Affairs Minister S. Jaishankar."
    )
    assert visit["mechanism"]["kind"] == "visits"
    assert (visit["start_date"], visit["city"]) == ("2022-06-17", "New Delhi")


def test_a_range_of_years_is_one_span_of_year_precision():
    assert resolve_date_phrase("in 2014-2015", PUBLISHED) == ResolvedDate(
        datetime.date(2014, 1, 1), datetime.date(2015, 12, 31), "year"
    )
    assert resolve_date_phrase("from 2016 to 2017", PUBLISHED).end == datetime.date(2017, 12, 31)
    assert not find_date_phrases("They adopted the Action Plan (2025-2027).", PUBLISHED)


def test_a_tripartite_summit_its_previous_rounds_and_its_ministers_meetings():
    found = rounds(
        "On 17 June, Prime Minister Narendra Modi took part in a tripartite summit in Colombo "
        "with President Ranil Wickremesinghe of Sri Lanka and President Ibrahim Solih of the "
        "Maldives.\n\nThe summit builds on the leaders' previous meetings, in Chennai in May "
        "2021 and in New Delhi on 3 March 2022. The foreign ministers of the three countries "
        "met in Colombo in April to prepare for the summit.",
    )
    names = {r["mechanism"]["name"] for r in found}
    assert sorted((r["start_date"], r["city"]) for r in found) == [
        ("2021-05-01", "Chennai"),
        ("2022-03-03", "New Delhi"),
        ("2022-04-01", "Colombo"),
        ("2022-06-17", "Colombo"),
    ]
    assert len(names) == 2
    assert all("tripartite summit" in n or "foreign ministers" in n for n in names)


def test_an_arrival_to_take_part_in_a_meeting_is_that_meeting():
    (round_,) = rounds(
        "Foreign Minister Vivian Balakrishnan of Singapore arrived in New Delhi on 17 June to "
        "take part in the meeting of the India-Singapore Joint Ministerial Committee."
    )
    assert round_["mechanism"]["kind"] != "visits"


def test_a_year_since_which_something_holds_gives_no_year_to_a_day():
    reader = extraction.Reader(
        text="Comment\n\nx",
        published=PUBLISHED,
        home="IN",
        source_id=None,
        lexicon=countries_only(),
    )
    found = reader.dates_in("Since 2015 the Council has met yearly, last in March.")
    assert [d.resolved.start.year for d in found] == [2015, 2022]


def test_each_item_of_a_list_takes_its_own_mechanism():
    found = rounds(
        "Prime Minister Narendra Modi and Prime Minister Lee Hsien Loong of Singapore held their "
        "annual summit in New Delhi in March 2022 and met again in Tokyo in September 2022."
    )
    by_date = {r["start_date"]: r["mechanism"]["name"] for r in found}
    assert by_date["2022-03-01"].endswith("annual summits")
    assert by_date["2022-09-01"].endswith("leaders' meetings")


def test_the_year_a_body_was_set_up_told_in_apposition_is_no_round_of_it():
    found = rounds(
        "The 5th meeting of the India-Nepal Joint Commission was held in New Delhi on 17 June "
        "2022. The Commission, set up in 1987 as a bilateral mechanism, remains the principal "
        "forum of the two countries."
    )
    assert [(r["start_date"], r["number"]) for r in found] == [("2022-06-17", 5)]


def test_the_years_a_plan_is_for_are_no_date_of_a_meeting():
    reader = extraction.Reader(
        text="Comment\n\nThe Council adopted the Strategy for 2022-2026 and met again in 2023.",
        published=PUBLISHED,
        home="IN",
        source_id=None,
        lexicon=countries_only(),
    )
    dates = reader.dates_in(reader.sentences[1].text)
    assert [d.phrase for d in dates] == ["in 2023"]


def test_the_day_before_is_told_of_the_first_round_not_of_one_recalled_long_before():
    found = rounds(
        "The 4th Summit of the Organization of Turkic States was held in Baku on 16 June 2022. "
        "Kazakhstan took over the chairmanship from Azerbaijan, which hosted the 3rd Summit in "
        "Baku on 3 May 2021. The Council of Foreign Ministers of the Organization met in Baku the "
        "day before."
    )
    (council,) = [r for r in found if r["mechanism"]["kind"] == "council"]
    assert council["start_date"] == "2022-06-15"


def test_the_visit_named_again_with_the_date_it_was_put_off_from_is_a_postponed_round():
    found = rounds(
        "President Emmanuel Macron of France will pay a state visit to India from 24 to 26 June "
        "2022. The visit was originally planned for early May and had to be postponed because "
        "of the elections.",
        home="FR",
    )
    assert sorted((r["start_date"], r["date_precision"], r["status"]) for r in found) == [
        ("2022-05-01", "within", "postponed"),
        ("2022-06-24", "day", "scheduled"),
    ]
    assert len({r["mechanism"]["name"] for r in found}) == 1


def test_a_visit_he_decided_to_postpone_is_postponed():
    found = rounds(
        "The crisis led the Minister of Foreign Affairs of France, Catherine Colonna, to "
        "postpone the visit to India she had planned for early May.",
        home="FR",
    )
    assert [r["status"] for r in found] == ["postponed"]


def test_numbered_rounds_held_during_a_visit_take_place_within_its_days():
    found = rounds(
        "Foreign Minister Penny Wong of Australia will visit India from 20 to 22 June 2022.\n\n"
        "During her visit, the two Foreign Ministers will co-chair the Thirteenth meeting of the "
        "India-Australia Joint Ministerial Commission and the 2nd India-Australia Foreign "
        "Ministers' Framework Dialogue.",
        home="AU",
    )
    rounds_within = sorted(
        (r["number"], r["start_date"], r["end_date"], r["status"])
        for r in found
        if r["date_precision"] == "within"
    )
    assert rounds_within == [
        (2, "2022-06-20", "2022-06-22", "scheduled"),
        (13, "2022-06-20", "2022-06-22", "scheduled"),
    ]


def test_a_visitor_received_by_the_host_for_talks_is_a_round_of_their_meetings():
    found = rounds(
        "President Emmanuel Macron of France will pay a state visit to India from 20 to 23 June "
        "2022. On 21 June, in New Delhi, President Macron will be received by Prime Minister "
        "Narendra Modi for official talks, followed by a lunch.",
        home="FR",
    )
    assert sorted((r["mechanism"]["kind"], r["start_date"]) for r in found) == [
        ("summit", "2022-06-21"),
        ("visits", "2022-06-20"),
    ]


def test_each_year_of_a_themed_years_programme_is_a_round_over_the_year():
    found = rounds(
        "As the Japan-Mexico 2021 Year of Friendship ends, the Foundation looks back on its "
        "programme. The programme began with Spain in 2017, followed by Italy in 2018 and "
        "Canada in 2019. Peru was the partner in 2020. 2023 will be the Japan-Chile Year of "
        "Friendship. The Foundation was praised in 2022.",
        home="JP",
        published=datetime.date(2021, 12, 1),
    )
    assert sorted(
        (
            r["mechanism"]["name"],
            r["mechanism"]["kind"],
            r["start_date"],
            r["end_date"],
            r["status"],
        )
        for r in found
    ) == [
        (
            "Japan–Canada Year of Friendship",
            "cultural_programme",
            "2019-01-01",
            "2019-12-31",
            "held",
        ),
        (
            "Japan–Chile Year of Friendship",
            "cultural_programme",
            "2023-01-01",
            "2023-12-31",
            "scheduled",
        ),
        (
            "Japan–Italy Year of Friendship",
            "cultural_programme",
            "2018-01-01",
            "2018-12-31",
            "held",
        ),
        (
            "Japan–Mexico Year of Friendship",
            "cultural_programme",
            "2021-01-01",
            "2021-12-31",
            "held",
        ),
        ("Japan–Peru Year of Friendship", "cultural_programme", "2020-01-01", "2020-12-31", "held"),
        (
            "Japan–Spain Year of Friendship",
            "cultural_programme",
            "2017-01-01",
            "2017-12-31",
            "held",
        ),
    ]


def test_the_first_day_of_a_summit_is_no_number_of_a_round():
    reader = extraction.Reader(
        text="Comment\n\nThe Council, agreed on the first day of the Summit, replaces the "
        "Commission.",
        published=PUBLISHED,
        home="IN",
        source_id=None,
        lexicon=countries_only(),
    )
    assert reader.ordinal(reader.sentences[1].text) is None
    assert reader.ordinal("the second Summit of the Council was held") == 2


def test_the_headlines_round_told_again_by_the_text_is_one_round():
    specs = extraction.extract(
        text="State visit of President Emmanuel Macron to India, 20 to 23 June 2022\n\n"
        "President Emmanuel Macron of France will pay a state visit to India from 20 to 23 June "
        "2022 at the invitation of President Ram Nath Kovind.",
        published=PUBLISHED,
        home="FR",
        lexicon=countries_only(),
    )
    assert len([spec for spec in specs if spec.type == "round"]) == 1


def test_a_round_in_this_format_is_of_the_format_not_of_a_leaders_meeting_told_since():
    found = rounds(
        "Today in New Delhi Foreign Minister Penny Wong and Defence Minister Richard Marles of "
        "Australia met their Indian counterparts for the second India-Australia 2+2 Ministerial "
        "Dialogue. It builds on the visit of Prime Minister Anthony Albanese to Ahmedabad on 8 "
        "March, when he and Prime Minister Narendra Modi held talks.\n\n"
        "The first meeting in this format took place in New Delhi on 11 September 2021.",
        home="AU",
        published=datetime.date(2023, 11, 20),
    )
    (first,) = [r for r in found if r["start_date"] == "2021-09-11"]
    assert first["mechanism"]["kind"] == "two_plus_two"


def test_a_groupings_own_summits_told_by_its_and_by_its_name_are_of_that_grouping():
    found = rounds(
        "The Speaker of the Parliament of India, Om Birla, opened on 17 June the first "
        "Parliamentary Forum of the Global Water Alliance in New Delhi.\n\n"
        "The Global Water Alliance was founded at its inaugural summit in Lima on 3 May 2019. "
        "The Alliance's second summit was held in Nairobi on 9 May 2021.",
        home="IN",
    )
    summits = sorted(
        (r["start_date"], r["mechanism"]["name"], r["mechanism"]["kind"])
        for r in found
        if r["start_date"] < "2022"
    )
    assert summits == [
        ("2019-05-03", "Global Water Alliance summit", "summit"),
        ("2021-05-09", "Global Water Alliance summit", "summit"),
    ]


def test_a_minister_in_a_city_from_a_day_for_a_conference_is_no_visit_of_the_pair():
    found = rounds(
        "Secretary of State Antony J. Blinken met today with Foreign Minister Wang Yi of China "
        "on the margins of the Paris Peace Forum.\n\n"
        "The Secretary is in Paris from November 10 for the Forum, which closes on November 12.",
        home="US",
        published=datetime.date(2022, 11, 11),
    )
    assert [r for r in found if r["mechanism"]["kind"] == "visits"] == []


def test_a_themed_year_named_with_its_year_after_is_a_round_over_that_year():
    found = rounds(
        "The Japan-Brazil Year of Friendship 2015 closed with a concert of both orchestras.",
        home="JP",
        published=datetime.date(2015, 12, 20),
    )
    assert [(r["mechanism"]["name"], r["start_date"], r["end_date"]) for r in found] == [
        ("Japan–Brazil Year of Friendship", "2015-01-01", "2015-12-31")
    ]


def test_the_day_a_leader_took_office_is_not_a_visit():
    found = rounds(
        "President of the Republic of Chile, H.E. Mr. Tomás Aguirre, will pay a State Visit to "
        "India on 25-26 January 2025. This will be President Aguirre's first visit to India "
        "since he took office in October 2024.",
        published=datetime.date(2025, 1, 20),
    )
    assert [span(round_)[0] for round_ in found if round_["start_date"] < "2025"] == []
