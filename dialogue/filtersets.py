"""Query-string filters of the API's list endpoints and of the /timeline/ page: which records a
query asks for, read by django-filter. The API documents them (their OpenAPI types:
`dialogue.api.schema`) and turns their errors into problems; nothing here knows of either.

Unknown or malformed values get 400 naming the parameter, never an empty 200.

Every value is bounded before any query reads it: at most MAX_VALUE_CHARS characters, a
parameter given at most MAX_VALUES times, a search (`q`) at most `search.MAX_WORDS` words;
beyond, 400 naming the parameter. No user text can break an error message: every message is
formatted once, and the text it quotes is never read as a format string again.
"""

import datetime
from contextlib import suppress

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.datastructures import MultiValueDict
from django_filters.fields import BaseCSVField

from . import search
from .choices import (
    DocumentKind,
    MechanismKind,
    MechanismLevel,
    MechanismStatus,
    RoundStatus,
)
from .models import (
    OVERDUE,
    Country,
    Document,
    Indicator,
    Mechanism,
    Organisation,
    Person,
    Place,
    Round,
    Source,
    Topic,
)

LEVEL_SCALE = ", ".join(f"`{level}`" for level in MechanismLevel.values)
MAX_VALUE_CHARS = 200  # characters of any one value of a query parameter
MAX_VALUES = 20  # times one parameter may be given (`?country=RU&country=JP` is 2)


def without_empty_values(data):
    """The query without its empty values: `?status=&country=RU` is `?country=RU`.

    A form that leaves a field blank sends it empty (the /timeline/ page does), so an empty
    value means "not given" for every filter, single or repeated, never a 400.
    """
    if not hasattr(data, "getlist"):
        return {key: value for key, value in data.items() if value != ""}
    cleaned: MultiValueDict = MultiValueDict()
    for key in data:
        values = [value for value in data.getlist(key) if value != ""]
        if values:
            cleaned.setlist(key, values)
    return cleaned


def limit_errors(data, names) -> dict[str, list[str]]:
    """Messages for the parameters among `names` given more than MAX_VALUES times or with a
    value longer than MAX_VALUE_CHARS characters: what no filter should read, let alone
    query with (a long `LIKE` pattern, a join per repeated country)."""
    errors: dict[str, list[str]] = {}
    for name in names:
        if name not in data:
            continue
        values = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
        if len(values) > MAX_VALUES:
            errors[name] = [f"Give this parameter at most {MAX_VALUES} times."]
        elif any(len(str(value)) > MAX_VALUE_CHARS for value in values):
            errors[name] = [f"Give at most {MAX_VALUE_CHARS} characters."]
    return errors


def foreign_digits(text: str) -> bool:
    """Whether `text` holds a decimal digit other than 0–9: `２０１８` (full-width), `٢٠١٨`
    (Arabic-Indic), which int(), `\\d` and Django's date parsing read as 2018. Superscripts
    (`²`) are not decimal digits: int() refuses them, so they are left to each filter."""
    return any(char.isdecimal() and not char.isascii() for char in text)


def digit_errors(data, filters) -> dict[str, list[str]]:
    """Messages for the parameters, other than words and names (CharFilter), whose value holds
    a digit other than 0–9: a year, a date, an id is written in ASCII digits, or it is refused
    rather than read as another (`year=２０１８` matched 2018)."""
    errors: dict[str, list[str]] = {}
    for name, filter_ in filters.items():
        if name not in data or isinstance(filter_, django_filters.CharFilter):
            continue
        values = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
        if any(foreign_digits(str(value)) for value in values):
            errors[name] = ["Write numbers and dates with the digits 0–9."]
    return errors


def formatted_once(error: ValidationError) -> ValidationError:
    """The error with its message already formatted, wrapped so that formatting it again is a
    no-op: django-filter formats every message with `%` once more (`message % params`), which
    fails, or changes the text, when the message quotes user text holding `%`."""
    message = str(error.message)
    if error.params:
        # A message that quotes user text in place of a placeholder stays as it is.
        with suppress(KeyError, TypeError, ValueError):
            message = message % error.params
    return ValidationError("%(message)s", code=error.code, params={"message": message})


