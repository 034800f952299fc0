"""The analyse stage: entity co-occurrence, centrality and communities, written back as RDF.

Definitions (so that anyone can recompute them from the exported graph):

- The co-occurrence graph G has a node for every entity that some paper `pg:mentions` (after
  reasoning); an edge joins two entities mentioned by at least one common paper, its weight
  the number of such papers.
- `pg:pagerank` = `nx.pagerank(G, alpha=0.85, weight="weight")`.
- `pg:degree` = the number of neighbours in G (typed xsd:double, as DESIGN.md fixes).
- `pg:betweenness` = `nx.betweenness_centrality(G, weight="distance", normalized=True)` with
  distance = 1/weight; exact up to `EXACT_BETWEENNESS_MAX_NODES` (500) nodes, above that
  sampled with k=`BETWEENNESS_PIVOTS` (100) pivots and seed 0. (Each pivot is one Dijkstra
  over the whole graph: exact betweenness on the 2,100 entities of a 2,000-note corpus took
  minutes, the rest of the build seconds.)
- `pg:eigenvector` = `nx.eigenvector_centrality(G, weight="weight", max_iter=1000)`; left out
  (and logged) when the power iteration does not converge.
- `pg:community` = the index of the entity's community in
  `nx.community.louvain_communities(G, weight="weight", seed=0)`, communities numbered from
  0 by decreasing size, ties by their smallest member IRI.
- `pg:paperCount` = the number of papers that mention the entity.
- For every entity, its `COOCCURRENCE_TOP` strongest edges (weight desc, then IRI) become
  `pg:coOccursWith` links and qualified `pg:CoOccurrence` nodes carrying `pg:weight`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from itertools import combinations

import networkx as nx
from rdflib import Graph, Literal, URIRef

from papergraph.rdf.namespaces import PG, RDF, XSD

__all__ = [
    "BETWEENNESS_PIVOTS",
    "COOCCURRENCE_TOP",
    "EXACT_BETWEENNESS_MAX_NODES",
    "analyse",
    "centrality_scores",
    "cooccurrence_graph",
]

logger = logging.getLogger(__name__)

EXACT_BETWEENNESS_MAX_NODES = 500
BETWEENNESS_PIVOTS = 100
COOCCURRENCE_TOP = 10


def cooccurrence_graph(mentions: Graph) -> nx.Graph:
    """The weighted entity co-occurrence graph of the `pg:mentions` triples in `mentions`."""
    entities_of: dict[URIRef, set[URIRef]] = defaultdict(set)
    papers_of: dict[URIRef, set[URIRef]] = defaultdict(set)
    for paper, entity in mentions.subject_objects(PG.mentions):
        entities_of[paper].add(entity)
        papers_of[entity].add(paper)
    graph = nx.Graph()
    for entity, papers in papers_of.items():
        graph.add_node(entity, papers=len(papers))
    for entities in entities_of.values():
        for one, other in combinations(sorted(entities), 2):
            weight = graph.edges[one, other]["weight"] + 1 if graph.has_edge(one, other) else 1
            graph.add_edge(one, other, weight=weight, distance=1 / weight)
    return graph


def _communities(graph: nx.Graph) -> dict[URIRef, int]:
    found = nx.community.louvain_communities(graph, weight="weight", seed=0)
    ordered = sorted(found, key=lambda members: (-len(members), min(members)))
    return {node: index for index, members in enumerate(ordered) for node in members}


def centrality_scores(graph: nx.Graph) -> dict[str, dict[URIRef, float]]:
    """Every score of the module docstring, by name, for every node of `graph`."""
    if graph.number_of_nodes() == 0:
        return {}
    scores: dict[str, dict[URIRef, float]] = {
        "pagerank": nx.pagerank(graph, alpha=0.85, weight="weight"),
        "degree": {node: float(degree) for node, degree in graph.degree()},
        "paperCount": {node: data["papers"] for node, data in graph.nodes(data=True)},
        "community": _communities(graph),
    }
    sample = None if graph.number_of_nodes() <= EXACT_BETWEENNESS_MAX_NODES else BETWEENNESS_PIVOTS
    scores["betweenness"] = nx.betweenness_centrality(
        graph, k=sample, weight="distance", normalized=True, seed=0
    )
    try:
        scores["eigenvector"] = nx.eigenvector_centrality(graph, weight="weight", max_iter=1000)
    except nx.PowerIterationFailedConvergence:
        logger.warning("eigenvector centrality did not converge; pg:eigenvector is left out")
    return scores


_DATATYPES = {
    "pagerank": XSD.double,
    "betweenness": XSD.double,
    "eigenvector": XSD.double,
    "degree": XSD.double,
    "community": XSD.integer,
    "paperCount": XSD.integer,
}


def _add_cooccurrences(result: Graph, graph: nx.Graph) -> None:
    for entity in graph.nodes:
        strongest = sorted(
            graph[entity].items(), key=lambda item: (-item[1]["weight"], str(item[0]))
        )[:COOCCURRENCE_TOP]
        for other, data in strongest:
            qualified = URIRef(f"{entity}#with-{other.rsplit('/', 1)[-1]}")
            result.add((entity, PG.coOccursWith, other))
            result.add((other, PG.coOccursWith, entity))
            result.add((entity, PG.qualifiedCoOccurrence, qualified))
            result.add((qualified, RDF.type, PG.CoOccurrence))
            result.add((qualified, PG.coOccurringEntity, other))
            result.add((qualified, PG.weight, Literal(data["weight"], datatype=XSD.integer)))


def analyse(mentions: Graph) -> Graph:
    """The analysis graph of the entities that `mentions` links papers to."""
    graph = cooccurrence_graph(mentions)
    result = Graph()
    for name, values in centrality_scores(graph).items():
        datatype = _DATATYPES[name]
        for entity, value in values.items():
            result.add((entity, PG[name], Literal(value, datatype=datatype)))
    _add_cooccurrences(result, graph)
    logger.info(
        "analysed %d entities and %d co-occurrences",
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    return result
