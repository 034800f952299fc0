"""Reasoning and analytics time: the seconds per stage that `build_store` reports
(`BuildReport.stage_seconds`, issue 8), or, while the build does not report them, the
reasoning and analytics functions timed apart as benchmarks/reasoning.py does.

Either way the work runs in a child process (`call_in_child`), so that its memory is freed
before the queries are measured; the heavy imports (spaCy, the build) happen there only.
"""

from __future__ import annotations

import inspect
import tempfile
from dataclasses import dataclass
from pathlib import Path

from _suite.processes import call_in_child

__all__ = ["StageTimes", "measure_stages"]

BUILD_REPORT = "build report"
TIMED_APART = "timed apart (benchmarks/reasoning.py)"


@dataclass(frozen=True)
class StageTimes:
    seconds: dict[str, float]  # by stage: "reason", "analyse", and more from a build report
    source: str  # BUILD_REPORT or TIMED_APART

    @property
    def reasoning(self) -> float | None:
        return self.seconds.get("reason")

    @property
    def analytics(self) -> float | None:
        return self.seconds.get("analyse")


def _build_reports_stages() -> bool:
    from papergraph.build import BuildReport

    return "stage_seconds" in inspect.get_annotations(BuildReport) or hasattr(
        BuildReport, "stage_seconds"
    )


def _stages_from_build(page: Path) -> dict[str, float]:
    from papergraph.build import build_store
    from papergraph.rdf.namespaces import DEFAULT_BASE

    with tempfile.TemporaryDirectory(prefix="papergraph-bench-stages-") as folder:
        report = build_store([page], Path(folder) / "store", base=DEFAULT_BASE)
    return {stage: float(seconds) for stage, seconds in report.stage_seconds.items()}


def _stages_timed_apart(page: Path) -> dict[str, float]:
    from rdflib import Graph
    from reasoning import asserted_graph_of_page, timed

    from papergraph.analyse import analyse
    from papergraph.extract import build_pipeline
    from papergraph.rdf.ontology import add_ontology
    from papergraph.reason import infer

    data = asserted_graph_of_page(page, build_pipeline())
    inferred, reason_seconds = timed(infer, data, add_ontology(Graph()), engine="auto")
    data += inferred
    _, analyse_seconds = timed(analyse, data)
    return {"reason": reason_seconds, "analyse": analyse_seconds}


def _stage_times(page: Path) -> StageTimes:
    if _build_reports_stages():
        return StageTimes(_stages_from_build(page), BUILD_REPORT)
    return StageTimes(_stages_timed_apart(page), TIMED_APART)


def measure_stages(page: Path, *, timeout: float) -> StageTimes:
    """Seconds per stage for the notes page `page`, measured in a child process."""
    return call_in_child(_stage_times, page, timeout=timeout)
