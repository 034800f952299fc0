"""The latency tables of the report: per size, the stored queries on the six systems side by
side, papergraph's HTTP against Oxigraph's server and against pyoxigraph in process, and the
speed-ups over the rdflib systems, with the targets."""

from __future__ import annotations

from _suite.build_table import AT_1M_TRIPLES
from _suite.latency import SystemLatency
from _suite.results import SizeResult
from _suite.systems import SYSTEMS

__all__ = ["latency_table", "system_notes"]

HTTP_RATIO_MAX = 1.0  # HTTP p50 <= 1.5 x pyoxigraph p50 + 5 ms
SERVER_FACTOR = 1.2  # HTTP p50 <= 1.2 x Oxigraph server p50 + 5 ms
SPEED_UP_MIN = 20  # HTTP p50 at least 20 x faster than the rdflib systems, at 1M triples
MEMORY_FACTOR = 0.5  # in-memory HTTP p50 <= 0.5 x Oxigraph server p50 (issue 16, at 10k notes)


def _latency_cell(system: SystemLatency | None, name: str) -> str:
    if system is None or system.skipped:
        return "skipped"
    if system.error:
        return "error"
    latency = system.queries[name]
    p50, p99 = latency.percentile(0.5), latency.percentile(0.99)
    if p50 is None or p99 is None:
        return latency.status
    return f"{p50:,.1f} / {p99:,.1f}"


def _p50(system: SystemLatency | None, name: str) -> float | None:
    if system is None or name not in system.queries:
        return None
    return system.queries[name].percentile(0.5)


def _ratio_cell(
    http: float | None, other: float | None, factor: float, slack_ms: float = 5.0
) -> tuple[str, bool | None]:
    """HTTP p50 / (factor x the other system's p50 + slack): at most 1 meets the target."""
    if http is None or other is None:
        return "–", None
    ratio = http / (factor * other + slack_ms)
    verdict = ratio <= HTTP_RATIO_MAX
    return f"{ratio:.3f} {'✓' if verdict else '✗'}", verdict


def _speed_up_cell(
    http: float | None, baseline: SystemLatency | None, name: str, timeout_ms: float
) -> tuple[str, bool | None]:
    """How many times faster HTTP is than `baseline` at p50 (a lower bound when it timed out)."""
    if http is None or baseline is None or name not in baseline.queries:
        return "–", None
    latency = baseline.queries[name]
    if latency.status == "timeout":
        bound = timeout_ms / http
        verdict = bound >= SPEED_UP_MIN
        return f"> {bound:,.0f}× {'✓' if verdict else '?'}", verdict or None
    slower = latency.percentile(0.5)
    if slower is None:
        return "–", None
    verdict = slower / http >= SPEED_UP_MIN
    return f"{slower / http:,.1f}× {'✓' if verdict else '✗'}", verdict


def _rows_cell(size: SizeResult, name: str) -> str:
    """The number of solutions, and any system whose answer had another number."""
    counts = {
        key: system.queries[name].rows
        for key, system in size.systems.items()
        if name in system.queries and system.queries[name].rows is not None
    }
    if not counts:
        return "–"
    first = next(iter(counts.values()))
    others = [f"{key} {rows:,}" for key, rows in counts.items() if rows != first]
    return f"{first:,}" + (f" (≠ {', '.join(others)})" if others else "")


def latency_table(size: SizeResult, timeout_ms: float) -> list[str]:
    """One line per stored query: the six systems' p50 / p99 side by side, the HTTP ratios
    and the speed-ups, and a summary of how many queries meet each target."""
    systems = size.systems
    names = sorted({name for system in systems.values() for name in system.queries})
    heads = [f"{SYSTEMS[key]} p50 / p99" for key in SYSTEMS]
    lines = [
        "| query | rows | " + " | ".join(heads) + " | HTTP ÷ (1.2 × Oxigraph server + 5 ms) "
        "| HTTP ÷ (1.5 × pyoxigraph + 5 ms) | speed-up vs rdflib | speed-up vs rdflib-endpoint |",
        "| --- | ---: | " + " | ".join("---:" for _ in heads) + " | ---: | ---: | ---: | ---: |",
    ]
    lines[0] += " in memory ÷ (0.5 × Oxigraph server) |"
    lines[1] += " ---: |"
    verdicts: dict[str, list[bool | None]] = {
        "memory": [],
        "server": [],
        "ratio": [],
        "rdflib": [],
        "rdflib-endpoint": [],
    }
    for name in names:
        http = _p50(systems.get("http"), name)
        anchor, verdict = _ratio_cell(
            http, _p50(systems.get("oxigraph-server"), name), SERVER_FACTOR
        )
        verdicts["server"].append(verdict)
        ratio, verdict = _ratio_cell(http, _p50(systems.get("pyoxigraph"), name), 1.5)
        verdicts["ratio"].append(verdict)
        speed_ups = []
        for key in ("rdflib", "rdflib-endpoint"):
            shown, verdict = _speed_up_cell(http, systems.get(key), name, timeout_ms)
            verdicts[key].append(verdict)
            speed_ups.append(shown)
        memory, verdict = _ratio_cell(
            _p50(systems.get("http-memory"), name),
            _p50(systems.get("oxigraph-server"), name),
            MEMORY_FACTOR,
            slack_ms=0.0,
        )
        verdicts["memory"].append(verdict)
        cells = [_latency_cell(systems.get(key), name) for key in SYSTEMS]
        lines.append(
            f"| {name} | {_rows_cell(size, name)} | {' | '.join(cells)} | {anchor} | {ratio} | "
            f"{' | '.join(speed_ups)} | {memory} |"
        )
    return lines + ["", _verdict_summary(verdicts, size.triples or 0)]


def _count(verdicts: list[bool | None]) -> str:
    judged = [verdict for verdict in verdicts if verdict is not None]
    return f"{sum(judged)} of {len(judged)}" if judged else "not measured"


def _verdict_summary(verdicts: dict[str, list[bool | None]], triples: int) -> str:
    scale = (
        ""
        if triples >= AT_1M_TRIPLES
        else f" (the target is stated at 1M triples; {triples:,} here)"
    )
    return (
        f"Queries meeting HTTP in memory p50 ≤ {MEMORY_FACTOR} × Oxigraph server p50: "
        f"{_count(verdicts['memory'])}; "
        f"HTTP p50 ≤ {SERVER_FACTOR} × Oxigraph server p50 + 5 ms: "
        f"{_count(verdicts['server'])}; "
        f"HTTP p50 ≤ 1.5 × pyoxigraph p50 + 5 ms: {_count(verdicts['ratio'])}; "
        f"HTTP ≥ {SPEED_UP_MIN}× faster than rdflib in-memory: {_count(verdicts['rdflib'])}, "
        f"than rdflib-endpoint: {_count(verdicts['rdflib-endpoint'])}{scale}."
    )


def system_notes(size: SizeResult) -> list[str]:
    notes = []
    for key, system in size.systems.items():
        if system.skipped:
            notes.append(f"{SYSTEMS[key]}: skipped, {system.skipped}")
        elif system.error:
            notes.append(f"{SYSTEMS[key]}: failed, {system.error.splitlines()[0]}")
        elif system.startup_seconds is not None:
            memory = (
                f"; its process tree after the queries: RSS {system.memory['rss'] / 2**20:,.0f} "
                f"MiB, PSS {system.memory['pss'] / 2**20:,.0f} MiB"
                if system.memory
                else ""
            )
            notes.append(f"{SYSTEMS[key]}: ready in {system.startup_seconds:,.1f} s{memory}")
    return notes
