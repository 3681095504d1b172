"""Lists as spreadsheets (CSV, streamed) and calendars (iCalendar), honouring every filter."""

import csv
import datetime
import io
import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

import icalendar
from django.db import connections, transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from ..choices import RoundStatus
from ..models import Mechanism, Round, round_label
from . import rows

CHUNK_SIZE = 500  # records serialized at a time; events written at a time
CSV_BATCH = 500  # lines sent to the client at a time
FILE_BLOCK = 64 * 1024  # bytes sent to the client at a time, from the export's file
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
        country, role = item.get("country"), item.get("role")
        if country and role:
            return f"{item['name']} ({country}, {role})"
        return f"{item['name']} ({country or role})" if country or role else str(item["name"])
    if "language" in item:
        return f"{item['name']} [{item['language']}]"
    label = item.get("name") or item.get("title") or item.get("slug") or item.get("id")
    return str(label)


def cell(value: object) -> str:
    """A JSON value as the text of one cell, never one a spreadsheet would run."""
    kind = type(value)
    if kind is str:  # the most common value first: the same as escape_formula(value)
        text = cast(str, value)
        return escape_formula(text) if text.startswith(FORMULA_STARTS) else text
    if kind is int:  # a number is never escaped (escape_formula keeps numbers)
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if not value:  # most rounds' other places, most participants' sources
            return ""
        text = "; ".join(
            [describe(item) if isinstance(item, dict) else str(item) for item in value]
        )
    elif isinstance(value, dict):
        text = describe(value)
    else:
        text = str(value)
    return escape_formula(text)


