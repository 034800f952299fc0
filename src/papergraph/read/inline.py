r"""Remove inline Markdown markup from one paragraph, keeping the text a browser would show.

Emphasis, links, code spans and escapes follow a simplified CommonMark; maths follows MkDocs'
arithmatex, which renders ``$x$`` as ``\(x\)`` and ``$$x$$`` as ``\[x\]`` (so the stored text
equals the text copied from the rendered page). Code and maths are copied verbatim: markup
characters inside them are content. Every step is one left-to-right pass with bounded
look-ahead, so the cost is linear in the paragraph's length.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["strip_inline"]

_SPECIAL = re.compile(r"\\|`+|\$\$?|\*+|_+|!?\[|\]|<|&")
_LINK_TAIL = re.compile(
    r"""\(\s*(?:<[^<>\n]{0,2000}>|[^\s()<]*+(?:\([^\s()]*+\)[^\s()]*+)*+)"""
    r"""(?:\s+(?:"[^"]{0,300}"|'[^']{0,300}'|\([^()]{0,300}\)))?\s*\)"""
    r"""|\[[^\[\]]{0,300}\]"""
)
_ATTR_LIST = re.compile(r"\{[^{}\n]{0,200}\}")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]{1,60}\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]{1,2000})>", re.IGNORECASE)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]{0,30})(?:\s[^<>]{0,500})?/?>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass
class _Delim:
    """A run of ``*`` or ``_`` that may open or close emphasis."""

    char: str
    remaining: int
    can_open: bool
    can_close: bool


def strip_inline(raw: str) -> str:
    """The visible text of one Markdown paragraph (already joined into one line)."""
    out: list[str | _Delim] = []
    brackets: list[int] = []  # indices in `out` of "[" that may still open a link
    missing: set[str] = set()  # closers known to be absent from the rest of `raw`
    pos = 0
    while (match := _SPECIAL.search(raw, pos)) is not None:
        out.append(raw[pos : match.start()])
        token, start, pos = match.group(), match.start(), match.end()
        if token == "\\":
            pos = _escape(raw, pos, out, missing)
        elif token[0] == "`":
            pos = _code_span(raw, token, pos, out, missing)
        elif token[0] == "$":
            pos = _maths(raw, token, pos, out, missing)
        elif token[0] in "*_":
            out.append(_delimiter(raw, token, start, pos))
        elif token.endswith("["):
            if footnote := _FOOTNOTE_REF.match(raw, start):
                pos = footnote.end()
            else:
                brackets.append(len(out))
                out.append(token)
        elif token == "]":
            pos = _close_bracket(raw, pos, out, brackets)
        elif token == "<":
            pos = _angle(raw, start, out)
        else:
            entity = _ENTITY.match(raw, start)
            out.append(html.unescape(entity.group()) if entity else token)
            pos = entity.end() if entity else pos
    out.append(raw[pos:])
    _match_emphasis(out)
    return "".join(
        piece if isinstance(piece, str) else piece.char * piece.remaining for piece in out
    ).strip()


def _find(raw: str, closer: str, start: int, missing: set[str], *, escapable: bool = True) -> int:
    """Index of the next (unescaped) `closer` at or after `start`, or -1 (remembered)."""
    if closer in missing:
        return -1
    at = raw.find(closer, start)
    while at > 0 and escapable and _escaped(raw, at):
        at = raw.find(closer, at + 1)
    if at < 0:
        missing.add(closer)
    return at


