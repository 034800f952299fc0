"""Serving from memory: the server's side of the zygote (`papergraph.store.zygote`), which
loads the current build into memory once and forks the query workers from it.

`MemoryServing` keeps one zygote, for the current build of the store directory. It starts
loading a build the first time a query names it while it is current, in the background; until
the zygote is ready the pool's workers read the build from disk, as without it. Once ready,
the pool's workers are forks of it (`ForkedWorker`), and the zygote of the build before is
retired: it ends when its last worker has been stopped. A SPARQL update writes a new build on
disk, like `papergraph build`: it is read from disk at once and from memory once loaded.

Whether a build is served from memory: MEMORY_STORE "on" always, "off" never, "auto" when its
estimated in-memory size (`estimated_memory`) is at most an eighth of the machine's memory,
so that two copies (the old build's and the new one's, during a switch) take a quarter at
most, beside the query workers' caps (half the machine by default).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from papergraph.errors import StoreError
from papergraph.sandbox import machine_memory
from papergraph.store import current_build
from papergraph.store.zygote import MEMORY_MODES, receive, send

__all__ = ["ForkedWorker", "MemoryServing", "Zygote", "estimated_memory"]

logger = logging.getLogger(__name__)

# Bytes in memory per byte of a compacted build on disk, measured (README, "Benchmarks"):
# 1,000 notes 126 MB on disk, 182 MB in memory; 10,000 notes 1,086 MB, 1,381 MB.
_MEMORY_PER_DISK_BYTE = 1.5


def estimated_memory(build: Path) -> int:
    """Bytes an in-memory copy of the build directory `build` takes, estimated from its size
    on disk."""
    on_disk = sum(entry.stat().st_size for entry in Path(build).iterdir() if entry.is_file())
    return int(on_disk * _MEMORY_PER_DISK_BYTE)


class Zygote:
    """One zygote process holding `build` in memory."""

    def __init__(self, build: Path, *, network: bool) -> None:
        self.build = build
        self.ready = False
        self.quads, self.seconds = 0, 0.0  # once ready
        self.workers: set[int] = set()  # live pids of the workers it forked
        self.retired = False
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        options = [] if network else ["--no-network"]
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "papergraph.store.zygote",
                    str(theirs.fileno()),
                    str(build),
                    *options,
                ],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            theirs.close()
        self._control = ours
        self._lock = threading.Lock()

    def wait_ready(self) -> None:
        """Wait until the build is loaded.

        Raises:
            StoreError: the zygote could not load it, or died.
        """
        try:
            (answer, *details), _ = receive(self._control)
        except (EOFError, OSError) as error:
            raise StoreError(f"the in-memory copy of {self.build.name} failed: {error}") from error
        if answer != "ready":
            raise StoreError(str(details[0]))
        self.quads, self.seconds = details
        self.ready = True

    def fork(self, memory: int) -> ForkedWorker:
        """A new worker forked from the loaded build, its memory `memory` bytes above what it
        inherits (0: no cap).

        Raises:
            OSError: the zygote is gone.
        """
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        try:
            with self._lock:
                send(self._control, ("fork", memory), [job_read, answer_write])
                (_, pid), _ = self._receive()
                self.workers.add(pid)
        except BaseException:
            for fd in (job_write, answer_read):
                os.close(fd)
            raise
        finally:
            os.close(job_read)
            os.close(answer_write)
        return ForkedWorker(self, pid, job_write, answer_read)

    def reap(self, pid: int) -> int:
        """Wait for the worker `pid` (killed already) to end; its exit status."""
        try:
            with self._lock:
                send(self._control, ("reap", pid))
                (_, status), _ = self._receive()
        except OSError:
            status = -signal.SIGKILL  # the zygote is gone, and its workers with it
        self.workers.discard(pid)
        if self.retired and not self.workers:
            self.close()
        return status

    def _receive(self) -> tuple[tuple, list[int]]:
        try:
            return receive(self._control)
        except EOFError as error:
            raise OSError("the zygote has exited") from error

    def retire(self) -> None:
        """End the zygote once its last worker is stopped."""
        self.retired = True
        if not self.workers:
            self.close()

    def close(self) -> None:
        """Stop the zygote (its workers end when their job pipes close)."""
        self._control.close()
        if not self.ready:  # still loading (it reads its socket only once loaded)
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ForkedWorker:
    """A query worker forked by a zygote, with the server's ends of its two pipes (as the
    pool's subprocess workers)."""

    def __init__(self, zygote: Zygote, pid: int, job_write: int, answer_read: int) -> None:
        self.zygote = zygote
        self.pid = pid
        self.jobs = Connection(job_write, readable=False)
        self.answers = Connection(answer_read, writable=False)
        self._status: int | None = None

    def stop(self) -> int:
        """Kill the worker and have its zygote reap it; its exit status. Stopping it again
        gives the same status (its pid is another process's once reaped)."""
        if self._status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._status = self.zygote.reap(self.pid)
            self.jobs.close()
            self.answers.close()
        return self._status


