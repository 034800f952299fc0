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

A store may also be a SPARQL 1.1 service (issue 8): `locate_store` reads `sparql+http://…` as
a `RemoteStore`, and `open_store`, `check_store`, `write_build`, `dump_store` and
`store_version` take either kind; `papergraph.remote` describes how a remote store is written
and read.
"""

from __future__ import annotations

import fcntl
import functools
import io
import itertools
import logging
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeAlias

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from papergraph.errors import BadRequest, PapergraphError, StoreError
from papergraph.rdf.namespaces import PREFIXES
from papergraph.remote import RemoteBuild, RemoteClient, RemoteStore, is_remote_locator
from papergraph.remote import current_build as remote_build

__all__ = [
    "DEFAULT_STORE",
    "StoreLocation",
    "StoreVersion",
    "copy_build",
    "current_build",
    "extractions_file",
    "locate_store",
    "named_graph",
    "open_store",
    "store_exists",
    "StreamedBuild",
    "store_version",
    "streamed_build",
    "write_build",
]

logger = logging.getLogger(__name__)

DEFAULT_STORE = Path("papergraph-store")

StoreLocation: TypeAlias = Path | RemoteStore  # a store directory, or a SPARQL service

_CURRENT = "current"
_BUILDS = "builds"
_LOCK = ".lock"
_EXTRACTIONS = "extractions"  # the saved extractions of each build (papergraph.extractions)


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
    _refuse_current_that_is_no_link(store_dir)
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


def _refuse_current_that_is_no_link(store_dir: Path) -> None:
    """`current` must be the symlink papergraph writes: a real file or directory there (made
    by hand, or by a copy that followed the link) would be replaced by no build (issue 13)."""
    link = store_dir / _CURRENT
    if link.exists() and not link.is_symlink():
        kind = "directory" if link.is_dir() else "file"
        raise StoreError(
            f"the store at {store_dir} is damaged: {link} is a {kind}, not the link to a build "
            "that papergraph writes; move it away, then build again"
        )


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
        dataset = _open_embedded(store_dir, read_only=read_only)
    # Queries may use the papergraph prefixes without declaring them.
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    return dataset


def _open_embedded(store_dir: Path, *, read_only: bool) -> Dataset:
    path = current_build(store_dir)
    try:
        if read_only:
            store = OxigraphStore(store=pyoxigraph.Store.read_only(str(path)))
            return Dataset(store=store, default_union=True)
        dataset = Dataset(store="Oxigraph", default_union=True)
        dataset.open(str(path))
        return dataset
    except (OSError, RuntimeError) as error:  # RuntimeError: RocksDB "Corruption: ..." (issue 7)
        raise StoreError(f"cannot open the store at {path}: {error}") from error


def _open_remote(store: RemoteStore) -> Dataset:
    from papergraph._remote_dataset import RemoteSPARQLStore

    client = RemoteClient(store)
    return Dataset(store=RemoteSPARQLStore(client, remote_build(client)), default_union=True)


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
    _refuse_current_that_is_no_link(store_dir)
    foreign = sorted(
        p.name
        for p in store_dir.iterdir()
        if p.name not in {_CURRENT, _BUILDS, _LOCK, _EXTRACTIONS}
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
    try:
        os.replace(tmp_link, store_dir / _CURRENT)
    except BaseException:  # a refused replace, or a stop: leave no .current.PID behind
        tmp_link.unlink()
        raise


def _remove_stale_builds(store_dir: Path, keep: set[Path]) -> None:
    """Remove builds other than `keep`: leftovers of killed builds and superseded ones."""
    for build in (store_dir / _BUILDS).iterdir():
        if build.resolve() not in keep:
            shutil.rmtree(build, ignore_errors=True)
    kept_names = {build.name for build in keep}
    if (store_dir / _EXTRACTIONS).is_dir():
        for saved in (store_dir / _EXTRACTIONS).iterdir():
            if saved.name.split(".", 1)[0] not in kept_names:
                saved.unlink(missing_ok=True)


def _back_up(previous: Path, build: Path) -> None:
    """Copy the build `previous` into the new, empty build directory `build`.

    Raises:
        StoreError: `previous` is not a build Oxigraph can open (one line, issue 13).
    """
    source = open_build_read_only(previous)
    build.rmdir()  # Oxigraph's backup wants to create the directory itself
    source.backup(str(build))


def _discard_build(store_dir: Path, build: Path) -> None:
    """Remove an unfinished build and the extractions saved for it."""
    shutil.rmtree(build, ignore_errors=True)
    if (store_dir / _EXTRACTIONS).is_dir():
        extractions_file(store_dir, build).unlink(missing_ok=True)


# Lines of N-Quads per call of Oxigraph's bulk loader: it buffers a whole call in memory
# (3.2 M quads in one call peaked at 1.5 GB; in calls of 500,000 lines at 0.75 GB and of
# 250,000 at 0.35 GB, as fast).
BULK_LOAD_LINES = 250_000


def _bulk_load(store: pyoxigraph.Store, nquads: bytes | Path) -> None:
    """Load N-Quads with Oxigraph's bulk loader (parallel parsing, sorted writes, no
    transaction log), a bounded number of lines at a time. N-Quads is line-based, so any
    line boundary is a statement boundary."""
    with open(nquads, "rb") if isinstance(nquads, Path) else io.BytesIO(nquads) as lines:
        while chunk := b"".join(itertools.islice(lines, BULK_LOAD_LINES)):
            store.bulk_load(input=chunk, format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()


def extractions_file(store_dir: Path, build: Path) -> Path:
    """Where the saved extractions of `build` are kept (see papergraph.extractions)."""
    folder = Path(store_dir) / _EXTRACTIONS
    folder.mkdir(exist_ok=True)
    return folder / f"{Path(build).name}.jsonl.gz"


def _remote_writes(write: Callable[..., Path]) -> Callable[..., Path | RemoteBuild]:
    """Let `write_build` also take a `RemoteStore`, written by `papergraph._remote_write`
    (issue 8), so that the embedded writer below stays unaware of remote stores."""

    @functools.wraps(write)
    def dispatch(
        store_dir: StoreLocation, nquads: bytes | Path, *, from_current: bool = False
    ) -> Path | RemoteBuild:
        if isinstance(store_dir, RemoteStore):
            from papergraph._remote_write import write_remote_build

            return write_remote_build(store_dir, nquads, from_current=from_current)
        return write(store_dir, nquads, from_current=from_current)

    return dispatch


@contextmanager
def _new_build(store_dir: Path, *, from_current: bool) -> Iterator[Path]:
    """A fresh build directory of `store_dir`, under the writer lock, made current when the
    block ends without an error and removed when it raises. With `from_current`, the new
    build starts as a copy of the current one."""
    store_dir = Path(store_dir)
    _check_is_store_dir(store_dir)
    with _writer_lock(store_dir):
        previous = current_build(store_dir).resolve() if store_exists(store_dir) else None
        if from_current and previous is None:
            raise StoreError(f"no store at {store_dir} to add to: run `papergraph build` first")
        build = _new_build_dir(store_dir)
        try:
            if previous is not None and from_current:
                _back_up(previous, build)
                saved = extractions_file(store_dir, previous)
                if saved.exists():  # the notes are the same: `build --add` may still use them
                    shutil.copyfile(saved, extractions_file(store_dir, build))
            yield build
        except BaseException:  # also KeyboardInterrupt: Ctrl-C, or SIGTERM in the CLI
            _discard_build(store_dir, build)
            raise
        _switch_current(store_dir, build)
        keep = {build.resolve()} | ({previous} if previous is not None else set())
        _remove_stale_builds(store_dir, keep)
        logger.info("store %s now serves build %s", store_dir, build.name)


@_remote_writes
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
    with _new_build(Path(store_dir), from_current=from_current) as build:
        _bulk_load(pyoxigraph.Store(str(build)), nquads)
    return build


class StreamedBuild:
    """A new build that N-Quads lines are written to while they are made (`streamed_build`).

    Every BULK_LOAD_LINES lines go to Oxigraph's bulk loader in a background thread: the
    loader releases the GIL, so the caller makes the next lines meanwhile, and at most two
    chunks wait in memory. The lines must be papergraph's own (terms checked when they were
    made, papergraph.rdf.terms), so the loader skips re-validating them (`lenient`).
    `waiting` wraps the time the caller spends waiting for the loader (a stage clock's).
    """

    def __init__(
        self, path: Path, *, waiting: Callable[[], AbstractContextManager[object]] = nullcontext
    ) -> None:
        self.path = path
        self._waiting = waiting
        self.store = pyoxigraph.Store(str(path))
        self._lines: list[str] = []
        self._chunks: queue.Queue[str | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._loader = threading.Thread(target=self._load_chunks, name="bulk-load", daemon=True)
        self._loader.start()

    def write(self, line: str) -> None:
        """Add one N-Quads line (with its newline)."""
        self._lines.append(line)
        if len(self._lines) >= BULK_LOAD_LINES:
            self._send()

    def finish(self) -> pyoxigraph.Store:
        """Load what is left and wait for the loader; the loaded store, readable (the build
        becomes current when the `streamed_build` block ends).

        Raises:
            StoreError: Oxigraph refused the data.
        """
        if self._loader.is_alive():
            self._send()
            self._stop()
            if self._error is not None:
                raise StoreError(f"the store refused the build: {self._error}") from self._error
            self.store.flush()
        return self.store

    def close(self) -> None:
        """Stop the loader (after `finish`, or when the build is abandoned)."""
        if self._loader.is_alive():
            self._stop()

    def _send(self) -> None:
        if self._error is None and self._lines:
            chunk = "".join(self._lines)
            with self._waiting():
                self._chunks.put(chunk)
        self._lines = []

    def _stop(self) -> None:
        with self._waiting():
            self._chunks.put(None)
            self._loader.join()

    def _load_chunks(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._error is None:  # after an error, only drain the queue
                try:
                    self.store.bulk_load(
                        input=chunk, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True
                    )
                except BaseException as error:  # handed to the writing thread by finish()
                    self._error = error


@contextmanager
def streamed_build(
    store_dir: Path, *, waiting: Callable[[], AbstractContextManager[object]] = nullcontext
) -> Iterator[StreamedBuild]:
    """A new build of `store_dir`, loaded while its lines are written (`StreamedBuild`); it
    becomes current, atomically, when the block ends, and is removed if the block raises.

    Raises:
        StoreError: the directory is not a store, another writer holds it, or Oxigraph
            refused the data.
    """
    with _new_build(Path(store_dir), from_current=False) as path:
        build = StreamedBuild(path, waiting=waiting)
        try:
            yield build
            build.finish()
        finally:
            build.close()


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
    """The pyoxigraph Store behind `dataset`; for a remote store, an in-memory copy of it."""
    from papergraph._remote_dataset import RemoteSPARQLStore, copy_to_memory

    store = dataset.store
    if isinstance(store, RemoteSPARQLStore):
        return copy_to_memory(store)
    if not isinstance(store, OxigraphStore):
        raise StoreError("this operation needs an Oxigraph-backed dataset")
    return store._inner


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
        except PermissionError:
            raise  # a network access refused in a query worker (papergraph.sandbox)
        except RuntimeError as error:  # Oxigraph's evaluation errors: the query's own
            raise BadRequest(f"the query could not be evaluated: {error}") from error
        except OSError as error:
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
            _back_up(previous, build)
            writer = pyoxigraph.Store(str(build))
            try:
                writer.update(text, base_iri=base_iri, prefixes=PREFIXES)
                writer.flush()
            finally:
                del writer
        except BaseException as error:
            _discard_build(store_dir, build)
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
    GRAPH_SYNTAXES) without holding it in memory (a remote store's build is copied into memory
    first): quad syntaxes keep the named graphs, triple syntaxes write their union.

    Triples stream in Oxigraph's index order, graph by graph, so each subject's triples come
    together within a graph and Turtle groups them; nothing is sorted or de-duplicated in
    memory (a global sort took 20x longer and held every triple), so a triple stored in two
    named graphs is written twice, which RDF parsers merge.

    Raises:
        ValueError: unknown syntax.
    """
    if syntax not in GRAPH_SYNTAXES:
        raise ValueError(f"unknown RDF syntax {syntax!r}")
    store = _raw_store(dataset)
    if syntax in _QUAD_SYNTAXES and graph is None:
        store.dump(stream, format=GRAPH_SYNTAXES[syntax], prefixes=PREFIXES)
        return
    if graph is not None:
        graphs: list[pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph] = [
            pyoxigraph.NamedNode(str(graph))
        ]
    else:
        graphs = [pyoxigraph.DefaultGraph(), *sorted(store.named_graphs(), key=str)]
    triples = (
        quad.triple for name in graphs for quad in store.quads_for_pattern(None, None, None, name)
    )
    pyoxigraph.serialize(triples, stream, format=GRAPH_SYNTAXES[syntax], prefixes=PREFIXES)


# --- Bounded query evaluation in a worker process (issue 7) ---------------------------------
# The web service runs every SPARQL query in a worker process (papergraph._query_worker) that
# it can kill on timeout, because Oxigraph cannot cancel a running query. The worker opens the
# build read-only and asks `evaluate_query` for the whole answer as bytes.

__all__ += ["QueryOutcome", "check_store", "evaluate_query", "open_build_read_only"]
__all__ += ["QueryOptions", "serialise_answer"]


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


def check_store(store_dir: StoreLocation) -> Path | RemoteBuild:
    """Check that `store_dir` serves a build Oxigraph can open and read (a remote store: a
    complete build that can be queried); return the build.

    Raises:
        StoreError: no store, `current` points nowhere, or the build is damaged (one line);
            the remote store is unreachable or holds no build.
    """
    if isinstance(store_dir, RemoteStore):
        return remote_build(RemoteClient(store_dir))
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


def _capped_solutions(
    result: pyoxigraph.QuerySolutions, syntax: str, max_rows: int, max_bytes: int
) -> QueryOutcome:
    """The first solutions written in `syntax`: at most `max_rows` of them and `max_bytes` of
    answer (0: no limit), with the limit that cut them, if any."""
    import json

    names = [variable.value for variable in result.variables]
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
        body = f'{{"head": {head}, "results": {{"bindings": [{", ".join(kept)}]}}}}'.encode()
        if syntax == "json":
            return body
        parsed = pyoxigraph.parse_query_results(body, format=RESULT_SYNTAXES["json"])
        return parsed.serialize(format=RESULT_SYNTAXES[syntax])

    body, cut = _within(rows, write, max_bytes)
    return QueryOutcome("solutions", syntax, body, cut_at="bytes" if cut else cut_at)


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
    store's `papergraph._remote_query.evaluate_remote_query` both take.

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
    return serialise_answer(result, None, options)


def serialise_answer(result: object, kind: str | None, options: QueryOptions) -> QueryOutcome | str:
    """The answer `result` (of `kind`, else read off the result) written in the syntax
    `options.syntaxes` asks for its kind, cut at `options.max_rows` solutions and
    `options.max_bytes` bytes; the kind alone when `options.syntaxes` has none for it. Shared
    by `evaluate_query` and the remote stores' queries.

    Raises:
        StoreError: the store cannot be read.
    """
    answer = SparqlAnswer(result, kind)
    syntax = options.syntaxes.get(answer.kind)
    if syntax is None:
        return answer.kind
    try:
        if answer.kind == "solutions" and (options.max_rows or options.max_bytes):
            return _capped_solutions(result, syntax, options.max_rows, options.max_bytes)
        if answer.kind == "graph" and options.max_bytes:
            return _capped_graph(result, syntax, options.max_bytes)
    except PermissionError:
        raise  # a network access refused in a query worker (papergraph.sandbox)
    except RuntimeError as error:  # Oxigraph's evaluation errors: the query's own
        raise BadRequest(f"the query could not be evaluated: {error}") from error
    except OSError as error:
        raise StoreError(f"cannot read the store: {error}") from error
    return QueryOutcome(answer.kind, syntax, answer.serialize(syntax))
