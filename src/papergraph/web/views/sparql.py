"""`/sparql`: the SPARQL 1.1 Protocol (query and update), the query page and the service
description.

Strict where rdflib-endpoint is loose: default-graph-uri / named-graph-uri are honoured (a graph
not in the store is empty, never fetched), Accept is negotiated with q-values, CONSTRUCT answers
carry an RDF media type, and malformed requests get the protocol's 400 / 405 / 406 / 415.
Errors keep the protocol's plain-text bodies (see `_errors`).

Limits and outbound requests:

- Every query and update runs in a worker process (`_querypool`): stopped after QUERY_TIMEOUT
  seconds, its memory capped at QUERY_MEMORY, admitted only while a worker or a queue place is
  free (else 503 with Retry-After). SELECT answers stop at MAX_RESULT_ROWS solutions and every
  answer at MAX_RESULT_BYTES; a cut answer carries `X-Papergraph-Truncated: true` and the
  limits it hit.
- The endpoint never makes an outbound request. The worker refuses, with 400, a request whose
  parse tree has SERVICE (also SILENT) or LOAD, and evaluates the embedded store without
  network access, whatever the spelling. FROM / FROM NAMED and
  default-graph-uri / named-graph-uri name graphs *of the store*: an IRI that is not a graph
  of the store is an empty graph (the answer is empty, never fetched), as the SPARQL protocol
  lets a service choose.
- Updates are refused (403) unless UPDATE_TOKEN is set; the bearer token is compared in
  constant time and never logged. A server over a remote SPARQL store answers them
  501: they go to the store itself, or through `papergraph build` / `load`.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from flask import Blueprint, Response, abort, current_app, g, render_template, request
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from papergraph.errors import (
    BadRequest,
    PapergraphError,
    RemoteUpdate,
    UnsupportedMediaType,
)
from papergraph.queries import load_stored_queries
from papergraph.rdf.namespaces import PREFIXES, RDF
from papergraph.store import QueryOutcome, capabilities
from papergraph.web import _querypool
from papergraph.web._answers import (
    answer_query,
    answer_table,
    bind_request_values,
    get_stored_query,
    mark_cut,
    query_options,
    run_job,
)
from papergraph.web._negotiation import (
    GRAPH_OFFERS,
    HTML,
    RESULT_OFFERS,
    content_type,
    negotiate,
    serialize_graph,
    syntax_for_format,
)
from papergraph.web._stats import graph_counts, triple_count
from papergraph.web._urls import absolute_url, get_urls
from papergraph.web.store import get_build, get_location

__all__ = ["bp"]

logger = logging.getLogger(__name__)

bp = Blueprint("sparql", __name__)
bp.record_once(lambda state: _querypool.init_app(state.app))

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

_QUERY_TYPE = "application/sparql-query"
_UPDATE_TYPE = "application/sparql-update"
_FORM_TYPE = "application/x-www-form-urlencoded"
_DEFAULT_QUERY = "SELECT ?paper ?title WHERE {\n  ?paper a pg:Paper ; dcterms:title ?title .\n}"
_DEFAULT_QUERY += "\nORDER BY ?title\nLIMIT 25"


@dataclass
class Operation:
    """What a protocol request asks for, read off its method, media type and parameters."""

    query: str | None = None
    update: str | None = None
    params: MultiDict = field(default_factory=MultiDict)

    def uris(self, name: str) -> list[str]:
        return [value for value in self.params.getlist(name) if value]


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a SPARQL query or update; a bare GET gets the query page or service description."""
    operation = read_operation()
    if operation.update is not None:
        return run_update(operation)
    if operation.query is not None:
        return run_query(operation)
    return describe_service(operation)


def _decode(raw: bytes, what: str) -> str:
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise BadRequest(f"the {what} must be encoded in UTF-8, not {charset}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the {what} is not valid UTF-8: {error}") from error


def _parse_params(raw: str, what: str) -> MultiDict:
    """URL-encoded parameters, strictly: bytes that are not UTF-8 are a 400, not U+FFFD."""
    try:
        return MultiDict(parse_qsl(raw, keep_blank_values=True, errors="strict"))
    except UnicodeDecodeError as error:
        raise BadRequest(f"the {what} is not valid UTF-8: {error}") from error


