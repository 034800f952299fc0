"""Tests for the ontology (OWL), the SHACL shapes and the canned SPARQL queries.

The data graph is what the build writes for the mini notes page (tests/data/web/mini-notes.txt,
the `mini_store` fixture): its notes, links and analysis graphs, without the entailments, which
the reasoner tests derive themselves. So these tests pin the contract between the ontology
files and the `rdf` stage. Where a test needs a shape the build never writes (a broken graph
for a SHACL violation, a missing inverse), it changes a copy of that graph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import owlrl
import pyoxigraph
import pyshacl
import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, SH, SKOS
from rdflib.plugins.sparql import prepareQuery

from conftest import GALORE_TITLE, mini_entity, mini_note, mini_paper
from papergraph.rdf.namespaces import DEFAULT_BASE, OA, PG, graph_iri
from papergraph.store import named_graph, open_store

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "papergraph.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))

PGSH = Namespace("https://w3id.org/papergraph/shapes#")

SCALE_TITLE = "Projected Gradients at Scale"  # the mini page's paper that uses a Llama family
PAPER1 = URIRef(mini_paper(GALORE_TITLE))
PAPER2 = URIRef(mini_paper(SCALE_TITLE))
NOTE1 = URIRef(mini_note(GALORE_TITLE))
GALORE, ADAM, LLAMA, LLAMA_31, LLAMA_31_8B = (
    URIRef(mini_entity(label)) for label in ("GaLore", "Adam", "Llama", "Llama-3.1", "Llama-3.1-8B")
)

ONTOLOGY_GRAPH = str(graph_iri(DEFAULT_BASE, "ontology"))
DATA_GRAPH = str(graph_iri(DEFAULT_BASE, "links"))
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")

SELECTORS_QUERY = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX pg: <https://w3id.org/papergraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?annotation ?text ?start ?end ?exact WHERE {
    ?annotation oa:hasTarget ?target .
    ?target oa:hasSource ?source ; oa:hasSelector ?position , ?quote .
    ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
    ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
    { ?source pg:summary ?text } UNION { ?source dcterms:title ?text }
}
"""


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def built(mini_store) -> Graph:
    """The graphs the build writes for the mini page, but for the entailments and the
    ontology: the notes, links and analysis graphs."""
    dataset = open_store(mini_store)
    graph = Graph()
    for name in ("notes", "links", "analysis"):
        graph += named_graph(dataset, graph_iri(DEFAULT_BASE, name))
    for entity in (GALORE, ADAM, LLAMA, LLAMA_31, LLAMA_31_8B):
        assert (entity, SKOS.prefLabel, None) in graph, entity
    return graph


@pytest.fixture
def data(built: Graph) -> Graph:
    """A copy of the built graph of this test's own (the SHACL tests break it on purpose)."""
    copy = Graph()
    copy += built
    return copy


def validate(ontology: Graph, shapes: Graph, data: Graph) -> tuple[bool, Graph, str]:
    """Validate the ontology and data triples together, as `papergraph validate` does."""
    data_graph = Graph()
    for triple in ontology:
        data_graph.add(triple)
    for triple in data:
        data_graph.add(triple)
    conforms, report, text = pyshacl.validate(data_graph, shacl_graph=shapes, inference="none")
    return conforms, report, text


def violations(report: Graph) -> list[dict[str, object]]:
    """The validation results of a report, one dict each."""
    keys = {
        "focus": SH.focusNode,
        "path": SH.resultPath,
        "component": SH.sourceConstraintComponent,
        "shape": SH.sourceShape,
    }
    return [
        {key: report.value(result, predicate) for key, predicate in keys.items()}
        | {"messages": [str(m) for m in report.objects(result, SH.resultMessage)]}
        for result in report.subjects(RDF.type, SH.ValidationResult)
    ]


def galore_annotation(graph: Graph) -> URIRef:
    """The first annotation of GaLore in the summary of the paper that proposes it."""

    def start(annotation: URIRef) -> int:
        return int(graph.value(selector_of(graph, annotation), OA.start))

    in_note = [
        annotation
        for annotation in graph.subjects(OA.hasBody, GALORE)
        if (graph.value(annotation, OA.hasTarget), OA.hasSource, NOTE1) in graph
    ]
    return min(in_note, key=start)


