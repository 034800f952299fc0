"""A remote store as an rdflib Dataset, and as an in-memory copy for exports.

The Dataset is rdflib's own read-only `SPARQLStore`: rdflib turns `dataset.query(...)`,
`dataset.objects(...)`, `len(dataset)` and named graphs into SPARQL. Only the step that sends
a query is papergraph's (`_query`): it goes through `fetch_answer`, with the build's graphs as
the dataset and under `read_consistently`, so each query answers from one complete build
(see `papergraph.store.remote`). The lookups, exports, validation, evaluation and the graph view
then run on it unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pyoxigraph
from rdflib import Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result

from papergraph.store.remote import RemoteBuild, current_build, read_consistently
from papergraph.store.remote.http import RemoteClient
from papergraph.store.remote.query import Answer, cut_answer_error, fetch_answer, query_kind

__all__ = ["RemoteSPARQLStore", "copy_to_memory"]


class RemoteSPARQLStore(SPARQLStore):
    """rdflib's SPARQLStore whose queries papergraph sends (see the module docstring).

    Reading only: adding to it raises rdflib's TypeError (builds are written by
    `papergraph.store.write_build`).
    """

    def __init__(self, client: RemoteClient, build: RemoteBuild | None = None) -> None:
        super().__init__(query_endpoint=client.store.query_url, returnFormat="json")
        self.client = client
        self.build = build  # the build the last query was answered from

    def _query(self, query: str, default_graph: str | None = None, **_: Any) -> Result:
        """Answer `query` over the union of the build's graphs, or over `default_graph`.

        Raises:
            StoreError: the store failed, or its answer was cut at its own row limit (the
                lookups need whole answers).
        """
        kind = query_kind(query)

        def read(build: RemoteBuild) -> Answer:
            default = [str(default_graph)] if default_graph is not None else list(build.graphs)
            return fetch_answer(
                self.client, query, kind, default_graphs=default, named_graphs=list(build.graphs)
            )

        answer, self.build = read_consistently(self.client, read, build=self.build)
        if answer.cut:
            raise cut_answer_error(self.client, "an answer")
        if kind == "graph":
            return Result.parse(io.BytesIO(answer.body), content_type="application/n-triples")
        return Result.parse(io.BytesIO(answer.body), format="json")

    def contexts(self, triple: Any = None) -> Iterator[URIRef]:  # type: ignore[override]
        """The build's named graphs (with `triple`: those that hold it)."""
        if triple is not None:
            return super().contexts(triple)
        self.build = current_build(self.client)
        return iter([URIRef(graph) for graph in self.build.graphs])

    def add_graph(self, graph: Graph) -> None:
        """Accept the default graph, which rdflib's Dataset adds when it lists its graphs."""
        if graph.identifier != DATASET_DEFAULT_GRAPH_ID:
            super().add_graph(graph)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_EXACT_VALUES = {_XSD + "double", _XSD + "float"}


def _graph_quads(client: RemoteClient, graph: str) -> list[pyoxigraph.Quad]:
    """Every triple of `graph`, as quads. Doubles and floats take their value from `STR(?o)`,
    which Virtuoso writes with 16 significant digits where it rounds the term to 6.

    Raises:
        StoreError: the store cut the answer at its own row limit.
    """
    query = f"SELECT ?s ?p ?o (STR(?o) AS ?lexical) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    answer = fetch_answer(client, query, "solutions", default_graphs=None, named_graphs=None)
    if answer.cut:
        raise cut_answer_error(client, f"the triples of <{graph}>")
    name = pyoxigraph.NamedNode(graph)
    quads = []
    for row in pyoxigraph.parse_query_results(
        answer.body, format=pyoxigraph.QueryResultsFormat.JSON
    ):
        obj, lexical = row["o"], row["lexical"]
        if isinstance(obj, pyoxigraph.Literal) and obj.datatype.value in _EXACT_VALUES:
            obj = pyoxigraph.Literal(lexical.value, datatype=obj.datatype)
        quads.append(pyoxigraph.Quad(row["s"], row["p"], obj, name))
    return quads


def copy_to_memory(store: RemoteSPARQLStore) -> pyoxigraph.Store:
    """An in-memory pyoxigraph copy of the current build (for exports: full-precision values,
    the embedded store's writers)."""

    def read(build: RemoteBuild) -> pyoxigraph.Store:
        memory = pyoxigraph.Store()
        for graph in build.graphs:
            memory.extend(_graph_quads(store.client, graph))
        return memory

    memory, store.build = read_consistently(store.client, read, build=store.build)
    return memory
