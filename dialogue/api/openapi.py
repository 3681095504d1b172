"""The API's operations in OpenAPI: shared parameters and headers, and the six operations of a
resource described with examples from the seed (examples.py)."""

from collections.abc import Callable

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)

from . import examples, serializers

SHAPE_PARAMETERS = [
    OpenApiParameter(
        "brief",
        OpenApiTypes.BOOL,
        description="`1` returns each record's brief form, the one used when it is nested.",
    ),
    OpenApiParameter(
        "fields",
        OpenApiTypes.STR,
        description="Comma-separated names of the fields to return, such as `id,name,date`.",
    ),
]
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="`csv` downloads the whole filtered list (not one page) as a spreadsheet; "
    "nested lists are flattened into one cell, formulae escaped, and a mechanism's id is "
    "followed by its name and countries (`mechanism_name`, `mechanism_countries`). "
    "Without an account an export "
    "holds at most `EXPORT_ANONYMOUS_MAX_ROWS` records (10,000 by default): a larger one is a "
    "400 naming `format`; narrow it with filters, or sign in.",
)

NESTED_LISTS = (
    "A nested list (`participants`, `sources`, `other_names`) is the complete new list, matched "
    "to the stored rows by natural key (a participant by `person`, a source by `source` and "
    "`quote`, a name by `name` and `language`): an unchanged row keeps its id and writes no "
    "history, a changed row writes one version, a row left out is deleted. A write that changes "
    "nothing writes nothing. A 400 lists every error at once."
)

# The rules a write is held to that the request schema cannot state (docs/fuzzing.md lists them
# with the operations they leave "mostly rejected" by a fuzzer).
CHECKED_ON_WRITE = (
    "Checked on write, beyond what the request schema states: each related record named (by "
    "id, slug or code) must exist; a citation's `quote` must appear word for word in its "
    "source's stored text (when it has one), its `date_phrase` within the quote, and "
    "`resolved_against` needs a `date_phrase`; a nested list names each row once (a citation "
    "by `source` and `quote`); a date agrees with its precision (a month starts on the 1st, a "
    "year on 1 January), ends on or after its start, and `date` agrees with the start, end and "
    "precision given beside it; a slug, a country's code and a round's `number` within its "
    "mechanism are unique. A 400 names each field that breaks one."
)

ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="The record's version: it changes when, and only when, the record's own data, "
    "its links or its owned rows (participants, sources, other names) change, not with derived "
    "figures such as a round count. Send it back in `If-Match` when writing, or in "
    "`If-None-Match` when reading again.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An ETag you hold: 304 with no body if the record (or the page) is still that "
    "version.",
)
LIST_ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="The page's version: it names exactly these bytes. Send it back in "
    "`If-None-Match` to get a 304 while nothing in the registry has changed. Reads are served "
    "from a cache that every write makes fresh (`X-Cache: hit` or `miss`).",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag you read: the change is refused with 412 if the record has changed "
    "since (someone else saved it); the 412 gives the current `etag` and the `changed_fields`. "
    "Without it, the last write wins.",
)
RECORD_FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="`csv` gives the record as a one-row spreadsheet.",
)
ROUND_FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "ics"],
    description=f"{FORMAT_PARAMETER.description} `ics` gives the rounds as an iCalendar "
    "(RFC 5545) file, one all-day event per round titled with its mechanism's countries, that "
    "a calendar app can subscribe to.",
)


