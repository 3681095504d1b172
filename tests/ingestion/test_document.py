"""Issue 21 §1–2: a release read as a document. A mechanism keeps its full official name, and
a later "the Commission", "its next meeting" or "its first round" is that mechanism; an event
of no mechanism the text names is no draft."""

from .test_events import rounds

COMMISSION = (
    "Intergovernmental Commission on Trade, Economic, Scientific, Technical and Cultural "
    "Cooperation"
)


def test_a_mechanisms_full_name_runs_through_its_commas_and_the_commission_is_that_one():
    found = rounds(
        "Foreign Minister Sergey Lavrov held talks with External Affairs Minister Subrahmanyam "
        f"Jaishankar of India in Moscow on 8 September and co-chaired the meeting of the "
        f"{COMMISSION}. The Commission will hold its next meeting in New Delhi in December."
    )
    assert [r["mechanism"]["name"] for r in found] == [COMMISSION, COMMISSION]
    assert [r["start_date"] for r in found] == ["2019-09-08", "2019-12-01"]
    assert found[1]["city"] == "New Delhi" and found[1]["status"] == "scheduled"


def test_its_first_round_is_of_the_dialogue_named_before_and_a_semicolon_keeps_dates_apart():
    found = rounds(
        "Secretary of State John Kerry co-chaired the eighth round of the U.S.-China Strategic "
        "and Economic Dialogue in Beijing on June 6-7, 2016.\n\n"
        "The Dialogue was launched by Presidents Obama and Hu Jintao in 2009; its first round "
        "was held in Washington on July 27-28, 2009.",
        home="US",
    )
    assert len({r["mechanism"]["name"] for r in found}) == 1
    assert found[0]["mechanism"]["name"].endswith("Strategic and Economic Dialogue")
    assert [(r["number"], r["start_date"], r["end_date"]) for r in found] == [
        (8, "2016-06-06", "2016-06-07"),
        (1, "2009-07-27", "2009-07-28"),
    ]


def test_a_reference_back_to_another_kind_of_body_is_not_the_body_in_focus():
    found = rounds(
        f"The {COMMISSION} met in Moscow on 8 September. The Council will meet in Delhi on "
        "10 October."
    )
    assert [r["mechanism"]["name"] for r in found] == [COMMISSION]


def test_an_event_of_no_mechanism_the_text_names_is_no_draft_not_an_x_meeting():
    assert rounds("On 3 September, a session was held in Moscow with partners from India.") == []


def test_a_list_of_dates_is_one_round_on_each_and_a_season_a_span_within():
    found = rounds(
        "Foreign Minister Sergey Lavrov met Foreign Minister Hakan Fidan of Turkey in Moscow on "
        "3 February and 17 June. The next such meeting will be held in Ankara in the autumn.",
        home="RU",
    )
    assert [(r["start_date"], r["end_date"], r["date_precision"]) for r in found] == [
        ("2019-02-03", "2019-02-03", "day"),
        ("2019-06-17", "2019-06-17", "day"),
        ("2019-09-01", "2019-11-30", "within"),
    ]
    assert len({r["mechanism"]["name"] for r in found}) == 1
    assert [p["name"] for p in found[1]["participants"]] == ["Sergey Lavrov", "Hakan Fidan"]


def test_countries_abbreviated_are_countries_and_leave_a_bodys_name():
    (round_,) = rounds(
        "The U.S.-PRC Joint Commission on Commerce and Trade met in Beijing on 3 September. "
        "The DPRK was not discussed.",
        home="US",
    )
    assert round_["mechanism"]["countries"] == ["CN", "US"]
    assert round_["mechanism"]["name"] == "Joint Commission on Commerce and Trade"


def test_a_format_of_three_countries_is_its_own_mechanism_with_every_side():
    (round_,) = rounds(
        "On 5 March, the foreign ministers of the India-Brazil-South Africa (IBSA) group met in "
        "Brasilia. Foreign Minister Mauro Vieira represented Brazil and U.S. Secretary of State "
        "Antony Blinken was briefed.",
        home="IN",
    )
    # "the … group" names the format; its countries are its own, not the release's pair.
    assert round_["mechanism"]["name"] == "India-Brazil-South Africa (IBSA) meetings"
    assert round_["mechanism"]["countries"] == ["BR", "IN", "ZA"]


def test_a_summit_named_in_capitals_in_a_release_of_many_countries_is_a_format():
    (round_,) = rounds(
        "On 12 May, the Third Central Asia Summit was held in Astana under the chairmanship of "
        "the President of Kazakhstan Kassym-Jomart Tokayev. Taking part were the President of "
        "Uzbekistan Shavkat Mirziyoyev and the President of Tajikistan Emomali Rahmon.",
        home="KZ",
    )
    assert round_["mechanism"]["name"] == "Central Asia Summit"
    assert round_["mechanism"]["kind"] == "summit" and round_["number"] == 3
    assert round_["mechanism"]["countries"] == ["KZ", "TJ", "UZ"]
    assert [(p["name"], p["country"]) for p in round_["participants"]] == [
        ("Kassym-Jomart Tokayev", "KZ"),
        ("Shavkat Mirziyoyev", "UZ"),
        ("Emomali Rahmon", "TJ"),
    ]


def test_a_trilateral_summit_today_is_of_the_three_countries_and_a_venue_summit_is_not_it():
    found = rounds(
        "Today, Prime Minister Narendra Modi welcomed President Lula da Silva of Brazil and "
        "President Cyril Ramaphosa of South Africa to New Delhi for a trilateral summit. The "
        "three leaders last met on 10 November on the sidelines of the G20 Summit in Bali.",
        home="IN",
    )
    assert [(r["start_date"], r["mechanism"]["name"]) for r in found] == [
        ("2019-09-10", "Brazil–India–South Africa trilateral leaders' summit"),
        ("2018-11-10", "Brazil–India–South Africa trilateral leaders' summit"),
    ]
    assert found[0]["mechanism"]["countries"] == ["BR", "IN", "ZA"]
    # "of Brazil" ends Lula's name; it is not Ramaphosa's side.
    assert [(p["name"], p["country"]) for p in found[0]["participants"]] == [
        ("Narendra Modi", "IN"),
        ("Lula da Silva", "BR"),
        ("Cyril Ramaphosa", "ZA"),
    ]


def test_a_leader_inaugurating_something_at_home_is_no_round():
    assert (
        rounds("Prime Minister Narendra Modi today inaugurated a new terminal in Mumbai.", "IN")
        == []
    )


def test_the_following_day_and_later_that_day_carry_the_day_told_before():
    found = rounds(
        "On 3 September, Foreign Minister Sergey Lavrov held talks with Foreign Minister Hakan "
        f"Fidan of Turkey in Moscow. The following day, the {COMMISSION} met in Moscow. Later "
        "that day, President Vladimir Putin received President Recep Tayyip Erdogan of Turkey "
        "in Sochi.",
        home="RU",
    )
    assert [(r["start_date"], r["city"]) for r in found] == [
        ("2019-09-03", "Moscow"),
        ("2019-09-04", "Moscow"),
        ("2019-09-04", "Sochi"),
    ]
    carried = found[1]["citations"][0]
    assert carried["date_phrase"] == "The following day" and carried["basis"] == "inferred"


def test_with_one_country_known_no_mechanism_of_the_pair_is_made_up():
    assert (
        rounds("On 3 September, President Xi Jinping met the visiting Secretary in Beijing.", "CN")
        == []
    )
