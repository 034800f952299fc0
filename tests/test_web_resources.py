"""Linked-data resources at /id/..., the home page, instance endpoints, exports and the factory."""

from __future__ import annotations

import json

import pytest
import requests
from rdflib import Dataset, Graph, URIRef

from conftest import GALORE_TITLE, HOSTILE_TITLE, make_app, mini_note, mini_paper
from papergraph.rdf.namespaces import DEFAULT_BASE, OA, PG, RDF
from papergraph.store import (
    current_build,
    named_graph,
    open_build_read_only,
    open_store,
    write_build,
)
from papergraph.web import create_app

PAPER = mini_paper(GALORE_TITLE)
NOTE = mini_note(GALORE_TITLE)
GALORE = f"{DEFAULT_BASE}entity/galore"

RDF_SYNTAXES = [
    ("text/turtle", "text/turtle; charset=utf-8", "turtle", "ttl"),
    ("application/ld+json", "application/ld+json", "json-ld", "jsonld"),
    ("application/n-triples", "application/n-triples", "nt", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml", "rdf"),
]


@pytest.fixture(scope="module")
def mini_triples(mini_build) -> int:
    """The quads of the mini store's build, counted by Oxigraph: those the build reported."""
    count = len(open_build_read_only(current_build(mini_build.store)))
    assert count == mini_build.triples
    return count


def _path(iri: str) -> str:
    return "/id/" + iri[len(DEFAULT_BASE) :]


# --- the factory ---------------------------------------------------------------------------------


def test_config(mini_store):
    assert not create_app({"STORE": str(mini_store)}).testing
    assert create_app({"TESTING": True, "STORE": str(mini_store)}).testing


def test_factory_registers_one_blueprint_per_surface(app):
    assert set(app.blueprints) == {
        "instance",
        "sparql",
        "resource",
        "api",
        "export",
        "graph",
        "browse",
        "canned",
        "compare",
    }
    assert app.blueprints["api"].url_prefix == "/api"


def test_defaults_come_from_the_settings_table(app):
    assert app.config["QUERY_TIMEOUT"] == 30.0
    assert app.config["UPDATE_TOKEN"] is None
    assert app.config["CORS_ORIGINS"] == "*"


# --- content negotiation -------------------------------------------------------------------------


def test_browsers_get_html(client):
    response = client.get(_path(PAPER), headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(("accept", "content_type", "rdflib_format", "suffix"), RDF_SYNTAXES)
def test_rdf_by_accept_suffix_and_format_parameter(
    client, accept, content_type, rdflib_format, suffix
):
    by_accept = client.get(_path(PAPER), headers={"Accept": accept})
    by_suffix = client.get(f"{_path(PAPER)}.{suffix}")
    by_format = client.get(_path(PAPER), query_string={"format": suffix})
    for response in (by_accept, by_suffix, by_format):
        assert response.status_code == 200
        assert response.content_type == content_type
        graph = Graph().parse(data=response.data, format=rdflib_format)
        assert (URIRef(PAPER), PG.proposes, URIRef(GALORE)) in graph


def test_link_headers_advertise_the_other_representations(client):
    response = client.get(_path(PAPER), headers={"Accept": "text/turtle"})
    link = response.headers["Link"]
    assert f'<{_path(PAPER)}>; rel="alternate"; type="text/html"' in link
    assert f'<{_path(PAPER)}.jsonld>; rel="alternate"; type="application/ld+json"' in link
    assert f'<{_path(PAPER)}.nt>; rel="alternate"; type="application/n-triples"' in link
    assert "text/turtle" not in link
    html = client.get(_path(PAPER))
    assert f'<{_path(PAPER)}.ttl>; rel="alternate"; type="text/turtle"' in html.headers["Link"]


def test_nothing_acceptable_is_406(client):
    assert client.get(_path(PAPER), headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize(
    "path",
    ["/id/paper/nothing", "/id/paper/nothing.ttl", "/id/nothing%3E%20%7D", "/id/graph/nothing"],
)
def test_unknown_resources_are_404(client, path):
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404


def test_404_is_json_for_json_clients_and_html_for_browsers(client):
    as_json = client.get("/id/paper/nothing", headers={"Accept": "application/json"})
    assert as_json.status_code == 404
    assert set(as_json.get_json()) == {"ok", "error", "errors", "status"}
    assert as_json.get_json()["status"] == 404
    as_html = client.get("/id/paper/nothing", headers={"Accept": "text/html"})
    assert as_html.content_type.startswith("text/html")
    assert "no resource" in as_html.get_data(as_text=True)


# --- what a description holds --------------------------------------------------------------------


def _turtle(client, iri: str) -> Graph:
    return Graph().parse(data=client.get(_path(iri) + ".ttl").data, format="turtle")


def _quoted_spans(graph: Graph, source: str, body: str) -> set[str]:
    """The text each annotation of `body` in `source` selects, by position and by quote."""
    summary = str(graph.value(URIRef(source), PG.summary))
    spans = set()
    for annotation in graph.subjects(OA.hasBody, URIRef(body)):
        target = graph.value(annotation, OA.hasTarget)
        assert (target, OA.hasSource, URIRef(source)) in graph
        selectors = {graph.value(s, RDF.type): s for s in graph.objects(target, OA.hasSelector)}
        position, quote = selectors[OA.TextPositionSelector], selectors[OA.TextQuoteSelector]
        start, end = (int(graph.value(position, term)) for term in (OA.start, OA.end))
        assert summary[start:end] == str(graph.value(quote, OA.exact))
        spans.add(summary[start:end])
    return spans


def test_paper_description_carries_its_notes_and_link_provenance(client):
    graph = _turtle(client, PAPER)
    assert _quoted_spans(graph, NOTE, GALORE) == {"GaLore"}
    quantity = graph.value(URIRef(PAPER), PG.reports)
    assert str(graph.value(quantity, PG.text)).startswith("up to 46%")


def test_note_description_carries_its_annotations(client):
    graph = _turtle(client, NOTE)
    assert _quoted_spans(graph, NOTE, GALORE) == {"GaLore"}
    assert (URIRef(PAPER), None, None) not in graph


def test_entity_description_is_its_own_triples_from_every_graph(client, mini_store):
    graph = _turtle(client, GALORE)
    assert {s for s in graph.subjects()} == {URIRef(GALORE)}
    analysis = named_graph(open_store(mini_store), URIRef(f"{DEFAULT_BASE}graph/analysis"))
    stored = analysis.value(URIRef(GALORE), PG.pagerank).toPython()
    # rdflib's Turtle writes a double with 7 significant digits ("1.533549e-01")
    assert graph.value(URIRef(GALORE), PG.pagerank).toPython() == pytest.approx(stored, rel=1e-6)


def test_jsonld_uses_an_inline_context(client):
    data = json.loads(client.get(_path(GALORE) + ".jsonld").data)
    assert "@context" in data
    assert data["@context"]["pg"] == str(PG)


# --- the HTML pages ------------------------------------------------------------------------------


def test_paper_page_highlights_the_extracted_spans_with_links(client):
    page = client.get(_path(PAPER)).get_data(as_text=True)
    assert "<mark>GaLore</mark>" in page
    assert 'href="/id/entity/galore"' in page
    assert "uses" in page
    assert "up to 46%" in page
    assert 'href="/id/collection/neurips-2025-pretraining"' in page  # breadcrumb
    assert "NeurIPS 2025" in page


def test_note_page_has_breadcrumbs_to_collection_and_paper(client):
    page = client.get(_path(NOTE)).get_data(as_text=True)
    crumbs = page[
        page.index('class="breadcrumbs"') : page.index("</nav>", page.index("breadcrumbs"))
    ]
    assert "NeurIPS 2025" in crumbs and "Low-Rank Training with GaLore" in crumbs


def test_entity_page_shows_mentions_incoming_links_and_centrality(client):
    page = client.get(_path(GALORE)).get_data(as_text=True)
    assert "Gradient Low-Rank Projection" in page
    assert "Mentioned in" in page and "<mark>GaLore</mark>" in page
    assert "Links to here" in page and f'href="{_path(PAPER)}"' in page
    assert "pagerank" in page


def test_note_text_and_titles_are_escaped(client):
    hostile = _path(mini_paper(HOSTILE_TITLE))
    for path in (hostile, _path(mini_note(HOSTILE_TITLE)), "/id/entity/scaling-laws", "/"):
        page = client.get(path).get_data(as_text=True)
        assert "<img src=x" not in page
        assert "<script>alert" not in page
        assert "<b>laws</b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get(hostile).get_data(as_text=True)


def test_every_resource_of_the_sample_graph_dereferences_in_four_formats(
    sample_client, sample_store
):
    dataset = open_store(sample_store)
    resources = {}
    for kind in ("Paper", "Note", "Collection", "Method", "Model", "Dataset", "Concept"):
        rows = dataset.query(f"SELECT ?s WHERE {{ ?s a pg:{kind} }} ORDER BY ?s")
        resources[kind] = [str(row.s) for row in rows]
    assert all(resources[kind] for kind in ("Paper", "Note", "Collection", "Method"))
    for kind, iris in resources.items():
        for iri in iris[:: max(1, len(iris) // 8)]:  # a spread of each kind
            html = sample_client.get(_path(iri), headers={"Accept": "text/html"})
            assert html.status_code == 200, (kind, iri)
            for accept, _, rdflib_format, _ in RDF_SYNTAXES[:3]:
                response = sample_client.get(_path(iri), headers={"Accept": accept})
                assert response.status_code == 200, (kind, iri, accept)
                graph = Graph().parse(data=response.data, format=rdflib_format)
                assert (URIRef(iri), None, None) in graph, (kind, iri, accept)


# --- home page, instance endpoints ---------------------------------------------------------------


def test_index_shows_counts_and_links(client, mini_build):
    page = client.get("/").get_data(as_text=True)
    assert f"<strong>{mini_build.papers}</strong> Papers" in page
    assert 'href="/sparql"' in page and 'href="/export.ttl"' in page
    assert 'href="/id/entity/galore"' in page  # most central entity


def test_index_searches(client):
    page = client.get("/", query_string={"q": "galroe"}).get_data(as_text=True)
    assert 'href="/id/entity/galore"' in page and "Search results" in page


def test_a_named_graph_is_described_by_its_count(client, mini_store):
    graph = Graph().parse(data=client.get("/id/graph/notes.ttl").data, format="turtle")
    counted = open_store(mini_store).query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DEFAULT_BASE}graph/notes> {{ ?s ?p ?o }} }}"
    )
    (count,) = [int(row[0]) for row in counted]
    void_triples = URIRef("http://rdfs.org/ns/void#triples")
    assert graph.value(URIRef(f"{DEFAULT_BASE}graph/notes"), void_triples).toPython() == count


def test_health_and_version(client, mini_store, mini_triples):
    health = client.get("/-/health").get_json()
    assert health["ok"] is True and health["status"] == 200
    assert health["build"] == current_build(mini_store).name
    assert health["triples"] == mini_triples
    version = client.get("/-/version").get_json()
    assert version["papergraph"] and version["pyoxigraph"] and version["rdflib"]


def test_health_without_a_store_is_503_json(tmp_path):
    client = create_app({"TESTING": True, "STORE": str(tmp_path / "none")}).test_client()
    response = client.get("/-/health")
    assert response.status_code == 503
    assert response.get_json()["ok"] is False


def test_a_rebuild_is_served_without_a_restart(writable_store):
    client = create_app({"TESTING": True, "STORE": str(writable_store)}).test_client()
    before = client.get("/-/health").get_json()
    assert client.get(_path(GALORE)).status_code == 200
    dataset = Dataset()
    dataset.parse(
        data=f'<{DEFAULT_BASE}entity/other> <http://www.w3.org/2004/02/skos/core#prefLabel> "X" '
        f"<{DEFAULT_BASE}graph/links> .",
        format="nquads",
    )
    write_build(writable_store, dataset.serialize(format="nquads", encoding="utf-8"))
    after = client.get("/-/health").get_json()
    assert after["build"] != before["build"] and after["triples"] == 1
    assert client.get(_path(GALORE)).status_code == 404
    assert client.get("/id/entity/other").status_code == 200


# --- exports -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extension", "media_type", "rdflib_format", "quads"),
    [
        ("ttl", "text/turtle", "turtle", False),
        ("jsonld", "application/ld+json", "json-ld", False),
        ("nt", "application/n-triples", "nt", False),
        ("rdf", "application/rdf+xml", "xml", False),
        ("nq", "application/n-quads", "nquads", True),
        ("trig", "application/trig", "trig", True),
    ],
)
def test_exports(client, mini_triples, extension, media_type, rdflib_format, quads):
    response = client.get(f"/export.{extension}")
    assert response.status_code == 200
    assert response.mimetype == media_type
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f".{extension}" in disposition
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    data = Dataset() if quads else Graph()
    data.parse(data=response.data, format=rdflib_format)
    assert len(data) == mini_triples
    if quads:
        assert {str(g.identifier) for g in data.graphs()} >= {f"{DEFAULT_BASE}graph/notes"}


