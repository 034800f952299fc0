"""Issue 13: a query's memory is capped, answers are capped in bytes, and a burst of expensive
queries from one client leaves the others served — against real servers on loopback."""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
from rdflib import Graph

JSON = "application/sparql-results+json"
# 61 bytes that grow without bound: the cross product of the store with itself, sorted.
CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
# Long-running but small: counting a triple cross product streams.
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _rss_bytes(pid: int) -> int:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _get(server, query: str, accept: str = JSON, *, source: str = "127.0.0.1"):
    """GET /sparql from the loopback address `source`: (status, headers, body)."""
    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60, source_address=(source, 0))
    try:
        connection.request(
            "GET", "/sparql?" + urlencode({"query": query}), headers={"Accept": accept}
        )
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.slow
def test_a_query_past_its_memory_cap_is_stopped_with_a_clear_error(sample_store, start_server):
    cap_mib = 400
    # On disk: the same from memory is tested in test_memory_store.py.
    server = start_server(
        sample_store, "--query-memory", str(cap_mib), "--query-workers", "1",
        "--query-timeout", "30", "--memory-store", "off",
    )  # fmt: skip
    peak = {"rss": 0}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for pid in _children(server.process.pid):
                peak["rss"] = max(peak["rss"], _rss_bytes(pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        status, _, body = _get(server, CROSS_JOIN)
    finally:
        done.set()
        watcher.join()
    assert status == 503, body
    assert b"MiB of memory a query may use" in body
    # The cap is on the worker's heap; its resident size adds only the mapped program files.
    assert 0 < peak["rss"] <= (cap_mib + 150) * 2**20, peak
    # The worker was replaced: the next query is answered.
    status, _, body = _get(server, "ASK {}")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_serve_refuses_memory_caps_beyond_the_machine(sample_store, runner):
    from papergraph.cli import cli

    result = runner.invoke(
        cli, ["serve", "--store", str(sample_store), "--query-workers", "4",
              "--query-memory", str(2**30)],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "would need more than this machine's" in result.output


def test_answers_are_cut_at_the_byte_limit(sample_store, start_server):
    limit = 20_000
    server = start_server(sample_store, "--max-result-bytes", str(limit))
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    for accept in (JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"):
        status, headers, body = _get(server, everything, accept)
        assert status == 200, body
        assert headers["X-Papergraph-Truncated"] == "true"
        assert headers["X-Papergraph-Byte-Limit"] == str(limit)
        assert limit / 2 < len(body) <= limit, (accept, len(body))
    status, _, body = _get(server, everything)
    assert len(json.loads(body)["results"]["bindings"]) > 10
    status, headers, body = _get(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert status == 200 and headers["X-Papergraph-Byte-Limit"] == str(limit)
    assert len(body) <= limit and len(Graph().parse(data=body, format="turtle")) > 10
    # One solution larger than the limit: none is sent, and the answer says it was cut.
    doubling = 'BIND("ab" AS ?v0) ' + " ".join(
        f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(16)
    )
    status, headers, body = _get(server, f"SELECT ?v16 WHERE {{ {doubling} }}")
    assert status == 200 and headers["X-Papergraph-Truncated"] == "true"
    assert json.loads(body)["results"]["bindings"] == []


def test_answers_without_a_row_limit_are_cut_at_the_byte_limit(sample_store, start_server):
    # With no row limit Oxigraph writes the JSON answer itself; the byte limit still holds.
    limit = 20_000
    server = start_server(sample_store, "--max-result-bytes", str(limit), "--max-result-rows", "0")
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    status, headers, body = _get(server, everything, JSON)
    assert status == 200 and headers["X-Papergraph-Truncated"] == "true", body[:200]
    assert limit / 2 < len(body) <= limit
    cut = json.loads(body)["results"]["bindings"]
    status, headers, body = _get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON)
    assert "X-Papergraph-Truncated" not in headers
    assert 10 < len(cut) < int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_one_clients_burst_leaves_other_clients_served(sample_store, start_server):
    server = start_server(
        sample_store, "--query-workers", "2", "--query-queue", "1", "--query-wait", "0.5",
        "--query-timeout", "8",
    )  # fmt: skip
    answers: list[int] = []

    def heavy() -> None:
        answers.append(_get(server, SLOW_COUNT)[0])

    burst = [threading.Thread(target=heavy) for _ in range(4)]
    for thread in burst:
        thread.start()
    deadline = time.monotonic() + 5
    while len(answers) < 3 and time.monotonic() < deadline:  # all but the running one refused
        time.sleep(0.05)
    assert sorted(answers) == [503, 503, 503], answers
    # The burst's client is refused at once, with Retry-After; another client is served.
    status, headers, body = _get(server, "ASK {}")
    assert status == 503 and int(headers["Retry-After"]) >= 1, body
    status, _, body = _get(server, "ASK {}", source="127.0.0.2")
    assert status == 200 and json.loads(body)["boolean"] is True
    for thread in burst:
        thread.join()
    assert sorted(answers) == [503, 503, 503, 503]  # the running one hit its timeout


def test_answers_when_workers_are_free_are_unaffected(live_server):
    response = requests.get(
        live_server.url + "/sparql", params={"query": "ASK {}"}, headers={"Accept": JSON},
        timeout=30,
    )  # fmt: skip
    assert response.status_code == 200
    assert "X-Papergraph-Truncated" not in response.headers
