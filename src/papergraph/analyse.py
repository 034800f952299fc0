"""The analyse stage: entity co-occurrence, centrality and communities, written back as RDF.

Definitions (so that anyone can recompute them from the exported graph):

- The co-occurrence graph G has a node for every entity that some paper `pg:mentions` (after
  reasoning); an edge joins two entities mentioned by at least one common paper, its weight
  the number of such papers.
- `pg:pagerank` = `nx.pagerank(G, alpha=0.85, weight="weight")`.
- `pg:degree` = the number of neighbours in G (typed xsd:double, as the vocabulary fixes).
- `pg:betweenness` = `nx.betweenness_centrality(G, k=k, weight="distance", normalized=True,
  seed=0)` with distance = 1/weight; exact (k=None) up to `EXACT_BETWEENNESS_MAX_NODES`
  (5,000) nodes, above that sampled with k=`BETWEENNESS_PIVOTS` (500) pivots. The numbers
  are computed by igraph's C implementation from the same pivots (NetworkX takes about a
  second per pivot on a 10,000-note graph, igraph a few milliseconds). One difference: igraph
  treats path lengths equal within a relative 1e-10 as ties, where NetworkX compares float
  sums exactly, so that e.g. 1/3 + 1/6 and 1/2 are one length here but may be two in
  NetworkX; where no such near-ties exist, the two agree to rounding
  (tests/test_analyse.py).
- `pg:eigenvector` = `nx.eigenvector_centrality(G, weight="weight", max_iter=1000)`: the same
  power iteration, run as sparse matrix products (`eigenvector`); left out (and logged) when
  it does not converge.
- `pg:community` = the index of the entity's community found by the Louvain method as igraph
  computes it (`community_multilevel(weights="weight")` on G, its nodes in sorted order, with
  its random numbers drawn from `random.Random(0)`), communities numbered from 0 by
  decreasing size, ties by their smallest member IRI.
- `pg:paperCount` = the number of papers that mention the entity.
- For every entity, its `COOCCURRENCE_TOP` strongest edges (weight desc, then IRI) become
  `pg:coOccursWith` links and qualified `pg:CoOccurrence` nodes carrying `pg:weight`.

Sort keys (`sort_key_triples`), so that queries order by a number, which Oxigraph keeps in its
index, instead of a stored string, which it reads back for every comparison:

- `pg:titleOrder` = a paper's position, from 1, in the order of the build's paper titles
  (by code point, as SPARQL orders strings), ties by paper IRI.
- `pg:quantityOrder` = a quantity's position, from 1, when the build's quantities are sorted
  by their paper's `pg:titleOrder`, then by `rdf:value` (quantities without one last), then
  by IRI.
"""

from __future__ import annotations

import logging
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import combinations

import igraph
import networkx as nx
import numpy as np
import pyoxigraph
from rdflib import Graph

from papergraph.rdf.namespaces import PG, RDF, XSD
from papergraph.rdf.terms import Triple, iri, literal

__all__ = [
    "BETWEENNESS_PIVOTS",
    "COOCCURRENCE_TOP",
    "EXACT_BETWEENNESS_MAX_NODES",
    "analyse",
    "analysis_triples",
    "betweenness",
    "centrality_scores",
    "communities",
    "cooccurrence_graph",
    "eigenvector",
    "sort_key_triples",
]

logger = logging.getLogger(__name__)

EXACT_BETWEENNESS_MAX_NODES = 5_000
BETWEENNESS_PIVOTS = 500
COOCCURRENCE_TOP = 10


def cooccurrence_graph(mentions: Iterable[tuple[str, str]]) -> nx.Graph:
    """The weighted entity co-occurrence graph of (paper IRI, entity IRI) `pg:mentions` pairs.

    Nodes are entity IRIs; a pair given twice counts once. Nodes and edges are added in sorted
    order, so that the scores (Louvain's shuffles, the float sums of PageRank) do not depend on
    the order the notes came in.
    """
    entities_of: dict[str, set[str]] = defaultdict(set)
    for paper, entity in mentions:
        entities_of[paper].add(entity)
    papers: Counter[str] = Counter()
    weights: Counter[tuple[str, str]] = Counter()
    for entities in entities_of.values():
        papers.update(entities)
        weights.update(combinations(sorted(entities), 2))
    graph = nx.Graph()
    graph.add_nodes_from((entity, {"papers": papers[entity]}) for entity in sorted(papers))
    graph.add_edges_from(
        (one, other, {"weight": weights[one, other], "distance": 1 / weights[one, other]})
        for one, other in sorted(weights)
    )
    return graph


