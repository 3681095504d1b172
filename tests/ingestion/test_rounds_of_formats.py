"""Issue 21 §2–3: which rounds a release tells and to which mechanism each belongs — state
visits, summits named in capitals, rounds of the format in focus told by a later sentence, one
round told twice in a sentence."""

from tests.ingestion.test_events import rounds


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
