"""Stated means the quote says it: whether a `stated` citation's quote holds the values it
supports.

A citation whose basis is `stated` claims that its quote says each value it supports. This
module checks the values a quote can be seen to say: a name or other name, a date, a number, a
person, a place and a country. The rest (a kind, a status, a summary in the analyst's words)
are not checked: no reading of a quote can tell whether it says them.

Both the quote and the value are read as words: case, diacritics, dashes, quotation marks and
possessives do not count, nor do articles; a country is the same word whatever it is called
(“Russia”, “the Russian Federation”, “Russian”). What each kind of value needs:

- a short name, another name, a venue, a figure as stated: its words, in order;
- a record's name: each of its words somewhere in the quote (a record's name is often the
  analyst's label of what the quote says, “Strategic stability consultations, July 2018”), a
  year among them also said by a date of the quote (“In July” of a release of 2018);
- a date: a date phrase of the quote (read by `date_phrases`, against the citation's
  `resolved_against` or the source's publication) that starts or ends on it, or, for a month or
  a year, that falls in it (“on 31 July 2018” says July 2018);
- a number: in digits or in words, cardinal or ordinal (“3”, “three”, “third”, “3rd”), times a
  scale word that follows it (“$18.3 billion”);
- a person: their surname, or any of their names; a place: its name or any of its other names;
  a country: its name, a short name or its adjective.

Everything is linear in the quote's length: one pass of a regular expression that cannot
backtrack to cut it into words, look-ups of runs of at most a country name's length of words,
and `date_phrases.find_date_phrases`, whose leading words are bounded.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.db import models

from .choices import CitationBasis, DatePrecision
from .date_phrases import find_date_phrases
from .ingestion.lexicon import country_names
from .models import Citation, Country, Person, Place
from .models.base import OtherNameBase
from .records import names_of

# Fields whose value is a name written as a text writes it: its words in order.
PHRASES = {"short_name", "venue", "value_as_stated"}
# Fields whose value is a record's name: each of its words in the quote.
WORDS = {"name"}
DATES = (models.DateField,)
NUMBERS = (models.IntegerField, models.DecimalField, models.FloatField)

ARTICLES = {"the", "a", "an", "s"}  # "s": what is left of a possessive ("Lavrov’s")
# Words of a name that say nothing of its own (“Talks on bilateral relations between …”).
LINKING = ARTICLES | {"of", "and", "in", "on", "at", "to", "for", "between", "with", "by", "from"}

WORD = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?|[^\W\d_]+|[+&$%]")
DASHES = str.maketrans({c: " " for c in "‐‑‒–—―-/"})
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})

UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
UNITS += "fifteen sixteen seventeen eighteen nineteen"
TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
ORDINAL_UNITS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
ORDINAL_UNITS += "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
ORDINAL_UNITS += "nineteenth"
ORDINAL_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
NUMBER_WORDS = {
    **{word: n for n, word in enumerate(UNITS.split())},
    **{word: n for n, word in enumerate(ORDINAL_UNITS.split())},
    **{word: 20 + 10 * n for n, word in enumerate(TENS.split())},
    **{word: 20 + 10 * n for n, word in enumerate(ORDINAL_TENS.split())},
    "once": 1,
    "twice": 2,
    "hundred": 100,
    "hundredth": 100,
}
TENS_VALUES = {20 + 10 * n for n in range(8)}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:st|nd|rd|th)$")


def plain(text: str) -> str:
    """`text` without diacritics and with one kind of apostrophe."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(QUOTES)


def fold(text: str) -> str:
    """`plain(text)` with dashes and slashes as spaces: “Russian-Japanese” is two words."""
    return plain(text).translate(DASHES)


@cache
def countries() -> tuple[dict[tuple[str, ...], str], int]:
    """Every usual name and adjective of a country, as its words (as written: “US” is not
    “us”), without a leading article; and the most words any has."""
    found: dict[tuple[str, ...], str] = {}
    for name, code in country_names().items():
        words = tuple(WORD.findall(fold(name)))
        if words and words[0] == "the":
            words = words[1:]
        if words:
            found[words] = code
    return found, max(len(words) for words in found)