def _as_igraph(graph: nx.Graph) -> tuple[list[str], igraph.Graph]:
    """`graph`'s nodes, in order, and the same graph in igraph (vertex i is node i), its edges
    carrying "weight" and "distance"."""
    nodes = list(graph)
    index = {node: position for position, node in enumerate(nodes)}
    shared = igraph.Graph(
        n=len(nodes), edges=[(index[one], index[other]) for one, other in graph.edges]
    )
    shared.es["weight"] = [weight for _, _, weight in graph.edges(data="weight")]
    shared.es["distance"] = [distance for _, _, distance in graph.edges(data="distance")]
    return nodes, shared


def communities(
    graph: nx.Graph, *, shared: tuple[list[str], igraph.Graph] | None = None
) -> dict[str, int]:
    """The community index of every node (module docstring): igraph's Louvain method, its
    random numbers drawn from `random.Random(0)`; the ten times slower pure-Python
    `nx.community.louvain_communities` found as modular a split on a 100,000-note graph
    (modularity 0.151 both). `shared` is `_as_igraph(graph)` when the caller has it."""
    nodes, shared_graph = shared or _as_igraph(graph)
    igraph.set_random_number_generator(random.Random(0))
    try:
        membership = shared_graph.community_multilevel(weights="weight").membership
    finally:
        igraph.set_random_number_generator(random)  # igraph's default: the random module
    found: dict[int, list[str]] = defaultdict(list)
    for node, community in zip(nodes, membership, strict=True):
        found[community].append(node)
    ordered = sorted(found.values(), key=lambda members: (-len(members), min(members)))
    return {node: index for index, members in enumerate(ordered) for node in members}


def betweenness(
    graph: nx.Graph, *, k: int | None, shared: tuple[list[str], igraph.Graph] | None = None
) -> dict[str, float]:
    """`nx.betweenness_centrality(graph, k=k, weight="distance", normalized=True, seed=0)`,
    computed by igraph.

    The pivots are the ones NetworkX draws (`random.Random(0).sample(list(graph), k)`).
    igraph sums each pair's dependencies once where NetworkX sums both directions of an
    undirected graph, hence the factor 2 in NetworkX's normalisation over n - 2 targets and
    k sources (k - 1 for a source itself, which is never its own target). `shared` is
    `_as_igraph(graph)` when the caller has it.
    """
    nodes, shared_graph = shared or _as_igraph(graph)
    count = len(nodes)
    if count < 3:
        return dict.fromkeys(nodes, 0.0)
    sources = None if k is None or k >= count else random.Random(0).sample(nodes, k)
    if sources is None:
        raw = shared_graph.betweenness(directed=False, weights="distance")
        return {node: 2 * raw[i] / ((count - 1) * (count - 2)) for i, node in enumerate(nodes)}
    index = {node: position for position, node in enumerate(nodes)}
    raw = shared_graph.betweenness(
        directed=False, weights="distance", sources=[index[node] for node in sources]
    )
    sampled = set(sources)
    return {
        node: 2 * raw[i] / ((len(sources) - (node in sampled)) * (count - 2))
        for i, node in enumerate(nodes)
    }


def eigenvector(graph: nx.Graph, *, max_iter: int = 1000, tol: float = 1e-6) -> dict[str, float]:
    """`nx.eigenvector_centrality(graph, weight="weight", max_iter=max_iter, tol=tol)`, with
    each step of its power iteration on (A + I) one sparse matrix product (NetworkX loops over
    the adjacency in Python: 3 s on a 10,000-note graph, this takes a tenth of a second).

    Raises:
        nx.PowerIterationFailedConvergence: no convergence in `max_iter` steps.
    """
    nodes = list(graph)
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight="weight", format="csr")
    scores = np.full(len(nodes), 1 / len(nodes))
    for _ in range(max_iter):
        last = scores
        scores = last + adjacency.T @ last
        scores = scores / (np.linalg.norm(scores) or 1)
        if np.abs(scores - last).sum() < len(nodes) * tol:
            return dict(zip(nodes, scores.tolist(), strict=True))
    raise nx.PowerIterationFailedConvergence(max_iter)


