"""The SPARQL 1.1 Protocol at /sparql, tested over real HTTP against `papergraph serve`."""

from __future__ import annotations

import io
import json
import re

import pytest
import requests
from markupsafe import escape
from rdflib import Graph, Namespace, URIRef

from papergraph.queries import load_stored_queries
from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.store import open_store

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
NOTES = f"{DEFAULT_BASE}graph/notes"
LINKS = f"{DEFAULT_BASE}graph/links"
PAPERS = "SELECT ?paper WHERE { ?paper a pg:Paper } ORDER BY ?paper"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?e skos:prefLabel ?l } WHERE { ?e skos:prefLabel ?l }"
JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
TOKEN = "s3cret-token"


@pytest.fixture
def sparql(live_server) -> str:
    return live_server.url + "/sparql"


@pytest.fixture(scope="module")
def papers(mini_store) -> list[str]:
    """The answer to PAPERS, read from the mini store itself."""
    return [str(row.paper) for row in open_store(mini_store).query(PAPERS)]


@pytest.fixture(scope="module")
def labelled(mini_store) -> int:
    """How many entities of the mini store have a label (in the links graph, where the build
    writes labels): the triples CONSTRUCT makes."""
    query = f"SELECT (COUNT(DISTINCT ?e) AS ?n) {{ GRAPH <{LINKS}> {{ ?e skos:prefLabel ?l }} }}"
    (count,) = [int(row.n) for row in open_store(mini_store).query(query)]
    assert count >= 4  # GaLore, Llama, C4, scaling laws at least
    return count


