"""RDF terms as N-Triples text: the form in which the build streams triples to the store.

A build writes millions of triples; as N-Triples strings they cost a fraction of rdflib term
objects to make, hash and keep, and Oxigraph bulk-loads them directly. Literals are escaped
by pyoxigraph, so the text is always valid N-Triples.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph
from rdflib import BNode, Literal
from rdflib.term import Node

from papergraph.rdf.namespaces import XSD

__all__ = [
    "Quad",
    "Triple",
    "iri",
    "is_literal",
    "literal",
    "nquads_line",
    "rdflib_term",
    "strip_iri",
]

# (subject, predicate, object) and (subject, predicate, object, graph), each term as it is
# written in N-Triples: "<iri>" or a quoted literal.
Triple = tuple[str, str, str]
Quad = tuple[str, str, str, str]

_DATATYPES = {
    int: pyoxigraph.NamedNode(str(XSD.integer)),
    float: pyoxigraph.NamedNode(str(XSD.double)),
    Decimal: pyoxigraph.NamedNode(str(XSD.decimal)),
}


def iri(value: str) -> str:
    """The N-Triples form of the IRI `value`."""
    return f"<{value}>"


def strip_iri(term: str) -> str:
    """The IRI of an N-Triples IRI term ("<x>" -> "x")."""
    return term[1:-1]


def literal(value: str | int | float | Decimal, datatype: str | None = None) -> str:
    """The N-Triples form of a literal: a plain string, or `value` typed by `datatype` (an
    IRI) or, when no datatype is given, by its Python type (int, float, Decimal)."""
    if isinstance(value, str) and datatype is None:
        return str(pyoxigraph.Literal(value))
    node = pyoxigraph.NamedNode(datatype) if datatype is not None else _DATATYPES[type(value)]
    lexical = (
        value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
    )
    return str(pyoxigraph.Literal(lexical, datatype=node))


def is_literal(term: str) -> bool:
    return term.startswith('"')


def nquads_line(quad: Quad) -> str:
    subject, predicate, obj, graph = quad
    return f"{subject} {predicate} {obj} {graph} .\n"


def rdflib_term(term: Node) -> str:
    """The N-Triples form of an rdflib term (whose own `n3()` may give Turtle-only forms)."""
    if isinstance(term, Literal):
        language = term.language
        datatype = None if language or term.datatype is None else str(term.datatype)
        return str(
            pyoxigraph.Literal(
                str(term),
                datatype=pyoxigraph.NamedNode(datatype) if datatype else None,
                language=language,
            )
        )
    if isinstance(term, BNode):
        return f"_:{term}"
    return iri(str(term))
