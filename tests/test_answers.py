"""SPARQL answers written within the row and byte limits (`papergraph.store.answers`), on a
real in-memory Oxigraph store."""

from __future__ import annotations

import json

import pyoxigraph
import pytest

from papergraph.store.answers import QueryOptions, evaluate_query

QUERY = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    predicate = pyoxigraph.NamedNode("http://example.org/p")
    for i in range(2000):
        subject = pyoxigraph.NamedNode(f"http://example.org/s{i:05d}")
        label = pyoxigraph.Literal(f'label "{i}" é\n' * (i % 7), language="en")
        store.add(pyoxigraph.Quad(subject, predicate, label))
    return store


def _bindings(body: bytes) -> list[dict]:
    return json.loads(body)["results"]["bindings"]


@pytest.mark.parametrize("max_rows", [0, 2000, 5000])
def test_an_answer_under_the_limits_is_oxigraphs_own(store, max_rows):
    options = QueryOptions({"solutions": "json"}, max_rows=max_rows, max_bytes=2**24)
    outcome = evaluate_query(store, QUERY, options)
    assert not outcome.truncated
    assert outcome.body == store.query(QUERY).serialize(format=pyoxigraph.QueryResultsFormat.JSON)


@pytest.mark.parametrize("limit", [1, 100, 4_096, 8_193, 50_000, 100_003])
def test_a_long_answer_is_cut_after_a_whole_solution(store, limit):
    everything = _bindings(evaluate_query(store, QUERY, QueryOptions({"solutions": "json"})).body)
    outcome = evaluate_query(store, QUERY, QueryOptions({"solutions": "json"}, max_bytes=limit))
    assert outcome.truncated and outcome.cut_at == "bytes"
    assert len(outcome.body) <= max(limit, 60)  # an empty answer is written even under 60 bytes
    cut = _bindings(outcome.body)
    assert cut == everything[: len(cut)]
    # the next solution would not have fitted
    if len(cut) < len(everything):
        longer = json.dumps(
            {"head": {"vars": ["s", "o"]}, "results": {"bindings": everything[: len(cut) + 1]}}
        )
        assert len(longer) > limit * 0.9


@pytest.mark.parametrize(
    ("max_rows", "max_bytes", "cut_at"),
    [(10, 0, "rows"), (1999, 0, "rows"), (10, 2**24, "rows"), (1500, 50_000, "bytes")],
)
def test_the_row_limit_still_counts_rows(store, max_rows, max_bytes, cut_at):
    everything = _bindings(evaluate_query(store, QUERY, QueryOptions({"solutions": "json"})).body)
    options = QueryOptions({"solutions": "json"}, max_rows=max_rows, max_bytes=max_bytes)
    outcome = evaluate_query(store, QUERY, options)
    cut = _bindings(outcome.body)
    assert outcome.cut_at == cut_at and cut == everything[: len(cut)]
    assert len(cut) == max_rows if cut_at == "rows" else len(cut) < max_rows
