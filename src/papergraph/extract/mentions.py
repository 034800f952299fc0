"""What the extract stage hands on: the mentions found in a note, with their offsets, relation
and type, and the quantities it reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from papergraph.read import Note

__all__ = ["ENTITY_TYPES", "RELATIONS", "Mention", "NoteExtraction", "QuantityMention"]

RELATIONS = ("proposes", "uses", "evaluatesOn", "discusses")
ENTITY_TYPES = ("Method", "Model", "Dataset", "Metric", "Concept")


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a note that names an entity, and how the paper relates to it."""

    text: str  # exact substring of the field at [start:end]
    start: int
    end: int
    field: str  # "summary" or "title": which string the offsets refer to
    entity_type: str  # one of ENTITY_TYPES
    relation: str  # one of RELATIONS
    rule: str  # which extractor rule fired, e.g. "abbreviation", "proposes-cue", "vocab:pwc"
    confidence: float  # 0..1
    long_form: str | None = None  # the expansion, when the mention is a defined acronym
    vocab_iri: str | None = None  # the vocabulary entry it matched, for skos:exactMatch


@dataclass(frozen=True, slots=True)
class QuantityMention:
    """A quantitative claim in a summary: "up to 46%", "9,600+ GPUs"."""

    text: str
    start: int
    end: int
    value: float | None
    unit: str | None
    measures: str | None  # a short phrase saying what is measured


@dataclass(slots=True)
class NoteExtraction:
    note: Note
    mentions: list[Mention] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)
