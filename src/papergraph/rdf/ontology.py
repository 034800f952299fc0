"""Where the packaged ontology files are, and loading them into a graph."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from rdflib import Graph

__all__ = ["ONTOLOGY_IRI", "add_ontology", "ontology_file"]

ONTOLOGY_IRI = "https://w3id.org/papergraph/ontology"


def ontology_file(name: str) -> Path:
    """The path of a file of the top-level `ontology/` directory (papergraph.ontology)."""
    with as_file(files("papergraph.ontology") / name) as path:
        return Path(path)


def add_ontology(graph: Graph) -> Graph:
    """Parse the OWL ontology (ontology/papergraph.ttl) into `graph` and return it."""
    graph.parse(ontology_file("papergraph.ttl"), format="turtle")
    return graph
