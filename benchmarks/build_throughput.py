"""Build throughput: notes/s of the extract stage alone and of a whole `build`, with peak RSS.

Run by hand (not part of the test suite); prints a Markdown table for the README:

    python benchmarks/build_throughput.py --notes 10000
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_notes, write_page  # noqa: E402

from papergraph.build import build_store  # noqa: E402
from papergraph.extract import build_pipeline, extract_notes  # noqa: E402
from papergraph.extract.processes import extract_in_processes  # noqa: E402
from papergraph.rdf.namespaces import DEFAULT_BASE  # noqa: E402
from papergraph.read import read_page  # noqa: E402


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument(
        "--extract-only", action="store_true", help="time the spaCy extraction, not the build"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="extract in this many spawned processes (papergraph build --processes)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        page = write_page(generate_notes(args.notes), Path(folder) / "corpus.txt")
        notes = read_page(page).notes
        nlp = build_pipeline()
        started = time.perf_counter()
        extracting = (
            extract_in_processes(nlp, notes, args.processes)
            if args.processes > 1
            else extract_notes(nlp, notes)
        )
        for _ in extracting:
            pass
        extract_seconds = time.perf_counter() - started
        stages = [(f"extract ({args.processes} process(es))", len(notes), extract_seconds)]
        if not args.extract_only:
            started = time.perf_counter()
            report = build_store([page], Path(folder) / "store", base=DEFAULT_BASE, nlp=nlp)
            stages.append(("whole build", report.notes, time.perf_counter() - started))
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, 1 process")
    print("| stage | notes | seconds | notes/s |")
    print("| --- | ---: | ---: | ---: |")
    for stage, count, seconds in stages:
        print(f"| {stage} | {count} | {seconds:.1f} | {count / seconds:,.0f} |")
    print(f"\npeak RSS {_peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
