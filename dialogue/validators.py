"""Validators for what the registry stores: codes (ISO 639-1 languages, BCP 47 language tags)
and text that every page, export and calendar can show (one-line fields, longer texts)."""

import unicodedata

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 country code in capitals, such as RU or JP."
)


def validate_language_code(value: str) -> None:
    """Accept an ISO 639-1 two-letter language code such as `en`, `ru` or `ja`."""
    if pycountry.languages.get(alpha_2=value) is None:
        raise ValidationError(
            "%(value)s is not an ISO 639-1 language code (such as en, ru, ja).",
            params={"value": value},
        )


def validate_language_tag(value: str) -> None:
    """Accept a language tag of the form `en` or `en-GB` (ISO 639-1, then ISO 3166-1 region)."""
    language, _, region = value.partition("-")
    validate_language_code(language)
    if region and pycountry.countries.get(alpha_2=region) is None:
        raise ValidationError(
            "%(value)s has an unknown region; use a tag such as en-GB or ru-RU.",
            params={"value": value},
        )


def validate_language_tags(value: object) -> None:
    """Accept a list of language tags such as ["en-GB", "ru-RU"]."""
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise ValidationError('Give a list of language tags, such as ["en-GB", "ru-RU"].')
    for tag in value:
        validate_language_tag(tag)


# Characters that end a line or control a terminal: none belongs in a one-line field.
LINE_BREAKING_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
# Characters that show nothing by themselves: format controls (U+200B, U+200E, U+FEFF) and
# spaces, and the letters and symbols that are drawn blank (Hangul fillers, the braille blank).
INVISIBLE_CATEGORIES = frozenset({"Cf", "Zs"})
BLANK_LOOKING = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
# Control characters a longer text may hold: tab and line breaks.
TEXT_CONTROLS = frozenset("\t\n\r")


def code_point(char: str) -> str:
    """`U+0007`: a character named so that any character can be shown in a message."""
    return f"U+{ord(char):04X}"


def is_invisible(char: str) -> bool:
    return char in BLANK_LOOKING or unicodedata.category(char) in INVISIBLE_CATEGORIES


def validate_one_line(value: str) -> None:
    """Accept one line of visible text: no control characters (BEL, CR, LF, VT …) or line
    separators, and not only invisible characters (U+200B, U+200E, U+FEFF, spaces)."""
    for char in value:
        if unicodedata.category(char) in LINE_BREAKING_CATEGORIES:
            raise ValidationError(
                "Write this on one line: control characters and line breaks, such as the "
                "%(char)s given, are not allowed.",
                code="control_character",
                params={"char": code_point(char)},
            )
    if value and all(is_invisible(char) for char in value):
        raise ValidationError(
            "Give visible text: this has only invisible characters (%(chars)s).",
            code="invisible",
            params={"chars": ", ".join(dict.fromkeys(code_point(char) for char in value[:10]))},
        )


def validate_text(value: str) -> None:
    """Accept a longer text: lines, tabs and any printable character, but no other control
    characters (BEL, VT, ESC, NUL …)."""
    for char in value:
        if char not in TEXT_CONTROLS and unicodedata.category(char) == "Cc":
            raise ValidationError(
                "Control characters such as the %(char)s given are not allowed; line breaks "
                "and tabs are.",
                code="control_character",
                params={"char": code_point(char)},
            )
