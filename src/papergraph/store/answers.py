"""SPARQL answers as the web service sends them: the syntaxes, the query options (graphs,
base IRI, prefixes, row and byte limits), evaluation on an embedded build, and serialisation,
cut at the limits. Remote stores serialise their answers here too."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph

from papergraph.errors import BadRequest, PapergraphError, StoreError
from papergraph.rdf.namespaces import PREFIXES
from papergraph.store.sparqltext import select_star_order

__all__ = [
    "GRAPH_SYNTAXES",
    "QUAD_SYNTAXES",
    "RESULT_SYNTAXES",
    "QueryOptions",
    "QueryOutcome",
    "SparqlAnswer",
    "evaluate_query",
    "serialise_answer",
]

RESULT_SYNTAXES: dict[str, pyoxigraph.QueryResultsFormat] = {
    "json": pyoxigraph.QueryResultsFormat.JSON,
    "xml": pyoxigraph.QueryResultsFormat.XML,
    "csv": pyoxigraph.QueryResultsFormat.CSV,
    "tsv": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_SYNTAXES: dict[str, pyoxigraph.RdfFormat] = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "n3": pyoxigraph.RdfFormat.TURTLE,  # Turtle is N3 (for clients that ask for N3 by name)
}
QUAD_SYNTAXES = {"nquads", "trig"}


@contextmanager
def _evaluation_errors(on_os_error: type[PapergraphError], what: str) -> Iterator[None]:
    """Oxigraph's failures while it evaluates a query (lazily, as the answer is written) as
    papergraph's errors: an evaluation error is the query's own (400); an OSError is
    `on_os_error`; a PermissionError passes, as it is a network access refused in a query
    worker (papergraph.sandbox)."""
    try:
        yield
    except PermissionError:
        raise
    except RuntimeError as error:
        raise BadRequest(f"the query could not be evaluated: {error}") from error
    except OSError as error:
        raise on_os_error(f"{what}: {error}") from error


class SparqlAnswer:
    """The answer to a query (see `evaluate_query`), evaluated lazily when serialised.

    `kind` is "solutions" (SELECT), "boolean" (ASK) or "graph" (CONSTRUCT / DESCRIBE); it is
    read off pyoxigraph's result unless given (a graph read back from a remote store is a
    plain list of triples).
    """

    def __init__(self, result: object, kind: str | None = None) -> None:
        self._result = result
        if kind is not None:
            self.kind = kind
        elif isinstance(result, pyoxigraph.QueryBoolean):
            self.kind = "boolean"
        elif isinstance(result, pyoxigraph.QueryTriples):
            self.kind = "graph"
        else:
            self.kind = "solutions"

    def serialize(self, syntax: str) -> bytes:
        """The whole answer in `syntax`: a key of RESULT_SYNTAXES for solutions and booleans,
        of GRAPH_SYNTAXES (triple syntaxes) for graphs.

        Raises:
            ValueError: `syntax` does not fit the answer's kind.
            PapergraphError: the query failed while it was evaluated (status 500).
        """
        with _evaluation_errors(PapergraphError, "the query failed"):
            if self.kind == "graph":
                if syntax not in GRAPH_SYNTAXES or syntax in QUAD_SYNTAXES:
                    raise ValueError(f"a graph cannot be written as {syntax!r}")
                return pyoxigraph.serialize(
                    self._result, format=GRAPH_SYNTAXES[syntax], prefixes=PREFIXES
                )
            if syntax not in RESULT_SYNTAXES:
                raise ValueError(f"query results cannot be written as {syntax!r}")
            return self._result.serialize(format=RESULT_SYNTAXES[syntax])


class QueryOutcome:
    """A query answer, fully serialised: `kind` ("solutions", "boolean" or "graph"), `syntax`
    (the key of RESULT_SYNTAXES / GRAPH_SYNTAXES it is written in), `body`, and the limit the
    answer was cut at, if any (`cut_at`: "rows" or "bytes")."""

    def __init__(self, kind: str, syntax: str, body: bytes, *, cut_at: str | None = None) -> None:
        self.kind, self.syntax, self.body, self.cut_at = kind, syntax, body, cut_at

    @property
    def truncated(self) -> bool:
        return self.cut_at is not None


def _term_json(term: object) -> dict[str, object]:
    """One RDF term in the SPARQL 1.1 JSON results shape."""
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        shown: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            shown["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            shown["datatype"] = term.datatype.value
        return shown
    if isinstance(term, pyoxigraph.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: _term_json(getattr(term, p)) for p in parts}}
    raise ValueError(f"unexpected term {term!r}")


def _within(items: list, write: Callable[[list], bytes], max_bytes: int) -> tuple[bytes, bool]:
    """`write(items)`, the items cut from the end until it is at most `max_bytes` long (0: no
    limit), and whether any were cut. The callers' running estimates keep this to a pass or
    two: it only corrects for syntaxes longer than the estimate."""
    body, cut = write(items), False
    while max_bytes and len(body) > max_bytes and items:
        keep = min(len(items) - 1, int(len(items) * max_bytes / len(body) * 0.95))
        items, cut = items[:keep], True
        body = write(items)
    return body, cut


def _in_order(names: list[str], order: list[str]) -> list[str]:
    """`names` in `order`; any that `order` lacks after those, as they came."""
    rank = {name: index for index, name in enumerate(order)}
    return sorted(names, key=lambda name: rank.get(name, len(rank)))


def _json_answer(head: str, rows: list[str]) -> bytes:
    """A SPARQL JSON answer from its head and its solutions, each already in JSON."""
    return f'{{"head": {head}, "results": {{"bindings": [{", ".join(rows)}]}}}}'.encode()


def _capped_solutions(
    result: pyoxigraph.QuerySolutions,
    syntax: str,
    max_rows: int,
    max_bytes: int,
    order: list[str] | None = None,
) -> QueryOutcome:
    """The first solutions written in `syntax`: at most `max_rows` of them and `max_bytes` of
    answer (0: no limit), with the limit that cut them, if any; the columns in `order`."""
    import json

    names = _in_order([variable.value for variable in result.variables], order or [])
    rows: list[str] = []  # each solution in SPARQL JSON
    size, cut_at = 0, None
    for solution in result:
        if max_rows and len(rows) == max_rows:
            cut_at = "rows"
            break
        row = {name: _term_json(term) for name in names if (term := solution[name]) is not None}
        text = json.dumps(row)
        size += len(text) + 2
        if max_bytes and size > max_bytes:
            cut_at = "bytes"
            break
        rows.append(text)
    head = json.dumps({"vars": names})

    def write(kept: list[str]) -> bytes:
        body = _json_answer(head, kept)
        if syntax == "json":
            return body
        parsed = pyoxigraph.parse_query_results(body, format=RESULT_SYNTAXES["json"])
        return parsed.serialize(format=RESULT_SYNTAXES[syntax])

    body, cut = _within(rows, write, max_bytes)
    return QueryOutcome("solutions", syntax, body, cut_at="bytes" if cut else cut_at)


class _OverLimit(Exception):
    """The answer grew past the byte limit while Oxigraph wrote it."""


class _LimitedSink(io.RawIOBase):
    """What Oxigraph writes, kept until `limit` bytes (0: no limit) are passed."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.parts: list[bytes] = []
        self.size, self.limit = 0, limit

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.size += len(data)
        self.parts.append(bytes(data))
        if self.limit and self.size > self.limit:
            raise _OverLimit
        return len(data)


