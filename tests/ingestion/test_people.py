"""Reviewed ingestion, issue 21 §1–§3: who took part, on which side, as diplomatic prose names
them: titles before and after a name, forms of address, initials, family names first, a title
with a surname alone, and the sides the sentence gives."""

import datetime

import django
import pytest

from dialogue.ingestion import extract as extraction
from dialogue.ingestion.lexicon import KnownPerson, countries_only

assert django  # the extraction's models are loaded by pytest-django's settings


def reader(text: str, home: str = "FR") -> extraction.Reader:
    found = extraction.Reader(
        text="Comment\n\n" + text,
        published=datetime.date(2023, 6, 1),
        home=home,
        source_id=None,
        lexicon=countries_only(),
    )
    found.find_people()
    return found


def people(text: str, home: str) -> dict[str, str | None]:
    """Each person the text names, by the name an analyst enters, and their side."""
    return {name: person["country"] for name, person in reader(text, home).people.items()}


def participants(text: str, home: str) -> list[tuple[str, str]]:
    specs = extraction.extract(
        text="Comment\n\n" + text,
        published=datetime.date(2023, 6, 1),
        home=home,
        lexicon=countries_only(),
    )
    return [
        (p["name"], p["country"])
        for spec in specs
        if spec.type == "round"
        for p in spec.fields["participants"]
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Forms of address are not part of a name.
        ("Prime Minister Shri Narendra Modi held talks", "Narendra Modi"),
        ("External Affairs Minister Dr. S. Jaishankar participated", "S. Jaishankar"),
        # A portfolio's words end the title ("Public Security"), never begin the name.
        ("the Minister of Public Security Wang Xiaohong met", "Wang Xiaohong"),
        ("the Head of State Kassym-Jomart Tokayev arrived", "Kassym-Jomart Tokayev"),
        # An Arabic article joined by a hyphen is part of the surname.
        ("President Abdel Fattah el-Sisi of Egypt met", "Abdel Fattah el-Sisi"),
        # An honorary doctorate and Malaysian titles of honour are forms of address too.
        ("the Speaker of the Senate Dr. (H.C.) Rina Wulandari opened", "Rina Wulandari"),
        ("Prime Minister Datuk Seri Hamid Rahman received", "Hamid Rahman"),
        ("Minister of Trade Tan Sri Lim Boon Keat said", "Lim Boon Keat"),
        # An office's abbreviation, after a long office, is neither.
        (
            "Speaker of the House of Representatives of the Republic of Chile (CDR) Ana Soto, "
            "President of the ASEAN Assembly, opened",
            "Ana Soto",
        ),
    ],
)
def test_the_name_without_forms_of_address(text, name):
    names = [found.name for found in reader(text).names_in(text)]
    assert names == [name]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "On 22 January, the President of the Republic, Emmanuel Macron, welcomed",
            "Emmanuel Macron",
            "President of the Republic",
        ),
        (
            "The Summit was chaired by the Speaker of the Lok Sabha, Shri Om Birla.",
            "Om Birla",
            "Speaker of the Lok Sabha",
        ),
        (
            "H.E. Mr. Abdel Fattah el-Sisi, President of the Arab Republic of Egypt, is on a visit",
            "Abdel Fattah el-Sisi",
            "President of the Arab Republic of Egypt",
        ),
        (
            "held a summit with H.E. Mr. YOON Suk Yeol, President of the Republic of Korea, at",
            "YOON Suk Yeol",
            "President of the Republic of Korea",
        ),
        # A sentence opening with the title, without "the".
        (
            "President of the Republic of Chile, H.E. Mr. Tomás Aguirre, will visit Peru.",
            "Tomás Aguirre",
            "President of the Republic of Chile",
        ),
        # A portfolio listing its fields with commas.
        (
            "The Vice-President of the Republic and Minister of Energy, Mines, Water and "
            "Forests, Paulo Reis, co-chaired the commission in Lisbon.",
            "Paulo Reis",
            "Vice-President of the Republic and Minister of Energy, Mines, Water and Forests",
        ),
        # "Jr." with its full stop before the comma.
        (
            "talks with H.E. Mr. Ramon B. Cruz Jr., Secretary of National Defense, in Manila",
            "Ramon B. Cruz Jr",
            "Secretary of National Defense",
        ),
    ],
)
def test_a_title_set_off_by_commas_before_or_after_the_name(text, name, role):
    (found,) = reader(text).names_in(text)
    assert (found.name, found.role.removeprefix("the ")) == (name, role)


def test_a_title_after_a_name_is_not_taken_from_the_next_name_in_a_list():
    text = (
        "At the invitation of the President of the Republic, Emmanuel Macron, the President of "
        "the People's Republic of China, Xi Jinping, paid a state visit to France on 6 May 2024."
    )
    assert people(text, "FR") == {"Emmanuel Macron": "FR", "Xi Jinping": "CN"}


def test_a_name_ending_a_place_or_a_country_is_not_a_person():
    text = (
        "Taking part were the President of the Republic of Azerbaijan Ilham Aliyev, the "
        "President of the Islamic Republic of Iran Ebrahim Raisi and the President of Turkmenistan "
        "Serdar Berdimuhamedov."
    )
    assert set(people(text, "TM")) == {"Ilham Aliyev", "Ebrahim Raisi", "Serdar Berdimuhamedov"}


def test_a_family_name_in_capitals_is_written_as_a_name_given_name_first_for_japan():
    found = people(
        "On May 7, Prime Minister KISHIDA Fumio, who is visiting the Republic of Korea, held a "
        "summit meeting with H.E. Mr. YOON Suk Yeol, President of the Republic of Korea, in Seoul.",
        "JP",
    )
    assert found == {"Fumio Kishida": "JP", "Yoon Suk Yeol": "KR"}


def test_a_title_with_the_surname_alone_is_the_person_named_in_full():
    found = participants(
        "H.E. Mr. Abdel Fattah el-Sisi, President of the Arab Republic of Egypt, is on a State "
        "Visit to India. On 25 January 2023, Prime Minister Shri Narendra Modi held talks with "
        "President el-Sisi at Hyderabad House in New Delhi.",
        "IN",
    )
    assert ("Abdel Fattah el-Sisi", "EG") in found and ("Narendra Modi", "IN") in found


def test_a_surname_two_people_share_is_neither():
    text = (
        "Premier Li Qiang and Premier Li Keqiang of China met Chancellor Olaf Scholz. Premier Li "
        "said so."
    )
    assert "Li" not in reader(text, "DE").forms


def test_a_japanese_name_written_family_first_is_turned_when_the_surname_alone_says_so():
    found = people(
        "On 18 August 2023, President Joe Biden welcomed Prime Minister Kishida Fumio of Japan to "
        "Camp David. Prime Minister Kishida thanked the President.",
        "US",
    )
    assert found["Fumio Kishida"] == "JP"


