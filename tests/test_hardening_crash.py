"""Issue 7: a live server keeps answering during a rebuild, serves the new build without a
restart, and a build killed with SIGKILL at any moment leaves it answering exactly as before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from _waits import wait_for_moment
from papergraph.build import build_store
from papergraph.rdf.namespaces import DEFAULT_BASE
from test_build import _big_page

COUNT = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pg:Paper }"


def _papers(server) -> int:
    response = requests.get(
        server.url + "/sparql",
        params={"query": COUNT},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _export(server) -> bytes:
    response = requests.get(server.url + "/export.nt", timeout=60)
    assert response.status_code == 200
    return response.content


def _cli_build(page: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "papergraph", "build", str(page), "--store", str(store)]
        + ["--no-validate"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class Readers:
    """Clients that query the server while something else happens; records every status."""

    def __init__(self, server, count: int = 2) -> None:
        self.server, self.statuses, self.stop = server, [], threading.Event()
        self.failures: list[str] = []
        self.threads = [threading.Thread(target=self._read) for _ in range(count)]

    def _read(self) -> None:
        """Record each answer's status, or the failure itself (a thread that raised would
        just end, and the test would not see it)."""
        while not self.stop.is_set():
            try:
                response = requests.get(
                    self.server.url + "/sparql",
                    params={"query": COUNT},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=60,
                )
            except requests.RequestException as error:
                self.statuses.append(repr(error))
                continue
            self.statuses.append(response.status_code)
            if response.status_code != 200:
                self.failures.append(f"{response.status_code}: {response.text[:500]}")

    def __enter__(self) -> Readers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


@pytest.mark.slow
def test_a_rebuild_is_served_without_restart_and_readers_never_wait(
    sample_page, nlp, tmp_path, start_server
):
    store = tmp_path / "store"
    small = _big_page(sample_page, tmp_path / "small.txt", copies=1)
    build_store([small], store, base=DEFAULT_BASE, nlp=nlp)
    server = start_server(store)
    before = _papers(server)
    bigger = _big_page(sample_page, tmp_path / "bigger.txt", copies=2)
    with Readers(server) as readers:
        process = _cli_build(bigger, store)
        assert process.wait(timeout=600) == 0
    assert set(readers.statuses) == {200} and readers.statuses, readers.failures
    assert _papers(server) == 2 * before


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["while extracting", "while writing the new build"])
def test_a_killed_build_leaves_the_served_store_as_it_was(
    sample_page, nlp, tmp_path, start_server, moment
):
    store = tmp_path / "store"
    build_store([sample_page], store, base=DEFAULT_BASE, nlp=nlp)
    server = start_server(store)
    papers, export = _papers(server), _export(server)
    big = _big_page(sample_page, tmp_path / "big.txt", copies=40)
    with Readers(server) as readers:
        process = _cli_build(big, store)
        wait_for_moment(process, store, moment)
        assert process.poll() is None, "the build ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert set(readers.statuses) == {200} and readers.statuses, readers.failures
    assert _papers(server) == papers
    assert _export(server) == export
    assert "Traceback" not in server.output()