def csv_lines(header: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """The header, then the lines of CSV_BATCH rows at a time, each batch as soon as it is
    ready (one write to the client a batch, not one a row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(header)
    yield flush()
    starts = FORMULA_STARTS
    for batch in itertools.batched(rows, CSV_BATCH):
        # cell() for every value but those the writer itself writes as cell() would: None
        # (""), a whole number, text that starts with no formula character.
        writer.writerows(
            [
                value
                if value is None
                or (kind := type(value)) is int
                or (kind is str and not value.startswith(starts))
                else cell(value)
                for value in map(row.get, header)
            ]
            for row in batch
        )
        yield flush()


def from_a_file(parts: Iterable[str | bytes]) -> Iterator[bytes]:
    """The whole export written to a temporary file first, then sent from it a block at a time.

    A client that reads slowly then holds no database transaction (the rows are read in one
    pass at the server's speed, before the first byte leaves) and no memory beyond a block; the
    worker's socket deadline (config/gunicorn.py) drops it if it stops reading. The file is
    deleted as it is closed. Run when the response is sent, after the request deadline's
    middleware has returned: a whole-registry export may take longer than a request may."""
    with tempfile.TemporaryFile() as file:
        for part in parts:
            file.write(part if isinstance(part, bytes) else part.encode())
        file.seek(0)
        while block := file.read(FILE_BLOCK):
            yield block


def serialized_rows(queryset: QuerySet, serialize: Callable[[list], list[dict]]) -> Iterator[dict]:
    """Rows of a queryset, serialized a chunk at a time, so memory stays flat."""
    for chunk in itertools.batched(queryset.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        yield from serialize(list(chunk))


def planned_rows(
    plan: rows.RowPlan, queryset: QuerySet, base: QuerySet, request: HttpRequest
) -> Iterator[dict]:
    """Every record of the list `queryset` as its serializer gives it, built by its row plan:
    on PostgreSQL from one streamed query (`RowPlan.stream`); elsewhere, or when a relation
    cannot be read inline, a chunk of keys at a time, each chunk re-read by key from `base`
    (the resource's queryset, with the columns it computes)."""
    if connections[queryset.db].vendor == "postgresql":
        try:
            return plan.stream(queryset, request)
        except rows.Unplannable:
            pass
    pks = queryset.prefetch_related(None).values_list("pk", flat=True)
    return serialized_rows(pks, lambda chunk: plan.read(base, chunk, request))


def mechanism_names() -> dict[int, str]:
    """Each mechanism's name, by its key."""
    return dict(Mechanism.objects.values_list("pk", "name"))


# The columns a CSV adds beside a column holding a record's key, so that a spreadsheet says
# what the key names (issue 26): by the record's model, each added column's suffix and how its
# values are read, by key, once an export (mechanisms are few beside their rounds).
KEY_LABELS: dict[type[Model], tuple[tuple[str, Callable[[], dict]], ...]] = {
    # (mechanism_countries is the calendar's, defined below: named when an export runs.)
    Mechanism: (("name", mechanism_names), ("countries", lambda: mechanism_countries())),
}


def labelled(fields: dict[str, Any]) -> list[tuple[str, str, Callable[[], dict]]]:
    """The label columns of a serializer's fields (`KEY_LABELS`): the key's field, the
    label's column (`mechanism_name`) and how its values are read."""
    found = []
    for name, field in fields.items():
        queryset = getattr(field, "queryset", None)
        if isinstance(field, serializers.PrimaryKeyRelatedField) and queryset is not None:
            for suffix, read in KEY_LABELS.get(queryset.model, ()):
                found.append((name, f"{name}_{suffix}", read))
    return found


def with_labels(
    header: list[str], labels: list[tuple[str, str, Callable[[], dict]]], records: Iterator[dict]
) -> tuple[list[str], Iterator[dict]]:
    """The header with each label column after its key's, and the records with their labels
    (read when the first record is)."""
    if not labels:
        return header, records
    header = list(header)
    for key, column, _read in reversed(labels):
        header.insert(header.index(key) + 1, column)

    def labelled_records() -> Iterator[dict]:
        values = [(key, column, read()) for key, column, read in labels]
        for record in records:
            for key, column, by_key in values:
                record[column] = by_key.get(record[key])
            yield record

    return header, labelled_records()


def csv_response(
    queryset: QuerySet, records: Iterator[dict], header: list[str], filename: str
) -> StreamingHttpResponse:
    """The whole filtered list's records as a CSV download, read in one transaction and sent
    from a file (from_a_file)."""
    response = StreamingHttpResponse(
        from_a_file(csv_lines(header, in_one_transaction(queryset, records))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def in_one_transaction(queryset: QuerySet, rows: Iterator) -> Iterator:
    """The rows of a whole-list export read in one transaction, on PostgreSQL without the JIT
    compiler: it would spend seconds compiling the query of a million rows before the first
    one left, for no gain on a scan."""
    if connections[queryset.db].vendor != "postgresql":
        yield from rows
        return
    with transaction.atomic(using=queryset.db):
        with connections[queryset.db].cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield from rows


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


CALENDAR_END = b"END:VCALENDAR\r\n"
FOLD_AT = 75  # octets: icalendar folds a content line before it reaches this length


def fold(line: str) -> str:
    """A content line folded as icalendar folds it (`Contentline.to_ical`), without its
    character-by-character loop: cut into parts of at most FOLD_AT - 1 octets of UTF-8, each
    ending at a character's end, an escape's backslash (or `^`) never left at a part's end
    (it starts the next)."""
    data = line.encode()
    if len(data) < FOLD_AT:
        return line
    parts, start, width = [], 0, FOLD_AT - 1
    while len(data) - start > width:
        end = start + width
        while data[end] & 0xC0 == 0x80:  # a character's continuation octet: cut before it
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end].decode())
        start = end
    parts.append(data[start:].decode())
    return "\r\n ".join(parts)


def escaped(value: str) -> str:
    """A TEXT value escaped as icalendar escapes it (`text()`, RFC 5545, 3.3.11), without an
    icalendar object a value (most of a calendar's time): the same replacements, in the same
    order (tests/api/test_exports.py holds the two equal)."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ical_date(day: datetime.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


EVENT_COLUMNS = (
    "pk",
    "mechanism_id",
    "name",
    "number",
    "start_date",
    "end_date",
    "date_precision",
    "updated",
    "status",
    "venue",
    "summary",
    "city__name",
    "host_country__name",
    "mechanism__name",
    "mechanism__short_name",
)


def pair_label(names: list[str]) -> str:
    """The countries of a mechanism as a title names them: a pair joined by a dash."""
    return "–".join(names) if len(names) == 2 else ", ".join(names)


def mechanism_countries() -> dict[int, str]:
    """Each mechanism's countries, as titles name them (`pair_label`), by mechanism: read once
    a calendar (mechanisms are few beside their rounds)."""
    names: dict[int, list[str]] = {}
    links = Mechanism.countries.through.objects.order_by("mechanism_id", "country__name")
    for mechanism, country in links.values_list("mechanism_id", "country__name"):
        names.setdefault(mechanism, []).append(country)
    return {mechanism: pair_label(countries) for mechanism, countries in names.items()}


def event_title(label: str, countries: str) -> str:
    """An event's title: the round's label (its `str()`), after its mechanism's countries, so
    that a calendar with many pairs' rounds says whose each is (issue 26)."""
    return f"{countries}: {label}" if countries else label


def event_text(values: tuple, list_url: str, countries: dict[int, str]) -> str:
    """One round's event, written from the round's EVENT_COLUMNS and its mechanism's
    countries (`mechanism_countries`), byte for byte as icalendar writes the same event (an
    icalendar object a round was five times slower; tests/api/test_exports.py holds the two
    equal). The one writer of every calendar."""
    (pk, mechanism_id, name, number, start, end, precision, updated, status, venue, summary,
     city, host, mechanism, short_name) = values  # fmt: skip
    label = event_title(
        round_label(name, number, start, end, precision, short_name or mechanism),
        countries.get(mechanism_id, ""),
    )
    stamp = updated.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VEVENT",
        fold("SUMMARY:" + escaped(label)),
        f"DTSTART;VALUE=DATE:{ical_date(start)}",
        f"DTEND;VALUE=DATE:{ical_date((end or start) + datetime.timedelta(days=1))}",
        f"DTSTAMP:{stamp}",
        fold(f"UID:round-{pk}@dialogue-registry"),
    ]
    if summary:
        lines.append(fold("DESCRIPTION:" + escaped(summary)))
    lines.append(f"LAST-MODIFIED:{stamp}")
    if location := ", ".join(part for part in (venue, city or "", host or "") if part):
        lines.append(fold("LOCATION:" + escaped(location)))
    lines.append("STATUS:" + ICAL_STATUS[status])
    lines.append(fold(f"URL:{list_url}{pk}/"))
    lines.append("END:VEVENT\r\n")
    return "\r\n".join(lines)


def calendar_chunks(rounds: QuerySet[Round], request: HttpRequest, name: str) -> Iterator[bytes]:
    """The calendar a piece at a time: its header, the events of CHUNK_SIZE rounds at a time
    (`event_text`), its footer. Memory holds one chunk, whatever the rounds."""
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
    rounds = rounds.prefetch_related(None)
    countries = mechanism_countries()
    if connections[rounds.db].vendor == "postgresql":
        values: Iterator[tuple] = rows.stream_values(rounds, EVENT_COLUMNS)
    else:
        values = rounds.values_list(*EVENT_COLUMNS).iterator(chunk_size=CHUNK_SIZE)
    events = in_one_transaction(rounds, values)
    for chunk in itertools.batched(events, CHUNK_SIZE):
        yield "".join([event_text(row, list_url, countries) for row in chunk]).encode()
    yield CALENDAR_END


def rounds_calendar(
    rounds: QuerySet[Round], request: HttpRequest, name: str
) -> StreamingHttpResponse:
    """The rounds as an iCalendar file that a calendar app can subscribe to, sent from a file
    (from_a_file)."""
    response = StreamingHttpResponse(
        from_a_file(calendar_chunks(rounds, request, name)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="rounds.ics"'
    return response
