"""What a researcher and their tools meet on the web pages: collections named by venue and
topic, canned queries opened with parameters, N3 and plain JSON for the clients that ask for
them by those names, cut answers that CORS clients can see, an icon."""

from __future__ import annotations

import html
import re

import pytest
import requests
from rdflib import Graph

from papergraph.queries import load_stored_queries

CONSTRUCT = "CONSTRUCT { ?p a pg:Paper } WHERE { ?p a pg:Paper } LIMIT 3"


def test_the_collection_is_named_by_venue_and_topic(sample_client):
    index = sample_client.get("/").get_data(as_text=True)
    assert re.findall(r'collection/[^"]+">([^<]+)<', index) == ["NeurIPS 2025 · Pretraining"]
    page = sample_client.get("/id/collection/neurips-2025-pretraining")
    assert page.status_code == 200
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.get_data(as_text=True), re.S)
    assert heading is not None and heading.group(1).strip() == "NeurIPS 2025 · Pretraining"


def test_a_canned_query_opens_with_the_parameters_of_the_link(sample_client):
    page = sample_client.get(
        "/sparql?name=papers-using-entity&label=Llama", headers={"Accept": "text/html"}
    )
    assert page.status_code == 200
    editor = re.search(
        r'<textarea id="query"[^>]*>(.*?)</textarea>', page.get_data(as_text=True), re.S
    )
    assert editor is not None
    query = html.unescape(editor.group(1))
    assert 'VALUES ?label { "Llama" }' in query
    default = load_stored_queries()["papers-using-entity"].params["label"]
    assert default != "Llama" and f'"{default}"' not in query


def test_an_unknown_canned_query_is_not_found(sample_client):
    page = sample_client.get("/sparql?name=no-such-query", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "papers-using-entity" in page.get_data(as_text=True)  # the names there are


@pytest.mark.parametrize(
    ("how", "value"), [("format", "n3"), ("format", "text/n3"), ("Accept", "text/n3")]
)
def test_a_graph_answer_comes_as_n3(sample_client, how, value):
    params = {"query": CONSTRUCT} | ({"format": value} if how == "format" else {})
    headers = {"Accept": value} if how == "Accept" else {}
    answer = sample_client.get("/sparql", query_string=params, headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.content_type.startswith("text/n3")
    assert len(Graph().parse(data=answer.get_data(as_text=True), format="n3")) == 3


def test_a_resource_comes_as_json_ld_to_a_json_client(sample_client):
    answer = sample_client.get("/id/entity/galore", headers={"Accept": "application/json"})
    assert answer.status_code == 200
    graph = Graph().parse(data=answer.get_data(as_text=True), format="json-ld")
    labels = {str(o) for o in graph.objects(None, None) if str(o) == "GaLore"}
    assert labels == {"GaLore"}


def test_cors_clients_can_read_that_an_answer_was_cut(sample_client):
    answer = sample_client.get(
        "/sparql",
        query_string={"query": "SELECT * { ?s ?p ?o }"},
        headers={"Origin": "https://notebook.example", "Accept": "application/json"},
    )
    assert answer.headers["X-Papergraph-Truncated"] == "true"
    exposed = {h.strip() for h in answer.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"X-Papergraph-Truncated", "X-Papergraph-Row-Limit"} <= exposed


def test_the_site_has_an_icon(sample_client):
    icon = sample_client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.content_type.startswith("image/svg+xml")
    assert icon.data.startswith(b"<svg")


def test_reading_pages_leaves_no_query_result_to_another_thread(live_sample_server):
    """Oxigraph's result iterators may only be freed on the thread that made them; one left in
    a reference cycle was freed by the garbage collector on another thread, and the server
    logged a traceback for it on many page views."""
    listed = requests.get(
        live_sample_server.url + "/sparql",
        params={"query": "SELECT ?p { ?p a pg:Paper } ORDER BY ?p"},
        headers={"Accept": "text/csv"},
        timeout=60,
    )
    papers = listed.text.splitlines()[1:]
    assert len(papers) == 48
    for paper in papers:
        path = paper.strip().removeprefix("https://w3id.org/papergraph")
        assert requests.get(live_sample_server.url + path, timeout=60).status_code == 200
    for entity in ("galore", "adamw", "transformer"):
        page = requests.get(f"{live_sample_server.url}/id/entity/{entity}", timeout=60)
        assert page.status_code == 200
    assert "unsendable" not in live_sample_server.output()
    assert "Traceback" not in live_sample_server.output()


def test_a_cut_answer_says_so_without_javascript(sample_client):
    page = sample_client.get(
        "/sparql", query_string={"query": "SELECT * { ?s ?p ?o }", "format": "html"}
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Cut: the first 10,000 rows" in text
    whole = sample_client.get(
        "/sparql", query_string={"query": "SELECT * { ?s ?p ?o } LIMIT 5", "format": "html"}
    )
    assert "Cut:" not in whole.get_data(as_text=True)
