"""Canned SPARQL queries: one `.rq` file each in the top-level `queries/` directory.

A file starts with comment lines that describe it::

    # title: Papers that use an entity
    # description: ... (optional, may repeat)
    # param: label = GaLore   (optional: a parameter bound by a `VALUES ?label { ... }` line)
    # page: 50                 (optional: a SELECT query's answer comes 50 rows a page)

A query is paged by adding LIMIT and OFFSET as its last clause (`page_of`), so a canned query
keeps no LIMIT of its own: its page size is the `# page:` line.

A query that ranks many rows and then looks up more about each one (labels, types, scores)
is cut before the lookups instead: `# page: 25 in-subquery`, and its ranking subquery ends
with the line `LIMIT 25 OFFSET 0`, which each page rewrites (`bind_params`). Every row of
that subquery must give exactly one row of the answer, so the page holds what it says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = [
    "StoredQuery",
    "bind_params",
    "page_of",
    "load_stored_queries",
    "parse_stored_query",
    "query_text",
]

_HEADER = re.compile(r"^#\s*(title|description|param|page)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s*=\s*(.*)$")
_SUBQUERY_PAGE = re.compile(r"^([ \t]*)LIMIT \d+ OFFSET 0[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class StoredQuery:
    name: str  # the file name without .rq
    title: str
    sparql: str
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)  # name -> default value
    page: int | None = None  # rows per page by default (None: the whole answer)
    page_in_subquery: bool = False  # the page is cut in the ranking subquery (module doc)

    @property
    def text(self) -> str:
        """The query as it runs by default: its parameters' defaults, its first page."""
        return bind_params(self, {})


def parse_stored_query(name: str, text: str) -> StoredQuery:
    """Read the header comments of a `.rq` file.

    Raises:
        ValueError: the file has no `# title:` line.
    """
    title, description, params, page, in_subquery = None, [], {}, None, False
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            if line.strip() and not line.lstrip().startswith("#"):
                break
            continue
        key, value = match.groups()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        elif key == "page":
            size, _, where = value.partition(" ")
            page, in_subquery = int(size), where.strip() == "in-subquery"
        elif param := _PARAM.match(value):
            params[param.group(1)] = param.group(2)
    if not title:
        raise ValueError(f"canned query {name!r} has no '# title:' line")
    if in_subquery and len(_SUBQUERY_PAGE.findall(text)) != 1:
        raise ValueError(
            f"canned query {name!r} is paged in a subquery: it needs one 'LIMIT N OFFSET 0' line"
        )
    return StoredQuery(name, title, text, " ".join(description), params, page, in_subquery)


def load_stored_queries(directory: Path | None = None) -> dict[str, StoredQuery]:
    """Every canned query, by name, from `directory` (default: the packaged queries/)."""
    folder = files("papergraph.stored_queries") if directory is None else directory
    queries = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            queries[name] = parse_stored_query(name, entry.read_text(encoding="utf-8"))
    return queries


def bind_params(
    query: StoredQuery, values: dict[str, str], *, limit: int | None = None, offset: int = 0
) -> str:
    """The query text with each parameter's `VALUES ?name { ... }` line bound to `values`, cut
    to the page of `limit` rows (default: the query's page size) from `offset`.

    Raises:
        ValueError: a value names no parameter of the query, or the page is refused
            (`page_of`).
    """
    unknown = set(values) - set(query.params)
    if unknown:
        raise ValueError(f"query {query.name!r} has no parameter {', '.join(sorted(unknown))}")
    text = query.sparql
    for name, value in values.items():
        literal = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        found = re.search(rf"VALUES\s+\?{name}\s*\{{[^}}]*\}}", text)
        if found:
            bound = f"VALUES ?{name} {{ {literal} }}"
            text = text[: found.start()] + bound + text[found.end() :]
    limit = query.page if limit is None else limit
    if query.page_in_subquery:
        _check_page(limit, offset)
        return _SUBQUERY_PAGE.sub(rf"\g<1>LIMIT {limit} OFFSET {offset}", text)
    return text if limit is None and not offset else page_of(text, limit, offset)


@lru_cache(maxsize=256)  # the query page shows every canned query's first page on each view
def _why_not_pageable(text: str) -> str | None:
    """Why the query `text` cannot take a LIMIT and OFFSET as its last clause, or None."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        query = parseQuery(text)[1]
    except Exception as error:  # pyparsing's ParseException and rdflib's own errors
        return f"the query cannot be paged: it does not parse ({error})"
    if query.name != "SelectQuery":
        return "only SELECT queries can be paged"
    if "limitoffset" in query or "valuesClause" in query:
        return "the query has its own LIMIT, OFFSET or trailing VALUES: page it by editing those"
    return None


def _check_page(limit: int | None, offset: int) -> None:
    if (limit is not None and limit < 0) or offset < 0:
        raise ValueError("a page's limit and offset are 0 or more")


def page_of(text: str, limit: int | None, offset: int = 0) -> str:
    """The SELECT query `text` cut to `limit` solutions (None: no limit) from the `offset`-th
    (0-based).

    What the query is comes from its parse tree, not from its spelling: only a SELECT query
    with no LIMIT, OFFSET or trailing VALUES of its own can take them, as its last clause.

    Raises:
        ValueError: `text` does not parse, is no SELECT query, or has its own LIMIT, OFFSET
            or trailing VALUES (page it by editing those).
    """
    _check_page(limit, offset)
    if (refusal := _why_not_pageable(text)) is not None:
        raise ValueError(refusal)
    cut = f"LIMIT {limit} OFFSET {offset}" if limit is not None else f"OFFSET {offset}"
    return f"{text.rstrip()}\n{cut}\n"


def query_text(
    query_or_file: str,
    values: dict[str, str] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> str:
    """The SPARQL text `query_or_file` stands for: a canned query's name (its parameters bound
    to `values`), a `.rq` file, or the query itself; cut to a page when `limit` or `offset` is
    given (a canned query: also by its own page size).

    Raises:
        ValueError: a parameter the canned query does not have, or a page that cannot be cut
            (`page_of`).
    """
    canned = load_stored_queries()
    if query_or_file in canned:
        return bind_params(canned[query_or_file], values or {}, limit=limit, offset=offset)
    if query_or_file.endswith(".rq") or Path(query_or_file).is_file():
        text = Path(query_or_file).read_text(encoding="utf-8")
    else:
        text = query_or_file
    return text if limit is None and not offset else page_of(text, limit, offset)
