"""Compressed answers (issue 17): a client that accepts gzip gets the page gzipped, with
`Vary: Accept-Encoding`, and it decodes to the page itself; the whole-graph downloads still
stream from their file, uncompressed."""

from __future__ import annotations

import gzip
import json
from urllib.parse import urlencode

import pytest
import requests

from conftest import make_app


def raw_get(url: str, encoding: str) -> requests.Response:
    """`url` with `Accept-Encoding: encoding`, its body left as it came (not decoded)."""
    response = requests.get(url, headers={"Accept-Encoding": encoding}, stream=True, timeout=60)
    response.raw.decode_content = False
    return response


def test_the_graph_page_comes_gzipped_and_decodes_to_the_same_html(live_sample_server):
    url = live_sample_server.url + "/graph"
    plain = raw_get(url, "identity")
    squeezed = raw_get(url, "gzip")
    plain_body, squeezed_body = plain.raw.read(), squeezed.raw.read()
    assert plain.headers.get("Content-Encoding") is None
    assert squeezed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in squeezed.headers["Vary"]
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert len(squeezed_body) < len(plain_body) / 3
    assert gzip.decompress(squeezed_body) == plain_body
    assert b"<html" in plain_body


def test_a_sparql_answer_comes_gzipped(live_sample_server):
    query = urlencode({"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 500"})
    response = raw_get(f"{live_sample_server.url}/sparql?{query}", "gzip")
    assert response.headers["Content-Encoding"] == "gzip"
    answer = json.loads(gzip.decompress(response.raw.read()))
    assert len(answer["results"]["bindings"]) == 500


@pytest.fixture(scope="module")
def sample_app(sample_store):
    with make_app(sample_store) as app:
        yield app


def test_an_export_streams_from_its_file_uncompressed(sample_app):
    client = sample_app.test_client()
    client.get("/export.nt")  # written to the export cache
    response = client.get("/export.nt", headers={"Accept-Encoding": "gzip"}, buffered=False)
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") is None
    total = int(response.headers["Content-Length"])
    chunks = iter(response.response)
    first = next(chunks)  # the first bytes, before the rest is read
    assert 0 < len(first) < total
    rest = b"".join(chunks)
    response.close()
    assert len(first) + len(rest) == total
    assert first.startswith(b"<")  # N-Triples as written, not gzip's magic bytes


def test_a_big_export_over_http_arrives_in_pieces(live_sample_server):
    response = raw_get(live_sample_server.url + "/export.nt", "gzip")
    assert response.headers.get("Content-Encoding") is None
    total = int(response.headers["Content-Length"])
    first = response.raw.read(4096)
    assert len(first) == 4096 < total
    assert len(first) + len(response.raw.read()) == total
