"""Browsing the graph on the web (issue 17): the lists /entities, /papers and /collections
(pages, sorts, facets, the filter box, JSON and CSV) and the canned-query pages /queries.

The expected values come from the store itself, by SPARQL queries written here, over a store
built from the sample page and the reader's test pages (seven collections)."""

from __future__ import annotations

import csv
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from conftest import make_app
from papergraph.extract import ENTITY_TYPES, RELATIONS
from papergraph.queries import bind_params, load_stored_queries
from papergraph.rdf.namespaces import DEFAULT_BASE

_TYPES = " ".join(f"pg:{name}" for name in ENTITY_TYPES)
ENTITY_PATTERN = f"?e a ?t ; skos:prefLabel ?l . VALUES ?t {{ {_TYPES} }}"


def count(browse_dataset, where: str) -> int:
    rows = browse_dataset.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {where} }}")
    return int(next(iter(rows)).n)


def get_json(client, url: str, **params) -> dict:
    response = client.get(url, query_string=params or None)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type == "application/json"
    return response.get_json()


def all_rows(client, url: str, **params) -> list[dict]:
    """Every row of a list, following its `next` links."""
    rows, page = [], get_json(client, url, size=100, **params)
    while True:
        rows += page["results"]
        if page["next"] is None:
            return rows
        page = get_json(client, page["next"])


# --- pages -------------------------------------------------------------------------------


def test_pages_neither_repeat_nor_skip_a_row(browse, browse_dataset):
    first = get_json(browse, "/entities.json", size=20)
    second = get_json(browse, "/entities.json", size=20, page=2)
    assert len(first["results"]) == len(second["results"]) == 20
    assert not {r["iri"] for r in first["results"]} & {r["iri"] for r in second["results"]}
    assert first["next"] is not None and second["previous"] is not None
    rows = all_rows(browse, "/entities.json")
    assert len(rows) == len({row["iri"] for row in rows}) == first["total"]
    assert first["total"] == count(browse_dataset, ENTITY_PATTERN)


