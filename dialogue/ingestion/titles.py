"""What a title says of its holder when the sentence names no country: offices that only one
country, or very few, has by that name ("Secretary of State", "Federal Chancellor", "External
Affairs Minister", "the Emir"), and the words that make a capitalised phrase a place, not a
person ("the King David Hotel")."""

import re

# The kingdoms, emirates and sultanates of today, whose royals' titles say their side.
MONARCHIES = (
    "GB", "ES", "NL", "BE", "NO", "SE", "DK", "LU", "LI", "MC", "JP", "TH", "KH", "MY", "BN",
    "BT", "SA", "JO", "MA", "BH", "KW", "QA", "AE", "OM", "SZ", "LS", "TO",
)  # fmt: skip

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
        # A monarch's or a royal's title: of a kingdom, not of a republic ("King A" of the
        # Germany–United Kingdom pair is Britain's); realms whose head is another's monarch
        # are not counted.
        (
            r"(?:Crown\s+)?(?:King|Queen|Prince|Princess)|Queen\s+Consort",
            MONARCHIES,
        ),
        (r"Emperor|Empress", ("JP",)),
        (r"Sultan", ("OM", "BN", "MY")),
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
        # National parliaments by their own names.
        (r"Verkhovna\s+Rada", "UA"),
        (r"Sabor", "HR"),
        (r"Sejm", "PL"),
        (r"Seimas", "LT"),
        (r"Saeima", "LV"),
        (r"Riigikogu", "EE"),
        (r"Storting", "NO"),
        (r"Riksdag", "SE"),
        (r"Folketing", "DK"),
        (r"Eduskunta", "FI"),
        (r"Oireachtas|D[aá]il(?:\s+[EÉ]ireann)?|Seanad", "IE"),
        (r"Grand\s+National\s+Assembly", "TR"),
        (r"Mazhilis", "KZ"),
        (r"Oliy\s+Majlis", "UZ"),
        (r"Jogorku\s+Kenesh", "KG"),
        (r"Milli\s+Majlis", "AZ"),
        (r"Althing", "IS"),
        (r"Sobranie", "MK"),
        (r"Skupština", "RS"),
        (r"National\s+Diet", "JP"),
        (r"House\s+of\s+Commons|House\s+of\s+Lords", "GB"),
    ]
]

# Forms of address before a name or letters after it that only some countries use: "the Hon A
# MP" (the Commonwealth's, and the United States' "the Honorable"); the one side of these decides.
ADDRESS_COUNTRIES = (
    "AU", "NZ", "CA", "GB", "US", "IN", "PK", "BD", "LK", "SG", "MY", "PH", "KE", "NG", "GH",
    "UG", "ZM", "ZW", "TZ", "MW", "BW", "NA", "ZA", "JM", "TT", "BB", "BS", "FJ", "PG", "WS",
    "TO", "SB", "VU", "MT", "CY", "MU", "SC", "SL", "GM", "RW", "CM", "LR", "BZ", "GY",
)  # fmt: skip
ADDRESS = re.compile(r"\b(?:[Tt]he\s+Hon(?:ourable|orable)?\b\.?|MP\b)")


def address_country(mention: str, sides: set[str]) -> str | None:
    """The one side of the release whose forms of address the mention uses ("Senator the Hon
    A", "A MP"), or None."""
    if not ADDRESS.search(mention):
        return None
    fitting = [code for code in ADDRESS_COUNTRIES if code in sides]
    return fitting[0] if len(fitting) == 1 else None


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
