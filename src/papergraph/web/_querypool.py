"""A small pool of SPARQL worker processes: per-query time and memory limits, and admission
control that keeps cheap requests cheap during a burst of expensive ones.

pyoxigraph cannot cancel a query, so each query (and each SPARQL update) runs in a worker
process (`papergraph.store.worker`) that is killed when it outlives QUERY_TIMEOUT; the next
query starts a fresh worker. Each worker's data segment is capped at QUERY_MEMORY bytes: a
query that needs more makes its worker abort, and is answered 503 saying so. Workers of the
embedded store run without network access (`papergraph.sandbox`).

Admission: at most QUERY_WORKERS queries run at once, and at most QUERY_QUEUE more wait, each
for at most QUERY_WAIT seconds; any other query is answered 503 with Retry-After at once, so
no server thread is held for long by a query that cannot run. The last idle worker is kept for
a client (by remote address) that has no query running yet: one client's burst cannot take
every worker from the others.

Workers are plain subprocesses (`python -m papergraph.store.worker`) talking over two pipes:
no fork of the threaded server, no re-import of its `__main__`. Where the current build is
served from memory (MEMORY_STORE, `papergraph.web._zygotes`), they are forks of the zygote
that holds it instead, under the same limits, talking over the same pipes.
"""

from __future__ import annotations

import logging
import math
import os
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from flask import Flask

from papergraph.errors import PapergraphError, QueryMemoryExceeded, QueryTimeout, WorkersBusy
from papergraph.sandbox import machine_memory
from papergraph.store import capabilities, locate_store
from papergraph.web._zygotes import ForkedWorker, MemoryServing, Zygote

__all__ = ["PoolLimits", "QueryPool", "default_query_memory", "get_pool", "init_app"]

logger = logging.getLogger(__name__)

_EXTENSION = "papergraph.querypool"
_MIB = 2**20


