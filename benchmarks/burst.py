"""Burst benchmark (issue 13): while N clients keep expensive queries running against a live
`papergraph serve`, how fast is `ASK {}` answered for the burst's own address and for another
client, and how much memory does the serve process tree take?

Run by hand, not by pytest (needs the `bench` extras)::

    python benchmarks/burst.py [--heavy 20] [--seconds 30] [--store DIR] [--query-memory MIB]

Without --store it builds the sample page into a temporary store first. The heavy clients
send, in turn, a cross join sorted over the whole store (memory-hungry) and a count of a
triple cross product (CPU-bound), from 127.0.0.1; two probes send `ASK {}` every 0.1 s, one
from 127.0.0.1 (the burst's address) and one from 127.0.0.2 (another client). It prints a
Markdown table per probe: answers by status, p50 / p95 / max latency, the p95 of 200 answers
and of 503 answers, and whether every 503 carried Retry-After; and the peak RSS of the serve
process tree. The issue's bar: p95 of ASK within 1 s, or an immediate 503 with Retry-After.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import psutil
from _suite.sample import store_or_sample
from _suite.servers import ServerProcess

HEAVY = [
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
]


def _ask(base_url: str, query: str, source: str) -> tuple[int, float, bool]:
    """(status, seconds, Retry-After present) of GET /sparql from loopback address `source`."""
    host, port = base_url.removeprefix("http://").split(":")
    started = time.perf_counter()
    connection = http.client.HTTPConnection(
        host, int(port), timeout=120, source_address=(source, 0)
    )
    try:
        connection.request("GET", "/sparql?" + urlencode({"query": query}))
        response = connection.getresponse()
        response.read()
        return (
            response.status,
            time.perf_counter() - started,
            response.getheader("Retry-After") is not None,
        )
    except OSError:
        return 0, time.perf_counter() - started, False
    finally:
        connection.close()


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _tree_rss(pid: int) -> int:
    try:
        root = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
    except psutil.Error:
        return 0


def run(store: Path, log_dir: Path, args: argparse.Namespace) -> None:
    options = ["--query-timeout", str(args.query_timeout)]
    if args.query_memory is not None:
        options += ["--query-memory", str(args.query_memory)]
    server = ServerProcess(
        "papergraph-serve",
        ["papergraph", "serve", "--store", str(store), *options],
        log_dir=log_dir,
        ready_path="/-/health",
        sparql_path="/sparql",
        startup_timeout=120,
    )
    stop = threading.Event()
    heavy_status: list[int] = []
    probes: dict[str, list[tuple[int, float, bool]]] = {"127.0.0.1": [], "127.0.0.2": []}
    peak = [0]

    def heavy(index: int) -> None:
        turn = index
        while not stop.is_set():
            status, seconds, _ = _ask(server.base_url, HEAVY[turn % len(HEAVY)], "127.0.0.1")
            heavy_status.append(status)
            turn += 1
            if status == 503:
                time.sleep(0.05)

    def probe(source: str) -> None:
        while not stop.is_set():
            probes[source].append(_ask(server.base_url, "ASK {}", source))
            time.sleep(0.1)

    with server:
        pid = server._process.pid  # noqa: SLF001 -- the benchmark reads its memory
        threads = [threading.Thread(target=heavy, args=(i,)) for i in range(args.heavy)]
        threads += [threading.Thread(target=probe, args=(source,)) for source in probes]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            peak[0] = max(peak[0], _tree_rss(pid))
            time.sleep(0.1)
        stop.set()
        for thread in threads:
            thread.join()

    print(
        f"\n{args.heavy} heavy clients for {args.seconds:g} s; heavy answers by status: "
        + ", ".join(f"{s}: {heavy_status.count(s)}" for s in sorted(set(heavy_status)))
    )
    print(f"peak RSS of the serve process tree: {peak[0] / 2**20:,.0f} MiB\n")
    print(
        "| probe (ASK {}) | answers | 200 | 503 | other | p50 s | p95 s | max s | p95 of 200 s "
        "| p95 of 503 s | 503 with Retry-After |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for source, answers in probes.items():
        who = "burst's address" if source == "127.0.0.1" else "another client"
        seconds = [a[1] for a in answers]
        ok = [a[1] for a in answers if a[0] == 200]
        busy = [a for a in answers if a[0] == 503]
        other = len(answers) - len(ok) - len(busy)
        print(
            f"| {source} ({who}) | {len(answers)} | {len(ok)} | {len(busy)} | {other} "
            f"| {statistics.median(seconds):.3f} | {_percentile(seconds, 0.95):.3f} "
            f"| {max(seconds):.3f} | {_percentile(ok, 0.95):.3f} "
            f"| {_percentile([a[1] for a in busy], 0.95):.3f} "
            f"| {sum(a[2] for a in busy)}/{len(busy)} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heavy", type=int, default=20, help="heavy clients (default 20)")
    parser.add_argument("--seconds", type=float, default=30.0, help="burst length (default 30)")
    parser.add_argument("--store", type=Path, help="a built store (default: build the sample)")
    parser.add_argument("--query-timeout", type=float, default=30.0)
    parser.add_argument("--query-memory", type=int, help="MiB per query worker (default: serve's)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = store_or_sample(args.store, Path(tmp))
        run(store, Path(tmp), args)


if __name__ == "__main__":
    main()
