"""Read a release and propose draft records: rounds (meetings, visits, sessions, summits,
consultations, talks, ceremonies), the mechanisms they belong to, the people who took part and
the places they met in, each with the sentence it comes from.

Deterministic rules over the text, nothing learnt and nothing downloaded: sentences are split
by `dialogue.provenance.sentences`; dates are found and resolved against the publication date by
`dialogue.date_phrases`; cities come from the gazetteer (`dialogue.gazetteer`); people from the
registry's names or from their titles ("Defence Minister Takeshi Iwaya"); mechanisms from the
registry's names (fuzzy, with rapidfuzz) or from the kind of dialogue named ("2+2", "strategic
dialogue", "the Intergovernmental Commission on …"). Nothing here knows any particular release.

Stages with modules of their own, each testable alone: `names` (how people are written),
`titles` (offices that name a country), `bodies` (official names of bodies), `venues`
(buildings and their cities), `records` (documents, figures, organisations), `specs` (what
reading yields); the `Reader` here finds the events and joins the stages. None of them imports
this module (an import-linter contract in pyproject.toml).
"""

import calendar
import dataclasses
import datetime
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from .. import gazetteer
from ..choices import CitationBasis, DatePrecision, MechanismKind, MechanismLevel, RoundStatus
from ..date_phrases import FoundDate, ResolvedDate, find_date_phrases
from ..models.base import normalise_whitespace
from ..provenance import sentences as split_sentences
from . import bodies, groupings, venues
from .lexicon import CURRENT_COUNTRIES, DEMONYMS, Lexicon
from .names import (
    COUNTERPART_HEADS,
    HEAD_TITLES,
    HONORIFIC,
    LATER_WORD,
    NAME,
    PARTICLE,
    PERSON,
    POST_NOMINALS,
    TITLE_WORDS,
    UPPER,
)
from .records import RecordReader
from .sides import (
    listed_with_countries,
    met_across,
    plural_titled,
    possessive_over_list,
    presides_parliament,
    publisher_by_voice,
    represented_by,
    same_office,
    surnames_alone,
)
from .specs import PersonMention, Sentence, Spec
from .titles import address_country, known_office, names_a_place, office_country

MAX_TEXT = 100_000  # characters: a release is a few thousand
MAX_SENTENCE = 1_000  # characters: the longest sentence of the releases read so far has 385

# --- Words -------------------------------------------------------------------------------------

TRIGGER = re.compile(
    r"\b(?P<word>meetings?|met|meet|meeting|visits?|visited|visiting|sessions?|summits?"
    r"|consultations|talks|ceremony|ceremonies|signing|roundtable|round\s+table|hosted"
    r"|negotiations|(?:re)?convene[sd]?|(?<!video\s)(?<!video-)(?<!tele)conference|rounds?|come\s+to|travel\s+to|forum|festival|expo|exhibition"
    r"|(?:gala\s+)?concert|reception"
    # Commemorations and visits told without a meeting word.
    r"|(?:laid|lay|lays|laying)\s+(?:a\s+|the\s+)?(?:wreaths?|flowers)|wreath-laying"
    r"|(?:paid|pay|pays|paying)\s+(?:a\s+)?(?:tribute|(?:his|her|their)\s+respects)"
    r"|unveiled|inaugurated|toured|received\s+(?-i:(?=[A-Z])(?!(?:The|An?|Order|Medal)\b))"
    r"|(?:bring|brought|take|took|taking|bringing)\s+[^,.;]{0,80}?\bto\s+[^,.;]{0,40}?\bgraves"
    r"|(?:the|two)\s+(?:\w+\s+)?ministers\s+will\s+(?:consider|discuss|hold|sign|review)"
    # A dialogue named as held: "held the High-Level Security Dialogue in Mexico City".
    r"|(?:held|hold|holds|holding|convened|co-chaired|chaired)\s+the\s+(?-i:(?:[A-Z][\w-]*\s+){1,5}Dialogue)"
    # "the fourth 2+2 Ministerial Dialogue had been held …", "the next Dialogue in 2024".
    r"|(?-i:(?:[A-Z0-9][\w+-]*\s+){1,5}Dialogue)(?=\s+(?:had\s+been|has\s+been|was|were|will\s+be|would\s+be)\s+held\b)"
    r"|next\s+(?-i:Dialogue)"
    # "will host the leaders of …", "the last one was held in 2014".
    r"|host(?=\s+the\s+(?:leaders|presidents|heads)\b)"
    r"|(?:(?<=\blast\s)|(?<=\bnext\s)|(?<=\bprevious\s))one(?=\s+(?:was|will\s+be)\s+held\b)"
    # "since the inaugural 2+2, held in New Delhi in September 2021".
    r"|(?<![\w+])2\s*\+\s*2(?=,?\s+(?:was\s+|were\s+|had\s+been\s+)?held\b)"
    # Visits told without a visit word (`VISIT_WORD`): a call on the host's leader, a stay.
    r"|(?:was|were|is|are|be)\s+received\s+(?:at\s+[^,.;]{0,50}?\s+)?by(?=\s+(?:the\s+|HH\s+)?[A-Z])"
    r"|call(?:s|ed)?\s+on(?=\s+(?:the\s+)?[A-Z])(?![^,.;]{0,80}\bto\s+[a-z]+\b)"
    r"|arriv(?:ed|es|ing)\s+in(?=\s+[A-Z])"
    r"|(?:is|was|will\s+be|are|were)\s+in(?=\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:from|between)\s))\b",
    re.IGNORECASE,
)
# A summit in lower case told by its owner: "its inaugural summit", "the Platform's second
# summit".
OWNED_SUMMIT = re.compile(
    r"\b(?:its|(?-i:[Tt]he\s+(?P<head>[A-Z]\w+))['’]s)\s+(?:[\w-]+\s+)?(?-i:summit)\b"
)
# A body told as gone: "replaces the NATO-Ukraine Commission", "its predecessor, the …",
# "the former …"; or as renamed or founded then: "when the X was renamed".
FORMER_BODY = re.compile(
    r"\b(?:replace[sd]?|replacing|succeed(?:s|ed)?|supersed(?:es|ed)|predecessor,?|former)"
    r"\s+(?:the\s+)?$"
)
RENAMED = re.compile(
    r"\s+(?:was|were|had\s+been|has\s+been)\s+(?:renamed|dissolved|abolished|replaced)\b"
)
# The words of TRIGGER that tell a visit: "visited", "was received by the Emir", "will call on
# Vice President X", "arrived in Doha", "is in India from 24 to 26 October".
VISIT_WORD = re.compile(
    r"visit|(?:was|were|is|are|be)\s+received|call|arriv|(?:is|was|be|are|were)\s+in$"
)
# A visitor's call on the host's leader, or arrival, a round of visits whoever receives them.
RECEPTION = re.compile(
    r"\b(?:was|were|is|are|be)\s+received\s+(?:at\s+[^,.;]{0,50}?\s+)?by\b|\bcall(?:s|ed)?\s+on\b"
    r"|\barriv(?:ed|es|ing)\s+in\b",
    re.IGNORECASE,
)
PLURAL_TRIGGERS = {"meetings", "visits", "sessions", "summits", "rounds", "ceremonies"}
ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        start=1,
    )
}
# "Its inaugural session": the first.
ORDINAL_WORDS["inaugural"] = 1
ORDINAL = re.compile(
    r"\b(?P<ordinal>(?P<digits>\d{1,3})(?:st|nd|rd|th)|" + "|".join(ORDINAL_WORDS) + r")\b"
    r"(?!\s+(?:deputy|time|vice|secretary|lady))",
    re.IGNORECASE,
)
# A title after "of"/"for": "Minister of Foreign Affairs of Japan", "Speaker of the Lok Sabha".
TITLE_OF = (
    # A portfolio may list its fields with commas: "Minister of Development, Industry, Trade and
    # Services".
    r"(?:\s+(?:of|for)\s+(?:the\s+)?(?:(?:[A-Z][\w’'-]*(?:,(?=\s+[A-Z]))?|and|of|for|the)\s+){0,20}?"
    r"[A-Z][\w’'-]*)?"
)
# What ends a name or a title set off by commas: a mark, or a verb ("… Macron, welcomed"),
# never "of", "for" or "and", which go on with the title.
FOLLOWS_NAME_OR_TITLE = (
    # Letters after a name are neither ("the Hon A B MP,").
    rf"(?:\s+{POST_NOMINALS}\b)?"
    r"(?=\s*[,.;)]|$|\s+\(|\s+(?!(?:of|for|and|the)\b)[a-z])"
)
# A title, a comma, then the name: "the President of the Republic, Emmanuel Macron", "the
# Speaker of the Lok Sabha, Shri Om Birla".
TITLE_THEN_NAME = re.compile(
    # "the" before the title, or the sentence beginning with it ("President of the Republic of
    # Indonesia, H.E. Mr. A, will visit"), or a possessive ("Chile's Minister of Defence, A"),
    # or "and" after a name ("…, A, and Minister of Finance, B").
    r"(?:\b[Tt]he\s+|^\s*|(?<=['’]s\s)|(?<=,\sand\s))(?P<role>(?:[A-Z][\w’'-]*\s+){0,3}"
    + TITLE_WORDS
    + TITLE_OF
    # Two offices: "the Deputy Prime Minister and Minister for Defence, A".
    + r"(?:\s+and\s+(?:[A-Z][\w’'-]*\s+){0,3}"
    + TITLE_WORDS
    + TITLE_OF
    + r")?),\s+"
    + HONORIFIC
    + r"{0,2}"
    + NAME
    + FOLLOWS_NAME_OR_TITLE
)
# The name, a comma, then the title: "H.E. Mr. Abdel Fattah el-Sisi, President of the Arab
# Republic of Egypt", "Vladimir Putin, President of Russia".
NAME_THEN_TITLE = re.compile(
    r"(?P<honorific>"
    + HONORIFIC
    + r"{1,2})?"
    + NAME
    # The full stop of "Jr." before the comma: "H.E. Mr. A B Jr., Secretary of …".
    + r"(?:(?<=\bJr)\.)?"
    # Letters after the name, before its title: "Mr. A, MP, Minister of …", "the Hon A MP, …".
    + rf"(?:,?\s+{POST_NOMINALS}\b)?"
    + r",\s+(?:the\s+)?(?P<role>(?:[A-Z][\w’'-]*\s+){0,3}"
    + TITLE_WORDS
    + TITLE_OF
    # Two offices: "Crown Prince and Prime Minister".
    + r"(?:\s+and\s+(?:[A-Z][\w’'-]*\s+){0,3}"
    + TITLE_WORDS
    + TITLE_OF
    + r")?)"
    + FOLLOWS_NAME_OR_TITLE
)
# A title and a surname alone, the person named in full elsewhere: "President el-Sisi",
# "Prime Minister Kishida", "Premier Li".
TITLE_AND_SURNAME = re.compile(
    TITLE_WORDS
    + r"\s+"
    + HONORIFIC
    + r"{0,2}(?P<word>"
    + LATER_WORD
    + r")(?![\w-]|\s+[A-Z]|\s+"
    + PARTICLE
    + r"\s)"
)
# A form of address and a surname alone: "Mr Lavrov", "Dr. Momen".
ADDRESS_AND_SURNAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+(?P<word>"
    + LATER_WORD
    + r")(?![\w-]|\s+[A-Z]|\s+"
    + PARTICLE
    + r"\s)"
)
PATRONYMIC = re.compile(r"[A-Z][a-z]+(?:ovich|evich|ovna|evna|ichna|ich)")
NEXT_NAME = re.compile(r"[,;]\s+" + NAME)
# A title alone, maybe with a nationality, for the one person of the text who holds it: "the
# Crown Prince", "the Chinese President", "the Minister" (not "the President of …").
TITLE_ALONE = re.compile(
    r"\b[Tt]he\s+(?:(?P<nationality>[A-Z][a-z]+)\s+)?(?P<title>(?i:"
    + TITLE_WORDS
    + r"))\b(?!\s+(?:of|for)\b|\s+[A-Z]|[\w’'-])"
)
# The leader of a ruling communist or revolutionary party ("General Secretary of the Communist
# Party of Vietnam").
PARTY_LEADER = re.compile(
    r"(?:General\s+Secretary|First\s+Secretary|Secretary[\s-]General)\s+of\s+the\s+"
    r"(?:[A-Z][\w’'-]*\s+){0,3}?(?:Communist|Workers['’]?|(?:People['’]s\s+)?Revolutionary)"
    r"\s+Party\b"
)
# A meeting named by its countries, then the people it was among: "the Japan-Philippines-U.S.
# Summit Meeting among".
MEETING_OF_COUNTRIES_AMONG = re.compile(
    r"\b(?P<countries>[A-Z][\w.]*(?:[-–][A-Z][\w.]*){1,5})\s+(?:[A-Z][\w-]*\s+){1,3}"
    r"(?:among|between)\s+"
)
# The offices of an international organisation's officials, of no country's side.
INTERNATIONAL_OFFICE = re.compile(
    r"\b(?:NATO|UN|United\s+Nations|EU|European\s+(?:Union|Commission)|ASEAN|OSCE"
    r"|African\s+Union|Secretary[\s-]General|High\s+Representative)\b"
)
# A pronoun as the subject of the clause before its event: "Earlier today, he joined …".
SUBJECT_PRONOUN = re.compile(r"(?:^|[,;]\s+)(?:[Hh]e|[Ss]he)\s+(?!said\b|added\b|noted\b)[a-z]")
# Names without titles listed after their office in the plural: "by the foreign ministers A, B
# and C", "Its foreign ministers, A, B and C, met" (the list ends where a verb begins).
LISTED_UNDER_TITLE = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?P<title>(?:foreign|defen[cs]e|finance|trade|economy)\s+ministers"
    r"|leaders|heads\s+of\s+(?:state|government))(?:\s+of\s+the\s+\w+\s+countries)?,?\s+"
    r"(?P<names>(?:(?:[^.;]|(?<=\b[A-Z])\.)"
    r"(?!\s+(?!and\b|then\b|bin\b|bint\b|al\b|da\b|de\b|von\b|van\b)[a-z]))+[^.;]?)"
)
# A style of address alone, for the one person the text names in it: "His Royal Highness was
# received", "Her Majesty's visit".
STYLE_ALONE = re.compile(
    r"\b(?:His|Her)\s+(?:Royal\s+Highness|Highness|Majesty|Excellency)\b(?!\s+[A-Z])"
)
# A long title alone, with its portfolio: "the Deputy Prime Minister and Minister of Foreign
# Affairs" (not followed by the name it is the title of).
LONG_TITLE_ALONE = re.compile(
    r"\b[Tt]he\s+(?P<title>(?:[A-Z][\w’'-]*\s+){0,2}"
    + TITLE_WORDS
    + r"(?:\s+and\s+(?:[A-Z][\w’'-]*\s+){0,2}"
    + TITLE_WORDS
    + r")?\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]*"
    r"(?:\s+(?:(?:of|for|and|the)\s+)?(?!(?:H[EH]|Dr|Mr|Mrs|Ms|His|Her|Sheikh)\b)[A-Z][\w’'-]*)*)"
    r"(?!\s*,?\s+[A-Z]|[\w’'-])"
)
# The offices a head of state or government holds, for the title told of a nationality ("the
# Turkmen head of state").
HEAD_OFFICES = {
    "head of state": r"|^(?:President|King|Queen|Emir|Amir|Sultan)\b",
    "head of government": r"|^(?:Prime\s+Minister|Premier|Chancellor|Federal\s+Chancellor)\b",
}
# Sides whose people English writes given name first, though their official texts may write
# the family name first, in capitals ("KISHIDA Fumio", "ORBÁN Viktor").
GIVEN_NAME_FIRST = {"JP", "HU"}
NOT_NAMES = {"The", "This", "Both", "Along", "Following", "In", "On", "Russian", "Japanese"}
PARLIAMENT = re.compile(
    r"inter-?parliamentary|parliament|\bMPs?\b|\bDuma\b|House of|Federation Council|Speaker"
    r"|\bDiet\b|Senate|National Assembly|Lok Sabha|Rajya Sabha|deputies",
    re.IGNORECASE,
)
NAMED_BODY = re.compile(
    r"(?P<body>(?:[A-Z](?:\.[A-Z])*\.?[\w’'+-]*:?\s+|(?:on|of|for|to|and|the|in)\s+){0,12}?"
    r"(?:Intergovernmental\s+Commission|Commission|Council|Committee|Working\s+Group"
    r"|Forum|Festival|Expo|Exhibition|Fair|Discussion\s+Club|Dialogue)\b"
    r"(?:\s+(?:on|of|for|to)\s+(?:(?:[A-Z][\w’'-]*|and|of|the|on|in|-)\s*"
    # An official name runs through its commas when they list capitalised words up to "and"
    # ("on Trade, Economic, Scientific, Technical and Cultural Cooperation").
    r"|,\s*(?=(?:[A-Z][\w’'-]*,?\s+)+and\s+[A-Z]))+)?)"
)
# Heads of state or government named by title and surname: "President Biden and President Xi".
# A minister's role (a US Secretary of State is told "Secretary").
MINISTER_ROLE = re.compile(r"\bMinister\b|^Secretary(?:\s+of\s+State)?$")
HEADS_NAMED = re.compile(
    r"\b(?:President|Prime\s+Minister|Chancellor|Premier)\s+[A-Z]\w+\s+and\s+"
    r"(?:President|Prime\s+Minister|Chancellor|Premier)\s+[A-Z]"
)
# A body's kind alone, which names no body: "the Working Group", "the Intergovernmental
# Commission".
BARE_HEAD = (
    r"(?:Intergovernmental\s+Commission|Joint\s+Commission|Working\s+Group|Joint\s+Committee)"
)
# A body or format referred back to ("the Commission", "this format", "its next meeting",
# "the next such meeting", "its latest session"): the mechanism already named in the text.
ANAPHORA = re.compile(
    r"\b(?:(?P<the>[Tt]he|[Tt]his|[Tt]hat)\s+(?P<head>Intergovernmental\s+Commission|Commission"
    r"|Council|Committee|Working\s+Group|Dialogue|Forum|Summit)\b(?!\s+(?:on|of|for)\s+[A-Z])"
    r"|(?:[Tt]his|[Tt]hat|[Tt]he\s+same)\s+format\b"
    r"|\b(?P<possessive>[Ii]ts|[Tt]heir)\s+(?:(?:next|previous|last|latest|first|inaugural|\w+(?:st|nd|rd|th)"
    r"|\w+-\w+"
    r"|regular|annual|plenary|upcoming|forthcoming|current)\s+)*"
    r"(?:meeting|session|round|summit)s?\b"
    r"|\b[Tt]he\s+(?:next|previous|last)\s+such\s+(?:meeting|session|round|summit)\b"
    # "… for this year's consultations".
    r"|\b(?:[Tt]his|[Nn]ext|[Ll]ast)\s+year['’]s\s+(?:meeting|session|round|summit|consultations"
    r"|dialogue|talks)\b"
    # "The previous, sixth, consultations were held …": an ordinal in apposition.
    r"|\b[Tt]he\s+(?:previous|last|latest),\s+\w+,\s+(?:meeting|session|round|summit"
    r"|consultations)\b)"
)
LOWER_BODY = re.compile(
    r"(?P<body>working\s+group\s+on\s+[^,.;]+?|commission\s+on\s+[^,.;]+?)"
    r"(?=\s+and\s+a\b|\s*[,.;]|$)"
    # "the trilateral working group co-chaired by the deputy prime ministers of A, B and C":
    # a body of several countries, named after those who lead it.
    r"|(?P<lead>(?:trilateral|tripartite|quadrilateral|joint|intergovernmental)\s+"
    r"(?:working\s+group|commission|committee))"
    r"(?P<chairs>\s+(?:(?:co-)?chaired\s+by|led\s+by|of)\s+the\s+(?:[\w-]+\s+){0,3}?"
    r"(?:ministers|leaders|heads\s+of\s+(?:state|government))\s+of\s+(?:the\s+)?"
    r"[A-Z][\w-]*(?:(?:\s+|,\s+|\s+and\s+)(?:the\s+)?[A-Z][\w-]*)*)?(?![\w-])"
)
SCHEDULED_WORDS = re.compile(
    r"\bwill\b|\bscheduled\b|\bis\s+to\b|\bare\s+to\b|\bplans?\b|\bexpected\b|\bintends?\b"
    r"|\bintention\b|\bupcoming\b|\bforthcoming\b",
    re.IGNORECASE,
)
# A meeting of more than two countries, told as such.
MULTILATERAL = re.compile(
    r"\b(?:trilateral|tripartite|multilateral|quadrilateral)\b|\bthe\s+(?:three|four|five|six)\s+"
    r"(?:leaders|ministers|countries|heads\s+of\s+(?:state|government))\b"
    # "a meeting in the "SCO Plus" format", "a summit in the Normandy format".
    r"|\bin\s+the\s+[\"“]?[A-Z][\w+ -]{0,40}?[\"”]?\s+format\b",
    re.IGNORECASE,
)
# A format's name in capitals: "the Sixth Caspian Summit", "the Quad Foreign Ministers' Meeting".
FORMAT_NAME = re.compile(
    r"(?P<name>(?:the\s+|The\s+)?(?:[A-Z][\w’'+-]*\s+){1,6}(?:Summit|Meeting))\b"
)
# A summit named in capitals, through an acronym in brackets and an "of the …" tail: "the 15th
# BRICS Summit", "the Japan-Australia-India-U.S. (Quad) Leaders' Meeting", "the seventh
# Tripartite Summit of the Guarantor States of the Astana Process", "the GCC-China Summit for
# Cooperation and Development".
SUMMIT_NAME = re.compile(
    r"(?P<name>(?:(?:[A-Z][\w’'+.-]*|\([A-Z][\w.]*\))\s+){1,7}(?:Summit|Leaders['’]\s+Meeting)\b"
    r"(?:\s+(?:of|on|for)\s+(?:the\s+)?[A-Z][\w’'-]*"
    r"(?:\s+(?:(?:of|on|for|and|the)\s+){0,3}[A-Z][\w’'-]*){0,8})?"
    r"(?:\s+\([A-Z][\w.]*\))?)"
)
# Where a summit is the setting of another event, not the event: "on the sidelines of the …".
SUMMIT_SETTING = re.compile(
    r"\b(?:margins|sidelines|eve|occasion|run-up|ahead|side)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
# Where a body's round is the setting of the event told, not the event: "on the sidelines of the
# 15th BRICS Summit".
BODY_SETTING = re.compile(
    r"\b(?:margins|sidelines|eve|occasion|run-up|side|ahead)\s+of\s+(?:the\s+)?(?:\w+(?:st|nd|rd|th)\s+)?$",
    re.IGNORECASE,
)
# A grouping's summit told by its acronym: "the G20 summit", "the BRICS leaders' summit".
GROUPING_SUMMIT = re.compile(
    r"\b(?P<name>[A-Z][A-Z0-9+]+|[A-Z]\d+)\s+(?:[Ll]eaders['’]\s+)?summit\b"
)
# Words of a summit's name that say nothing of which summit it is.
GENERIC_SUMMIT_WORDS = {
    "summit",
    "meeting",
    "leaders",
    "annual",
    "bilateral",
    "joint",
    "the",
    "this",
    "that",
    # How the leaders met, not which summit: "the Virtual Summit", "an Informal Summit".
    "virtual",
    "informal",
    "online",
}
# A grouping named by its countries or its acronym: "the Russia-India-China (RIC) grouping".
GROUPING = re.compile(
    r"(?P<name>(?:[A-Z][\w.]*(?:\s[A-Z]\w*)?\s*[-–]\s*){2,}[A-Z][\w.]*(?:\s[A-Z]\w*)?"
    r"(?:\s+\([A-Z]{2,}\))?)\s+"
    r"(?:grouping|format|group)\b"
)
# A format of several countries named as a group, not by a body's head noun: "the Weimar
# Triangle", "the Normandy Quartet", "the Quad", or an acronym with "group", "format" or
# "framework" ("the I2U2 group", "the C5+1 format").
NAMED_GROUP = re.compile(
    r"\b(?P<name>(?:[A-Z][\w-]*\s+)?(?:Triangle|Quartet|Troika|Quad)\b"
    r"|(?-i:[A-Z][A-Z0-9+]*[A-Z0-9])(?=\s+(?:group|grouping|format|framework)\b"
    # "a meeting of G7 Foreign Ministers", "the BRICS leaders".
    r"|\s+(?:[Ff]oreign|[Dd]efen[cs]e|[Ff]inance|[Tt]rade)\s+[Mm]inisters\b|\s+[Ll]eaders\b))"
)
# A group named as the setting of the meeting, not what it is of.
GROUP_SETTING = re.compile(
    r"\b(?:margins|sidelines|eve|ahead|outside)\s+of\s+(?:the\s+)?$|\b(?:before|after)\s+(?:the\s+)?$"
)
# The people of the event just told, named in the next sentence: "I was joined by …",
# "Taking part were …", "India was represented by …".
JOINED = re.compile(
    r"\b(?:joined\s+by|[Tt]aking\s+part\s+were|took\s+part|represented\s+by"
    r"|[Pp]articipants\s+(?:are|were|will\s+be|include[sd]?)|among\s+the\s+[\w\s]{0,30}?attending"
    r"|participated|(?:[Aa]lso\s+)?present\s+were|accompanied\s+by|welcomed|(?:co-)?chaired|attended"
    r"|presided\s+over\s+by)\b"
)
# The people just named, referred to again: "they met", "their first meeting", "the two
# Prime Ministers", "He first came …".
THEY = re.compile(
    r"\b(?:[Tt]hey\s+(?:\w+\s+)?(?:met|meet|held|hold|had|visited|attended|took\s+part)\b"
    r"|[Tt]heir\s+(?:[\w-]+\s+){0,2}(?:meeting|talks|summit|visit|conversation)s?\b"
    r"|[Bb]oth\s+leaders|[Tt]he\s+(?P<count>two|three|four|five)\s+(?:leaders"
    r"|[Pp]residents|[Pp]rime\s+[Mm]inisters|[Mm]inisters|[Hh]eads\s+of\s+[Ss]tate)"
    r"|[Tt]he\s+(?P<all>[Pp]residents|[Pp]rime\s+[Mm]inisters|[Ll]eaders))\b"
)
COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}
HE = re.compile(
    r"(?:^|[,;]\s+)(?:[Hh]e|[Ss]he|(?:His|Her)\s+(?:Royal\s+)?(?:Highness|Majesty))\s+"
    r"(?!said\b|added\b|noted\b|stressed\b)"
    # "after his visit to New Delhi": the visitor is the one just named.
    r"|\b(?:[Hh]is|her)\s+(?:[\w-]+\s+){0,2}(?:visit|trip|meeting|talks)\b"
)
# The author of a first-person release ("Today I met my counterparts …").
FIRST_PERSON = re.compile(r"\b(?:I|my|me)\b")
FIRST_PERSON_PLURAL = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")
WE = re.compile(r"\b[Ww]e\b")
# A sentence recalling an earlier round: "The previous summit …", "… since they met in Bali".
RECALLED = re.compile(r"\b(?:previous|last|since|earlier|first\s+came)\b", re.IGNORECASE)
# A day told by the one before: "on the same day", "later that day", "the following day".
CARRIED_DAY = re.compile(
    r"\b(?:(?:on|later|earlier)\s+)?(?:the\s+same\s+day|that\s+(?:same\s+)?day"
    r"|(?:on\s+)?the\s+(?P<next>following|next)\s+(?:day|morning)"
    r"|(?:on\s+)?the\s+(?P<before>previous)\s+(?:day|morning|afternoon|evening|night)"
    r"|the\s+day\s+(?P<before2>before)|(?:earlier|later)\s+in\s+the\s+day"
    r"|(?:earlier|later)\s+that\s+(?:morning|afternoon|evening))\b",
    re.IGNORECASE,
)
# A sentence set in the days of a visit just told: "During the visit, …", "In the course of his
# visit, …".
DURING_VISIT = re.compile(
    r"^(?:During|In\s+the\s+course\s+of)\s+(?:the|this|that|his|her|their)\s+"
    r"(?:\w+\s+)?visit\b",
    re.IGNORECASE,
)
# A themed year two countries hold together: "the Qatar-Indonesia 2023 Year of Culture", "the
# Russia–China Years of Science", "2024 will be the Qatar-Morocco Year of Culture".
THEMED_YEAR = re.compile(
    r"(?P<first>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s*[-–]\s*(?P<second>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)"
    r"\s+(?:(?P<year>\d{4})\s+)?(?:Cross\s+)?Years?\s+of\s+(?P<theme>[A-Z]\w+(?:\s+and\s+[A-Z]\w+)?)"
    # Or its year after the name: "the Japan-Brazil Year of Friendship 2015", "… (2015)".
    r"(?:\s+\(?(?P<after>\d{4})\b(?![-–]))?"
)
# An election to a body told: the vote, not a round between countries ("Indonesia was elected a
# non-permanent member of the Security Council at the plenary meeting of the General Assembly").
ELECTED = re.compile(
    r"\b(?:was|were|is|are|been|be)\s+(?:re-?)?elected\s+(?:as\s+)?(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,2}(?:members?|to\s+the)\b",
    re.IGNORECASE,
)
# A visit's length before its word: "a three-day visit", "a two-day official visit".
VISIT_LENGTH = re.compile(
    r"\b(?P<days>two|three|four|five|six|seven|[2-9])-day\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE
)
DAY_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
# A round told closed after a number of days: "closed today … after two days of deliberations".
CLOSED_AFTER_DAYS = re.compile(
    r"\b(?:closed|concluded|ended|wrapped\s+up)\b[^.;]{0,80}?\bafter\s+"
    r"(?P<days>two|three|four|five|six|seven|[2-9])\s+days\b",
    re.IGNORECASE,
)
# "the first to be held since London in April 2018": the round before, where and when, not a
# time since which something has been so ("since 2018", "since they met").
SINCE_PLACE = re.compile(r"\bsince\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?,?\s+(?:(?:in|on)\s+)?$")
# A round held at a distance, which has no city.
VIDEO = re.compile(
    r"\b(?:by|via|through|in\s+a)\s+video[\s-]?(?:conference|link|call)\b|\bvideoconference\b"
    r"|\b(?:held|took\s+place|met)\s+(?:online|virtually)\b",
    re.IGNORECASE,
)
# Meetings of one leader with each of several others: "held separate bilateral meetings with".
SEPARATE_BILATERALS = re.compile(r"\bseparate\s+(?:bilateral\s+)?(?:meetings|talks)\s+with\b")
# A visit's end or start told, not a round of its own: "The visit will conclude tomorrow".
VISIT_BOUND = re.compile(
    r"\s+(?:will\s+|is\s+to\s+)?(?:conclude|concludes|concluded|end|ends|ended|close|closes"
    r"|begin|begins|began|start|starts|started)\b"
)
# A sentence telling what happened: "met", "held", "was", "took place" …
PAST = re.compile(
    r"\b(?:met|held|was|were|took\s+place|visited|hosted|signed|discussed|attended|paid"
    r"|co-chaired|chaired|received|welcomed|had)\b"
)
# A day of a round told as its opening or closing: "the opening ceremony", "concluded today".
OPENING = re.compile(
    r"\b(?:opening|closing)\s+(?:ceremony|session|plenary)\b"
    r"|\b(?:concluded|closed|opened|ended|began)\b",
    re.IGNORECASE,
)
# The words before a visit that make it a leader's visit of its own kind: "a state visit".
STATE_VISIT = re.compile(r"\b(?P<kind>[Ss]tate)\s+$")
# A verb that says a body's round was held, or will be: "held the … Dialogue", "TICAD 9 will
# be held".
HOLDING = re.compile(
    r"\b(?:held|hold|holds|holding|took\s+place|takes?\s+place|convened|opened|closed"
    r"|concluded|hosted|host)\b"
)
# Put off to another day: "was postponed", "led him to postpone the visit", "its postponement";
# a date a round was "originally scheduled for" is the one it was moved from.
POSTPONED = re.compile(
    r"\bpostpon(?:e|ed|es|ing|ement)\b|\bput\s+off\b|\boriginally\s+(?:scheduled|planned)\b",
    re.IGNORECASE,
)
CANCELLED = re.compile(r"\bcancell?ed\b|\bcalled off\b", re.IGNORECASE)
NOT_EVENT_DATE = re.compile(
    r"(?:(?:was|were|been)\s+(?:launched|established|created|founded|resumed|set\s+up|formed)"
    # A body's founding told in apposition: "The JRC, set up in 1972, …", "Founded in 2001, …".
    r"|(?:^|,\s*)(?:set\s+up|established|founded|created|launched|formed)"
    r"|resumed|agreements?|treaty|declaration|accord"
    # A term of office, not a meeting: "since he took office in October 2024".
    r"|(?:took|taking|assumed|assuming)\s+office"
    r"|(?:agreements?|understandings?|decisions?)\s+(?:reached|achieved|taken)(?:\s+\w+){0,2}"
    r"|convention|since|grew|growth|increased|decreased|per\s+cent"
    # "since the two countries normalised relations in 1995", "since he took office in May":
    # the time of a state of affairs, not of a meeting.
    r"|(?:normali[sz]ed|established|restored)\s+(?:\w+\s+)?relations|took\s+office"
    # "the 50th anniversary of diplomatic relations, on 15 August": the day it falls on.
    r"|anniversary\s+of\s+(?:\w+\s+){0,3}\w+,?)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
CITY_CUE = re.compile(
    r"(?:\b(?:in|to|at|from|since|visited|visiting|city\s+of|capital|and)\s+)$"
    # "at State House, Nairobi": a venue, then its city.
    r"|\b(?:House|Palace|Hall|Centre|Center|Hotel|Office|Residence|Headquarters),\s+$",
    re.IGNORECASE,
)
MONTH_NAMES = {month.lower() for month in calendar.month_name if month}
# Countries that are cities: "in Singapore" names the city too.
CITY_STATES = {"Singapore", "Monaco", "Luxembourg", "San Marino", "Vatican City"}
# A city named where only a place can be: "in Aktau on 12 August", "in Tunis, Tunisia".
STRONG_CUE = re.compile(
    r"\s*(?:,\s*[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?,?\s+)?(?:on|from)\s+(?:\d|[A-Z][a-z]+\s+\d)"
)
CAPITALISED = re.compile(
    r"\b(?:St\.?\s+|New\s+|San\s+|Saint\s+)?[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+)?"
)
# Attending a named event: "attended the X Forum", "to come to the X Forum", "took part in …".
ATTEND = (
    r"\b(?:attend(?:s|ed|ing)?|c(?:ome|omes|ame|oming)\s+to|t(?:ake|akes|ook|aking)\s+part\s+in"
    r"|participat(?:e|es|ed|ing)\s+in)\s+(?:the\s+)?"
)
ATTENDED_FORUM = re.compile(
    ATTEND + r"(?:(?:plenary\s+)?(?:session|meeting)\s+of\s+the\s+)?"
    r"(?:\d{1,3}(?:st|nd|rd|th)\s+|(?:" + "|".join(ORDINAL_WORDS) + r")\s+)?"
    r"(?P<forum>(?:[A-Z][\w’'-]*\s+|(?:of|on|for|and)\s+){0,6}?Forum)\b"
)
ANOTHER_SUCH = re.compile(
    r"\b(?:another|a\s+further|one\s+more)\s+such\s+(?:group|visit|trip|delegation|meeting"
    r"|round|event|ceremony)\b|\ba\s+similar\s+(?:visit|trip|meeting|round|event|ceremony)\b",
    re.IGNORECASE,
)
# Where a sentence goes on with a later event of its own: "…, and later that afternoon he was
# received by …", "…, and then visited …".
NEXT_EVENT_CLAUSE = re.compile(
    r",\s+(?:and\s+)?(?:later|then|afterwards|subsequently)\b(?:\s+(?:that|in\s+the)\s+\w+)?"
    # "… of A to Washington in June and the visit of B to New Delhi in September".
    r"|\s+and\s+(?:the|a|his|her)\s+(?:[\w-]+\s+)?visit\s+of\b"
)
# Whom one meets "with", through titles and a list; not who acts "together with" another.
COUNTERPART_WITH = re.compile(
    r"(?<!together\s)(?<!along\s)\bwith\s+(?:(?:then|former|the|and|of|for|[A-Z][\w’'.-]*),?\s+)*$"
)
TITLE_WORDS_RE = re.compile(r"(?:[A-Z][\w’'-]*\s+){0,3}" + TITLE_WORDS)
# A visit and its visitor: "the State Visit of Prime Minister A to Bangladesh".
VISIT_OF = re.compile(
    r"\b[Vv]isit\s+of\s+(?P<who>(?:[^.;]|(?<=\b[A-Z])\.){3,80}?)\s+to\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
)
# A visit told with its visitor's possessive: "Prime Minister A's State Visit to Washington".
POSSESSIVE_VISIT = re.compile(
    r"['’]s\s+(?:[\w-]+\s+){0,2}?[Vv]isit\s+to\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
)
# Whom a visitor met, told after the visit: "…, when he and Prime Minister B", "… and met B".
MET_BY_VISITOR = re.compile(
    r"\b(?:(?:he|she)\s+and|met(?:\s+with)?|received\s+by|hosted\s+by)\s+(?:the\s+)?"
    r"(?:[A-Z][\w’'.-]*\s+)*$"
)
# Talks in a city with someone: "hold talks in Abu Dhabi with President A".
TALKS_IN_CITY_WITH = re.compile(
    r"\b(?:talks|met|meet|meets|meeting)\b[^.;]{0,40}?\bin\s+"
    r"(?P<city>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)\s+with\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s+)*$"
)
# A counterpart of a nationality, then their title or name: "his Qatari counterpart, Foreign
# Minister A", "their Indian counterparts".
COUNTERPART_OF = re.compile(
    r"\b(?:his|her|their|its|our|my)\s+(?P<nationality>[A-Z][\w.-]*)\s+counterparts?,?\s+"
    r"(?:the\s+)?$"
)
# A counterpart of a nationality named by no name: "he first met his Indian counterpart in".
COUNTERPART_ALONE = re.compile(
    r"\b(?:his|her)\s+(?P<nationality>[A-Z][\w.-]*)\s+counterpart\b(?!s|,?\s+(?:the\s+)?[A-Z])"
)
# Whom one attended for: "A, Director of …, attended for China", "B signed on behalf of Egypt".
ATTENDED_FOR = re.compile(
    r"(?:,[^.;]{0,160}?)?,?\s+(?:also\s+)?(?:attended|participated|took\s+part|spoke|signed)"
    r"(?:\s+\w+){0,3}?\s+(?:for|on\s+behalf\s+of)\s+(?:the\s+)?"
)
# An event told just before, and who chaired or opened it: "The meeting was co-chaired by …".
CHAIRED_BY = re.compile(
    r"(?:The|This|That)\s+(?:[\w-]+\s+){0,2}(?:meeting|talks|session|summit|consultations"
    r"|dialogue|round|conference|delegations?)"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})?"
    r"\s+(?:was|were|is|will\s+be)\s+(?:jointly\s+)?"
    # Who opened or closed a session presided it: "The session was opened by A and B".
    r"(?:co-chaired|chaired|led|headed|presided\s+over|attended|opened|closed|inaugurated)"
    r"\s+(?:jointly\s+)?by\b"
)
# Who led a side, told after the event: "A, Director General of …, led the Chinese side."
LED_SIDE = re.compile(
    r"\b(?:led|headed)\s+the\s+[A-Z][\w.]*\s+(?:side|delegation)\b"
    # "B, Minister for Foreign Affairs, attended in person", "C attended for China".
    r"|\battended\s+(?=(?:in\s+person|for|as|on\s+behalf|virtually|online)\b)"
)
# Who opened or chaired the event just told, named in the sentence after it: "A opened the
# Conference together with B", "C chaired the meeting".
OPENED_IT = re.compile(
    r"\b(?:opened|closed|chaired|co-chaired|presided\s+over)\s+the\s+(?:[\w-]+\s+){0,2}?"
    r"(?:[Cc]onference|[Ss]ummit|[Mm]eeting|[Ss]ession|[Ff]orum|[Aa]ssembly|[Dd]ialogue|talks"
    r"|consultations)\b(?!\s+(?:of|on)\s+[A-Z])"
)
# Who attended the event the release is about, told after it however far: "A and B were among
# the leaders attending".
AMONG_ATTENDING = re.compile(
    r"\bamong\s+the\s+(?:\w+\s+){0,2}(?:leaders|participants|delegates|guests|heads\s+of\s+\w+"
    r"|ministers)\s+(?:attending|present|who\s+attended)\b"
)
# Taking a part in an event: speaking at it, addressing it, attending it.
TAKES_PART = re.compile(
    r"\b(?:speak|speaks|spoke|to\s+speak|address(?:es|ed)?|deliver(?:s|ed)?\s+(?:the|a|an)\s+"
    r"(?:\w+\s+)?(?:address|speech|remarks|statement)|take\s+part|takes\s+part|took\s+part"
    r"|attend(?:s|ed)?|participat(?:e|es|ed)\s+in)\b"
)
# A delegation of the event just told and who led it: "Among the delegations was that of the
# Swiss Federal Assembly, led by A and B".
DELEGATION_LED_BY_NAMED = re.compile(r"\bdelegations?\b[^.;]*?\b(?:led|headed)\s+by\b")
# Who was present, named after the event: "Among the heads of government present were A and B".
PRESENT_WERE = re.compile(
    r"\bpresent\s+were\b|\b[Pp]articipants\s+(?:are|were|will\s+be|include[sd]?)\b"
    r"|\b(?:was|were|is|are|will\s+be)\s+represented\s+by\b"
)
# The countries of a first-person author's counterparts.
MY_COUNTERPARTS = re.compile(
    r"\bmy\s+(?:\w+\s+)?counterparts?\s+from\s+(?P<countries>[^.;]+?)(?=\s+(?:in|at|for|to|on)\b|[.;]|$)"
)
# Whom an event honours, or who is represented at it, named after it: "the state funeral of
# former Prime Minister A", "on behalf of His Majesty King B".
HONOURED = re.compile(
    r"(?:\b(?:funeral|memorial|memory|burial|grave|tomb|mausoleum|death|mourning|honour|honor)"
    r"\s+(?:ceremony\s+|service\s+)?(?:of|for|to)|\b[Oo]n\s+behalf\s+of)\s+(?:the\s+)?"
    r"(?:late\s+|former\s+)?(?:[A-Z][\w’'.-]*\s+|of\s+|the\s+){0,9}$"
)
# Holders of a title named together, with a qualifier that says their side: "the visiting
# Secretaries", "the Australian Ministers".
QUALIFIED_TITLES = re.compile(
    r"\b[Tt]he\s+(?:visiting\s+|(?P<nationality>[A-Z][a-z]+)\s+)"
    r"(?P<titles>Secretaries|Ministers|Presidents|Prime\s+Ministers|Ambassadors|Speakers)\b"
)
# A possessive that says whose event a trigger tells: "at their meeting", "his third visit".
REFERRING_OWNER = re.compile(r"\b(?:[Tt]heir|[Hh]is|[Hh]er)\s+(?:[\w-]+\s+){0,2}$")
# A visit told in a relative clause of its visitor: "…, who is on a visit", "who paid a".
VISITOR_BEFORE = re.compile(
    r",?\s+who\s+(?:is|was|will\s+be|has\s+been)\s+(?:on|paying)\s+(?:an?|his|her)\s+"
    r"(?:[\w-]+\s+){0,2}$|,?\s+who\s+(?:paid|pays|made|makes)\s+(?:an?|his|her)\s+"
    r"(?:[\w-]+\s+){0,2}$"
)
# Who comes with another, of the same delegation: "A, accompanied by Minister B".
ACCOMPANYING = re.compile(
    r"\b(?:accompanied|joined)\s+by\s+(?:(?:the|of|and|[A-Z][\w’'.-]*),?\s+)*$"
)
# The visitor of "the visit of A to …", wherever to.
VISITOR_OF = re.compile(r"\b[Vv]isit\s+of\s+(?P<who>(?:[^.;]|(?<=\b[A-Z])\.){3,80}?)\s+to\s+")
# What joins one who receives or meets to whom they receive or meet, named in turn.
COUNTERPART_TURN = (
    r"(?:,[^.;]{0,120}?,)?\s+(?:received|hosted|welcomed|met(?:\s+with)?|held\s+talks\s+with)"
    r"\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s+|of\s+|the\s+){0,6}"
)
# Who heads a delegation: "the Indian delegation was led by A", "A, …, led the Chinese side".
DELEGATION = re.compile(r"\b(?:delegations?|side)\b")
DELEGATION_LED_BY = re.compile(r"\b(?:led|headed)\s+by\b")
DELEGATION_LED = re.compile(
    r"(?:,[^.;]{0,160}?)?,?\s+(?:led|headed)\s+the\s+(?P<country>[A-Z][\w.]*)\s+"
    r"(?:side|delegation)\b"
)
# What joins two counterparts named in turn: "and", "received", "met (with)", "held talks
# with", and the second one's title.
COUNTERPART_LINK = re.compile(
    r"(?:,?\s+Jr\.,?)?(?:,?\s+who(?:\s+had|\s+has)?)?(?:\s+today)?"
    r"\s+(?P<verb>and|received|hosted|welcomed|met(?:\s+with)?|held\s+talks\s+with)\s+"
    r"(?:the\s+)?(?:[A-Z][\w’'-]*\s+|of\s+|the\s+){0,6}",
)
COMMEMORATION = re.compile(
    r"\bwreaths?\b|\bflowers\b|\btribute\b|\brespects\b|\bgraves?\b|\bcemeter(?:y|ies)\b"
    r"|\bmemorial\b|\bmonument\b|\btomb\b|\bunveiled\b|\binaugurated\b|\btoured\b",
    re.IGNORECASE,
)
# Meeting one's counterpart apart from the talks: "… will meet with their Japanese
# counterparts separately".
SEPARATELY = re.compile(r"\bcounterparts?\b[^.;]*\bseparately\b|\bseparate\s+(?:meetings|talks)\b")
ENGLISH_WORDS = {"the", "and", "of", "to", "in", "a", "on", "with", "for", "was", "will", "is"}


