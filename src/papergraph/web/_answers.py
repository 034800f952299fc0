"""Queries from the web pages, run in a query worker under the service's limits, and their
answers shown: the query page (`/sparql`) and the canned-query pages (`/queries/NAME`) share
them, so both bind parameters, cut answers and say so the same way."""

from __future__ import annotations

import json

from flask import Response, current_app, request
from rdflib import URIRef

from papergraph.errors import BadRequest, NotFound
from papergraph.queries import StoredQuery, bind_params, load_stored_queries
from papergraph.rdf.namespaces import PREFIXES
from papergraph.store import QueryOptions, QueryOutcome
from papergraph.web import _querypool
from papergraph.web._urls import absolute_url, get_urls
from papergraph.web.store import get_build

__all__ = [
    "answer_table",
    "bind_request_values",
    "get_stored_query",
    "mark_cut",
    "query_options",
    "run_job",
    "answer_query",
]


def get_stored_query(name: str) -> StoredQuery:
    """The canned query called `name`.

    Raises:
        NotFound: no canned query has that name (the message lists those there are).
    """
    canned = load_stored_queries()
    if name not in canned:
        raise NotFound(f"no canned query {name!r}; there are {', '.join(canned)}")
    return canned[name]


def bind_request_values(query: StoredQuery, *, offset: int = 0) -> str:
    """The text of `query` with the parameters the request gives (`?label=Llama`) bound, the
    others at their defaults, cut to its page from `offset`.

    Raises:
        BadRequest: a parameter value the query cannot take.
    """
    values = {param: request.args[param] for param in query.params if param in request.args}
    try:
        return bind_params(query, values, offset=offset)
    except ValueError as error:
        raise BadRequest(str(error)) from error


def query_options(
    syntaxes: dict[str, str | None],
    *,
    default_graph_uris: list[str] | None = None,
    named_graph_uris: list[str] | None = None,
) -> QueryOptions:
    """How a query from the web runs: answers in `syntaxes`, cut at the configured row and
    byte limits, the papergraph prefixes predeclared."""
    return QueryOptions(
        syntaxes=syntaxes,
        max_rows=int(current_app.config.get("MAX_RESULT_ROWS") or 0),
        max_bytes=int(current_app.config.get("MAX_RESULT_BYTES") or 0),
        base_iri=absolute_url("sparql.endpoint"),
        default_graph_uris=default_graph_uris,
        named_graph_uris=named_graph_uris,
        prefixes={prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
    )


def run_job(job: dict) -> object:
    """The query worker's answer to `job` (see `papergraph.store.worker`): the text is parsed,
    checked and evaluated there, within the query's time and memory limits."""
    timeout = float(current_app.config.get("QUERY_TIMEOUT") or 0)
    return _querypool.get_pool(current_app).run(job, timeout, client=request.remote_addr or "")


def answer_query(text: str, options: QueryOptions) -> QueryOutcome | str:
    """The answer to the query `text` over the served build, or the kind of answer (a str)
    when `options` gives no syntax for it.

    Raises:
        BadRequest: a syntax error (the parser's message) or a SERVICE clause.
        QueryTimeout, WorkersBusy: the query ran out of time, or no worker is free (503).
    """
    job = {"kind": "query", "build": get_build().version.target, "text": text, "options": options}
    answer = run_job(job)
    assert isinstance(answer, QueryOutcome | str)
    return answer


def mark_cut(response: Response, answer: QueryOutcome, options: QueryOptions) -> None:
    """Say in `response`'s headers whether the answer was cut, and at which limit."""
    if answer.cut_at == "rows":
        response.headers["X-Papergraph-Truncated"] = "true"
        response.headers["X-Papergraph-Row-Limit"] = str(options.max_rows)
    elif answer.cut_at == "bytes":
        response.headers["X-Papergraph-Truncated"] = "true"
        response.headers["X-Papergraph-Byte-Limit"] = str(options.max_bytes)


def answer_table(answer: QueryOutcome) -> dict[str, object]:
    """The answer (SPARQL JSON, or Turtle for graphs) prepared for a page's table: its
    variables, rows of cells ({text, href}, None where unbound) and, if it was cut, why."""
    if answer.kind == "graph":
        return {"kind": "graph", "turtle": answer.body.decode("utf-8")}
    data = json.loads(answer.body)
    if answer.kind == "boolean":
        return {"kind": "boolean", "boolean": data.get("boolean")}
    urls = get_urls()
    names = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for name in names:
            term = binding.get(name)
            if term is None:
                row.append(None)
            elif term["type"] == "uri":
                row.append({"text": term["value"], "href": urls.href(URIRef(term["value"]))})
            else:
                row.append({"text": term["value"], "href": None})
        rows.append(row)
    cut = None
    if answer.cut_at == "rows":
        cut = f"the first {len(rows):,} rows: the server answers at most that many"
    elif answer.cut_at == "bytes":
        cut = f"the first {len(rows):,} rows: the whole answer is larger than the server sends"
    return {"kind": "solutions", "vars": names, "rows": rows, "cut": cut}