def _count(response: requests.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# --- query operations --------------------------------------------------------------------------


def test_get_query_answers_sparql_json_by_default(sparql, papers):
    response = requests.get(sparql, params={"query": PAPERS}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == JSON_RESULTS
    assert "Accept" in response.headers["Vary"]
    bindings = response.json()["results"]["bindings"]
    assert [b["paper"]["value"] for b in bindings] == papers
    assert len(papers) > 1


def test_post_form_and_post_direct_answer_like_get(sparql):
    by_get = requests.get(sparql, params={"query": PAPERS}, timeout=30).json()
    by_form = requests.post(sparql, data={"query": PAPERS}, timeout=30)
    direct = requests.post(
        sparql,
        data=PAPERS.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert by_form.status_code == direct.status_code == 200
    assert by_form.json() == direct.json() == by_get


def test_direct_post_takes_dataset_parameters_from_the_url(sparql):
    response = requests.post(
        sparql + "?default-graph-uri=" + requests.utils.quote(NOTES, safe=""),
        data=b"SELECT (COUNT(*) AS ?n) WHERE { ?s skos:prefLabel ?o }",
        headers={"Content-Type": "application/sparql-query; charset=utf-8"},
        timeout=30,
    )
    assert _count(response) == 0


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (None, JSON_RESULTS),
        ("*/*", JSON_RESULTS),
        (XML_RESULTS, XML_RESULTS),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.6", XML_RESULTS),
        ("application/sparql-results+json;q=0, */*;q=0.1", XML_RESULTS),
        ("text/*", "text/csv; charset=utf-8"),
        ("application/json", JSON_RESULTS),
        ("text/html;q=0.1, application/sparql-results+json", JSON_RESULTS),
        ("text/html", "text/html; charset=utf-8"),
    ],
)
def test_select_results_follow_accept_with_q_values(sparql, accept, content_type):
    headers = {"Accept": accept} if accept else {}
    response = requests.get(sparql, params={"query": PAPERS}, headers=headers, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert "Accept" in response.headers["Vary"]


def test_select_result_bodies_in_each_format(sparql, papers):
    csv = requests.get(sparql, params={"query": PAPERS}, headers={"Accept": "text/csv"}, timeout=30)
    assert csv.text.splitlines() == ["paper", *papers]
    tsv = requests.get(
        sparql,
        params={"query": PAPERS},
        headers={"Accept": "text/tab-separated-values"},
        timeout=30,
    )
    assert tsv.text.splitlines()[0] == "?paper"
    assert tsv.text.splitlines()[1] == f"<{papers[0]}>"
    xml = requests.get(
        sparql, params={"query": PAPERS}, headers={"Accept": XML_RESULTS}, timeout=30
    )
    assert "http://www.w3.org/2005/sparql-results#" in xml.text


@pytest.mark.parametrize(
    ("accept", "content_type", "rdflib_format"),
    [
        (None, "text/turtle; charset=utf-8", "turtle"),
        ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/n-triples;q=0.9, application/rdf+xml;q=0.5", "application/n-triples", "nt"),
        ("*/*", "text/turtle; charset=utf-8", "turtle"),
    ],
)
def test_construct_results_follow_accept(sparql, labelled, accept, content_type, rdflib_format):
    headers = {"Accept": accept} if accept else {}
    response = requests.get(sparql, params={"query": CONSTRUCT}, headers=headers, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == labelled
    assert (URIRef(f"{DEFAULT_BASE}entity/galore"), None, None) in graph


@pytest.mark.parametrize(
    ("query", "fmt", "content_type"),
    [
        (PAPERS, "csv", "text/csv; charset=utf-8"),
        (PAPERS, "xml", XML_RESULTS),
        (PAPERS, "tsv", "text/tab-separated-values; charset=utf-8"),
        (PAPERS, "application/sparql-results+json", JSON_RESULTS),
        (CONSTRUCT, "nt", "application/n-triples"),
        (CONSTRUCT, "json", "application/ld+json"),
        (CONSTRUCT, "turtle", "text/turtle; charset=utf-8"),
    ],
)
def test_format_parameter_overrides_accept(sparql, query, fmt, content_type):
    response = requests.get(
        sparql,
        params={"query": query, "format": fmt},
        headers={"Accept": "application/x-none"},
        timeout=30,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type


def test_ask_in_json_and_xml(sparql):
    yes = requests.get(sparql, params={"query": "ASK { ?s a pg:Paper }"}, timeout=30)
    assert yes.json() == {"head": {}, "boolean": True}
    no = requests.get(
        sparql,
        params={"query": "ASK { ?s a pg:Nothing }"},
        headers={"Accept": XML_RESULTS},
        timeout=30,
    )
    assert no.headers["Content-Type"] == XML_RESULTS
    assert "<boolean>false</boolean>" in no.text


def test_describe_answers_rdf(sparql):
    response = requests.get(
        sparql, params={"query": f"DESCRIBE <{DEFAULT_BASE}entity/galore>"}, timeout=30
    )
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert "GaLore" in response.text


@pytest.mark.parametrize(
    ("query", "accept_or_format"),
    [
        (PAPERS, {"headers": {"Accept": "image/png"}}),
        (CONSTRUCT, {"headers": {"Accept": "text/csv"}}),
        (CONSTRUCT, {"params": {"format": "csv"}}),
    ],
)
def test_nothing_acceptable_is_406(sparql, query, accept_or_format):
    params = {"query": query, **accept_or_format.get("params", {})}
    response = requests.get(
        sparql, params=params, headers=accept_or_format.get("headers"), timeout=30
    )
    assert response.status_code == 406
    assert response.headers["Content-Type"].startswith("text/plain")


# --- the RDF dataset of a query ----------------------------------------------------------------


def test_default_graph_is_the_union_of_the_named_graphs(sparql):
    everything = _count(requests.get(sparql, params={"query": COUNT}, timeout=30))
    notes = _count(
        requests.get(sparql, params={"query": COUNT, "default-graph-uri": NOTES}, timeout=30)
    )
    links = _count(
        requests.get(sparql, params={"query": COUNT, "default-graph-uri": LINKS}, timeout=30)
    )
    assert 0 < notes < everything and 0 < links < everything


def test_several_default_graph_uris_are_merged(sparql):
    notes = _count(
        requests.get(sparql, params={"query": COUNT, "default-graph-uri": NOTES}, timeout=30)
    )
    links = _count(
        requests.get(sparql, params={"query": COUNT, "default-graph-uri": LINKS}, timeout=30)
    )
    both = requests.get(
        sparql, params={"query": COUNT, "default-graph-uri": [NOTES, LINKS]}, timeout=30
    )
    assert _count(both) == notes + links


def test_a_graph_not_in_the_store_is_empty_and_never_fetched(sparql, live_server):
    # The URL of the server itself: fetching it would find triples (it serves its own exports).
    outside = live_server.url + "/export.nt"
    response = requests.get(
        sparql, params={"query": COUNT, "default-graph-uri": outside}, timeout=30
    )
    assert _count(response) == 0


def test_named_graph_uri_limits_graph_and_empties_the_default_graph(sparql):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = requests.get(sparql, params={"query": query, "named-graph-uri": NOTES}, timeout=30)
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [NOTES]
    default = requests.get(sparql, params={"query": COUNT, "named-graph-uri": NOTES}, timeout=30)
    assert _count(default) == 0


def test_from_in_the_query_is_honoured_and_protocol_parameters_override_it(sparql):
    from_notes = f"SELECT (COUNT(*) AS ?n) FROM <{NOTES}> WHERE {{ ?s ?p ?o }}"
    notes = _count(
        requests.get(sparql, params={"query": COUNT, "default-graph-uri": NOTES}, timeout=30)
    )
    links = _count(
        requests.get(sparql, params={"query": COUNT, "default-graph-uri": LINKS}, timeout=30)
    )
    assert _count(requests.get(sparql, params={"query": from_notes}, timeout=30)) == notes
    overridden = requests.get(
        sparql, params={"query": from_notes, "default-graph-uri": LINKS}, timeout=30
    )
    assert _count(overridden) == links


def test_relative_iris_resolve_against_the_endpoint(sparql, live_server):
    query = "SELECT ?x WHERE { BIND (<thing> AS ?x) }"
    response = requests.get(sparql, params={"query": query}, timeout=30)
    assert response.json()["results"]["bindings"][0]["x"]["value"] == live_server.url + "/thing"


# --- protocol errors ---------------------------------------------------------------------------


def test_syntax_error_is_400_with_the_parser_message(sparql):
    response = requests.get(sparql, params={"query": "SELECT ?x WHERE { ?x ?y }"}, timeout=30)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "error at 1:" in response.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "params": [("query", PAPERS), ("query", PAPERS)]},
        {"method": "POST", "data": [("query", PAPERS), ("query", PAPERS)]},
        {"method": "POST", "data": {"query": PAPERS, "update": "CLEAR ALL"}},
        {"method": "GET", "params": {"query": PAPERS, "update": "CLEAR ALL"}},
        {"method": "GET", "params": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"format": "json"}},
        {
            "method": "POST",
            "params": {"query": PAPERS},
            "data": PAPERS.encode(),
            "headers": {"Content-Type": "application/sparql-query"},
        },
    ],
    ids=[
        "two-queries-get",
        "two-queries-form",
        "query-and-update",
        "update-by-get-with-query",
        "update-by-get",
        "form-without-query",
        "query-in-url-and-body",
    ],
)
def test_malformed_requests_are_400(sparql, request_kwargs):
    response = requests.request(url=sparql, **request_kwargs)
    assert response.status_code == 400, response.text


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/sparql-query", "ASK { ?s ?p 'café' }".encode("latin-1")),
        ("application/sparql-query; charset=ISO-8859-1", b"ASK { ?s ?p ?o }"),
        ("application/x-www-form-urlencoded", b"query=ASK%20%7B%20%3Fs%20%3Fp%20'caf%E9'%20%7D"),
        ("application/x-www-form-urlencoded", "query=ASK {?s ?p 'caf\xe9'}".encode("latin-1")),
    ],
)
def test_a_body_that_is_not_utf8_is_400(sparql, content_type, body):
    response = requests.post(sparql, data=body, headers={"Content-Type": content_type}, timeout=30)
    assert response.status_code == 400
    assert "UTF-8" in response.text


