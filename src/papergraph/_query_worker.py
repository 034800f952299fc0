"""A SPARQL query worker process: `python -m papergraph._query_worker READ_FD WRITE_FD`.

The web service keeps a few of these (see `papergraph.web._querypool`) because Oxigraph cannot
cancel a running query: a query that outlives its timeout is stopped by killing its worker,
which frees the CPU and memory it held (issue 7).

Each job is a dict received on READ_FD (a `multiprocessing.connection.Connection`): the build
to read (a build directory, or a `RemoteBuild` of a remote SPARQL store, issue 8), the query
`text` and its `papergraph.store.QueryOptions`. The answer, sent back on WRITE_FD, is
`("ok", QueryOutcome | kind)` or `("error", PapergraphError)`. The worker keeps the last build
it opened, read-only (or its connection to the remote store), and exits when the server closes
the pipe. Killing it on timeout also drops its connection to a remote store, which then ends
the query on its own terms (Virtuoso: MaxQueryExecutionTime).
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from papergraph.remote import RemoteBuild

__all__ = ["main", "run_job"]


class _OpenBuild:
    """What the worker read last (a build opened read-only, or a remote store's client),
    reopened when a job names another build or store."""

    def __init__(self) -> None:
        self.key: object = None
        self.reader: Any = None

    def get(self, target: Path | RemoteBuild) -> Any:
        from papergraph.remote import RemoteClient
        from papergraph.store import open_build_read_only

        key = target.store if isinstance(target, RemoteBuild) else Path(target)
        if key != self.key:
            self.reader, self.key = None, None  # release the old build before opening the new
            if isinstance(target, RemoteBuild):
                self.reader = RemoteClient(target.store)
            else:
                self.reader = open_build_read_only(Path(target))
            self.key = key
        return self.reader


def run_job(job: dict[str, Any], builds: _OpenBuild) -> tuple[str, object]:
    """Evaluate one job; never raises (failures are answers too)."""
    from papergraph._remote_query import evaluate_remote_query
    from papergraph.errors import PapergraphError
    from papergraph.store import evaluate_query

    target, text, options = job["build"], job["text"], job["options"]
    try:
        reader = builds.get(target)
        if isinstance(target, RemoteBuild):
            return "ok", evaluate_remote_query(reader, target, text, options)
        return "ok", evaluate_query(reader, text, options)
    except PapergraphError as error:
        return "error", error
    except Exception as error:  # an answer the server can turn into a clean 500
        return "error", PapergraphError(f"the query failed: {type(error).__name__}: {error}")


def main(argv: list[str]) -> None:
    """Serve jobs until the server closes the job pipe."""
    jobs = Connection(int(argv[0]), writable=False)
    answers = Connection(int(argv[1]), readable=False)
    builds = _OpenBuild()
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        try:
            answers.send(run_job(job, builds))
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":
    main(sys.argv[1:])
