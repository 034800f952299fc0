"""Export the store, or one named graph of it, in the usual RDF syntaxes.

Triple formats (Turtle, N-Triples, RDF/XML, JSON-LD) carry the union of the named graphs;
quad formats (N-Quads, TriG) keep each triple in its graph. Every format streams. JSON-LD gets
an inline, compact `@context` built from the papergraph prefixes, never a remote one, and one
node object per subject (`rdf.jsonld`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from papergraph.errors import NotFound
from papergraph.rdf.jsonld import write_jsonld
from papergraph.rdf.namespaces import GRAPH_NAMES, PREFIXES, XSD
from papergraph.store import dump_store, store_triples

__all__ = ["EXPORT_FORMATS", "ExportFormat", "export", "resolve_graph", "union_graph"]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    extension: str
    keeps_graphs: bool = False


EXPORT_FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat("turtle", "text/turtle", "ttl"),
        ExportFormat("ntriples", "application/n-triples", "nt"),
        ExportFormat("rdfxml", "application/rdf+xml", "rdf"),
        ExportFormat("jsonld", "application/ld+json", "jsonld"),
        ExportFormat("nquads", "application/n-quads", "nq", keeps_graphs=True),
        ExportFormat("trig", "application/trig", "trig", keeps_graphs=True),
    )
}


def resolve_graph(dataset: Dataset, name_or_iri: str) -> URIRef:
    """The IRI of a named graph given as a full IRI or as a short name ("links").

    Raises:
        NotFound: no such named graph in the store.
    """
    named = {graph.identifier for graph in dataset.graphs() if isinstance(graph.identifier, URIRef)}
    if URIRef(name_or_iri) in named:
        return URIRef(name_or_iri)
    if name_or_iri in GRAPH_NAMES:
        for iri in named:
            if iri.endswith(f"graph/{name_or_iri}"):
                return iri
    known = ", ".join(sorted(str(iri) for iri in named)) or "none"
    raise NotFound(f"no named graph {name_or_iri!r} in the store (named graphs: {known})")


def _plain(term: Node) -> Node:
    """RDF 1.1 makes "x" and "x"^^xsd:string one literal; rdflib keeps them apart, and the
    store gives back the typed form, which serialisers would then spell out everywhere."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def union_graph(dataset: Dataset, *, graph: URIRef | None = None) -> Graph:
    """An in-memory graph of every triple of every named graph (or of the graph `graph`)."""
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph is not None else "?s ?p ?o"
    result = dataset.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}")
    union = Graph()
    for subject, predicate, obj in result.graph:
        union.add((subject, predicate, _plain(obj)))
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace, override=True)
    return union


def export(dataset: Dataset, stream: IO[bytes], fmt: str, *, graph: str | None = None) -> None:
    """Write the store (or the named graph `graph`) to `stream` in the export format `fmt`.

    JSON-LD is written by `rdf.jsonld` under an inline context, every other format by
    Oxigraph; both stream, with full precision for numbers.

    Raises:
        ValueError: `fmt` is not one of EXPORT_FORMATS.
        NotFound: `graph` names no graph of the store.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(
            f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}"
        )
    graph_iri = resolve_graph(dataset, graph) if graph is not None else None
    if fmt == "jsonld":
        write_jsonld(store_triples(dataset, graph=graph_iri), stream, prefixes=PREFIXES)
    else:
        dump_store(dataset, stream, fmt, graph=graph_iri)
