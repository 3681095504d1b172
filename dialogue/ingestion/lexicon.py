"""What the extraction knows before it reads: countries (names, short names, demonyms), and the
registry's people, mechanisms, organisations, places and topics with their other names.

Country knowledge is general (ISO 3166 names from pycountry and the usual English short names
and adjectives); the registry's records are read from the database, whatever they are.
"""

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pycountry

if TYPE_CHECKING:
    from ..models import Round

# English short names in common use where ISO 3166's differ ("Russian Federation").
COUNTRY_ALIASES = {
    "Russia": "RU",
    "the Russian Federation": "RU",
    "United States": "US",
    "the United States": "US",
    "USA": "US",
    "the US": "US",
    "Britain": "GB",
    "Great Britain": "GB",
    "the UK": "GB",
    "the United Kingdom": "GB",
    "South Korea": "KR",
    "the Republic of Korea": "KR",
    "North Korea": "KP",
    "Turkey": "TR",
    "Czech Republic": "CZ",
    "the Netherlands": "NL",
    "the Philippines": "PH",
    "the United Arab Emirates": "AE",
    "UAE": "AE",
    "the Soviet Union": "SU",
    "the USSR": "SU",
    "Ivory Coast": "CI",
    # Without the article of its official name: "Congo" alone is the Republic of the Congo.
    "Democratic Republic of Congo": "CD",
    "DR Congo": "CD",
    "Burma": "MM",
}
# Other usual forms, read but never written in a mechanism's name (`country_short_name`), and
# matched in capitals only ("US", never "us").
COUNTRY_ABBREVIATIONS = {
    "US": "US",
    "U.S.": "US",
    "the U.S.": "US",
    "U.S.A.": "US",
    "UK": "GB",
    "U.K.": "GB",
    "the U.K.": "GB",
    "DPRK": "KP",
    "the DPRK": "KP",
    "ROK": "KR",
    "the ROK": "KR",
    "Republic of Korea": "KR",
    "PRC": "CN",
    "the PRC": "CN",
    "Türkiye": "TR",
    "Turkiye": "TR",
    "Brunei": "BN",
    "Palestine": "PS",
    "Cape Verde": "CV",
    "Micronesia": "FM",
    "the Holy See": "VA",
    "the Vatican": "VA",
}
# Adjectives of nationality ("Japanese Defence Minister", "Russian-Japanese relations").
DEMONYMS = {
    "Afghan": "AF", "Algerian": "DZ", "American": "US", "Argentine": "AR", "Armenian": "AM",
    "Australian": "AU", "Austrian": "AT", "Azerbaijani": "AZ", "Bangladeshi": "BD",
    "Belarusian": "BY", "Belgian": "BE", "Brazilian": "BR", "British": "GB", "Bulgarian": "BG",
    "Cambodian": "KH", "Canadian": "CA", "Chilean": "CL", "Chinese": "CN", "Colombian": "CO",
    "Cuban": "CU", "Cypriot": "CY", "Czech": "CZ", "Danish": "DK", "Dutch": "NL",
    "Egyptian": "EG", "Emirati": "AE", "Estonian": "EE", "Ethiopian": "ET", "Finnish": "FI",
    "French": "FR", "Georgian": "GE", "German": "DE", "Greek": "GR", "Hungarian": "HU",
    "Indian": "IN", "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ", "Irish": "IE",
    "Israeli": "IL", "Italian": "IT", "Japanese": "JP", "Jordanian": "JO", "Kazakh": "KZ",
    "Kazakhstani": "KZ", "Kenyan": "KE", "Kuwaiti": "KW", "Kyrgyz": "KG", "Lao": "LA",
    "Latvian": "LV", "Lebanese": "LB", "Libyan": "LY", "Lithuanian": "LT", "Malaysian": "MY",
    "Mexican": "MX", "Moldovan": "MD", "Mongolian": "MN", "Moroccan": "MA", "Nepalese": "NP",
    "Nigerian": "NG", "North Korean": "KP", "Norwegian": "NO", "Pakistani": "PK",
    "Palestinian": "PS", "Peruvian": "PE", "Philippine": "PH", "Polish": "PL",
    "Portuguese": "PT", "Qatari": "QA", "Romanian": "RO", "Russian": "RU", "Saudi": "SA",
    "Serbian": "RS", "Singaporean": "SG", "Slovak": "SK", "Slovenian": "SI",
    "South African": "ZA", "South Korean": "KR", "Soviet": "SU", "Spanish": "ES",
    "Sri Lankan": "LK", "Sudanese": "SD", "Swedish": "SE", "Swiss": "CH", "Syrian": "SY",
    "Tajik": "TJ", "Thai": "TH", "Tunisian": "TN", "Turkish": "TR", "Turkmen": "TM",
    "Ukrainian": "UA", "Uzbek": "UZ", "Venezuelan": "VE", "Vietnamese": "VN", "Yemeni": "YE",
    "Azeri": "AZ", "Belarussian": "BY", "Bruneian": "BN", "Emirian": "AE", "Kyrgyzstani": "KG",
    "Tajikistani": "TJ", "Turkmenistani": "TM", "Uzbekistani": "UZ", "Angolan": "AO",
    "Ghanaian": "GH", "Senegalese": "SN", "Tanzanian": "TZ", "Ugandan": "UG", "Zambian": "ZM",
    "Zimbabwean": "ZW", "Mozambican": "MZ", "Congolese": "CD", "New Zealand": "NZ",
    "Croatian": "HR", "Bosnian": "BA", "Montenegrin": "ME", "Macedonian": "MK",
    "Albanian": "AL", "Maltese": "MT", "Icelandic": "IS", "Slovene": "SI", "Bahraini": "BH",
    "Omani": "OM", "Ecuadorian": "EC", "Bolivian": "BO", "Paraguayan": "PY",
    "Uruguayan": "UY", "Guatemalan": "GT", "Honduran": "HN", "Salvadoran": "SV",
    "Costa Rican": "CR", "Panamanian": "PA", "Jamaican": "JM", "Haitian": "HT",
    "Burmese": "MM", "Bhutanese": "BT", "Maldivian": "MV", "Cameroonian": "CM",
    "Ivorian": "CI", "Malian": "ML", "Rwandan": "RW", "Somali": "SO", "Eritrean": "ER",
    "Namibian": "NA", "Malawian": "MW", "Mauritian": "MU", "Malagasy": "MG", "Liberian": "LR",
    "Gabonese": "GA", "Chadian": "TD", "Togolese": "TG", "Mauritanian": "MR", "Fijian": "FJ",
    "Timorese": "TL", "Luxembourgish": "LU", "Monegasque": "MC", "Andorran": "AD",
}  # fmt: skip


