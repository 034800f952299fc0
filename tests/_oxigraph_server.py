"""Oxigraph's own SPARQL server (`oxigraph serve`, the `oxigraph` package on PyPI, the same
version as pyoxigraph) on loopback for the remote-store tests (issue 16), started like
Virtuoso in `_virtuoso` with the same helpers (`_servers`): a fresh port, a log in the test's
folder, a readiness poll with a deadline and a liveness check, and a clean stop.

It keeps its database in a folder of the test's own. It has no users: queries go to /query,
updates to /update and Graph Store Protocol requests to /store, the endpoints papergraph
chooses for a locator ending in /query.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from _servers import RemoteServer, running, wait_until_responds

__all__ = ["OxigraphServer", "find_oxigraph", "run_oxigraph_server"]

_READY_TIMEOUT = 60.0


def find_oxigraph() -> str | None:
    """The `oxigraph` command (`pip install oxigraph`), or None."""
    return shutil.which("oxigraph")


class OxigraphServer(RemoteServer):
    """A running `oxigraph serve` (no users: no credentials)."""


@contextlib.contextmanager
def run_oxigraph_server(folder: Path, *, port: int) -> Iterator[OxigraphServer]:
    """Start `oxigraph serve --location FOLDER/db --bind 127.0.0.1:PORT`; stop it on exit."""
    binary = find_oxigraph()
    assert binary is not None, "oxigraph is not installed (pip install oxigraph)"
    log = folder / "oxigraph.log"
    command = [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    with running(command, log, stop_timeout=30, cwd=folder) as process:
        server = OxigraphServer(f"http://127.0.0.1:{port}/query", process=process, log=log)
        wait_until_responds(
            process,
            server.output,
            server.sparql_url,
            name="oxigraph serve",
            timeout=_READY_TIMEOUT,
            poll=0.1,
            request_timeout=5,
            params={"query": "ASK {}"},
            ready=lambda response: response.status_code == 200,
        )
        yield server
