"""Add an RDF file of any common syntax to the store, in a named graph of its own.

Loading never reaches the network: rdflib's JSON-LD parser would fetch a remote
`@context` (a context given as an IRI, or an `@import`), so such documents are refused before
parsing with a message asking for the context inline; RDF/XML and TriX are parsed by expat
through rdflib with external entities off (Python's default since 3.7.1), so an external entity
is never resolved: it reads as empty text. Both are pinned by tests/test_hardening_ssrf.py.
An XML file whose DTD expands it far beyond its size (nested or repeated internal entities) is
refused before rdflib parses it (`_xml_expansion`; tests/test_hardening_xml.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.util import guess_format

from papergraph._xml_expansion import refuse_expanding_xml
from papergraph.errors import BadRequest
from papergraph.store import write_build

__all__ = ["LoadReport", "detect_rdf_format", "load_file", "remote_contexts"]

# rdflib's parsers that read XML (through Python's SAX reader over expat).
XML_FORMATS = frozenset({"xml", "application/rdf+xml", "trix", "application/trix"})


@dataclass(frozen=True)
class LoadReport:
    graph: URIRef
    triples: int
    rdf_format: str


def detect_rdf_format(path: Path, head: bytes) -> str:
    """The rdflib format name of a file: from its extension, else from its first bytes."""
    by_name = guess_format(str(path))
    if by_name:
        return by_name
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"{", b"[")):
        return "json-ld"
    if text.startswith((b"<?xml", b"<rdf:RDF")):
        return "xml"
    if b"@prefix" in text or b"PREFIX" in text or b"@base" in text:
        return "turtle"
    return "nquads" if text.startswith(b"<") and text.count(b"> <") >= 2 else "turtle"


def remote_contexts(document: object) -> list[str]:
    """The contexts a JSON-LD document would fetch: `@context` values that are IRIs (strings)
    and `@import`s, anywhere in the document (contexts may be nested)."""
    found: list[str] = []
    pending = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    contexts = value if isinstance(value, list) else [value]
                    found += [str(c) for c in contexts if isinstance(c, str)]
                elif key == "@import" and isinstance(value, str):
                    found.append(value)
                pending.append(value)
    return found


def _refuse_remote_contexts(path: Path, data: bytes) -> None:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadRequest(f"{path}: not valid JSON-LD: {error}") from error
    remote = remote_contexts(document)
    if remote:
        raise BadRequest(
            f"{path}: the JSON-LD refers to the remote context {remote[0]!r}; papergraph never "
            "fetches contexts: put the context inline (an object under @context) and load again"
        )


def load_file(store_dir: Path, path: Path, *, graph: str | None = None) -> LoadReport:
    """Parse `path` and add its triples to the named graph `graph` of a new build of the store.

    Triples go to `graph`, by default the file's own `file://` IRI. Quads of an N-Quads or TriG
    file keep their graphs unless `graph` is given.

    Raises:
        BadRequest: the file cannot be read or parsed.
        StoreError: there is no store to add to, or another writer holds it.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadRequest(f"{path}: cannot read: {error.strerror or error}") from error
    rdf_format = detect_rdf_format(path, data[:2048])
    graph_iri = URIRef(graph) if graph else URIRef(path.resolve().as_uri())
    if rdf_format in ("json-ld", "application/ld+json"):
        _refuse_remote_contexts(path, data)
    if rdf_format in XML_FORMATS:
        try:
            refuse_expanding_xml(data)
        except BadRequest as error:
            raise BadRequest(f"{path}: {error}") from error
    try:
        parsed = Dataset()
        parsed.parse(data=data, format=rdf_format, publicID=str(graph_iri))
    except Exception as error:  # rdflib's parsers raise many kinds of errors
        raise BadRequest(f"{path}: not valid {rdf_format}: {error}") from error
    result = Dataset()
    for subject, predicate, obj, context in parsed.quads():
        name = getattr(context, "identifier", context)
        in_default = name is None or name == DATASET_DEFAULT_GRAPH_ID
        target = graph_iri if graph or in_default else name
        result.graph(target).add((subject, predicate, obj))
    triples = sum(1 for _ in result.quads())
    write_build(store_dir, result.serialize(format="nquads", encoding="utf-8"), from_current=True)
    return LoadReport(graph_iri, triples, rdf_format)
