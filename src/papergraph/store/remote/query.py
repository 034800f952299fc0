"""Queries on a remote SPARQL store: what papergraph sends, and how it reads the answers back
Both the rdflib Dataset (`store.remote.dataset`) and the web service's query workers
(`evaluate_remote_query`) go through `fetch_answer`.

Before a query leaves, pyoxigraph parses it (on an empty in-memory store): a syntax error is
the same 400 as on the embedded store, the kind of answer is known (so the right media type
can be asked for), and only standard SPARQL 1.1 is forwarded, never a store's own extensions
(Virtuoso's `DEFINE get:soft "replace"` would make it fetch URLs).

Answers are read back as SPARQL JSON (solutions, booleans) or N-Triples (graphs). Where a
store writes them in a form of its own, `standard_results` turns it into the standard one;
each case is Virtuoso 7's representation of the same answer, not a different answer:

- literals typed as `"type": "typed-literal"` (SPARQL 1.0-era JSON): read as `"literal"`;
- blank nodes labelled `nodeID://b10000`: read as `b10000` (labels are only local names);
- `"x"^^xsd:string`: read as the simple literal "x" (one literal in RDF 1.1);
- ASK answered with a one-row table (`?__ASK_RETVAL` = 1 or 0): read as the boolean.

Two differences are not undone, because the information is not in the answer: Virtuoso writes
xsd:double values with 6 significant digits (`0.00273973` for 0.0027397260273972594; `STR(?x)`
shows 16, which is what exports take), and comparisons such as `(?a = ?b AS ?same)` come back
as xsd:integer 1 / 0 instead of xsd:boolean.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import pyoxigraph

from papergraph.errors import BadRequest, StoreError
from papergraph.rdf.namespaces import PREFIXES
from papergraph.store.answers import QueryOptions, QueryOutcome, serialise_answer
from papergraph.store.remote import RemoteBuild, read_consistently
from papergraph.store.remote.http import RemoteClient
from papergraph.store.sparqltext import select_star_order

__all__ = [
    "EMPTY_GRAPH",
    "Answer",
    "cut_answer_error",
    "evaluate_remote_query",
    "fetch_answer",
    "query_kind",
    "standard_results",
    "with_prologue",
]

EMPTY_GRAPH = "urn:x-papergraph:empty"  # a graph that never holds a triple

_ACCEPT = {
    "solutions": "application/sparql-results+json",
    "boolean": "application/sparql-results+json",
    "graph": "application/n-triples",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LEADING_BASE = re.compile(r"\A(?:\s|#[^\n]*\n)*BASE\s*<[^>]*>", re.IGNORECASE)


class Answer:
    """An answer as the store sent it: its kind, the body in standard SPARQL JSON (solutions,
    boolean) or N-Triples (graph), and whether the store cut it at a row limit of its own."""

    def __init__(self, kind: str, body: bytes, *, cut: bool = False) -> None:
        self.kind, self.body, self.cut = kind, body, cut


def cut_answer_error(client: RemoteClient, what: str) -> StoreError:
    """The error for an answer the store cut at a row limit of its own (silently but for a
    header, on Virtuoso), where papergraph needs the whole answer."""
    return StoreError(
        f"the SPARQL store at {client.store.query_url} cut {what} at its own row limit; raise "
        "it (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)"
    )


def query_kind(
    text: str, *, base_iri: str | None = None, prefixes: Mapping[str, str] | None = None
) -> str:
    """ "solutions", "boolean" or "graph": the kind of answer the query `text` asks for.

    Raises:
        BadRequest: `text` is not a SPARQL 1.1 query (pyoxigraph's message).
    """
    try:
        result = pyoxigraph.Store().query(text, base_iri=base_iri, prefixes=dict(prefixes or {}))
    except (SyntaxError, ValueError) as error:
        raise BadRequest(str(error)) from error
    if isinstance(result, pyoxigraph.QueryBoolean):
        return "boolean"
    return "graph" if isinstance(result, pyoxigraph.QueryTriples) else "solutions"


def with_prologue(text: str, *, base_iri: str | None, prefixes: Mapping[str, str]) -> str:
    """`text` with the predeclared `prefixes` and `base_iri` written out, for a store that
    does not know them. The query's own declarations come later and win; its own leading
    BASE stays first (Virtuoso accepts BASE only there)."""
    declarations = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in prefixes.items())
    if match := _LEADING_BASE.match(text):
        return f"{text[: match.end()]}\n{declarations}{text[match.end() :]}"
    base = f"BASE <{base_iri}>\n" if base_iri else ""
    return base + declarations + text


def _standard_term(term: dict) -> dict:
    kind, value = term.get("type"), term.get("value", "")
    if kind == "bnode":
        return {"type": "bnode", "value": value.removeprefix("nodeID://")}
    if kind in ("literal", "typed-literal"):
        shown = {"type": "literal", "value": value}
        if "xml:lang" in term:
            shown["xml:lang"] = term["xml:lang"]
        elif term.get("datatype", _XSD_STRING) != _XSD_STRING:
            shown["datatype"] = term["datatype"]
        return shown
    return term


def standard_results(data: dict, kind: str) -> dict:
    """Solutions or a boolean in standard SPARQL 1.1 JSON (see the module docstring)."""
    if kind == "boolean":
        if isinstance(data.get("boolean"), bool):
            return {"head": {}, "boolean": data["boolean"]}
        rows = data.get("results", {}).get("bindings", [])
        values = [term.get("value") for row in rows for term in row.values()]
        return {"head": {}, "boolean": any(v not in ("0", "false") for v in values)}
    bindings = [
        {name: _standard_term(term) for name, term in row.items()}
        for row in data["results"]["bindings"]
    ]
    return {"head": {"vars": data["head"]["vars"]}, "results": {"bindings": bindings}}


def fetch_answer(
    client: RemoteClient,
    text: str,
    kind: str,
    *,
    default_graphs: list[str] | None,
    named_graphs: list[str] | None,
) -> Answer:
    """Send the query `text` (whose answer is of `kind`) with the given dataset: None leaves
    the dataset to the query's FROM clauses and the store.

    Raises:
        BadRequest: the store rejected the query.
        StoreError: the store failed, or answered in a form that cannot be read.
    """
    url = client.store.query_url
    params = {}
    if default_graphs is not None:
        params["default-graph-uri"] = default_graphs
    if named_graphs is not None:
        params["named-graph-uri"] = named_graphs
    response = client.request(
        "POST",
        url,
        what="the query",
        data={"query": text, **params},
        headers={"Accept": _ACCEPT[kind]},
    )
    if kind == "graph":
        return Answer(kind, response.content)
    try:
        data = standard_results(response.json(), kind)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        media_type = response.headers.get("Content-Type", "no Content-Type")
        raise StoreError(
            f"the SPARQL store at {url} answered the query with {media_type}, "
            "not SPARQL JSON results that can be read"
        ) from error
    # Virtuoso cuts SELECT answers at its ResultSetMaxRows and says so in this header only.
    limit = response.headers.get("X-SPARQL-MaxRows")
    rows = len(data.get("results", {}).get("bindings", []))
    cut = limit is not None and limit.isdigit() and rows >= int(limit)
    return Answer(kind, json.dumps(data).encode("utf-8"), cut=cut)


def _dataset(
    build: RemoteBuild, options: QueryOptions
) -> tuple[list[str] | None, list[str] | None]:
    """The protocol's default-graph-uri / named-graph-uri for a query, as `evaluate_query` reads
    its options on the embedded store: the build's graphs stand for "every graph"."""
    graphs = list(build.graphs)
    if options.default_graph_uris or options.named_graph_uris:
        # Named graphs alone: the default graph is empty (a graph that holds nothing).
        return options.default_graph_uris or [EMPTY_GRAPH], options.named_graph_uris or graphs
    if options.union_default_graph:
        return graphs, graphs
    return None, None


def evaluate_remote_query(
    client: RemoteClient, build: RemoteBuild, text: str, options: QueryOptions
) -> QueryOutcome | str:
    """`papergraph.store.evaluate_query` for a remote store: the same options, the same
    answer. `build` is the build the request serves (read before the query, see
    `read_consistently`). A SELECT the store itself cut at its own row limit is marked
    truncated.

    Raises:
        BadRequest: a syntax error, or the store rejected the query.
        StoreError: the store cannot be read.
    """
    base_iri = options.base_iri
    prefixes = options.prefixes or {prefix: str(iri) for prefix, iri in PREFIXES.items()}
    kind = query_kind(text, base_iri=base_iri, prefixes=prefixes)
    if options.syntaxes.get(kind) is None:
        return kind
    full_text = with_prologue(text, base_iri=base_iri, prefixes=prefixes)

    def read(build: RemoteBuild) -> Answer:
        default, named = _dataset(build, options)
        return fetch_answer(client, full_text, kind, default_graphs=default, named_graphs=named)

    answer, _ = read_consistently(client, read, build=build)
    try:
        if kind == "graph":
            quads = pyoxigraph.parse(answer.body, format=pyoxigraph.RdfFormat.N_TRIPLES)
            result: object = [quad.triple for quad in quads]
        else:
            result = pyoxigraph.parse_query_results(
                answer.body, format=pyoxigraph.QueryResultsFormat.JSON
            )
    except (SyntaxError, ValueError) as error:
        raise StoreError(
            f"the SPARQL store at {client.store.query_url} sent an answer that cannot be "
            f"read: {error}"
        ) from error
    outcome = serialise_answer(result, kind, options, order=select_star_order(text))
    if isinstance(outcome, QueryOutcome) and answer.cut and not outcome.truncated:
        outcome.cut_at = "rows"
    return outcome
