"""The Python API (`papergraph.open_graph`) answers what the CLI answers, as plain data."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph

import papergraph
from papergraph.cli import cli
from papergraph.errors import NotFound, StoreError


def _cli_json(*args: str) -> object:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def graph(sample_store):
    return papergraph.open_graph(sample_store)


def test_neighbours_and_centrality_are_the_clis(graph, sample_store):
    store = str(sample_store)
    assert graph.neighbours("galore") == _cli_json(
        "neighbours", "GaLore", "--store", store, "--format", "json"
    )
    assert graph.centrality(entity_type="Method", top=5) == _cli_json(
        "centrality", "--type", "Method", "--top", "5", "--store", store, "--format", "json"
    )


def test_query_gives_plain_rows_booleans_and_triples(graph):
    rows = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?note a pg:Note }")
    assert rows == [{"n": 50}]
    assert graph.query("ASK { ?p a pg:Paper }") is True
    triples = graph.query("CONSTRUCT WHERE { ?p a pg:Paper } LIMIT 3")
    assert len(triples) == 3 and all(isinstance(part, str) for part in triples[0])


def test_a_canned_query_takes_its_parameters(graph):
    rows = graph.query("papers-using-entity", label="GaLore")
    assert rows and all(isinstance(row, dict) for row in rows)
    with pytest.raises(ValueError):
        graph.query("papers-using-entity", no_such_parameter="x")


def test_export_returns_or_writes_the_graph(graph, tmp_path):
    turtle = graph.export("turtle")
    parsed = Graph().parse(data=turtle, format="turtle")
    path = tmp_path / "graph.nt"
    assert graph.export("ntriples", path) is None
    assert len(Graph().parse(path, format="nt")) == len(parsed) > 1000


def test_unknown_labels_and_missing_stores_fail_clearly(graph, tmp_path):
    with pytest.raises(NotFound, match="no entity is called"):
        graph.neighbours("no such entity anywhere")
    with pytest.raises(StoreError):
        papergraph.open_graph(tmp_path / "nothing-here")