def default_query_memory(workers: int) -> int:
    """Bytes each of `workers` query workers may use by default: half the machine's memory,
    shared among them (so that all of them at their cap still leave the other half)."""
    return max(256 * _MIB, machine_memory() // 2 // max(1, workers))


@dataclass(frozen=True)
class PoolLimits:
    """How many workers, how much memory each, and how requests queue for them.

    Attributes:
        workers: worker processes at most.
        memory: bytes of data segment per worker (0: no cap).
        queue: requests that may wait for a worker at once; more are refused at once.
        wait: seconds a request waits for a worker before it is refused.
        network: whether workers may open network sockets (a remote store needs them).
        memory_store: the store directory and MEMORY_STORE mode of `MemoryServing`, which
            serves its current build from memory; None for a remote store.
    """

    workers: int = 4
    memory: int = 0
    queue: int = 8
    wait: float = 2.0
    network: bool = False
    memory_store: tuple[Path, str] | None = None


class _Worker:
    """One worker process and the two ends of its pipes."""

    zygote: Zygote | None = None  # started on its own, not forked from a zygote

    def __init__(self, limits: PoolLimits) -> None:
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        options = [] if limits.network else ["--no-network"]
        if limits.memory:
            options += ["--memory", str(limits.memory)]
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "papergraph.store.worker",
                    str(job_read),
                    str(answer_write),
                    *options,
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

    def stop(self) -> int:
        """Kill the process (it may be inside a query that cannot be interrupted otherwise);
        its exit status (negative: the signal that ended it)."""
        self.process.kill()
        status = self.process.wait()
        self.jobs.close()
        self.answers.close()
        return status


def _stop_all(workers: set[_Worker | ForkedWorker], memory: MemoryServing | None) -> None:
    for worker in list(workers):
        worker.stop()
    workers.clear()
    if memory is not None:
        memory.close()


class QueryPool:
    """Run jobs in at most `limits.workers` worker processes, each within a timeout."""

    def __init__(self, limits: PoolLimits) -> None:
        self.limits = limits
        self._idle: list[_Worker | ForkedWorker | None] = [None] * max(1, limits.workers)
        self._running: Counter[str] = Counter()  # queries running, per client
        self._waiting = 0
        self._condition = threading.Condition()
        self._workers: set[_Worker | ForkedWorker] = set()
        self.memory: MemoryServing | None = None
        if limits.memory_store is not None:
            store_dir, mode = limits.memory_store
            self.memory = MemoryServing(store_dir, mode, network=limits.network)
        # Workers die with the pool (tests create many apps) and with the server process.
        self._finalizer = weakref.finalize(self, _stop_all, self._workers, self.memory)

    def run(self, job: dict[str, Any], timeout: float | None, client: str = "") -> object:
        """The worker's answer to `job` (see `papergraph.store.worker`).

        Args:
            timeout: seconds the job may run once it has a worker; None or 0 for no limit.
            client: who asks (the remote address): the last idle worker is kept for clients
                with no query running.

        Raises:
            WorkersBusy: no worker could be had within the queue's limits (Retry-After set).
            QueryTimeout: the job ran out of time; its worker was killed.
            QueryMemoryExceeded: the job ran out of memory; its worker died.
            PapergraphError: the job failed (re-raised from the worker) or the worker died.
        """
        worker = self._acquire(client, timeout)
        try:
            zygote = self._zygote_for(job)
            if zygote is not None:
                self._retire_idle(zygote)
            if worker is not None and worker.zygote is not zygote:
                # A fork only ever reads its own copy: any other job (another build, an
                # update) goes to a worker of its own process, and a fork replaces a worker
                # started before the build was in memory.
                self._discard(worker)
                worker = None
            if worker is None:
                worker = self._start(zygote)
            status, answer = self._ask(worker, job, timeout)
        except BaseException:
            if worker is not None:
                self._discard(worker)
            self._release(client, None)
            raise
        self._release(client, worker)
        if status == "error":
            raise answer  # type: ignore[misc]
        return answer

    def _zygote_for(self, job: dict[str, Any]) -> Zygote | None:
        """The zygote to fork a worker for `job` from: that of the build it reads, once loaded
        (None: a worker reading from disk will do; updates go to the disk store)."""
        build = job.get("build")
        if self.memory is None or not isinstance(build, Path):
            return None
        return self.memory.zygote_for(build)

    def _retire_idle(self, zygote: Zygote) -> None:
        """Stop the idle workers that are not forks of `zygote` (the in-memory copy of the
        build they read is gone or never was), so that an old zygote ends with its workers
        and frees its copy; their slots fork from `zygote` when used."""
        with self._condition:
            stale = [w for w in self._idle if w is not None and w.zygote is not zygote]
            self._idle = [None if w in stale else w for w in self._idle]
        for worker in stale:
            self._discard(worker)

    def warm(self, build: object = None) -> None:
        """Start every worker now, in the background, so that the first queries do not wait
        for a process to start (`papergraph serve` calls it; test apps start them lazily),
        and the loading of `build` (what a job names) into memory if it is served from there:
        these workers serve until it is loaded, then forks of its zygote replace them."""
        self._zygote_for({"build": build})

        def start_idle() -> None:
            while True:
                with self._condition:
                    if None not in self._idle:
                        return
                    self._idle.remove(None)
                try:
                    worker: _Worker | ForkedWorker | None = self._start(None)
                except OSError as error:
                    logger.error("cannot start a query worker: %s", error)
                    worker = None
                with self._condition:
                    self._idle.append(worker)
                    self._condition.notify_all()
                if worker is None:
                    return

        threading.Thread(target=start_idle, name="query-workers", daemon=True).start()

    def _admits(self, client: str) -> bool:
        idle = len(self._idle)
        if idle > 1 or (idle == 1 and not self._running):
            return True
        return idle == 1 and self._running[client] == 0

    def _acquire(self, client: str, timeout: float | None) -> _Worker | ForkedWorker | None:
        wait = self.limits.wait if not timeout else min(self.limits.wait, timeout)
        deadline = time.monotonic() + wait
        with self._condition:
            if not self._admits(client):
                if self._waiting >= self.limits.queue:
                    raise self._busy("every query worker is busy and the queue is full")
                self._waiting += 1
                try:
                    while not self._admits(client):
                        left = deadline - time.monotonic()
                        if left <= 0:
                            raise self._busy(f"no query worker became free within {wait:g} s")
                        self._condition.wait(left)
                finally:
                    self._waiting -= 1
            self._running[client] += 1
            return self._idle.pop()

    def _busy(self, why: str) -> WorkersBusy:
        retry_after = max(1, math.ceil(self.limits.wait * 2))
        logger.warning("query refused: %s", why)
        return WorkersBusy(f"{why}: try again in {retry_after} s", retry_after)

    def _release(self, client: str, worker: _Worker | ForkedWorker | None) -> None:
        with self._condition:
            self._running[client] -= 1
            if self._running[client] <= 0:
                del self._running[client]
            self._idle.append(worker)
            self._condition.notify_all()

    def _start(self, zygote: Zygote | None) -> _Worker | ForkedWorker:
        """A new worker: a fork of `zygote`, or a process of its own."""
        if zygote is not None and self.memory is not None:
            try:
                worker: _Worker | ForkedWorker = zygote.fork(self.limits.memory)
            except OSError:  # the zygote died: read from disk
                self.memory.forget(zygote)
                worker = _Worker(self.limits)
        else:
            worker = _Worker(self.limits)
        with self._condition:
            self._workers.add(worker)
        return worker

    def _discard(self, worker: _Worker | ForkedWorker) -> int:
        with self._condition:
            self._workers.discard(worker)
        return worker.stop()

    def _ask(
        self, worker: _Worker | ForkedWorker, job: dict[str, Any], timeout: float | None
    ) -> tuple:
        try:
            worker.jobs.send(job)
            if not worker.answers.poll(timeout or None):
                logger.warning("a query ran past %g s and its worker was stopped", timeout)
                raise QueryTimeout(
                    f"the query ran longer than the {timeout:g} s limit and was stopped; "
                    "narrow it (LIMIT, more specific patterns) or ask the operator to raise "
                    "--query-timeout"
                )
            return worker.answers.recv()
        except (EOFError, OSError) as error:
            status = self._discard(worker)
            if self.limits.memory and status in (-signal.SIGABRT, -signal.SIGKILL):
                cap = self.limits.memory // _MIB
                logger.warning("a query needed more than %d MiB and its worker stopped", cap)
                raise QueryMemoryExceeded(
                    f"the query needed more than the {cap} MiB of memory a query may use and "
                    "was stopped; narrow it (LIMIT, more specific patterns, no ORDER BY over a "
                    "large join) or ask the operator to raise --query-memory"
                ) from error
            logger.error("a query worker died (exit status %s): %s", status, error)
            raise PapergraphError(
                "the query worker stopped unexpectedly; the query was not answered"
            ) from error

    def close(self) -> None:
        """Stop every worker."""
        self._finalizer()


def init_app(app: Flask) -> None:
    """Give `app` its query pool, sized by QUERY_WORKERS, QUERY_MEMORY (MiB), QUERY_QUEUE and
    QUERY_WAIT; workers start on first use."""
    workers = int(app.config.get("QUERY_WORKERS") or 1)
    memory_mib = app.config.get("QUERY_MEMORY")
    location = locate_store(app.config["STORE"])
    local = isinstance(location, Path)
    limits = PoolLimits(
        workers=workers,
        memory=default_query_memory(workers) if memory_mib is None else int(memory_mib) * _MIB,
        queue=int(app.config.get("QUERY_QUEUE") or 0),
        wait=float(app.config.get("QUERY_WAIT") or 0),
        network=capabilities(location).needs_network,
        memory_store=(location, app.config.get("MEMORY_STORE") or "auto") if local else None,
    )
    app.extensions[_EXTENSION] = QueryPool(limits)


def get_pool(app: Flask) -> QueryPool:
    """The query pool of `app`."""
    return app.extensions[_EXTENSION]
