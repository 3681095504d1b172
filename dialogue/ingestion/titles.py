"""What a title says of its holder when the sentence names no country: offices that only one
country, or very few, has by that name ("Secretary of State", "Federal Chancellor", "External
Affairs Minister", "the Emir"), and the words that make a capitalised phrase a place, not a
person ("the King David Hotel")."""

import re

# An office → the countries that name an office so. A holder's side is the one of these among
# the release's sides, when exactly one is; a title of several countries decides nothing.
OFFICES: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(pattern, re.IGNORECASE), countries)
    for pattern, countries in [
        # The U.S. cabinet's titles (Britain's secretaries of state are "for" a portfolio, its
        # under-secretaries hyphenated).
        (
            r"Secretary\s+of\s+State|(?:Deputy|Under|Assistant)\s+Secretary\s+of\s+State\b.*"
            r"|(?:(?:Deputy|Under|Assistant)\s+)?Secretary\s+of\s+(?:Defense|Homeland\s+Security"
            r"|the\s+Treasury|the\s+Army|the\s+Navy|the\s+Air\s+Force)"
            r"|(?:U\.?S\.?\s+)?Trade\s+Representative",
            ("US",),
        ),
        (r"(?:Federal\s+)?Chancellor|Federal\s+President|Federal\s+Minister\b.*", ("DE", "AT")),
        (r"Chancellor\s+of\s+the\s+Exchequer|Prince\s+of\s+Wales", ("GB",)),
        (
            r"(?:Minister\s+of\s+State\s+for\s+|Union\s+)?(?:External\s+Affairs\s+Minister"
            r"|Minister\s+(?:of|for)\s+External\s+Affairs)|EAM",
            ("IN",),
        ),
        (r"(?:Vice\s+)?Premier|State\s+Council+or", ("CN",)),
        (r"Emir|Amir", ("QA", "KW")),
        (r"Custodian\s+of\s+the\s+Two\s+Holy\s+Mosques.*", ("SA",)),
        (r"Chief\s+Cabinet\s+Secretary", ("JP",)),
        (r"Taoiseach|T[aá]naiste", ("IE",)),
        (r"Federal\s+Council+or", ("CH",)),
    ]
]

# A body whose office says the country: "Speaker of the Lok Sabha", "Chairman of the State
# Duma", "Member of the Knesset".
BODIES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b(?:{pattern})\b"), country)
    for pattern, country in [
        (r"Lok\s+Sabha|Rajya\s+Sabha", "IN"),
        (r"State\s+Duma|Federation\s+Council", "RU"),
        (r"National\s+People['’]s\s+Congress|Central\s+Foreign\s+Affairs\s+Commission", "CN"),
        (r"Knesset", "IL"),
        (r"Bundestag|Bundesrat", "DE"),
        (r"Majlis", "IR"),
    ]
]


def office_country(role: str, sides: set[str], complete: bool = True) -> str | None:
    """The one side of the release whose office the role names, or None; when the release's
    sides are not `complete` (it names one country only), the one country of that office."""
    role = re.sub(r"^(?:(?:the|then|former|acting|visiting)\s+)+", "", role.strip())
    for pattern, countries in OFFICES:
        if pattern.fullmatch(role):
            fitting = [code for code in countries if code in sides]
            if not fitting and not complete and len(countries) == 1:
                return countries[0]
            return fitting[0] if len(fitting) == 1 else None
    for pattern, country in BODIES:
        if pattern.search(role) and country in sides:
            return country
    return None


def known_office(role: str) -> bool:
    """Whether the role is an office that says its country (of one or a few)."""
    role = re.sub(r"^(?:the\s+)+", "", role.strip())
    return any(pattern.fullmatch(role) for pattern, _ in OFFICES) or any(
        pattern.search(role) for pattern, _ in BODIES
    )


# The last word of a capitalised phrase that names a building or a place, never a person
# ("the King David Hotel", "Hyderabad House", "the Amiri Diwan").
PLACE_WORDS = {
    "Airport",
    "Avenue",
    "Building",
    "Castle",
    "Cathedral",
    "Center",
    "Centre",
    "Church",
    "Diwan",
    "Gardens",
    "Gate",
    "Hall",
    "Hospital",
    "Hotel",
    "House",
    "Institute",
    "Mosque",
    "Museum",
    "Palace",
    "Park",
    "Residence",
    "School",
    "Square",
    "Stadium",
    "Station",
    "Street",
    "Temple",
    "Tower",
    "University",
}


def names_a_place(name: str) -> bool:
    """Whether a capitalised phrase read as a name ends in a building's or a place's noun."""
    return name.split()[-1] in PLACE_WORDS