@pytest.mark.parametrize(
    ("text", "home", "expected"),
    [
        # "<Country> was represented by …", and "… and <Country> by …".
        (
            "Iran was represented by Deputy Foreign Minister Abbas Araghchi, and Russia by "
            "Ambassador Mikhail Ulyanov.",
            "AT",
            {"Abbas Araghchi": "IR", "Mikhail Ulyanov": "RU"},
        ),
        # Who invites is of the country visited.
        (
            "At the invitation of President Emmanuel Macron, President Xi Jinping of China paid a "
            "state visit to France.",
            "CN",
            {"Emmanuel Macron": "FR", "Xi Jinping": "CN"},
        ),
        # Who hosts in a city is of its country.
        (
            "President Cyril Ramaphosa of South Africa attended the Russia-Africa Summit, hosted "
            "by President Vladimir Putin in Saint Petersburg.",
            "ZA",
            {"Cyril Ramaphosa": "ZA", "Vladimir Putin": "RU"},
        ),
        # "A, who had held talks with B": counterparts of the same office, of the two sides.
        (
            "The visit of the President of Türkiye to Russia was prepared by Foreign Minister "
            "Hakan Fidan, who had held talks with Foreign Minister Sergey Lavrov.",
            "TR",
            {"Hakan Fidan": "TR", "Sergey Lavrov": "RU"},
        ),
        # Two heads of different offices named together are the two sides'.
        (
            "The consultations between Germany and China were chaired by Chancellor Angela "
            "Merkel and Premier Li Keqiang.",
            "DE",
            {"Angela Merkel": "DE", "Li Keqiang": "CN"},
        ),
        # The last of a list keeps the nationality before their portfolio and title.
        (
            "The summit of Greece, Cyprus and Egypt was attended by Greek Minister of Foreign "
            "Affairs Nikos Pappas and Cypriot Foreign Minister Elena Ioannou.",
            "FR",
            {"Nikos Pappas": "GR", "Elena Ioannou": "CY"},
        ),
    ],
)
def test_the_side_the_sentence_gives(text, home, expected):
    assert people(text, home) == expected


def test_a_registry_person_is_found_through_an_initial_or_a_middle_initial(db):
    lexicon = countries_only()
    lexicon.people.append(
        KnownPerson(11, "Subrahmanyam Jaishankar", "IN", ["Subrahmanyam Jaishankar"])
    )
    lexicon.people.append(KnownPerson(12, "Antony Blinken", "US", ["Antony Blinken"]))
    specs = extraction.extract(
        text="Comment\n\nOn 10 November 2023, External Affairs Minister Dr. S. Jaishankar hosted "
        "U.S. Secretary of State Antony J. Blinken in New Delhi for the 2+2 Ministerial Dialogue.",
        published=datetime.date(2023, 11, 10),
        home="IN",
        lexicon=lexicon,
    )
    assert [spec for spec in specs if spec.type == "person"] == []
    (round_,) = [spec for spec in specs if spec.type == "round"]
    assert [(p["person"], p["country"]) for p in round_.fields["participants"]] == [
        (11, "IN"),
        (12, "US"),
    ]


# People in focus (issue 21 §1): named in another sentence than the event's, or not named.


def test_people_welcomed_or_presiding_in_the_next_sentence_join_the_event():
    found = participants(
        "President Cyril Ramaphosa closed the 15th BRICS Summit in Johannesburg on 24 August "
        "2023. The President welcomed President Luiz Inácio Lula da Silva of Brazil, Prime "
        "Minister Narendra Modi of India and President Xi Jinping of the People's Republic of "
        "China.",
        "ZA",
    )
    assert {("Luiz Inácio Lula da Silva", "BR"), ("Narendra Modi", "IN")} <= set(found)


def test_a_form_of_address_does_not_end_a_sentence():
    found = reader(
        "The 147th Assembly of the Inter-Parliamentary Union closed in Luanda on 27 October 2023. "
        "The Assembly was presided over by the Speaker of the National Assembly of Angola, Ms. "
        "Carolina Cerqueira.",
        "AO",
    )
    assert found.people["Carolina Cerqueira"]["country"] == "AO"
    assert found.sentences[-1].text.endswith("Ms. Carolina Cerqueira.")


def test_they_and_the_two_leaders_are_the_people_just_named():
    found = extraction.extract(
        text="Comment\n\nOn 15 November 2023, President Joseph R. Biden met with President Xi "
        "Jinping of the People's Republic of China in Woodside. It was their first meeting "
        "since they met in Bali, Indonesia, on November 14, 2022.",
        published=datetime.date(2023, 11, 16),
        home="US",
        lexicon=countries_only(),
    )
    rounds = {
        spec.fields["start_date"]: {(p["name"], p["country"]) for p in spec.fields["participants"]}
        for spec in found
        if spec.type == "round"
    }
    assert rounds["2022-11-14"] == {("Joseph R. Biden", "US"), ("Xi Jinping", "CN")}


def test_he_is_the_person_just_named():
    found = extraction.extract(
        text="Comment\n\nPresident Abdel Fattah el-Sisi of Egypt is visiting India for the third "
        "time. He first came in October 2015 to attend the third India-Africa Forum Summit in New "
        "Delhi.",
        published=datetime.date(2023, 1, 25),
        home="IN",
        lexicon=countries_only(),
    )
    (forum,) = [
        spec
        for spec in found
        if spec.type == "round" and "forum" in spec.fields["mechanism"]["draft"]
    ]
    assert [(p["name"], p["country"]) for p in forum.fields["participants"]] == [
        ("Abdel Fattah el-Sisi", "EG")
    ]


def test_their_relatives_are_not_the_people_just_named():
    assert (
        reader("Minister A met. The group went to their relatives' graves.").referred_people(
            extraction.Sentence(2, 2, "x"), "to their relatives' graves"
        )
        == []
    )


def test_the_author_of_a_first_person_release_takes_part_where_it_says_i():
    found = participants(
        "On 6 October 2020 I held talks with Foreign Minister Motegi Toshimitsu of Japan in "
        "Tokyo.\n\nSenator the Hon Marise Payne, Minister for Foreign Affairs.",
        "AU",
    )
    assert found == [("Marise Payne", "AU"), ("Motegi Toshimitsu", "JP")]


@pytest.mark.parametrize(
    ("text", "home", "expected"),
    [
        # "The Honourable A, Prime Minister of Australia": a form of address, a title after.
        (
            "On May 24, Mr. KISHIDA Fumio, Prime Minister of Japan, hosted the meeting in Tokyo. "
            "The Honourable Anthony Albanese, Prime Minister of Australia, attended the meeting.",
            "JP",
            {"Fumio Kishida": "JP", "Anthony Albanese": "AU"},
        ),
        # Who meets "with" the sentence's first people is the other side, through a list.
        (
            "On January 11, Mr. HAYASHI Yoshimasa, Minister for Foreign Affairs, held the "
            "Japan-U.S. Security Consultative Committee in Washington with the Honorable Antony "
            "Blinken, "
            "Secretary of State, and the Honorable Lloyd Austin, Secretary of Defense.",
            "JP",
            {"Yoshimasa Hayashi": "JP", "Antony Blinken": "US", "Lloyd Austin": "US"},
        ),
        # Two titles joined by "and" after the name; a patronymic is left out of the name.
        (
            "Kim Jong Un, General Secretary of the Workers' Party of Korea and President of the "
            "State Affairs of the Democratic People's Republic of Korea, held talks with Vladimir "
            "Vladimirovich Putin, President of the Russian Federation.",
            "KP",
            {"Kim Jong Un": "KP", "Vladimir Putin": "RU"},
        ),
    ],
)
def test_forms_of_address_long_titles_and_patronymics(text, home, expected):
    assert people(text, home) == expected


def test_a_royal_form_of_address_is_not_the_office():
    found = reader(
        "His Royal Highness Prince Mohammed bin Salman received President Xi Jinping of China.",
        "SA",
    )
    assert found.people["Mohammed bin Salman"]["role"] == "Prince"


