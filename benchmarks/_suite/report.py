"""The Markdown report (`latest.md`) and JSON file (`latest.json`) of a run: how and where it
ran, the build table and a latency table per size, and what failed."""

from __future__ import annotations

import json
from pathlib import Path

from _suite.build_table import build_table
from _suite.latency_table import latency_table, system_notes
from _suite.results import SizeResult, SuiteRun
from _suite.systems import SYSTEMS

__all__ = ["markdown", "write_reports"]


def _header(run: SuiteRun) -> list[str]:
    machine = run.machine
    packages = ", ".join(f"{name} {version}" for name, version in machine["packages"].items())
    took = f"{(run.seconds or 0) / 60:,.1f} min"
    done = f"{len(run.sizes)} of {len(run.settings['sizes'])} sizes"
    settings = ", ".join(f"{key} {value}" for key, value in run.settings.items())
    return [
        "# papergraph benchmark suite",
        "",
        f"- command: `{run.command}`",
        f"- started {run.started}, took {took} ({done})",
        f"- machine: {machine['platform']}; {machine['cpu']} × {machine['cpu_count']}; "
        f"{machine['memory_gib']} GiB; load average at start {machine['load_average_at_start']}",
        f"- {machine['python']}; {packages}; {machine['chromium']}",
        f"- settings: {settings}",
    ]


NOTES = (
    "Build and export run as child processes (`papergraph build`, `papergraph export`); their "
    "wall time includes starting Python. Peak RSS is the larger of the process tree's sampled "
    "sum (every 50 ms) and the kernel's peak for its largest process. ✓ / ✗ mark the sizes a "
    "target applies to."
)
LATENCY_NOTES = (
    "Each stored query (queries/*.rq, parameters at their defaults, the papergraph prefixes "
    "declared) after one warm-up run; HTTP is POST application/sparql-query with Accept "
    "application/sparql-results+json on 127.0.0.1 (papergraph serve with one query worker and "
    "no row cap, from disk and, `--memory-store on`, from memory); the systems take turns, "
    "one run each per round, so that changes in the "
    "machine's load touch them alike; "
    "in-process times are query plus JSON serialisation of the whole answer. `timeout`: a run "
    "took longer than the per-query timeout; a speed-up over a timed-out baseline is a lower "
    "bound (? when that bound is under the target)."
)


def _stages_line(size: SizeResult) -> str:
    assert size.stages is not None
    stages = ", ".join(f"{stage} {seconds:,.1f}" for stage, seconds in size.stages.seconds.items())
    return f"- Seconds per stage at {size.name} ({size.stages.source}): {stages}."


def _query_errors(size: SizeResult) -> list[str]:
    return [
        f"- {size.name}, {SYSTEMS[key]}, {name}: {latency.message.splitlines()[0]}"
        for key, system in size.systems.items()
        for name, latency in system.queries.items()
        if latency.status == "error" and latency.message
    ]


def markdown(run: SuiteRun) -> str:
    """The whole report."""
    lines = _header(run)
    lines += ["", "## Build, store, export, reasoning, analytics", "", *build_table(run), ""]
    lines += [NOTES, ""]
    lines += [_stages_line(size) for size in run.sizes if size.stages is not None]
    lines += ["", "## SPARQL latency (ms)", "", LATENCY_NOTES]
    timeout_ms = float(run.settings["query_timeout"]) * 1000
    for size in run.sizes:
        triples = f"{size.triples:,} triples" if size.triples else "triples unknown"
        lines += ["", f"### {size.name} ({triples})", ""]
        if size.systems:
            lines += [*latency_table(size, timeout_ms), ""]
        lines += [f"- {note}" for note in system_notes(size)]
    errors = [f"- {size.name}: {error}" for size in run.sizes for error in size.errors]
    if errors:
        lines += ["", "## Errors", "", *errors]
    failed = [line for size in run.sizes for line in _query_errors(size)]
    if failed:
        lines += ["", "## Queries that failed", "", *failed]
    return "\n".join(lines) + "\n"


def write_reports(run: SuiteRun, out: Path) -> tuple[Path, Path]:
    """Write `out`/latest.md and `out`/latest.json; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    report, data = out / "latest.md", out / "latest.json"
    report.write_text(markdown(run), encoding="utf-8")
    data.write_text(json.dumps(run.to_json(), indent=2) + "\n", encoding="utf-8")
    return report, data
