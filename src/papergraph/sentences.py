"""The sentence of a note around a span: what a person reads as the support of a link (the
command line, the graph view's panel and the resource pages all show it)."""

from __future__ import annotations

import re

__all__ = ["sentence_around", "sentence_span", "sentence_with_span"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence of `text` that holds `text[start:end]` (to `end` at least,
    when the span crosses a sentence end)."""
    sentence_start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > start:
            return sentence_start, max(match.start(), end)
        sentence_start = match.end()
    return sentence_start, len(text)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds `text[start:end]`, stripped."""
    return sentence_with_span(text, start, end)[0]


def sentence_with_span(text: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """The sentence of `text` that holds `text[start:end]`, stripped, and the offsets of that
    span in it (what a page highlights)."""
    first, last = sentence_span(text, start, end)
    raw = text[first:last]
    sentence = raw.strip()
    shift = first + len(raw) - len(raw.lstrip())
    return sentence, (start - shift, end - shift)