def test_a_query_string_that_is_not_utf8_is_400(sparql):
    response = requests.get(sparql + "?query=ASK%20%7B%20%3Fs%20%3Fp%20'caf%E9'%20%7D", timeout=30)
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(sparql, method):
    response = requests.request(method, sparql, params={"query": PAPERS}, timeout=30)
    assert response.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_other_post_media_types_are_415(sparql, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = requests.post(sparql, data=PAPERS.encode(), headers=headers, timeout=30)
    assert response.status_code == 415


def test_service_clauses_are_refused(sparql):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    response = requests.get(sparql, params={"query": query}, timeout=30)
    assert response.status_code == 400
    assert "SERVICE" in response.text


# --- bare GET: query page and service description -----------------------------------------------


def test_browser_gets_the_query_page_with_canned_queries(sparql):

    response = requests.get(sparql, headers={"Accept": "text/html,*/*;q=0.8"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<textarea" in response.text
    for stored in load_stored_queries().values():
        assert stored.title.replace("&", "&amp;") in response.text


def test_query_page_loads_a_canned_query_and_shows_results_as_a_table(sparql, papers):
    page = requests.get(
        sparql, params={"name": "entity-counts"}, headers={"Accept": "text/html"}, timeout=30
    )
    assert str(escape(load_stored_queries()["entity-counts"].text)) in page.text
    response = requests.post(sparql, data={"query": PAPERS, "format": "html"}, timeout=30)
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'<a href="/id/{papers[0][len(DEFAULT_BASE) :]}">' in response.text


def test_query_page_shows_syntax_errors(sparql):
    response = requests.post(
        sparql, data={"query": "SELECT nonsense", "format": "html"}, timeout=30
    )
    assert response.status_code == 400
    assert "<textarea" in response.text and "error at" in response.text


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [(None, "turtle"), ("text/turtle", "turtle"), ("application/ld+json", "json-ld")]
    + [("application/n-triples", "nt"), ("application/rdf+xml", "xml")],
)
def test_rdf_client_gets_the_service_description(sparql, accept, rdflib_format):
    response = requests.get(sparql, headers={"Accept": accept} if accept else {}, timeout=30)
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=rdflib_format)
    service = URIRef(sparql)
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph
    assert (
        service,
        SD.resultFormat,
        URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON"),
    ) in graph
    names = {str(name) for name in graph.objects(None, SD.name)}
    assert {NOTES, LINKS} <= names
    counts = {
        str(graph.value(named, SD.name)): int(
            graph.value(graph.value(named, SD.graph), VOID.triples)
        )
        for named in graph.subjects(SD.name, None)
    }
    notes = requests.get(sparql, params={"query": COUNT, "default-graph-uri": NOTES}, timeout=30)
    assert counts[NOTES] == _count(notes)


# --- SPARQL Update -------------------------------------------------------------------------------

INSERT = f'INSERT DATA {{ GRAPH <{LINKS}> {{ <{DEFAULT_BASE}entity/new> skos:prefLabel "New" }} }}'
ASK_NEW = f"ASK {{ <{DEFAULT_BASE}entity/new> ?p ?o }}"


def _ask(sparql: str, query: str = ASK_NEW) -> bool:
    return requests.get(sparql, params={"query": query}, timeout=30).json()["boolean"]


def test_updates_are_refused_without_a_configured_token(sparql):
    response = requests.post(
        sparql,
        data=INSERT.encode(),
        headers={
            "Content-Type": "application/sparql-update",
            "Authorization": f"Bearer {TOKEN}",
        },
        timeout=30,
    )
    assert response.status_code == 403
    assert _ask(sparql) is False


@pytest.fixture
def update_server(writable_store, start_server):
    return start_server(writable_store, "--update-token", TOKEN)


@pytest.mark.parametrize(
    ("authorization", "challenge"),
    [(None, "Bearer"), ("Bearer wrong", "invalid_token"), (f"Basic {TOKEN}", "Bearer")],
)
def test_updates_without_the_right_token_are_401_and_change_nothing(
    update_server, authorization, challenge
):
    sparql = update_server.url + "/sparql"
    headers = {"Content-Type": "application/sparql-update"}
    if authorization:
        headers["Authorization"] = authorization
    response = requests.post(sparql, data=INSERT.encode(), headers=headers, timeout=30)
    assert response.status_code == 401
    assert challenge in response.headers["WWW-Authenticate"]
    assert _ask(sparql) is False
    assert TOKEN not in update_server.output()


def test_update_with_the_token_changes_the_store(update_server):
    sparql = update_server.url + "/sparql"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    build_before = requests.get(update_server.url + "/-/health", timeout=30).json()["build"]
    direct = requests.post(
        sparql,
        data=INSERT.encode(),
        headers={"Content-Type": "application/sparql-update", **auth},
        timeout=30,
    )
    assert direct.status_code == 204
    assert _ask(sparql) is True
    assert requests.get(update_server.url + "/-/health", timeout=30).json()["build"] != build_before
    form = requests.post(
        sparql,
        data={
            "update": f"DELETE DATA {{ GRAPH <{LINKS}> {{ <{DEFAULT_BASE}entity/new> "
            'skos:prefLabel "New" } }'
        },
        headers=auth,
        timeout=30,
    )
    assert form.status_code == 204
    assert _ask(sparql) is False
    assert TOKEN not in update_server.output()


def test_update_syntax_errors_are_400_and_change_nothing(update_server):
    sparql = update_server.url + "/sparql"
    response = requests.post(
        sparql,
        data={"update": INSERT + " ; INSERT nonsense"},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )
    assert response.status_code == 400
    assert "error at" in response.text
    assert _ask(sparql) is False


def test_using_graph_uri_sets_the_dataset_of_the_where_clause(update_server, labelled):
    sparql = update_server.url + "/sparql"
    target = "http://example.org/protocol-update-dataset-test/"
    update = (
        f"INSERT {{ GRAPH <{target}> {{ ?s a <http://example.org/Labelled> }} }} "
        "WHERE { ?s skos:prefLabel ?label }"
    )
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = requests.post(
        sparql, data={"update": update, "using-graph-uri": NOTES}, headers=auth, timeout=30
    )
    assert response.status_code == 204
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"
    assert (
        _count(requests.get(sparql, params={"query": count}, timeout=30)) == 0
    )  # notes have no labels
    response = requests.post(
        sparql + "?using-graph-uri=" + requests.utils.quote(LINKS, safe=""),
        data=update.encode(),
        headers={"Content-Type": "application/sparql-update", **auth},
        timeout=30,
    )
    assert response.status_code == 204
    assert _count(requests.get(sparql, params={"query": count}, timeout=30)) == labelled


def test_using_graph_uri_with_using_in_the_update_is_400(update_server):
    update = f"INSERT {{ ?s a <urn:x> }} USING <{LINKS}> WHERE {{ ?s skos:prefLabel ?l }}"
    response = requests.post(
        update_server.url + "/sparql",
        data={"update": update, "using-graph-uri": NOTES},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )
    assert response.status_code == 400


def test_service_description_lists_update_when_a_token_is_set(update_server):
    response = requests.get(
        update_server.url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30
    )
    graph = Graph().parse(data=response.content, format="turtle")
    assert (None, SD.supportedLanguage, SD.SPARQL11Update) in graph


def test_updates_are_not_offered_to_other_origins(update_server):
    response = requests.post(
        update_server.url + "/sparql",
        data={"update": INSERT},
        headers={"Authorization": f"Bearer {TOKEN}", "Origin": "https://elsewhere.example"},
        timeout=30,
    )
    assert response.status_code == 204
    assert "Access-Control-Allow-Origin" not in response.headers
    query = requests.get(
        update_server.url + "/sparql",
        params={"query": PAPERS},
        headers={"Origin": "https://elsewhere.example"},
        timeout=30,
    )
    assert query.headers["Access-Control-Allow-Origin"] == "*"


# --- independent clients --------------------------------------------------------------------------


def test_rdflib_sparqlstore_runs_select_ask_and_construct(sparql, papers, labelled):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(sparql))  # its default: XML results, RDF/XML graphs
    rows = list(graph.query(PAPERS))
    assert [str(row.paper) for row in rows] == papers
    assert graph.query("ASK { ?s a pg:Paper }").askAnswer is True
    constructed = graph.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " + CONSTRUCT
    ).graph
    assert len(constructed) == labelled
    json_graph = Graph(store=SPARQLStore(sparql, returnFormat="json", method="POST_FORM"))
    assert len(list(json_graph.query(PAPERS))) == len(papers)


