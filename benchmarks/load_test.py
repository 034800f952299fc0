"""Load test (issue 7): N concurrent clients for D seconds against a live `papergraph serve`.

Run by hand, not by pytest::

    python benchmarks/load_test.py [--clients 16] [--duration 60] [--store DIR]

Without --store it builds the sample page (data/neurips2025-pretraining-notes.txt) into a
temporary store first. It starts `papergraph serve` on 127.0.0.1 (a free port), has every
client loop over a mix of canned SPARQL queries, /api/search, resource pages /id/... and
exports, and prints a Markdown table of requests, 5xx and p50/p99 latency per kind. It exits
non-zero if any answer was a 5xx or a connection failed.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests
from _suite.sample import store_or_sample

from papergraph.queries import load_stored_queries

SEARCHES = ["scaling", "GaLore", "diffusion", "attention", "data", "LLM", "optim", "xyz"]
EXPORTS = ["/export.ttl", "/export.jsonld", "/export.nt"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(store: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "papergraph", "serve", "--store", str(store)]
        + ["--host", "127.0.0.1", "--port", str(port), "--threads", "16"],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"papergraph serve exited:\n{log.read_text()}")
        try:
            requests.get(url + "/-/health", timeout=1)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    sys.exit("papergraph serve did not start")


def _resource_paths(url: str) -> list[str]:
    query = "SELECT DISTINCT ?s WHERE { { ?s a pg:Paper } UNION { ?s a pg:Entity } } LIMIT 200"
    answer = requests.get(
        url + "/sparql",
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    ).json()
    iris = [row["s"]["value"] for row in answer["results"]["bindings"]]
    return ["/id/" + iri.split("/id/", 1)[1] for iri in iris if "/id/" in iri]


def _requests(url: str) -> list[tuple[str, str, dict]]:
    """(kind, path, requests kwargs) to draw from."""
    mix = [
        ("query", "/sparql", {"data": {"query": q.text}, "method": "post"})
        for q in load_stored_queries().values()
    ]
    mix += [("search", "/api/search", {"params": {"q": term}}) for term in SEARCHES]
    mix += [
        ("resource", path, {"headers": {"Accept": "text/html"}}) for path in _resource_paths(url)
    ]
    mix += [("export", path, {}) for path in EXPORTS]
    return mix


def _client(url, mix, stop, latencies, failures, seed) -> None:
    rng = random.Random(seed)
    by_kind = defaultdict(list)
    for item in mix:
        by_kind[item[0]].append(item)
    kinds = sorted(by_kind)
    with requests.Session() as session:
        while not stop.is_set():
            kind, path, options = rng.choice(by_kind[rng.choice(kinds)])
            options = dict(options)
            method = options.pop("method", "get")
            started = time.perf_counter()
            try:
                response = session.request(method, url + path, timeout=120, **options)
                status = response.status_code
            except requests.RequestException as error:
                failures.append((kind, path, repr(error)))
                continue
            latencies[kind].append(((time.perf_counter() - started) * 1000, status))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--store", type=Path, help="a built store (default: build the sample)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = store_or_sample(args.store, Path(tmp))
        server, url = _start_server(store, Path(tmp) / "serve.log")
        try:
            mix = _requests(url)
            latencies: dict[str, list[tuple[float, int]]] = defaultdict(list)
            failures: list[tuple[str, str, str]] = []
            stop = threading.Event()
            clients = [
                threading.Thread(target=_client, args=(url, mix, stop, latencies, failures, i))
                for i in range(args.clients)
            ]
            for client in clients:
                client.start()
            time.sleep(args.duration)
            stop.set()
            for client in clients:
                client.join()
        finally:
            server.terminate()
            server.wait()
    print(f"{args.clients} clients, {args.duration:g} s, {url}\n")
    print("| kind | requests | 5xx | other non-2xx | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    errors = len(failures)
    for kind in sorted(latencies):
        rows = latencies[kind]
        times = sorted(ms for ms, _ in rows)
        five = sum(1 for _, status in rows if status >= 500)
        other = sum(1 for _, status in rows if 300 <= status < 500)
        errors += five
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(
            f"| {kind} | {len(rows)} | {five} | {other} | "
            f"{statistics.median(times):.1f} | {p99:.1f} |"
        )
    total = sum(len(rows) for rows in latencies.values())
    print(f"\n{total} requests, {errors} 5xx or failed connections")
    for failure in failures[:5]:
        print("failed:", *failure)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
