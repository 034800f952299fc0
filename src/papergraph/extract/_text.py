"""Text helpers shared by the extract and link stages: maths spans and name normalisation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import IDX, IS_PUNCT, IS_STOP, ORTH, SENT_START, SPACY

__all__ = [
    "MATH_RE",
    "TokenTable",
    "find_math_spans",
    "in_spans",
    "name_key",
    "rule_sentence_starts",
    "singular",
]

# Inline and display maths: \( … \), \[ … \], $$ … $$, $ … $ (no space inside the dollars'
# edges, so "$5 and $10" is not maths). Bounded, so an unclosed delimiter costs little.
MATH_RE = re.compile(
    r"\\\((?:(?!\\\)).){0,400}?\\\)"
    r"|\\\[(?:(?!\\\]).){0,800}?\\\]"
    r"|\$\$[^$]{1,800}?\$\$"
    r"|\$(?=[^\s$])[^$\n]{0,300}?(?<=[^\s$\\])\$(?![0-9])"
    r"|\$[^\s$\\]\$",
    re.DOTALL,
)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/]+")
_EDGE_PUNCT = "\"'“”‘’`()[]{}.,;:!?*"
_PLURAL_KEEP = ("ss", "us", "is", "ics", "ous", "sis", "xis", "ias")


def find_math_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of maths in `text` (LaTeX-style delimiters included)."""
    if "$" not in text and "\\" not in text:
        return []  # every delimiter holds "$" or a backslash; most notes have neither
    return [m.span() for m in MATH_RE.finditer(text)]


def in_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of `spans`."""
    return any(start < s_end and s_start < end for s_start, s_end in spans)


@lru_cache(maxsize=65536)  # pure; the same words come back in every note
def singular(word: str) -> str:
    """A rough singular of an English or acronym plural: "ODEs" -> "ODE", "policies" -> "policy".

    Used only where both sides of a comparison go through it, so a wrong singular of a
    non-plural ("Atlas" -> "Atla") is harmless.
    """
    if len(word) >= 3 and word[-1] == "s" and word[-2].isupper():
        return word[:-1]  # "GPUs", "ODEs", "IDs"
    if len(word) <= 3 or word[-1] not in "sS":
        return word
    lower = word.lower()
    if lower.endswith(_PLURAL_KEEP):
        return word
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if lower.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Comparison key of a name: case-, hyphen/space- and singular/plural-insensitive.

    "Llama 3.1" / "llama-3.1" -> "llama3.1"; "Transformers" -> "transformer"; "GANs" -> "gan".
    """
    text = unicodedata.normalize("NFKC", text).strip(_EDGE_PUNCT + " ")
    words = [w for w in _SEPARATORS.split(text) if w]
    if not words:
        return ""
    words[-1] = singular(words[-1])
    return "".join(words).casefold()


@dataclass
class TokenTable:
    """Plain lists of a doc's token attributes, built in one pass: rules that look at
    neighbouring words index these instead of creating spaCy Token objects again."""

    words: list[str] = field(default_factory=list)
    lowers: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    stops: list[bool] = field(default_factory=list)
    starts: list[bool] = field(default_factory=list)  # token starts a sentence
    puncts: list[bool] = field(default_factory=list)  # token is punctuation
    spaced: list[bool] = field(default_factory=list)  # token followed by a space

    @classmethod
    def of(cls, doc, lexemes: dict | None = None) -> TokenTable:
        """The table of a doc, read through `Doc.to_array` (no Token objects); `lexemes`
        caches (text, lower) per ORTH id across docs."""
        lexemes = {} if lexemes is None else lexemes
        table = cls()
        if not len(doc):
            return table
        strings = doc.vocab.strings
        if len(lexemes) > 200_000:
            lexemes.clear()  # bounded: a long run over many texts must not grow it forever
        columns = doc.to_array([ORTH, IDX, IS_STOP, IS_PUNCT, SPACY]).T.tolist()
        orths, idxs, stops, puncts, spaced = columns
        pairs = [lexemes.get(orth) for orth in orths]
        for n, pair in enumerate(pairs):
            if pair is None:
                text = strings[orths[n]]
                pairs[n] = lexemes[orths[n]] = (text, text.lower())
        table.words = [text for text, _ in pairs]
        table.lowers = [lower for _, lower in pairs]
        table.offsets = idxs
        table.stops = list(map(bool, stops))
        table.puncts = list(map(bool, puncts))
        table.spaced = list(map(bool, spaced))
        if doc.has_annotation("SENT_START"):
            table.starts = [x == 1 for x in doc.to_array([SENT_START]).tolist()]
        else:
            table.starts = [i == 0 for i in range(len(orths))]
        return table


def rule_sentence_starts(words: list[str], puncts: list[bool], punct_chars) -> list[bool]:
    """Sentence starts as spaCy's rule-based `Sentencizer` sets them: a sentence ends after
    a run of `punct_chars` tokens (and the punctuation that follows them)."""
    starts = [False] * len(words)
    if not words:
        return starts
    starts[0] = True
    start, seen_period = 0, False
    for i, word in enumerate(words):
        in_chars = word in punct_chars
        if seen_period and not puncts[i] and not in_chars:
            starts[start] = True
            start, seen_period = i, False
        elif in_chars:
            seen_period = True
    starts[start] = True
    return starts
