"""The store handle of a request, after flaskr's db.py: `get_store()` caches on `g`.

The app keeps one `StoreHandle` on `app.extensions`; it holds the Dataset of the build it last
opened and reopens when `papergraph build` (or a SPARQL update) has switched the store to
another build, so a rebuild is served without a restart. The check is one readlink per request
(on a remote SPARQL store, one query of its manifest).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g
from rdflib import Dataset

from papergraph.store import StoreLocation, StoreVersion, locate_store, open_store, store_version

__all__ = [
    "ServedBuild",
    "StoreHandle",
    "close_store",
    "get_build",
    "get_location",
    "get_store",
    "init_app",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")
_EXTENSION = "papergraph.store"


class ServedBuild:
    """One opened build: its version (name, time, what a query worker reads), its Dataset, and
    values computed once per build."""

    def __init__(self, version: StoreVersion, dataset: Dataset) -> None:
        self.version = version
        self.dataset = dataset
        self._memo: dict[str, Any] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.version.name

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()`, computed once for this build (counts, the search index, ...)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]


class StoreHandle:
    """The build of `location` that is served, reopened whenever the current build changes."""

    def __init__(self, location: StoreLocation) -> None:
        self.location = location
        self._served: ServedBuild | None = None
        self._lock = threading.Lock()

    def current(self) -> ServedBuild:
        """The ServedBuild of the current build, opening it if it is new.

        Raises:
            StoreError: no store, or it cannot be opened.
        """
        version = store_version(self.location)
        with self._lock:
            served = self._served
            if served is None or served.name != version.name:
                served = ServedBuild(version, open_store(self.location))
                if self._served is not None:
                    logger.info("serving the new build %s of %s", version.name, self.location)
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


def get_location() -> StoreLocation:
    """The store the app serves: a directory, or a remote SPARQL store."""
    return current_app.extensions[_EXTENSION].location


def close_store(exception: BaseException | None = None) -> None:
    """Drop the request's reference to its build (the Dataset is shared, not closed)."""
    g.pop("build", None)


def init_app(app: Flask) -> None:
    """Give `app` its store handle (STORE: a directory, a `sparql+http(s)://` locator with
    STORE_UPDATE, STORE_GRAPH_STORE, STORE_USER and STORE_PASSWORD, or a `RemoteStore`) and the
    teardown that releases it."""
    location = locate_store(
        app.config["STORE"],
        update_url=app.config.get("STORE_UPDATE"),
        graph_store_url=app.config.get("STORE_GRAPH_STORE"),
        user=app.config.get("STORE_USER"),
        password=app.config.get("STORE_PASSWORD"),
    )
    app.extensions[_EXTENSION] = StoreHandle(location)
    app.teardown_appcontext(close_store)
