"""How well the extraction reads a release: its round drafts against the rounds an analyst
entered from the same text.

Each release is read as into a registry holding only the countries (every mechanism, person and
place is then a new draft), and compared round by round, never by id:

- **found**: the share of the analyst's rounds that a round draft matches: the same start and
  end dates and precision, and the same mechanism (the same kind, and names alike once the
  countries' names are set aside: rapidfuzz's token-set ratio of 60 or more);
- **fields**: of the rounds found, the share of `number`, `city` and `status` values right;
- **participants**: the share of the analyst's participants (by name and side), of every round,
  that the matching drafts name;
- **precision**: the share of round drafts that match one of the analyst's rounds.

The corpus is a folder given by the caller (production code reads no test data): its `test/`
releases were written and scored before any rule was changed for them, its `dev/` releases are
those the rules were written on. Each release is also read into a registry holding the seed
(loaded in a transaction that is rolled back) and its **unsafe** drafts counted: a round
attached to a registry mechanism of other countries than the event's, a registry person on a
side other than their registry country, a registry record proposed again as a new draft.
"""

import datetime
import re
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from rapidfuzz import fuzz

from .. import gazetteer
from .extract import Spec, extract
from .lexicon import DEMONYMS, Lexicon, countries_only

SEED = Path(settings.BASE_DIR) / "fixtures" / "release-2018-07-30.yaml"
# The seed release must keep these (the rules were first written on it).
TARGETS = {"found": 0.8, "fields": 0.9, "participants": 0.8, "precision": 0.7}
# What the rules keep on the releases they were written on, together: a floor against
# regressions at what they read together, set when the fourth test set joined them
# (participants below the seed's 0.8: that set was developed on for half an hour), precision
# lowered to 0.89 when ten blind rewritings of known events joined them (read first at 0.55).
DEV_FLOOR = {"found": 0.8, "fields": 0.9, "participants": 0.75, "precision": 0.89}
# The test set's first read must reach these, with no unsafe draft (issue 21).
TEST_TARGETS = {"found": 0.8, "fields": 0.9, "participants": 0.8, "precision": 0.85}
SAME_NAME = 60
# Round drafts' confidence, in bands: [low, high).
BANDS = (("< 0.5", 0.0, 0.5), ("0.5–0.7", 0.5, 0.7), ("≥ 0.7", 0.7, 2.0))


@dataclass
class Release:
    """A release's text and the rounds entered from it."""

    name: str
    title: str
    text: str
    published_at: datetime.datetime | None
    timezone: str
    language: str
    rounds: list[dict[str, Any]]
    documents: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    # A development release some rule was written on (`rules_written_on: true` in its file).
    rules_written_on: bool = False


@dataclass
class Tally:
    """Documents or figures of a release: the analyst's, the drafts', and how they match."""

    expected: int = 0
    drafts: int = 0
    found: int = 0
    fields_right: int = 0
    fields_total: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def share(self, name: str) -> float:
        parts = {
            "found": (self.found, self.expected),
            "fields": (self.fields_right, self.fields_total),
            "precision": (self.found, self.drafts),
        }[name]
        return parts[0] / parts[1] if parts[1] else 1.0

    def add(self, other: "Tally") -> None:
        for name in ("expected", "drafts", "found", "fields_right", "fields_total"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Result:
    release: str
    expected: int
    drafts: int
    found: int
    fields_right: int
    fields_total: int
    participants_found: int
    participants_total: int
    matched_drafts: int
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    documents: Tally = field(default_factory=Tally)
    indicators: Tally = field(default_factory=Tally)
    # band label → [round drafts that match an analyst's round, round drafts]
    bands: dict[str, list[int]] = field(default_factory=lambda: {b[0]: [0, 0] for b in BANDS})
    unsafe: list[str] = field(default_factory=list)
    rules_written_on: bool = False

    def share(self, name: str) -> float:
        parts = {
            "found": (self.found, self.expected),
            "fields": (self.fields_right, self.fields_total),
            "participants": (self.participants_found, self.participants_total),
            "precision": (self.matched_drafts, self.drafts),
        }[name]
        return parts[0] / parts[1] if parts[1] else 1.0


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime.date) else value


