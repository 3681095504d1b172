"""Where a round took place when the text names its venue, not its city: the seats of heads of
state and government and the halls where talks are held ("at the Élysée Palace", "at the White
House", "at the Amiri Diwan"), and summits named after their city ("the Johannesburg Summit",
"the G7 Hiroshima Summit"). General knowledge of diplomatic venues, not of any release."""

import re

# A venue's name as texts write it → the city it is in, as the gazetteer names it.
VENUES = {
    r"White\s+House": "Washington",
    r"[ÉE]lys[ée]e(?:\s+Palace)?": "Paris",
    r"Quai\s+d['’]Orsay": "Paris",
    r"Kremlin": "Moscow",
    r"Great\s+Hall\s+of\s+the\s+People": "Beijing",
    r"Diaoyutai(?:\s+State\s+Guesthouse)?": "Beijing",
    r"Zhongnanhai": "Beijing",
    r"Downing\s+Street": "London",
    r"Lancaster\s+House": "London",
    r"Hyderabad\s+House": "New Delhi",
    r"Rashtrapati\s+Bhavan": "New Delhi",
    r"Kantei|Akasaka\s+Palace|Iikura\s+Guest\s+House": "Tokyo",
    r"Blue\s+House|Yongsan\s+presidential\s+office": "Seoul",
    r"Federal\s+Chancellery|Bellevue\s+Palace": "Berlin",
    r"Amiri\s+Diwan": "Doha",
    r"Al[- ]Yamamah\s+Palace": "Riyadh",
    r"Ak\s+Orda": "Astana",
    r"Kumsusan\s+Palace": "Pyongyang",
    r"Rideau\s+Hall": "Ottawa",
    r"Palacio\s+Nacional|National\s+Palace\s+in\s+Mexico": "Mexico City",
}
VENUE = re.compile(
    r"\b(?:" + "|".join(f"(?P<v{i}>{pattern})" for i, pattern in enumerate(VENUES)) + r")\b"
)
CITIES = list(VENUES.values())
# "the Johannesburg Summit of 4-5 December 2015", "the G7 Hiroshima Summit".
CITY_SUMMIT = re.compile(r"\b[Tt]he\s+(?:G\d{1,2}\s+)?(?P<city>[A-Z][a-z][\w'’-]*)\s+Summit\b")


def venue_city(text: str) -> tuple[str, int] | None:
    """The city of the first venue the text names, and where the venue is named."""
    match = VENUE.search(text)
    if match is None:
        return None
    index = next(int(name[1:]) for name, value in match.groupdict().items() if value)
    return CITIES[index], match.start()
