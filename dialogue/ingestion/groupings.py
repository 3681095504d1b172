"""Groupings of countries named as such (issue 21 §2): "the Three Seas Initiative (3SI)", "the
Visegrad Group", "the Bucharest Nine", "the Weimar Triangle", "the C5+1". A release that names
one tells its summits and meetings by the grouping's name, by its acronym ("the B9 format"), by
its head noun ("the initiative was launched at a summit in …", "the group's next meeting") or
as "the second summit", and those rounds are the grouping's, not a meeting of two of its
members.
"""

import calendar
import re
from dataclasses import dataclass

from ..choices import MechanismKind, MechanismLevel
from .bodies import REGION_WORDS

NUMBER_WORDS = {
    "Two": "2",
    "Three": "3",
    "Four": "4",
    "Five": "5",
    "Six": "6",
    "Seven": "7",
    "Eight": "8",
    "Nine": "9",
    "Ten": "10",
    "Eleven": "11",
    "Twelve": "12",
    "Twenty": "20",
}
MONTHS = "|".join(calendar.month_name[1:])
# What a grouping's name ends in: a word saying it is a group of countries. ("Working Group" is
# a body of a mechanism, read by `bodies`.)
HEADS = r"Initiative|Group|Triangle|Quartet|Troika|Process|Format|Platform"
GROUPING = re.compile(
    # "the Three Seas Initiative", "the Visegrad Group", "the Lublin Triangle".
    rf"(?P<name>(?:(?!Working\b|The\b)[A-Z][\w’'.-]*\s+){{1,4}}(?:{HEADS})\b(?!\s+of\b)"
    # "the Bucharest Nine": a place and how many countries.
    rf"|(?!(?:The|{MONTHS})\b)[A-Z][a-z]+\s+(?:{'|'.join(NUMBER_WORDS)})\b(?!\s+[A-Z])"
    # "the Group of Seven".
    rf"|Group\s+of\s+(?:{'|'.join(NUMBER_WORDS)}|\d+)\b"
    # An acronym and the partners it meets: "the C5+1", "ASEAN+3" (never "2+2", a kind).
    r"|(?<![\w+])[A-Z][A-Za-z]*\d*\s*\+\s*\d+(?![\w+]))"
    r"(?:\s*\((?P<acronym>[A-Z0-9][A-Za-z0-9+]*)\))?"
)
# A region's leaders or ministers met as such: "a meeting of South American presidents".
REGIONAL = re.compile(
    r"\b(?:meetings?|summits?|gathering)\s+of\s+(?:the\s+)?(?P<name>(?P<region>(?:[A-Z][\w-]+\s+)"
    r"{1,2})(?:presidents|leaders|heads\s+of\s+state|foreign\s+ministers))\b"
)
# Nouns that refer back to the grouping last named: "the initiative", "this format".
REFERRING = "initiative|group|grouping|format|platform|triangle|process"
# A grouping or format told as set up ("The B9 format was created in Bucharest in 2015"): its
# first round, held where and when the clause says.
FOUNDED = re.compile(
    r"\b(?:was|were|had\s+been)\s+(?P<word>launched|created|founded|established|constituted"
    r"|set\s+up|formed)\b"
)
# A meeting with several counterparts at once: "met his five counterparts".
SEVERAL_COUNTERPARTS = re.compile(
    r"\b(?:three|four|five|six|seven|eight|nine|ten|\d+)\s+counterparts\b", re.IGNORECASE
)
# A summit named by what it is of, before the word: "the NATO summit", "the G20 leaders' summit".
OTHER_SUMMIT = re.compile(
    r"\b(?!(?:The|This|That|Its|Their|An?|Next|Last|Previous|First)\b)(?P<name>[A-Z][\w+-]*)"
    r"\s+(?:[Ll]eaders['’]\s+)?summits?\b"
)
# Three leaders or more named, then what they signed: "President A, President B and Prime
# Minister C signed a declaration".
HEAD = r"(?:President|Prime\s+Minister|Chancellor|King|Emir)\b[^,;]*?"
LEADERS_SIGNED = re.compile(rf"{HEAD},\s+{HEAD}(?:,\s+{HEAD})*,?\s+and\s+{HEAD}\s+signed\b")
# A grouping named as the setting of a meeting, not what met: "on the margins of the …".
SETTING = re.compile(
    r"\b(?:margins|sidelines|eve|occasion|side)\s+of\s+(?:the\s+)?$|\boutside\s+(?:the\s+)?$"
)
# The people named holding their own meeting: "A and B held their first meeting".
THEIR_MEETING = re.compile(r"\btheir\s+(?:[\w-]+\s+){0,3}(?:meeting|talks)\b")
# A meeting of two only, whatever grouping they are of.
BILATERAL = re.compile(r"\bbilateral\b|\bone-on-one\b|\btête-à-tête\b|\bseparate(?:ly)?\b", re.I)


