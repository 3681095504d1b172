"""No input costs more than its size: every check that reads what a client sends is linear in it.

An adversarial review found the request-body check (`"\\` repeated: 80 KB cost 20 s, 700 KB
killed the worker) and ingestion's reader (one 99,000-character sentence: 421 s) growing with the
square of their input. Each check here is timed at three sizes, ten times apart: linear code
takes about 100 times as long on the largest as on the smallest, quadratic code 10,000 times.
The bound below leaves a tenfold margin for a busy machine, and each size keeps its fastest run.
"""

import contextlib
import datetime
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from dialogue import gazetteer
from dialogue.date_phrases import find_date_phrases, resolve_date_phrase
from dialogue.edtf import parse_edtf
from dialogue.ingestion.extract import ExtractionRefused, extract
from dialogue.ingestion.lexicon import Lexicon, country_names
from dialogue.middleware.request_limits import json_too_deep
from dialogue.models.base import normalise_whitespace
from dialogue.provenance import text_sentences
from tests.conftest import problem

SIZES = (500, 5_000, 50_000)
LINEAR_BOUND = 1_000  # the largest input's time over the smallest's; linear is about 100

# What the red team sent, and the shapes that make a backtracking pattern rescan its input.
RED_TEAM_BODIES = {
    "quote-backslash": b'"\\',
    "open-brackets": b"[",
    "open-objects": b'{"a":',
    "quotes": b'"',
    "backslashes": b"\\",
    "escaped-quotes-in-a-string": b'["\\"]',
}


def fastest(work: Callable[[], object], runs: int = 3) -> float:
    """The least time `work` took over `runs` runs: other work on the machine only adds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def repeated(unit: str | bytes, size: int):
    return (unit * (size // len(unit) + 1))[:size]


def growth(check: Callable[[object], object], unit: str | bytes, sizes=SIZES) -> list[float]:
    def run(text) -> None:
        # Refusing the input is an answer too; its cost is what is measured.
        with contextlib.suppress(ValueError, ValidationError, ExtractionRefused):
            check(text)

    times = []
    for size in sizes:
        text = repeated(unit, size)
        times.append(fastest(lambda text=text: run(text)))
    return times


def assert_linear(times: list[float]) -> None:
    smallest = max(times[0], 1e-5)  # below a timer's resolution the ratio means nothing
    assert times[-1] / smallest < LINEAR_BOUND, [f"{t:.5f} s" for t in times]


@pytest.mark.parametrize("unit", RED_TEAM_BODIES.values(), ids=RED_TEAM_BODIES.keys())
def test_the_json_depth_check_is_linear(unit):
    times = growth(json_too_deep, unit, sizes=(10_000, 100_000, 1_000_000))

    assert_linear(times)
    assert times[-1] < 1


@pytest.mark.django_db
@pytest.mark.parametrize("unit", RED_TEAM_BODIES.values(), ids=RED_TEAM_BODIES.keys())
def test_a_red_team_body_of_a_megabyte_is_answered_within_a_second(analyst_client, unit):
    body = repeated(unit, 1_000_000)

    started = time.perf_counter()
    response = analyst_client.post("/api/v1/rounds/", body, content_type="application/json")
    elapsed = time.perf_counter() - started

    assert response.status_code == 400
    assert problem(response)["detail"]
    assert elapsed < 1


TEXT_CHECKS: dict[str, Callable[[str], object]] = {
    "date phrase": lambda text: resolve_date_phrase(text, datetime.date(2018, 7, 30)),
    "dates in a sentence": lambda text: find_date_phrases(text, datetime.date(2018, 7, 30)),
    "EDTF date": parse_edtf,
    "gazetteer name": gazetteer.fold,
    "whitespace": normalise_whitespace,
    "source sentences": text_sentences,
}
TEXT_UNITS = ["in ", "12 ", "March ", "1", " ", "A. ", "\n \n", "2018-", "early ", "of 2018, "]


@pytest.mark.parametrize("unit", TEXT_UNITS)
@pytest.mark.parametrize("check", TEXT_CHECKS.values(), ids=TEXT_CHECKS.keys())
def test_text_checks_are_linear(check, unit):
    assert_linear(growth(check, unit))


RELEASE_UNITS = {
    "one long sentence": "the Russian and Japanese foreign ministers met in Tokyo on 12 March "
    "2018 and discussed the Intergovernmental Commission on Trade, Economic and Cultural "
    "Cooperation and ",
    "many sentences": "The Russian and Japanese foreign ministers met in Tokyo on 12 March 2018. ",
    "titles and names": "the Foreign Minister Sergey Lavrov and Defence Minister Sergey Shoigu, ",
    "capitalised words": "the Aaa Bbb Ccc Ddd of ",
    "paragraphs": "the and of\n\n",
    "numbers": "the 12 of ",
}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    gazetteer.lookup("Tokyo")  # loaded once, as a worker does; its cost is not the text's
    return Lexicon(country_names=country_names())


@pytest.mark.parametrize("unit", RELEASE_UNITS.values(), ids=RELEASE_UNITS.keys())
def test_reading_a_release_is_linear_in_its_length(lexicon, unit):
    def read(text: str) -> object:
        return extract(text=text, published=datetime.date(2018, 7, 30), home="RU", lexicon=lexicon)

    times = growth(read, unit, sizes=(1_000, 10_000, 100_000))

    assert_linear(times)
    assert times[-1] < 10  # the longest text ingestion accepts, within the request deadline
