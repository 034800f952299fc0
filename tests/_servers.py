"""Servers the tests start on loopback (STYLE.md, section 8): `papergraph serve` (conftest's
`run_server`), Virtuoso (`_virtuoso.run_virtuoso`) and Oxigraph server
(`_oxigraph_server.run_oxigraph_server`). A child process with its output in a
log and a clean stop (werkzeug's dev_server), a freshly reserved port, and a readiness poll
with a deadline (datasette's wait_until_responds) and the liveness check it lacks.
"""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import requests

from papergraph.store import locate_store
from papergraph.store.remote import RemoteStore

__all__ = ["RemoteServer", "reserve_port", "running", "wait_until_responds"]


@dataclasses.dataclass
class RemoteServer:
    """A SPARQL store running on loopback for the remote-store tests: its query endpoint, its
    process and its log. `env` is where papergraph reads the credentials from (none here)."""

    sparql_url: str
    process: subprocess.Popen
    log: Path

    @property
    def locator(self) -> str:
        return "sparql+" + self.sparql_url

    @property
    def env(self) -> dict[str, str]:
        return {}

    def store(self) -> RemoteStore:
        credentials = self.env
        store = locate_store(
            self.locator,
            user=credentials.get("PAPERGRAPH_STORE_USER"),
            password=credentials.get("PAPERGRAPH_STORE_PASSWORD"),
        )
        assert isinstance(store, RemoteStore)
        return store

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def reserve_port() -> int:
    """A port that was free a moment ago on 127.0.0.1 (werkzeug's dev_server does the same)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(
    command: list[str], log: Path, *, stop_timeout: float, cwd: Path | None = None
) -> Iterator[subprocess.Popen]:
    """`command` running with its output in `log`; on exit it is terminated, and killed if it
    has not stopped within `stop_timeout` seconds."""
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_responds(
    process: subprocess.Popen,
    output: Callable[[], str],
    url: str,
    *,
    name: str,
    timeout: float,
    poll: float,
    request_timeout: float,
    params: dict[str, str] | None = None,
    ready: Callable[[requests.Response], bool] = lambda response: True,
) -> None:
    """Poll GET `url` every `poll` seconds until an answer is `ready` (by default, any answer).

    Raises:
        AssertionError: the server `name` exited, or was not ready within `timeout` seconds;
            the message ends with its `output()`.
    """
    deadline = time.monotonic() + timeout
    while True:
        assert process.poll() is None, f"{name} exited:\n{output()}"
        with contextlib.suppress(requests.ConnectionError, requests.Timeout):
            if ready(requests.get(url, params=params, timeout=request_timeout)):
                return
        if time.monotonic() > deadline:
            raise AssertionError(f"{name} did not answer within {timeout} s:\n{output()}")
        time.sleep(poll)
