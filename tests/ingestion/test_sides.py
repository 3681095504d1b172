"""Whose side people are on, as the prose around their names says it (`ingestion.sides`), read
alone and through the reader: lists of an office's holders with their countries, offices in
the plural, a country represented by someone, the publisher's own officials written without
a country, a counterpart named by nationality alone."""

import datetime

import django
import pytest

from dialogue.ingestion import extract as extraction
from dialogue.ingestion import sides
from dialogue.ingestion.lexicon import KnownPerson, countries_only

assert django  # the extraction's models are loaded by pytest-django's settings

LEXICON = countries_only()
COUNTRY_RE = LEXICON.country_pattern()


def reader(text: str, home: str) -> extraction.Reader:
    found = extraction.Reader(
        text="Comment\n\n" + text,
        published=datetime.date(2024, 3, 1),
        home=home,
        source_id=None,
        lexicon=LEXICON,
    )
    found.find_people()
    return found


def people(text: str, home: str) -> dict[str, str | None]:
    return {name: person["country"] for name, person in reader(text, home).people.items()}


def participants(text: str, home: str) -> dict[str, list[tuple[str, str]]]:
    """Each round's participants (name, side), by the round's start date."""
    specs = extraction.extract(
        text="Comment\n\n" + text,
        published=datetime.date(2024, 3, 1),
        home=home,
        lexicon=LEXICON,
    )
    return {
        spec.fields["start_date"]: [(p["name"], p["country"]) for p in spec.fields["participants"]]
        for spec in specs
        if spec.type == "round"
    }


def listed(text: str) -> list[tuple[str, str, str]]:
    return [
        (found.name, found.country, found.role)
        for found in sides.listed_with_countries(text, COUNTRY_RE, LEXICON.country_names)
    ]


def test_an_office_s_holders_listed_after_their_countries_in_the_same_order():
    text = (
        "The talks brought together the foreign ministers of Peru, Chile and Ecuador — Rosa "
        "Quispe, Diego Fuentes and Marta Andrade — in Lima."
    )
    assert listed(text) == [
        ("Rosa Quispe", "PE", "Foreign Minister"),
        ("Diego Fuentes", "CL", "Foreign Minister"),
        ("Marta Andrade", "EC", "Foreign Minister"),
    ]


def test_an_office_s_holders_each_after_their_country_apart_by_semicolons():
    text = (
        "Expected are the Presidents of Paraguay, Tomás Giménez; Uruguay, Elena Suárez; and "
        "Bolivia, Jorge Mamani."
    )
    assert listed(text) == [
        ("Tomás Giménez", "PY", "President"),
        ("Elena Suárez", "UY", "President"),
        ("Jorge Mamani", "BO", "President"),
    ]


def test_a_list_of_countries_and_names_of_different_lengths_gives_no_side():
    text = "The heads of government of Peru, Chile and Ecuador — Rosa Quispe and Diego Fuentes."
    assert listed(text) == []


def test_the_reader_gives_the_listed_holders_their_countries():
    text = (
        "On 4 March 2024, Prime Minister Jan Nowicki hosted the heads of government of "
        "Czechia, Slovakia and Hungary — Petr Dvorak, Juraj Kovac and Gabor Szabo — in Poznan."
    )
    found = people(text, "PL")
    assert (found["Petr Dvorak"], found["Juraj Kovac"], found["Gabor Szabo"]) == (
        "CZ",
        "SK",
        "HU",
    )


def test_names_under_an_office_in_the_plural_each_hold_it():
    text = "Prime Ministers Helen Carver and Ravi Menon agreed on a new partnership."
    assert [(name, role) for name, role, _, _ in sides.plural_titled(text)] == [
        ("Helen Carver", "Prime Minister"),
        ("Ravi Menon", "Prime Minister"),
    ]