def words(text: str) -> list[str]:
    """The words of `text`, lower case, a country's names as its code (`#RU`), articles out."""
    written = WORD.findall(fold(text))
    names, longest = countries()
    found: list[str] = []
    at = 0
    while at < len(written):
        for size in range(min(longest, len(written) - at), 0, -1):
            code = names.get(tuple(written[at : at + size]))
            if code is not None:
                found.append(f"#{code}")
                at += size
                break
        else:
            word = written[at].lower()
            if word not in ARTICLES:
                found.append(word)
            at += 1
    return found


def says_phrase(quote: list[str], value: str) -> bool:
    """The value's words, in order, are words of the quote."""
    wanted = words(value)
    return bool(wanted) and f" {' '.join(wanted)} " in f" {' '.join(quote)} "


def numbers(quote: list[str]) -> set[Decimal]:
    """The numbers the quote says, in digits or words, with the scale word after them."""
    found: set[Decimal] = set()
    previous: Decimal | None = None
    for word in quote:
        number: Decimal | None = None
        if word[0].isdigit():
            digits = ORDINAL_SUFFIX.sub("", word)
            # "18.3" is a decimal; "1,000" thousands (a comma before three digits).
            digits = re.sub(r",(?=\d{3}(?:\D|$))", "", digits).replace(",", ".")
            try:
                number = Decimal(digits)
            except InvalidOperation:
                number = None
        elif word in NUMBER_WORDS:
            number = Decimal(NUMBER_WORDS[word])
            if previous is not None and previous in TENS_VALUES and number < 10:
                found.add(previous + number)  # "twenty-one": its dash was cut
        elif word in SCALES and previous is not None:
            found.add(previous * SCALES[word])
        if number is not None:
            found.add(number)
        previous = number
    return found


Span = tuple[datetime.date, datetime.date, str]  # a date phrase's start, end and precision


def date_spans(citation: Citation) -> list[Span]:
    """The spans the quote's date phrases name, read against the date the citation gives or
    the source's publication."""
    against = citation.resolved_against
    if against is None and citation.source.published_at is not None:
        against = citation.source.published_at.date()
    return [
        (found.resolved.start, found.resolved.end, found.resolved.precision)
        for found in find_date_phrases(" ".join(plain(citation.quote).split()), against)
        if found.resolved is not None
    ]


def says_date(spans: list[Span], value: datetime.date, precision: str) -> bool:
    """A phrase starts or ends on the date (a day, or a bound of a range, said as a day), or,
    for a month or a year, falls in it: “on 31 July 2018” says July 2018, and “in July 2018”
    does not say 1 July."""
    for start, end, said in spans:
        if precision == DatePrecision.MONTH:
            if (start.year, start.month) == (value.year, value.month):
                return True
        elif precision == DatePrecision.YEAR:
            if start.year == value.year == end.year:
                return True
        elif said == DatePrecision.DAY and value in (start, end):
            return True
    return False


