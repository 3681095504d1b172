"""Every stored value renders everywhere (issue 10): dates of the years 1000 to 2999 in ASCII
digits, written back with four-digit years; calendars escaped by icalendar; one-line fields
without control or only invisible characters; no round held after today."""

import datetime
import re

import icalendar
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models as db_models
from drf_spectacular.generators import SchemaGenerator

from dialogue import models
from dialogue.choices import DatePrecision, RoundStatus
from dialogue.dates import today_anywhere, validate_date_in_range
from dialogue.edtf import format_edtf, parse_edtf
from dialogue.validators import validate_one_line, validate_text

from .conftest import field_errors, problem
from .factories import (
    DocumentFactory,
    IndicatorFactory,
    MechanismFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
    country,
)
from .admin.test_admin import form_errors, round_form

pytestmark = pytest.mark.django_db

# User text that must reach an error message as written, never as a format string.
FORMAT_TEXT = "50% {0} {x} {{y}} %(value)s %s"


def messages(errors: dict, field: str) -> str:
    """The messages under `field` of a 400's errors, as one string."""
    assert field in errors, errors
    return str(errors[field])


def dated_fields() -> list[tuple[type[db_models.Model], db_models.Field]]:
    """Every date or date-and-time field a user writes, of every registry model."""
    return [
        (model, field)
        for model in registry_models()
        for field in model._meta.concrete_fields
        if isinstance(field, db_models.DateField) and field.name not in ("created", "updated")
    ]


def registry_models() -> list[type[db_models.Model]]:
    from django.apps import apps

    return [
        model
        for model in apps.get_app_config("dialogue").get_models()
        if not model.__name__.startswith("Historical")
    ]


# --- 1. Dates of the years 1000 to 2999 ---------------------------------------------------------


def test_a_round_dated_9999_is_refused_under_the_field_written(analyst_client):
    """Issue 10: `"date": "9999"` was a 201, after which every calendar and the timeline 500."""
    mechanism = MechanismFactory()

    by_edtf = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": mechanism.pk, "date": "9999", "status": "scheduled"}
    )
    by_start = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": mechanism.pk, "start_date": "9999-01-01", "status": "scheduled"},
    )

    assert "1000 to 2999" in messages(field_errors(by_edtf), "date")
    assert "1000 to 2999" in messages(field_errors(by_start), "start_date")
    assert not models.Round.objects.exists()


@pytest.mark.parametrize(
    ("resource", "field", "value"),
    [
        ("rounds", "end_date", "9999-12-31"),
        ("documents", "start_date", "0999-12-31"),
        ("documents", "end_date", "3000-01-01"),
        ("indicators", "start_date", "0001-01-01"),
        ("mechanisms", "established", "9999-01-01"),
        ("mechanisms", "resumed", "3000-01-01"),
        ("sources", "published_at", "9999-12-31T23:59:59Z"),
        ("sources", "published_at", "0999-01-01T00:00:00Z"),
    ],
)
def test_every_dated_field_refuses_years_outside_1000_to_2999(
    analyst_client, resource, field, value
):
    make = {
        "rounds": RoundFactory,
        "documents": DocumentFactory,
        "indicators": IndicatorFactory,
        "mechanisms": MechanismFactory,
        "sources": SourceFactory,
    }[resource]
    record = make()

    response = analyst_client.patch(f"/api/v1/{resource}/{record.pk}/", {field: value})

    assert "1000 to 2999" in messages(field_errors(response), field)


def test_a_citation_resolved_against_year_9999_is_refused(analyst_client):
    round_ = RoundFactory()

    response = analyst_client.patch(
        f"/api/v1/rounds/{round_.pk}/",
        {
            "sources": [
                {
                    "source": SourceFactory().pk,
                    "quote": "They discussed security.",
                    "date_phrase": "this year",
                    "resolved_against": "9999-01-01",
                }
            ]
        },
    )

    assert "resolved_against" in str(field_errors(response)["sources"])


@pytest.mark.parametrize("value", [datetime.date(999, 12, 31), datetime.date(3000, 1, 1)])
def test_every_dated_field_of_every_model_has_the_range(value):
    """Model validators, so the admin, the API and imports all refuse the same dates."""
    fields = dated_fields()
    assert len(fields) >= 10  # rounds, documents, figures, mechanisms, citations, sources
    for model, field in fields:
        assert validate_date_in_range in field.validators, f"{model.__name__}.{field.name}"
        assert "1000 to 2999" in str(field.help_text), f"{model.__name__}.{field.name}"
        with pytest.raises(ValidationError) as refused:
            field.run_validators(value)
        assert "1000 to 2999" in str(refused.value.messages)


