"""Score the extractor on gold annotations of ranges of the shared notes pages, per set and
pooled over all of them.

    python tools/eval_ranges.py [--pages ../shared/data/pages] [--whole-page] GOLD.json…

Each gold file is named after its page and range, as in tests/data/gold/:
`PAGE-first22-gold.json` (the page's first notes) or `PAGE-AtoB-gold.json` (notes A to B, from
1). By default only the set's own notes are extracted and linked together; `--whole-page`
extracts and links the whole page, as `papergraph build PAGE` does (the linker's corpus rules
then see every note of the page), and scores the set's notes. The pooled line scores the
union of all sets, each paper keyed by its set, so a title in two sets counts twice.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
from pathlib import Path

from papergraph.evaluate import EvalReport, PredictedPaper, predictions_from_linked, score
from papergraph.extract import extract_notes
from papergraph.extract.pipeline import build_pipeline
from papergraph.link import link_extractions
from papergraph.read import Note, read_page

_NAME = re.compile(r"(?P<page>.+?)-(?:first\d+|(?P<start>\d+)to(?P<end>\d+))-gold$")


def set_notes(gold_file: Path, pages: Path) -> tuple[str, list[Note], list[Note]]:
    """The page name, its notes, and the notes of the set `gold_file` annotates."""
    match = _NAME.match(gold_file.stem)
    if match is None:
        raise SystemExit(f"{gold_file}: not named PAGE-first22-gold.json or PAGE-AtoB-gold.json")
    page = match["page"]
    notes = read_page(pages / f"{page}.md").notes
    first = int(match["start"]) - 1 if match["start"] else 0
    count = len(json.loads(gold_file.read_text(encoding="utf-8")))
    return page, notes, notes[first : first + count]


def line(label: str, report: EvalReport) -> str:
    o = report.overall
    return (
        f"{label:45s} F1 {o.f1:.3f} P {o.precision:.3f} R {o.recall:.3f} "
        f"relation {report.relation_accuracy:.3f} type {report.type_accuracy:.3f}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--pages", type=Path, default=Path("../shared/data/pages"))
    parser.add_argument("--whole-page", action="store_true")
    args = parser.parse_args(argv)
    nlp = build_pipeline()
    linked_pages: dict[str, list[PredictedPaper]] = {}
    pooled_gold: list[dict] = []
    pooled_predicted: list[PredictedPaper] = []
    for gold_file in args.gold:
        page, page_notes, notes = set_notes(gold_file, args.pages)
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if [n.title for n in notes] != [g["title"] for g in gold]:
            raise SystemExit(f"{gold_file}: its titles are not those of notes of {page}")
        if args.whole_page:
            if page not in linked_pages:
                corpus = link_extractions(extract_notes(nlp, page_notes))
                linked_pages[page] = predictions_from_linked(corpus)
            titles = {n.title for n in notes}
            predicted = [copy.copy(p) for p in linked_pages[page] if p.title in titles]
        else:
            predicted = predictions_from_linked(link_extractions(extract_notes(nlp, notes)))
        print(line(gold_file.stem.removesuffix("-gold"), score(gold, predicted)))
        name = gold_file.stem
        for entry in gold:
            pooled_gold.append({**entry, "title": f"{name}::{entry['title']}"})
        for paper in predicted:
            paper.title = f"{name}::{paper.title}"
            pooled_predicted.append(paper)
    print(line(f"POOLED ({len(pooled_gold)} notes)", score(pooled_gold, pooled_predicted)))


if __name__ == "__main__":
    main()
