"""The six systems under test, each opened as a context manager that yields a Runner and
always stops what it started."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

from _suite.latency import Sampling, SystemLatency, measure_queries
from _suite.runners import EngineWorker, HttpEndpoint, QueryFailed, QueryTimeout, Runner
from _suite.servers import (
    ServerFailed,
    ServerProcess,
    oxigraph_server,
    papergraph_server,
    rdflib_endpoint_server,
)
from papergraph.errors import PapergraphError
from papergraph.store import current_build

__all__ = ["SYSTEMS", "open_system", "run_systems"]

# key -> the name shown in the report, in the report's column order
SYSTEMS = {
    "http": "papergraph HTTP",
    "http-memory": "papergraph HTTP, in memory",
    "oxigraph-server": "Oxigraph server HTTP",
    "pyoxigraph": "pyoxigraph in-process",
    "rdflib": "rdflib in-memory",
    "rdflib-endpoint": "rdflib-endpoint HTTP",
}


@contextmanager
def _over_http(name: str, server: ServerProcess, *, restart: bool) -> Iterator[Runner]:
    with server:
        endpoint = HttpEndpoint(name, server, restart_on_timeout=restart)
        try:
            yield endpoint
        finally:
            endpoint.close()


def open_system(
    key: str,
    *,
    store: Path,
    ntriples: Path | None,
    logs: Path,
    sampling: Sampling,
    load_timeout: float,
) -> AbstractContextManager[Runner]:
    """The system `key` of SYSTEMS over the store `store` or, for the rdflib systems, its
    N-Triples export `ntriples`; servers log into `logs`."""
    if key == "http":
        server = papergraph_server(store, logs, query_timeout=sampling.timeout)
        return _over_http(SYSTEMS[key], server, restart=False)
    if key == "http-memory":
        server = papergraph_server(store, logs, query_timeout=sampling.timeout, memory_store="on")
        return _over_http(SYSTEMS[key], server, restart=False)
    if key == "oxigraph-server":
        server = oxigraph_server(
            current_build(store).resolve(), logs, query_timeout=sampling.timeout
        )
        return _over_http(SYSTEMS[key], server, restart=False)
    if key == "pyoxigraph":
        return EngineWorker("pyoxigraph", current_build(store).resolve(), load_timeout=load_timeout)
    if ntriples is None:
        raise ValueError(f"{SYSTEMS[key]} needs the N-Triples export")
    if key == "rdflib":
        return EngineWorker("rdflib", ntriples, load_timeout=load_timeout)
    if key == "rdflib-endpoint":
        server = rdflib_endpoint_server(ntriples, logs, startup_timeout=load_timeout)
        # it answers in its event loop and cannot stop a query: restart it after a timeout
        return _over_http(SYSTEMS[key], server, restart=True)
    raise ValueError(f"unknown system {key!r}")


def run_systems(
    openers: dict[str, Callable[[], AbstractContextManager[Runner]]],
    texts: dict[str, str],
    sampling: Sampling,
) -> dict[str, SystemLatency]:
    """Every query of `texts` on the systems `openers` open (all at once, taking turns), by key;
    a system that cannot open has its error instead."""
    results: dict[str, SystemLatency] = {}
    with ExitStack() as stack:
        runners: dict[str, Runner] = {}
        for key, opener in openers.items():
            try:
                runners[key] = stack.enter_context(opener())
            except (ServerFailed, QueryFailed, QueryTimeout, PapergraphError, ValueError) as error:
                results[key] = SystemLatency(error=f"{type(error).__name__}: {error}")
        measured = measure_queries(runners, texts, sampling)
        for key, runner in runners.items():
            memory = runner.memory() if isinstance(runner, HttpEndpoint) else {}
            results[key] = SystemLatency(measured[key], runner.startup_seconds, memory)
    return {key: results[key] for key in openers}