# The countries of today (not the Soviet Union): a meeting's parties are among them.
CURRENT_COUNTRIES = frozenset(country.alpha_2 for country in pycountry.countries)


@dataclass
class KnownPerson:
    id: int
    name: str
    country: str | None
    names: list[str]


@dataclass
class KnownMechanism:
    id: int
    name: str
    kind: str
    countries: set[str]
    names: list[str]  # name, short name, other names
    version: str = ""


@dataclass
class KnownOrganisation:
    id: int
    name: str
    kind: str
    country: str | None
    names: list[str]


@dataclass
class KnownRecord:
    """A stored document or figure, by the values a draft is matched on."""

    id: int
    key: tuple


@dataclass
class KnownRound:
    id: int
    mechanism: int
    number: int | None
    start: object
    end: object
    version: str = ""


@dataclass
class StoredRecords:
    """Stored rounds, documents and figures held in memory (what a test or a registry holding
    only the countries knows); `RegistryRecords` asks the database instead."""

    rounds: list[KnownRound] = field(default_factory=list)
    documents: list[KnownRecord] = field(default_factory=list)  # (kind, quantity, start, parties)
    indicators: list[KnownRecord] = field(default_factory=list)  # (value, unit, start, end)

    def rounds_of(self, mechanism: int) -> list[KnownRound]:
        return [known for known in self.rounds if known.mechanism == mechanism]

    def round(self, pk: int) -> KnownRound | None:
        return next((known for known in self.rounds if known.id == pk), None)

    def document(self, key: tuple) -> KnownRecord | None:
        return next((known for known in self.documents if known.key == key), None)

    def indicator(self, key: tuple) -> KnownRecord | None:
        return next((known for known in self.indicators if known.key == key), None)