class ExtractionRefused(Exception):
    """The text cannot be read: empty, too long, or not in English. `errors` by field."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(message for messages in errors.values() for message in messages))


# --- What the extraction proposes -----------------------------------------------------------


@dataclass
class NameFound:
    """A person's name where a sentence gives it, with the title it gives them."""

    name: str
    role: str
    start: int
    end: int


@dataclass
class Event:
    sentence: Sentence
    trigger: str
    position: int
    clause: str
    date: FoundDate | None = None
    mechanism: dict[str, Any] | None = None  # {"key", "name", "kind", ...} or {"id": …}
    number: int | None = None
    number_sentence: Sentence | None = None
    cities: list[tuple[str, gazetteer.City | None, str | None]] = field(default_factory=list)
    city_sentence: Sentence | None = None
    host: str | None = None
    people: list[PersonMention] = field(default_factory=list)
    status: str = RoundStatus.HELD
    inherited_date: bool = False
    within: bool = False  # the date is a span the event took place within (a visit's days)
    extra_sentences: list[Sentence] = field(default_factory=list)
    # A state visit's mechanism had its talks been told with it (`state_visit`, `coreferent`).
    talks_mechanism: dict[str, Any] | None = None


def generic_summit(name: str) -> bool:
    """A summit or meeting named in capitals by words that name none ("the Virtual Summit",
    "the Annual Summit"): how the leaders met, not a format's name."""
    return all(word.lower().strip("'’") in GENERIC_SUMMIT_WORDS for word in name.split())


def spelling(name: str) -> str:
    """A name as transliterations of it agree: folded, "y", "j" and "i" alike, "kh" as "h",
    "x" as "ks", doubled letters single (Sergei/Sergey, Shoigu/Shoygu, Dmitry/Dmitri)."""
    text = gazetteer.fold(name).replace("kh", "h").replace("x", "ks")
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[yj]", "i", text))


def own_clause(text: str, at: int) -> str:
    """The part of a sentence an event's trigger at `at` is told in, when the sentence goes on
    with another event of its own ("A met B, and later that afternoon he was received by C")."""
    begin, end = 0, len(text)
    for match in NEXT_EVENT_CLAUSE.finditer(text):
        if match.end() <= at:
            begin = match.end()
        elif match.start() >= at:
            end = min(end, match.start())
    return text[begin:end]


# --- Text --------------------------------------------------------------------------------------


def bounded(text: str, begin: int, end: int) -> Iterator[tuple[int, int]]:
    """The span of a sentence cut into pieces of at most MAX_SENTENCE characters, each at the
    last clause break (`;`, `,`) or space before the bound: the reader's rules cost the square
    of a sentence's length, so a 99,000-character "sentence" took 421 s."""
    while end - begin > MAX_SENTENCE:
        limit = begin + MAX_SENTENCE
        cut = max(text.rfind(mark, begin + 1, limit) for mark in ("; ", ", ", " "))
        cut = cut + 1 if cut > begin else limit
        yield begin, cut
        begin = cut
    yield begin, end


def text_sentences(text: str) -> list[Sentence]:
    """The text's sentences, paragraph by paragraph (a blank line ends a sentence too)."""
    found: list[Sentence] = []
    for number, paragraph in enumerate(re.split(r"\n\s*\n", text)):
        normal = normalise_whitespace(paragraph)
        for sentence in split_sentences(normal):
            for begin, end in bounded(normal, *sentence):
                if piece := normal[begin:end].strip():
                    found.append(Sentence(len(found), number, piece))
    return found


def check_text(text: str, language: str) -> None:
    """Refuse what the extraction cannot read, saying why."""
    if not text.strip():
        raise ExtractionRefused({"text": ["The source has no text to read drafts from."]})
    if len(text) > MAX_TEXT:
        raise ExtractionRefused(
            {
                "text": [
                    f"The text has {len(text):,} characters; the extraction reads at most "
                    f"{MAX_TEXT:,} (a release, not a collection). Split it into sources."
                ]
            }
        )
    words = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(word in ENGLISH_WORDS for word in words)
    if (language and not language.lower().startswith("en")) or (
        words and english / len(words) < 0.04
    ):
        raise ExtractionRefused(
            {
                "language": [
                    f"The extraction reads English text only; this source is in "
                    f"“{language or 'an unknown language'}” (or its text does not read as "
                    "English). Add the English version as a source of its own."
                ]
            }
        )


# --- The reader ------------------------------------------------------------------------------


