"""A small lexical scan of SPARQL text: the few facts the protocol layer needs that do not
change what may run (does the query name its own dataset, does the update have USING / WITH,
where do its WHERE clauses start, which CLEARs lack SILENT).

It skips strings, IRIs and comments and tracks brace depth; it is not a parser, and anything it
misjudges is still parsed (and rejected, if wrong) by Oxigraph. Whether a request may fetch a
URL (SERVICE, LOAD) is never decided here but from the parsed request
(`papergraph.sparqlguard`) and by running it without network access (`papergraph.sandbox`).
SPARQL lets `\\uXXXX` / `\\UXXXXXXXX` escapes stand for any character of a query, so
`has_dataset_clause` first decodes them, as the SPARQL grammar's section 19.2 does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph

from papergraph.errors import BadRequest

__all__ = [
    "Keyword",
    "add_using_clauses",
    "clear_silently",
    "has_dataset_clause",
    "keywords",
    "prepare_update",
    "select_star_order",
    "unescape_codepoints",
]

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_VARIABLE = re.compile(r"[?$]\w*")
_LOCAL = re.compile(r"[\w\-.:%\\]*")
_STRING_QUOTES = ('"""', "'''", '"', "'")
_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_MODIFIER = re.compile(r"\s*(?:(?:DISTINCT|REDUCED)\b\s*)?", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


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


def _scan(text: str) -> tuple[list[Keyword], list[tuple[int, int]], list[str]]:
    """The keyword-like words of `text`, the (open, close) positions of its brace pairs and
    the names of its variables where they occur."""
    words: list[Keyword] = []
    variables: list[str] = []
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
            variable = _VARIABLE.match(text, index)
            variables.append(variable.group()[1:])
            index = variable.end()
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
    return words, pairs, variables


def keywords(text: str) -> list[Keyword]:
    """The words of `text` outside strings, IRIs, comments, variables and prefixed names."""
    return _scan(text)[0]


def select_star_order(query: str) -> list[str] | None:
    """The variables of a `SELECT *` query in the order they first occur in its text, the
    order its answer's columns should take (Oxigraph's is alphabetical); None for any other
    query. Which variables the answer has is Oxigraph's to say: this only orders them."""
    words, _, variables = _scan(query)
    forms = [word for word in words if word.depth == 0 and word.word in _QUERY_FORMS]
    if not forms or forms[0].word != "SELECT":
        return None
    projection = _MODIFIER.sub("", query[forms[0].end :], count=1)
    if not projection.startswith("*"):
        return None
    return list(dict.fromkeys(name for name in variables if name))


def unescape_codepoints(text: str) -> str:
    """`text` with its `\\uXXXX` and `\\UXXXXXXXX` escapes decoded (invalid ones kept)."""

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return match.group()
        return chr(code)

    return _CODEPOINT.sub(decode, text)


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
    words, pairs, _ = _scan(update)
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


def clear_silently(text: str) -> str:
    """`text` with SILENT added to each CLEAR that lacks it.

    A graph that is not in the store is an empty graph here (as for default-graph-uri), so
    clearing it succeeds and changes nothing; Oxigraph records graphs and would fail instead
    (W3C protocol test update_base_uri starts with CLEAR GRAPH of a graph that may not exist).
    CLEAR can fail for no other reason, so SILENT hides nothing else.
    """
    words = keywords(text)
    inserts = [
        word.end
        for word, following in zip(words, [*words[1:], None], strict=True)
        if word.word == "CLEAR" and (following is None or following.word != "SILENT")
    ]
    for position in reversed(inserts):
        text = f"{text[:position]} SILENT{text[position:]}"
    return text


def prepare_update(text: str, using: list[str], using_named: list[str]) -> str:
    """The update to run for the protocol's `text` with its using-graph-uri / using-named-graph-uri
    values: USING clauses added, CLEARs made SILENT.

    Raises:
        BadRequest: a value that is not an IRI, or one given with an update that has USING or
            WITH clauses of its own.
    """
    for iri in [*using, *using_named]:
        try:
            pyoxigraph.NamedNode(iri)
        except ValueError as error:
            raise BadRequest(f"not an IRI: {iri!r} ({error})") from error
    if using or using_named:
        if any(w.word in ("USING", "WITH") and w.depth == 0 for w in keywords(text)):
            raise BadRequest(
                "using-graph-uri / using-named-graph-uri cannot be combined with an update "
                "that has USING or WITH clauses"
            )
        text = add_using_clauses(text, using, using_named)
    return clear_silently(text)