def test_the_first_and_last_days_of_the_range_are_accepted_and_render(analyst_client, api_client):
    mechanism = MechanismFactory()
    first = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": mechanism.pk, "start_date": "1000-01-01"}
    )
    last = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": mechanism.pk, "date": "2999", "status": "scheduled"}
    )
    assert first.status_code == last.status_code == 201, (first.json(), last.json())
    assert (first.json()["date"], last.json()["date"]) == ("1000-01-01", "2999")

    for url in (
        "/api/v1/rounds/?format=ics",
        f"/api/v1/mechanisms/{mechanism.pk}/rounds/?format=ics",
        "/timeline/",
        "/api/v1/timeline/",
        "/api/v1/rounds/?format=csv",
    ):
        assert api_client.get(url).status_code == 200, url
    response = api_client.get("/api/v1/rounds/?format=ics")
    calendar = icalendar.Calendar.from_ical(b"".join(response.streaming_content))
    ends = sorted(event.decoded("dtend") for event in calendar.walk("VEVENT"))
    assert ends == [datetime.date(1000, 1, 2), datetime.date(3000, 1, 1)]


def test_the_schema_states_the_range_of_each_date(api_client):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]

    for component, field in [
        ("Round", "start_date"),
        ("Round", "end_date"),
        ("Round", "date"),
        ("Mechanism", "established"),
        ("Source", "published_at"),
        ("Indicator", "start_date"),
    ]:
        assert "1000 to 2999" in components[component]["properties"][field]["description"]


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    return client


@pytest.mark.parametrize(
    "query",
    [
        "start_date__year=9999",
        "start_date__year=9999&start_date__month=12",
        "start_date__year=9999&start_date__month=12&start_date__day=31",
    ],
)
def test_the_admin_date_drill_down_to_year_9999_is_no_500(superuser_client, query):
    """Django works out the end of the year (month, day) outside its own check: 500 before."""
    response = superuser_client.get(f"/admin/dialogue/round/?{query}")

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_the_admin_source_drill_down_to_the_last_day_of_9999_is_no_500(superuser_client):
    query = "published_at__year=9999&published_at__month=12&published_at__day=31"

    response = superuser_client.get(f"/admin/dialogue/source/?{query}")

    assert response.status_code == 302


def test_the_admin_drill_down_within_the_range_still_filters(superuser_client):
    kept = RoundFactory(start_date=datetime.date(2018, 7, 31))
    RoundFactory(start_date=datetime.date(2013, 11, 2), end_date=datetime.date(2013, 11, 2))

    response = superuser_client.get("/admin/dialogue/round/?start_date__year=2018")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [kept]


def test_the_admin_refuses_a_round_dated_9999(superuser_client):
    data, _ = round_form(superuser_client, start_date="9999-01-01", status="scheduled")

    response = superuser_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 200
    assert "start_date" in response.context["adminform"].form.errors, form_errors(response)
    assert not models.Round.objects.exists()


# --- 2. Four-digit years, ASCII digits only ----------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "written"),
    [
        (datetime.date(1, 1, 1), None, DatePrecision.YEAR, "0001"),
        (datetime.date(1, 1, 1), datetime.date(2, 12, 31), DatePrecision.YEAR, "0001/0002"),
        (datetime.date(12, 3, 1), None, DatePrecision.MONTH, "0012-03"),
        (datetime.date(999, 7, 31), None, DatePrecision.DAY, "0999-07-31"),
        (
            datetime.date(5, 7, 30),
            datetime.date(5, 8, 1),
            DatePrecision.WITHIN,
            "[0005-07-30..0005-08-01]",
        ),
        (datetime.date(2018, 4, 1), None, DatePrecision.MONTH, "2018-04"),
    ],
)
def test_edtf_writes_years_in_four_digits(start, end, precision, written):
    assert format_edtf(start, end, precision) == written


