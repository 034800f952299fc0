"""A SPARQL query worker process: `python -m papergraph._query_worker READ_FD WRITE_FD`.

The web service keeps a few of these (see `papergraph.web._querypool`) because Oxigraph cannot
cancel a running query: a query that outlives its timeout is stopped by killing its worker,
which frees the CPU and memory it held (issue 7).

Each job is a dict received on READ_FD (a `multiprocessing.connection.Connection`): the build
directory to read and the keyword arguments of `papergraph.store.evaluate_query`. The answer,
sent back on WRITE_FD, is `("ok", QueryOutcome | kind)` or `("error", PapergraphError)`. The
worker keeps the last build it opened, read-only, and exits when the server closes the pipe.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

__all__ = ["main", "run_job"]


class _OpenBuild:
    """The build the worker read last, reopened when a job names another one."""

    def __init__(self) -> None:
        self.path: str | None = None
        self.store: Any = None

    def get(self, path: str) -> Any:
        from papergraph.store import open_build_read_only

        if path != self.path:
            self.store, self.path = None, None  # release the old build before opening the new
            self.store, self.path = open_build_read_only(Path(path)), path
        return self.store


def run_job(job: dict[str, Any], builds: _OpenBuild) -> tuple[str, object]:
    """Evaluate one job; never raises (failures are answers too)."""
    from papergraph.errors import PapergraphError
    from papergraph.store import evaluate_query

    options = dict(job)
    try:
        store = builds.get(options.pop("build"))
        return "ok", evaluate_query(store, options.pop("text"), **options)
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
