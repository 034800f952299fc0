"""The rdf stage: notes and linked mentions in, blocks of N-Quads out.

IRIs are `{base}{kind}/{slug}` (docs/ARCHITECTURE.md). Slugs come from the text itself
(titles, labels, summaries), never from input order, so the same notes give the same triples
in any order.
Annotations and quantities are hash IRIs inside the note (or paper) they were found in.

The quads come in blocks, one per note (its paper, collection, links, annotations and
quantities) and one per entity, so that the build can reason about a block and write it out
without ever holding the whole graph.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import quote

from papergraph.extract import Mention, QuantityMention
from papergraph.link import Entity, LinkedCorpus, ResolvedMention
from papergraph.rdf.namespaces import DCTERMS, OA, PG, PROV, RDF, RDFS, SKOS, XSD, graph_iri
from papergraph.rdf.terms import Quad, iri, literal
from papergraph.read import Note
from papergraph.slugs import slugify

__all__ = ["ResourceIris", "note_blocks"]


def _digest(text: str, length: int = 8) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def source_names(paths: Iterable[Path]) -> dict[Path, str]:
    """A name for each notes file that tells it from the others without the folders of the
    machine that read it: its file name or, where files share one, its path below their
    deepest common folder ("2025/notes.md", "2026/notes.md")."""
    resolved = {path: path.resolve() for path in paths}
    sharing: dict[str, set[Path]] = defaultdict(set)
    for full in resolved.values():
        sharing[full.name].add(full)
    names = {}
    for path, full in resolved.items():
        same = sharing[full.name]
        common = Path(os.path.commonpath(same)) if len(same) > 1 else full.parent
        names[path] = full.relative_to(common).as_posix()
    return names


def collection_label(note: Note) -> str:
    """How people tell the note's collection from the others: venue and topic ("NeurIPS 2025 ·
    Pretraining"), else the name of its file."""
    return " · ".join(part for part in (note.venue, note.topic) if part) or note.source.stem


class ResourceIris:
    """Mints the IRIs of papers, notes, collections and entities under one base (as N-Triples
    terms)."""

    def __init__(
        self,
        base: str,
        titles: Iterable[str],
        *,
        sources: Iterable[Path] = (),
        source_base: str | None = None,
    ) -> None:
        self.base = base
        self.source_base = source_base if source_base is not None else f"{base}source/"
        self._source_names = source_names(sources)
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
        # Each note's IRIs recur in every one of its annotations: made once.
        self._papers: dict[str, str] = {}
        self._notes: dict[tuple[str, str | None], str] = {}
        self._sources: dict[Path, str] = {}

    def paper(self, title: str) -> str:
        if (known := self._papers.get(title)) is None:
            known = self._papers[title] = iri(f"{self.base}paper/{self._paper_slugs[title]}")
        return known

    def note(self, note: Note) -> str:
        key = (note.title, note.summary)
        if (known := self._notes.get(key)) is None:
            slug = f"{self._paper_slugs[note.title]}-{_digest(note.summary)}"
            known = self._notes[key] = iri(f"{self.base}note/{slug}")
        return known

    def source(self, note: Note) -> str:
        """The file the note was read from: its name (`source_names`) under the source base,
        never a path of the machine that built the graph."""
        if (known := self._sources.get(note.source)) is None:
            name = self._source_names.get(note.source) or note.source.name
            known = self._sources[note.source] = iri(self.source_base + quote(name, safe="/"))
        return known

    def collection(self, note: Note) -> str:
        return iri(f"{self.base}collection/{slugify(collection_label(note))}")

    def entity(self, key: str) -> str:
        return iri(f"{self.base}entity/{key}")


_TYPE = iri(str(RDF.type))
_NON_NEGATIVE = str(XSD.nonNegativeInteger)


@functools.cache
def _term(namespace_term: str) -> str:
    return iri(str(namespace_term))


def _note_triples(note: Note, iris: ResourceIris) -> Iterator[tuple[str, str, str]]:
    paper, note_iri, collection = iris.paper(note.title), iris.note(note), iris.collection(note)
    yield paper, _TYPE, _term(PG.Paper)
    yield paper, _term(DCTERMS.title), literal(note.title)
    yield paper, _term(PG.hasNote), note_iri
    yield paper, _term(PG.inCollection), collection
    yield note_iri, _TYPE, _term(PG.Note)
    yield note_iri, _term(PG.summary), literal(note.summary)
    yield note_iri, _term(PROV.wasDerivedFrom), iris.source(note)
    yield collection, _TYPE, _term(PG.Collection)
    yield collection, _term(RDFS.label), literal(collection_label(note))
    if note.venue:
        yield collection, _term(PG.venue), literal(note.venue)
    if note.topic:
        yield collection, _term(PG.topic), literal(note.topic)