@dataclass
class Grouping:
    """A grouping as the text first names it, with the acronym it gives or later uses."""

    name: str
    acronym: str = ""
    start: int = 0
    # A region's leaders or ministers ("South American presidents"), whose rounds are named
    # "Meetings of …".
    regional: bool = False

    @property
    def head(self) -> str:
        """Its name's last word, which the text refers back with ("the initiative")."""
        return self.name.split()[-1]


def abbreviates(acronym: str, name: str) -> bool:
    """Whether an acronym is made of a name's initials, a number word written as its digits
    ("3SI": the Three Seas Initiative, "B9": the Bucharest Nine)."""
    letters = "".join(
        NUMBER_WORDS.get(word, word[0]) for word in re.split(r"[\s-]+", name) if word[:1].isupper()
    )
    return len(acronym) >= 2 and acronym.upper() == letters.upper()


def groupings_in(text: str) -> list[Grouping]:
    """The groupings a text names, once each, in its order; an acronym the text uses alone
    ("the B9 format") is given to the grouping whose initials it is."""
    found: dict[str, Grouping] = {}
    for match in GROUPING.finditer(text):
        name = re.sub(r"\s+", " ", match["name"])
        if name not in found:
            found[name] = Grouping(name, match["acronym"] or "", match.start("name"))
        elif match["acronym"] and not found[name].acronym:
            found[name].acronym = match["acronym"]
    for match in REGIONAL.finditer(text):
        if match["name"] not in found and all(
            word in REGION_WORDS for word in match["region"].split()
        ):
            found[match["name"]] = Grouping(match["name"], start=match.start("name"), regional=True)
    groupings = sorted(found.values(), key=lambda grouping: grouping.start)
    for acronym in set(re.findall(r"(?<![\w+])([A-Z0-9]*[A-Z][A-Z0-9]*)(?![\w+])", text)):
        for grouping in groupings:
            if not grouping.acronym and abbreviates(acronym, grouping.name):
                grouping.acronym = acronym
    return groupings


def mentioned(grouping: Grouping, clause: str, by_noun: bool = True) -> bool:
    """Whether a clause names the grouping, by its name, its acronym or (`by_noun`) a noun
    for a grouping ("the initiative", "the format's heads of state"), other than as a
    meeting's setting."""
    forms = [re.escape(grouping.name)]
    if grouping.acronym:
        forms.append(rf"(?<![\w+]){re.escape(grouping.acronym)}(?![\w+])")
    if by_noun:
        forms.append(rf"\b(?:[Tt]he|[Tt]his|[Ii]ts)\s+(?:{REFERRING})\b")
    if by_noun and grouping.regional:
        # "the first meeting of the region's presidents", "host the leaders of the other
        # countries of South America".
        forms.append(rf"\b(?:[Tt]he)\s+region['’]s\s+{re.escape(grouping.name.split()[-1])}\b")
        region = re.sub(r"(?:an|n)$", "", " ".join(grouping.name.split()[:-1]))
        forms.append(
            rf"\b(?:leaders|presidents|heads\s+of\s+state)\s+of\s+[^.;]*?\b{re.escape(region)}"
        )
    for form in forms:
        for at in re.finditer(form, clause, re.IGNORECASE if form.startswith(r"\b") else 0):
            if not SETTING.search(clause[: at.start()]):
                return True
    return False


