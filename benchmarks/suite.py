"""The benchmark suite of issue 8: build, store, export, reasoning, analytics, graph view and
SPARQL latency against four other systems, side by side, at several corpus sizes and on real
notes pages.

Run by hand (not part of the test suite), from the repository root:

    python benchmarks/suite.py --sizes 1000,10000,100000 --out benchmarks/results

For each size it generates a seeded corpus (`corpus.generate_corpus`: real note sentences
and names recombined, new names minted as the corpus grows), then measures:

- build: `papergraph build PAGE --store DIR` in a child process: wall and CPU time, notes/s,
  peak RSS of its process tree; the store's size on disk; the exponent of build time over the
  sizes (log-log least squares);
- export: `papergraph export --format turtle` and `ntriples` to a file, in triples/s;
- reasoning and analytics: the seconds per stage that the measured build prints on its
  summary line (BuildReport.stage_seconds);
- the graph view's first stabilised paint in Chromium (cold and warm), as graph_view.py does;
- SPARQL latency p50 / p99 of every stored query (queries/*.rq, default parameters, each
  canned query's first page) on (a) `papergraph serve` over HTTP, reading the build on disk
  (`--memory-store off`) and, as its own system, from memory (`--memory-store on`, timed once
  the copy is loaded; the target of issue 16: p50 at most half Oxigraph's server's at 10k
  notes), with the RSS and PSS of each server's process tree, (b) Oxigraph's own server
  (`oxigraph serve-read-only` on the same build directory: the anchor papergraph's HTTP is
  held to, 1.2 × + 5 ms), (c) pyoxigraph in process on the current build, (d) rdflib's
  in-memory Dataset loaded from the N-Triples export and (e) rdflib-endpoint serving that
  export over HTTP; every run of a query has a timeout, and the rdflib baselines
  are skipped above --baselines-max-triples (they need minutes to load and query millions).

Options (all have defaults; see --help):

  --sizes 1000,10000          corpus sizes in notes (100000 takes hours with today's build)
  --out benchmarks/results    where latest.md and latest.json are written
  --baselines-max-triples N   skip rdflib and rdflib-endpoint above N triples (default 1M,
                              which keeps them at 1k notes and leaves them out at 10k)
  --query-timeout S           seconds one run of a query may take ("timeout" past it)
  --repeats N, --budget S     timed runs per query and system: at most N within S seconds
  --load-timeout S            seconds a system may take to load the data or start
  --no-graph-view             skip Chromium
  --seed N, --work-dir DIR    the corpus seed; where the temporary directory goes
  --real-pages DIR            also build and query real notes pages (all *.md / *.txt of DIR
                              in one store), reported as one more column; `--sizes ""`
                              measures only them

It writes OUT/latest.md (Markdown tables, with the targets and whether they are met) and
OUT/latest.json (every number, the machine and the command line), after each size, and exits
1 if any measurement failed (the reports say which). Servers and workers listen on 127.0.0.1
only and are always stopped; the corpora, stores and exports live in a temporary directory
that is removed at the end. Needs the `bench` extra (`pip install -e '.[bench,test]'`) and,
for the graph view, Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from _suite.build import count_lines, fit_exponent, measure_build, measure_export, store_facts
from _suite.latency import Sampling, SystemLatency, query_texts
from _suite.machine import describe_machine
from _suite.report import write_reports
from _suite.results import GraphView, SizeResult, SuiteRun
from _suite.servers import papergraph_server
from _suite.stages import stages_from_log
from _suite.systems import SYSTEMS, open_system, run_systems
from corpus import generate_corpus, name_vocabulary, write_page
from graph_view import CHROMIUM, time_first_views

from papergraph.read import read_page
from papergraph.sandbox import machine_memory
from papergraph.store import current_build
from papergraph.web._zygotes import estimated_memory

logger = logging.getLogger("suite")

T = TypeVar("T")

BASELINES = ("rdflib", "rdflib-endpoint")


def _sizes(text: str) -> list[int]:
    if not text.strip():
        return []  # only --real-pages
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes are whole numbers of notes: {text!r}") from error
    if min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"sizes are positive numbers of notes: {text!r}")
    return sorted(set(sizes))


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """--help shows the module docstring as written, and each option's default."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The suite's options (see --help)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=_HelpFormatter)
    parser.add_argument(
        "--sizes", type=_sizes, default=[1000, 10000], help="corpus sizes in notes, by commas"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("benchmarks/results"), help="where latest.md/.json go"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus generator")
    parser.add_argument(
        "--repeats", type=int, default=20, help="timed runs per query and system (after a warm-up)"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=3.0,
        help="seconds of timed runs per query and system; fewer runs when they are slow",
    )
    parser.add_argument(
        "--query-timeout", type=float, default=10.0, help="seconds one run of a query may take"
    )
    parser.add_argument(
        "--baselines-max-triples",
        type=int,
        default=1_000_000,
        help="skip rdflib and rdflib-endpoint on sizes with more triples than this",
    )
    parser.add_argument(
        "--load-timeout",
        type=float,
        default=900.0,
        help="seconds a system may take to load the data or start",
    )
    parser.add_argument(
        "--no-graph-view", action="store_true", help="skip the graph view in Chromium"
    )
    parser.add_argument(
        "--work-dir", type=Path, help="parent of the temporary directory (default: the system's)"
    )
    parser.add_argument(
        "--real-pages",
        type=Path,
        help="also measure these real notes pages (a folder of *.md / *.txt), built together",
    )
    args = parser.parse_args(argv)
    if not args.sizes and args.real_pages is None:
        parser.error("nothing to measure: give --sizes or --real-pages")
    return args


def _attempt(size: SizeResult, what: str, function: Callable[[], T]) -> T | None:
    """`function()`, or None after logging its error and noting it in `size`."""
    logger.info("%s: %s", size.name, what)
    try:
        return function()
    except Exception as error:  # one failed measurement must not lose the others
        logger.exception("%s: %s failed", size.name, what)
        size.errors.append(f"{what}: {type(error).__name__}: {error}")
        return None


def _graph_view(store: Path, logs: Path, query_timeout: float) -> GraphView:
    with papergraph_server(store, logs, query_timeout=query_timeout) as server:
        return GraphView(*time_first_views(server.base_url))


def _measure_export(size: SizeResult, store: Path, folder: Path) -> Path | None:
    """Both exports, measured; the N-Triples file stays for the rdflib baselines."""
    ntriples = folder / "export.nt"
    run = _attempt(
        size,
        "N-Triples export",
        lambda: measure_export(store, "ntriples", ntriples, folder / "export-nt.log"),
    )
    if run is None:
        return None
    size.exports["ntriples"] = run
    size.triples = count_lines(ntriples)
    turtle = folder / "export.ttl"
    run = _attempt(
        size, "Turtle export", lambda: measure_export(store, "turtle", turtle, folder / "ttl.log")
    )
    if run is not None:
        size.exports["turtle"] = run
    turtle.unlink(missing_ok=True)
    return ntriples


def _measure_latency(
    size: SizeResult, store: Path, ntriples: Path | None, folder: Path, args: argparse.Namespace
) -> None:
    sampling = Sampling(args.repeats, args.budget, args.query_timeout)
    texts = query_texts()
    opener = partial(
        open_system,
        store=store,
        ntriples=ntriples,
        logs=folder,
        sampling=sampling,
        load_timeout=args.load_timeout,
    )
    openers = {}
    for key in SYSTEMS:
        if key in BASELINES and ntriples is None:
            size.systems[key] = SystemLatency(skipped="no N-Triples export (it failed)")
        elif key == "http-memory" and not fits_in_memory(store):
            size.systems[key] = SystemLatency(
                skipped="too large for memory: over `serve --memory-store auto`'s threshold "
                "(an eighth of the machine's memory)"
            )
        elif key in BASELINES and (size.triples or 0) > args.baselines_max_triples:
            size.systems[key] = SystemLatency(
                skipped=f"{size.triples:,} triples > --baselines-max-triples "
                f"{args.baselines_max_triples:,}"
            )
        else:
            openers[key] = partial(opener, key)
    logger.info("%s: SPARQL latency on %s", size.name, ", ".join(openers))
    size.systems.update(run_systems(openers, texts, sampling))
    size.systems = {key: size.systems[key] for key in SYSTEMS}
    size.errors += [
        f"{SYSTEMS[key]}: {run.error}" for key, run in size.systems.items() if run.error
    ]


def fits_in_memory(store: Path) -> bool:
    """Whether `serve --memory-store auto` would serve this store's build from memory."""
    return estimated_memory(current_build(store).resolve()) <= machine_memory() // 8


def measure_size(notes: int, folder: Path, args: argparse.Namespace) -> SizeResult:
    """Everything the suite measures on a generated corpus of `notes` notes, in `folder`."""
    corpus = generate_corpus(notes, seed=args.seed)
    page = write_page(corpus, folder / "corpus.txt")
    return _measure(SizeResult(notes, names=len(name_vocabulary(corpus))), [page], folder, args)


def measure_real_pages(pages: list[Path], folder: Path, args: argparse.Namespace) -> SizeResult:
    """Everything the suite measures on real notes pages, built together, in `folder`."""
    notes = sum(len(read_page(page).notes) for page in pages)
    size = SizeResult(notes, names=0, source=f"real pages ({len(pages)} files)")
    return _measure(size, pages, folder, args)


def _measure(
    size: SizeResult, pages: list[Path], folder: Path, args: argparse.Namespace
) -> SizeResult:
    store = folder / "store"
    size.build = _attempt(size, "build", lambda: measure_build(pages, store, folder / "build.log"))
    if size.build is None:
        return size
    size.store = _attempt(size, "store size", lambda: store_facts(store))
    ntriples = _measure_export(size, store, folder)
    size.stages = _attempt(
        size, "reasoning and analytics", lambda: stages_from_log(folder / "build.log")
    )
    if not args.no_graph_view:
        size.graph_view = _attempt(
            size, "graph view", lambda: _graph_view(store, folder, args.query_timeout)
        )
    _measure_latency(size, store, ntriples, folder, args)
    size.load_average = os.getloadavg()[1]  # other work on the machine skews every number
    return size


def main() -> int:
    """Run the suite; 0 when every measurement succeeded, 1 otherwise."""
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    run = SuiteRun(
        command=shlex.join(["python", *sys.argv]),
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        machine=describe_machine(CHROMIUM),
        settings=vars(args),
    )
    started = time.perf_counter()
    corpora: list[Callable[[Path], SizeResult]] = [
        partial(measure_size, notes, args=args) for notes in args.sizes
    ]
    if args.real_pages is not None:
        pages = sorted(args.real_pages.glob("*.md")) + sorted(args.real_pages.glob("*.txt"))
        if not pages:
            sys.exit(f"no notes pages (*.md, *.txt) in {args.real_pages}")
        corpora.append(partial(measure_real_pages, pages, args=args))
    for measure in corpora:
        with tempfile.TemporaryDirectory(prefix="papergraph-bench-", dir=args.work_dir) as folder:
            run.sizes.append(measure(Path(folder)))
        # The exponent is fitted over the generated corpora, which differ only in size.
        measured = [size for size in run.sizes if size.build is not None and not size.source]
        run.build_exponent = fit_exponent(
            [size.notes for size in measured], [size.build.seconds for size in measured]
        )
        run.seconds = time.perf_counter() - started
        report, data = write_reports(run, args.out)
        logger.info("wrote %s and %s", report, data)
    return 1 if any(size.errors for size in run.sizes) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # children and temporary files are already cleaned up
        sys.exit("interrupted")
