"""Whose side people are on, as diplomatic prose says it around their names: lists of holders of
an office with their countries ("the Presidents of Chile, A; and Peru, B", "the foreign
ministers of Chile, Peru and Mexico — A, B and C"), holders of an office in the plural named
together ("Prime Ministers A and B", "Presidents C and D"), a country represented by someone
("Peru, a guest, was represented by A"), and the publisher's voice: a release names the other
countries' officials with their country ("India's Minister of Defence") and its own without
("The Minister for Defence"). Each function reads a text with the country names it is given;
none imports the reader."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from .names import HONORIFIC, LATER_WORD, NAME, UPPER

# Offices in the plural, each with the singular a participant's role takes.
PLURAL_OFFICES = {
    "presidents": "President",
    "prime ministers": "Prime Minister",
    "heads of state": "Head of State",
    "heads of government": "Head of Government",
    "heads of state and government": "Head of State or Government",
    "leaders": "Leader",
    "foreign ministers": "Foreign Minister",
    "ministers of foreign affairs": "Minister of Foreign Affairs",
    "defence ministers": "Defence Minister",
    "defense ministers": "Defense Minister",
    "ministers of defence": "Minister of Defence",
    "finance ministers": "Finance Minister",
    "trade ministers": "Trade Minister",
    "chancellors": "Chancellor",
    "premiers": "Premier",
    "speakers": "Speaker",
    "vice presidents": "Vice President",
    "ministers": "Minister",
    "secretaries": "Secretary",
}
PLURAL_OFFICE = (
    r"(?i:"
    + "|".join(
        r"\s+".join(words.split()) for words in sorted(PLURAL_OFFICES, key=len, reverse=True)
    )
    + r")"
)
# What separates the items of a list: a comma, "and", both.
LIST_BREAK = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
# The countries' list and the names' list apart: a dash, a colon, a comma.
LISTS_BREAK = re.compile(r"\s*(?:[—–]|--|:|,)\s*|\s+-\s+")


@dataclass
class Listed:
    """A person a list names, the country it gives them and their office."""

    name: str
    country: str
    role: str
    start: int
    end: int


def singular(office: str) -> str:
    """The office of one holder of an office named in the plural ("foreign ministers": "Foreign
    Minister")."""
    return PLURAL_OFFICES[" ".join(office.lower().split())]


def _list_at[T](
    text: str,
    at: int,
    item: Callable[[int], tuple[T, int] | None],
    separator: str = LIST_BREAK,
) -> tuple[list[T], int]:
    """The items a list gives from `at`, each read by `item` (its value and where it ends, or
    None), one `separator` between two; and where the list ends."""
    values: list[T] = []
    position = at
    while True:
        start = position
        if values:
            gap = re.compile(separator).match(text, position)
            if gap is None:
                break
            start = gap.end()
        read = item(start)
        if read is None:
            break
        value, position = read
        values.append(value)
    return values, position


def _countries_at(
    text: str, at: int, country_re: re.Pattern[str], country_names: dict[str, str]
) -> tuple[list[str], int]:
    """The countries a list names from `at` ("Chile, Peru and the Philippines"), and where it
    ends."""

    def country_at(start: int) -> tuple[str, int] | None:
        the = re.compile(r"the\s+").match(text, start)
        country = country_re.match(text, the.end() if the else start)
        return (country_names[country[1]], country.end()) if country else None

    return _list_at(text, at, country_at)


def _names_at(text: str, at: int) -> list[re.Match[str]]:
    """The names a list gives from `at` ("A, B and C"), each with its forms of address."""
    pattern = re.compile(HONORIFIC + r"{0,2}" + NAME)

    def name_at(start: int) -> tuple[re.Match[str], int] | None:
        name = pattern.match(text, start)
        return (name, name.end()) if name else None

    return _list_at(text, at, name_at)[0]


# A holder after their country's name: "Chile, A".
COMMA_HOLDER = re.compile(r",\s+" + HONORIFIC + r"{0,2}" + NAME)
OFFICE_OF = re.compile(r"\b(?:the|its|their)\s+(?P<office>" + PLURAL_OFFICE + r")\s+of\s+")


def listed_with_countries(
    text: str, country_re: re.Pattern[str], country_names: dict[str, str]
) -> list[Listed]:
    """The holders of an office a sentence names with their countries, in either order of
    lists: "the foreign ministers of Chile, Peru and Mexico — A, B and C" (as many names as
    countries, the same order), "the Presidents of Chile, A; Peru, B; and Mexico, C" (each
    country before its holder). Nothing when the counts differ."""
    found: list[Listed] = []
    for office in OFFICE_OF.finditer(text):
        role = singular(office["office"])
        codes, end = _countries_at(text, office.end(), country_re, country_names)
        if len(codes) >= 2 and (gap := LISTS_BREAK.match(text, end)):
            names = _names_at(text, gap.end())
            if len(names) == len(codes):
                found.extend(
                    Listed(name["name"], code, role, name.start("name"), name.end("name"))
                    for name, code in zip(names, codes, strict=True)
                )
                continue
        # Each country, a comma, its holder; the items apart by semicolons.

        def country_then_holder(start: int, role: str = role) -> tuple[Listed, int] | None:
            the = re.compile(r"the\s+").match(text, start)
            country = country_re.match(text, the.end() if the else start)
            holder = COMMA_HOLDER.match(text, country.end()) if country else None
            if country is None or holder is None:
                return None
            listed = Listed(
                holder["name"],
                country_names[country[1]],
                role,
                holder.start("name"),
                holder.end("name"),
            )
            return listed, holder.end()

        items, _ = _list_at(text, office.end(), country_then_holder, r";\s+(?:and\s+)?")
        if len(items) >= 2:
            found.extend(items)
    for office in OFFICE_THEN_LIST.finditer(text):
        # Each holder, then "of" their country: "the foreign ministers of the five States -
        # A of Chile, B of Peru and C of the Philippines".
        role = singular(office["office"])

        def holder_of_country(start: int, role: str = role) -> tuple[Listed, int] | None:
            holder = HOLDER_OF.match(text, start)
            country = country_re.match(text, holder.end()) if holder else None
            if holder is None or country is None:
                return None
            listed = Listed(
                holder["name"],
                country_names[country[1]],
                role,
                holder.start("name"),
                holder.end("name"),
            )
            return listed, country.end()

        items, _ = _list_at(text, office.end(), holder_of_country)
        if len(items) >= 2:
            found.extend(items)
    return found


# An office in the plural, then a list of its holders: "the foreign ministers of the eight
# States - ", "the leaders: ".
OFFICE_THEN_LIST = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?P<office>" + PLURAL_OFFICE + r")\b[^.;:—–-]{0,60}?"
    r"(?:\s+[-—–]\s+|\s*[:—]\s*|,\s+)"
)
HOLDER_OF = re.compile(HONORIFIC + r"{0,2}" + NAME + r"\s+of\s+(?:the\s+)?")


