"""The extractor's spaCy components, registered as `pg_*` factories.

A note doc is the title, a blank line, then the summary (`pipeline.note_text`); offsets in the
extensions are doc character offsets, which `pipeline` maps back to the note's fields. The
algorithms live in the private modules as plain functions; the components wire them up.
Extensions are read with `doc._.get(name)`: `doc._.name` first fails an ordinary attribute
lookup before spaCy's `__getattr__` finds it, which makes every read about twice as slow.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from papergraph.extract._candidates import NoteView, resolve_overlaps
from papergraph.extract._concepts import select_concepts
from papergraph.extract._cued import (
    abbreviation_candidates,
    list_candidates,
    naming_candidates,
    parenthetical_expansions,
    title_architecture_candidates,
    title_prefix_candidates,
    vocab_candidates,
)
from papergraph.extract._gazetteer import Gazetteer, VocabEntry, load_gazetteer
from papergraph.extract._lexicon import NAMING_CUES
from papergraph.extract._nested import attach_implicit_long_forms, nested_candidates
from papergraph.extract._quantities import find_quantities
from papergraph.extract._relations import assign_relations
from papergraph.extract._runs import find_shape_candidates
from papergraph.extract._typing import harmonise_types, type_parts
from papergraph.extract.abbreviations import Abbreviation, find_abbreviations
from papergraph.extract.generic import load_word_frequencies
from papergraph.extract.text import (
    TokenTable,
    find_math_spans,
    name_key,
    rule_sentence_starts,
    singular,
)

__all__ = [
    "AbbreviationDetector",
    "ConceptSelector",
    "GazetteerMatcher",
    "NameDetector",
    "NoteLayout",
    "QuantityDetector",
]

TITLE_SEPARATOR = "\n\n"


def _extension(name: str) -> None:
    # force=True is safe only because every name carries the pg_ prefix
    Doc.set_extension(name, default=None, force=True)


def _doc_text(doc: Doc, ext) -> str:
    """The doc text `pg_layout` stored (`doc.text` when it did not run)."""
    text = ext.get("pg_text")
    return doc.text if text is None else text


@Language.factory("pg_layout", default_config={"max_chars": 20000, "sentences": "rules"})
class NoteLayout:
    """Splits a note doc into sentences, finds the title/summary boundary, starts a sentence
    at the summary, and marks maths (`\\(…\\)`, `$…$`), which no name may overlap. One pass
    over `Doc.to_array`: no Token objects.

    Config: `max_chars` (int, 20000): the most characters of a summary the pipeline reads;
    `pipeline.extract_notes` cuts longer summaries (a 5 MB summary must not hang the build).
    `sentences` ("rules" or "keep"): "rules" sets sentence starts as spaCy's rule-based
    `sentencizer` does (its default punctuation); "keep" keeps those of an earlier component
    (a parser or senter of a statistical pipeline).
    Extensions: `doc._.pg_text` (the doc text, computed once), `doc._.pg_title_end`,
    `doc._.pg_summary_start` (char offsets), `doc._.pg_summary_token` (index of the first
    summary token), `doc._.pg_math_spans` (list of (start, end) char offsets),
    `doc._.pg_tokens` (a `TokenTable` of token texts, offsets, stop and sentence flags).
    """

    def __init__(self, nlp: Language, name: str, *, max_chars: int = 20000,
                 sentences: str = "rules") -> None:  # fmt: skip
        if sentences not in {"rules", "keep"}:
            raise ValueError(f"pg_layout: sentences must be 'rules' or 'keep', not {sentences!r}")
        self.max_chars, self.sentences = max_chars, sentences
        self.punct_chars = frozenset(Sentencizer.default_punct_chars)
        self._texts: dict[int, str] = {}  # ORTH id -> text, shared by the docs
        for ext in ("pg_text", "pg_title_end", "pg_summary_start", "pg_summary_token",
                    "pg_math_spans", "pg_tokens"):  # fmt: skip
            _extension(ext)

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # one Underscore object per call, not one per attribute
        table = TokenTable.of(doc, self._texts, starts=self.sentences != "rules")
        # what `Doc.text` returns (a token's whitespace is one space or none), without
        # creating a Token object per token
        text = "".join([w + " " if sp else w for w, sp in zip(table.words, table.spaced,
                                                              strict=True)])  # fmt: skip
        cut = text.find(TITLE_SEPARATOR)
        title_end, summary_start = (cut, cut + len(TITLE_SEPARATOR)) if cut >= 0 else (0, 0)
        ext.pg_title_end, ext.pg_summary_start = title_end, summary_start
        ext.pg_text = text  # Doc.text is rebuilt on every access; later components share this
        ext.pg_math_spans = find_math_spans(text)
        first = bisect.bisect_left(table.offsets, summary_start)
        while first < len(doc) and table.words[first].isspace():
            first += 1
        ext.pg_summary_token = first
        if self.sentences == "rules":
            table.starts = rule_sentence_starts(table.words, table.puncts, self.punct_chars)
            if first < len(doc):
                table.starts[first] = True
            if len(doc):
                flags = numpy.where(numpy.array(table.starts, dtype=bool), 1, -1)
                doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
        elif 0 < first < len(doc) and not table.starts[first]:
            doc[first].is_sent_start = True
            table.starts[first] = True
        ext.pg_tokens = table
        return doc


@Language.factory("pg_abbreviations", default_config={})
class AbbreviationDetector:
    """Schwartz-Hearst acronym definitions in the title and in the summary.

    Config: none. Extension: `doc._.pg_abbreviations` (list of `Abbreviation`, doc offsets).
    """

    def __init__(self, nlp: Language, name: str) -> None:
        _extension("pg_abbreviations")

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # one Underscore object per call, not one per attribute
        title_end, summary_start = ext.get("pg_title_end") or 0, ext.get("pg_summary_start") or 0
        text = _doc_text(doc, ext)
        found = list(find_abbreviations(text[:title_end]))
        for a in find_abbreviations(text[summary_start:]):
            s = summary_start
            found.append(Abbreviation(a.short, a.short_start + s, a.short_end + s, a.long,
                                      a.long_start + s, a.long_end + s))  # fmt: skip
        ext.pg_abbreviations = found
        return doc


@Language.factory("pg_gazetteer", default_config={"vocab_dir": None})
class GazetteerMatcher:
    """Matches vocabulary labels (SKOS files in `vocab_dir`, default the shipped
    `papergraph.ontology/vocab`) in note docs.

    Config: `vocab_dir` (str or null). Extensions: `doc._.pg_gazetteer` (the `Gazetteer`, for
    single-word lookups by later components) and `doc._.pg_vocab_spans` (list of
    (start, end, VocabEntry) for multi-word labels matched case-insensitively).
    Build from in-memory data with `GazetteerMatcher.from_entries`.
    """

    def __init__(self, nlp: Language, name: str, *, vocab_dir: str | None = None) -> None:
        self._setup(nlp, load_gazetteer(vocab_dir))

    def _setup(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # match id (the hash of the key added) -> entry: no string lookup per match
        self._entries: dict[int, VocabEntry] = {}
        labels = self.gazetteer.multiword_labels()
        for label, entry in labels:
            key = str(len(self._entries))
            self._entries[nlp.vocab.strings.add(key)] = entry
            # "Genetic Algorithms" must match "a genetic algorithm" and the reverse
            forms = list(dict.fromkeys([label, *_number_forms(label)]))
            self.matcher.add(key, list(nlp.tokenizer.pipe(forms)))
        for ext in ("pg_gazetteer", "pg_vocab_spans"):
            _extension(ext)

    @classmethod
    def from_entries(
        cls, nlp: Language, entries: Iterable[tuple[str, VocabEntry]], name: str = "pg_gazetteer"
    ) -> GazetteerMatcher:
        """A component over (label, entry) pairs instead of vocabulary files (tests)."""
        component = cls.__new__(cls)
        component._setup(nlp, Gazetteer.from_entries(entries))
        return component

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # one Underscore object per call, not one per attribute
        matches = self.matcher(doc)
        spans = []
        if matches:
            # character offsets from `pg_layout`'s token table: no Token objects
            table = ext.get("pg_tokens") if doc.has_extension("pg_tokens") else None
            offsets, words = (table.offsets, table.words) if table is not None else (
                [t.idx for t in doc], [t.text for t in doc])  # fmt: skip
            for match_id, start, end in matches:
                spans.append((offsets[start], offsets[end - 1] + len(words[end - 1]),
                              self._entries[match_id]))  # fmt: skip
        ext.pg_gazetteer = self.gazetteer
        ext.pg_vocab_spans = sorted(spans, key=lambda s: (s[0], -s[1]))
        return doc


def _number_forms(label: str) -> tuple[str, str]:
    """The label with its last word singular and plural ("Genetic Algorithm(s)")."""
    head, _, last = label.rpartition(" ")
    one = singular(last)
    many = one if one[-1:] in "sSxz" or not one[-1:].isalpha() else one + "s"
    return f"{head} {one}", f"{head} {many}"


_DATASET_NOUNS = ("datasets", "benchmarks", "environments", "corpora", "tasks", "suites",
                  "dataset", "benchmark")  # fmt: skip
_CUE_PHRASES = {
    "DATASET_LIST": [f"{noun}{comma} {cue}" for noun in _DATASET_NOUNS for comma in ("", ",")
                     for cue in ("such as", "including", "like", "e.g.")]
                    + [f"{noun}:" for noun in _DATASET_NOUNS]  # "on three benchmarks: A, B"
                    + [f"{noun} (" for noun in ("datasets", "benchmarks", "corpora")],
                    # "synthetic datasets (A, B)"
    "USE": ["based on", "based upon", "built on", "built upon", "relies on", "relying on",
            "rely on", "builds on", "building on", "on top of", "together with",
            "combined with", "in combination with"],
    "COMPARE": ["compared to", "compared with", "relative to", "comparable to", "superior to",
                "inferior to", "rather than", "in contrast to", "in contrast with",
                "as opposed to"],
    "NAMING": sorted(NAMING_CUES),
    "QUOTE": ['"', "“", "”"],
}  # fmt: skip


@Language.factory("pg_names", default_config={"min_confidence": 0.0, "max_names": 60})
class NameDetector:
    """Finds named artifacts (methods, models, datasets, metrics) and their relation to the
    paper: acronym definitions, title prefixes, vocabulary phrases, name shapes and Title runs,
    naming cues, lists; then proposes / uses / evaluatesOn and a type (see `_relations`).

    Config: `min_confidence` (float, 0.0): drop names below it; `max_names` (int, 60): the most
    names kept per note. Extension: `doc._.pg_names` (list of `Candidate`, doc offsets).
    Needs `pg_layout`, `pg_abbreviations` and `pg_gazetteer` before it.
    """

    def __init__(self, nlp: Language, name: str, *, min_confidence: float = 0.0,
                 max_names: int = 60) -> None:  # fmt: skip
        self.min_confidence = min_confidence
        self.max_names = max_names
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, phrases in _CUE_PHRASES.items():
            self.cues.add(label, list(nlp.tokenizer.pipe(phrases)))
        load_word_frequencies()  # when the pipeline is built, not with the first note
        _extension("pg_names")

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # one Underscore object per call, not one per attribute
        view = NoteView(
            doc, ext.get("pg_title_end") or 0, ext.get("pg_summary_start") or 0,
            list(ext.get("pg_math_spans") or []), list(ext.get("pg_abbreviations") or []),
            ext.get("pg_gazetteer") or Gazetteer(),
        )  # fmt: skip
        view.cue_tokens.update(self._cue_tokens(view))
        candidates = abbreviation_candidates(view)
        candidates += title_prefix_candidates(view)
        candidates += naming_candidates(view)
        candidates += vocab_candidates(view, ext.get("pg_vocab_spans") or [])
        candidates += find_shape_candidates(view)
        candidates += title_architecture_candidates(view)
        candidates = parenthetical_expansions(view, resolve_overlaps(candidates))
        candidates = resolve_overlaps(candidates + list_candidates(view, candidates))
        attach_implicit_long_forms(view, candidates)
        candidates = assign_relations(view, candidates)
        candidates += type_parts(view, nested_candidates(view, candidates))
        harmonise_types(view, candidates)
        kept = [c for c in candidates if c.confidence >= self.min_confidence]
        ext.pg_names = sorted(kept, key=lambda c: c.start)[: self.max_names]
        return doc

    def _cue_tokens(self, view: NoteView) -> dict[int, set[str]]:
        doc = view.doc
        marks: dict[int, set[str]] = {}
        for match_id, start, end in self.cues(doc):
            label = doc.vocab.strings[match_id]
            if label in {"NAMING", "QUOTE"}:
                view.cue_matches.append((label, start, end))
                continue
            reach = 14 if label == "DATASET_LIST" else 4
            sent_end = view.sent_end[end - 1] if end > 0 else len(doc)
            stop = min(sent_end, end + reach)
            if view.words[end - 1] == "(":
                stop = _names_only_until_close(view.words, end, stop)
            for k in range(end, stop):
                if view.words[k] in {";", ".", ":"}:
                    break
                marks.setdefault(k, set()).add(label)
        return marks


def _names_only_until_close(words: list[str], start: int, stop: int) -> int:
    """Where a parenthesis opened before `start` closes, if it holds only names and list
    marks ("datasets (FooQA, BarSet)"); else `start`: "(average FooQA gain of 5%)" is no
    list."""
    for k in range(start, stop):
        if words[k] == ")":
            return k
        if words[k] not in _LIST_MARKS and not any(ch.isupper() or ch.isdigit() for ch in words[k]):
            return start
    return start


_LIST_MARKS = frozenset({",", "and", "or", "/", "&"})


@Language.factory("pg_concepts", default_config={"max_concepts": 8, "min_concepts": 3, "target": 7})
class ConceptSelector:
    """Selects the note's key research concepts (noun phrases), see `_concepts`.

    Config: `max_concepts` (8), `min_concepts` (3), `target` (7, how many to aim for; 7 kept
    more gold concepts than 6 on every gold set for about one point of precision).
    Extension: `doc._.pg_concepts` (list of `ConceptSpan`, doc offsets). Runs after `pg_names`
    so that named artifacts are not also concepts: their spans are blocked, the names the note
    proposes are never concepts, and the long forms of those it uses only when the title
    shares a word with them.
    """

    def __init__(self, nlp: Language, name: str, *, max_concepts: int = 8,
                 min_concepts: int = 3, target: int = 7) -> None:  # fmt: skip
        self.max_concepts, self.min_concepts, self.target = max_concepts, min_concepts, target
        load_word_frequencies()  # when the pipeline is built, not with the first note
        _extension("pg_concepts")

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # one Underscore object per call, not one per attribute
        names = ext.get("pg_names") or []
        blocked = list(ext.get("pg_math_spans") or []) + [(c.start, c.end) for c in names]
        boosted = [
            (a.long_start, a.long_end)
            for a in ext.get("pg_abbreviations") or []
            if a.long[:1].islower() and a.short.rstrip("s").isupper()
        ]
        text = _doc_text(doc, ext)
        tokens = ext.get("pg_tokens")
        tokens = TokenTable.of(doc) if tokens is None else tokens
        proposed = frozenset(
            name_key(form)
            for c in names
            if c.relation == "proposes"
            for form in (text[c.start : c.end], c.long_form)
            if form
        )
        used = frozenset(name_key(c.long_form) for c in names
                         if c.long_form and c.relation != "proposes")  # fmt: skip
        ext.pg_concepts = select_concepts(
            text, tokens, ext.get("pg_title_end") or 0, ext.get("pg_summary_start") or 0, blocked,
            ext.get("pg_gazetteer") or Gazetteer(), boosted, proposed=proposed, used=used,
            max_concepts=self.max_concepts, min_concepts=self.min_concepts, target=self.target,
        )  # fmt: skip
        return doc


@Language.factory("pg_quantities", default_config={})
class QuantityDetector:
    """Finds quantitative claims in the summary, see `_quantities.find_quantities`.

    Config: none. Extension: `doc._.pg_quantities` (list of `QuantityMention` whose offsets
    are relative to the summary, as the `NoteExtraction` contract wants).
    """

    def __init__(self, nlp: Language, name: str) -> None:
        _extension("pg_quantities")

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # one Underscore object per call, not one per attribute
        start = ext.get("pg_summary_start") or 0
        math = [(s - start, e - start) for s, e in ext.get("pg_math_spans") or [] if s >= start]
        text = _doc_text(doc, ext)
        ext.pg_quantities = find_quantities(text[start:], math)
        return doc