def test_exports_are_conditional(client):
    first = client.get("/export.nt")
    etag = first.headers["ETag"]
    again = client.get("/export.nt", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    since = client.get("/export.nt", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    assert client.get("/export.ttl", headers={"If-None-Match": etag}).status_code == 200


def test_unknown_export_is_404(client):
    assert client.get("/export.xyz").status_code == 404


def test_exports_over_http_are_streamed_downloads(live_server, mini_triples):
    response = requests.get(live_server.url + "/export.ttl", stream=True, timeout=30)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    graph = Graph().parse(data=response.raw.read(), format="turtle")
    assert len(graph) == mini_triples


def test_resources_over_http(live_server):
    response = requests.get(
        live_server.url + _path(PAPER), headers={"Accept": "text/turtle"}, timeout=30
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert 'rel="alternate"' in response.headers["Link"]
    assert requests.get(live_server.url + "/id/paper/none", timeout=30).status_code == 404


def test_exports_follow_a_new_build(writable_store):
    with make_app(writable_store) as app:
        client = app.test_client()
        first = client.get("/export.nt")
        assert first.status_code == 200
        assert client.get("/export.nt").data == first.data  # the same build: the cached file
        extra = b'<http://example.org/new> <http://example.org/p> "added" .\n'
        write_build(writable_store, extra, from_current=True)
        after = client.get("/export.nt")
        assert after.status_code == 200
        assert after.data.count(b"\n") == first.data.count(b"\n") + 1
        assert b"http://example.org/new" in after.data


def test_concurrent_first_exports_are_whole(live_server):
    """Every format requested at once, before any is cached: each answer is the whole file."""
    from concurrent.futures import ThreadPoolExecutor

    extensions = ["ttl", "jsonld", "nt", "nq", "trig", "rdf"] * 3

    def fetch(extension: str) -> tuple[str, int, bytes]:
        response = requests.get(f"{live_server.url}/export.{extension}", timeout=60)
        return extension, response.status_code, response.content

    with ThreadPoolExecutor(len(extensions)) as pool:
        answers = list(pool.map(fetch, extensions))
    assert {status for _, status, _ in answers} == {200}
    for extension in set(extensions):
        bodies = {body for ext, _, body in answers if ext == extension}
        assert len(bodies) == 1 and len(next(iter(bodies))) > 0, extension


def test_export_files_live_in_a_temporary_directory_removed_with_the_app(mini_store):
    import gc

    from papergraph.web.views.export import ExportCache

    with make_app(mini_store) as app:
        cache = next(ext for ext in app.extensions.values() if isinstance(ext, ExportCache))
        assert app.test_client().get("/export.nt").status_code == 200
        folder = cache.directory
        assert any(folder.rglob("graph.ntriples"))
    del app, cache
    gc.collect()
    assert not folder.exists()
