"""Content negotiation: the `Accept` header (with q-values, parsed by werkzeug's MIMEAccept),
overridden by a `format=` parameter or a URL suffix.

Each surface declares its offers as an ordered mapping media type -> syntax name; the first
offer is the default (for a missing Accept header or `*/*`).
"""

from __future__ import annotations

from flask import abort, request
from rdflib import Graph

from papergraph.rdf.namespaces import PREFIXES

__all__ = [
    "GRAPH_OFFERS",
    "HTML",
    "RESULT_OFFERS",
    "content_type",
    "negotiate",
    "page_syntax",
    "serialize_graph",
    "syntax_for_format",
]

HTML = "text/html"

# SELECT / ASK results (SPARQL 1.1 Protocol, section 2.1.5); the first is the default.
RESULT_OFFERS: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}

# RDF graphs: CONSTRUCT / DESCRIBE results, resource descriptions, the service description.
GRAPH_OFFERS: dict[str, str] = {
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "text/n3": "n3",
}

# Values of `format=`: short names and the media types themselves.
_FORMAT_ALIASES: dict[str, str] = {
    "json": "json",
    "srj": "json",
    "xml": "xml",
    "srx": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "ntriples": "ntriples",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "rdfxml": "rdfxml",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
    "n3": "n3",
    "html": "html",
}

# For graph answers, the result-format names mean their RDF counterparts.
_GRAPH_EQUIVALENTS = {"json": "jsonld", "xml": "rdfxml"}

_MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "n3": "text/n3; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def negotiate(offers: dict[str, str]) -> str | None:
    """The syntax of the offer the request's Accept header prefers, or None (-> 406).

    A request without Accept gets the first offer; quality values and specificity decide
    otherwise (werkzeug's `MIMEAccept.best_match`, ties going to the earlier offer).
    """
    accept = request.accept_mimetypes
    if not accept:
        return next(iter(offers.values()))
    best = accept.best_match(list(offers))
    return offers[best] if best is not None else None


def page_syntax(suffix: str | None, offers: dict[str, str]) -> str:
    """The syntax a page answers in: its URL's suffix (`/entities.json`), else the Accept
    header's choice among `offers` (406 when none fits)."""
    syntax = suffix or negotiate(offers)
    if syntax is None:
        abort(406, f"this page is available as {', '.join(offers)}")
    return syntax


def syntax_for_format(value: str, *, graph: bool = False) -> str | None:
    """The syntax a `format=` value names (a short name or a media type), or None if unknown.

    With `graph`, "json" and "xml" mean JSON-LD and RDF/XML.
    """
    value = value.strip().lower()
    syntax = _FORMAT_ALIASES.get(value)
    if syntax is None:
        media_type = value.split(";", 1)[0].strip()
        syntax = RESULT_OFFERS.get(media_type) or GRAPH_OFFERS.get(media_type)
        syntax = syntax or ("html" if media_type == HTML else None)
        if syntax is not None and graph and media_type in RESULT_OFFERS:
            syntax = _GRAPH_EQUIVALENTS.get(syntax, syntax)
        return syntax
    if graph:
        syntax = _GRAPH_EQUIVALENTS.get(syntax, syntax)
    return syntax


def content_type(syntax: str) -> str:
    """The Content-Type header of an answer in `syntax` (charset on the text types)."""
    return _MEDIA_TYPES[syntax]


# rdflib's names of the graph syntaxes (N3 is written as Turtle, which is N3).
_RDFLIB_FORMATS = {
    "turtle": "turtle",
    "n3": "turtle",
    "jsonld": "json-ld",
    "ntriples": "nt",
    "rdfxml": "xml",
}


def serialize_graph(graph: Graph, syntax: str) -> bytes:
    """`graph` written in the graph syntax `syntax` (JSON-LD compacted under the papergraph
    prefixes)."""
    options = {"context": dict(PREFIXES), "auto_compact": True} if syntax == "jsonld" else {}
    return graph.serialize(format=_RDFLIB_FORMATS[syntax], encoding="utf-8", **options)
