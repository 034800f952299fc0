"""The store handle of a request, after flaskr's db.py: `get_store()` caches on `g`.

The app keeps one `StoreHandle` on `app.extensions`; it holds the Dataset of the build it last
opened and reopens when `papergraph build` (or a SPARQL update) has switched the store's
`current` link to another build, so a rebuild is served without a restart. The check is one
readlink per request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app, g
from rdflib import Dataset

from papergraph.store import current_build, open_store

__all__ = ["ServedBuild", "StoreHandle", "close_store", "get_build", "get_store", "init_app"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
_EXTENSION = "papergraph.store"


class ServedBuild:
    """One opened build: its directory, its Dataset, and values computed once per build."""

    def __init__(self, path: Path, dataset: Dataset) -> None:
        self.path = path
        self.dataset = dataset
        self._memo: dict[str, Any] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.path.name

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()`, computed once for this build (counts, the search index, ...)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]


class StoreHandle:
    """The build of `store_dir` that is served, reopened whenever the current build changes."""

    def __init__(self, store_dir: Path) -> None:
        self.store_dir = Path(store_dir)
        self._served: ServedBuild | None = None
        self._lock = threading.Lock()

    def current(self) -> ServedBuild:
        """The ServedBuild of the current build, opening it if it is new.

        Raises:
            StoreError: no store, or it cannot be opened.
        """
        path = current_build(self.store_dir).resolve()
        with self._lock:
            served = self._served
            if served is None or served.path != path:
                served = ServedBuild(path, open_store(self.store_dir))
                if self._served is not None:
                    logger.info("serving the new build %s of %s", path.name, self.store_dir)
                # Requests still running keep the old Dataset until they finish.
                self._served = served
            return served


def get_build() -> ServedBuild:
    """The build this request reads, the same for the whole request.

    Raises:
        StoreError: no store, or it cannot be opened (503).
    """
    if "build" not in g:
        g.build = current_app.extensions[_EXTENSION].current()
    return g.build


def get_store() -> Dataset:
    """The Dataset this request reads (see `get_build`)."""
    return get_build().dataset


def close_store(exception: BaseException | None = None) -> None:
    """Drop the request's reference to its build (the Dataset is shared, not closed)."""
    g.pop("build", None)


def init_app(app: Flask) -> None:
    """Give `app` its store handle and the teardown that releases it."""
    app.extensions[_EXTENSION] = StoreHandle(Path(app.config["STORE"]))
    app.teardown_appcontext(close_store)
