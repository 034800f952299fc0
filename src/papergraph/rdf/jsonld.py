"""JSON-LD written as the triples stream by: compact, in constant memory.

The document is one `@graph` of node objects under an inline `@context` that declares the
papergraph prefixes, never a remote one. Consecutive triples of one subject become one node
object, so a store read in its index order (`store.dump_store` reads graph by graph, each
subject's triples together) gives one node object per subject and graph; a subject met again
later gets a second node object, which JSON-LD processors merge. Only that one node is held in
memory at a time.

IRIs become compact IRIs (`pg:Paper`) where a prefix's namespace is all of the IRI but its last
segment; every other IRI stays absolute. Literals keep their lexical form: a number is written
as a string with its datatype, never as a JSON number, so it reads back as the same literal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO

import pyoxigraph

__all__ = ["write_jsonld"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Compactor:
    """Compact IRIs under `prefixes` ({prefix: namespace}); a namespace must end with `/` or
    `#` (a gen-delim, so JSON-LD 1.1 processors use the prefix to expand)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self._by_namespace = {
            namespace: prefix
            for prefix, namespace in prefixes.items()
            if namespace.endswith(("/", "#"))
        }

    def iri(self, iri: str) -> str:
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        prefix = self._by_namespace.get(iri[:cut])
        local = iri[cut:]
        # A local part with ":" could read as another compact IRI; keep such IRIs absolute.
        if prefix is None or not local or ":" in local:
            return iri
        return f"{prefix}:{local}"

    def node_id(self, term: pyoxigraph.NamedNode | pyoxigraph.BlankNode) -> str:
        if isinstance(term, pyoxigraph.BlankNode):
            return f"_:{term.value}"
        return self.iri(term.value)

    def value(self, term: object) -> object:
        if isinstance(term, pyoxigraph.Literal):
            if term.language:
                return {"@value": term.value, "@language": term.language}
            datatype = term.datatype.value
            if datatype == _XSD_STRING:
                return term.value
            return {"@value": term.value, "@type": self.iri(datatype)}
        if isinstance(term, pyoxigraph.NamedNode | pyoxigraph.BlankNode):
            return {"@id": self.node_id(term)}
        raise ValueError(f"JSON-LD export cannot write the term {term}")


def write_jsonld(
    triples: Iterable[pyoxigraph.Triple], stream: IO[bytes], *, prefixes: Mapping[str, str]
) -> None:
    """Write `triples` to `stream` as a compact JSON-LD document whose inline `@context`
    declares `prefixes`; consecutive triples of one subject make one node object.

    Raises:
        ValueError: a triple whose object is a quoted triple (RDF-star has no JSON-LD form).
    """
    compactor = _Compactor(prefixes)
    stream.write(b'{"@context": ')
    stream.write(json.dumps(dict(prefixes), ensure_ascii=False).encode("utf-8"))
    stream.write(b',\n"@graph": [')
    subject: pyoxigraph.NamedNode | pyoxigraph.BlankNode | None = None
    node: dict[str, list[object]] = {}
    separator = b"\n"
    for triple in triples:
        if triple.subject != subject:
            if subject is not None:
                stream.write(separator + _node_bytes(compactor.node_id(subject), node))
                separator = b",\n"
            subject, node = triple.subject, {}
        predicate, obj = triple.predicate.value, triple.object
        if predicate == _RDF_TYPE and isinstance(obj, pyoxigraph.NamedNode):
            node.setdefault("@type", []).append(compactor.iri(obj.value))
        else:
            node.setdefault(compactor.iri(predicate), []).append(compactor.value(obj))
    if subject is not None:
        stream.write(separator + _node_bytes(compactor.node_id(subject), node))
    stream.write(b"\n]}\n")


def _node_bytes(node_id: str, properties: dict[str, list[object]]) -> bytes:
    node: dict[str, object] = {"@id": node_id}
    for key, values in properties.items():
        node[key] = values[0] if len(values) == 1 else values
    return json.dumps(node, ensure_ascii=False).encode("utf-8")