def test_the_last_page_has_no_next_and_a_page_past_it_is_empty(browse):
    total = get_json(browse, "/papers.json")["total"]
    size = 10
    last = -(-total // size)
    page = get_json(browse, "/papers.json", size=size, page=last)
    assert page["next"] is None and 0 < len(page["results"]) <= size
    past = get_json(browse, "/papers.json", size=size, page=last + 1)
    assert past["results"] == [] and past["total"] == total


def test_the_html_list_pages_and_says_its_total(browse, browse_dataset):
    page = browse.get("/papers?size=10").get_data(as_text=True)
    total = count(browse_dataset, "?e a pg:Paper")
    assert re.search(r'<span class="total">(\d+)</span>', page).group(1) == str(total)
    assert 'rel="next" href="/papers?size=10&amp;page=2"' in page
    assert 'rel="prev"' not in page
    second = browse.get("/papers?size=10&page=2").get_data(as_text=True)
    assert row_links(page).isdisjoint(row_links(second))
    assert 'rel="prev" href="/papers?size=10&amp;page=1"' in second


def row_links(page: str) -> set[str]:
    """The link of each row of the page's table (its first cell's)."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return set(re.findall(r'<tr>\s*<td[^>]*><a href="(/id/[^"]+)"', body))


# --- sorts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "order", "key", "descending"),
    [
        ("pagerank", None, "pagerank", True),
        ("pagerank", "asc", "pagerank", False),
        ("papers", None, "papers", True),
        ("label", None, "label", False),
        ("label", "desc", "label", True),
    ],
)
def test_entities_are_sorted(browse, sort, order, key, descending):
    params = {"sort": sort} | ({"order": order} if order else {})
    rows = all_rows(browse, "/entities.json", **params)
    keys = [row[key] for row in rows]
    if key == "label":
        keys = [label.casefold() for label in keys]
    if key == "pagerank":  # entities without a score come last when descending, first else
        missing = [value is None for value in keys]
        assert missing == sorted(missing, reverse=not descending)
        keys = [value for value in keys if value is not None]
    assert keys == sorted(keys, reverse=descending)
    assert len(set(keys)) > 1  # the order is not trivially true


def test_the_first_entity_by_pagerank_has_the_highest_score(browse, browse_dataset):
    top = next(iter(browse_dataset.query("SELECT (MAX(?r) AS ?m) WHERE { ?e pg:pagerank ?r }"))).m
    first = get_json(browse, "/entities.json", size=1)["results"][0]
    assert first["pagerank"] == pytest.approx(float(top))


def test_papers_sort_by_title_and_by_collection(browse):
    titles = [row["title"].casefold() for row in all_rows(browse, "/papers.json")]
    assert titles == sorted(titles)
    rows = all_rows(browse, "/papers.json", sort="collection", order="desc")
    labels = [row["collection_label"].casefold() for row in rows]
    assert labels == sorted(labels, reverse=True) and len(set(labels)) > 1


def test_collections_sort_by_papers(browse, browse_dataset):
    rows = get_json(browse, "/collections.json", sort="papers")["results"]
    assert [row["papers"] for row in rows] == sorted((row["papers"] for row in rows), reverse=True)
    for row in rows:
        assert row["papers"] == count(browse_dataset, f"?e pg:inCollection <{row['iri']}>")


def test_a_sortable_heading_links_to_its_sort_and_the_current_one_to_the_other_order(browse):
    page = browse.get("/entities?sort=label").get_data(as_text=True)
    assert '<a href="/entities?sort=label&amp;order=desc">Label</a> ▲' in page
    assert '<a href="/entities?sort=papers">Papers</a>' in page


# --- facets and filters -----------------------------------------------------------------


def facets(body: dict, name: str) -> dict[str, dict]:
    return {facet["value"]: facet for facet in body["facets"][name]}


def test_type_facet_counts_equal_the_store(browse, browse_dataset):
    found = facets(get_json(browse, "/entities.json"), "type")
    expected = {
        name: count(browse_dataset, f"?e a pg:{name} ; skos:prefLabel ?l") for name in ENTITY_TYPES
    }
    assert {value: facet["count"] for value, facet in found.items()} == {
        name: n for name, n in expected.items() if n
    }


def test_collection_and_relation_facets_equal_the_store(browse, browse_dataset):
    body = get_json(browse, "/entities.json")
    collections = facets(body, "collection")
    assert len(collections) > 1
    for iri, facet in collections.items():
        expected = count(
            browse_dataset, f"{ENTITY_PATTERN} ?p pg:mentions ?e ; pg:inCollection <{iri}>"
        )
        assert facet["count"] == expected, iri
    for relation, facet in facets(body, "relation").items():
        assert facet["count"] == count(browse_dataset, f"{ENTITY_PATTERN} ?p pg:{relation} ?e")
    assert set(facets(body, "relation")) <= set(RELATIONS)


def test_choosing_a_facet_gives_as_many_rows_as_it_counted(browse, browse_dataset):
    body = get_json(browse, "/entities.json", relation="uses")
    chosen = max(facets(body, "collection").values(), key=lambda facet: facet["count"])
    narrowed = get_json(browse, chosen["url"])
    assert narrowed["total"] == chosen["count"] < body["total"]
    assert narrowed["filters"]["collection"] == chosen["value"]
    assert narrowed["filters"]["relation"] == "uses"
    expected = count(
        browse_dataset, f"{ENTITY_PATTERN} ?p pg:uses ?e ; pg:inCollection <{chosen['value']}>"
    )
    assert narrowed["total"] == expected
    # A facet counts under the other filters: choosing a collection keeps the others' counts.
    counts = {value: facet["count"] for value, facet in facets(body, "collection").items()}
    assert {v: f["count"] for v, f in facets(narrowed, "collection").items()} == counts
    assert len(counts) > 1
    dropped = facets(narrowed, "collection")[chosen["value"]]
    assert dropped["selected"] and get_json(browse, dropped["url"])["total"] == body["total"]


def test_facet_links_in_the_page_add_the_filter_and_go_to_page_one(browse):
    page = browse.get("/entities?page=2&size=10").get_data(as_text=True)
    links = re.findall(r'data-facet="type">.*?</section>', page, re.S)[0]
    assert 'href="/entities?size=10&amp;type=Concept"' in links


@pytest.mark.parametrize("spelling", ["method", "METHOD", "Method", "mEtHoD"])
def test_type_is_case_insensitive(browse, browse_dataset, spelling):
    body = get_json(browse, "/entities.json", type=spelling, size=1000)
    assert body["filters"]["type"] == "Method"
    assert body["total"] == count(browse_dataset, "?e a pg:Method ; skos:prefLabel ?l") > 0
    assert {row["type"] for row in body["results"]} == {"Method"}


def test_relation_is_case_insensitive_and_unknown_filters_are_400(browse):
    assert get_json(browse, "/entities.json", relation="EVALUATESON")["filters"] == {
        "type": None,
        "collection": None,
        "relation": "evaluatesOn",
        "q": "",
    }
    for params in ({"type": "Paper"}, {"relation": "cites"}, {"sort": "size"}, {"order": "up"}):
        response = browse.get("/entities.json", query_string=params)
        assert response.status_code == 400, params
        assert response.get_json()["ok"] is False
    for params in ({"page": "0"}, {"size": "100000"}, {"collection": "a>b"}):
        assert browse.get("/papers", query_string=params).status_code == 400, params


def test_the_filter_box_matches_labels_and_alt_labels_in_any_case(browse, browse_dataset):
    rows = all_rows(browse, "/entities.json", q="LLaMA")
    expected = {
        str(row.e)
        for row in browse_dataset.query(
            f"SELECT DISTINCT ?e WHERE {{ {ENTITY_PATTERN} ?e skos:prefLabel|skos:altLabel ?any "
            'FILTER (CONTAINS(LCASE(STR(?any)), "llama")) }'
        )
    }
    assert {row["iri"] for row in rows} == expected and len(expected) > 1


def test_the_filter_box_keeps_the_other_parameters(browse):
    page = browse.get("/papers?collection=icml-2024-optimisation&sort=title&page=2")
    form = re.search(r'<form class="filter".*?</form>', page.get_data(as_text=True), re.S)[0]
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert hidden == {"collection": "icml-2024-optimisation", "sort": "title"}


def test_papers_of_a_collection_by_slug_or_iri(browse, browse_dataset):
    iri = f"{DEFAULT_BASE}collection/icml-2024-optimisation"
    by_slug = get_json(browse, "/papers.json", collection="icml-2024-optimisation")
    by_iri = get_json(browse, "/papers.json", collection=iri)
    assert by_slug["results"] == by_iri["results"]
    assert by_slug["total"] == count(browse_dataset, f"?e pg:inCollection <{iri}>") > 0
    assert {row["collection"] for row in by_slug["results"]} == {iri}
    titled = get_json(browse, "/papers.json", q="SCALING")
    assert titled["results"] and all("scaling" in r["title"].casefold() for r in titled["results"])


def test_collections_are_named_by_venue_and_topic(browse, browse_dataset):
    rows = get_json(browse, "/collections.json")["results"]
    labels = {
        str(row.c): str(row.l)
        for row in browse_dataset.query("SELECT ?c ?l { ?c a pg:Collection ; rdfs:label ?l }")
    }
    assert {row["iri"]: row["label"] for row in rows} == labels
    assert "ICML 2024 · Optimisation" in labels.values()


# --- JSON, CSV, Accept, links ---------------------------------------------------------


def test_csv_has_the_rows_of_the_json(browse):
    params = {"sort": "label", "size": 30, "page": 2}
    rows = get_json(browse, "/entities.json", **params)["results"]
    response = browse.get("/entities.csv", query_string=params)
    assert response.content_type == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["iri"] for row in table] == [row["iri"] for row in rows]
    assert [row["label"] for row in table] == [row["label"] for row in rows]
    assert set(table[0]) == set(rows[0])


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/json", "application/json"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html; charset=utf-8"),
        ("text/csv;q=0.5, application/json;q=0.9", "application/json"),
    ],
)
def test_the_list_comes_in_the_syntax_accept_asks_for(browse, accept, content_type):
    for path in ("/entities", "/papers", "/collections"):
        response = browse.get(path, headers={"Accept": accept})
        assert response.status_code == 200
        assert response.content_type == content_type
        assert "Accept" in response.vary
    assert browse.get("/papers", headers={"Accept": "image/png"}).status_code == 406


def test_every_row_links_to_its_resource(browse):
    for path in ("/entities?size=5", "/papers?size=5", "/collections"):
        links = row_links(browse.get(path).get_data(as_text=True))
        assert links
        for link in links:
            assert browse.get(link, headers={"Accept": "text/html"}).status_code == 200, link


def test_a_row_link_leads_to_the_row_over_http(live_server):
    body = requests.get(
        live_server.url + "/entities",
        params={"sort": "label"},
        headers={"Accept": "application/json"},
        timeout=30,
    )
    assert body.status_code == 200
    assert [v.strip() for v in body.headers["Vary"].split(",")] == ["Accept", "Accept-Encoding"]
    first = body.json()["results"][0]
    page = requests.get(live_server.url + first["url"], headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S)
    assert html.unescape(heading.group(1)).strip() == first["label"]


def test_the_home_page_and_the_navigation_link_the_lists(browse):
    home = browse.get("/").get_data(as_text=True)
    nav = re.search(r"<nav>.*?</nav>", home, re.S)[0]
    for path in ("/entities", "/papers", "/collections", "/queries"):
        assert f'href="{path}"' in nav
    assert 'href="/entities?type=Method"' in home
    assert 'href="/queries/papers-using-entity"' in home
    papers = re.search(r'href="(/papers\?collection=icml-2024-optimisation)">(\d+) papers<', home)
    assert int(papers[2]) == get_json(browse, papers[1].replace("/papers", "/papers.json"))["total"]


# --- the OpenAPI document --------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi(browse):
    document = get_json(browse, "/api/openapi.json")
    validate(document)
    return document


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/entities.json", {"type": "model", "size": 3}),
        ("/papers.json", {"collection": "icml-2024-optimisation"}),
        ("/collections.json", {}),
        ("/queries.json", {}),
        ("/queries/{name}.json", {}),
    ],
)
def test_the_json_answers_match_their_openapi_schemas(browse, openapi, path, params):
    operation = openapi["paths"][path]
    assert operation["servers"] == [{"url": "/"}]
    schema = operation["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    # The schema with the document's components, where its "#/components/..." references point.
    validator = Draft202012Validator({**schema, "components": openapi["components"]})
    body = get_json(browse, path.replace("{name}", "papers-using-entity"), **params)
    assert body["results"]
    assert not [error.message for error in validator.iter_errors(body)]
    assert list(validator.iter_errors({**body, "ok": False}))
    if path != "/queries/{name}.json":  # a canned query's rows have the query's own columns
        assert list(validator.iter_errors({**body, "results": [{"iri": 1}]}))


# --- canned queries ---------------------------------------------------------------------


def test_the_canned_queries_are_listed_with_their_descriptions(browse):
    canned = load_stored_queries()
    page = html.unescape(browse.get("/queries").get_data(as_text=True))
    for name, query in canned.items():
        assert f'href="/queries/{name}">{query.title}</a>' in page
        assert query.description in page
    listed = get_json(browse, "/queries.json")["results"]
    assert [entry["name"] for entry in listed] == list(canned)
    assert {e["name"]: e["params"] for e in listed} == {n: q.params for n, q in canned.items()}


def test_a_parameter_changes_the_answer(browse, browse_dataset):
    query = load_stored_queries()["papers-using-entity"]
    default = get_json(browse, "/queries/papers-using-entity.json")
    llama = get_json(browse, "/queries/papers-using-entity.json", label="Llama")
    assert default["params"] == query.params and llama["params"] == {"label": "Llama"}
    assert default["results"] != llama["results"]
    expected = browse_dataset.query(bind_params(query, {"label": "Llama"}))
    assert [row["paper"] for row in llama["results"]] == [str(row.paper) for row in expected]
    assert {row["entityLabel"].split("-")[0] for row in llama["results"]} == {"Llama"}


def test_the_page_has_a_form_with_the_defaults_and_links_carrying_the_parameters(browse):
    query = load_stored_queries()["quantities-above"]
    page = browse.get("/queries/quantities-above").get_data(as_text=True)
    for param, default in query.params.items():
        assert f'name="{param}" value="{html.escape(default)}"' in page
    page = browse.get("/queries/papers-using-entity?label=Llama").get_data(as_text=True)
    assert 'name="label" value="Llama"' in page
    links = dict(re.findall(r'<a href="([^"]+)">(JSON|CSV)</a>', page))
    json_link = next(link for link, kind in links.items() if kind == "JSON")
    csv_link = next(link for link, kind in links.items() if kind == "CSV")
    assert urlsplit(html.unescape(json_link)).path == "/queries/papers-using-entity.json"
    assert parse_qs(urlsplit(html.unescape(csv_link)).query) == {"label": ["Llama"]}
    answer = browse.get(html.unescape(csv_link))
    assert answer.content_type == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    titles = [row["title"] for row in get_json(browse, html.unescape(json_link))["results"]]
    assert [row["title"] for row in table] == titles and titles
    rows = re.search(r"<tbody>(.*?)</tbody>", page, re.S)[1].count("<tr>")
    assert rows == len(titles)


def test_a_paged_canned_query_goes_to_its_next_page(browse):
    query = load_stored_queries()["top-entities-pagerank"]
    first = get_json(browse, "/queries/top-entities-pagerank.json")
    second = get_json(browse, first["next"])
    assert len(first["results"]) == query.page and second["page"] == 2
    assert not {r["entity"] for r in first["results"]} & {r["entity"] for r in second["results"]}
    assert 'rel="next" href="/queries/top-entities-pagerank?page=2"' in browse.get(
        "/queries/top-entities-pagerank"
    ).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/queries/no-such-query", "/queries/no-such-query.json"])
def test_an_unknown_canned_query_is_404(browse, path):
    response = browse.get(path)
    assert response.status_code == 404
    assert "papers-using-entity" in response.get_data(as_text=True)


def test_a_bad_parameter_is_400(browse):
    response = browse.get("/queries/top-entities-pagerank.json?page=0")
    assert response.status_code == 400 and response.get_json()["status"] == 400


def test_a_cut_answer_says_so(browse_store, browse):
    full = get_json(browse, "/queries/entity-counts.json")
    assert full["truncated"] is False and len(full["results"]) > 3
    assert "cut-notice" not in browse.get("/queries/entity-counts").get_data(as_text=True)
    with make_app(browse_store, MAX_RESULT_ROWS=3) as app:
        client = app.test_client()
        page = client.get("/queries/entity-counts")
        notice = re.search(r'<p class="notice cut-notice">(.*?)</p>', page.get_data(as_text=True))
        assert notice and "first 3 rows" in notice.group(1)
        assert page.headers["X-Papergraph-Truncated"] == "true"
        cut = get_json(client, "/queries/entity-counts.json")
        assert cut["truncated"] is True and cut["results"] == full["results"][:3]
        answer = client.get("/queries/entity-counts.csv")
        assert answer.headers["X-Papergraph-Row-Limit"] == "3"
        assert len(answer.get_data(as_text=True).strip().splitlines()) == 1 + 3
