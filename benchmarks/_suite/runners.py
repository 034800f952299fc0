"""The four ways a query is run: over HTTP (papergraph serve, rdflib-endpoint) and in process
(pyoxigraph on the store's build, rdflib on the export).

Neither engine can cancel a running query, so the in-process engines run in a child process
that is killed when a query overruns, and a server that cannot stop a query itself is
restarted before the next one. In-process latency is timed inside the child: it is the
engine's own, query and JSON serialisation of the whole answer.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

import pyoxigraph
import rdflib
import requests

from _suite.processes import StartStop
from _suite.servers import ServerFailed, ServerProcess

__all__ = ["Answer", "EngineWorker", "HttpEndpoint", "QueryFailed", "QueryTimeout", "Runner"]

_RESULTS_JSON = "application/sparql-results+json"
# papergraph serve stops a query at its --query-timeout itself and answers 503; the client
# waits this much longer so that the server's answer, not the client's timeout, ends it.
_HTTP_MARGIN_SECONDS = 10.0


class QueryTimeout(Exception):
    """The query ran past its timeout."""


class QueryFailed(Exception):
    """The query failed (an error answer, or the engine died)."""


@dataclass(frozen=True)
class Answer:
    seconds: float
    rows: int | None  # solutions in the answer, when asked for


def _count_rows(body: bytes) -> int:
    parsed = json.loads(body)
    return len(parsed["results"]["bindings"]) if "results" in parsed else 1


class Runner(Protocol):
    """Runs one query text and times it (what the latency sampler needs of a system)."""

    name: str

    @property
    def startup_seconds(self) -> float:
        """Seconds it took to start the server or load the data."""

    def run(self, text: str, *, timeout: float, count_rows: bool = False) -> Answer:
        """One run of `text`, answer counted when `count_rows`.

        Raises:
            QueryTimeout: it took longer than `timeout` seconds.
            QueryFailed: it failed, or the system did.
        """


class HttpEndpoint:
    """POST application/sparql-query to a server's SPARQL endpoint, asking for JSON results;
    the time is the whole exchange, answer body read."""

    def __init__(self, name: str, server: ServerProcess, *, restart_on_timeout: bool) -> None:
        self.name, self._server = name, server
        self._restart_on_timeout, self._needs_restart = restart_on_timeout, False
        self._session = requests.Session()
        self._session.trust_env = False  # loopback only: never through a proxy

    @property
    def startup_seconds(self) -> float:
        return self._server.startup_seconds

    def memory(self) -> dict[str, int]:
        """RSS and PSS of the server's process tree, in bytes."""
        return self._server.memory()

    def run(self, text: str, *, timeout: float, count_rows: bool = False) -> Answer:
        if self._needs_restart:
            try:
                self._server.restart()
            except ServerFailed as error:
                raise QueryFailed(f"restarting {self.name} failed: {error}") from error
            self._needs_restart = False
        headers = {"Content-Type": "application/sparql-query", "Accept": _RESULTS_JSON}
        started = time.perf_counter()
        try:
            response = self._session.post(
                self._server.sparql_url,
                data=text.encode("utf-8"),
                headers=headers,
                timeout=timeout + (0 if self._restart_on_timeout else _HTTP_MARGIN_SECONDS),
            )
        except requests.Timeout as error:
            self._needs_restart = self._restart_on_timeout
            raise QueryTimeout from error
        except requests.RequestException as error:
            raise QueryFailed(f"{type(error).__name__}: {error}") from error
        seconds = time.perf_counter() - started
        if response.status_code == 503:
            raise QueryTimeout
        if response.status_code != 200:
            raise QueryFailed(f"HTTP {response.status_code}: {response.text[:300]}")
        try:
            rows = _count_rows(response.content)
        except ValueError as error:
            # a server that streams its answer cuts it at the timeout: no whole JSON document
            if seconds >= timeout * 0.9:
                raise QueryTimeout from error
            raise QueryFailed(f"{self.name} sent an incomplete answer: {error}") from error
        return Answer(seconds, rows if count_rows else None)

    def close(self) -> None:
        self._session.close()


def _open_engine(engine: str, path: str) -> Callable[[str], bytes]:
    """A function that answers a query text with the JSON results, for `engine`."""
    if engine == "pyoxigraph":
        store = pyoxigraph.Store.read_only(path)
        return lambda text: store.query(text, use_default_graph_as_union=True).serialize(
            format=pyoxigraph.QueryResultsFormat.JSON
        )
    if engine == "rdflib":
        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(path, format="nt")
        return lambda text: dataset.query(text).serialize(format="json")
    raise ValueError(f"unknown engine {engine!r}")


def _serve(connection: Connection, engine: str, path: str) -> None:
    """The child's loop: open the engine, then answer (text, count_rows) until None."""
    started = time.perf_counter()
    try:
        answer = _open_engine(engine, path)
    except Exception as error:  # reported to the parent, which names the engine
        connection.send(("failed", f"{type(error).__name__}: {error}", None))
        return
    connection.send(("ready", time.perf_counter() - started, None))
    while (request := connection.recv()) is not None:
        text, count_rows = request
        try:
            started = time.perf_counter()
            body = answer(text)
            seconds = time.perf_counter() - started
            connection.send(("ok", seconds, _count_rows(body) if count_rows else None))
        except Exception as error:
            connection.send(("error", f"{type(error).__name__}: {error}", None))


class EngineWorker(StartStop):
    """`engine` ("pyoxigraph": a store build directory; "rdflib": an N-Triples file) loaded in
    a child process; a context manager that always ends the child. After a timeout the child
    is killed and a new one loads the data again before the next query."""

    def __init__(self, engine: str, path: Path, *, load_timeout: float) -> None:
        self.name, self._path, self._load_timeout = engine, path, load_timeout
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None
        self.startup_seconds = 0.0

    def start(self) -> None:
        """Start the child and wait until it has loaded the data.

        Raises:
            QueryFailed: the engine could not open the data, or took longer than the timeout.
        """
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child_end, self.name, str(self._path)), daemon=True
        )
        self._process.start()
        child_end.close()
        status, value, _ = self._receive(self._load_timeout, "loading the data")
        if status != "ready":
            self.stop()
            raise QueryFailed(f"{self.name} could not open {self._path}: {value}")
        self.startup_seconds = float(value)

    def _receive(self, timeout: float, doing: str) -> tuple[str, object, int | None]:
        assert self._connection is not None
        if not self._connection.poll(timeout):
            self.stop()
            raise QueryTimeout(f"{self.name} took more than {timeout:g} s {doing}")
        try:
            return self._connection.recv()
        except EOFError as error:
            self.stop()
            raise QueryFailed(f"the {self.name} worker died {doing}") from error

    def run(self, text: str, *, timeout: float, count_rows: bool = False) -> Answer:
        if self._process is None:  # killed after a timeout: load the data again
            try:
                self.start()
            except QueryTimeout as error:
                raise QueryFailed(str(error)) from error
        assert self._connection is not None
        self._connection.send((text, count_rows))
        status, value, rows = self._receive(timeout, "on a query")
        if status != "ok":
            raise QueryFailed(str(value))
        return Answer(float(value), rows)

    def stop(self) -> None:
        """End the child (killed: it may be inside a query that cannot be interrupted)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None
