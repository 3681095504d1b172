"""Date phrases of releases, resolved against the publication date."""

import datetime

import pytest

from dialogue.date_phrases import ResolvedDate, resolve_date_phrase

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