def test_surnames_under_an_office_in_the_plural_are_the_people_named_in_full():
    text = (
        "On 4 March 2024, President Ilmar Tamm of Estonia welcomed President Rasa Vaitkute of "
        "Lithuania in Tallinn. Presidents Tamm and Vaitkute were joined by the Finnish "
        "President Olli Rantanen."
    )
    forms = reader(text, "EE").forms
    assert (forms["Tamm"], forms["Vaitkute"]) == ("Ilmar Tamm", "Rasa Vaitkute")


@pytest.mark.parametrize(
    "text",
    [
        "Portugal will be represented by the Minister of State, Carla Moura.",
        # What is said of the country in passing does not part it from its representative.
        "Portugal, which joined the group as an observer, was represented by Carla Moura.",
    ],
)
def test_the_country_a_person_represents(text):
    at = text.index("Carla") if "Minister" not in text else text.index("the Minister")
    assert sides.represented_by(text, at, COUNTRY_RE, LEXICON.country_names) == "PT"


def test_who_represents_a_country_in_a_meeting_of_many_is_of_that_country():
    text = (
        "On 4 March 2024, President Aibek Sadykov of Kyrgyzstan welcomed President Timur "
        "Nazarov of Tajikistan and President Ilkhom Karimov of Uzbekistan. Turkmenistan, which "
        "attends the format as a guest, was represented by President Begench Atayev."
    )
    assert people(text, "KG")["Begench Atayev"] == "TM"


def test_a_possessive_governs_the_list_of_titles_and_names_after_it():
    text = (
        "The Minister for Trade, the Hon Clara Dunmore MP, met Chile's Minister of Finance, "
        "Dr Tomás Ibarra, and Minister of Energy, Mr Rafael Soto, in Santiago on 4 March 2024 "
        "for the New Zealand–Chile economic dialogue."
    )
    found = people(text, "CL")
    assert (found["Tomás Ibarra"], found["Rafael Soto"]) == ("CL", "CL")


def test_a_title_after_a_name_and_a_possessive_is_the_name_s_not_the_next_name_s():
    text = (
        "The ministers of the three countries, Tomás Ibarra, then Chile's Minister of Finance, "
        "Rafael Soto and Ana Ruiz, met in Lima on 4 March 2024."
    )
    assert "Rafael Soto" not in {found.name for found in reader(text, "PE").names_in(text)}


def test_the_publisher_s_own_officials_are_those_written_without_a_country():
    # Published in the other country's time zone: the voice, not the clock, says whose it is.
    text = (
        "The Minister for Trade, the Hon Clara Dunmore MP, met Chile's Minister of Finance, "
        "Dr Tomás Ibarra, in Santiago on 4 March 2024 for the New Zealand–Chile economic "
        "dialogue. Prime Ministers Helen Carver and Diego Fuentes will meet in Auckland later "
        "this year, when Mr Fuentes visits New Zealand."
    )
    found = people(text, "CL")
    assert (found["Clara Dunmore"], found["Tomás Ibarra"]) == ("NZ", "CL")
    assert (found["Helen Carver"], found["Diego Fuentes"]) == ("NZ", "CL")


def test_the_publisher_is_not_read_from_a_title_of_no_one_named():
    text = (
        "The visit of the President of Chile to Peru was prepared by Foreign Minister Diego "
        "Fuentes, who had held talks with Foreign Minister Rosa Quispe."
    )
    assert people(text, "CL") == {"Diego Fuentes": "CL", "Rosa Quispe": "PE"}


def test_the_publisher_s_voice_is_read_only_from_a_meeting_of_its_two_sides():
    meetings = [([None, None], ["IN", "IN"])]
    assert sides.publisher_by_voice(meetings, ["IN", "AU"]) == "AU"
    # Both sides given a country, or one of them given two: the voice says nothing.
    assert sides.publisher_by_voice([([None], ["IN", "AU"])], ["IN", "AU"]) is None
    assert sides.publisher_by_voice([(["AU"], ["IN"])], ["IN", "AU"]) is None


