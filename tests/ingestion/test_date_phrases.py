"""Date phrases of releases, resolved against the publication date."""

import datetime

import pytest

from dialogue.date_phrases import ResolvedDate, find_date_phrases, resolve_date_phrase

D = datetime.date
PUBLISHED = D(2018, 7, 30)


@pytest.mark.parametrize(
    ("phrase", "against", "expected"),
    [
        ("On May 30", D(2019, 5, 29), (D(2019, 5, 30), D(2019, 5, 30), "day")),
        ("in July of last year", PUBLISHED, (D(2017, 7, 1), D(2017, 7, 31), "month")),
        ("June 28–29", PUBLISHED, (D(2018, 6, 28), D(2018, 6, 29), "day")),
        ("earlier this year", PUBLISHED, (D(2018, 1, 1), D(2018, 12, 31), "year")),
        ("In April of this year", PUBLISHED, (D(2018, 4, 1), D(2018, 4, 30), "month")),
        ("On July 30–August 1", PUBLISHED, (D(2018, 7, 30), D(2018, 8, 1), "day")),
        ("on April 26-28 of this year", PUBLISHED, (D(2018, 4, 26), D(2018, 4, 28), "day")),
        ("July 31 of this year", PUBLISHED, (D(2018, 7, 31), D(2018, 7, 31), "day")),
        ("28-29 June 2019", PUBLISHED, (D(2019, 6, 28), D(2019, 6, 29), "day")),
        ("30 July – 1 August", PUBLISHED, (D(2018, 7, 30), D(2018, 8, 1), "day")),
        ("in November 2013", PUBLISHED, (D(2013, 11, 1), D(2013, 11, 30), "month")),
        ("in 2013", PUBLISHED, (D(2013, 1, 1), D(2013, 12, 31), "year")),
        ("next year", PUBLISHED, (D(2019, 1, 1), D(2019, 12, 31), "year")),
        # No year: the one nearest the publication date.
        ("December 28", D(2019, 1, 5), (D(2018, 12, 28), D(2018, 12, 28), "day")),
        ("in January", D(2018, 12, 20), (D(2019, 1, 1), D(2019, 1, 31), "month")),
        ("December 30 – January 2", D(2018, 12, 1), (D(2018, 12, 30), D(2019, 1, 2), "day")),
    ],
)
def test_phrases_resolve_against_the_publication_date(phrase, against, expected):
    assert resolve_date_phrase(phrase, against) == ResolvedDate(*expected)


@pytest.mark.parametrize("phrase", ["", "the meeting", "February 30", "May 31–2", "in Smarch"])
def test_what_names_no_date_resolves_to_nothing(phrase):
    assert resolve_date_phrase(phrase, PUBLISHED) is None


def test_a_relative_phrase_needs_a_publication_date():
    assert resolve_date_phrase("On May 30", None) is None
    assert resolve_date_phrase("On May 30, 2019", None) == ResolvedDate(
        D(2019, 5, 30), D(2019, 5, 30), "day"
    )


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # Seasons and parts of a month or a year: spans the day falls within (issue 21 §2).
        ("in the autumn of 2022", (D(2022, 9, 1), D(2022, 11, 30))),
        ("in the spring", (D(2018, 3, 1), D(2018, 5, 31))),
        ("next spring", (D(2019, 3, 1), D(2019, 5, 31))),
        ("in winter 2021", (D(2021, 12, 1), D(2022, 2, 28))),
        ("late summer", (D(2018, 8, 1), D(2018, 8, 31))),
        ("late October", (D(2018, 10, 21), D(2018, 10, 31))),
        ("in mid-March 2021", (D(2021, 3, 11), D(2021, 3, 20))),
        ("at the end of October", (D(2018, 10, 21), D(2018, 10, 31))),
        ("early next year", (D(2019, 1, 1), D(2019, 4, 30))),
        ("in early 2023", (D(2023, 1, 1), D(2023, 4, 30))),
        ("in the first half of the year", (D(2018, 1, 1), D(2018, 6, 30))),
        ("in the second half of 2023", (D(2023, 7, 1), D(2023, 12, 31))),
        ("by the end of the year", (PUBLISHED, D(2018, 12, 31))),
    ],
)
def test_seasons_and_parts_of_periods_are_spans_of_precision_within(phrase, expected):
    (found,) = find_date_phrases(f"They will meet {phrase}.", PUBLISHED)
    assert found.phrase.rstrip(".") == phrase
    assert found.resolved == ResolvedDate(*expected, "within")
    assert resolve_date_phrase(phrase, PUBLISHED) == found.resolved


@pytest.mark.parametrize(
    "sentence",
    ["the Winter Olympics opened", "the Arab Spring ended", "prices fall in Moscow"],
)
def test_a_season_word_in_a_name_or_a_verb_is_no_date(sentence):
    assert find_date_phrases(sentence, PUBLISHED) == []


def test_a_list_of_dates_is_dates_and_between_is_a_span():
    listed = find_date_phrases("They met on 3 February and 17 September.", PUBLISHED)
    assert [(f.resolved.start, f.resolved.end) for f in listed] == [
        (D(2018, 2, 3), D(2018, 2, 3)),
        (D(2018, 9, 17), D(2018, 9, 17)),
    ]
    (span,) = find_date_phrases("between 3 February and 17 March", PUBLISHED)
    assert (span.resolved.start, span.resolved.end) == (D(2018, 2, 3), D(2018, 3, 17))


def test_a_weekday_with_a_date_is_part_of_the_phrase_and_picks_the_year():
    (found,) = find_date_phrases("On Tuesday, 9 April, they met.", D(2024, 11, 1))
    assert found.phrase == "On Tuesday, 9 April" and found.start == 0
    # 9 April is a Tuesday in 2024 (nearest the publication date) …
    assert found.resolved == ResolvedDate(D(2024, 4, 9), D(2024, 4, 9), "day")
    # … and 18 June a Sunday in 2023, not in 2024.
    assert resolve_date_phrase("On Sunday, June 18", D(2024, 11, 1)).start == D(2023, 6, 18)
