"""Query-string filters of the list endpoints."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from ..choices import MechanismKind, MechanismLevel, MechanismStatus, RoundStatus
from ..models import Country, Document, Indicator, Mechanism, Organisation, Person, Place, Round


class CountryCodesFilter(django_filters.ModelMultipleChoiceFilter):
    """Countries by alpha-2 code; repeated (`?country=RU&country=JP`), all must take part."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("conjoined", True)
        super().__init__(**kwargs)


class MechanismRefFilter(django_filters.CharFilter):
    """A mechanism by its id or its slug; an unknown one is an error, not an empty list."""

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        lookup = Q(slug=value) | Q(pk=int(value)) if value.isdigit() else Q(slug=value)
        mechanism = Mechanism.objects.filter(lookup).first()
        if mechanism is None:
            raise ValidationError({self.field_name: f"No mechanism has the id or slug “{value}”."})
        return qs.filter(**{self.field_name: mechanism})


class RoundFilterSet(django_filters.FilterSet):
    """Filters of /api/v1/rounds/."""

    mechanism = MechanismRefFilter(
        field_name="mechanism", help_text="A mechanism's id or slug, such as `ru-jp-2plus2`."
    )
    country = CountryCodesFilter(
        field_name="mechanism__countries",
        help_text="Alpha-2 code of a country taking part; repeat to require all "
        "(`country=RU&country=JP`).",
    )
    status = django_filters.MultipleChoiceFilter(
        choices=RoundStatus.choices, help_text="Status; repeat for any of several."
    )

    class Meta:
        model = Round
        fields = ("mechanism", "country", "status")


class MechanismFilterSet(django_filters.FilterSet):
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

    class Meta:
        model = Mechanism
        fields = ("country", "kind", "level", "status", "slug")


class DocumentFilterSet(django_filters.FilterSet):
    """Filters of /api/v1/documents/."""

    party = CountryCodesFilter(
        field_name="parties", help_text="Alpha-2 code of a party; repeat to require all."
    )

    class Meta:
        model = Document
        fields = ("party", "kind", "round")


class IndicatorFilterSet(django_filters.FilterSet):
    """Filters of /api/v1/indicators/."""

    country = CountryCodesFilter(
        field_name="countries", help_text="Alpha-2 code of a country; repeat to require all."
    )

    class Meta:
        model = Indicator
        fields = ("country", "unit")


class PersonFilterSet(django_filters.FilterSet):
    """Filters of /api/v1/people/."""

    name = django_filters.CharFilter(
        method="filter_name", help_text="Part of the name, in any recorded language or script."
    )

    class Meta:
        model = Person
        fields = ("country", "name")

    def filter_name(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(name__icontains=value) | Q(other_names__name__icontains=value)
        ).distinct()


class OrganisationFilterSet(django_filters.FilterSet):
    """Filters of /api/v1/organisations/."""

    class Meta:
        model = Organisation
        fields = ("country", "kind", "parent")


class PlaceFilterSet(django_filters.FilterSet):
    """Filters of /api/v1/places/."""

    class Meta:
        model = Place
        fields = ("country", "kind", "parent")
