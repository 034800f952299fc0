"""Exports parse back, with rdflib and with independent parsers, to the same triples."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from pyld import jsonld
from rdflib import XSD, Dataset, Graph, Literal
from rdflib.compare import isomorphic

from papergraph.errors import NotFound
from papergraph.export import EXPORT_FORMATS, export
from papergraph.rdf.jsonld import write_jsonld
from papergraph.rdf.namespaces import PREFIXES
from papergraph.store import open_store


@pytest.fixture(scope="module")
def exported(sample_store, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    files = {}
    for name, fmt in EXPORT_FORMATS.items():
        files[name] = folder / f"graph.{fmt.extension}"
        with open(files[name], "wb") as stream:
            export(open_store(sample_store), stream, name)
    return files


def _ntriples_count(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@pytest.mark.parametrize("fmt", ["turtle", "rdfxml", "jsonld"])
def test_triple_formats_parse_back_with_rdflib(exported, fmt):
    reference = Graph().parse(exported["ntriples"], format="nt")
    parsed = Graph().parse(
        exported[fmt], format={"turtle": "turtle", "rdfxml": "xml", "jsonld": "json-ld"}[fmt]
    )
    assert len(parsed) == len(reference) == _ntriples_count(exported["ntriples"])
    assert isomorphic(parsed, reference)


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_quad_formats_keep_the_named_graphs(exported, fmt):
    parsed = Dataset().parse(exported[fmt], format=fmt)
    names = {str(graph.identifier) for graph in parsed.graphs() if len(graph)}
    assert {name.rsplit("/", 1)[-1] for name in names} >= {"notes", "links", "ontology"}
    union = {triple for graph in parsed.graphs() for triple in graph}
    assert len(union) == _ntriples_count(exported["ntriples"])


@pytest.mark.skipif(
    shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed"
)
@pytest.mark.parametrize(
    ("fmt", "syntax"), [("turtle", "turtle"), ("ntriples", "ntriples"), ("rdfxml", "rdfxml")]
)
def test_independent_parser_rapper_counts_the_same_triples(exported, fmt, syntax):
    run = subprocess.run(
        ["rapper", "-i", syntax, "-o", "ntriples", str(exported[fmt])],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    assert len(lines) == _ntriples_count(exported["ntriples"])


def test_independent_parser_pyld_counts_the_same_triples(exported):
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert isinstance(document.get("@context"), dict), "the context must be inline"
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert len({line for line in nquads.splitlines() if line.strip()}) == _ntriples_count(
        exported["ntriples"]
    )


def _doubles_by_value(graph: Graph) -> Graph:
    """`graph` with each xsd:double in one spelling, to 16 significant digits: pyld rewrites
    the doubles it reads so (0.036429517965123046 becomes 3.642951796512305E-2)."""
    same = Graph()
    for subject, predicate, obj in graph:
        if isinstance(obj, Literal) and obj.datatype == XSD.double:
            obj = Literal(f"{float(obj):.15E}", datatype=XSD.double)
        same.add((subject, predicate, obj))
    return same


def _read_with_pyld(document: dict) -> Graph:
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    return _doubles_by_value(Graph().parse(data=nquads, format="nt"))


def test_pyld_reads_the_jsonld_back_to_the_ntriples_graph(exported):
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    reference = Graph().parse(exported["ntriples"], format="nt")
    assert isomorphic(_read_with_pyld(document), _doubles_by_value(reference))


def test_jsonld_has_one_node_object_per_subject_and_graph(sample_store, exported):
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    subjects_per_graph = open_store(sample_store).query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    (count,) = [int(row[0]) for row in subjects_per_graph]
    assert len(document["@graph"]) == count
    assert all(isinstance(node["@id"], str) for node in document["@graph"])
    types = set()
    for node in document["@graph"]:
        found = node.get("@type", [])
        types.update(found if isinstance(found, list) else [found])
    assert "pg:Paper" in types and "skos:Concept" in types


def test_jsonld_keeps_every_kind_of_term(tmp_path):
    iri, literal = pyoxigraph.NamedNode, pyoxigraph.Literal
    paper, blank = iri("https://w3id.org/papergraph/id/paper/p"), pyoxigraph.BlankNode("b1")
    pg, xsd = PREFIXES["pg"], PREFIXES["xsd"]
    triples = [
        pyoxigraph.Triple(paper, iri(PREFIXES["rdf"] + "type"), iri(pg + "Paper")),
        pyoxigraph.Triple(paper, iri(PREFIXES["dcterms"] + "title"), literal('A "title" é')),
        pyoxigraph.Triple(
            paper, iri(PREFIXES["dcterms"] + "title"), literal("Titel", language="de")
        ),
        pyoxigraph.Triple(
            paper, iri(pg + "pagerank"), literal("1.0E-3", datatype=iri(xsd + "double"))
        ),
        pyoxigraph.Triple(paper, iri(pg + "reports"), blank),
        pyoxigraph.Triple(paper, iri(pg + "odd:local"), iri("urn:x:1")),
        pyoxigraph.Triple(
            blank, iri(PREFIXES["rdf"] + "value"), literal("0.10", datatype=iri(xsd + "decimal"))
        ),
        pyoxigraph.Triple(paper, iri(pg + "venue"), literal("again, after the blank node")),
    ]
    path = tmp_path / "terms.jsonld"
    with open(path, "wb") as stream:
        write_jsonld(triples, stream, prefixes=PREFIXES)
    expected = Graph().parse(
        data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES), format="nt"
    )
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"] == PREFIXES
    assert len(document["@graph"]) == 3  # the paper, the blank node, the paper again
    assert isomorphic(Graph().parse(path, format="json-ld"), expected)
    assert isomorphic(_read_with_pyld(document), _doubles_by_value(expected))


def test_turtle_uses_the_design_prefixes(exported):
    head = exported["turtle"].read_text(encoding="utf-8")[:2000]
    for prefix in ("pg:", "skos:", "dcterms:", "oa:", "prov:"):
        assert f"@prefix {prefix}" in head or f"PREFIX {prefix}" in head


def test_one_named_graph(sample_store, tmp_path):
    path = tmp_path / "notes.nt"
    with open(path, "wb") as stream:
        export(open_store(sample_store), stream, "ntriples", graph="notes")
    text = path.read_text(encoding="utf-8")
    assert "ontology#Paper" in text and "oa#Annotation" not in text


def test_unknown_graph_is_not_found(sample_store, tmp_path):
    with pytest.raises(NotFound, match="no named graph"), open(tmp_path / "x", "wb") as stream:
        export(open_store(sample_store), stream, "turtle", graph="http://example.org/nothing")