class RegistryFilterForm(forms.Form):
    """The form of a RegistryFilterSet: parameters refused by `limit_errors` (dropped from the
    data before any field read them) get their messages, and every message is formatted once."""

    refused: dict[str, list[str]] = {}

    def full_clean(self):
        super().full_clean()
        for name, messages in self.refused.items():
            self.add_error(name, messages)
        for errors in self.errors.values():
            errors.data[:] = [formatted_once(error) for error in errors.as_data()]


class RegistryFilterSet(django_filters.FilterSet):
    """A filter set for which an empty value is no value (see `without_empty_values`), that
    refuses values beyond the limits (`limit_errors`) and whose messages are safe to format."""

    def __init__(self, data=None, *args, **kwargs):
        self.refused: dict[str, list[str]] = {}
        if data is not None:
            data = without_empty_values(data)
            self.refused = {
                **digit_errors(data, self.base_filters),
                **limit_errors(data, self.base_filters),
            }
            if self.refused:
                data = without(data, self.refused)
        super().__init__(data, *args, **kwargs)

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(
            form_class.__name__, (RegistryFilterForm, form_class), {"refused": self.refused}
        )


def without(data, names):
    """The query without the parameters `names`."""
    if not hasattr(data, "getlist"):
        return {key: value for key, value in data.items() if key not in names}
    kept: MultiValueDict = MultiValueDict()
    for key in data:
        if key not in names:
            kept.setlist(key, data.getlist(key))
    return kept


class CountryCodesFilter(django_filters.ModelMultipleChoiceFilter):
    """Countries by alpha-2 code; repeated (`?country=RU&country=JP`), all must take part."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("conjoined", True)
        super().__init__(**kwargs)


class DocumentCountryFilter(CountryCodesFilter):
    """Documents that concern every given country: as a party, or by the round they were
    signed at (an agreement between two parties signed during a state visit)."""

    def filter(self, qs: QuerySet, value: list[Country]) -> QuerySet:
        for country in value:
            concerned = Document.objects.filter(
                Q(parties=country) | Q(round__mechanism__countries=country)
            )
            qs = qs.filter(pk__in=concerned.values("pk"))
        return qs


class TopicSlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Topics by slug; repeated, any of them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("field_name", "topics__slug")
        kwargs.setdefault("queryset", Topic.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(**kwargs)


class YearFilter(django_filters.Filter):
    """A calendar year, 1 to 9999."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(**kwargs)


YES_NO = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class YesNoField(forms.Field):
    """`true`/`false`, `1`/`0` or `yes`/`no`, in any case; anything else is an error.

    django-filter's boolean filter reads a value it does not know as "no filter", so
    `?is_former=maybe` would list every country.
    """

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        answer = YES_NO.get(str(value).strip().lower())
        if answer is None:
            raise forms.ValidationError("Give true or false.", code="invalid")
        return answer


class YesNoFilter(django_filters.BooleanFilter):
    """A boolean filter that refuses what is not a boolean (400) instead of ignoring it."""

    field_class = YesNoField


class CommaListField(BaseCSVField):
    """Comma-separated values, none of them empty: `?ordering=name,` is a mistake, not `name`."""

    def clean(self, value):
        if value and any(str(item).strip() == "" for item in value):
            raise forms.ValidationError(
                "Separate the values with single commas; leave none empty.", code="invalid"
            )
        return super().clean(value)


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering, refusing empty items between the commas."""

    base_field_class = CommaListField


class MechanismRefField(forms.CharField):
    """A mechanism given by its id or its slug; an unknown one is an error, not an empty list."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        # Only ASCII digits are an id: `"²".isdigit()` is true, but int("²") fails.
        is_id = value.isascii() and value.isdigit()
        lookup = Q(slug=value) | Q(pk=int(value)) if is_id else Q(slug=value)
        mechanism = Mechanism.objects.filter(lookup).first()
        if mechanism is None:
            raise forms.ValidationError(
                "No mechanism has the id or slug “%(value)s”.",
                code="invalid_choice",
                params={"value": value},
            )
        return mechanism


class MechanismRefFilter(django_filters.Filter):
    """Records of a mechanism given by id or slug."""

    field_class = MechanismRefField


