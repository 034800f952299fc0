"""The rdf stage: notes and linked mentions in, an rdflib Dataset of named graphs out.

IRIs are `{base}{kind}/{slug}` (DESIGN.md). Slugs come from the text itself (titles, labels,
summaries), never from input order, so the same notes give the same triples in any order.
Annotations and quantities are hash IRIs inside the note (or paper) they were found in.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from rdflib import Dataset, Graph, Literal, URIRef

from papergraph.extract import Mention, QuantityMention
from papergraph.link import Entity, LinkedCorpus
from papergraph.rdf.namespaces import (
    DCTERMS,
    OA,
    PG,
    PREFIXES,
    PROV,
    RDF,
    SKOS,
    XSD,
    graph_iri,
)
from papergraph.read import Note
from papergraph.slugs import slugify

__all__ = ["ResourceIris", "build_dataset", "new_dataset"]


def _digest(text: str, length: int = 8) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


class ResourceIris:
    """Mints the IRIs of papers, notes, collections and entities under one base."""

    def __init__(self, base: str, titles: Iterable[str]) -> None:
        self.base = base
        by_slug: dict[str, set[str]] = defaultdict(set)
        for title in titles:
            by_slug[slugify(title)].add(title)
        # Distinct titles that slugify alike all get a hash suffix, so that no title's IRI
        # depends on which of them came first.
        self._paper_slugs = {
            title: slug if len(same) == 1 else f"{slug}-{_digest(title, 6)}"
            for slug, same in by_slug.items()
            for title in same
        }

    def paper(self, title: str) -> URIRef:
        return URIRef(f"{self.base}paper/{self._paper_slugs[title]}")

    def note(self, note: Note) -> URIRef:
        return URIRef(f"{self.base}note/{self._paper_slugs[note.title]}-{_digest(note.summary)}")

    def collection(self, note: Note) -> URIRef:
        name = " ".join(part for part in (note.venue, note.topic) if part) or note.source.stem
        return URIRef(f"{self.base}collection/{slugify(name)}")

    def entity(self, key: str) -> URIRef:
        return URIRef(f"{self.base}entity/{key}")


def new_dataset() -> Dataset:
    """An empty in-memory Dataset with the papergraph prefixes bound."""
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def _add_notes(graph: Graph, notes: list[Note], iris: ResourceIris) -> None:
    for note in notes:
        paper, note_iri, collection = iris.paper(note.title), iris.note(note), iris.collection(note)
        graph.add((paper, RDF.type, PG.Paper))
        graph.add((paper, DCTERMS.title, Literal(note.title)))
        graph.add((paper, PG.hasNote, note_iri))
        graph.add((paper, PG.inCollection, collection))
        graph.add((note_iri, RDF.type, PG.Note))
        graph.add((note_iri, PG.summary, Literal(note.summary)))
        graph.add((note_iri, PROV.wasDerivedFrom, URIRef(note.source.resolve().as_uri())))
        graph.add((collection, RDF.type, PG.Collection))
        if note.venue:
            graph.add((collection, PG.venue, Literal(note.venue)))
        if note.topic:
            graph.add((collection, PG.topic, Literal(note.topic)))


def _add_entity(graph: Graph, entity: Entity, iris: ResourceIris) -> None:
    subject = iris.entity(entity.key)
    graph.add((subject, RDF.type, PG[entity.entity_type]))
    graph.add((subject, SKOS.prefLabel, Literal(entity.label)))
    for alt_label in sorted(entity.alt_labels):
        graph.add((subject, SKOS.altLabel, Literal(alt_label)))
    if entity.variant_of:
        graph.add((subject, PG.variantOf, iris.entity(entity.variant_of)))
    for vocab_iri in sorted(entity.exact_match):
        graph.add((subject, SKOS.exactMatch, URIRef(vocab_iri)))


def _add_annotation(
    graph: Graph,
    annotation: URIRef,
    body: URIRef,
    source: URIRef,
    span: Mention | QuantityMention,
    rule: str,
    confidence: float,
) -> None:
    """The Web Annotation that says where in `source` the `body` was found (DESIGN.md).

    Its target and selectors get IRIs derived from the annotation's, not blank nodes, so that
    two builds of the same notes give identical triples.
    """
    target, position, quote = (
        URIRef(f"{annotation}.{part}") for part in ("target", "position", "quote")
    )
    graph.add((annotation, RDF.type, OA.Annotation))
    graph.add((annotation, OA.hasBody, body))
    graph.add((annotation, OA.hasTarget, target))
    graph.add((annotation, PG.rule, Literal(rule)))
    graph.add((annotation, PG.confidence, Literal(confidence, datatype=XSD.double)))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, source))
    graph.add((target, OA.hasSelector, position))
    graph.add((target, OA.hasSelector, quote))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(span.text)))


def _add_quantity(graph: Graph, note: Note, quantity: QuantityMention, iris: ResourceIris) -> None:
    note_iri = iris.note(note)
    subject = URIRef(f"{note_iri}#q-{quantity.start}-{quantity.end}")
    graph.add((iris.paper(note.title), PG.reports, subject))
    graph.add((subject, RDF.type, PG.Quantity))
    graph.add((subject, PG.text, Literal(quantity.text)))
    if quantity.value is not None:
        try:
            value = Decimal(repr(quantity.value))
        except InvalidOperation:
            value = None
        if value is not None and value.is_finite():
            graph.add((subject, RDF.value, Literal(value, datatype=XSD.decimal)))
    if quantity.unit:
        graph.add((subject, PG.unit, Literal(quantity.unit)))
    if quantity.measures:
        graph.add((subject, PG.measures, Literal(quantity.measures)))
    annotation = URIRef(f"{note_iri}#qa-{quantity.start}-{quantity.end}")
    _add_annotation(graph, annotation, subject, note_iri, quantity, "quantity", 1.0)


def _add_links(graph: Graph, corpus: LinkedCorpus, iris: ResourceIris) -> None:
    for entity in corpus.entities.values():
        _add_entity(graph, entity, iris)
    for resolved in corpus.mentions:
        note, mention = resolved.note, resolved.mention
        paper, entity = iris.paper(note.title), iris.entity(resolved.entity_key)
        graph.add((paper, PG[resolved.relation], entity))
        source = iris.note(note) if mention.field == "summary" else paper
        annotation = URIRef(
            f"{source}#a-{mention.field}-{mention.start}-{mention.end}-{resolved.entity_key}"
        )
        _add_annotation(
            graph, annotation, entity, source, mention, mention.rule, mention.confidence
        )
    for note, quantity in corpus.quantities:
        _add_quantity(graph, note, quantity, iris)


def build_dataset(notes: list[Note], corpus: LinkedCorpus, *, base: str) -> Dataset:
    """The notes graph and the links graph of `notes` and their linked mentions.

    Args:
        notes: every note read, in any order.
        corpus: the linked mentions of those notes (the link stage's output).
        base: the base IRI of every resource, ending in "/" or "#".
    """
    dataset = new_dataset()
    iris = ResourceIris(base, (note.title for note in notes))
    _add_notes(dataset.graph(graph_iri(base, "notes")), notes, iris)
    _add_links(dataset.graph(graph_iri(base, "links")), corpus, iris)
    return dataset
