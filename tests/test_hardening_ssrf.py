"""Issue 7: nothing the endpoint or `papergraph load` is given makes papergraph connect anywhere.

A listener on 127.0.0.1 (`_canary.Listener`) records every connection; SERVICE, LOAD, FROM,
default-graph-uri and named-graph-uri queries against a live server, a JSON-LD remote context
and an RDF/XML external entity all aim at it, and it must record none.
"""

from __future__ import annotations

import contextlib
import json

import pytest
import requests

from _canary import Listener
from papergraph.errors import BadRequest
from papergraph.load import load_file
from papergraph.sparqlguard import outbound_operations

JSON = "application/sparql-results+json"


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def _query(server, query: str, **params: str) -> requests.Response:
    return requests.post(
        server.url + "/sparql",
        data={"query": query, **params},
        headers={"Accept": JSON},
        timeout=30,
    )


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{url}/sparql> { ?s ?p ?o } }",
    "select * where { service silent <{url}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { # a comment\n SeRvIcE\n<{url}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <{url}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\U00000053ERVICE SILENT <{url}/sparql> { ?s ?p ?o } }",
    "PREFIX remote: <{url}/> SELECT * WHERE { SERVICE remote:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<{url}/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p "SERVICE" . SERVICE<{url}/sparql>{ ?s ?p ?o } }',
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_and_connects_nowhere(live_server, listener, template):
    response = _query(live_server, template.replace("{url}", listener.url))
    assert response.status_code == 400, response.text
    assert "SERVICE is not supported" in response.text
    assert listener.connections == []


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> {}",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }",
        "SELECT ?SERVICE WHERE { ?SERVICE ?p ?o }",
        "SELECT * WHERE { ?s ?p <http://example.org/SERVICE> }",
    ],
)
def test_the_word_service_elsewhere_is_no_service(text):
    assert outbound_operations(text) == set()


@pytest.mark.parametrize(
    "text",
    ["LOAD <http://x/>", "load silent <http://x/> into graph <g>", "\\u004cOAD <http://x/>"],
)
def test_load_is_found_in_every_spelling(text):
    assert outbound_operations(text, update=True) == {"LOAD"}


def test_load_is_refused_and_connects_nowhere(writable_store, start_server, listener):
    server = start_server(writable_store, "--update-token", "s3cret-token")
    for update in (
        f"LOAD <{listener.url}/data.ttl>",
        f"LOAD SILENT <{listener.url}/data.ttl> INTO GRAPH <urn:g>",
        f"\\u004cOAD <{listener.url}/data.ttl>",
    ):
        response = requests.post(
            server.url + "/sparql",
            data={"update": update},
            headers={"Authorization": "Bearer s3cret-token"},
            timeout=30,
        )
        assert response.status_code == 400, response.text
        assert "LOAD and SERVICE are not supported" in response.text
    assert listener.connections == []


def test_from_a_graph_not_in_the_store_is_empty_and_never_fetched(live_server, listener):
    for query in (
        f"SELECT * FROM <{listener.url}/g> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{listener.url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ):
        response = _query(live_server, query)
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"] == []
    for param in ("default-graph-uri", "named-graph-uri"):
        response = _query(
            live_server, "SELECT * WHERE { ?s ?p ?o }", **{param: f"{listener.url}/g"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"] == []
    assert listener.connections == []


@pytest.mark.parametrize(
    "context",
    [
        "{url}/context.jsonld",
        ["{url}/context.jsonld", {"name": "http://schema.org/name"}],
        {"@import": "{url}/context.jsonld", "name": "http://schema.org/name"},
    ],
)
def test_jsonld_remote_context_is_refused_unfetched(writable_store, tmp_path, listener, context):
    context = json.loads(json.dumps(context).replace("{url}", listener.url))
    path = tmp_path / "doc.jsonld"
    document = {"@context": context, "@id": "http://example.org/a", "name": "A"}
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(BadRequest, match="remote context"):
        load_file(writable_store, path)
    assert listener.connections == []


def test_jsonld_with_an_inline_context_loads(writable_store, tmp_path):
    path = tmp_path / "doc.json"
    document = {
        "@context": {"name": "http://schema.org/name"},
        "@id": "http://example.org/a",
        "name": "A",
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    assert load_file(writable_store, path).triples == 1


def test_rdfxml_external_entity_is_never_resolved(writable_store, tmp_path, listener):
    path = tmp_path / "doc.rdf"
    path.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY ext SYSTEM "{listener.url}/secret">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/">
  <rdf:Description rdf:about="http://ex.org/a"><ex:p>&ext;</ex:p></rdf:Description>
</rdf:RDF>""",
        encoding="utf-8",
    )
    with contextlib.suppress(BadRequest):  # refusing it is as good as ignoring the entity
        load_file(writable_store, path)
    external_dtd = tmp_path / "dtd.rdf"
    external_dtd.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF SYSTEM "{listener.url}/doc.dtd">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/">
  <rdf:Description rdf:about="http://ex.org/b"><ex:p>b</ex:p></rdf:Description>
</rdf:RDF>""",
        encoding="utf-8",
    )
    load_file(writable_store, external_dtd)
    assert listener.connections == []
