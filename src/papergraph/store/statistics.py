"""The statistics of a build, counted when it is written and kept in it as VoID, so
that no page counts the store while a reader waits.

Every writer of an embedded build records them last (`record_statistics`: a build, `load`, a
SPARQL update), in the build's analysis graph::

    <{base}dataset> a void:Dataset ; void:triples 3234651 ;
        void:classPartition [ void:class pg:Paper ; void:entities 10000 ] , … ;
        void:subset <{base}graph/notes> , … , <{base}collection/…> , … .
    <{base}graph/notes> void:triples 1200000 .        (triples per named graph)
    <{base}collection/…> void:entities 48 .           (papers per collection)

The counts include these triples themselves. A remote build copied from an embedded one keeps
them; `load` into a remote store drops them (`FORGET_STATISTICS`), and pages then count (and
remember) as they did before, which is what `count_statistics` does for any build without them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph
from rdflib import Dataset

__all__ = [
    "CLASSES",
    "FORGET_STATISTICS",
    "Statistics",
    "count_statistics",
    "read_statistics",
    "record_statistics",
]

VOID = "http://rdfs.org/ns/void#"
_PG = "https://w3id.org/papergraph/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PREFIXES = f"PREFIX void: <{VOID}> PREFIX pg: <{_PG}> "
_ANALYSIS_SUFFIX = "graph/analysis"  # the build's analysis graph: {base}graph/analysis

CLASSES = ("Paper", "Note", "Collection", "Method", "Model", "Dataset", "Metric", "Concept")

_GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_CLASS_COUNTS = (
    _PREFIXES + "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?type { "
    f"{' '.join(f'pg:{name}' for name in CLASSES)} }} ?s a ?type }} GROUP BY ?type"
)
_COLLECTION_COUNTS = (
    _PREFIXES + "SELECT ?c (COUNT(DISTINCT ?paper) AS ?n) WHERE { ?c a pg:Collection . "
    "OPTIONAL { ?paper pg:inCollection ?c } } GROUP BY ?c"
)
_UNION_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

# Only the build's own analysis graph is read or changed: a graph added by `load` may hold
# VoID of its own.
_IN_ANALYSIS = f'FILTER (STRENDS(STR(?g), "{_ANALYSIS_SUFFIX}"))'

# Removes the recorded statistics (full IRIs: a prologue may only open a request, and the
# remote switch-over joins this to other operations).
_V = f"<{VOID}"
FORGET_STATISTICS = " ;\n".join(
    (
        f"DELETE {{ GRAPH ?g {{ ?part ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?d a {_V}Dataset> ; "
        f"{_V}classPartition> ?part . ?part ?p ?o }} {_IN_ANALYSIS} }}",
        f"DELETE {{ GRAPH ?g {{ ?sub ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?d a {_V}Dataset> ; "
        f"{_V}subset> ?sub . ?sub ?p ?o FILTER (?p IN ({_V}triples>, {_V}entities>)) }} "
        f"{_IN_ANALYSIS} }}",
        f"DELETE {{ GRAPH ?g {{ ?d ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?d a {_V}Dataset> ; ?p ?o }} "
        f"{_IN_ANALYSIS} }}",
    )
)


@dataclass(frozen=True)
class Statistics:
    """Triples in all (`triples`: a triple stored in two graphs counts twice) and per named
    graph, resources per papergraph class (by local name), papers per collection (by IRI)."""

    triples: int
    graphs: dict[str, int]
    classes: dict[str, int]
    collections: dict[str, int]


Select = Callable[[str], Iterable[tuple[str, int]]]


def _counted(select: Select, triples: int) -> Statistics:
    found = {iri.rsplit("#", 1)[-1]: n for iri, n in select(_CLASS_COUNTS)}
    return Statistics(
        triples=triples,
        graphs=dict(sorted(select(_GRAPH_COUNTS))),
        classes={name: found.get(name, 0) for name in CLASSES},
        collections=dict(sorted(select(_COLLECTION_COUNTS))),
    )


def record_statistics(store: pyoxigraph.Store) -> Statistics | None:
    """Count `store` and record the counts in its analysis graph, replacing those recorded
    before; None (nothing recorded) when the store has no papergraph analysis graph."""
    analysis = next(
        (
            graph
            for graph in store.named_graphs()
            if isinstance(graph, pyoxigraph.NamedNode) and graph.value.endswith(_ANALYSIS_SUFFIX)
        ),
        None,
    )
    if analysis is None:
        return None
    store.update(FORGET_STATISTICS)

    def select(text: str) -> list[tuple[str, int]]:
        rows = store.query(text, use_default_graph_as_union=True)
        return [(row[0].value, int(row[1].value)) for row in rows]

    counted = _counted(select, len(store))
    dataset = pyoxigraph.NamedNode(analysis.value[: -len(_ANALYSIS_SUFFIX)] + "dataset")
    quads = _description(dataset, counted)
    # The description's own triples are counted too (all in the analysis graph).
    graphs = dict(counted.graphs)
    graphs[analysis.value] = graphs.get(analysis.value, 0) + len(quads)
    recorded = Statistics(
        counted.triples + len(quads), graphs, counted.classes, counted.collections
    )
    store.extend(pyoxigraph.Quad(*triple, analysis) for triple in _description(dataset, recorded))
    return recorded


def _description(dataset: pyoxigraph.NamedNode, stats: Statistics) -> list[pyoxigraph.Triple]:
    def void(name: str) -> pyoxigraph.NamedNode:
        return pyoxigraph.NamedNode(VOID + name)

    def number(value: int) -> pyoxigraph.Literal:
        return pyoxigraph.Literal(
            str(value), datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )

    triples = [
        pyoxigraph.Triple(dataset, pyoxigraph.NamedNode(_RDF_TYPE), void("Dataset")),
        pyoxigraph.Triple(dataset, void("triples"), number(stats.triples)),
    ]
    for name, count in stats.classes.items():
        part = pyoxigraph.BlankNode(f"void-class-{name}")  # the same label in every build
        triples += [
            pyoxigraph.Triple(dataset, void("classPartition"), part),
            pyoxigraph.Triple(part, void("class"), pyoxigraph.NamedNode(_PG + name)),
            pyoxigraph.Triple(part, void("entities"), number(count)),
        ]
    subsets = [(iri, "triples", n) for iri, n in stats.graphs.items()]
    subsets += [(iri, "entities", n) for iri, n in stats.collections.items()]
    for iri, predicate, count in subsets:
        subset = pyoxigraph.NamedNode(iri)
        triples += [
            pyoxigraph.Triple(dataset, void("subset"), subset),
            pyoxigraph.Triple(subset, void(predicate), number(count)),
        ]
    return triples


def _select_rdflib(dataset: Dataset) -> Select:
    def select(text: str) -> list[tuple[str, int]]:
        return [(str(row[0]), int(row[1])) for row in dataset.query(text)]

    return select


def read_statistics(dataset: Dataset) -> Statistics | None:
    """The statistics recorded in the build `dataset` reads (a few lookups), or None when it
    has none (a build made before they were recorded, or a remote store after `load`)."""
    select = _select_rdflib(dataset)
    total = list(
        select(
            _PREFIXES + "SELECT ?d ?n WHERE { GRAPH ?g { ?d a void:Dataset ; void:triples ?n } "
            f"{_IN_ANALYSIS} }}"
        )
    )
    if len(total) != 1:
        return None
    ((dataset_iri, triples),) = total
    where = f"GRAPH ?g {{ <{dataset_iri}> "
    parts = select(
        _PREFIXES + f"SELECT ?c ?n WHERE {{ {where} void:classPartition ?part . "
        "?part void:class ?c ; void:entities ?n } }"
    )
    graphs = select(
        _PREFIXES + f"SELECT ?s ?n WHERE {{ {where} void:subset ?s . ?s void:triples ?n }} }}"
    )
    collections = select(
        _PREFIXES + f"SELECT ?s ?n WHERE {{ {where} void:subset ?s . ?s void:entities ?n }} }}"
    )
    found = {iri.rsplit("#", 1)[-1]: n for iri, n in parts}
    return Statistics(
        triples=triples,
        graphs=dict(sorted(graphs)),
        classes={name: found.get(name, 0) for name in CLASSES},
        collections=dict(sorted(collections)),
    )


def count_statistics(dataset: Dataset) -> Statistics:
    """Count the build `dataset` reads, as `record_statistics` does (a scan of every triple)."""
    # Read to the end: a result dropped half-read on another thread makes Oxigraph complain.
    (triples,) = [int(row[0]) for row in dataset.query(_UNION_COUNT)]
    return _counted(_select_rdflib(dataset), triples)
