"""A SPARQL query worker process: `python -m papergraph.store.worker READ_FD WRITE_FD
[--no-network] [--memory BYTES]`.

The web service keeps a few of these (see `papergraph.web._querypool`) because Oxigraph cannot
cancel a running query: a query that outlives its timeout is stopped by killing its worker,
which frees the CPU and memory it held.

Each job is a dict received on READ_FD (a `multiprocessing.connection.Connection`): the build
to read (a build directory, or a `RemoteBuild` of a remote SPARQL store), the query
`text` and its `papergraph.store.QueryOptions`. The answer, sent back on WRITE_FD, is
`("ok", QueryOutcome | kind)` or `("error", PapergraphError)`. The worker keeps the last build
it opened, read-only (or its connection to the remote store), and exits when the server closes
the pipe. Killing it on timeout also drops its connection to a remote store, which then ends
the query on its own terms (Virtuoso: MaxQueryExecutionTime).

A job of kind "update" applies a SPARQL update to the store directory it names
(`papergraph.store.sparql_update`). Every request is first checked, from its parse tree, for
SERVICE and LOAD (`papergraph.sparqlguard`). With --no-network the worker runs under
`papergraph.sandbox.deny_network`, so nothing it evaluates can connect anywhere; with --memory
its data segment is capped.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from papergraph.store.remote import RemoteBuild

__all__ = ["OpenBuild", "main", "prepare", "run_job", "serve_jobs"]


class OpenBuild:
    """What the worker read last (a build opened read-only, or a remote store's client),
    reopened when a job names another build or store. A worker forked by the zygote
    (`papergraph.store.zygote`) starts with its in-memory copy of a build as `reader`, under
    that build's directory as `key`."""

    def __init__(self, key: object = None, reader: Any = None) -> None:
        self.key = key
        self.reader = reader

    def get(self, target: Path | RemoteBuild) -> Any:
        from papergraph.store import open_build_read_only
        from papergraph.store.remote import RemoteClient

        key = target.store if isinstance(target, RemoteBuild) else Path(target)
        if key != self.key:
            self.reader, self.key = None, None  # release the old build before opening the new
            if isinstance(target, RemoteBuild):
                self.reader = RemoteClient(target.store)
            else:
                self.reader = open_build_read_only(Path(target))
            self.key = key
        return self.reader


def _refuse_outbound(text: str, *, update: bool, sandboxed: bool) -> None:
    """Refuse a request whose parse tree has SERVICE or LOAD; one that rdflib cannot parse is
    left to Oxigraph only in a worker without network access."""
    from papergraph.errors import BadRequest
    from papergraph.sparqlguard import outbound_operations

    found = outbound_operations(text, update=update)
    if found and update:
        raise BadRequest("LOAD and SERVICE are not supported: the server never fetches URLs")
    if found:
        raise BadRequest("SERVICE is not supported: this endpoint never queries other endpoints")
    if found is None and not sandboxed:
        raise BadRequest(
            "this request could not be checked for SERVICE and LOAD (papergraph's checking "
            "parser does not read it), and this server sends queries on to another store: "
            "rewrite it in plain SPARQL 1.1"
        )


def _run_query(job: dict[str, Any], builds: OpenBuild, sandboxed: bool) -> object:
    from papergraph.store import evaluate_query
    from papergraph.store.remote.query import evaluate_remote_query
    from papergraph.store.sparqltext import has_dataset_clause

    target, text = job["build"], job["text"]
    _refuse_outbound(text, update=False, sandboxed=sandboxed)
    options = replace(job["options"], union_default_graph=not has_dataset_clause(text))
    reader = builds.get(target)
    if isinstance(target, RemoteBuild):
        return evaluate_remote_query(reader, target, text, options)
    return evaluate_query(reader, text, options)


def _run_update(job: dict[str, Any], sandboxed: bool) -> object:
    from papergraph.store import sparql_update
    from papergraph.store.sparqltext import prepare_update

    text = prepare_update(job["text"], job["using"], job["using_named"])
    _refuse_outbound(text, update=True, sandboxed=sandboxed)
    return sparql_update(job["store"], text, base_iri=job["base_iri"])


def run_job(job: dict[str, Any], builds: OpenBuild, *, sandboxed: bool = False) -> tuple:
    """Evaluate one job; never raises (failures are answers too)."""
    from papergraph.errors import BadRequest, PapergraphError

    try:
        if job.get("kind") == "update":
            return "ok", _run_update(job, sandboxed)
        return "ok", _run_query(job, builds, sandboxed)
    except PapergraphError as error:
        return "error", error
    except PermissionError as error:
        if sandboxed:  # the only thing this worker may not do is open a network socket
            return "error", BadRequest(
                "the request tried to reach the network, which this endpoint never does"
            )
        return "error", PapergraphError(f"the query failed: {error}")
    except MemoryError:
        return "error", PapergraphError("the query ran out of memory")
    except Exception as error:  # an answer the server can turn into a clean 500
        return "error", PapergraphError(f"the query failed: {type(error).__name__}: {error}")


def prepare() -> None:
    """Import what jobs need and build rdflib's SPARQL grammars, as the first job would: the
    zygote does it once, so that each worker it forks answers its first job as fast as the
    next ones."""
    from papergraph.sparqlguard import outbound_operations
    from papergraph.store import evaluate_query  # noqa: F401 -- imported for the forks
    from papergraph.store.sparqltext import has_dataset_clause  # noqa: F401

    outbound_operations("SELECT * WHERE { SERVICE <urn:x> { ?s ?p ?o } }", update=False)
    outbound_operations("LOAD <urn:x>", update=True)


def serve_jobs(
    jobs: Connection, answers: Connection, builds: OpenBuild, *, sandboxed: bool
) -> None:
    """Answer the jobs of `jobs` on `answers` until the server closes the job pipe."""
    sys.setrecursionlimit(50_000)  # rdflib's SPARQL grammar recurses once per triple pattern
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        try:
            answers.send(run_job(job, builds, sandboxed=sandboxed))
        except (BrokenPipeError, OSError):
            return


def main(argv: list[str]) -> None:
    """Serve jobs until the server closes the job pipe.

    argv: READ_FD WRITE_FD [--no-network] [--memory BYTES].
    """
    from papergraph.sandbox import deny_network, limit_memory

    jobs = Connection(int(argv[0]), writable=False)
    answers = Connection(int(argv[1]), readable=False)
    options = argv[2:]
    if "--memory" in options:
        limit_memory(int(options[options.index("--memory") + 1]))
    sandboxed = "--no-network" in options and deny_network()
    serve_jobs(jobs, answers, OpenBuild(), sandboxed=sandboxed)


if __name__ == "__main__":
    main(sys.argv[1:])
