"""Build, store and export: `papergraph build` and `papergraph export` as child processes,
measured, and the fitted exponent of build time over the corpus sizes."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from _suite.processes import ChildRun, run_measured
from papergraph.store import current_build

__all__ = ["ExportRun", "StoreFacts", "count_lines", "fit_exponent", "measure_build"]
__all__ += ["measure_export", "store_facts"]


@dataclass(frozen=True)
class StoreFacts:
    build: Path  # the current build's directory
    quads: int
    bytes: int  # the build's files on disk


@dataclass(frozen=True)
class ExportRun:
    format: str
    seconds: float
    peak_rss: int
    bytes: int


def _papergraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "papergraph", *args]


def measure_build(pages: list[Path], store: Path, log: Path) -> ChildRun:
    """`papergraph build PAGES… --store STORE`, measured (raises ChildFailed when it fails)."""
    return run_measured(_papergraph("build", *map(str, pages), "--store", str(store)), log)


def store_facts(store: Path) -> StoreFacts:
    """The current build of `store`: where it is, its quads and its size on disk."""
    build = current_build(store).resolve()
    size = sum(path.stat().st_size for path in build.rglob("*") if path.is_file())
    reader = pyoxigraph.Store.read_only(str(build))
    try:
        quads = len(reader)
    finally:
        del reader
    return StoreFacts(build, quads, size)


def count_lines(path: Path) -> int:
    """Newlines in `path` (an N-Triples file has one triple a line)."""
    count = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 22):
            count += chunk.count(b"\n")
    return count


def measure_export(store: Path, fmt: str, output: Path, log: Path) -> ExportRun:
    """`papergraph export --format FMT -o OUTPUT` of `store`, measured."""
    command = _papergraph("export", "--store", str(store), "--format", fmt, "-o", str(output))
    run = run_measured(command, log)
    return ExportRun(fmt, run.seconds, run.peak_rss, output.stat().st_size)


def fit_exponent(sizes: list[float], seconds: list[float]) -> float | None:
    """The slope of log(seconds) over log(sizes), least squares (None below two sizes)."""
    if len(set(sizes)) < 2:
        return None
    xs, ys = [math.log(size) for size in sizes], [math.log(value) for value in seconds]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return covariance / sum((x - mean_x) ** 2 for x in xs)