def test_a_round_dated_0001_is_refused_rather_than_read_back_as_1(analyst_client):
    """Issue 10: `"date": "0001"` was stored and read back as `"1"`."""
    response = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": MechanismFactory().pk, "date": "0001"}
    )

    assert "1000 to 2999" in messages(field_errors(response), "date")


@pytest.mark.parametrize(
    "text",
    [
        "２０１９",  # full-width
        "٢٠١٩",  # Arabic-Indic
        "२०१९",  # Devanagari
        "２０１９-04",
        "2019-０４-01",
        "[2019-07-30..2019-08-０１]",
        "2018/２０１９",
    ],
)
def test_edtf_reads_only_ascii_digits(text, analyst_client):
    with pytest.raises(ValidationError):
        parse_edtf(text)

    response = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": MechanismFactory().pk, "date": text}
    )

    assert "not an EDTF date" in messages(field_errors(response), "date")


@pytest.mark.parametrize(
    ("resource", "field", "value"),
    [
        ("rounds", "start_date", "２０１９-01-01"),
        ("rounds", "end_date", "２０１８-07-31"),
        ("documents", "start_date", "٢٠١٨-05-26"),
        ("mechanisms", "established", "２０１３-01-01"),
        ("sources", "published_at", "２０１８-07-30T08:05:00Z"),
    ],
)
def test_date_fields_read_only_ascii_digits(analyst_client, resource, field, value):
    make = {
        "rounds": RoundFactory,
        "documents": DocumentFactory,
        "mechanisms": MechanismFactory,
        "sources": SourceFactory,
    }[resource]
    record = make()

    response = analyst_client.patch(f"/api/v1/{resource}/{record.pk}/", {field: value})

    assert "ASCII digits" in messages(field_errors(response), field)