def seed_release(path: Path = SEED) -> Release:
    """The seed release and its rounds, from the fixture (by value, not by id)."""
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_model: dict[str, dict[Any, dict]] = {}
    for record in records:
        by_model.setdefault(record["model"], {})[record["pk"]] = record["fields"]
    source = next(iter(by_model["dialogue.source"].values()))
    mechanisms = by_model["dialogue.mechanism"]
    places = by_model.get("dialogue.place", {})
    people = by_model.get("dialogue.person", {})
    participants = by_model.get("dialogue.participant", {}).values()
    rounds = []
    for pk, fields in by_model["dialogue.round"].items():
        mechanism = mechanisms[fields["mechanism"]]
        rounds.append(
            {
                "mechanism": {"kind": mechanism["kind"], "name": mechanism["name"]},
                "number": fields.get("number"),
                "start_date": _date(fields["start_date"]),
                "end_date": _date(fields.get("end_date") or fields["start_date"]),
                "date_precision": fields.get("date_precision", "day"),
                "city": places.get(fields.get("city"), {}).get("name"),
                "status": fields.get("status", "held"),
                "participants": [
                    [people[p["person"]]["name"], p["country"]]
                    for p in participants
                    if p["round"] == pk
                ],
            }
        )
    organisations = by_model.get("dialogue.organisation", {})
    documents = [
        {
            "title": fields["title"],
            "kind": fields["kind"],
            "quantity": fields.get("quantity", 1),
            "start_date": _date(fields.get("start_date")),
            "end_date": _date(fields.get("end_date") or fields.get("start_date")),
            "date_precision": fields.get("date_precision", "day"),
            "parties": sorted(fields.get("parties") or []),
            "signatories": [organisations[pk]["name"] for pk in fields.get("signatories") or []],
        }
        for fields in by_model.get("dialogue.document", {}).values()
    ]
    indicators = [
        {
            "name": fields["name"],
            "value": str(fields["value"]),
            "unit": fields["unit"],
            "comparator": fields.get("comparator", "eq"),
            "start_date": _date(fields["start_date"]),
            "end_date": _date(fields.get("end_date") or fields["start_date"]),
            "date_precision": fields.get("date_precision", "day"),
            "countries": sorted(fields.get("countries") or []),
        }
        for fields in by_model.get("dialogue.indicator", {}).values()
    ]
    published = source.get("published_at")
    if isinstance(published, str):
        published = datetime.datetime.fromisoformat(published.replace("Z", "+00:00"))
    return Release(
        path.name,
        source["title"],
        source["text"],
        published,
        source.get("published_timezone", ""),
        source.get("language", "en"),
        rounds,
        documents,
        indicators,
        rules_written_on=True,
    )


def own_releases(folder: Path) -> list[Release]:
    """The releases of one folder of a corpus (true events, our own sentences)."""
    releases = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        published = data.get("published_at")
        rounds = [
            {
                **item,
                "start_date": _date(item["start_date"]),
                "end_date": _date(item["end_date"]),
                "participants": item.get("participants") or [],
            }
            for item in data["rounds"]
        ]
        for item in rounds:
            for name, country in item["participants"]:
                # YAML reads an unquoted NO (Norway) as false: say so, never score it.
                if not (isinstance(country, str) and len(country) == 2):
                    raise ValueError(
                        f"{path.name}: {name}'s country {country!r} is no ISO code "
                        '(quote it: "NO")'
                    )
        releases.append(
            Release(
                path.name,
                data["title"],
                data["text"],
                datetime.datetime.fromisoformat(published) if published else None,
                data.get("published_timezone", ""),
                data.get("language", "en"),
                rounds,
                [
                    {
                        **item,
                        "start_date": _date(item.get("start_date")),
                        "end_date": _date(item.get("end_date")),
                        "parties": sorted(item.get("parties") or []),
                        "signatories": item.get("signatories") or [],
                    }
                    for item in data.get("documents") or []
                ],
                [
                    {
                        **item,
                        "value": str(item["value"]),
                        "start_date": _date(item["start_date"]),
                        "end_date": _date(item["end_date"]),
                        "countries": sorted(item.get("countries") or []),
                    }
                    for item in data.get("indicators") or []
                ],
                rules_written_on=bool(data.get("rules_written_on")),
            )
        )
    return releases


