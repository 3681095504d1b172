"""Dates with a precision: "in April 2018" is the span 2018-04-01..2018-04-30."""

import calendar
import datetime

from django.core.exceptions import ValidationError

from .choices import DatePrecision


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
