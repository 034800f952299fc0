"""Reasoning (owlrl vs the fast rule engine) and analytics time at several corpus sizes.

Run by hand (not part of the test suite); prints a Markdown table for the README:

    python benchmarks/reasoning.py --notes 1000 10000

owlrl is skipped above `--owlrl-max-triples` asserted triples (it needs minutes there).
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_notes, write_page  # noqa: E402
from rdflib import Graph  # noqa: E402
from spacy.language import Language  # noqa: E402

from papergraph.analyse import analyse  # noqa: E402
from papergraph.extract import build_pipeline, extract_notes  # noqa: E402
from papergraph.link import link_extractions  # noqa: E402
from papergraph.rdf.blocks import note_blocks  # noqa: E402
from papergraph.rdf.namespaces import DEFAULT_BASE  # noqa: E402
from papergraph.rdf.ontology import add_ontology  # noqa: E402
from papergraph.read import read_page  # noqa: E402
from papergraph.reason import infer  # noqa: E402

T = TypeVar("T")


def timed(function: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """`function(*args, **kwargs)` and the seconds it took."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def asserted_graph(notes_count: int, nlp: Language) -> Graph:
    """The notes and links graphs of a generated corpus of `notes_count` notes."""
    with tempfile.TemporaryDirectory() as folder:
        return asserted_graph_of_page(
            write_page(generate_notes(notes_count), Path(folder) / "c.txt"), nlp
        )


def asserted_graph_of_page(page: Path, nlp: Language) -> Graph:
    """The notes and links graphs of the notes page `page`, as the build makes them."""
    notes = read_page(page).notes
    corpus = link_extractions(extract_notes(nlp, notes))
    text = "".join(
        f"{s} {p} {o} .\n"
        for block in note_blocks(notes, corpus, base=DEFAULT_BASE)
        for s, p, o, _ in block
    )
    return Graph().parse(data=text, format="nt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--owlrl-max-triples", type=int, default=60_000)
    args = parser.parse_args()
    nlp = build_pipeline()
    ontology = add_ontology(Graph())
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, 1 process\n")
    print("| notes | asserted triples | owlrl s | fast s | same triples | analytics s | entities |")
    print("| ---: | ---: | ---: | ---: | :---: | ---: | ---: |")
    for count in args.notes:
        data = asserted_graph(count, nlp)
        fast, fast_seconds = timed(infer, data, ontology, engine="fast")
        if len(data) <= args.owlrl_max_triples:
            slow, slow_seconds = timed(infer, data, ontology, engine="owlrl")
            owlrl_cell, same = f"{slow_seconds:.1f}", "yes" if set(slow) == set(fast) else "NO"
        else:
            owlrl_cell, same = "skipped", "–"
        data += fast
        analysis, analysis_seconds = timed(analyse, data)
        entities = len(set(analysis.subjects()))
        print(
            f"| {count:,} | {len(data) - len(fast):,} | {owlrl_cell} | {fast_seconds:.1f} | "
            f"{same} | {analysis_seconds:.1f} | {entities:,} |"
        )


if __name__ == "__main__":
    main()
