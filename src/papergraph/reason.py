"""The reason stage: the OWL 2 RL entailments of the data under the papergraph ontology.

Two engines give the same triples:

- `owlrl`: the OWL 2 RL closure by the owlrl package, filtered to what users want in their
  data (see `useful_entailments`). Complete, but slow: seconds per ten thousand triples.
- `fast`: a semi-naive forward chainer over just the axiom kinds the ontology uses
  (sub-properties, inverses, symmetric and transitive properties, domains, ranges,
  sub-classes). Linear in the data; `tests/test_reason.py` proves it equal to the owlrl
  path on the sample graph.

`infer(..., engine="auto")` uses owlrl on small graphs and the fast path above
`OWLRL_MAX_TRIPLES`.

What is kept: triples about the data's own resources (papers, notes, entities, ...): their
types from domains, ranges and sub-classes, inverse and super-property links (pg:usedBy,
pg:mentions, schema:mentions, ...), and transitive closures (pg:variantOf,
skos:broaderTransitive). What is dropped: triples about vocabulary terms (owlrl's axiomatic
and schema triples), reflexive owl:sameAs, owl:Thing and rdfs:Resource typing, and triples
whose subject is a literal (datatype noise).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

import owlrl
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from papergraph.rdf.namespaces import PREFIXES, SKOS

__all__ = [
    "ENGINES",
    "OWLRL_MAX_TRIPLES",
    "SKOS_AXIOMS",
    "fast_entailments",
    "infer",
    "useful_entailments",
]

logger = logging.getLogger(__name__)

OWLRL_MAX_TRIPLES = 3_000
ENGINES = ("auto", "owlrl", "fast")

Triple = tuple[Node, Node, Node]

# The part of the SKOS data model the reasoner needs (SKOS Reference, sections 8.6 and 8.7);
# the SKOS RDF schema itself is not shipped.
SKOS_AXIOMS: tuple[Triple, ...] = (
    (SKOS.broader, RDFS.subPropertyOf, SKOS.broaderTransitive),
    (SKOS.narrower, RDFS.subPropertyOf, SKOS.narrowerTransitive),
    (SKOS.broader, OWL.inverseOf, SKOS.narrower),
    (SKOS.broaderTransitive, OWL.inverseOf, SKOS.narrowerTransitive),
    (SKOS.broaderTransitive, RDF.type, OWL.TransitiveProperty),
    (SKOS.narrowerTransitive, RDF.type, OWL.TransitiveProperty),
)

_UNWANTED_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}
_VOCABULARY_NAMESPACES = tuple(PREFIXES.values())


def _schema(ontology: Graph) -> Graph:
    schema = Graph()
    schema += ontology
    for triple in SKOS_AXIOMS:
        schema.add(triple)
    return schema


def useful_entailments(inferred: Iterable[Triple], schema: Graph) -> set[Triple]:
    """Keep the entailments about data resources; drop vocabulary-level and noise triples."""
    vocabulary_terms = set(schema.subjects()) | set(schema.objects())
    kept = set()
    for subject, predicate, obj in inferred:
        if isinstance(subject, Literal) or subject in vocabulary_terms:
            continue
        if isinstance(subject, URIRef) and str(subject).startswith(_VOCABULARY_NAMESPACES):
            continue
        if predicate == OWL.sameAs and subject == obj:
            continue
        if predicate == RDF.type and obj in _UNWANTED_TYPES:
            continue
        kept.add((subject, predicate, obj))
    return kept


def _owlrl_entailments(data: Graph, schema: Graph) -> set[Triple]:
    closure = Graph()
    closure += schema
    closure += data
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)
    new = (triple for triple in closure if triple not in data and triple not in schema)
    return useful_entailments(new, schema)


def _transitive_closure(pairs: dict[Node, set[Node]]) -> dict[Node, set[Node]]:
    """For each key, every node reachable from it (excluding itself unless on a cycle)."""
    closed: dict[Node, set[Node]] = {}
    for start in pairs:
        seen: set[Node] = set()
        stack = list(pairs[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(pairs.get(node, ()))
        closed[start] = seen
    return closed


class _Axioms:
    """The ontology's axioms, indexed for forward chaining."""

    def __init__(self, schema: Graph) -> None:
        def pairs(predicate: Node) -> dict[Node, set[Node]]:
            found: dict[Node, set[Node]] = defaultdict(set)
            for subject, obj in schema.subject_objects(predicate):
                found[subject].add(obj)
            return found

        self.super_properties = _transitive_closure(pairs(RDFS.subPropertyOf))
        self.super_classes = _transitive_closure(pairs(RDFS.subClassOf))
        self.inverses: dict[Node, set[Node]] = defaultdict(set)
        for one, other in schema.subject_objects(OWL.inverseOf):
            self.inverses[one].add(other)
            self.inverses[other].add(one)
        self.domains = pairs(RDFS.domain)
        self.ranges = pairs(RDFS.range)
        self.transitive = set(schema.subjects(RDF.type, OWL.TransitiveProperty))
        self.symmetric = set(schema.subjects(RDF.type, OWL.SymmetricProperty))

    def _classes(self, cls: Node) -> set[Node]:
        return {cls} | self.super_classes.get(cls, set())

    def consequences(self, triple: Triple) -> Iterable[Triple]:
        """What one triple entails on its own (everything but transitivity)."""
        subject, predicate, obj = triple
        for super_property in self.super_properties.get(predicate, ()):
            yield subject, super_property, obj
        if not isinstance(obj, Literal):
            for inverse in self.inverses.get(predicate, ()):
                yield obj, inverse, subject
            if predicate in self.symmetric:
                yield obj, predicate, subject
            for cls in self.ranges.get(predicate, ()):
                yield from ((obj, RDF.type, c) for c in self._classes(cls))
        for cls in self.domains.get(predicate, ()):
            yield from ((subject, RDF.type, c) for c in self._classes(cls))
        if predicate == RDF.type:
            yield from ((subject, RDF.type, c) for c in self.super_classes.get(obj, ()))


