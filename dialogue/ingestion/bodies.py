"""Official names of dialogue bodies, read whole (issue 21 §2): "the Tokyo International
Conference on African Development (TICAD 8)", "the Working Mechanism for Consultation &
Coordination on India-China Border Affairs (WMCC)", "the Intergovernmental Commission on Trade,
Economic, Scientific, Technical and Cultural Cooperation".

A name is a run of capitalised words joined by "of", "on", "for", "and", "&", "the" or a
colon, or by the commas of a list that ends in "and", holding a head noun that says what the
body is (Consultations, Dialogue, Commission, Committee, Council, Meeting, Conference, Summit,
Forum, Working Group or Mechanism, Assembly). Its kind is read from that head noun; an acronym
in brackets after it is kept, with a round's number it may carry ("TICAD 8", "TICAD VI").

Not a dialogue body: a person's title and what it is of ("Member of the Council of Ministers",
"Secretary of the Supreme National Security Council"), a country's own institutions (national,
federal or central bodies, a cabinet's council of ministers), the organs of the United Nations
(an election to the Security Council is no round) and the capitals of a heading in title case.
"""

import re
from dataclasses import dataclass

from ..choices import MechanismKind, MechanismLevel

# A capitalised word of a name: "High-Level", "Vice-Ministerial", "U.S.", "Japan-U.S.-ROK",
# "Leaders'", "G20", "2+2".
# A full stop ends a word only in an abbreviation of capitals ("U.S."), so a name never runs on
# into the next sentence.
WORD = (
    r"(?:(?:[A-Z]\.){2,}(?:[-–][A-Z][\w’'+-]*)?|[A-Z][\w’'+-]*(?:–[A-Z][\w’'+-]*)*"
    r"(?:\.[\w’'+-]+)*(?:\.(?=-)|(?<=\.[A-Z])\.)?"
    r"|\d+\s*\+\s*\d+)"
)
NAME = re.compile(
    rf"{WORD}(?::?(?:[ \t]+(?:(?:of|on|for)(?:[ \t]+the)?|and|&|the))?[ \t]+{WORD}"
    # An official name runs through the commas of a list of capitalised words ending in "and"
    # ("on Trade, Economic, Scientific, Technical and Cultural Cooperation").
    rf"|,[ \t]+(?={WORD}(?:,[ \t]+{WORD})*[ \t]+and[ \t]+{WORD})(?:{WORD})"
    # It runs on over a community's acronym to the meeting it names: "the Southern African
    # Development Community (SADC) Summit".
    rf"|[ \t]+\([A-Z][A-Z0-9]+\)(?=[ \t]+{WORD}))*"
)
# The acronym in brackets after a name, with the round's number it may carry: "(TICAD 8)".
ACRONYM = re.compile(
    r"\s*\([\"“]?(?P<acronym>[A-Z][A-Za-z0-9.&+-]*[A-Z0-9+]|\d\+\d)"
    r"(?:\s+(?P<number>\d{1,3}|[IVXLC]{1,6}))?[\"”]?\)"
)
HEADS = re.compile(
    r"\b(?:Consultations|Dialogue|Commission|Committee|Council|Meeting|Conference|Summit|Forum"
    r"|Working\s+(?:Group|Mechanism)|Assembly)\b"
)
# Words that open a name but are not part of it: "The Eighth …", "This year's …", "Special".
LEADING = re.compile(
    r"^(?:(?:The|the|This|That|An?|Its|Their|Annual|Each|Every|Both|Today|On|In|At|For|During"
    r"|Special|Virtual|Extraordinary|Informal|Regular|Plenary|Joint\s+Statement\s+on"
    r"|\d{1,3}(?:st|nd|rd|th)"
    r"|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth"
    r"|Thirteenth|Fourteenth|Fifteenth|Sixteenth|Seventeenth|Eighteenth|Nineteenth|Twentieth"
    r"|Inaugural)\s+)+"
)
# An event of a body, told by a heading's words: "Meeting of the Working Mechanism …",
# "Conclusion of the Eighth Round of the …" (the body is the inner name, when that has a head
# noun of its own).
EVENT_OF = re.compile(
    r"^(?:(?:Meeting|Session|Round|Conclusion|Readout|Opening|Closing|Outcome|Statement"
    r"|Results?)\s+(?:of|on)\s+(?:the\s+)?)+"
)
# "The Summit of the Forum on …": a summit of a body is a round of that body, of its kind.
SUMMIT_OF = re.compile(r"^Summit\s+of\s+(?:the\s+)?")
# Words that say only that leaders met: "the India-Japan Annual Summit", "the Japan-ROK Summit
# Meeting" name no body but the pair's leaders' meetings.
GENERIC = {
    *("Annual", "Summit", "Meeting", "Meetings", "Leaders", "Leaders'", "Leaders’"),
    # How the leaders met, not which summit: "the Virtual Summit".
    *("Virtual", "Informal", "Online"),
}
GENERIC |= {"Bilateral", "Joint", "Talks", "Official", "Working", "Visit", "State"}
# Words that only a heading in title case capitalises after its start.
TITLE_CASE_WORDS = (
    r"(?<![\w-])(?:In|To|At|With|From|By|On|And|Of|The|Hold|Holds|Held|Meet|Meets|Attend|Attends|Chair"
    r"|Chairs|Host|Hosts|Hosted|Conclude|Concludes|Concluded|Open|Opens|Opened|End|Ends|Sign"
    r"|Signs|Discuss|Discusses|Begin|Begins|Take|Takes|Launch|Launches)\b"
)
# A person's title, which what follows "of" belongs to ("Member of the Council of …").
TITLE = (
    r"(?:Member|Secretary|Director|President|Vice-President|Chair|Chairman|Chairwoman"
    r"|Chairperson|Co-Chairs?|Minister|Head|Deputy|Commissioner|Representative|Speaker"
    r"|Advis[oe]r|Spokes(?:person|man|woman)|Ambassador|Envoy|Governor|Chief|Officer"
    r"|Counsel+or|Premier|Leader|Sultan|Sheikh|Emir|King|Queen|Prince|Chancellor|Mr|Mrs|Ms|Dr)"
)
# A title and what it is of ("Premier Li Qiang of the State Council"), a name opening with a
# title ("President Joe Biden's Meeting"), or ending with one ("… and National Security Advisor").
ROLE = re.compile(
    rf"\b{TITLE}\b(?:\s+[A-Z][\w’'-]*){{0,3}}\s+(?:of|to|for)\b"
    r"|^(?:Mr|Mrs|Ms|Dr|President|Prime\s+Minister|Premier|Chancellor|King|Queen|Prince|Emir"
    r"|Sultan|Sheikh)\b"
    rf"|\b{TITLE}(?:\s+[A-Z]\w*\.?)?$"
)
# A country's own institution, not a dialogue between countries ("Central" of a central bank
# or committee, not of a region: "the Heads of State of Central Asia").
DOMESTIC = re.compile(
    r"\b(?:National|Federal|Central(?!\s+(?:Asia|America|Europe|Africa))|Provincial|Municipal|Ministry|Department|Office|Cabinet"
    r"|Party|Council\s+of\s+(?:Ministers|States))\b"
)
# The organs of the United Nations and the standing institutions of unions of states: their
# sessions and elections are no rounds of a dialogue, and talks with them are not of them.
UNITED_NATIONS = re.compile(
    r"\b(?:United\s+Nations|UN|Security\s+Council|General\s+Assembly|Human\s+Rights\s+Council"
    r"|Economic\s+and\s+Social\s+Council|European\s+(?:Commission|Parliament)"
    r"|(?:African\s+Union|Eurasian\s+Economic)\s+Commission|Commission\s+of\s+the\s+African\s+Union)\b"
)
PARLIAMENTARY = re.compile(
    r"Parliament|Speakers|Inter-Parliamentary|Parliamentary|Legislat|\bIPU\b"
)
# The organisers of conferences that are no intergovernmental body: institutes, foundations.
ORGANISED = re.compile(r"\b(?:Institute|Foundation|University)\b")
# A meeting of heads of state or government, whatever its head noun.
LEADERS = re.compile(r"\bHeads\s+of\s+(?:State|Government)|\bLeaders['’]?\s")
# Two countries named by their adjectives or names joined by a hyphen: a body between them.
HYPHENATED = re.compile(r"\b[A-Z][\w.]*[-–][A-Z]")


