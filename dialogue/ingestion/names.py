"""How the text writes people: titles, forms of address, names with their particles and
initials, and a title followed by a name (`PERSON`). The first stage of reading people, shared by
the reader (`extract.py`) and the reader of documents and signatories (`records.py`)."""

import re

HEAD_TITLES = ("President", "Prime Minister", "King", "Queen", "Emperor", "Chancellor", "Emir")
# Heads of state or government, as counterparts: "Chancellor A and Premier B".
COUNTERPART_HEADS = (*HEAD_TITLES, "Federal Chancellor", "Premier", "Head of State")
TITLE_WORDS = (
    r"(?:Prime\s+Minister|President|Vice\s+President|Vice-President|Vice[\s-]Minister|Minister"
    r"|Attorney\s+General|Secretary[\s-]General|Secretary|Amir|Admiral"
    r"|Speaker|Chairman|Chairwoman|Chairperson|Chair|chair|chairman|Ambassador|King"
    r"|Queen(?:\s+Consort)?"
    r"|Crown\s+Prince|Emir|Chancellor|Governor|Mayor|Director(?:[\s-]General)?|Envoy"
    r"|Representative"
    r"|Commander|Chief|Premier|Councilor|Councillor|Sultan|Prince|Senator|Secretary-General"
    r"|Head\s+of\s+(?:State|Government)|Advis[oe]r|Counsel+or)"
)
POST_NOMINALS = r"(?:MP|QC|KC|OBE|CBE|KBE|MBE|CMG|KCMG|GCMG)"
NOT_NAME_WORD = (
    r"(?!(?:Party|Council|Ministry|Federation|House|Committee|Duma|Forum|Commission|Group"
    r"|Republic|Union|Region|Prefecture|Islands|Affairs|Defence|Defense|Foreign|State"
    r"|Minister|President|Speaker|Liberal|Democratic|National|Assembly|Secretary|Chancellor"
    r"|Deputy|Vice|Ambassador|Consort|General|" + POST_NOMINALS + r""
    # A portfolio's words end a title, never begin a name ("Minister of Public Security Wang
    # Xiaohong", not "Security Wang Xiaohong").
    r"|Security|Finance|Trade|Economy|Development|Justice|Interior|Health|Education|Culture"
    r"|Energy|Industry|Commerce|Agriculture|Transport|Labour|Labor|Environment|Homeland"
    r"|Relations|Cooperation|Women|Government|Cabinet|Parliament|Senate"
    # A unit of a ministry or a level of a meeting ends a title, never is a name ("Joint
    # Secretary of the East Asia Division A", "the Corps Commander Level Meeting").
    r"|Division|Department|Bureau|Directorate|Meeting|Level)\b)"
)
# A word of a name: capitalised, any script's letters, hyphenated parts ("Jean-Yves"), an
# apostrophe before a capital ("O’Brien"), never a possessive ("Abe’s").
UPPER = r"A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
NAME_WORD = rf"{NOT_NAME_WORD}[{UPPER}][^\W\d_]+(?:-[^\W\d_]+|['’][{UPPER}][^\W\d_]+)*"
# A later word of a name may open with an Arabic article joined by a hyphen ("el-Sisi",
# "al-Sudani").
LATER_WORD = rf"(?:(?:al|el|ad|as|ash|at|az|an|ar|ul|ud)-)?{NAME_WORD}"
# Forms of address before a name, never part of it ("H.E. Mr.", "Shri", "the Hon", "His
# Highness Sheikh"). "Sheikh" only before a name of two words more: in "Sheikh Hasina" it is
# part of the name.
HONORIFIC = (
    r"(?<!\w)(?:(?:Dr|Mr|Mrs|Ms|Mme|Prof|Shri|Smt|Sri)\.?\s+|H\.\s?[EH]\.\s+|H[EH]\s+|Sayyid\s+"
    r"|(?:His|Her)\s+(?:Excellency|(?:Royal\s+)?Highness|Majesty)\s+"
    r"|Sheikh(?:a)?\s+(?=[A-Z][^\W\d_]+\s+(?:(?:bin|bint|ibn|al|Al)\s+)?[A-Z])"
    r"|(?:[Tt]he\s+)?Hon(?:ourable|orable)?\.?\s+"
    # An honorary doctorate after "Dr." ("Dr. (H.C.) A"), and Malaysia's titles of honour
    # ("Datuk Seri A", "Tan Sri B", "Dato' Sri C").
    r"|\((?:H\.\s?C|h\.\s?c)\.\)\s+"
    r"|(?:Tun|Tan\s+Sri|Toh\s+Puan|Datuk\s+Seri|Dato['’]?\s+Sri|Datuk|Dato['’]|Datin)\s+)"
)
# Particles inside a name: "Lula da Silva", "von der Leyen", "Mohammed bin Salman".
PARTICLE = (
    r"(?:da|de|do|dos|das|del|della|di|du|la|le|van|von|der|den|ten|ter|zu|bin|ibn|bint|al|el"
    r"|ould|ben|y)"
)
# A name: two to five words (a middle name or a patronymic, "Sergey Viktorovich Lavrov";
# three-part names, "Recep Tayyip Erdogan", "Nguyen Phu Trong"), an initial ("John F.
# Kennedy"), particles between them.
NAME = (
    # Given names as initials ("S. Jaishankar", "A. K. Abdul Momen", "M. Venkaiah Naidu").
    r"(?P<name>(?:(?<![\w.])(?:[A-Z]\.\s+){1,3}"
    + NAME_WORD
    + r"(?:\s+"
    + LATER_WORD
    + r"){0,2}"
    + r"|"
    + NAME_WORD
    + r"(?:\s+[A-Z]\.)?(?:\s+(?:"
    + PARTICLE
    + r"\s+){0,2}"
    + LATER_WORD
    + r"){1,4}))(?![\w-])"
)
# A role: capitalised words (with "of the", "on", "and") ending in a title, then a name.
PERSON = re.compile(
    r"(?P<role>(?:(?:[A-Z][\w’'-]*|of|the|on|for|and|ruling|General)\s+){0,8}?"
    + TITLE_WORDS
    # An office of a unit of a ministry of a country is long ("Director-General of the
    # Department of Boundary and Ocean Affairs of the Ministry of Foreign Affairs A").
    + r"(?:\s+(?:of|for)\s+(?:the\s+)?(?:(?:[A-Z][\w’'-]*|ruling|and|of|for|the)\s+){0,12}?"
    r"(?:[A-Z][\w’'-]*))?)"
    # An abbreviation after the office is neither ("Speaker of the House (DPR) A").
    r"(?:\s+\([A-Z][A-Z\s.]{0,15}\))?\s+"
    # An honorific between the title and the name is neither ("Minister Dr Subrahmanyam …").
     + HONORIFIC + r"{0,2}" + NAME
)
