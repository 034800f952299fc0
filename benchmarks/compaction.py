"""What compacting a build costs and gains (issue 16): the build's quads bulk-loaded into a fresh
store as `papergraph build` loads them, measured before and after `Store.optimize()`.

Run by hand (not part of the test suite) on a store made by `papergraph build`; prints a
Markdown table for the README:

    python benchmarks/compaction.py --store S
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph

from papergraph.queries import load_stored_queries
from papergraph.rdf.namespaces import PREFIXES
from papergraph.store import current_build, open_build_read_only
from papergraph.store.embedded import BULK_LOAD_LINES

# The three queries of issue 16's table: a GROUP BY over the links, a sort of every title, and
# a join from one paper's entities to the other papers.
QUERIES = {
    "entities-by-paper-count": load_stored_queries()["entities-by-paper-count"].text,
    "50 titles by title": (
        "SELECT ?paper ?title WHERE { ?paper a pg:Paper ; dcterms:title ?title } "
        "ORDER BY ?title LIMIT 50"
    ),
    "related-papers": load_stored_queries()["related-papers"].text,
}


def _load_like_a_build(nquads: Path, target: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store(str(target))
    with open(nquads, "rb") as lines:
        while chunk := b"".join(itertools.islice(lines, BULK_LOAD_LINES)):
            store.bulk_load(input=chunk, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
    store.flush()
    return store


def _p50_ms(store: pyoxigraph.Store, text: str, runs: int) -> float:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        for _ in store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True):
            pass
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000


def _size(directory: Path) -> tuple[float, int]:
    files = [path for path in directory.iterdir() if path.is_file()]
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    return megabytes, sum(1 for path in files if path.suffix == ".sst")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a store made by build")
    parser.add_argument("--runs", type=int, default=5, help="runs of each query (p50)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="papergraph-compaction-") as folder:
        nquads = Path(folder) / "build.nq"
        source = open_build_read_only(current_build(args.store))
        source.dump(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        triples = len(source)
        del source
        target = Path(folder) / "store"
        started = time.perf_counter()
        store = _load_like_a_build(nquads, target)
        load_seconds = time.perf_counter() - started
        rows = [("bulk-loaded", load_seconds, *_size(target))]
        before = {name: _p50_ms(store, text, args.runs) for name, text in QUERIES.items()}
        started = time.perf_counter()
        store.optimize()
        optimize_seconds = time.perf_counter() - started
        after = {name: _p50_ms(store, text, args.runs) for name, text in QUERIES.items()}
        del store  # RocksDB deletes the merged files when the store closes
        rows.append(("+ optimize()", optimize_seconds, *_size(target)))
    print(f"{triples:,} quads; p50 of {args.runs} runs in process")
    print("| store | seconds | MB on disk | SST files | " + " | ".join(QUERIES) + " (ms) |")
    print("| --- | ---: | ---: | ---: |" + " ---: |" * len(QUERIES))
    for (label, seconds, megabytes, files), p50 in zip(rows, (before, after), strict=True):
        figures = " | ".join(f"{p50[name]:,.0f}" for name in QUERIES)
        print(f"| {label} | {seconds:.1f} | {megabytes:,.0f} | {files} | {figures} |")


if __name__ == "__main__":
    main()
