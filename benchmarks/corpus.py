"""A deterministic generator of realistic notes pages, for benchmarks.

It recombines the sentences of a real notes page into new notes and renames the artifacts in
them (acronyms, mixed-case names) with fresh invented names at a steady rate, so that the
vocabulary grows with the corpus as it does in a real notes site. Same seed, same pages.

    python benchmarks/corpus.py --notes 10000 -o /tmp/corpus-10k.txt
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "neurips2025-pretraining-notes.txt"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_NAME = re.compile(r"\b(?:[A-Z][a-z]*[A-Z][A-Za-z0-9]*|[A-Z]{2,}[a-z0-9]*)(?:-[A-Za-z0-9.]+)*\b")
_SYLLABLES = ("ka", "lo", "mi", "ra", "te", "zu", "no", "vi", "sa", "pe", "do", "xi", "bu", "fa")


def _pairs(page: Path) -> list[tuple[str, str]]:
    paragraphs = [p.strip() for p in page.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body = paragraphs[3:]
    return list(zip(body[::2], body[1::2], strict=True))


def _invented_name(rng: random.Random) -> str:
    stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    style = rng.random()
    if style < 0.4:
        return stem.upper()
    if style < 0.8:
        return stem[0].upper() + stem[1:-1] + stem[-1].upper()
    return f"{stem.capitalize()}-{rng.randint(1, 9)}"


def generate_notes(count: int, *, seed: int = 0, rename_rate: float = 0.3) -> list[tuple[str, str]]:
    """`count` (title, summary) pairs recombined from the sample page."""
    rng = random.Random(seed)
    pairs = _pairs(SAMPLE)
    sentences = [s for _, summary in pairs for s in _SENTENCE_END.split(summary) if s]
    renamed: dict[str, str] = {}
    notes = []
    for index in range(count):
        title, _ = rng.choice(pairs)
        summary = " ".join(rng.sample(sentences, rng.randint(2, 4)))

        def rename(match: re.Match[str]) -> str:
            name = match.group(0)
            if rng.random() < rename_rate:
                renamed[name] = _invented_name(rng)
            return renamed.get(name, name)

        notes.append((f"{_NAME.sub(rename, title)} ({index})", _NAME.sub(rename, summary)))
    return notes


def write_page(notes: list[tuple[str, str]], path: Path) -> Path:
    """Write `notes` as a copied notes page (the sample page's format)."""
    header = ["📚 Benchmark", f"🧠 Bench2025 · {len(notes)} paper notes"]
    body = [paragraph for pair in notes for paragraph in pair]
    path.write_text("\n\n".join(header + body) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write_page(generate_notes(args.notes, seed=args.seed), args.output)


if __name__ == "__main__":
    main()
