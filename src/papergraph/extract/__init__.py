"""The extract stage: a spaCy pipeline that finds mentions, with character offsets, in notes.

CONTRACT (fixed; `link` and `rdf` depend on it):

- `build_pipeline(config: dict | None = None) -> spacy.Language` builds the pipeline on
  `spacy.blank("en")`; `config` maps component names to their config overrides.
- `extract_notes(nlp, notes, *, batch_size=64) -> Iterator[NoteExtraction]` yields one
  `NoteExtraction` per input `Note`, in input order (a batch at a time, component by component).

Layout: `mentions` holds the data types handed on; `pipeline` builds the pipeline (the `pg_*`
factories of `components`; `pg_layout` splits sentences) and maps doc offsets back to the
note's fields. The rules are plain functions: `abbreviations` (Schwartz-Hearst), `shapes` (name
shapes, variant parents), `text` (name keys and word search) and `generic` (common words) are
public, as the link and evaluate stages use them too; `_candidates` / `_runs` / `_cued` /
`_nested` (finding names), `_relations`, `_own_parts`, `_use_cues` and `_fields` (relation:
the cues of the paper's own parts and of existing artifacts, and what is no artifact),
`_typing`, `_concepts`, `_quantities`,
`_gazetteer` (the SKOS vocabularies) and `_lexicon` (word lists) serve the pipeline alone.
"""

from __future__ import annotations

from papergraph.extract.mentions import (
    ENTITY_TYPES,
    RELATIONS,
    Mention,
    NoteExtraction,
    QuantityMention,
)

__all__ = [
    "ENTITY_TYPES",
    "RELATIONS",
    "Mention",
    "NoteExtraction",
    "QuantityMention",
    "build_pipeline",
    "extract_notes",
]


def __getattr__(name: str):
    # build_pipeline / extract_notes live in `pipeline`: re-exported lazily, so that a bare
    # `import papergraph.extract` (for the data types) does not load spaCy.
    if name in {"build_pipeline", "extract_notes"}:
        from papergraph.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
