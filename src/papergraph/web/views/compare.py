"""`/compare?a=COLLECTION&b=COLLECTION`: two collections side by side, what sets each apart
and what they share (`web/_compare_page.py`); without both, a form to choose them. The same
as JSON by a `.json` suffix or by Accept, as the browse lists answer."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from rdflib import URIRef

from papergraph.browse import CollectionRow, Filters, Page, list_collections
from papergraph.errors import BadRequest, NotFound
from papergraph.web._compare_page import MAX_SHARED, Comparison, compare_collections
from papergraph.web._negotiation import HTML, content_type, page_syntax
from papergraph.web._urls import get_urls
from papergraph.web.store import get_store
from papergraph.web.views.browse import collection_iri, collection_value

__all__ = ["bp"]

bp = Blueprint("compare", __name__)

_OFFERS = {HTML: "html", "application/json": "json"}
_FORM_SIZE = 1000  # collections offered in the form's menus


@bp.get("/compare", defaults={"suffix": None})
@bp.get("/compare.<any(json):suffix>")
def compare(suffix: str | None) -> Response:
    """Two collections compared; without `a=` and `b=` (HTML), a form to choose them.

    Raises:
        BadRequest: `a=` or `b=` missing (JSON), not a collection slug or IRI, or both the same.
        NotFound: `a=` or `b=` names no collection of the store.
    """
    syntax = page_syntax(suffix, _OFFERS)
    chosen = _chosen()
    comparison = _compare(*chosen) if chosen else None
    if syntax == "json":
        if comparison is None:
            raise BadRequest("give the two collections to compare: a= and b=")
        response = jsonify(ok=True, **comparison.to_dict())
    else:
        page = render_template("compare.html", **_page_context(comparison))
        response = Response(page, content_type=content_type("html"))
    if suffix is None:
        response.vary.add("Accept")
    return response


def _chosen() -> tuple[URIRef, URIRef] | None:
    """The collections `a=` and `b=` name (slugs or IRIs), None if either is missing."""
    a, b = (request.args.get(name, "").strip() for name in ("a", "b"))
    if not a or not b:
        return None
    return URIRef(collection_iri(a)), URIRef(collection_iri(b))


def _compare(a: URIRef, b: URIRef) -> Comparison:
    """Raises: BadRequest (the same collection twice), NotFound (not a collection)."""
    if a == b:
        raise BadRequest("choose two different collections")
    dataset = get_store()
    for iri in (a, b):
        if not dataset.query(f"ASK {{ {iri.n3()} a pg:Collection }}").askAnswer:
            raise NotFound(f"no collection <{iri}> in the store")
    return compare_collections(dataset, a, b, get_urls())


def _collections() -> list[CollectionRow]:
    page = Page("label", False, 1, _FORM_SIZE)
    return list_collections(get_store(), Filters(), page).results


def _page_context(comparison: Comparison | None) -> dict[str, object]:
    here = {name: request.args[name] for name in ("a", "b") if request.args.get(name)}
    return {
        "comparison": comparison,
        "collections": [(collection_value(row.iri), row) for row in _collections()],
        "chosen": {name: collection_value(collection_iri(value)) for name, value in here.items()},
        "max_shared": MAX_SHARED,
        "json_url": url_for("compare.compare", suffix="json", **here) if comparison else None,
    }
