"""The extract stage: a spaCy pipeline that finds mentions, with character offsets, in notes.

CONTRACT (fixed; `link` and `rdf` depend on it):

- `build_pipeline(config: dict | None = None) -> spacy.Language` builds the pipeline on
  `spacy.blank("en")`; `config` maps component names to their config overrides.
- `extract_notes(nlp, notes, *, batch_size=256) -> Iterator[NoteExtraction]` yields one
  `NoteExtraction` per input `Note`, in input order (uses `nlp.pipe`).

Layout: `pipeline` builds the pipeline (the `pg_*` factories of `components`; `pg_layout`
splits sentences)
and maps doc offsets back to the note's fields; the rules are plain functions in the private
modules: `_abbreviations` (Schwartz-Hearst), `_shapes` (name shapes, variant parents),
`_candidates` / `_cued` / `_nested` (finding names), `_relations` (relation and type),
`_concepts`, `_quantities`, `_gazetteer` (the SKOS vocabularies), `_lexicon` (word lists).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from papergraph.read import Note

__all__ = [
    "ENTITY_TYPES",
    "RELATIONS",
    "Mention",
    "NoteExtraction",
    "QuantityMention",
    "build_pipeline",
    "extract_notes",
]

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


def __getattr__(name: str):
    # build_pipeline / extract_notes live in `pipeline`, which imports this module's
    # dataclasses; a lazy re-export avoids the import cycle and keeps spaCy out of a bare
    # `import papergraph.extract`.
    if name in {"build_pipeline", "extract_notes"}:
        from papergraph.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
