"""A small lexical scan of SPARQL text: the few facts the protocol layer needs before Oxigraph
parses the request (does the query name its own dataset, does the update have USING / WITH,
where do its WHERE clauses start).

It skips strings, IRIs and comments and tracks brace depth; it is not a parser, and anything it
misjudges is still parsed (and rejected, if wrong) by Oxigraph.

`outbound_operation` finds SERVICE and LOAD, which would make Oxigraph fetch a URL (issue 7).
SPARQL lets `\\uXXXX` / `\\UXXXXXXXX` escapes stand for any character of a query, so that scan
first decodes them (`unescape_codepoints`, as the SPARQL grammar's section 19.2 does before
parsing) and so sees `\\u0053ERVICE` as SERVICE. Keywords are matched case-insensitively and
outside strings, IRIs, comments, variables and prefixed names (`ex:SERVICE` is a name, not the
keyword); `SERVICE SILENT` is SERVICE. A false IRI (`<...>` read where Oxigraph reads a less-than)
cannot hide the keyword: SERVICE must be followed by `<`, a variable and `{`, none of which fits
inside an IRI token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Keyword",
    "add_using_clauses",
    "has_dataset_clause",
    "keywords",
    "outbound_operation",
    "unescape_codepoints",
]

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_VARIABLE = re.compile(r"[?$]\w*")
_LOCAL = re.compile(r"[\w\-.:%\\]*")
_STRING_QUOTES = ('"""', "'''", '"', "'")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OUTBOUND = {"SERVICE", "LOAD"}


@dataclass(frozen=True)
class Keyword:
    word: str  # upper case
    start: int
    end: int
    depth: int  # brace depth at the keyword


def _skip_string(text: str, start: int, quote: str) -> int:
    index = start + len(quote)
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(quote, index):
            return index + len(quote)
        if len(quote) == 1 and text[index] in "\r\n":
            return index
        index += 1
    return index


def _scan(text: str) -> tuple[list[Keyword], list[tuple[int, int]]]:
    """The keyword-like words of `text` and the (open, close) positions of its brace pairs."""
    words: list[Keyword] = []
    pairs: list[tuple[int, int]] = []
    opened: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "#":
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline + 1
        elif char in "\"'":
            quote = next(q for q in _STRING_QUOTES if text.startswith(q, index))
            index = _skip_string(text, index, quote)
        elif char == "<" and (iri := _IRI.match(text, index)):
            index = iri.end()
        elif char == "{":
            opened.append(index)
            index += 1
        elif char == "}":
            if opened:
                pairs.append((opened.pop(), index))
            index += 1
        elif char in "?$":
            index = _VARIABLE.match(text, index).end()
        elif char == ":":
            index = _LOCAL.match(text, index + 1).end()
        elif word := _WORD.match(text, index):
            if text.startswith(":", word.end()):  # a prefixed name
                index = _LOCAL.match(text, word.end() + 1).end()
            else:
                words.append(Keyword(word.group().upper(), index, word.end(), len(opened)))
                index = word.end()
        else:
            index += 1
    return words, pairs


def keywords(text: str) -> list[Keyword]:
    """The words of `text` outside strings, IRIs, comments, variables and prefixed names."""
    return _scan(text)[0]


def unescape_codepoints(text: str) -> str:
    """`text` with its `\\uXXXX` and `\\UXXXXXXXX` escapes decoded (invalid ones kept)."""

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return match.group()
        return chr(code)

    return _CODEPOINT.sub(decode, text)


def outbound_operation(text: str) -> str | None:
    """SERVICE or LOAD if the query or update `text` uses one (escapes decoded), else None."""
    return next(
        (word.word for word in keywords(unescape_codepoints(text)) if word.word in _OUTBOUND), None
    )


def has_dataset_clause(query: str) -> bool:
    """Whether the query has FROM or FROM NAMED clauses of its own."""
    words = keywords(unescape_codepoints(query))
    return any(word.word == "FROM" and word.depth == 0 for word in words)


def add_using_clauses(update: str, using: list[str], using_named: list[str]) -> str:
    """The update with `USING <g>` / `USING NAMED <g>` clauses before every WHERE of its
    operations, as the protocol's using-graph-uri / using-named-graph-uri ask.

    `DELETE WHERE { P }` becomes the equivalent `DELETE { P } USING ... WHERE { P }`.
    Call only on updates that have no USING or WITH of their own.
    """
    clauses = " ".join(
        [f"USING <{iri}>" for iri in using] + [f"USING NAMED <{iri}>" for iri in using_named]
    )
    if not clauses:
        return update
    words, pairs = _scan(update)
    closing = dict(pairs)
    edits: list[tuple[int, int, str]] = []
    for previous, word in zip([None, *words], words, strict=False):
        if word.word != "WHERE" or word.depth != 0:
            continue
        brace = update.find("{", word.end)
        between = update[previous.end : word.start] if previous else ""
        if previous and previous.word == "DELETE" and not between.strip() and brace in closing:
            pattern = update[brace : closing[brace] + 1]
            edits.append(
                (previous.start, closing[brace] + 1, f"DELETE {pattern} {clauses} WHERE {pattern}")
            )
        else:
            edits.append((word.start, word.start, clauses + " "))
    for start, end, replacement in sorted(edits, reverse=True):
        update = update[:start] + replacement + update[end:]
    return update