@dataclass
class Body:
    """A body's name as the text writes it, with what it is."""

    name: str
    kind: str
    level: str = ""
    acronym: str = ""
    number: int | None = None
    start: int = 0


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman(numeral: str) -> int:
    """The value of a Roman numeral ("VI": 6)."""
    values = [ROMAN[letter] for letter in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


# Words of a region's name: a dialogue of a country and a region is named after them alone.
REGION_WORDS = {
    "Central",
    "North",
    "South",
    "East",
    "West",
    "Eastern",
    "Western",
    "Southeast",
    "Northeast",
    "Middle",
    "Asia",
    "Asian",
    "Africa",
    "African",
    "Europe",
    "European",
    "Union",
    "Pacific",
    "Arab",
    "Gulf",
    "Latin",
    "America",
    "American",
    "Caribbean",
    "Nordic",
    "Baltic",
    "Balkan",
    "Balkans",
    "Indo",
    "Mediterranean",
    "Sahel",
    "Caucasus",
    "ASEAN",
    "EU",
    "Islands",
    "Island",
    "Arctic",
    "Ocean",
    "Sea",
    "Black",
    "Horn",
}


def places_only_dialogue(name: str, countries: dict[str, str]) -> bool:
    """A dialogue named only after the countries or regions it is between ("the India-Central
    Asia Dialogue"): their consultations, not a strategic dialogue, which its name qualifies
    ("Strategic", "High-Level Economic")."""
    words = re.match(r"(?:[Tt]he\s+)?(.+?)\s+Dialogue\b", name)
    if words is None or not re.search(r"[-–]", words[1]):
        return False
    places = [w for w in re.split(r"\s+|[-–]", words[1]) if w]
    return all(word in countries or word in REGION_WORDS for word in places)


def kind_of(
    name: str, acronym: str = "", countries: dict[str, str] | None = None
) -> tuple[str, str]:
    """The kind and level a body's name says: from its parliamentary or leaders' words, else
    from its first head noun ("the Supreme Council of the Gulf Cooperation Council" is a
    council, "the Forum on China-Africa Cooperation Summit" a forum)."""
    if re.search(r"2\s*\+\s*2", f"{name} {acronym}") or re.search(
        r"\bForeign\s+and\s+Defen[cs]e\b", name
    ):
        return MechanismKind.TWO_PLUS_TWO, MechanismLevel.MINISTERIAL
    if PARLIAMENTARY.search(name):
        return MechanismKind.PARLIAMENTARY, MechanismLevel.PARLIAMENTARY
    if ORGANISED.search(name):
        # "the … Institute for Strategic Studies (IISS) Shangri-La Dialogue": a conference an
        # institute holds, open to whom it invites, is a forum, whatever its head noun.
        return MechanismKind.FORUM, ""
    if HEADS.search(inner := SUMMIT_OF.sub("", name)):
        name = inner
    head = HEADS.search(name)
    word = head[0].split()[0] if head else ""
    # "the Ministerial Meeting of the Arctic Council": a meeting of a body is a round of it.
    of_body = re.search(r"\bMeeting\s+of\s+(?:the\s+)?(.+)", name)
    if word == "Meeting" and of_body and (body_head := HEADS.search(of_body[1])):
        word = body_head[0].split()[0]
    if word == "Summit" or (word == "Meeting" and LEADERS.search(name)):
        return MechanismKind.SUMMIT, MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT
    level = (
        MechanismLevel.DEPUTY_MINISTER
        if re.search(r"\b(?:Vice|Deputy)[- ]Minist", name)
        else MechanismLevel.MINISTERIAL
        if re.search(r"\bMinisterial\b|\bMinisters['’]", name)
        else ""
    )
    kind = {
        "Consultations": MechanismKind.CONSULTATIONS,
        "Meeting": MechanismKind.CONSULTATIONS,
        "Dialogue": MechanismKind.STRATEGIC_DIALOGUE,
        "Commission": MechanismKind.INTERGOVERNMENTAL_COMMISSION,
        "Committee": MechanismKind.COUNCIL,
        "Council": MechanismKind.COUNCIL,
        "Conference": MechanismKind.FORUM,
        "Forum": MechanismKind.FORUM,
        "Working": MechanismKind.WORKING_GROUP,
        "Assembly": MechanismKind.FORUM,
    }.get(word, MechanismKind.CONSULTATIONS)
    if word == "Dialogue" and places_only_dialogue(name, countries or {}):
        kind = MechanismKind.CONSULTATIONS
    return kind, level


def not_a_dialogue(name: str, countries: dict[str, str]) -> bool:
    """A title and its body, a country's own institution ("the Indian Council of World
    Affairs", a national council) or an organ of the United Nations."""
    if ROLE.search(name) or UNITED_NATIONS.search(name):
        return True
    words = [w for w in re.split(r"[\s–-]+", name) if w and w not in countries]
    if all(word in GENERIC for word in words):
        return True
    if HYPHENATED.search(name) or re.search(r"\b(?:Consultations|Dialogue)\b", name):
        return False  # "the Foreign Office Consultations", "the Franco-German Council …"
    first = re.match(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?", name)
    own = first is not None and any(
        re.match(rf"{re.escape(country)}\s+(?!and\b)", name)
        for country in countries
        if first[0].startswith(country)
    )
    return bool(DOMESTIC.search(name)) or (
        own and bool(re.search(r"\b(?:Council|Committee|Commission|Assembly|Conference)\b", name))
    )


def organiser(name: str) -> int | None:
    """Where the name of an organiser an acronym in brackets abbreviates begins, in a body's
    name that runs on past it: "… International Institute for Strategic Studies (IISS) Shangri-La
    Dialogue" (its "for" is the organiser's, not a join to words before the body)."""
    acronym = re.search(r"\(([A-Z][A-Za-z]*[A-Z])\)\s+\S", name)
    if acronym is None:
        return None
    before = name[: acronym.start()].rstrip()
    for word in re.finditer(r"(?<!\S)[A-Z][\w’'-]*", before):
        if initials(before[word.start() :], connectors=False) == acronym[1].lower():
            return word.start()
    return None


def opening(name: str) -> str:
    """The name without the words before it: "The Eighth …", "Conclusion of the Eighth Round
    of the …", "… in New Delhi for the G20 Leaders' Summit" (a "for" or "on" before the first
    head noun joins the name to words that are not of it, unless it is of the organiser's name
    an acronym in brackets abbreviates)."""
    while True:
        lead = LEADING.sub("", name)
        if HEADS.search(inner := EVENT_OF.sub("", lead)):
            lead = inner
        head = HEADS.search(lead)
        joined = re.search(r"\s(?:for|on)\s+(?:the\s+)?", lead[: head.start()]) if head else None
        begins = organiser(lead)
        if joined and begins is not None and begins <= joined.start():
            lead = lead[begins:]
        elif joined:
            lead = lead[joined.end() :]
        if lead == name:
            return name
        name = lead


def closing(name: str) -> str:
    """The name without the words after it: after its last head noun only what "of", "on",
    "for" or "and" join is of the name ("… Strategic Dialogue Held" in a heading is not)."""
    name = re.sub(r"(?:\s+(?:of|on|for|and|&|the))+$", "", name).rstrip(",")
    heads = list(HEADS.finditer(name))
    if not heads:
        return name
    last = heads[-1]
    tail = name[last.end() :]
    if tail and not re.match(r"\s+(?:of|on|for|and|&)\s", tail):
        name = name[: last.end()]
    return name


def same_body(short: str, full: str) -> bool:
    """Whether a short form ("the World Conference", "the Supreme Council") is the body a
    fuller name said: every word of it is of the full name, whose last head noun is the
    short form's ("the Joint Commission" is not "the Joint Commission Meeting")."""
    heads = [head[0] for head in HEADS.finditer(short)]
    words = set(full.split())
    return (
        bool(heads)
        and short != full
        and heads[-1] == [head[0] for head in HEADS.finditer(full)][-1]
        and all(word in words for word in short.split())
    )


def initials(words: str, connectors: bool) -> str:
    """The initials of a name's words ("Gulf Cooperation Council": "gcc"), with those of its
    "of", "on", "for" and "and" when `connectors` ("Plan of Action": "poa")."""
    letters = []
    for word in re.split(r"[\s–-]+", words):
        if word[:1].isupper() or (connectors and word in ("of", "on", "for", "and", "&")):
            letters.append(word[0].lower())
    return "".join(letters)


def of_what_it_is_of(name: str, acronym: str) -> bool:
    """Whether the acronym after a name is that of what the body is of: "the Supreme Council of
    the Gulf Cooperation Council (GCC)", "the Joint Commission of the Joint Comprehensive Plan of
    Action (JCPOA)" — the organisation's or the agreement's, which later mentions mean."""
    tail = re.search(r"\sof\s+(?:the\s+)?(.+)$", name)
    letters = re.sub(r"[^a-z]", "", acronym.lower())
    return tail is not None and letters in (
        initials(tail[1], connectors=True),
        initials(tail[1], connectors=False),
    )


def headline(line: str) -> bool:
    """Whether a line is written in title case, as headings are: a verb or a small word that
    prose writes in lower case is capitalised after its first word ("Ministers Hold Talks",
    "Strategic Dialogue Held In Doha")."""
    line = line.strip()
    if not line or line.endswith(".") or re.search(r"[.!?;]\s+[A-Z]", line):
        return False  # prose: sentences start with capitals
    return bool(re.search(TITLE_CASE_WORDS, line[1:]))


def official_names(text: str, countries: dict[str, str] | None = None) -> list[Body]:
    """The dialogue bodies a text names in capitals, in its order, each read whole; `countries`
    (names and adjectives) tell a country's own institutions."""
    found = []
    for match in NAME.finditer(text):
        name = match[0]
        if not HEADS.search(name):
            continue
        begin = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        line = text[begin : end if end >= 0 else len(text)]
        if headline(line) and line.strip(" .") != name and not ACRONYM.match(text, match.end()):
            # "Leaders Hold Informal Summit": the capitals of a heading that says more than a
            # name do not tell where the name ends.
            continue
        name = opening(name)
        start = match.start() + len(match[0]) - len(name)
        name = closing(name)
        if len(name.split()) < 2 or not HEADS.search(name):
            continue
        # "Mr. X, Secretary of the Supreme National Security Council": a role, whatever the
        # words before it.
        before = text[max(0, start - 60) : start]
        if not_a_dialogue(name, countries or {}) or re.search(
            rf"\b{TITLE}\s+(?:of|to)\s+(?:the\s+)?$", before
        ):
            continue
        end = start + len(name)
        if re.match(
            r"\s+(?:Centre|Center|Hall|Palace|Building|Complex|Room|Grounds|Park|Square|Hotel)\b",
            text[end:],
        ):
            continue  # a venue: "the Kyoto International Conference Center"
        if re.match(
            r"(?:[’']s?)?\s*(?:chair|chairman|co-chair|Speaker|President|delegation|members?)\b"
            r"|\s+to\s+[A-Z]",
            text[end:],
        ):
            # "the Committee on International Affairs chair": a person's role; "… Council to
            # Facilitate …" goes on in words this reading does not join.
            continue
        body = Body(name, *kind_of(name, countries=countries), start=start)
        if (acronym := ACRONYM.match(text, end)) and not of_what_it_is_of(name, acronym["acronym"]):
            body.acronym = acronym["acronym"]
            body.kind, body.level = kind_of(name, body.acronym, countries)
            if acronym["number"]:
                number = acronym["number"]
                body.number = int(number) if number.isdigit() else roman(number)
        found.append(body)
    return found
