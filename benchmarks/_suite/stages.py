"""Reasoning and analytics time: the seconds per stage that the measured build itself reports
(`BuildReport.stage_seconds`, which `papergraph build` prints on its summary line), so that
no second build is needed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["StageTimes", "stages_from_log"]

BUILD_REPORT = "build report"

# "built STORE: 10000 papers, … triples in 53.9 s (extract 10.3, rdf 5.8, reason 1.5, …)"
_SUMMARY = re.compile(r"^built .* in [\d.]+ s \((?P<stages>[^)]*)\)\s*$", re.MULTILINE)
_STAGE = re.compile(r"(?P<name>\w+) (?P<seconds>[\d.]+)")


@dataclass(frozen=True)
class StageTimes:
    seconds: dict[str, float]  # by stage: "extract", "rdf", "reason", "analyse", "store", …
    source: str = BUILD_REPORT

    @property
    def reasoning(self) -> float | None:
        return self.seconds.get("reason")

    @property
    def analytics(self) -> float | None:
        return self.seconds.get("analyse")


def stages_from_log(log: Path) -> StageTimes:
    """The stage seconds on the summary line of the `papergraph build` output in `log`.

    Raises:
        ValueError: the log has no summary line with stage seconds.
    """
    found = _SUMMARY.findall(log.read_text(encoding="utf-8", errors="replace"))
    if not found:
        raise ValueError(f"no build summary line with stage seconds in {log}")
    return StageTimes({m["name"]: float(m["seconds"]) for m in _STAGE.finditer(found[-1])})
