"""Dates as releases write them, resolved against the day the release was published.

"On May 30" in a release of 29 May 2019 is 2019-05-30; "in July of last year" is July 2018
(month precision); "June 28–29" and "July 30–August 1" are spans of days; "earlier this year"
is the year. One definition serves the seed's checks and the ingestion of new releases.

A phrase with no year is put in the year that brings it nearest the publication date (a
release of 5 January speaks of "December 28" of the year before). Anything this grammar does
not read gives None: the caller keeps the phrase and leaves the date unresolved.
"""

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass

from .choices import DatePrecision
from .dates import derive_end_date

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
DASH = r"\s*(?:-|–|—|to|until|through|and)\s*"
YEAR = r"(?:,?\s*(?P<year>\d{4}))"
RELATIVE_YEAR = (
    r"(?:,?\s*(?:of\s+)?(?P<relative>this|last|next|the\s+current|the\s+previous|the\s+past"
    r"|the\s+coming|the\s+following)\s+year)"
)
YEAR_PART = rf"(?:{YEAR}|{RELATIVE_YEAR})?"
# Leading words ("on", "in early", "during the") are bounded: an unbounded run made every
# pattern rescan "in in in …" from each word, at a cost of the square of the text.
LEAD_WORDS = 4
LEAD = (
    r"^(?:(?:on|in|from|since|by|at|during|between|of|early|mid|late|the)\b[\s-]*)"
    rf"{{0,{LEAD_WORDS}}}"
)


def _pattern(body: str) -> re.Pattern[str]:
    return re.compile(LEAD + body + YEAR_PART + r"\s*[.,;]?$", re.IGNORECASE)


M = MONTH.format("month")
M2 = MONTH.format("month2")
D = DAY.format("day")
D2 = DAY.format("day2")
FORMS = [
    # July 30–August 1 · 30 July – 1 August
    _pattern(rf"{M}\s+{D}{DASH}{M2}\s+{D2}"),
    _pattern(rf"{D}\s+{M}{DASH}{D2}\s+{M2}"),
    # June 28–29 · 28–29 June
    _pattern(rf"{M}\s+{D}{DASH}{D2}"),
    _pattern(rf"{D}{DASH}{D2}\s+{M}"),
    # May 30 · 30 May
    _pattern(rf"{M}\s+{D}"),
    _pattern(rf"{D}\s+(?:of\s+)?{M}"),
    # in July
    _pattern(M),
]
WHOLE_YEAR = re.compile(
    LEAD + r"(?:(?P<year>\d{4})|(?:earlier|later|the\s+start\s+of|the\s+end\s+of)?\s*"
    r"(?P<relative>this|last|next|the\s+current|the\s+previous|the\s+past|the\s+coming"
    r"|the\s+following)\s+year)\s*[.,;]?$",
    re.IGNORECASE,
)
YEAR_RANGE = re.compile(
    r"^(?:(?:in|during|from|between|of)\s+)?(?P<year>\d{4})\s*(?:-|–|—|to|and)\s*(?P<year2>\d{4})"
    r"\s*[.,;]?$",
    re.IGNORECASE,
)
LATER_THIS_YEAR = re.compile(
    r"^(?:(?:in|during)\s+)?later\s+(?:this|the\s+current)\s+(?P<period>year|month)\s*[.,;]?$",
    re.IGNORECASE,
)
YEAR_OFFSETS = {
    "this": 0,
    "the current": 0,
    "last": -1,
    "the previous": -1,
    "the past": -1,
    "next": 1,
    "the coming": 1,
    "the following": 1,
}