class Reader:
    def __init__(
        self,
        *,
        text: str,
        published: datetime.date | None,
        home: str | None,
        source_id: int | None,
        lexicon: Lexicon,
    ):
        self.text = text
        self.published = published
        self.source_id = source_id
        self.lexicon = lexicon
        self.sentences = text_sentences(text)
        self.country_re = lexicon.country_pattern()
        self.pair = self.find_pair(home)
        self.home = home if home in self.pair else (self.pair[0] if self.pair else None)
        # The publisher's country, a party to the formats of more than two it tells of.
        self.publisher = home
        # The side of the people the text names without their country (`find_people`).
        self.own_side = self.home
        # The event of several days the narrative is in, and the day of it last told
        # (`took_part_on_its_days`).
        self.day_within: tuple[Event, datetime.date] | None = None
        self.release_sides: set[str] | None = None
        self.specs: dict[str, Spec] = {}
        self.people: dict[str, dict[str, Any]] = {}  # name → {"role", "country", "sentence"}
        # The forms the text writes each person in ("KISHIDA Fumio", "Prime Minister
        # Kishida"'s "Kishida") → the name of `people`.
        self.forms: dict[str, str] = {}
        self.forms_re = re.compile(r"(?!)")
        self.author: str | None = None
        # The authors a byline names, whom "we" and "our" are.
        self.authors: list[str] = []
        self.second_titles: dict[str, set[str]] = {}
        self.mechanism_keys: dict[str, str] = {}
        # The mechanism of the event last read, which "its next meeting" or "this format" refer
        # back to, and "the Commission" if it is a commission (set in the text's order).
        self.focus: dict[str, Any] | None = None
        # Every mechanism an event was read of, in the text's order.
        self.named: list[dict[str, Any]] = []
        # The sentence being read, whose clauses the rules see cut.
        self.reading = ""
        # The bodies the text names in capitals, read whole, which short forms and acronyms
        # later in the text refer to.
        # Each body the text names, once (by name and acronym, in the order first named): a
        # long text names the same body in every sentence, and each clause is compared with
        # every body.
        first_named: dict[tuple[str, str], bodies.Body] = {}
        for body in bodies.official_names(text, lexicon.country_names):
            first_named.setdefault((body.name, body.acronym), body)
        self.bodies = list(first_named.values())
        # The groupings of countries the text names ("the Three Seas Initiative"), and the one
        # last named by the sentence being read, whose summits later sentences tell.
        self.groupings = groupings.groupings_in(text)
        self.grouping: groupings.Grouping | None = None
        # Whether the text names foreign and defence ministers both (a 2+2's principals).
        self.foreign_and_defence = bool(
            re.search(
                r"\bForeign\s+(?:Affairs|Minister)|\bSecretary\s+of\s+State\b|\bExternal\s+Affairs",
                text,
            )
            and re.search(r"\bDefen[cs]e\b", text)
        )

    # Countries -----------------------------------------------------------------------------

    def countries_in(self, text: str) -> list[tuple[str, int]]:
        return [
            (self.lexicon.country_names[m.group(1)], m.start())
            for m in self.country_re.finditer(text)
        ]

    def find_pair(self, home: str | None) -> list[str]:
        counts = Counter(code for code, _ in self.countries_in(self.text))
        # A person the registry holds, named, stands for their country ("Foreign Minister
        # Sergey Lavrov and … Minister … of India": Russia and India).
        spelt = spelling(self.text) if self.lexicon.people else ""
        counts.update(
            known.country
            for known in self.lexicon.people
            if known.country and any(spelling(name) in spelt for name in known.names)
        )
        ranked = [code for code, _ in counts.most_common()]
        if home and home not in ranked:
            ranked.insert(0, home)
        if home in ranked:
            ranked.remove(home)
            ranked.insert(0, home)
        return ranked[:2]

    def other_side(self, code: str | None) -> str | None:
        if code in self.pair and len(self.pair) == 2:
            return self.pair[1 - self.pair.index(code)]
        return None

    def pair_label(self) -> str:
        return "–".join(self.lexicon.country_short_name(code) for code in self.pair)

    # People --------------------------------------------------------------------------------

    def names_in(self, text: str) -> list[NameFound]:
        """Every person a sentence names with a title: before the name ("Prime Minister A"),
        or beside it after a comma ("the President of the Republic, A"; "H.E. Mr. A,
        President of Egypt")."""
        titled = [
            *(
                m
                for m in PERSON.finditer(text)
                # "HE the Deputy Prime Minister … and HE Dr. A, Deputy Prime Minister …": the
                # title before "and HE" is another's; A's own comes after the name.
                if not re.search(r"\band\s+(?:H\.?\s?[EH]\.?|His|Her)\s*$", m["role"])
            ),
            *(
                m
                for m in TITLE_THEN_NAME.finditer(text)
                # "A, then Chile's Minister of Defence, B and C": a title of the name before
                # it, set off by commas, not of the next name of a list.
                if not re.search(
                    r",\s+(?:(?:then|former|now)\s+)?(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*"
                    r"['’]s\s+$",
                    text[max(0, m.start() - 80) : m.start()],
                )
            ),
        ]
        found = [NameFound(m["name"], m["role"], m.start(), m.end()) for m in titled]
        # "Prime Ministers A and B": each name its office's (a surname alone is a form of a
        # name given in full elsewhere, `name_forms`).
        found.extend(
            NameFound(name, role, start, end)
            for name, role, start, end in plural_titled(text)
            if re.fullmatch(NAME, name)
        )
        for m in NAME_THEN_TITLE.finditer(text):
            before = text[: m.start()].rstrip()
            # A name its title comes before keeps it ("the President of the Republic, A, the
            # President of China, B": A's title is not B's). Without a form of address, only a
            # name that begins a phrase (not the end of "Hyderabad House"), of a country's title.
            if any(
                t.start("name") < m.end("name") and m.start("name") < t.end("name") for t in titled
            ):
                # "Prince A, Crown Prince and Prime Minister, chaired": a second title of A's
                # (not the title of a name that follows: "A, the President of China, B").
                same = next((t for t in titled if t.end("name") == m.end("name")), None)
                # Not a list's next title and name ("A, Secretary of Homeland Security B and
                # Attorney General C").
                if (
                    same is not None
                    and not NEXT_NAME.match(text, m.end())
                    and not PERSON.search(m["role"])
                ):
                    self.second_titles.setdefault(same["name"], set()).add(m["role"])
                continue
            if not m["honorific"] and (
                not re.search(r"(?:^|[,;(]|\b(?!(?:of|the|for)\b)[a-z]+)$", before)
                or not (self.countries_in(m["role"]) or known_office(m["role"]))
            ):
                continue
            found.append(NameFound(m["name"], m["role"], m.start(), m.end()))
        # "the President of the Republic and Mrs B": a spouse, whose title is the other's.
        return sorted(
            (f for f in found if not re.search(r"\b(?:Mrs|Mr|Ms|Mme|Madame)\.?$", f.role)),
            key=lambda f: f.start,
        )

    def find_people(self) -> None:
        """Every person named with a title, and the side each title or sentence gives."""
        registry = {spelling(name): known for known in self.lexicon.people for name in known.names}
        for sentence in self.sentences:
            for match in self.names_in(sentence.text):
                name = match.name
                first = name.split()[0]
                if first in NOT_NAMES or self.country_re.fullmatch(name) or names_a_place(name):
                    continue
                role = self.clean_role(match.role)
                side = self.side_of(sentence.text, match.start, match.end, role)
                known = self.people.get(name)
                registered = self.registered(name, registry)
                if side is None and not registered and INTERNATIONAL_OFFICE.search(role):
                    # "NATO Secretary General A", "the High Representative B": an official of
                    # an organisation, of no country's side.
                    continue
                if registered and (known is None or not known.get("known")):
                    # A person the registry holds is that person (by any of their names, in
                    # any usual transliteration: Sergei/Sergey, Shoigu/Shoygu; an initial
                    # for a given name), on the side the registry gives (a sentence naming
                    # another country's minister beside them does not make them that
                    # country's); never proposed again.
                    self.people[name] = {
                        "role": role,
                        "country": registered.country or side,
                        "sentence": sentence,
                        "known": registered,
                    }
                elif known is None:
                    self.people[name] = {"role": role, "country": side, "sentence": sentence}
                elif known["country"] is None and side:
                    known["country"] = side
                self.people[name].setdefault("roles", set()).update(
                    {role, *self.second_titles.get(name, ())}
                )
        self.listed_with_countries()
        for registered in self.lexicon.people:
            for name in registered.names:
                if name in self.text and name not in self.people:
                    self.people[name] = {
                        "role": "",
                        "country": registered.country,
                        "known": registered,
                    }
        self.registry_by_surname()
        self.listed_under_title()
        self.listed_after_countries()
        # The side of whom the text names without a country: the publisher's, as its voice
        # tells it (telling its two sides meet, it writes a country for the other side's people
        # alone), else the home side.
        self.own_side = publisher_by_voice(self.meetings_told(), self.pair) or self.home
        for name, person in self.people.items():
            if person.get("country") is None:
                person["country"] = self.side_from_context(name)
        self.counterparts()
        self.presiding_counterparts()
        for person in self.people.values():
            if person.get("country") is None:
                person["country"] = self.own_side
                person["guessed"] = True
        self.name_forms()
        self.counterparts_in_focus()
        self.find_author()

    def meetings_told(self) -> list[tuple[list[str | None], list[str | None]]]:
        """Each sentence telling one side meeting another ("A and B met C"): the countries
        the sentence writes for the people named before the verb, and after it (None for one
        it writes none for, whatever their office or form of address implies), of a release of
        two sides."""
        meetings: list[tuple[list[str | None], list[str | None]]] = []
        if len(self.pair) != 2 or self.multilateral(self.text) is not None:
            return meetings
        for sentence in self.sentences:
            verb = met_across(sentence.text)
            if verb is None:
                continue
            named = [
                (
                    found,
                    self.side_of(
                        sentence.text, found.start, found.end, self.clean_role(found.role), True
                    ),
                )
                for found in self.names_in(sentence.text)
                if found.name in self.people and not self.people[found.name].get("known")
            ]
            meetings.append(
                (
                    [side for found, side in named if found.end <= verb[0]],
                    [side for found, side in named if found.start >= verb[1]],
                )
            )
        return meetings

    def listed_with_countries(self) -> None:
        """Holders of an office listed with their countries ("the Presidents of Chile, A; and
        Peru, B", "the foreign ministers of Chile and Peru — A and B"): of the country the list
        gives each, which beats a side guessed (a registry person keeps the registry's)."""
        registry = {spelling(name): known for known in self.lexicon.people for name in known.names}
        for sentence in self.sentences:
            for listed in listed_with_countries(
                sentence.text, self.country_re, self.lexicon.country_names
            ):
                person = self.people.get(listed.name)
                registered = self.registered(listed.name, registry)
                if person is None and registered:
                    # The registry's person, never proposed again.
                    self.people[listed.name] = {
                        "role": listed.role,
                        "country": registered.country or listed.country,
                        "sentence": sentence,
                        "known": registered,
                        "roles": {listed.role},
                    }
                elif person is None:
                    self.people[listed.name] = {
                        "role": listed.role,
                        "country": listed.country,
                        "sentence": sentence,
                        "roles": {listed.role},
                    }
                elif not person.get("known"):
                    person["country"] = listed.country

    def listed_under_title(self) -> None:
        """People named without titles in a list after their office in the plural ("founded by
        the foreign ministers A, B and C", "Its foreign ministers, A, B and C, met"): of the
        countries a list of as many the release names, in its order ("Germany, France and
        Poland"); none when the release names no such list (a side is never guessed for them).
        """
        lists = self.country_lists()
        for sentence in self.sentences:
            for match in LISTED_UNDER_TITLE.finditer(sentence.text):
                region = match["names"]
                names = [
                    m["name"]
                    for m in re.finditer(HONORIFIC + r"{0,2}" + NAME, region)
                    if not self.country_re.match(m["name"])
                ]
                sides = [codes for codes in lists if len(codes) == len(names)]
                if len(names) < 2 or len(sides) != 1:
                    continue
                role = " ".join(match["title"].split()).title().removesuffix("s")
                for name, code in zip(names, sides[0], strict=True):
                    if name not in self.people:
                        self.people[name] = {
                            "role": role,
                            "country": code,
                            "sentence": sentence,
                            "roles": {role},
                        }

    def listed_after_countries(self) -> None:
        """People listed after a meeting named by its countries ("the Japan-Philippines-U.S.
        Summit among Prime Minister A, President B and President C"): of those countries, in
        their order, when as many are named; only for people no sentence gives a side."""
        for sentence in self.sentences:
            for match in MEETING_OF_COUNTRIES_AMONG.finditer(sentence.text):
                codes = [
                    self.lexicon.country_names.get(part)
                    for part in re.split(r"[-–]", match["countries"])
                ]
                names = [
                    found.name
                    for found in self.names_in(sentence.text)
                    if found.start >= match.end()
                ]
                # Anyone else the sentence names after them makes the count differ: no side.
                if None in codes or len(set(codes)) != len(codes) or len(names) != len(codes):
                    continue
                for name, code in zip(names, codes, strict=True):
                    person = self.people.get(name)
                    if person is not None and person.get("country") is None:
                        person["country"] = code

    def country_lists(self) -> list[list[str]]:
        """The lists of three countries or more the release names ("Germany, France and
        Poland"), each once, in its order."""
        lists: list[list[str]] = []
        current: list[str] = []
        previous = None
        for match in self.country_re.finditer(self.text):
            code = self.lexicon.country_names[match[1]]
            gap = self.text[previous.end() : match.start()] if previous else None
            if gap is not None and re.fullmatch(r",?\s+(?:and\s+)?(?:the\s+)?|,\s+", gap):
                current.append(code)
            else:
                if len(current) >= 3 and current not in lists:
                    lists.append(current)
                current = [code]
            previous = match
        if len(current) >= 3 and current not in lists:
            lists.append(current)
        return [codes for codes in lists if len(set(codes)) == len(codes)]

    def registry_by_surname(self) -> None:
        """ "President Biden" with no full name in the text: the registry's one person of that
        surname (never a guess among several)."""
        if not self.lexicon.people:
            return
        words = {w.casefold() for name in self.people for w in name.split()}
        by_surname: dict[str, dict[int, Any]] = {}
        for known in self.lexicon.people:
            for name in known.names:
                parts = name.split()
                if len(parts) > 1:
                    for part in {parts[0], parts[-1]}:
                        by_surname.setdefault(spelling(part), {})[known.id] = known
        for sentence in self.sentences:
            for match in TITLE_AND_SURNAME.finditer(sentence.text):
                word = match["word"]
                holders = by_surname.get(spelling(word), {})
                if word.casefold() in words or len(holders) != 1:
                    continue
                known = next(iter(holders.values()))
                if known.name not in self.people:
                    self.people[known.name] = {
                        "role": self.clean_role(re.sub(rf"\s*{re.escape(word)}$", "", match[0])),
                        "country": known.country,
                        "sentence": sentence,
                        "known": known,
                    }
                    words.update(w.casefold() for w in known.name.split())

    @staticmethod
    def registered(name: str, registry: dict[str, Any]) -> Any:
        """The registry's person of this name: by spelling, or written with initials or a
        patronymic or without them ("S. Jaishankar", "Antony J. Blinken" for "Antony
        Blinken", "Vladimir Vladimirovich Putin"), when one registry person alone fits."""
        if spelling(name) in registry:
            return registry[spelling(name)]
        words = [
            w
            for w in name.split()
            if not re.fullmatch(r"[A-Z]\.|Jr\.?|I{2,3}|IV", w) and not PATRONYMIC.fullmatch(w)
        ]
        if spelling(" ".join(words)) in registry:
            return registry[spelling(" ".join(words))]
        initial = re.fullmatch(r"([A-Z])\.\s+(.+)", name)
        if initial:
            fitting = {
                id(known): known
                for spelt, known in registry.items()
                if spelt.endswith(" " + spelling(initial[2]))
                and spelt[:1] == spelling(initial[1])[:1]
            }
            if len(fitting) == 1:
                return next(iter(fitting.values()))
        return None

    def name_forms(self) -> None:
        """Each person under one name, as an analyst enters it, and the forms the text writes
        them in: without forms of address, a family name in capitals written as a name
        ("KISHIDA Fumio": "Fumio Kishida" for a side that writes the given name first), and a
        title with the surname alone ("President el-Sisi") for the one person of that
        surname."""
        words_of = {name: name.split() for name in self.people}
        family_first: set[str] = set()
        surnames: dict[str, str | None] = {}
        for sentence in self.sentences:
            words = [
                match["word"]
                for match in [
                    *TITLE_AND_SURNAME.finditer(sentence.text),
                    *ADDRESS_AND_SURNAME.finditer(sentence.text),
                ]
            ]
            # "Presidents A and B": surnames under one office in the plural.
            words += [
                name
                for name, _, _, _ in plural_titled(sentence.text)
                if not re.fullmatch(NAME, name)
            ]
            for word in words:
                if word in self.people or word in self.lexicon.country_names:
                    continue
                owners = [
                    name
                    for name, words in words_of.items()
                    # Any word of a longer name: "Secretary Ebrard" for "Marcelo Ebrard
                    # Casaubón" (Spanish names carry the mother's surname last).
                    if len(words) > 1 and word.casefold() in {w.casefold() for w in words}
                ]
                if len(owners) != 1 or surnames.get(word, owners[0]) != owners[0]:
                    surnames[word] = None  # two people of that name: neither
                    continue
                surnames[word] = owners[0]
                if word.casefold() == words_of[owners[0]][0].casefold():
                    family_first.add(owners[0])
        canonical: dict[str, str] = {}
        for name, person in self.people.items():
            if person.get("known"):
                canonical[name] = name
                continue
            words = [w for w in name.split()]
            written_family_first = name in family_first or (
                len(words) > 1 and words[0].isupper() and not words[1].isupper()
            )
            words = [
                "-".join(part.capitalize() for part in w.split("-"))
                if w.isupper() and len(w) > 2 and not re.fullmatch(r"[IVX]+", w)
                else w
                for w in words
            ]
            if (
                written_family_first
                and len(words) == 2
                and person.get("country") in GIVEN_NAME_FIRST
            ):
                words.reverse()
            # A patronymic between given name and surname is left out, as the registry enters
            # names ("Vladimir Vladimirovich Putin": "Vladimir Putin").
            if len(words) == 3 and PATRONYMIC.fullmatch(words[1]):
                del words[1]
            canonical[name] = " ".join(words)
        people: dict[str, dict[str, Any]] = {}
        for name, person in self.people.items():
            people.setdefault(canonical[name], person)
        self.people = people
        self.forms = {name: canonical[name] for name in canonical}
        self.forms.update(
            surnames_alone(list(self.people), self.text, {*self.lexicon.country_names, *NOT_NAMES})
        )
        self.forms.update(self.titles_alone())
        self.forms.update(
            {word: canonical[owner] for word, owner in surnames.items() if owner is not None}
        )
        self.forms_re = re.compile(
            r"(?<![\w-])(?:"
            + "|".join(map(re.escape, sorted(self.forms, key=len, reverse=True)))
            + r")(?![\w-])"
            if self.forms
            else r"(?!)"
        )

    def titles_alone(self) -> dict[str, str]:
        """ "the Crown Prince", "the Chinese President", "the Minister": the person of that
        title (and that nationality), when the text names one person of it."""
        forms: dict[str, str] = {}
        for sentence in self.sentences:
            for match in TITLE_ALONE.finditer(sentence.text):
                nationality, office = match["nationality"], match["title"]
                code = DEMONYMS.get(nationality) if nationality else None
                if nationality and code is None:
                    # Not a nationality but the title's first word ("the Crown Prince").
                    nationality, office = None, f"{nationality} {office}"
                title = re.compile(
                    # "the Kazakh head of state": its President (a head of government, its
                    # Prime Minister), of the nationality said.
                    rf"\b{re.escape(office)}\b"
                    + (HEAD_OFFICES.get(" ".join(office.lower().split()), "") if code else ""),
                    re.IGNORECASE,
                )
                holders = [
                    name
                    for name, person in self.people.items()
                    if any(title.search(role) for role in person.get("roles", {person["role"]}))
                    and (code is None or person.get("country") == code)
                ]
                if len(holders) > 1:
                    # "the Secretary" of a text that names a former one too ("then-Secretary
                    # A"): the one holding the office now.
                    holders = [
                        name
                        for name in holders
                        if not re.search(
                            rf"\b(?:former|then|late)[\s-]+(?:[A-Z][\w’'-]*\s+){{0,4}}"
                            rf"{re.escape(name)}",
                            self.text,
                        )
                    ] or holders
                if len(holders) > 1 and not code and office.startswith(HEAD_TITLES):
                    # "the President" of a text naming several: the publisher's one (its own
                    # head, as its releases write them), not a former one.
                    holders = [
                        name
                        for name in holders
                        if self.people[name].get("country") == self.publisher
                        and not self.people[name].get("guessed")
                        and not re.search(
                            rf"\bformer\s+{re.escape(office)}\s+{re.escape(name)}",
                            self.text,
                            re.IGNORECASE,
                        )
                    ]
                if not holders and office.casefold() == "head of state" and not code:
                    # The publisher's "the Head of State": its one head of state named.
                    holders = [
                        name
                        for name, person in self.people.items()
                        if person.get("country") == self.publisher
                        and person.get("role", "").startswith(HEAD_TITLES)
                    ]
                if len(holders) == 1:
                    forms[match.group(0)] = holders[0]
            for match in LONG_TITLE_ALONE.finditer(sentence.text):
                # "the Deputy Prime Minister and Minister of Foreign Affairs": the one person of
                # that very office.
                office = match["title"].casefold()
                if any(name.casefold() in office for name in self.people):
                    continue  # a title and the name it is the title of
                holders = [
                    name
                    for name, person in self.people.items()
                    if office in {r.casefold() for r in person.get("roles", {person["role"]})}
                ]
                if len(holders) == 1:
                    forms[match.group(0)] = holders[0]
            for match in STYLE_ALONE.finditer(sentence.text):
                # "His Royal Highness was received": the one person the text names in that
                # style ("His Royal Highness Prince A").
                style = r"\s+".join(match.group(0).split())
                holders = [
                    name
                    for name in self.people
                    if re.search(
                        rf"{style}\s+(?:[A-Z][\w’'-]*\s+){{0,3}}?{re.escape(name)}", self.text
                    )
                ]
                if len(holders) == 1:
                    forms[match.group(0)] = holders[0]
        return forms

    def mentions(self, name: str, text: str, by_name: bool = False) -> bool:
        """Whether the text names the person, in any form it writes them in (`by_name`: a
        form with a word of their name, not a title alone such as "the Crown Prince")."""
        return any(
            self.forms.get(m.group(0)) == name
            and not (by_name and TITLE_ALONE.fullmatch(m.group(0)))
            for m in self.forms_re.finditer(text)
        )

    def counterparts(self) -> None:
        """Two holders of the same office named together ("President A and President B", "the
        summit between Prime Minister A and Prime Minister B"), or a head received or met by
        another ("Prime Minister A received President B"), are of the two sides: one whose
        side the text does not give is the other's counterpart; with neither given, the first
        named is the publisher's (the home side)."""
        if len(self.pair) != 2:
            return
        for sentence in self.sentences:
            mentions = [
                (match, self.clean_role(match["role"]))
                for match in PERSON.finditer(sentence.text)
                if match["name"] in self.people
            ]
            for (first, first_role), (second, second_role) in itertools.pairwise(mentions):
                between = sentence.text[first.end() : second.start("name")]
                link = COUNTERPART_LINK.fullmatch(between)
                if link is None or first["name"] == second["name"]:
                    continue
                same_office = first_role.lower() == second_role.lower()
                heads = first_role.startswith(COUNTERPART_HEADS) and second_role.startswith(
                    COUNTERPART_HEADS
                )
                a, b = self.people[first["name"]], self.people[second["name"]]
                if link["verb"] == "and" and not same_office and not heads:
                    # "Secretary of State A and Secretary of Commerce B": one delegation.
                    if b["country"] is None and not b.get("known"):
                        b["country"] = a["country"]
                    continue
                # "Chancellor A and Premier B": two heads of different offices named
                # together are the two sides' (of the same office, "President A and President
                # B of Turkey", the side of each is their own "of").
                if not (same_office or heads):
                    continue
                if a.get("known") and b.get("known"):
                    continue
                # A registry person keeps the registry's side; their counterpart is the other.
                if a.get("known") and b["country"] is None and not b.get("known"):
                    b["country"] = self.other_side(a["country"])
                    continue
                if b.get("known") and a["country"] is None and not a.get("known"):
                    a["country"] = self.other_side(b["country"])
                    continue
                if a.get("known") or b.get("known"):
                    continue
                if a["country"] is None and b["country"] is None:
                    if self.multilateral(sentence.text) is not None:
                        # Of a meeting of more than two, two counterparts are not the pair.
                        continue
                    a["country"] = self.own_side
                if a["country"] is None:
                    a["country"] = self.other_side(b["country"])
                elif b["country"] is None:
                    b["country"] = self.other_side(a["country"])

    def presiding_counterparts(self) -> None:
        """The presiding officers of two parliaments named together ("welcomed by Bundestag
        President A and by the President of the National Assembly, B"): of a release of two
        sides, one whose side the text does not give is the other's counterpart."""
        if len(self.pair) != 2:
            return
        for sentence in self.sentences:
            named = [
                found
                for found in self.names_in(sentence.text)
                if found.name in self.people and presides_parliament(found.role)
            ]
            for first, second in itertools.pairwise(named):
                if not re.fullmatch(
                    r",?\s+and\s+(?:by\s+)?(?:the\s+)?", sentence.text[first.end : second.start]
                ):
                    continue
                a, b = self.people[first.name], self.people[second.name]
                if b["country"] is None and not b.get("known"):
                    b["country"] = self.other_side(a["country"])
                elif a["country"] is None and not a.get("known"):
                    a["country"] = self.other_side(b["country"])

    def counterparts_in_focus(self) -> None:
        """A person whose side no sentence gave, met by one whose side it did, in any form
        the text writes them in ("HH the Amir and President B", "Secretary A … co-chaired
        with Vice President B", "the Minister received B"): the other side, not the home side
        guessed for them."""
        if len(self.pair) != 2:
            return
        for sentence in self.sentences:
            text = sentence.text
            if self.multilateral(text) is not None:
                continue  # of more than two, whom one meets is not the pair's other side
            mentions = [
                (m, self.forms[m.group(0)])
                for m in self.forms_re.finditer(text)
                if m.group(0) in self.forms
            ]
            first = next(
                (name for _, name in mentions if not self.people[name].get("guessed")), None
            )
            for index, (match, name) in enumerate(mentions):
                person = self.people[name]
                if not person.get("guessed") or person.get("known"):
                    continue
                before = text[: match.start()]
                if index and ACCOMPANYING.search(before):
                    # "A, accompanied by B, …": B is of A's delegation.
                    companion = self.people[mentions[index - 1][1]]
                    if not companion.get("guessed") and companion.get("country"):
                        person["country"] = companion["country"]
                        person.pop("guessed")
                    continue
                other = None
                # "A met B": B is A's counterpart, even when A's side is the home side guessed
                # (the publisher names its own first).
                met = index and re.fullmatch(
                    COUNTERPART_TURN, text[mentions[index - 1][0].end() : match.start()]
                )
                if index and (
                    met
                    or (
                        re.fullmatch(
                            r"\s+and\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s+)*",
                            text[mentions[index - 1][0].end() : match.start()],
                        )
                        and re.search(
                            r"\bbetween\s+(?:[A-Z][\w.]*\s+)*$",
                            text[: mentions[index - 1][0].start()],
                        )
                    )
                ):
                    other = mentions[index - 1][1]
                elif re.search(
                    COUNTERPART_WITH,
                    before[-150:],
                ):
                    other = first
                if (
                    other is None
                    or other == name
                    or (self.people[other].get("guessed") and not met)
                ):
                    continue
                side = self.other_side(self.people[other].get("country"))
                if side:
                    person["country"] = side
                    person.pop("guessed")

    def clean_role(self, role: str) -> str:
        previous = None
        while role != previous:
            previous = role
            role = re.sub(r"^(?:(?:and|of|the|on|for|with)\s+)+", "", role.strip())
            # A form of address is not the office ("His Royal Highness Prince", "HE").
            role = re.sub(
                r"^(?:(?:His|Her)\s+(?:Royal\s+Highness|Highness|Majesty|Excellency)"
                r"|H\.?\s?[EH]\.?)\s+",
                "",
                role,
            )
            # Another's title, or what was said of the person, before theirs: "HH the Amir and
            # President B" (the Amir is another), "the State Visit of Prime Minister B".
            role = re.sub(
                r"^(?:Amir|Emir|King|Queen|Crown\s+Prince|Sultan)\s+and\s+(?=[A-Z])", "", role
            )
            role = re.sub(rf"^.*\b(?:of|by|with)\s+(?={TITLE_WORDS}\b)", "", role)
            # The end of another's name: "(Charles de) Gaulle and Chancellor B".
            role = re.sub(rf"^(?:(?!{TITLE_WORDS})[A-Z][\w’'-]*\s+)+and\s+(?=[A-Z])", "", role)
            country = self.country_re.match(role)
            if country and role[country.end() :].startswith(" and "):
                # "… of the Republic of Korea and Prime Minister B": the country ends another's.
                role = role[country.end() :]
            words = role.split()
            # A nationality in the role is the side, not the role ("Russian Foreign Minister";
            # "… of Brazil and Foreign Minister": the country ends the name before it).
            while words and (words[0] in self.lexicon.country_names):
                words.pop(0)
            role = " ".join(words)
        return role

    def side_of(
        self, sentence: str, start: int, end: int, role: str, in_words: bool = False
    ) -> str | None:
        """The side a mention states: a nationality in the role, or "… of Japan" after it; of
        the pair, or of any country a meeting of more than two names (`in_words`: only a
        country the sentence writes, not one an office or a form of address implies)."""
        sides = self.sides(sentence)
        # A country right before the role: "U.S. Secretary of State …", "Japan's Minister …";
        # not one further back ("Lula da Silva of Brazil and President Cyril Ramaphosa").
        window = sentence[max(0, start - 30) : start]
        for match in self.country_re.finditer(window):
            code = self.lexicon.country_names[match[1]]
            # Of a country beyond the release's sides too ("… were joined by Estonian
            # President A"): said in so many words.
            if (code in sides or code in CURRENT_COUNTRIES) and re.fullmatch(
                r"(?:['’]s)?\s*", window[match.end() :]
            ):
                return code
        # "Chile's Minister of Finance, A, and Minister of Energy, B": the possessive before
        # the list.
        listed = possessive_over_list(sentence, start, self.country_re, self.lexicon.country_names)
        if listed in sides:
            return listed
        # "met his Qatari counterpart, Foreign Minister A": the counterpart's nationality.
        counterpart = COUNTERPART_OF.search(sentence, max(0, start - 60), start)
        if counterpart and counterpart["nationality"] in self.lexicon.country_names:
            return self.lexicon.country_names[counterpart["nationality"]]
        # "Iran was represented by Deputy Foreign Minister A, and Russia by Ambassador B"; "the
        # Russian side was represented by A, and the Azerbaijani side by B".
        on_behalf = represented_by(sentence, start, self.country_re, self.lexicon.country_names)
        if on_behalf:
            # Said in so many words, whichever country it is.
            return on_behalf
        # "A, Director of …, attended for China": said in so many words.
        attended_for = ATTENDED_FOR.match(sentence, end)
        country = attended_for and self.country_re.match(sentence, attended_for.end())
        if country:
            return self.lexicon.country_names[country[1]]
        represented = re.match(
            r"[^,.;]{0,20}?\s+represent(?:ed|s|ing)\s+(?:the\s+)?([A-Z][\w.]*(?:\s+[A-Z][\w]*)?)",
            sentence[end:],
        )
        if represented:
            said = represented[1]
            stated = next(
                (
                    self.lexicon.country_names[name]
                    for name in (said, said.rstrip("."), said.split()[0].rstrip("."))
                    if name in self.lexicon.country_names
                ),
                None,
            )
            if stated in sides:
                return stated
        led = self.delegation_of(sentence, start, end)
        if led:
            # Said in so many words, whichever country it is.
            return led
        stated_after = self.side_after(sentence, end, role, sides)
        lead = sentence[start:end]
        for code, at in self.countries_in(lead):
            # "President A of Brazil and President B": the country ends A's name; B's own
            # "of Japan" decides, else B, of the same office, is another country's ("… of
            # Brazil and Foreign Minister C": of A's delegation, C is Brazil's).
            # "… and Chinese President B": a nationality right before B's title is B's own.
            country = self.country_re.match(lead, at)
            own_nationality = (
                lead[:at].startswith("and")
                and country is not None
                # "… and Egyptian Foreign Minister B": words of the portfolio before the title.
                and re.match(
                    r"(?:['’]s)?\s+(?:[A-Z][\w’'-]*\s+){0,3}" + TITLE_WORDS, lead[country.end() :]
                )
            )
            if re.fullmatch(r"(?:of|and)\s+(?:the\s+)?", lead[:at]) and not own_nationality:
                if stated_after:
                    return stated_after
                offices = re.findall(TITLE_WORDS, sentence[:end])
                if len(offices) >= 2 and offices[-1] == offices[-2]:
                    continue
            if code in sides and not re.search(r"\bto\s+\S*$", lead[:at]):
                return code
            if (
                (at == 0 or own_nationality)
                and code in CURRENT_COUNTRIES
                and country is not None
                and re.match(r"(?:['’]s)?\s+" + TITLE_WORDS, lead[country.end() :])
            ):
                # "Estonian President A", a country beyond the release's sides: said in so
                # many words.
                return code
        if in_words:
            return stated_after
        # An office only one of the sides has by that name ("Secretary of State", "Federal
        # Chancellor"), when the sentence names no country for it.
        return (
            stated_after
            or office_country(role, sides, complete=len(self.pair) == 2)
            or address_country(sentence[start:end], sides)
        )

    def delegation_of(self, sentence: str, start: int, end: int) -> str | None:
        """The country of the delegation a person leads, as the sentence tells it: "The
        Mexican delegation was headed by A and B", "the delegation of the United States was
        led by A", "that of the Swiss Federal Assembly, led by A", "A, …, led the Chinese
        side"."""
        led_by = [m for m in DELEGATION_LED_BY.finditer(sentence) if m.end() <= start]
        head = led_by and DELEGATION.search(sentence, 0, led_by[-1].start())
        if led_by and head:
            # The country of the delegation's phrase, its adjective or its "of …", after the
            # people of the delegation told before it ("the delegations of A, headed by B, and
            # of Iran, headed by C").
            begin = max(head.start() - 25, led_by[-2].end() if len(led_by) > 1 else 0)
            named = self.countries_in(sentence[begin : led_by[-1].start()])
            if named:
                return named[-1][0]
        leads = DELEGATION_LED.match(sentence, end)
        if leads:
            code = self.lexicon.country_names.get(leads["country"])
            if code:
                return code
        return None

    def side_after(self, sentence: str, end: int, role: str, sides: set[str]) -> str | None:
        """ "… of Japan", "… of the Republic of Korea" after a name."""
        tail = sentence[end : end + 100]
        after = re.match(r"(?P<also>\s+and\s+[^,.;]{0,60}?)?\s+of\s+(?P<country>.*)", tail)
        # "Minister A, State Councilor of the People's Republic of China, …": a second title.
        # Not the title of the next name in a list ("A, the President of China, B, …").
        appositive = re.match(
            r"(?P<also>),\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){0,3}?"
            + TITLE_WORDS
            + r"\s+of\s+(?P<country>[^,;]*)(?P<named>[,;]\s+"
            + NAME
            + r")?",
            tail,
        )
        after = after or (appositive if appositive and not appositive["named"] else None)
        if (
            after
            and after["also"]
            and (
                (role and re.search(rf"\b{re.escape(role)}\b", after["also"]))
                or (re.search(TITLE_WORDS, after["also"]) and not PERSON.search(after["also"]))
            )
        ):
            # "President A and President B of Turkey": B's side, and A is B's counterpart;
            # "Deputy Minister A and Deputy Minister for Foreign Affairs of Japan B": the country
            # is the second title's, not A's (but "Foreign Minister A and Defence Minister B of
            # Japan": one delegation's).
            after = None
        if after:
            named = self.country_re.match(after["country"])
            if named is None and after["country"].startswith("the "):
                named = self.country_re.match(after["country"][4:])
            found = self.lexicon.country_names.get(named[1]) if named else None
            # "A, President of the Russian Federation B and …": the title of the next name in
            # a list, not a second title of A's.
            next_title = (
                after is appositive
                and named is not None
                and re.match(r"\s+" + NAME, after["country"][named.end() :])
            )
            if found in sides and not next_title:
                return found
        # An item of a list set off by semicolons, its titles through commas and "and": "A,
        # Crown Prince and Prime Minister of the Kingdom of Bahrain; B, Vice President, Prime
        # Minister and Ruler of Dubai, of the United Arab Emirates; …".
        item = re.match(r",\s+([^;.]*?)(?=;|\.?$)", sentence[end:])
        if item and ";" in sentence and TITLE_WORDS_RE.match(item[1].removeprefix("the ")):
            countries = [
                country
                for m in re.finditer(r"\bof\s+(?:the\s+)?", item[1])
                if (country := self.country_re.match(item[1], m.end()))
            ]
            if countries:
                code = self.lexicon.country_names[countries[-1][1]]
                if code in sides:
                    return code
        return None

    def current_countries(self, text: str) -> set[str]:
        """The countries a text names, without states of the past ("Soviet soldiers")."""
        return {code for code, _ in self.countries_in(text) if code in CURRENT_COUNTRIES}

    def multilateral(self, text: str) -> set[str] | None:
        """The countries of a meeting of more than the pair that the sentence tells ("a
        trilateral summit", "the three leaders", three countries named, one not of the pair):
        those it names and the publisher's; None for a sentence of the pair."""
        countries = self.current_countries(text)
        publisher = {code for code in (self.publisher, self.home) if code}
        if MULTILATERAL.search(text) or (len(countries) >= 3 and countries - set(self.pair)):
            return countries | publisher
        named = [
            m
            for m in FORMAT_NAME.finditer(text)
            if not self.country_re.match(m["name"]) and not generic_summit(m["name"])
        ]
        if named and len(everyone := self.current_countries(self.text)) >= 3:
            # "The Sixth Caspian Summit was held in Ashgabat" in a release of five countries.
            return everyone | publisher
        return None

    def sides(self, sentence: str) -> set[str]:
        """The countries a person of the sentence may be of: the pair's, or in a release of a
        meeting of more than two, any the release names."""
        if self.release_sides is None:
            # Once per release: for each mention it cost the square of the text.
            multilateral = any(self.multilateral(s.text) for s in self.sentences)
            self.release_sides = set(self.pair) | (
                self.current_countries(self.text) if multilateral else set()
            )
        return self.release_sides

    def side_from_context(self, name: str) -> str | None:
        """A visitor is not of the country visited; whom they met is; "their Japanese
        counterparts" are not Japanese; who receives someone in a city is of its country, whom
        they receive of the other side. None when the text does not say (then `counterparts`,
        then the home side, the publisher's)."""
        for sentence in self.sentences:
            text = sentence.text
            at = text.find(name)
            if at < 0:
                continue
            # Who invites, or hosts in a city, is of the country visited: "At the invitation
            # of A, B paid a state visit to France"; "hosted by A in Saint Petersburg".
            host = re.search(r"\binvitation\s+of\s+", text, re.IGNORECASE)
            if (
                host
                and 0 <= at - host.end() <= 60
                and not any(other in text[host.end() : at] for other in self.people)
            ):
                visited = re.search(
                    r"\bvisit(?:ed|s)?\b(?:\s+to)?\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)",
                    text[host.end() :],
                )
                if visited and (
                    code := self.place_at(text, host.end() + visited.start(1), visited[1])
                ) in self.sides(text):
                    return code
            hosted = re.search(r"\bhosted\s+by\s+", text)
            where = re.compile(r"\s+in\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)").match(
                text, at + len(name)
            )
            if (
                hosted
                and where
                and 0 <= at - hosted.end() <= 40
                and (code := self.place_country(where[1])) in self.sides(text)
            ):
                return code
            # "A and B held the Committee in Washington with C, Secretary of State, and D":
            # who meets with the sentence's first person is the other side.
            with_them = COUNTERPART_WITH.search(text[max(0, at - 150) : at])
            if len(self.pair) == 2 and with_them:
                # The first person named before "with" ("A met with B and C": not B for C).
                first = next(
                    (
                        self.people[n.name]
                        for n in self.names_in(text)
                        if n.name in self.people and n.end <= max(0, at - 150) + with_them.start()
                    ),
                    None,
                )
                if first is not None and first is not self.people.get(name):
                    return self.other_side(first.get("country") or self.own_side)
            # "Prime Minister A's State Visit to Washington": the visitor, whose name ends just
            # before the possessive, is not of the country visited.
            visit = POSSESSIVE_VISIT.match(text, at + len(name))
            if visit is not None:
                code = self.place_at(text, visit.start("place"), visit["place"])
                if code in self.pair:
                    return self.other_side(code)
            # "the visit of Prime Minister A to India": the visitor is not of the country visited.
            for visit_of in VISIT_OF.finditer(text):
                if visit_of.start("who") <= at < visit_of.end("who"):
                    code = self.place_at(text, visit_of.start("place"), visit_of["place"])
                    if code in self.pair:
                        return self.other_side(code)
                # "the visit of A to Perth, when he and Prime Minister B signed": whom the
                # visitor met there is of the country visited.
                between = text[visit_of.end() : at]
                if (
                    visit_of.end() <= at
                    and MET_BY_VISITOR.search(between)
                    and not any(other in between for other in self.people if other != name)
                ):
                    code = self.place_at(text, visit_of.start("place"), visit_of["place"])
                    if code in self.pair:
                        return code
            # "he will hold talks in Abu Dhabi with President A": whom one meets in a city
            # abroad is of its country.
            talks = TALKS_IN_CITY_WITH.search(text[max(0, at - 120) : at])
            if talks and (code := self.place_country(talks["city"])) and code != self.own_side:
                return code
            visit = re.search(
                r"\bvisit(?:ed|s)?\b(?:\s+to)?\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)",
                text,
            )
            if visit and visit[1] in DEMONYMS and re.match(r"\s+[a-z]", text[visit.end() :]):
                # "visited the Japanese cemetery in Khabarovsk": the place, not the adjective
                # (but "visits New Zealand." names the country).
                where = re.compile(r"\b(?:in|at)\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)").search(
                    text, visit.end()
                )
                visit = where
            if visit:
                code = self.place_at(text, visit.start(1), visit[1])
                if code in self.pair:
                    met = re.search(r"\bmet\s+with\b", text)
                    if met and at > met.start():
                        return code
                    # "the visit to Cairo, when he met A": whom the visitor met there.
                    met_there = re.compile(r"\b(?:met|meets|meeting)\b").search(text, visit.end())
                    if met_there and at > met_there.start():
                        return code
                    # The visitor is the one named last before the visit ("A met B, who is on a
                    # visit to India": B, not A).
                    between = text[at + len(name) : visit.start()]
                    if at < visit.start() and not any(
                        other in between for other in self.people if other != name
                    ):
                        return self.other_side(code)
            counterpart = re.search(r"their\s+(\w+)\s+counterparts", text)
            if counterpart and at < counterpart.start():
                code = self.lexicon.country_names.get(counterpart[1])
                if code in self.pair:
                    return self.other_side(code)
            received = re.search(r"\breceived\b", text)
            where = re.compile(r"\bin\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)").search(text, at)
            if received and where:
                code = self.place_country(where[1])
                if code in self.pair:
                    # Who receives is at home; whom they receive is the visitor.
                    return code if at < received.start() else self.other_side(code)
        return None

    def place_at(self, text: str, at: int, name: str) -> str | None:
        """The country of the place a text names at `at`: a country's name read whole ("the
        People's Republic of China", not "People"), else the place's."""
        for begin in (at, at - 4):
            if begin >= 0 and (country := self.country_re.match(text, begin)):
                return self.lexicon.country_names[country[1]]
        return self.place_country(name)

    def place_country(self, name: str) -> str | None:
        name = name.strip()
        if name in self.lexicon.country_names:
            return self.lexicon.country_names[name]
        city = gazetteer.lookup(name, self.pair)
        return city.country if city else None

    def people_in(self, text: str) -> list[PersonMention]:
        found = []
        for match in self.forms_re.finditer(text):
            name = self.forms[match.group(0)]
            person = self.people[name]
            found.append(
                PersonMention(
                    name, person.get("role", ""), match.start(), match.end(), person["country"]
                )
            )
        for match in COUNTERPART_ALONE.finditer(text):
            # "A first met his Indian counterpart": the one person of that nationality who
            # holds an office of A's, A named just before.
            subject = [m for m in found if m.end <= match.start()]
            side = self.lexicon.country_names.get(match["nationality"])
            if not subject or side is None:
                continue
            roles = self.people[subject[-1].name].get("roles", set())
            holders = [
                name
                for name, person in self.people.items()
                if person["country"] == side
                and any(
                    same_office(role, other)
                    for role in roles
                    for other in person.get("roles", {person.get("role", "")})
                )
            ]
            if len(holders) == 1:
                person = self.people[holders[0]]
                found.append(
                    PersonMention(
                        holders[0], person["role"], match.start(), match.end(), person["country"]
                    )
                )
        # Collective mentions: "the foreign ministers", "the Russian leader".
        for match in re.finditer(
            r"\bthe\s+(?:(\w+)\s+and\s+(\w+)\s+|two\s+|(\w+)\s+)?(foreign|defence|defense)\s+ministers\b",
            text,
            re.IGNORECASE,
        ):
            wanted = match[4].lower().replace("defense", "defence")
            for name, person in self.people.items():
                # A minister of that portfolio by any of their titles ("Prince A, Minister of
                # Foreign Affairs"), not the director of a foreign affairs commission.
                roles = [r.lower().replace("defense", "defence") for r in person.get("roles", ())]
                if any(
                    wanted in role and "minister" in role and "deputy" not in role
                    for role in [
                        person.get("role", "").lower().replace("defense", "defence"),
                        *roles,
                    ]
                ):
                    found.append(
                        PersonMention(
                            name, person["role"], match.start(), match.end(), person["country"]
                        )
                    )
        # "the leaders", "the two leaders", "both leaders" of a release of two sides: the one
        # head of state or government it names of each side (not when it names two of a side:
        # "former").
        if len(self.pair) == 2 and len(self.sides(text)) == 2:
            heads = {
                side: [
                    name
                    for name, person in self.people.items()
                    if person["country"] == side and person.get("role", "").startswith(HEAD_TITLES)
                ]
                for side in self.pair
            }
            for side in self.pair:
                # Of a state its ruling party leads, the party's leader is its leader, above
                # its President and Prime Minister.
                party_leaders = [
                    name
                    for name, person in self.people.items()
                    if person["country"] == side and PARTY_LEADER.match(person.get("role", ""))
                ]
                if len(party_leaders) == 1:
                    heads[side] = party_leaders
            if all(len(names) == 1 for names in heads.values()):
                for match in re.finditer(
                    r"\b(?:[Tt]he\s+(?:two\s+)?|[Bb]oth\s+(?:the\s+)?)leaders\b(?!['’]|\s+of\b)",
                    text,
                ):
                    for side in self.pair:
                        name = heads[side][0]
                        person = self.people[name]
                        found.append(
                            PersonMention(name, person["role"], match.start(), match.end(), side)
                        )
        # "the visiting Secretaries", "the Indian Ministers": the holders of that title of the
        # side a qualifier gives (visitors: not the publisher's side).
        for match in QUALIFIED_TITLES.finditer(text):
            office = re.sub(r"ies$", "y", match["titles"])
            office = office if office != match["titles"] else office.removesuffix("s")
            wanted_sides: set[str] = set(self.pair) - {self.own_side or ""}
            if match["nationality"]:
                nationality = self.lexicon.country_names.get(match["nationality"])
                wanted_sides = {nationality} if nationality else set()
            for name, person in self.people.items():
                roles = [person.get("role", ""), *person.get("roles", ())]
                if person["country"] in wanted_sides and any(
                    # "the Ministers" are not the Prime Minister.
                    re.search(rf"(?<!Prime\s)\b{re.escape(office)}\b", role, re.IGNORECASE)
                    for role in roles
                ):
                    found.append(
                        PersonMention(
                            name, person["role"], match.start(), match.end(), person["country"]
                        )
                    )
        for match in re.finditer(r"\bthe\s+(\w+)\s+leader\b", text):
            leader_of = self.lexicon.country_names.get(match[1])
            for name, person in self.people.items():
                if person["country"] == leader_of and person.get("role", "").startswith(
                    HEAD_TITLES
                ):
                    found.append(
                        PersonMention(name, person["role"], match.start(), match.end(), leader_of)
                    )
                    break
        unique: dict[str, PersonMention] = {}
        for mention in sorted(found, key=lambda m: m.start):
            unique.setdefault(mention.name, mention)
        return list(unique.values())

    def referred_people(self, sentence: Sentence, clause: str) -> list[PersonMention]:
        """The people a clause refers to without naming them: "they met", "the two Prime
        Ministers held" (those the nearest sentence before names, two or more), "He first
        came" (the first it names). None when no sentence of this paragraph or the one
        before, up to three back, names anyone."""
        plural = THEY.search(clause)
        single = HE.search(clause)
        if not (plural or single):
            return []
        for before in reversed(self.sentences[max(0, sentence.index - 3) : sentence.index]):
            if before.paragraph < sentence.paragraph - 1:
                break
            named = self.people_in(before.text)
            # "the three leaders": three people named, no fewer (a sentence naming two of four
            # is not whom "the four leaders" are).
            wanted = COUNTS.get(plural["count"] or "", len(named)) if plural else 0
            # "the leaders": those named before, if they are of every side the release has.
            every_side = (
                not plural
                or not plural["all"]
                or ({p.country for p in named} >= self.sides(before.text))
            )
            if plural and len(named) >= 2 and len(named) == wanted and every_side:
                return named
            if single and named and not plural:
                return named[:1]
        return []

    def find_author(self) -> None:
        """A first-person release's author: the person its last paragraph, a signature, names
        ("Senator the Hon Marise Payne, Minister for Foreign Affairs."), on the publisher's
        side; or, of a release that says "we", the people a byline of its own paragraph at
        its top names ("Joint media release: Senator the Hon A, Minister for Foreign Affairs,
        and the Hon B MP, Minister for Defence")."""
        self.author = None
        self.authors = []
        if len(self.sentences) < 2:
            return
        if any(FIRST_PERSON.search(s.text) for s in self.sentences):
            last = self.sentences[-1]
            if last.paragraph == self.sentences[-2].paragraph or len(last.text) > 200:
                return
            signed = self.signed(last)
            if signed:
                self.author = signed[0]
                self.authors = signed[:1]
                self.author_side(self.people[self.author])
        elif any(FIRST_PERSON_PLURAL.search(s.text) for s in self.sentences):
            for sentence, after in itertools.pairwise(self.sentences[:4]):
                if sentence.paragraph != after.paragraph and (signed := self.signed(sentence)):
                    self.authors = signed
                    return

    def signed(self, sentence: Sentence) -> list[str]:
        """The people a signature or a byline names, in its order: a short sentence that tells
        nothing happen, its first name near its start; none for another sentence."""
        if len(sentence.text) > 250 or TRIGGER.search(sentence.text) or PAST.search(sentence.text):
            return []
        signed = self.names_in(sentence.text)
        if not signed or signed[0].start > 40:
            return []
        names = [self.forms.get(found.name) for found in signed]
        return list(dict.fromkeys(name for name in names if name))

    def author_side(self, author: dict[str, Any]) -> None:
        """ "I met my counterparts from India, Japan and the United States": the author is of
        the one side of the release they are not from."""
        if not author.get("guessed"):
            return
        for sentence in self.sentences:
            listed = MY_COUNTERPARTS.search(sentence.text)
            if listed:
                others = {code for code, _ in self.countries_in(listed["countries"])}
                left = self.sides(sentence.text) - others
                if others and len(left) == 1:
                    author["country"] = left.pop()
                    author.pop("guessed")
                return

    def with_author(self, people: list[PersonMention], clause: str) -> list[PersonMention]:
        """The people of a clause, with the author first when it says "I" or "my", or the
        authors a byline names when it says "we" ("our meeting builds on the visit of A": the
        visit is not theirs)."""
        if self.author is not None and FIRST_PERSON.search(clause):
            authors = [self.author]
        elif self.authors and WE.search(clause):
            authors = self.authors
        else:
            return people
        mentions = [
            PersonMention(
                name, self.people[name].get("role", ""), 0, 0, self.people[name]["country"]
            )
            for name in authors
        ]
        return [*mentions, *(p for p in people if p.name not in authors)]

    # Places --------------------------------------------------------------------------------

    def cities_in(self, text: str) -> list[tuple[str, gazetteer.City | None, str | None, int]]:
        """Cities named where a place is expected ("in Moscow", "Yakutsk hosted")."""
        found: list[tuple[str, gazetteer.City | None, str | None, int]] = []
        people_spans = list(self.forms_re.finditer(text))
        for match in CAPITALISED.finditer(text):
            name = match.group(0).strip()
            before = text[: match.start()]
            after = text[match.end() :]
            if (
                name in self.lexicon.country_names
                and not (name in CITY_STATES and re.search(r"\b(?:in|at)\s+$", before[-4:]))
            ) or any(m.start() <= match.start() < m.end() for m in people_spans):
                continue
            hosted = re.match(r"(?:,\s*([A-Z][\w ]+),)?\s+hosted\b", after)
            if re.search(r"\b(?:reached|achieved|signed|adopted|agreed)\s+in\s+$", before[-30:]):
                continue  # where something else was done ("agreements reached in Moscow")
            cue = CITY_CUE.search(before[-25:]) or hosted
            if not cue:
                continue
            if re.match(r"\s+(?:International|Economic|Forum|Region|Prefecture|Party)\b", after):
                continue
            if name.lower() in MONTH_NAMES:
                continue  # "in May 2021": a month, not the town of that name
            prefer = list(self.pair)
            if hosted and hosted[1] and hosted[1] in self.lexicon.country_names:
                prefer = [self.lexicon.country_names[hosted[1]]]
            if name in self.lexicon.places:
                slug, _code = self.lexicon.places[name]
                found.append((name, None, slug, match.start()))
                continue
            city = gazetteer.lookup(name, prefer)
            if city is None or (
                city.country not in prefer
                and city.population < 500_000
                and not (
                    city.population >= 50_000
                    and gazetteer.fold(city.name) == gazetteer.fold(name)
                    and STRONG_CUE.match(after)
                )
            ):
                continue
            found.append((name, city, None, match.start()))
        return found

    # Mechanisms ----------------------------------------------------------------------------

    def owners_round(self, clause: str, sentence: str) -> dict[str, Any] | None:
        """A round of a grouping told by its own name: "The International Crimea Platform was
        launched at its inaugural summit", "The Platform's second summit was held" (the name the
        text gave it before); not of a body, whose own name says what it is."""
        subject = re.match(
            r"(?:The\s+)?(?P<name>(?:[A-Z][\w-]*\s+){1,4}?[A-Z][\w-]*)\s+(?:was|were|is|has|had"
            r"|held|will)\b[^,;]*?\bits\s+(?:\w+\s+)?(?P<head>summit|meeting)\b",
            sentence,
        )
        if subject is not None and subject.group(0).split(" its ")[-1] not in clause:
            subject = None  # the sentence's grouping, but not the round the clause tells
        owner = re.search(
            r"\b[Tt]he\s+(?P<word>[A-Z][\w-]*)['’]s\s+(?:\w+\s+)?(?P<head>summit|meeting)\b", clause
        )
        if subject is not None:
            name, head = subject["name"], subject["head"]
        elif owner is not None:
            full = re.search(rf"\b((?:[A-Z][\w-]*\s+){{1,4}}){owner['word']}\b", self.text)
            if full is None:
                return None
            name, head = full.group(0), owner["head"]
        else:
            return None
        if (
            self.named_body(clause) is not None
            or self.country_re.fullmatch(name)
            or re.search(
                r"\b(?:Commission|Council|Committee|Group|Dialogue|Forum|Summit|Government)$", name
            )
        ):
            return None
        kind = MechanismKind.SUMMIT if head == "summit" else MechanismKind.CONSULTATIONS
        return {"name": f"{name} {head}", "kind": kind}

    def referred_back(self, clause: str) -> dict[str, Any] | None:
        """The mechanism in focus when the clause refers back to it ("The Commission will hold
        its next meeting …") and names no body of its own; "the Council" refers to a council
        only."""
        anaphora = ANAPHORA.search(clause)
        if anaphora is None or self.focus is None:
            return None
        named = self.named_body(clause)
        if named is not None and named["name"] != self.focus["name"]:
            return None
        if anaphora["possessive"] in ("their", "Their") and re.search(
            TITLE_WORDS + r"\s+[A-Z]", clause[: anaphora.start()]
        ):
            # "the commitment made by President Biden and President Xi at their meeting": the
            # people's meeting, not the body in focus.
            return None
        if (
            anaphora["possessive"] in ("their", "Their")
            and "id" not in self.focus
            and not self.format_in_focus()
            and self.focus.get("name", "").startswith(self.pair_label())
        ):
            # "The two Prime Ministers held their annual summit": what the clause says of the
            # leaders' own meeting, not the pair's mechanism made up for an event before.
            return None
        head = anaphora["head"]
        focus: dict[str, Any] | None = self.focus
        if head:
            # "the Council" is the council last named, though another event came between.
            said = re.compile(r"\b" + r"\s+".join(head.split()) + r"\b", re.IGNORECASE)
            focus = next((m for m in reversed(self.named) if said.search(m["name"])), None)
            if focus is None:
                return None
        elif anaphora["possessive"] in ("its", "Its") and self.made_up_for_people(focus):
            # "Its previous summit" after two leaders' bilateral talks: a round of the grouping
            # or body last named, not of the leaders' own meetings ("its" is a thing's).
            focus = next((m for m in reversed(self.named) if not self.made_up_for_people(m)), focus)
        elif re.search(r"\bformat\b", anaphora.group(0)) and self.made_up_for_pair(focus):
            # "The ninth meeting in this format": the format last named, not the leaders'
            # meeting told in passing since.
            focus = next((m for m in reversed(self.named) if not self.made_up_for_pair(m)), focus)
        return {key: value for key, value in focus.items() if key != "confidence"}  # type: ignore[union-attr]

    def mechanism_for(
        self, clause: str, sentence: str, people: list[PersonMention], trigger: str
    ) -> tuple[dict[str, Any] | None, float]:
        """The mechanism an event belongs to, and how sure: the registry's, the one the text
        named before when the clause refers back to it, or a new one; None when the text does
        not say what the event is of (a made-up "X meeting" is worse than no draft)."""
        for known in self.lexicon.mechanisms:
            if self.pair and not set(self.pair) <= known.countries:
                continue
            for name in known.names:
                if len(name) >= 3 and (
                    name in clause
                    or (len(name) > 20 and fuzz.partial_ratio(name.lower(), clause.lower()) >= 90)
                ):
                    return {"id": known.id, "version": known.version, "name": known.name}, 0.9
        founding = groupings.FOUNDED.search(clause)
        if founding is not None and (
            founded := self.founded(
                clause[: founding.start()],
                f"{clause} {' '.join(person.role for person in people)}",
            )
        ):
            return founded, 0.6
        if (owned := self.owners_round(clause, sentence)) is not None:
            return owned, 0.7
        if (series := self.summit_of_series(clause)) is not None:
            return series, 0.7
        if (focus := self.referred_back(clause)) is not None:
            return focus, 0.7
        sides = {person.country for person in people if person.country}
        # "A and B held their first meeting" on a summit's eve: the two's own meeting.
        of_two = len(sides) == 2 and groupings.THEIR_MEETING.search(clause) is not None
        if not of_two and (focus := self.round_of_format_in_focus(clause)) is not None:
            return focus, 0.7
        if (talks := self.rounds_of_talks(clause)) is not None:
            return talks, 0.6
        label = self.pair_label()
        # Two people of two other countries than the release's pair ("On the sidelines of the
        # summit, President Xi Jinping and President Vladimir Putin held a bilateral meeting"):
        # the meeting is of their countries, not of the pair.
        own = list(dict.fromkeys(person.country for person in people if person.country))
        countries = sorted(own) if len(own) == 2 and set(own) != set(self.pair) else None
        if countries:
            label = "–".join(self.lexicon.country_short_name(code) for code in own)
        roles = " ".join(person.role for person in people)
        proposal: dict[str, Any]
        named = False
        two_plus_two = {
            body.name
            for body in self.bodies
            if body.kind == MechanismKind.TWO_PLUS_TWO or self.two_plus_two(body)
        }
        one_body = self.named_body(next(iter(two_plus_two))) if len(two_plus_two) == 1 else None
        # "The 2+2 is one of the mechanisms … reaffirmed when Mr Modi visited Sydney": a visit
        # is no round of the 2+2 a clause names in passing.
        two_plus_two_told = re.search(r"2\s*\+\s*2", clause) and not re.match(
            r"visit", trigger, re.IGNORECASE
        )
        if two_plus_two_told and one_body:
            # "The previous "2+2" was held …": the one 2+2 body the text names.
            proposal = one_body
            named = True
        elif two_plus_two_told:
            tail = re.search(
                r"2\s*\+\s*2\s+((?:[\w-]+\s+){0,5}?(?:consultations|dialogue|talks|meeting))",
                clause,
            )
            name = f"{label} 2+2 {tail[1]}" if tail else f"{label} 2+2 ministerial dialogue"
            proposal = {
                "name": name,
                "short_name": "2+2",
                "kind": MechanismKind.TWO_PLUS_TWO,
                "level": MechanismLevel.MINISTERIAL,
            }
        elif summit := self.named_summit(clause):
            proposal = summit
            named = True
        elif body := self.named_body(clause):
            proposal = body
            named = True
        elif group := self.named_group(
            clause,
            sorted(
                self.current_countries(sentence)
                | set(self.pair)
                | {person.country for person in people if person.country}
            ),
            roles,
            sentence,
        ):
            proposal = group
            named = True
        elif grouping := self.grouping_round(clause, people, trigger):
            return grouping, 0.6
        elif re.search(r"strategic\s+dialogue", clause, re.IGNORECASE):
            tail = re.search(
                r"strategic\s+dialogue((?:\s+at\s+the\s+level\s+of\s+[\w\s-]+?ministers)?)",
                clause,
                re.IGNORECASE,
            )
            proposal = {
                "name": f"{label} strategic dialogue{tail[1] if tail else ''}",
                "kind": MechanismKind.STRATEGIC_DIALOGUE,
            }
        elif PARLIAMENT.search(clause) or PARLIAMENT.search(roles):
            proposal = {
                "name": f"{label} inter-parliamentary exchanges",
                "kind": MechanismKind.PARLIAMENTARY,
                "level": MechanismLevel.PARLIAMENTARY,
            }
        elif pair_consultations := self.pair_consultations(clause):
            proposal = pair_consultations
        elif (
            phrase := re.search(
                r"\b((?:[\w-]+\s+){0,3}?(?:consultations|talks)\s+(?:on|between)\s+"
                # "talks on the margins" tell where they were held, not what about.
                r"(?!(?:the\s+)?(?:margins|sidelines)\b)[^,.;]+?)(?=\s*[,.;]|$)",
                clause,
            )
        ) and not re.match(r"(?:for|the|with)\b", phrase[1]):
            text = re.sub(
                r"^(?:(?:and|in|hosted|held|there|was|were|the|a|an|\w+,)\s+)+",
                "",
                phrase[1].strip(),
            )
            text = re.sub(r"\bwith\s+the\s+\w+\s+leader\b", "", text).strip()
            if re.search(r"leader|President|Prime Minister", text):
                proposal = self.leaders(label)
            else:
                proposal = {
                    "name": f"{label} {self.strip_nationality(text)}",
                    "kind": MechanismKind.CONSULTATIONS,
                }
        elif trigger.lower().startswith("summit") and any(
            group["name"] not in self.lexicon.country_names
            for group in GROUPING_SUMMIT.finditer(clause)
        ):
            # "after the G20 summit in New Delhi": the summit of a grouping named by its
            # acronym is not the pair's leaders' meeting, and its members are not told.
            return None, 0.0
        elif (
            # Talks told as talks: an arrival or a call on the host's leader is a visit.
            re.fullmatch(r"met|meet|meetings?|talks|consultations|negotiations", trigger, re.I)
            and not re.search(r"\bsummit", clause, re.IGNORECASE)
            and (ministers := self.ministers_talks(people, label))
        ):
            proposal = ministers
        elif (
            re.search(r"\bsummit|\bleaders?\b", clause, re.IGNORECASE)
            or HEADS_NAMED.search(clause)
            or any(
                person.role.startswith(HEAD_TITLES) and not PARLIAMENT.search(person.role)
                for person in people
            )
        ):
            proposal = self.leaders(label)
            if re.search(r"\bannual\s+summit", clause, re.IGNORECASE):
                proposal["name"] = f"{label} annual summits"
        elif COMMEMORATION.search(trigger) or COMMEMORATION.search(clause):
            # A wreath laid, a cemetery or graves visited: a visit of the officials named, or,
            # with none, a visit of people to graves (an exchange programme).
            officials = [p for p in people if re.search(r"\bMinister\b", p.role)]
            if people:
                proposal = {
                    "name": f"{label} {'ministers’ ' if officials else ''}visits",
                    "kind": MechanismKind.VISITS,
                }
                if officials:
                    proposal["level"] = MechanismLevel.MINISTERIAL
            elif re.search(r"\bgraves?\b|\bcemeter", clause, re.IGNORECASE):
                proposal = {
                    "name": f"{label} visits to graves",
                    "kind": MechanismKind.EXCHANGE_PROGRAMME,
                }
            else:
                proposal = {"name": f"{label} visits", "kind": MechanismKind.VISITS}
            if countries:
                proposal["countries"] = countries
            return self.match_known(proposal), 0.5
        elif re.search(r"foreign\s+minister", clause + " " + roles, re.IGNORECASE):
            proposal = {
                "name": f"{label} foreign ministers' meetings",
                "kind": MechanismKind.CONSULTATIONS,
                "level": MechanismLevel.MINISTERIAL,
            }
        elif re.search(r"defen[cs]e\s+minist", clause + " " + roles, re.IGNORECASE):
            proposal = {
                "name": f"{label} defence ministers' meetings",
                "kind": MechanismKind.CONSULTATIONS,
                "level": MechanismLevel.MINISTERIAL,
            }
        else:
            return None, 0.0
        if countries and not named:
            proposal["countries"] = countries
        elif len(self.pair) < 2 and not named:
            # One country known: a meeting "of the pair" would be made up ("China leaders'
            # meetings"); only a body the text names is a mechanism.
            return None, 0.0
        return self.match_known(proposal), 0.6

    def named_group(
        self, clause: str, members: list[str], roles: str = "", sentence: str = ""
    ) -> dict[str, Any] | None:
        """A round of a format the clause names as a group ("for a meeting of the Weimar
        Triangle", "the first summit of the I2U2 group"), named after the group and the level
        the clause tells: its leaders' summit, its foreign ministers' or leaders' meetings. Its
        countries are those the group was told with before, else `members` when three or more."""
        group = next(
            (
                m
                for m in NAMED_GROUP.finditer(clause)
                if m["name"] not in self.lexicon.country_names
                # The setting, in the clause or the sentence it was cut from.
                and not any(
                    GROUP_SETTING.search(text[: at.start()])
                    for text in (clause, sentence)
                    for at in re.finditer(re.escape(m["name"]), text)
                )
            ),
            None,
        )
        if group is None:
            return None
        # "the B9 format": the grouping the text named in full ("the Bucharest Nine").
        name = next((g.name for g in self.groupings if g.acronym == group["name"]), group["name"])
        words = f"{clause} {roles}"
        found: dict[str, Any]
        if re.search(r"\bsummit\b", clause, re.IGNORECASE):
            found = {
                "name": f"{name} leaders' summit",
                "kind": MechanismKind.SUMMIT,
                "level": MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
            }
        elif re.search(r"\bforeign\s+minister", words, re.IGNORECASE):
            found = {
                "name": f"{name} foreign ministers' meetings",
                "kind": MechanismKind.CONSULTATIONS,
                "level": MechanismLevel.MINISTERIAL,
            }
        elif re.search(
            r"\bleaders?\b|\bheads?\s+of\s+(?:state|government)|\bPresident|\bPrime\s+Minister"
            r"|\bChancellor",
            words,
            re.IGNORECASE,
        ):
            found = {
                "name": f"{name} leaders' meetings",
                "kind": MechanismKind.SUMMIT,
                "level": MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
            }
        else:
            found = {"name": f"{name} meetings", "kind": MechanismKind.CONSULTATIONS}
        told = next(
            (
                named.get("countries")
                for named in reversed(self.named)
                if named.get("name", "").startswith(f"{name} ")
                and len(named.get("countries") or ()) >= len(members)
            ),
            None,
        )
        if told or len(members) >= 3:
            found["countries"] = sorted(told or members)
        return found

    def summit_of_series(self, clause: str) -> dict[str, Any] | None:
        """ "… hosted the Eighth Summit in Istanbul": a summit told only by its number is one of
        the series of summits the text named last."""
        if not re.search(
            r"\b(?:[Tt]he|its)\s+(?:\d+(?:st|nd|rd|th)|"
            + "|".join(w.capitalize() for w in ORDINAL_WORDS)
            + r")\s+Summit\b(?!\s+(?:of|on|for)\s+(?:the\s+)?[A-Z])",
            clause,
        ):
            return None
        series = next(
            (
                named
                for named in reversed(self.named)
                if named.get("kind") == MechanismKind.SUMMIT
                and "Summit" in named.get("name", "")
                and not named.get("name", "").startswith(self.pair_label())
            ),
            None,
        )
        return {k: v for k, v in series.items() if k != "confidence"} if series else None

    def named_summit(self, clause: str) -> dict[str, Any] | None:
        """A summit the clause names in capitals that says more than the pair's leaders met
        ("the first China-Arab States Summit", "the 15th BRICS Summit"): a mechanism of that
        name, of the kind its name says (a forum's, a parliamentary one). "The India-Japan
        Annual Summit" names only the pair (their leaders' meetings); a summit on whose
        sidelines something happens is its setting."""
        for match in SUMMIT_NAME.finditer(clause):
            if SUMMIT_SETTING.search(clause[: match.start()]):
                continue
            name = re.sub(
                r"^(?:(?:The|This|That|An?|" + "|".join(ORDINAL_WORDS) + r")\s+)+",
                "",
                match["name"].strip(),
                flags=re.IGNORECASE,
            )
            words = [
                word
                for word in re.split(r"[\s\-–]+", re.sub(r"[()’'.]", " ", name))
                if word
                and word.lower() not in GENERIC_SUMMIT_WORDS
                and self.lexicon.country_names.get(word) not in self.pair
            ]
            if not words or len(name.split()) < 2:
                continue
            official = self.official_body(clause)
            if (
                official is not None
                and name in official.name
                and not bodies.HEADS.search(official.name.replace(name, " "))
            ):
                # "the Summit of the … Community (SADC) Heads of State and Government": the
                # official name read whole, past the acronym that ends the summit's capitals;
                # never a name joining another event ("… Summit and Economic Forum").
                name = official.name
            if re.fullmatch(r"[A-Z][\w-]+ Summit", name) and gazetteer.lookup(name.split()[0]):
                # "The Johannesburg Summit of 4-5 December 2015": the format in focus, met there.
                if self.format_in_focus():
                    return {k: v for k, v in self.focus.items() if k != "confidence"}  # type: ignore[union-attr]
                continue
            acronym = re.search(r"\(([A-Z][\w.]*)\)", name)
            kind = (
                MechanismKind.FORUM
                if "Forum" in name
                else MechanismKind.PARLIAMENTARY
                if PARLIAMENT.search(name)
                else MechanismKind.SUMMIT
            )
            found: dict[str, Any] = {
                "name": name,
                "kind": kind,
                "level": MechanismLevel.PARLIAMENTARY
                if kind == MechanismKind.PARLIAMENTARY
                else MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
            }
            if acronym:
                found["short_name"] = acronym[1]
            return self.match_known(found)
        return None

    def pair_consultations(self, clause: str) -> dict[str, Any] | None:
        """Consultations the pair's adjectives name: "the seventh round of German-Chinese
        government consultations" is a round of the pair's government consultations."""
        for match in re.finditer(
            r"\b(?P<countries>[A-Z][\w.]*(?:\s*[-–]\s*[A-Z][\w.]*)+)\s+"
            r"(?P<words>(?:[a-z]+\s+){0,3}?)consultations\b(?!\s+(?:on|between)\b)",
            clause,
        ):
            named = {
                self.lexicon.country_names.get(part.strip())
                for part in re.split(r"[-–]", match["countries"])
            }
            if len(self.pair) == 2 and named == set(self.pair):
                words = match["words"].strip()
                return {
                    "name": f"{self.pair_label()} {words + ' ' if words else ''}consultations",
                    "kind": MechanismKind.CONSULTATIONS,
                }
        return None

    def round_of_format_in_focus(self, clause: str) -> dict[str, Any] | None:
        """A round of the format in focus told without its full name: by its short name ("The
        Quad leaders met …"), or as "the eighth meeting", "the summit held in Berlin" — unless
        the clause tells a bilateral meeting or one on the format's sidelines."""
        if not self.format_in_focus() or self.named_body(clause):
            return None
        focus = {k: v for k, v in self.focus.items() if k != "confidence"}  # type: ignore[union-attr]
        if re.search(r"\bbilateral\b|\bseparate|\bsidelines\b|\bmargins\b|\beve\b", clause):
            return None
        if re.search(r"(?<!of\s)\b[Tt]he\s+summit\b", clause):
            return focus  # "The summit was the first in four years": the format's summit
        if re.search(r"\b[Tt]he\s+(?:last|previous|next)\s+one\s+(?:was|will\s+be)\s+held", clause):
            return focus  # "the last one was held in 2014": a round of the format in focus
        short = focus.get("short_name")
        if short and re.search(rf"\b{re.escape(short)}\b", clause):
            return focus
        if len(focus.get("countries", ())) >= 3 and re.search(
            r"\b[Tt]he\s+(?:\w+\s+)?leaders['’]\s+(?:\w+\s+)?(?:meetings?|summits?|talks)\b", clause
        ):
            return focus  # "the leaders' previous meetings": the format's own
        heads = list(bodies.HEADS.finditer(focus.get("name", "")))
        if heads and re.search(
            rf"\b[Tt]he\s+(?:(?:next|previous|last|latest)\s+)?{heads[-1][0].lower()}\b", clause
        ):
            # "The meeting, the first since …", "to host the next meeting": the format in
            # focus by its name's head noun ("… Heads of Government Meeting").
            return focus
        if re.search(
            r"\bthe\s+(?:\d+(?:st|nd|rd|th)|"
            + "|".join(ORDINAL_WORDS)
            + r")\s+(?:meeting|summit)\b",
            clause,
            re.IGNORECASE,
        ):
            return focus
        return None

    def rounds_of_talks(self, clause: str) -> dict[str, Any] | None:
        """ "The first round of the resumed talks was held in Cairo": a round of the talks or
        negotiations the text last named, whatever it called them, when the clause names no
        countries of its own."""
        if self.current_countries(clause) or not re.search(
            r"\brounds?\s+of\s+(?:the|these)\s+(?:[\w-]+\s+)?(?:talks|negotiations)\b", clause
        ):
            return None
        told = next(
            (
                m
                for m in reversed(self.named)
                if re.search(r"\b(?:talks|negotiations)\b", m.get("name", ""))
            ),
            None,
        )
        return {k: v for k, v in told.items() if k != "confidence"} if told else None

    def format_in_focus(self) -> bool:
        """Whether the mechanism in focus is a format of its own (of three or more countries,
        or a summit or forum with a name), whose rounds later sentences may tell by the city
        alone or as "the summit"; the pair's leaders' meetings are not."""
        focus = self.focus or {}
        if len(focus.get("countries", ())) >= 3:
            return True
        return focus.get("kind") in (MechanismKind.SUMMIT, MechanismKind.FORUM) and not re.search(
            r"leaders['’] meetings$|annual summits$", focus.get("name", "")
        )

    def ministers_talks(self, people: list[PersonMention], label: str) -> dict[str, Any] | None:
        """Talks of two countries where one side sent a head of state or government and the
        other only ministers (a foreign minister received by a president): their ministerial
        talks, not their leaders' meetings."""
        sides = {person.country for person in people if person.country}
        heads = {p.country for p in people if p.country and p.role.startswith(HEAD_TITLES)}
        ministers = [p for p in people if p.country and p.country not in heads]
        if (
            len(sides) != 2
            or len(heads) != 1
            or not all(MINISTER_ROLE.search(p.role) for p in ministers)
        ):
            return None
        return {
            "name": f"{label} ministerial talks",
            "kind": MechanismKind.CONSULTATIONS,
            "level": MechanismLevel.MINISTERIAL,
        }

    def leaders(self, label: str) -> dict[str, Any]:
        return {
            "name": f"{label} leaders' meetings",
            "kind": MechanismKind.SUMMIT,
            "level": MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
        }

    def strip_nationality(self, text: str) -> str:
        words = [
            word
            for word in text.split()
            if word not in self.lexicon.country_names
            and not re.fullmatch(r"[A-Z]\w+-[A-Z]\w+", word)
        ]
        return " ".join(words)

    def told_as_gone(self, name: str, clause: str) -> bool:
        """Whether the clause, or the sentence it was cut from, tells the body as replaced or
        renamed ("replaces the NATO-Ukraine Commission", "when the X was renamed")."""
        return any(
            FORMER_BODY.search(text[: at.start()]) or RENAMED.match(text, at.end())
            for text in (clause, self.reading)
            for at in re.finditer(re.escape(name), text)
        )

    def official_body(self, clause: str) -> bodies.Body | None:
        """The body the clause names by its official name (the longest, when it names two), by
        a short form of a name the text gave ("the World Conference"), or by the acronym the
        text gave it ("AUSMIN 2023", "the 8th TICAD")."""
        named = sorted(
            (
                body
                for body in bodies.official_names(clause, self.lexicon.country_names)
                # "The Working Group was set up at their meeting": a bare head refers back
                # (`referred_back`) only when the clause tells the body's own round.
                if not re.fullmatch(BARE_HEAD, body.name)
                # A summit on whose sidelines the clause's event happens is its setting.
                and not BODY_SETTING.search(clause[: body.start])
                # "replaces the NATO-Ukraine Commission", "when the X was renamed": a body
                # told as gone, not what met.
                and not self.told_as_gone(body.name, clause)
            ),
            key=lambda body: len(body.name),
        )
        if named:
            body = named[-1]
            # A clause cut into a name ("… Studies (IISS) Shangri-La Dialogue (SLD)"): the name
            # the text gave whole, with the same acronym.
            # Without an acronym, a name the clause opens with: "Uzbekistan Strategic …" cut from
            # "the U.S.–Uzbekistan Strategic Partnership Dialogue".
            body = next(
                (
                    b
                    for b in self.bodies
                    if (b.acronym == body.acronym if body.acronym else body.start <= 4)
                    and re.search(rf"[\s–-]{re.escape(body.name)}$", b.name)
                ),
                body,
            )
            fuller = [b for b in self.bodies if bodies.same_body(body.name, b.name)]
            if not body.acronym and fuller:
                return max(fuller, key=lambda b: len(b.name))
            if not body.acronym:
                # The acronym the text gave the same name elsewhere.
                body.acronym = next(
                    (b.acronym for b in self.bodies if b.name == body.name and b.acronym), ""
                )
            return body
        for body in self.bodies:
            # An acronym of letters: "2+2" says a kind of dialogue, not which body.
            if re.fullmatch(r"[A-Z][A-Za-z.&-]*[A-Z]", body.acronym) and re.search(
                rf"(?<![\w-]){re.escape(body.acronym)}(?![\w-])", clause
            ):
                return body
        return None

    def countries_of_name(self, name: str) -> list[str] | None:
        """The countries a body's name says it is between ("the India-China Working
        Mechanism", "the Supreme State Council of … Belarus and Russia"), whatever the
        release's pair; None when it names fewer than two, or fewer than its "trilateral"
        says."""
        named = self.current_countries(name)
        count = re.search(r"\b(?P<count>Tri|Quadri)(?:lateral|partite)\b", name, re.IGNORECASE)
        needed = {"tri": 3, "quadri": 4}[count["count"].lower()] if count else 2
        return sorted(named) if len(named) >= needed else None

    def two_plus_two(self, body: bodies.Body) -> bool:
        """Ministerial consultations of foreign and defence ministers together are a 2+2
        ("Ministerial Consultations", "Security Consultative Committee")."""
        return bool(
            re.search(
                r"\bMinisterial\s+(?:Consultations|Dialogue|Meeting)\b|\bConsultative\s+Committee\b",
                body.name,
            )
            and self.foreign_and_defence
        )

    def named_body(self, clause: str) -> dict[str, Any] | None:
        """A body named in capitals ("the Intergovernmental Commission on Trade"), or a working
        group or commission "on" something."""
        official = self.official_body(clause)
        best = official.name if official is not None else None
        for match in NAMED_BODY.finditer(clause) if official is None else ():
            # "… Council for the 2019-2020 term": a name ends on a capitalised word.
            body = re.sub(r"(?:\s+(?:on|of|for|to|and|the|in|-))+\s*$", "", match["body"])
            body = body.strip(" ,")
            # "The Commission" alone is a reference back (`referred_back`), not a name.
            body = re.sub(r"^(?:(?:[Tt]he|of|on|and|in|to|for)\s+)+", "", body)
            body = re.sub(
                r"^(?:\d+(?:st|nd|rd|th)|" + "|".join(ORDINAL_WORDS) + r")\s+",
                "",
                body,
                flags=re.IGNORECASE,
            )
            if len(body.split()) < 2 or re.fullmatch(BARE_HEAD, body):
                continue  # "the Working Group" alone refers back (`referred_back`)
            if self.told_as_gone(match["body"].strip(" ,"), clause):
                continue  # a body told as replaced or renamed, not what met
            if bodies.not_a_dialogue(body, self.lexicon.country_names) or re.search(
                bodies.TITLE + r"\s+(?:of|to)\s+(?:the\s+)?$", clause[: match.start("body")]
            ):
                continue  # a title and its body, a country's own institution, a UN organ
            if re.match(TITLE_WORDS, body) or re.match(
                r"[’']?s?\s*(?:chair|chairman|Speaker|President|delegation|members?)\b",
                clause[match.end() :].strip(),
            ):
                continue  # a person's role or a delegation, not a mechanism
            if re.match(
                r"\s*(?:Centre|Center|Hall|Palace|Building|Complex|Grounds|Park|Square|Hotel)\b",
                clause[match.end() :],
            ):
                continue  # a venue: "the India International Convention and Expo Centre"
            if best is None or len(body) > len(best):
                best = body
        if best is None:
            lower = LOWER_BODY.search(clause)
            if not lower:
                return None
            best = (lower["body"] or lower["lead"]).strip()
            if lower["chairs"]:
                best += re.sub(
                    r"^\s+(?:(?:co-)?chaired\s+by|led\s+by|of)\s+", " of ", lower["chairs"]
                )
            best = best[0].upper() + best[1:]
        if re.search(r"Forum|Festival", best) and not re.search(
            "|".join(re.escape(n) for n, c in self.lexicon.country_names.items() if c in self.pair)
            or "^$",
            best,
        ):
            # A forum of its own (an international economic forum), not the pair's mechanism;
            # but someone attending it is a round of that forum, named after it.
            attended = next(
                (m for m in ATTENDED_FORUM.finditer(clause) if m["forum"].endswith(best)), None
            )
            # A forum the clause names in full as held, or with its acronym or number, is the
            # clause's event ("the Ninth Forum for … (FEALAC 9) was held in Lima").
            held = official is not None and bool(
                HOLDING.search(clause) or official.acronym or official.number
            )
            if attended is None and not held:
                return None
            if attended is not None:
                return {"name": best, "kind": MechanismKind.FORUM}
        pair_names = "|".join(
            re.escape(n)
            for n in sorted(self.lexicon.country_names, key=len, reverse=True)
            if self.lexicon.country_names[n] in self.pair
        )
        stripped = (
            re.sub(
                # An official name loses only the pair's names, read whole ("Australia-United
                # States …"), never another hyphenated word.
                rf"^(?:(?:{'(?!)' if official else r'[A-Z]\w+-[A-Z]\w+'}"
                rf"|(?:{pair_names})(?:\s*[-–]\s*(?:{pair_names}))*)\s+)+"
                r"(?=[A-Z]|working|commission)",
                "",
                best,
            )
            if self.pair
            else best
        )
        # The pair's names go ("Russian-Japanese Intergovernmental Commission on …"), unless
        # nothing but a word would be left ("Russia-China Expo").
        best = stripped if len(stripped.split()) >= 2 else best
        tail = re.search(r"\s+in\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)$", best)
        if tail and tail[1] not in self.lexicon.country_names and gazetteer.lookup(tail[1]):
            best = best[: tail.start()]  # "… Cooperation in New Delhi": the place, not the name
        best = best[0].upper() + best[1:]
        if official is not None:
            found: dict[str, Any] = {"name": best, "kind": official.kind}
            if countries := self.countries_of_name(official.name):
                found["countries"] = countries
            if self.two_plus_two(official):
                found["kind"] = MechanismKind.TWO_PLUS_TWO
                found["level"] = MechanismLevel.MINISTERIAL
            elif official.level:
                found["level"] = official.level
            if official.acronym:
                found["short_name"] = official.acronym
            return found
        kinds = [
            (r"Intergovernmental\s+Commission", MechanismKind.INTERGOVERNMENTAL_COMMISSION),
            (r"Commission", MechanismKind.INTERGOVERNMENTAL_COMMISSION),
            (r"Working\s+Group", MechanismKind.WORKING_GROUP),
            (r"Council|Club|Committee", MechanismKind.COUNCIL),
            (r"Forum|Expo|Exhibition|Fair", MechanismKind.FORUM),
            (r"Festival", MechanismKind.CULTURAL_PROGRAMME),
            (r"Dialogue", MechanismKind.STRATEGIC_DIALOGUE),
        ]
        kind = next(
            (k for pattern, k in kinds if re.search(pattern, best, re.IGNORECASE)),
            MechanismKind.CONSULTATIONS,
        )
        if kind == MechanismKind.STRATEGIC_DIALOGUE and bodies.places_only_dialogue(
            best, self.lexicon.country_names
        ):
            kind = MechanismKind.CONSULTATIONS
        return {"name": best, "kind": kind}

    def match_known(self, proposal: dict[str, Any]) -> dict[str, Any]:
        """A registry mechanism of exactly the event's countries (the proposal's, else the
        pair's) and of the proposal's kind, with this name (fuzzy) or, for a 2+2 or a strategic
        dialogue, the only one of that kind: a round of other countries or of another kind
        filed under it would make the registry wrong."""
        event_countries = set(proposal.get("countries") or self.pair)
        candidates = [
            m
            for m in self.lexicon.mechanisms
            if m.countries == event_countries and m.kind == proposal["kind"]
        ]
        for known in candidates:
            if any(
                fuzz.token_set_ratio(proposal["name"].lower(), name.lower()) >= 90
                for name in known.names
            ):
                return {"id": known.id, "version": known.version, "name": known.name}
        same_kind = [m for m in candidates if m.kind == proposal["kind"]]
        if (
            proposal["kind"] in (MechanismKind.TWO_PLUS_TWO, MechanismKind.STRATEGIC_DIALOGUE)
            and len(same_kind) == 1
        ):
            return {
                "id": same_kind[0].id,
                "version": same_kind[0].version,
                "name": same_kind[0].name,
            }
        return proposal

    # Events --------------------------------------------------------------------------------

    def events(self) -> list[Event]:
        events: list[Event] = []
        mentions: list[Event] = []
        for sentence in self.sentences:
            text = sentence.text
            self.reading = text
            focus_before = self.focus
            self.grouping = next(
                (g for g in self.groupings if groupings.mentioned(g, text, by_noun=False)),
                self.grouping,
            )
            self.chaired_by(sentence, events)
            dates = self.dates_in(text) + self.carried_dates(text, events)
            self.took_part_on_its_days(sentence, dates, events)
            if ELECTED.search(text):
                continue  # "X was elected a member of the Council at the meeting of …"
            triggers = (
                [m for m in TRIGGER.finditer(text)]
                or self.body_triggers(text, dates)
                or self.founding_triggers(text, dates)
                or self.leaders_signing(text, dates)
            )
            if not triggers:
                self.refocus(text)
                events += self.another_such(sentence, dates, events)
                self.joined(sentence, dates, events)
                continue
            # "The visit will conclude tomorrow": a day of the visit told, not a round.
            triggers = [
                t
                for t in triggers
                if not (t["word"].lower().startswith("visit") and VISIT_BOUND.match(text, t.end()))
            ]
            if not triggers:
                continue
            pairs = self.assign(dates, triggers)
            new: list[Event] = []
            if (
                countries := self.multilateral(text)
            ) is not None and not SEPARATE_BILATERALS.search(text):
                # A meeting of more than the pair: a round of the format the text names, never
                # of the pair's mechanism.
                events += [
                    self.same_day_place(event, events)
                    for event in self.format_events(sentence, pairs, countries)
                ]
                if not pairs:
                    # "A, B and C attended the meeting": the people of the meeting just told.
                    self.joined(sentence, dates, events)
                continue
            for date, trigger in pairs:
                clause = (
                    text if len(pairs) == 1 and len(dates) <= 2 else self.clause(text, dates, date)
                )
                event = self.next_round(trigger, self.event(sentence, trigger, clause, date))
                self.postponed_round_of(event, events)
                if not self.grouping_summit(trigger, event):
                    new.append(self.same_day_place(event, events))
            # "Both previous rounds were held … in November 2013 and March 2017."
            plural = next((t for t in triggers if t["word"].lower() in PLURAL_TRIGGERS), None)
            if plural is not None:
                for date in dates:
                    if not any(event.date is date for event in new) and new:
                        clone = self.event(sentence, plural, self.clause(text, dates, date), date)
                        if clone.mechanism is None:
                            # "… held their meetings in March and September 2019": the list's
                            # mechanism and people are those its first item has.
                            clone.mechanism = new[0].mechanism
                            clone.people = clone.people or list(new[0].people)
                        new.append(clone)
            # "met on 3 February and 17 September": one event on each date of a list.
            for date in dates:
                listed = next(
                    (
                        event
                        for event in new
                        if event.date is not None
                        and event.date is not date
                        and re.fullmatch(
                            r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:on\s+)?",
                            text[min(event.date.end, date.end) : max(event.date.start, date.start)],
                        )
                    ),
                    None,
                )
                if listed is not None and not any(event.date is date for event in new):
                    new.append(
                        dataclasses.replace(
                            listed,
                            date=date,
                            status=self.status(listed.clause, date),
                            people=list(listed.people),
                            extra_sentences=list(listed.extra_sentences),
                        )
                    )
            new += self.ordinal_items(text, dates, new)
            self.cities_of_list(text, dates, new)
            self.previous_rounds_of_format(text, focus_before, new)
            self.shared_subject(new)
            new = [split for event in new for split in self.separate_bilaterals(event)]
            # "a regular meeting of the working group on X and a meeting of the group on Y"
            for event in list(new):
                for other in re.finditer(
                    r"\band\s+(?:a|the)\s+(?:\w+\s+)?meeting\s+of\s+[^,;.]+", event.clause
                ):
                    sub = self.event(sentence, other, other.group(0), event.date)
                    if (
                        sub.mechanism
                        and event.mechanism
                        and sub.mechanism.get("name") != event.mechanism.get("name")
                    ):
                        event.clause = event.clause[: other.start()]
                        event.mechanism, _ = self.mechanism_for(
                            event.clause, text, event.people, event.trigger
                        )
                        new.append(sub)
            if pairs:
                forums = self.attended_forums(sentence, dates, new)
                # "He came in the autumn of 2015 to attend the third India-Africa Forum Summit":
                # the trip made only to attend it is that forum's round, not a meeting of the
                # pair.
                new = [
                    event
                    for event in new
                    if not any(
                        forum.date is event.date
                        and event.mechanism is not None
                        and "id" not in event.mechanism
                        and event.mechanism.get("name", "").startswith(self.pair_label())
                        and re.search(
                            r"\bto\s+(?:attend|take\s+part\s+in|participate\s+in)\b", event.clause
                        )
                        # Unless the trip had another purpose too: "… and to Moscow for talks".
                        and not re.search(r"\bfor\s+talks\b|\band\s+to\s+[A-Z]", event.clause)
                        for forum in forums
                    )
                ] + forums
                # The visit first: the talks it was made for are what later sentences refer to.
                new = self.ministers_visits(sentence, dates, triggers, pairs) + new
            if not pairs:
                # "On the sidelines of the summit, A and B held talks": the talks, not the
                # summit that is their setting.
                main = next(
                    (t for t in triggers if not SUMMIT_SETTING.search(text[: t.start()])),
                    triggers[0],
                )
                event = self.event(sentence, main, text, None)
                if self.on_sidelines(event, events):
                    events.append(event)
                    continue
                during = self.rounds_during_visit(sentence, events)
                if during:
                    events += during
                    continue
                self.talks_of_visit(event, events)
                separate = self.separate_meetings(sentence, events)
                if self.coreferent(event, events):
                    events += separate
                    continue
                if separate:
                    events += separate
                    continue
                if event.number is not None:
                    previous = next(
                        (
                            e
                            for e in reversed(events)
                            if e.sentence.paragraph == sentence.paragraph and e.date
                        ),
                        None,
                    )
                    if previous is not None:
                        event.date = previous.date
                        event.inherited_date = True
                        event.extra_sentences.append(previous.sentence)
                        new.append(event)
                    else:
                        mentions.append(event)
                if not new:
                    continue
            new = [event for event in new if not self.opening_day(event, events)]
            for event in new:
                self.merge_mentions(event, mentions, events)
                events.append(event)
        events += self.themed_years()
        # An event the text does not say is of which mechanism is no draft (it served above as
        # the event later sentences elaborate on).
        return [
            event
            for event in self.merge_told_twice(self.merge_within(events))
            if event.mechanism is not None and not self.at_home(event)
        ]

    def refocus(self, text: str) -> None:
        """A sentence telling no event that names again a mechanism told before ("It was the
        first 2+2 held in person"): "this format" in the next sentence is that one."""
        for named in reversed(self.named):
            short = named.get("short_name") or (
                "2+2" if named.get("kind") == MechanismKind.TWO_PLUS_TWO else ""
            )
            if named.get("name", "") in text or (
                short and re.search(rf"(?<![\w+]){re.escape(short)}(?![\w+])", text)
            ):
                self.focus = named
                return

    def body_triggers(self, text: str, dates: list[FoundDate]) -> list[re.Match]:
        """A round told by its body's name and a verb of holding ("held the High-Level
        Security Dialogue in …"), or by the acronym the text gave a body, with a number, an
        ordinal, a date or a verb of holding ("after TICAD VI in Nairobi", "for the 32nd
        AUSMIN"): the event words of a sentence that has no other."""
        holding = HOLDING.search(text) is not None
        found: list[re.Match] = []
        if holding:
            for body in bodies.official_names(text, self.lexicon.country_names):
                if not re.fullmatch(BARE_HEAD, body.name):
                    word = re.compile(rf"(?P<word>{re.escape(body.name)})")
                    found.extend(filter(None, [word.search(text, body.start)]))
        for body in self.bodies:
            if not body.acronym:
                continue
            mention = re.compile(
                rf"(?<![\w-])(?P<word>{re.escape(body.acronym)})(?![\w-])"
                r"(?:\s+(?P<body_number>\d{1,3}|[IVXLC]{1,6})\b)?"
            )
            for match in mention.finditer(text):
                ordinal = re.search(r"\b\d{1,3}(?:st|nd|rd|th)\s+$", text[: match.start()])
                if match["body_number"] or ordinal or holding or dates:
                    found.append(match)
        return sorted(found, key=lambda match: match.start())

    def ordinal_items(self, text: str, dates: list[FoundDate], new: list[Event]) -> list[Event]:
        """ "The first round … was held in Cairo on 27–28 August, the second in Addis Ababa on
        23–24 September and the third again in Cairo in October": each item a list opens with an
        ordinal is the next round of the same mechanism, on its own date."""
        told = next((event for event in new if event.mechanism is not None), None)
        if told is None or told.date is None or told.number is None:
            return []
        found = []
        previous = told.date
        for date in dates:
            if date.start <= previous.start:
                continue
            item = re.match(
                r"\s*(?:,\s*(?:and\s+)?|and\s+)the\s+(?P<ordinal>"
                + "|".join(ORDINAL_WORDS)
                + r"|\d{1,3}(?:st|nd|rd|th))\b",
                text[previous.end : date.start],
                re.IGNORECASE,
            )
            if item is None or any(event.date is date for event in new):
                break
            ordinal = item["ordinal"].lower()
            found.append(
                dataclasses.replace(
                    told,
                    date=date,
                    number=int(ordinal[:-2]) if ordinal[0].isdigit() else ORDINAL_WORDS[ordinal],
                    clause=text[previous.end : date.end],
                    status=self.status(text[previous.end : date.end], date),
                    people=[],
                    extra_sentences=list(told.extra_sentences),
                )
            )
            previous = date
        return found

    @staticmethod
    def opening_day(event: Event, events: list[Event]) -> bool:
        """ "… ended in Addis Ababa on 19 December. The round had opened on 17 December.": the
        first day of the round just told (which then spans both), not a round of its own."""
        if (
            event.mechanism is not None
            or event.date is None
            or event.date.resolved is None
            or not events
            or not re.match(
                r"(?:[Tt]he|[Tt]his|[Ii]ts)\s+(?:(?:week|days)\s+of\s+)?"
                r"(?:round|meetings?|sessions?|talks|negotiations|summit)\s+"
                r"(?:had\s+)?(?:opened|begun|began|started)\b",
                event.clause.strip(),
            )
        ):
            return False
        told = events[-1]
        if told.date is None:
            return False
        first, last = event.date.resolved, told.date.resolved
        if (
            last is None
            or told.sentence.paragraph != event.sentence.paragraph
            or first.precision != "day"
            or last.precision != "day"
            or not datetime.timedelta(0) < last.start - first.start <= datetime.timedelta(days=14)
        ):
            return False
        told.date = dataclasses.replace(
            told.date, resolved=ResolvedDate(first.start, last.end, "day")
        )
        told.extra_sentences.append(event.sentence)
        return True

    def founding_triggers(self, text: str, dates: list[FoundDate]) -> list[re.Match]:
        """ "The B9 format was created in Bucharest in November 2015", "The Assembly was
        constituted in Paris on 25 March 2019": a grouping or the body in focus, told as set up
        on a date, met then for the first time."""
        if not dates:
            return []
        return [
            match
            for match in groupings.FOUNDED.finditer(text)
            if self.founded(text[: match.start()]) is not None
        ]

    def leaders_signing(self, text: str, dates: list[FoundDate]) -> list[re.Match]:
        """ "The group owes its name to the town where on 15 February 1991 President A, President
        B and Prime Minister C signed a declaration": the leaders of three or more of the
        grouping's members who signed together on a date met then, a summit of the grouping."""
        if (
            not dates
            or self.grouping is None
            or not groupings.mentioned(self.grouping, text)
            or not groupings.LEADERS_SIGNED.search(text)
        ):
            return []
        return list(re.finditer(r"\b(?P<word>signed)\b", text))[:1]

    def founding_meeting(self, before: str) -> bool:
        """Whether a date follows a grouping or the body in focus told as set up in a city
        ("The B9 format was created in Bucharest in …"): its founders met there, a round; a
        body told as set up in a year alone is not."""
        founding = next(reversed(list(groupings.FOUNDED.finditer(before))), None)
        return (
            founding is not None
            and bool(self.cities_in(before[founding.end() :]))
            and self.founded(before[: founding.start()]) is not None
        )

    def founded(self, subject: str, words: str = "") -> dict[str, Any] | None:
        """The mechanism a sentence's subject says was set up: the grouping it names, at the
        level the clause's `words` tell ("… founded by the foreign ministers"), or the body in
        focus told by its head noun ("The Assembly", "The consultative meetings")."""
        if self.grouping is not None and groupings.mentioned(self.grouping, subject):
            return self.grouping_mechanism(
                self.grouping, words or subject, self.current_countries(words or subject)
            )
        for named in reversed(self.named):
            # The body last named by that head noun, though a leaders' meeting came between.
            heads = list(bodies.HEADS.finditer(named.get("name", "")))
            if heads and re.search(
                rf"\b[Tt]he\s+(?:[\w-]+\s+)?{heads[-1][0]}s?\b", subject, re.IGNORECASE
            ):
                return {k: v for k, v in named.items() if k != "confidence"}
        return None

    def grouping_mechanism(
        self, grouping: groupings.Grouping, words: str, present: set[str]
    ) -> dict[str, Any] | None:
        """The grouping's mechanism at the level the words tell, else the one of it named
        before ("The C5+1 platform was launched by …": the meetings the release told). The
        registry's mechanism of that name when the countries `present` are all of it; none when
        they are not (a guest's country): neither a wrong round nor the mechanism again."""
        found = groupings.round_of(grouping, words)
        if found["kind"] == MechanismKind.CONSULTATIONS and found.get("level") is None:
            told = next(
                (m for m in reversed(self.named) if m.get("name", "").startswith(grouping.name)),
                None,
            )
            if told is not None:
                return {k: v for k, v in told.items() if k != "confidence"}
        names = {gazetteer.fold(n) for n in (found["name"], grouping.name, grouping.acronym) if n}
        known = next(
            (
                m
                for m in self.lexicon.mechanisms
                if m.kind == found["kind"] and names & {gazetteer.fold(n) for n in m.names}
            ),
            None,
        )
        if known is not None:
            if not present <= known.countries:
                return None
            return {"id": known.id, "version": known.version, "name": known.name}
        return self.match_known(found)

    def grouping_round(
        self, clause: str, people: list[PersonMention], trigger: str
    ) -> dict[str, Any] | None:
        """A round of the grouping last named: a summit or meeting the clause tells of it, by
        its name, acronym or a noun for it ("the next meeting of the format"), or a summit it
        tells without naming what of ("launched at a summit in Dubrovnik"), or a meeting with
        several counterparts ("met his five counterparts") — not a meeting of two."""
        grouping = self.grouping
        if grouping is None:
            return None
        roles = " ".join(person.role for person in people)
        named = groupings.mentioned(grouping, clause)
        sides = {person.country for person in people if person.country}
        if not named and len(sides) == 2 and groupings.THEIR_MEETING.search(clause):
            return None  # "A and B held their first meeting": the two's, not the grouping's
        if not (
            groupings.summit_of_grouping(clause)
            or (named and re.fullmatch(r"(?:co-)?hosted|convened|chaired", trigger, re.I))
        ) or groupings.other_summit(grouping, clause):
            return None
        # A summit told without the grouping's name is its round only once the text told one
        # of its rounds, or named it before in the sentence ("The Nine marked … at a summit"):
        # an initiative named in passing makes no later summit of two its own.
        before = self.reading[: max(0, self.reading.find(clause))]
        told = any(
            m.get("name", "").startswith(grouping.name) for m in self.named
        ) or groupings.mentioned(grouping, before, by_noun=False)
        if not (
            named
            or (
                told
                # "launched at a summit in Dubrovnik": the event told is a summit, not a
                # meeting told by its time ("the day before the summit opened").
                and (
                    groupings.summit_told(clause, before)
                    or groupings.SEVERAL_COUNTERPARTS.search(clause)
                )
            )
        ):
            return None
        return self.grouping_mechanism(
            grouping, f"{clause} {roles}", sides | self.current_countries(clause)
        )

    def at_home(self, event: Event) -> bool:
        """A leader inaugurating or touring something in their own country, no one of another
        country named: not a round between countries."""
        return bool(
            COMMEMORATION.search(event.trigger)
            and event.host
            and event.people
            and all(person.country == event.host for person in event.people)
        )

    def format_events(
        self, sentence: Sentence, pairs: list[tuple[FoundDate, re.Match]], countries: set[str]
    ) -> list[Event]:
        """Rounds of a format of three or more countries, each with the people the sentence
        names; none when the text does not name the format."""
        mechanism = self.format_for(sentence.text, countries)
        if mechanism is None:
            return []
        found = []
        for date, trigger in pairs:
            event = self.event(sentence, trigger, sentence.text, date)
            event.mechanism = {**mechanism, "confidence": 0.6}
            # Those the sentence names, else those "their meeting" refers to ("The three
            # Vice-Ministers …, following their meeting in Tokyo on July 21"); not those of
            # today for a meeting recalled without it (who held office then may differ).
            owner = REFERRING_OWNER.search(sentence.text[: trigger.start()])
            event.people = self.with_author(
                self.people_in(sentence.text) or (event.people if owner else []), sentence.text
            )
            found.append(event)
        if found:
            self.focus = found[-1].mechanism
            self.named.append(mechanism)
        return found

    def format_for(self, text: str, countries: set[str]) -> dict[str, Any] | None:
        """A format of three or more countries the text names: a body ("the Council of …"), a
        name in capitals ("the Sixth Caspian Summit", "the Quad Foreign Ministers' Meeting"),
        "the X format", the format in focus ("the three leaders last met"), or "a trilateral
        summit" of the countries named. A meeting "on the margins of" a summit is not of it."""
        venue = re.compile(r"\b(?:margins|sidelines)\s+of\s+(?:the\s+)?$")
        members = sorted(countries)
        known = [m for m in self.lexicon.mechanisms if m.countries == set(members)]
        for mechanism in known:
            if any(len(name) >= 3 and name in text for name in mechanism.names):
                return {"id": mechanism.id, "version": mechanism.version, "name": mechanism.name}
        if (
            re.search(
                r"\b(?:[Tt]he|[Tt]hese|[Aa]ll)\s+(?:three|four|five|six)\s+(?:\w+[\s-])?"
                r"(?:[Ll]eaders|[Mm]inisters|heads\s+of\s+(?:state|government))\b",
                text,
            )
            and self.focus is not None
            and len(self.focus.get("countries", ())) >= 3
        ):
            return {k: v for k, v in self.focus.items() if k != "confidence"}
        if series := self.summit_of_series(text):
            return series
        if summit := self.named_summit(text):
            return {**summit, "countries": members}
        if self.official_body(text) and (body := self.named_body(text)):
            # A body's official name read whole: "the Commonwealth Heads of Government Meeting",
            # never its last words ("Government Meeting"); of the countries its name says, if
            # it says them.
            return {**body, "countries": body.get("countries") or members}
        for match in FORMAT_NAME.finditer(text):
            if venue.search(text[: match.start()]):
                continue
            name = re.sub(
                r"^(?:(?:the|The)\s+)?(?:(?:\d+(?:st|nd|rd|th)|"
                + "|".join(ORDINAL_WORDS)
                + r")\s+)?",
                "",
                match["name"],
                flags=re.IGNORECASE,
            )
            if (
                len(name.split()) < 2
                or self.country_re.fullmatch(name.split()[0])
                or generic_summit(name)
            ):
                continue  # "the Virtual Summit": how leaders met, no format's name
            kind = (
                MechanismKind.SUMMIT
                if re.search(r"Summit", name)
                else (
                    MechanismKind.CONSULTATIONS
                    if re.search(r"Meeting", name)
                    else self.named_body(name) or {"kind": MechanismKind.CONSULTATIONS}
                )
            )
            if isinstance(kind, dict):
                kind = kind["kind"]
            return {"name": name, "kind": kind, "countries": members}
        if body := self.named_body(text):
            return {**body, "countries": members}
        if named_group := self.named_group(text, members):
            return named_group
        if (talks := groupings.talks_on(text)) is not None and len(members) >= 3:
            label = "–".join(self.lexicon.country_short_name(code) for code in members)
            return {
                "name": f"{label} {talks}",
                "kind": MechanismKind.CONSULTATIONS,
                "countries": members,
            }
        if self.grouping is not None and groupings.mentioned(self.grouping, text):
            # "… hosted the heads of government of A, B and C to mark the anniversary of the
            # Visegrad Group", "a C5+1 ministerial meeting": the grouping's round.
            found = self.grouping_mechanism(self.grouping, text, set(members))
            if found is not None:
                return found if "id" in found else {**found, "countries": members}
        elif (found := self.grouping_round(text, [], "")) is not None:
            # "… and at the eighth summit, in Bucharest, the President and his guests admitted
            # Greece": a summit of the grouping last named.
            return found if "id" in found else {**found, "countries": members}
        if group := GROUPING.search(text):
            level = "Foreign Ministers' " if re.search(r"Foreign\s+Minister", text) else ""
            return {
                "name": f"{group['name']} {level}meetings",
                "kind": MechanismKind.CONSULTATIONS,
                "countries": members,
            }
        if fmt := re.search(r"\bin\s+the\s+[\"“]?(?P<name>[A-Z][\w+ -]*?)[\"”]?\s+format\b", text):
            if re.search(r"\bsummit\b", text[: fmt.start()], re.IGNORECASE):
                # "a summit in the Normandy format": the format's summits.
                return {
                    "name": f"{fmt['name']} format summit",
                    "kind": MechanismKind.SUMMIT,
                    "level": MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
                    "countries": members,
                }
            if re.search(r"\bleaders\b|\bheads\s+of\s+(?:state|government)\b", text):
                # "a meeting in the "SCO Plus" format … with the leaders of …": a summit.
                return {
                    "name": f"{fmt['name']} meeting",
                    "kind": MechanismKind.SUMMIT,
                    "level": MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
                    "countries": members,
                }
            return {
                "name": f"{fmt['name']} meetings",
                "kind": MechanismKind.CONSULTATIONS,
                "countries": members,
            }
        focus = self.focus or {}
        three = re.search(
            r"\b(?:of\s+)?(?:the|these|all)\s+(?P<count>three|four|five)\s+(?:countries|states"
            r"|nations|sides)\b",
            text,
        )
        told = next(
            (
                named
                for named in (focus, *reversed(self.named))
                if three and len(named.get("countries", ())) == COUNTS[three["count"]]
            ),
            None,
        )
        if told is not None:
            # "The foreign ministers of the three countries": the last format of three named.
            members = sorted(told["countries"])
            if told.get("kind") == MechanismKind.SUMMIT and re.search(
                r"\bleaders\b|\bheads\s+of\s+(?:state|government)\b", text
            ):
                # "a meeting of the three countries' leaders": that format's leaders' round.
                return {k: v for k, v in told.items() if k != "confidence"}
        if re.search(r"\bforeign\s+ministers\b", text, re.IGNORECASE) and len(members) >= 3:
            label = "–".join(self.lexicon.country_short_name(code) for code in members)
            return {
                "name": f"{label} foreign ministers' meetings",
                "kind": MechanismKind.CONSULTATIONS,
                "level": MechanismLevel.MINISTERIAL,
                "countries": members,
            }
        three = re.search(r"\b(trilateral|tripartite)\s+(?:summit|leaders)", text, re.I)
        if three is None and re.search(
            rf"\b(?:{'|'.join(HEAD_TITLES)})\b.*\b(?:{'|'.join(HEAD_TITLES)})\b.*\b(?:{'|'.join(HEAD_TITLES)})\b",
            text,
        ):
            # "… by Prime Minister A, President B and President C, following their trilateral
            # meeting": a meeting of three heads is their summit.
            three = re.search(r"\b(trilateral|tripartite)\s+(?:meeting|talks)", text, re.I)
        if three and len(members) == 3:
            label = "–".join(self.lexicon.country_short_name(code) for code in members)
            return {
                # The text's own word: "a tripartite summit" is that format's summit.
                "name": f"{label} {three[1].lower()} leaders' meetings"
                if re.search(r"meeting|talks", three[0], re.I)
                else f"{label} trilateral leaders' summit"
                if three[1].lower() == "trilateral"
                else f"{label} tripartite summit",
                "kind": MechanismKind.SUMMIT,
                "level": MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
                "countries": members,
            }
        listed = re.search(
            r"\b(?:leaders|heads\s+of\s+(?:state|government))\s+of\s+(?:the\s+)?(?P<list>[A-Z][^.;:]*)",
            text,
        )
        in_list = self.current_countries(listed["list"]) if listed else set()
        if len(in_list) >= 3:
            # "a meeting of the leaders of Egypt, Jordan and Iraq": those countries' summit, the
            # format of the same countries already named if there is one.
            same = next(
                (
                    named
                    for named in (focus, *reversed(self.named))
                    if set(named.get("countries", ())) == in_list
                    and named.get("kind") == MechanismKind.SUMMIT
                ),
                None,
            )
            if same is not None:
                return {k: v for k, v in same.items() if k != "confidence"}
            label = "–".join(self.lexicon.country_short_name(code) for code in sorted(in_list))
            return {
                "name": f"{label} leaders' meetings",
                "kind": MechanismKind.SUMMIT,
                "level": MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
                "countries": sorted(in_list),
            }
        return self.ministers_of_format(text, members)

    def ministers_of_format(self, text: str, members: list[str]) -> dict[str, Any] | None:
        """ "The foreign ministers of the three countries … met in Baghdad in March": the
        ministers' meetings of the countries of the format last named."""
        ministers = re.search(r"\b(foreign|defen[cs]e)\s+ministers\b", text, re.IGNORECASE)
        count = re.search(r"\bthe\s+(three|four|five)\s+countries\b", text)
        format_ = next((m for m in reversed(self.named) if len(m.get("countries", ())) >= 3), None)
        if ministers is None or format_ is None:
            return None
        countries = sorted(format_["countries"])
        if not (set(members) == set(countries) or (count and COUNTS[count[1]] == len(countries))):
            return None
        label = "–".join(self.lexicon.country_short_name(code) for code in countries)
        portfolio = "defence" if ministers[1].lower().startswith("defen") else "foreign"
        return {
            "name": f"{label} {portfolio} ministers' meetings",
            "kind": MechanismKind.CONSULTATIONS,
            "level": MechanismLevel.MINISTERIAL,
            "countries": countries,
        }

    def carried_dates(self, text: str, events: list[Event]) -> list[FoundDate]:
        """ "On the same day", "earlier in the day", "the following day", "the day before",
        "the previous afternoon": the day the narrative is at, carried to this sentence. That
        day is the last event told of one day, held: an earlier round recalled in passing ("The
        previous summit was held on 1 July 2020"), or a round announced ("The second summit
        will be held in 2025", "The visit will conclude tomorrow"), is not where the narrative
        is."""
        if not CARRIED_DAY.search(text):
            return []
        previous = self.narrative_day(events)
        if previous is None:
            return []
        day = previous.date.resolved  # type: ignore[union-attr]
        found = []
        for match in CARRIED_DAY.finditer(text):
            offset = 1 if match["next"] else -1 if match["before"] or match["before2"] else 0
            date = day.start + datetime.timedelta(days=offset)  # type: ignore[union-attr]
            found.append(
                FoundDate(
                    match.group(0), match.start(), match.end(), ResolvedDate(date, date, "day")
                )
            )
        return found

    def cities_of_list(self, text: str, dates: list[FoundDate], new: list[Event]) -> None:
        """Rounds listed in one sentence each take the city of their own item: "in Cairo and
        New York in March and September 2019" (respectively), "and in Amman on 25 August
        2020" (the city just before its date, after the date before)."""
        dated = [e for e in new if e.date is not None]
        if len(dated) < 2 or len({id(e.date) for e in dated}) < 2:
            return
        ordered = sorted(dates, key=lambda d: d.start)
        cities = self.cities_in(text)
        if not cities:
            return
        own: dict[int, tuple[str, Any, Any]] = {}

        def index_of(event: Event) -> int:
            return next(i for i, d in enumerate(ordered) if d is event.date)

        for index, date in enumerate(ordered):
            previous_end = ordered[index - 1].end if index else 0
            before = [c for c in cities if previous_end <= c[3] < date.start]
            if not before:
                continue
            pairing = index + 1 < len(ordered) and re.fullmatch(
                r"\s*,?\s*and\s+", text[date.end : ordered[index + 1].start]
            )
            listed = re.fullmatch(
                r"(?:\s*in\s+)?(?P<first>.+?)\s*(?:,|and)\s+(?P<second>.+?)(?:\s+(?:in|on))?\s*",
                text[before[0][3] - 3 if before[0][3] >= 3 else 0 : date.start],
            )
            if pairing and len(before) == 2 and listed:
                # "in Cairo and New York in March and September 2019": one city each.
                own[id(date)] = before[0][:3]
                own[id(ordered[index + 1])] = before[1][:3]
            elif id(date) not in own and not self.cities_listed(text, before[-2:]):
                # (Two cities listed before one date, "to New Delhi and Mumbai in February",
                # are a tour: no one city.)
                own[id(date)] = before[-1][:3]
        for event in dated:
            city = own.get(id(event.date))
            if self.visit_to_country(event):
                continue
            if city is not None:
                event.cities = [city]
                event.host = self.host(event.clause, event)
            elif index_of(event) > 0 and all(
                c[3] < ordered[index_of(event) - 1].end for c in cities if c[:3] in event.cities
            ):
                # "… held in Washington on 11 April, and the next one in the United States in
                # 2024": the city of the item before is not this one's.
                event.cities, event.host = [], None

    @staticmethod
    def cities_listed(text: str, cities: list[tuple[str, Any, Any, int]]) -> bool:
        """Whether two cities found in `text` are listed together ("X and Y", "X, Y")."""
        if len(cities) != 2:
            return False
        (first, *_, start), (_, *_, after) = cities
        return bool(re.fullmatch(r"\s*(?:,|and)\s*", text[start + len(first) : after]))

    def venue_cities(
        self, clause: str, trigger: re.Match
    ) -> list[tuple[str, gazetteer.City | None, str | None]]:
        """A round's city from its venue ("at the Élysée Palace", "at the Amiri Diwan") or
        from a summit named after its city ("the Beijing Summit of 2006"), when the clause
        names no city."""
        name = None
        if venue := venues.venue_city(clause):
            name = venue[0]
        elif (
            summit := venues.CITY_SUMMIT.search(trigger.string, max(0, trigger.start() - 40))
        ) and (summit.start() <= trigger.start() < summit.end() + 1):
            name = summit["city"]
        if name is None or name in self.lexicon.country_names:
            return []
        if name in self.lexicon.places:
            return [(name, None, self.lexicon.places[name][0])]
        city = gazetteer.lookup(name)
        if city is None or (
            venue is None
            and (gazetteer.fold(city.name) != gazetteer.fold(name) or city.population < 100_000)
        ):
            return []  # "the Caspian Summit": a sea, not the town of that name
        return [(name, city, None)]

    def visit_to_country(self, event: Event) -> bool:
        """Whether a visit of more than a day is told as a visit to a country."""
        resolved = event.date.resolved if event.date is not None else None
        if (
            (event.mechanism or {}).get("kind") != MechanismKind.VISITS
            or not VISIT_WORD.match(event.trigger.lower())
            or resolved is None
            or (resolved.precision == "day" and resolved.start == resolved.end)
        ):
            return False
        end = event.position + len(event.trigger)
        after = event.sentence.text[end : end + 100]
        destination = re.search(r"\b(?:to|in)\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)", after)
        return bool(
            destination
            and destination[1] in self.lexicon.country_names
            and destination[1] not in CITY_STATES
        )

    @staticmethod
    def tour(trigger: re.Match, cities: list[tuple[str, Any, Any, int]]) -> bool:
        """Whether a visit word is followed by two of the cities: "visit to X and Y"."""
        if not VISIT_WORD.match(trigger.group(0).lower()) or len(cities) < 2:
            return False
        after = trigger.string[trigger.end() :]
        names = "|".join(re.escape(name) for name, *_ in cities)
        return bool(re.match(rf"\s+to\s+(?:{names})\s*(?:,|and)\s+(?:{names})\b", after))

    def shared_subject(self, new: list[Event]) -> None:
        """ "A and B held their annual summit in March 2022 and met again in Tokyo in
        September 2022": a verb coordinated with the one before has its subject, the people of
        the event before in the sentence."""
        for index, event in enumerate(new[1:], start=1):
            before = new[index - 1]
            if (
                event.people
                or event.mechanism is not None
                or not before.people
                or event.sentence is not before.sentence
                or not re.search(r"\band\s+$", event.sentence.text[: event.position])
            ):
                continue
            event.people = list(before.people)
            event.mechanism, confidence = self.mechanism_for(
                event.clause, event.sentence.text, event.people, event.trigger
            )
            if event.mechanism is not None:
                event.mechanism["confidence"] = confidence

    def previous_rounds_of_format(
        self, text: str, focus: dict[str, Any] | None, new: list[Event]
    ) -> None:
        """ "The summit builds on the leaders' previous meetings, in Cairo … and in Amman …":
        the earlier rounds of the format the sentence's subject refers to, not meetings of the
        pair the leaders' titles would suggest."""
        if (
            focus is None
            or len(focus.get("countries", ())) < 3
            or not re.match(r"(?:The|This)\s+(?:summit|meeting|session|round)\b", text)
            or not re.search(
                r"\b(?:previous|earlier|past)\s+(?:meetings|summits|rounds|sessions)\b", text
            )
        ):
            return
        for event in new:
            if event.mechanism is None or self.made_up_for_pair(event.mechanism):
                event.mechanism = {**focus, "confidence": 0.6}

    def separate_bilaterals(self, event: Event) -> list[Event]:
        """ "President A held separate bilateral meetings with Premier B and Prime Minister C":
        one meeting of A with each, a round of their two countries."""
        separate = SEPARATE_BILATERALS.search(event.clause)
        if separate is None or len(event.people) < 3:
            return [event]
        hosts = [p for p in event.people if p.start < separate.start()]
        guests = [p for p in event.people if p.start > separate.end()]
        if len(hosts) != 1 or len(guests) < 2 or len({g.country for g in guests}) < len(guests):
            return [event]
        found = []
        for guest in guests:
            people = [hosts[0], guest]
            mechanism, confidence = self.mechanism_for(
                event.clause, event.sentence.text, people, event.trigger
            )
            if mechanism is None:
                continue
            found.append(
                dataclasses.replace(
                    event,
                    people=people,
                    mechanism={**mechanism, "confidence": confidence},
                    extra_sentences=list(event.extra_sentences),
                )
            )
        return found or [event]

    def next_round(self, trigger: re.Match, event: Event) -> Event:
        """ "… and looked forward to the next Dialogue in the United States in 2024": the next
        round of the mechanism just named, which the phrase does not name again."""
        if (
            event.mechanism is None
            and self.focus is not None
            and not self.made_up_for_pair(self.focus)
            and re.search(
                r"\bthe\s+next\s+(?:\w+\s+)?$",
                trigger.string[: trigger.start()] + trigger.group(0).split()[0] + " ",
            )
        ):
            event.mechanism = {**self.focus, "confidence": 0.6}
        return event

    def grouping_summit(self, trigger: re.Match, event: Event) -> bool:
        """ "after his visit to New Delhi … and the G20 summit in New Delhi in September": a
        summit of a grouping the text names by its acronym is not a meeting of the pair's
        leaders, whatever their titles."""
        acronym = re.search(
            r"\b(?P<name>G\d{1,2}|[A-Z]{3,6})\s+$", trigger.string[: trigger.start()]
        )
        return (
            trigger.group(0).lower() == "summit"
            and acronym is not None
            and acronym["name"] not in self.lexicon.country_names
            and self.made_up_for_pair(event.mechanism)
        )

    def on_sidelines(self, event: Event, events: list[Event]) -> bool:
        """A meeting "on the sidelines of the summit" just told, of other people than the
        summit's own mechanism: a round of its own, on the summit's day and in its city."""
        setting = re.search(
            r"\b(?:sidelines|margins)\s+of\s+(?:the|this)\s+(?:summit|meeting|session|forum"
            r"|conference)\b",
            event.sentence.text,
        )
        day = self.narrative_day(events) if setting is not None else None
        if (
            setting is None
            or day is None
            or event.mechanism is None
            or len(event.people) < 2
            or day.sentence.paragraph < event.sentence.paragraph - 2
            or (event.mechanism.get("name") == (day.mechanism or {}).get("name"))
        ):
            return False
        event.date = day.date
        event.inherited_date = True
        event.status = day.status
        event.extra_sentences.append(day.sentence)
        if not event.cities:
            event.cities, event.host = list(day.cities), day.host
            event.city_sentence = day.city_sentence or day.sentence
        return True

    def same_day_place(self, event: Event, events: list[Event]) -> Event:
        """An event told "on the same day" or "earlier in the day", naming no city, took place
        in the city of the day's event ("… at the Amiri Diwan"), and one told "the day before"
        or "the following day" in the same city, unless it is a visit (which is how one comes
        to a city); "the Presidents had met in talks earlier the same day" are the people of
        the day's event."""
        if event.date is None or not CARRIED_DAY.fullmatch(event.date.phrase):
            return event
        day = self.narrative_day(events)
        if day is None:
            return event
        same_day = not re.search(r"following|next|previous|before", event.date.phrase, re.I)
        if (
            same_day
            and day.people
            and not event.people
            and event.mechanism is None
            and THEY.search(event.clause)
        ):
            event.people = list(day.people)
            event.mechanism, confidence = self.mechanism_for(
                event.clause, event.sentence.text, event.people, event.trigger
            )
            if event.mechanism is not None:
                event.mechanism["confidence"] = confidence
        visit = (event.mechanism or {}).get("kind") == MechanismKind.VISITS
        if not event.cities and day.cities and (same_day or not visit):
            event.cities = list(day.cities)
            event.city_sentence = day.city_sentence or day.sentence
            event.host = event.host or day.host
        return event

    @staticmethod
    def narrative_day(events: list[Event]) -> Event | None:
        """The last event told of one day that the narrative is at (`carried_dates`)."""

        def one_day(event: Event) -> bool:
            resolved = event.date.resolved if event.date is not None else None
            return (
                resolved is not None
                and resolved.precision == "day"
                and resolved.start == resolved.end
            )

        dated = [e for e in events if one_day(e)]
        if dated:
            # A round dated long before the first one told is recalled in passing ("… Türkiye,
            # which hosted the Eighth Summit on 12 November 2021"): the narrative stays at the
            # first one's days.
            lead = dated[0].date.resolved.start  # type: ignore[union-attr]
            dated = [
                e
                for e in dated
                if e.date.resolved.start >= lead - datetime.timedelta(days=31)  # type: ignore[union-attr]
            ]
        return next(
            (
                e
                for e in reversed(dated)
                if not RECALLED.search(e.sentence.text) and e.status == RoundStatus.HELD
            ),
            next((e for e in reversed(dated) if not RECALLED.search(e.sentence.text)), None)
            or (dated[-1] if dated else None),
        )

    def dates_in(self, text: str) -> list[FoundDate]:
        """The sentence's dates of events. A date without its year that the nearest year puts
        after the publication is of the year before when the sentence tells it as past ("met
        on 3 February" in a release of September)."""
        past = PAST.search(text) and not SCHEDULED_WORDS.search(text)
        dates = []
        closed_after = CLOSED_AFTER_DAYS.search(text)
        for date in find_date_phrases(text, self.published):
            if (
                NOT_EVENT_DATE.search(text[: date.start])
                and not SINCE_PLACE.search(text[: date.start])
                and not self.founding_meeting(text[: date.start])
            ):
                continue
            if re.match(r",?\s*(?:[A-Z][\w.-]*\s+)+time\b", text[date.end : date.end + 40]):
                continue  # "On November 17 (local time; November 18, Japan time)": told again
            if (
                closed_after
                and date.resolved is not None
                and date.resolved.precision == "day"
                and date.resolved.start == date.resolved.end
                and abs(date.start - closed_after.start()) <= 60
            ):
                # "closed today … after two days of deliberations": the span of its days.
                days = DAY_COUNTS.get(closed_after["days"].lower()) or int(closed_after["days"])
                end = date.resolved.end
                start = end - datetime.timedelta(days=days - 1)
                date = dataclasses.replace(date, resolved=ResolvedDate(start, end, "day"))
            if re.fullmatch(r"\d{4}(?:\s*[-–]\s*\d{4})?", date.phrase) and re.search(
                rf"\b[{UPPER}][\w-]*\s$|\([{UPPER}][\w.&-]*\)\s$", text[: date.start]
            ):
                continue  # a year in a name: "Expo 2025 Osaka", "Vision 2030", "(AUSMIN) 2023"
            if re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", date.phrase) and re.search(
                r"\bfor\s+(?:the\s+(?:period|years)\s+)?$", text[: date.start], re.IGNORECASE
            ):
                continue  # the years a plan covers: "the Strategy for 2022-2026", not a meeting
            if re.fullmatch(r"\d{4}", date.phrase) and re.match(
                r"\s+(?:[A-Z][\w’'-]*\s+){0,3}(?:Summit|Forum|Expo|Games|Olympics|Congress)\b",
                text[date.end :],
            ):
                continue  # a year naming the event: "The 2024 Summit of the Forum …"
            resolved = date.resolved
            if (
                resolved is not None
                and self.published is not None
                and re.fullmatch(r"[Oo]n\s+[A-Z][a-z]+day", date.phrase)
                and SCHEDULED_WORDS.search(text)
                and resolved.start <= self.published
            ):
                # "They will meet on Friday": the next Friday, not the last.
                ahead = resolved.start + datetime.timedelta(days=7)
                date = dataclasses.replace(date, resolved=ResolvedDate(ahead, ahead, "day"))
                resolved = date.resolved
            if (
                past
                and resolved is not None
                and self.published is not None
                and resolved.start > self.published
                and not re.search(r"\d{4}|\byear\b", date.phrase)
            ):
                try:
                    earlier = ResolvedDate(
                        resolved.start.replace(year=resolved.start.year - 1),
                        resolved.end.replace(year=resolved.end.year - 1),
                        resolved.precision,
                    )
                except ValueError:  # 29 February
                    earlier = resolved
                date = dataclasses.replace(date, resolved=earlier)
            dates.append(date)
        dates = self.day_over_year(text, self.shared_years(text, dates))
        # "on 29 July for this year's consultations": the possessive names the round whose day
        # the sentence gives.
        possessive = [d for d in dates if re.match(r"['’]s\b", text[d.end :])]
        return [d for d in dates if d not in possessive] or dates

    @staticmethod
    def shared_years(text: str, dates: list[FoundDate]) -> list[FoundDate]:
        """ "in March and September 2019", "on 3 February and 17 September 2019": a date of a
        list without its year has the year of the list's last item."""
        found = list(dates)
        for index in range(len(found) - 2, -1, -1):
            date, after = found[index], found[index + 1]
            year = re.search(r"\b(\d{4})\b", after.phrase)
            if (
                date.resolved is None
                or after.resolved is None
                or year is None
                or re.search(r"\d{4}|\byear\b", date.phrase)
                or not re.fullmatch(r"\s*,?\s*and\s+(?:on\s+|in\s+)?", text[date.end : after.start])
            ):
                continue
            shift = int(year[1]) - date.resolved.start.year
            try:
                moved = ResolvedDate(
                    date.resolved.start.replace(year=date.resolved.start.year + shift),
                    date.resolved.end.replace(year=date.resolved.end.year + shift),
                    date.resolved.precision,
                )
            except ValueError:  # 29 February
                continue
            found[index] = dataclasses.replace(date, resolved=moved)
        return found

    @staticmethod
    def day_over_year(text: str, dates: list[FoundDate]) -> list[FoundDate]:
        """The day wins over the year: "last year … on 12 March" is 12 March of last year, and
        a year (or month) that holds a finer date of the same sentence ("this year's
        consultations … on 29 July", "in 2021 and 2022, the first … in April 2021") is that
        date told again, not an event of its own."""
        coarse = [
            d
            for d in dates
            if d.resolved is not None
            and d.resolved.precision == DatePrecision.YEAR
            and d.resolved.start.year == d.resolved.end.year
            # "Since 2015 …, its last meeting in March": a time since, not the meeting's year.
            and not re.match(r"(?:since|by|until|from|between)\b", d.phrase, re.IGNORECASE)
        ]
        if len(coarse) == 1:
            year = coarse[0].resolved.start.year  # type: ignore[union-attr]
            dates = [
                dataclasses.replace(
                    d,
                    resolved=ResolvedDate(
                        d.resolved.start.replace(year=year),
                        d.resolved.end.replace(year=year),
                        d.resolved.precision,
                    ),
                )
                if d.resolved is not None
                and d.resolved.precision in (DatePrecision.DAY, DatePrecision.MONTH)
                and d.resolved.start.year == d.resolved.end.year
                and not re.search(r"\d{4}|\byear\b", d.phrase)
                and not (d.resolved.start.month == 2 and d.resolved.start.day == 29)
                else d
                for d in dates
            ]

        def holds_finer(date: FoundDate) -> bool:
            resolved = date.resolved
            return (
                resolved is not None
                and resolved.precision in (DatePrecision.YEAR, DatePrecision.MONTH)
                and any(
                    other is not date
                    and other.resolved is not None
                    and other.resolved.precision in (DatePrecision.DAY, DatePrecision.MONTH)
                    and (other.resolved.start, other.resolved.end) != (resolved.start, resolved.end)
                    and resolved.start <= other.resolved.start <= other.resolved.end <= resolved.end
                    for other in dates
                )
            )

        return [date for date in dates if not holds_finer(date)]

    def joined(self, sentence: Sentence, dates: list[FoundDate], events: list[Event]) -> None:
        """People named in the sentence after an event as taking part in it ("I was joined by
        …", "Taking part were …") join it."""
        if dates or not events:
            return
        if not JOINED.search(sentence.text) and not listed_with_countries(
            # "The foreign ministers of the three States - A of X, B of Y and C of Z - adopted
            # …": the members of the meeting just told, listed with their countries.
            sentence.text,
            self.country_re,
            self.lexicon.country_names,
        ):
            return
        previous = events[-1]
        if LED_SIDE.search(sentence.text) or PRESENT_WERE.search(sentence.text):
            # Who led a side or attended for a country joined the event the release is about.
            previous = self.event_just_told(sentence, events) or previous
        # "In Vilnius, A and B were joined by C": the one event told of that city, however
        # far back.
        set_in = re.match(r"(?:At|In)\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?),", sentence.text)
        held_there = [
            event
            for event in events
            if set_in and any(name == set_in[1] for name, _, _ in event.cities)
        ]
        if len(held_there) == 1:
            previous = held_there[0]
        elif AMONG_ATTENDING.search(sentence.text):
            # "…were among the leaders attending": the event the release leads with.
            previous = events[0]
        else:
            # Within two sentences of the event, or of the last sentence that joined it.
            last = max(s.index for s in [previous.sentence, *previous.extra_sentences])
            if sentence.index - last > 2 or sentence.paragraph - previous.sentence.paragraph > 1:
                return
        for person in self.people_in(sentence.text):
            if all(person.name != other.name for other in previous.people):
                previous.people.append(person)
                if sentence not in previous.extra_sentences:
                    previous.extra_sentences.append(sentence)

    @staticmethod
    def event_just_told(sentence: Sentence, events: list[Event]) -> Event | None:
        """The event the sentences just before a sentence are about, not one they recall ("the
        first meeting held in person since its 14th meeting in July 2019"): the latest of
        those told in the three sentences before."""
        told = [
            event
            for event in events
            if sentence.index - event.sentence.index <= 3
            and sentence.paragraph - event.sentence.paragraph <= 1
        ]
        if not told:
            return None
        # Of two told on the same day, the one of more days (the meeting, not its opening).
        return max(
            reversed(told),
            key=lambda event: (
                (event.date.resolved.start, event.date.resolved.end)
                if event.date and event.date.resolved
                else (datetime.date.min, datetime.date.min)
            ),
        )

    def took_part_on_its_days(
        self, sentence: Sentence, dates: list[FoundDate], events: list[Event]
    ) -> None:
        """Who speaks at, addresses or takes part in an event of several days just told, on
        one of its days ("On the second day, Minister A will address the plenary"): of its
        people, whatever else the sentence tells."""
        previous = self.event_just_told(sentence, events) if events else None
        span = previous.date.resolved if previous and previous.date else None
        if previous is None or span is None or span.precision != "day" or span.start == span.end:
            return
        if (previous.mechanism or {}).get("kind") == MechanismKind.VISITS or VISIT_WORD.search(
            previous.trigger
        ):
            # What a visitor attends on the days of a visit is not the visit's ("the inauguration
            # of A"): its people are the visitor and the host.
            return
        days = [found.resolved.start for found in dates if found.resolved is not None]
        carried = CARRIED_DAY.search(sentence.text)
        if not dates and carried and self.day_within and self.day_within[0] is previous:
            # "On the following day, …" after a sentence told on one of its days.
            offset = 1 if carried["next"] else -1 if carried["before"] or carried["before2"] else 0
            days = [self.day_within[1] + datetime.timedelta(days=offset)]
        if not days or len(days) != max(len(dates), 1):
            return
        if not all(span.start <= day <= span.end for day in days):
            return
        self.day_within = (previous, days[-1])
        if not TAKES_PART.search(sentence.text):
            return
        for person in self.not_honoured(sentence.text, self.people_in(sentence.text)):
            if all(person.name != other.name for other in previous.people):
                previous.people.append(person)
                if sentence not in previous.extra_sentences:
                    previous.extra_sentences.append(sentence)

    def chaired_by(self, sentence: Sentence, events: list[Event]) -> None:
        """ "The meeting was co-chaired by A and B", "The Indian delegation was led by A", "B
        led the Chinese side", the sentence after the event: the heads join it, whatever else
        the sentence tells."""
        text = sentence.text
        chaired = CHAIRED_BY.match(text) or DELEGATION_LED_BY_NAMED.search(text)
        led = LED_SIDE.search(text)
        opened = OPENED_IT.search(text)
        if not (chaired or led or opened) or not events:
            return
        previous = self.event_just_told(sentence, events)
        if previous is None:
            return
        span = previous.date.resolved if previous.date else None
        if not CHAIRED_BY.match(text) and any(
            span is None
            or found.resolved is None
            or not (span.start <= found.resolved.start <= span.end)
            for found in self.dates_in(text)
        ):
            # A sentence with a date of its own, not the event's, tells its own event ("… held
            # in Washington on 30 January 2018, when A co-chaired the opening session with B").
            return
        if chaired:
            heads = text[chaired.end() :]
            if led and led.start() < chaired.start():
                # "A led the Bangladeshi delegation, while the Indian side was led by B": the
                # head named before the first delegation is a head as well.
                heads = text[: led.start()] + "; " + heads
        elif led:
            heads = text[: led.start()]
        else:
            # "A, …, opened the Conference together with B": whoever the sentence names, but
            # whom it was opened on behalf of.
            heads = text
        for person in self.not_honoured(text, self.people_in(heads)):
            if all(person.name != other.name for other in previous.people):
                previous.people.append(person)
                if sentence not in previous.extra_sentences:
                    previous.extra_sentences.append(sentence)

    def another_such(
        self, sentence: Sentence, dates: list[FoundDate], events: list[Event]
    ) -> list[Event]:
        """ "On July 17-19, … for another such group": a dated event of the same kind as the
        one told just before, in a sentence with no event word of its own."""
        anaphora = ANOTHER_SUCH.search(sentence.text)
        if anaphora is None or not events or not dates:
            return []
        previous = events[-1]
        if previous.sentence.paragraph != sentence.paragraph:
            return []
        date = min(dates, key=lambda d: abs(d.start - anaphora.start()))
        event = self.event(sentence, anaphora, sentence.text, date)
        event.mechanism = previous.mechanism
        event.number = None
        event.extra_sentences.append(previous.sentence)
        return [event]

    def attended_forums(
        self, sentence: Sentence, dates: list[FoundDate], new: list[Event]
    ) -> list[Event]:
        """A named forum someone attends in the course of a dated visit or talks ("paid an
        official visit to X to attend the Y Forum and to Z for talks"): a round of that forum,
        within the visit's days, with the people named before it and the city nearest it."""
        found = []
        text = sentence.text
        for match in ATTENDED_FORUM.finditer(text):
            if not dates or any(
                match["forum"].endswith((event.mechanism or {}).get("name", "\0")) for event in new
            ):
                continue
            date = min(
                dates, key=lambda d: min(abs(d.start - match.end()), abs(match.start() - d.end))
            )
            event = self.event(sentence, match, text[: match.end()], date)
            if (event.mechanism or {}).get("kind") != MechanismKind.FORUM:
                continue
            event.within = True
            event.people = [
                p for p in self.people_in(text) if p.end <= match.start()
            ] or self.referred_people(sentence, text[: match.start()])
            # Its city: the one the visit went to just before ("a visit to X to attend the
            # Forum") or the one it is "in" ("the Forum in X").
            cities = [
                c
                for c in self.cities_in(text)
                if c[3] < match.start()
                or re.fullmatch(r"\s+(?:in|at)\s+", text[match.end() : c[3]])
            ]
            if cities:
                nearest = min(
                    cities, key=lambda c: min(abs(c[3] - match.start()), abs(c[3] - match.end()))
                )
                event.cities = [nearest[:3]]
                event.host = self.host(text[: match.end()], event)
            found.append(event)
        return found

    def ministers_visits(
        self,
        sentence: Sentence,
        dates: list[FoundDate],
        triggers: list[re.Match],
        pairs: list[tuple[FoundDate, re.Match]],
    ) -> list[Event]:
        """Ministers visiting over a span of days to attend talks dated on their own ("On July
        30–August 1, the Foreign and Defence Ministers will visit X to attend … on July 31"):
        the visit is a round of the pair's ministers' visits, the talks another round."""
        found = []
        text = sentence.text
        used = [date for date, _ in pairs]
        for date in dates:
            resolved = date.resolved
            if (
                date in used
                or resolved is None
                or resolved.precision != "day"
                or resolved.start == resolved.end
            ):
                continue
            visit = next(
                (
                    t
                    for t in triggers
                    if t["word"].lower().startswith("visit")
                    and min(abs(t.start() - date.end), abs(date.start - t.end())) <= 140
                ),
                None,
            )
            if visit is None:
                continue
            attend = re.compile(r"\s+(?:to\s+attend|to\s+take\s+part|for\s+talks)\b").search(
                text, visit.end()
            )
            clause = text[: attend.start()] if attend else text
            visitors = self.people_in(clause)
            if not visitors or not all(
                re.search(r"\bMinister\b", p.role)
                and not p.role.startswith(HEAD_TITLES)
                and not PARLIAMENT.search(p.role)
                for p in visitors
            ):
                continue
            event = self.event(sentence, visit, clause, date)
            event.people = visitors
            event.mechanism = {
                **self.match_known(
                    {
                        "name": f"{self.pair_label()} ministers' visits",
                        "kind": MechanismKind.VISITS,
                        "level": MechanismLevel.MINISTERIAL,
                    }
                ),
                "confidence": 0.5,
            }
            event.number = None
            found.append(event)
        return found

    def separate_meetings(self, sentence: Sentence, events: list[Event]) -> list[Event]:
        """ "Along with that, Foreign Minister A and Defence Minister B will meet with their
        Japanese counterparts separately": a meeting of each minister with the other side's
        holder of the same office, within the days of the visit just told."""
        text = sentence.text
        if not SEPARATELY.search(text) or not events:
            return []
        future = bool(SCHEDULED_WORDS.search(text))
        recent = [
            e
            for e in events
            if e.sentence.paragraph >= sentence.paragraph - 1
            and e.date is not None
            and e.date.resolved is not None
            and (e.status == RoundStatus.SCHEDULED) == future
        ]
        occasion = next(
            (e for e in reversed(recent) if e.trigger.lower().startswith("visit")),
            recent[-1] if recent else None,
        )
        if occasion is None:
            return []
        found = []
        counterparts_at = text.find("counterpart")
        for mention in self.people_in(text[:counterparts_at]):
            office = re.sub(r"^(?:First\s+)?", "", mention.role)
            if not re.search(r"\bMinister\b", office) or office.startswith(HEAD_TITLES):
                continue
            other_side = self.other_side(mention.country)
            counterpart = next(
                (
                    name
                    for name, person in self.people.items()
                    if person["country"] == other_side
                    and person.get("role", "").lower() == office.lower()
                ),
                None,
            )
            if counterpart is None:
                continue
            other = self.people[counterpart]
            people = [
                mention,
                PersonMention(counterpart, other["role"], 0, 0, other["country"]),
            ]
            event = Event(sentence, "meet", text.find("meet"), office, occasion.date, people=people)
            mechanism, confidence = self.mechanism_for(office, text, people, "meetings")
            if mechanism is None or confidence < 0.6:
                portfolio = re.sub(r"\s*Minister\b.*", "", office).strip().lower()
                mechanism = self.match_known(
                    {
                        "name": f"{self.pair_label()} {portfolio} ministers' meetings",
                        "kind": MechanismKind.CONSULTATIONS,
                        "level": MechanismLevel.MINISTERIAL,
                    }
                )
                confidence = 0.5
            event.mechanism = {**mechanism, "confidence": confidence}
            event.status = occasion.status
            event.inherited_date = True
            event.extra_sentences.append(occasion.sentence)
            found.append(event)
        return found

    def merge_within(self, events: list[Event]) -> list[Event]:
        """An event dated only "within" a visit's days and an event of the same mechanism dated
        to a day of them are one: the dated one stays, with the other's people."""
        kept = []
        for event in events:
            resolved = event.date.resolved if event.date else None
            if (event.inherited_date or event.within) and resolved is not None:
                same = next(
                    (
                        other
                        for other in events
                        if other is not event
                        and not (other.inherited_date or other.within)
                        and other.date is not None
                        and other.date.resolved is not None
                        and other.date.resolved.precision == "day"
                        and resolved.start <= other.date.resolved.start
                        and other.date.resolved.end <= resolved.end
                        and (other.mechanism or {}).get("name")
                        == (event.mechanism or {}).get("name")
                    ),
                    None,
                )
                if same is not None:
                    for person in event.people:
                        if all(person.name != p.name for p in same.people):
                            same.people.append(person)
                    continue
            kept.append(event)
        return kept

    def merge_told_twice(self, events: list[Event]) -> list[Event]:
        """One round told by two dates: "today, 6 April 2021"; "today closed the Summit, held
        from 22 to 24 August"; "The 2024 Summit … was held from September 4 to 6"; its opening
        ceremony on one of its days. Of two events of the same mechanism whose days one holds
        the other's, one stays: a span of days over a day within it, a day or a span of days
        over a month or a year that holds it; the other's people join it."""

        def span(event: Event) -> ResolvedDate | None:
            return event.date.resolved if event.date is not None else None

        def told_by(event: Event, other: Event) -> bool:
            """Whether `event` is dropped for `other`, the same round told better."""
            mine, theirs = span(event), span(other)
            if mine is None or theirs is None or event.mechanism is None:
                return False
            if event.mechanism.get("name") != (other.mechanism or {}).get("name"):
                return False
            if (
                event.people
                and other.people
                and not {p.name for p in event.people} & {p.name for p in other.people}
            ):
                return False  # other people's: "the visit of A later this year" and B's tomorrow
            if (mine.start, mine.end) == (theirs.start, theirs.end):
                # The headline's round, told again by the text: the text's telling stays.
                headline = event.sentence.paragraph == 0 and other.sentence.paragraph > 0
                return headline or (
                    event.sentence is other.sentence and events.index(other) < events.index(event)
                )
            if mine.precision != "day":  # a month or a year holding the day(s) told
                return (
                    theirs.precision == "day"
                    and mine.start <= theirs.start <= theirs.end <= mine.end
                )
            # A day within a span of days: told in the same sentence, or as the opening or
            # closing (ceremony, session) of the round (talks within a visit are a round).
            return (
                theirs.precision == "day"
                and theirs.start <= mine.start <= mine.end <= theirs.end
                and (event.sentence is other.sentence or bool(OPENING.search(event.sentence.text)))
            )

        kept: list[Event] = []
        for event in events:
            keeper = next(
                (other for other in events if other is not event and told_by(event, other)), None
            )
            if keeper is None:
                kept.append(event)
                continue
            # What the dropped telling says and the kept one lacks, cited from its sentence.
            elsewhere = None if event.sentence is keeper.sentence else event.sentence
            if keeper.number is None and event.number is not None:
                keeper.number = event.number
                keeper.number_sentence = event.number_sentence or elsewhere
            if not keeper.cities and event.cities:
                keeper.cities, keeper.host = event.cities, keeper.host or event.host
                keeper.city_sentence = event.city_sentence or elsewhere
            for person in event.people:
                if all(person.name != p.name for p in keeper.people):
                    keeper.people.append(person)
        return kept

    def assign(
        self, dates: list[FoundDate], triggers: list[re.Match]
    ) -> list[tuple[FoundDate, re.Match]]:
        """Each date with its nearest trigger, each used once (a visit made "to attend" a
        meeting is that meeting)."""
        attend = [
            t
            for t in triggers
            if (
                attending := re.search(
                    r"\bto\s+(?:attend|take\s+part\s+in|participate\s+in)\s+[^,;]*$",
                    t.string[: t.start()],
                )
            )
            and t["word"].lower() not in ("forum", "festival")
            # "to attend the X Forum and to Y for talks": the talks are not what is attended.
            and not any(
                attending.start() <= f.start() and f.end() <= t.start()
                for f in ATTENDED_FORUM.finditer(t.string)
            )
        ]
        # "agreed to meet again on the occasion of the G7 Hiroshima Summit later this month": the
        # summit is the setting of the meeting the date is for.
        setting = re.compile(
            r"\b(?:margins|sidelines|eve|occasion|run-up|side)\s+of\s+(?:the\s+)?"
            r"(?:[A-Z0-9][\w'’-]*\s+){0,5}$"
        )
        in_setting = [t for t in triggers if setting.search(t.string[: t.start()])]
        if len(in_setting) < len(triggers):
            triggers = [t for t in triggers if t not in in_setting]
        usable = [
            t
            for t in triggers
            if not (
                VISIT_WORD.match(t["word"].lower()) and attend and t.start() < attend[0].start()
            )
            and not (
                t["word"].lower() in ("round", "rounds")
                and re.match(
                    r"\s+of\b[^,;.]{0,80}?\b(?:consultations|talks|dialogue|meeting|session)",
                    t.string[t.end() :],
                )
            )
        ]
        # A forum attended during a visit or talks ("paid a visit to X to attend the Y Forum and
        # to Z for talks") is an event within their days, not the one the date is for, unless
        # nothing else in the sentence can take the date.
        forums = list(ATTENDED_FORUM.finditer(triggers[0].string)) if triggers else []
        attended = [t for t in usable if any(m.start() <= t.start() < m.end() for m in forums)]
        others = [t for t in usable if t not in attended]
        # "met on 3 May, ahead of the G20 Osaka Summit": the summit is the meeting's setting,
        # not an event the date is for, unless nothing else can take it.
        settings = [
            t
            for t in others
            if re.search(
                r"\b(?:margins|sidelines|eve|run-up|ahead)\s+of\s+(?:the\s+)?(?:[\w’'.+-]+\s+){0,6}$",
                t.string[: t.start()],
                re.IGNORECASE,
            )
        ]
        return (
            self.pair_up(dates, [t for t in others if t not in settings])
            or self.pair_up(dates, others)
            or self.pair_up(dates, usable)
        )

    @staticmethod
    def pair_up(dates: list[FoundDate], usable: list[re.Match]) -> list[tuple[FoundDate, re.Match]]:

        def next_item(date: FoundDate, trigger: re.Match) -> bool:
            """ "the State Visit … in June 2023 and the visit of … in September 2023": the date
            closes the item it ends, not the next item of the list."""
            return (
                date.end <= trigger.start()
                and bool(
                    re.fullmatch(
                        r"\s*,?\s*and\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+){0,2}",
                        trigger.string[date.end : trigger.start()],
                    )
                )
                and any(other.end() <= date.start for other in usable)
            )

        distances = sorted(
            (next_item(d, t), min(abs(t.start() - d.end), abs(d.start - t.end())), i, j)
            for i, d in enumerate(dates)
            for j, t in enumerate(usable)
        )
        used_dates: set[int] = set()
        used_triggers: set[int] = set()
        pairs = []
        for _, distance, i, j in distances:
            if distance > 140 or i in used_dates or j in used_triggers:
                continue
            text, date, trigger = usable[j].string, dates[i], usable[j]
            if ";" in text[min(date.end, trigger.end()) : max(date.start, trigger.start())]:
                continue  # "… launched in 2009; its first round was held on July 27-28"
            used_dates.add(i)
            used_triggers.add(j)
            pairs.append((dates[i], usable[j]))
        if not pairs and len(dates) == 1 and len(usable) == 1:
            # "The meeting of the Council of …, chaired by …, was held in Samarkand on
            # September 15-16": one event word and one date, however far apart.
            text, date, trigger = usable[0].string, dates[0], usable[0]
            if ";" not in text[min(date.end, trigger.end()) : max(date.start, trigger.start())]:
                pairs.append((date, trigger))
        if not pairs and len(dates) == 1 and dates[0].start <= 3 and usable:
            # "Today, A welcomed B and C … for a trilateral summit": a date opening the
            # sentence dates its event, however far its word.
            text = usable[0].string
            if ";" not in text[: usable[0].start()]:
                pairs.append((dates[0], usable[0]))
        return sorted(pairs, key=lambda pair: pair[0].start)

    def clause(self, text: str, dates: list[FoundDate], date: FoundDate) -> str:
        ordered = sorted(dates, key=lambda d: d.start)
        index = ordered.index(date)
        begin = 0 if index == 0 else date.start
        end = ordered[index + 1].start if index + 1 < len(ordered) else len(text)
        return text[begin:end]

    def event(
        self, sentence: Sentence, trigger: re.Match, clause: str, date: FoundDate | None
    ) -> Event:
        text = sentence.text
        date = self.visit_days(trigger, date)
        people = self.event_people(sentence, trigger, clause)
        people = self.with_author(people, clause)
        event = Event(sentence, trigger.group(0), trigger.start(), clause, date, people=people)
        # The trigger's own noun phrase first ("the annual summit meeting between …"), so a
        # mechanism named elsewhere in the clause ("set up the 2+2 at …") is not taken for it.
        window = clause
        if trigger.string == text and trigger.group(0) != clause:
            start = max(0, trigger.start() - 45)
            lead = text[start : trigger.start()]
            determiner = max(lead.rfind(" the "), lead.rfind(" a "), lead.rfind(" an "))
            begin = start + determiner + 1 if determiner >= 0 else start
            # "to attend the X Forum": the verb says it is attended, so it stays in the window.
            attended = next(
                (m for m in ATTENDED_FORUM.finditer(text) if m.start() < begin < m.end()), None
            )
            # A body's name the 45 characters cut into is read whole.
            named_across = next(
                (m for m in NAMED_BODY.finditer(text) if m.start() < begin < m.end()), None
            )
            begin = named_across.start() if named_across else begin
            # "held their annual summit in New Delhi in March 2022 and met again in Tokyo": a
            # list item's window begins after the date that closes the item before.
            told_before = find_date_phrases(text[begin : trigger.start()], self.published)
            if told_before and re.match(r"\s*,?\s*and\b", text[begin + told_before[-1].end :]):
                begin += told_before[-1].end
            window = text[attended.start() if attended else begin :]
        # A forum attended on the way is an event of its own (`attended_forums`), not the
        # mechanism of the visit or talks the trigger is about.
        if not any(
            m.start() <= trigger.start() < m.end() for m in ATTENDED_FORUM.finditer(trigger.string)
        ):
            window, named = ATTENDED_FORUM.sub("", window), ATTENDED_FORUM.sub("", clause)
        else:
            named = clause
        event.mechanism, confidence = self.mechanism_for(window, text, people, trigger.group(0))
        if event.mechanism is None or "id" not in event.mechanism:
            leaders = event.mechanism
            event.mechanism, confidence = self.state_visit(
                trigger, people, event.mechanism, confidence, date
            )
            if event.mechanism is not leaders and leaders is not None:
                event.talks_mechanism = leaders
        # A body the clause names beats one guessed from the people's titles ("welcomed
        # Chancellor B … for a Franco-German Council of Ministers marking … the signing").
        if window != named and (
            confidence < 0.6
            or (confidence == 0.6 and not self.named_body(window) and self.named_body(named))
        ):
            event.mechanism, confidence = self.mechanism_for(named, text, people, trigger.group(0))
        if self.visit_in_clause(trigger, date):
            leaders = event.mechanism
            event.mechanism, confidence = self.high_level_visit(
                trigger, people, event.mechanism, confidence, date
            )
            if event.mechanism is not leaders and leaders is not None:
                event.talks_mechanism = leaders
        if event.mechanism is not None:
            event.mechanism["confidence"] = confidence
            self.focus = event.mechanism
            self.named.append(event.mechanism)
        event.number = self.ordinal(clause)
        if "body_number" in trigger.re.groupindex and trigger["body_number"]:
            # "TICAD 7", "TICAD VI": the round's number is the acronym's.
            number = trigger["body_number"]
            event.number = int(number) if number.isdigit() else bodies.roman(number)
        cities = self.cities_in(clause) or self.cities_in(text)
        if cities:
            talks = re.search(r"\bfor\s+talks\b", text)
            if talks:
                cities.sort(key=lambda c: abs(c[3] - talks.start()))
            event.cities = [(name, city, slug) for name, city, slug, _ in cities]
        if not event.cities:
            event.cities = self.venue_cities(clause, trigger)
        if VIDEO.search(clause):
            # "held by video conference on 29 September": met nowhere in particular.
            event.cities = []
        if self.visit_to_country(event):
            # "the State Visit … to Kenya from 31 October to 3 November": a visit of days to a
            # country, not to the city where it began.
            event.cities = []
        if self.tour(trigger, cities):
            # "his visit to New Delhi and Bengaluru": a visit of two cities has no one city.
            event.cities = []
        event.host = self.host(clause, event)
        event.status = self.status(clause, date)
        if date is not None and SINCE_PLACE.search(text[: date.start]):
            # "The meeting, the first since London in April 2018, had been postponed": what the
            # clause says is of this round; the one recalled was held.
            event.status = RoundStatus.HELD
        return event

    def event_people(
        self, sentence: Sentence, trigger: re.Match, clause: str
    ) -> list[PersonMention]:
        """Who took part in the event a trigger tells: the people of its own clause, from the
        trigger on when its date comes later ("the State Visit that the King … is paying …
        from 31 October"); the visitor of "B, who is on a visit"; those "their meeting" or
        "his visit" refer to."""
        text = sentence.text
        before = text[: trigger.start()] if trigger.string == text else ""
        begin = text.find(clause)
        owner = REFERRING_OWNER.search(before)
        if owner and owner.start() >= begin >= 0 and not self.people_in(before):
            # "At their meeting in X, …", "after his visit to X", no one named before it in
            # the sentence: whom the possessive refers to, named before.
            referred = self.referred_people(sentence, before[-40:] + trigger.group(0))
            if referred:
                return referred
        scope = clause
        if clause == text:
            scope = own_clause(text, trigger.start())
        elif trigger.string == text and 0 <= trigger.start() < begin:
            scope = text[trigger.start() : begin + len(clause)]
            scope = own_clause(scope, 0)
        elif trigger.string == text and begin >= 0:
            scope = own_clause(clause, max(0, trigger.start() - begin))
        told = [m for m in VISITOR_OF.finditer(trigger.string) if m.start() <= trigger.start()]
        if told and trigger.group(0).lower().startswith("visit"):
            # "the visit of the Commissioner General … to Takeshima", "… and that the visit
            # was unacceptable": its visitor alone, whom the words between name (no one, if
            # they name an office, not a person).
            return [*self.people_in(told[-1]["who"]), *self.met_by_visitor(told[-1])]
        if VISITOR_BEFORE.search(before) and not TRIGGER.search(text, trigger.end()):
            # "B, Foreign Minister of X, who is on a visit to India": B alone is the visitor.
            named = [p for p in self.people_in(before) if p.end <= trigger.start()]
            if named:
                return named[-1:]
        found = (
            self.people_in(scope)
            or (self.people_in(text) if clause == text else [])
            or self.referred_people(sentence, clause)
        )
        subject = before[begin:] if begin >= 0 else ""
        if found and SUBJECT_PRONOUN.search(subject) and not self.people_in(subject):
            # "he joined his counterparts at a meeting chaired by A": whom "he" refers to takes
            # part too, not A alone.
            referred = self.referred_people(sentence, subject)
            found = [*referred, *(p for p in found if p.name not in {r.name for r in referred})]

        # Whom an event honours, or who is represented at it, does not take part in it: "the
        # state funeral of former Prime Minister A", "on behalf of His Majesty King B".
        return self.not_honoured(text, found)

    def met_by_visitor(self, told: re.Match) -> list[PersonMention]:
        """Whom the visitor of "the visit of A to X" met there, as the rest of the sentence
        tells it: "…, when he and Prime Minister B signed", "… and met President B"."""
        rest = told.string[told.end() :].split(".")[0].split(";")[0]
        found = []
        for mention in self.people_in(rest):
            between = rest[: mention.start]
            if MET_BY_VISITOR.search(between) and not self.people_in(between):
                found.append(mention)
        return found[:1]

    def not_honoured(self, text: str, found: list[PersonMention]) -> list[PersonMention]:
        """The people of a sentence but whom it honours or who is represented ("the state
        funeral of former Prime Minister A", "on behalf of His Majesty King B")."""
        honoured = {
            person.name
            for person in found
            if (
                starts := [
                    m.start()
                    for m in self.forms_re.finditer(text)
                    if self.forms.get(m.group(0)) == person.name
                ]
            )
            and all(HONOURED.search(text, max(0, at - 80), at) for at in starts)
        }
        return [person for person in found if person.name not in honoured]

    def state_visit(
        self,
        trigger: re.Match,
        people: list[PersonMention],
        mechanism: dict[str, Any] | None,
        confidence: float,
        date: FoundDate | None = None,
    ) -> tuple[dict[str, Any] | None, float]:
        """A state visit told as the event is a round of the pair's state visits, not of their
        leaders' meetings: "paid a state visit to France on 6 and 7 May", "is on a State Visit
        to India from 24 to 26 January". A visit told in a relative clause ("Tokayev, who is on
        a state visit, … held the first meeting of the Council") is the setting of the event
        the main clause tells, which keeps its mechanism (`visit_in_clause`). Any other visit
        the text names no mechanism for is a round of the pair's high-level visits
        (`high_level_visit`)."""
        before = trigger.string[: trigger.start()]
        qualifier = STATE_VISIT.search(before)
        if (
            qualifier is None
            or (mechanism or {}).get("kind", MechanismKind.VISITS)
            not in (MechanismKind.SUMMIT, MechanismKind.VISITS)
            or len(self.pair) < 2
            or not self.visit_in_clause(trigger, date)
        ):
            return mechanism, confidence
        proposal = {
            "name": f"{self.pair_label()} state visits",
            "kind": MechanismKind.VISITS,
            "level": MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT,
        }
        return self.match_known(proposal), max(confidence, 0.6)

    @staticmethod
    def visit_days(trigger: re.Match, date: FoundDate | None) -> FoundDate | None:
        """A visit of a number of days dated by its first ("arrived the previous afternoon for
        a three-day visit"): the span of its days."""
        resolved = date.resolved if date is not None else None
        length = VISIT_LENGTH.search(trigger.string[max(0, trigger.start() - 40) : trigger.start()])
        if (
            date is None
            or resolved is None
            or length is None
            or not trigger.group(0).lower().startswith("visit")
            or resolved.precision != "day"
            or resolved.start != resolved.end
        ):
            return date
        days = DAY_COUNTS.get(length["days"].lower()) or int(length["days"])
        end = resolved.start + datetime.timedelta(days=days - 1)
        return dataclasses.replace(date, resolved=ResolvedDate(resolved.start, end, "day"))

    @staticmethod
    def visit_in_clause(trigger: re.Match, date: FoundDate | None) -> bool:
        """Whether a visit word tells the event, not its setting: a visit in a relative clause
        ("Tokayev, who is on a state visit, … held the first meeting") is the setting of the
        main clause's event, unless the clause dates the visit itself ("…, who is on a visit to
        India from 18 to 20 June")."""
        if not VISIT_WORD.match(trigger.group(0).lower()):
            return False
        before = trigger.string[: trigger.start()]
        clause_start = max(before.rfind(","), before.rfind(";")) + 1
        return not re.search(r"\bwho\b", before[clause_start:]) or (
            date is not None
            and 0 <= date.start - trigger.end() <= 60
            and not re.search(r"[,;]", trigger.string[trigger.end() : date.start])
        )

    def made_up_for_pair(self, mechanism: dict[str, Any] | None) -> bool:
        """Whether a mechanism is one the reader made up for the pair from the people's titles
        (their leaders' or ministers' meetings), not one the text or the registry names."""
        return (
            mechanism is not None
            and "id" not in mechanism
            and not mechanism.get("countries")
            and mechanism.get("name", "").startswith(self.pair_label())
            and bool(re.search(r"(?:leaders|ministers)['’] meetings$", mechanism.get("name", "")))
        )

    @staticmethod
    def made_up_for_people(mechanism: dict[str, Any] | None) -> bool:
        """Whether a mechanism is one the reader made up for the people of an event, of the
        pair or of two others (their leaders' or ministers' meetings)."""
        return (
            mechanism is not None
            and "id" not in mechanism
            and bool(re.search(r"(?:leaders|ministers)['’] meetings$", mechanism.get("name", "")))
        )

    def high_level_visit(
        self,
        trigger: re.Match,
        people: list[PersonMention],
        mechanism: dict[str, Any] | None,
        confidence: float,
        date: FoundDate | None,
    ) -> tuple[dict[str, Any] | None, float]:
        """A minister's visit told as the event ("who is on a visit to India from 18 to 20
        June"), or a leader's visit of more than a day ("after his visit to New Delhi in
        February 2023"), is a round of the pair's high-level visits, not of the meetings their
        titles would suggest: the talks held during it are rounds of their own. A leader's
        visit on one day, a working visit, or a visit something took place "during", is their
        meeting; a visit "for" or "to attend" something is that thing's round (`assign`,
        `attended_forums`)."""
        text = trigger.string
        if (
            not (mechanism is None or self.made_up_for_pair(mechanism))
            # "after his visit to New Delhi": someone's visit, whom the text named before.
            or not (
                people or re.search(r"\b(?:his|her)\s+(?:[\w-]+\s+)?$", text[: trigger.start()])
            )
            or len(self.pair) < 2
            or re.search(r"\bworking\s+$", text[: trigger.start()], re.IGNORECASE)
            # "an agreement reached during Putin's official visit to Japan", "meeting twice,
            # including during Lavrov's visit": the visit is where the meeting took place.
            or re.search(r"\bduring\s+(?:[\w’'.-]+\s+){0,6}$", text[: trigger.start()])
            or re.match(
                r"(?:\s+(?:of|by)\s+[^,;]{0,60}?|\s+(?:to\s+)?(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?"
                # "is in Munich from February 17 for the Conference": its days between.
                r"(?:\s+(?:on|from|since)\s+[^,;]{1,25}?)?"
                r"\s+(?:to\s+attend|to\s+take\s+part|for\s+(?:the|an?)\s)",
                text[trigger.end() : trigger.end() + 120],
            )
            # "Abe's visit to Russia, expected in late January, when the leaders will hold
            # talks", "visited Moscow on 5 May and held talks with …": the visit told as the
            # setting of the talks is those talks.
            or (
                not RECEPTION.search(trigger.string)
                and re.search(
                    r"\b(?:when|where|during\s+which)\b[^.;]*\b(?:talks|meet|met|summit)\b"
                    r"|\band\s+(?:held|had)\s+(?:\w+\s+)?talks\b|\band\s+met\b",
                    text[trigger.end() :],
                )
            )
            # "will be received by President Xi … for official talks": received for the talks,
            # which are the round.
            or (
                bool(RECEPTION.match(text, trigger.start()))
                and bool(
                    re.match(r"[^.;]{0,100}?\bfor\s+(?:\w+\s+)?talks\b", text[trigger.end() :])
                )
            )
        ):
            return mechanism, confidence
        heads = any(p.role.startswith(HEAD_TITLES) for p in people)
        resolved = date.resolved if date else None
        if (
            heads
            and not RECEPTION.search(trigger.string)
            and (
                resolved is None or (resolved.precision == "day" and resolved.start == resolved.end)
            )
        ):
            return mechanism, confidence
        proposal = {
            "name": f"{self.pair_label()} high-level visits",
            "kind": MechanismKind.VISITS,
            "level": MechanismLevel.HEAD_OF_STATE_OR_GOVERNMENT
            if heads
            else MechanismLevel.MINISTERIAL,
        }
        return self.match_known(proposal), max(min(confidence, 0.6), 0.5)

    def ordinal(self, clause: str) -> int | None:
        # "the 32nd AUSMIN": an acronym the text gave a body is the body.
        acronyms = "".join(f"|{re.escape(body.acronym)}" for body in self.bodies if body.acronym)
        for match in ORDINAL.finditer(clause):
            after = clause[match.end() : match.end() + 80]
            if match["ordinal"].lower() == "first" and re.search(
                r"\bsince\b|\bin\s+(?:almost\s+|nearly\s+|over\s+|more\s+than\s+)?(?:a|an|\w+)\s+"
                r"(?:decades?|years?)\b",
                after,
            ):
                # "the first summit held in person since the 11th", "the first meeting of the
                # region's presidents in almost a decade": a count of time, not its number.
                continue
            if re.search(
                r"\b(?:meeting|summit|session|round)s?,\s+(?:the\s+)?$", clause[: match.start()]
            ) and re.match(r",", after):
                # "The Forum's previous leaders' meeting, the 51st, was held …": in apposition.
                digits = match["digits"]
                return int(digits) if digits else ORDINAL_WORDS[match["ordinal"].lower()]
            if re.match(
                r"\s+(?:time\b|(?:[\w-]+\s+)?(?:stand-alone|in-person|face-to-face|official"
                r"|ever)\b)",
                after,
                re.IGNORECASE,
            ):
                continue  # "met for the first time", "the first stand-alone summit": a count of
                # a kind of meeting, not the mechanism's number
            if re.match(
                r"\s+(?:day|morning|afternoon|evening|night|week|half|part|leg)\s+of\b",
                after,
                re.IGNORECASE,
            ):
                continue  # "on the first day of the Summit": a part of a round, not its number
            if re.match(
                # Through a name's en dash and an organiser's acronym in brackets: "the second
                # Australia–India 2+2 …", "the 20th … (IISS) Shangri-La Dialogue".
                r",?\s+(?:[\w’'+:()–-]+\s+){0,8}?(?:round|meeting|session|summit|Forum|Festival|Expo|Exhibition"
                r"|Fair|Commission|Council|consultations|dialogue|annual|Conference|Committee"
                rf"|Assembly|Working\s+(?:Group|Mechanism){acronyms})",
                after,
                re.IGNORECASE,
            ):
                digits = match["digits"]
                return int(digits) if digits else ORDINAL_WORDS[match["ordinal"].lower()]
        return None

    def host(self, clause: str, event: Event) -> str | None:
        for _name, city, slug in event.cities:
            code = (
                city.country
                if city
                else next((c for n, (s, c) in self.lexicon.places.items() if s == slug), None)
            )
            if code in self.pair:
                return code
        visit = re.search(
            r"\bvisit(?:ed|s)?\s+(?:to\s+)?(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)", clause
        )
        if visit and visit[1] in self.lexicon.country_names:
            code = self.lexicon.country_names[visit[1]]
            return code if code in self.pair else None
        hosted = re.search(r"\b([A-Z][\w ]+?)\s+hosted\b", clause)
        if hosted and hosted[1] in self.lexicon.country_names:
            return self.lexicon.country_names[hosted[1]]
        return None

    def rounds_during_visit(self, sentence: Sentence, events: list[Event]) -> list[Event]:
        """ "During the visit, the ministers will co-chair the 14th meeting of the Joint
        Commission and the 3rd Strategic Dialogue": each numbered round of a body the sentence
        names takes place within the days of the visit just told."""
        text = sentence.text
        if not DURING_VISIT.match(text):
            return []
        visit = next(
            (
                e
                for e in reversed(events)
                if e.trigger.lower().startswith("visit")
                and e.date is not None
                and e.date.resolved is not None
            ),
            None,
        )
        if visit is None:
            return []
        found = []
        # One item of a list of rounds: "the 14th meeting of X", "and the 3rd Y".
        for item in re.finditer(
            rf"\bthe\s+{ORDINAL.pattern}[^,;.]*?(?=\s+and\s+the\b|[,;.]|$)", text, re.IGNORECASE
        ):
            event = self.event(sentence, item, item.group(0), visit.date)
            if (
                event.mechanism is None
                or event.number is None
                or not self.named_body(item.group(0))
            ):
                continue
            event.within = True
            event.status = visit.status
            people = self.people_in(text) or self.referred_people(sentence, text)
            event.people = people + [
                p for p in visit.people if all(p.name != other.name for other in people)
            ]
            event.extra_sentences.append(visit.sentence)
            found.append(event)
        return found

    def themed_years(self) -> list[Event]:
        """Each year of a programme of themed years a country holds with a partner country:
        one named ("the Qatar-USA 2021 Year of Culture", "2024 will be the Qatar-Morocco Year
        of Culture"), and, once the programme is named, the partners listed with their years
        ("opened with Japan in 2012, followed by the United Kingdom in 2013")."""
        found: dict[tuple[str, int], Event] = {}
        host: str | None = None
        theme: str | None = None
        for sentence in self.sentences:
            text = sentence.text
            for match in THEMED_YEAR.finditer(text):
                first, second = self.country_of(match["first"]), self.country_of(match["second"])
                if not (first and second) or first == second:
                    continue
                host = re.sub(r"^(?:The|the)\s+", "", match["first"])
                theme = match["theme"]
                # Its years before the name: "2024 will be the …", "declared 2016 and 2017 the
                # … Years of Tourism" (one programme over both).
                before = re.search(
                    r"\b(\d{4})(?:\s*(?:and|[-–])\s*(\d{4}))?\s+(?:(?:will\s+be|as)\s+)?the\s+$",
                    text[: match.start()],
                )
                year = match["year"] or match["after"] or (before[1] if before else None)
                if year:
                    last = int(before[2]) if before and before[2] and year == before[1] else None
                    self.themed_year(
                        found,
                        sentence,
                        match.start(),
                        host,
                        match["second"],
                        theme,
                        int(year),
                        last_year=last,
                    )
            if (
                host is None
                or theme is None
                or THEMED_YEAR.search(text)
                or not re.search(r"\b(?:programme|program|partner|followed|opened|began)\b", text)
            ):
                continue
            # The programme's partners, each with its year: "Brazil in 2014", "Russia was
            # Qatar's partner in 2018".
            for item in re.finditer(
                rf"(?:the\s+)?(?P<partner>{self.country_re.pattern})(?:\s+was\s+[^,.;]{{0,30}}?\bpartner)?"
                r"\s+in\s+(?P<year>\d{4})\b",
                text,
            ):
                partner = item["partner"]
                if self.country_of(partner) in (None, self.country_of(host)):
                    continue
                self.themed_year(
                    found, sentence, item.start(), host, partner, theme, int(item["year"])
                )
        return list(found.values())

    def themed_year(
        self,
        found: dict[tuple[str, int], Event],
        sentence: Sentence,
        position: int,
        host: str,
        partner: str,
        theme: str,
        year: int,
        last_year: int | None = None,
    ) -> None:
        """One year of a themed-years programme (or the years to `last_year`), a round over
        them (`themed_years`); a programme of tourism, science, youth, education or exchanges
        is an exchange programme, any other (culture, friendship) a cultural programme."""
        partner = re.sub(r"^the\s+", "", partner, flags=re.IGNORECASE)
        if (partner, year) in found:
            return
        last = last_year or year
        date = FoundDate(
            str(year),
            position,
            position,
            ResolvedDate(datetime.date(year, 1, 1), datetime.date(last, 12, 31), "year"),
        )
        codes = sorted({code for code in (self.country_of(host), self.country_of(partner)) if code})
        event = Event(sentence, "Year", position, sentence.text, date)
        event.mechanism = {
            "name": f"{host}–{partner} Year{'s' if last != year else ''} of {theme}",
            "kind": MechanismKind.EXCHANGE_PROGRAMME
            if re.search(r"\b(?:Tourism|Science|Youth|Education|Exchanges?|Innovation)", theme)
            else MechanismKind.CULTURAL_PROGRAMME,
            "countries": codes,
            "confidence": 0.6,
        }
        # A year under way is being held, whatever the sentence announces beside it.
        event.status = (
            RoundStatus.SCHEDULED
            if self.published and date.resolved.start > self.published  # type: ignore[union-attr]
            else RoundStatus.HELD
        )
        found[(partner, year)] = event

    def country_of(self, name: str) -> str | None:
        """The country a name in the text is ("USA", "the United Kingdom"), if it is one."""
        found = self.countries_in(name)
        return found[0][0] if found else None

    @staticmethod
    def postponed_round_of(event: Event, events: list[Event]) -> None:
        """ "The visit was originally scheduled for late March and was postponed": the event
        just told, named again with the date it was put off from, is a round of its mechanism,
        with its people."""
        if event.mechanism is not None or event.status != RoundStatus.POSTPONED or not events:
            return
        if not re.match(
            r"(?:The|This|That|Its)\s+(?:\w+\s+)?(?:visit|meeting|talks|summit|session|round)\b",
            event.sentence.text,
        ):
            return
        told = events[-1]
        if told.mechanism is None or told.trigger.lower()[:4] != event.trigger.lower()[:4]:
            return
        event.mechanism = told.mechanism
        event.people = event.people or list(told.people)
        event.extra_sentences.append(told.sentence)

    def status(self, clause: str, date: FoundDate | None) -> str:
        if POSTPONED.search(clause):
            return RoundStatus.POSTPONED
        if CANCELLED.search(clause):
            return RoundStatus.CANCELLED
        resolved = date.resolved if date else None
        if resolved and self.published:
            if resolved.end < self.published:
                return RoundStatus.HELD
            if resolved.start > self.published:
                return RoundStatus.SCHEDULED
        # The tense, not a name in capitals: "the Joint Comprehensive Plan of Action met today".
        tense = re.sub(r"\b[A-Z][\w'’-]*", "", clause)
        return RoundStatus.SCHEDULED if SCHEDULED_WORDS.search(tense) else RoundStatus.HELD

    def talks_of_visit(self, event: Event, events: list[Event]) -> None:
        """ "… paid a state visit to China on May 16–17. The leaders held talks in Beijing": a
        state visit whose talks the next sentences tell without a date of their own is one round
        of the leaders' meetings over the visit's days (talks dated on their own are a round of
        their own, and the visit stays a visit)."""
        previous = events[-1] if events else None
        if (
            previous is not None
            and previous.talks_mechanism is not None
            and previous.sentence.paragraph == event.sentence.paragraph
            and event.sentence.index - previous.sentence.index <= 2
            and re.fullmatch(r"talks|met|meeting|negotiations", event.trigger, re.IGNORECASE)
        ):
            previous.mechanism = {**previous.talks_mechanism, "confidence": 0.7}
            previous.talks_mechanism = None

    def coreferent(self, event: Event, events: list[Event]) -> bool:
        """A dateless mention of the event just told ("The meeting will take place in Moscow";
        "… will meet with their counterparts separately"): its place and people join it."""
        if not events:
            return False
        future = bool(SCHEDULED_WORDS.search(event.sentence.text))
        previous = next(
            (e for e in reversed(events) if not future or e.status == RoundStatus.SCHEDULED),
            events[-1],
        )
        # "… inaugurated the Summit on the first day": the body just told, named again.
        refers_back = (
            bool(ANAPHORA.search(event.sentence.text))
            and previous.sentence.paragraph >= event.sentence.paragraph - 1
        )
        if (
            previous.sentence.paragraph != event.sentence.paragraph
            and not refers_back
            and not re.match(r"(?:Along with that|Besides|In addition)", event.sentence.text)
        ):
            return False
        if event.number is not None or (
            "id" not in (event.mechanism or {}) and self.named_body(event.clause)
        ):
            return False
        definite = re.match(
            r"(?:The|This|That)\s+(?:\w+\s+)?(?:meeting|talks|visit|round|session|summit"
            r"|consultations)",
            event.sentence.text,
        )
        elaborates = (
            previous.sentence.paragraph == event.sentence.paragraph
            and previous.sentence.index >= event.sentence.index - 2
            and bool(event.people)
        )
        if not (
            definite
            or elaborates
            or (refers_back and bool(event.people))
            or re.match(r"(?:Along with that|Besides|In addition)", event.sentence.text)
        ):
            return False
        if event.cities and not previous.cities:
            previous.cities = event.cities
            previous.city_sentence = event.sentence
            previous.host = previous.host or event.host
        if previous.mechanism is None and event.mechanism is not None:
            # "A met B today. It was the first official meeting between the foreign ministers":
            # what the sentence after says the meeting was.
            previous.mechanism = event.mechanism
            previous.extra_sentences.append(event.sentence)
        for person in event.people:
            if all(person.name != other.name for other in previous.people):
                previous.people.append(person)
                previous.extra_sentences.append(event.sentence)
        return True

    def merge_mentions(self, event: Event, mentions: list[Event], events: list[Event]) -> None:
        """A dateless mention of the same mechanism (a title: "the third round of 2+2") gives
        the event its number; "previous rounds" are numbered before it."""
        name = (event.mechanism or {}).get("name")
        for mention in mentions:
            other = mention.mechanism or {}
            same = other.get("name") == name or (
                other.get("kind") == (event.mechanism or {}).get("kind")
                and fuzz.token_set_ratio(other.get("name", ""), name or "") >= 70
            )
            if same and event.number is None:
                event.number = mention.number
                event.number_sentence = mention.sentence
                mentions.remove(mention)
                break
        if re.search(r"\bprevious\s+(?:rounds?|meetings?|sessions?)\b", event.sentence.text):
            same = [e for e in events if e.sentence is event.sentence]
            before = next(
                (
                    e
                    for e in reversed(events)
                    if e.sentence is not event.sentence
                    and (e.number or re.search(r"\bround\b", e.clause))
                ),
                None,
            )
            if before is not None:
                event.mechanism = before.mechanism
                if before.number:
                    event.number = before.number - 1 - len(same)
                    event.number_sentence = before.number_sentence or before.sentence
                    # The earlier of several previous rounds has the lower number.
                    siblings = [*same, event]
                    for position, sibling in enumerate(siblings):
                        sibling.number = before.number - len(siblings) + position
                        sibling.mechanism = before.mechanism
                        sibling.number_sentence = event.number_sentence

    # Drafts --------------------------------------------------------------------------------

    def citation(
        self, sentence: Sentence, supports: list[str], date: FoundDate | None = None
    ) -> dict[str, Any]:
        citation: dict[str, Any] = {
            "source": self.source_id,
            "quote": sentence.text,
            "date_phrase": "",
            "resolved_against": None,
            "note": "",
            "supports": supports,
            "basis": CitationBasis.STATED,
        }
        if date is not None:
            citation["date_phrase"] = date.phrase
            if date.resolved is not None and self.published is not None:
                citation["resolved_against"] = self.published.isoformat()
        return citation

    def add(self, spec: Spec) -> Spec:
        self.specs[spec.key] = spec
        return spec

    def mechanism_ref(self, event: Event) -> Any:
        mechanism = event.mechanism or {}
        if "id" in mechanism:
            return mechanism["id"]
        key = f"mechanism:{mechanism['name'].lower()}"
        if key not in self.specs:
            fields = {
                "slug": re.sub(
                    r"[^a-z0-9]+", "-", mechanism["name"].lower().replace("+", "plus")
                ).strip("-")[:100],
                "name": mechanism["name"],
                "short_name": mechanism.get("short_name", ""),
                "kind": mechanism["kind"],
                "level": mechanism.get("level", ""),
                "countries": mechanism.get("countries") or sorted(self.pair),
            }
            self.add(
                Spec(
                    key,
                    "mechanism",
                    fields,
                    [self.citation(event.sentence, ["name", "kind", "countries"])],
                    mechanism.get("confidence", 0.5),
                )
            )
        return {"draft": key}

    def person_ref(self, mention: PersonMention) -> Any:
        person = self.people.get(mention.name, {})
        if person.get("known"):
            return person["known"].id
        key = f"person:{mention.name}"
        if key not in self.specs:
            sentence = person.get("sentence")
            citations = [self.citation(sentence, ["name", "country"])] if sentence else []
            spec = Spec(
                key,
                "person",
                {"name": mention.name, "country": person.get("country")},
                citations,
                0.7,
            )
            if person.get("country") is None:
                spec.notes.append("The side was not found in the text; give the country.")
            self.add(spec)
        return {"draft": key}

    def city_ref(self, event: Event) -> Any:
        name, city, slug = event.cities[0]
        if slug:
            return slug
        assert city is not None
        existing = (
            gazetteer.existing_place(name, city)
            if self.lexicon.places or self.lexicon.people
            else None
        )
        if existing is not None:
            return existing.slug
        key = f"place:{city.geonames_id}"
        if key not in self.specs:
            sentence = event.city_sentence or event.sentence
            fields = {
                "slug": re.sub(r"[^a-z0-9]+", "-", city.name.lower()).strip("-"),
                "name": city.name,
                "kind": "city",
                "country": city.country,
                "latitude": city.latitude,
                "longitude": city.longitude,
                "geonames_id": city.geonames_id,
            }
            spec = Spec(key, "place", fields, [self.citation(sentence, ["name"])], 0.8)
            spec.notes.append(
                f"From the gazetteer: GeoNames {city.geonames_id} ({city.url}), {city.name}, "
                f"{city.country}."
            )
            self.add(spec)
        return {"draft": key}

    def round_spec(self, event: Event, index: int) -> Spec:
        resolved = event.date.resolved if event.date else None
        fields: dict[str, Any] = {
            "mechanism": self.mechanism_ref(event),
            "number": event.number,
            "start_date": resolved.start.isoformat() if resolved else None,
            "end_date": resolved.end.isoformat() if resolved else None,
            "date_precision": resolved.precision if resolved else None,
            "city": self.city_ref(event) if event.cities else None,
            "host_country": event.host,
            "status": event.status,
            "participants": [],
            "topics": [
                name_slug
                for name, name_slug in self.lexicon.topics.items()
                if name.lower() in event.sentence.text.lower()
            ],
        }
        notes = []
        if resolved is None:
            if event.date is not None and self.published is None:
                notes.append(
                    f"Date unresolved: “{event.date.phrase}” needs the source's publication "
                    "date (published_at), which it lacks."
                )
            elif event.date is not None:
                notes.append(
                    f"Date unresolved: “{event.date.phrase}” is not a date the reader understands."
                )
            else:
                notes.append("Date unresolved: the text gives no date for it.")
        if resolved and (event.inherited_date or event.within):
            fields["date_precision"] = (
                "within" if resolved.start != resolved.end else resolved.precision
            )
        if resolved and fields["date_precision"] == "within" and resolved.precision != "day":
            fields["date_precision"] = resolved.precision
        if (
            fields["status"] == RoundStatus.HELD
            and resolved
            and resolved.start > datetime.date.today()
        ):
            fields["status"] = RoundStatus.SCHEDULED
        supports = ["mechanism", "status"]
        if resolved:
            supports.append("start_date")
        if event.cities and event.city_sentence is None:
            supports.append("city")
        if event.host and event.city_sentence is None:
            supports.append("host_country")
        if event.number is not None and event.number_sentence is None:
            supports.append("number")
        citations = [
            self.citation(
                event.sentence, supports, event.date if not event.inherited_date else None
            )
        ]
        if event.date is not None and CARRIED_DAY.fullmatch(event.date.phrase):
            citations[0]["basis"] = CitationBasis.INFERRED
            citations[0]["note"] = (
                f"“{event.date.phrase}” is dated by the event the text told before it."
            )
        if event.inherited_date and event.extra_sentences:
            dated = event.extra_sentences[0]
            citations.append(
                {
                    **self.citation(dated, ["start_date"], None),
                    "basis": CitationBasis.INFERRED,
                    "note": "Dated by the event the sentence before tells (the same visit).",
                }
            )
        if event.city_sentence is not None:
            citations.append(
                self.citation(
                    event.city_sentence, ["city", "host_country"] if event.host else ["city"]
                )
            )
        if (
            event.number is not None
            and event.number_sentence is not None
            and event.number_sentence is not event.sentence
        ):
            previous_rounds = event.number_sentence is not None and re.search(
                r"previous", event.sentence.text
            )
            citations.append(
                {
                    **self.citation(event.number_sentence, ["number"]),
                    **(
                        {
                            "basis": CitationBasis.INFERRED,
                            "note": "Numbered before the round this sentence calls the next one.",
                        }
                        if previous_rounds
                        else {}
                    ),
                }
            )
        quotes: set[str] = set()
        unique = []
        for citation in citations:
            if citation["quote"] in quotes:
                continue
            quotes.add(citation["quote"])
            unique.append(citation)
        for order, mention in enumerate(event.people):
            sentence = next(
                (
                    s
                    for s in [event.sentence, *event.extra_sentences]
                    if self.mentions(mention.name, s.text, by_name=True)
                ),
                None,
            )
            if sentence is not None:
                sources = [self.citation(sentence, ["person", "country", "role"])]
            else:
                # Referred to ("they met", "the Crown Prince", the author's "I"): the event's
                # sentence infers them; the sentence that names them states who they are.
                named = self.people.get(mention.name, {}).get("sentence")
                sources = [
                    {
                        **self.citation(event.sentence, ["person"]),
                        "basis": CitationBasis.INFERRED,
                        "note": "The sentence refers to a person the text names elsewhere.",
                    },
                    *([self.citation(named, ["person", "country", "role"])] if named else []),
                ]
            fields["participants"].append(
                {
                    "person": self.person_ref(mention),
                    "name": mention.name,
                    "country": mention.country,
                    "role": mention.role,
                    "order": order,
                    "sources": sources,
                }
            )
        notes += self.sides_of_mechanism(fields)
        confidence = round(
            min(
                0.95,
                (event.mechanism or {}).get("confidence", 0.5)
                + (0.1 if resolved else -0.2)
                + (0.05 if event.people else 0),
            ),
            2,
        )
        spec = Spec(f"round:{index}", "round", fields, unique, confidence, notes=notes)
        self.match_round(spec)
        return spec

    def sides_of_mechanism(self, fields: dict[str, Any]) -> list[str]:
        """A participant's side is one of the mechanism's countries: a format of three or more
        proposed new takes it in (the author of "I met my counterparts from A, B and C"); any
        other mechanism is noted, for the analyst to decide."""
        mechanism = fields["mechanism"]
        drafted = self.specs.get(mechanism["draft"]) if isinstance(mechanism, dict) else None
        notes = []
        for participant in fields["participants"]:
            country = participant["country"]
            if drafted is None or not country or country in drafted.fields["countries"]:
                continue
            if len(drafted.fields["countries"]) >= 3:
                drafted.fields["countries"] = sorted({*drafted.fields["countries"], country})
            else:
                notes.append(
                    f"{participant['name']}'s side, {country}, is not one of the mechanism's "
                    "countries."
                )
        return notes

    def match_round(self, spec: Spec) -> None:
        """A round the registry holds (same mechanism, number or overlapping dates) is the
        target, not a duplicate."""
        mechanism = spec.fields["mechanism"]
        if not isinstance(mechanism, int) or not spec.fields["start_date"]:
            return
        start = datetime.date.fromisoformat(spec.fields["start_date"])
        end = datetime.date.fromisoformat(spec.fields["end_date"])
        for known in self.lexicon.stored.rounds_of(mechanism):
            same_number = (
                spec.fields["number"] is not None and known.number == spec.fields["number"]
            )
            overlaps = known.start <= end and known.end >= start  # type: ignore[operator]
            if same_number or (overlaps and spec.fields["number"] in (None, known.number)):
                spec.target = known.id
                return

    def read(self) -> list[Spec]:
        self.find_people()
        events = self.events()
        told: list[tuple[Sentence, Spec]] = []
        for index, event in enumerate(events):
            spec = self.add(self.round_spec(event, index))
            told.append((event.sentence, spec))
        self.widen_formats()
        # Bodies named without a round ("a ramified system of dialogue mechanisms: …").
        for sentence in self.sentences:
            for match in NAMED_BODY.finditer(sentence.text):
                body = self.named_body(match.group(0))
                if (
                    body
                    and re.search(r"Commission|Council|Working Group", body["name"])
                    and not any(
                        spec.type == "mechanism" and spec.fields["name"] == body["name"]
                        for spec in self.specs.values()
                    )
                ):
                    known = self.match_known(body)
                    if "id" not in known and len(body["name"].split()) >= 3:
                        fake = Event(
                            sentence, "", 0, match.group(0), mechanism={**known, "confidence": 0.4}
                        )
                        self.mechanism_ref(fake)
        # Organisations, documents signed and figures quoted (`records`).
        RecordReader(self, told).read()
        return list(self.specs.values())

    def widen_formats(self) -> None:
        """A named format's countries are those of the people who took part in its rounds
        ("the … Summit" of six presidents), not the release's pair alone: a new summit, forum,
        council or parliamentary body whose rounds name people of three or more countries."""
        countries: dict[str, set[str]] = {}
        for spec in self.specs.values():
            mechanism = spec.fields.get("mechanism") if spec.type == "round" else None
            if isinstance(mechanism, dict) and "draft" in mechanism:
                countries.setdefault(mechanism["draft"], set()).update(
                    p["country"] for p in spec.fields["participants"] if p["country"]
                )
        formats = (
            MechanismKind.SUMMIT,
            MechanismKind.FORUM,
            MechanismKind.COUNCIL,
            MechanismKind.PARLIAMENTARY,
        )
        for key, present in countries.items():
            mechanism = self.specs[key]
            fields = mechanism.fields
            if (
                len(present) >= 3
                and fields["kind"] in formats
                and not fields["name"].startswith(self.pair_label())
                and not present <= set(fields["countries"])
            ):
                fields["countries"] = sorted(set(fields["countries"]) | present)
                mechanism.notes.append(
                    "The countries include those of the people who took part in its rounds."
                )


def extract(
    *,
    text: str,
    language: str = "en",
    published: datetime.datetime | datetime.date | None,
    home: str | None = None,
    source_id: int | None = None,
    lexicon: Lexicon,
) -> list[Spec]:
    """The drafts a release proposes, in order: mechanisms, places and people first, each
    referred to by the rounds that need them."""
    check_text(text, language)
    day = published.date() if isinstance(published, datetime.datetime) else published
    reader = Reader(text=text, published=day, home=home, source_id=source_id, lexicon=lexicon)
    specs = reader.read()
    order = {
        "mechanism": 0,
        "place": 1,
        "person": 2,
        "organisation": 3,
        "round": 4,
        "document": 5,
        "indicator": 6,
    }
    return sorted(specs, key=lambda spec: order.get(spec.type, 5))
