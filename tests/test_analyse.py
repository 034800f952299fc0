"""Analytics: the scores in the store are exactly what their definitions give."""

from __future__ import annotations

import random
from decimal import Decimal

import igraph
import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Namespace

from papergraph.analyse import (
    analyse,
    betweenness,
    communities,
    cooccurrence_graph,
    eigenvector,
    sort_key_triples,
)
from papergraph.rdf.namespaces import DEFAULT_BASE, PG, graph_iri
from papergraph.rdf.terms import iri, literal
from papergraph.store import named_graph, open_store

EX = Namespace("http://example.org/")


def _mentions(*pairs: tuple[str, str]) -> Graph:
    graph = Graph()
    for paper, entity in pairs:
        graph.add((EX[paper], PG.mentions, EX[entity]))
    return graph


def test_cooccurrence_weight_counts_shared_papers():
    graph = cooccurrence_graph(
        [("p1", "a"), ("p1", "b"), ("p2", "a"), ("p2", "b"), ("p2", "c"), ("p3", "d"), ("p1", "a")]
    )
    assert graph.edges["a", "b"]["weight"] == 2
    assert graph.edges["a", "c"]["weight"] == 1
    assert "d" in graph and graph.degree("d") == 0
    assert graph.nodes["a"]["papers"] == 2


def test_pagerank_recomputed_from_the_exported_mentions(sample_store):
    dataset = open_store(sample_store)
    mentions = Graph()
    for paper, entity in dataset.subject_objects(PG.mentions):
        mentions.add((paper, PG.mentions, entity))
    entities_of: dict = {}
    for paper, entity in mentions.subject_objects(PG.mentions):
        entities_of.setdefault(paper, set()).add(entity)
    graph = nx.Graph()
    for entities in entities_of.values():
        graph.add_nodes_from(entities)
        ordered = sorted(entities)
        for i, one in enumerate(ordered):
            for other in ordered[i + 1 :]:
                weight = graph.edges[one, other]["weight"] + 1 if graph.has_edge(one, other) else 1
                graph.add_edge(one, other, weight=weight)
    expected = nx.pagerank(graph, alpha=0.85, weight="weight")
    stored = {entity: float(value) for entity, value in dataset.subject_objects(PG.pagerank)}
    assert set(stored) == set(expected)
    assert all(abs(stored[node] - expected[node]) < 1e-6 for node in expected)


def test_every_mentioned_entity_has_every_score(sample_store):
    dataset = open_store(sample_store)
    analysis = named_graph(dataset, graph_iri(DEFAULT_BASE, "analysis"))
    entities = set(dataset.objects(None, PG.mentions))
    for score in (PG.pagerank, PG.betweenness, PG.degree, PG.community, PG.paperCount):
        assert set(analysis.subjects(score, None)) == entities, score


def _louvain(graph: nx.Graph, seed: int) -> set[frozenset[str]]:
    """igraph's Louvain split of `graph` (nodes in sorted order), its random numbers drawn
    from random.Random(seed)."""
    nodes = sorted(graph)
    index = {node: i for i, node in enumerate(nodes)}
    shared = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges])
    igraph.set_random_number_generator(random.Random(seed))
    try:
        membership = shared.community_multilevel(
            weights=[w for _, _, w in graph.edges(data="weight")]
        ).membership
    finally:
        igraph.set_random_number_generator(random)
    return {frozenset(n for n, m in zip(nodes, membership, strict=True) if m == c)
            for c in set(membership)}  # fmt: skip


def _split(numbers) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for entity, number in numbers:
        found.setdefault(int(number), set()).add(str(entity))
    return found


def test_communities_recomputed_from_the_exported_mentions(sample_store):
    dataset = open_store(sample_store)
    graph = cooccurrence_graph(
        (str(paper), str(entity)) for paper, entity in dataset.subject_objects(PG.mentions)
    )
    stored = _split(dataset.subject_objects(PG.community))
    assert {frozenset(members) for members in stored.values()} == _louvain(graph, 0)
    sizes = [len(stored[number]) for number in sorted(stored)]
    assert len(sizes) > 3 and sizes == sorted(sizes, reverse=True)


def test_communities_follow_their_seed_and_leave_the_global_random_state_alone():
    """A graph on which the seed changes the split: the one of seed 0, whatever the global
    random state, which stays untouched."""
    rng = random.Random(3)
    graph = cooccurrence_graph(
        [(f"p{rng.randrange(150)}", f"e{rng.randrange(120):03d}") for _ in range(700)]
    )
    random.seed(5)
    state = random.getstate()
    found = {frozenset(members) for members in _split(communities(graph).items()).values()}
    assert random.getstate() == state
    assert found == _louvain(graph, 0) != _louvain(graph, 1)
    random.seed(99)
    assert communities(graph) == communities(graph)


