"""Waiting for a condition in tests: a polling loop with a deadline that fails loudly, never
a fixed sleep before an assertion."""

from __future__ import annotations

import os
import time
from collections.abc import Callable


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll `condition` until it holds.

    Raises:
        AssertionError: it did not hold within `timeout` seconds; the message says `what`.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.01)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process `pid` has used so far, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for_moment(process, store, moment: str, *, timeout: float = 300) -> None:
    """Until a `papergraph build` child `process` writing into `store` is at `moment`:
    "while extracting" (its new build exists and it has spent a CPU second since) or "while
    writing the new build" (it has saved its extractions, so extraction is over)."""

    def started() -> bool:
        assert process.poll() is None, "the build ended before the moment came"
        return len(os.listdir(store / "builds")) >= 2

    wait_until(started, timeout=timeout, what="the new build appears")
    if moment == "while extracting":
        begun = cpu_seconds(process.pid)
        wait_until(
            lambda: cpu_seconds(process.pid) >= begun + 1.0,
            timeout=timeout,
            what="the build spends a CPU second extracting",
        )
        return
    extractions = store / "extractions"
    wait_until(
        lambda: extractions.is_dir() and any(extractions.iterdir()),
        timeout=timeout,
        what="the build saves its extractions",
    )
