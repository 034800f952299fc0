"""Where the packaged ontology files are, and loading them into a graph."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph

__all__ = ["ONTOLOGY_IRI", "load_ontology", "ontology_file"]

ONTOLOGY_IRI = "https://w3id.org/papergraph/ontology"


def ontology_file(name: str) -> Path:
    """The path of a file of the top-level `ontology/` directory (papergraph.ontology)."""
    with as_file(files("papergraph.ontology") / name) as path:
        return Path(path)


def load_ontology() -> Graph:
    """The OWL ontology (ontology/papergraph.ttl), its blank nodes labelled from their content.

    The parser names blank nodes at random; labels derived from the graph itself (rdflib's
    canonical labelling) make every build of the same notes the same bytes, ontology graph
    included."""
    parsed = Graph().parse(ontology_file("papergraph.ttl"), format="turtle")
    ontology = Graph(namespace_manager=parsed.namespace_manager)
    ontology += to_canonical_graph(parsed)
    return ontology
