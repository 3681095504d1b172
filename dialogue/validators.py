"""Validators for codes the registry stores: ISO 639-1 languages and BCP 47 language tags."""

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
