"""Documents signed, figures quoted and organisations named: drafts beside the rounds.

Rules over the sentences, like the rest of the extraction, and nothing keyed to a release:

- **documents**: what is signed or adopted ("signed an agreement on …", "adopted a joint
  statement titled …", "a memorandum … was signed", "four interagency and seven commercial
  documents were signed"), and agreements cited with their date ("the agreement of July 2,
  1986, on …"); dated by the sentence, else by the round told in it or just before it (on a day
  of a visit's days: `within`), and linked to that round;
- **figures** (indicators): sums of money ("$18.3 billion", "USD 5 million", "3 billion
  roubles"), percentages ("13.9 per cent", "20%") and counts ("more than 130 events"), each
  with what it measures, its unit, how it compares ("more than" is `gt`) and its period (the
  year or month the sentence names; else the year of publication, as an inference);
- **organisations**: ministries, chambers, parties, councils and companies named in capitals
  ("the Ministry of Foreign Affairs of Japan", "the State Duma", "the Liberal Democratic
  Party", "PJSC Gazprom"), with their kind and, where the text says, their country.

Each draft's `fields` are the resource's write payload (`DocumentSerializer`,
`IndicatorSerializer`, `OrganisationSerializer`); a reference to another draft is
`{"draft": key}`, replaced by the saved draft's id.
"""

import datetime
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from ..choices import CitationBasis, Comparator, DocumentKind, OrganisationKind
from ..date_phrases import FoundDate, find_date_phrases

if TYPE_CHECKING:
    from .extract import Reader

from .names import PERSON
from .specs import Sentence, Spec

NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        start=1,
    )
}
QUANTITY = r"(?:\d{1,4}|" + "|".join(NUMBER_WORDS) + r")"

# --- Documents ---------------------------------------------------------------------------------

DOC_NOUN = (
    r"(?:agreements?|treaty|treaties|memorand(?:um|a)(?:\s+of\s+understanding)?|MoUs?"
    r"|joint\s+statements?|joint\s+declarations?|declarations?|protocols?|conventions?"
    r"|documents?|contracts?|accords?|communiqu[ée]s?|road\s?maps?|plans?"
    r"|programmes?\s+of\s+cooperation|statements?)"
)
# A document as written: a determiner or a count, up to four words, the noun, and what it is
# on ("an agreement on the manufacture of …", "a joint statement titled …").
DOC_PHRASE = re.compile(
    r"(?<![\w-])(?P<det>(?:an?|the|several|a\s+number\s+of|a\s+package\s+of|a\s+set\s+of"
    r"|(?P<quantity>" + QUANTITY + r"))\s+)"
    r"(?P<adjectives>(?:(?!(?:and|or|was|were)\b)[\w’'-]+\s+){0,4}?)"
    r"(?P<noun>" + DOC_NOUN + r")\b"
    r"(?P<tail>\s+(?:titled|entitled|called)\s+.+?(?=\.?$)"
    r"|\s+(?:on|of|for|between|concerning|regarding|in\s+the\s+field\s+of)\s+[^,;.]+?"
    r"(?=\s*[,;.]|\s+(?:was|were|has|have|had|is|are|will|signed|adopted)\b|$))?",
    re.IGNORECASE,
)
# "four interagency and seven commercial documents": two sets, each counted.
TWO_SETS = re.compile(
    r"(?<![\w-])(?P<q1>" + QUANTITY + r")\s+(?P<a1>[\w-]+)\s+and\s+(?P<q2>" + QUANTITY + r")"
    r"\s+(?P<a2>[\w-]+)\s+(?P<noun>documents|agreements|contracts|memoranda)\b",
    re.IGNORECASE,
)
SIGNED = re.compile(
    r"\b(?:signed|adopted|concluded|initialled|initialed|inked|signing\s+of|adoption\s+of)\b",
    re.IGNORECASE,
)
PASSIVE = re.compile(
    r"\s*(?:,[^,]*,\s*)?(?:was|were|has\s+been|have\s+been|had\s+been|got)"
    r"(?:\s+(?:also|further|then|jointly|successfully))?\s*$",
    re.IGNORECASE,
)
NOT_YET = re.compile(r"\b(?:to\s+be|will\s+be|would\s+be|could\s+be|be)\s+$", re.IGNORECASE)
# "the Soviet-Japanese agreement of July 2, 1986, on reciprocal visa-free visits …"
DATED_DOCUMENT = re.compile(
    r"(?P<adjectives>(?:[A-Z][\w’'-]*\s+){0,3})(?P<noun>agreement|treaty|declaration|memorandum"
    r"|convention|protocol|accord)\s+of\s+(?P<date>[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+"
    r"[A-Z][a-z]+,?\s+\d{4})(?:,?\s+(?P<tail>(?:on|for|concerning)\s+[^;.]+?))?(?=\s*[,;.]|$)"
)
DOCUMENT_KINDS = [
    (r"joint\s+statement|declaration|communiqu", DocumentKind.JOINT_STATEMENT),
    (r"memorand|\bMoU", DocumentKind.MEMORANDUM),
    (r"interagency|inter-agency|intergovernmental\s+documents", DocumentKind.INTERAGENCY),
    (r"commercial|business|contract|corporate", DocumentKind.COMMERCIAL),
    (r"road\s?map|plan|programme", DocumentKind.PLAN),
    (r"agreement|treaty|treaties|protocol|convention|accord", DocumentKind.AGREEMENT),
]

