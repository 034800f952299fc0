"""Across collections (issue 17): an entity page's charts of its papers per collection and per
venue, and `/compare?a=&b=`, what sets two collections apart and what they share.

Expected values come from the store, by SPARQL written here, over the store of several
collections (`browse_store` in conftest.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from papergraph.distinctive import log_odds_scores

SVG = "{http://www.w3.org/2000/svg}"


def papers_per_entity(browse_dataset, collection: str) -> Counter:
    rows = browse_dataset.query(
        f"""SELECT ?e (COUNT(DISTINCT ?p) AS ?n) WHERE {{
          ?p pg:inCollection <{collection}> ; pg:mentions ?e . ?e a pg:Entity }} GROUP BY ?e"""
    )
    return Counter({str(row.e): int(row.n) for row in rows})


@pytest.fixture(scope="module")
def two(browse_dataset) -> tuple[str, str]:
    """The two collections with most papers."""
    rows = browse_dataset.query(
        """SELECT ?c (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p pg:inCollection ?c }
           GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 2"""
    )
    a, b = (str(row.c) for row in rows)
    return a, b


def slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


# --- the entity's charts -----------------------------------------------------------------


@pytest.fixture(scope="module")
def spread_entity(browse_dataset) -> tuple[str, Counter]:
    """An entity without variants mentioned in the most collections, and its papers in each."""
    rows = browse_dataset.query(
        """SELECT ?e ?c (COUNT(DISTINCT ?p) AS ?n) WHERE {
             ?p pg:mentions ?e ; pg:inCollection ?c . ?e a pg:Entity
             FILTER NOT EXISTS { ?v pg:variantOf ?e } } GROUP BY ?e ?c"""
    )
    per_entity: dict[str, Counter] = {}
    for row in rows:
        per_entity.setdefault(str(row.e), Counter())[str(row.c)] = int(row.n)
    entity = max(sorted(per_entity), key=lambda e: len(per_entity[e]))
    assert len(per_entity[entity]) > 1
    return entity, per_entity[entity]


def chart(page: str, name: str) -> ET.Element:
    found = re.search(rf'data-chart="{name}">.*?(<svg.*?</svg>)', page, re.S)
    assert found, f"no {name} chart"
    return ET.fromstring(found.group(1))


def test_the_entity_chart_has_one_bar_per_collection_with_its_papers(browse, spread_entity):
    entity, per_collection = spread_entity
    page = browse.get("/id/entity/" + slug(entity)).get_data(as_text=True)
    svg = chart(page, "collection")
    bars = {
        link.get("href"): int(link.find(f".//{SVG}rect").get("data-count"))
        for link in svg.iter(f"{SVG}a")
    }
    assert bars == {f"/id/collection/{slug(c)}": n for c, n in per_collection.items()}
    counts = [int(rect.get("data-count")) for rect in svg.iter(f"{SVG}rect")]
    assert counts == sorted(counts, reverse=True)
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    assert svg.get("role") == "img"


def test_the_venue_chart_counts_each_paper_once_per_venue(browse, browse_dataset, spread_entity):
    entity = spread_entity[0]
    rows = browse_dataset.query(
        f"""SELECT ?v (COUNT(DISTINCT ?p) AS ?n) WHERE {{
          ?p pg:mentions <{entity}> ; pg:inCollection/pg:venue ?v }} GROUP BY ?v"""
    )
    page = browse.get("/id/entity/" + slug(entity)).get_data(as_text=True)
    svg = chart(page, "venue")
    shown = {
        bar.find(f"{SVG}text").text: int(bar.find(f"{SVG}rect").get("data-count"))
        for bar in svg.iter(f"{SVG}g")
    }
    assert shown == {str(row.v): int(row.n) for row in rows}


def test_chart_labels_are_escaped():
    from papergraph.web._svgchart import Bar, bar_chart

    svg = bar_chart([Bar("<b>&", 2, "/x?a=1&b=2")], title="T<", description="D&")
    parsed = ET.fromstring(str(svg))
    assert parsed.find(f".//{SVG}text").text == "<b>&"
    assert parsed.find(f"{SVG}a").get("href") == "/x?a=1&b=2"
    assert "<b>" not in str(svg)


# --- /compare ----------------------------------------------------------------------------


def test_compare_json_scores_each_side_against_the_other(browse, browse_dataset, two):
    a, b = two
    answer = browse.get(f"/compare.json?a={slug(a)}&b={b}").get_json()
    in_a, in_b = papers_per_entity(browse_dataset, a), papers_per_entity(browse_dataset, b)
    for side, here, there in (("a", in_a, in_b), ("b", in_b, in_a)):
        expected = [s for s in log_odds_scores(here, there) if s.z > 0][:10]
        got = answer[side]["distinctive"]
        assert [row["iri"] for row in got] == [s.entity for s in expected] and got
        assert [(row["here"], row["there"]) for row in got] == [(s.here, s.rest) for s in expected]
    assert answer["a"]["iri"] == a and answer["b"]["iri"] == b


def test_compare_lists_the_shared_entities_with_their_papers_in_each(browse, browse_dataset, two):
    a, b = two
    in_a, in_b = papers_per_entity(browse_dataset, a), papers_per_entity(browse_dataset, b)
    both = {e for e in in_a if e in in_b}
    answer = browse.get(f"/compare.json?a={slug(a)}&b={slug(b)}").get_json()
    assert answer["shared_total"] == len(both) > 0
    assert {row["iri"]: (row["a"], row["b"]) for row in answer["shared"]} == {
        e: (in_a[e], in_b[e]) for e in both
    }
    totals = [row["a"] + row["b"] for row in answer["shared"]]
    assert totals == sorted(totals, reverse=True)


def test_the_compare_page_links_every_entity_to_its_page(browse, two):
    a, b = two
    page = browse.get(f"/compare?a={slug(a)}&b={slug(b)}")
    assert page.status_code == 200
    answer = browse.get(f"/compare.json?a={slug(a)}&b={slug(b)}").get_json()
    text = page.get_data(as_text=True)
    entities = [*answer["a"]["distinctive"], *answer["b"]["distinctive"], *answer["shared"]]
    for row in entities:
        assert f'href="{row["url"]}"' in text
    assert "Accept" in page.headers["Vary"]


def test_compare_answers_json_to_accept(browse, two):
    a, b = two
    response = browse.get(
        f"/compare?a={slug(a)}&b={slug(b)}", headers={"Accept": "application/json"}
    )
    assert response.content_type == "application/json" and response.get_json()["ok"]


def test_compare_without_collections_shows_a_form_of_every_collection(browse, browse_dataset):
    page = browse.get("/compare").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]+)"', page)
    collections = {
        slug(str(row.c)) for row in browse_dataset.query("SELECT ?c { ?c a pg:Collection }")
    }
    assert sorted(options) == sorted([*collections, *collections])  # two menus
    assert "<table" not in page


@pytest.mark.parametrize(
    ("query", "status"),
    [("?a=x-none&b=y-none", 404), ("", 400), ("?a=neurips-2025-pretraining", 400)],
)
def test_compare_refuses_what_is_not_two_collections(browse, query, status):
    assert browse.get("/compare.json" + query).status_code == status


def test_the_same_collection_twice_is_400(browse, two):
    assert browse.get(f"/compare?a={slug(two[0])}&b={two[0]}").status_code == 400


def test_collection_pages_and_the_collections_list_link_compare(browse, two):
    collections = browse.get("/collections").get_data(as_text=True)
    assert 'href="/compare"' in collections
    page = browse.get(f"/id/collection/{slug(two[0])}").get_data(as_text=True)
    link = re.search(r'href="(/compare\?a=[^"]+)"', page)
    assert link and browse.get(link.group(1).replace("&amp;", "&")).status_code == 200
