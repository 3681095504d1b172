"""Reviewed ingestion, issue 12 item 4: names of three words or more, with middle names,
patronymics and particles, are read whole; counterparts named together are of the two sides."""

import datetime

import django
import pytest

from dialogue.ingestion import extract as extraction
from dialogue.ingestion.lexicon import countries_only

assert django  # the extraction's models are loaded by pytest-django's settings


@pytest.mark.parametrize(
    ("text", "role", "name"),
    [
        ("Defence Minister Nirmala Sitharaman", "Defence Minister", "Nirmala Sitharaman"),
        ("Prime Minister Shinzo Abe paid", "Prime Minister", "Shinzo Abe"),
        (
            "Foreign Minister Sergey Viktorovich Lavrov met",
            "Foreign Minister",
            "Sergey Viktorovich Lavrov",
        ),
        ("President Recep Tayyip Erdogan will", "President", "Recep Tayyip Erdogan"),
        ("General Secretary Nguyen Phu Trong of", "General Secretary", "Nguyen Phu Trong"),
        (
            "President Luiz Inácio Lula da Silva of Brazil",
            "President",
            "Luiz Inácio Lula da Silva",
        ),
        (
            "President of the European Commission Ursula von der Leyen",
            "President of the European Commission",
            "Ursula von der Leyen",
        ),
        ("Crown Prince Mohammed bin Salman", "Crown Prince", "Mohammed bin Salman"),
        ("Foreign Minister Jean-Yves Le Drian", "Foreign Minister", "Jean-Yves Le Drian"),
        ("Foreign Minister Mevlüt Çavuşoğlu", "Foreign Minister", "Mevlüt Çavuşoğlu"),
        ("Ambassador John F. Tefft", "Ambassador", "John F. Tefft"),
    ],
)
def test_a_title_and_the_whole_name(text, role, name):
    (match,) = extraction.PERSON.finditer(text)
    assert (match["role"], match["name"]) == (role, name)


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Abe’s Plan of Cooperation in eight sectors",  # a possessive
        "President of the Liberal Democratic Party",
        # A level of a meeting after a rank is no name.
        "the third round of the Army Commander Level Meeting on the frontier",
    ],
)
def test_what_is_not_a_name(text):
    assert list(extraction.PERSON.finditer(text)) == []


def participants(text: str, home: str, published: datetime.date) -> list[tuple]:
    specs = extraction.extract(
        text="Comment\n\n" + text, published=published, home=home, lexicon=countries_only()
    )
    rounds = [spec for spec in specs if spec.type == "round"]
    return [
        (p["name"], p["country"], p["role"]) for spec in rounds for p in spec.fields["participants"]
    ]


def test_three_word_names_and_particles_are_participants_with_their_roles():
    found = participants(
        "On April 17, Foreign Minister Sergey Lavrov held talks in Brasilia with President Luiz "
        "Inácio Lula da Silva of Brazil and Foreign Minister Mauro Vieira.",
        "RU",
        datetime.date(2023, 4, 18),
    )
    assert found == [
        ("Sergey Lavrov", "RU", "Foreign Minister"),
        ("Luiz Inácio Lula da Silva", "BR", "President"),
        ("Mauro Vieira", "BR", "Foreign Minister"),
    ]


def test_counterparts_named_together_are_of_the_two_sides():
    found = participants(
        "On April 3, President Vladimir Putin and President Recep Tayyip Erdogan of Turkey "
        "held talks. On April 4, President Vladimir Putin and President Recep Tayyip Erdogan "
        "will co-chair the seventh meeting of the High-Level Cooperation Council.",
        "RU",
        datetime.date(2018, 4, 2),
    )
    assert ("Recep Tayyip Erdogan", "TR", "President") in found
    assert ("Vladimir Putin", "RU", "President") in found
    # Without a word of either's side: the first named is the publisher's.
    found = participants(
        "On October 29, the annual summit meeting between Prime Minister Shinzo Abe and Prime "
        "Minister Narendra Modi of India was held. Japan and India agreed to meet again.",
        "JP",
        datetime.date(2018, 11, 1),
    )
    assert {(name, side) for name, side, _ in found} == {
        ("Shinzo Abe", "JP"),
        ("Narendra Modi", "IN"),
    }