def test_a_registry_person_is_found_through_a_patronymic(db):
    lexicon = countries_only()
    lexicon.people.append(KnownPerson(13, "Vladimir Putin", "RU", ["Vladimir Putin"]))
    specs = extraction.extract(
        text="Comment\n\nOn 19 June 2024, Kim Jong Un, President of the State Affairs of the "
        "Democratic People's Republic of Korea, held talks in Pyongyang with Vladimir "
        "Vladimirovich Putin, President of the Russian Federation.",
        published=datetime.date(2024, 6, 20),
        home="KP",
        lexicon=lexicon,
    )
    assert [spec.fields["name"] for spec in specs if spec.type == "person"] == ["Kim Jong Un"]


def test_a_title_alone_is_the_one_person_of_that_title_and_is_cited_as_inferred():
    specs = extraction.extract(
        text="Comment\n\nHis Royal Highness Prince Mohammed bin Salman, Crown Prince and Prime "
        "Minister, welcomed President Xi Jinping of China to Riyadh. On 8 December 2022, the "
        "Crown Prince held official talks with the Chinese President at Al-Yamamah Palace.",
        published=datetime.date(2022, 12, 9),
        home="SA",
        lexicon=countries_only(),
    )
    (talks,) = [spec for spec in specs if spec.type == "round"]
    by_name = {p["name"]: p for p in talks.fields["participants"]}
    assert {name: p["country"] for name, p in by_name.items()} == {
        "Mohammed bin Salman": "SA",
        "Xi Jinping": "CN",
    }
    inferred, stated = by_name["Mohammed bin Salman"]["sources"]
    assert inferred["basis"] == "inferred" and "Crown Prince held" in inferred["quote"]
    assert stated["basis"] == "stated" and "Mohammed bin Salman" in stated["quote"]


def test_a_title_two_people_hold_is_neither():
    # Neither is the publisher's own (of which "the President" is the one it names).
    found = reader(
        "President Xi Jinping of China met President Joe Biden. The President said so.", "FR"
    )
    assert not any(form.lower().startswith("the president") for form in found.forms)


def test_the_indian_minister_is_the_one_indian_minister_named():
    found = reader(
        "Foreign Minister Sergey Lavrov held talks with External Affairs Minister Subrahmanyam "
        "Jaishankar of India. The Indian minister thanked his Russian counterpart.",
        "RU",
    )
    assert found.forms["The Indian minister"] == "Subrahmanyam Jaishankar"


def test_people_attending_a_meeting_of_more_than_two_join_it():
    found = participants(
        "On May 24, 2022, Mr. KISHIDA Fumio, Prime Minister of Japan, hosted the Quad Leaders' "
        "Meeting in Tokyo. The Honourable Anthony Albanese, Prime Minister of Australia, Shri "
        "Narendra Modi, Prime Minister of India, and the Honorable Joseph R. Biden, President of "
        "the United States, attended the meeting.",
        "JP",
    )
    assert set(found) == {
        ("Fumio Kishida", "JP"),
        ("Anthony Albanese", "AU"),
        ("Narendra Modi", "IN"),
        ("Joseph R. Biden", "US"),
    }


def test_people_joining_in_turn_join_the_event_sentence_after_sentence():
    found = participants(
        "A meeting of the Council of Heads of State of the Shanghai Cooperation Organisation, "
        "chaired by the President of Kazakhstan Kassym-Jomart Tokayev, was held in Astana on 4 "
        "July 2024. The heads of state signed the Astana Declaration. President of China Xi "
        "Jinping and President of Russia Vladimir Putin took part. India was represented by "
        "External Affairs Minister S. Jaishankar.",
        "KZ",
    )
    assert ("S. Jaishankar", "IN") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the four leaders" are not the two the sentence before names.
        ("Prime Minister A Bcd welcomed Prime Minister E Fgh. The four leaders met.", []),
        # "the leaders" are those named before when they are of every side of the release.
        (
            "President Vladimir Putin of Russia met President Xi Jinping of China. The leaders "
            "met.",
            ["Vladimir Putin", "Xi Jinping"],
        ),
    ],
)
def test_the_leaders_are_the_people_named_before_only_when_they_are_all(text, expected):
    found = reader(text, "RU")
    last = found.sentences[-1]
    assert [p.name for p in found.referred_people(last, last.text)] == expected


def test_a_title_and_a_surname_alone_is_the_registry_person_of_that_surname(db):
    lexicon = countries_only()
    lexicon.people.append(KnownPerson(14, "Joseph R. Biden", "US", ["Joseph R. Biden"]))
    lexicon.people.append(KnownPerson(15, "Xi Jinping", "CN", ["Xi Jinping"]))
    lexicon.people.append(KnownPerson(16, "Lee Hsien Loong", "SG", ["Lee Hsien Loong"]))
    lexicon.people.append(KnownPerson(17, "Lee Jae-myung", "KR", ["Lee Jae-myung"]))
    specs = extraction.extract(
        text="Comment\n\nOn 15 November 2023, President Biden met President Xi in Woodside, "
        "California; President Lee was not there.",
        published=datetime.date(2023, 11, 16),
        home="US",
        lexicon=lexicon,
    )
    (round_,) = [spec for spec in specs if spec.type == "round"]
    assert [(p["person"], p["country"]) for p in round_.fields["participants"]] == [
        (14, "US"),
        (15, "CN"),
    ]
    assert [spec for spec in specs if spec.type == "person"] == []


# Titles, forms of address and sides (issue 21 §2).


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # "His Highness", "HH", "HE" and "Sheikh" are forms of address before a longer name…
        (
            "His Highness Sheikh Hamad bin Khalid Al Nasser, Emir of the State of Qatar, spoke",
            "Hamad bin Khalid Al Nasser",
        ),
        (
            "HE Deputy Prime Minister Sheikh Saud bin Fahad Al-Mansour opened it",
            "Saud bin Fahad Al-Mansour",
        ),
        (
            "HH the Amir Sheikh Hamad bin Khalid Al Nasser received him",
            "Hamad bin Khalid Al Nasser",
        ),
        # … but "Sheikh" before a single word is part of the name.
        ("Prime Minister Sheikh Rahima arrived", "Sheikh Rahima"),
        # Given names as initials, one or several, before one or more words.
        ("Dr. R. K. Abdul Karim, Foreign Minister of Bangladesh, arrived", "R. K. Abdul Karim"),
        ("Vice President Shri T. Ramesh Rao received him", "T. Ramesh Rao"),
        # Long and less usual titles end before the name.
        ("Attorney General Thomas Hartley attended", "Thomas Hartley"),
        ("Mr. SATO Kenji, Vice-Minister for Foreign Affairs, held talks", "SATO Kenji"),
        ("Mr. Chen Wei, Director General of the Department of Asian Affairs, attended", "Chen Wei"),
    ],
)
def test_forms_of_address_initials_and_titles_around_a_name(text, name):
    assert [found.name for found in reader(text).names_in(text)] == [name]


def test_a_building_named_after_a_title_is_not_a_person():
    found = people(
        "Prime Minister Daniel Levi held talks at the King Solomon Hotel in Jerusalem with "
        "Indian Prime Minister Arjun Rao.",
        "IL",
    )
    assert found == {"Daniel Levi": "IL", "Arjun Rao": "IN"}


