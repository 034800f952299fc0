"""Issue 13: absolute URLs come from `--base-url` or the address `papergraph serve` listens on,
never from the request's Host header, which any client may forge. Checked on real servers on
loopback, with a forged Host on every request."""

from __future__ import annotations

import re

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import Namespace

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORGED = "forged.invalid:6666"
TURTLE = {"Accept": "text/turtle"}


def _get(server, path: str, **headers: str) -> requests.Response:
    response = requests.get(server.url + path, headers={"Host": FORGED, **headers}, timeout=30)
    assert response.status_code == 200, (path, response.status_code)
    return response


def _pages(server) -> list[str]:
    """Every page a visitor reaches from the home page in one click, and a few fixed ones."""
    home = _get(server, "/").text
    linked = sorted(set(re.findall(r'href="(/(?:id|graph|api)[^"#]*)"', home)))
    assert any(path.startswith("/id/") for path in linked)
    return ["/", "/sparql", "/api/openapi.json", "/-/version", *linked]


def _service_description(server, **headers: str) -> Graph:
    response = _get(server, "/sparql", **TURTLE, **headers)
    return Graph().parse(data=response.content, format="turtle")


def test_the_service_description_names_the_listening_address(live_server):
    graph = _service_description(live_server)
    endpoint = URIRef(live_server.url + "/sparql")
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert not any("forged" in str(term) for triple in graph for term in triple)


def test_relative_iris_resolve_against_the_listening_address(live_server):
    response = requests.get(
        live_server.url + "/sparql",
        params={"query": "SELECT ?x WHERE { BIND (<thing> AS ?x) }"},
        headers={"Host": FORGED, "Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.json()["results"]["bindings"][0]["x"]["value"] == live_server.url + "/thing"


def test_no_page_or_header_carries_the_forged_host(live_server):
    pages = _pages(live_server)
    for path in pages:
        for accept in ("text/html", "text/turtle", "application/ld+json"):
            response = _get(live_server, path, Accept=accept)
            assert "forged" not in response.text, path
            assert not any("forged" in value for value in response.headers.values()), path
    assert len(pages) > 5


@pytest.fixture(scope="module")
def proxied_server(mini_store, tmp_path_factory):
    from conftest import run_server

    with run_server(
        mini_store, tmp_path_factory.mktemp("proxied"), "--base-url", "https://pg.example.org/kg/"
    ) as server:
        yield server


def test_base_url_wins_over_the_host_header(proxied_server):
    graph = _service_description(proxied_server)
    endpoint = URIRef("https://pg.example.org/kg/sparql")
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert not any(
        "forged" in str(term) or "127.0.0.1" in str(term) for triple in graph for term in triple
    )
