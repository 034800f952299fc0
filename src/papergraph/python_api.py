"""papergraph from Python (a notebook, a script): open a store and ask it what the CLI asks,
getting plain data back (dicts, lists, strings, numbers)::

    import papergraph

    graph = papergraph.open_graph("papergraph-store")        # or "sparql+http://host/sparql"
    graph.neighbours("GaLore")["papers"]
    graph.centrality(metric="pagerank", entity_type="Method", top=10)
    graph.query("SELECT ?title WHERE { ?p a pg:Paper ; dcterms:title ?title } LIMIT 5")
    graph.query("papers-using", label="GaLore")               # a canned query, with parameters
    graph.export("turtle", "graph.ttl")

Each call reads the build the store serves at that moment, as the CLI does.
"""

from __future__ import annotations

import io
import os
from dataclasses import asdict
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from papergraph.export import export
from papergraph.lookup import entity_called, neighbourhood, top_entities
from papergraph.queries import query_text
from papergraph.store import StoreLocation, locate_store, open_store

__all__ = ["PaperGraph", "open_graph"]


def _plain(term: Node | None) -> object:
    """An RDF term as plain Python: IRIs and blank nodes as strings, literals as their value
    (numbers as numbers, dates as dates), unbound as None."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.toPython()
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term) if isinstance(term, URIRef) else term


class PaperGraph:
    """A papergraph store, asked from Python."""

    def __init__(self, location: StoreLocation) -> None:
        self.location = location

    def __repr__(self) -> str:
        return f"PaperGraph({str(self.location)!r})"

    def query(
        self, sparql: str, *, limit: int | None = None, offset: int = 0, **params: str
    ) -> list[dict[str, object]] | bool | list[tuple]:
        """Run SPARQL over the union of the graphs (papergraph prefixes predeclared).

        Args:
            sparql: the query, a `.rq` file, or a canned query's name (`papergraph queries`).
            limit, offset: a page of a SELECT query's solutions (a canned query with a page
                size is cut to its first page by default).
            params: values of the canned query's parameters.

        Returns:
            SELECT: one dict per solution; ASK: a bool; CONSTRUCT / DESCRIBE: (s, p, o) tuples.

        Raises:
            ValueError: a parameter the canned query does not have, or a page of a query
                that is no SELECT or has its own LIMIT or OFFSET.
            PapergraphError: the query is not valid SPARQL, or the store cannot be read.
        """
        text = query_text(sparql, params, limit=limit, offset=offset)
        result = open_store(self.location).query(text)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return [tuple(_plain(term) for term in triple) for triple in result]
        names = [str(variable) for variable in result.vars or []]
        return [{name: _plain(row[name]) for name in names} for row in result]

    def neighbours(self, label: str, *, hops: int = 1) -> dict:
        """What sits next to the entity called `label`: its papers (with the relation and the
        sentence behind each link), co-occurring entities, variants and broader entities.

        Raises:
            NotFound: no entity is called `label` (the message suggests close labels).
            AmbiguousLabel: several are (the message lists them).
        """
        dataset = open_store(self.location)
        return neighbourhood(dataset, entity_called(dataset, label).iri, hops=hops).to_dict()

    def centrality(
        self, *, metric: str = "pagerank", entity_type: str | None = None, top: int = 20
    ) -> list[dict]:
        """The `top` entities by `metric` (pagerank, betweenness, degree, eigenvector),
        optionally of one type (Method, Model, Dataset, Metric, Concept)."""
        ranked = top_entities(
            open_store(self.location), metric=metric, entity_type=entity_type, top=top
        )
        return [asdict(ref) for ref in ranked]

    def export(
        self, fmt: str = "turtle", path: str | Path | None = None, *, graph: str | None = None
    ) -> bytes | None:
        """The graph (or one named graph) in `fmt` (turtle, jsonld, ntriples, nquads, trig,
        rdfxml): written to `path`, or returned as bytes when no path is given."""
        dataset = open_store(self.location)
        if path is None:
            buffer = io.BytesIO()
            export(dataset, buffer, fmt, graph=graph)
            return buffer.getvalue()
        with open(path, "wb") as stream:
            export(dataset, stream, fmt, graph=graph)
        return None


def open_graph(location: str | Path = "papergraph-store") -> PaperGraph:
    """The store at `location`: a store directory, or `sparql+http(s)://…` for a SPARQL
    service (credentials from PAPERGRAPH_STORE_USER and PAPERGRAPH_STORE_PASSWORD).

    Raises:
        StoreError: no store there, or a malformed service locator.
    """
    store = locate_store(
        location,
        user=os.environ.get("PAPERGRAPH_STORE_USER"),
        password=os.environ.get("PAPERGRAPH_STORE_PASSWORD"),
    )
    open_store(store)  # fail now, with the store's one-line error, not at the first question
    return PaperGraph(store)
