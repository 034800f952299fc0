"""The graph view's data (papergraph.graphview), its blueprint and the `view` export (issue 6)."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Dataset

from conftest import GALORE_TITLE, HOSTILE_TITLE, mini_paper
from papergraph.cli import cli
from papergraph.errors import NotFound
from papergraph.graphview import TYPE_STYLES, build_view, standalone_html, view_payload
from papergraph.lookup import top_entities
from papergraph.store import open_store

GALORE = "https://w3id.org/papergraph/id/entity/galore"
RELATIONS = ("pg:proposes", "pg:uses", "pg:evaluatesOn", "pg:discusses")  # paper to entity


@pytest.fixture(scope="module")
def sample_dataset(sample_store) -> Dataset:
    return open_store(sample_store)


def _mentioning_papers(dataset: Dataset, entities: list[str]) -> set[str]:
    values = " ".join(f"<{iri}>" for iri in entities)
    rows = dataset.query(
        f"SELECT DISTINCT ?p {{ VALUES ?e {{ {values} }} "
        f"?p {'|'.join(RELATIONS)} ?e ; a pg:Paper }}"
    )
    return {str(row.p) for row in rows}


def test_default_view_is_top_entities_and_their_papers(sample_dataset):
    view = build_view(sample_dataset, top=40)
    entities = {n["id"] for n in view.nodes if n["type"] != "Paper"}
    papers = {n["id"] for n in view.nodes if n["type"] == "Paper"}
    assert entities == {ref.iri for ref in top_entities(sample_dataset, top=40)}
    assert papers == _mentioning_papers(sample_dataset, sorted(entities))
    ids = entities | papers
    assert all(edge["from"] in ids and edge["to"] in ids for edge in view.edges)
    assert len({edge["id"] for edge in view.edges}) == len(view.edges)
    mentions = [edge for edge in view.edges if edge["kind"] == "mention"]
    assert mentions and all(edge["from"] in papers for edge in mentions)
    assert sum(1 for edge in mentions if edge["sentence"]) > len(mentions) / 2


def test_entity_nodes_carry_centrality_and_labels(sample_dataset):
    view = build_view(sample_dataset, top=10)
    entity = next(n for n in view.nodes if n["type"] != "Paper")
    assert entity["type"] in TYPE_STYLES
    assert entity["pagerank"] > 0 and entity["label"] and isinstance(entity["alt"], list)
    assert {"betweenness", "degree", "eigenvector", "community", "paperCount"} <= set(entity)


def test_default_top_is_about_150_and_papers_are_capped(sample_dataset):
    view = build_view(sample_dataset)
    entities = [n for n in view.nodes if n["type"] != "Paper"]
    assert len(entities) == min(150, len(top_entities(sample_dataset, top=10_000)))
    small = build_view(sample_dataset, top=5)
    assert sum(1 for n in small.nodes if n["type"] == "Paper") <= 5


def test_focus_is_a_neighbourhood_that_grows_with_hops(sample_dataset):
    galore = top_entities(sample_dataset, top=10_000)
    iri = next(ref.iri for ref in galore if ref.label == "GaLore")
    one = build_view(sample_dataset, focus=iri, hops=1)
    two = build_view(sample_dataset, focus=iri, hops=2)
    ids = {n["id"] for n in one.nodes}
    assert iri in ids and _mentioning_papers(sample_dataset, [iri]) <= ids
    assert len(two.nodes) >= len(one.nodes)
    with pytest.raises(NotFound):
        build_view(sample_dataset, focus="https://example.org/nothing")


def _count(dataset: Dataset, where: str) -> int:
    (row,) = dataset.query(f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT * {{ {where} }} }}")
    return int(row.n)


def test_payload_is_a_pyvis_network_with_stabilising_physics(mini_store):
    """The mini store is small: the default view is all of it, every entity with its papers,
    every link and every co-occurrence."""
    dataset = open_store(mini_store)
    payload = view_payload(build_view(dataset))
    entities = {ref.iri: ref.score for ref in top_entities(dataset, top=10_000)}
    papers = _mentioning_papers(dataset, sorted(entities))
    assert len(payload["nodes"]) == len(entities) + len(papers)
    links = _count(dataset, f"VALUES ?r {{ {' '.join(RELATIONS)} }} ?p ?r ?e ; a pg:Paper")
    pairs = _count(dataset, "?a pg:coOccursWith ?b FILTER (STR(?a) < STR(?b))")
    assert len(payload["edges"]) == links + pairs and pairs > 0
    assert payload["options"]["physics"]["stabilization"]["enabled"] is True
    node = next(n for n in payload["nodes"] if n["id"] == GALORE)
    assert node["shape"] == TYPE_STYLES["Method"]["shape"] and node["value"] == entities[GALORE]
    assert [item["type"] for item in payload["legend"]] == list(TYPE_STYLES)


def test_hostile_text_is_escaped_in_the_page(client):
    response = client.get("/graph")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert HOSTILE_TITLE not in html and "<img" not in html and "<script>alert" not in html
    data = re.search(r'<script type="application/json" id="pg-data">(.*?)</script>', html, re.S)
    payload = json.loads(data.group(1))
    assert any(n.get("fullLabel") == HOSTILE_TITLE for n in payload["nodes"])
    assert not re.search(r"<script(?![^>]*type=\"application/json\")[^>]*>[^<]", html)
    assert " on" not in "".join(re.findall(r"<[a-z][^>]*>", html)).replace(" onerror", "")


def test_data_endpoint_and_errors(client):
    data = client.get("/graph/data.json", query_string={"focus": GALORE, "hops": 1}).json
    assert data["ok"] and {n["label"] for n in data["nodes"]} >= {"GaLore", "C4"}
    slug = mini_paper(GALORE_TITLE).rsplit("/", 1)[1]
    paper = next(n for n in data["nodes"] if n.get("fullLabel") == GALORE_TITLE)
    assert paper["url"] == f"/id/paper/{slug}"
    assert paper["api"] == f"/api/papers/{slug}"
    assert client.get("/graph/data.json?top=0").status_code == 400
    assert client.get("/graph/data.json?hops=9").status_code == 400
    assert client.get("/graph/data.json?focus=https://example.org/x").status_code == 404
    assert client.get("/graph?focus=not an iri").status_code == 400


def test_static_files_are_served_locally(client):
    html = client.get("/graph").get_data(as_text=True)
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url
    for name in ("graph.js", "graph.css", "vis-network.min.js", "vis-network.css"):
        assert client.get(f"/static/graph/{name}").status_code == 200


def test_view_command_writes_a_self_contained_file(runner, mini_store, tmp_path):
    out = tmp_path / "graph.html"
    result = runner.invoke(cli, ["view", "--store", str(mini_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert not re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', html, re.I)
    assert '<link rel="stylesheet"' not in html and "<script src" not in html
    assert "window.papergraph" in html and "<img" not in html
    assert len(re.findall(r"</script>", html, re.I)) == 4  # two data blocks, two scripts


def test_view_command_focus_by_label(runner, mini_store, tmp_path):
    out = tmp_path / "g.html"
    result = runner.invoke(
        cli,
        ["view", "--store", str(mini_store), "--focus", "gradient low-rank projection"]
        + ["--hops", "1", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    view = build_view(open_store(mini_store), focus=GALORE, hops=1)
    assert f"{len(view.nodes)} nodes" in result.output
    missing = runner.invoke(cli, ["view", "--store", str(mini_store), "--focus", "nope"])
    assert missing.exit_code == 1 and "no entity" in missing.output


def test_standalone_html_escapes_script_ends():
    payload = {"nodes": [], "edges": [], "options": {}, "legend": [], "relations": []}
    payload["meta"] = {"top": 1, "hops": 1, "focus": "</script><script>alert(1)</script>"}
    html = standalone_html(payload)
    assert "</script><script>alert(1)" not in html
