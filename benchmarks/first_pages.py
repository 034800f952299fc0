"""How long each canned query takes to answer its first page in process (issue 16: at most
1 s at 100,000 notes), on a build made by `papergraph build`.

Run by hand (not part of the test suite); prints a Markdown table for the README:

    python benchmarks/first_pages.py --store S [--runs 3] [NAME ...]

Each query runs with its default parameters and its own page (`StoredQuery.text`: the first
page of a query with a `# page:` size, its whole answer otherwise), on the store's current
build opened read-only, as `papergraph serve` reads it; the table gives the median of the runs
and the rows of the answer.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from papergraph.queries import load_stored_queries
from papergraph.store import current_build, open_build_read_only


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a papergraph store directory")
    parser.add_argument("--runs", type=int, default=3, help="runs of each query (median shown)")
    parser.add_argument("names", nargs="*", help="canned queries to time (default: all)")
    args = parser.parse_args()
    queries = load_stored_queries()
    unknown = sorted(set(args.names) - set(queries))
    if unknown:
        parser.error(f"no canned query called {', '.join(unknown)}")
    store = open_build_read_only(current_build(args.store))
    print("| canned query | first page (ms, median) | rows | at most 1 s |")
    print("| --- | ---: | ---: | --- |")
    for name in args.names or sorted(queries):
        seconds, rows = [], 0
        for _ in range(args.runs):
            started = time.perf_counter()
            rows = sum(1 for _ in store.query(queries[name].text, use_default_graph_as_union=True))
            seconds.append(time.perf_counter() - started)
        median = statistics.median(seconds)
        met = "yes" if median <= 1.0 else "no"
        print(f"| `{name}` | {median * 1000:,.0f} | {rows:,} | {met} |", flush=True)


if __name__ == "__main__":
    main()
