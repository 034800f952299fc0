"""Child processes: a measured run (wall time, CPU time, peak RSS), a free loopback port, and
stopping a child together with every process it started."""

from __future__ import annotations

import contextlib
import resource
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

import psutil

__all__ = ["ChildFailed", "ChildRun", "reserve_port", "run_measured", "stop_tree"]
__all__ += ["StartStop", "tail"]


_SAMPLE_SECONDS = 0.05


class ChildFailed(RuntimeError):
    """A measured child process exited non-zero; the message ends with its log's tail."""


@dataclass(frozen=True)
class ChildRun:
    """What one child process cost: wall and CPU seconds (its children included) and peak RSS
    in bytes (the larger of the sampled sum over its process tree and the kernel's peak of its
    largest process)."""

    seconds: float
    cpu_seconds: float
    peak_rss: int


class StartStop:
    """What a subclass starts with `start()` and stops with `stop()`, as a context manager:
    entering starts it, leaving always stops it."""

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def reserve_port() -> int:
    """A port that is free on 127.0.0.1 now (the werkzeug test-server pattern)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(log: Path, lines: int = 15) -> str:
    """The last `lines` lines of a log file, for error messages."""
    if not log.exists():
        return "(no output)"
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def tree_memory(pid: int) -> dict[str, int]:
    """Bytes of resident (RSS) and proportional (PSS: shared pages split among the processes
    that share them) memory of the process `pid` and its descendants."""
    totals = {"rss": 0, "pss": 0}
    with contextlib.suppress(psutil.Error):
        process = psutil.Process(pid)
        for member in [process, *process.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # it ended between listing and reading
                info = member.memory_full_info()
                totals["rss"] += info.rss
                totals["pss"] += info.pss
    return totals


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # it ended between listing and reading
            total += member.memory_info().rss
    return total


def run_measured(command: list[str], log: Path) -> ChildRun:
    """Run `command` to completion with its output in `log`, measuring it.

    Raises:
        ChildFailed: the command exited non-zero.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    sampled = 0
    with open(log, "wb") as output:
        child = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        try:
            watched = psutil.Process(child.pid)
            while child.poll() is None:
                with contextlib.suppress(psutil.Error):
                    sampled = max(sampled, _tree_rss(watched))
                time.sleep(_SAMPLE_SECONDS)
        finally:
            stop_tree(child)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise ChildFailed(f"{' '.join(command)} exited {child.returncode}:\n{tail(log)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss (KiB) is the peak of the largest child reaped so far: it is this child's only
    # when this child set a new maximum.
    kernel_peak = after.ru_maxrss * 1024 if after.ru_maxrss > before.ru_maxrss else 0
    return ChildRun(seconds, cpu, max(sampled, kernel_peak))


def _descendants(child: subprocess.Popen) -> list[psutil.Process]:
    try:
        return psutil.Process(child.pid).children(recursive=True)
    except psutil.Error:  # already gone
        return []


def stop_tree(child: subprocess.Popen, *, grace: float = 10.0) -> None:
    """Stop `child` and every process it started: terminate, wait `grace` seconds, kill."""
    descendants = _descendants(child)
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    for process in descendants:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _, alive = psutil.wait_procs(descendants, timeout=grace)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
