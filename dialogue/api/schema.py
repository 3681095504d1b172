"""OpenAPI generation: every operation declares the errors it can answer with."""

import copy
import re

import pycountry
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.validators import RegexValidator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import is_patched_serializer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from ..choices import CitationBasis
from ..filtersets import MechanismRefFilter, PlaceRefFilter, TopicSlugsFilter
from ..models import Country
from ..models.sources import citable_fields
from ..problems import PROBLEM_MEDIA_TYPE
from ..records import citable
from ..validators import (
    validate_language_code,
    validate_language_tag,
    validate_language_tags,
    validate_one_line,
    validate_text,
)
from . import idempotency
from .fields import EDTFDateField, PlaceField
from .serializers.sources import CitationSerializer

# The filters that take a slug or a name (a mechanism's also its id) are strings: drf-spectacular
# would give them the type of the related record's key, an integer. Here, not on the filters,
# because the filters are the domain's (the /timeline/ page reads them too) and the schema is the
# API's; every schema this class builds is built after this module ran.
for filter_by_text in (MechanismRefFilter, PlaceRefFilter, TopicSlugsFilter):
    extend_schema_field(OpenApiTypes.STR)(filter_by_text)


class ProblemSerializer(serializers.Serializer):
    """An error, as RFC 9457 problem details."""

    type = serializers.CharField(help_text="A URI naming the kind of problem; `about:blank`.")
    title = serializers.CharField(help_text="The HTTP status's phrase, such as `Bad Request`.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    instance = serializers.CharField(help_text="The path of the request that failed.")
    # A declared field named like Serializer.errors: DRF keeps them apart at run time.
    errors = serializers.JSONField(  # type: ignore[assignment]
        required=False,
        help_text="Validation errors only: the messages by field name; a nested list gives its "
        "items' errors by position (`{}` for a valid item).",
    )


ERRORS = {
    "400": "Invalid input or query parameter; `errors` names each field.",
    "401": "Writing needs credentials: `Authorization: Token <key>` or a session. Credentials "
    "that are not valid (an unknown token) are refused on any request, reads included.",
    "403": "The user lacks the permission for this change.",
    "404": "No such record.",
    "406": "`format` (or the `Accept` header) asks for a format this address does not give; "
    "`detail` lists those it does.",
    "409": "Other records still refer to this one, or the change conflicts with stored data.",
    "412": "`If-Match` names a version of the record that is no longer current.",
    "413": "The request body is larger than 1 MiB.",
    "415": "The request body is not JSON (or form data).",
    "422": "`Idempotency-Key` was sent before with another request; nothing was written.",
    "429": "Too many requests; retry after the seconds in the `Retry-After` header.",
}
READ = ("400", "401", "404", "406", "429")
WRITE = ("400", "401", "403", "404", "406", "409", "412", "413", "415", "429")
CREATE = ("400", "401", "403", "406", "409", "413", "415", "429")
DELETE = ("401", "403", "404", "406", "409", "412", "429")


# What the validators accept, as patterns a client (or a fuzzer) can read: one line has no
# control character (Cc) nor line or paragraph separator, and no format character (Cf) of the
# Basic Multilingual Plane but the joiners (U+200C, U+200D: where they stand is checked by the
# validator alone); a text keeps tabs and line breaks, not the bidi controls.
ONE_LINE_FORMAT = (
    "\\u00ad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u180e\\u200b"
    "\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb"
)
ONE_LINE_PATTERN = f"^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{ONE_LINE_FORMAT}]*$"
TEXT_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]*$"
COUNTRY_CODE_PATTERN = "^[A-Z]{2}$"
# A date the registry stores: years 1000 to 2999, ASCII digits (dialogue.dates, dialogue.edtf).
DAY = "[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DATE_PATTERN = f"^{DAY}$"
EDTF_PATTERN = f"^([12][0-9]{{3}}(-(0[1-9]|1[0-2]))?|{DAY}|{DAY}/{DAY}|\\[{DAY}\\.\\.{DAY}\\])$"


# ISO 639-1 codes and language tags as the validators read them: a code ISO 639-1 assigns, then
# optionally a hyphen and a region ISO 3166-1 assigns, each in any case (pycountry ignores it).