@pytest.mark.parametrize(
    ("text", "home", "expected"),
    [
        # The U.S. cabinet's titles say the side where the sentence says none, whoever
        # publishes.
        (
            "The strategic dialogue between Qatar and the United States opened in Doha. Foreign "
            "Minister Khalid Rahman of Qatar co-chaired it with then Secretary of State John "
            "Miller and Secretary of Defense Paul Grant.",
            "QA",
            {"Khalid Rahman": "QA", "John Miller": "US", "Paul Grant": "US"},
        ),
        # A federal chancellor is Germany's (of a pair with Germany); the counterpart the
        # other side.
        (
            "Federal Chancellor Anna Weber and Prime Minister Ravi Kumar chaired the "
            "German-Indian consultations in New Delhi.",
            "IN",
            {"Anna Weber": "DE", "Ravi Kumar": "IN"},
        ),
        # "A and Defence Minister B of Japan": one delegation's.
        (
            "Foreign Minister Kenji Sato and Defence Minister Taro Ito of Japan visited Russia.",
            "RU",
            {"Kenji Sato": "JP", "Taro Ito": "JP"},
        ),
        # "A and Deputy Minister … of Japan B": the country is B's title's, not A's.
        (
            "Deputy Foreign Minister Ivan Petrov and Deputy Minister for Foreign Affairs of "
            "Japan Kenji Sato took part in the talks between Russia and Japan.",
            "RU",
            {"Ivan Petrov": "RU", "Kenji Sato": "JP"},
        ),
    ],
)
def test_the_side_a_title_gives(text, home, expected):
    assert people(text, home) == expected


def test_a_delegation_of_a_country_is_that_country_s():
    found = people(
        "Mexico and the United States held talks in Mexico City. The Mexican delegation was "
        "headed by Foreign Secretary Luis Ortega. The delegation of the United States was led by "
        "Secretary of Commerce Mary Cole and Attorney General Tom Hart. Among the delegations was "
        "that of the Canadian Parliament, led by the Speaker of the House of Commons, Anne Roy.",
        "MX",
    )
    assert found == {"Luis Ortega": "MX", "Mary Cole": "US", "Tom Hart": "US", "Anne Roy": "CA"}


def test_who_leads_a_side_named_after_them_is_of_that_side():
    found = people(
        "India and China held border talks in Beijing. The Indian delegation was led by Shri "
        "Arun Mehta, Joint Secretary (East Asia) in the Ministry of External Affairs. Mr. Chen "
        "Wei, Director General of the Department of Asian Affairs, led the Chinese side.",
        "IN",
    )
    assert found == {"Arun Mehta": "IN", "Chen Wei": "CN"}


def test_an_event_takes_the_people_of_its_own_clause():
    found = participants(
        "On 19 June 2023, Secretary of State John Miller met Foreign Minister Li Ming of China in "
        "Beijing, and later that afternoon he was received by President Zhao Wei.",
        "US",
    )
    assert ("Li Ming", "CN") in found and ("Zhao Wei", "CN") not in found


@pytest.mark.parametrize(
    ("text", "home", "expected"),
    [
        # "between A and B", A named by a title alone: B is A's counterpart.
        (
            "Qatar and the United States held their dialogue in Doha. HH the Amir Sheikh Hamad "
            "bin Khalid Al Nasser of Qatar received the delegation. They recalled the meeting "
            "between HH the Amir and President John Carter in April 2018.",
            "QA",
            {"Hamad bin Khalid Al Nasser": "QA", "John Carter": "US"},
        ),
        # "with B", A named by a title and surname first in the sentence (the first of two
        # surnames).
        (
            "Foreign Secretary Luis Ortega Vargas of Mexico opened the dialogue with the United "
            "States. Secretary Ortega recalled the meeting he co-chaired in Washington with Vice "
            "President Ann Lee.",
            "MX",
            {"Luis Ortega Vargas": "MX", "Ann Lee": "US"},
        ),
        # Whose title was another's, or told of them, has their own ("Readout of President").
        (
            "Readout of President Ann Lee's meeting with Prime Minister Ravi Kumar of India. The "
            "United States and India agreed.",
            "US",
            {"Ann Lee": "US", "Ravi Kumar": "IN"},
        ),
    ],
)
def test_a_person_whose_side_is_not_told_is_the_counterpart_of_whom_they_meet(text, home, expected):
    found = reader(text, home)
    assert {name: person["country"] for name, person in found.people.items()} == expected
    assert all(
        person["role"].startswith(("President", "Prime", "Foreign", "Vice", "Amir"))
        for person in found.people.values()
    )


@pytest.mark.parametrize(
    ("text", "home", "expected"),
    [
        # "the visit of A to India": A is not of the country visited.
        (
            "The ministers of India and Bangladesh prepared the visit of Prime Minister Rahima "
            "Begum to India later this year.",
            "IN",
            {"Rahima Begum": "BD"},
        ),
        # The visitor is the one named last before the visit, not whoever the sentence names.
        (
            "The meeting was co-chaired by Foreign Minister Anil Verma and Dr. Karim Hossain, "
            "Foreign Minister of Bangladesh, who is on a visit to India.",
            "IN",
            {"Anil Verma": "IN", "Karim Hossain": "BD"},
        ),
    ],
)
def test_a_visitor_is_not_of_the_country_visited(text, home, expected):
    assert people(text, home) == expected


def test_each_item_of_a_list_set_off_by_semicolons_has_its_own_country():
    found = people(
        "Taking part were His Highness Sheikh Hamad bin Khalid Al Nasser, Emir of the State of "
        "Qatar; His Royal Highness Prince Salman bin Rashid Al Mansour, Crown Prince and Prime "
        "Minister of the Kingdom of Bahrain; and His Highness Sayyid Fahd bin Saud Al Harthy, "
        "Deputy Prime Minister for Cabinet Affairs of the Sultanate of Oman.",
        "SA",
    )
    assert found == {
        "Hamad bin Khalid Al Nasser": "QA",
        "Salman bin Rashid Al Mansour": "BH",
        "Fahd bin Saud Al Harthy": "OM",
    }


def test_who_acts_together_with_another_is_not_their_counterpart():
    found = people(
        "Speakers from Austria and Switzerland met in Vienna. The President of the National "
        "Council, Anna Huber, opened the conference together with the President of the IPU, "
        "Carlos Mendes.",
        "AT",
    )
    assert found["Carlos Mendes"] != "CH"


def rounds_with_people(text: str, home: str, day: datetime.date) -> dict[str, list[tuple]]:
    """Each round a text proposes, by its first and last day, with its participants."""
    specs = extraction.extract(
        text="Comment\n\n" + text, published=day, home=home, lexicon=countries_only()
    )
    return {
        f"{spec.fields['start_date']}/{spec.fields['end_date']}": [
            (p["name"], p["country"]) for p in spec.fields["participants"]
        ]
        for spec in specs
        if spec.type == "round"
    }


def test_their_meeting_is_of_the_people_they_refer_to_not_of_others_the_clause_names():
    found = rounds_with_people(
        "On 14 January 2019, Foreign Minister Oleg Ivanov held talks in Moscow with Foreign "
        "Minister of Japan Taro Mori. The ministers began negotiations, as agreed by President "
        "Ivan Petrov and Prime Minister Kenji Sato in Singapore on 14 November 2018. At their "
        "meeting in Buenos Aires on 1 December 2018, the leaders entrusted the foreign ministers "
        "with the negotiations.",
        "RU",
        datetime.date(2019, 1, 14),
    )
    assert found["2018-12-01/2018-12-01"] == [("Ivan Petrov", "RU"), ("Kenji Sato", "JP")]