def round_of(grouping: Grouping, words: str) -> dict[str, str]:
    """The grouping's mechanism the round is of, by the level the words tell: its summits (of
    its leaders, heads of state or government), its foreign ministers' meetings ("a ministerial
    meeting hosted by the Foreign Minister"), else its summits when presidents or prime
    ministers are named, else its meetings."""
    if grouping.regional:
        ministers = re.search(r"\bministers\b", grouping.name)
        return {
            "name": f"Meetings of {grouping.name}",
            "kind": MechanismKind.CONSULTATIONS if ministers else MechanismKind.SUMMIT,
            "level": MechanismLevel.MINISTERIAL
            if ministers
            else MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
        }
    summits = {
        "name": f"{grouping.name} summits",
        "kind": MechanismKind.SUMMIT,
        "level": MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
    }
    if re.search(r"\bsummits?\b|\bleaders?\b|\bheads?\s+of\s+(?:state|government)", words, re.I):
        return summits
    if re.search(
        r"\bforeign\s+ministers?\b|\bministerial\b|\bSecretary\s+of\s+State\b", words, re.I
    ):
        return {
            "name": f"{grouping.name} foreign ministers' meetings",
            "kind": MechanismKind.CONSULTATIONS,
            "level": MechanismLevel.MINISTERIAL,
        }
    if re.search(r"\bPresidents?\b|\bPrime\s+Ministers?\b|\bChancellor", words):
        return summits
    return {"name": f"{grouping.name} meetings", "kind": MechanismKind.CONSULTATIONS}


def summit_of_grouping(clause: str) -> bool:
    """Whether a clause tells a summit or a meeting of many ("a summit in Dubrovnik", "the
    next meeting of the format", three leaders who signed together), not a meeting of two."""
    return bool(LEADERS_SIGNED.search(clause)) or bool(
        re.search(
            r"\bsummits?\b|\bmeetings?\b|\bmet\b|\bhost(?:s|ed)?\s+the\s+(?:leaders|presidents)\b",
            clause,
            re.IGNORECASE,
        )
        and not BILATERAL.search(clause)
    )


def other_summit(grouping: Grouping, clause: str) -> bool:
    """Whether the clause's summit is another's, named before the word ("the NATO summit in
    Vilnius", "the G20 leaders' summit")."""
    return any(
        match["name"] not in grouping.name.split() and match["name"] != grouping.acronym
        for match in OTHER_SUMMIT.finditer(clause)
    )


def summit_told(clause: str, before: str = "") -> bool:
    """Whether the clause tells a summit as its event ("launched at a summit in Dubrovnik",
    "Its previous summit took place …"), not as the time or setting of another ("the day
    before the summit opened", "on the sidelines of the summit"); `before` is the sentence's
    text before the clause."""
    return any(
        not re.search(
            r"\b(?:before|after|until|since|ahead\s+of|eve\s+of|sidelines\s+of|margins\s+of)\s+$",
            before + clause[: summit.start()],
            re.IGNORECASE,
        )
        for summit in re.finditer(
            r"\b(?:[Aa]n?|[Tt]he|[Ii]ts)\s+(?:\w+\s+)?summits?\b|^[Ss]ummits\b", clause
        )
    )


# Talks of several countries named by what they are on: "the trilateral negotiations between A,
# B and C on the filling of the Grand Ethiopian Renaissance Dam (GERD)".
TALKS_ON = re.compile(
    r"\b(?:trilateral|tripartite|quadrilateral|multilateral)\s+(?P<word>negotiations|talks"
    r"|consultations)\s+(?:between|among|of)\s+[^.;]*?\bon\s+(?P<subject>[^,.;]+)"
)
# The proper name a subject ends in, and its acronym: "… of the Grand Ethiopian Renaissance Dam
# (GERD)".
SUBJECT_NAME = re.compile(r"(?P<name>(?:[A-Z][\w’'-]*\s+){1,6}[A-Z][\w’'-]*)(?:\s*\([A-Z]+\))?$")


def talks_on(text: str) -> str | None:
    """What talks of several countries are called after their subject ("negotiations on the
    Grand Ethiopian Renaissance Dam"): the thing the subject names, else the subject's words;
    None when the text tells no such talks."""
    talks = TALKS_ON.search(text)
    if talks is None:
        return None
    subject = re.sub(r"\s+(?:in|at|ended|began|opened|was|were|held)\b.*$", "", talks["subject"])
    named = SUBJECT_NAME.search(subject)
    what = f"the {named['name']}" if named else subject.strip()
    return f"{talks['word']} on {what}"
