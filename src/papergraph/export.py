"""Export the store, or one named graph of it, in the usual RDF syntaxes.

Triple formats (Turtle, N-Triples, RDF/XML, JSON-LD) carry the union of the named graphs;
quad formats (N-Quads, TriG) keep each triple in its graph. JSON-LD gets an inline, compact
`@context` built from the papergraph prefixes, never a remote one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from rdflib import Dataset, Graph, URIRef

from papergraph.errors import NotFound
from papergraph.rdf.namespaces import GRAPH_NAMES, PREFIXES
from papergraph.store import named_graph

__all__ = ["EXPORT_FORMATS", "ExportFormat", "export", "resolve_graph", "union_graph"]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    extension: str
    rdflib_format: str
    keeps_graphs: bool = False


EXPORT_FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat("turtle", "text/turtle", "ttl", "turtle"),
        ExportFormat("ntriples", "application/n-triples", "nt", "ox-ntriples"),
        ExportFormat("rdfxml", "application/rdf+xml", "rdf", "ox-xml"),
        ExportFormat("jsonld", "application/ld+json", "jsonld", "json-ld"),
        ExportFormat("nquads", "application/n-quads", "nq", "ox-nquads", keeps_graphs=True),
        ExportFormat("trig", "application/trig", "trig", "ox-trig", keeps_graphs=True),
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


def _bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def union_graph(dataset: Dataset) -> Graph:
    """An in-memory graph of every triple of every named graph."""
    result = dataset.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    graph = Graph()
    graph += result.graph
    return _bind_prefixes(graph)


def export(dataset: Dataset, stream: IO[bytes], fmt: str, *, graph: str | None = None) -> None:
    """Write the store (or the named graph `graph`) to `stream` in the export format `fmt`.

    Raises:
        ValueError: `fmt` is not one of EXPORT_FORMATS.
        NotFound: `graph` names no graph of the store.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(
            f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}"
        )
    export_format = EXPORT_FORMATS[fmt]
    if export_format.keeps_graphs and graph is None:
        source: Graph = dataset
    elif graph is not None:
        source = _bind_prefixes(Graph())
        source += named_graph(dataset, resolve_graph(dataset, graph))
    else:
        source = union_graph(dataset)
    if export_format.name == "jsonld":
        source.serialize(stream, format="json-ld", context=dict(PREFIXES), auto_compact=True)
    else:
        for prefix, namespace in PREFIXES.items():
            source.bind(prefix, namespace, override=True)
        source.serialize(stream, format=export_format.rdflib_format)
