"""A deterministic generator of realistic notes pages, for benchmarks.

It recombines the sentences of a real notes page into new notes and gives the artifacts in
them (acronyms, mixed-case names) new names as the corpus grows. Same seed, same pages.

Two vocabularies:

- `generate_corpus` (the default, used by `suite.py`): every name of the sample page heads a
  family of names that can stand in its place, drawn per note from a Pitman-Yor process, the
  usual model of a growing vocabulary: a few names are used by many notes, most by a handful,
  and the number of distinct names grows like a power (`discount`, about 0.6) of the corpus
  (Heaps' law). A note uses one name per family throughout its title and summary, keeps its
  source note's lead sentence, and has its numbers redrawn. The first N notes of a larger
  corpus are the corpus of N notes.
- `generate_notes` (`--vocabulary renamed`, used by the older benchmark scripts): renames each
  name at a steady rate, so the vocabulary grows linearly.

    python benchmarks/corpus.py --notes 10000 -o /tmp/corpus-10k.txt
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass, field
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


_TOKEN = re.compile(rf"(?P<name>{_NAME.pattern})|(?P<number>\b\d+(?:\.\d+)?%?)")
_ACRONYM_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _shaped_like(original: str, rng: random.Random) -> str:
    """An invented name of the same shape as `original`: acronym or mixed case, maybe with a
    hyphenated suffix."""
    head, dash, _ = original.partition("-")
    if sum(char.isupper() for char in head) * 2 > len(head):
        stem = "".join(rng.choice(_ACRONYM_LETTERS) for _ in range(rng.randint(3, 5)))
    else:
        words = ("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 2))) for _ in "ab")
        stem = "".join(word.capitalize() for word in words)
    return stem + (f"-{rng.randint(1, 9)}" if dash else "")


def _redrawn_number(text: str, rng: random.Random) -> str:
    """`text` (a number, maybe a percentage) scaled by a random factor, in the same format."""
    digits, percent = text.removesuffix("%"), "%" if text.endswith("%") else ""
    decimals = len(digits.partition(".")[2])
    value = float(digits) * rng.uniform(0.5, 2.0)
    if percent:
        value = min(value, 99.0)
    if decimals == 0:
        return f"{max(1, round(value))}{percent}"
    return f"{value:.{decimals}f}{percent}"


@dataclass
class _NameFamily:
    """The names that can stand where one name of the sample stands: a Pitman-Yor process
    whose first name is the real one."""

    original: str
    names: list[str] = field(default_factory=list)
    uses: list[int] = field(default_factory=list)  # draws of each name
    draws: list[int] = field(default_factory=list)  # the name (index) of every draw

    def draw(self, rng: random.Random, discount: float, strength: float, minted: set[str]) -> str:
        """A name for one more note: a new one with probability
        (strength + discount * names) / (draws + strength), else a used one with weight
        (uses - discount)."""
        kinds = len(self.names)
        if rng.random() * (len(self.draws) + strength) < strength + discount * kinds:
            self.names.append(self.original if kinds == 0 else self._new_name(rng, minted))
            self.uses.append(0)
            index = kinds
        else:
            index = self._used_name(rng, discount)
        self.uses[index] += 1
        self.draws.append(index)
        return self.names[index]

    def _new_name(self, rng: random.Random, minted: set[str]) -> str:
        while (name := _shaped_like(self.original, rng)) in minted:
            pass
        minted.add(name)
        return name

    def _used_name(self, rng: random.Random, discount: float) -> int:
        # A random past draw picks a name with weight `uses`; keeping it with probability
        # (uses - discount) / uses leaves the weight uses - discount.
        while True:
            index = self.draws[rng.randrange(len(self.draws))]
            if rng.random() * self.uses[index] < self.uses[index] - discount:
                return index


class _Vocabulary:
    """The name families of a corpus; rewrites each note's names and numbers."""

    def __init__(self, rng: random.Random, taken: set[str], discount: float, strength: float):
        self._rng, self._minted = rng, set(taken)
        self._discount, self._strength = discount, strength
        self._families: dict[str, _NameFamily] = {}

    def rewrite(self, text: str, chosen: dict[str, str]) -> str:
        """`text` with each name replaced by its family's draw for this note (kept in `chosen`,
        so that a note names an artifact the same way throughout) and half its numbers
        redrawn."""
        return _TOKEN.sub(lambda match: self._replacement(match, chosen), text)

    def _replacement(self, match: re.Match[str], chosen: dict[str, str]) -> str:
        if match.group("number"):
            number = match.group("number")
            return _redrawn_number(number, self._rng) if self._rng.random() < 0.5 else number
        name = match.group("name")
        if name not in chosen:
            family = self._families.setdefault(name, _NameFamily(name))
            chosen[name] = family.draw(self._rng, self._discount, self._strength, self._minted)
        return chosen[name]


def generate_corpus(
    count: int, *, seed: int = 0, discount: float = 0.6, strength: float = 1.0
) -> list[tuple[str, str]]:
    """`count` (title, summary) pairs: a sample note's title and lead sentence, one to three
    sentences of other notes, and names drawn from growing name families (module docstring).

    `discount` (0 to 1) sets how fast the vocabulary grows (about notes ** discount);
    `strength` (> -discount) how readily a family takes a second name.
    """
    rng = random.Random(seed)
    pairs = _pairs(SAMPLE)
    sentences = [[s for s in _SENTENCE_END.split(summary) if s] for _, summary in pairs]
    pool = [sentence for note in sentences for sentence in note]
    vocabulary = _Vocabulary(rng, name_vocabulary(pairs), discount, strength)
    notes = []
    for index in range(count):
        source = rng.randrange(len(pairs))
        lead = sentences[source][0]
        others = [s for s in rng.sample(pool, rng.randint(1, 3)) if s != lead]
        chosen: dict[str, str] = {}
        title = vocabulary.rewrite(pairs[source][0], chosen)
        summary = vocabulary.rewrite(" ".join([lead, *others]), chosen)
        notes.append((f"{title} ({index})", summary))
    return notes


def name_vocabulary(notes: list[tuple[str, str]]) -> set[str]:
    """The distinct names (acronyms, mixed-case names) in the titles and summaries of `notes`."""
    return {match.group(0) for pair in notes for text in pair for match in _NAME.finditer(text)}


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
    parser.add_argument(
        "--vocabulary",
        choices=("growing", "renamed"),
        default="growing",
        help="growing: generate_corpus (Heaps' law); renamed: generate_notes (linear)",
    )
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    generate = generate_corpus if args.vocabulary == "growing" else generate_notes
    write_page(generate(args.notes, seed=args.seed), args.output)


if __name__ == "__main__":
    main()