def any_case(codes: list[str]) -> str:
    """An alternation of two-letter codes, each letter in either case: `[Ee][Nn]|[Rr][Uu]`."""
    return "|".join(
        "".join(f"[{letter.upper()}{letter.lower()}]" for letter in code) for code in codes
    )


LANGUAGES = any_case(
    sorted(language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2"))
)
REGIONS = any_case(sorted(country.alpha_2 for country in pycountry.countries))
LANGUAGE_CODE_PATTERN = f"^({LANGUAGES})$"
LANGUAGE_TAG_PATTERN = f"^({LANGUAGES})(-({REGIONS})?)?$"
# A place's slug or name (PlaceField): anything but a blank string.
NOT_BLANK_PATTERN = "\\S"
# A decimal written as a string (JSONTypesMixin, then DRF's DecimalField): at least one digit,
# up to 20 before the point and 4 after it. drf-spectacular's own pattern also matches "",
# "-" and ".", which DRF refuses ("A valid number is required").
DECIMAL_PATTERN = "^-?([0-9]{1,20}(\\.[0-9]{0,4})?|\\.[0-9]{1,4})$"


def citable_names() -> list[str]:
    """Every name a citation's `supports` may hold: the fields of some kind of record that
    citations support (each citation is held to those of its own record's kind)."""
    return sorted({name for model in citable() for name in citable_fields(model)})


CITATION_REQUEST = "CitationRequest"
# What Citation.clean holds a citation to, beyond each field: a quote (not blank) unless the
# basis is `external`, a note (not blank) when it is `inferred` (`basis` is `stated` when left
# out), and a date phrase when `resolved_against` gives a date.
CITATION_RULES = [
    {
        "anyOf": [
            {"required": ["quote"], "properties": {"quote": {"pattern": NOT_BLANK_PATTERN}}},
            {
                "required": ["basis"],
                "properties": {"basis": {"enum": [CitationBasis.EXTERNAL.value]}},
            },
        ]
    },
    {
        "anyOf": [
            {
                "properties": {
                    "basis": {"enum": [CitationBasis.STATED.value, CitationBasis.EXTERNAL.value]}
                }
            },
            {"required": ["note"], "properties": {"note": {"pattern": NOT_BLANK_PATTERN}}},
        ]
    },
    {
        "anyOf": [
            {"properties": {"resolved_against": {"not": {"type": "string"}}}},
            {"required": ["date_phrase"], "properties": {"date_phrase": {"minLength": 1}}},
        ]
    },
]


def value_pattern(field) -> str | None:
    """The pattern a written value of this serializer field must match, when one says it."""
    queryset = getattr(field, "queryset", None)
    if queryset is not None and queryset.model is Country:
        return COUNTRY_CODE_PATTERN
    if isinstance(field, PlaceField):
        return NOT_BLANK_PATTERN
    validators = getattr(field, "validators", ())
    if validate_language_code in validators:
        return LANGUAGE_CODE_PATTERN
    if validate_language_tag in validators:
        return LANGUAGE_TAG_PATTERN
    if any(isinstance(v, RegexValidator) and not v.inverse_match for v in validators):
        return None  # a code's or a slug's own pattern, stricter than one line: drf-spectacular's
    if validate_one_line in validators:
        return ONE_LINE_PATTERN
    if validate_text in validators:
        return TEXT_PATTERN
    return None


# The branch drf-spectacular adds for a blank string beside a constrained one.
BLANK = {"type": "string", "maxLength": 0}


def takes_blank(schema: dict) -> bool:
    """Whether a string schema of nothing but type, lengths and pattern accepts `""`."""
    if set(schema) - {"type", "pattern", "maxLength", "minLength"}:
        return False
    if schema.get("minLength", 0) > 0:
        return False
    pattern = schema.get("pattern")
    if pattern is None:
        return True
    try:
        return re.search(pattern, "") is not None
    except re.error:  # an ECMA pattern Python cannot read: keep the two branches
        return False


class RegistryAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the problem responses each kind of operation can give,
    and the patterns the model validators hold written values to."""

    def get_auth(self):
        """No security requirement on an operation anyone may call (the public reads), so the
        docs show a padlock only where a token is needed; a token is still accepted there."""
        if self.method in SAFE_METHODS and self.anonymous_may_call():
            return []
        return super().get_auth()

    def anonymous_may_call(self) -> bool:
        """Whether the view's permissions let an anonymous request make this operation."""
        request = Request(APIRequestFactory().generic(self.method, self.path))
        request.user = AnonymousUser()
        return all(
            permission.has_permission(request, self.view)
            for permission in self.view.get_permissions()
        )

    def _unwrap_list_serializer(self, serializer, direction):
        """A list body with its bounds (`minItems`, `maxItems`: the bulk write's limit)."""
        schema = super()._unwrap_list_serializer(serializer, direction)
        if schema and schema.get("type") == "array":
            for name, bound in (("minItems", "min_length"), ("maxItems", "max_length")):
                if getattr(serializer, bound, None) is not None:
                    schema[name] = getattr(serializer, bound)
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request":
            return schema
        schema = dict(schema)  # a field's declared schema is shared with its responses
        if isinstance(field, EDTFDateField):
            schema.pop("nullable", None)  # read as null when undated; never written so
            schema["pattern"] = EDTF_PATTERN
            return schema
        if isinstance(field, serializers.DateField) and schema.get("format") == "date":
            schema["pattern"] = DATE_PATTERN
            return schema
        if isinstance(field, serializers.DecimalField) and schema.get("type") == "string":
            schema["pattern"] = DECIMAL_PATTERN
            return schema
        if validate_language_tags in getattr(field, "validators", ()):
            # A JSON field holding a list of language tags (a source's `available_languages`).
            schema.update(type="array", items={"type": "string", "pattern": LANGUAGE_TAG_PATTERN})
            return schema
        if isinstance(field.parent, CitationSerializer) and field.field_name == "supports":
            # Names of the cited record's fields, each once ("A field is named twice.").
            schema["items"] = {"type": "string", "enum": citable_names()}
            schema["uniqueItems"] = True
            return schema
        target = schema
        if isinstance(field, serializers.ManyRelatedField):
            if not field.allow_empty and schema.get("type") == "array":
                schema["minItems"] = 1  # "This list may not be empty."
            field, target = field.child_relation, dict(schema.get("items", {}))
            schema["items"] = target
        pattern = value_pattern(field)
        if pattern and target.get("type") == "string":
            # A country's field is mapped from its code's, whose own pattern it replaces.
            target["pattern"] = pattern
        return schema

    def _map_basic_serializer(self, serializer, direction):
        """A new dated record needs its start: `start_date` (with `date_precision`) or `date`."""
        schema = super()._map_basic_serializer(serializer, direction)
        if (
            direction == "request"
            and getattr(serializer, "requires_start", False)
            and not is_patched_serializer(serializer, direction)
        ):
            schema["anyOf"] = [{"required": ["start_date"]}, {"required": ["date"]}]
        return schema

    def _get_request_for_media_type(self, serializer, direction="request"):
        """A list body's bounds, as a view's `list_body_items` gives them by action."""
        schema, required = super()._get_request_for_media_type(serializer, direction)
        bounds = getattr(self.view, "list_body_items", {}).get(getattr(self.view, "action", None))
        if bounds and isinstance(schema, dict) and schema.get("type") == "array":
            schema = {**schema, "minItems": bounds[0], "maxItems": bounds[1]}
        return schema, required

    def _insert_field_validators(self, field, schema):
        """drf-spectacular writes a blank-allowed string with a pattern or a format as `oneOf`
        the constrained string or `""`. When the constrained string takes `""` as well (our
        patterns do), `""` matches both branches, which `oneOf` forbids: that is one string.
        Otherwise (a format, a minimum length) the branches may still overlap for a lenient
        checker, so they are offered as `anyOf`."""
        super()._insert_field_validators(field, schema)
        branches = schema.get("oneOf")
        if not (isinstance(branches, list) and len(branches) == 2 and branches[1] == BLANK):
            return
        inner = branches[0]
        del schema["oneOf"]
        if takes_blank(inner):
            schema.update(inner)
        else:
            schema["anyOf"] = branches

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.is_idempotent():
            parameters = [*parameters, idempotency.KEY_PARAMETER, idempotency.REPLAYED_PARAMETER]
        return parameters

    def is_idempotent(self) -> bool:
        """Whether the operation answers a retry with the same `Idempotency-Key` with its
        first answer (`idempotency.idempotent`)."""
        action = getattr(self.view, "action", None)
        if not action:
            return False
        return getattr(getattr(self.view, action, None), "idempotent", False)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if getattr(self.view, "action", None) == "retrieve":
            responses["304"] = {
                "description": "Not modified: `If-None-Match` names the current version (ETag)."
            }
        for code in self.error_codes():
            responses.setdefault(
                code,
                {
                    **self._get_response_for_code(
                        ProblemSerializer, code, media_types=[PROBLEM_MEDIA_TYPE]
                    ),
                    "description": ERRORS[code],
                },
            )
        return responses

    def error_codes(self) -> tuple[str, ...]:
        if self.method in ("GET", "HEAD"):
            return READ
        if self.method == "DELETE":
            return DELETE
        codes = CREATE if self._is_create_operation() else WRITE
        return (*codes, "422") if self.is_idempotent() else codes


# --- Postprocessing: what drf-spectacular cannot see from the views --------------------------

JSON_MEDIA_TYPE = "application/json"
# Query parameters that shape each record of a 200 response (`?brief=1`, `?fields=id,name`).
SHAPE_PARAMETERS = {"brief", "fields"}
# Links from a create response to the operations on the created record, by target method.
RECORD_LINKS = {
    "get": ("Get", "Read the record just created."),
    "put": ("Replace", "Replace the record just created."),
    "patch": ("Update", "Change fields of the record just created."),
    "delete": ("Delete", "Delete the record just created."),
}


def postprocess_schema(result: dict, generator=None, request=None, public=None) -> dict:
    """Declare what the views do beyond what drf-spectacular infers from them.

    - An empty query parameter is the same as an absent one (`allowEmptyValue`).
    - `?brief=1` and `?fields=` return only some fields of each record, so a shaped response
      is a full record or a selection of its fields.
    - Links from each create response to the created record (read, replace, update, delete),
      and from a created mechanism to creating a round of it, for clients and for stateful
      testing.
    - A nullable reference says null with a branch of its own (`nullable_without_type`).
    - A written citation's rules across its fields (`CITATION_RULES`).
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    for component in list(components.values()):
        for schema in component.get("properties", {}).values():
            nullable_without_type(schema, components)
    paths = result.get("paths", {})
    for item in paths.values():
        for operation in operations_of(item):
            names = set()
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
                    names.add(parameter["name"])
            if names >= SHAPE_PARAMETERS:
                allow_shaped_records(operation, components)
    add_create_links(paths)
    # After drf-spectacular's enum hook, which would name the rules' `basis` enums anew.
    if CITATION_REQUEST in components:
        components[CITATION_REQUEST]["allOf"] = copy.deepcopy(CITATION_RULES)
        citations_of_each_kind(components)
    return result


def citations_of_each_kind(components: dict) -> None:
    """A record's written `sources` as `RoundCitationRequest` (and so on): a citation whose
    `supports` lists the fields of that kind of record, which Citation.clean holds it to."""
    shared = f"#/components/schemas/{CITATION_REQUEST}"
    for name, component in list(components.items()):
        sources = component.get("properties", {}).get("sources", {})
        if sources.get("items", {}).get("$ref") != shared:
            continue
        kind = name.removeprefix("Patched").removesuffix("Request")
        try:
            model = apps.get_model("dialogue", kind)
        except LookupError:
            continue
        own_name = f"{kind}{CITATION_REQUEST}"
        if own_name not in components:
            own = copy.deepcopy(components[CITATION_REQUEST])
            own["description"] = (
                f"{own.get('description', '')} Of a {model._meta.verbose_name}: `supports` "
                "names its fields."
            ).strip()
            own["properties"]["supports"]["items"] = {
                "type": "string",
                "enum": citable_fields(model),
            }
            components[own_name] = own
        sources["items"] = {"$ref": f"#/components/schemas/{own_name}"}


NULL_ENUM = "NullEnum"


def nullable_without_type(schema: dict, components: dict) -> None:
    """Say null with a `oneOf` branch where `nullable` stands without a `type`.

    OpenAPI 3.0.3: `nullable` only adds null to the `type` beside it. drf-spectacular writes a
    nullable nested record as `allOf: [$ref]` with `nullable: true`, and a nullable choice as a
    `oneOf` of its enum and NullEnum with `nullable: true` too; validators (Spectral's among
    them) refuse the first, or read it as not allowing null, which the API answers.
    """
    if schema.get("nullable") is not True or "type" in schema:
        return
    null = {"$ref": f"#/components/schemas/{NULL_ENUM}"}
    components.setdefault(NULL_ENUM, {"enum": [None]})
    branches = schema.get("oneOf")
    if isinstance(branches, list) and null in branches:
        del schema["nullable"]
        return
    wrapped = schema.get("allOf")
    if isinstance(wrapped, list) and len(wrapped) == 1 and "$ref" in wrapped[0]:
        del schema["nullable"], schema["allOf"]
        schema["oneOf"] = [wrapped[0], null]


def operations_of(path_item: dict) -> list[dict]:
    methods = ("get", "put", "post", "patch", "delete")
    return [path_item[method] for method in methods if method in path_item]


def allow_shaped_records(operation: dict, components: dict) -> None:
    """Let the 200 response hold records with only the fields `brief` or `fields` selected."""
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = content.get(JSON_MEDIA_TYPE, {}).get("schema")
    if not schema or "$ref" not in schema:
        return
    name = component_name(schema["$ref"])
    page = components[name]
    results = page.get("properties", {}).get("results")
    if results is not None:  # a paginated list: shape each record on the page
        if "$ref" in results["items"]:
            results["items"] = shaped_record(component_name(results["items"]["$ref"]), components)
        return
    content[JSON_MEDIA_TYPE]["schema"] = shaped_record(name, components)


def shaped_record(name: str, components: dict) -> dict:
    """`Round` or `RoundFields`: the full record, or the fields that `brief`/`fields` chose."""
    fields_name = f"{name}Fields"
    if fields_name not in components:
        full = components[name]
        components[fields_name] = {
            "type": "object",
            "description": f"A {name} as `?brief=1` or `?fields=` shape it: only the fields "
            f"asked for, each as in {name}.",
            "properties": full.get("properties", {}),
        }
    return {
        "anyOf": [
            {"$ref": f"#/components/schemas/{name}"},
            {"$ref": f"#/components/schemas/{fields_name}"},
        ]
    }


def component_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def add_create_links(paths: dict) -> None:
    """Links from `POST /x/` (201) to `/x/{key}/`, and from a new mechanism to a new round."""
    for path, item in paths.items():
        create = item.get("post")
        created = create and create.get("responses", {}).get("201")
        if not created:
            continue
        for detail_path, detail in paths.items():
            key = detail_key(path, detail_path)
            if key is None:
                continue
            links = created.setdefault("links", {})
            for method, (verb, description) in RECORD_LINKS.items():
                if method in detail:
                    links[verb] = {
                        "operationId": detail[method]["operationId"],
                        "parameters": {key: f"$response.body#/{key}"},
                        "description": description,
                    }
    add_etag_links(paths)
    mechanism_created = paths["/api/v1/mechanisms/"]["post"]["responses"]["201"]
    mechanism_created["links"]["CreateRound"] = {
        "operationId": paths["/api/v1/rounds/"]["post"]["operationId"],
        "requestBody": {"mechanism": "$response.body#/id"},
        "description": "Create a round of the mechanism just created (the rest of the round "
        "is up to the client).",
    }


def add_etag_links(paths: dict) -> None:
    """Links from a read (or a write) of a record to changing it with the `ETag` it answered."""
    for path, item in paths.items():
        key = detail_key(path.rsplit("{", 1)[0], path)
        if key is None:
            continue
        for source in ("get", "put", "patch"):
            answered = item.get(source, {}).get("responses", {}).get("200", {})
            if "ETag" not in answered.get("headers", {}):
                continue
            links = answered.setdefault("links", {})
            for method, (verb, _description) in RECORD_LINKS.items():
                if method in item and method != "get":
                    links[f"{verb}IfUnchanged"] = {
                        "operationId": item[method]["operationId"],
                        "parameters": {
                            key: f"$request.path.{key}",
                            "header.If-Match": "$response.header.ETag",
                        },
                        "description": f"{verb} the record unless someone changed it since "
                        "(`If-Match` with this response's `ETag`).",
                    }


def detail_key(list_path: str, detail_path: str) -> str | None:
    """`id` for `/api/v1/rounds/` and `/api/v1/rounds/{id}/`; None for any other pair."""
    if not detail_path.startswith(list_path):
        return None
    rest = detail_path.removeprefix(list_path)
    if rest.startswith("{") and rest.endswith("}/") and rest.count("/") == 1:
        return rest[1:-2]
    return None