def test_a_visit_dated_after_its_trigger_takes_the_people_from_the_trigger_on():
    found = rounds_with_people(
        "President Daniel Kiprono today hosted King Edward Windsor of the United Kingdom at "
        "State House, Nairobi, at the start of the State Visit that the King is paying to Kenya "
        "from 31 October to 3 November 2023.",
        "KE",
        datetime.date(2023, 10, 31),
    )
    assert found["2023-10-31/2023-11-03"] == [("Edward Windsor", "GB")]


def test_who_chaired_the_meeting_just_told_joins_it_and_a_visitor_s_relative_clause_is_theirs():
    found = rounds_with_people(
        "The 7th meeting of the India-Bangladesh Joint Consultative Commission was held in New "
        "Delhi on 19 June 2022. The meeting was co-chaired by Foreign Minister Anil Verma and Dr. "
        "Karim Hossain, Foreign Minister of Bangladesh, who is on a visit to India from 18 to 20 "
        "June.",
        "IN",
        datetime.date(2022, 6, 19),
    )
    assert found["2022-06-19/2022-06-19"] == [("Anil Verma", "IN"), ("Karim Hossain", "BD")]
    assert found["2022-06-18/2022-06-20"] == [("Karim Hossain", "BD")]


def test_the_leaders_are_the_one_head_of_each_side_and_mr_with_a_surname_is_that_person():
    found = rounds_with_people(
        "On 14 January 2019, Foreign Minister Oleg Ivanov held talks in Moscow with Foreign "
        "Minister of Japan Taro Mori, as the leaders of the two countries had asked. President "
        "Ivan Petrov and Prime Minister Kenji Sato met in Singapore on 14 November 2018. The "
        "ministers prepared Prime Minister Sato's visit to Russia in late January, when the "
        "leaders will hold talks in Moscow. Mr Ivanov and Mr Mori agreed to continue at their "
        "next meeting, in February, in Munich.",
        "RU",
        datetime.date(2019, 1, 14),
    )
    assert found["2019-01-14/2019-01-14"] == [("Oleg Ivanov", "RU"), ("Taro Mori", "JP")]
    assert found["2019-01-21/2019-01-31"] == [("Kenji Sato", "JP"), ("Ivan Petrov", "RU")]
    assert found["2019-02-01/2019-02-28"] == [("Oleg Ivanov", "RU"), ("Taro Mori", "JP")]


def test_delegations_told_in_turn_and_who_attended_for_a_third_country():
    found = people(
        "Saudi Arabia and Iran held talks in Beijing between the delegations of the Kingdom, "
        "headed by National Security Advisor Dr. Khalid bin Saud Al-Harbi, and of Iran, headed "
        "by Admiral Reza Karimi, Secretary of the Supreme National Security Council. Li Ming, "
        "Director of the Office of the Central Foreign Affairs Commission, attended for China.",
        "SA",
    )
    assert found == {"Khalid bin Saud Al-Harbi": "SA", "Reza Karimi": "IR", "Li Ming": "CN"}


def test_the_foreign_ministers_are_those_whose_titles_say_so():
    found = reader(
        "His Highness Prince Faisal bin Saud Al-Harbi, Minister of Foreign Affairs, met Dr. Reza "
        "Karimi, Minister of Foreign Affairs of Iran. Li Ming, Director of the Office of the "
        "Central Foreign Affairs Commission, attended for China. It was the first meeting of "
        "the foreign ministers of Saudi Arabia and Iran.",
        "SA",
    )
    last = found.sentences[-1].text
    assert [p.name for p in found.people_in(last)] == ["Faisal bin Saud Al-Harbi", "Reza Karimi"]


def test_two_offices_before_a_name_and_letters_after_it():
    text = (
        "The Minister for Foreign Affairs, Senator the Hon Jane Doe, and the Deputy Prime "
        "Minister and Minister for Defence, the Hon Mark Ellis MP, welcomed the delegation."
    )
    found = reader(text, "AU").names_in(text)
    assert [f.name for f in found] == ["Jane Doe", "Mark Ellis"]
    assert found[1].role == "Deputy Prime Minister and Minister for Defence"


def test_counterparts_at_a_meeting_of_three_are_not_given_the_pair_s_two_sides():
    found = people(
        "Prime Minister Tom Baker met President Ann Lee and Prime Minister Sam Wood in San Diego, "
        "where the three leaders set out how Australia will acquire submarines.",
        "US",
    )
    # Without a country for any of them, none is made the other side of the pair.
    assert "AU" not in found.values()


def test_a_counterpart_s_nationality_is_their_side():
    found = people(
        "Secretary of Commerce Mary Cole met her Qatari counterpart, Minister Khalid Rahman, in "
        "Washington.",
        "US",
    )
    assert found == {"Mary Cole": "US", "Khalid Rahman": "QA"}


def test_whom_an_event_honours_does_not_take_part_and_each_visit_has_its_visitor():
    found = rounds_with_people(
        "On 10 November 2023, India and the United States held their dialogue in New Delhi. The "
        "ministers recalled the State Visit of Prime Minister Ravi Kumar to Washington in June "
        "2023 and the visit of President John R. Carter to New Delhi in September 2023.",
        "IN",
        datetime.date(2023, 11, 10),
    )
    assert found["2023-06-01/2023-06-30"] == [("Ravi Kumar", "IN")]
    assert found["2023-09-01/2023-09-30"] == [("John R. Carter", "US")]
    found = rounds_with_people(
        "Prime Minister Ravi Kumar held talks with Prime Minister Taro Ito of Japan in New Delhi "
        "on 20 March 2023. The two Prime Ministers met again in Tokyo on 27 September 2022, when "
        "Prime Minister Kumar attended the state funeral of former Prime Minister Kenji Sato.",
        "IN",
        datetime.date(2023, 3, 20),
    )
    assert found["2022-09-27/2022-09-27"] == [("Ravi Kumar", "IN")]


def test_the_author_is_of_the_one_side_their_counterparts_are_not_from():
    found = people(
        "Today I met my counterparts from India, Japan and the United States in Tokyo for the "
        "Quad Foreign Ministers' Meeting of Australia, India, Japan and the United States, "
        "hosted by Japan's Foreign Minister Taro Ito. I was joined by External Affairs Minister "
        "Anil Verma and U.S. Secretary of State John Miller.\n\nSenator the Hon Jane Doe, "
        "Minister for Foreign Affairs.",
        "JP",
    )
    assert found["Jane Doe"] == "AU"


def test_heads_of_delegation_told_after_the_event_join_it():
    found = rounds_with_people(
        "The 12th meeting of the India-China Joint Working Group on Trade was held in Beijing "
        "on 22 February 2023. The Indian delegation was led by Shri Arun Mehta, Joint "
        "Secretary (East Asia) in the Ministry of External Affairs. Mr. Chen Wei, Director "
        "General of the Department of Asian Affairs, led the Chinese side.",
        "IN",
        datetime.date(2023, 2, 22),
    )
    assert found["2023-02-22/2023-02-22"] == [("Arun Mehta", "IN"), ("Chen Wei", "CN")]