class MemoryServing:
    """The zygote of the current build of `store_dir`, when it is served from memory."""

    def __init__(self, store_dir: Path, mode: str, *, network: bool) -> None:
        if mode not in MEMORY_MODES:
            raise ValueError(f"memory store mode must be one of {', '.join(MEMORY_MODES)}")
        self.store_dir = store_dir
        self.mode = mode
        self._network = network
        self._lock = threading.Lock()
        self._zygote: Zygote | None = None  # ready
        self._loading: Zygote | None = None
        self._refused: set[Path] = set()  # builds too large, or whose copy failed

    def zygote_for(self, build: Path) -> Zygote | None:
        """The ready zygote of `build`, or None: `build` is read from disk, because it is no
        longer current, is not to be served from memory, or is still being loaded (which this
        call starts, in the background, the first time)."""
        with self._lock:
            if self._zygote is not None and self._zygote.build == build:
                return self._zygote
            if self.mode == "off" or build in self._refused:
                return None
            if self._loading is not None and self._loading.build == build:
                return None
            try:
                if build != current_build(self.store_dir).resolve():
                    return None
            except StoreError:
                return None
            if self.mode == "auto" and estimated_memory(build) > machine_memory() // 8:
                logger.info("build %s is served from disk: too large for memory", build.name)
                self._refused.add(build)
                return None
            if self._loading is not None:  # a build that is no longer current
                self._loading.close()
            self._loading = Zygote(build, network=self._network)
            loading = self._loading
        threading.Thread(target=self._load, args=(loading,), name="zygote", daemon=True).start()
        return None

    def _load(self, zygote: Zygote) -> None:
        try:
            zygote.wait_ready()
        except StoreError as error:
            logger.error("serving %s from disk: %s", zygote.build.name, error)
            with self._lock:
                self._refused.add(zygote.build)
                if self._loading is zygote:
                    self._loading = None
            zygote.close()
            return
        with self._lock:
            if self._loading is not zygote:  # superseded while it loaded
                zygote.close()
                return
            previous, self._zygote, self._loading = self._zygote, zygote, None
        if previous is not None:
            previous.retire()
        logger.info(
            "build %s loaded into memory: %d quads in %.1f s",
            zygote.build.name,
            zygote.quads,
            zygote.seconds,
        )

    def forget(self, zygote: Zygote) -> None:
        """Read the build of `zygote`, which cannot fork (it died), from disk from now on."""
        logger.error("serving %s from disk: its copy in memory is gone", zygote.build.name)
        with self._lock:
            self._refused.add(zygote.build)
            if self._zygote is zygote:
                self._zygote = None
        zygote.retire()

    def close(self) -> None:
        """Stop the zygotes (after the pool has stopped their workers)."""
        with self._lock:
            zygotes = [z for z in (self._zygote, self._loading) if z is not None]
            self._zygote = self._loading = None
        for zygote in zygotes:
            zygote.close()
