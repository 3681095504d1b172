"""Dates with a precision: "in April 2018" is the span 2018-04-01..2018-04-30."""

import calendar
import datetime

from django.core.exceptions import ValidationError

from .choices import DatePrecision

# The years a date may have: every output can write them (four-digit years in EDTF and ISO 8601)
# and every computation on them stays within Python's dates (a calendar's exclusive end, the
# day after the last one; the timeline's axis, to the first day of the next year).
FIRST_YEAR = 1000
LAST_YEAR = 2999


def in_range(value: datetime.date) -> bool:
    """Whether a date (or a date and time) is of the years a date may have, 1000 to 2999."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


def validate_date_in_range(value: datetime.date) -> None:
    """Accept a date (or a date and time) of the years 1000 to 2999."""
    if not in_range(value):
        raise ValidationError(
            "Give a date of the years %(first)s to %(last)s.",
            code="date_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def derive_end_date(start: datetime.date, precision: str) -> datetime.date:
    """The last day that a date of this precision covers (the start itself for a day)."""
    if precision == DatePrecision.MONTH:
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == DatePrecision.YEAR:
        return start.replace(month=12, day=31)
    return start


def validate_date_span(
    start: datetime.date | None,
    end: datetime.date | None,
    precision: str,
    *,
    start_field: str = "start_date",
    end_field: str = "end_date",
) -> None:
    """Check that start..end is a span that `precision` can describe; errors name the field."""
    if start is None:
        if end is not None:
            raise ValidationError({start_field: "Give the start date when an end date is given."})
        return
    if end is not None and end < start:
        raise ValidationError({end_field: "The end date must be on or after the start date."})
    if precision == DatePrecision.MONTH and start.day != 1:
        raise ValidationError(
            {start_field: "A month-precision date starts on the first day of its month."}
        )
    if precision == DatePrecision.YEAR and (start.month, start.day) != (1, 1):
        raise ValidationError({start_field: "A year-precision date starts on 1 January."})
    if (
        end is not None
        and precision in (DatePrecision.MONTH, DatePrecision.YEAR)
        and end != derive_end_date(end, precision)
    ):
        unit = "month" if precision == DatePrecision.MONTH else "year"
        raise ValidationError(
            {end_field: f"A {unit}-precision date ends on the last day of a {unit}."}
        )
    if precision == DatePrecision.WITHIN and (end is None or end == start):
        raise ValidationError(
            {end_field: "A date within a range needs an end date later than the start date."}
        )


# The last time zone to reach a date: a day that has begun anywhere on Earth is not "after today".
EARLIEST_ZONE = datetime.timezone(datetime.timedelta(hours=14))


def today_anywhere() -> datetime.date:
    """The latest date it is anywhere on Earth now (UTC+14), so a round held today in Tokyo is
    not refused because the server's clock is still on yesterday."""
    return datetime.datetime.now(EARLIEST_ZONE).date()


# English month abbreviations, whatever the process's locale (strftime's %b follows it).
MONTH_ABBREVIATIONS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


def month(day: datetime.date) -> str:
    return MONTH_ABBREVIATIONS[day.month - 1]


def describe_dates(start: datetime.date | None, end: datetime.date | None, precision: str) -> str:
    """Dates as a person reads them: "31 Jul 2018", "26–28 Apr 2018", "30 Jul – 1 Aug 2018",
    "Apr 2018", "2018", and for a date within a range "one day in 26–28 Apr 2018"."""
    if start is None:
        return "date unknown"
    end = end or derive_end_date(start, precision)
    if precision == DatePrecision.YEAR:
        return f"{start.year}" if start.year == end.year else f"{start.year}–{end.year}"
    if precision == DatePrecision.MONTH:
        if (start.year, start.month) == (end.year, end.month):
            return f"{month(start)} {start.year}"
        if start.year == end.year:
            return f"{month(start)}–{month(end)} {end.year}"
        return f"{month(start)} {start.year} – {month(end)} {end.year}"
    if start == end:
        days = f"{start.day} {month(start)} {start.year}"
    elif (start.year, start.month) == (end.year, end.month):
        days = f"{start.day}–{end.day} {month(end)} {end.year}"
    elif start.year == end.year:
        days = f"{start.day} {month(start)} – {end.day} {month(end)} {end.year}"
    else:
        days = f"{start.day} {month(start)} {start.year} – {end.day} {month(end)} {end.year}"
    return f"one day in {days}" if precision == DatePrecision.WITHIN else days