def test_communities_are_numbered_by_size():
    result = analyse(
        _mentions(("p1", "a"), ("p1", "b"), ("p1", "c"), ("p2", "c"), ("p3", "x"), ("p3", "y"))
    )
    community = {str(s).rsplit("/", 1)[-1]: int(o) for s, o in result.subject_objects(PG.community)}
    assert community["a"] == community["b"] == community["c"] == 0
    assert community["x"] == community["y"] == 1


def test_qualified_cooccurrences_carry_weights():
    result = analyse(_mentions(("p1", "a"), ("p1", "b"), ("p2", "a"), ("p2", "b")))
    assert (EX.a, PG.coOccursWith, EX.b) in result and (EX.b, PG.coOccursWith, EX.a) in result
    weights = [int(w) for w in result.objects(None, PG.weight)]
    assert weights == [2, 2]


@pytest.mark.parametrize("pairs", [(), (("p1", "a"),)])
def test_tiny_graphs_do_not_fail(pairs):
    result = analyse(_mentions(*pairs))
    assert len(set(result.subjects(PG.pagerank, None))) == len(pairs)


@pytest.mark.parametrize("pivots", [None, 40])
def test_betweenness_is_networkx_betweenness(pivots):
    """Same pivots, same normalisation; distances drawn so that no two paths nearly tie."""
    graph = nx.gnm_random_graph(300, 1500, seed=4)
    graph.add_edge(1000, 1001)  # a second component and an isolated node
    graph.add_node(1002)
    draw = random.Random(4)
    for one, other in graph.edges:
        graph.edges[one, other]["distance"] = draw.uniform(0.5, 1.5)
    expected = nx.betweenness_centrality(
        graph, k=pivots, weight="distance", normalized=True, seed=0
    )
    computed = betweenness(graph, k=pivots)
    assert max(abs(expected[node] - computed[node]) for node in graph) < 1e-12


@given(
    st.lists(
        st.tuples(st.sampled_from("pqrst"), st.sampled_from("abcdefgh")), min_size=1, max_size=30
    )
)
def test_eigenvector_is_networkx_eigenvector_centrality(pairs):
    graph = cooccurrence_graph((f"paper/{p}", f"entity/{e}") for p, e in pairs)
    if graph.number_of_nodes() == 0:
        return
    try:
        expected = nx.eigenvector_centrality(graph, weight="weight", max_iter=1000)
    except nx.PowerIterationFailedConvergence:
        with pytest.raises(nx.PowerIterationFailedConvergence):
            eigenvector(graph)
        return
    assert eigenvector(graph) == pytest.approx(expected, abs=1e-12)


def _orders(triples, predicate) -> list[str]:
    """The subjects of `predicate` triples, by the position each was given."""
    positions = {s: int(o.split('"')[1]) for s, p, o in triples if p == iri(str(predicate))}
    assert sorted(positions.values()) == list(range(1, len(positions) + 1))
    return sorted(positions, key=positions.get)


@given(st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=12))
def test_title_order_sorts_the_titles_themselves(titles):
    """Escaped in N-Triples (quotes, backslashes, newlines, any character), the titles are
    still ordered by their own code points, ties by paper IRI."""
    pairs = [(iri(f"urn:paper:{n}"), literal(title)) for n, title in enumerate(titles)]
    order = _orders(list(sort_key_triples(pairs, [], [])), PG.titleOrder)
    expected = sorted(range(len(titles)), key=lambda n: (titles[n], iri(f"urn:paper:{n}")))
    assert order == [iri(f"urn:paper:{n}") for n in expected]


def test_quantity_order_is_paper_title_then_value_then_iri():
    titles = [("<urn:p:b>", literal("B paper")), ("<urn:p:a>", literal("A paper"))]
    reports = [("<urn:p:b>", "<urn:q:1>"), ("<urn:p:a>", "<urn:q:3>"), ("<urn:p:a>", "<urn:q:2>"),
               ("<urn:p:a>", "<urn:q:0>"), ("<urn:p:b>", "<urn:q:4>")]  # fmt: skip
    values = [
        (quantity, literal(Decimal(value)))
        for quantity, value in [("<urn:q:1>", "-2.5"), ("<urn:q:3>", "10"), ("<urn:q:2>", "10"),
                                ("<urn:q:4>", "-3")]
    ]  # fmt: skip
    triples = list(sort_key_triples(titles, reports, values))
    assert _orders(triples, PG.titleOrder) == ["<urn:p:a>", "<urn:p:b>"]
    # paper A: 10 and 10 (ties by IRI), then q:0 without a value; paper B: -3, -2.5
    assert _orders(triples, PG.quantityOrder) == [
        "<urn:q:2>", "<urn:q:3>", "<urn:q:0>", "<urn:q:4>", "<urn:q:1>"
    ]  # fmt: skip
