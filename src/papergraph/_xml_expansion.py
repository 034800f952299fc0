"""Refuse XML whose DTD makes it grow: "billion laughs" and quadratic blowup.

rdflib parses RDF/XML and TriX with Python's SAX reader over expat, which expands internal
entities. Nested entities turn a 615-byte file into gigabytes of text, and rdflib appends that
text piece by piece (quadratic time); expat's own amplification guard only starts after 8 MiB of
output. So, before rdflib sees a document, the same SAX reader, set up as rdflib sets it up
(namespaces on, external entities off), reads it once with a handler that only counts the text
and attribute values the parser hands over, and stops at the first event that takes the total
past a budget: `MAX_AMPLIFICATION` times the file's size plus `EXPANSION_ALLOWANCE`.

Only a DTD can make a document's text longer than the document (internal entities, default
attribute values), so any file that uses none is never refused, and a DTD that declares
namespace entities (`<!ENTITY owl "http://www.w3.org/2002/07/owl#">`, as ontology editors write)
stays far below the budget. External entities stay unresolved, as Python's SAX reader leaves them.
"""

from __future__ import annotations

import io
from xml.parsers.expat import errors
from xml.sax import SAXException, handler, make_parser

from papergraph.errors import BadRequest

__all__ = ["EXPANSION_ALLOWANCE", "MAX_AMPLIFICATION", "refuse_expanding_xml"]

MAX_AMPLIFICATION = 10
EXPANSION_ALLOWANCE = 64 * 1024

# expat's own guard: it stops first when the growth is inside one attribute value, which expat
# expands whole before handing it over (the constant is missing when expat is older than 2.4).
_EXPAT_AMPLIFICATION = errors.codes.get(getattr(errors, "XML_ERROR_AMPLIFICATION_LIMIT_BREACH", ""))


class _OverBudget(SAXException):
    """Raised from inside the handler to stop the parse at the event that went over."""


class _CountingHandler(handler.ContentHandler):
    def __init__(self, budget: int) -> None:
        super().__init__()
        self.budget = budget
        self.produced = 0

    def _count(self, size: int) -> None:
        self.produced += size
        if self.produced > self.budget:
            raise _OverBudget("over budget")

    def characters(self, content: str) -> None:
        self._count(len(content))

    def startElementNS(self, name, qname, attrs) -> None:  # noqa: ANN001 (SAX's signature)
        self._count(sum(len(value) for value in attrs.values()))


def refuse_expanding_xml(data: bytes) -> None:
    """Raise BadRequest when `data` expands to more text than its budget, or is not XML.

    The message is one line, without the file name (the caller adds it).
    """
    budget = MAX_AMPLIFICATION * len(data) + EXPANSION_ALLOWANCE
    reader = make_parser()
    reader.setFeature(handler.feature_namespaces, 1)
    reader.setContentHandler(_CountingHandler(budget))
    refusal = BadRequest(
        f"its DTD expands it past {budget:,} characters of text ({MAX_AMPLIFICATION} times its "
        'size plus 64 KiB): entity expansion ("billion laughs", quadratic blowup) is refused; '
        "write the text out in full instead of through entities"
    )
    try:
        reader.parse(io.BytesIO(data))
    except _OverBudget as error:
        raise refusal from error
    except SAXException as error:
        code = getattr(error.getException(), "code", None)
        if code is not None and code == _EXPAT_AMPLIFICATION:
            raise refusal from error
        raise BadRequest(f"not valid XML: {error}") from error
