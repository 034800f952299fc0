"""Reasoning: the fast engine equals owlrl, and the entailments users rely on are there."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace

from papergraph.rdf.namespaces import DEFAULT_BASE, PG, PREFIXES, SKOS, graph_iri
from papergraph.rdf.ontology import load_ontology
from papergraph.reason import infer
from papergraph.store import named_graph, open_store

EX = Namespace("http://example.org/")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def sample_data(sample_store) -> Graph:
    dataset = open_store(sample_store)
    data = Graph()
    for name in ("notes", "links"):
        data += named_graph(dataset, graph_iri(DEFAULT_BASE, name))
    return data


def test_fast_engine_gives_exactly_the_owlrl_entailments(sample_data, ontology):
    fast = set(infer(sample_data, ontology, engine="fast"))
    slow = set(infer(sample_data, ontology, engine="owlrl"))
    assert fast == slow
    assert len(fast) > len(sample_data) / 10


def test_every_link_has_its_inverse_and_a_mention(sample_store):
    dataset = open_store(sample_store)
    for relation, inverse in (
        ("proposes", "proposedBy"),
        ("uses", "usedBy"),
        ("evaluatesOn", "evaluatedIn"),
        ("discusses", "discussedIn"),
    ):
        missing = list(
            dataset.query(
                f"""SELECT ?p ?e {{ ?p pg:{relation} ?e . FILTER NOT EXISTS {{
                    ?e pg:{inverse} ?p . ?p pg:mentions ?e . ?e pg:mentionedIn ?p }} }}"""
            )
        )
        assert missing == [], f"{relation} links without entailments: {missing[:3]}"
    assert list(dataset.query("ASK { ?p pg:uses ?e }")) == [True]


def test_inferred_graph_holds_no_vocabulary_noise(sample_store):
    inferred = named_graph(open_store(sample_store), graph_iri(DEFAULT_BASE, "inferred"))
    assert len(inferred) > 0
    for subject, predicate, obj in inferred:
        assert not str(subject).startswith(tuple(PREFIXES.values())), subject
        assert not (predicate == OWL.sameAs and subject == obj)
        assert obj not in (OWL.Thing,)


@pytest.mark.parametrize("engine", ["owlrl", "fast"])
def test_transitive_variants_and_broader(ontology, engine):
    data = Graph()
    for entity, cls in ((EX.llama318b, PG.Model), (EX.llama31, PG.Model), (EX.llama, PG.Model)):
        data.add((entity, RDF.type, cls))
    data.add((EX.llama318b, PG.variantOf, EX.llama31))
    data.add((EX.llama31, PG.variantOf, EX.llama))
    data.add((EX.adam, SKOS.broader, EX.optimiser))
    data.add((EX.optimiser, SKOS.broader, EX.method))
    data.add((EX.paper, PG.uses, EX.llama318b))
    inferred = infer(data, ontology, engine=engine)
    assert (EX.llama318b, PG.variantOf, EX.llama) in inferred
    assert (EX.llama, PG.hasVariant, EX.llama318b) in inferred
    assert (EX.adam, SKOS.broaderTransitive, EX.method) in inferred
    assert (EX.llama318b, PG.usedBy, EX.paper) in inferred
    assert (EX.llama318b, RDF.type, PG.Entity) in inferred
    assert (EX.paper, RDF.type, PG.Paper) in inferred


@pytest.fixture(scope="module")
def every_axiom_data(ontology) -> Graph:
    """One use of every property the ontology names (two chained for a transitive one, a
    literal for a datatype property) and one instance of every class: each rule kind fires.
    Subjects also state the type their property's domain entails, which is no new triple."""
    properties = {SKOS.broader, SKOS.narrower, SKOS.related}
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.TransitiveProperty, RDF.Property):
        properties |= set(ontology.subjects(RDF.type, kind))
    properties |= set(ontology.subjects(RDFS.subPropertyOf))
    properties |= set(ontology.objects(None, RDFS.subPropertyOf))
    properties |= set(ontology.objects(None, OWL.inverseOf))
    data = Graph()
    for i, prop in enumerate(sorted(properties)):
        if (prop, RDF.type, OWL.DatatypeProperty) in ontology:
            data.add((EX[f"a{i}"], prop, Literal(f"value {i}")))
            continue
        data.add((EX[f"a{i}"], prop, EX[f"b{i}"]))
        for domain in ontology.objects(prop, RDFS.domain):  # stated as well as entailed
            data.add((EX[f"a{i}"], RDF.type, domain))
        if (prop, RDF.type, OWL.TransitiveProperty) in ontology or prop == SKOS.broader:
            data.add((EX[f"b{i}"], prop, EX[f"c{i}"]))
    for i, cls in enumerate(sorted(ontology.subjects(RDF.type, OWL.Class))):
        data.add((EX[f"x{i}"], RDF.type, cls))
    return data


def test_fast_engine_equals_owlrl_on_every_axiom_kind(every_axiom_data, ontology):
    fast = set(infer(every_axiom_data, ontology, engine="fast"))
    assert fast == set(infer(every_axiom_data, ontology, engine="owlrl"))
    assert len(fast) > len(every_axiom_data)
    assert not fast & set(every_axiom_data)


@pytest.mark.parametrize("engine", ["auto", "owlrl", "fast"])
def test_infer_adds_to_the_graph_it_is_given(ontology, engine):
    data = Graph()
    data.add((EX.paper, PG.uses, EX.model))
    into = Graph()
    into.add((EX.kept, RDF.type, PG.Paper))
    assert infer(data, ontology, engine=engine, into=into) is into
    assert (EX.model, PG.usedBy, EX.paper) in into and (EX.kept, RDF.type, PG.Paper) in into


def test_unknown_engine_is_refused(ontology):
    with pytest.raises(ValueError, match="unknown reasoning engine"):
        infer(Graph(), ontology, engine="hermit")