def read_operation() -> Operation:
    """The request as a protocol operation.

    Raises:
        BadRequest: non-UTF-8 text, more than one query or update, both, or an update by GET.
        UnsupportedMediaType: a POST whose body is not a form, a query or an update.
    """
    params = _parse_params(request.query_string.decode("latin-1"), "query string")
    texts: dict[str, list[str]] = {"query": [], "update": []}
    if request.method == "POST":
        mimetype = request.mimetype
        if mimetype == _FORM_TYPE:
            body = _parse_params(_decode(request.get_data(), "form"), "form")
            for key, value in body.items(multi=True):
                params.add(key, value)
        elif mimetype == _QUERY_TYPE:
            texts["query"].append(_decode(request.get_data(), "query"))
        elif mimetype == _UPDATE_TYPE:
            texts["update"].append(_decode(request.get_data(), "update"))
        else:
            shown = request.content_type or "no Content-Type"
            raise UnsupportedMediaType(
                f"cannot POST {shown} to the SPARQL endpoint: send {_FORM_TYPE}, "
                f"{_QUERY_TYPE} or {_UPDATE_TYPE}"
            )
    texts["query"] += params.getlist("query")
    texts["update"] += params.getlist("update")
    if texts["query"] and texts["update"]:
        raise BadRequest("a request may carry a query or an update, not both")
    for kind, found in texts.items():
        if len(found) > 1:
            raise BadRequest(f"a request may carry one {kind}, this one has {len(found)}")
    if texts["update"] and request.method == "GET":
        raise BadRequest("SPARQL updates must be sent by POST")
    if request.method == "POST" and not (texts["query"] or texts["update"]):
        raise BadRequest("the request has no 'query' or 'update' parameter")
    return Operation(
        query=texts["query"][0] if texts["query"] else None,
        update=texts["update"][0] if texts["update"] else None,
        params=params,
    )


def _requested_syntax(kind: str) -> str:
    """The syntax to answer in: `format=` if given, else the Accept header.

    Aborts 406 when nothing acceptable can be produced; raises BadRequest for an unknown format.
    """
    offers = dict(GRAPH_OFFERS if kind == "graph" else RESULT_OFFERS)
    offers[HTML] = "html"
    wanted = request.values.get("format")
    if wanted:
        syntax = syntax_for_format(wanted, graph=kind == "graph")
        if syntax is None:
            raise BadRequest(f"unknown format {wanted!r}")
        if syntax not in offers.values():
            abort(406, f"a {kind} answer cannot be given as {wanted!r}")
        return syntax
    syntax = negotiate(offers)
    if syntax is None:
        acceptable = ", ".join(media_type for media_type in offers if media_type != HTML)
        abort(406, f"no acceptable representation; this answer is available as {acceptable}")
    return syntax


def _syntaxes() -> tuple[dict[str, str | None], set[str], dict[str, Exception]]:
    """What the worker needs before the kind of answer is known: the syntax to write each kind
    in (None: none acceptable), the kinds the client wants as the HTML page (rendered from SPARQL
    JSON or Turtle), and the refusal (406, or 400 for an unknown format) for kinds without one."""
    syntaxes: dict[str, str | None] = {}
    html_kinds: set[str] = set()
    refusals: dict[str, Exception] = {}
    for kind, page_source in (("solutions", "json"), ("graph", "turtle")):
        try:
            wanted = _requested_syntax(kind)
        except (HTTPException, BadRequest) as refusal:
            syntaxes[kind], refusals[kind] = None, refusal
            continue
        if wanted == "html":
            html_kinds.add(kind)
            wanted = page_source
        syntaxes[kind] = wanted
    syntaxes["boolean"] = syntaxes["solutions"]
    if "solutions" in html_kinds:
        html_kinds.add("boolean")
    if "solutions" in refusals:
        refusals["boolean"] = refusals["solutions"]
    return syntaxes, html_kinds, refusals


def run_query(operation: Operation) -> Response:
    """Evaluate the query in a query worker and answer in the negotiated syntax.

    Raises:
        BadRequest: a syntax error (the parser's message) or a SERVICE clause.
        QueryTimeout, WorkersBusy: the query ran out of time (503).
    """
    text = operation.query or ""
    syntaxes, html_kinds, refusals = _syntaxes()
    options = query_options(
        syntaxes,
        default_graph_uris=operation.uris("default-graph-uri"),
        named_graph_uris=operation.uris("named-graph-uri"),
    )
    try:
        answer = answer_query(text, options)
    except BadRequest as error:
        if request.values.get("format") == "html":
            return _query_page(text, error=str(error), status=400)
        raise
    if isinstance(answer, str):  # the kind of answer, for which no syntax is acceptable
        raise refusals[answer]
    if answer.kind in html_kinds:
        response = _query_page(text, answer=answer)
    else:
        response = Response(answer.body, content_type=content_type(answer.syntax))
        response.vary.add("Accept")
    mark_cut(response, answer, options)
    return response