def _json_solutions(
    result: pyoxigraph.QuerySolutions, max_rows: int, max_bytes: int
) -> QueryOutcome:
    """A SELECT answer in SPARQL JSON: Oxigraph writes it, at its own speed; only an answer
    longer than `max_bytes` or than `max_rows` solutions (0: no limit) is cut, after its last
    whole solution within the limits (read back from what was written)."""
    sink = _LimitedSink(max_bytes)
    try:
        result.serialize(sink, format=pyoxigraph.QueryResultsFormat.JSON)
    except _OverLimit:
        return _cut_json(b"".join(sink.parts), max_rows, max_bytes)
    body = b"".join(sink.parts)
    if max_rows and _more_solutions_than(body, max_rows):
        return _cut_json(body, max_rows, max_bytes)
    return QueryOutcome("solutions", "json", body)


def _more_solutions_than(body: bytes, count: int) -> bool:
    """Whether the SPARQL JSON answer `body` holds more than `count` solutions (read by
    Oxigraph's parser, without building them as Python values)."""
    solutions = pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
    return any(index == count for index, _ in enumerate(solutions))


def _cut_json(written: bytes, max_rows: int, max_bytes: int) -> QueryOutcome:
    """The first whole solutions of a SPARQL JSON answer (whole, or stopped past
    `max_bytes`): at most `max_rows` of them (0: no limit) in at most `max_bytes`."""
    import json

    text = written.decode("utf-8", errors="ignore")
    start = text.index('"bindings":[') + len('"bindings":[')
    head = json.dumps(json.loads(text[: text.index(',"results"')] + "}")["head"])
    decoder, rows, at, cut_at = json.JSONDecoder(), [], start, "bytes"
    while True:
        if max_rows and len(rows) == max_rows:
            cut_at = "rows"
            break
        try:
            _, end = decoder.raw_decode(text, at)
        except json.JSONDecodeError:
            break  # the solution the byte limit cut
        rows.append(text[at:end])
        if end >= len(text) or text[end] != ",":
            break
        at = end + 1

    body, cut = _within(rows, lambda kept: _json_answer(head, kept), max_bytes)
    return QueryOutcome("solutions", "json", body, cut_at="bytes" if cut else cut_at)


