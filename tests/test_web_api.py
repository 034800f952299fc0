"""The JSON API under /api, and the search it uses (papergraph.search)."""

from __future__ import annotations

import pytest
import requests

from conftest import GALORE_TITLE, mini_paper
from papergraph.errors import BadRequest
from papergraph.rdf.namespaces import DEFAULT_BASE, PG
from papergraph.search import SearchIndex
from papergraph.store import open_store

GALORE = f"{DEFAULT_BASE}entity/galore"
PAPER = mini_paper(GALORE_TITLE)
RELATIONS = "pg:proposes, pg:uses, pg:evaluatesOn, pg:discusses"  # a paper's links to entities
ERROR_KEYS = {"ok", "error", "errors", "status"}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/json"
    body = response.get_json()
    assert set(body) == ERROR_KEYS
    assert body["ok"] is False and body["status"] == status and body["errors"]
    return body


# --- the search index ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini_dataset(mini_store):
    return open_store(mini_store)


@pytest.fixture(scope="module")
def index(mini_dataset) -> SearchIndex:
    return SearchIndex.from_dataset(mini_dataset)


def _select(dataset, query: str) -> set[tuple[str, ...]]:
    """The rows of a SELECT on the store, as tuples of strings."""
    return {tuple(map(str, row)) for row in dataset.query(query)}


def _path(iri: str) -> str:
    return "/id/" + iri[len(DEFAULT_BASE) :]


@pytest.mark.parametrize(
    ("query", "first", "field"),
    [
        ("GaLore", GALORE, "prefLabel"),
        ("galore", GALORE, "prefLabel"),
        ("galroe", GALORE, "prefLabel"),  # a typo
        ("Gradient low rank", GALORE, "altLabel"),
        ("gradient-low-rank projections", GALORE, "altLabel"),
        ("training with galore", PAPER, "title"),
        ("scaling law", f"{DEFAULT_BASE}entity/scaling-laws", "prefLabel"),
        ("lama-3.1-8", f"{DEFAULT_BASE}entity/llama-3.1-8b", "prefLabel"),  # a substring
    ],
)
def test_search_finds_labels_alt_labels_and_titles(index, query, first, field):
    hits = index.search(query, limit=5)
    assert hits and hits[0].iri == first and hits[0].field == field


def test_search_ranks_exact_above_partial_and_gives_one_hit_per_resource(index):
    hits = index.search("galore", limit=10)
    assert hits[0].score == 1.0
    assert [hit.iri for hit in hits].count(GALORE) == 1
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))
    paper = next(hit for hit in hits if hit.type == "Paper")  # "... with GaLore"
    assert paper.score < hits[0].score


def test_search_finds_nothing_for_nonsense(index):
    assert index.search("zzqqxx") == []


@pytest.mark.parametrize(("query", "limit"), [("", 10), ("   ", 10), ("galore", 0)])
def test_search_rejects_bad_input(index, query, limit):
    with pytest.raises(BadRequest):
        index.search(query, limit=limit)


# --- /api/search ----------------------------------------------------------------------------------


def test_api_search(client):
    body = client.get("/api/search", query_string={"q": "galore"}).get_json()
    assert body["ok"] is True and body["query"] == "galore"
    first = body["results"][0]
    assert first == {
        "iri": GALORE,
        "label": "GaLore",
        "type": "Method",
        "matched": "GaLore",
        "field": "prefLabel",
        "score": 1.0,
        "url": "/id/entity/galore",
    }


def test_api_search_limit(client):
    body = client.get("/api/search", query_string={"q": "a", "limit": 1}).get_json()
    assert len(body["results"]) <= 1


@pytest.mark.parametrize(
    "query_string", [{}, {"q": ""}, {"q": "x", "limit": "many"}, {"q": "x", "limit": 1000}]
)
def test_api_search_bad_parameters_are_400(client, query_string):
    _error(client.get("/api/search", query_string=query_string), 400)


def test_api_search_on_the_sample_store(sample_client):
    body = sample_client.get("/api/search", query_string={"q": "galore"}).get_json()
    assert body["results"][0]["label"] == "GaLore"


# --- /api/neighbours -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query_string",
    [{"label": "GaLore"}, {"label": "gradient low-rank projection"}, {"iri": GALORE}],
)
def test_api_neighbours(client, mini_dataset, query_string):
    body = client.get("/api/neighbours", query_string=query_string).get_json()
    assert body["ok"] is True
    assert body["entity"]["iri"] == GALORE and body["entity"]["url"] == "/id/entity/galore"
    assert body["alt_labels"] == ["Gradient Low-Rank Projection"]
    links = _select(
        mini_dataset,
        f"SELECT ?paper ?title ?relation {{ ?paper ?relation <{GALORE}> ; dcterms:title ?title "
        f"FILTER (?relation IN ({RELATIONS})) }}",
    )
    assert (PAPER, GALORE_TITLE, f"{PG}proposes") in links
    papers = body["papers"]
    assert {(p["paper"], p["title"], f"{PG}{p['relation']}") for p in papers} == links
    assert all("GaLore" in p["sentence"] and p["url"] == _path(p["paper"]) for p in papers)
    cooccurring = _select(
        mini_dataset, f"SELECT ?label {{ <{GALORE}> pg:coOccursWith/skos:prefLabel ?label }}"
    )
    assert {ref["label"] for ref in body["cooccurring"]} == {label for (label,) in cooccurring}
    assert {"Llama", "C4"} <= {ref["label"] for ref in body["cooccurring"]}


