"""The zygote: a process that loads one build into memory once and forks query workers from
it. `python -m papergraph.store.zygote CONTROL_FD BUILD [--no-network]`.

pyoxigraph answers many queries faster from an in-memory store than from RocksDB on disk
(1-1.6x on most canned queries at 10,000 notes, 9x on one; README, "Benchmarks"). A worker
forked from the loaded zygote inherits the copy, its pages shared copy-on-write, so every
worker reads the same memory, and a worker killed at its query's timeout is replaced by a
fork in milliseconds instead of a reload. The server side is
`papergraph.web._zygotes`.

The zygote talks to the server over CONTROL_FD, a SOCK_SEQPACKET Unix socket, one pickled
tuple per message:

- first, the zygote's ("ready", quads, seconds) once BUILD is loaded, or ("error", message);
- ("fork", memory), sent with two file descriptors (the job pipe's read end, the answer pipe's
  write end): fork a worker that answers jobs on them (`worker.serve_jobs`) from the copy,
  its data segment capped at its size at the fork plus `memory` bytes (0: no cap), since
  RLIMIT_DATA counts the inherited copy too; the answer is ("forked", pid);
- ("reap", pid): wait for the worker `pid` to end (the server kills it first); the answer is
  ("reaped", status), status as `subprocess.Popen.returncode` gives it (-N: signal N).

Only the zygote can wait for its workers, so only it reaps them: a worker's pid cannot be
reused before the server has asked. Its Python code is single-threaded, but reading the build
from disk leaves RocksDB's idle background threads in it, which a fork does not have: so a
fork reads only its in-memory copy and never opens a build on disk (a SPARQL update or a
query of another build goes to a worker of its own process; writing a build from a fork
hung, waiting for those threads). With --no-network, the zygote
runs under `papergraph.sandbox.deny_network` from its start, and every worker inherits the
filter. It exits when the server closes CONTROL_FD; its workers end when their job pipes
close.
"""

from __future__ import annotations

import os
import pickle
import signal
import socket
import sys
import time
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph

__all__ = ["MEMORY_MODES", "main", "receive", "send"]

MEMORY_MODES = ("auto", "on", "off")  # the serve setting memory_store
_MESSAGE_BYTES = 4096


def send(control: socket.socket, message: tuple, fds: list[int] | None = None) -> None:
    """Send one message (and file descriptors) over the control socket."""
    socket.send_fds(control, [pickle.dumps(message)], fds or [])


def receive(control: socket.socket) -> tuple[tuple, list[int]]:
    """The next message and the file descriptors sent with it.

    Raises:
        EOFError: the other side closed the socket.
    """
    data, fds, _flags, _address = socket.recv_fds(control, _MESSAGE_BYTES, 2)
    if not data:
        raise EOFError
    return pickle.loads(data), fds


def _status(wait_status: int) -> int:
    """A wait status as Popen's returncode: the exit code, or minus the signal."""
    if os.WIFSIGNALED(wait_status):
        return -os.WTERMSIG(wait_status)
    return os.WEXITSTATUS(wait_status)


def _run_worker(store: object, build: Path, fds: list[int], memory: int, sandboxed: bool) -> None:
    """In the forked child: cap the memory, then answer jobs from the in-memory `store`."""
    from papergraph.sandbox import data_segment_size, limit_memory
    from papergraph.store.worker import OpenBuild, serve_jobs

    if memory:
        limit_memory(data_segment_size() + memory)
    jobs = Connection(fds[0], writable=False)
    answers = Connection(fds[1], readable=False)
    serve_jobs(jobs, answers, OpenBuild(build, store), sandboxed=sandboxed)


def _fork(
    control: socket.socket, store: object, build: Path, fds: list[int], memory: int, sandboxed: bool
) -> int:
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            control.close()
            _run_worker(store, build, fds, memory, sandboxed)
        except BaseException:
            status = 1
        finally:
            os._exit(status)  # never back into the zygote's loop
    for fd in fds:
        os.close(fd)
    return pid


def _load_into_memory(build: Path) -> pyoxigraph.Store:
    """A copy of the build directory `build` in an in-memory Oxigraph store.

    The quads are copied as they are (`extend`, BULK_LOAD_LINES at a time): Oxigraph's
    loaders would give every blank node a fresh label, and answers would then differ from the
    build's own. 3.2 M quads (10,000 notes) took 89 s and 1.4 GB on a loaded machine.

    Raises:
        StoreError: the build is missing or damaged.
    """
    from papergraph.errors import StoreError
    from papergraph.store.embedded import BULK_LOAD_LINES, open_build_read_only

    source = open_build_read_only(build)
    copy = pyoxigraph.Store()
    quads = source.quads_for_pattern(None, None, None, None)
    try:
        while chunk := list(islice(quads, BULK_LOAD_LINES)):
            copy.extend(chunk)
    except (OSError, RuntimeError) as error:
        raise StoreError(f"the store is damaged: cannot read {build}: {error}") from error
    return copy


def main(argv: list[str]) -> None:
    """Load BUILD, say so, then fork and reap workers as the server asks, until it closes
    the control socket. argv: CONTROL_FD BUILD [--no-network]."""
    from papergraph.errors import PapergraphError
    from papergraph.sandbox import deny_network
    from papergraph.store.worker import prepare

    control = socket.socket(fileno=int(argv[0]))
    build = Path(argv[1])
    sandboxed = "--no-network" in argv[2:] and deny_network()
    started = time.perf_counter()
    try:
        store = _load_into_memory(build)
        prepare()
    except PapergraphError as error:
        send(control, ("error", str(error)))
        return
    send(control, ("ready", len(store), time.perf_counter() - started))
    while True:
        try:
            (request, *arguments), fds = receive(control)
        except (EOFError, OSError):
            return
        if request == "fork":
            pid = _fork(control, store, build, fds, int(arguments[0]), sandboxed)
            send(control, ("forked", pid))
        elif request == "reap":
            try:
                _pid, wait_status = os.waitpid(int(arguments[0]), 0)
            except ChildProcessError:  # not a worker of this zygote, or reaped already
                wait_status = signal.SIGKILL
            send(control, ("reaped", _status(wait_status)))


if __name__ == "__main__":
    main(sys.argv[1:])
