"""`/entities`, `/papers`, `/collections`: the graph as lists to browse, after Datasette's
table pages: a filter box, facets whose links add a filter, sortable columns, pages; the same
list as JSON or CSV by a `.json` / `.csv` suffix or by Accept. The store pages, counts and
facets (`papergraph.browse`); this module reads the request and writes the answer."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from rdflib import Dataset

from papergraph.browse import (
    COLLECTION_SORTS,
    ENTITY_SORTS,
    PAPER_SORTS,
    CollectionRow,
    EntityRow,
    Facet,
    Filters,
    Listing,
    Page,
    PaperRow,
    Sort,
    entity_type_named,
    list_collections,
    list_entities,
    list_papers,
    relation_named,
)
from papergraph.errors import BadRequest
from papergraph.web._describe import is_valid_iri
from papergraph.web._negotiation import HTML, content_type, page_syntax
from papergraph.web._parameters import PAGE, PAGE_SIZE
from papergraph.web._urls import Urls, get_urls
from papergraph.web.store import get_store

__all__ = ["LISTS", "SUFFIX", "bp", "collection_iri", "collection_value"]

bp = Blueprint("browse", __name__)

_OFFERS = {HTML: "html", "application/json": "json", "text/csv": "csv"}
SUFFIX = "<any(json, csv):suffix>"


@dataclass(frozen=True)
class Column:
    """A column of a list's table: the row field it shows, the sort its heading sets (None:
    not sortable), the field of the URL its cells link to."""

    name: str
    heading: str
    sort: str | None = None
    link: str | None = None
    number: bool = False


@dataclass(frozen=True)
class BrowseList:
    """One list: how to read a page of it, and how to show it."""

    title: str
    lister: Callable[[Dataset, Filters, Page], Listing[Any]]
    row_type: type
    sorts: dict[str, Sort]
    default_sort: str
    filters: tuple[str, ...]  # the Filters fields it takes from the request
    columns: tuple[Column, ...]
    placeholder: str  # what the filter box matches


LISTS = {
    "entities": BrowseList(
        "Entities",
        list_entities,
        EntityRow,
        ENTITY_SORTS,
        "pagerank",
        ("type", "collection", "relation", "q"),
        (
            Column("label", "Label", "label", "url"),
            Column("type", "Type"),
            Column("papers", "Papers", "papers", number=True),
            Column("pagerank", "PageRank", "pagerank", number=True),
        ),
        "Filter by label",
    ),
    "papers": BrowseList(
        "Papers",
        list_papers,
        PaperRow,
        PAPER_SORTS,
        "title",
        ("collection", "q"),
        (
            Column("title", "Title", "title", "url"),
            Column("collection_label", "Collection", "collection", "collection_url"),
            Column("notes", "Notes", number=True),
        ),
        "Filter by title",
    ),
    "collections": BrowseList(
        "Collections",
        list_collections,
        CollectionRow,
        COLLECTION_SORTS,
        "label",
        ("q",),
        (
            Column("label", "Collection", "label", "url"),
            Column("venue", "Venue"),
            Column("topic", "Topic"),
            Column("papers", "Papers", "papers", number=True),
        ),
        "Filter by name",
    ),
}


@bp.get("/entities", defaults={"suffix": None})
@bp.get(f"/entities.{SUFFIX}")
def entities(suffix: str | None) -> Response:
    """Entities, filtered by type, collection, relation and label; sorted by PageRank, papers
    or label."""
    return _answer("entities", suffix)


@bp.get("/papers", defaults={"suffix": None})
@bp.get(f"/papers.{SUFFIX}")
def papers(suffix: str | None) -> Response:
    """Papers, filtered by collection and title; sorted by title or collection."""
    return _answer("papers", suffix)


@bp.get("/collections", defaults={"suffix": None})
@bp.get(f"/collections.{SUFFIX}")
def collections(suffix: str | None) -> Response:
    """Collections (notes pages), with their papers; sorted by name or papers."""
    return _answer("collections", suffix)


def _answer(name: str, suffix: str | None) -> Response:
    """The list `name` in the syntax of `suffix`, else of the Accept header.

    Raises:
        BadRequest: an unknown type, relation or sort, a collection that is no IRI, or a page
            number or size out of bounds.
    """
    syntax = page_syntax(suffix, _OFFERS)
    shown = LISTS[name]
    filters, page = _read_filters(shown), _read_page(shown)
    listing = shown.lister(get_store(), filters, page)
    records = [_with_urls(asdict(row), get_urls()) for row in listing.results]
    if syntax == "json":
        response = jsonify(_json_body(shown, filters, page, listing, records))
    elif syntax == "csv":
        response = Response(_csv_body(shown, records), content_type=content_type("csv"))
    else:
        response = Response(
            render_template("browse.html", **_page_context(shown, filters, page, listing, records)),
            content_type=content_type("html"),
        )
    if suffix is None:
        response.vary.add("Accept")
    return response


# --- reading the request -------------------------------------------------------------------


def _read_filters(shown: BrowseList) -> Filters:
    """The filters of the request that `shown` takes (`type=` and `relation=` in any case;
    `collection=` a collection's slug or IRI)."""
    args = {name: request.args.get(name, "").strip() for name in shown.filters}
    return Filters(
        type=entity_type_named(args["type"]) if args.get("type") else None,
        collection=collection_iri(args["collection"]) if args.get("collection") else None,
        relation=relation_named(args["relation"]) if args.get("relation") else None,
        q=args.get("q", ""),
    )


def collection_iri(value: str) -> str:
    """The IRI `collection=` names: the slug of a collection of this server, or an IRI.

    Raises:
        BadRequest: neither.
    """
    if not is_valid_iri(value):
        raise BadRequest(f"not a collection: {value!r}")
    if value.startswith(("http://", "https://")):
        return value
    return str(get_urls().iri(f"collection/{value}"))


def collection_value(iri: str) -> str:
    """What `collection=` says for the collection `iri`: its slug, if it is one of ours."""
    urls = get_urls()
    path = urls.path(iri) if urls.is_local(iri) else ""
    return path.removeprefix("collection/") if path.startswith("collection/") else iri


def _read_page(shown: BrowseList) -> Page:
    """The page the request asks for: `sort=` (default: the list's), `order=asc|desc`
    (default: the sort's natural order), `page=` and `size=`.

    Raises:
        BadRequest: an unknown sort or order, a page or size out of bounds.
    """
    sort = request.args.get("sort") or shown.default_sort
    if sort not in shown.sorts:
        raise BadRequest(f"unknown sort {sort!r}; expected one of {', '.join(shown.sorts)}")
    order = request.args.get("order") or ("desc" if shown.sorts[sort].descending else "asc")
    if order not in ("asc", "desc"):
        raise BadRequest(f"order must be asc or desc, not {order!r}")
    return Page(sort, order == "desc", PAGE.read(), PAGE_SIZE.read())


# --- writing the answer --------------------------------------------------------------------


def _with_urls(record: dict[str, Any], urls: Urls) -> dict[str, Any]:
    """The record with the URL of its resource (`url`) and of its collection, if it has one."""
    record["url"] = urls.href(record["iri"])
    if "collection" in record:
        record["collection_url"] = urls.href(record["collection"]) if record["collection"] else None
    return record


def _link(suffix: str | None = None, **changes: object) -> str:
    """This list's URL with the request's parameters changed by `changes` (None drops one)."""
    args: dict[str, object] = request.args.to_dict()
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = value
    return url_for(request.endpoint or "", suffix=suffix, **args)


def _neighbours(
    page: Page, listing: Listing[Any], suffix: str | None = None
) -> tuple[str | None, str | None]:
    """The URLs of the previous and the next page, None where there is none."""
    previous = _link(suffix, page=page.number - 1) if page.number > 1 else None
    more = page.offset + len(listing.results) < listing.total
    return previous, _link(suffix, page=page.number + 1) if more else None


def _facet_value(name: str, facet: Facet) -> str:
    return collection_value(facet.value) if name == "collection" else facet.value


def _facets(filters: Filters, listing: Listing[Any], suffix: str | None) -> dict[str, list]:
    """Each facet's values with their counts and the URL that chooses the value (or, for the
    value chosen, drops it again); choosing goes back to page 1."""
    shown = {}
    for name, values in listing.facets.items():
        chosen = getattr(filters, name)
        shown[name] = [
            {
                **asdict(facet),
                "selected": facet.value == chosen,
                "url": _link(
                    suffix,
                    page=None,
                    **{name: None if facet.value == chosen else _facet_value(name, facet)},
                ),
            }
            for facet in values
        ]
    return shown


def _json_body(
    shown: BrowseList, filters: Filters, page: Page, listing: Listing[Any], records: list
) -> dict[str, Any]:
    previous, following = _neighbours(page, listing, "json")
    return {
        "ok": True,
        "total": listing.total,
        "page": page.number,
        "size": page.size,
        "sort": page.sort,
        "order": "desc" if page.descending else "asc",
        "filters": {name: getattr(filters, name) for name in shown.filters},
        "facets": _facets(filters, listing, "json"),
        "results": records,
        "previous": previous,
        "next": following,
    }


def _csv_body(shown: BrowseList, records: list[dict[str, Any]]) -> str:
    names = [field.name for field in fields(shown.row_type)] + ["url"]
    if "collection" in names:
        names.append("collection_url")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def _headings(shown: BrowseList, page: Page) -> list[dict[str, Any]]:
    """The table's headings: a sortable one links to its sort, or, when the list is sorted
    by it, to the other order."""
    headings = []
    for column in shown.columns:
        heading: dict[str, Any] = {"column": column, "url": None, "order": None}
        if column.sort is not None:
            if column.sort == page.sort:
                heading["order"] = "desc" if page.descending else "asc"
                flip = "asc" if page.descending else "desc"
                heading["url"] = _link(sort=column.sort, order=flip, page=None)
            else:
                heading["url"] = _link(sort=column.sort, order=None, page=None)
        headings.append(heading)
    return headings


def _chosen_label(listing: Listing[Any], name: str, value: str) -> str:
    """How the filter `name` = `value` is shown: by its facet's label (a collection's name)."""
    facets = listing.facets.get(name, [])
    return next((facet.label for facet in facets if facet.value == value), value)


def _page_context(
    shown: BrowseList, filters: Filters, page: Page, listing: Listing[Any], records: list
) -> dict[str, Any]:
    previous, following = _neighbours(page, listing)
    chosen = [
        (name, _chosen_label(listing, name, value), _link(**{name: None, "page": None}))
        for name in shown.filters
        if name != "q" and (value := getattr(filters, name))
    ]
    return {
        "title": shown.title,
        "placeholder": shown.placeholder,
        "q": filters.q,
        "kept": [(k, v) for k, v in request.args.items() if k not in ("q", "page")],
        "chosen": chosen,
        "facets": _facets(filters, listing, None),
        "headings": _headings(shown, page),
        "rows": records,
        "total": listing.total,
        "page": page,
        "pages": max(1, -(-listing.total // page.size)),
        "previous": previous,
        "next": following,
        "sizes": [(size, _link(size=size, page=None)) for size in (25, 50, 100, 500)],
        "json_url": _link("json"),
        "csv_url": _link("csv"),
    }