@pytest.mark.parametrize(
    ("role", "other", "same"),
    [
        ("Deputy Prime Minister and Minister for Defence", "Defence Minister", True),
        ("External Affairs Minister", "Minister for Foreign Affairs", True),
        ("Secretary of State", "Foreign Minister", True),
        ("Deputy Prime Minister", "Prime Minister", False),
        ("Minister of Finance", "Minister of Energy", False),
    ],
)
def test_two_roles_share_an_office_however_each_country_names_it(role, other, same):
    assert sides.same_office(role, other) is same


def test_a_counterpart_of_a_nationality_is_the_holder_of_the_same_office():
    text = (
        "The Minister for Defence, the Hon Paul Reeve MP, met Chile's Minister of Defence, "
        "Dr Ana Ruiz, and Minister of Finance, Mr Rafael Soto, in Santiago on 4 March 2024 for "
        "New Zealand–Chile defence talks. Mr Reeve first met his Chilean counterpart in "
        "Wellington in May 2022."
    )
    found = participants(text, "CL")
    assert ("Ana Ruiz", "CL") in found["2022-05-01"]
    assert ("Rafael Soto", "CL") not in found["2022-05-01"]


def test_the_title_alone_is_the_holder_now_not_a_former_one():
    text = (
        "Secretary of State Mary Lowell met the Foreign Minister of Peru, Rosa Quispe, in Lima "
        "on 4 March 2024. The format was founded by then-Secretary John Hale in 2015. The "
        "Secretary will travel on to Quito."
    )
    assert reader(text, "US").forms["The Secretary"] == "Mary Lowell"


def test_who_joined_the_leaders_in_the_city_of_an_event_told_earlier_takes_part_in_it():
    text = (
        "The fifth summit of the Amber Road Initiative was hosted by President Rasa Vaitkute "
        "in Vilnius on 4 March 2024.\n\n"
        "The initiative was launched at a summit in Riga on 2 May 2019. The third summit, in "
        "Tallinn in June 2021, drew attention.\n\n"
        "In Vilnius, President Vaitkute was joined by Latvian President Janis Ozols and "
        "Estonian President Ilmar Tamm."
    )
    found = set(participants(text, "LT")["2024-03-04"])
    assert {("Janis Ozols", "LV"), ("Ilmar Tamm", "EE")} <= found


def test_the_confirmed_participants_named_after_an_event_take_part_in_it():
    text = (
        "President Jorge Lopes will host the leaders of the region in Lisbon on 4 March 2024 "
        "for the Atlantic Summit. The last such summit was held in 2015.\n\n"
        "Confirmed participants are the Presidents of Cabo Verde, Ulisses Neves; and Angola, "
        "João Lourenço Dias."
    )
    found = participants(text, "PT")["2024-03-04"]
    assert {("Ulisses Neves", "CV"), ("João Lourenço Dias", "AO")} <= set(found)


def test_who_speaks_on_a_day_of_an_event_of_several_days_takes_part_in_it():
    text = (
        "Minister for Trade Clara Dunmore will attend the Harbour Economic Forum, to be held in "
        "Auckland from 4 to 6 March 2024. Chilean President Diego Fuentes will deliver the "
        "keynote address on Monday, 4 March. On the following day, Minister Dunmore will attend "
        "the plenary, at which Peruvian Minister of Finance Rosa Quispe is expected to speak."
    )
    found = set(participants(text, "NZ")["2024-03-04"])
    assert {("Diego Fuentes", "CL"), ("Rosa Quispe", "PE")} <= found


def test_who_speaks_on_a_day_after_an_event_is_not_of_it():
    text = (
        "Minister for Trade Clara Dunmore will attend the Harbour Economic Forum, to be held in "
        "Auckland from 4 to 6 March 2024. On 9 March, Peruvian Minister of Finance Rosa Quispe "
        "is expected to speak in Wellington."
    )
    assert ("Rosa Quispe", "PE") not in participants(text, "NZ")["2024-03-04"]


