"""Serialise SPARQL query results: SPARQL JSON/XML/CSV/TSV, a text table, or RDF for graphs."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from papergraph.rdf.namespaces import PREFIXES, XSD

__all__ = ["RESULT_FORMATS", "format_result", "short_term", "tsv_term"]

RESULT_FORMATS = ("table", "json", "xml", "csv", "tsv")

_TABLE_CELL_WIDTH = 60
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def short_term(term: Node | None) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal text, empty for unbound."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in PREFIXES.items():
            if term.startswith(namespace) and len(term) > len(namespace):
                return f"{prefix}:{term[len(namespace) :]}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def tsv_term(term: Node | None) -> str:
    """A term in SPARQL 1.1 TSV results syntax (Turtle/N-Triples terms; tabs and breaks escaped)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term).translate(_ESCAPES)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return str(term)


def _table(result: Result) -> str:
    names = [str(var) for var in result.vars or []]
    rows = [
        [short_term(row[index]) for index in range(len(names))]
        for row in result  # type: ignore[union-attr]
    ]
    clipped = [
        [
            cell if len(cell) <= _TABLE_CELL_WIDTH else cell[: _TABLE_CELL_WIDTH - 1] + "…"
            for cell in r
        ]
        for r in rows
    ]
    widths = [
        max([len(name)] + [len(row[index]) for row in clipped]) for index, name in enumerate(names)
    ]
    lines = [
        "  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True)),
        "  ".join("-" * width for width in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in clipped]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _tsv(result: Result) -> str:
    names = [str(var) for var in result.vars or []]
    lines = ["\t".join(f"?{name}" for name in names)]
    lines += [
        "\t".join(tsv_term(row[index]) for index in range(len(names)))
        for row in result  # type: ignore[union-attr]
    ]
    return "\n".join(lines) + "\n"


def format_result(result: Result, fmt: str) -> bytes:
    """`result` in `fmt` (one of RESULT_FORMATS); CONSTRUCT/DESCRIBE results become Turtle,
    or JSON-LD when `fmt` is "json".

    Raises:
        ValueError: unknown format.
    """
    if fmt not in RESULT_FORMATS:
        raise ValueError(
            f"unknown result format {fmt!r}; expected one of {', '.join(RESULT_FORMATS)}"
        )
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        if fmt == "json":
            return graph.serialize(format="json-ld", context=dict(PREFIXES), encoding="utf-8")
        return graph.serialize(format="turtle", encoding="utf-8")
    if result.type == "ASK" and fmt in ("table", "csv", "tsv"):
        return (b"true" if result.askAnswer else b"false") + b"\n"
    if fmt == "table":
        return _table(result).encode("utf-8")
    if fmt == "tsv":
        return _tsv(result).encode("utf-8")
    return result.serialize(format=fmt) or b""