def annotations(graph: Graph, entity: URIRef, sources: set[URIRef]) -> set[tuple[str, ...]]:
    """(source, exact, start, end) of every annotation of `entity` in one of `sources`."""
    found = set()
    for annotation in graph.subjects(OA.hasBody, entity):
        target = graph.value(annotation, OA.hasTarget)
        source = graph.value(target, OA.hasSource)
        if source not in sources:
            continue
        position = selector_of(graph, annotation)
        quote = next(s for s in graph.objects(target, OA.hasSelector) if s != position)
        start, end = (graph.value(position, term) for term in (OA.start, OA.end))
        found.add((str(source), str(graph.value(quote, OA.exact)), str(start), str(end)))
    return found


def selector_of(graph: Graph, annotation: URIRef) -> object:
    """The oa:TextPositionSelector node of an annotation."""
    target = graph.value(annotation, OA.hasTarget)
    for selector in graph.objects(target, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in graph:
            return selector
    raise AssertionError(f"no position selector on {annotation}")


def pg_terms(graph: Graph) -> set[URIRef]:
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and term.startswith(str(PG))
    }


def subproperties(graph: Graph, prop: URIRef) -> set[URIRef]:
    return set(graph.transitive_subjects(RDFS.subPropertyOf, prop))


def query_params(text: str) -> dict[str, str]:
    return dict(re.findall(r"^# param: (\w+) = (.*)$", text, flags=re.MULTILINE))


def with_param(text: str, name: str, value: str) -> str:
    """Replace the default of a parameter on its VALUES line, as the query runner does."""
    line = re.compile(rf'^(\s*VALUES \?{name} \{{ )"[^"]*"( \}})$', re.MULTILINE)
    replaced, count = line.subn(rf'\g<1>"{value}"\g<2>', text)
    assert count == 1
    return replaced


def rdflib_dataset(data: Graph) -> Dataset:
    dataset = Dataset(default_union=True)
    dataset.graph(URIRef(ONTOLOGY_GRAPH)).parse(ONTOLOGY, format="turtle")
    graph = dataset.graph(URIRef(DATA_GRAPH))
    for triple in data:
        graph.add(triple)
    return dataset


