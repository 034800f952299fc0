"""Where papergraph keeps its graph: a store directory (the embedded Oxigraph store,
`store.embedded`) or a SPARQL 1.1 service (`store.remote`), and the one set of functions the
rest of papergraph calls for either: locate, open, version, check, write a build, dump.

`store.answers` evaluates and serialises SPARQL answers for the web service; `store.worker` is
the process the web service runs them in.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeAlias

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from papergraph.errors import StoreError
from papergraph.rdf.namespaces import PREFIXES
from papergraph.store.answers import (
    GRAPH_SYNTAXES,
    QUAD_SYNTAXES,
    RESULT_SYNTAXES,
    QueryOptions,
    QueryOutcome,
    SparqlAnswer,
    evaluate_query,
    serialise_answer,
)
from papergraph.store.embedded import (
    DEFAULT_STORE,
    StreamedBuild,
    check_build,
    current_build,
    extractions_file,
    open_build_read_only,
    open_embedded,
    sparql_update,
    store_exists,
    streamed_build,
)
from papergraph.store.embedded import write_build as write_embedded_build
from papergraph.store.remote import RemoteBuild, RemoteClient, RemoteStore, is_remote_locator
from papergraph.store.remote import current_build as remote_build
from papergraph.store.remote.dataset import RemoteSPARQLStore, copy_to_memory
from papergraph.store.remote.write import write_remote_build

__all__ = [
    "DEFAULT_STORE",
    "GRAPH_SYNTAXES",
    "RESULT_SYNTAXES",
    "QueryOptions",
    "QueryOutcome",
    "SparqlAnswer",
    "StoreLocation",
    "StoreVersion",
    "StoreCapabilities",
    "StreamedBuild",
    "check_store",
    "copy_build",
    "current_build",
    "dump_store",
    "evaluate_query",
    "extractions_file",
    "capabilities",
    "local_directory",
    "locate_store",
    "named_graph",
    "open_build_read_only",
    "open_store",
    "serialise_answer",
    "sparql_update",
    "store_exists",
    "store_triples",
    "store_version",
    "streamed_build",
    "write_build",
]

StoreLocation: TypeAlias = Path | RemoteStore  # a store directory, or a SPARQL service


def locate_store(
    location: str | Path | RemoteStore,
    *,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> StoreLocation:
    """The store `location` names: `sparql+http(s)://…` a SPARQL service (with the other
    arguments: its update and Graph Store Protocol endpoints and credentials), anything else
    a store directory.

    Raises:
        StoreError: a sparql+http(s) locator that is not a URL with a host.
    """
    if isinstance(location, RemoteStore | Path) or not is_remote_locator(str(location)):
        return location if isinstance(location, RemoteStore) else Path(location)
    try:
        return RemoteStore.from_locator(
            str(location),
            update_url=update_url,
            graph_store_url=graph_store_url,
            user=user,
            password=password,
        )
    except ValueError as error:
        raise StoreError(str(error)) from error


@dataclass(frozen=True)
class StoreVersion:
    """The build a store serves now: `name` changes with every build, `modified` is when it
    became current (POSIX time), `target` is what a query worker reads (the build directory,
    or the remote build)."""

    name: str
    modified: float
    target: Path | RemoteBuild


def store_version(location: StoreLocation) -> StoreVersion:
    """The build `location` serves now (one readlink, or one query of a remote manifest).

    Raises:
        StoreError: no store or no build, or the remote store cannot be read.
    """
    if isinstance(location, RemoteStore):
        build = remote_build(RemoteClient(location))
        return StoreVersion(build.name, build.modified, build)
    path = current_build(location).resolve()
    return StoreVersion(path.name, path.stat().st_mtime, path)


def open_store(store_dir: StoreLocation, *, read_only: bool = True) -> Dataset:
    """Open the current build of `store_dir` as an rdflib Dataset whose default graph is the union.

    Read-only opening lets any number of processes (the server, `papergraph query`) read the
    same build at once; Oxigraph allows only one read-write opener. A remote store is always
    read-only here (`write_build` writes it); each query reads one complete build.

    Raises:
        StoreError: there is no build, or Oxigraph cannot open it (damaged or locked), or the
            remote store cannot be read.
    """
    if isinstance(store_dir, RemoteStore):
        dataset = _open_remote(store_dir)
    else:
        dataset = open_embedded(store_dir, read_only=read_only)
    # Queries may use the papergraph prefixes without declaring them.
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    return dataset


def _open_remote(store: RemoteStore) -> Dataset:
    client = RemoteClient(store)
    return Dataset(store=RemoteSPARQLStore(client, remote_build(client)), default_union=True)


def named_graph(dataset: Dataset, iri: URIRef) -> Graph:
    """The named graph `iri` of `dataset`, readable on a read-only store.

    (`Dataset.graph(iri)` would first try to create the graph, which a read-only store refuses.)
    """
    return Graph(store=dataset.store, identifier=iri, namespace_manager=dataset.namespace_manager)


def write_build(
    store_dir: StoreLocation, nquads: bytes | Path, *, from_current: bool = False
) -> Path | RemoteBuild:
    """Write a new build of the store holding `nquads` (N-Quads bytes, or a file of them) and
    make it current, atomically; with `from_current`, add `nquads` to a copy of the current
    build (`papergraph load`). A directory is created when missing.

    Raises:
        StoreError: not a store, another writer holds it, or the store refused the data.
    """
    if isinstance(store_dir, RemoteStore):
        return write_remote_build(store_dir, nquads, from_current=from_current)
    return write_embedded_build(store_dir, nquads, from_current=from_current)


def copy_build(build: Path, target: StoreLocation) -> Path | RemoteBuild:
    """Write the embedded build directory `build` to `target` as its new build (`papergraph
    build` into a remote store builds into a temporary embedded store first, then copies).

    Raises:
        StoreError: the build cannot be read, or `target` cannot be written.
    """
    with tempfile.TemporaryDirectory(prefix="papergraph-") as folder:
        nquads = Path(folder) / "build.nq"
        open_build_read_only(build).dump(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        return write_build(target, nquads)


def check_store(store_dir: StoreLocation) -> Path | RemoteBuild:
    """Check that `store_dir` serves a build Oxigraph can open and read (a remote store: a
    complete build that can be queried); return the build.

    Raises:
        StoreError: no store, `current` points nowhere, or the build is damaged (one line);
            the remote store is unreachable or holds no build.
    """
    if isinstance(store_dir, RemoteStore):
        return remote_build(RemoteClient(store_dir))
    return check_build(store_dir)


def _raw_store(dataset: Dataset) -> pyoxigraph.Store:
    """The pyoxigraph Store behind `dataset`; for a remote store, an in-memory copy of it."""
    store = dataset.store
    if isinstance(store, RemoteSPARQLStore):
        return copy_to_memory(store)
    if not isinstance(store, OxigraphStore):
        raise StoreError("this operation needs an Oxigraph-backed dataset")
    return store._inner


def dump_store(
    dataset: Dataset, stream: IO[bytes], syntax: str, *, graph: URIRef | None = None
) -> None:
    """Write the store (or its named graph `graph`) to `stream` in `syntax` (a key of
    GRAPH_SYNTAXES) without holding it in memory (a remote store's build is copied into memory
    first): quad syntaxes keep the named graphs, triple syntaxes write their union
    (`store_triples`).

    Raises:
        ValueError: unknown syntax.
    """
    if syntax not in GRAPH_SYNTAXES:
        raise ValueError(f"unknown RDF syntax {syntax!r}")
    if syntax in QUAD_SYNTAXES and graph is None:
        _raw_store(dataset).dump(stream, format=GRAPH_SYNTAXES[syntax], prefixes=PREFIXES)
        return
    triples = store_triples(dataset, graph=graph)
    pyoxigraph.serialize(triples, stream, format=GRAPH_SYNTAXES[syntax], prefixes=PREFIXES)


def store_triples(dataset: Dataset, *, graph: URIRef | None = None) -> Iterator[pyoxigraph.Triple]:
    """Every triple of the store's graphs (or of its named graph `graph`), streamed.

    Triples come in Oxigraph's index order, graph by graph, so each subject's triples come
    together within a graph (Turtle and JSON-LD group them); nothing is sorted or de-duplicated
    in memory (a global sort took 20x longer and held every triple), so a triple stored in two
    named graphs comes twice, which RDF parsers merge.
    """
    store = _raw_store(dataset)
    if graph is not None:
        graphs: list[pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph] = [
            pyoxigraph.NamedNode(str(graph))
        ]
    else:
        graphs = [pyoxigraph.DefaultGraph(), *sorted(store.named_graphs(), key=str)]
    for name in graphs:
        for quad in store.quads_for_pattern(None, None, None, name):
            yield quad.triple


@dataclass(frozen=True)
class StoreCapabilities:
    """What a store can do, so that callers ask for what they need rather than which kind of
    store they hold.

    Attributes:
        needs_network: reading it takes network connections (a SPARQL service); a store that
            does not is served with network sockets forbidden (`papergraph.sandbox`).
        applies_updates: papergraph applies SPARQL updates to it itself (a new build); a
            service takes them at its own update endpoint.
        adds_notes: `build --add` can extend it (it keeps the saved extractions of its builds).
    """

    needs_network: bool
    applies_updates: bool
    adds_notes: bool


def capabilities(location: StoreLocation) -> StoreCapabilities:
    """What the store at `location` can do (see StoreCapabilities)."""
    local = not isinstance(location, RemoteStore)
    return StoreCapabilities(needs_network=not local, applies_updates=local, adds_notes=local)


@contextmanager
def local_directory(location: StoreLocation) -> Iterator[Path]:
    """A store directory to build into: `location` itself, or, for a SPARQL service, a
    temporary one whose current build is copied to the service when the block ends."""
    if not isinstance(location, RemoteStore):
        yield location
        return
    with tempfile.TemporaryDirectory(prefix="papergraph-build-") as folder:
        directory = Path(folder) / "store"
        yield directory
        copy_build(current_build(directory), location)
