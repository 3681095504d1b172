"""Lint an OpenAPI 3.0 schema: valid OpenAPI, and every example valid against its own schema.

What Spectral's `spectral:oas` ruleset reports as errors about examples, in Python (it installs
from the dev lock; Spectral needs Node):

- the document is valid OpenAPI (openapi-spec-validator);
- no schema says `nullable` without a `type` (OpenAPI 3.0.3: `nullable` only adds null to the
  `type` beside it, so such a schema does not allow null at all; Spectral refuses it);
- every example validates against the schema it illustrates, with OpenAPI 3.0's semantics
  (`nullable`, `readOnly` properties absent from requests, formats): a schema's `example`, a
  parameter's or a header's `example` and `examples`, a request's or a response's `example` and
  `examples` (a `$ref` to `components/examples` followed). An example matching several branches
  of a `oneOf` is an error, as in Spectral: `oneOf` means exactly one.

    python scripts/lint_openapi.py [schema/openapi.yaml]

Prints one line per error and exits 1 when there is any.
"""

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30ReadValidator, OAS30Validator, OAS30WriteValidator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

DEFAULT = Path(__file__).resolve().parent.parent / "schema" / "openapi.yaml"
BASE_URI = "urn:openapi-document"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Validators by the side of the exchange an example stands for.
VALIDATORS = {"request": OAS30WriteValidator, "response": OAS30ReadValidator, None: OAS30Validator}

Pointer = tuple[str, ...]


