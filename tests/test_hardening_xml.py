"""Issue 13: XML that grows through its DTD fails `papergraph load` at once with one clear line;
XML with a harmless DTD (namespace entities, as ontology editors write) loads as before."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from rdflib import Literal, URIRef

from papergraph.errors import BadRequest
from papergraph.load import load_file
from papergraph.store import named_graph, open_store

RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/"'


def _laughs() -> str:
    """Nine levels of ten references each to "lol": 3,000,000,000 characters of text."""
    entities = '<!ENTITY a "lol">'
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        entities += f'<!ENTITY {name} "{f"&{previous};" * 10}">'
    return entities


def _rdfxml(doctype: str, body: str) -> str:
    return f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [{doctype}]><rdf:RDF {RDF_NS}>{body}</rdf:RDF>'


def _trix(doctype: str, text: str) -> str:
    return (
        f'<?xml version="1.0"?><!DOCTYPE TriX [{doctype}]>'
        '<TriX xmlns="http://www.w3.org/2004/03/trix/trix-1/"><graph><uri>http://ex.org/g</uri>'
        "<triple><uri>http://ex.org/s</uri><uri>http://ex.org/p</uri>"
        f"<plainLiteral>{text}</plainLiteral></triple></graph></TriX>"
    )


QUADRATIC = '<!ENTITY big "' + "x" * 10_000 + '">'
BOMBS = {
    "laughs.rdf": _rdfxml(
        _laughs(), '<rdf:Description rdf:about="http://ex.org/s"><ex:p>&i;</ex:p></rdf:Description>'
    ),
    "laughs-in-attribute.rdf": _rdfxml(
        _laughs(), '<rdf:Description rdf:about="http://ex.org/s" ex:p="&i;"/>'
    ),
    "laughs.trix": _trix(_laughs(), "&i;"),
    "quadratic.rdf": _rdfxml(
        QUADRATIC,
        f'<rdf:Description rdf:about="http://ex.org/s"><ex:p>{"&big;" * 2000}</ex:p>'
        "</rdf:Description>",
    ),
    "quadratic.trix": _trix(QUADRATIC, "&big;" * 2000),
}


def test_the_billion_laughs_file_is_small():
    assert len(BOMBS["laughs.rdf"]) < 700


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_expanding_xml_fails_fast_with_one_line(writable_store, tmp_path, name):
    path = tmp_path / name
    path.write_text(BOMBS[name], encoding="utf-8")
    before = open_store(writable_store)
    triples_before = len(before)
    before.close()
    started = time.perf_counter()
    with pytest.raises(BadRequest) as raised:
        load_file(writable_store, path)
    assert time.perf_counter() - started < 1.0
    message = str(raised.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    assert "entity expansion" in message and "billion laughs" in message
    after = open_store(writable_store)
    assert len(after) == triples_before
    after.close()


def test_the_cli_refuses_billion_laughs_in_one_line_within_a_second(writable_store, tmp_path):
    path = tmp_path / "laughs.rdf"
    path.write_text(BOMBS["laughs.rdf"], encoding="utf-8")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "papergraph", "load", "--store", str(writable_store), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # The interpreter and papergraph's imports take most of this; the refusal takes milliseconds.
    elapsed = time.perf_counter() - started
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and "entity expansion" in result.stderr
    assert elapsed < 10


def test_a_harmless_doctype_still_loads(writable_store, tmp_path):
    """Namespace entities, as Protégé writes them, and a default attribute: well under budget."""
    doctype = (
        '<!ENTITY ex "http://ex.org/"><!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">'
        '<!ATTLIST ex:p xml:lang CDATA "en">'
    )
    body = "".join(
        f'<rdf:Description rdf:about="&ex;s{i}"><ex:p>note {i} &amp; more</ex:p>'
        f'<ex:n rdf:datatype="&xsd;integer">{i}</ex:n></rdf:Description>'
        for i in range(200)
    )
    path = tmp_path / "ontology.owl"
    path.write_text(_rdfxml(doctype, body), encoding="utf-8")
    report = load_file(writable_store, path)
    assert report.triples == 400
    store = open_store(writable_store)
    graph = named_graph(store, report.graph)
    assert (URIRef("http://ex.org/s7"), URIRef("http://ex.org/p"), None) in graph
    assert graph.value(URIRef("http://ex.org/s7"), URIRef("http://ex.org/p")) == Literal(
        "note 7 & more", lang="en"
    )
    store.close()


def test_a_trix_file_without_doctype_still_loads(writable_store, tmp_path):
    path = tmp_path / "plain.trix"
    path.write_text(_trix("", "plain").replace("<!DOCTYPE TriX []>", ""), encoding="utf-8")
    assert load_file(writable_store, path).triples == 1


def test_malformed_xml_is_still_one_clear_line(writable_store, tmp_path):
    path = tmp_path / "broken.rdf"
    path.write_text(_rdfxml("", "<rdf:Description"), encoding="utf-8")
    with pytest.raises(BadRequest, match=r"broken\.rdf: not valid XML: .*:1:\d+: ") as raised:
        load_file(writable_store, path)
    assert "\n" not in str(raised.value)
