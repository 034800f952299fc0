"""Writing a build to a remote SPARQL store: upload into staging graphs with the
Graph Store Protocol, then the switch-over described in `papergraph.store.remote`.

The N-Quads are read by pyoxigraph as a stream and POSTed per named graph in N-Triples chunks
of CHUNK_TRIPLES triples. Triples that share a blank node (directly or through other blank
nodes, as in an RDF list) always travel in the same chunk: each upload is a document of its
own, and a blank node label means the same node only within one document. (A blank node that
occurs in two named graphs therefore becomes two nodes in a remote store; papergraph's builds
have none.) Before the switch-over, each staging graph must hold every triple sent to it.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph

from papergraph.errors import PapergraphError, StoreError
from papergraph.store.remote import (
    DCTERMS,
    MANIFEST,
    SEQUENCE,
    STAGING,
    Manifest,
    RemoteBuild,
    RemoteStore,
    current_build,
    read_manifest,
)
from papergraph.store.remote.http import RemoteClient
from papergraph.store.statistics import FORGET_STATISTICS

__all__ = ["CHUNK_TRIPLES", "chunks", "write_remote_build"]

logger = logging.getLogger(__name__)

CHUNK_TRIPLES = 50_000

Chunk = tuple[str, list[pyoxigraph.Triple]]  # a graph IRI and triples to upload to it


def _quads(nquads: bytes | Path) -> Iterator[pyoxigraph.Quad]:
    fmt = pyoxigraph.RdfFormat.N_QUADS
    if isinstance(nquads, Path):
        return pyoxigraph.parse(path=str(nquads), format=fmt)
    return pyoxigraph.parse(nquads, format=fmt)


def _blanks(triple: pyoxigraph.Triple) -> list[str]:
    return [t.value for t in (triple.subject, triple.object) if isinstance(t, pyoxigraph.BlankNode)]


def _connected(triples: list[pyoxigraph.Triple]) -> list[list[pyoxigraph.Triple]]:
    """The triples grouped by the blank nodes that join them (union-find on the labels)."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for triple in triples:
        first, *others = _blanks(triple)
        for other in others:
            parent[root(other)] = root(first)
    groups: dict[str, list[pyoxigraph.Triple]] = {}
    for triple in triples:
        groups.setdefault(root(_blanks(triple)[0]), []).append(triple)
    return list(groups.values())


def _packed(groups: Iterable[list[pyoxigraph.Triple]], size: int) -> Iterator[list]:
    """Groups packed into chunks of about `size` triples; a larger group is a chunk alone."""
    chunk: list[pyoxigraph.Triple] = []
    for group in groups:
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk += group
    if chunk:
        yield chunk


def chunks(quads: Iterable[pyoxigraph.Quad], size: int = CHUNK_TRIPLES) -> Iterator[Chunk]:
    """The quads as uploads: (graph, at most `size` triples, except that triples joined by
    blank nodes stay together).

    Raises:
        StoreError: a quad is in the default graph (a remote store holds named graphs only).
    """
    plain: dict[str, list[pyoxigraph.Triple]] = {}
    with_blanks: dict[str, list[pyoxigraph.Triple]] = {}
    for quad in quads:
        if not isinstance(quad.graph_name, pyoxigraph.NamedNode):
            raise StoreError(
                "a remote store holds named graphs only, and these quads have triples in the "
                f"default graph (first: {quad.triple})"
            )
        graph, triple = quad.graph_name.value, quad.triple
        if _blanks(triple):
            with_blanks.setdefault(graph, []).append(triple)
            continue
        batch = plain.setdefault(graph, [])
        batch.append(triple)
        if len(batch) >= size:
            yield graph, batch
            plain[graph] = []
    yield from ((graph, batch) for graph, batch in plain.items() if batch)
    for graph, triples in with_blanks.items():
        yield from ((graph, chunk) for chunk in _packed(_connected(triples), size))


def _drop_staging(client: RemoteClient) -> None:
    """Drop the staging graphs that killed writers left behind."""
    rows = client.select(
        f"SELECT ?g WHERE {{ GRAPH <{STAGING}> {{ <{STAGING}> <{DCTERMS}hasPart> ?g }} }}",
        what="the read of the staging graphs",
    )
    if rows:
        drops = [f"DROP SILENT GRAPH <{row['g']['value']}>" for row in rows]
        client.update(
            " ;\n".join([*drops, f"DROP SILENT GRAPH <{STAGING}>"]),
            what="the removal of staging graphs left by an interrupted build",
        )


