"""The fixed vocabulary (docs/ARCHITECTURE.md): prefixes, the default base IRI, the named
graphs."""

from __future__ import annotations

from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Namespace, URIRef

__all__ = [
    "DCTERMS",
    "DEFAULT_BASE",
    "GRAPH_NAMES",
    "OA",
    "PG",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "XSD",
    "graph_iri",
]

PG = Namespace("https://w3id.org/papergraph/ontology#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")

DEFAULT_BASE = "https://w3id.org/papergraph/id/"

PREFIXES: dict[str, str] = {
    "pg": str(PG),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "oa": str(OA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}

# Each kind of triple lives in its own named graph, so that each can be rebuilt alone and a
# query can ask where a triple came from (docs/ARCHITECTURE.md, "The vocabulary").
GRAPH_NAMES = ("notes", "links", "inferred", "analysis", "ontology")


def graph_iri(base: str, name: str) -> URIRef:
    """The IRI of the named graph `name` (one of GRAPH_NAMES) under `base`."""
    if name not in GRAPH_NAMES:
        raise ValueError(f"unknown graph name {name!r}; expected one of {', '.join(GRAPH_NAMES)}")
    return URIRef(f"{base}graph/{name}")
