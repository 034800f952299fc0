"""Print a seeded random sample of a store's entities, for a by-hand review of their quality.

    python tools/sample_entities.py --store STORE [--n 100] [--seed 0] [--format markdown|tsv]

One row per entity: label, type, altLabels, number of papers (a family's include its
variants'), and one supporting sentence (the first paper's). An entity is drawn by the hash
of the seed and its IRI, so the same `--n` and `--seed` give the same rows, and a rebuild that
changes a few entities changes only their rows. The review of such a sample is in
docs/entity-review.md.
"""

from __future__ import annotations

import argparse
import hashlib

from papergraph.lookup import neighbourhood
from papergraph.store import locate_store, open_store

_ENTITIES = """
PREFIX pg: <https://w3id.org/papergraph/ontology#>
SELECT DISTINCT ?e WHERE {
  VALUES ?type { pg:Method pg:Model pg:Dataset pg:Metric pg:Concept }
  ?e a ?type .
}"""


def sample_rows(store: str, n: int, seed: int) -> list[tuple[str, str, str, int, str]]:
    """(label, type, altLabels, #papers, sentence) of `n` entities drawn with `seed`."""
    dataset = open_store(locate_store(store))
    iris = {str(row.e) for row in dataset.query(_ENTITIES)}
    chosen = sorted(iris, key=lambda iri: hashlib.sha256(f"{seed} {iri}".encode()).digest())[:n]
    rows = []
    for iri in chosen:
        found = neighbourhood(dataset, iri)
        sentence = next((link.sentence for link in found.papers if link.sentence), "")
        rows.append(
            (
                found.entity.label,
                found.entity.type,
                "; ".join(found.alt_labels),
                len({link.paper for link in found.papers}),
                sentence,
            )
        )
    return rows


def _cell(text: str, limit: int = 160) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="store directory")
    parser.add_argument("--n", type=int, default=100, help="how many entities (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--format", choices=("markdown", "tsv"), default="markdown")
    args = parser.parse_args()
    rows = sample_rows(args.store, args.n, args.seed)
    if args.format == "tsv":
        for row in rows:
            print("\t".join(str(value) for value in row))
        return
    print("| # | label | type | altLabels | papers | supporting sentence |")
    print("| ---: | --- | --- | --- | ---: | --- |")
    for k, (label, etype, alts, papers, sentence) in enumerate(rows, 1):
        print(f"| {k} | {_cell(label)} | {etype} | {_cell(alts)} | {papers} | {_cell(sentence)} |")


if __name__ == "__main__":
    main()