def centrality_scores(graph: nx.Graph) -> dict[str, dict[str, float]]:
    """Every score of the module docstring, by name, for every node of `graph`."""
    if graph.number_of_nodes() == 0:
        return {}
    scores: dict[str, dict[str, float]] = {
        "pagerank": nx.pagerank(graph, alpha=0.85, weight="weight"),
        "degree": {node: float(degree) for node, degree in graph.degree()},
        "paperCount": {node: data["papers"] for node, data in graph.nodes(data=True)},
    }
    shared = _as_igraph(graph)
    scores["community"] = communities(graph, shared=shared)
    sample = None if graph.number_of_nodes() <= EXACT_BETWEENNESS_MAX_NODES else BETWEENNESS_PIVOTS
    scores["betweenness"] = betweenness(graph, k=sample, shared=shared)
    try:
        scores["eigenvector"] = eigenvector(graph)
    except nx.PowerIterationFailedConvergence:
        logger.warning("eigenvector centrality did not converge; pg:eigenvector is left out")
    return scores


_DATATYPES = {
    "pagerank": str(XSD.double),
    "betweenness": str(XSD.double),
    "eigenvector": str(XSD.double),
    "degree": str(XSD.double),
    "community": str(XSD.integer),
    "paperCount": str(XSD.integer),
}


def _cooccurrence_triples(graph: nx.Graph) -> Iterator[Triple]:
    co_occurs_with, qualified_link = iri(str(PG.coOccursWith)), iri(str(PG.qualifiedCoOccurrence))
    rdf_type, co_occurrence = iri(str(RDF.type)), iri(str(PG.CoOccurrence))
    co_occurring, weight_of = iri(str(PG.coOccurringEntity)), iri(str(PG.weight))
    for entity in graph.nodes:
        strongest = sorted(graph[entity].items(), key=lambda item: (-item[1]["weight"], item[0]))
        for other, data in strongest[:COOCCURRENCE_TOP]:
            qualified = iri(f"{entity}#with-{other.rsplit('/', 1)[-1]}")
            yield iri(entity), co_occurs_with, iri(other)
            yield iri(other), co_occurs_with, iri(entity)
            yield iri(entity), qualified_link, qualified
            yield qualified, rdf_type, co_occurrence
            yield qualified, co_occurring, iri(other)
            yield qualified, weight_of, literal(data["weight"])


def analysis_triples(graph: nx.Graph) -> Iterator[Triple]:
    """The analysis graph (scores and strongest co-occurrences) of a co-occurrence graph."""
    for name, values in centrality_scores(graph).items():
        predicate, datatype = iri(str(PG[name])), _DATATYPES[name]
        for entity, value in values.items():
            lexical = repr(float(value)) if datatype == str(XSD.double) else str(value)
            yield iri(entity), predicate, literal(lexical, datatype)
    yield from _cooccurrence_triples(graph)
    logger.info(
        "analysed %d entities and %d co-occurrences",
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )


def _literal_values(pairs: list[tuple[str, str]]) -> list[str]:
    """The lexical values of the N-Triples literals of (subject, literal) pairs, in order."""
    text = "".join(f"{subject} <urn:v> {term} .\n" for subject, term in pairs)
    return [
        triple.object.value for triple in pyoxigraph.parse(text, pyoxigraph.RdfFormat.N_TRIPLES)
    ]


def sort_key_triples(
    titles: list[tuple[str, str]],
    reports: list[tuple[str, str]],
    values: list[tuple[str, str]],
) -> Iterator[Triple]:
    """`pg:titleOrder` of every paper and `pg:quantityOrder` of every quantity, from the
    (subject, object) pairs, as N-Triples terms, of the build's `dcterms:title`, `pg:reports`
    and `rdf:value` triples."""
    integer = str(XSD.integer)
    by_title = sorted(zip(_literal_values(titles), (paper for paper, _ in titles), strict=True))
    title_order = {paper: position for position, (_, paper) in enumerate(by_title, start=1)}
    value_of = dict(zip((q for q, _ in values), map(Decimal, _literal_values(values)), strict=True))
    last = len(title_order) + 1  # a paper without a title (not one of a build's own)
    by_paper = sorted(
        (
            title_order.get(paper, last),
            quantity not in value_of,
            value_of.get(quantity, 0),
            quantity,
        )
        for paper, quantity in reports
    )
    title_order_predicate = iri(str(PG.titleOrder))
    for paper, position in title_order.items():
        yield paper, title_order_predicate, literal(str(position), integer)
    quantity_order_predicate = iri(str(PG.quantityOrder))
    for position, key in enumerate(by_paper, start=1):
        yield key[-1], quantity_order_predicate, literal(str(position), integer)


def analyse(mentions: Graph) -> Graph:
    """The analysis graph of the entities that the `pg:mentions` triples of `mentions` link
    papers to, as an rdflib graph."""
    graph = cooccurrence_graph(
        (str(paper), str(entity)) for paper, entity in mentions.subject_objects(PG.mentions)
    )
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in analysis_triples(graph))
    return Graph().parse(data=text, format="nt")