def _escaped(raw: str, at: int) -> bool:
    backslashes = 0
    while at - backslashes - 1 >= 0 and raw[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _escape(raw: str, pos: int, out: list[str | _Delim], missing: set[str]) -> int:
    r"""A backslash at ``pos - 1``: ``\(...\)`` and ``\[...\]`` maths stay; ``\*`` is ``*``."""
    char = raw[pos] if pos < len(raw) else ""
    if char in ("(", "["):
        closer = "\\)" if char == "(" else "\\]"
        end = _find(raw, closer, pos + 1, missing, escapable=False)
        if end > pos + 1:
            out.append(raw[pos - 1 : end + 2])
            return end + 2
    if char and char in _ASCII_PUNCT:
        out.append(char)
        return pos + 1
    out.append("\\")
    return pos


def _code_span(raw: str, token: str, pos: int, out: list[str | _Delim], missing: set[str]) -> int:
    end = _find(raw, token, pos, missing, escapable=False)
    while end >= 0 and raw.startswith("`", end + len(token)):  # a longer run does not close
        run_end = end
        while run_end < len(raw) and raw[run_end] == "`":
            run_end += 1
        end = _find(raw, token, run_end, missing, escapable=False)
    if end < 0:
        out.append(token)
        return pos
    content = raw[pos:end]
    if len(content) > 2 and content[0] == content[-1] == " " and content.strip():
        content = content[1:-1]
    out.append(content)
    return end + len(token)


def _maths(raw: str, token: str, pos: int, out: list[str | _Delim], missing: set[str]) -> int:
    if token == "$$":
        end = _find(raw, "$$", pos, missing)
        if end > pos and raw[pos:end].strip():
            out.append("\\[" + raw[pos:end] + "\\]")
            return end + 2
        out.append(token)
        return pos
    # arithmatex "smart dollar": no space after the opening or before the closing "$"
    end = _find(raw, "$", pos, missing)
    if end > pos and not raw[pos].isspace() and not raw[end - 1].isspace():
        out.append("\\(" + raw[pos:end] + "\\)")
        return end + 1
    out.append(token)
    return pos


def _delimiter(raw: str, token: str, start: int, end: int) -> _Delim:
    before = raw[start - 1] if start > 0 else " "
    after = raw[end] if end < len(raw) else " "
    left = not after.isspace() and (
        not _punctuation(after) or before.isspace() or _punctuation(before)
    )
    right = not before.isspace() and (
        not _punctuation(before) or after.isspace() or _punctuation(after)
    )
    if token[0] == "_":  # no intraword emphasis with "_": snake_case stays
        return _Delim(
            "_",
            len(token),
            left and (not right or _punctuation(before)),
            right and (not left or _punctuation(after)),
        )
    return _Delim("*", len(token), left, right)


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _close_bracket(raw: str, pos: int, out: list[str | _Delim], brackets: list[int]) -> int:
    """A "]": close a link or reference (keeping its text), or stay literal."""
    tail = _LINK_TAIL.match(raw, pos) if brackets else None
    if tail is None:
        if brackets:
            brackets.pop()
        out.append("]")
        return pos
    out[brackets.pop()] = ""
    brackets.clear()  # no links inside links
    pos = tail.end()
    if raw.startswith("{", pos) and (attrs := _ATTR_LIST.match(raw, pos)):
        pos = attrs.end()
    return pos


def _angle(raw: str, start: int, out: list[str | _Delim]) -> int:
    """A "<": an autolink keeps its address, an HTML tag goes, anything else is literal."""
    if link := _AUTOLINK.match(raw, start):
        out.append(link.group(1))
        return link.end()
    if tag := _TAG.match(raw, start):
        out.append(" " if tag.group(1).lower() == "br" else "")
        return tag.end()
    out.append("<")
    return start + 1


def _match_emphasis(out: list[str | _Delim]) -> None:
    """Pair emphasis delimiters in place (CommonMark's algorithm, minus the rule of three)."""
    openers: dict[str, list[int]] = {"*": [], "_": []}
    for index, piece in enumerate(out):
        if isinstance(piece, str):
            continue
        if piece.can_close:
            stack = openers[piece.char]
            while piece.remaining and stack:
                opener = out[stack[-1]]
                assert isinstance(opener, _Delim)
                used = 2 if opener.remaining >= 2 and piece.remaining >= 2 else 1
                opener.remaining -= used
                piece.remaining -= used
                other = openers["_" if piece.char == "*" else "*"]
                while other and other[-1] > stack[-1]:  # enclosed openers can no longer match
                    other.pop()
                if not opener.remaining:
                    stack.pop()
        if piece.can_open and piece.remaining:
            openers[piece.char].append(index)