class PlaceRefField(forms.CharField):
    """Places given by a slug or an exact name; an unknown one is an error."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        places = list(Place.objects.filter(Q(slug=value) | Q(name__iexact=value)))
        if not places:
            raise forms.ValidationError(
                "No place has the slug or name “%(value)s”.",
                code="invalid_choice",
                params={"value": value},
            )
        return places


class PlaceRefFilter(django_filters.Filter):
    """Records held in places given by slug or name."""

    field_class = PlaceRefField


class SearchField(forms.CharField):
    """Words to search for: at most `search.MAX_WORDS` words and `search.MAX_CHARS` characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", search.MAX_CHARS)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and len(value.split()) > search.MAX_WORDS:
            raise forms.ValidationError(
                "Search for at most %(limit)s words.",
                code="max_words",
                params={"limit": search.MAX_WORDS},
            )


class SearchFilter(django_filters.CharFilter):
    """A search (`q`), bounded as `SearchField` says."""

    field_class = SearchField


SEARCH_LIMITS = (
    f"At most {search.MAX_WORDS} words and {search.MAX_CHARS} characters; more is a 400."
)
SEARCH_SYNTAX = (
    "Every word must be found, each in any of the record's searchable parts (its own fields or "
    "a linked record's). On PostgreSQL, full-text search (English stemming) read as a web "
    'search: a "quoted phrase" is found as a phrase, `or` between words finds either, `-word` '
    "finds records none of whose parts holds the word (excluded words alone find nothing); "
    "best match first when at most 5,000 match. On SQLite, every word found in any case as "
    "written. Whole simple words give the same results on both."
)


