"""The OpenAPI 3.1 document served at `/api/openapi.json`."""

from __future__ import annotations

from typing import Any

from papergraph import __version__
from papergraph.browse import COLLECTION_SORTS, ENTITY_SORTS, PAPER_SORTS
from papergraph.extract import RELATIONS
from papergraph.lookup import CENTRALITY_METRICS, ENTITY_TYPES
from papergraph.web._parameters import (
    CENTRALITY_TOP,
    NEIGHBOUR_HOPS,
    PAGE,
    PAGE_SIZE,
    SEARCH_LIMIT,
)

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


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "OK", "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


def _list_path(
    summary: str, row: str, sorts: dict[str, Any], filters: list[dict[str, Any]], site_url: str
) -> dict[str, Any]:
    """A browse list's JSON (`/entities.json`): served at the site's root, not under /api."""
    sort = {"type": "string", "enum": list(sorts)}
    order = {"type": "string", "enum": ["asc", "desc"], "description": "default: the sort's own"}
    envelope = _object(
        {
            "ok": {"const": True},
            "total": {"type": "integer", "description": "rows on all pages together"},
            "page": {"type": "integer"},
            "size": {"type": "integer"},
            "sort": sort,
            "order": {"type": "string", "enum": ["asc", "desc"]},
            "filters": {"type": "object", "additionalProperties": _nullable("string")},
            "facets": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _ref("Facet")},
            },
            "results": {"type": "array", "items": _ref(row)},
            "previous": _nullable("string"),
            "next": _nullable("string"),
        }
    )
    return {
        "servers": [{"url": site_url}],
        "get": {
            "summary": summary + " (the same list as HTML without .json, as CSV with .csv)",
            "parameters": [
                *filters,
                _parameter(
                    "q",
                    "Only rows whose label (or title) contains this, in any case",
                    {"type": "string"},
                ),
                _parameter("sort", "Order by", sort),
                _parameter("order", "Ascending or descending", order),
                _parameter(PAGE.name, PAGE.description, PAGE.schema()),
                _parameter(PAGE_SIZE.name, PAGE_SIZE.description, PAGE_SIZE.schema()),
            ],
            "responses": {"200": _json(envelope), "400": _ERROR},
        },
    }


def _browse_paths(site_url: str) -> dict[str, Any]:
    """The JSON of the lists and of the canned queries."""
    collection = _parameter(
        "collection", "Only rows of this collection (its slug or IRI)", {"type": "string"}
    )
    entity_type = _parameter(
        "type",
        "Only entities of this type (any case)",
        {"type": "string", "enum": list(ENTITY_TYPES)},
    )
    relation = _parameter(
        "relation",
        "Only entities a paper links to by this relation (any case)",
        {"type": "string", "enum": list(RELATIONS)},
    )
    name = {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
    answer = _object(
        {
            "ok": {"const": True},
            "name": {"type": "string"},
            "title": {"type": "string"},
            "params": {"type": "object", "additionalProperties": {"type": "string"}},
            "page": _nullable("integer"),
            "columns": {"type": "array", "items": {"type": "string"}},
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "description": "column -> IRI, text or number (null: unbound)",
                },
            },
            "truncated": {
                "type": "boolean",
                "description": "cut at the server's row or byte limit",
            },
            "previous": _nullable("string"),
            "next": _nullable("string"),
        }
    )
    return {
        "/entities.json": _list_path(
            "Entities, filtered, faceted, sorted, a page at a time",
            "EntityRow",
            ENTITY_SORTS,
            [entity_type, collection, relation],
            site_url,
        ),
        "/papers.json": _list_path(
            "Papers, filtered by collection and title",
            "PaperRow",
            PAPER_SORTS,
            [collection],
            site_url,
        ),
        "/collections.json": _list_path(
            "Collections (notes pages) with their papers",
            "CollectionRow",
            COLLECTION_SORTS,
            [],
            site_url,
        ),
        "/queries.json": {
            "servers": [{"url": site_url}],
            "get": {
                "summary": "The canned queries",
                "responses": {
                    "200": _json(
                        _object(
                            {
                                "ok": {"const": True},
                                "results": {"type": "array", "items": _ref("CannedQuery")},
                            }
                        )
                    )
                },
            },
        },
        "/queries/{name}.json": {
            "servers": [{"url": site_url}],
            "get": {
                "summary": "A canned query's answer; its parameters go in the query string "
                "(.csv: as SPARQL CSV)",
                "parameters": [name, _parameter(PAGE.name, "Page of a paged query", PAGE.schema())],
                "responses": {"200": _json(answer), "400": _ERROR, "404": _ERROR},
            },
        },
    }


def _row(properties: dict[str, Any]) -> dict[str, Any]:
    """A row of a list: its resource's IRI, `properties`, and its URL on this server."""
    iri = {"type": "string", "format": "iri"}
    return _object({"iri": iri, **properties, "url": _nullable("string")})


_ROW_SCHEMAS = {
    "EntityRow": _row(
        {
            "label": {"type": "string"},
            "type": {"type": "string", "enum": list(ENTITY_TYPES)},
            "pagerank": _nullable("number"),
            "papers": {"type": "integer", "description": "papers that mention it"},
        }
    ),
    "PaperRow": _row(
        {
            "title": {"type": "string"},
            "collection": _nullable("string"),
            "collection_label": _nullable("string"),
            "notes": {"type": "integer"},
            "collection_url": _nullable("string"),
        }
    ),
    "CollectionRow": _row(
        {
            "label": {"type": "string"},
            "venue": _nullable("string"),
            "topic": _nullable("string"),
            "papers": {"type": "integer"},
        }
    ),
    "Facet": _object(
        {
            "value": {"type": "string", "description": "a type, a relation or a collection IRI"},
            "label": {"type": "string"},
            "count": {"type": "integer", "description": "rows under the other filters"},
            "selected": {"type": "boolean"},
            "url": {
                "type": "string",
                "description": "the list with this value chosen (or dropped)",
            },
        }
    ),
    "CannedQuery": _object(
        {
            "name": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "params": {"type": "object", "additionalProperties": {"type": "string"}},
            "page": _nullable("integer"),
            "url": {"type": "string"},
        }
    ),
}


def openapi_document(server_url: str, site_url: str = "/") -> dict[str, Any]:
    """The OpenAPI document of the API mounted at `server_url` (e.g. "/api"), and of the JSON
    lists and canned queries at the site's root, `site_url`."""
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
            **_browse_paths(site_url),
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
                },
                **_ROW_SCHEMAS,
            }
        },
    }
