"""`/api/...`: JSON for scripts and for the graph view: search, neighbourhoods, centrality,
papers, and the OpenAPI document that describes them (and, at `/api`, the same as a page).
Errors use the one JSON error shape."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from papergraph.errors import BadRequest, NotFound
from papergraph.lookup import entity_called, neighbourhood, top_entities
from papergraph.search import SearchIndex
from papergraph.web._api_page import api_reference
from papergraph.web._describe import describe, is_valid_iri
from papergraph.web._openapi import openapi_document
from papergraph.web._paper import paper_record
from papergraph.web._parameters import CENTRALITY_TOP, NEIGHBOUR_HOPS, SEARCH_LIMIT
from papergraph.web._urls import get_urls
from papergraph.web.store import get_build, get_store

__all__ = ["bp"]

bp = Blueprint("api", __name__, url_prefix="/api")


def _with_url(record: dict[str, Any], key: str = "iri") -> dict[str, Any]:
    iri = record.get(key)
    record["url"] = get_urls().resource(iri) if iri and get_urls().is_local(iri) else None
    return record


@bp.get("/search")
def search() -> Response:
    """Papers and entities whose label, alternative label or title matches `q`, best first."""
    query = request.args.get("q", "")
    limit = SEARCH_LIMIT.read()
    build = get_build()
    index = build.memo("search_index", lambda: SearchIndex.from_dataset(build.dataset))
    hits = [_with_url(asdict(hit)) for hit in index.search(query, limit=limit)]
    return jsonify(ok=True, query=query, results=hits)


def _entity_iri() -> str:
    """The entity named by `iri=` or by `label=`.

    Raises:
        BadRequest: neither given, both given, an invalid IRI, or an ambiguous label.
        NotFound: no entity has that label (the message suggests close ones).
    """
    iri, label = request.args.get("iri"), request.args.get("label")
    if bool(iri) == bool(label):
        raise BadRequest("give exactly one of the parameters label= and iri=")
    if iri:
        if not is_valid_iri(iri):
            raise BadRequest(f"not a valid IRI: {iri!r}")
        return iri
    return entity_called(get_store(), label or "").iri


@bp.get("/neighbours")
def neighbours() -> Response:
    """An entity's papers (with the supporting sentence), co-occurring entities and variants."""
    hops = NEIGHBOUR_HOPS.read()
    result = neighbourhood(get_store(), _entity_iri(), hops=hops).to_dict()
    _with_url(result["entity"])
    for key in ("cooccurring", "variant_of", "variants", "broader", "second_ring"):
        for ref in result[key]:
            _with_url(ref)
    for link in result["papers"]:
        _with_url(link, "paper")
    return jsonify(ok=True, **result)


@bp.get("/centrality")
def centrality() -> Response:
    """The most central entities by `metric`, optionally of one `type`."""
    metric = request.args.get("metric", "pagerank")
    entity_type = request.args.get("type") or None
    top = CENTRALITY_TOP.read()
    ranked = top_entities(get_store(), metric=metric, entity_type=entity_type, top=top)
    results = [_with_url(asdict(ref)) for ref in ranked]
    return jsonify(ok=True, metric=metric, type=entity_type, results=results)


@bp.get("/papers/<slug>")
def paper(slug: str) -> Response:
    """A paper: title, collection, notes with their annotations, links and quantities."""
    urls, dataset = get_urls(), get_store()
    iri = urls.iri(f"paper/{slug}")
    if not is_valid_iri(iri) or not len(graph := describe(dataset, iri)):
        raise NotFound(f"no paper <{iri}> in the store")
    return jsonify(ok=True, **paper_record(dataset, iri, graph, urls))


def _document() -> dict[str, Any]:
    api_url = url_for("api.search").removesuffix("/search")
    return openapi_document(api_url, url_for("instance.index").rstrip("/") or "/")


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of this API and of the service's other JSON answers."""
    return jsonify(_document())


@bp.get("")
def reference() -> str:
    """The OpenAPI document as a page to read."""
    return render_template("api.html", api=api_reference(_document()))
