"""Issue 7: query timeout (the worker is killed), result-row cap, body and URL limits, and
updates off without a token, against `papergraph serve` on loopback."""

from __future__ import annotations

from pathlib import Path

import requests

from conftest import post_query

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PAPERS = "SELECT ?paper WHERE { ?paper a pg:Paper }"


def _workers(server) -> set[int]:
    """The pids of the server's query worker processes (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == server.process.pid and b"papergraph.store.worker" in cmdline:
            found.add(int(stat.parent.name))
    return found


def test_a_query_past_the_timeout_is_stopped_and_the_next_is_answered(sample_store, start_server):
    # On disk: the same from memory is tested in test_memory_store.py.
    server = start_server(
        sample_store, "--query-timeout", "3", "--query-workers", "1", "--memory-store", "off"
    )
    assert post_query(server, "ASK {}").json()["boolean"] is True
    (worker,) = _workers(server)
    response = post_query(server, CROSS_JOIN)
    assert response.status_code == 503, response.text
    assert "longer than the 3 s limit" in response.text
    assert worker not in _workers(server)  # killed: its CPU is free again
    assert post_query(server, "ASK {}").json()["boolean"] is True
    assert "Traceback" not in server.output()


def test_select_answers_are_cut_at_the_row_limit(mini_store, start_server):
    server = start_server(mini_store, "--max-result-rows", "1")
    response = post_query(server, PAPERS)
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 1
    assert response.headers["X-Papergraph-Truncated"] == "true"
    assert response.headers["X-Papergraph-Row-Limit"] == "1"
    for accept in ("text/csv", "text/tab-separated-values", "application/sparql-results+xml"):
        response = post_query(server, PAPERS, Accept=accept)
        assert response.status_code == 200
        assert response.headers["X-Papergraph-Truncated"] == "true"
    html = requests.get(
        server.url + "/sparql", params={"query": PAPERS, "format": "html"}, timeout=30
    )
    assert html.status_code == 200 and html.headers["X-Papergraph-Truncated"] == "true"


def test_answers_within_the_row_limit_are_whole(live_server, mini_build):
    response = post_query(live_server, PAPERS)
    assert len(response.json()["results"]["bindings"]) == mini_build.papers > 1
    assert "X-Papergraph-Truncated" not in response.headers


def test_a_2mb_body_gets_413(live_server):
    body = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (2 * 1024 * 1024)
    response = requests.post(
        live_server.url + "/sparql",
        data=body.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 413
    assert post_query(live_server, "ASK {}").status_code == 200


def test_a_long_url_gets_414(live_server):
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 20000
    response = requests.get(live_server.url + "/sparql", params={"query": query}, timeout=30)
    assert response.status_code == 414
    assert "POST" in response.text


def test_updates_are_refused_without_a_token_and_change_nothing(live_server, mini_build):
    insert = "INSERT DATA { <urn:x> a pg:Paper }"
    response = requests.post(live_server.url + "/sparql", data={"update": insert}, timeout=30)
    assert response.status_code == 403
    assert len(post_query(live_server, PAPERS).json()["results"]["bindings"]) == mini_build.papers


def test_update_token_is_checked_and_never_logged(writable_store, start_server, mini_build):
    token = "tok-7f3a9c1e-never-in-logs"
    server = start_server(writable_store, "--update-token", token)
    insert = "INSERT DATA { <urn:x> a pg:Paper }"
    for given, status in ((None, 401), ("wrong", 401), (token[:-1], 401), (token, 204)):
        headers = {"Authorization": f"Bearer {given}"} if given else {}
        response = requests.post(
            server.url + "/sparql", data={"update": insert}, headers=headers, timeout=30
        )
        assert response.status_code == status, response.text
        if status == 401:
            assert (
                len(post_query(server, PAPERS).json()["results"]["bindings"]) == mini_build.papers
            )
    assert len(post_query(server, PAPERS).json()["results"]["bindings"]) == mini_build.papers + 1
    assert token not in server.output()
    assert "SPARQL update applied" in server.output()  # the request log is on (-v)