# --- Figures -----------------------------------------------------------------------------------

NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
SCALE = r"(?:\s*(?P<scale>trillion|billion|million|thousand|bn|mn|m)\b)?"
CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
CURRENCY_WORDS = {
    "usd": "USD",
    "us dollars": "USD",
    "dollars": "USD",
    "eur": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "roubles": "RUB",
    "rubles": "RUB",
    "rub": "RUB",
    "yen": "JPY",
    "jpy": "JPY",
    "rupees": "INR",
    "inr": "INR",
    "yuan": "CNY",
    "cny": "CNY",
    "pounds": "GBP",
    "gbp": "GBP",
}
SCALES = {
    "trillion": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "thousand": 10**3,
}
CURRENCY_WORD = (
    r"(?P<word>US\s+dollars|dollars|USD|EUR|euros?|roubles|rubles|RUB|yen|JPY|rupees|INR|yuan"
    r"|CNY|pounds|GBP)"
)
MONEY = re.compile(
    r"(?:(?P<sign>US\$|\$|€|£|¥|₹)\s?|\b(?P<code>USD|EUR|RUB|JPY|INR|CNY|GBP)\s+)"
    + NUMBER
    + SCALE
    + r"|(?<![\w.,-])"
    + NUMBER.replace("number", "number2")
    + SCALE.replace("scale", "scale2")
    + r"\s+"
    + CURRENCY_WORD
    + r"\b",
)
PERCENT = re.compile(r"(?<![\w.,-])" + NUMBER + r"\s*(?:per\s?cent|percent|%)", re.IGNORECASE)
TIME_NOUNS = (
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|times|decades?|centuries|per|percent"
    r"|documents|agreements|contracts|memoranda|billion|million|thousand|trillion)"
)
COUNT = re.compile(
    r"(?<![\w.,$€£¥₹+-])"
    + NUMBER
    + r"\s+(?!"
    + TIME_NOUNS
    + r"\b)(?P<noun>(?:[a-z-]+\s+){0,2}?[a-z-]{3,}s)\b"
    r"(?P<tail>\s+(?:in|of|on|from|for|at|across|between)\s+[^,;.]+?"
    r"(?=\s*[,;.]|\s+(?:such|were|was|have|has|had|took|will|are|is)\b|$))?"
)
COMPARATORS = [
    (r"more\s+than|over|above|exceed(?:ed|s|ing)?|in\s+excess\s+of", Comparator.MORE_THAN),
    (r"less\s+than|fewer\s+than|under|below", Comparator.LESS_THAN),
    (r"at\s+least|no\s+less\s+than", Comparator.AT_LEAST),
    (r"up\s+to|at\s+most|no\s+more\s+than", Comparator.AT_MOST),
    (r"about|around|some|nearly|almost|approximately|roughly|close\s+to", Comparator.APPROXIMATELY),
]
COMPARATOR_BEFORE = re.compile(
    r"\b(?P<words>" + "|".join(pattern for pattern, _ in COMPARATORS) + r")\s+$", re.IGNORECASE
)
SUBJECT = re.compile(
    r"(?P<subject>(?:(?:bilateral|mutual|two-way|total|overall|foreign|direct|annual"
    r"|accumulated|[A-Z][\w]+(?:-[A-Z]\w+)?)\s+){0,3}"
    r"(?i:trade(?:\s+turnover)?|turnover|investments?|exports?|imports?|tourist\s+flows?"
    r"|commerce|supplies|deliveries)\b"
    r"(?:\s+(?:between|with|in|of|from|to)\s+(?:the\s+)?(?:[A-Z][\w-]*\s*(?:and\s+)?)+)?)",
)
VERB_BEFORE = re.compile(
    r"(?P<subject>(?:the\s+)?(?:[\w-]+\s+){1,5}?)(?:reached|amounted\s+to|totall?ed|stood\s+at"
    r"|was|were|grew|rose|increased|exceeded|fell|declined|decreased|came\s+to|is|are)\s+"
    r"(?:by\s+|to\s+)?(?:(?:" + "|".join(p for p, _ in COMPARATORS) + r")\s+)?$",
    re.IGNORECASE,
)
GROWTH = re.compile(r"\b(?:grew|grown|rose|risen|increased|up|climbed|jumped|growth)\b")
DECLINE = re.compile(r"\b(?:fell|fallen|declined|decreased|down|dropped|shrank|decline)\b")