# Holders of an office in the plural, then their names: "Prime Ministers A and B", "Presidents
# C, D and E" (surnames alone when named in full elsewhere).
PLURAL_TITLED = re.compile(
    r"\b(?P<office>(?-i:Presidents|Prime\s+Ministers|Chancellors|Premiers|Foreign\s+Ministers"
    r"|Defen[cs]e\s+Ministers|Ministers|Secretaries|Vice\s+Presidents))\s+"
    r"(?=[A-Z])"
)


def plural_titled(text: str) -> list[tuple[str, str, int, int]]:
    """Each name or surname a plural title names (name or surname, the office of one holder,
    where the name begins and ends): "Prime Ministers A B and C D", "Presidents E and F"."""
    found: list[tuple[str, str, int, int]] = []
    full = re.compile(HONORIFIC + r"{0,2}" + NAME)
    surname = re.compile(r"(?P<name>" + LATER_WORD + r")(?![\w-])")

    def name_or_surname(start: int) -> tuple[re.Match[str], int] | None:
        name = full.match(text, start) or surname.match(text, start)
        return (name, name.end()) if name else None

    for office in PLURAL_TITLED.finditer(text):
        role = singular(office["office"])
        items = _list_at(text, office.end(), name_or_surname)[0]
        # "and" before the last: a list, not the title of one name.
        if len(items) >= 2 and re.search(r"\band\s+$", text[: items[-1].start()]):
            found.extend((m["name"], role, m.start("name"), m.end("name")) for m in items)
    return found