def _authorise_update() -> None:
    """Let the update through only with the configured bearer token.

    Aborts 403 when updates are disabled (no token configured) and 401 (with
    `WWW-Authenticate: Bearer`) when the request has no or a wrong token. The token is
    compared in constant time and never logged.
    """
    token = current_app.config.get("UPDATE_TOKEN")
    if not token:
        abort(403, "SPARQL Update is disabled on this server (no update token is configured)")
    auth = request.authorization
    given = auth.token if auth is not None and auth.type == "bearer" else None
    if given is None:
        challenge = 'Bearer realm="papergraph"'
        abort(Response(status=401, headers={"WWW-Authenticate": challenge}))
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        challenge = 'Bearer realm="papergraph", error="invalid_token"'
        abort(Response(status=401, headers={"WWW-Authenticate": challenge}))


def run_update(operation: Operation) -> Response:
    """Apply the update to a copy of the current build and switch to it (204).

    The update runs in a query worker, like a query (and so without network access).

    Raises:
        BadRequest: syntax error, LOAD, or USING / WITH together with using-graph-uri.
    """
    g.no_cors = True
    _authorise_update()
    location = get_location()
    if not capabilities(location).applies_updates:
        raise RemoteUpdate(
            f"this server reads a remote SPARQL store: send updates to {location.update_url}, "
            "or rebuild with `papergraph build` / `papergraph load`"
        )
    job = {
        "kind": "update",
        "store": location,
        "text": operation.update or "",
        "using": operation.uris("using-graph-uri"),
        "using_named": operation.uris("using-named-graph-uri"),
        "base_iri": absolute_url("sparql.endpoint"),
    }
    build = run_job(job)
    logger.info("SPARQL update applied: new build %s", build.name)
    return Response(status=204)


def _service_description(endpoint_url: str) -> Graph:
    build = get_build()
    graph = Graph()
    for prefix, namespace in {**PREFIXES, "sd": SD, "void": VOID, "formats": FORMATS}.items():
        graph.bind(prefix, namespace, override=True)
    service = URIRef(endpoint_url)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if current_app.config.get("UPDATE_TOKEN") and capabilities(get_location()).applies_updates:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "JSON-LD",
        "N-Triples",
        "RDF_XML",
    ):
        graph.add((service, SD.resultFormat, FORMATS[name]))
    dataset, default_graph = BNode(), BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((default_graph, VOID.triples, Literal(triple_count(build))))
    for name, count in graph_counts(build).items():
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(count)))
    return graph


def _canned_text(name: str | None) -> str:
    """The text the query page opens with: the canned query `name` with the parameters the
    request gives (`?name=papers-using-entity&label=Llama`), else a default query.

    Raises:
        NotFound: no canned query has that name.
        BadRequest: a parameter value the query cannot take.
    """
    if not name:
        return _DEFAULT_QUERY
    return bind_request_values(get_stored_query(name))


def describe_service(operation: Operation) -> Response:
    """A bare GET: the query page for a browser, the service description for an RDF client."""
    syntax = _requested_syntax("graph")
    if syntax == "html":
        return _query_page(_canned_text(operation.params.get("name")))
    graph = _service_description(absolute_url("sparql.endpoint"))
    body = serialize_graph(graph, syntax)
    response = Response(body, content_type=content_type(syntax))
    response.vary.add("Accept")
    return response


def _query_page(
    text: str,
    *,
    answer: QueryOutcome | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    try:
        results = answer_table(answer) if answer is not None else None
    except PapergraphError as failure:  # evaluation errors surface while serialising
        results, error, status = None, str(failure), 500
    page = render_template(
        "query.html",
        query=text,
        queries=load_stored_queries(),
        results=results,
        error=error,
        prefixes=PREFIXES,  # for the editor (query.js): predeclared prefixes, links to /id/
        resource_base=get_urls().base,
    )
    response = Response(page, status=status, content_type=content_type("html"))
    response.vary.add("Accept")
    return response