def test_a_parliament_s_presiding_officer_named_with_another_s_is_of_the_other_side():
    text = (
        "The members of the Sejm and of the Lithuanian Seimas were welcomed in Warsaw on 4 March "
        "2024 by Sejm Speaker Adam Nowak and by the Speaker of the Parliament, Rasa Vaitkute."
    )
    assert people(text, "PL") == {"Adam Nowak": "PL", "Rasa Vaitkute": "LT"}


def test_the_head_of_state_of_a_nationality_is_its_president():
    text = (
        "President Aibek Sadykov of Kyrgyzstan welcomed President Timur Nazarov of Tajikistan "
        "in Bishkek on 4 March 2024. The Tajik head of state thanked his host."
    )
    assert reader(text, "KG").forms["The Tajik head of state"] == "Timur Nazarov"


def test_leaders_among_those_attending_take_part_in_the_event_the_release_leads_with():
    text = (
        "The 12th Coral Sea Leaders Meeting closed in Honiara on Friday, 1 March 2024, chaired "
        "by Prime Minister Peter Kalu of Solomon Islands.\n\n"
        "Leaders adopted a plan on fisheries. On Thursday, leaders travelled to Gizo for a "
        "retreat.\n\n"
        "Prime Minister Sione Vea of Tonga and Prime Minister Ana Lui of Samoa were among the "
        "leaders attending."
    )
    found = set(participants(text, "SB")["2024-03-01"])
    assert {("Sione Vea", "TO"), ("Ana Lui", "WS")} <= found


def test_a_surname_written_alone_is_the_one_person_named_in_full_by_it():
    text = (
        "President Aibek Sadykov of Kyrgyzstan welcomed President Timur Nazarov of Tajikistan "
        "at Brown Hall. Nazarov proposed a new railway; Sadykov agreed."
    )
    forms = sides.surnames_alone(
        ["Aibek Sadykov", "Timur Nazarov", "Mark Brown"], text, set(LEXICON.country_names)
    )
    # "Brown Hall" is a place's name, not Mark Brown.
    assert forms == {"Nazarov": "Timur Nazarov", "Sadykov": "Aibek Sadykov"}


def test_the_democratic_republic_of_congo_without_its_article_is_not_the_other_congo():
    text = (
        "President Ana Lui of Samoa met Jean Kabongo, President of the Democratic Republic of "
        "Congo, in Apia on 4 March 2024."
    )
    assert people(text, "WS")["Jean Kabongo"] == "CD"


def test_an_office_s_holders_each_followed_by_their_country():
    text = (
        "The defence ministers of the Andean States - Rosa Quispe of Peru, Diego Fuentes of "
        "Chile and Marta Andrade of Ecuador - signed the plan."
    )
    assert listed(text) == [
        ("Rosa Quispe", "PE", "Defence Minister"),
        ("Diego Fuentes", "CL", "Defence Minister"),
        ("Marta Andrade", "EC", "Defence Minister"),
    ]


def test_holders_listed_with_their_countries_after_an_event_take_part_in_it():
    text = (
        "The fourth Andean Defence Meeting took place in Lima on 4 March 2024, chaired by "
        "Minister of Defence Rosa Quispe of Peru.\n\n"
        "The defence ministers of the Andean States - Diego Fuentes of Chile and Marta Andrade "
        "of Ecuador - adopted a plan for the decade."
    )
    found = set(participants(text, "PE")["2024-03-04"])
    assert {("Diego Fuentes", "CL"), ("Marta Andrade", "EC")} <= found


def test_a_registry_person_listed_with_their_country_is_the_registry_s_person(db):
    lexicon = countries_only()
    lexicon.people.append(KnownPerson(7, "Diego Fuentes", "CL", ["Diego Fuentes"]))
    found = extraction.Reader(
        text="Comment\n\nThe defence ministers of the Andean States - Rosa Quispe of Peru and "
        "Diego Fuentes of Chile - signed the plan.",
        published=datetime.date(2024, 3, 1),
        home="PE",
        source_id=None,
        lexicon=lexicon,
    )
    found.find_people()
    assert found.people["Diego Fuentes"]["known"].id == 7
