"""The SPARQL servers under test, as child processes on 127.0.0.1: `papergraph serve`,
Oxigraph's own server (`oxigraph serve-read-only` on the same build directory: the anchor) and
rdflib-endpoint (the Python peer, serving the exported N-Triples from an rdflib Dataset)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

from _suite.processes import StartStop, reserve_port, stop_tree, tail, tree_memory

__all__ = [
    "ServerFailed",
    "ServerProcess",
    "oxigraph_server",
    "papergraph_server",
    "rdflib_endpoint_server",
]

_POLL_SECONDS = 0.2


class ServerFailed(RuntimeError):
    """A server exited or did not answer in time; the message ends with its log's tail."""


class ServerProcess(StartStop):
    """The server `command(port)` starts on 127.0.0.1 and a fresh port, ready once GET
    `ready_path` answers below 500; usable as a context manager that always stops it (and its
    children).

    `restart()` replaces it with a fresh process, e.g. after a query it cannot cancel.
    With `ready_log`, it is ready only once its log also has a line matching that pattern.
    """

    def __init__(
        self,
        name: str,
        command: Callable[[int], list[str]],
        *,
        log_dir: Path,
        ready_path: str,
        sparql_path: str,
        startup_timeout: float,
        ready_log: str | None = None,
    ) -> None:
        self.name = name
        self._ready_log = re.compile(ready_log) if ready_log else None
        self._command, self._log_dir = command, log_dir
        self._ready_path, self._sparql_path = ready_path, sparql_path
        self._startup_timeout = startup_timeout
        self._process: subprocess.Popen | None = None
        self.base_url = ""
        self.startup_seconds = 0.0

    @property
    def sparql_url(self) -> str:
        return self.base_url + self._sparql_path

    def start(self) -> None:
        """Start the server and wait until it answers.

        Raises:
            ServerFailed: it exited, or did not answer within the startup timeout.
        """
        port = reserve_port()
        log = self._log_dir / f"{self.name}-{port}.log"
        started = time.perf_counter()
        with open(log, "wb") as output:
            self._process = subprocess.Popen(
                self._command(port),
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        self.base_url = f"http://127.0.0.1:{port}"
        try:
            self._wait_until_ready(log, started + self._startup_timeout)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.perf_counter() - started

    def _wait_until_ready(self, log: Path, deadline: float) -> None:
        assert self._process is not None
        while True:
            if self._process.poll() is not None:
                raise ServerFailed(f"{self.name} exited {self._process.returncode}:\n{tail(log)}")
            try:
                answer = requests.get(self.base_url + self._ready_path, timeout=5)
                if answer.status_code < 500 and self._logged_ready(log):
                    return
            except requests.RequestException:
                pass
            if time.perf_counter() > deadline:
                raise ServerFailed(
                    f"{self.name} did not answer within {self._startup_timeout:g} s:\n{tail(log)}"
                )
            time.sleep(_POLL_SECONDS)

    def _logged_ready(self, log: Path) -> bool:
        if self._ready_log is None:
            return True
        return bool(self._ready_log.search(log.read_text(encoding="utf-8", errors="replace")))

    def memory(self) -> dict[str, int]:
        """RSS and PSS of the server's process tree, in bytes (see `tree_memory`)."""
        return tree_memory(self._process.pid) if self._process is not None else {}

    def stop(self) -> None:
        """Stop the server and every process it started (nothing when it is not running)."""
        if self._process is not None:
            stop_tree(self._process)
            self._process = None

    def restart(self) -> None:
        self.stop()
        self.start()


def papergraph_server(
    store: Path, log_dir: Path, *, query_timeout: float, memory_store: str = "off"
) -> ServerProcess:
    """`papergraph serve` over `store`, answering every row (no --max-result-rows cap, so that
    it does the same work as the in-process engines), stopping queries at `query_timeout`, with
    one query worker: the suite is a single client, and with more workers its runs would go
    round them and meet a cold worker (its own process and caches) now and then. With
    `memory_store` "on", it is ready once the build is loaded into memory (its log says so;
    up to 900 s)."""
    in_memory = memory_store == "on"
    return ServerProcess(
        "papergraph-serve" + ("-memory" if in_memory else ""),
        lambda port: [
            *(sys.executable, "-m", "papergraph", "-v", "serve", "--store", str(store)),
            *("--query-timeout", f"{query_timeout:g}", "--max-result-rows", "0"),
            *("--query-workers", "1", "--host", "127.0.0.1", "--port", str(port)),
            *("--memory-store", memory_store),
        ],
        log_dir=log_dir,
        ready_path="/-/health",
        sparql_path="/sparql",
        startup_timeout=900 if in_memory else 120,
        ready_log="loaded into memory" if in_memory else None,
    )


def rdflib_endpoint_server(data: Path, log_dir: Path, *, startup_timeout: float) -> ServerProcess:
    """rdflib-endpoint's own CLI (uvicorn) serving the RDF file `data`; loading it into rdflib
    happens before the server answers, so `startup_seconds` includes the load."""
    return ServerProcess(
        "rdflib-endpoint",
        lambda port: [
            *(sys.executable, "-m", "rdflib_endpoint", "serve", str(data)),
            *("--host", "127.0.0.1", "--port", str(port)),
        ],
        log_dir=log_dir,
        ready_path="/",  # its CLI serves the endpoint at the root
        sparql_path="/",
        startup_timeout=startup_timeout,
    )


def oxigraph_server(build: Path, log_dir: Path, *, query_timeout: float) -> ServerProcess:
    """Oxigraph's own server (`oxigraph serve-read-only`, the `oxigraph` package of the same
    version as pyoxigraph) on the build directory `build`, its default graph the union of the
    named graphs as papergraph's, stopping queries at `query_timeout`.

    Raises:
        ServerFailed: the `oxigraph` command is not installed (`pip install oxigraph`).
    """
    binary = shutil.which("oxigraph")
    if binary is None:
        raise ServerFailed("the oxigraph command is not installed (pip install oxigraph)")
    return ServerProcess(
        "oxigraph-server",
        lambda port: [
            *(binary, "serve-read-only", "--location", str(build)),
            *("--bind", f"127.0.0.1:{port}", "--union-default-graph"),
            *("--timeout-s", str(max(1, round(query_timeout)))),
        ],
        log_dir=log_dir,
        ready_path="/",
        sparql_path="/query",
        startup_timeout=120,
    )