@dataclass
class Corpus:
    """A corpus's releases: the test set (scored before any rule was changed for it) and the
    development set (the rules were written on it)."""

    test: list[Release]
    dev: list[Release]


def corpus(folder: Path) -> Corpus:
    """The corpus in `folder`: its `test/` and `dev/` subfolders of release YAML files."""
    folder = Path(folder)
    found = Corpus(own_releases(folder / "test"), own_releases(folder / "dev"))
    if not found.test:
        raise ValueError(f"{folder / 'test'} holds no release (*.yaml)")
    return found


def read(release: Release, lexicon: Lexicon | None = None) -> list[Spec]:
    """The release's drafts, read as into a registry holding only the countries (or what
    `lexicon` knows)."""
    return extract(
        text=release.text,
        language=release.language,
        published=release.published_at,
        home=gazetteer.timezone_country(release.timezone) if release.timezone else None,
        lexicon=lexicon or countries_only(),
    )


COUNTRY_WORDS = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            {*DEMONYMS, "Russia", "Japan", "India", "China", "Turkey", "Iran", "Soviet"},
            key=len,
            reverse=True,
        )
    )
    + r")\b",
    re.IGNORECASE,
)


def plain_name(name: str) -> str:
    """A mechanism's name without its countries' names and punctuation."""
    return " ".join(re.sub(r"[^\w+]+", " ", COUNTRY_WORDS.sub(" ", name)).lower().split())


def same_mechanism(draft: dict[str, Any], expected: dict[str, Any]) -> bool:
    return draft.get("kind") == expected["kind"] and (
        fuzz.token_set_ratio(plain_name(draft.get("name", "")), plain_name(expected["name"]))
        >= SAME_NAME
    )


def fold(name: Any) -> str:
    return gazetteer.fold(str(name)) if name else ""


def compare(release: Release, specs: list[Spec]) -> Result:
    by_key = {spec.key: spec for spec in specs}
    drafts = [spec for spec in specs if spec.type == "round"]

    def resolve(value: Any) -> dict[str, Any]:
        if isinstance(value, dict) and "draft" in value:
            return by_key[value["draft"]].fields
        return {}

    result = Result(release.name, len(release.rounds), len(drafts), 0, 0, 0, 0, 0, 0)
    result.rules_written_on = release.rules_written_on
    used: set[str] = set()
    for expected in release.rounds:
        result.participants_total += len(expected["participants"])
        match = next(
            (
                spec
                for spec in drafts
                if spec.key not in used
                and (spec.fields["start_date"], spec.fields["end_date"])
                == (expected["start_date"], expected["end_date"])
                and spec.fields["date_precision"] == expected["date_precision"]
                and same_mechanism(resolve(spec.fields["mechanism"]), expected["mechanism"])
            ),
            None,
        )
        label = (
            f"{expected['mechanism']['name']}, {expected['start_date']}"
            f"{'' if expected['number'] is None else ', no. ' + str(expected['number'])}"
        )
        if match is None:
            result.misses.append(label)
            continue
        used.add(match.key)
        result.found += 1
        city = match.fields["city"]
        city_name = resolve(city).get("name") if isinstance(city, dict) else city
        right = [
            match.fields["number"] == expected["number"],
            fold(city_name) == fold(expected["city"]),
            match.fields["status"] == expected["status"],
        ]
        result.fields_right += sum(right)
        result.fields_total += len(right)
        named = {(fold(p["name"]), p["country"]) for p in match.fields["participants"]}
        result.participants_found += sum(
            (fold(name), country) in named for name, country in expected["participants"]
        )
    result.matched_drafts = len(used)
    for spec in drafts:
        label = next(name for name, low, high in BANDS if low <= spec.confidence < high)
        result.bands[label][0] += spec.key in used
        result.bands[label][1] += 1
    for spec in drafts:
        if spec.key not in used:
            mechanism = resolve(spec.fields["mechanism"]).get("name", spec.fields["mechanism"])
            result.extras.append(f"{mechanism}, {spec.fields['start_date']}")
    result.documents = compare_documents(release, specs)
    result.indicators = compare_indicators(release, specs)
    return result