def fast_entailments(data: Graph, ontology: Graph) -> set[Triple]:
    """The OWL 2 RL entailments of `data` for the axiom kinds the ontology uses, fast."""
    schema = _schema(ontology)
    axioms = _Axioms(schema)
    facts: set[Triple] = set(data)
    by_subject: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
    by_object: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
    for subject, predicate, obj in facts:
        if predicate in axioms.transitive:
            by_subject[subject, predicate].add(obj)
            by_object[obj, predicate].add(subject)
    delta = set(facts)
    while delta:
        found: set[Triple] = set()
        for triple in delta:
            found.update(axioms.consequences(triple))
            subject, predicate, obj = triple
            if predicate in axioms.transitive:
                found.update((subject, predicate, o) for o in by_subject.get((obj, predicate), ()))
                found.update((s, predicate, obj) for s in by_object.get((subject, predicate), ()))
        delta = found - facts
        facts |= delta
        for subject, predicate, obj in delta:
            if predicate in axioms.transitive:
                by_subject[subject, predicate].add(obj)
                by_object[obj, predicate].add(subject)
    return useful_entailments(facts - set(data), schema)


def infer(
    data: Graph, ontology: Graph, *, engine: str = "auto", into: Graph | None = None
) -> Graph:
    """The entailed triples of `data` under `ontology` that `data` does not already hold.

    Args:
        data: the asserted triples (notes, links, ...).
        ontology: the papergraph ontology.
        engine: "owlrl", "fast", or "auto" (owlrl up to OWLRL_MAX_TRIPLES triples).
        into: the graph to add them to (a new one by default); returned.

    Raises:
        ValueError: unknown engine.
    """
    if engine == "auto":
        engine = "owlrl" if len(data) <= OWLRL_MAX_TRIPLES else "fast"
    if engine == "owlrl":
        triples = _owlrl_entailments(data, _schema(ontology))
    elif engine == "fast":
        triples = fast_entailments(data, ontology)
    else:
        raise ValueError(
            f"unknown reasoning engine {engine!r}; expected one of {', '.join(ENGINES)}"
        )
    logger.info("%s reasoning entailed %d triples", engine, len(triples))
    inferred = into if into is not None else Graph()
    for triple in triples:
        inferred.add(triple)
    return inferred