def test_ascii_dates_are_still_read(analyst_client):
    source = SourceFactory()

    response = analyst_client.patch(
        f"/api/v1/sources/{source.pk}/", {"published_at": "2018-07-30T11:05:00+03:00"}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["published_at"].startswith("2018-07-30T08:05:00")


# --- 3. Calendars escaped by icalendar -----------------------------------------------------------


def content_lines(body: bytes) -> list[bytes]:
    """The calendar's lines, unfolded; a stray CR or LF inside a value fails here."""
    assert body.endswith(b"\r\n")
    lines = body[: -len(b"\r\n")].split(b"\r\n")
    for line in lines:
        assert b"\r" not in line and b"\n" not in line, line
    unfolded: list[bytes] = []
    for line in lines:
        if line.startswith(b" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    return unfolded


def unescape_text(value: str) -> str:
    """A TEXT value as RFC 5545 (3.3.11) reads it: `\\n` is a line break, `\\;` `\\,` `\\\\` are
    the characters themselves."""
    return re.sub(r"\\([\\;,nN])", lambda match: "\n" if match[1] in "nN" else match[1], value)


def test_a_mechanism_name_with_line_breaks_is_escaped_in_its_calendar(api_client):
    """Issue 10: a name `Mech\\nX-B:1` made the mechanism's calendar 500 (X-WR-CALNAME was
    written as given). Such a name can no longer be saved; one stored before still renders."""
    name = "Mech\nX-B:1\rX-C:2\r\nX-D:3;a,b\\c " + FORMAT_TEXT
    mechanism = MechanismFactory(name=name, short_name="")
    RoundFactory(
        mechanism=mechanism,
        name="Round\nX-E:1",
        venue="Hall\rX-F:1",
        summary="Line one\r\nDESCRIPTION:forged\rline three\n",
    )

    response = api_client.get(f"/api/v1/mechanisms/{mechanism.pk}/rounds/?format=ics")

    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # the calendar is streamed
    lines = content_lines(content)
    names = [line.split(b":", 1)[0].split(b";")[0] for line in lines]
    assert not {b"X-B", b"X-C", b"X-D", b"X-E", b"X-F"} & set(names)
    assert names.count(b"DESCRIPTION") == 1
    (calname,) = [line for line in lines if line.startswith(b"X-WR-CALNAME:")]
    written = unescape_text(calname.removeprefix(b"X-WR-CALNAME:").decode())
    assert written == name.replace("\r\n", "\n").replace("\r", "\n")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Round\nX-E:1"
    assert str(event["DESCRIPTION"]) == "Line one\nDESCRIPTION:forged\nline three\n"


def test_the_list_calendar_escapes_every_text_property(api_client):
    place = PlaceFactory(name="Moscow;\nX-G:1")
    RoundFactory(city=place, venue="A, B; C\\D", host_country=country("RU"))

    response = api_client.get("/api/v1/rounds/?format=ics")

    assert response.status_code == 200
    lines = content_lines(b"".join(response.streaming_content))
    assert b"LOCATION:A\\, B\\; C\\\\D\\, Moscow\\;\\nX-G:1\\, Russian Federation" in lines


# --- 4. One-line fields: no control characters, not only invisible ones -------------------------

CONTROL = ["\x07", "a\rb", "a\nb", "a\x0bb", "a\x1b[31mb", "a\tb", "a\u2028b", "a\x85b"]
INVISIBLE = [
    "\u200b",
    "\u200e",
    "\ufeff",
    "\u200b\u200e\ufeff",
    "\u2060",
    "\u3164",
    "\u200b \u00a0",
]

ONE_LINE = [
    ("mechanisms", "name"),
    ("mechanisms", "short_name"),
    ("mechanisms", "slug"),
    ("rounds", "name"),
    ("rounds", "venue"),
    ("people", "name"),
    ("organisations", "name"),
    ("places", "name"),
    ("topics", "name"),
    ("documents", "title"),
    ("indicators", "name"),
    ("indicators", "unit"),
    ("indicators", "value_as_stated"),
    ("sources", "title"),
    ("sources", "published_timezone"),
    ("sources", "page_url"),
]
MAKERS = {
    "mechanisms": MechanismFactory,
    "rounds": RoundFactory,
    "people": PersonFactory,
    "organisations": OrganisationFactory,
    "places": PlaceFactory,
    "topics": TopicFactory,
    "documents": DocumentFactory,
    "indicators": IndicatorFactory,
    "sources": SourceFactory,
}


@pytest.mark.parametrize("value", CONTROL + INVISIBLE, ids=ascii)
def test_a_name_refuses_control_and_invisible_only_text(analyst_client, value):
    """Issue 10: each of these was a 200."""
    mechanism = MechanismFactory()

    response = analyst_client.patch(f"/api/v1/mechanisms/{mechanism.pk}/", {"name": value})

    assert "name" in field_errors(response)
    assert models.Mechanism.objects.get().name == mechanism.name


@pytest.mark.parametrize(("resource", "field"), ONE_LINE)
@pytest.mark.parametrize("value", ["a\nb", "\x07", "\u200b\ufeff"], ids=ascii)
def test_every_one_line_field_refuses_control_and_invisible_only_text(
    analyst_client, resource, field, value
):
    record = MAKERS[resource]()

    response = analyst_client.patch(f"/api/v1/{resource}/{record.pk}/", {field: value})

    assert field in field_errors(response)


@pytest.mark.parametrize(
    ("value", "named"),
    [("\x07", "U+0007"), ("a\nb", "U+000A"), ("\u200b\u200e", "U+200B, U+200E")],
    ids=ascii,
)
def test_the_error_says_which_character_was_refused(analyst_client, value, named):
    mechanism = MechanismFactory()

    response = analyst_client.patch(f"/api/v1/mechanisms/{mechanism.pk}/", {"name": value})

    text = messages(field_errors(response), "name")
    assert named in text, text


@pytest.mark.parametrize(
    ("relation", "row", "field"),
    [
        ("other_names", {"name": "Toho\nX", "language": "ru"}, "name"),
        ("other_names", {"name": "\u200b", "language": "ru"}, "name"),
        ("other_names", {"name": "Имя", "language": "ru", "note": "a\x07"}, "note"),
    ],
)
@pytest.mark.parametrize("resource", ["mechanisms", "people", "organisations", "places"])
def test_other_names_refuse_control_and_invisible_only_text(
    analyst_client, resource, relation, row, field
):
    record = MAKERS[resource]()

    response = analyst_client.patch(f"/api/v1/{resource}/{record.pk}/", {relation: [row]})

    errors = field_errors(response)
    assert relation in errors, errors
    assert field in str(errors[relation]), errors


def test_a_participant_role_refuses_control_characters(analyst_client):
    round_ = RoundFactory()

    response = analyst_client.patch(
        f"/api/v1/rounds/{round_.pk}/",
        {
            "participants": [
                {"person": PersonFactory().pk, "country": "RU", "role": "Minister\nX-B:1"}
            ]
        },
    )

    errors = field_errors(response)
    assert "role" in str(errors["participants"]), errors
    assert not models.Participant.objects.exists()


def test_a_citation_date_phrase_refuses_invisible_only_text(analyst_client):
    round_ = RoundFactory()

    response = analyst_client.patch(
        f"/api/v1/rounds/{round_.pk}/",
        {
            "sources": [
                {
                    "source": SourceFactory().pk,
                    "quote": "They discussed security.",
                    "date_phrase": "\ufeff",
                    "resolved_against": "2018-07-30",
                }
            ]
        },
    )

    assert "date_phrase" in str(field_errors(response)["sources"])


@pytest.mark.parametrize(
    "value",
    [
        "Таро Коно",
        "河野太郎",
        "Russia–Japan 2+2",
        "می\u200cخواهم",  # a zero-width non-joiner between visible letters
        "\u200fשלום",  # a right-to-left mark before visible letters
        "👩\u200d💻",  # a zero-width joiner inside an emoji
        FORMAT_TEXT,
    ],
)
def test_one_line_fields_accept_visible_text_with_its_formatting_characters(analyst_client, value):
    mechanism = MechanismFactory()

    response = analyst_client.patch(f"/api/v1/mechanisms/{mechanism.pk}/", {"name": value})

    assert response.status_code == 200, response.json()
    assert response.json()["name"] == value


@pytest.mark.parametrize(
    ("resource", "field"),
    [
        ("rounds", "summary"),
        ("rounds", "outcomes"),
        ("mechanisms", "description"),
        ("mechanisms", "basis"),
        ("people", "note"),
        ("sources", "text"),
        ("topics", "description"),
        ("documents", "description"),
        ("indicators", "note"),
    ],
)
def test_texts_keep_lines_and_tabs_and_refuse_other_control_characters(
    analyst_client, resource, field
):
    record = MAKERS[resource]()
    url = f"/api/v1/{resource}/{record.pk}/"

    kept = analyst_client.patch(url, {field: "One.\nTwo,\r\n\tthree.\rFour."})
    refused = [analyst_client.patch(url, {field: f"One{char}two"}) for char in "\x07\x0b\x1b\x7f"]

    assert kept.status_code == 200, kept.json()
    assert kept.json()[field] == "One.\nTwo,\r\n\tthree.\rFour."
    for response in refused:
        assert "U+" in messages(field_errors(response), field)


def test_a_quote_refuses_control_characters_even_when_the_source_has_them(analyst_client):
    round_ = RoundFactory()
    source = SourceFactory(text="They discussed\x07 security.")  # stored before the check

    response = analyst_client.patch(
        f"/api/v1/rounds/{round_.pk}/",
        {"sources": [{"source": source.pk, "quote": "They discussed\x07 security."}]},
    )

    assert "quote" in str(field_errors(response)["sources"])


def test_every_one_line_field_and_every_text_of_every_model_is_checked():
    """The validators are on every CharField without choices and every TextField, so a field
    added later without them fails here."""
    for model in registry_models():
        for field in model._meta.concrete_fields:
            where = f"{model.__name__}.{field.name}"
            if isinstance(field, db_models.CharField) and not field.choices:
                assert validate_one_line in field.validators, where
            if isinstance(field, db_models.TextField):
                assert validate_text in field.validators, where


def test_validators_name_characters_rather_than_quote_them():
    for validator, value in [
        (validate_one_line, FORMAT_TEXT + "\x07"),
        (validate_text, FORMAT_TEXT + "\x1b"),
    ]:
        with pytest.raises(ValidationError) as refused:
            validator(value)
        (message,) = refused.value.messages
        assert FORMAT_TEXT not in message
        assert re.search(r"U\+00(07|1B)", message), message
    validate_one_line("")
    validate_text("")


def test_the_admin_refuses_a_one_line_field_with_a_line_break(superuser_client):
    data, _ = round_form(superuser_client, name="\u200b", venue="Hall\nX-B:1")

    response = superuser_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"name", "venue"} <= set(errors), form_errors(response)
    assert not models.Round.objects.exists()


# --- User text in error messages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/mechanisms/{pk}/", {"name": FORMAT_TEXT + "\x07"}, "name"),
        ("/api/v1/mechanisms/{pk}/", {"established": FORMAT_TEXT}, "established"),
        ("/api/v1/mechanisms/{pk}/", {"slug": FORMAT_TEXT}, "slug"),
        ("/api/v1/rounds/", {"date": FORMAT_TEXT}, "date"),
        ("/api/v1/rounds/", {"date": "２０１９{0}%s"}, "date"),
        ("/api/v1/rounds/", {"start_date": "２０１９-01-01{x}%(y)s"}, "start_date"),
        ("/api/v1/rounds/", {"city": FORMAT_TEXT}, "city"),
        ("/api/v1/rounds/", {"venue": FORMAT_TEXT + "\nX"}, "venue"),
        ("/api/v1/rounds/", {"summary": FORMAT_TEXT + "\x07"}, "summary"),
        ("/api/v1/sources/", {"published_at": "２０１８-07-30T08:05:00Z%s{}"}, "published_at"),
    ],
    ids=lambda value: ascii(value)[:40],
)
def test_user_text_with_percent_and_braces_never_breaks_an_error(analyst_client, path, body, field):
    mechanism = MechanismFactory()
    if path.startswith("/api/v1/rounds/"):
        body = {"mechanism": mechanism.pk, "date": "2018-07-31", **body}
        if "start_date" in body:
            del body["date"]

    if "{pk}" in path:
        response = analyst_client.patch(path.format(pk=mechanism.pk), body)
    else:
        response = analyst_client.post(path, body)

    assert problem(response, 400)["detail"]
    assert field in field_errors(response)


