"""Pair alternating title and summary paragraphs, keeping alignment when one is missing.

A copied notes page is "title, summary, title, summary, ...". When a title has no summary, a
blind pairing would shift every later note by one; instead each paragraph is classed as
clearly a title ("T": one short line, no closing full stop), clearly a summary ("S": long, or
ending a sentence) or either ("?"), and a title is left without a summary only when the next
paragraph is itself a title that is followed by a clear summary.
"""

from __future__ import annotations

import re

from papergraph.read.common import Block, RawProblem, describe

__all__ = ["TITLE_MAX", "classify", "pair"]

TITLE_MAX = 300  # longer paragraphs are summaries (the sample's longest title has 135 characters)
_SENTENCE_END = re.compile(r"[.!。][\"'”’)\]]*$")
_INNER_SENTENCE = re.compile(r"[a-z0-9)\]][.!] +[A-Z]")


def classify(block: Block) -> str:
    """ "T" (a title), "S" (a summary) or "?" (could be either) for one paragraph."""
    if block.kind == "title":
        return "T"
    if block.kind == "def":
        return "S"
    text = block.text
    ends_sentence = bool(_SENTENCE_END.search(text[-8:]))
    if block.size > TITLE_MAX:
        # a long single line without a full stop may be an overlong title: let the
        # alternation decide, so that the limit check can report it as one
        return "S" if ends_sentence or block.lines > 1 or not text else "?"
    if ends_sentence and (len(text) >= 40 or _INNER_SENTENCE.search(text)):
        return "S"
    if block.lines == 1 and not text.endswith((".", ",", ";")):
        return "T"
    return "?"


def pair(
    blocks: list[Block], *, intro_ok: bool = False
) -> tuple[list[tuple[Block, Block]], list[RawProblem]]:
    """Pair titles with their summaries; unpaired paragraphs become problems.

    With `intro_ok`, summary-like paragraphs before the first title are an introduction to the
    page and are dropped without a problem.
    """
    classes = [classify(block) for block in blocks]
    pairs: list[tuple[Block, Block]] = []
    problems: list[RawProblem] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if classes[i] == "S":
            if not (intro_ok and not pairs):
                problems.append(_orphan(block))
            i += 1
            continue
        following = classes[i + 1] if i + 1 < len(blocks) else None
        after = classes[i + 2] if i + 2 < len(blocks) else None
        if following is None or (following == "T" and after == "S"):
            problems.append(
                RawProblem(block.line, f"title {describe(block)} has no summary; skipped")
            )
            i += 1
            continue
        pairs.append((block, blocks[i + 1]))
        i += 2
    return pairs, problems


def _orphan(block: Block) -> RawProblem:
    return RawProblem(block.line, f"paragraph without a title: {describe(block)}; skipped")