def span(fields: dict[str, Any]) -> tuple[Any, Any, Any]:
    return (fields.get("start_date"), fields.get("end_date"), fields.get("date_precision"))


def compare_documents(release: Release, specs: list[Spec]) -> Tally:
    """Documents match by kind and quantity, and the same dates or titles alike; their fields
    are the dates, the parties and the signatories (by name)."""
    by_key = {spec.key: spec for spec in specs}
    drafts = [spec for spec in specs if spec.type == "document"]
    tally = Tally(expected=len(release.documents), drafts=len(drafts))
    used: set[str] = set()

    def signatory_names(spec: Spec) -> list[str]:
        names = []
        for ref in spec.fields.get("signatories") or []:
            other = by_key.get(ref["draft"]) if isinstance(ref, dict) else None
            names.append(other.fields["name"] if other else str(ref))
        return names

    for expected in release.documents:
        match = next(
            (
                spec
                for spec in drafts
                if spec.key not in used
                and spec.fields["kind"] == expected["kind"]
                and spec.fields["quantity"] == expected.get("quantity", 1)
                and (
                    (expected["start_date"] and span(spec.fields) == span(expected))
                    or fuzz.token_set_ratio(spec.fields["title"].lower(), expected["title"].lower())
                    >= SAME_NAME
                )
            ),
            None,
        )
        if match is None:
            tally.misses.append(f"{expected['title']} ({expected['kind']})")
            continue
        used.add(match.key)
        tally.found += 1
        names = signatory_names(match)
        right = [
            span(match.fields) == span(expected),
            sorted(match.fields["parties"]) == expected["parties"],
            len(names) == len(expected["signatories"])
            and all(
                any(fuzz.token_set_ratio(name.lower(), n.lower()) >= 80 for n in names)
                for name in expected["signatories"]
            ),
        ]
        tally.fields_right += sum(right)
        tally.fields_total += len(right)
    tally.found = len(used)
    tally.extras = [spec.fields["title"] for spec in drafts if spec.key not in used]
    return tally


def compare_indicators(release: Release, specs: list[Spec]) -> Tally:
    """Figures match by value and unit; their fields are the comparator, the period and the
    countries."""
    drafts = [spec for spec in specs if spec.type == "indicator"]
    tally = Tally(expected=len(release.indicators), drafts=len(drafts))
    used: set[str] = set()
    for expected in release.indicators:
        match = next(
            (
                spec
                for spec in drafts
                if spec.key not in used
                and spec.fields["unit"] == expected["unit"]
                and Decimal(spec.fields["value"]) == Decimal(expected["value"])
            ),
            None,
        )
        if match is None:
            tally.misses.append(f"{expected['name']}: {expected['value']} {expected['unit']}")
            continue
        used.add(match.key)
        right = [
            match.fields["comparator"] == expected.get("comparator", "eq"),
            span(match.fields) == span(expected),
            sorted(match.fields["countries"]) == expected["countries"],
        ]
        tally.fields_right += sum(right)
        tally.fields_total += len(right)
    tally.found = len(used)
    tally.extras = [
        f"{spec.fields['name']}: {spec.fields['value']} {spec.fields['unit']}"
        for spec in drafts
        if spec.key not in used
    ]
    return tally


def measure(releases: list[Release]) -> list[Result]:
    return [compare(release, read(release)) for release in releases]


