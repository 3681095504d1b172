"""Text values: one-line fields refuse control characters and text that is only invisible, texts
keep their lines, and user text reaches an error message as written."""

import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import models as db_models

from dialogue import models
from dialogue.validators import validate_one_line, validate_text
from tests.admin.test_admin import form_errors, round_form
from tests.conftest import field_errors, problem
from tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    MechanismFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


# User text that must reach an error message as written, never as a format string.
FORMAT_TEXT = "50% {0} {x} {{y}} %(value)s %s"


def messages(errors: dict, field: str) -> str:
    """The messages under `field` of a 400's errors, as one string."""
    assert field in errors, errors
    return str(errors[field])


def registry_models() -> list[type[db_models.Model]]:
    from django.apps import apps

    return [
        model
        for model in apps.get_app_config("dialogue").get_models()
        if not model.__name__.startswith("Historical")
    ]


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
        "می\u200cخواهم",  # a zero-width non-joiner between Persian letters
        "क्\u200dष",  # a zero-width joiner after a virama (Devanagari's half form)
        "ශ්\u200dරී",  # Sinhala's joined form
        "👩\u200d💻",  # a zero-width joiner inside an emoji
        "שלום 2+2",
        FORMAT_TEXT,
    ],
)
def test_one_line_fields_accept_visible_text_with_its_formatting_characters(analyst_client, value):
    mechanism = MechanismFactory()

    response = analyst_client.patch(f"/api/v1/mechanisms/{mechanism.pk}/", {"name": value})

    assert response.status_code == 200, response.json()
    assert response.json()["name"] == value


# Issue 25: characters that change how a name is shown without being seen (display spoofing):
# each was stored. "Moscow\u202ewocsoM" shows as "MoscowMoscow".
SPOOFING = [
    ("Moscow\u202ewocsoM", "U+202E", "RIGHT-TO-LEFT OVERRIDE"),
    ("Tokyo\u202a", "U+202A", "LEFT-TO-RIGHT EMBEDDING"),
    ("\u202bTokyo", "U+202B", "RIGHT-TO-LEFT EMBEDDING"),
    ("Tok\u202cyo", "U+202C", "POP DIRECTIONAL FORMATTING"),
    ("Tok\u202dyo", "U+202D", "LEFT-TO-RIGHT OVERRIDE"),
    ("\u2066Tokyo\u2069", "U+2066", "LEFT-TO-RIGHT ISOLATE"),
    ("\u2067Tokyo", "U+2067", "RIGHT-TO-LEFT ISOLATE"),
    ("\u2068Tokyo", "U+2068", "FIRST STRONG ISOLATE"),
    ("Tokyo\u2069", "U+2069", "POP DIRECTIONAL ISOLATE"),
    ("Mos\u200bcow", "U+200B", "ZERO WIDTH SPACE"),
    ("\u200eMoscow", "U+200E", "LEFT-TO-RIGHT MARK"),
    ("\u200fשלום", "U+200F", "RIGHT-TO-LEFT MARK"),
    ("Mos\u2060cow", "U+2060", "WORD JOINER"),
    ("\ufeffMoscow", "U+FEFF", "ZERO WIDTH NO-BREAK SPACE"),
    ("Mos\u00adcow", "U+00AD", "SOFT HYPHEN"),
    ("Tokyo\U000e0041", "U+E0041", "TAG LATIN CAPITAL LETTER A"),
    # The joiners are kept for the scripts and emoji that need them, nowhere else.
    ("Mos\u200ccow", "U+200C", "ZERO WIDTH NON-JOINER"),
    ("Mos\u200dcow", "U+200D", "ZERO WIDTH JOINER"),
    ("Мос\u200dква", "U+200D", "ZERO WIDTH JOINER"),
    ("Tokyo\u200d", "U+200D", "ZERO WIDTH JOINER"),
    ("\u200cمی", "U+200C", "ZERO WIDTH NON-JOINER"),
]


@pytest.mark.parametrize(("value", "char", "name"), SPOOFING, ids=ascii)
def test_a_name_refuses_bidi_controls_and_invisible_characters(analyst_client, value, char, name):
    mechanism = MechanismFactory()

    response = analyst_client.patch(f"/api/v1/mechanisms/{mechanism.pk}/", {"name": value})

    body = problem(response, 400)
    assert "name" in body["detail"], body
    text = messages(field_errors(response), "name")
    assert char in text and name in text, text
    assert models.Mechanism.objects.get().name == mechanism.name


@pytest.mark.parametrize(("resource", "field"), ONE_LINE)
def test_every_one_line_field_refuses_a_right_to_left_override(analyst_client, resource, field):
    record = MAKERS[resource]()

    response = analyst_client.patch(f"/api/v1/{resource}/{record.pk}/", {field: "Hall\u202e1"})

    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in messages(field_errors(response), field)


def test_other_names_refuse_a_zero_width_space(analyst_client):
    response = analyst_client.patch(
        f"/api/v1/places/{PlaceFactory().pk}/",
        {"other_names": [{"name": "Мос\u200bква", "language": "ru"}]},
    )

    assert "U+200B" in str(field_errors(response)["other_names"])


@pytest.mark.parametrize(("resource", "field"), [("rounds", "summary"), ("sources", "text")])
def test_texts_refuse_bidi_overrides_and_keep_other_formatting(analyst_client, resource, field):
    """A longer text keeps what copied text carries (soft hyphens, zero-width spaces, marks),
    but not the controls that reorder what follows them."""
    record = MAKERS[resource]()
    url = f"/api/v1/{resource}/{record.pk}/"

    refused = analyst_client.patch(url, {field: "Agreed \u202eon 2019\u202c."})
    kept = analyst_client.patch(url, {field: "Agreed\u00ad on\u200b \u200fשלום."})

    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in messages(field_errors(refused), field)
    assert kept.status_code == 200, kept.json()


def test_the_admin_refuses_bidi_controls_and_invisible_characters(superuser_client):
    data, _ = round_form(superuser_client, name="Talks\u200b", venue="Hall\u202e1")

    response = superuser_client.post("/admin/dialogue/round/add/", data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "U+200B" in str(errors["name"]) and "U+202E" in str(errors["venue"]), errors
    assert not models.Round.objects.exists()


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


def test_the_schema_patterns_refuse_what_the_validators_refuse():
    """The one-line pattern leaves out every format character of the Basic Multilingual Plane
    the validator refuses (only the joiners' places are the validator's alone)."""
    from dialogue.api.schema import ONE_LINE_PATTERN, TEXT_PATTERN

    for code in range(0x10000):
        char = chr(code)
        if unicodedata.category(char) != "Cf" or char in "\u200c\u200d":
            continue
        with pytest.raises(ValidationError):
            validate_one_line(f"a{char}b")
        assert not re.match(ONE_LINE_PATTERN, f"a{char}b"), f"U+{code:04X}"
    for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        with pytest.raises(ValidationError):
            validate_text(f"a{char}b")
        assert not re.match(TEXT_PATTERN, f"a{char}b")
    assert re.match(ONE_LINE_PATTERN, "می\u200cخواهم")
