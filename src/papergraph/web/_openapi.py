"""The OpenAPI 3.1 document served at `/api/openapi.json` (and shown as a page at `/api`):
every answer of the service that can come as JSON, with the schema of that JSON
(`web/_openapi_schemas.py`). The `/api/...` paths sit under the document's server; the others
(lists, canned queries, comparisons, the graph view's data, SPARQL, resources, downloads,
instance status) name the site's root as their own server."""

from __future__ import annotations

from typing import Any

from papergraph import __version__
from papergraph.browse import COLLECTION_SORTS, ENTITY_SORTS, PAPER_SORTS
from papergraph.export import EXPORT_FORMATS
from papergraph.extract import RELATIONS
from papergraph.lookup import CENTRALITY_METRICS, ENTITY_TYPES
from papergraph.web._negotiation import GRAPH_OFFERS
from papergraph.web._openapi_schemas import SCHEMAS, nullable, obj, ref
from papergraph.web._parameters import (
    CENTRALITY_TOP,
    GRAPH_HOPS,
    GRAPH_TOP,
    NEIGHBOUR_HOPS,
    PAGE,
    PAGE_SIZE,
    SEARCH_LIMIT,
    IntParameter,
)

__all__ = ["openapi_document"]

_JSON = "application/json"
_ERROR = {
    "description": "An error, as JSON of one shape",
    "content": {_JSON: {"schema": ref("Error")}},
}
_TEXT = {"schema": {"type": "string"}}


def _parameter(name: str, description: str, schema: dict[str, Any], *, required: bool = False):
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


def _bounded(parameter: IntParameter) -> dict[str, Any]:
    return _parameter(parameter.name, parameter.description, parameter.schema())


def _in_path(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string"},
    }


def _get(
    summary: str,
    content: dict[str, Any],
    parameters: list[dict[str, Any]] | None = None,
    errors: tuple[int, ...] = (400,),
) -> dict[str, Any]:
    """A GET operation answering 200 with `content` (media type -> media type object)."""
    responses: dict[str, Any] = {"200": {"description": "OK", "content": content}}
    responses.update({str(status): _ERROR for status in errors})
    return {"summary": summary, "parameters": parameters or [], "responses": responses}


def _json(name: str) -> dict[str, Any]:
    return {_JSON: {"schema": ref(name)}}


def _with_html(content: dict[str, Any]) -> dict[str, Any]:
    """`content`, or the page for a browser (Accept: text/html, the default)."""
    return {"text/html": _TEXT, **content}


def _at_root(site_url: str, paths: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`paths` (path -> operation) as GET path items served at the site's root."""
    return {path: {"servers": [{"url": site_url}], "get": get} for path, get in paths.items()}


# --- /api ----------------------------------------------------------------------------------


def _api_paths() -> dict[str, Any]:
    entity_type = {"type": "string", "enum": list(ENTITY_TYPES)}
    metric = {"type": "string", "enum": list(CENTRALITY_METRICS), "default": "pagerank"}
    search = [
        _parameter("q", "What to look for (typos tolerated)", {"type": "string"}, required=True),
        _bounded(SEARCH_LIMIT),
    ]
    neighbours = [
        _parameter("label", "Any label of the entity", {"type": "string"}),
        _parameter("iri", "The entity's IRI (instead of label)", {"type": "string"}),
        _bounded(NEIGHBOUR_HOPS),
    ]
    centrality = [
        _parameter("metric", "Centrality measure", metric),
        _parameter("type", "Only entities of this type", entity_type),
        _bounded(CENTRALITY_TOP),
    ]
    paths = {
        "/search": _get(
            "Papers and entities by label, alternative label or title",
            _json("Search"),
            search,
        ),
        "/neighbours": _get(
            "An entity's papers, co-occurring entities, variants, broader",
            _json("Neighbourhood"),
            neighbours,
            (400, 404),
        ),
        "/centrality": _get("The most central entities", _json("Centrality"), centrality),
        "/papers/{slug}": _get(
            "A paper with its notes, annotated links and quantities",
            _json("Paper"),
            [_in_path("slug", "The paper's slug (the last part of its IRI)")],
            (404,),
        ),
        "/openapi.json": _get("This document", _json("OpenApi"), errors=()),
    }
    return {path: {"get": get} for path, get in paths.items()}


# --- the lists, canned queries and comparisons ----------------------------------------------


def _list_envelope(row: str, sorts: dict[str, Any]) -> dict[str, Any]:
    return obj(
        {
            "ok": {"const": True},
            "total": {"type": "integer", "description": "rows on all pages together"},
            "page": {"type": "integer"},
            "size": {"type": "integer"},
            "sort": {"type": "string", "enum": list(sorts)},
            "order": {"type": "string", "enum": ["asc", "desc"]},
            "filters": {"type": "object", "additionalProperties": nullable("string")},
            "facets": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": ref("Facet")},
            },
            "results": {"type": "array", "items": ref(row)},
            "previous": nullable("string"),
            "next": nullable("string"),
        }
    )


