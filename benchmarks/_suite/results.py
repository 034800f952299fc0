"""What one run of the suite measured, and its JSON form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from _suite.build import ExportRun, StoreFacts
from _suite.latency import SystemLatency
from _suite.processes import ChildRun
from _suite.stages import StageTimes

__all__ = ["GraphView", "SizeResult", "SuiteRun"]


@dataclass(frozen=True)
class GraphView:
    cold_seconds: float  # the server's first /graph (the default view is computed then)
    warm_seconds: float
    nodes: int


@dataclass
class SizeResult:
    """Everything measured on the corpus of `notes` notes (None: not measured, see errors)."""

    notes: int
    names: int  # distinct names in the corpus
    build: ChildRun | None = None
    store: StoreFacts | None = None
    triples: int | None = None  # in the union of the graphs (the N-Triples export)
    exports: dict[str, ExportRun] = field(default_factory=dict)
    stages: StageTimes | None = None
    graph_view: GraphView | None = None
    systems: dict[str, SystemLatency] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    load_average: float | None = None  # the machine's 5-minute load average when done
    source: str = ""  # what the notes are, when not a generated corpus ("real pages: …")

    @property
    def name(self) -> str:
        """How tables head this corpus: its size, and its source when it is not generated."""
        return f"{self.notes:,} notes" + (f", {self.source}" if self.source else "")

    @property
    def notes_per_second(self) -> float | None:
        return self.notes / self.build.seconds if self.build else None

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict: the fields, plus each query's p50/p99."""
        data = asdict(self)
        data["notes_per_second"] = self.notes_per_second
        if self.store is not None:
            data["store"]["build"] = str(self.store.build.name)
        for key, system in self.systems.items():
            for name, latency in system.queries.items():
                data["systems"][key]["queries"][name] = {
                    **latency.summary(),
                    "samples_ms": latency.samples_ms,
                }
        return data


@dataclass
class SuiteRun:
    """A whole run: how it was started, on what, with what settings, and each size's result."""

    command: str
    started: str  # ISO 8601, UTC
    machine: dict[str, object]
    settings: dict[str, object]
    sizes: list[SizeResult] = field(default_factory=list)
    build_exponent: float | None = None
    seconds: float | None = None  # the run's wall time, once it is over

    def to_json(self) -> dict[str, object]:
        return {
            "command": self.command,
            "started": self.started,
            "seconds": self.seconds,
            "machine": self.machine,
            "settings": {key: _plain(value) for key, value in self.settings.items()},
            "build_exponent": self.build_exponent,
            "sizes": [size.to_json() for size in self.sizes],
        }


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Path) else value
