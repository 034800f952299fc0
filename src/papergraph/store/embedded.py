"""The embedded store: Oxigraph on disk.

A store directory holds whole builds side by side and a `current` symlink naming the one that
is served::

    STORE/
      current -> builds/20261127T054649-1234
      builds/20261127T054649-1234/      (an Oxigraph database)
      extractions/                      (what spaCy found in each build's notes)
      .lock                             (held while a build, load or update writes)

A build is written into a fresh directory under `builds/` and becomes current only when it is
complete, by replacing the symlink (an atomic rename). A failed or killed build therefore never
touches what readers see; its leftovers are removed by the next writer. This is the one module
that opens Oxigraph databases on disk.
"""

from __future__ import annotations

import fcntl
import io
import itertools
import logging
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import Dataset
from rdflib.query import Result

from papergraph.errors import BadRequest, StoreError
from papergraph.rdf.namespaces import PREFIXES
from papergraph.store.statistics import record_statistics

__all__ = [
    "BULK_LOAD_LINES",
    "DEFAULT_STORE",
    "StreamedBuild",
    "check_build",
    "current_build",
    "extractions_file",
    "open_build_read_only",
    "open_embedded",
    "sparql_update",
    "store_exists",
    "streamed_build",
    "write_build",
]

logger = logging.getLogger(__name__)

DEFAULT_STORE = Path("papergraph-store")

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
    by hand, or by a copy that followed the link) would be replaced by no build."""
    link = store_dir / _CURRENT
    if link.exists() and not link.is_symlink():
        kind = "directory" if link.is_dir() else "file"
        raise StoreError(
            f"the store at {store_dir} is damaged: {link} is a {kind}, not the link to a build "
            "that papergraph writes; move it away, then build again"
        )


class _EagerSolutionsStore(OxigraphStore):
    """oxrdflib's store, whose SELECT results read their solutions at once: oxrdflib's result
    holds a generator that refers back to it, so an unread result is a reference cycle holding
    Oxigraph's iterator, which the garbage collector frees on any thread, while Oxigraph's
    iterators may only be dropped on the thread that made them ("PyQuerySolutions is
    unsendable, but is being dropped on another thread")."""

    def query(self, *args: Any, **kwargs: Any) -> Result:
        result = super().query(*args, **kwargs)
        if result.type == "SELECT":
            result.bindings  # noqa: B018 -- reading the property drains the generator
        return result


def open_embedded(store_dir: Path, *, read_only: bool = True) -> Dataset:
    """The current build of `store_dir` as an rdflib Dataset (through oxrdflib).

    Raises:
        StoreError: no build, or Oxigraph cannot open it (damaged or locked).
    """
    path = current_build(store_dir)
    try:
        if read_only:
            store = _EagerSolutionsStore(store=pyoxigraph.Store.read_only(str(path)))
            return Dataset(store=store, default_union=True)
        dataset = Dataset(store=_EagerSolutionsStore(), default_union=True)
        dataset.open(str(path))
        return dataset
    except (OSError, RuntimeError) as error:  # RuntimeError: RocksDB "Corruption: ..."
        raise StoreError(f"cannot open the store at {path}: {error}") from error


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
        if p.name not in {_CURRENT, _BUILDS, _LOCK, _EXTRACTIONS} and not _is_switch_leftover(p)
    )
    if foreign:
        raise StoreError(
            f"{store_dir} is not a papergraph store (it holds {', '.join(foreign[:3])}); "
            "choose an empty or new directory with --store"
        )


def _is_switch_leftover(path: Path) -> bool:
    """`.current.PID`: the link a writer killed between making it and renaming it left."""
    return path.name.startswith(f".{_CURRENT}.") and path.is_symlink()


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
        StoreError: `previous` is not a build Oxigraph can open (one line).
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


# Every build is compacted before it becomes current: the bulk loader leaves many
# small sorted files (53 at 10,000 notes), and RocksDB's full compaction merges them, which
# makes the queries that scan an index several times faster (README, "Benchmarks"). A SPARQL
# update is not compacted: it adds a small delta to a compacted copy, and a full compaction
# would rewrite the whole build for it.


def extractions_file(store_dir: Path, build: Path) -> Path:
    """Where the saved extractions of `build` are kept (see papergraph.extractions)."""
    folder = Path(store_dir) / _EXTRACTIONS
    folder.mkdir(exist_ok=True)
    return folder / f"{Path(build).name}.jsonl.gz"


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
        for leftover in filter(_is_switch_leftover, store_dir.iterdir()):
            leftover.unlink(missing_ok=True)  # under the writer lock: no writer is switching
        logger.info("store %s now serves build %s", store_dir, build.name)


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
        store = pyoxigraph.Store(str(build))
        _bulk_load(store, nquads)
        record_statistics(store)
        store.optimize()
        del store
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
        self.store: pyoxigraph.Store | None = pyoxigraph.Store(str(path))
        self._lines: list[str] = []
        self._labelled: list[pyoxigraph.Quad] = []
        self._chunks: queue.Queue[str | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self.compacted = False
        self._loader = threading.Thread(target=self._load_chunks, name="bulk-load", daemon=True)
        self._loader.start()

    def write(self, line: str) -> None:
        """Add one N-Quads line (with its newline)."""
        self._lines.append(line)
        if len(self._lines) >= BULK_LOAD_LINES:
            self._send()

    def write_keeping_labels(self, lines: str) -> None:
        """Add a few N-Quads lines whose blank nodes keep their labels (`finish` adds them).

        The bulk loader gives every blank node a fresh random label; a build's own blank
        nodes (the ontology's) keep theirs, so that building the same notes twice gives the
        same bytes."""
        self._labelled.extend(pyoxigraph.parse(input=lines, format=pyoxigraph.RdfFormat.N_QUADS))

    def finish(self) -> None:
        """Load what is left and wait for the loader; `store` is then complete and readable
        until the `streamed_build` block ends (and the build becomes current).

        Raises:
            StoreError: Oxigraph refused the data.
        """
        if self._loader.is_alive():
            self._send()
            self._stop()
            if self._error is not None:
                raise StoreError(f"the store refused the build: {self._error}") from self._error
            self.store.extend(self._labelled)
            self.store.flush()

    def compact(self) -> None:
        """Finish, record the build's statistics (`store.statistics`), then compact it (why:
        the comment on compaction above); the `streamed_build` block does this at its end if
        the caller has not (to time it apart)."""
        self.finish()
        if not self.compacted:
            record_statistics(self.store)
            self.store.optimize()
            self.compacted = True

    def close(self) -> None:
        """Stop the loader (after `finish`, or when the build is abandoned) and let go of the
        database, before the build becomes current: readers open a build read-only, which is
        safe only once no writer has it open (RocksDB still deletes the files a compaction
        made obsolete while its writer is open)."""
        if self._loader.is_alive():
            self._stop()
        self.store = None

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
            build.compact()
        finally:
            build.close()


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
                record_statistics(writer)  # counted again: the update changed them
                writer.flush()
            finally:
                del writer
        except BaseException as error:
            _discard_build(store_dir, build)
            # a RuntimeError (exactly) is Oxigraph failing to evaluate the update: its own fault
            if isinstance(error, SyntaxError | OSError | ValueError) or type(error) is RuntimeError:
                raise BadRequest(str(error)) from error
            raise
        _switch_current(store_dir, build)
        _remove_stale_builds(store_dir, {build.resolve(), previous})
        logger.info("store %s now serves build %s (SPARQL update)", store_dir, build.name)
        return build


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


def check_build(store_dir: Path) -> Path:
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
