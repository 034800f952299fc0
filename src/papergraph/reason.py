"""The reason stage: the OWL 2 RL entailments of the data under the papergraph ontology.

Two engines give the same triples:

- `owlrl`: the OWL 2 RL closure by the owlrl package, filtered to what users want in their
  data (see `useful_entailments`). Complete, but slow: seconds per ten thousand triples.
- `fast` (`Reasoner`): the axiom kinds the ontology uses (sub-properties, inverses, symmetric
  and transitive properties, domains, ranges, sub-classes) compiled into per-predicate rules
  over N-Triples terms, applied block by block as the build streams its triples. Linear in
  the data and never holds the whole graph; `tests/test_reason.py` proves it equal to the
  owlrl path on the sample graph.

`infer(..., engine="auto")` uses owlrl on small graphs and the fast path above
`OWLRL_MAX_TRIPLES`. (A third way, the rules as SPARQL UPDATE inside Oxigraph, was measured
and dropped: 2.4 M inserted triples took 117 s and 4.5 GB, where the compiled rules take
seconds.)

What is kept: triples about the data's own resources (papers, notes, entities, ...): their
types from domains, ranges and sub-classes, inverse and super-property links (pg:usedBy,
pg:mentions, schema:mentions, ...), and transitive closures (pg:variantOf,
skos:broaderTransitive). What is dropped: triples about vocabulary terms (owlrl's axiomatic
and schema triples), reflexive owl:sameAs, owl:Thing and rdfs:Resource typing, and triples
whose subject is a literal (datatype noise).
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

import owlrl
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from papergraph.rdf.namespaces import PREFIXES, SKOS
from papergraph.rdf.terms import Triple, is_literal, rdflib_term

__all__ = [
    "ENGINES",
    "OWLRL_MAX_TRIPLES",
    "SKOS_AXIOMS",
    "Reasoner",
    "fast_entailments",
    "infer",
    "useful_entailments",
]

logger = logging.getLogger(__name__)

OWLRL_MAX_TRIPLES = 3_000
ENGINES = ("auto", "owlrl", "fast")

RdfTriple = tuple[Node, Node, Node]

# The part of the SKOS data model the reasoner needs (SKOS Reference, sections 8.6 and 8.7);
# the SKOS RDF schema itself is not shipped.
SKOS_AXIOMS: tuple[RdfTriple, ...] = (
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


def useful_entailments(inferred: Iterable[RdfTriple], schema: Graph) -> set[RdfTriple]:
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


def _owlrl_entailments(data: Graph, schema: Graph) -> set[RdfTriple]:
    closure = Graph()
    closure += schema
    closure += data
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)
    new = (triple for triple in closure if triple not in data and triple not in schema)
    return useful_entailments(new, schema)


def _transitive_closure(pairs: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each key, every node reachable from it (excluding itself unless on a cycle)."""
    closed: dict[str, set[str]] = {}
    for start in pairs:
        seen: set[str] = set()
        stack = list(pairs[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(pairs.get(node, ()))
        closed[start] = seen
    return closed


def _vocabulary_filter(schema: Graph) -> Callable[[str], bool]:
    """Whether a subject term is one `useful_entailments` keeps (a data resource)."""
    vocabulary_terms = {
        rdflib_term(term) for term in set(schema.subjects()) | set(schema.objects())
    }
    vocabulary_prefixes = tuple(f"<{namespace}" for namespace in _VOCABULARY_NAMESPACES)

    def is_data(subject: str) -> bool:
        return not (
            is_literal(subject)
            or subject in vocabulary_terms
            or subject.startswith(vocabulary_prefixes)
        )

    return is_data


def _type_key(subject: str, cls: str) -> bytes:
    return hashlib.blake2b(f"{subject} {cls}".encode(), digest_size=16).digest()


class Reasoner:
    """The fast engine: the ontology's axioms compiled into per-predicate rules over
    N-Triples terms.

    For each predicate the rules list everything one triple entails on its own (its super-
    properties, inverses and symmetric form, closed under each other, and the types its
    domains and ranges give, closed under sub-classes), so a triple's consequences need no
    further chaining; only transitive properties need the other triples, and
    `transitive_entailments` adds their closure once every block has been seen.

    `entailments(block)` is called once per block of triples that belong together (a note,
    an entity): duplicates within a block and types already stated anywhere are dropped, so the
    inferred graph holds what the data does not already say.
    """

    def __init__(self, ontology: Graph) -> None:
        schema = _schema(ontology)

        def pairs(predicate: Node) -> dict[str, set[str]]:
            found: dict[str, set[str]] = defaultdict(set)
            for subject, obj in schema.subject_objects(predicate):
                found[rdflib_term(subject)].add(rdflib_term(obj))
            return found

        super_properties = _transitive_closure(pairs(RDFS.subPropertyOf))
        super_classes = _transitive_closure(pairs(RDFS.subClassOf))
        inverses: dict[str, set[str]] = defaultdict(set)
        for one, other in schema.subject_objects(OWL.inverseOf):
            inverses[rdflib_term(one)].add(rdflib_term(other))
            inverses[rdflib_term(other)].add(rdflib_term(one))
        symmetric = {rdflib_term(term) for term in schema.subjects(RDF.type, OWL.SymmetricProperty)}
        self.transitive = {
            rdflib_term(term) for term in schema.subjects(RDF.type, OWL.TransitiveProperty)
        }
        unwanted = {rdflib_term(term) for term in _UNWANTED_TYPES}
        self._super_classes = {
            cls: sorted(supers - unwanted) for cls, supers in super_classes.items()
        }
        self._domains, self._ranges = pairs(RDFS.domain), pairs(RDFS.range)
        predicates = (
            set(super_properties)
            | set(inverses)
            | symmetric
            | self.transitive
            | set(self._domains)
            | set(self._ranges)
        )
        self._rules = {
            predicate: self._compile(predicate, super_properties, inverses, symmetric)
            for predicate in predicates
        }
        self._is_data = _vocabulary_filter(schema)
        self._type = rdflib_term(RDF.type)
        # Only types the rules can entail need remembering (to leave out restatements).
        self._entailable_classes = {
            cls
            for _, subject_classes, object_classes in self._rules.values()
            for cls in (*subject_classes, *object_classes)
        } | {cls for supers in self._super_classes.values() for cls in supers}
        # Every typed resource of a large build passes through here (1.4 M annotations at
        # 100,000 notes): a 16-byte digest of each (resource, class) pair takes a third of the
        # memory of the pair's strings, and 128-bit digests do not collide in practice.
        self._stated_types: set[bytes] = set()
        self._transitive_pairs: dict[str, dict[str, set[str]]] = {
            predicate: defaultdict(set) for predicate in self.transitive
        }

    def _classes(self, classes: Iterable[str]) -> set[str]:
        found = set()
        for cls in classes:
            found.add(cls)
            found.update(self._super_classes.get(cls, ()))
        return found

    def _compile(
        self,
        predicate: str,
        super_properties: dict[str, set[str]],
        inverses: dict[str, set[str]],
        symmetric: set[str],
    ) -> tuple[list[tuple[str, bool]], list[str], list[str]]:
        """(property, inverted) pairs a `predicate` triple entails, and the classes of its
        subject and of its object."""
        reached = {(predicate, False)}
        frontier = [(predicate, False)]
        while frontier:
            current, inverted = frontier.pop()
            following = [(sup, inverted) for sup in super_properties.get(current, ())]
            following += [(inverse, not inverted) for inverse in inverses.get(current, ())]
            if current in symmetric:
                following.append((current, not inverted))
            for step in following:
                if step not in reached:
                    reached.add(step)
                    frontier.append(step)
        subject_classes: set[str] = set()
        object_classes: set[str] = set()
        for current, inverted in reached:
            domains, ranges = self._domains.get(current, ()), self._ranges.get(current, ())
            subject_classes.update(ranges if inverted else domains)
            object_classes.update(domains if inverted else ranges)
        properties = sorted(reached - {(predicate, False)})
        return (
            properties,
            sorted(self._classes(subject_classes)),
            sorted(self._classes(object_classes)),
        )

    def _consequences(self, triple: Triple) -> Iterator[Triple]:
        subject, predicate, obj = triple
        if predicate == self._type:
            for cls in self._super_classes.get(obj, ()):
                yield subject, predicate, cls
            return
        rule = self._rules.get(predicate)
        if rule is None:
            return
        properties, subject_classes, object_classes = rule
        object_is_literal = is_literal(obj)
        for entailed, inverted in properties:
            if not inverted:
                yield subject, entailed, obj
            elif not object_is_literal:
                yield obj, entailed, subject
        for cls in subject_classes:
            yield subject, self._type, cls
        if not object_is_literal:
            for cls in object_classes:
                yield obj, self._type, cls

    def _remember(self, triple: Triple) -> None:
        subject, predicate, obj = triple
        if predicate == self._type:
            if obj in self._entailable_classes:
                self._stated_types.add(_type_key(subject, obj))
        elif predicate in self.transitive:
            self._transitive_pairs[predicate][subject].add(obj)

    def entailments(self, block: Iterable[Triple]) -> list[Triple]:
        """The entailments of one block of triples (all but transitive closures)."""
        stated = set(block)
        for triple in stated:
            self._remember(triple)
        found: set[Triple] = set()
        for triple in stated:
            found.update(self._consequences(triple))
        return self._new(found - stated)

    def _new(self, found: Iterable[Triple]) -> list[Triple]:
        new = []
        for triple in found:
            subject, predicate, obj = triple
            if not self._is_data(subject):
                continue
            if predicate == self._type:
                if _type_key(subject, obj) in self._stated_types:
                    continue
            elif predicate in self.transitive and obj in self._transitive_pairs[predicate][subject]:
                continue
            self._remember(triple)
            new.append(triple)
        return new

    def transitive_entailments(self) -> list[Triple]:
        """The closure of the transitive properties over every block seen, and what it entails."""
        entailed: list[Triple] = []
        while True:
            closing: set[Triple] = set()
            for predicate, pairs in self._transitive_pairs.items():
                for subject, reachable in _transitive_closure(pairs).items():
                    closing.update((subject, predicate, obj) for obj in reachable - pairs[subject])
            if not closing:
                return entailed
            found = set(closing)
            for triple in closing:
                found.update(self._consequences(triple))
            entailed.extend(self._new(found))


def fast_entailments(data: Graph, ontology: Graph) -> set[RdfTriple]:
    """The fast engine's entailments of the rdflib graph `data`, as rdflib triples.

    Every entailed term comes from the data or the ontology, and is given back as the very
    rdflib term it came from.
    """
    terms: dict[str, Node] = {}

    def text(term: Node) -> str:
        key = rdflib_term(term)
        terms.setdefault(key, term)
        return key

    for triple in _schema(ontology):
        for term in triple:
            text(term)
    reasoner = Reasoner(ontology)
    entailed = reasoner.entailments(tuple(map(text, triple)) for triple in data)
    entailed += reasoner.transitive_entailments()
    return {(terms[s], terms[p], terms[o]) for s, p, o in entailed}


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
        triples: Iterable[RdfTriple] = _owlrl_entailments(data, _schema(ontology))
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