def oxigraph_store(data: Graph) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(
        path=ONTOLOGY,
        format=pyoxigraph.RdfFormat.TURTLE,
        to_graph=pyoxigraph.NamedNode(ONTOLOGY_GRAPH),
    )
    store.load(
        data.serialize(format="nt", encoding="utf-8"),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
        to_graph=pyoxigraph.NamedNode(DATA_GRAPH),
    )
    return store


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_turtle_parses_with_rdflib(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 50


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_turtle_parses_with_pyoxigraph(path: Path) -> None:
    with path.open("rb") as f:
        quads = list(pyoxigraph.parse(f, pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(Graph().parse(path, format="turtle"))


def test_built_offsets_match_quotes(data: Graph) -> None:
    rows = list(data.query(SELECTORS_QUERY))
    assert {row.annotation for row in rows} == set(data.subjects(RDF.type, OA.Annotation))
    assert rows
    for row in rows:
        assert str(row.text)[int(row.start) : int(row.end)] == str(row.exact), row.annotation


def test_every_annotation_of_the_mini_store_has_a_quote_selector(mini_store) -> None:
    """The web tests' fixture is what the build writes: each provenance annotation selects its
    text by position and by quote (the hand-written fixture it replaced had no quotes)."""
    dataset = open_store(mini_store)
    annotations = {row.a for row in dataset.query("SELECT DISTINCT ?a { ?a a oa:Annotation }")}
    quoted = dataset.query(
        "SELECT DISTINCT ?a { ?a a oa:Annotation ; oa:hasTarget/oa:hasSelector ?quote . "
        "?quote a oa:TextQuoteSelector ; oa:exact ?exact }"
    )
    assert annotations and {row.a for row in quoted} == annotations


# ---------------------------------------------------------------------------------------------
# Ontology
# ---------------------------------------------------------------------------------------------


def test_ontology_header(ontology: Graph) -> None:
    iri = URIRef("https://w3id.org/papergraph/ontology")
    assert (iri, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(iri, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(iri, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")
    assert ontology.value(iri, DCTERMS.title) is not None
    assert ontology.value(iri, DCTERMS.description) is not None


def test_every_pg_term_has_english_label_and_comment(ontology: Graph) -> None:
    terms = pg_terms(ontology)
    assert PG.Paper in terms and PG.paperCount in terms
    for term in terms:
        for predicate in (RDFS.label, RDFS.comment):
            values = list(ontology.objects(term, predicate))
            assert any(v.language == "en" for v in values), f"{term} lacks {predicate}@en"


def test_every_pg_term_is_declared(ontology: Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    for term in pg_terms(ontology):
        assert kinds & set(ontology.objects(term, RDF.type)), term


def test_every_property_has_domain_and_range(ontology: Graph) -> None:
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if prop.startswith(str(PG)):
                assert ontology.value(prop, RDFS.domain) is not None, prop
                assert ontology.value(prop, RDFS.range) is not None, prop


def test_mentions_family_has_inverses(ontology: Graph) -> None:
    forward = subproperties(ontology, PG.mentions)
    backward = subproperties(ontology, PG.mentionedIn)
    assert {PG.proposes, PG.uses, PG.evaluatesOn, PG.discusses} <= forward
    assert {PG.proposedBy, PG.usedBy, PG.evaluatedIn, PG.discussedIn} <= backward
    for prop in forward | backward:
        inverses = set(ontology.objects(prop, OWL.inverseOf))
        inverses |= set(ontology.subjects(OWL.inverseOf, prop))
        assert len(inverses) == 1, f"{prop} needs exactly one owl:inverseOf"
        (inverse,) = inverses
        assert inverse in (backward if prop in forward else forward), (prop, inverse)


def test_property_characteristics(ontology: Graph) -> None:
    assert (PG.variantOf, RDF.type, OWL.TransitiveProperty) in ontology
    assert (PG.hasVariant, RDF.type, OWL.TransitiveProperty) in ontology
    assert (PG.variantOf, OWL.inverseOf, PG.hasVariant) in ontology
    assert (PG.coOccursWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert (PG.mentions, RDFS.subPropertyOf, URIRef("https://schema.org/mentions")) in ontology
    assert (PG.hasPaper, RDFS.subPropertyOf, URIRef("https://schema.org/hasPart")) in ontology


def test_class_hierarchy_and_disjointness(ontology: Graph) -> None:
    assert (PG.Entity, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (PG.Paper, RDFS.subClassOf, URIRef("https://schema.org/ScholarlyArticle")) in ontology
    disjoint = [
        set(Collection(ontology, ontology.value(node, OWL.members)))
        for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert {PG.Method, PG.Model, PG.Dataset, PG.Metric, PG.Concept} in disjoint
    assert any({PG.Paper, PG.Note, PG.Collection, PG.Quantity, PG.Entity} <= d for d in disjoint)


def test_owlrl_closure_infers_inverses_superproperties_and_transitivity(
    ontology: Graph, data: Graph
) -> None:
    graph = Graph()
    for triple in ontology:
        graph.add(triple)
    for triple in data:
        graph.add(triple)
    # The analysis writes co-occurrence both ways: one way is left for symmetry to restore.
    graph.remove((ADAM, PG.coOccursWith, GALORE))
    assert (LLAMA_31_8B, PG.variantOf, LLAMA) not in graph  # only through Llama-3.1
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)

    assert (ADAM, PG.usedBy, PAPER1) in graph
    assert (GALORE, PG.mentionedIn, PAPER1) in graph
    assert (PAPER1, PG.mentions, GALORE) in graph
    assert (PAPER1, URIRef("https://schema.org/mentions"), GALORE) in graph
    assert (GALORE, PG.proposedBy, PAPER1) in graph
    assert (LLAMA_31_8B, PG.variantOf, LLAMA) in graph
    assert (LLAMA, PG.hasVariant, LLAMA_31_8B) in graph
    assert (ADAM, PG.coOccursWith, GALORE) in graph
    assert (NOTE1, PG.isNoteOf, PAPER1) in graph
    assert (GALORE, RDF.type, PG.Entity) in graph
    assert (GALORE, RDF.type, SKOS.Concept) in graph


def owlrl_errors(graph: Graph) -> list[str]:
    """The error messages owlrl wrote into a closure (inconsistencies, bad literals)."""
    return [str(message) for _, message in graph.subject_objects(OWLRL_ERROR)]


def test_owlrl_closure_of_valid_data_is_consistent(ontology: Graph, data: Graph) -> None:
    graph = ontology + data
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    # owlrl 7.6 rejects the lexical form of a zero xsd:double ("0.0", as pg:betweenness often
    # is): its _strToDouble requires 1e-330 < |value|. That is a reasoner bug, not bad data.
    errors = [e for e in owlrl_errors(graph) if "'0.0' does not match" not in e]
    assert errors == []


def test_owlrl_closure_flags_an_entity_with_two_types(ontology: Graph, data: Graph) -> None:
    _second_type(data)
    graph = ontology + data
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert any("galore" in e and "disjoint" in e.lower() for e in owlrl_errors(graph))


# ---------------------------------------------------------------------------------------------
# SHACL shapes
# ---------------------------------------------------------------------------------------------


def shape_nodes(shapes: Graph) -> set[object]:
    """Every shape: declared, linked by sh:property/sh:node, or listed in sh:or/sh:xone."""
    nodes: set[object] = set(shapes.subjects(RDF.type, SH.NodeShape))
    nodes |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    nodes |= set(shapes.objects(None, SH.property))
    nodes |= set(shapes.objects(None, SH.node))
    nodes |= set(shapes.objects(None, SH.qualifiedValueShape))
    for list_predicate in (SH["or"], SH.xone):
        for head in shapes.objects(None, list_predicate):
            nodes |= set(Collection(shapes, head))
    return nodes


def test_every_shape_has_label_and_message(shapes: Graph) -> None:
    nodes = shape_nodes(shapes)
    assert PGSH.PaperTitleShape in nodes and PGSH.IsMethod in nodes
    for node in nodes | set(shapes.objects(None, SH.sparql)):
        assert shapes.value(node, RDFS.label) is not None, f"{node} lacks rdfs:label"
        assert shapes.value(node, SH.message) is not None, f"{node} lacks sh:message"


def test_shapes_accept_valid_data(ontology: Graph, shapes: Graph, data: Graph) -> None:
    conforms, _, text = validate(ontology, shapes, data)
    assert conforms, text


def test_shapes_accept_valid_data_after_owlrl_closure(
    ontology: Graph, shapes: Graph, data: Graph
) -> None:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(data)
    conforms, _, text = validate(ontology, shapes, data)
    assert conforms, text


def test_shapes_accept_valid_data_without_ontology(shapes: Graph, data: Graph) -> None:
    conforms, _, text = validate(Graph(), shapes, data)
    assert conforms, text


def _drop_title(g: Graph) -> None:
    g.remove((PAPER1, DCTERMS.title, None))


def _second_pref_label(g: Graph) -> None:
    g.add((GALORE, SKOS.prefLabel, Literal("Galore")))


def _second_type(g: Graph) -> None:
    g.add((GALORE, RDF.type, PG.Model))


def _only_entity_type(g: Graph) -> None:
    g.remove((GALORE, RDF.type, PG.Method))
    g.add((GALORE, RDF.type, PG.Entity))


def _end_beyond_summary(g: Graph) -> None:
    selector = selector_of(g, galore_annotation(g))
    g.set((selector, OA.end, Literal(500, datatype=XSD.nonNegativeInteger)))


def _start_not_before_end(g: Graph) -> None:
    selector = selector_of(g, galore_annotation(g))
    g.set((selector, OA.start, g.value(selector, OA.end)))


def _string_offset(g: Graph) -> None:
    # xsd:integer is accepted as well as xsd:nonNegativeInteger (Oxigraph stores the latter
    # as the former); a string is not.
    selector = selector_of(g, galore_annotation(g))
    g.set((selector, OA.end, Literal(str(g.value(selector, OA.end)))))


def _confidence_above_one(g: Graph) -> None:
    g.set((galore_annotation(g), PG.confidence, Literal(1.5)))


def _variant_of_paper(g: Graph) -> None:
    g.add((LLAMA, PG.variantOf, PAPER1))


def _note_without_source(g: Graph) -> None:
    g.remove((NOTE1, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))


def _integer_degree(g: Graph) -> None:
    g.set((GALORE, PG.degree, Literal(3)))


BROKEN = {
    # name: (mutation, focus node (or how to find it in the graph; None: any), constraint
    # component, source shape)
    "paper-without-title": (_drop_title, PAPER1, SH.MinCountConstraintComponent, "PaperTitleShape"),
    "entity-with-two-preflabels": (
        _second_pref_label,
        GALORE,
        SH.MaxCountConstraintComponent,
        "EntityPrefLabelShape",
    ),
    "entity-with-two-types": (
        _second_type,
        GALORE,
        SH.QualifiedMaxCountConstraintComponent,
        "EntityOneTypeShape",
    ),
    "entity-without-subclass": (
        _only_entity_type,
        GALORE,
        SH.QualifiedMinCountConstraintComponent,
        "EntityOneTypeShape",
    ),
    "end-beyond-summary": (
        _end_beyond_summary,
        galore_annotation,
        SH.SPARQLConstraintComponent,
        "AnnotationShape",
    ),
    "start-not-before-end": (
        _start_not_before_end,
        None,
        SH.LessThanConstraintComponent,
        "SelectorStartShape",
    ),
    "offset-not-an-integer": (
        _string_offset,
        None,
        SH.OrConstraintComponent,
        "SelectorEndShape",
    ),
    "confidence-above-one": (
        _confidence_above_one,
        galore_annotation,
        SH.MaxInclusiveConstraintComponent,
        "AnnotationConfidenceShape",
    ),
    "variant-of-a-paper": (
        _variant_of_paper,
        LLAMA,
        SH.NodeConstraintComponent,
        "EntityVariantOfShape",
    ),
    "note-without-source": (
        _note_without_source,
        NOTE1,
        SH.MinCountConstraintComponent,
        "NoteSourceShape",
    ),
    "integer-degree": (
        _integer_degree,
        GALORE,
        SH.DatatypeConstraintComponent,
        "EntityDegreeShape",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_shapes_report_specific_violation(
    name: str, ontology: Graph, shapes: Graph, data: Graph
) -> None:
    mutate: Callable[[Graph], None]
    mutate, focus, component, shape = BROKEN[name]
    if callable(focus):
        focus = focus(data)
    mutate(data)
    conforms, report, text = validate(ontology, shapes, data)
    assert not conforms
    found = [
        v
        for v in violations(report)
        if v["component"] == component
        and v["shape"] == PGSH[shape]
        and (focus is None or v["focus"] == focus)
    ]
    assert found, text
    assert all(v["messages"] for v in found)


def test_end_beyond_summary_message_names_the_lengths(
    ontology: Graph, shapes: Graph, data: Graph
) -> None:
    _end_beyond_summary(data)
    _, report, _ = validate(ontology, shapes, data)
    messages = [m for v in violations(report) for m in v["messages"]]
    length = len(data.value(NOTE1, PG.summary))
    assert any("500" in m and str(length) in m for m in messages), messages


def test_end_beyond_title_is_reported(ontology: Graph, shapes: Graph, data: Graph) -> None:
    annotation = next(
        a for a in data.subjects(RDF.type, OA.Annotation) if str(a).startswith(f"{PAPER1}#")
    )  # a mention in the title: its source is the paper
    selector = selector_of(data, annotation)
    end = len(data.value(PAPER1, DCTERMS.title)) + 1
    data.set((selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    _, report, text = validate(ontology, shapes, data)
    assert any(
        v["focus"] == annotation and v["component"] == SH.SPARQLConstraintComponent
        for v in violations(report)
    ), text


# ---------------------------------------------------------------------------------------------
# Canned queries
# ---------------------------------------------------------------------------------------------


def test_there_are_canned_queries() -> None:
    assert len(QUERY_FILES) >= 10


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_header(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first, *rest = text.splitlines()
    assert re.fullmatch(r"# title: \S.*", first), first
    for name, default in query_params(text).items():
        assert re.search(rf'^\s*VALUES \?{name} \{{ "{re.escape(default)}" \}}$', text, re.M), name
    for line in rest:
        if line.startswith("# ") and ":" in line.split()[1]:
            assert line.split()[1] in ("description:", "param:", "page:"), line


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_parses_in_rdflib_and_oxigraph(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    prepareQuery(text)
    pyoxigraph.Store().query(text)


# rdflib's own SPARQL evaluator reads the deprecated Dataset.default_context.
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_runs_on_union_default_graph(path: Path, data: Graph) -> None:
    text = path.read_text(encoding="utf-8")
    rdflib_rows = list(rdflib_dataset(data).query(text))
    oxigraph_rows = list(oxigraph_store(data).query(text, use_default_graph_as_union=True))
    # Non-empty results on a real graph are checked in test_queries.py (sample store).
    assert len(rdflib_rows) == len(oxigraph_rows)


def run(name: str, data: Graph, **params: str) -> list[dict[str, str]]:
    """Run a canned query in Oxigraph, as strings, with parameters substituted."""
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    for key, value in params.items():
        text = with_param(text, key, value)
    results = oxigraph_store(data).query(text, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    return [
        {n: row[n].value for n in names if row[n] is not None}
        for row in results  # type: ignore[union-attr]
    ]


def test_papers_using_an_entity_include_its_variants(data: Graph) -> None:
    rows = run("papers-using-entity", data, label="llama")
    assert [(r["paper"], r["entityLabel"]) for r in rows] == [
        (str(PAPER1), "Llama"),
        (str(PAPER2), "Llama-3.1"),
        (str(PAPER2), "Llama-3.1-8B"),
    ]
    rows = run("papers-using-entity", data, label="gradient low-rank projection")
    assert [r["paper"] for r in rows] == [str(PAPER2)]  # the other paper proposes it


def test_acronym_expansion(data: Graph) -> None:
    rows = run("acronym", data, label="gradient-low-rank projection")
    assert {(r["prefLabel"], r["altLabel"]) for r in rows} == {
        ("GaLore", "Gradient Low-Rank Projection")
    }
    assert rows[0]["type"] == str(PG.Method)


def test_link_provenance(data: Graph) -> None:
    rows = run("link-provenance", data, title="with GaLore")
    expected = annotations(data, GALORE, {PAPER1, NOTE1})
    assert {(r["source"], r["exact"], r["start"], r["end"]) for r in rows} == expected
    assert {r["relation"] for r in rows} == {str(PG.proposes)} and expected
    concept = URIRef(mini_entity("low-rank training"))
    rows = run("link-provenance", data, label="low-rank training", title="with galore")
    expected = annotations(data, concept, {PAPER1, NOTE1})
    assert {(r["source"], r["exact"], r["start"], r["end"]) for r in rows} == expected
    assert str(PAPER1) in {source for source, *_ in expected}  # found in the title


def test_variants_hierarchy(data: Graph) -> None:
    rows = run("variants", data)
    assert [(r["variantLabel"], r["parentLabel"], r["depth"]) for r in rows] == [
        ("Llama-3.1", "Llama", "1"),
        ("Llama-3.1-8B", "Llama-3.1", "2"),
    ]


def test_concept_neighbourhood(data: Graph) -> None:
    rows = {r["neighbourLabel"]: r for r in run("concept-neighbourhood", data)}
    assert rows["GaLore"]["sharedPapers"] == "1"
    assert "scaling laws" not in rows
    # The analysis links every two entities of a paper; a graph without that link still
    # finds the neighbour, through the paper.
    data.remove((GALORE, PG.coOccursWith, ADAM))
    data.remove((ADAM, PG.coOccursWith, GALORE))
    rows = {r["neighbourLabel"]: r for r in run("concept-neighbourhood", data, label="GaLore")}
    assert rows["Llama"]["coOccurs"] == "true"
    assert rows["Adam"]["coOccurs"] == "false" and rows["Adam"]["sharedPapers"] == "1"


def test_top_entities_by_pagerank(data: Graph) -> None:
    rows = run("top-entities-pagerank", data)
    ranked = sorted(  # ties by IRI: the page is ranked before any label is looked up
        (-rank.toPython(), str(entity), str(data.value(entity, SKOS.prefLabel)))
        for entity, rank in data.subject_objects(PG.pagerank)
    )
    assert [r["label"] for r in rows] == [label for _, _, label in ranked]
    assert rows[0]["label"] == "GaLore"  # the mini page is written so (in two papers)