def test_a_participant_of_another_side_than_the_mechanism_s_is_noted():
    specs = extraction.extract(
        text="Comment\n\nForeign Minister Khalid Al-Harbi of Saudi Arabia held talks with Foreign "
        "Minister Reza Karimi of Iran in Beijing on 6 March 2023. Li Ming, Director of the Office "
        "of the Central Foreign Affairs Commission, attended for China.",
        published=datetime.date(2023, 3, 10),
        home="SA",
        lexicon=countries_only(),
    )
    (talks,) = [spec for spec in specs if spec.type == "round"]
    assert ("Li Ming", "CN") in [(p["name"], p["country"]) for p in talks.fields["participants"]]
    assert "Li Ming's side, CN, is not one of the mechanism's countries." in talks.notes


def test_a_format_s_new_mechanism_takes_in_its_participants_sides():
    specs = extraction.extract(
        text="Australia-India-Japan-United States Foreign Ministers' Meeting\n\nToday I met my "
        "counterparts from India, Japan and the United States in Tokyo for the second Quad "
        "Foreign Ministers' Meeting, hosted by Japan's Foreign Minister Taro Ito. I was joined "
        "by External Affairs Minister Anil Verma and U.S. Secretary of State John Miller."
        "\n\nSenator the Hon Jane Doe, Minister for Foreign Affairs.",
        published=datetime.date(2020, 10, 6),
        home="JP",
        lexicon=countries_only(),
    )
    (meeting,) = [spec for spec in specs if spec.type == "round"]
    (mechanism,) = [spec for spec in specs if spec.type == "mechanism"]
    assert ("Jane Doe", "AU") in [(p["name"], p["country"]) for p in meeting.fields["participants"]]
    assert "AU" in mechanism.fields["countries"]


def test_a_long_title_alone_is_its_one_holder_and_a_title_before_and_he_is_another_s():
    found = reader(
        "HE Deputy Prime Minister and Minister of Foreign Affairs Sheikh Saud bin Fahad Al-Mansour "
        "opened the dialogue with the United States. In 2018, HE the Deputy Prime Minister and "
        "Minister of Foreign Affairs and HE Dr. Khalid bin Ali Al-Harbi, Deputy Prime Minister "
        "and Minister of State for Defence Affairs, co-chaired it.",
        "QA",
    )
    assert found.people["Khalid bin Ali Al-Harbi"]["role"] == (
        "Deputy Prime Minister and Minister of State for Defence Affairs"
    )
    last = found.sentences[-1].text
    assert [p.name for p in found.people_in(last)] == [
        "Saud bin Fahad Al-Mansour",
        "Khalid bin Ali Al-Harbi",
    ]


def test_whom_the_publisher_s_official_meets_is_the_other_side():
    found = people(
        "Vice-Minister for Foreign Affairs SATO Kenji met Deputy Foreign Minister Ivan Petrov in "
        "Moscow. Russia and Japan agreed to meet again.",
        "JP",
    )
    assert found == {"Kenji Sato": "JP", "Ivan Petrov": "RU"}


def test_the_end_of_another_s_name_is_not_a_title():
    found = reader(
        "France and Germany recalled the treaty signed in Paris in 1963 by General Charles de "
        "Gaulle and Chancellor Konrad Adenauer.",
        "FR",
    )
    assert found.people["Konrad Adenauer"]["role"] == "Chancellor"


def test_a_registry_person_keeps_their_side_and_their_counterpart_is_the_other(db):
    lexicon = countries_only()
    lexicon.people.append(KnownPerson(21, "Sergey Lavrov", "RU", ["Sergey Lavrov"]))
    found = extraction.Reader(
        text="Comment\n\nRussia and India held talks. Foreign Minister Sergei Lavrov and Foreign "
        "Minister Ravi Kumar met in New Delhi.",
        published=datetime.date(2023, 6, 1),
        home="RU",
        source_id=None,
        lexicon=lexicon,
    )
    found.find_people()
    assert {name: person["country"] for name, person in found.people.items()} == {
        "Sergei Lavrov": "RU",
        "Ravi Kumar": "IN",
    }


def test_who_accompanies_another_is_of_their_delegation():
    found = people(
        "Japan and Russia held talks in Moscow. Foreign Minister Kenji Sato of Japan, accompanied "
        "by Deputy Minister Taro Ito, met Foreign Minister Ivan Petrov.",
        "RU",
    )
    assert found == {"Kenji Sato": "JP", "Taro Ito": "JP", "Ivan Petrov": "RU"}


def test_heads_named_after_an_event_join_it_not_the_meeting_it_recalls():
    found = rounds_with_people(
        "The 12th meeting of the India-China Joint Working Group on Trade was held in Beijing "
        "on 22 February 2023. It was the first meeting held in person since its 9th meeting in "
        "July 2019. The delegation of India was led by Joint Secretary Arun Mehta. Mr. Chen Wei, "
        "Director General of the Department of Asian Affairs, attended for China.",
        "IN",
        datetime.date(2023, 2, 22),
    )
    assert found["2023-02-22/2023-02-22"] == [("Arun Mehta", "IN"), ("Chen Wei", "CN")]
    assert found.get("2019-07-01/2019-07-31", []) == []


def test_the_people_of_a_format_s_meeting_are_those_their_meeting_refers_to(monkeypatch):
    found = reader(
        "On November 17, Mr. SATO Kenji, Vice-Minister for Foreign Affairs, held the trilateral "
        "meeting in Washington with Ann Lee, Deputy Secretary of State of the United States, and "
        "First Vice Minister of Foreign Affairs of the Republic of Korea Park Min Ho. The three "
        "Vice-Ministers welcomed "
        "the fact that they had met again, following their meeting in Tokyo on July 21.",
        "JP",
    )
    fmt = {"name": "Trilateral Vice-Ministerial Meeting", "kind": "consultations"}
    monkeypatch.setattr(found, "format_for", lambda text, countries: dict(fmt))
    sentence = found.sentences[-1]
    dates = found.dates_in(sentence.text)
    pairs = found.assign(dates, list(extraction.TRIGGER.finditer(sentence.text)))
    (meeting,) = found.format_events(sentence, pairs, {"JP", "US", "KR"})
    assert {(p.name, p.country) for p in meeting.people} == {
        ("Kenji Sato", "JP"),
        ("Ann Lee", "US"),
        ("Park Min Ho", "KR"),
    }


def test_the_visiting_secretaries_are_the_other_side_s_secretaries():
    found = reader(
        "Mexico and the United States held talks in Mexico City. The Mexican delegation was "
        "headed by Secretary of Security Rosa Ortega. The delegation of the United States was "
        "led by Secretary of State John Miller and Secretary of Homeland Security Mary Cole. The "
        "visiting Secretaries were received by the President of Mexico, Luis Vargas.",
        "MX",
    )
    last = found.sentences[-1].text
    assert [(p.name, p.country) for p in found.people_in(last)] == [
        ("John Miller", "US"),
        ("Mary Cole", "US"),
        ("Luis Vargas", "MX"),
    ]


def test_the_next_title_and_name_of_a_list_is_not_a_second_title():
    found = reader(
        "The delegation of the United States was led by Secretary of State John Miller, "
        "Secretary of Homeland Security Mary Cole and Attorney General Tom Hart. The Attorney "
        "General was received by the President.",
        "US",
    )
    assert found.people["John Miller"]["roles"] == {"Secretary of State"}
    assert found.forms["The Attorney General"] == "Tom Hart"


