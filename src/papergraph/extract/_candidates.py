"""Named-artifact candidates in a note doc: the `Candidate` type, the `NoteView` of a doc that
every rule reads, and how overlapping candidates are resolved (name shapes are found in
`_runs`, cued names in `_cued`).

A note doc is "title\\n\\nsummary" (see `pipeline`); every function here takes the doc and a
`NoteView` of what earlier components found, and returns `Candidate`s with doc character
offsets. Relations and types are decided afterwards, in `_relations`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import compress

from spacy.tokens import Doc

from papergraph.extract._gazetteer import Gazetteer, VocabEntry
from papergraph.extract.abbreviations import Abbreviation
from papergraph.extract.text import TokenTable

__all__ = [
    "QUOTE_CHARS",
    "Candidate",
    "NoteView",
    "is_initial",
    "resolve_overlaps",
    "sentence_spans",
]

QUOTE_CHARS = frozenset('"“”')
_INITIAL_AFTER = frozenset({":", "—", "–", "•", "-", "*", ";"})


@dataclass
class Candidate:
    """A span that may name an artifact, with what is known about it so far."""

    start: int  # doc character offsets
    end: int
    tok_start: int  # doc token range, for context cues
    tok_end: int
    shape: str  # acronym | mixed | versioned | title | phrase
    rule: str
    confidence: float = 0.6
    long_form: str | None = None
    vocab: VocabEntry | None = None
    relation: str | None = None  # forced by the rule that found it
    entity_type: str | None = None
    lower_long_form: bool = False  # an acronym of a lowercase phrase ("mean-field dynamics (MFD)")
    notes: set[str] = field(default_factory=set)


@dataclass
class NoteView:
    """What the earlier components found in one note doc."""

    doc: Doc
    title_end: int
    summary_start: int
    math: list[tuple[int, int]]
    abbreviations: list[Abbreviation]
    gazetteer: Gazetteer
    consumed: list[tuple[int, int]] = field(default_factory=list)  # char spans already used
    defined: dict[str, Abbreviation] = field(default_factory=dict)  # name_key(SF) -> def
    cue_tokens: dict[int, set[str]] = field(default_factory=dict)  # token -> cue labels
    sentences: list[tuple[int, int]] = field(default_factory=list)  # token spans
    sent_start: list[int] = field(default_factory=list)  # token -> its sentence's start
    sent_end: list[int] = field(default_factory=list)
    text: str = ""  # doc.text, cached: spaCy rebuilds it on every access
    words: list[str] = field(default_factory=list)  # token texts
    lowers: list[str] = field(default_factory=list)  # lowercased token texts
    offsets: list[int] = field(default_factory=list)  # token character offsets
    spaced: list[bool] = field(default_factory=list)  # token followed by a space
    stops: list[bool] = field(default_factory=list)  # token is a stop word
    puncts: list[bool] = field(default_factory=list)  # token is punctuation
    cue_matches: list[tuple[str, int, int]] = field(default_factory=list)  # NAMING, QUOTE
    summary_token: int = 0  # index of the first summary token
    initials: dict = field(default_factory=dict)  # region -> spelling, for implicit long forms

    def __post_init__(self) -> None:
        # what `pg_layout` computed, when it ran (its extensions are registered together)
        doc, ext = self.doc, self.doc._
        laid_out = doc.has_extension("pg_tokens")
        text, first, table = (
            (ext.get("pg_text"), ext.get("pg_summary_token"), ext.get("pg_tokens"))
            if laid_out
            else (None, None, None)
        )
        self.text = text if text is not None else doc.text
        if first is None:
            first = _first_summary_token(doc, self.summary_start)
        self.summary_token = first
        # Plain lists of token attributes: Token objects are costly to create in hot loops.
        table = table if table is not None else TokenTable.of(doc)
        # `Token.sent` rescans the doc on every call; index sentences once per note.
        self.sentences = sentence_spans(self.doc, table.starts)
        for start, end in self.sentences:
            self.sent_start.extend([start] * (end - start))
            self.sent_end.extend([end] * (end - start))
        self.words, self.lowers, self.offsets = table.words, table.lowers, table.offsets
        self.stops, self.puncts = table.stops, table.puncts
        self.spaced = table.spaced or [
            end < len(self.text) and self.text[end] == " "
            for end in (o + len(w) for o, w in zip(self.offsets, self.words, strict=True))
        ]

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """The tokens that characters [start, end) touch, as `Doc.char_span(start, end,
        alignment_mode="expand")` gives them (None when it gives none), without a Span."""
        if not (0 <= start < len(self.text) and 0 < end <= len(self.text)):
            return None  # tokens cover the text, so only offsets outside it miss a token
        first = bisect.bisect_right(self.offsets, start) - 1
        last = bisect.bisect_right(self.offsets, end - 1) - 1
        if start == self.offsets[first] + len(self.words[first]):
            first += 1  # in the token's trailing space: not part of it
        return first, last + 1

    def overlaps(self, start: int, end: int, spans) -> bool:
        return any(start < e and s < end for s, e in spans)

    def blocked(self, i: int) -> bool:
        """Whether token i overlaps maths or a span already used (a defined long form)."""
        if not self.math and not self.consumed:
            return False
        start = self.offsets[i]
        end = start + len(self.words[i])
        return self.overlaps(start, end, self.math) or self.overlaps(start, end, self.consumed)


def sentence_spans(doc: Doc, starts: list[bool] | None = None) -> list[tuple[int, int]]:
    """(start, end) token indices of the doc's sentences, in one pass (from the sentence-start
    flags of a `TokenTable` when given)."""
    if starts is None or len(starts) != len(doc):
        return [(sent.start, sent.end) for sent in doc.sents] if len(doc) else []
    bounds = list(compress(range(len(starts)), starts))
    if starts and not starts[0]:
        bounds.insert(0, 0)
    bounds.append(len(starts))
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def is_initial(view: NoteView, i: int) -> bool:
    """Whether token i starts a sentence or a clause after ':' / '—' (capitals mean nothing)."""
    words, sent_start = view.words, view.sent_start
    if sent_start[i] == i:
        return True
    j = i - 1
    while j >= 0 and (words[j].isspace() or words[j] in QUOTE_CHARS):
        j -= 1
    return j < 0 or words[j] in _INITIAL_AFTER or sent_start[j] == j and view.puncts[j]


def _first_summary_token(doc: Doc, summary_start: int) -> int:
    for token in doc:
        if token.idx >= summary_start:
            return token.i
    return len(doc)


def resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates: forced relations, then longer, then earlier."""
    ranked = sorted(
        candidates,
        key=lambda c: (c.relation is None, c.long_form is None, -(c.end - c.start), c.start),
    )
    kept: list[Candidate] = []
    spans: list[tuple[int, int]] = []  # of the kept candidates
    for candidate in ranked:
        start, end = candidate.start, candidate.end
        if not any(start < k_end and k_start < end for k_start, k_end in spans):
            kept.append(candidate)
            spans.append((start, end))
    return sorted(kept, key=lambda c: c.start)
