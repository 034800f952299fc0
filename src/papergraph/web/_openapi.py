"""The OpenAPI 3.1 document served at `/api/openapi.json`."""

from __future__ import annotations

from typing import Any

from papergraph import __version__
from papergraph.lookup import CENTRALITY_METRICS, ENTITY_TYPES
from papergraph.web._parameters import CENTRALITY_TOP, NEIGHBOUR_HOPS, SEARCH_LIMIT

__all__ = ["openapi_document"]

_ERROR = {
    "description": "An error, as JSON of one shape",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_OK = {
    "description": "OK",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _parameter(name: str, description: str, schema: dict[str, Any], *, required: bool = False):
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


def openapi_document(server_url: str) -> dict[str, Any]:
    """The OpenAPI document of the API mounted at `server_url` (e.g. "/api")."""
    entity = {"type": "string", "format": "iri"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "papergraph API",
            "version": __version__,
            "description": "Search, neighbourhoods and centrality over a papergraph store.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/search": {
                "get": {
                    "summary": "Papers and entities by label, alternative label or title",
                    "parameters": [
                        _parameter(
                            "q",
                            "What to look for (typos tolerated)",
                            {"type": "string"},
                            required=True,
                        ),
                        _parameter(
                            SEARCH_LIMIT.name, SEARCH_LIMIT.description, SEARCH_LIMIT.schema()
                        ),
                    ],
                    "responses": {"200": _OK, "400": _ERROR},
                }
            },
            "/neighbours": {
                "get": {
                    "summary": "An entity's papers, co-occurring entities, variants, broader",
                    "parameters": [
                        _parameter("label", "Any label of the entity", {"type": "string"}),
                        _parameter("iri", "The entity's IRI (instead of label)", entity),
                        _parameter(
                            NEIGHBOUR_HOPS.name, NEIGHBOUR_HOPS.description, NEIGHBOUR_HOPS.schema()
                        ),
                    ],
                    "responses": {"200": _OK, "400": _ERROR, "404": _ERROR},
                }
            },
            "/centrality": {
                "get": {
                    "summary": "The most central entities",
                    "parameters": [
                        _parameter(
                            "metric",
                            "Centrality measure",
                            {
                                "type": "string",
                                "enum": list(CENTRALITY_METRICS),
                                "default": "pagerank",
                            },
                        ),
                        _parameter(
                            "type",
                            "Only entities of this type",
                            {"type": "string", "enum": list(ENTITY_TYPES)},
                        ),
                        _parameter(
                            CENTRALITY_TOP.name, CENTRALITY_TOP.description, CENTRALITY_TOP.schema()
                        ),
                    ],
                    "responses": {"200": _OK, "400": _ERROR},
                }
            },
            "/papers/{slug}": {
                "get": {
                    "summary": "A paper with its notes, annotated links and quantities",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {"200": _OK, "404": _ERROR},
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["ok", "error", "errors", "status"],
                    "properties": {
                        "ok": {"const": False},
                        "error": {"type": "string"},
                        "errors": {"type": "array", "items": {"type": "string"}},
                        "status": {"type": "integer"},
                    },
                }
            }
        },
    }