def stem(word: str) -> str:
    """The word without an ending of number or tense: “visited”, “visits” and “visit” are
    one word, as are “launching” and “launch” (a name is a noun, its quote often a verb)."""
    for ending, replacement in (("ies", "y"), ("s", "")):
        if len(word) > 4 and word.endswith(ending) and not word.endswith("ss"):
            word = word[: -len(ending)] + replacement
            break
    for ending in ("ing", "ed"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def says_words(quote: list[str], value: str, years: set[int]) -> bool:
    """Each word of the name that says something is in the quote (as a word, whatever its
    ending); a year, or in a date of the quote."""
    present = {stem(word) for word in quote}
    for word in words(value):
        if word in LINKING or stem(word) in present:
            continue
        if word.isdigit() and len(word) == 4 and int(word) in years:
            continue
        return False
    return True


def names_accessor(model: Any) -> str | None:
    """The name of the model's relation to its other names (`other_names`); None if none."""
    names_model = names_of(model)
    return next(
        (
            relation.get_accessor_name()
            for relation in model._meta.related_objects
            if names_model is not None and relation.related_model is names_model
        ),
        None,
    )


def other_names(record: models.Model) -> list[str]:
    """The record's name and its other names (as `selectors.record_lookups` loads them with the
    record that names it, so a page of provenance costs no query more a record)."""
    names = [str(record.name)]  # type: ignore[attr-defined]
    accessor = names_accessor(type(record))
    if accessor is not None:
        names += [str(other.name) for other in getattr(record, accessor).all()]
    return names


def says_person(quote: list[str], person: Person) -> bool:
    """The quote names the person: a surname (the last word of a name) or a whole name."""
    present = set(quote)
    for name in other_names(person):
        name_words = words(name)
        if name_words and (name_words[-1] in present or says_phrase(quote, name)):
            return True
    return False


def says_place(quote: list[str], place: Place) -> bool:
    return any(says_phrase(quote, name) for name in other_names(place))


# The records a value can be whose names the quote must say, and how it says one.
NAMED: dict[Any, Callable[[list[str], Any], bool]] = {Person: says_person, Place: says_place}


class Quote:
    """A stated citation's quote, read once for all the values it supports."""

    def __init__(self, citation: Citation) -> None:
        self.citation = citation
        self.words = words(citation.quote)
        self._numbers: set[Decimal] | None = None
        self._spans: list[Span] | None = None

    @property
    def numbers(self) -> set[Decimal]:
        if self._numbers is None:
            self._numbers = numbers(self.words)
        return self._numbers

    @property
    def spans(self) -> list[Span]:
        if self._spans is None:
            self._spans = date_spans(self.citation)
        return self._spans

    def says(self, instance: models.Model, name: str, precision: str) -> bool | None:
        """Whether the quote says the value of `name`; None when it is not a value this
        module can check."""
        field = instance._meta.get_field(name)
        if field.is_relation:
            many = field.many_to_many
            if field.related_model is Country:
                # A country is its code, as the quote's country names are (no query for one).
                if many:
                    codes = [country.pk for country in getattr(instance, name).all()]
                else:
                    codes = [value_of(instance, field)]
                return all(f"#{code}" in self.words for code in codes)
            check = NAMED.get(field.related_model)
            if check is None:
                return None
            values = list(getattr(instance, name).all()) if many else [getattr(instance, name)]
            return all(check(self.words, value) for value in values)
        value = getattr(instance, name)
        if isinstance(field, DATES):
            return says_date(self.spans, value, precision)
        if isinstance(field, NUMBERS) and not field.choices:
            if value == field.default:
                return None  # what a record is when its text gives no number (one document)
            return Decimal(value) in self.numbers
        if name in PHRASES:
            return says_phrase(self.words, str(value))
        if name in WORDS:
            if isinstance(instance, OtherNameBase):
                return says_phrase(self.words, str(value))  # a name as texts write it
            years = {day.year for start, end, _ in self.spans for day in (start, end)}
            return says_words(self.words, str(value), years)
        return None


def value_of(instance: models.Model, field: Any) -> Any:
    """A field's stored value (a foreign key's id, without loading its record)."""
    return getattr(instance, field.attname)


def precision_of(instance: models.Model, name: str) -> str:
    """The precision of the date `name` (`date_precision` for `start_date` and `end_date`,
    `established_precision` for `established`); day when it has none."""
    precision = "date_precision" if name in ("start_date", "end_date") else f"{name}_precision"
    return str(getattr(instance, precision, None) or DatePrecision.DAY)


def unverified_fields(
    instance: models.Model,
    claims: list[tuple[str, Any]],
    citations: list[Citation],
    supports: Callable[[Citation, str], bool],
) -> list[str]:
    """The claimed fields (of `claims`) that a stated citation supports but whose value its
    quote does not say. `supports(citation, name)` tells whether a citation supports a field
    (as provenance reads `supports`, a date with its claim)."""
    quotes: dict[int, Quote] = {}
    found = []
    for name, _ in claims:
        if name.endswith("precision"):
            continue  # a precision is read with its date
        stated = [c for c in citations if c.basis == CitationBasis.STATED and supports(c, name)]
        if not stated:
            continue
        precision = precision_of(instance, name)
        for citation in stated:
            if citation.pk not in quotes:
                quotes[citation.pk] = Quote(citation)
            quote = quotes[citation.pk]
            if quote.says(instance, name, precision) is False:
                found.append(name)
                break
    return found