class _Staged:
    """The staging graph of each named graph of the build, and the triples sent to it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.graphs: dict[str, str] = {}
        self.sizes: dict[str, int] = {}

    def staging(self, graph: str) -> str:
        return self.graphs.setdefault(graph, f"{STAGING}:{self.name}:{len(self.graphs)}")


def _upload(client: RemoteClient, nquads: bytes | Path, name: str) -> _Staged:
    """Upload the quads into staging graphs, each recorded before its first triple."""
    staged = _Staged(name)
    try:
        for graph, triples in chunks(_quads(nquads)):
            if graph not in staged.graphs:
                client.update(
                    f"INSERT DATA {{ GRAPH <{STAGING}> {{ <{STAGING}> <{DCTERMS}hasPart> "
                    f"<{staged.staging(graph)}> }} }}",
                    what="the record of a staging graph",
                )
            ntriples = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
            client.post_triples(staged.graphs[graph], ntriples)
            staged.sizes[graph] = staged.sizes.get(graph, 0) + len(triples)
    except (SyntaxError, ValueError) as error:
        raise StoreError(f"the build's N-Quads cannot be read: {error}") from error
    return staged


def _check_upload(client: RemoteClient, staged: _Staged) -> None:
    """Check that each staging graph holds every triple sent to it (the quads come from an
    Oxigraph dump or rdflib, which never repeat one).

    Raises:
        StoreError: one does not (the store dropped triples, or another writer dropped the
            staging graph as a leftover).
    """
    if not staged.graphs:
        return
    values = " ".join(f"<{staging}>" for staging in staged.graphs.values())
    rows = client.select(
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} "
        "GROUP BY ?g",
        what="the check of the upload",
    )
    held = {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
    for graph, staging in staged.graphs.items():
        if held.get(staging, 0) != staged.sizes[graph]:
            raise StoreError(
                f"the SPARQL store at {client.store.query_url} holds {held.get(staging, 0)} of "
                f"the {staged.sizes[graph]} triples uploaded for <{graph}> (another build or "
                "load running at the same time?), so nothing was switched"
            )


def _announce(client: RemoteClient, before: Manifest, switching: int) -> None:
    """Make the sequence number odd, if it is still what it was before the upload.

    Raises:
        StoreError: another writer changed it meanwhile.
    """
    if before.sequences:
        old = ", ".join(str(sequence) for sequence in before.sequences)
        pattern = f"GRAPH <{MANIFEST}> {{ <{MANIFEST}> <{SEQUENCE}> ?old }}"
        text = (
            f"DELETE {{ {pattern} }} INSERT {{ GRAPH <{MANIFEST}> {{ <{MANIFEST}> <{SEQUENCE}> "
            f"{switching} }} }} WHERE {{ {pattern} FILTER (?old IN ({old})) }}"
        )
    else:
        text = f"INSERT DATA {{ GRAPH <{MANIFEST}> {{ <{MANIFEST}> <{SEQUENCE}> {switching} }} }}"
    client.update(text, what="the start of the switch-over")
    if read_manifest(client).sequences != (switching,):
        raise StoreError(
            f"another writer changed the SPARQL store at {client.store.query_url} during this "
            "build, so nothing was switched: run one build or load at a time"
        )


def _switch_request(
    before: Manifest, staged: _Staged, switching: int, *, from_current: bool
) -> str:
    """One update: staging graphs onto their names, the new manifest, the even sequence."""
    operations = []
    if not from_current:
        operations += [f"DROP SILENT GRAPH <{g}>" for g in before.graphs if g not in staged.graphs]
    for graph, staging in staged.graphs.items():
        if from_current:
            operations += [f"ADD <{staging}> TO <{graph}>", f"DROP SILENT GRAPH <{staging}>"]
        else:
            operations.append(f"MOVE <{staging}> TO <{graph}>")
    graphs = sorted(set(staged.graphs) | (set(before.graphs) if from_current else set()))
    manifest = f"GRAPH <{MANIFEST}> {{ <{MANIFEST}> ?p ?o }}"
    modified = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    fields = "".join(
        [
            f'<{DCTERMS}identifier> "{staged.name}" ; ',
            f'<{DCTERMS}modified> "{modified}"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
            *(f" ; <{DCTERMS}hasPart> <{graph}>" for graph in graphs),
            f" ; <{SEQUENCE}> {switching + 1}",
        ]
    )
    if from_current:  # the recorded statistics no longer hold: readers count instead
        operations.append(FORGET_STATISTICS)
    operations += [
        f"DELETE {{ {manifest} }} WHERE {{ {manifest} FILTER (?p != <{SEQUENCE}>) }}",
        f"INSERT DATA {{ GRAPH <{MANIFEST}> {{ <{MANIFEST}> {fields} }} }}",
        f"DELETE DATA {{ GRAPH <{MANIFEST}> {{ <{MANIFEST}> <{SEQUENCE}> {switching} }} }}",
        f"DROP SILENT GRAPH <{STAGING}>",
    ]
    return " ;\n".join(operations)


def write_remote_build(
    store: RemoteStore, nquads: bytes | Path, *, from_current: bool = False
) -> RemoteBuild:
    """Make `nquads` the current build of the remote `store` (with `from_current`, add them to
    the current build), as `papergraph.store.write_build` does on disk.

    Raises:
        StoreError: the store is unreachable or refuses the writes, there is no build to add
            to, another writer interfered, or the switch-over failed (then the store stays
            marked as switching until a build completes).
    """
    client = RemoteClient(store)
    before = read_manifest(client)
    if from_current and before.empty:
        raise StoreError(
            f"no papergraph build in the SPARQL store at {store.query_url} to add to: "
            f"run `papergraph build FILES --store {store}` first"
        )
    name = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:12]}"
    _drop_staging(client)
    staged = _upload(client, nquads, name)
    _check_upload(client, staged)
    newest = max(before.sequences, default=0)
    switching = newest + 1 if newest % 2 == 0 else newest + 2
    _announce(client, before, switching)
    request = _switch_request(before, staged, switching, from_current=from_current)
    try:
        client.update(request, what=f"the switch-over to build {name}")
    except PapergraphError as error:
        raise StoreError(
            f"the switch-over to the new build failed ({error}); readers of the store wait and "
            "then fail until a build completes: run the build again"
        ) from error
    logger.info("the SPARQL store %s now serves build %s", store.query_url, name)
    return current_build(client)