def _capped_graph(result: object, syntax: str, max_bytes: int) -> QueryOutcome:
    """The triples of a graph answer written in `syntax`, at most `max_bytes` of them."""
    triples: list[pyoxigraph.Triple] = []
    size, cut_at = 0, None
    for triple in result:
        size += len(str(triple)) + 3  # its N-Triples line
        if size > max_bytes:
            cut_at = "bytes"
            break
        triples.append(triple)

    def write(kept: list[pyoxigraph.Triple]) -> bytes:
        return SparqlAnswer(kept, "graph").serialize(syntax)

    body, cut = _within(triples, write, max_bytes)
    return QueryOutcome("graph", syntax, body, cut_at="bytes" if cut else cut_at)


@dataclass(frozen=True)
class QueryOptions:
    """How to evaluate a query and write its answer: what `evaluate_query` and a remote
    store's `papergraph.store.remote.query.evaluate_remote_query` both take.

    Attributes:
        syntaxes: the syntax to write each kind of answer in ("solutions", "boolean",
            "graph"); None where the client accepts none: then only the kind is returned.
        max_rows: at most this many SELECT solutions (0: no limit).
        max_bytes: at most this many bytes of answer (0: no limit); a SELECT or CONSTRUCT
            answer is cut after the last whole solution or triple that fits.
        base_iri: the IRI relative IRIs of the query resolve against.
        default_graph_uris: the graphs whose merge is the default graph (a graph that is not in
            the store is empty; nothing is fetched). With `named_graph_uris` alone, the default
            graph is empty.
        named_graph_uris: the only named graphs `GRAPH` can see.
        union_default_graph: without the two lists, let the default graph be the union of all
            graphs (pass False when the query has FROM / FROM NAMED clauses of its own).
        prefixes: predeclared prefixes (default: the papergraph ones).
    """

    syntaxes: dict[str, str | None]
    max_rows: int = 0
    max_bytes: int = 0
    base_iri: str | None = None
    default_graph_uris: list[str] | None = None
    named_graph_uris: list[str] | None = None
    union_default_graph: bool = True
    prefixes: dict[str, str] | None = None


def evaluate_query(store: pyoxigraph.Store, text: str, options: QueryOptions) -> QueryOutcome | str:
    """Evaluate the query `text` on `store` (from `open_build_read_only`) as `options` say and
    serialise the whole answer.

    Returns:
        The answer, or the kind of answer (a str) when `options.syntaxes` has no syntax for it.

    Raises:
        BadRequest: a syntax error or an invalid graph IRI.
        StoreError: the store cannot be read.
    """
    default_graph_uris, named_graph_uris = options.default_graph_uris, options.named_graph_uris
    arguments: dict[str, object] = {
        "base_iri": options.base_iri,
        "prefixes": options.prefixes or PREFIXES,
    }
    try:
        if default_graph_uris or named_graph_uris:
            arguments["default_graph"] = [pyoxigraph.NamedNode(u) for u in default_graph_uris or []]
            if named_graph_uris:
                arguments["named_graphs"] = [pyoxigraph.NamedNode(u) for u in named_graph_uris]
        else:
            arguments["use_default_graph_as_union"] = options.union_default_graph
        result = store.query(text, **arguments)
    except (SyntaxError, ValueError) as error:
        raise BadRequest(str(error)) from error
    except PermissionError:
        raise  # a network access refused in a query worker (papergraph.sandbox)
    except OSError as error:
        raise StoreError(f"cannot read the store: {error}") from error
    return serialise_answer(result, None, options, order=select_star_order(text))


def serialise_answer(
    result: object, kind: str | None, options: QueryOptions, *, order: list[str] | None = None
) -> QueryOutcome | str:
    """The answer `result` (of `kind`, else read off the result) written in the syntax
    `options.syntaxes` asks for its kind, cut at `options.max_rows` solutions and
    `options.max_bytes` bytes; the kind alone when `options.syntaxes` has none for it. Shared
    by `evaluate_query` and the remote stores' queries. `order` orders the columns of a
    `SELECT *` answer (`sparqltext.select_star_order`).

    Raises:
        StoreError: the store cannot be read.
    """
    answer = SparqlAnswer(result, kind)
    syntax = options.syntaxes.get(answer.kind)
    if syntax is None:
        return answer.kind
    with _evaluation_errors(StoreError, "cannot read the store"):
        if answer.kind == "solutions" and syntax == "json" and not order:
            return _json_solutions(result, options.max_rows, options.max_bytes)
        if answer.kind == "solutions" and (options.max_rows or options.max_bytes or order):
            return _capped_solutions(result, syntax, options.max_rows, options.max_bytes, order)
        if answer.kind == "graph" and options.max_bytes:
            return _capped_graph(result, syntax, options.max_bytes)
    return QueryOutcome(answer.kind, syntax, answer.serialize(syntax))
