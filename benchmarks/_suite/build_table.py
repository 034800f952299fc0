"""The build table of the report: build, store, export, reasoning, analytics and graph view,
a column per size, with the issue 8 targets and whether each is met."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from _suite.results import SizeResult, SuiteRun

__all__ = ["AT_1M_TRIPLES", "build_table"]

MB = 1024 * 1024
BUILD_NOTES_PER_SECOND = 1_000  # at 100k notes
PEAK_RSS_MB = 2 * 1024
EXPORT_TRIPLES_PER_SECOND = 200_000  # 1M triples in 5 s
ANALYTICS_SECONDS = 60  # at 100k notes
EXPONENT_MAX = 1.15  # "about 1": at most 15 % above linear
AT_100K, AT_1M_TRIPLES = 100_000, 1_000_000


@dataclass(frozen=True)
class Row:
    """One line of the build table: a value per size, and maybe a target."""

    label: str
    value: Callable[[SizeResult], float | None]
    shown: str = "{:,.1f}"  # format of the value
    target: str = ""
    applies: Callable[[SizeResult], bool] = lambda size: True
    met: Callable[[float], bool] | None = None


def _export_rate(fmt: str) -> Callable[[SizeResult], float | None]:
    def rate(size: SizeResult) -> float | None:
        run = size.exports.get(fmt)
        return size.triples / run.seconds if run and size.triples else None

    return rate


def _export_seconds(fmt: str) -> Callable[[SizeResult], float | None]:
    return lambda size: size.exports[fmt].seconds if fmt in size.exports else None


def _export_rows(fmt: str, name: str) -> tuple[Row, Row]:
    """The seconds and the triples/s of one export format, with the export target."""
    return (
        Row(f"{name} export (s)", _export_seconds(fmt)),
        Row(
            f"{name} export (triples/s)",
            _export_rate(fmt),
            "{:,.0f}",
            f"≥ {EXPORT_TRIPLES_PER_SECOND:,} (1M triples ≤ 5 s), from 1M triples",
            lambda s: (s.triples or 0) >= AT_1M_TRIPLES,
            lambda v: v >= EXPORT_TRIPLES_PER_SECOND,
        ),
    )


ROWS = (
    Row("distinct names in the corpus", lambda s: s.names, "{:,.0f}"),
    Row("triples (union of the graphs)", lambda s: s.triples, "{:,.0f}"),
    Row("build wall time (s)", lambda s: s.build and s.build.seconds),
    Row(
        "build throughput (notes/s)",
        lambda s: s.notes_per_second,
        "{:,.0f}",
        f"≥ {BUILD_NOTES_PER_SECOND:,} at 100,000 notes",
        lambda s: s.notes >= AT_100K,
        lambda v: v >= BUILD_NOTES_PER_SECOND,
    ),
    Row("build CPU time (s, children included)", lambda s: s.build and s.build.cpu_seconds),
    Row(
        "build peak RSS (MB, children included)",
        lambda s: s.build and s.build.peak_rss / MB,
        "{:,.0f}",
        f"≤ {PEAK_RSS_MB:,} (2 GB)",
        met=lambda v: v <= PEAK_RSS_MB,
    ),
    Row("store on disk (MB)", lambda s: s.store and s.store.bytes / MB),
    *_export_rows("turtle", "Turtle"),
    *_export_rows("ntriples", "N-Triples"),
    Row("reasoning (s)", lambda s: s.stages and s.stages.reasoning),
    Row(
        "analytics (s)",
        lambda s: s.stages and s.stages.analytics,
        target=f"≤ {ANALYTICS_SECONDS} at 100,000 notes",
        applies=lambda s: s.notes >= AT_100K,
        met=lambda v: v <= ANALYTICS_SECONDS,
    ),
    Row(
        "graph view, first stabilised paint cold (s)",
        lambda s: s.graph_view and s.graph_view.cold_seconds,
    ),
    Row("graph view, warm (s)", lambda s: s.graph_view and s.graph_view.warm_seconds),
    Row("machine load (5-minute average when done; 2 cores)", lambda s: s.load_average),
)


def _cell(row: Row, size: SizeResult) -> tuple[str, bool | None]:
    """The shown value and whether it meets the row's target (None: no target applies)."""
    value = row.value(size)
    if value is None:
        return "–", None
    verdict = row.met(value) if row.met is not None and row.applies(size) else None
    mark = "" if verdict is None else (" ✓" if verdict else " ✗")
    return row.shown.format(value) + mark, verdict


def _met(verdicts: list[bool | None]) -> str:
    judged = [verdict for verdict in verdicts if verdict is not None]
    if not judged:
        return "not measured at that size"
    return "yes" if all(judged) else "no"


def build_table(run: SuiteRun) -> list[str]:
    """Build, store, export, reasoning, analytics and graph view: a column per size."""
    sizes = run.sizes
    lines = [
        "| measure | " + " | ".join(s.name for s in sizes) + " | target | met |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " | --- | --- |",
    ]
    for row in ROWS:
        cells = [_cell(row, size) for size in sizes]
        met = _met([verdict for _, verdict in cells]) if row.met else ""
        shown = " | ".join(text for text, _ in cells)
        lines.append(f"| {row.label} | {shown} | {row.target} | {met} |")
    lines.append(_exponent_row(run))
    return lines


def _exponent_row(run: SuiteRun) -> str:
    target = f"≈ 1 (≤ {EXPONENT_MAX})"
    if run.build_exponent is None:
        shown, met = "–", "needs two sizes"
    else:
        shown = f"{run.build_exponent:.2f} over all sizes"
        met = "yes" if run.build_exponent <= EXPONENT_MAX else "no"
    cells = [""] * (len(run.sizes) - 1) + [shown]
    return f"| build time exponent (log-log fit) | {' | '.join(cells)} | {target} | {met} |"