@pytest.mark.parametrize("return_format", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select_in_every_result_format(sparql, papers, return_format):
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    client = sparqlwrapper.SPARQLWrapper(sparql)
    client.setQuery(
        "PREFIX pg: <https://w3id.org/papergraph/ontology#> "
        "SELECT ?paper WHERE { ?paper a pg:Paper } ORDER BY ?paper"
    )
    client.setReturnFormat(return_format)
    result = client.query()
    converted = result.convert()
    if return_format == "json":
        assert len(converted["results"]["bindings"]) == len(papers)
    elif return_format == "xml":
        assert len(converted.getElementsByTagName("result")) == len(papers)
    else:
        text = converted.decode("utf-8") if isinstance(converted, bytes) else converted
        assert len(text.strip().splitlines()) == 1 + len(papers)


@pytest.mark.parametrize("return_format", ["turtle", "json-ld"])
def test_sparqlwrapper_construct(sparql, labelled, return_format):
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    client = sparqlwrapper.SPARQLWrapper(sparql)
    client.setQuery("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " + CONSTRUCT)
    client.setReturnFormat(
        {"turtle": sparqlwrapper.TURTLE, "json-ld": sparqlwrapper.JSONLD}[return_format]
    )
    raw = client.query().response.read()
    graph = Graph().parse(data=raw, format=return_format)
    assert len(graph) == labelled


def test_sparqlwrapper_ask_and_post(sparql):
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    client = sparqlwrapper.SPARQLWrapper(sparql)
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(sparqlwrapper.JSON)
    assert client.query().convert()["boolean"] is True
    client.setMethod(sparqlwrapper.POST)
    client.setReturnFormat(sparqlwrapper.XML)
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"


def test_json_results_parse_with_rdflib(sparql, papers):
    from rdflib.query import Result

    response = requests.get(sparql, params={"query": PAPERS}, timeout=30)
    result = Result.parse(io.BytesIO(response.content), format="json")
    assert [str(row.paper) for row in result] == papers
    assert json.loads(response.content)["head"]["vars"] == ["paper"]


# --- SELECT * columns in the order of the query ---------------------------------------------

# Variables neither alphabetical nor in reverse: the order they first occur in is zeta, note,
# alpha, mid (Oxigraph's own is alphabetical).
STAR = (
    "SELECT * WHERE { ?zeta pg:hasNote ?note . ?zeta dcterms:title ?alpha "
    "BIND (STRLEN(?alpha) AS ?mid) } ORDER BY ?zeta LIMIT 3"
)
STAR_ORDER = ["zeta", "note", "alpha", "mid"]


def test_select_star_columns_follow_the_query_in_json_csv_and_tsv(sparql, mini_store):
    expected = [str(v) for v in open_store(mini_store).query(STAR).vars]
    assert sorted(expected) == sorted(STAR_ORDER) and expected != STAR_ORDER  # rdflib's order
    heads = {}
    for fmt in ("json", "csv", "tsv"):
        response = requests.get(sparql, params={"query": STAR, "format": fmt}, timeout=30)
        assert response.status_code == 200, response.text
        heads[fmt] = response.text
    data = json.loads(heads["json"])
    assert data["head"]["vars"] == STAR_ORDER
    assert all(set(row) == set(STAR_ORDER) for row in data["results"]["bindings"])
    assert heads["csv"].splitlines()[0] == ",".join(STAR_ORDER)
    assert heads["tsv"].splitlines()[0] == "\t".join(f"?{name}" for name in STAR_ORDER)
    first = data["results"]["bindings"][0]
    assert heads["csv"].splitlines()[1].split(",")[0] == first["zeta"]["value"]


def test_select_star_columns_follow_the_query_in_the_page_table(sparql):
    response = requests.post(sparql, data={"query": STAR, "format": "html"}, timeout=30)
    headings = re.findall(r"<th[^>]*>\s*\??(\w+)\s*</th>", response.text)
    assert headings == STAR_ORDER


def test_an_explicit_projection_keeps_its_order(sparql):
    query = "SELECT ?zeta ?alpha WHERE { ?alpha dcterms:title ?zeta } LIMIT 1"
    answer = requests.get(sparql, params={"query": query, "format": "json"}, timeout=30).json()
    assert answer["head"]["vars"] == ["zeta", "alpha"]


# --- the lexical scan behind FROM detection and using-graph-uri -----------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * FROM <g> WHERE { ?s ?p ?o }", True),
        ("select * from named <g> { graph ?g { ?s ?p ?o } }", True),
        ("CONSTRUCT { ?s ?p ?o } FROM <g> WHERE { ?s ?p ?o }", True),
        ("SELECT * WHERE { ?s ?p 'FROM <g>' }", False),
        (
            "PREFIX from: <http://x/#FROM> SELECT ?from WHERE { ?s from:from ?from } # FROM <g>",
            False,
        ),
        ("SELECT (IF(?a<?b, 1, 0) AS ?c) WHERE { ?a ?p ?b }", False),
    ],
)
def test_has_dataset_clause(query, expected):
    from papergraph.store.sparqltext import has_dataset_clause

    assert has_dataset_clause(query) is expected


