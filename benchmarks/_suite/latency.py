"""SPARQL latency: the stored queries (queries/*.rq, parameters at their defaults) sampled on
one system, with p50 and p99 per query."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from _suite.runners import QueryFailed, QueryTimeout, Runner
from papergraph.queries import bind_params, load_stored_queries
from papergraph.rdf.namespaces import PREFIXES

__all__ = [
    "Latency",
    "Sampling",
    "SystemLatency",
    "measure_queries",
    "measure_query",
    "query_texts",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sampling:
    """How each query is sampled on each system: after one warm-up run, up to `repeats` runs
    until they add up to `budget` seconds (a warm-up longer than `budget` is the only sample);
    a run past `timeout` seconds ends the query's sampling with "timeout"."""

    repeats: int
    budget: float
    timeout: float


@dataclass
class Latency:
    """One query on one system: status "ok", "timeout" or "error", the samples in ms and the
    number of solutions of the warm-up answer."""

    status: str
    samples_ms: list[float] = field(default_factory=list)
    rows: int | None = None
    message: str = ""

    def percentile(self, fraction: float) -> float | None:
        """The nearest-rank percentile of the samples (None without samples or when not ok)."""
        if self.status != "ok" or not self.samples_ms:
            return None
        ordered = sorted(self.samples_ms)
        return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]

    def summary(self) -> dict[str, object]:
        """The JSON form: status, p50/p99 ms, sample count, rows and any message."""
        return {
            "status": self.status,
            "p50_ms": self.percentile(0.50),
            "p99_ms": self.percentile(0.99),
            "samples": len(self.samples_ms),
            "rows": self.rows,
            "message": self.message,
        }


@dataclass
class SystemLatency:
    """Every query on one system, or why the system was not measured: `error` (it could not
    start) or `skipped` (left out by a setting)."""

    queries: dict[str, Latency] = field(default_factory=dict)
    startup_seconds: float | None = None  # to start the server or load the data
    memory: dict[str, int] = field(default_factory=dict)  # a server's tree, after the queries
    error: str = ""
    skipped: str = ""


def query_texts() -> dict[str, str]:
    """Each stored query by name, its parameters bound to their defaults, after PREFIX lines for
    every prefix papergraph binds by default (the other systems do not predeclare them)."""
    prologue = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
    return {
        name: prologue + bind_params(query, query.params)
        for name, query in load_stored_queries().items()
    }


class _Sampler:
    """One query on one runner, sampled one run at a time (see Sampling), so that several
    systems can take turns."""

    def __init__(self, runner: Runner, text: str, sampling: Sampling) -> None:
        self._runner, self._text, self._sampling = runner, text, sampling
        self._samples: list[float] = []  # seconds
        self._rows: int | None = None
        self.result: Latency | None = None  # set when sampling is over

    def warm_up(self) -> None:
        """The untimed first run; it counts the answer's rows, and is the only sample when it
        takes longer than the budget."""
        try:
            answer = self._runner.run(self._text, timeout=self._sampling.timeout, count_rows=True)
        except (QueryTimeout, QueryFailed) as error:
            self._finish(error)
            return
        self._rows = answer.rows
        if answer.seconds >= self._sampling.budget:
            self._samples.append(answer.seconds)
            self._finish()

    def step(self) -> None:
        """One timed run; sampling ends after `repeats` runs or `budget` seconds of them."""
        try:
            answer = self._runner.run(self._text, timeout=self._sampling.timeout)
        except (QueryTimeout, QueryFailed) as error:
            self._finish(error)
            return
        self._samples.append(answer.seconds)
        spent = sum(self._samples)
        if len(self._samples) >= self._sampling.repeats or spent >= self._sampling.budget:
            self._finish()

    def _finish(self, error: Exception | None = None) -> None:
        samples_ms = [seconds * 1000 for seconds in self._samples]
        if isinstance(error, QueryTimeout):
            self.result = Latency("timeout", samples_ms, self._rows)
        elif error is not None:
            self.result = Latency("error", samples_ms, self._rows, str(error))
        else:
            self.result = Latency("ok", samples_ms, self._rows)


def measure_query(runners: dict[str, Runner], text: str, sampling: Sampling) -> dict[str, Latency]:
    """`text` on every runner, by key: a warm-up run on each, then rounds of one timed run per
    runner still sampling, so that a change in the machine's load touches every system alike."""
    samplers = {key: _Sampler(runner, text, sampling) for key, runner in runners.items()}
    for sampler in samplers.values():
        sampler.warm_up()
    while active := [sampler for sampler in samplers.values() if sampler.result is None]:
        for sampler in active:
            sampler.step()
    return {key: sampler.result for key, sampler in samplers.items() if sampler.result}


def measure_queries(
    runners: dict[str, Runner], texts: dict[str, str], sampling: Sampling
) -> dict[str, dict[str, Latency]]:
    """Every query of `texts` on every runner: by runner key, then by query name."""
    results: dict[str, dict[str, Latency]] = {key: {} for key in runners}
    for name, text in texts.items():
        for key, latency in measure_query(runners, text, sampling).items():
            results[key][name] = latency
        shown = ", ".join(f"{key} {_shown(results[key][name])}" for key in runners)
        logger.info("%s: %s", name, shown)
    return results


def _shown(latency: Latency) -> str:
    p50 = latency.percentile(0.5)
    return f"{p50:,.1f} ms" if p50 is not None else latency.status
