"""Text helpers shared by the extract and link stages: maths spans and name normalisation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "MATH_RE",
    "TokenTable",
    "find_math_spans",
    "in_spans",
    "name_key",
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
    return [m.span() for m in MATH_RE.finditer(text)]


def in_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of `spans`."""
    return any(start < s_end and s_start < end for s_start, s_end in spans)


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

    @classmethod
    def of(cls, doc) -> TokenTable:
        table = cls()
        for token in doc:
            text = token.text
            table.words.append(text)
            table.lowers.append(text.lower())
            table.offsets.append(token.idx)
            table.stops.append(token.is_stop)
            table.starts.append(bool(token.is_sent_start))
        return table