def _entity_triples(entity: Entity, iris: ResourceIris) -> Iterator[tuple[str, str, str]]:
    subject = iris.entity(entity.key)
    yield subject, _TYPE, _term(PG[entity.entity_type])
    yield subject, _term(SKOS.prefLabel), literal(entity.label)
    for alt_label in sorted(entity.alt_labels):
        yield subject, _term(SKOS.altLabel), literal(alt_label)
    if entity.variant_of:
        yield subject, _term(PG.variantOf), iris.entity(entity.variant_of)
    for vocab_iri in sorted(entity.exact_match):
        yield subject, _term(SKOS.exactMatch), iri(vocab_iri)


def _annotation_triples(
    annotation: str,
    body: str,
    source: str,
    span: Mention | QuantityMention,
    rule: str,
    confidence: float,
) -> Iterator[tuple[str, str, str]]:
    """The Web Annotation that says where in `source` the `body` was found (the vocabulary:
    docs/ARCHITECTURE.md).

    Its target and selectors get IRIs derived from the annotation's, not blank nodes, so that
    two builds of the same notes give identical triples.
    """
    name = annotation[1:-1]
    target, position, quote = (iri(f"{name}.{part}") for part in ("target", "position", "quote"))
    yield annotation, _TYPE, _term(OA.Annotation)
    yield annotation, _term(OA.hasBody), body
    yield annotation, _term(OA.hasTarget), target
    yield annotation, _term(PG.rule), literal(rule)
    yield annotation, _term(PG.confidence), literal(float(confidence))
    yield target, _TYPE, _term(OA.SpecificResource)
    yield target, _term(OA.hasSource), source
    yield target, _term(OA.hasSelector), position
    yield target, _term(OA.hasSelector), quote
    yield position, _TYPE, _term(OA.TextPositionSelector)
    yield position, _term(OA.start), literal(str(span.start), _NON_NEGATIVE)
    yield position, _term(OA.end), literal(str(span.end), _NON_NEGATIVE)
    yield quote, _TYPE, _term(OA.TextQuoteSelector)
    yield quote, _term(OA.exact), literal(span.text)


def _decimal(value: float | None) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(repr(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _quantity_triples(
    note: Note, quantity: QuantityMention, iris: ResourceIris
) -> Iterator[tuple[str, str, str]]:
    note_iri = iris.note(note)[1:-1]
    subject = iri(f"{note_iri}#q-{quantity.start}-{quantity.end}")
    yield iris.paper(note.title), _term(PG.reports), subject
    yield subject, _TYPE, _term(PG.Quantity)
    yield subject, _term(PG.text), literal(quantity.text)
    value = _decimal(quantity.value)
    if value is not None:
        yield subject, _term(RDF.value), literal(value)
    if quantity.unit:
        yield subject, _term(PG.unit), literal(quantity.unit)
    if quantity.measures:
        yield subject, _term(PG.measures), literal(quantity.measures)
    annotation = iri(f"{note_iri}#qa-{quantity.start}-{quantity.end}")
    yield from _annotation_triples(annotation, subject, iri(note_iri), quantity, "quantity", 1.0)


def _mention_triples(
    resolved: ResolvedMention, iris: ResourceIris
) -> Iterator[tuple[str, str, str]]:
    note, mention = resolved.note, resolved.mention
    paper, entity = iris.paper(note.title), iris.entity(resolved.entity_key)
    yield paper, _term(PG[resolved.relation]), entity
    source = iris.note(note) if mention.field == "summary" else paper
    annotation = iri(
        f"{source[1:-1]}#a-{mention.field}-{mention.start}-{mention.end}-{resolved.entity_key}"
    )
    yield from _annotation_triples(
        annotation, entity, source, mention, mention.rule, mention.confidence
    )


def note_blocks(
    notes: list[Note], corpus: LinkedCorpus, *, base: str, source_base: str | None = None
) -> Iterator[list[Quad]]:
    """The quads of the notes graph and the links graph, one block per entity and per note.

    Args:
        notes: every note read, in any order.
        corpus: the linked mentions of those notes (the link stage's output).
        base: the base IRI of every resource, ending in "/" or "#".
        source_base: the IRI the notes files' names are appended to (default: BASE/source/).
    """
    iris = ResourceIris(
        base,
        (note.title for note in notes),
        sources={note.source for note in notes},
        source_base=source_base,
    )
    notes_graph, links_graph = (iri(str(graph_iri(base, name))) for name in ("notes", "links"))
    for entity in corpus.entities.values():
        yield [(*triple, links_graph) for triple in _entity_triples(entity, iris)]
    mentions_of: dict[int, list[ResolvedMention]] = defaultdict(list)
    for resolved in corpus.mentions:
        mentions_of[id(resolved.note)].append(resolved)
    quantities_of: dict[int, list[QuantityMention]] = defaultdict(list)
    for note, quantity in corpus.quantities:
        quantities_of[id(note)].append(quantity)
    for note in notes:
        block = [(*triple, notes_graph) for triple in _note_triples(note, iris)]
        for resolved in mentions_of.pop(id(note), ()):
            block.extend((*triple, links_graph) for triple in _mention_triples(resolved, iris))
        for quantity in quantities_of.pop(id(note), ()):
            block.extend(
                (*triple, links_graph) for triple in _quantity_triples(note, quantity, iris)
            )
        yield block
