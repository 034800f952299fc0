"""Score each blind round of gold annotations with the code it was first scored with, and pool
the rounds: what the extractor does on notes no rule had seen.

    python tools/first_sight.py [--rounds ROUNDS.json] [--pages ../shared/data/pages]

`ROUNDS.json` (default: tests/data/gold/rounds.json) lists each round's commit (the code
when its annotations arrived, before any rule looked at them) and its sets (gold files beside
it, named as `eval_ranges.py` reads them). For each round, the commit is checked out in a
temporary git worktree and run in a child process on the round's notes; every round is then
scored with this checkout's scorer, alone and pooled with the rounds before it. Needs the
repository's git history.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from eval_ranges import line, set_notes

from papergraph.evaluate import PredictedPaper, score

ROOT = Path(__file__).resolve().parents[1]
_LINK_SETS = ("proposes", "uses", "evaluates_on")

# Run by the child process, with the round's commit first on sys.path: only interfaces every
# round's code has (pipeline, linker, `predictions_from_linked`). Its arguments name the fields
# that hold sets of labels (`_LINK_SETS`), written as sorted lists.
_PREDICT = """
import dataclasses, json, sys
from papergraph.evaluate import predictions_from_linked
from papergraph.extract import extract_notes
from papergraph.extract.pipeline import build_pipeline
from papergraph.link import link_extractions
from pathlib import Path
from papergraph.read import Note
nlp = build_pipeline()
sets = sys.argv[1:]
out = []
for name, notes in json.load(sys.stdin):
    notes = [Note(**{**note, "source": Path(note["source"])}) for note in notes]
    for paper in predictions_from_linked(link_extractions(extract_notes(nlp, notes))):
        row = dataclasses.asdict(paper)
        row["title"] = name + "::" + row["title"]
        out.append({k: sorted(map(sorted, v)) if k in sets else v for k, v in row.items()})
json.dump(out, sys.stdout)
"""


def _predict(commit: str, sets: list[tuple[str, list]]) -> list[PredictedPaper]:
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree),
                        commit], check=True)  # fmt: skip
        try:
            run = subprocess.run(
                [sys.executable, "-c", _PREDICT, *_LINK_SETS],
                input=json.dumps(sets),
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONPATH": str(tree / "src")},
            )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=True)  # fmt: skip
    return [
        PredictedPaper(**{k: [set(x) for x in v] if k in _LINK_SETS else v for k, v in row.items()})
        for row in json.loads(run.stdout)
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=Path, default=ROOT / "tests/data/gold/rounds.json")
    parser.add_argument("--pages", type=Path, default=ROOT.parent / "shared/data/pages")
    args = parser.parse_args(argv)
    pooled_gold: list[dict] = []
    pooled_predicted: list[PredictedPaper] = []
    first = None
    for entry in json.loads(args.rounds.read_text(encoding="utf-8")):
        gold, sets = [], []
        for name in entry["sets"]:
            gold_file = args.rounds.parent / f"{name}-gold.json"
            _, _, notes = set_notes(gold_file, args.pages)
            sets.append((name, [{**asdict(note), "source": str(note.source)} for note in notes]))
            for row in json.loads(gold_file.read_text(encoding="utf-8")):
                gold.append({**row, "title": f"{name}::{row['title']}"})
        predicted = _predict(entry["commit"], sets)
        first = entry["round"] if first is None else first
        print(line(f"round {entry['round']} ({len(gold)} notes)", score(gold, predicted)))
        pooled_gold += gold
        pooled_predicted += predicted
        label = f"  rounds {first}-{entry['round']} ({len(pooled_gold)} notes)"
        print(line(label, score(pooled_gold, pooled_predicted)))


if __name__ == "__main__":
    main()
