"""Dates as releases write them, resolved against the day the release was published.

"On May 30" in a release of 29 May 2019 is 2019-05-30; "in July of last year" is July 2018
(month precision); "June 28–29" and "July 30–August 1" are spans of days; "earlier this year"
is the year. One definition serves the seed's checks and the ingestion of new releases.

A phrase with no year is put in the year that brings it nearest the publication date (a
release of 5 January speaks of "December 28" of the year before). Anything this grammar does
not read gives None: the caller keeps the phrase and leaves the date unresolved.
"""

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
LEAD = r"^(?:(?:on|in|from|since|by|at|during|between|of|early|mid|late|the)\b[\s-]*)*"


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


def _resolve(parts: dict[str, str | None], against: datetime.date | None) -> ResolvedDate | None:
    month = MONTHS[parts["month"].lower()]  # type: ignore[union-attr]
    month2 = MONTHS[parts["month2"].lower()] if parts.get("month2") else month
    day = int(parts["day"]) if parts.get("day") else None
    day2 = int(parts["day2"]) if parts.get("day2") else day
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
