"""Canned queries load, bind their parameters and run on a real store; results serialise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from papergraph.cli import cli
from papergraph.queries import bind_params, load_stored_queries, parse_stored_query
from papergraph.results import short_term, tsv_term

CANNED = load_stored_queries()


def test_there_are_canned_queries():
    assert len(CANNED) >= 5
    assert all(query.title for query in CANNED.values())


def test_at_least_ten_canned_queries_with_descriptions():
    assert len(CANNED) >= 10
    assert all(query.description for query in CANNED.values())


@pytest.mark.parametrize("name", sorted(CANNED))
def test_canned_query_file_finds_something_in_the_sample_graph(runner, sample_store, name):
    path = Path(__file__).resolve().parent.parent / "queries" / f"{name}.rq"
    result = runner.invoke(
        cli, ["query", str(path), "--store", str(sample_store), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"]["bindings"], f"{name} finds nothing"


def test_parameters_are_bound_as_escaped_literals():
    query = parse_stored_query(
        "q", '# title: T\n# param: label = Adam\nSELECT * { VALUES ?label { "Adam" } ?s ?p ?label }'
    )
    assert query.params == {"label": "Adam"}
    bound = bind_params(query, {"label": 'say "hi" \\ there'})
    assert 'VALUES ?label { "say \\"hi\\" \\\\ there" }' in bound
    with pytest.raises(ValueError, match="no parameter"):
        bind_params(query, {"other": "x"})


def test_a_query_file_needs_a_title():
    with pytest.raises(ValueError, match="title"):
        parse_stored_query("untitled", "SELECT * { ?s ?p ?o }")


@pytest.mark.parametrize(
    ("term", "tsv", "short"),
    [
        (
            URIRef("https://w3id.org/papergraph/ontology#Paper"),
            "<https://w3id.org/papergraph/ontology#Paper>",
            "pg:Paper",
        ),
        (Literal("tab\there\nnext"), '"tab\\there\\nnext"', "tab\there\nnext"),
        (Literal("hi", lang="en"), '"hi"@en', "hi"),
        (BNode("b0"), "_:b0", "_:b0"),
        (None, "", ""),
    ],
)
def test_term_rendering(term, tsv, short):
    assert tsv_term(term) == tsv
    assert short_term(term) == short