class DatedFilterSet(RegistryFilterSet):
    """Filters shared by every list of dated records: by when, and by words."""

    year = YearFilter(
        method="filter_year",
        help_text="Records whose dates overlap this year, such as `2018`.",
    )
    date_from = django_filters.DateFilter(
        method="filter_date_from",
        help_text="Records that end on or after this ISO date. Dates overlap: a round dated "
        "“April 2018” (2018-04-01..2018-04-30) matches `date_from=2018-04-10&date_to=2018-04-12`.",
    )
    date_to = django_filters.DateFilter(
        method="filter_date_to",
        help_text="Records that start on or before this ISO date (overlap, as `date_from`).",
    )
    q = SearchFilter(
        method="filter_q",
        help_text=f"Words to search for. {SEARCH_SYNTAX} {SEARCH_LIMITS}",
    )
    search_parts: tuple[search.Part, ...] = ()
    # Set by the list endpoints, which read a page of the matches (see search.search).
    paged_search = False

    def filter_year(self, qs: QuerySet, name: str, value: int) -> QuerySet:
        return qs.filter(
            end_date__gte=datetime.date(value, 1, 1), start_date__lte=datetime.date(value, 12, 31)
        )

    def filter_date_from(self, qs: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return qs.filter(end_date__gte=value)

    def filter_date_to(self, qs: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return qs.filter(start_date__lte=value)

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return search.search(qs, value, self.search_parts, paged=self.reads_a_page())

    def reads_a_page(self) -> bool:
        """Whether the list is read a page at a time (a JSON list of the viewsets that say so,
        `paged_search`), not every match (a count, a timeline, a spreadsheet, a calendar)."""
        renderer = getattr(self.request, "accepted_renderer", None)
        return self.paged_search and getattr(renderer, "format", "json") not in ("csv", "ics")


class RoundFilterSet(DatedFilterSet):
    """Filters of /api/v1/rounds/ (and of a mechanism's rounds, and the timeline)."""

    mechanism = MechanismRefFilter(
        field_name="mechanism", help_text="A mechanism's id or slug, such as `ru-jp-2plus2`."
    )
    country = CountryCodesFilter(
        field_name="mechanism__countries",
        help_text="Alpha-2 code of a country taking part; repeat to require all "
        "(`country=RU&country=JP`: both sides take part).",
    )
    kind = django_filters.MultipleChoiceFilter(
        field_name="mechanism__kind",
        choices=MechanismKind.choices,
        help_text="The mechanism's kind; repeat for any of several.",
    )
    level = django_filters.MultipleChoiceFilter(
        field_name="mechanism__level",
        choices=MechanismLevel.choices,
        help_text="The mechanism's level; repeat for any of several.",
    )
    min_level = django_filters.ChoiceFilter(
        choices=MechanismLevel.choices,
        method="filter_min_level",
        help_text=f"Rounds at this level or above, on the scale (highest first) {LEVEL_SCALE}.",
    )
    status = django_filters.MultipleChoiceFilter(
        choices=RoundStatus.choices, help_text="Status; repeat for any of several."
    )
    city = PlaceRefFilter(
        method="filter_city",
        help_text="A place's slug or exact name (`moscow`, `St Petersburg`), where the round "
        "was held or which it moved through.",
    )
    host_country = django_filters.ModelMultipleChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        help_text="Alpha-2 code of the host country; repeat for any of several.",
    )
    topic = TopicSlugsFilter(
        help_text="A topic's slug; repeat for any of several.",
    )
    participant = django_filters.ModelChoiceFilter(
        field_name="participants__person",
        queryset=Person.objects.all(),
        help_text="A person's id: rounds they took part in.",
    )
    overdue = YesNoFilter(
        method="filter_overdue",
        help_text="`true`: only rounds whose date has passed while their status is still "
        "`scheduled` (the rounds' `overdue`); `false`: every other round.",
    )
    ordering = OrderingFilter(
        fields=(
            ("start_date", "start_date"),
            ("number", "number"),
            ("mechanism__name", "mechanism"),
            ("created", "created"),
        ),
        help_text="Sort by `start_date`, `number`, `mechanism` (its name) or `created`; prefix "
        "`-` for descending. With `q` and no ordering, the best matches come first.",
    )
    search_parts = search.ROUND_PARTS

    class Meta:
        model = Round
        fields: list[str] = []

    def filter_min_level(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        at_or_above = MechanismLevel.values[: MechanismLevel.rank(value) + 1]
        return qs.filter(mechanism__level__in=at_or_above)

    def filter_overdue(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        return qs.filter(OVERDUE) if value else qs.exclude(OVERDUE)

    def filter_city(self, qs: QuerySet, name: str, places: list[Place]) -> QuerySet:
        return qs.filter(
            Q(city__in=places)
            | Exists(
                Round.other_places.through.objects.filter(round=OuterRef("pk"), place__in=places)
            )
        )


class RoundListFilterSet(RoundFilterSet):
    """The filters of /api/v1/rounds/ itself: its JSON is read a page at a time."""

    paged_search = True

    class Meta(RoundFilterSet.Meta):
        pass


class MechanismFilterSet(RegistryFilterSet):
    """Filters of /api/v1/mechanisms/."""

    country = CountryCodesFilter(
        field_name="countries",
        help_text="Alpha-2 code of a country taking part; repeat to require all.",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=MechanismKind.choices, help_text="Kind; repeat for any of several."
    )
    level = django_filters.MultipleChoiceFilter(
        choices=MechanismLevel.choices, help_text="Level; repeat for any of several."
    )
    status = django_filters.MultipleChoiceFilter(
        choices=MechanismStatus.choices, help_text="Status; repeat for any of several."
    )
    slug = django_filters.CharFilter(help_text="The mechanism's slug.")
    active_since = django_filters.DateFilter(
        method="filter_active_since",
        help_text="Mechanisms with a round (held or scheduled) ending on or after this ISO date.",
    )
    q = SearchFilter(
        method="filter_q",
        help_text="Words to search for in names (any language), descriptions and cited "
        f"passages. {SEARCH_SYNTAX} {SEARCH_LIMITS}",
    )
    ordering = OrderingFilter(
        fields=("name", "slug", "established", "created"),
        help_text="Sort by `name`, `slug`, `established` or `created`; prefix `-` for descending.",
    )

    class Meta:
        model = Mechanism
        fields: list[str] = []

    def filter_active_since(self, qs: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return qs.filter(
            Exists(Round.objects.filter(mechanism=OuterRef("pk"), end_date__gte=value))
        )

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return search.search(qs, value, search.MECHANISM_PARTS)


class DocumentFilterSet(DatedFilterSet):
    """Filters of /api/v1/documents/."""

    country = DocumentCountryFilter(
        field_name="parties",
        help_text="Alpha-2 code of a country that is a party, or whose mechanism's round the "
        "document was signed at; repeat to require all.",
    )
    mechanism = MechanismRefFilter(
        field_name="round__mechanism",
        help_text="A mechanism's id or slug: documents signed at its rounds.",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=DocumentKind.choices, help_text="The document's kind; repeat for any of several."
    )
    round = django_filters.ModelChoiceFilter(
        queryset=Round.objects.all(), help_text="A round's id: documents signed at it."
    )
    topic = TopicSlugsFilter(
        help_text="A topic's slug; repeat for any of several.",
    )
    ordering = OrderingFilter(
        fields=("start_date", "created"),
        help_text="Sort by `start_date` or `created`; prefix `-` for descending.",
    )
    search_parts = search.DOCUMENT_PARTS

    class Meta:
        model = Document
        fields: list[str] = []


class IndicatorFilterSet(DatedFilterSet):
    """Filters of /api/v1/indicators/."""

    country = CountryCodesFilter(
        field_name="countries", help_text="Alpha-2 code of a country; repeat to require all."
    )
    unit = django_filters.CharFilter(help_text="Unit of the value, such as `USD` or `percent`.")
    ordering = OrderingFilter(
        fields=("start_date", "created"),
        help_text="Sort by `start_date` or `created`; prefix `-` for descending.",
    )
    search_parts = search.INDICATOR_PARTS

    class Meta:
        model = Indicator
        fields: list[str] = []


class NamedFilterSet(RegistryFilterSet):
    """Filters of records found by name: `name` matches any recorded language or script."""

    name = django_filters.CharFilter(
        method="filter_name", help_text="Part of the name, in any recorded language or script."
    )
    ordering = OrderingFilter(
        fields=("name", "created"),
        help_text="Sort by `name` or `created`; prefix `-` for descending.",
    )

    def filter_name(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        matching = qs.model.objects.filter(
            Q(name__icontains=value) | Q(other_names__name__icontains=value)
        )
        return qs.filter(pk__in=matching.values("pk"))


class PersonFilterSet(NamedFilterSet):
    """Filters of /api/v1/people/."""

    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), help_text="Alpha-2 code of the person's country."
    )

    class Meta:
        model = Person
        fields: list[str] = []


class OrganisationFilterSet(NamedFilterSet):
    """Filters of /api/v1/organisations/."""

    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), help_text="Alpha-2 code of the organisation's country."
    )

    parent = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), help_text="The id of the body it is part of."
    )

    class Meta:
        model = Organisation
        fields = ("kind", "parent")


