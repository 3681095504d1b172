"""A date with a precision as one EDTF string (ISO 8601-2): `2018-04`, `2018-05-24/2018-05-26`.

Only the forms that map onto the registry's (start, end, precision) are written and read:

- day: `2018-07-31`, or an interval `2018-05-24/2018-05-26`
- within: `[2018-07-30..2018-08-01]` (one day of the range, not known which)
- month: `2018-04`, or `2018-05/2018-06`
- year: `2013`, or `2013/2014`

Years are four ASCII digits, 1000 to 2999 (`dates.FIRST_YEAR`..`dates.LAST_YEAR`), read and
written: `２０１９` (full-width digits) is not a date, and a year is never written as `1`.
"""

import datetime
import re

from django.core.exceptions import ValidationError

from .choices import DatePrecision
from .dates import FIRST_YEAR, LAST_YEAR, derive_end_date, in_range

# ASCII digits only: `\d` and int() also take other scripts' digits (２０１９, ٢٠١٩).
_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_MONTH = r"[0-9]{4}-[0-9]{2}"
_YEAR = r"[0-9]{4}"


def _written(day: datetime.date, precision: str) -> str:
    """A day as EDTF writes it at a precision, the year always in four digits (strftime's `%Y`
    writes the year 1 as `1` on some platforms)."""
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def format_edtf(
    start: datetime.date | None, end: datetime.date | None, precision: str
) -> str | None:
    """The EDTF string of a span; None for an undated record."""
    if start is None:
        return None
    end = end or derive_end_date(start, precision)
    if precision == DatePrecision.WITHIN:
        return f"[{_written(start, DatePrecision.DAY)}..{_written(end, DatePrecision.DAY)}]"
    first = _written(start, precision)
    last = _written(end, precision)
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
        if not (in_range(start) and in_range(end)):
            raise ValidationError(
                f"{value!r} is outside the years {FIRST_YEAR} to {LAST_YEAR} that dates may have."
            )
        return start, end, precision
    raise ValidationError(
        f"{value!r} is not an EDTF date this registry reads; use 2018-07-31, "
        "2018-05-24/2018-05-26, [2018-07-30..2018-08-01], 2018-04 or 2013."
    )
