"""Read a notes page copied from a web page (plain text).

Layout: an optional "Skip to content" line, a topic line ("📚 Pretraining"), a collection line
("🧠 NeurIPS2025 · 50 paper notes"), then title and summary paragraphs alternating, then maybe
site chrome ("Back to top", "Previous"/"Next", "Made with ...", a copyright line).
"""

from __future__ import annotations

import re

from papergraph.read.common import (
    Block,
    Parsed,
    RawNote,
    RawProblem,
    build_note,
    join_lines,
    normalise_topic,
    paragraphs,
    parse_collection,
    starts_with_pictograph,
    strip_pictographs,
)
from papergraph.read.pairing import classify, pair

__all__ = ["parse_page"]

_CHROME = re.compile(r"skip to (?:main )?content|back to top", re.IGNORECASE)
_FOOTER = re.compile(
    r"back to top|previous|next|made with\b.*|powered by\b.*|copyright\b.*|©.*|\(c\) .*"
    r"|all rights reserved\.?|last update.*|edit (?:this page|on github)",
    re.IGNORECASE,
)
_HEADER_SPAN = 4  # the header is among the first few paragraphs


def parse_page(lines: list[str]) -> Parsed | None:
    """Parse a copied notes page; None when the text does not look like one."""
    blocks = [
        Block(start, text, len(text), len(chunk))
        for start, chunk in paragraphs(lines)
        if not _CHROME.fullmatch(text := join_lines(chunk))
    ]
    parsed = Parsed("page")
    start = _read_header(blocks, parsed)
    body = _cut_footer(blocks[start:])
    pairs, problems = pair(body)
    for title, summary in pairs:
        result = build_note(title, [summary])
        if isinstance(result, RawNote):
            parsed.notes.append(result)
        else:
            parsed.problems.append(result)
    parsed.problems.extend(problems)
    parsed.problems.sort(key=lambda problem: problem.line or 0)
    has_header = parsed.topic is not None or parsed.claimed_count is not None
    if not has_header and not _looks_like_notes(pairs, problems):
        return None
    return parsed


def _read_header(blocks: list[Block], parsed: Parsed) -> int:
    """Fill topic, venue and claim from the header; return the index of the first note block."""
    i = 0
    while i < min(len(blocks), _HEADER_SPAN):
        block = blocks[i]
        collection = parse_collection(block.text) if block.lines == 1 else None
        if collection is not None and parsed.claimed_count is None:
            parsed.venue = collection.venue
            parsed.claimed_count = collection.count
            parsed.claimed_line = block.line
        elif parsed.topic is None and parsed.claimed_count is None and _is_topic(blocks, i):
            parsed.topic = normalise_topic(block.text)
        else:
            break
        i += 1
    return i


def _is_topic(blocks: list[Block], i: int) -> bool:
    """A short line that starts with an emoji, or that the collection line follows."""
    block = blocks[i]
    if block.lines != 1 or len(block.text) > 80 or not strip_pictographs(block.text):
        return False
    if starts_with_pictograph(block.text):
        return True
    following = blocks[i + 1] if i + 1 < len(blocks) else None
    return following is not None and parse_collection(following.text) is not None


def _cut_footer(blocks: list[Block]) -> list[Block]:
    """Drop trailing site chrome: from the first footer line after which no summary follows."""
    cut = len(blocks)
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if block.size <= 200 and _FOOTER.fullmatch(block.text):
            cut = i
        elif classify(block) == "S":
            break
    return blocks[:cut]


def _looks_like_notes(pairs: list[tuple[Block, Block]], problems: list[RawProblem]) -> bool:
    """Without a header, accept only text that is mostly clear title/summary pairs (two at
    least: one heading-and-paragraph could be any short text)."""
    if len(problems) > len(pairs):
        return False
    clear = sum(classify(title) == "T" and classify(summary) == "S" for title, summary in pairs)
    return clear >= 2 and 2 * clear >= len(pairs)