# Seasons (northern, meteorological: the releases read so far are of the northern hemisphere)
# and parts of a month or a year, as spans a date falls within ("in the autumn of 2022",
# "late October", "early next year", "the first half of the year", "by the end of the year").
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
# Days of a month, months of a year: early, mid, late.
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
PART = (
    r"(?P<part>early|mid|late|the\s+(?:start|beginning|middle|end)\s+of"
    r"|(?:the\s+)?(?P<half>first|second)\s+half\s+of)"
)
PERIOD_RELATIVE = (
    r"(?P<relative>this|last|next|the\s+current|the\s+previous|the\s+past|the\s+coming"
    r"|the\s+following)"
)
PERIOD_YEAR = rf"(?:(?P<year>\d{{4}})|(?:the\s+)?year|{PERIOD_RELATIVE}\s+year)"
PERIOD_BODIES = (
    # late October · the end of October 2022 · mid-March of next year
    rf"{PART}[\s-]+{M}(?:,?\s*(?:of\s+)?{PERIOD_YEAR})?",
    # in the autumn of 2022 · this spring · late summer · winter 2021
    r"(?:(?P<spart>early|mid|late)[\s-]+)?(?:(?P<srelative>this|last|next)\s+|the\s+)?"
    r"(?P<season>spring|summer|autumn|fall|winter)"
    rf"(?:,?\s+(?:of\s+)?{PERIOD_YEAR})?",
    # early next year · the first half of the year · by the end of 2023 · mid-2024
    rf"{PART}[\s-]+{PERIOD_YEAR}",
)
PERIOD_FORMS = [
    re.compile(
        r"^(?P<by>by\s+)?(?:(?:in|during|from|of|at|on|the)\s+){0,2}" + body + r"\s*[.,;]?$",
        re.IGNORECASE,
    )
    for body in PERIOD_BODIES
]


