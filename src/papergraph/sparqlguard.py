"""Which operations of a SPARQL request would make the engine fetch a URL, read off the parsed
request, never off its text.

SERVICE (in a query or in an update's WHERE) and LOAD are the SPARQL operations that fetch.
`outbound_operations` parses the request with rdflib's SPARQL grammar (which decodes `\\u`
escapes first, as the grammar says) and walks the parse tree for them: comments, strings,
IRIs, prefixed names with escapes and keyword case are the parser's business, not ours.

Parsing costs (10-500 ms in rdflib for a page of SPARQL), so the parse is spared where the
text cannot hold either operation at all: a keyword of the grammar is its letters in any case,
or `\\u` / `\\U` escapes of them, which the grammar decodes before anything else. A text
with no backslash in which neither word occurs, in any case, holds neither operation; every
other text is parsed. This only decides whether there is anything to prove; what a request
does is still read off its parse tree.

Two parsers can still disagree on a text (rdflib, for one, rejects some valid escaped local
names). So a request rdflib cannot parse is "unchecked", and the caller decides: the embedded
store's query workers run without network access (`papergraph.sandbox`), so Oxigraph may
parse it there; a request bound for a process that has network access is refused.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

__all__ = ["OUTBOUND", "outbound_operations"]

# Parse-tree node names of the operations that fetch, and the keyword each stands for.
OUTBOUND = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}


def _node_names(node: object) -> Iterator[str]:
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _may_fetch(text: str, *, update: bool) -> bool:
    """Whether `text` could hold SERVICE (or, in an update, LOAD) at all (see above)."""
    if "\\" in text:
        return True
    folded = text.casefold()
    return "service" in folded or (update and "load" in folded)


def outbound_operations(text: str, *, update: bool = False) -> set[str] | None:
    """The fetching operations ("SERVICE", "LOAD") in the query (or `update`) `text`.

    Returns:
        The set found (empty: none), or None when rdflib cannot parse `text` (unchecked).
    """
    if not _may_fetch(text, update=update):
        return set()
    try:
        tree = parseUpdate(text) if update else parseQuery(text)
    except (ParseException, ValueError, TypeError, RecursionError):
        return None
    return {OUTBOUND[name] for name in _node_names(tree) if name in OUTBOUND}