def represented_by(
    text: str, at: int, country_re: re.Pattern[str], country_names: dict[str, str]
) -> str | None:
    """The country a sentence says the person named at `at` represents: "Peru will be
    represented by the President of the Council of Ministers, A", "Turkmenistan, a guest of the
    format, was represented by B", "the Russian side was represented by C"."""
    window_start = max(0, at - 240)
    window = text[window_start:at]
    stated = [
        country
        for country in country_re.finditer(window)
        if re.fullmatch(
            r"(?:\s+(?:side|delegation|team))?"
            # What is said of the country in passing, between commas.
            r"(?:,[^,.;]{1,160},)?"
            r"\s+(?:(?:was|were|is|are|will\s+be)\s+(?:represented|led|headed)\s+by|by)"
            # The title before the name ("by the President of the Council of Ministers, A").
            r"\s+(?:the\s+)?(?:(?:[A-Z][\w’'.-]*|of|for|the|and),?\s+)*",
            window[country.end() :],
        )
    ]
    return country_names[stated[-1][1]] if stated else None


# The verb of one side meeting the other: "A met B", "A received B", "A held talks with B".
MEETING_VERB = re.compile(
    r"\b(?:met(?:\s+with)?|received|hosted|welcomed|held\s+(?:talks|a\s+meeting)\s+with"
    r"|called\s+on)\b"
)


def met_across(text: str) -> tuple[int, int] | None:
    """Where the verb of a sentence that tells one side meeting another is ("A, today met B"),
    or None."""
    verb = MEETING_VERB.search(text)
    return verb.span() if verb else None


def publisher_by_voice(
    meetings: list[tuple[list[str | None], list[str | None]]], pair: list[str]
) -> str | None:
    """The side of the people a release of two sides names without their country: in a
    sentence of one side meeting the other, each of the sides given (before the verb and after
    it), when the text gives a country to everyone of one side (one country of the pair) and
    to no one of the other: those are of the other country of the pair ("The Minister for
    Defence, A, met India's Minister of Defence, B": A is not India's), and the release's own,
    as it writes its own officials without their country. None when no sentence says so, or
    two say otherwise."""
    if len(pair) != 2:
        return None
    found: set[str] = set()
    for before, after in meetings:
        for unstated, stated in ((before, after), (after, before)):
            if (
                unstated
                and stated
                and all(side is None for side in unstated)
                and len(set(stated)) == 1
                and stated[0] in pair
            ):
                found.add(pair[1 - pair.index(stated[0])])
    return found.pop() if len(found) == 1 else None


# The fields of a portfolio, however a country names its office ("Minister for Foreign
# Affairs", "External Affairs Minister", "Foreign Secretary"), and heads' offices.
PORTFOLIOS = {
    "foreign affairs": r"foreign|external\s+affairs|secretary\s+of\s+state$",
    "defence": r"defen[cs]e|armed\s+forces",
    "finance": r"finance|treasury|exchequer",
    "trade": r"trade|commerce",
    "interior": r"interior|home\s+affairs|homeland\s+security",
    "justice": r"justice|attorney\s+general",
    "economy": r"econom",
    "energy": r"energy",
    "agriculture": r"agricultur",
    "health": r"health",
    "education": r"education",
    "transport": r"transport",
}
HEADS = re.compile(
    r"^(?:(?P<deputy>deputy|vice|first\s+deputy)\s+)?(?P<head>prime\s+minister"
    r"|president|chancellor|premier|head\s+of\s+(?:state|government))$"
)


