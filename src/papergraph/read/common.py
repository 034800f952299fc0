"""Pieces shared by the notes readers: raw results, size limits, venue, topic and collection line.

The per-format parsers return a `Parsed` made of `RawNote`s and `RawProblem`s (no file path);
`papergraph.read` turns them into the public `Note` and `ReadProblem`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "MAX_MARKUP_CHARS",
    "MAX_SUMMARY_CHARS",
    "MAX_TITLE_CHARS",
    "Block",
    "Collection",
    "Parsed",
    "RawNote",
    "RawProblem",
    "build_note",
    "describe",
    "join_lines",
    "normalise_topic",
    "normalise_venue",
    "paragraphs",
    "parse_collection",
    "quote",
    "starts_with_pictograph",
    "strip_pictographs",
]

MAX_TITLE_CHARS = 1_000
MAX_SUMMARY_CHARS = 20_000
# A Markdown paragraph longer than this is not parsed for markup at all: it cannot become a
# note within the limits above, and skipping it keeps a huge paragraph cheap.
MAX_MARKUP_CHARS = 4 * MAX_SUMMARY_CHARS

_SURROGATE = re.compile("[\ud800-\udfff]")
_YEAR_AFTER_LETTER = re.compile(r"(?<=[^\W\d_])(?=\d{4}(?!\d))")
_SHORTCODE = re.compile(r"(?<!\S):[a-z0-9_+-]{1,60}:(?!\S)")
_COLLECTION = re.compile(
    r"(?P<venue>[^·•|]{1,80}?)\s*[·•|–—,:-]\s*(?P<count>\d{1,7})\s+(?:paper\s+)?notes?\.?",
    re.IGNORECASE,
)
# Characters that make up emoji besides the pictographs themselves: joiner, variation selectors,
# keycap, skin tones.
_EMOJI_PARTS = frozenset(
    "\u200d\ufe0e\ufe0f\u20e3\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"
)


@dataclass(frozen=True)
class Block:
    """A paragraph-sized piece of a file: its first line, its stored text, and its size.

    `size` is `len(text)`, except for a paragraph too long to process, whose `text` is empty and
    whose `size` is its raw length (so the limit check still reports it).
    """

    line: int
    text: str
    size: int
    lines: int = 1  # how many source lines the paragraph spans
    kind: str = "para"  # "para", "title" (known title), "def" (known summary)


@dataclass(frozen=True)
class RawNote:
    title: str
    summary: str
    line: int
    venue: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class RawProblem:
    line: int | None
    message: str
    severity: str = "error"


@dataclass(frozen=True)
class Collection:
    """The "🧠 NeurIPS2025 · 50 paper notes" line: the venue and the claimed number of notes."""

    venue: str | None
    count: int


@dataclass
class Parsed:
    format: str
    venue: str | None = None
    topic: str | None = None
    claimed_count: int | None = None
    claimed_line: int | None = None
    notes: list[RawNote] = field(default_factory=list)
    problems: list[RawProblem] = field(default_factory=list)


def quote(text: str, limit: int = 60) -> str:
    """A short, printable rendering of `text` for problem messages."""
    text = _SURROGATE.sub("\ufffd", text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def describe(block: Block) -> str:
    """How a problem message names a paragraph: its quoted text, or its size if unprocessed."""
    return quote(block.text) if block.text else f"({block.size:,} characters)"


def join_lines(lines: list[str]) -> str:
    """One paragraph's lines as one line: each stripped, joined with single spaces."""
    return " ".join(stripped for line in lines if (stripped := line.strip()))


def paragraphs(lines: list[str], first_line: int = 1) -> list[tuple[int, list[str]]]:
    """Split lines at blank lines: (1-based line of the paragraph's start, its lines)."""
    result: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = first_line
    for number, line in enumerate(lines, first_line):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            result.append((start, current))
            current = []
    if current:
        result.append((start, current))
    return result


def build_note(
    title: Block,
    summary: list[Block],
    *,
    venue: str | None = None,
    topic: str | None = None,
) -> RawNote | RawProblem:
    """A note from its title and summary blocks, or the problem that keeps it out."""
    if title.size > MAX_TITLE_CHARS:
        return RawProblem(
            title.line,
            f"title is {title.size:,} characters long (limit {MAX_TITLE_CHARS:,}); note skipped",
        )
    size = sum(block.size for block in summary) + 2 * (len(summary) - 1)
    if size > MAX_SUMMARY_CHARS:
        longest = max(summary, key=lambda block: block.size)
        return RawProblem(
            longest.line,
            f"summary of {quote(title.text)} is {size:,} characters long "
            f"(limit {MAX_SUMMARY_CHARS:,}); note skipped",
        )
    text = "\n\n".join(block.text for block in summary if block.text).strip()
    if not title.text:
        return RawProblem(title.line, "empty title; note skipped")
    if not text:
        return RawProblem(title.line, f"empty summary for {quote(title.text)}; note skipped")
    if _SURROGATE.search(title.text) or _SURROGATE.search(text):
        return RawProblem(
            title.line,
            f"note {quote(title.text)} contains bytes that are not valid UTF-8; note skipped",
        )
    return RawNote(title.text, text, title.line, venue, topic)


def _is_pictograph(char: str) -> bool:
    return unicodedata.category(char) == "So" or char in _EMOJI_PARTS


def starts_with_pictograph(text: str) -> bool:
    """Whether `text` starts with an emoji (the topic line does: "📚 Pretraining")."""
    stripped = text.lstrip()
    return bool(stripped) and _is_pictograph(stripped[0])


def strip_pictographs(text: str) -> str:
    """`text` without emoji, emoji shortcodes (``:books:``) and surplus whitespace."""
    text = _SHORTCODE.sub(" ", text)
    text = "".join(" " if _is_pictograph(char) else char for char in text)
    return " ".join(_SURROGATE.sub("\ufffd", text).split())


def normalise_topic(text: str | None) -> str | None:
    """The topic without emoji and markup: "📚 Pretraining" -> "Pretraining"."""
    if text is None:
        return None
    topic = strip_pictographs(text).strip(" #*_`:·•|-–—")
    return topic or None


def normalise_venue(text: str | None) -> str | None:
    """The venue with a space before its year: "NeurIPS2025" -> "NeurIPS 2025"; case is kept."""
    if text is None:
        return None
    venue = strip_pictographs(text).strip(" *_`:·•|-–—")
    venue = _YEAR_AFTER_LETTER.sub(" ", venue)
    return venue or None


def parse_collection(text: str) -> Collection | None:
    """Read a collection line such as "🧠 NeurIPS2025 · 50 paper notes", else None."""
    if len(text) > 300:
        return None
    match = _COLLECTION.fullmatch(strip_pictographs(text).strip(" *_"))
    if match is None or not any(char.isalpha() for char in match["venue"]):
        return None
    return Collection(normalise_venue(match["venue"]), int(match["count"]))