def pointer_text(pointer: Pointer) -> str:
    """A JSON pointer (RFC 6901) to a node of the document."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in pointer)


def location(pointer: Pointer) -> str:
    """Where a node is, for a person: `paths./api/v1/rounds/.get.responses.200`."""
    return ".".join(str(part) for part in pointer)


def resolve(document: dict, node: Any, pointer: Pointer) -> tuple[Any, Pointer]:
    """A node and its pointer, with a local `$ref` followed (to its target's pointer)."""
    seen = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            break
        seen.add(ref)
        parts = tuple(part.replace("~1", "/").replace("~0", "~") for part in ref[2:].split("/"))
        target: Any = document
        for part in parts:
            target = target[int(part)] if isinstance(target, list) else target[part]
        node, pointer = target, parts
    return node, pointer


def subschemas(schema: Any, pointer: Pointer) -> Iterator[tuple[dict, Pointer]]:
    """A schema and every schema written inside it (not those it refers to)."""
    if not isinstance(schema, dict):
        return
    yield schema, pointer
    for key in ("allOf", "oneOf", "anyOf"):
        for index, item in enumerate(schema.get(key, [])):
            yield from subschemas(item, (*pointer, key, str(index)))
    for key in ("not", "items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from subschemas(schema[key], (*pointer, key))
    for name, item in schema.get("properties", {}).items():
        yield from subschemas(item, (*pointer, "properties", name))


class Linter:
    def __init__(self, document: dict):
        self.document = document
        self.registry: Registry = Registry().with_resource(
            BASE_URI, Resource.from_contents(document, default_specification=DRAFT4)
        )
        self.errors: list[str] = []
        self.examples = 0
        self.schemas_seen: set[Pointer] = set()

    # --- The walk ------------------------------------------------------------------------------

    def run(self) -> list[str]:
        try:
            validate_spec(self.document)
        except Exception as error:  # any of the validator's errors: the document is not valid
            self.errors.append(f"not valid OpenAPI: {str(error).splitlines()[0]}")
        components = self.document.get("components", {})
        for name, schema in components.get("schemas", {}).items():
            self.schema(schema, ("components", "schemas", name))
        for name, parameter in components.get("parameters", {}).items():
            self.parameter(parameter, ("components", "parameters", name))
        for name, header in components.get("headers", {}).items():
            self.parameter(header, ("components", "headers", name), None)
        for name, body in components.get("requestBodies", {}).items():
            self.content(body, ("components", "requestBodies", name), "request")
        for name, response in components.get("responses", {}).items():
            self.response(response, ("components", "responses", name))
        for path, item in self.document.get("paths", {}).items():
            item_pointer = ("paths", path)
            for index, parameter in enumerate(item.get("parameters", [])):
                self.parameter(parameter, (*item_pointer, "parameters", str(index)))
            for method in HTTP_METHODS:
                if method in item:
                    self.operation(item[method], (*item_pointer, method))
        return self.errors

    def operation(self, operation: dict, pointer: Pointer) -> None:
        for index, parameter in enumerate(operation.get("parameters", [])):
            self.parameter(parameter, (*pointer, "parameters", str(index)))
        if "requestBody" in operation:
            body, body_pointer = resolve(
                self.document, operation["requestBody"], (*pointer, "requestBody")
            )
            self.content(body, body_pointer, "request")
        for code, response in operation.get("responses", {}).items():
            self.response(response, (*pointer, "responses", str(code)))

    def response(self, response: dict, pointer: Pointer) -> None:
        response, pointer = resolve(self.document, response, pointer)
        for name, header in response.get("headers", {}).items():
            self.parameter(header, (*pointer, "headers", name), "response")
        self.content(response, pointer, "response")

    def content(self, holder: dict, pointer: Pointer, direction: str) -> None:
        for media_type, media in holder.get("content", {}).items():
            self.examples_of(media, (*pointer, "content", media_type), direction)

    def parameter(self, parameter: dict, pointer: Pointer, direction: str | None = None) -> None:
        parameter, pointer = resolve(self.document, parameter, pointer)
        self.examples_of(parameter, pointer, direction)

    def examples_of(self, holder: dict, pointer: Pointer, direction: str | None) -> None:
        """The `example` and `examples` of a media type, a parameter or a header."""
        if "schema" not in holder:
            return
        schema_pointer = (*pointer, "schema")
        self.schema(holder["schema"], schema_pointer)
        if "example" in holder:
            self.check(holder["example"], (*pointer, "example"), schema_pointer, direction)
        for name, example in holder.get("examples", {}).items():
            example, example_pointer = resolve(self.document, example, (*pointer, "examples", name))
            if isinstance(example, dict) and "value" in example:
                self.check(example["value"], (*example_pointer, "value"), schema_pointer, direction)

    def schema(self, schema: Any, pointer: Pointer) -> None:
        """A schema's own rules, and each `example` written in it against its schema."""
        for node, node_pointer in subschemas(schema, pointer):
            if node_pointer in self.schemas_seen:
                continue
            self.schemas_seen.add(node_pointer)
            if node.get("nullable") is True and "type" not in node:
                self.errors.append(
                    f"{location(node_pointer)}: `nullable` without `type` allows no null "
                    "(OpenAPI 3.0.3); give the type, or a `oneOf` with a null branch"
                )
            if "example" in node:
                self.check(node["example"], (*node_pointer, "example"), node_pointer, None)

    # --- One example ---------------------------------------------------------------------------

    def check(self, value: Any, pointer: Pointer, schema_pointer: Pointer, direction) -> None:
        self.examples += 1
        validator_class = VALIDATORS[direction]
        validator = validator_class(
            {"$ref": f"{BASE_URI}#{pointer_text(schema_pointer)}"},
            registry=self.registry,
            format_checker=validator_class.FORMAT_CHECKER,
        )
        for error in validator.iter_errors(value):
            self.errors.append(f"{location(pointer)}: {describe(error)}")


def describe(error: ValidationError) -> str:
    """An error's place in the example and what is wrong, in one line."""
    where = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path
    )
    where = f"`{where.lstrip('.') or '(the whole example)'}`"
    if error.validator == "oneOf":
        if error.context:
            return f"{where} matches none of the `oneOf` branches: {error.context[0].message}"
        return f"{where} matches more than one `oneOf` branch (ambiguous): {short(error.instance)}"
    if error.validator == "anyOf" and error.context:
        return f"{where} matches none of the `anyOf` branches: {error.context[0].message}"
    return f"{where}: {short(error.message, 300)}"


def short(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    linter = Linter(document)
    errors = linter.run()
    for error in errors:
        print(f"{path}: {error}")
    print(
        f"{path}: {len(errors)} error(s); {linter.examples} examples checked against their schemas",
        file=sys.stderr,
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
