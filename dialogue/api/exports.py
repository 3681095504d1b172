"""Lists as spreadsheets (CSV, streamed) and calendars (iCalendar), honouring every filter."""

import csv
import datetime
import io
import itertools
from collections.abc import Callable, Iterable, Iterator

import icalendar
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from rest_framework.renderers import BaseRenderer

from ..choices import RoundStatus
from ..models import Round

CHUNK_SIZE = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CSVRenderer(BaseRenderer):
    """`?format=csv`: one row per record; lists are streamed by the viewset itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        rows = data if isinstance(data, list) else [data]
        header = list(rows[0]) if rows else []
        return "".join(csv_lines(header, rows)).encode(self.charset)


class ICalendarRenderer(BaseRenderer):
    """`?format=ics`: rounds as an RFC 5545 calendar; lists are built by the viewset itself."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        raise NotImplementedError("The viewset answers ?format=ics with rounds_calendar().")


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def escape_formula(text: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (=, +, -, @), numbers aside."""
    if text.startswith(FORMULA_STARTS) and not is_number(text):
        return "'" + text
    return text


def describe(item: dict) -> str:
    """One nested object as readable text: a participant, a citation, a name, a brief record."""
    if "quote" in item:
        return f"“{item['quote']}” [source {item['source']}]"
    if "role" in item:
        details = ", ".join(str(item[key]) for key in ("country", "role") if item.get(key))
        return f"{item['name']} ({details})" if details else str(item["name"])
    if "language" in item:
        return f"{item['name']} [{item['language']}]"
    label = item.get("name") or item.get("title") or item.get("slug") or item.get("id")
    return str(label)


def cell(value: object) -> str:
    """A JSON value as the text of one cell, never one a spreadsheet would run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        text = "; ".join(describe(item) if isinstance(item, dict) else str(item) for item in value)
    elif isinstance(value, dict):
        text = describe(value)
    else:
        text = str(value)
    return escape_formula(text)


def csv_lines(header: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """The header, then one line per row, each as soon as it is ready."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(header)
    yield flush()
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in header])
        yield flush()


def serialized_rows(queryset: QuerySet, serialize: Callable[[list], list[dict]]) -> Iterator[dict]:
    """Rows of a queryset, serialized a chunk at a time, so memory stays flat."""
    for chunk in itertools.batched(queryset.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        yield from serialize(list(chunk))


def csv_response(
    queryset: QuerySet, serialize: Callable[[list], list[dict]], header: list[str], filename: str
) -> StreamingHttpResponse:
    """The whole filtered list as a streamed CSV download."""
    response = StreamingHttpResponse(
        csv_lines(header, serialized_rows(queryset, serialize)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


ICAL_STATUS: dict[str, str] = {
    RoundStatus.HELD: "CONFIRMED",
    RoundStatus.SCHEDULED: "CONFIRMED",
    RoundStatus.POSTPONED: "TENTATIVE",
    RoundStatus.CANCELLED: "CANCELLED",
}


def text(value: str) -> icalendar.vText:
    """A TEXT value, escaped by icalendar (RFC 5545, 3.3.11: backslash, `;`, `,` and line
    breaks, a bare CR included). Every free text goes through here: a property icalendar does
    not know, such as X-WR-CALNAME, would otherwise be written exactly as given, so a name with a
    line break in it would start a property of its own."""
    return icalendar.vText(value)


def round_event(round_: Round, url: str) -> icalendar.Event:
    """One all-day event spanning the round's dates (a month-precision round, its month)."""
    event = icalendar.Event()
    event.add("uid", text(f"round-{round_.pk}@dialogue-registry"))
    event.add("summary", text(str(round_)))
    event.add("dtstart", round_.start_date)
    # DTEND of an all-day event is the day after the last one (RFC 5545, 3.6.1).
    event.add("dtend", (round_.end_date or round_.start_date) + datetime.timedelta(days=1))
    event.add("dtstamp", round_.updated)
    event.add("last-modified", round_.updated)
    event.add("status", text(ICAL_STATUS[round_.status]))
    event.add("url", url)
    place = [round_.venue, round_.city.name if round_.city else ""]
    place.append(round_.host_country.name if round_.host_country else "")
    if location := ", ".join(part for part in place if part):
        event.add("location", text(location))
    if round_.summary:
        event.add("description", text(round_.summary))
    return event


CALENDAR_END = b"END:VCALENDAR\r\n"
FOLD_AT = 75  # octets: icalendar folds a content line before it reaches this length


def event_ical(event: icalendar.Event) -> bytes:
    """`event.to_ical()`, the same bytes, faster: icalendar writes and escapes each content
    line, and folds it character by character (most of the cost of a calendar). A line of
    ASCII shorter than the fold is left as it is by that folding, so it is taken as it is here;
    any other line is folded by icalendar."""
    return b"".join(
        (line.encode() if len(line) < FOLD_AT - 1 and line.isascii() else line.to_ical()) + b"\r\n"
        for line in event.content_lines()
        if line
    )


def calendar_chunks(rounds: QuerySet[Round], request: HttpRequest, name: str) -> Iterator[bytes]:
    """The calendar a piece at a time: its header, the events of CHUNK_SIZE rounds at a time
    (each written by icalendar), its footer. Memory holds one chunk, whatever the rounds."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", text("-//Dialogue Registry//dialogue-registry//EN"))
    calendar.add("version", text("2.0"))
    calendar.add("x-wr-calname", text(name))
    head = calendar.to_ical()
    if not head.endswith(CALENDAR_END):  # icalendar writes a calendar as header, then END
        raise RuntimeError("icalendar wrote an unexpected calendar")
    yield head.removesuffix(CALENDAR_END)
    # The round's link by its list's: one reverse() for the whole calendar, not one a round.
    list_url = request.build_absolute_uri(reverse("round-list"))
    rounds = rounds.prefetch_related(None).select_related("mechanism", "city", "host_country")
    for chunk in itertools.batched(rounds.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        yield b"".join(
            event_ical(round_event(round_, f"{list_url}{round_.pk}/")) for round_ in chunk
        )
    yield CALENDAR_END


def rounds_calendar(
    rounds: QuerySet[Round], request: HttpRequest, name: str
) -> StreamingHttpResponse:
    """The rounds as an iCalendar file that a calendar app can subscribe to, streamed."""
    response = StreamingHttpResponse(
        calendar_chunks(rounds, request, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="rounds.ics"'
    return response
