"""The embedded store: Oxigraph on disk, reached through rdflib's "Oxigraph" store plugin.

A store directory holds whole builds side by side and a `current` symlink naming the one that
is served::

    STORE/
      current -> builds/20261127T054649-1234
      builds/20261127T054649-1234/      (an Oxigraph database)
      .lock                             (held while a build or load writes)

A build is written into a fresh directory under `builds/` and becomes current only when it is
complete, by replacing the symlink (an atomic rename). A failed or killed build therefore never
touches what readers see; its leftovers are removed by the next writer. This is the single
module that opens Oxigraph (STYLE.md, section 4).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from papergraph.errors import BadRequest, PapergraphError, StoreError
from papergraph.rdf.namespaces import PREFIXES

__all__ = [
    "DEFAULT_STORE",
    "current_build",
    "named_graph",
    "open_store",
    "store_exists",
    "write_build",
]

logger = logging.getLogger(__name__)

DEFAULT_STORE = Path("papergraph-store")

_CURRENT = "current"
_BUILDS = "builds"
_LOCK = ".lock"


def store_exists(store_dir: Path) -> bool:
    """Whether `store_dir` holds a completed build."""
    return (Path(store_dir) / _CURRENT).is_symlink()


def current_build(store_dir: Path) -> Path:
    """The directory of the build that `store_dir` currently serves.

    Raises:
        StoreError: no completed build is there, or the directory is not a papergraph store.
    """
    store_dir = Path(store_dir)
    link = store_dir / _CURRENT
    if not store_dir.exists():
        raise StoreError(
            f"no store at {store_dir}: run `papergraph build FILES --store {store_dir}`"
        )
    if not link.is_symlink():
        raise StoreError(
            f"{store_dir} is not a papergraph store (no completed build in it): "
            f"run `papergraph build FILES --store {store_dir}`"
        )
    target = store_dir / os.readlink(link)
    if not target.is_dir():
        raise StoreError(
            f"the store at {store_dir} is damaged: its current build {target} is missing"
        )
    return target


def open_store(store_dir: Path, *, read_only: bool = True) -> Dataset:
    """Open the current build of `store_dir` as an rdflib Dataset whose default graph is the union.

    Read-only opening lets any number of processes (the server, `papergraph query`) read the
    same build at once; Oxigraph allows only one read-write opener.

    Raises:
        StoreError: there is no build, or Oxigraph cannot open it (damaged or locked).
    """
    path = current_build(store_dir)
    try:
        if read_only:
            store = OxigraphStore(store=pyoxigraph.Store.read_only(str(path)))
            dataset = Dataset(store=store, default_union=True)
        else:
            dataset = Dataset(store="Oxigraph", default_union=True)
            dataset.open(str(path))
    except (OSError, RuntimeError) as error:  # RuntimeError: RocksDB "Corruption: ..." (issue 7)
        raise StoreError(f"cannot open the store at {path}: {error}") from error
    # Queries may use the papergraph prefixes without declaring them.
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    return dataset


def named_graph(dataset: Dataset, iri: URIRef) -> Graph:
    """The named graph `iri` of `dataset`, readable on a read-only store.

    (`Dataset.graph(iri)` would first try to create the graph, which a read-only store refuses.)
    """
    return Graph(store=dataset.store, identifier=iri, namespace_manager=dataset.namespace_manager)


@contextmanager
def _writer_lock(store_dir: Path) -> Iterator[None]:
    store_dir.mkdir(parents=True, exist_ok=True)
    with open(store_dir / _LOCK, "w") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise StoreError(f"another build or load is writing to {store_dir}") from error
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _check_is_store_dir(store_dir: Path) -> None:
    """Refuse to write into a directory that holds something other than papergraph builds."""
    if not store_dir.exists():
        return
    if not store_dir.is_dir():
        raise StoreError(f"{store_dir} exists and is not a directory")
    foreign = sorted(
        p.name for p in store_dir.iterdir() if p.name not in {_CURRENT, _BUILDS, _LOCK}
    )
    if foreign:
        raise StoreError(
            f"{store_dir} is not a papergraph store (it holds {', '.join(foreign[:3])}); "
            "choose an empty or new directory with --store"
        )


def _new_build_dir(store_dir: Path) -> Path:
    builds = store_dir / _BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    path = builds / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000:06d}"
    path.mkdir()
    return path


def _switch_current(store_dir: Path, build: Path) -> None:
    tmp_link = store_dir / f".{_CURRENT}.{os.getpid()}"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    tmp_link.symlink_to(build.relative_to(store_dir))
    os.replace(tmp_link, store_dir / _CURRENT)


def _remove_stale_builds(store_dir: Path, keep: set[Path]) -> None:
    """Remove builds other than `keep`: leftovers of killed builds and superseded ones."""
    for build in (store_dir / _BUILDS).iterdir():
        if build.resolve() not in keep:
            shutil.rmtree(build, ignore_errors=True)


def write_build(store_dir: Path, nquads: bytes | Path, *, from_current: bool = False) -> Path:
    """Write a new build of `store_dir` holding `nquads` and make it current, atomically.

    Args:
        store_dir: the store directory (created when missing).
        nquads: the data, as N-Quads: the bytes, or the path of a file that holds them (read
            by Oxigraph directly, so a large build is never held in memory twice).
        from_current: start from a copy of the current build and add `nquads` to it (used by
            `papergraph load`); otherwise the build holds exactly `nquads`.

    Returns:
        The directory of the new build.

    Raises:
        StoreError: the directory is not a store, or another writer holds it.
    """
    store_dir = Path(store_dir)
    _check_is_store_dir(store_dir)
    with _writer_lock(store_dir):
        previous = current_build(store_dir).resolve() if store_exists(store_dir) else None
        if from_current and previous is None:
            raise StoreError(f"no store at {store_dir} to add to: run `papergraph build` first")
        build = _new_build_dir(store_dir)
        try:
            if previous is not None and from_current:
                build.rmdir()  # Oxigraph's backup wants to create the directory itself
                pyoxigraph.Store.read_only(str(previous)).backup(str(build))
            dataset = Dataset(store="Oxigraph", default_union=True)
            dataset.open(str(build))
            try:
                if isinstance(nquads, Path):
                    dataset.parse(source=str(nquads), format="ox-nquads", transactional=False)
                else:
                    dataset.parse(data=nquads, format="ox-nquads", transactional=False)
            finally:
                dataset.close()
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        _switch_current(store_dir, build)
        keep = {build.resolve()} | ({previous} if previous is not None else set())
        _remove_stale_builds(store_dir, keep)
        logger.info("store %s now serves build %s", store_dir, build.name)
        return build


# --- Raw SPARQL access for the web service ---------------------------------------------------
# Added for papergraph.web (issue 5): the SPARQL 1.1 Protocol needs what rdflib's wrapper does
# not offer (default-graph-uri / named-graph-uri, a base IRI, native result serialisation, a
# copy-on-write update), so these few functions reach the pyoxigraph Store behind the Dataset.

__all__ += ["GRAPH_SYNTAXES", "RESULT_SYNTAXES", "SparqlAnswer", "dump_store"]
__all__ += ["sparql_update"]

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
}
_QUAD_SYNTAXES = {"nquads", "trig"}


def _raw_store(dataset: Dataset) -> pyoxigraph.Store:
    store = dataset.store
    if not isinstance(store, OxigraphStore):
        raise StoreError("this operation needs an Oxigraph-backed dataset")
    return store._inner


class SparqlAnswer:
    """The answer to a query (see `evaluate_query`), evaluated lazily when serialised.

    `kind` is "solutions" (SELECT), "boolean" (ASK) or "graph" (CONSTRUCT / DESCRIBE).
    """

    def __init__(self, result: object) -> None:
        self._result = result
        if isinstance(result, pyoxigraph.QueryBoolean):
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
        try:
            if self.kind == "graph":
                if syntax not in GRAPH_SYNTAXES or syntax in _QUAD_SYNTAXES:
                    raise ValueError(f"a graph cannot be written as {syntax!r}")
                return pyoxigraph.serialize(
                    self._result, format=GRAPH_SYNTAXES[syntax], prefixes=PREFIXES
                )
            if syntax not in RESULT_SYNTAXES:
                raise ValueError(f"query results cannot be written as {syntax!r}")
            return self._result.serialize(format=RESULT_SYNTAXES[syntax])
        except (OSError, RuntimeError) as error:
            raise PapergraphError(f"the query failed: {error}") from error


def sparql_update(store_dir: Path, text: str, *, base_iri: str | None = None) -> Path:
    """Apply the SPARQL Update `text` to a copy of the current build and make the copy current.

    Readers keep the build they have until they reopen; a failed update changes nothing.

    Returns:
        The directory of the new build.

    Raises:
        BadRequest: a syntax error (the parser's message) or an update that fails.
        StoreError: no store, or another writer holds it.
    """
    store_dir = Path(store_dir)
    with _writer_lock(store_dir):
        previous = current_build(store_dir).resolve()
        build = _new_build_dir(store_dir)
        try:
            build.rmdir()  # Oxigraph's backup wants to create the directory itself
            pyoxigraph.Store.read_only(str(previous)).backup(str(build))
            writer = pyoxigraph.Store(str(build))
            try:
                writer.update(text, base_iri=base_iri, prefixes=PREFIXES)
                writer.flush()
            finally:
                del writer
        except BaseException as error:
            shutil.rmtree(build, ignore_errors=True)
            if isinstance(error, SyntaxError | OSError | ValueError):
                raise BadRequest(str(error)) from error
            raise
        _switch_current(store_dir, build)
        _remove_stale_builds(store_dir, {build.resolve(), previous})
        logger.info("store %s now serves build %s (SPARQL update)", store_dir, build.name)
        return build


def dump_store(
    dataset: Dataset, stream: IO[bytes], syntax: str, *, graph: URIRef | None = None
) -> None:
    """Write the store (or its named graph `graph`) to `stream` in `syntax` (a key of
    GRAPH_SYNTAXES) without holding it in memory: quad syntaxes keep the named graphs, triple
    syntaxes write their union. Triples come sorted by subject, so that Turtle groups them.

    Raises:
        ValueError: unknown syntax.
    """
    if syntax not in GRAPH_SYNTAXES:
        raise ValueError(f"unknown RDF syntax {syntax!r}")
    store = _raw_store(dataset)
    if syntax in _QUAD_SYNTAXES and graph is None:
        store.dump(stream, format=GRAPH_SYNTAXES[syntax], prefixes=PREFIXES)
        return
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph is not None else "?s ?p ?o"
    triples = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }} ORDER BY ?s ?p ?o",
        use_default_graph_as_union=True,
    )
    pyoxigraph.serialize(triples, stream, format=GRAPH_SYNTAXES[syntax], prefixes=PREFIXES)


# --- Bounded query evaluation in a worker process (issue 7) ---------------------------------
# The web service runs every SPARQL query in a worker process (papergraph._query_worker) that
# it can kill on timeout, because Oxigraph cannot cancel a running query. The worker opens the
# build read-only and asks `evaluate_query` for the whole answer as bytes.

__all__ += ["QueryOutcome", "check_store", "evaluate_query", "open_build_read_only"]


def open_build_read_only(build: Path) -> pyoxigraph.Store:
    """Open one build directory read-only with pyoxigraph.

    Raises:
        StoreError: the build is missing or Oxigraph cannot open it (damaged).
    """
    if not Path(build).is_dir():
        raise StoreError(f"the store is damaged: its current build {build} is missing")
    try:
        return pyoxigraph.Store.read_only(str(build))
    except (OSError, RuntimeError, ValueError) as error:
        raise StoreError(f"the store is damaged: cannot open {build}: {error}") from error


def check_store(store_dir: Path) -> Path:
    """Check that `store_dir` serves a build Oxigraph can open and read; return the build.

    Raises:
        StoreError: no store, `current` points nowhere, or the build is damaged (one line).
    """
    build = current_build(store_dir).resolve()
    store = open_build_read_only(build)
    try:
        bool(store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))
        for _ in store.named_graphs():
            pass
    except (OSError, RuntimeError, ValueError) as error:
        message = " ".join(str(error).split())
        raise StoreError(f"the store at {store_dir} is damaged: {message}") from error
    finally:
        del store
    return build


class QueryOutcome:
    """A query answer, fully serialised: `kind` ("solutions", "boolean" or "graph"), `syntax`
    (the key of RESULT_SYNTAXES / GRAPH_SYNTAXES it is written in), `body`, and whether the
    solutions were cut at the row limit (`truncated`)."""

    def __init__(self, kind: str, syntax: str, body: bytes, *, truncated: bool = False) -> None:
        self.kind, self.syntax, self.body, self.truncated = kind, syntax, body, truncated


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


def _capped_solutions(result: pyoxigraph.QuerySolutions, syntax: str, max_rows: int) -> tuple:
    """The first `max_rows` solutions written in `syntax`, and whether more were left out."""
    import itertools
    import json

    names = [variable.value for variable in result.variables]
    rows = []
    for solution in itertools.islice(result, max_rows + 1):
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = _term_json(term)
        rows.append(row)
    truncated = len(rows) > max_rows
    data = json.dumps({"head": {"vars": names}, "results": {"bindings": rows[:max_rows]}})
    body = data.encode("utf-8")
    if syntax != "json":
        parsed = pyoxigraph.parse_query_results(body, format=RESULT_SYNTAXES["json"])
        body = parsed.serialize(format=RESULT_SYNTAXES[syntax])
    return body, truncated


def evaluate_query(
    store: pyoxigraph.Store,
    text: str,
    *,
    syntaxes: dict[str, str | None],
    max_rows: int = 0,
    base_iri: str | None = None,
    default_graph_uris: list[str] | None = None,
    named_graph_uris: list[str] | None = None,
    union_default_graph: bool = True,
    prefixes: dict[str, str] | None = None,
) -> QueryOutcome | str:
    """Evaluate the query `text` on `store` and serialise the whole answer.

    Args:
        store: from `open_build_read_only`.
        syntaxes: the syntax to write each kind of answer in ("solutions", "boolean",
            "graph"); None where the client accepts none: then only the kind is returned.
        max_rows: at most this many SELECT solutions (0: no limit).
        prefixes: predeclared prefixes (default: the papergraph ones).
        base_iri: the IRI relative IRIs of the query resolve against.
        default_graph_uris: the graphs whose merge is the default graph (a graph that is not in
            the store is empty; nothing is fetched). With `named_graph_uris` alone, the default
            graph is empty.
        named_graph_uris: the only named graphs `GRAPH` can see.
        union_default_graph: without the two lists, let the default graph be the union of all
            graphs (pass False when the query has FROM / FROM NAMED clauses of its own).

    Returns:
        The answer, or the kind of answer (a str) when `syntaxes` has no syntax for it.

    Raises:
        BadRequest: a syntax error or an invalid graph IRI.
        StoreError: the store cannot be read.
    """
    options: dict[str, object] = {"base_iri": base_iri, "prefixes": prefixes or PREFIXES}
    try:
        if default_graph_uris or named_graph_uris:
            options["default_graph"] = [pyoxigraph.NamedNode(u) for u in default_graph_uris or []]
            if named_graph_uris:
                options["named_graphs"] = [pyoxigraph.NamedNode(u) for u in named_graph_uris]
        else:
            options["use_default_graph_as_union"] = union_default_graph
        result = store.query(text, **options)
    except (SyntaxError, ValueError) as error:
        raise BadRequest(str(error)) from error
    except OSError as error:
        raise StoreError(f"cannot read the store: {error}") from error
    answer = SparqlAnswer(result)
    syntax = syntaxes.get(answer.kind)
    if syntax is None:
        return answer.kind
    try:
        if answer.kind == "solutions" and max_rows > 0:
            body, truncated = _capped_solutions(result, syntax, max_rows)
            return QueryOutcome(answer.kind, syntax, body, truncated=truncated)
    except OSError as error:
        raise StoreError(f"cannot read the store: {error}") from error
    return QueryOutcome(answer.kind, syntax, answer.serialize(syntax))