# The days next to the publication's: "today", "yesterday", "tomorrow's meeting".
NEAR_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
NEAR_DAY = re.compile(
    r"^(?:(?:on|from|since|until|by|of)\s+)?(?P<near>today|yesterday|tomorrow)(?:['’]s)?$", re.I
)
WEEKDAYS = [day.lower() for day in calendar.day_name]
_WEEKDAY = r"(?P<weekday>" + "|".join(calendar.day_name) + r")"
WEEKDAY_FIRST = re.compile(r"^(?:on\s+)?" + _WEEKDAY + r",?\s+(?:the\s+)?(?P<rest>.+)$", re.I)
WEEKDAY_REACH = 20  # "on Wednesday, the " is 18 characters
# A weekday alone: "on Sunday", "last Monday", "next Friday" (one with a date is the date's).
WEEKDAY_ALONE = re.compile(r"^(?P<lead>on|last|next)\s+" + _WEEKDAY + r"$", re.I)
WEEKDAY_BEFORE = re.compile(r"(?<![\w-])(?:on\s+)?" + _WEEKDAY + r",?\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class ResolvedDate:
    """The span a phrase names, as a record stores it."""

    start: datetime.date
    end: datetime.date
    precision: str


def _year_offset(relative: str) -> int:
    return YEAR_OFFSETS[" ".join(relative.lower().split())]


def _nearest_year(month: int, day: int, against: datetime.date) -> int:
    """The year in which month/day lies nearest to `against`."""
    candidates = []
    for year in (against.year - 1, against.year, against.year + 1):
        try:
            candidates.append(datetime.date(year, month, min(day, 28) if month == 2 else day))
        except ValueError:
            continue
    return min(candidates, key=lambda day_: abs((day_ - against).days)).year


def resolve_date_phrase(phrase: str, against: datetime.date | None) -> ResolvedDate | None:
    """The dates `phrase` names, read against the publication date; None when it names no
    date this grammar reads, or a relative one with nothing to resolve it against."""
    text = " ".join(phrase.split())
    if near := NEAR_DAY.match(text.rstrip(".,;")):
        if against is None:
            return None
        day = against + datetime.timedelta(days=NEAR_DAYS[near["near"].lower()])
        return ResolvedDate(day, day, DatePrecision.DAY)
    if alone := WEEKDAY_ALONE.match(text.rstrip(".,;")):
        return _weekday_alone(alone["lead"].lower(), alone["weekday"].lower(), against)
    if weekday := WEEKDAY_FIRST.match(text):
        resolved = resolve_date_phrase(weekday["rest"], against)
        if resolved is None or resolved.precision != DatePrecision.DAY or against is None:
            return resolved
        if re.search(r"\d{4}|\byear\b", weekday["rest"]):
            return resolved
        return _on_weekday(resolved, WEEKDAYS.index(weekday["weekday"].lower()), against)
    for form in PERIOD_FORMS:
        if found := form.match(text):
            return _resolve_period(found.groupdict(), against)
    if (later := LATER_THIS_YEAR.match(text)) and against is not None:
        # "later this year", "later this month": any day after the publication to its end.
        end = (
            datetime.date(against.year, 12, 31)
            if later["period"].lower() == "year"
            else _month_end(against.year, against.month)
        )
        return ResolvedDate(
            min(against + datetime.timedelta(days=1), end), end, DatePrecision.WITHIN
        )
    if years := YEAR_RANGE.match(text):
        # "in 2014-2015", "from 2016 to 2017": the years, whole.
        first, last = int(years["year"]), int(years["year2"])
        if first < last <= first + 10:
            return ResolvedDate(
                datetime.date(first, 1, 1), datetime.date(last, 12, 31), DatePrecision.YEAR
            )
        return None
    whole = WHOLE_YEAR.match(text)
    if whole:
        if whole["year"]:
            year = int(whole["year"])
        elif against is None:
            return None
        else:
            year = against.year + _year_offset(whole["relative"])
        start = datetime.date(year, 1, 1)
        return ResolvedDate(start, derive_end_date(start, DatePrecision.YEAR), DatePrecision.YEAR)
    for form in FORMS:
        found = form.match(text)
        if found:
            return _resolve(found.groupdict(), against)
    return None


def _weekday_alone(lead: str, weekday: str, against: datetime.date | None) -> ResolvedDate | None:
    """ "on Sunday": the last Sunday on or before the publication (a release tells the week's
    events; `dialogue.ingestion` moves it to the next one when the sentence tells the future);
    "last Sunday" the one before it, "next Sunday" the one after it."""
    if against is None:
        return None
    back = (against.weekday() - WEEKDAYS.index(weekday)) % 7
    if lead == "last" and back == 0:
        back = 7
    day = against - datetime.timedelta(days=back)
    if lead == "next":
        day += datetime.timedelta(days=7)
    return ResolvedDate(day, day, DatePrecision.DAY)


def _period_year(parts: dict[str, str | None], against: datetime.date | None) -> int | None:
    if parts.get("year"):
        return int(parts["year"])  # type: ignore[arg-type]
    if against is None:
        return None
    relative = parts.get("relative") or parts.get("srelative")
    return against.year + (_year_offset(relative) if relative else 0)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _resolve_period(
    parts: dict[str, str | None], against: datetime.date | None
) -> ResolvedDate | None:
    """A season or a part of a month or a year: the span it names, precision `within`."""
    year = _period_year(parts, against)
    if year is None:
        return None
    part = " ".join((parts.get("part") or parts.get("spart") or "").lower().split())
    part = {
        "the start of": "early",
        "the beginning of": "early",
        "the middle of": "mid",
        "the end of": "late",
    }.get(part, part)
    half = (parts.get("half") or "").lower()
    stated = bool(parts.get("year") or parts.get("relative") or parts.get("srelative"))
    if season := parts.get("season"):
        first, last = SEASONS[season.lower()]
        if not stated and against is not None:
            # "in the spring": the one nearest the publication date.
            year = min(
                (against.year - 1, against.year, against.year + 1),
                key=lambda y: abs((datetime.date(y, first, 15) - against).days),
            )
        # Its three months; "early", "mid" and "late" take one of them.
        months = [(year + (first + k - 1) // 12, (first + k - 1) % 12 + 1) for k in range(3)]
        if part:
            months = [months[{"early": 0, "mid": 1, "late": 2}[part]]]
        start = datetime.date(*months[0], 1)
        end = _month_end(*months[-1])
    elif parts.get("month"):
        month = MONTHS[str(parts["month"]).lower()]
        if not stated and against is not None:
            year = _nearest_year(month, 15, against)
        last_day = calendar.monthrange(year, month)[1]
        if half:
            first_day, end_day = (1, 15) if half == "first" else (16, last_day)
        else:
            first_day, end_day = MONTH_PARTS[part]
        start = datetime.date(year, month, first_day)
        end = datetime.date(year, month, min(end_day, last_day))
    else:
        if half:
            first, last = (1, 6) if half == "first" else (7, 12)
        else:
            first, last = YEAR_PARTS[part]
        start = datetime.date(year, first, 1)
        end = _month_end(year, last)
    if parts.get("by") and part == "late":
        # "by the end of the year": any day from the publication to the year's end.
        start = against if against is not None and against <= end else datetime.date(year, 1, 1)
    return ResolvedDate(start, end, DatePrecision.WITHIN)


def _resolve(parts: dict[str, str | None], against: datetime.date | None) -> ResolvedDate | None:
    month = MONTHS[parts["month"].lower()]  # type: ignore[union-attr]
    month2 = MONTHS[(parts.get("month2") or "").lower()] if parts.get("month2") else month
    day = int(parts.get("day") or 0) if parts.get("day") else None
    day2 = int(parts.get("day2") or 0) if parts.get("day2") else day
    if parts.get("year"):
        year = int(parts["year"])  # type: ignore[arg-type]
    elif against is None:
        return None
    elif parts.get("relative"):
        year = against.year + _year_offset(parts["relative"])  # type: ignore[arg-type]
    else:
        year = _nearest_year(month, day or 1, against)
    year2 = year + 1 if month2 < month else year  # "December 30 – January 2"
    try:
        if day is None:
            start = datetime.date(year, month, 1)
            return ResolvedDate(
                start, derive_end_date(start, DatePrecision.MONTH), DatePrecision.MONTH
            )
        start = datetime.date(year, month, day)
        end = datetime.date(year2, month2, day2)  # type: ignore[arg-type]
    except ValueError:  # "February 30"
        return None
    if end < start:
        return None
    return ResolvedDate(start, end, DatePrecision.DAY)


# --- Date phrases inside a sentence -----------------------------------------------------------

_SEARCH_LEAD = (
    r"(?:\b(?:on|in|from|since|by|during|between|of|early|mid|late|the)\s+)"
    rf"{{0,{LEAD_WORDS}}}"
)
_SEARCH_YEAR_PART = rf"(?:{YEAR}\b|{RELATIVE_YEAR})?"
_SEARCHES = (
    [
        re.compile(
            r"(?<![\w-])(?:\bby\s+)?(?:\b(?:in|during|from|of|at|on|the)\s+){0,2}"
            + body
            + r"(?![\w-])",
            re.IGNORECASE,
        )
        for body in PERIOD_BODIES
    ]
    + [
        re.compile(
            r"(?<![\w-])(?:\b(?:on|from|since|until|by)\s+)?\b(?:today|yesterday|tomorrow)\b",
            re.IGNORECASE,
        )
    ]
    + [re.compile(r"(?<![\w-])\blater\s+this\s+month\b", re.IGNORECASE)]
    + [
        re.compile(
            # Not a period in a name's brackets: "the Action Plan (2025-2027)".
            r"(?<![\w(-])(?:\b(?:in|during|from|between)\s+)?\b\d{4}\s*(?:-|–|—|\bto\b)\s*\d{4}\b",
            re.IGNORECASE,
        )
    ]
    + [
        re.compile(
            r"(?<![\w-])\b(?:on|last|next)\s+(?-i:" + "|".join(calendar.day_name) + r")\b"
            # Not a weekday a date follows ("on Friday, 8 June"): the date's phrase takes it.
            r"(?!,?\s+(?:the\s+)?(?:\d|[A-Z][a-z]+\.?\s+\d))",
            re.IGNORECASE,
        )
    ]
    + [
        re.compile(
            rf"(?<![\w-]){_SEARCH_LEAD}(?:{body}){_SEARCH_YEAR_PART}(?![\w-])",
            re.IGNORECASE,
        )
        for body in (
            rf"{M}\s+{D}{DASH}{M2}\s+{D2}",
            rf"{D}\s+{M}{DASH}{D2}\s+{M2}",
            rf"{M}\s+{D}{DASH}{D2}\b",
            rf"{D}{DASH}{D2}\s+{M}",
            rf"{M}\s+{D}\b",
            rf"{D}\s+(?:of\s+)?{M}",
            M,
        )
    ]
    + [
        re.compile(
            r"(?<![\w-])(?:\b(?:in|since|by|during|of|early|mid|late)\s+)"
            rf"{{0,{LEAD_WORDS}}}(?:(?P<year>\d{{4}})(?!\s*(?:per|%|-))"
            # The qualifier's space belongs to it: `\s*` alone rescanned a run of spaces from each.
            r"|(?:(?:earlier|later|the\s+start\s+of|the\s+end\s+of)\s+)?(?P<relative>this|last|next"
            r"|the\s+current|the\s+previous|the\s+past|the\s+coming|the\s+following)\s+year)\b",
            re.IGNORECASE,
        )
    ]
)


def _a_season(parts: dict[str, str | None], text: str, before: str, after: str) -> bool:
    """A season named as a time ("in the spring", "late summer", "autumn 2022"), not a word
    of a name ("the Winter Olympics", "the Arab Spring") nor a verb ("prices fall")."""
    if re.match(r"\s+[A-Z]|-\w", after) or (
        text[0].isupper()
        and re.search(r"\b(?!(?:In|During|By|This|Last|Next|The|Early|Late)\b)[A-Z]\w*\s+$", before)
    ):
        return False
    dated = bool(parts.get("year") or parts.get("relative") or parts.get("srelative"))
    if str(parts["season"]).lower() == "fall":
        return dated
    return dated or bool(parts.get("spart")) or bool(re.search(r"\bthe\s+\w+$", text, re.I))


@dataclass(frozen=True)
class FoundDate:
    """A date phrase found in a sentence: as written, where, and what it resolves to (None
    when it cannot be resolved, such as a relative date without a publication date)."""

    phrase: str
    start: int
    end: int
    resolved: ResolvedDate | None


def find_date_phrases(sentence: str, against: datetime.date | None) -> list[FoundDate]:
    """Every date phrase of `sentence`, in order, longest first where they overlap ("July 2,
    1986" is one phrase, not "July 2" and "1986"); each resolved by `resolve_date_phrase`.

    A month name counts only when capitalised ("in May", not "may"), and a year only between
    1000 and 2999 (not "18.3 billion" nor "130 events")."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    candidates = []
    for pattern in _SEARCHES:
        for match in pattern.finditer(sentence):
            text = match.group(0).strip()
            parts = match.groupdict()
            months = [str(parts[name]) for name in ("month", "month2") if parts.get(name)]
            if any(not month[0].isupper() for month in months):
                continue
            year = parts.get("year")
            if year and not 1000 <= int(year) <= 2999:
                continue
            if (
                parts.get("month2")
                and re.search(r"\band\b", text)
                and not re.match(r"between\b", text, re.IGNORECASE)
            ):
                continue  # "on 3 February and 17 September": two dates, not a span
            if parts.get("season") and not _a_season(
                parts, text, sentence[: match.start()], sentence[match.end() :]
            ):
                continue
            start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
            candidates.append((start, start + len(text), text))
    for start, end, text in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        # `taken` is sorted and its spans do not overlap: only the neighbours can overlap this
        # one (a scan of all of them cost the square of the number of dates).
        at = bisect.bisect_left(taken, (start, end))
        if (at > 0 and taken[at - 1][1] > start) or (at < len(taken) and taken[at][0] < end):
            continue
        taken.insert(at, (start, end))
        # Only the few characters before: a search of the whole prefix for each date cost the
        # square of the sentence ("March March March …").
        lead = max(0, start - WEEKDAY_REACH)
        weekday = WEEKDAY_BEFORE.search(sentence[lead:start])
        if weekday is not None and re.search(r"\d", text):
            # "on Tuesday, 9 April": the phrase includes the weekday, which picks the year.
            start = lead + weekday.start()
            text = sentence[start:end].strip()
        found.append(FoundDate(text, start, end, resolve_date_phrase(text, against)))
    return sorted(found, key=lambda item: item.start)


def _on_weekday(resolved: ResolvedDate, weekday: int, against: datetime.date) -> ResolvedDate:
    """The same day and month in the year, nearest the publication date, in which it falls
    on the weekday the text gives (the nearest year otherwise)."""
    years = sorted(
        (against.year - 1, against.year, against.year + 1),
        key=lambda year: abs(year - resolved.start.year),
    )
    for year in years:
        try:
            start = resolved.start.replace(year=year)
        except ValueError:  # 29 February
            continue
        if start.weekday() == weekday:
            return ResolvedDate(start, start + (resolved.end - resolved.start), resolved.precision)
    return resolved
