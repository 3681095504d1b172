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
# The controls of bidirectional text (embeddings, overrides, isolates): they reorder what
# follows them, so "Moscow\u202ewocsoM" shows as "MoscowMoscow". Refused in every text.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# A one-line field (a name, a title, a venue) refuses every format character (Unicode's "Cf":
# the bidi controls and marks, zero-width spaces, U+2060, U+FEFF, the soft hyphen, tags), as
# they show nothing and make two names that look the same differ. Except the two joiners,
# which Persian, Arabic and the Indic scripts need to write some words (and emoji to join
# pictures): they are allowed between two characters of such a script or of an emoji only.
JOINERS = frozenset("\u200c\u200d")
JOINING_SCRIPTS = (
    (0x0600, 0x08FF),  # Arabic (Persian, Urdu …), Syriac, Thaana, N'Ko, Samaritan, Mandaic
    (0x0900, 0x0DFF),  # Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil … Sinhala
    (0x0F00, 0x109F),  # Tibetan, Myanmar
    (0x1780, 0x18AF),  # Khmer, Mongolian
    (0xA8E0, 0xA8FF),  # Devanagari Extended
    (0xFB50, 0xFDFF),  # Arabic presentation forms
    (0xFE70, 0xFEFE),
)
EMOJI_PARTS = frozenset("\ufe0f\u20e3")  # the emoji presentation selector, the keycap


def described(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`: the code point and, where it has one, its name."""
    name = unicodedata.name(char, "")
    return f"{code_point(char)} ({name})" if name else code_point(char)


def joins(char: str) -> bool:
    """Whether a joiner next to `char` can have a use: a letter or mark of a script that joins
    them, or part of an emoji."""
    code = ord(char)
    if any(low <= code <= high for low, high in JOINING_SCRIPTS):
        return unicodedata.category(char)[0] in "LM"
    return char in EMOJI_PARTS or unicodedata.category(char) == "So" or 0x1F3FB <= code <= 0x1F3FF


def hidden_format_character(value: str) -> str | None:
    """The first format character of a one-line value that is not allowed where it stands."""
    for i, char in enumerate(value):
        if char in JOINERS:
            if 0 < i < len(value) - 1 and joins(value[i - 1]) and joins(value[i + 1]):
                continue
            return char
        if unicodedata.category(char) == "Cf":
            return char
    return None


def code_point(char: str) -> str:
    """`U+0007`: a character named so that any character can be shown in a message."""
    return f"U+{ord(char):04X}"


def is_invisible(char: str) -> bool:
    return char in BLANK_LOOKING or unicodedata.category(char) in INVISIBLE_CATEGORIES


def validate_one_line(value: str) -> None:
    """Accept one line of visible text: no control characters (BEL, CR, LF, VT …) or line
    separators, not only invisible characters (U+200B, U+200E, U+FEFF, spaces), and no format
    character (bidi controls, zero-width spaces …) but a joiner where a script needs it."""
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
    hidden = hidden_format_character(value)
    if hidden is not None:
        raise ValidationError(
            "Invisible and text-direction characters, such as the %(char)s given, are not "
            "allowed: they change how the text shows without being seen. (Zero-width joiners "
            "are allowed inside words of the scripts that need them, and in emoji.)",
            code="format_character",
            params={"char": described(hidden)},
        )


def validate_text(value: str) -> None:
    """Accept a longer text: lines, tabs and any printable character, but no other control
    characters (BEL, VT, ESC, NUL …) nor the controls that reorder text (U+202E …). Zero-width
    and other format characters are kept: text copied from a source carries them."""
    for char in value:
        if char not in TEXT_CONTROLS and unicodedata.category(char) == "Cc":
            raise ValidationError(
                "Control characters such as the %(char)s given are not allowed; line breaks "
                "and tabs are.",
                code="control_character",
                params={"char": code_point(char)},
            )
        if char in BIDI_CONTROLS:
            raise ValidationError(
                "Text-direction controls such as the %(char)s given are not allowed: they "
                "reorder how the text after them shows.",
                code="format_character",
                params={"char": described(char)},
            )