def unsafe_drafts(release: Release, specs: list[Spec], lexicon: Lexicon) -> list[str]:
    """The drafts of a release read into a registry (`lexicon`) that would make it wrong if
    accepted:

    - a round attached to a registry mechanism (or round) of other countries than the event's:
      a country the release's rounds do not name, or no round of the analyst's on the same
      dates whose participants are all of the mechanism's countries;
    - a registry person on a side other than their registry country;
    - a registry person, mechanism, organisation or place proposed again as a new draft (the
      same name or other name, folded)."""
    people = {person.id: person for person in lexicon.people}
    mechanisms = {mechanism.id: mechanism for mechanism in lexicon.mechanisms}
    known = {
        "person": {fold(name) for person in lexicon.people for name in person.names},
        "mechanism": {fold(name) for mechanism in lexicon.mechanisms for name in mechanism.names},
        "organisation": {
            fold(n) for organisation in lexicon.organisations for n in organisation.names
        },
        "place": {fold(name) for name in lexicon.places},
    }
    everyone = {country for item in release.rounds for _, country in item["participants"]}
    problems = []
    for spec in specs:
        name = spec.fields.get("name")
        if spec.type in known and spec.target is None and fold(name) in known[spec.type]:
            problems.append(f"a registry {spec.type} proposed again: {name}")
        if spec.type != "round":
            continue
        mechanism = spec.fields["mechanism"]
        target = lexicon.stored.round(spec.target) if spec.target is not None else None
        if target is not None:
            mechanism = target.mechanism
        if isinstance(mechanism, int) and mechanism in mechanisms:
            countries = mechanisms[mechanism].countries
            same_dates = [
                {country for _, country in item["participants"]}
                for item in release.rounds
                if (item["start_date"], item["end_date"])
                == (spec.fields["start_date"], spec.fields["end_date"])
            ]
            same_dates = [found for found in same_dates if found]
            # The event's countries include its participants' and are among the release's.
            if not countries <= everyone or (
                same_dates and not any(found <= countries for found in same_dates)
            ):
                problems.append(
                    f"a round of {spec.fields['start_date']} attached to "
                    f"{mechanisms[mechanism].name} ({', '.join(sorted(countries))})"
                )
        for participant in spec.fields["participants"]:
            person = (
                people.get(participant["person"])
                if isinstance(participant["person"], int)
                else None
            )
            if person and person.country and participant["country"] != person.country:
                problems.append(
                    f"{person.name} on the side of {participant['country']} "
                    f"(the registry's: {person.country}), {spec.fields['start_date']}"
                )
    return problems


def check_registry_is_empty() -> None:
    from ..models import Mechanism, Person

    if Mechanism.objects.exists() or Person.objects.exists():
        raise ValueError(
            "The safety read needs a registry without mechanisms or people (it loads the seed "
            "and rolls it back): run it on a scratch database, as `make ingestion-quality` does."
        )


def measure_safety(results: dict[str, Result], releases: list[Release]) -> None:
    """Reads each release into a registry holding the seed and sets its results' `unsafe`.
    The seed is loaded in a transaction that is rolled back; the registry must hold no
    mechanism or person before (a scratch database: `make ingestion-quality`)."""
    from django.core.management import call_command
    from django.db import transaction

    from .lexicon import from_registry

    check_registry_is_empty()
    with transaction.atomic():
        call_command("loaddata", str(SEED), verbosity=0)
        lexicon = from_registry()
        for release in releases:
            results[release.name].unsafe = unsafe_drafts(release, read(release, lexicon), lexicon)
        transaction.set_rollback(True)


def total(results: list[Result], name: str = "all") -> Result:
    summed = Result(name, 0, 0, 0, 0, 0, 0, 0, 0)
    for result in results:
        for attribute in (
            "expected",
            "drafts",
            "found",
            "fields_right",
            "fields_total",
            "participants_found",
            "participants_total",
            "matched_drafts",
        ):
            setattr(summed, attribute, getattr(summed, attribute) + getattr(result, attribute))
        summed.documents.add(result.documents)
        summed.indicators.add(result.indicators)
        for label, (matched, drafts) in result.bands.items():
            summed.bands[label][0] += matched
            summed.bands[label][1] += drafts
        summed.unsafe += [f"{result.release}: {item}" for item in result.unsafe]
    return summed