def test_a_visit_told_with_its_visitor_is_not_of_whom_the_sentence_names_besides():
    found = participants(
        "Japan and the Republic of Korea met. Vice-Minister Kenji Sato conveyed Japan's position "
        "on the visit of the Commissioner General of the National Police Agency to the islands "
        "on November 16, 2021, and stated that the visit was unacceptable.",
        "JP",
    )
    assert ("Kenji Sato", "JP") not in found


def test_the_head_of_state_alone_is_the_publisher_s_one_head_of_state():
    found = reader(
        "On May 19, President of the Kyrgyz Republic Daniyar Asanov took part in the summit with "
        "President of China Li Ming. The day before, the Head of State held talks with President "
        "Li Ming.",
        "KG",
    )
    assert found.forms["the Head of State"] == "Daniyar Asanov"


def test_the_ministers_of_a_side_are_not_its_prime_minister():
    found = reader(
        "Australia and the United States met. Prime Minister Tom Baker welcomed Minister for "
        "Defence Jane Doe of Australia and Secretary of State John Miller. They look forward to "
        "welcoming the Australian Ministers to Washington.",
        "AU",
    )
    last = found.sentences[-1].text
    assert [p.name for p in found.people_in(last)] == ["Jane Doe"]


def test_who_opened_the_meeting_just_told_or_was_present_at_it_joins_it():
    found = rounds_with_people(
        "Canberra, 25 June 2022 — The Pacific Leaders Meeting closed today in Canberra after two "
        "days. Prince Edward Windsor of the United Kingdom opened the meeting on behalf of King "
        "Henry Tudor. Among the heads of government present were Prime Minister Tom Baker of "
        "Australia and Prime Minister Sam Wood of New Zealand. Among the delegations was that of "
        "the Canadian Parliament, led by the Speaker of the Senate, Joe Nadi.",
        "AU",
        datetime.date(2022, 6, 25),
    )
    (people,) = [p for span, p in found.items() if span.endswith("/2022-06-25")]
    assert set(people) == {
        ("Edward Windsor", "GB"),
        ("Tom Baker", "AU"),
        ("Sam Wood", "NZ"),
        ("Joe Nadi", "CA"),
    }


def test_who_opened_a_session_on_a_date_of_its_own_does_not_join_the_event_before():
    found = rounds_with_people(
        "Doha, January 13 — The second round of the Strategic Dialogue between Qatar and the "
        "United States was held in Doha on Sunday. Secretary of State Tom Hart was received by "
        "HH the Amir Sheikh Hamad bin Khalid Al Nasser. The two sides recalled the inaugural "
        "round, held in Washington on January 30, 2018, when Foreign Minister Ali Rahman "
        "co-chaired the opening session with Secretary of Defense John Miller.",
        "QA",
        datetime.date(2019, 1, 13),
    )
    assert all(
        ("John Miller", "US") not in people
        for span, people in found.items()
        if span.startswith("2019")
    )


@pytest.mark.parametrize(
    ("text", "home", "name", "side"),
    [
        # A nationality right before the second person's title is theirs, not the end of the
        # first one's name.
        (
            "Indian Prime Minister Ramesh Kumar and Chinese President Li Wenjun met in Goa.",
            "IN",
            "Li Wenjun",
            "CN",
        ),
        # Nationalities of every region are read ("Croatian", "Omani").
        (
            "The Speaker of the Croatian Parliament, Ivo Horvat, met Ana Kos.",
            "SI",
            "Ivo Horvat",
            "HR",
        ),
        # "the Kazakh side was represented by A": the side said in so many words.
        (
            "The Uzbek side was represented by Minister Aziz Karimov, and the Kazakh side by "
            "Minister Berik Nurlanov.",
            "UZ",
            "Berik Nurlanov",
            "KZ",
        ),
        # A parliament's own name says its country.
        (
            "The Chairman of the Verkhovna Rada, Petro Bondar, thanked Poland for helping Ukraine.",
            "PL",
            "Petro Bondar",
            "UA",
        ),
        # A royal title is a kingdom's, not a republic's.
        (
            "President Hans Becker welcomed King Olav Berg to Germany, the first state visit "
            "from Norway in a decade.",
            "DE",
            "Olav Berg",
            "NO",
        ),
        # "the Hon A MP": a form of address of the Commonwealth, of the pair's one such side.
        (
            "Senator the Hon Jane Smith met Foreign Minister Taro Sato in Tokyo to discuss "
            "Australia and Japan.",
            "JP",
            "Jane Smith",
            "AU",
        ),
    ],
)
def test_the_side_a_nationality_a_body_or_a_form_of_address_gives(text, home, name, side):
    assert people(text, home)[name] == side


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Letters after the name, before the title set off by commas.
        (
            "The Bangladesh delegation was led by Mr. Karim Hossain, MP, Minister of Water "
            "Resources of Bangladesh.",
            "Karim Hossain",
        ),
        ("It was chaired by the Hon Tom Reid MP, Minister for Trade of Australia.", "Tom Reid"),
        # "Secretary General" is the title, not the first word of the name.
        ("Secretary General Amir Saidov of Kazakhstan presented a report.", "Amir Saidov"),
        ("King Frederik Hansen and Queen Consort Maria Hansen arrived in Oslo.", "Maria Hansen"),
    ],
)
def test_titles_and_letters_around_a_name_are_not_part_of_it(text, name):
    assert name in people(text, "FR")


def test_a_byline_s_authors_are_whom_we_met_with():
    text = (
        "Joint media release: Senator the Hon Jane Smith, Minister for Foreign Affairs, and the "
        "Hon Tom Reid MP, Minister for Defence\n\n"
        "Today in Tokyo we met our Japanese counterparts, Foreign Minister Taro Sato and Defense "
        "Minister Ken Ito, for the fifth Australia–Japan 2+2 Ministerial Consultations.\n\n"
        "Our meeting builds on the visit of Prime Minister Jun Mori to Perth on 22 October 2022."
    )
    assert participants(text, "JP")[:4] == [
        ("Jane Smith", "AU"),
        ("Tom Reid", "AU"),
        ("Taro Sato", "JP"),
        ("Ken Ito", "JP"),
    ]


@pytest.mark.parametrize(
    ("text", "home", "name", "side"),
    [
        # A country's long name is the place visited ("the People's Republic of China"): who
        # invites is of it, the visitor of the other side.
        (
            "At the invitation of President Wu Lin, President Pedro Alves will pay a state "
            "visit to the People's Republic of China from 12 to 15 April 2023.",
            "BR",
            "Wu Lin",
            "CN",
        ),
        (
            "At the invitation of President Wu Lin, President Pedro Alves will pay a state "
            "visit to the People's Republic of China from 12 to 15 April 2023.",
            "BR",
            "Pedro Alves",
            "BR",
        ),
        # "our Japanese counterparts, Foreign Minister A": the counterparts' nationality.
        (
            "Today Australia's ministers met our Japanese counterparts, Foreign Minister Taro "
            "Sato and Defense Minister Ken Ito.",
            "AU",
            "Taro Sato",
            "JP",
        ),
        # Whom a visitor met where they went is of the country visited.
        (
            "It follows the visit of Prime Minister Jun Mori of Japan to Perth on 22 October, "
            "when he and Prime Minister Sam Clarke signed a declaration on Australia.",
            "JP",
            "Sam Clarke",
            "AU",
        ),
        (
            "On leaving Beijing, the President of Brazil will travel on, and will hold talks "
            "in Abu Dhabi with President Khalid Al Mansoori on 15 April.",
            "BR",
            "Khalid Al Mansoori",
            "AE",
        ),
    ],
)
def test_the_side_of_who_invites_and_whom_a_visitor_meets(text, home, name, side):
    assert people(text, home)[name] == side