def test_add_using_clauses_before_each_where():
    from papergraph.store.sparqltext import add_using_clauses

    update = (
        "INSERT DATA { <a> <b> 'WHERE' } ; "
        "INSERT { ?s a <C> } WHERE { ?s ?p ?o } ; "
        "DELETE WHERE { ?s <p> ?o }"
    )
    rewritten = add_using_clauses(update, ["urn:g"], ["urn:n"])
    assert rewritten == (
        "INSERT DATA { <a> <b> 'WHERE' } ; "
        "INSERT { ?s a <C> } USING <urn:g> USING NAMED <urn:n> WHERE { ?s ?p ?o } ; "
        "DELETE { ?s <p> ?o } USING <urn:g> USING NAMED <urn:n> WHERE { ?s <p> ?o }"
    )
    assert add_using_clauses(update, [], []) == update


def test_page_works_without_javascript(live_server):
    """The fallback: the form posts the query and the server renders the table."""
    page = requests.post(
        live_server.url + "/sparql",
        data={"query": "SELECT ?s WHERE { ?s a pg:Paper }", "format": "html"},
        timeout=10,
    )
    assert page.status_code == 200
    assert '<form class="query"' in page.text and "<table>" in page.text
    assert "<script>" not in page.text and " on" + "click=" not in page.text