# --- Organisations -----------------------------------------------------------------------------

CAP = r"[A-Z][\w’'&-]*"
ORG_HEAD = (
    r"(?:Ministry|Ministries|Department|Agency|Service|Federation\s+Council|Security\s+Council"
    r"|State\s+Council|Council|State\s+Duma|Duma|Parliament|Federal\s+Assembly|National\s+Assembly"
    r"|Assembly|Senate|House\s+of\s+(?:Councillors|Representatives|Commons|Lords|the\s+People)"
    r"|Lok\s+Sabha|Rajya\s+Sabha|Diet|Knesset|Bundestag|Majlis|Party|Corporation|Company|Bank"
    r"|Chamber\s+of\s+Commerce(?:\s+and\s+Industry)?|Committee|Government|Administration"
    r"|Railways|Airlines)"
)
ORGANISATION = re.compile(
    r"(?<![\w-])(?P<lead>(?:" + CAP + r"\s+(?:and\s+(?=[A-Z]))?){0,4}?)"
    r"(?P<head>" + ORG_HEAD + r")\b"
    r"(?P<tail>(?:\s+(?:of|for|on)\s+(?:the\s+)?"
    + CAP
    + r"(?:\s+(?:and\s+|of\s+(?:the\s+)?|for\s+|on\s+)?"
    + CAP
    + r"){0,8})?)"
)
COMPANY = re.compile(
    r"\b(?:PJSC|OJSC|JSC|LLC|CJSC)\s+[«\"“]?(?P<name>" + CAP + r"(?:\s+" + CAP + r"){0,5})[»\"”]?"
    r"|(?<![\w’'&-])(?P<name2>"
    + CAP
    + r"(?:\s+"
    + CAP
    + r"){0,5})\s+(?:Ltd|Inc|LLC|PLC|AG|GmbH|Co)\b\.?"
)
PROPER_HEADS = {"Duma", "Diet", "Knesset", "Bundestag", "Majlis", "Lok Sabha", "Rajya Sabha"}
ORG_KINDS = [
    (r"Ministr|Department|Agency|Service", OrganisationKind.MINISTRY),
    (
        r"Federation\s+Council|Duma|Senate|House\s+of|Lok\s+Sabha|Rajya\s+Sabha|Bundestag",
        OrganisationKind.PARLIAMENTARY_CHAMBER,
    ),
    (r"Parliament|Assembly|Diet|Knesset|Majlis", OrganisationKind.PARLIAMENT),
    (r"Party", OrganisationKind.PARTY),
    (
        r"Corporation|Company|Bank|Chamber\s+of\s+Commerce|Railways|Airlines",
        OrganisationKind.BUSINESS,
    ),
    (r"Council", OrganisationKind.COUNCIL),
    (r"Committee", OrganisationKind.PARLIAMENTARY_BODY),
    (r"Government|Administration", OrganisationKind.GOVERNMENT),
]
LEADING_NOISE = re.compile(
    r"^(?:(?:The|This|That|These|In|On|At|A|An|Both|Apart|Along|Following|During|Under|With"
    r"|By|For|From|And|Our|Their|Its|His|Her|General|Secretary|Minister|President|Chairman"
    r"|Speaker|Deputy|First|Head|Chief|Director)\s+)+"
)