def documented(
    resource: str,
    plural: str,
    extra: str = "",
    format_parameter: OpenApiParameter = FORMAT_PARAMETER,
) -> Callable[[type], type]:
    """Describe the six operations of a resource's viewset, with examples from the seed."""
    example = examples.for_resource(resource)
    response, request = example["response"], example["request"]
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {plural}",
            description=f"Paginated list of {plural}. {extra}".strip(),
            examples=response,
            parameters=[*SHAPE_PARAMETERS, format_parameter, IF_NONE_MATCH, LIST_ETAG_HEADER],
        ),
        retrieve=extend_schema(
            summary=f"Get a {resource}",
            description=f"One {resource}.",
            examples=response,
            parameters=[*SHAPE_PARAMETERS, RECORD_FORMAT_PARAMETER, IF_NONE_MATCH, ETAG_HEADER],
        ),
        create=extend_schema(
            summary=f"Create a {resource}",
            description=f"Create a {resource}. Needs the `add` permission. {CHECKED_ON_WRITE}",
            examples=request + response,
        ),
        update=extend_schema(
            summary=f"Replace a {resource}",
            description=f"Replace a {resource}; nested lists omitted are left as they are. "
            f"{NESTED_LISTS} Needs the `change` permission. {CHECKED_ON_WRITE}",
            examples=request + response,
            parameters=[IF_MATCH, ETAG_HEADER],
        ),
        partial_update=extend_schema(
            summary=f"Update a {resource}",
            description=f"Change some fields of a {resource}; a nested list given replaces the "
            f"old one. {NESTED_LISTS} Needs the `change` permission. {CHECKED_ON_WRITE}",
            examples=response,
            parameters=[IF_MATCH, ETAG_HEADER],
        ),
        destroy=extend_schema(
            summary=f"Delete a {resource}",
            description=f"Delete a {resource}. Refused with 409 while other records refer to "
            "it. Needs the `delete` permission.",
            parameters=[IF_MATCH],
        ),
    )


PROVENANCE_EXAMPLE = OpenApiExample(
    "A round",
    value={
        "type": "round",
        "id": 3,
        "label": "2+2, round 3 (2018-07-31)",
        "fields": [
            {
                "field": "city",
                "value": 1,
                "citations": [
                    {
                        "id": 24,
                        "source": 1,
                        "quote": "The meeting will take place in Moscow for the first time.",
                        "supports": ["city", "host_country"],
                        "basis": "stated",
                        "note": "",
                    }
                ],
            },
            {
                "field": "number",
                "value": 3,
                "citations": [
                    {
                        "id": 25,
                        "source": 1,
                        "quote": "Both previous rounds were held in Tokyo in November 2013 and "
                        "March 2017.",
                        "supports": ["number"],
                        "basis": "stated",
                        "note": "",
                    }
                ],
            },
            {"field": "venue", "value": "Iikura House", "citations": []},
        ],
        "record_citations": [],
        "rows": {"participants": []},
        "unsupported": ["venue"],
        "unverified": ["number"],
    },
    response_only=True,
)


def record_provenance_schema():
    return extend_schema(
        summary="A record's provenance",
        description="Each non-empty value of the record with the citations that support it "
        "(those naming the field in `supports`; a date, its end and its precision are one "
        "claim), the citations of the record as a whole, its owned rows (participants, other "
        "names) in the same shape, `unsupported`: the values nothing supports, and "
        "`unverified`: the values a `stated` citation supports that its quote does not say (a "
        "name or other name, a date, a number, a person, a place or a country; the check reads "
        "case, dashes, diacritics, a date's usual written forms, numbers in words and a "
        "person's surname as the same).",
        responses=serializers.RecordProvenanceSerializer,
        examples=[PROVENANCE_EXAMPLE],
        parameters=[],
    )


def coverage_schema():
    return extend_schema(
        summary="A source's coverage",
        description="The source's text split into sentences, each with the records (and the "
        "fields) whose citations quote it, so the sentences nothing cites stand out.",
        responses=serializers.SentenceSerializer(many=True),
        # One sentence each: drf-spectacular shows an example of a list as a list of it.
        examples=[
            OpenApiExample(
                "A sentence a round cites",
                value={
                    "index": 4,
                    "text": "The meeting will take place in Moscow for the first time.",
                    "cited_by": [
                        {
                            "resource": "round",
                            "id": 3,
                            "citation": 24,
                            "supports": ["city"],
                            "basis": "stated",
                        }
                    ],
                },
                response_only=True,
            ),
            OpenApiExample(
                "A sentence nothing cites",
                value={
                    "index": 27,
                    "text": "Experts in numerous formats have been discussing practical "
                    "aspects of bilateral relations.",
                    "cited_by": [],
                },
                response_only=True,
            ),
        ],
        parameters=[],
    )
