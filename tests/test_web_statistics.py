"""The counts the pages show are recorded by the build (issue 16) and are those of the store:
the index page, `/-/health` and the service description against counting the store itself,
after a build, a `load` and a SPARQL update."""

from __future__ import annotations

import html
import re

import pytest
from rdflib import Graph, Namespace

from conftest import make_app
from papergraph.build import build_store
from papergraph.load import load_file
from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.store import open_store, sparql_update, write_build
from papergraph.store.statistics import Statistics, count_statistics, read_statistics

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")


@pytest.fixture
def built_store(tmp_path, nlp, sample_page):
    """A store of this test's own, built from the sample page (to write to)."""
    return build_store(
        [sample_page], tmp_path / "store", base=DEFAULT_BASE, nlp=nlp, validate=False
    ).store


# a collection on the home page: its link, then its count linking to its list of papers
_COLLECTION_ITEM = re.compile(
    r'<li><a href="/id/([^"]+)">[^<]*</a> \(<a href="/papers\?[^"]*">(\d+) papers</a>\)'
)


def _counted(store) -> Statistics:
    """The store counted directly, a scan of every triple (what the pages did before)."""
    return count_statistics(open_store(store))


def _served(store) -> Statistics:
    """The statistics as the index page, `/-/health` and the service description show them
    (each must agree with the others)."""
    with make_app(store) as app:
        client = app.test_client()
        health = client.get("/-/health").get_json()
        page = html.unescape(client.get("/").get_data(as_text=True))
        description = Graph().parse(
            data=client.get("/sparql", headers={"Accept": "text/turtle"}).get_data(),
            format="turtle",
        )
    shown = {
        name: int(count)
        for count, name in re.findall(r"<li><strong>(\d+)</strong> (\w+?)s?</li>", page)
    }
    graphs = {
        name: int(count)
        for name, count in re.findall(
            r'<tr><td><code>(\S+)</code></td><td class="number">(\d+)<', page
        )
    }
    collections = {
        f"{DEFAULT_BASE}{path}": int(count) for path, count in re.findall(_COLLECTION_ITEM, page)
    }
    described = {
        str(description.value(named, SD.name)): int(
            description.value(description.value(named, SD.graph), VOID.triples)
        )
        for named in description.subjects(SD.name, None)
    }
    default_graph = next(description.objects(None, SD.defaultGraph))
    assert int(description.value(default_graph, VOID.triples)) == health["triples"]
    assert shown.pop("triple") == health["triples"]
    assert described == graphs
    return Statistics(health["triples"], graphs, shown, collections)


def test_the_build_records_what_counting_finds(sample_store):
    recorded = read_statistics(open_store(sample_store))
    assert recorded is not None
    assert recorded == _counted(sample_store)
    assert recorded.classes["Paper"] == 48 and sum(recorded.collections.values()) == 48


def test_the_pages_show_the_counts_of_the_store(sample_store):
    counted = _counted(sample_store)
    served = _served(sample_store)
    assert served.triples == counted.triples
    assert served.graphs == counted.graphs
    assert served.classes == counted.classes
    assert served.collections == counted.collections


def test_a_load_is_counted_again(built_store, tmp_path):
    before = _counted(built_store)
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix pg: <https://w3id.org/papergraph/ontology#> .\n"
        "<https://example.org/p1> a pg:Paper . <https://example.org/p2> a pg:Paper .\n"
        '<https://example.org/p1> <http://purl.org/dc/terms/title> "One" .\n',
        encoding="utf-8",
    )
    load_file(built_store, extra, graph="https://example.org/extra")
    after = _counted(built_store)
    assert read_statistics(open_store(built_store)) == after
    # The 3 triples, and 2 more that record the new graph's count (void:subset, void:triples).
    assert after.triples == before.triples + 3 + 2
    assert after.graphs["https://example.org/extra"] == 3
    assert after.classes["Paper"] == before.classes["Paper"] + 2
    served = _served(built_store)
    assert (served.triples, served.graphs, served.classes) == (
        after.triples,
        after.graphs,
        after.classes,
    )


def test_a_sparql_update_is_counted_again(built_store):
    before = _counted(built_store)
    collection = next(iter(before.collections))
    sparql_update(
        built_store,
        f"DELETE WHERE {{ GRAPH ?g {{ ?paper pg:inCollection <{collection}> }} }} ;"
        f"INSERT DATA {{ GRAPH <{DEFAULT_BASE}graph/notes> "
        f"{{ <{DEFAULT_BASE}paper/new> a pg:Paper }} }}",
    )
    after = _counted(built_store)
    assert read_statistics(open_store(built_store)) == after
    assert after.collections[collection] == 0
    assert after.classes["Paper"] == before.classes["Paper"] + 1
    served = _served(built_store)
    assert (served.triples, served.graphs, served.classes) == (
        after.triples,
        after.graphs,
        after.classes,
    )
    assert served.collections == {collection: 0}


def test_a_build_without_an_analysis_graph_is_counted(tmp_path):
    """No analysis graph, no recorded statistics: the pages count (once per build)."""
    store = tmp_path / "store"
    entity, links = f"<{DEFAULT_BASE}entity/x>", f"<{DEFAULT_BASE}graph/links>"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    write_build(
        store,
        (
            f'{entity} <http://www.w3.org/2004/02/skos/core#prefLabel> "X" {links} .\n'
            f"{entity} {rdf_type} <https://w3id.org/papergraph/ontology#Method> {links} .\n"
        ).encode(),
    )
    assert read_statistics(open_store(store)) is None
    served = _served(store)
    assert served.triples == 2 and served.graphs == {f"{DEFAULT_BASE}graph/links": 2}
    assert served.classes["Method"] == 1