class RegistryRecords(StoredRecords):
    """The registry's rounds, documents and figures, each looked up by an indexed query when a
    draft needs it, so reading a release costs the same on the seed and on a million rounds."""

    def __init__(self) -> None:
        super().__init__()
        self._rounds: dict[int, list[KnownRound]] = {}

    @staticmethod
    def _known_round(round_: "Round") -> KnownRound:
        return KnownRound(
            round_.pk, round_.mechanism_id, round_.number, round_.start_date, round_.end_date
        )

    def rounds_of(self, mechanism: int) -> list[KnownRound]:
        from ..models import Round

        if mechanism not in self._rounds:
            self._rounds[mechanism] = [
                self._known_round(round_)
                for round_ in Round.objects.filter(mechanism_id=mechanism).only(
                    "mechanism_id", "number", "start_date", "end_date"
                )
            ]
        return self._rounds[mechanism]

    def round(self, pk: int) -> KnownRound | None:
        from ..models import Round

        found = (
            Round.objects.filter(pk=pk)
            .only("mechanism_id", "number", "start_date", "end_date")
            .first()
        )
        return self._known_round(found) if found else None

    def document(self, key: tuple) -> KnownRecord | None:
        from ..models import Document

        kind, quantity, start, parties = key
        for document in Document.objects.filter(
            kind=kind, quantity=quantity, start_date=start
        ).prefetch_related("parties"):
            if tuple(sorted(country.code for country in document.parties.all())) == parties:
                return KnownRecord(document.pk, key)
        return None

    def indicator(self, key: tuple) -> KnownRecord | None:
        from ..models import Indicator

        value, unit, start, end = key
        found = (
            Indicator.objects.filter(value=value, unit=unit, start_date=start, end_date=end)
            .values_list("pk", flat=True)
            .first()
        )
        return None if found is None else KnownRecord(found, key)


@dataclass
class Lexicon:
    """Names the extraction recognises, and the registry records they stand for."""

    country_names: dict[str, str] = field(default_factory=dict)  # name as written → code
    people: list[KnownPerson] = field(default_factory=list)
    mechanisms: list[KnownMechanism] = field(default_factory=list)
    organisations: list[KnownOrganisation] = field(default_factory=list)
    # Rounds, documents and figures grow with the registry (a million rounds): they are looked
    # up by what a draft is matched on, never read whole.
    stored: StoredRecords = field(default_factory=StoredRecords)
    places: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # name → (slug, code)
    topics: dict[str, str] = field(default_factory=dict)  # name → slug

    def country_short_name(self, code: str) -> str:
        """The name a release would use: "Russia", "Japan", "India"."""
        for name, alias_code in COUNTRY_ALIASES.items():
            if alias_code == code and not name.startswith("the ") and name.isalpha():
                return name
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return code
        return getattr(country, "common_name", None) or country.name

    def country_pattern(self) -> re.Pattern[str]:
        names = sorted(self.country_names, key=len, reverse=True)
        # After a hyphen too: "Russian-US", "U.S.-PRC" (the longest name first: "Guinea-Bissau").
        return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        ):
            if name and "," not in name:
                names[name] = country.alpha_2
    names.update(COUNTRY_ALIASES)
    names.update(COUNTRY_ABBREVIATIONS)
    names.update(DEMONYMS)
    return names


def countries_only() -> Lexicon:
    """What the extraction knows of a registry that holds only the countries."""
    return Lexicon(country_names=country_names())


def from_registry() -> Lexicon:
    """The registry's records, with every name each is known by."""
    from .. import selectors
    from ..models import Mechanism, Organisation, Person, Place, Topic

    lexicon = countries_only()
    lexicon.stored = RegistryRecords()
    for person in Person.objects.prefetch_related("other_names"):
        names = [person.name, *(other.name for other in person.other_names.all())]
        lexicon.people.append(KnownPerson(person.pk, person.name, person.country_id, names))
    for mechanism in Mechanism.objects.prefetch_related("other_names", "countries"):
        names = [mechanism.name, mechanism.short_name]
        names += [other.name for other in mechanism.other_names.all()]
        lexicon.mechanisms.append(
            KnownMechanism(
                mechanism.pk,
                mechanism.name,
                mechanism.kind,
                {country.code for country in mechanism.countries.all()},
                [name for name in names if name],
                selectors.record_version(mechanism),
            )
        )
    for organisation in Organisation.objects.prefetch_related("other_names"):
        names = [organisation.name, *(other.name for other in organisation.other_names.all())]
        lexicon.organisations.append(
            KnownOrganisation(
                organisation.pk,
                organisation.name,
                organisation.kind,
                organisation.country_id,
                names,
            )
        )
    for place in Place.objects.prefetch_related("other_names"):
        for name in [place.name, *(other.name for other in place.other_names.all())]:
            lexicon.places.setdefault(name, (place.slug, place.country_id))
    for topic in Topic.objects.all():
        lexicon.topics[topic.name] = topic.slug
    return lexicon
