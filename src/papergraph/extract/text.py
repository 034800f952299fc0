"""Text helpers shared by the extract and link stages: maths spans and name normalisation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress

from spacy.attrs import IDX, IS_PUNCT, IS_STOP, ORTH, SENT_START, SPACY

__all__ = [
    "MATH_RE",
    "TokenTable",
    "find_math_spans",
    "find_word",
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
# English nouns whose final "s" is no plural ending ("k-means" ends in one of them)
_S_SINGULARS = ("news", "series", "species", "lens", "canvas", "atlas", "means")


def find_math_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of maths in `text` (LaTeX-style delimiters included)."""
    if "$" not in text and "\\" not in text:
        return []  # every delimiter holds "$" or a backslash; most notes have neither
    return [m.span() for m in MATH_RE.finditer(text)]


# The non-ASCII characters `re.IGNORECASE` matches to ASCII letters (İ ı ſ K). Without them, an
# ASCII word matches case-insensitively exactly where the lowercased strings match (and
# lowercasing keeps every offset: U+0130 is the one character whose lowercase is longer).
_ASCII_CASE_TWINS = "\u0130\u0131\u017f\u212a"


def find_word(text: str, word: str, *, ignore_case: bool = False) -> list[tuple[int, int]]:
    r"""Spans of `word` in `text` that are not part of a longer word or hyphen compound: what
    `re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)` finds, without compiling a
    pattern for every word (names are new in every note; a compile costs ~0.1 ms)."""
    if not word or (ignore_case and not _lowercase_matches(text, word)):
        pattern = rf"(?<![\w-]){re.escape(word)}(?![\w-])"
        flags = re.IGNORECASE if ignore_case else 0
        return [m.span() for m in re.finditer(pattern, text, flags)]
    haystack, needle = (text.lower(), word.lower()) if ignore_case else (text, word)
    spans: list[tuple[int, int]] = []
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        if not _word_char_at(text, start - 1) and not _word_char_at(text, end):
            spans.append((start, end))
            start = haystack.find(needle, end)
        else:
            start = haystack.find(needle, start + 1)
    return spans


def _lowercase_matches(text: str, word: str) -> bool:
    """Whether comparing lowercased strings finds what `re.IGNORECASE` finds (see above)."""
    return word.isascii() and not any(twin in text for twin in _ASCII_CASE_TWINS)


def _word_char_at(text: str, i: int) -> bool:
    r"""Whether text[i] exists and is a word character (`\w`) or a hyphen."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "_-")


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
    if lower.endswith(_PLURAL_KEEP) or lower.endswith(_S_SINGULARS):
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
    def of(cls, doc, texts: dict[int, str] | None = None, *, starts: bool = True) -> TokenTable:
        """The table of a doc, read through `Doc.to_array` (no Token objects); `texts`
        caches the text of each ORTH id across docs. With `starts=False` the sentence starts
        are left for the caller to set (`pg_layout` sets them itself)."""
        texts = {} if texts is None else texts
        table = cls()
        if not len(doc):
            return table
        if len(texts) > 200_000:
            texts.clear()  # bounded: a long run over many texts must not grow it forever
        array = doc.to_array([ORTH, IDX, IS_STOP, IS_PUNCT, SPACY])
        orths = array[:, 0].tolist()
        words = list(map(texts.get, orths))
        if None in words:  # words not seen before (most notes have one): look them up once
            strings = doc.vocab.strings
            for k in [k for k, word in enumerate(words) if word is None]:
                words[k] = texts[orths[k]] = strings[orths[k]]
        table.words = words
        table.lowers = list(map(str.lower, words))
        table.offsets = array[:, 1].tolist()
        table.stops, table.puncts, table.spaced = array[:, 2:].astype(bool).T.tolist()
        if not starts:
            return table
        if doc.has_annotation("SENT_START"):
            table.starts = [x == 1 for x in doc.to_array([SENT_START]).tolist()]
        else:
            table.starts = [True] + [False] * (len(orths) - 1)
        return table


def rule_sentence_starts(words: list[str], puncts: list[bool], punct_chars) -> list[bool]:
    """Sentence starts as spaCy's rule-based `Sentencizer` sets them: a sentence ends after
    a run of `punct_chars` tokens (and the punctuation that follows them)."""
    starts = [False] * len(words)
    if not words:
        return starts
    starts[0] = True
    # visit only the sentence-final tokens (few), not every token
    i = 0  # the first token after the last run read
    for end in compress(range(len(words)), map(punct_chars.__contains__, words)):
        if end < i:
            continue  # in the run of punctuation just read
        i = end + 1
        while i < len(words) and (puncts[i] or words[i] in punct_chars):
            i += 1
        if i < len(words):
            starts[i] = True
    return starts
