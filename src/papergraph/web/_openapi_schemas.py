"""The JSON Schemas of the OpenAPI document's components (`web/_openapi.py`): one per JSON
answer of the service, so that a client (and `tests/test_web_openapi.py`) can check an answer
against it."""

from __future__ import annotations

from typing import Any

from papergraph.extract import RELATIONS
from papergraph.lookup import CENTRALITY_METRICS, ENTITY_TYPES

__all__ = ["SCHEMAS", "nullable", "obj", "ref"]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def obj(properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these properties, all required."""
    return {"type": "object", "required": list(properties), "properties": properties}


def _answer(properties: dict[str, Any]) -> dict[str, Any]:
    """A successful answer: `ok: true` and `properties`."""
    return obj({"ok": {"const": True}, **properties})


def _named(properties: dict[str, Any]) -> dict[str, Any]:
    """A resource with its IRI, label and URL, and `properties`."""
    return obj({"iri": _IRI, "label": _STRING, **properties, "url": _URL})


def _list_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": ref(name)}


_IRI = {"type": "string", "format": "iri"}
_STRING = {"type": "string"}
_INTEGER = {"type": "integer"}
_URL = {**nullable("string"), "description": "its page on this server (null: not local)"}
_RELATION = {"type": "string", "enum": list(RELATIONS)}

_ROWS = {
    "EntityRow": obj(
        {
            "iri": _IRI,
            "label": _STRING,
            "type": {"type": "string", "enum": list(ENTITY_TYPES)},
            "pagerank": nullable("number"),
            "papers": {"type": "integer", "description": "papers that mention it"},
            "url": _URL,
        }
    ),
    "PaperRow": obj(
        {
            "iri": _IRI,
            "title": _STRING,
            "collection": nullable("string"),
            "collection_label": nullable("string"),
            "notes": _INTEGER,
            "url": _URL,
            "collection_url": nullable("string"),
        }
    ),
    "CollectionRow": obj(
        {
            "iri": _IRI,
            "label": _STRING,
            "venue": nullable("string"),
            "topic": nullable("string"),
            "papers": _INTEGER,
            "url": _URL,
        }
    ),
    "Facet": obj(
        {
            "value": {"type": "string", "description": "a type, a relation or a collection IRI"},
            "label": _STRING,
            "count": {"type": "integer", "description": "rows under the other filters"},
            "selected": {"type": "boolean"},
            "url": {
                "type": "string",
                "description": "the list with this value chosen (or dropped)",
            },
        }
    ),
    "CannedQuery": obj(
        {
            "name": _STRING,
            "title": _STRING,
            "description": _STRING,
            "params": {"type": "object", "additionalProperties": _STRING},
            "page": nullable("integer"),
            "url": _STRING,
        }
    ),
}

_LOOKUPS = {
    "EntityRef": _named(
        {
            "type": _STRING,
            "score": {**nullable("number"), "description": "a weight or a centrality score"},
        }
    ),
    "PaperLink": obj(
        {
            "paper": _IRI,
            "title": _STRING,
            "relation": _RELATION,
            "sentence": {"type": "string", "description": "the sentence behind the link"},
            "via": {"type": "string", "description": "the variant the paper names, or ''"},
            "mention_start": nullable("integer"),
            "mention_end": nullable("integer"),
            "url": _URL,
        }
    ),
    "SearchHit": obj(
        {
            "iri": _IRI,
            "label": _STRING,
            "type": _STRING,
            "matched": {"type": "string", "description": "the label or title that matched"},
            "field": {"type": "string", "enum": ["prefLabel", "altLabel", "title"]},
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "url": _URL,
        }
    ),
    "Search": _answer({"query": _STRING, "results": _list_of("SearchHit")}),
    "Neighbourhood": _answer(
        {
            "entity": ref("EntityRef"),
            "alt_labels": {"type": "array", "items": _STRING},
            "papers": _list_of("PaperLink"),
            "cooccurring": _list_of("EntityRef"),
            "variant_of": _list_of("EntityRef"),
            "variants": _list_of("EntityRef"),
            "broader": _list_of("EntityRef"),
            "second_ring": _list_of("EntityRef"),
        }
    ),
    "Centrality": _answer(
        {
            "metric": {"type": "string", "enum": list(CENTRALITY_METRICS)},
            "type": nullable("string"),
            "results": _list_of("EntityRef"),
        }
    ),
}

_PAPER = {
    "Annotation": obj(
        {
            "iri": _IRI,
            "start": nullable("integer"),
            "end": nullable("integer"),
            "exact": nullable("string"),
            "body": {**nullable("string"), "description": "the entity linked"},
            "relation": {"type": ["string", "null"], "enum": [*RELATIONS, None]},
            "rule": nullable("string"),
            "confidence": nullable("number"),
        }
    ),
    "Paper": _answer(
        {
            "iri": _IRI,
            "url": _URL,
            "title": _STRING,
            "collection": {
                "oneOf": [
                    {"type": "null"},
                    obj(
                        {
                            "iri": _IRI,
                            "url": _URL,
                            "venue": nullable("string"),
                            "topic": nullable("string"),
                        }
                    ),
                ]
            },
            "links": {
                "type": "array",
                "items": obj(
                    {
                        "relation": _RELATION,
                        "iri": _IRI,
                        "url": _URL,
                        "label": nullable("string"),
                        "type": nullable("string"),
                    }
                ),
            },
            "title_annotations": _list_of("Annotation"),
            "notes": {
                "type": "array",
                "items": obj(
                    {
                        "iri": _IRI,
                        "url": _URL,
                        "summary": _STRING,
                        "annotations": _list_of("Annotation"),
                    }
                ),
            },
            "quantities": {
                "type": "array",
                "items": obj(
                    {
                        "iri": _IRI,
                        "text": _STRING,
                        "value": nullable("number"),
                        "unit": nullable("string"),
                        "measures": nullable("string"),
                    }
                ),
            },
        }
    ),
}

_SIDE = _named(
    {
        "papers": _INTEGER,
        "distinctive": {
            "type": "array",
            "description": "entities mentioned more here than there, most distinctive first",
            "items": _named(
                {
                    "here": {"type": "integer", "description": "papers here that mention it"},
                    "there": {"type": "integer", "description": "papers of the other one"},
                    "z": {"type": "number", "description": "z-score of the log-odds ratio"},
                }
            ),
        },
    }
)

_OTHERS = {
    "Comparison": _answer(
        {
            "a": _SIDE,
            "b": _SIDE,
            "shared": {
                "type": "array",
                "description": "entities with papers in both, most papers first (at most 50)",
                "items": _named({"a": _INTEGER, "b": _INTEGER}),
            },
            "shared_total": _INTEGER,
        }
    ),
    "GraphView": _answer(
        {
            "nodes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "label", "type"],
                    "properties": {"id": _STRING, "label": _STRING, "type": _STRING},
                },
            },
            "edges": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["from", "to"],
                    "properties": {"from": _STRING, "to": _STRING, "relation": _STRING},
                },
            },
            "options": {"type": "object", "description": "vis-network's options"},
            "legend": {"type": "array", "items": {"type": "object"}},
            "relations": {"type": "array", "items": {"type": "object"}},
            "meta": {"type": "object", "description": "the view's parameters"},
        }
    ),
    "Health": _answer({"status": {"const": 200}, "build": _STRING, "triples": {"type": "integer"}}),
    "Version": _answer(
        {name: _STRING for name in ("papergraph", "python", "flask", "rdflib", "pyoxigraph")}
    ),
    "SparqlResults": {
        "description": "SPARQL 1.1 Query Results JSON: a SELECT's solutions or an ASK's boolean",
        "type": "object",
        "required": ["head"],
        "properties": {
            "head": {
                "type": "object",
                "properties": {"vars": {"type": "array", "items": _STRING}},
            },
            "results": obj(
                {
                    "bindings": {
                        "type": "array",
                        "items": {"type": "object", "additionalProperties": ref("SparqlTerm")},
                    }
                }
            ),
            "boolean": {"type": "boolean"},
        },
        "oneOf": [{"required": ["results"]}, {"required": ["boolean"]}],
    },
    "SparqlTerm": {
        "type": "object",
        "required": ["type", "value"],
        "properties": {
            "type": {"type": "string", "enum": ["uri", "literal", "bnode", "triple"]},
            "value": {"type": ["string", "object"]},
            "datatype": _STRING,
            "xml:lang": _STRING,
        },
    },
    "JsonLd": {
        "description": "JSON-LD (compacted under the papergraph prefixes)",
        "type": ["object", "array"],
    },
    "OpenApi": {
        "type": "object",
        "required": ["openapi", "info", "paths"],
        "properties": {"openapi": {"type": "string", "pattern": "^3\\."}},
    },
    "Error": {
        "type": "object",
        "required": ["ok", "error", "errors", "status"],
        "properties": {
            "ok": {"const": False},
            "error": _STRING,
            "errors": {"type": "array", "items": _STRING},
            "status": _INTEGER,
        },
    },
}

SCHEMAS = {**_ROWS, **_LOOKUPS, **_PAPER, **_OTHERS}