def test_whom_a_leader_receives_in_their_capital_is_the_visitor():
    found = participants(
        "On December 6, Prime Minister Narendra Modi received President Vladimir Putin in New "
        "Delhi for the annual summit of India and Russia.",
        "IN",
        datetime.date(2021, 12, 7),
    )
    assert {(name, side) for name, side, _ in found} == {
        ("Narendra Modi", "IN"),
        ("Vladimir Putin", "RU"),
    }


def test_a_registry_person_is_found_through_a_transliteration_of_their_name(db):
    from dialogue.ingestion.lexicon import KnownPerson

    lexicon = countries_only()
    lexicon.people.append(KnownPerson(7, "Sergey Lavrov", "RU", ["Sergey Lavrov"]))
    lexicon.people.append(KnownPerson(8, "Sergei Shoigu", "RU", ["Sergei Shoigu"]))
    specs = extraction.extract(
        text="Comment\n\nOn 5 October, Foreign Minister Sergei Lavrov and Defence Minister "
        "Sergey Shoygu held talks with External Affairs Minister Subrahmanyam Jaishankar of "
        "India in New Delhi.",
        published=datetime.date(2021, 10, 6),
        home="IN",
        lexicon=lexicon,
    )
    assert [spec.fields["name"] for spec in specs if spec.type == "person"] == [
        "Subrahmanyam Jaishankar"
    ]
    (round_,) = [spec for spec in specs if spec.type == "round"]
    assert [(p["person"], p["country"]) for p in round_.fields["participants"]][:2] == [
        (7, "RU"),
        (8, "RU"),
    ]


@pytest.mark.parametrize(
    ("text", "role", "name"),
    [
        (
            "Under Secretary of State for Political Affairs Victoria Nuland met",
            "Under Secretary of State for Political Affairs",
            "Victoria Nuland",
        ),
        ("Vice Premier He Lifeng met", "Vice Premier", "He Lifeng"),
        ("State Councilor Wang Yi met", "State Councilor", "Wang Yi"),
        (
            "External Affairs Minister Dr Subrahmanyam Jaishankar met",
            None,
            "Subrahmanyam Jaishankar",
        ),
        (
            "Deputy Director General of the Office of Treaty and Legal Affairs of the Ministry "
            "of Foreign Affairs Maria Novak spoke",
            "Deputy Director General of the Office of Treaty and Legal Affairs of the Ministry "
            "of Foreign Affairs",
            "Maria Novak",
        ),
        (
            "Additional Secretary of the South Asia Division Tomas Berg spoke",
            "Additional Secretary of the South Asia Division",
            "Tomas Berg",
        ),
    ],
)
def test_long_titles_and_honorifics(text, role, name):
    (match,) = extraction.PERSON.finditer(text)
    assert match["name"] == name and (role is None or match["role"] == role)


def test_each_side_from_its_own_of_country_and_one_delegation_joined_by_and():
    found = participants(
        "On 2 May, President Joe Biden welcomed President Yoon Suk Yeol of the Republic of Korea "
        "and Prime Minister Fumio Kishida of Japan to a trilateral summit at Camp David.",
        "US",
        datetime.date(2023, 5, 3),
    )
    assert [(name, country) for name, country, _ in found] == [
        ("Joe Biden", "US"),
        ("Yoon Suk Yeol", "KR"),
        ("Fumio Kishida", "JP"),
    ]
    found = participants(
        "On 30 August, Minister Sushma Swaraj of India hosted U.S. Secretary of State John "
        "Kerry and Secretary of Commerce Penny Pritzker in New Delhi for the Strategic and "
        "Commercial Dialogue.",
        "IN",
        datetime.date(2016, 8, 31),
    )
    assert [(name, country) for name, country, _ in found] == [
        ("Sushma Swaraj", "IN"),
        ("John Kerry", "US"),
        ("Penny Pritzker", "US"),
    ]
