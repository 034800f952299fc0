"""A small pool of SPARQL worker processes with a per-query timeout (issue 7).

pyoxigraph cannot cancel a query, so each query runs in a worker process
(`papergraph._query_worker`) that is killed when the query outlives QUERY_TIMEOUT; the next
query starts a fresh worker. Workers start lazily, at most QUERY_WORKERS of them; a query that
finds them all busy waits for one as long as its own timeout allows, then gets a 503.

Workers are plain subprocesses (`python -m papergraph._query_worker`) talking over two pipes:
no fork of the threaded server, no re-import of its `__main__`.
"""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
import time
import weakref
from multiprocessing.connection import Connection
from typing import Any

from flask import Flask

from papergraph.errors import PapergraphError

__all__ = ["QueryPool", "QueryTimeout", "WorkersBusy", "get_pool", "init_app"]

logger = logging.getLogger(__name__)

_EXTENSION = "papergraph.querypool"


class QueryTimeout(PapergraphError):
    """The query ran past the time limit and its worker was stopped."""

    status = 503


class WorkersBusy(PapergraphError):
    """Every query worker stayed busy for as long as the query could wait."""

    status = 503


class _Worker:
    """One worker process and the two ends of its pipes."""

    def __init__(self) -> None:
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "papergraph._query_worker",
                    str(job_read),
                    str(answer_write),
                ],
                pass_fds=(job_read, answer_write),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            os.close(job_read)
            os.close(answer_write)
        self.jobs = Connection(job_write, readable=False)
        self.answers = Connection(answer_read, writable=False)

    def stop(self) -> None:
        """Kill the process (it may be inside a query that cannot be interrupted otherwise)."""
        self.process.kill()
        self.process.wait()
        self.jobs.close()
        self.answers.close()


def _stop_all(workers: set[_Worker]) -> None:
    for worker in list(workers):
        worker.stop()
    workers.clear()


class QueryPool:
    """Run query jobs in at most `size` worker processes, each job within `timeout` seconds."""

    def __init__(self, size: int) -> None:
        self._slots: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(max(1, size)):
            self._slots.put(None)  # None: a worker not started yet (or stopped)
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        # Workers die with the pool (tests create many apps) and with the server process.
        self._finalizer = weakref.finalize(self, _stop_all, self._workers)

    def run(self, job: dict[str, Any], timeout: float | None) -> object:
        """The worker's answer to `job` (see `papergraph._query_worker`).

        Args:
            timeout: seconds the job may take, waiting for a free worker included; None or 0
                for no limit.

        Raises:
            QueryTimeout: the job ran out of time; its worker was killed.
            WorkersBusy: no worker became free in time.
            PapergraphError: the job failed (re-raised from the worker) or the worker died.
        """
        deadline = time.monotonic() + timeout if timeout else None
        try:
            worker = self._slots.get(timeout=timeout or None)
        except queue.Empty:
            raise WorkersBusy(
                f"all query workers stayed busy for {timeout:g} s: try again later"
            ) from None
        try:
            if worker is None:
                worker = self._start()
            status, answer = self._ask(worker, job, deadline, timeout)
        except BaseException:
            if worker is not None:
                self._discard(worker)
            self._slots.put(None)
            raise
        self._slots.put(worker)
        if status == "error":
            raise answer  # type: ignore[misc]
        return answer

    def _start(self) -> _Worker:
        worker = _Worker()
        with self._lock:
            self._workers.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()

    @staticmethod
    def _ask(
        worker: _Worker, job: dict[str, Any], deadline: float | None, timeout: float | None
    ) -> tuple[str, object]:
        try:
            worker.jobs.send(job)
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not worker.answers.poll(left):
                logger.warning("a query ran past %g s and its worker was stopped", timeout)
                raise QueryTimeout(
                    f"the query ran longer than the {timeout:g} s limit and was stopped; "
                    "narrow it (LIMIT, more specific patterns) or ask the operator to raise "
                    "--query-timeout"
                )
            return worker.answers.recv()
        except (EOFError, OSError) as error:
            logger.error("a query worker died: %s", error)
            raise PapergraphError(
                "the query worker stopped unexpectedly (out of memory?); the query was not answered"
            ) from error

    def close(self) -> None:
        """Stop every worker."""
        self._finalizer()


def init_app(app: Flask) -> None:
    """Give `app` its query pool (QUERY_WORKERS processes, started on first use)."""
    app.extensions[_EXTENSION] = QueryPool(int(app.config.get("QUERY_WORKERS") or 1))


def get_pool(app: Flask) -> QueryPool:
    """The query pool of `app`."""
    return app.extensions[_EXTENSION]
