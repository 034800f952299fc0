"""A remote SPARQL 1.1 store: `--store sparql+http://host:8890/sparql`.

papergraph keeps its named graphs (`{base}graph/notes`, `…/links`, …) under their own names in
the remote store, and a small manifest graph that says which build they hold::

    GRAPH <urn:x-papergraph:manifest> {
      <urn:x-papergraph:manifest> <urn:x-papergraph:sequence> 4 ;      # even: settled
          dcterms:identifier "20261127T054649-1234-000042" ;         # the build's name
          dcterms:modified "2026-11-27T05:46:49Z"^^xsd:dateTime ;
          dcterms:hasPart <https://w3id.org/papergraph/id/graph/notes>, … .   # its graphs
    }

**Switch-over.** A build is first uploaded, with the Graph Store Protocol, into staging graphs
(`urn:x-papergraph:staging:{build}:{n}`) that no reader looks at. It then becomes current in
three steps: the sequence number is made odd (compare-and-swap on the value read before the
upload, so a second writer is noticed), one SPARQL Update request moves every staging graph onto
its real name and rewrites the manifest, and the sequence number is made even again.

Why not just "MOVE every graph in one request"? Because that is not atomic for readers on
Virtuoso 7: its SPARQL queries read uncommitted rows, so a reader counting triples during such
a request saw 122,502 of 180,000 (measured on 7.2.5). No single request can switch many graphs
atomically there; a single value can. So readers use the sequence number as a *seqlock*: each
query reads it before (or reuses the value its previous query read after) and after running;
an odd value or a change means a switch overlapped, and the query waits for the switch to end
and runs again (`read_consistently`). A papergraph reader therefore only ever answers from one
complete build, old or new; it waits (at most SWITCH_WAIT seconds) while a switch runs. The
price: one extra small query per query, and readers pause during the server-side moves. Other
clients of the store (not going through papergraph) may see a half-moved build.

A writer killed during the upload leaves the store as it was (its staging graphs are listed in
`urn:x-papergraph:staging` and dropped by the next writer); one killed between the first and
the last step of the switch leaves the sequence odd: readers then fail with a message saying
so, and the next build repairs the store. Only one writer may run at a time.

Queries are sent to the query endpoint with the graphs of the build as `default-graph-uri`
and `named-graph-uri`, so the default graph is the union of papergraph's graphs (as on the
embedded store), never the store's other graphs (Virtuoso's own system graphs, for one).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from papergraph.errors import StoreError
from papergraph.store.remote.http import RemoteClient
from papergraph.store.remote.locator import RemoteBuild, RemoteStore, is_remote_locator

__all__ = [
    "MANIFEST",
    "SEQUENCE",
    "STAGING",
    "SWITCH_WAIT",
    "Manifest",
    "RemoteBuild",
    "RemoteClient",
    "RemoteStore",
    "current_build",
    "is_remote_locator",
    "read_consistently",
    "read_manifest",
]

T = TypeVar("T")

MANIFEST = "urn:x-papergraph:manifest"
SEQUENCE = "urn:x-papergraph:sequence"
STAGING = "urn:x-papergraph:staging"  # the graph listing staging graphs, and their IRI prefix
DCTERMS = "http://purl.org/dc/terms/"

SWITCH_WAIT = 120.0  # seconds a reader waits for a switch-over to end
_POLL = 0.2
_ATTEMPTS = 5


@dataclass(frozen=True)
class Manifest:
    """What the manifest graph says now (it may be in the middle of a switch-over)."""

    sequences: tuple[int, ...]
    name: str | None
    modified: float
    graphs: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """No build was ever switched in."""
        return not self.sequences and self.name is None

    @property
    def settled(self) -> bool:
        """One even sequence number: no switch-over is running."""
        return len(self.sequences) == 1 and self.sequences[0] % 2 == 0 and self.name is not None


def read_manifest(client: RemoteClient) -> Manifest:
    """The manifest as it is now."""
    rows = client.select(
        f"SELECT ?p ?o WHERE {{ GRAPH <{MANIFEST}> {{ <{MANIFEST}> ?p ?o }} }}",
        what="the read of papergraph's manifest",
    )
    sequences, graphs, name, modified = [], [], None, 0.0
    for row in rows:
        if "p" not in row or "o" not in row:
            continue  # Virtuoso's uncommitted reads can show a row half-written
        predicate, value = row["p"]["value"], row["o"]["value"]
        if predicate == SEQUENCE:
            sequences.append(int(value))
        elif predicate == DCTERMS + "identifier":
            name = value
        elif predicate == DCTERMS + "modified":
            modified = datetime.fromisoformat(value).timestamp()
        elif predicate == DCTERMS + "hasPart":
            graphs.append(value)
    return Manifest(tuple(sorted(sequences)), name, modified, tuple(sorted(graphs)))


def current_build(client: RemoteClient, *, wait: float = SWITCH_WAIT) -> RemoteBuild:
    """The build the store holds, waiting up to `wait` seconds for a switch-over to end.

    Raises:
        StoreError: no build in the store, the switch-over did not end in time, or the store
            cannot be read.
    """
    store = client.store
    deadline = time.monotonic() + wait
    while True:
        manifest = read_manifest(client)
        if manifest.settled:
            assert manifest.name is not None
            return RemoteBuild(
                store, manifest.name, manifest.sequences[0], manifest.modified, manifest.graphs
            )
        if manifest.empty:
            raise StoreError(
                f"no papergraph build in the SPARQL store at {store.query_url}: "
                f"run `papergraph build FILES --store {store}`"
            )
        if time.monotonic() > deadline:
            raise StoreError(
                f"the SPARQL store at {store.query_url} has been switching to a new build for "
                f"more than {wait:g} s; if no `papergraph build` or `load` is running, the last "
                "one was interrupted: run it again"
            )
        time.sleep(_POLL)


def read_consistently(
    client: RemoteClient, read: Callable[[RemoteBuild], T], *, build: RemoteBuild | None = None
) -> tuple[T, RemoteBuild]:
    """`read(build)` answered from one complete build, and that build (the seqlock of the
    module docstring). `build` may be a build read earlier: any read before the query will do.

    Raises:
        StoreError: the store kept switching builds, or cannot be read.
    """
    build = build or current_build(client)
    for _ in range(_ATTEMPTS):
        answer = read(build)
        after = read_manifest(client)
        if after.settled and after.sequences[0] == build.sequence:
            return answer, build
        build = current_build(client)
    raise StoreError(
        f"the SPARQL store at {client.store.query_url} switched builds during each of "
        f"{_ATTEMPTS} attempts to answer; try again"
    )