def offices(role: str) -> set[str]:
    """The offices a role names, each as the fields of its portfolio or a head's office:
    "Deputy Prime Minister and Minister for Defence": {"deputy prime minister", "defence"}."""
    found: set[str] = set()
    for part in re.split(r"\s+and\s+(?=[A-Z])|,\s+", role):
        low = " ".join(part.lower().split())
        fields = {field for field, pattern in PORTFOLIOS.items() if re.search(pattern, low)}
        if fields:
            found |= fields
        elif head := HEADS.match(re.sub(r"\s+of\s+.*$", "", low)):
            found.add(" ".join(filter(None, [head["deputy"], head["head"]])))
    return found


def same_office(role: str, other: str) -> bool:
    """Whether two roles share an office: "Minister for Defence" and "Defence Minister",
    "External Affairs Minister" and "Minister for Foreign Affairs"."""
    return bool(offices(role) & offices(other))


def possessive_over_list(
    text: str, at: int, country_re: re.Pattern[str], country_names: dict[str, str]
) -> str | None:
    """The country of a possessive that governs a list of titles and names, for the title that
    begins at `at` after "and": "met Chile's Minister of Finance, A, and Minister of Energy, B"
    (B is Chile's too)."""
    before = text[max(0, at - 200) : at]
    listed = re.search(
        r"(?P<country>\S+(?:\s+\S+){0,3}?)['’]s\s+(?:[A-Z][\w’'-]*\s+|(?:of|for|the|and)\s+){1,8}?"
        r"[A-Z][\w’'-]*,\s+" + HONORIFIC + r"{0,2}" + NAME + r",\s+and\s+$",
        before,
    )
    if listed is None:
        return None
    country = None
    for match in country_re.finditer(listed["country"]):
        if match.end() == len(listed["country"]):
            country = match
    return country_names[country[1]] if country else None


# A parliament, by its kind or its own name ("the National Assembly", "the Bundestag").
PARLIAMENT = re.compile(
    r"\b(?:Parliament|National\s+Assembly|Assembl[eé]e|Senate|House\s+of\s+\w+|Congress|Diet"
    r"|Chamber\s+of\s+Deputies|Duma|Federation\s+Council|Bundestag|Bundesrat|Sejm|Seimas|Saeima"
    r"|Riigikogu|Knesset|Majlis|Lok\s+Sabha|Rajya\s+Sabha|Verkhovna\s+Rada|Storting|Riksdag"
    r"|Folketing|Eduskunta|Cortes|Camera|Senato|Sabor|Skupština|Mazhilis|Jogorku\s+Kenesh)\b"
)
PRESIDING = re.compile(r"\b(?:Speaker|President|Chair(?:man|woman|person)?)\b")


def presides_parliament(role: str) -> bool:
    """Whether a role is a parliament's presiding office ("Bundestag President", "the Speaker
    of the House of Commons", "President of the National Assembly")."""
    return bool(PRESIDING.search(role) and PARLIAMENT.search(role))


def surnames_alone(names: list[str], text: str, not_names: set[str]) -> dict[str, str]:
    """The surnames the text writes alone for the one person of that surname it names in full
    ("Speaking at the meeting, Tokayev proposed", "the first visit by Maduro"): each a word of
    four letters or more, no other name's word nor in `not_names` (countries, nationalities),
    written alone wherever the text writes it outside a full name (not "Brown University")."""
    owners: dict[str, set[str]] = {}
    for name in names:
        for word in name.split():
            owners.setdefault(word, set()).add(name)
    found: dict[str, str] = {}
    for name in names:
        words = name.split()
        surname = words[-1]
        if len(words) < 2 or len(surname) < 4 or surname in not_names or surname.isupper():
            continue
        if owners[surname] != {name}:
            continue
        full = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
        alone = [
            m
            for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text)
            if not any(start <= m.start() < end for start, end in full)
        ]
        if alone and all(
            not re.search(rf"[{UPPER}][\w’'-]*\s+$", text[max(0, m.start() - 30) : m.start()])
            and not re.match(rf"\s+[{UPPER}]", text[m.end() :])
            for m in alone
        ):
            found[surname] = name
    return found
