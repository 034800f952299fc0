"""`/queries` and `/queries/NAME`: the canned queries of `queries/` as pages, after Datasette's
canned queries: each with its description, a form for its parameters (their defaults filled
in) and its answer as a table; the answer as JSON or CSV by a `.json` / `.csv` suffix or by
Accept, the parameters in the query string (`/queries/papers-using-entity.json?label=Llama`).

A canned query runs as any query at /sparql does: in a query worker, under the service's time,
row and byte limits; an answer cut at a limit says so in the page and in the headers."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from rdflib import Literal, URIRef

from papergraph.queries import StoredQuery, load_stored_queries
from papergraph.store import QueryOutcome
from papergraph.web._answers import (
    answer_query,
    answer_table,
    bind_request_values,
    get_stored_query,
    mark_cut,
    query_options,
)
from papergraph.web._negotiation import HTML, content_type, page_syntax
from papergraph.web._parameters import PAGE

__all__ = ["bp"]

bp = Blueprint("canned", __name__)

_OFFERS = {HTML: "html", "application/json": "json", "text/csv": "csv"}
_LIST_OFFERS = {HTML: "html", "application/json": "json"}
# The syntax the worker writes each kind of answer in, for each syntax of the page.
_WORKER_SYNTAXES = {
    "html": {"solutions": "json", "boolean": "json", "graph": "turtle"},
    "json": {"solutions": "json", "boolean": "json", "graph": "jsonld"},
    "csv": {"solutions": "csv", "boolean": "csv", "graph": "turtle"},
}


def _describe(name: str, query: StoredQuery) -> dict[str, Any]:
    """A canned query as the list shows it."""
    return {
        "name": name,
        "title": query.title,
        "description": query.description,
        "params": query.params,
        "page": query.page,
        "url": url_for("canned.show", name=name),
    }


@bp.get("/queries", defaults={"suffix": None})
@bp.get("/queries.<any(json):suffix>")
def listing(suffix: str | None) -> Response:
    """The canned queries: title, description, parameters and their defaults."""
    queries = [_describe(name, query) for name, query in load_stored_queries().items()]
    if page_syntax(suffix, _LIST_OFFERS) == "json":
        response = jsonify(ok=True, results=queries)
    else:
        page = render_template("queries.html", queries=queries)
        response = Response(page, content_type=content_type("html"))
    if suffix is None:
        response.vary.add("Accept")
    return response


@bp.get("/queries/<name>", defaults={"suffix": None})
@bp.get("/queries/<name>.<any(json, csv):suffix>")
def show(name: str, suffix: str | None) -> Response:
    """The canned query `name` run with the request's parameters: a form and the answer.

    Raises:
        NotFound: no canned query has that name.
        BadRequest: a parameter value the query cannot take, a page out of bounds.
    """
    query = get_stored_query(name)
    syntax = page_syntax(suffix, _OFFERS)
    number = PAGE.read() if query.page else 1
    text = bind_request_values(query, offset=(number - 1) * (query.page or 0))
    options = query_options(dict(_WORKER_SYNTAXES[syntax]))
    answer = answer_query(text, options)
    assert isinstance(answer, QueryOutcome)  # every kind has a syntax
    values = {param: request.args.get(param, default) for param, default in query.params.items()}
    if syntax == "html":
        response = _page(name, query, text, answer, values, number)
    elif syntax == "json" and answer.kind == "solutions":
        response = jsonify(_json_body(name, query, answer, values, number))
    else:
        response = Response(answer.body, content_type=content_type(answer.syntax))
    if suffix is None:
        response.vary.add("Accept")
    mark_cut(response, answer, options)
    return response


def _neighbours(
    name: str, query: StoredQuery, values: dict[str, str], number: int, rows: int, **extra: str
) -> tuple[str | None, str | None]:
    """The URLs of the previous and the next page of a paged query's answer (None: none)."""
    if not query.page:
        return None, None
    previous = (
        url_for("canned.show", name=name, page=number - 1, **values, **extra)
        if number > 1
        else None
    )
    following = (
        url_for("canned.show", name=name, page=number + 1, **values, **extra)
        if rows == query.page
        else None
    )
    return previous, following


def _plain(term: dict[str, Any] | None) -> object:
    """A term of a SPARQL JSON answer as a plain value: numbers and booleans as such, IRIs and
    other literals as their text, None for unbound."""
    if term is None:
        return None
    if term["type"] == "literal" and "datatype" in term:
        value = Literal(term["value"], datatype=URIRef(term["datatype"])).toPython()
        if isinstance(value, bool | int | float):
            return value
        if isinstance(value, Decimal):
            return float(value)
    return term["value"]


def _json_body(
    name: str, query: StoredQuery, answer: QueryOutcome, values: dict[str, str], number: int
) -> dict[str, Any]:
    data = json.loads(answer.body)
    columns = data["head"]["vars"]
    results = [
        {column: _plain(binding.get(column)) for column in columns}
        for binding in data["results"]["bindings"]
    ]
    previous, following = _neighbours(name, query, values, number, len(results), suffix="json")
    return {
        "ok": True,
        "name": name,
        "title": query.title,
        "params": values,
        "page": number if query.page else None,
        "columns": columns,
        "results": results,
        "truncated": answer.truncated,
        "previous": previous,
        "next": following,
    }


def _page(
    name: str,
    query: StoredQuery,
    text: str,
    answer: QueryOutcome,
    values: dict[str, str],
    number: int,
) -> Response:
    results = answer_table(answer)
    rows = len(results.get("rows", []))  # type: ignore[arg-type]
    previous, following = _neighbours(name, query, values, number, rows)
    here = {**values, **({"page": number} if number > 1 else {})}
    page = render_template(
        "canned.html",
        name=name,
        query=query,
        text=text,
        values=values,
        results=results,
        page=number,
        previous=previous,
        next=following,
        json_url=url_for("canned.show", name=name, suffix="json", **here),
        csv_url=url_for("canned.show", name=name, suffix="csv", **here),
        editor_url=url_for("sparql.endpoint", name=name, **values),
    )
    return Response(page, content_type=content_type("html"))
