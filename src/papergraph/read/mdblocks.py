"""Split Markdown source into blocks: headings, paragraphs and definition-list entries.

Only what a notes page needs is recognised. Code blocks, admonitions (``!!! note``), block
quotes, lists, tables, HTML lines and reference definitions are not notes and are dropped here;
HTML comments are removed beforehand by `remove_comments`, keeping the line count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from papergraph.read.common import RawProblem

__all__ = ["MdBlock", "markdown_blocks", "remove_comments"]

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_DEFINITION = re.compile(r" {0,3}:[ \t]+(?=\S)")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_INTERRUPTING_ITEM = re.compile(r" {0,3}(?:[-*+]|1[.)])[ \t]+\S")  # may end a paragraph
_INDENTED = re.compile(r"(?: {4}|\t)")
_CONTAINER = re.compile(r" {0,3}(?:!!!|\?\?\?\+?|===)[ \t]")  # admonitions and content tabs
_SKIPPED_LINE = re.compile(
    r" {0,3}(?:>|\||</?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|\[[^\]]{1,300}\]:|\*\[[^\]]{1,300}\]:)"
)


@dataclass
class MdBlock:
    """A heading ("heading", with `level`), paragraph ("para"), definition-list term ("term")
    or definition ("def"); `paras` holds the source lines of each of its paragraphs."""

    kind: str
    line: int
    paras: list[list[str]] = field(default_factory=list)
    level: int = 0


def remove_comments(text: str) -> tuple[str, list[RawProblem]]:
    """Blank out ``<!-- ... -->`` comments (also multi-line), keeping every line break."""
    pieces: list[str] = []
    problems: list[RawProblem] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        pieces.append(text[pos:start])
        stop = len(text) if end < 0 else end + 3
        pieces.append("\n" * text.count("\n", start, stop))
        if start > 0 and text[start - 1] in " \t":  # "a <!-- x --> b" renders as "a b"
            while stop < len(text) and text[stop] in " \t":
                stop += 1
        if end < 0:
            line = text.count("\n", 0, start) + 1
            problems.append(RawProblem(line, "HTML comment is never closed", "warning"))
        pos = stop
    pieces.append(text[pos:])
    return "".join(pieces), problems


def markdown_blocks(lines: list[str], first_line: int = 1) -> list[MdBlock]:
    """The blocks of Markdown `lines`; `first_line` is the file line of ``lines[0]``."""
    blocks: list[MdBlock] = []
    para: list[str] = []
    para_line = 0

    def flush() -> None:
        if para:
            blocks.append(MdBlock("para", para_line, [para.copy()]))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        number = first_line + i
        if not line.strip():
            flush()
            i += 1
        elif fence := _FENCE.match(line):
            flush()
            i = _skip_fence(lines, i, fence.group(1))
        elif heading := _ATX.match(line):
            flush()
            text = _heading_text(line[heading.end() :])
            blocks.append(MdBlock("heading", number, [[text]], len(heading.group(1))))
            i += 1
        elif para and _SETEXT.fullmatch(line):
            level = 1 if line.strip()[0] == "=" else 2
            blocks.append(MdBlock("heading", para_line, [[" ".join(para)]], level))
            para.clear()
            i += 1
        elif definition := _DEFINITION.match(line):
            if para:  # the line just above a definition is its term
                term = para.pop()
                flush()
                blocks.append(MdBlock("term", number - 1, [[term]]))
            i = _read_definition(lines, i, definition.end(), first_line, blocks)
        elif _RULE.fullmatch(line) or _SKIPPED_LINE.match(line):
            flush()
            i += 1
        elif (
            _CONTAINER.match(line)
            or (_INTERRUPTING_ITEM.match(line) if para else _LIST_ITEM.match(line))
            or (not para and _INDENTED.match(line))
        ):
            flush()
            i = _skip_container(lines, i)
        else:
            if not para:
                para_line = number
            para.append(line)
            i += 1
    flush()
    return blocks


def _heading_text(text: str) -> str:
    """Heading text without closing hashes."""
    text = text.strip()
    stripped = text.rstrip("#")
    if not stripped or stripped[-1] in " \t":
        text = stripped.strip()
    return text


def _next_nonblank(lines: list[str], i: int) -> int:
    """The index of the first line from `i` on that is not blank (len(lines) if none is)."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _skip_fence(lines: list[str], i: int, fence: str) -> int:
    closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
    for j in range(i + 1, len(lines)):
        if closing.fullmatch(lines[j]):
            return j + 1
    return len(lines)


def _skip_container(lines: list[str], i: int) -> int:
    """Skip a list, admonition or indented block: its first line and what belongs to it."""
    is_list = bool(_LIST_ITEM.match(lines[i]))
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if not line.strip():
            k = _next_nonblank(lines, j + 1)
            if k < len(lines) and (_INDENTED.match(lines[k]) or _LIST_ITEM.match(lines[k])):
                j = k
                continue
            return j
        if _INDENTED.match(line) or _LIST_ITEM.match(line):
            j += 1
        elif _ATX.match(line) or _FENCE.match(line) or _DEFINITION.match(line):
            return j
        elif is_list:  # lazy continuation of a list item
            j += 1
        else:
            return j
    return j


def _read_definition(
    lines: list[str], i: int, start: int, first_line: int, blocks: list[MdBlock]
) -> int:
    """Read one ``: definition`` with its lazy and indented continuation paragraphs."""
    block = MdBlock("def", first_line + i, [[lines[i][start:]]])
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if not line.strip():
            k = _next_nonblank(lines, j + 1)
            if k < len(lines) and _INDENTED.match(lines[k]) and not _FENCE.match(lines[k]):
                block.paras.append([])
                j = k
                continue
            break
        if (
            _DEFINITION.match(line)
            or _ATX.match(line)
            or _FENCE.match(line)
            or _LIST_ITEM.match(line)
            or _CONTAINER.match(line)
        ):
            break
        block.paras[-1].append(line)
        j += 1
    blocks.append(block)
    return j
