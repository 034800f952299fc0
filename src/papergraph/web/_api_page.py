"""The API reference page (`/api`): the OpenAPI document (`web/_openapi.py`) read out for
people, on the server, without Swagger UI or any script: each operation with its parameters
and answers, and each schema with its properties, a reference to another schema a link to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

__all__ = ["Operation", "Schema", "api_reference", "schema_text"]

_REF = "#/components/schemas/"


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    schema: Markup
    description: str


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    content: list[tuple[str, Markup]]  # media type, its schema


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # with its server's prefix: /api/search
    anchor: str
    summary: str
    parameters: list[Parameter]
    answers: list[Answer]


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    shape: Markup
    properties: list[tuple[str, bool, Markup, str]]  # name, required, schema, description


def schema_text(schema: dict[str, Any]) -> Markup:
    """A schema in a few words ("string or null", "array of EntityRef"), a reference a link."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(_REF)
        return Markup('<a href="#schema-{0}">{0}</a>').format(name)
    if "const" in schema:
        return Markup("<code>{}</code>").format(_literal(schema["const"]))
    if "oneOf" in schema:
        return Markup(" or ").join(schema_text(choice) for choice in schema["oneOf"])
    if "enum" in schema:
        values = Markup(", ").join(
            Markup("<code>{}</code>").format(_literal(value)) for value in schema["enum"]
        )
        return Markup("one of ") + values
    kinds = schema.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "array" in kinds and "items" in schema:
        return Markup("array of ") + schema_text(schema["items"])
    text = Markup(" or ").join(escape(kind) for kind in kinds)
    if "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        text += Markup(" of ") + schema_text(schema["additionalProperties"])
    return text


def _literal(value: object) -> str:
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    return str(value)


def _parameter(raw: dict[str, Any]) -> Parameter:
    schema = raw.get("schema", {})
    text = schema_text(schema)
    bounds = [f"{key} {schema[key]}" for key in ("minimum", "maximum", "default") if key in schema]
    if bounds:
        text += Markup(" ({})").format(", ".join(bounds))
    return Parameter(
        raw["name"], raw["in"], raw.get("required", False), text, raw.get("description", "")
    )


def _answers(responses: dict[str, Any]) -> list[Answer]:
    return [
        Answer(
            status,
            response.get("description", ""),
            [
                (media_type, schema_text(body.get("schema", {})))
                for media_type, body in response.get("content", {}).items()
            ],
        )
        for status, response in responses.items()
    ]


def _operations(document: dict[str, Any]) -> list[Operation]:
    found = []
    for path, item in document["paths"].items():
        full = item.get("servers", document["servers"])[0]["url"].rstrip("/") + path
        for method in ("get", "post"):
            if method in item:
                operation = item[method]
                found.append(
                    Operation(
                        method.upper(),
                        full,
                        f"{method}-{full}".replace("/", "-").strip("-"),
                        operation.get("summary", ""),
                        [_parameter(raw) for raw in operation.get("parameters", [])],
                        _answers(operation.get("responses", {})),
                    )
                )
    return found


def _schemas(document: dict[str, Any]) -> list[Schema]:
    found = []
    for name, schema in document["components"]["schemas"].items():
        required = set(schema.get("required", []))
        properties = [
            (key, key in required, schema_text(value), value.get("description", ""))
            for key, value in schema.get("properties", {}).items()
        ]
        found.append(Schema(name, schema.get("description", ""), schema_text(schema), properties))
    return found


def api_reference(document: dict[str, Any]) -> dict[str, Any]:
    """What the page shows of `document`: title, version, description, operations, schemas."""
    info = document["info"]
    return {
        "title": info["title"],
        "version": info["version"],
        "description": info.get("description", ""),
        "operations": _operations(document),
        "schemas": _schemas(document),
    }