def records_row(result: Result) -> str:
    cells = []
    for tally in (result.documents, result.indicators):
        for name, numerator, denominator in (
            ("found", tally.found, tally.expected),
            ("fields", tally.fields_right, tally.fields_total),
            ("precision", tally.found, tally.drafts),
        ):
            cells.append(f"{tally.share(name):.2f} ({numerator}/{denominator})")
    return f"| {result.release} | " + " | ".join(cells) + " |"


# The test set's figures when it was written (18 releases, written on 2026-12-08 by two writers
# who never ran the reader nor saw the other sets, and read once by the rules as they were at
# its commit): the headline's reference, kept when the figures move. Ten more releases the
# writers wrote told events the corpus already held: they are in dev/, not developed on.
FIRST_READ = (
    "found 0.47 (16/34), fields 0.90 (43/48), participants 0.35 (18/52), precision 0.67 (16/24)"
)
# The test sets before it, each moved to dev/ (marked `rules_written_on`) once rules were
# written on it: its first read, and its read once the rules had been written on it.
PREVIOUS_TEST_SET = (
    "The test sets before it, now in `dev/`, each read first and then once rules had been "
    "written on it (found, fields, participants, precision): "
    "the first (19 releases) 0.25, 0.79, 0.02, 0.30, then 0.87, 0.89, 0.82, 0.96; the second "
    "(20 releases) 0.30 (19/63), 0.89, 0.22 (24/107), 0.54 (19/35), then 0.87 (55/63), 0.95, "
    "0.83 (89/107), 0.96 (55/57); the third (18 releases) 0.39 (26/67), 0.95, 0.26 (25/98), "
    "0.55 (26/47), then 0.84 (56/67), 0.97, 0.74 (73/98), 0.90 (56/62); the fourth (16 "
    "releases) 0.47 (25/53), 0.95, 0.22 (21/94), 0.56 (25/45), then 0.60 (32/53), 0.95, 0.41 "
    "(39/94), 0.76 (32/42); the fifth (15 releases, mostly formats of many countries) 0.29 "
    "(14/49), 0.95 (40/42), 0.15 (13/84), 0.45 (14/31), then 0.88 (43/49), 0.94, 0.83 "
    "(70/84), 0.91 (43/47) (issue 21: bodies' official names, groups and formats, people's "
    "sides and offices, visits, rounds held during a visit, themed years, lists of rounds and "
    "carried dates). The distance between each set's figures after development and the next "
    "set's first read is how much of the gain was memory of those releases, not reading; the "
    "sets also differ in difficulty. The rules written on the fifth set left the sixth's "
    "figures where its first read had them (found 16/34 before and after). Ten releases written "
    "blind for the sixth set told events the development set already held, in new words: "
    "they read as found 0.38 (12/32), participants 0.23 (10/44), precision 0.55 (12/22), far "
    "below the first writings of the same events, which the rules were written on; rules "
    "then written on them (long titles, who opened a session, both heads of delegation) "
    "brought their participants to 0.34 (15/44), found and precision unchanged."
)
COMMAND = "make ingestion-quality"


def row(result: Result) -> str:
    cells = [
        f"{result.share(name):.2f} ({numerator}/{denominator})"
        for name, (numerator, denominator) in (
            ("found", (result.found, result.expected)),
            ("fields", (result.fields_right, result.fields_total)),
            ("participants", (result.participants_found, result.participants_total)),
            ("precision", (result.matched_drafts, result.drafts)),
        )
    ]
    return f"| {result.release} | " + " | ".join(cells) + f" | {len(result.unsafe)} |"


