"""Schemathesis hooks: generated writes refer to records the seeded registry holds.

A round names its mechanism by id, a mechanism its countries by code, a round its city and
topics by slug: values drawn at random name nothing, so nearly every generated POST of a
mechanism, round or figure was refused (400) and the fuzzer never reached past validation.
Here each such reference, when it is already valid as the schema says, is replaced with one
the seed holds (dialogue's fixtures): the body's validity does not change, so a negative case
stays invalid and a positive one can be accepted.

Loaded by tests/fuzz/test_fuzz.py (imported) and by scripts/fuzz.sh (SCHEMATHESIS_HOOKS).
"""

import re

import schemathesis

COUNTRY = re.compile(r"^[A-Z]{2}$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
# Records of the seed (fixtures/release-2018-07-30.yaml and the migrations' countries).
MECHANISM_IDS = (1, 2, 3)
COUNTRY_PAIR = ["RU", "JP"]
PLACES = ("moscow", "tokyo")
TOPICS = ("digital-economy", "asia-pacific-region")
# Sources of the seed with no stored text: a quote of one is not held to appear in it word for
# word (source 1's text is; a generated quote never would).
SOURCE_IDS = (2, 3, 4, 5, 6, 7)
PERSON_IDS = tuple(range(1, 12))  # a participant names each person once
# Every write with nested rows citing sources (`sources`, a name's or a participant's).
WRITES = (
    "/api/v1/mechanisms/",
    "/api/v1/rounds/",
    "/api/v1/indicators/",
    "/api/v1/documents/",
    "/api/v1/places/",
    "/api/v1/people/",
    "/api/v1/organisations/",
    "/api/v1/topics/",
    "/api/v1/countries/",
    "/api/v1/sources/",
)


def codes(value) -> bool:
    return (
        isinstance(value, list)
        and 1 <= len(value) <= 20
        and all(isinstance(item, str) and COUNTRY.match(item) for item in value)
    )


def slugs(value) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, str) and SLUG.match(item) for item in value
    )


def with_seed_references(body: dict, number: int) -> dict:
    """The body with its valid references replaced by the seed's (`number` picks which)."""
    body = dict(body)
    if isinstance(body.get("mechanism"), int) and not isinstance(body["mechanism"], bool):
        body["mechanism"] = MECHANISM_IDS[number % len(MECHANISM_IDS)]
    for name in ("countries", "parties"):
        if codes(body.get(name)):
            body[name] = list(COUNTRY_PAIR)
    if isinstance(body.get("signatories"), list) and all(map(is_id, body["signatories"])):
        body["signatories"] = list(PERSON_IDS[: len(body["signatories"]) % 3])
    for name in ("host_country", "country"):
        if isinstance(body.get(name), str) and COUNTRY.match(body[name]):
            body[name] = COUNTRY_PAIR[number % 2]
    # A place is named by its slug or its name (any string but a blank one).
    if isinstance(body.get("city"), str) and body["city"].strip():
        body["city"] = PLACES[number % len(PLACES)]
    if isinstance(body.get("other_places"), list) and all(
        isinstance(item, str) and item.strip() for item in body["other_places"]
    ):
        body["other_places"] = list(PLACES[: len(body["other_places"]) % 3])
    if slugs(body.get("topics")):
        body["topics"] = list(TOPICS[: len(body["topics"]) % 3])
    if isinstance(body.get("organisations"), list) and all(map(is_id, body["organisations"])):
        body["organisations"] = []
    nullable_ids = ("parent", "basis_round", "basis_document", "round", "publisher")
    for name in nullable_ids:  # no bounds
        if isinstance(body.get(name), int) and not isinstance(body[name], bool):
            body[name] = None
    # Nested rows (participants, citations) keep their number: emptying an invalid list would
    # make a negative case valid. Only the ids they cite are the seed's.
    for name in ("sources", "other_names", "participants"):
        if isinstance(body.get(name), list):
            body[name] = [with_seed_ids(row, index) for index, row in enumerate(body[name])]
    return body


def is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def with_seed_ids(row, number: int):
    """A nested row with the source it cites, and the person (with a side, and no organisation)
    it names, the seed's; a citation's date phrase within its quote."""
    if not isinstance(row, dict):
        return row
    row = dict(row)
    if is_id(row.get("source")):
        row["source"] = SOURCE_IDS[number % len(SOURCE_IDS)]
    if is_id(row.get("person")):
        row["person"] = PERSON_IDS[number % len(PERSON_IDS)]
        if isinstance(row.get("country"), str) and COUNTRY.match(row["country"]):
            row["country"] = COUNTRY_PAIR[number % 2]
        if is_id(row.get("organisation")):
            row["organisation"] = None
    if isinstance(row.get("used_by"), str) and COUNTRY.match(row["used_by"]):  # another name's
        row["used_by"] = COUNTRY_PAIR[number % 2]
    phrase, quote = row.get("date_phrase"), row.get("quote")
    if isinstance(phrase, str) and phrase and isinstance(quote, str) and quote:
        # The phrase, as written, is part of the quote; every one-line string is a valid quote.
        row["quote"] = f"{quote} {phrase}"
    if isinstance(row.get("sources"), list):
        row["sources"] = [with_seed_ids(item, index) for index, item in enumerate(row["sources"])]
    return row


@schemathesis.hook
def map_body(ctx, body):
    path = ctx.operation.path
    if not any(path.startswith(prefix) for prefix in WRITES):
        return body
    if isinstance(body, dict):
        return with_seed_references(body, len(body))
    if isinstance(body, list):  # POST /api/v1/rounds/bulk/
        return [
            with_seed_references(item, index) if isinstance(item, dict) else item
            for index, item in enumerate(body)
        ]
    return body
