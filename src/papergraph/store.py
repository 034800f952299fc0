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

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from papergraph.errors import StoreError
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
    except OSError as error:
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


def write_build(store_dir: Path, nquads: bytes, *, from_current: bool = False) -> Path:
    """Write a new build of `store_dir` holding `nquads` and make it current, atomically.

    Args:
        store_dir: the store directory (created when missing).
        nquads: the data, as N-Quads.
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
