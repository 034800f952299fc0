"""`/id/...`: every IRI under the base, dereferenced as HTML for people and as Turtle, JSON-LD,
N-Triples or RDF/XML for programs (by Accept, by a `.ttl` / `.jsonld` / `.nt` / `.rdf` suffix,
or by `?format=`), each advertising the others in `Link: rel="alternate"` headers.

The HTML page has a layout per kind of resource: an entity, a paper and a collection are pages
to read (`web/_entity_page.py`, `_paper_page.py`, `_collection_page.py`), with their asserted
triples collapsed at the end; anything else gets the generic page of its triples."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from rdflib import Graph, URIRef

from papergraph.errors import BadRequest, NotFound
from papergraph.extract import ENTITY_TYPES
from papergraph.rdf.namespaces import PG, RDF
from papergraph.web._collection_page import collection_page
from papergraph.web._describe import describe, is_valid_iri, resource_page
from papergraph.web._entity_page import EntityPage, entity_page
from papergraph.web._filters import readable_number
from papergraph.web._negotiation import (
    GRAPH_OFFERS,
    HTML,
    content_type,
    negotiate,
    serialize_graph,
    syntax_for_format,
)
from papergraph.web._paper_page import paper_page
from papergraph.web._svgchart import bar_chart
from papergraph.web._urls import RESOURCE_SUFFIXES, get_urls
from papergraph.web.store import get_store

__all__ = ["bp", "get_resource_or_404"]

bp = Blueprint("resource", __name__)
bp.add_app_template_filter(readable_number, "number")
bp.add_app_template_global(bar_chart, "bar_chart")

_ENTITY_CLASSES = {PG[name] for name in ENTITY_TYPES}

# A JSON client that does not know JSON-LD by name gets it as JSON.
_OFFERS = {
    HTML: "html",
    "application/xhtml+xml": "html",
    **GRAPH_OFFERS,
    "application/json": "jsonld",
}
_MEDIA_TYPES = {"html": HTML}
for _media_type, _syntax in GRAPH_OFFERS.items():
    _MEDIA_TYPES.setdefault(_syntax, _media_type)  # the first, canonical media type of each


def get_resource_or_404(path: str) -> tuple[URIRef, Graph, str | None]:
    """The IRI served at `/id/{path}`, its description, and the syntax its suffix asks for.

    `/id/paper/x.ttl` is the Turtle of `{base}paper/x`, unless `{base}paper/x.ttl` itself
    has triples.

    Raises:
        NotFound: neither the IRI nor the IRI without a known suffix has any triples (404).
    """
    urls, dataset = get_urls(), get_store()
    iri = urls.iri(path)
    if is_valid_iri(iri) and len(graph := describe(dataset, iri)):
        return iri, graph, None
    stem, _, suffix = path.rpartition(".")
    if stem and suffix in RESOURCE_SUFFIXES:
        stem_iri = urls.iri(stem)
        if is_valid_iri(stem_iri) and len(graph := describe(dataset, stem_iri)):
            return stem_iri, graph, RESOURCE_SUFFIXES[suffix]
    raise NotFound(f"no resource <{iri}> in the store")


def _alternates(iri: URIRef, current: str) -> list[tuple[str, str, str]]:
    """(syntax, URL, media type) of every representation of `iri` but `current`."""
    urls = get_urls()
    found = []
    for syntax in ("html", "turtle", "jsonld", "ntriples", "rdfxml"):
        if syntax != current:
            url = urls.resource(iri) if syntax == "html" else urls.resource(iri, syntax)
            found.append((syntax, url, _MEDIA_TYPES[syntax]))
    return found


def _entity_or_none(iri: URIRef) -> EntityPage | None:
    """The entity page of `iri`, or None for a typed entity without a label (loaded data)."""
    try:
        return entity_page(get_store(), iri, get_urls())
    except NotFound:
        return None


def _html(iri: URIRef, graph: Graph, alternates: list[tuple[str, str, str]]) -> str:
    """The page of `iri` in the layout of its kind (entity, paper, collection, or generic)."""
    urls, dataset = get_urls(), get_store()
    types = set(graph.objects(iri, RDF.type))
    focus = urls.graph_view(iri)  # the graph view centres on entities and papers only
    if types & _ENTITY_CLASSES and (page := _entity_or_none(iri)) is not None:
        template = "entity.html"
    elif PG.Paper in types:
        template, page = "paper.html", paper_page(dataset, iri, graph, urls)
    elif PG.Collection in types:
        template, page, focus = "collection.html", collection_page(dataset, iri, urls), None
    else:
        template, page, focus = "resource.html", resource_page(dataset, iri, graph, urls), None
    return render_template(template, page=page, alternates=alternates, graph_url=focus)


@bp.get("/id/<path:path>")
def show(path: str) -> Response:
    """A resource in the representation the suffix, `format=` or Accept asks for."""
    iri, graph, syntax = get_resource_or_404(path)
    if syntax is None and (wanted := request.args.get("format")):
        syntax = syntax_for_format(wanted, graph=True)
        if syntax not in _OFFERS.values():
            raise BadRequest(f"unknown format {wanted!r}; use html, turtle, jsonld, nt, rdf or n3")
    if syntax is None:
        syntax = negotiate(_OFFERS)
        if syntax is None:
            available = ", ".join(sorted(set(_MEDIA_TYPES.values())))
            abort(406, f"resources are available as {available}")
    alternates = _alternates(iri, syntax)
    body = _html(iri, graph, alternates) if syntax == "html" else serialize_graph(graph, syntax)
    response = Response(body, content_type=content_type(syntax))
    response.headers["Link"] = ", ".join(
        f'<{url}>; rel="alternate"; type="{media_type}"' for _, url, media_type in alternates
    )
    response.vary.add("Accept")
    return response