# --- 5. A round that was held is not after today -------------------------------------------------


def test_a_held_round_after_today_is_refused_under_start_date(analyst_client):
    later = today_anywhere() + datetime.timedelta(days=1)

    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": MechanismFactory().pk, "start_date": later.isoformat(), "status": "held"},
    )

    message = messages(field_errors(response), "start_date")
    assert "held" in message and "scheduled" in message, message
    assert not models.Round.objects.exists()


def test_a_round_without_a_status_is_held_so_not_after_today(analyst_client):
    response = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": MechanismFactory().pk, "date": "2999"}
    )

    assert "start_date" in field_errors(response)


def test_a_scheduled_round_may_be_in_the_future_but_not_marked_held(analyst_client):
    later = today_anywhere() + datetime.timedelta(days=30)
    created = analyst_client.post(
        "/api/v1/rounds/",
        {
            "mechanism": MechanismFactory().pk,
            "start_date": later.isoformat(),
            "status": "scheduled",
        },
    )
    assert created.status_code == 201, created.json()

    marked = analyst_client.patch(f"/api/v1/rounds/{created.json()['id']}/", {"status": "held"})

    assert "start_date" in field_errors(marked)
    assert models.Round.objects.get().status == RoundStatus.SCHEDULED


@pytest.mark.parametrize("days", [0, -1, -3650])
def test_a_round_held_today_or_before_is_accepted(analyst_client, days):
    day = datetime.date.today() + datetime.timedelta(days=days)

    response = analyst_client.post(
        "/api/v1/rounds/",
        {"mechanism": MechanismFactory().pk, "start_date": day.isoformat(), "status": "held"},
    )

    assert response.status_code == 201, response.json()


def test_the_year_or_month_of_a_round_held_this_year_is_accepted(analyst_client):
    today = today_anywhere()
    mechanism = MechanismFactory()

    this_year = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": mechanism.pk, "date": f"{today.year}", "status": "held"}
    )
    this_month = analyst_client.post(
        "/api/v1/rounds/", {"mechanism": mechanism.pk, "date": f"{today:%Y-%m}", "status": "held"}
    )

    assert this_year.status_code == this_month.status_code == 201


def test_the_admin_refuses_a_held_round_after_today(superuser_client):
    later = today_anywhere() + datetime.timedelta(days=2)
    data, _ = round_form(superuser_client, start_date=later.isoformat(), status="held")

    response = superuser_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 200
    assert "start_date" in response.context["adminform"].form.errors, form_errors(response)


def test_the_seed_holds_no_round_held_after_today(seeded):
    today = today_anywhere()
    assert models.Round.objects.exists()
    assert not models.Round.objects.filter(status=RoundStatus.HELD, start_date__gt=today).exists()
    for round_ in models.Round.objects.all():
        round_.full_clean()
