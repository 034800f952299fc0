"""Canned queries load, bind their parameters and run on a real store; results serialise."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from papergraph.queries import bind_params, load_stored_queries, parse_stored_query
from papergraph.results import format_result, short_term, tsv_term
from papergraph.store import open_store

CANNED = load_stored_queries()


def test_there_are_canned_queries():
    assert len(CANNED) >= 5
    assert all(query.title for query in CANNED.values())


@pytest.mark.parametrize("name", sorted(CANNED))
def test_canned_query_runs_on_the_sample_store(sample_store, name):
    result = open_store(sample_store).query(CANNED[name].sparql)
    assert format_result(result, "json")


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
