"""A date with a precision as one EDTF string (ISO 8601-2): `2018-04`, `2018-05-24/2018-05-26`.

Only the forms that map onto the registry's (start, end, precision) are written and read:

- day: `2018-07-31`, or an interval `2018-05-24/2018-05-26`
- within: `[2018-07-30..2018-08-01]` (one day of the range, not known which)
- month: `2018-04`, or `2018-05/2018-06`
- year: `2013`, or `2013/2014`
"""

import datetime
import re

from django.core.exceptions import ValidationError

from .choices import DatePrecision
from .dates import derive_end_date

_FORMAT: dict[str, str] = {
    DatePrecision.DAY: "%Y-%m-%d",
    DatePrecision.MONTH: "%Y-%m",
    DatePrecision.YEAR: "%Y",
}
_DAY = r"\d{4}-\d{2}-\d{2}"
_MONTH = r"\d{4}-\d{2}"
_YEAR = r"\d{4}"


def format_edtf(
    start: datetime.date | None, end: datetime.date | None, precision: str
) -> str | None:
    """The EDTF string of a span; None for an undated record."""
    if start is None:
        return None
    end = end or derive_end_date(start, precision)
    if precision == DatePrecision.WITHIN:
        return f"[{start:%Y-%m-%d}..{end:%Y-%m-%d}]"
    first = start.strftime(_FORMAT[precision])
    last = end.strftime(_FORMAT[precision])
    return first if first == last else f"{first}/{last}"


def _parse_one(text: str, precision: str, *, last: bool) -> datetime.date:
    if precision == DatePrecision.YEAR:
        day = datetime.date(int(text), 1, 1)
    elif precision == DatePrecision.MONTH:
        year, month = text.split("-")
        day = datetime.date(int(year), int(month), 1)
    else:
        day = datetime.date.fromisoformat(text)
    return derive_end_date(day, precision) if last else day


def parse_edtf(value: str) -> tuple[datetime.date, datetime.date, str]:
    """(start, end, precision) of an EDTF string; ValidationError when it is not one we read."""
    text = value.strip()
    patterns = [
        (rf"\[({_DAY})\.\.({_DAY})\]", DatePrecision.WITHIN),
        (rf"({_DAY})(?:/({_DAY}))?", DatePrecision.DAY),
        (rf"({_MONTH})(?:/({_MONTH}))?", DatePrecision.MONTH),
        (rf"({_YEAR})(?:/({_YEAR}))?", DatePrecision.YEAR),
    ]
    for pattern, precision in patterns:
        match = re.fullmatch(pattern, text)
        if match is None:
            continue
        first, second = match.group(1), match.group(2) or match.group(1)
        unit = DatePrecision.DAY if precision == DatePrecision.WITHIN else precision
        try:
            start = _parse_one(first, unit, last=False)
            end = _parse_one(second, unit, last=True)
        except ValueError as error:
            raise ValidationError(f"{value!r} is not a valid date: {error}.") from error
        if end < start:
            raise ValidationError(f"{value!r} ends before it starts.")
        return start, end, precision
    raise ValidationError(
        f"{value!r} is not an EDTF date this registry reads; use 2018-07-31, "
        "2018-05-24/2018-05-26, [2018-07-30..2018-08-01], 2018-04 or 2013."
    )
