"""`/graph`: the interactive graph view, and `/graph/data.json`, the nodes, edges and
vis-network options it draws (the same JSON the page embeds, for scripts and for the page's own
hops and focus controls). The node and edge lists come from `papergraph.graphview`."""

from __future__ import annotations

import copy
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from papergraph.errors import BadRequest
from papergraph.graphview import build_view, view_payload
from papergraph.web._describe import is_valid_iri
from papergraph.web._parameters import GRAPH_HOPS, GRAPH_TOP
from papergraph.web._urls import get_urls
from papergraph.web.store import get_build, get_store

__all__ = ["bp"]

bp = Blueprint("graph", __name__, url_prefix="/graph")


def _view_payload() -> dict[str, Any]:
    """The payload of the view the query asks for (`top`, `focus`, `hops`).

    Raises:
        BadRequest: a parameter out of range or an invalid focus IRI.
        NotFound: the focus is neither a paper nor an entity of the store.
    """
    top = GRAPH_TOP.read()
    hops = GRAPH_HOPS.read()
    focus = request.args.get("focus") or None
    if focus is not None and not is_valid_iri(focus):
        raise BadRequest(f"not a valid IRI: {focus!r}")
    urls = get_urls()

    def resource_url(iri: str) -> str | None:
        return urls.resource(iri) if urls.is_local(iri) else None

    def compute() -> dict[str, Any]:
        view = build_view(get_store(), top=top, focus=focus, hops=hops, resource_url=resource_url)
        return view_payload(view)

    if focus is None and top == GRAPH_TOP.default:  # the first view: computed once per build
        payload = copy.deepcopy(get_build().memo("graph.default_view", compute))
    else:
        payload = compute()
    for node in payload["nodes"]:
        if node["type"] == "Paper" and urls.is_local(node["id"]):
            kind, _, slug = urls.path(node["id"]).partition("/")
            if kind == "paper" and slug:
                node["api"] = url_for("api.paper", slug=slug)
    return payload


def _client_config() -> dict[str, Any]:
    """The URLs the page's script calls (the script never builds a URL of its own)."""
    return {
        "dataUrl": url_for("graph.data"),
        "viewUrl": url_for("graph.view"),
        "searchUrl": url_for("api.search"),
        "neighboursUrl": url_for("api.neighbours"),
    }


@bp.get("")
def view() -> str:
    """The interactive view: top entities by PageRank, or the neighbourhood of `focus`."""
    return render_template("graph.html", payload=_view_payload(), config=_client_config())


@bp.get("/data.json")
def data() -> Response:
    """The nodes, edges, options and legend of the view `top`/`focus`/`hops`, as JSON."""
    return jsonify(ok=True, **_view_payload())