def test_api_neighbours_two_hops(client):
    body = client.get("/api/neighbours", query_string={"label": "GaLore", "hops": 2}).get_json()
    assert "second_ring" in body


def test_api_neighbours_unknown_label_is_404_with_suggestions(client):
    body = _error(client.get("/api/neighbours", query_string={"label": "Galoree"}), 404)
    assert "GaLore" in body["error"]


@pytest.mark.parametrize(
    "query_string",
    [
        {},
        {"label": "GaLore", "iri": GALORE},
        {"label": "GaLore", "hops": 3},
        {"label": "GaLore", "hops": "two"},
        {"iri": "https://example.org/a b> } DROP ALL"},
    ],
)
def test_api_neighbours_bad_parameters_are_400(client, query_string):
    _error(client.get("/api/neighbours", query_string=query_string), 400)


def test_api_neighbours_unknown_iri_is_404(client):
    _error(client.get("/api/neighbours", query_string={"iri": f"{DEFAULT_BASE}entity/x"}), 404)


def test_api_neighbours_on_the_sample_store(sample_client):
    body = sample_client.get("/api/neighbours", query_string={"label": "GaLore"}).get_json()
    assert body["entity"]["label"] == "GaLore" and body["papers"]


def test_api_neighbours_of_a_family_marks_the_variant(sample_client):
    body = sample_client.get("/api/neighbours", query_string={"label": "Llama"}).get_json()
    via = {link["via"] for link in body["papers"]}
    assert {"Llama-3.1", "Llama-3.1-8B"} <= via
    assert all(link["url"].startswith("/id/paper/") for link in body["papers"])


# --- /api/centrality -----------------------------------------------------------------------------


def _ranked(dataset, kind: str = "Entity") -> list[str]:
    """The labels of the store's entities of `kind`, by pagerank, highest first."""
    rows = dataset.query(
        f"SELECT ?label ?rank {{ ?e a pg:{kind} ; skos:prefLabel ?label ; pg:pagerank ?rank }}"
    )
    return [str(label) for label, rank in sorted(rows, key=lambda row: -row[1].toPython())]


def test_api_centrality(client, mini_dataset):
    body = client.get("/api/centrality", query_string={"top": 2}).get_json()
    assert body["ok"] is True and body["metric"] == "pagerank"
    ranked = _ranked(mini_dataset)
    assert ranked[0] == "GaLore"  # the mini page is written so (it is in two papers)
    assert [ref["label"] for ref in body["results"]] == ranked[:2]
    assert body["results"][0]["url"] == "/id/entity/galore"
    typed = client.get("/api/centrality", query_string={"type": "Dataset"}).get_json()
    assert [ref["label"] for ref in typed["results"]] == _ranked(mini_dataset, "Dataset")
    assert "C4" in _ranked(mini_dataset, "Dataset")


@pytest.mark.parametrize(
    "query_string", [{"metric": "fame"}, {"type": "Person"}, {"top": 0}, {"top": "ten"}]
)
def test_api_centrality_bad_parameters_are_400(client, query_string):
    _error(client.get("/api/centrality", query_string=query_string), 400)


def test_api_centrality_on_the_sample_store(sample_client):
    body = sample_client.get("/api/centrality", query_string={"top": 10}).get_json()
    assert len(body["results"]) == 10
    scores = [ref["score"] for ref in body["results"]]
    assert scores == sorted(scores, reverse=True)


# --- /api/papers, /api/openapi.json, errors ----------------------------------------------


def test_api_paper(client, mini_dataset):
    body = client.get("/api/papers/" + PAPER.rsplit("/", 1)[1]).get_json()
    assert body["title"] == GALORE_TITLE
    assert body["collection"]["venue"] == "NeurIPS 2025"
    links = {(link["relation"], link["label"]) for link in body["links"]}
    stored = _select(
        mini_dataset,
        f"SELECT ?relation ?label {{ <{PAPER}> ?p ?e . ?e skos:prefLabel ?label "
        f"FILTER (?p IN ({RELATIONS})) "
        f'BIND (STRAFTER(STR(?p), "#") AS ?relation) }}',
    )
    assert links == stored
    assert {("proposes", "GaLore"), ("uses", "Llama"), ("evaluatesOn", "C4")} <= links
    (note,) = body["notes"]
    for annotation in note["annotations"]:
        assert note["summary"][annotation["start"] : annotation["end"]] == annotation["exact"]
    galore = [a for a in note["annotations"] if a["body"] == GALORE]
    assert galore and {a["exact"] for a in galore} == {"GaLore"}
    assert {a["relation"] for a in galore} == {"proposes"} and all(a["rule"] for a in galore)
    assert body["quantities"][0]["text"].startswith("up to 46%")


def test_api_unknown_paper_and_path_are_json_404(client):
    _error(client.get("/api/papers/nothing"), 404)
    _error(client.get("/api/nothing"), 404)


def test_api_wrong_method_is_json_405(client):
    body = _error(client.post("/api/search?q=x"), 405)
    assert body["error"]


def test_openapi_document(client):
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/search", "/neighbours", "/centrality", "/papers/{slug}"} <= set(document["paths"])
    assert document["servers"] == [{"url": "/api"}]


def test_api_over_http_with_cors(live_server):
    response = requests.get(
        live_server.url + "/api/search",
        params={"q": "galore"},
        headers={"Origin": "https://notebook.example"},
        timeout=30,
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.json()["results"][0]["iri"] == GALORE
    preflight = requests.options(
        live_server.url + "/sparql",
        headers={
            "Origin": "https://notebook.example",
            "Access-Control-Request-Method": "POST",
        },
        timeout=30,
    )
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