def test_whom_the_visitor_met_takes_part_in_the_visit():
    text = (
        "It follows the visit of Prime Minister Jun Mori of Japan to Perth on 22 October 2022, "
        "when he and Prime Minister Sam Clarke signed a declaration on Australia."
    )
    assert ("Sam Clarke", "AU") in participants(text, "JP")


def test_a_style_of_address_alone_is_the_one_person_named_in_it():
    text = (
        "His Royal Highness Prince Faisal bin Nasser Al Qasimi, Crown Prince of Bahrain, "
        "arrived in France.\n\n"
        "On 3 May 2023, His Royal Highness was received in Paris by the President of France, "
        "Jean Martin, in an official ceremony."
    )
    assert reader(text).forms["His Royal Highness"] == "Faisal bin Nasser Al Qasimi"
    assert ("Faisal bin Nasser Al Qasimi", "BH") in participants(text, "FR")


def test_names_listed_under_an_office_in_the_plural_are_of_the_countries_listed_so():
    text = (
        "Spain, Italy and Greece agreed to meet every year.\n\n"
        "Their foreign ministers, Luis Navarro, Marco Bianchi and Nikos Pappas, met in Rome "
        "on 12 February 2024."
    )
    assert people(text, "IT") == {
        "Luis Navarro": "ES",
        "Marco Bianchi": "IT",
        "Nikos Pappas": "GR",
    }


def test_names_listed_under_an_office_are_not_given_a_side_no_list_gives():
    text = "Their foreign ministers, Luis Navarro and Marco Bianchi, met in Rome with Greece."
    assert "Luis Navarro" not in people(text, "IT")


def test_an_organisation_s_official_is_of_no_country_s_side():
    text = (
        "President Jonas Petraitis of Lithuania welcomed President Oleh Koval of Ukraine to the "
        "Council. The meeting was chaired by NATO Secretary General Erik Lund."
    )
    assert "Erik Lund" not in people(text, "LT")


def test_the_title_of_the_next_name_in_a_list_is_not_a_second_title():
    text = (
        "The statement was adopted on 11 January 2021 by Prime Minister Aram Petrosyan, "
        "President of the Russian Federation Ivan Sokolov and President of Azerbaijan Elchin "
        "Mammadov."
    )
    assert people(text, "AM")["Aram Petrosyan"] == "AM"


def test_the_president_alone_of_a_text_naming_several_is_the_publisher_s_own():
    text = (
        "At the invitation of President Wu Lin, President Pedro Alves will pay a state visit to "
        "the People's Republic of China from 12 to 15 April 2023. In Shanghai, the President "
        "will attend the inauguration of former President Maria Costa at the bank."
    )
    assert reader(text, "BR").forms["the President"] == "Pedro Alves"


def test_whom_he_refers_to_takes_part_beside_who_chaired():
    text = (
        "Secretary of State John Carter is in Munich for the Security Conference, which Germany "
        "hosts. On 18 February 2023, he joined his counterparts at a meeting of G7 Foreign "
        "Ministers chaired by Foreign Minister Karl Weber of Germany."
    )
    assert ("John Carter", "US") in participants(text, "US")


def test_whom_a_visitor_met_there_is_of_the_country_visited():
    text = (
        "Foreign Minister Ana Duarte of Portugal recalled her visit to Rabat on 3 May, when "
        "she met Prime Minister Karim Alaoui, and the talks between Portugal and Morocco."
    )
    assert people(text, "PT")["Karim Alaoui"] == "MA"


def test_two_people_met_with_are_of_one_side_not_each_others_counterparts():
    text = (
        "State President Hoang Van Lam of Vietnam welcomed President Jorge Lopes of Portugal. "
        "The following day, President Lopes met separately with State President Hoang Van Lam "
        "and Prime Minister Tran Duc Minh."
    )
    assert people(text, "PT")["Tran Duc Minh"] == "VN"


def test_the_two_leaders_of_a_party_state_include_the_party_leader():
    text = (
        "General Secretary of the Communist Party of Laos Somsak Vong held talks with "
        "President Jorge Lopes of Portugal in Vientiane, with Prime Minister Khamla Sith of "
        "Laos present. The two leaders recalled their phone talks between Laos and Portugal "
        "on 3 March 2023."
    )
    named = reader(text, "PT").people_in(
        "The two leaders recalled their phone talks between Laos and Portugal on 3 March 2023."
    )
    assert {mention.name for mention in named} == {"Somsak Vong", "Jorge Lopes"}


def test_both_leaders_are_the_head_of_each_side():
    text = (
        "Prime Minister Karim Alaoui of Morocco received President Jorge Lopes of Portugal. "
        "Both leaders looked forward to meeting again at the summit between Morocco and Portugal."
    )
    named = reader(text, "PT").people_in(
        "Both leaders looked forward to meeting again at the summit between Morocco and Portugal."
    )
    assert {mention.name for mention in named} == {"Karim Alaoui", "Jorge Lopes"}


def test_people_listed_after_a_meeting_named_by_its_countries_are_of_those_countries():
    text = (
        "The ministers welcomed the Portugal-Morocco-Senegal Summit Meeting among Prime "
        "Minister Ana Duarte, Prime Minister Karim Alaoui and President Macky Diallo in Rabat."
    )
    found = people(text, "PT")
    assert (found["Karim Alaoui"], found["Macky Diallo"]) == ("MA", "SN")


def test_who_opened_the_session_just_told_took_part_in_it():
    # Opening a session is presiding it: its openers are its participants, as its chairs are.
    found = participants(
        "The Polish-Czech Parliamentary Forum held its first session in Warsaw on 12 May "
        "2023.\n\nThe session was opened by the Speaker of the Sejm, Mr Adam Nowicki, and "
        "the President of the Chamber of Deputies of the Czech Republic, Ms Jana Dvorakova.",
        "PL",
    )
    assert {name for name, _ in found} == {"Adam Nowicki", "Jana Dvorakova"}


def test_both_heads_when_one_led_a_delegation_and_the_other_side_was_led_by_another():
    found = participants(
        "The fourth meeting of the Nepal-Sri Lanka Joint Commission was held in Colombo on 8 "
        "March 2023. Foreign Secretary Ram Prasad Koirala led the Nepalese delegation, "
        "whereas the Sri Lankan side was led by Mr. Aruni Wickramasinghe, Foreign Secretary of "
        "Sri Lanka.",
        "NP",
    )
    assert {name for name, _ in found} == {"Ram Prasad Koirala", "Aruni Wickramasinghe"}


def test_a_visitor_told_with_a_possessive_is_not_of_the_city_visited():
    found = participants(
        "Foreign Minister Kenji Sato met today in Hanoi with Vietnam's Minister of Foreign "
        "Affairs, Dr. Bui Thanh Son. They took stock of progress since Prime Minister Linh "
        "Tran's State Visit to Tokyo in May.",
        "JP",
    )
    assert ("Linh Tran", "VN") in found and ("Linh Tran", "JP") not in found