def bands_row(result: Result) -> str:
    cells = [
        f"{matched / drafts:.2f} ({matched}/{drafts})" if drafts else "– (0/0)"
        for matched, drafts in result.bands.values()
    ]
    return f"| {result.release} | " + " | ".join(cells) + " |"


def bounds(limits: dict[str, float]) -> str:
    return ", ".join(f"{name} ≥ {value}" for name, value in limits.items())


def report(seed: Result, dev: list[Result], test: list[Result]) -> str:
    """docs/ingestion-quality.md: the test set first, the development set apart."""
    test_total = total(test, "test set, together")
    dev_total = total([seed, *dev], "development set, together")
    written_on = [result for result in [seed, *dev] if result.rules_written_on]
    not_yet = [result for result in dev if not result.rules_written_on]
    header = [
        "| release | found | fields | participants | precision | unsafe |",
        "|---|---|---|---|---|---|",
    ]
    lines = [
        "# Ingestion quality",
        "",
        f"Produced by `{COMMAND}` (`python manage.py ingestion_quality tests/data/releases`",
        "on a scratch database; do not edit by hand).",
        "",
        "## Headline: the test set, read for the first time",
        "",
        "| set | found | fields | participants | precision | unsafe |",
        "|---|---|---|---|---|---|",
        row(test_total),
        row(total([*test, *not_yet], "every release no rule was written on (test and dev)")),
        "",
        "Targets for the test set: "
        + ", ".join(f"{name} ≥ {value}" for name, value in TEST_TARGETS.items())
        + ", and no unsafe draft",
        "(`tests/ingestion/test_review.py`, a strict xfail until the rules reach them). When",
        f"the test set was written, the rules read it as: {FIRST_READ}.",
        "",
        *textwrap.wrap(PREVIOUS_TEST_SET, 90),
        "",
        "The corpus is `tests/data/releases/`: releases of true events in our own sentences,",
        "each with the records an analyst would enter from it. Its `test/` releases were",
        "written, with their records, before the extraction read them, and no rule is changed",
        "for them: they measure reading, not memory. Its `dev/` releases and the seed",
        "(`fixtures/release-2018-07-30.yaml`) are the development set: those the rules were",
        "written on, and those kept for developing the next rules. A test release used for",
        "developing a rule moves to `dev/` (marked `rules_written_on: true`), and a new test",
        "release, written and scored before any rule is changed for it, replaces it.",
        "",
        "Each release is read as into a registry holding only the countries (every mechanism,",
        "person and place is then a new draft), and its round drafts compared with the rounds",
        "the analyst entered, by their values (never by id):",
        "",
        "- **found**: share of the analyst's rounds a draft matches (same start and end dates and",
        "  precision, same mechanism: same kind and names alike once the countries' names are",
        f"  set aside, rapidfuzz token-set ratio ≥ {SAME_NAME});",
        "- **fields**: of the rounds found, share of `number`, `city` and `status` right;",
        "- **participants**: share of the analyst's participants (name and side) of every round",
        "  that the matching drafts name (a round not found loses its participants);",
        "- **precision**: share of round drafts that match one of the analyst's rounds;",
        "- **unsafe**: drafts that would make the registry wrong if accepted, when the release",
        "  is read into a registry holding the seed (loaded in a transaction rolled back): a",
        "  round attached to a registry mechanism of other countries than the event's (the",
        "  countries of the analyst's round of the same dates, or of the release), a registry",
        "  person on a side other than their registry country, a registry person, mechanism,",
        "  organisation or place proposed again as a new draft (the same name, folded).",
        "",
        "## The test set, release by release",
        "",
        *header,
        *(row(result) for result in test),
        row(test_total),
        "",
        "## The development set",
        "",
        "The seed and the releases marked `rules_written_on: true` are those the rules were",
        "written on: their figures are an upper bound for releases the rules have never seen.",
        f"`tests/ingestion/test_review.py` holds the seed at {bounds(TARGETS)}, and the "
        f"releases the rules were written on, together, at a floor against regressions: "
        f"{bounds(DEV_FLOOR)}.",
        "The other development releases were written with the test set and read by no rule",
        "yet: they are there to develop the next rules on, and their figures are first reads",
        "too until a rule is written on them (then they are marked).",
        "",
        *header,
        *(row(result) for result in written_on),
        row(total(written_on, "the rules were written on these, together")),
        *(row(result) for result in not_yet),
        row(total(not_yet, "not yet used for a rule, together")),
        row(dev_total),
        "",
        "`2024-05-18-russia-china-state-visit.yaml` was written after the rules for",
        "documents, figures, commemorations, places and names: read as they then were, it",
        "scored found 0.50 (2/4), fields 0.83, participants 0.57 (4/7), precision 0.67, and",
        "its documents 1/1 and figures 1/2.",
        "",
        "## Precision by confidence",
        "",
        "Round drafts grouped by their `confidence`, and the share of each group that matches",
        "one of the analyst's rounds (a confidence that means something rises with it):",
        "",
        "| set | " + " | ".join(f"confidence {label}" for label, _, _ in BANDS) + " |",
        "|---|" + "---|" * len(BANDS),
        bands_row(test_total),
        bands_row(dev_total),
        "",
        "## Unsafe drafts",
        "",
        *([f"- {item}" for item in test_total.unsafe + dev_total.unsafe] or ["- none"]),
        "",
        "## Documents and figures",
        "",
        "The same releases, their `document` and `indicator` drafts against the documents and",
        "figures the analyst entered (no targets of their own yet):",
        "",
        "- a **document** is found by a draft of the same kind and quantity with the same dates",
        f"  or a title alike (token-set ratio ≥ {SAME_NAME}); its fields are the dates (start,",
        "  end, precision), the parties and the signatories;",
        "- a **figure** is found by a draft of the same value and unit; its fields are the",
        "  comparator, the period (start, end, precision) and the countries;",
        "- **precision**: share of the drafts that match one of the analyst's records.",
        "",
        "| release | documents found | fields | precision | figures found | fields | precision |",
        "|---|---|---|---|---|---|---|",
        *(records_row(result) for result in [*test, seed, *dev]),
        records_row(test_total),
        records_row(dev_total),
        "",
        "The seed's two visa-free visits to graves (17-19 and 22-23 July) have no meeting word:",
        "the first is a chartered flight “to bring a group … to their relatives’ graves”, the",
        "second “another such group”; they are read as a trip to graves and as an event of the",
        "same kind as the one before. Their place (the South Kuril Islands) is not a city of",
        "the gazetteer, hence the fields lost. The seed's two undated plans are not signings,",
        "and “meeting twice” is not read as a figure.",
        "",
        "## What the extraction missed or added",
        "",
    ]
    for result in [*test, seed, *dev]:
        lines.append(f"### {result.release}")
        lines.append("")
        lines += [f"- missed: {miss}" for miss in result.misses] or ["- missed: nothing"]
        lines += [f"- not in the analyst's rounds: {extra}" for extra in result.extras] or [
            "- not in the analyst's rounds: nothing"
        ]
        for label, tally in (("documents", result.documents), ("figures", result.indicators)):
            lines += [f"- missed ({label}): {miss}" for miss in tally.misses]
            lines += [f"- not in the analyst's {label}: {extra}" for extra in tally.extras]
        lines.append("")
    return "\n".join(lines)


def evaluate(folder: Path, safety: bool = True) -> tuple[Result, list[Result], list[Result]]:
    """The seed's, the development set's and the test set's results for the corpus in
    `folder`; with `safety`, their unsafe drafts too (needs a registry without mechanisms or
    people, see measure_safety)."""
    releases = corpus(folder)
    if safety:
        check_registry_is_empty()
    seed_text = seed_release()
    seed = compare(seed_text, read(seed_text))
    dev = measure(releases.dev)
    test = measure(releases.test)
    if safety:
        by_name = {result.release: result for result in [seed, *dev, *test]}
        measure_safety(by_name, [seed_text, *releases.dev, *releases.test])
    return seed, dev, test