def sentence_case(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def number_value(number: str) -> Decimal:
    return Decimal(number.replace(",", ""))


def decimal_text(value: Decimal) -> str:
    """A value as the API writes it: digits and an optional point, no exponent."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def quantity_value(word: str | None) -> int | None:
    if not word:
        return None
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word.lower())


class RecordReader:
    """Documents, figures and organisations of the text the `reader` reads."""

    def __init__(self, reader: "Reader", rounds: list[tuple["Sentence", "Spec"]]):
        self.reader = reader
        self.rounds = rounds  # each round draft with the sentence it was told in
        self.organisations: dict[str, dict[str, Any]] = {}  # key → {"name", "ref", "aliases"…}
        self.by_name: dict[str, list[str]] = {}  # a name, lower-cased → its keys
        self.dates: dict[int, list[FoundDate]] = {}  # by sentence index

    # Helpers ------------------------------------------------------------------------------

    def countries_of(self, text: str) -> list[str]:
        """The countries a phrase names ("Soviet-Japanese", "of the Russian Federation")."""
        codes = []
        for code, _ in self.reader.countries_in(re.sub(r"(?<=\w)-(?=[A-Z])", " ", text)):
            if code not in codes:
                codes.append(code)
        return codes

    def dates_in(self, sentence: "Sentence") -> list[FoundDate]:
        """The sentence's date phrases, read once."""
        if sentence.index not in self.dates:
            self.dates[sentence.index] = find_date_phrases(sentence.text, self.reader.published)
        return self.dates[sentence.index]

    def round_for(self, sentence: "Sentence") -> "Spec | None":
        """The round the sentence tells, else the one told just before in its paragraph."""
        same = [spec for told, spec in self.rounds if told.index == sentence.index]
        if same:
            return same[0]
        before = [
            (told, spec)
            for told, spec in self.rounds
            if told.paragraph == sentence.paragraph and told.index < sentence.index
        ]
        return max(before, key=lambda item: item[0].index)[1] if before else None

    def round_ref(self, spec: "Spec") -> Any:
        return spec.target if spec.target is not None else {"draft": spec.key}

    # Organisations -------------------------------------------------------------------------

    def find_organisations(self) -> None:
        mechanism_names = [
            spec.fields.get("name", "")
            for spec in self.reader.specs.values()
            if spec.type == "mechanism"
        ] + [name for known in self.reader.lexicon.mechanisms for name in known.names]
        for sentence in self.reader.sentences:
            text = sentence.text
            holders = list(PERSON.finditer(text)) if ORGANISATION.search(text) else []
            for match in ORGANISATION.finditer(text):
                lead = LEADING_NOISE.sub("", self.without_people(match["lead"]))
                head, tail = match["head"], match["tail"]
                if (
                    not lead
                    and not tail
                    and re.sub(r"\s+", " ", head) not in PROPER_HEADS
                    and not re.match(r"(?:Federation|Security|State)\s", head)
                ):
                    continue
                words = lead.split()
                # A nationality or country before the name is its side, not its name.
                side = None
                while words and words[0].rstrip("’'s") in self.reader.lexicon.country_names:
                    side = self.reader.lexicon.country_names[words.pop(0).rstrip("’'s")]
                name = " ".join([*words, head, tail.strip()]).strip()
                name = re.sub(r"\s+", " ", name)
                if head == "Council" and not words and not tail:
                    continue
                if re.search(r"[’']s\b", name):
                    continue  # "the Council’s …": a possessive, read on its own
                if any(
                    fuzz.token_set_ratio(name.lower(), mechanism.lower()) >= 90
                    or name.lower() in mechanism.lower()
                    for mechanism in mechanism_names
                    if mechanism
                ):
                    continue  # a dialogue mechanism, drafted as one
                if name in self.reader.lexicon.country_names:
                    continue
                countries = self.countries_of(" ".join([*words, tail]))
                country = side or (countries[-1] if len(set(countries)) == 1 else None)
                if country is None:
                    country = self.side_of_holder(holders, match.start(), match.end())
                if country is None:
                    before = text[max(0, match.start() - 20) : match.start()]
                    own = re.search(r"([A-Z][\w ]*?)[’']s\s+(?:the\s+)?$", before)
                    if own and own[1] in self.reader.lexicon.country_names:
                        country = self.reader.lexicon.country_names[own[1]]
                kind = next(
                    (k for pattern, k in ORG_KINDS if re.search(pattern, head)),
                    OrganisationKind.OTHER,
                )
                if kind == OrganisationKind.PARLIAMENTARY_BODY and not re.search(
                    r"parliament|Duma|Council|Senate|House|Assembly|Diet|Sabha", text
                ):
                    kind = OrganisationKind.OTHER
                self.add_organisation(name, kind, country, sentence)
            for match in COMPANY.finditer(text):
                name = (match["name"] or match["name2"] or "").strip()
                if name and name not in self.reader.lexicon.country_names:
                    self.add_organisation(name, OrganisationKind.BUSINESS, None, sentence)

    def without_people(self, lead: str) -> str:
        """A lead without the person named before it ("Speaker A and State Duma")."""
        for name in self.reader.people:
            at = lead.rfind(name)
            if at >= 0:
                lead = re.sub(r"^\s*(?:and\s+)?", "", lead[at + len(name) :])
        return lead

    def side_of_holder(self, holders: list[re.Match], start: int, end: int) -> str | None:
        """The side of the person whose title names the body ("State Duma Speaker A",
        "General Secretary of the ruling B Party C"): `holders` are the sentence's titled
        people."""
        for match in holders:
            if match.start("role") <= start and end <= match.end("role") + 1:
                person = self.reader.people.get(match["name"])
                if person and person.get("country"):
                    return str(person["country"])
        return None

    def add_organisation(
        self, name: str, kind: str, country: str | None, sentence: "Sentence"
    ) -> None:

        name = name[:300]
        known = next(
            (
                org
                for org in self.reader.lexicon.organisations
                if any(alias.lower() == name.lower() for alias in org.names)
                and (country is None or org.country in (None, country))
            ),
            None,
        )
        key = f"organisation:{name.lower()}|{country or ''}"
        for other_key in self.by_name.get(name.lower(), []):
            other = self.organisations[other_key]
            if country is None or other["country"] in (None, country):
                spec = self.reader.specs.get(other_key)
                if country and other["country"] is None and spec is not None:
                    # A later mention says whose it is ("State Duma Speaker A" of Russia).
                    other["country"] = spec.fields["country"] = country
                    spec.notes = []
                    spec.citations.append(self.reader.citation(sentence, ["country"]))
                return
        aliases = {name}
        stripped = re.sub(r"\s+(?:Party|Corporation|Company)$", "", name)
        if stripped != name and len(stripped.split()) >= 1:
            aliases.add(stripped)
        capitals = [w for w in name.split() if w[:1].isupper()]
        if len(capitals) >= 2:
            initials = "".join(w[0] for w in capitals)
            if len(initials) >= 2:
                aliases.add(initials)
        entry: dict[str, Any] = {"name": name, "country": country, "aliases": aliases}
        self.by_name.setdefault(name.lower(), []).append(key)
        if known is not None:
            entry["ref"] = known.id
            entry["aliases"] |= set(known.names)
            self.organisations[key] = entry
            return
        fields = {"name": name, "kind": kind, "country": country, "parent": None, "note": ""}
        supports = ["name", "kind"] + (["country"] if country else [])
        spec = Spec(key, "organisation", fields, [self.reader.citation(sentence, supports)], 0.6)
        if country is None:
            spec.notes.append(
                "The text does not say whose it is: give the country (empty for an "
                "international body)."
            )
        self.reader.add(spec)
        entry["ref"] = {"draft": key}
        self.organisations[key] = entry

    def organisations_in(self, text: str) -> list[Any]:
        found = []
        for entry in self.organisations.values():
            for alias in sorted(entry["aliases"], key=len, reverse=True):
                if re.search(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", text):
                    found.append((text.find(alias), entry["ref"]))
                    break
        return [ref for _, ref in sorted(found, key=lambda item: item[0])]

    # Documents -----------------------------------------------------------------------------

    def find_documents(self) -> None:
        count = 0
        for sentence in self.reader.sentences:
            text = sentence.text
            seen: list[tuple[int, int]] = []
            for verb in SIGNED.finditer(text):
                if NOT_YET.search(text[: verb.start()]):
                    continue  # to be signed: not yet a document
                found = self.signed_near(text, verb)
                for match, sets in found:
                    if any(match.start() < end and match.end() > start for start, end in seen):
                        continue
                    seen.append((match.start(), match.end()))
                    for quantity, adjectives, noun, tail in sets:
                        self.document(
                            sentence, verb, match, quantity, adjectives, noun, tail, count
                        )
                        count += 1
            for match in DATED_DOCUMENT.finditer(text):
                if any(match.start() < end and match.end() > start for start, end in seen):
                    continue
                seen.append((match.start(), match.end()))
                self.dated_document(sentence, match, count)
                count += 1

    def signed_near(self, text: str, verb: re.Match) -> list[tuple[re.Match, list[tuple]]]:
        """The documents a signing verb is about: its object ("signed an agreement") or its
        subject ("a memorandum … was signed")."""
        found: list[tuple[re.Match, list[tuple]]] = []
        for pattern in (TWO_SETS, DOC_PHRASE):
            # Near the verb only: a long sentence is not read again for each verb in it.
            first = pattern.search(text, verb.end(), verb.end() + 600)
            after = [first] if first is not None and first.start() - verb.end() <= 25 else []
            before = [
                m
                for m in pattern.finditer(text, max(0, verb.start() - 400), verb.start())
                if PASSIVE.fullmatch(text[m.end() : verb.start()])
                or re.fullmatch(r"\s*(?:,\s*)?", text[m.end() : verb.start()])
            ]
            for match in after[:1] + before[-1:]:
                if pattern is TWO_SETS:
                    sets = [
                        (match["q1"], match["a1"], match["noun"], ""),
                        (match["q2"], match["a2"], match["noun"], ""),
                    ]
                else:
                    # "the document", "a statement": a word for one told elsewhere.
                    if (
                        re.match(r"(?:documents?|statements?)$", match["noun"], re.I)
                        and not (match["quantity"] or match["adjectives"].strip() or match["tail"])
                        and match["det"].strip().lower() in ("the", "a", "an")
                    ):
                        continue
                    sets = [
                        (
                            match["quantity"],
                            match["adjectives"],
                            match["noun"],
                            match["tail"] or "",
                        )
                    ]
                if not any(match.start() < m.end() and match.end() > m.start() for m, _ in found):
                    found.append((match, sets))
            if found:
                break
        return found

    def document_kind(self, words: str, signatories: list[Any]) -> str:
        kind = next(
            (k for pattern, k in DOCUMENT_KINDS if re.search(pattern, words, re.IGNORECASE)),
            DocumentKind.OTHER,
        )
        if (
            kind == DocumentKind.AGREEMENT
            and signatories
            and all(self.organisation_kind(ref) == OrganisationKind.PARTY for ref in signatories)
        ):
            return DocumentKind.PARTY_AGREEMENT
        return kind

    def organisation_kind(self, ref: Any) -> str | None:
        if isinstance(ref, dict):
            spec = self.reader.specs.get(ref["draft"])
            return spec.fields.get("kind") if spec else None
        known = next((o for o in self.reader.lexicon.organisations if o.id == ref), None)
        return known.kind if known else None

    def document(
        self,
        sentence: "Sentence",
        verb: re.Match,
        match: re.Match,
        quantity_word: str | None,
        adjectives: str,
        noun: str,
        tail: str,
        index: int,
    ) -> None:

        text = sentence.text
        quantity = quantity_value(quantity_word) or (
            1 if not re.search(r"s$|memoranda|treaties", noun) else None
        )
        adjectives = re.sub(r"\s+", " ", adjectives).strip()
        tail = re.sub(r"\s+", " ", tail).strip()
        # Who signed: the bodies named before the verb (an active sentence's subject).
        subject = text[: verb.start()] if match.start() >= verb.end() else ""
        subject = re.split(r"[;]|,\s+(?:and|while|when)\b", subject)[-1]
        signatories = self.organisations_in(subject) if subject else []
        people = self.reader.people_in(subject) if subject else []
        if people:
            signatories = []
        words = f"{adjectives} {noun} {tail}"
        kind = self.document_kind(words, signatories)
        titled = re.match(r"(?:titled|entitled|called)\s+(.+)", tail)
        if titled:
            title = f"{sentence_case(noun)} “{titled[1].strip(' “”"')}”"
        else:
            counted = f"{quantity_word} " if quantity_word and quantity and quantity > 1 else ""
            title = sentence_case(f"{counted}{adjectives} {noun} {tail}".strip())
            title = re.sub(r"\s+", " ", title)
        if signatories and not titled:
            names = [self.organisation_name(ref) for ref in signatories]
            if len(names) >= 2 and " between " not in title:
                title += f" between {' and '.join(names)}"
        parties: list[str] = []
        if not signatories and kind != DocumentKind.COMMERCIAL:
            named = self.countries_of(adjectives)
            parties = named if len(named) >= 2 else sorted(self.reader.pair)
        fields: dict[str, Any] = {
            "title": title[:500],
            "kind": kind,
            "start_date": None,
            "end_date": None,
            "date_precision": None,
            "parties": parties,
            "signatories": signatories,
            "round": None,
            "quantity": quantity or 1,
            "topics": self.topics(text),
            "description": "",
        }
        notes: list[str] = []
        supports = ["title", "kind", "quantity"] + (["signatories"] if signatories else [])
        citations: list[dict[str, Any]] = []
        resolved = [d for d in self.dates_in(sentence) if d.resolved is not None]
        # "the treaty signed in 2001": the date right after the verb, whatever its precision.
        beside = [d for d in resolved if 0 <= d.start - verb.end() <= 12]
        dates = beside or [d for d in resolved if d.resolved and d.resolved.precision != "year"]
        told = self.round_for(sentence)
        if dates and told is not None and told.fields.get("start_date"):
            date = min(dates, key=lambda d: abs(d.start - verb.start()))
            assert date.resolved is not None
            if not (
                told.fields["start_date"] <= date.resolved.end.isoformat()
                and date.resolved.start.isoformat() <= told.fields["end_date"]
            ):
                told = None  # signed on another occasion than the round told
        if dates:
            date = min(dates, key=lambda d: abs(d.start - verb.start()))
            assert date.resolved is not None
            fields["start_date"] = date.resolved.start.isoformat()
            fields["end_date"] = date.resolved.end.isoformat()
            fields["date_precision"] = date.resolved.precision
            supports.append("start_date")
            citations.append(self.reader.citation(sentence, supports, date))
        else:
            citations.append(self.reader.citation(sentence, supports))
        if told is not None:
            fields["round"] = self.round_ref(told)
            if fields["start_date"] is None and told.fields.get("start_date"):
                start, end = told.fields["start_date"], told.fields["end_date"]
                precision = told.fields["date_precision"]
                fields["start_date"], fields["end_date"] = start, end
                fields["date_precision"] = (
                    "within" if precision in ("day", "within") and start != end else precision
                )
            told_sentence = next((s for s, spec in self.rounds if spec is told), sentence)
            if told_sentence is not sentence:
                citations.append(
                    {
                        **self.reader.citation(told_sentence, ["round", "start_date"]),
                        "basis": CitationBasis.INFERRED,
                        "note": "Signed at the round this sentence tells (the one just before).",
                    }
                )
            elif "round" not in citations[0]["supports"]:
                citations[0]["supports"].append("round")
        if fields["start_date"] is None:
            notes.append("Date unresolved: the text does not say when it was signed.")
        spec = Spec(f"document:{index}", "document", fields, citations, 0.6, notes=notes)
        self.match_document(spec)
        self.reader.add(spec)

    def organisation_name(self, ref: Any) -> str:
        if isinstance(ref, dict):
            spec = self.reader.specs.get(ref["draft"])
            return spec.fields["name"] if spec else ""
        known = next((o for o in self.reader.lexicon.organisations if o.id == ref), None)
        return known.name if known else ""

    def dated_document(self, sentence: "Sentence", match: re.Match, index: int) -> None:

        found = next(
            (
                d
                for d in self.dates_in(sentence)
                if d.start < match.end("date") and d.end > match.start("date")
            ),
            None,
        )
        resolved = found.resolved if found else None
        adjectives = match["adjectives"].strip()
        noun = match["noun"]
        tail = (match["tail"] or "").strip()
        named = self.countries_of(adjectives)
        title = sentence_case(re.sub(r"\s+", " ", f"{adjectives} {noun} {tail}"))
        kind = self.document_kind(noun, [])
        fields: dict[str, Any] = {
            "title": title[:500],
            "kind": kind,
            "start_date": resolved.start.isoformat() if resolved else None,
            "end_date": resolved.end.isoformat() if resolved else None,
            "date_precision": resolved.precision if resolved else None,
            "parties": named if len(named) >= 2 else sorted(self.reader.pair),
            "signatories": [],
            "round": None,
            "quantity": 1,
            "topics": self.topics(sentence.text),
            "description": "",
        }
        supports = ["title", "kind", "parties"] + (["start_date"] if resolved else [])
        spec = Spec(
            f"document:{index}",
            "document",
            fields,
            [self.reader.citation(sentence, supports, found)],
            0.5,
        )
        self.match_document(spec)
        self.reader.add(spec)

    # Records the registry holds -------------------------------------------------------------

    def match_document(self, spec: "Spec") -> None:
        """A stored document of the same kind, count, date and parties is the target: the
        draft adds its citation instead of proposing a duplicate."""
        fields = spec.fields
        start = fields["start_date"]
        key = (
            fields["kind"],
            fields["quantity"],
            datetime.date.fromisoformat(start) if start else None,
            tuple(sorted(fields["parties"])),
        )
        known = self.reader.lexicon.stored.document(key)
        if known is not None:
            spec.target = known.id
            spec.notes.append(
                f"The registry holds this document ({known.id}): accepting adds the citation."
            )

    def match_indicator(self, spec: "Spec") -> None:
        """A stored figure of the same value, unit and period is the target."""
        fields = spec.fields
        if not fields["start_date"]:
            return
        key = (
            Decimal(fields["value"]),
            fields["unit"],
            datetime.date.fromisoformat(fields["start_date"]),
            datetime.date.fromisoformat(fields["end_date"]),
        )
        known = self.reader.lexicon.stored.indicator(key)
        if known is not None:
            spec.target = known.id
            spec.notes.append(
                f"The registry holds this figure ({known.id}): accepting adds the citation."
            )

    def topics(self, text: str) -> list[str]:
        return [
            slug
            for name, slug in self.reader.lexicon.topics.items()
            if name.lower() in text.lower()
        ]

    # Figures -------------------------------------------------------------------------------

    def find_indicators(self) -> None:
        count = 0
        for sentence in self.reader.sentences:
            text = sentence.text
            taken: list[tuple[int, int]] = [(d.start, d.end) for d in self.dates_in(sentence)]
            figures: list[tuple[re.Match, str]] = []
            for pattern, kind in ((MONEY, "money"), (PERCENT, "percent"), (COUNT, "count")):
                for match in pattern.finditer(text):
                    if any(match.start() < end and match.end() > start for start, end in taken):
                        continue
                    taken.append((match.start(), match.end()))
                    figures.append((match, kind))
            for match, kind in sorted(figures, key=lambda item: item[0].start()):
                if self.indicator(sentence, match, kind, count):
                    count += 1

    def indicator(self, sentence: "Sentence", match: re.Match, kind: str, index: int) -> bool:

        text = sentence.text
        number = match["number"] or match.groupdict().get("number2")
        if not number:
            return False
        value = number_value(number)
        before = text[: match.start()]
        comparator = Comparator.EQUAL
        said = COMPARATOR_BEFORE.search(before)
        stated_from = match.start()
        if said:
            comparator = next(
                k for pattern, k in COMPARATORS if re.fullmatch(pattern, said["words"], re.I)
            )
            stated_from = said.start()
        if kind == "money":
            scale = match["scale"] or match.groupdict().get("scale2")
            value *= SCALES.get((scale or "").lower(), 1)
            sign = match["sign"]
            unit = (
                CURRENCY_SIGNS[sign]
                if sign
                else (match["code"] or CURRENCY_WORDS[re.sub(r"\s+", " ", match["word"]).lower()])
            )
            name = self.subject(text, match)
        elif kind == "percent":
            unit = "percent"
            subject = self.subject(text, match)
            if subject is None:
                return False
            between = text[text.lower().rfind(subject.lower()) + len(subject) : match.start()]
            if GROWTH.search(between):
                name = f"Growth of {subject[:1].lower() + subject[1:]}"
            elif DECLINE.search(between):
                name = f"Decline of {subject[:1].lower() + subject[1:]}"
            else:
                name = subject
        else:
            if value < 2 or (1900 <= value <= 2100 and "." not in number):
                return False
            noun = re.sub(r"\s+", " ", match["noun"])
            if self.reader.country_re.search(noun) or re.search(r"[A-Z]", noun):
                return False
            unit = noun.split()[-1]
            name = sentence_case(f"{noun} {(match['tail'] or '').strip()}".strip())
        if not name:
            return False
        if value >= Decimal(10) ** 20:
            return False
        stated = (
            text[stated_from : match.end()]
            if kind != "count"
            else (text[stated_from : match.end("number")])
        )
        date = self.period(sentence, match)
        fields: dict[str, Any] = {
            "name": name[:300],
            "countries": sorted(self.reader.pair),
            "comparator": comparator,
            "value": decimal_text(value),
            "unit": unit[:50],
            "value_as_stated": stated.strip()[:100],
            "start_date": None,
            "end_date": None,
            "date_precision": None,
            "note": "",
        }
        supports = ["name", "comparator", "value", "unit", "value_as_stated"]
        notes: list[str] = []
        citations: list[dict[str, Any]]
        if date is not None and date.resolved is not None:
            fields["start_date"] = date.resolved.start.isoformat()
            fields["end_date"] = date.resolved.end.isoformat()
            fields["date_precision"] = date.resolved.precision
            citations = [self.reader.citation(sentence, [*supports, "start_date"], date)]
        elif self.reader.published is not None:
            year = self.reader.published.year
            fields["start_date"] = datetime.date(year, 1, 1).isoformat()
            fields["end_date"] = datetime.date(year, 12, 31).isoformat()
            fields["date_precision"] = "year"
            citations = [
                self.reader.citation(sentence, supports),
                {
                    **self.reader.citation(sentence, ["start_date"]),
                    "basis": CitationBasis.INFERRED,
                    "note": f"The sentence gives no period; read as the year of publication "
                    f"({year}).",
                },
            ]
            notes.append(f"The period is not stated: read as {year}, the year of publication.")
        else:
            citations = [self.reader.citation(sentence, supports)]
            notes.append("The period is not stated and the source has no publication date.")
        spec = Spec(f"indicator:{index}", "indicator", fields, citations, 0.6, notes=notes)
        self.match_indicator(spec)
        self.reader.add(spec)
        return True

    def subject(self, text: str, match: re.Match) -> str | None:
        """What a sum or a share measures: the nearest trade-like phrase before it (or just
        after: "$5 billion in trade"), else the words before its verb ("the volume of
        investment reached …")."""
        before = [m for m in SUBJECT.finditer(text[: match.start()])]
        tail = re.match(r"\s+(?:in|of|worth\s+of)\s+" + SUBJECT.pattern, text[match.end() :])
        if before:
            subject = before[-1]["subject"]
        elif tail:
            subject = tail["subject"]
        else:
            verb = VERB_BEFORE.search(text[: match.start()])
            if verb is None:
                return None
            subject = re.split(r",\s*", verb["subject"])[-1]
            subject = re.sub(
                r"^(?:the|a|an|and|that|which|it|its)\s+", "", subject.strip(), flags=re.I
            )
            if (
                not subject
                or len(subject.split()) > 5
                or re.search(r"\b(?:we|they|it)\b", subject, re.I)
            ):
                return None
        subject = re.sub(r"\s+", " ", subject).strip()
        subject = re.sub(r"^(?:the|a|an)\s+", "", subject, flags=re.I)
        return sentence_case(subject)

    def period(self, sentence: "Sentence", match: re.Match) -> FoundDate | None:
        """The year the figure is for (the nearest year the sentence names), else a month
        named right beside it ("in January 2019, exports of $2 billion")."""

        def distance(d: FoundDate) -> int:
            return min(abs(d.start - match.end()), abs(match.start() - d.end))

        dates = [d for d in self.dates_in(sentence) if d.resolved is not None]
        years = [d for d in dates if d.resolved and d.resolved.precision == "year"]
        if years:
            return min(years, key=distance)
        months = [
            d for d in dates if d.resolved and d.resolved.precision == "month" and distance(d) <= 30
        ]
        return min(months, key=distance) if months else None

    def read(self) -> None:
        self.find_organisations()
        self.find_documents()
        self.find_indicators()
