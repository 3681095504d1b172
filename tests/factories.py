"""factory_boy factories for the registry's models."""

import datetime

import factory
from django.contrib.auth.models import Permission, User

from dialogue import models
from dialogue.choices import DatePrecision, MechanismKind, MechanismLevel, RoundStatus


def country(code: str) -> models.Country:
    """A country the data migration loaded."""
    return models.Country.objects.get(code=code)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    title = factory.Sequence(lambda n: f"Press release {n}")
    language = "en-GB"
    available_languages = ["en-GB", "ru-RU"]
    text = "The ministers met in Moscow on 31 July. They discussed security."


def talks_release(**fields) -> models.Source:
    """A one-sentence release of Russia–Japan foreign ministers' talks, dated and placed, that
    ingestion reads into a round, its mechanism, its city and both people."""
    return SourceFactory(
        **{
            "text": "On 12 March 2019, Foreign Minister Sergey Lavrov held talks in Moscow with "
            "Foreign Minister Taro Kono of Japan.",
            "published_at": datetime.datetime(2019, 3, 12, 10, tzinfo=datetime.UTC),
            "published_timezone": "Europe/Moscow",
            "language": "en",
            **fields,
        }
    )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Person {n}")
    country = factory.LazyFunction(lambda: country("RU"))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Ministry {n}")
    kind = "ministry"
    country = factory.LazyFunction(lambda: country("RU"))


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Place

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.Sequence(lambda n: f"City {n}")
    country = factory.LazyFunction(lambda: country("RU"))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")


class MechanismFactory(factory.django.DjangoModelFactory):
    """A Russia–Japan mechanism unless `countries` says otherwise."""

    class Meta:
        model = models.Mechanism
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"mechanism-{n}")
    name = factory.Sequence(lambda n: f"Mechanism {n}")
    kind = MechanismKind.CONSULTATIONS
    level = MechanismLevel.MINISTERIAL

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create:
            self.countries.set(extracted if extracted is not None else ["RU", "JP"])


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Round

    mechanism = factory.SubFactory(MechanismFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = datetime.date(2018, 7, 31)
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    date_precision = DatePrecision.DAY
    status = RoundStatus.HELD


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participant

    round = factory.SubFactory(RoundFactory)
    person = factory.SubFactory(PersonFactory)
    country = factory.LazyFunction(lambda: country("RU"))
    role = "Foreign Minister"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Document

    title = factory.Sequence(lambda n: f"Agreement {n}")
    kind = "agreement"
    start_date = datetime.date(2018, 5, 26)
    end_date = datetime.date(2018, 5, 26)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    name = "Bilateral trade turnover"
    value = 18300000000
    unit = "USD"
    start_date = datetime.date(2017, 1, 1)
    end_date = datetime.date(2017, 12, 31)
    date_precision = DatePrecision.YEAR


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        """`permissions=["add_round", ...]` grants those codenames of the registry's models."""
        if create and extracted:
            self.user_permissions.set(
                Permission.objects.filter(
                    content_type__app_label="dialogue", codename__in=extracted
                )
            )


def analyst_permissions() -> list[str]:
    """Every add, change and delete permission of the registry's models."""
    return list(
        Permission.objects.filter(content_type__app_label="dialogue")
        .exclude(codename__startswith="view_")
        .values_list("codename", flat=True)
    )


class DraftFactory(factory.django.DjangoModelFactory):
    """A proposed person draft of a source."""

    class Meta:
        model = models.Draft

    source = factory.SubFactory(SourceFactory)
    type = "person"
    fields = factory.LazyFunction(lambda: {"name": "Taro Kono", "country": "JP"})
    citations = factory.LazyAttribute(
        lambda o: [
            {
                "source": o.source.pk,
                "quote": "The ministers met in Moscow on 31 July.",
                "supports": ["name"],
                "basis": "stated",
            }
        ]
    )


def indicator_in(year: int, countries=("RU", "JP"), **kwargs) -> models.Indicator:
    """A figure for the whole of `year`, of `countries`."""
    indicator = IndicatorFactory(
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
        date_precision=DatePrecision.YEAR,
        **kwargs,
    )
    indicator.countries.set(countries)
    return indicator
