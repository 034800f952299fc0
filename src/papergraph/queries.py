"""Canned SPARQL queries: one `.rq` file each in the top-level `queries/` directory.

A file starts with comment lines that describe it::

    # title: Papers that use an entity
    # description: ... (optional, may repeat)
    # param: label = GaLore   (optional: a parameter bound by a `VALUES ?label { ... }` line)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

__all__ = [
    "StoredQuery",
    "bind_params",
    "load_stored_queries",
    "parse_stored_query",
    "query_text",
]

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s*=\s*(.*)$")


@dataclass(frozen=True)
class StoredQuery:
    name: str  # the file name without .rq
    title: str
    sparql: str
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)  # name -> default value


def parse_stored_query(name: str, text: str) -> StoredQuery:
    """Read the header comments of a `.rq` file.

    Raises:
        ValueError: the file has no `# title:` line.
    """
    title, description, params = None, [], {}
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
        elif param := _PARAM.match(value):
            params[param.group(1)] = param.group(2)
    if not title:
        raise ValueError(f"canned query {name!r} has no '# title:' line")
    return StoredQuery(name, title, text, " ".join(description), params)


def load_stored_queries(directory: Path | None = None) -> dict[str, StoredQuery]:
    """Every canned query, by name, from `directory` (default: the packaged queries/)."""
    folder = files("papergraph.stored_queries") if directory is None else directory
    queries = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            queries[name] = parse_stored_query(name, entry.read_text(encoding="utf-8"))
    return queries


def bind_params(query: StoredQuery, values: dict[str, str]) -> str:
    """The query text with each parameter's `VALUES ?name { ... }` line bound to `values`.

    Raises:
        ValueError: a value names no parameter of the query.
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
    return text


def query_text(query_or_file: str, values: dict[str, str] | None = None) -> str:
    """The SPARQL text `query_or_file` stands for: a canned query's name (its parameters bound
    to `values`), a `.rq` file, or the query itself.

    Raises:
        ValueError: a parameter the canned query does not have.
    """
    canned = load_stored_queries()
    if query_or_file in canned:
        return bind_params(canned[query_or_file], values or {})
    if query_or_file.endswith(".rq") or Path(query_or_file).is_file():
        return Path(query_or_file).read_text(encoding="utf-8")
    return query_or_file