def _list_paths(
    path: str, summary: str, row: str, sorts: dict[str, Any], filters: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """A browse list (`/entities`): by Accept, and as JSON at `/entities.json`."""
    order = {"type": "string", "enum": ["asc", "desc"], "description": "default: the sort's own"}
    parameters = [
        *filters,
        _parameter(
            "q", "Only rows whose label (or title) contains this, in any case", {"type": "string"}
        ),
        _parameter("sort", "Order by", {"type": "string", "enum": list(sorts)}),
        _parameter("order", "Ascending or descending", order),
        _bounded(PAGE),
        _bounded(PAGE_SIZE),
    ]
    json = {_JSON: {"schema": _list_envelope(row, sorts)}}
    return {
        path: _get(f"{summary} (by Accept)", _with_html({**json, "text/csv": _TEXT}), parameters),
        f"{path}.json": _get(summary + " (as CSV at .csv)", json, parameters),
    }


def _canned_answer() -> dict[str, Any]:
    return obj(
        {
            "ok": {"const": True},
            "name": {"type": "string"},
            "title": {"type": "string"},
            "params": {"type": "object", "additionalProperties": {"type": "string"}},
            "page": nullable("integer"),
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
            "previous": nullable("string"),
            "next": nullable("string"),
        }
    )


def _canned_paths() -> dict[str, dict[str, Any]]:
    listing = {
        _JSON: {
            "schema": obj(
                {
                    "ok": {"const": True},
                    "results": {"type": "array", "items": ref("CannedQuery")},
                }
            )
        }
    }
    answer = {_JSON: {"schema": _canned_answer()}}
    name = _in_path("name", "The canned query's name (its file name in queries/)")
    parameters = [name, _parameter(PAGE.name, "Page of a paged query", PAGE.schema())]
    summary = "A canned query's answer; its parameters go in the query string"
    return {
        "/queries": _get("The canned queries (by Accept)", _with_html(listing), errors=()),
        "/queries.json": _get("The canned queries", listing, errors=()),
        "/queries/{name}": _get(
            summary + " (by Accept)",
            _with_html({**answer, "text/csv": _TEXT}),
            parameters,
            (400, 404),
        ),
        "/queries/{name}.json": _get(summary + " (as SPARQL CSV at .csv)", answer, parameters),
    }


def _compare_paths() -> dict[str, dict[str, Any]]:
    parameters = [
        _parameter(name, f"The {which} collection: its slug or IRI", {"type": "string"})
        for name, which in (("a", "first"), ("b", "second"))
    ]
    summary = "Two collections: what sets each apart from the other, what they share"
    return {
        "/compare": _get(
            summary + " (by Accept; without a= and b=, a form to choose them)",
            _with_html(_json("Comparison")),
            parameters,
            (400, 404),
        ),
        "/compare.json": _get(summary, _json("Comparison"), parameters, (400, 404)),
    }


def _browse_paths() -> dict[str, dict[str, Any]]:
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
    return {
        **_list_paths(
            "/entities",
            "Entities, filtered, faceted, sorted, a page at a time",
            "EntityRow",
            ENTITY_SORTS,
            [entity_type, collection, relation],
        ),
        **_list_paths(
            "/papers",
            "Papers, filtered by collection and title",
            "PaperRow",
            PAPER_SORTS,
            [collection],
        ),
        **_list_paths(
            "/collections",
            "Collections (notes pages) with their papers",
            "CollectionRow",
            COLLECTION_SORTS,
            [],
        ),
        **_canned_paths(),
        **_compare_paths(),
    }


# --- SPARQL, resources, downloads, the graph view, the instance ------------------------------


def _sparql_path(site_url: str) -> dict[str, Any]:
    """The SPARQL 1.1 Protocol endpoint's query operation (GET; POST takes the same)."""
    results = {
        "application/sparql-results+json": {"schema": ref("SparqlResults")},
        "application/json": {"schema": ref("SparqlResults")},
        "application/sparql-results+xml": _TEXT,
        "text/csv": _TEXT,
        "text/tab-separated-values": _TEXT,
        "application/ld+json": {"schema": ref("JsonLd")},
        **{media_type: _TEXT for media_type in GRAPH_OFFERS if media_type != "application/ld+json"},
    }
    parameters = [
        _parameter("query", "A SPARQL 1.1 query", {"type": "string"}),
        _parameter("default-graph-uri", "A graph of the default graph", {"type": "string"}),
        _parameter("named-graph-uri", "A named graph the query may see", {"type": "string"}),
        _parameter(
            "format",
            "Overrides Accept: json, xml, csv, tsv, turtle, jsonld, html",
            {"type": "string"},
        ),
    ]
    operation = _get(
        "SPARQL 1.1 Protocol: SELECT and ASK answers by Accept (SPARQL JSON by default), "
        "CONSTRUCT and DESCRIBE as RDF; without a query, the query page or the service "
        "description",
        _with_html(results),
        parameters,
        (400,),
    )
    post = {**operation, "summary": "The same, the query in a form or as application/sparql-query"}
    return {"servers": [{"url": site_url}], "get": operation, "post": post}


def _resource_paths() -> dict[str, dict[str, Any]]:
    rdf = {media_type: _TEXT for media_type in GRAPH_OFFERS}
    rdf["application/ld+json"] = {"schema": ref("JsonLd")}
    rdf[_JSON] = {"schema": ref("JsonLd")}
    extensions = [fmt.extension for fmt in EXPORT_FORMATS.values()]
    downloads = {fmt.media_type: _TEXT for fmt in EXPORT_FORMATS.values()}
    downloads["application/ld+json"] = {"schema": ref("JsonLd")}
    extension = {
        **_in_path("extension", "The syntax"),
        "schema": {"type": "string", "enum": extensions},
    }
    return {
        "/id/{path}": _get(
            "A resource (paper, note, entity, collection, ...): its page, or its description "
            "in RDF by Accept, format= or a .ttl/.jsonld/.nt/.rdf suffix",
            _with_html(rdf),
            [_in_path("path", "The IRI's path under the base: entity/galore")],
            (404,),
        ),
        "/export.{extension}": _get(
            "The whole graph as a download", downloads, [extension], errors=()
        ),
    }


def _site_paths() -> dict[str, dict[str, Any]]:
    focus = _parameter("focus", "Centre the view on this entity or paper (IRI)", {"type": "string"})
    return {
        **_browse_paths(),
        **_resource_paths(),
        "/graph/data.json": _get(
            "The graph view's nodes, edges and options",
            _json("GraphView"),
            [_bounded(GRAPH_TOP), focus, _bounded(GRAPH_HOPS)],
            (400, 404),
        ),
        "/-/health": _get(
            "Readiness: the build served and its size", _json("Health"), errors=(503,)
        ),
        "/-/version": _get(
            "The versions of papergraph and its libraries", _json("Version"), errors=()
        ),
    }


def openapi_document(server_url: str, site_url: str = "/") -> dict[str, Any]:
    """The OpenAPI document of the API mounted at `server_url` (e.g. "/api"), and of the
    service's other JSON answers at the site's root, `site_url`."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "papergraph API",
            "version": __version__,
            "description": "Search, neighbourhoods, centrality, lists, comparisons and SPARQL "
            "over a papergraph store.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            **_api_paths(),
            **_at_root(site_url, _site_paths()),
            "/sparql": _sparql_path(site_url),
        },
        "components": {"schemas": SCHEMAS},
    }