class PlaceFilterSet(NamedFilterSet):
    """Filters of /api/v1/places/."""

    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), help_text="Alpha-2 code of the place's country."
    )

    parent = django_filters.ModelChoiceFilter(
        queryset=Place.objects.all(), help_text="The id of the larger place it lies in."
    )

    class Meta:
        model = Place
        fields = ("kind", "parent")


class CountryFilterSet(RegistryFilterSet):
    """Filters of /api/v1/countries/."""

    ordering = OrderingFilter(
        fields=("code", "name"), help_text="Sort by `code` or `name`; prefix `-` for descending."
    )

    is_former = YesNoFilter(
        help_text="`true` for former countries (ISO 3166-3), `false` for current ones."
    )

    class Meta:
        model = Country
        fields = ("is_former",)


class TopicFilterSet(RegistryFilterSet):
    """Filters of /api/v1/topics/."""

    ordering = OrderingFilter(
        fields=("name", "slug", "created"),
        help_text="Sort by `name`, `slug` or `created`; prefix `-` for descending.",
    )

    parent = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(), help_text="The id of the broader topic."
    )

    class Meta:
        model = Topic
        fields = ("parent",)


class SourceFilterSet(RegistryFilterSet):
    """Filters of /api/v1/sources/."""

    ordering = OrderingFilter(
        fields=("published_at", "created"),
        help_text="Sort by `published_at` or `created`; prefix `-` for descending.",
    )

    publisher = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), help_text="The id of the publishing organisation."
    )
    language = django_filters.CharFilter(help_text="Language tag of the text, such as `en-GB`.")

    class Meta:
        model = Source
        fields = ("kind", "publisher", "language")
