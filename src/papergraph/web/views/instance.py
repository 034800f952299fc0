"""The home page and the instance endpoints under the reserved `/-/` prefix (datasette's
`/-/` convention: no resource path can collide with them)."""

from __future__ import annotations

import platform
from dataclasses import asdict
from importlib.metadata import version as installed_version

import flask
import pyoxigraph
import rdflib
from flask import Blueprint, jsonify, render_template, request
from rdflib import URIRef

from papergraph import __version__
from papergraph.lookup import ENTITY_TYPES, top_entities
from papergraph.queries import load_stored_queries
from papergraph.search import SearchIndex
from papergraph.web._stats import build_statistics, class_counts, graph_counts, triple_count
from papergraph.web._urls import get_urls
from papergraph.web.store import ServedBuild, get_build

__all__ = ["bp"]

bp = Blueprint("instance", __name__)


@bp.get("/")
def index() -> str:
    """The home page: what the store holds, and where to go from here."""
    build = get_build()
    urls = get_urls()
    top = build.memo("top_entities", lambda: top_entities(build.dataset, top=15))
    papers = build_statistics(build).collections  # not inside another memo: one lock
    collections = build.memo("collections", lambda: _collections(build, papers))
    search_query = request.args.get("q", "").strip()
    hits = []
    if search_query:
        index = build.memo("search_index", lambda: SearchIndex.from_dataset(build.dataset))
        hits = [
            {**asdict(hit), "url": urls.href(URIRef(hit.iri))}
            for hit in index.search(search_query, limit=25)
        ]
    return render_template(
        "index.html",
        search_query=search_query,
        hits=hits,
        build=build,
        counts=class_counts(build),
        graphs=graph_counts(build),
        triples=triple_count(build),
        top=top,
        collections=collections,
        queries=load_stored_queries(),
        urls=urls,
        entity_types=ENTITY_TYPES,
    )


def _collections(build: ServedBuild, papers: dict[str, int]) -> list[tuple[str, str, int]]:
    """Each collection of `papers` ({IRI: papers}) as (IRI, label, papers), by label: venue and
    topic (rdfs:label), the venue alone in a build made before collections had labels, else
    the IRI."""
    labels = {
        str(row.c): str(row.label)
        for row in build.dataset.query(
            "SELECT ?c (SAMPLE(COALESCE(?l, ?v)) AS ?label) WHERE { ?c a pg:Collection "
            "OPTIONAL { ?c rdfs:label ?l } OPTIONAL { ?c pg:venue ?v } } GROUP BY ?c"
        )
        if row.label is not None
    }
    return sorted(
        ((iri, labels.get(iri, iri), count) for iri, count in papers.items()),
        key=lambda collection: collection[1],
    )


@bp.get("/favicon.ico")
def favicon() -> flask.Response:
    """The site's icon where browsers look for it first (an SVG: Chromium and Firefox take it)."""
    return flask.current_app.send_static_file("favicon.svg")


@bp.get("/-/health")
def health() -> flask.Response:
    """Readiness: the build served and its size (503 when there is no store)."""
    build = get_build()
    return jsonify(ok=True, status=200, build=build.name, triples=triple_count(build))


@bp.get("/-/version")
def version() -> flask.Response:
    """The versions of papergraph and of the libraries it serves with."""
    return jsonify(
        ok=True,
        papergraph=__version__,
        python=platform.python_version(),
        flask=_version_of("flask"),
        rdflib=rdflib.__version__,
        pyoxigraph=pyoxigraph.__version__,
    )


def _version_of(package: str) -> str:
    return installed_version(package)
