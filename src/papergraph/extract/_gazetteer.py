"""The vocabulary gazetteer: SKOS concepts from `ontology/vocab/*.ttl`, indexed for matching.

Loading parses the Turtle files with rdflib's `ox-turtle` parser (oxrdflib): about 0.2 s for
both shipped vocabularies, once per pipeline, so no cache file is kept.

Ambiguity control (general, not per entry): labels shorter than 3 characters without a digit
are dropped; entries whose `pg:suggestedType` is `pg:Concept` never make a named artifact (they
only mark concept phrases); a label matched in lowercase running text is a concept hint, not a
name ("weight decay" vs "Weight Decay"); single-word labels that are plain capitalised English
words are matched only mid-sentence (the names component decides that from token positions).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from papergraph.extract.text import name_key

__all__ = ["Gazetteer", "VocabEntry", "default_vocab_dir", "load_gazetteer"]

logger = logging.getLogger(__name__)

SKOS = "http://www.w3.org/2004/02/skos/core#"
PG = "https://w3id.org/papergraph/ontology#"
_TYPE_PRIORITY = {"Model": 0, "Method": 1, "Metric": 2, "Dataset": 3, "Concept": 4}


@dataclass(frozen=True)
class VocabEntry:
    """One vocabulary concept: its IRI, preferred label and suggested papergraph type."""

    iri: str
    label: str
    suggested_type: str  # Method | Model | Metric | Dataset | Concept
    scheme: str  # short scheme name: "pwc-methods", "aio", or what the caller passed
    top: bool = False  # a top concept of its scheme: a whole research area ("Graphs")


@dataclass
class Gazetteer:
    """Vocabulary labels indexed by `name_key` (case/hyphen/plural-insensitive)."""

    by_key: dict[str, tuple[VocabEntry, ...]] = field(default_factory=dict)
    labels: dict[str, VocabEntry] = field(default_factory=dict)  # surface label -> entry

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, VocabEntry]]) -> Gazetteer:
        """Build from (label, entry) pairs; a label may be a prefLabel or an altLabel."""
        by_key: dict[str, list[VocabEntry]] = {}
        labels: dict[str, VocabEntry] = {}
        for label, entry in entries:
            label = label.strip()
            if len(label) < 3 and not any(ch.isdigit() for ch in label):
                continue
            key = name_key(label)
            if not key:
                continue
            bucket = by_key.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
            labels.setdefault(label, entry)
        ordered = {
            key: tuple(
                sorted(bucket, key=lambda e: (_TYPE_PRIORITY.get(e.suggested_type, 9), e.iri))
            )
            for key, bucket in by_key.items()
        }
        return cls(by_key=ordered, labels=labels)

    def lookup(self, text: str, *, named: bool = True) -> VocabEntry | None:
        """The best entry for `text`; with `named`, only entries that can be named artifacts."""
        for entry in self.by_key.get(name_key(text), ()):
            if not named or entry.suggested_type != "Concept":
                return entry
        return None

    def lookup_defined(self, surface: str, long_form: str | None) -> VocabEntry | None:
        """The entry of a name; an acronym the note defines otherwise ("SAM" for a long form
        the vocabulary does not list) gets none."""
        entry = self.lookup(surface)
        if long_form is None:
            return entry
        by_long = self.lookup(long_form)
        if entry is not None and by_long is not None and by_long != entry:
            return by_long
        return by_long if entry is None else (entry if by_long == entry else None)

    def multiword_labels(self) -> list[tuple[str, VocabEntry]]:
        """Labels of two or more words, for a PhraseMatcher."""
        return [(label, e) for label, e in sorted(self.labels.items()) if " " in label]


def default_vocab_dir() -> Path:
    """`papergraph.ontology/vocab` as installed; the source tree's `ontology/vocab` otherwise."""
    try:
        return Path(str(resources.files("papergraph.ontology") / "vocab"))
    except ModuleNotFoundError:
        # `papergraph.ontology` is importable only when ontology/ is a package (__init__.py);
        # in a source checkout without it, fall back to the directory itself.
        return Path(__file__).resolve().parents[3] / "ontology" / "vocab"


def load_gazetteer(vocab_dir: Path | str | None = None) -> Gazetteer:
    """Parse every `*.ttl` in `vocab_dir` (default: the shipped vocabularies)."""
    import rdflib

    directory = Path(vocab_dir) if vocab_dir else default_vocab_dir()
    pairs: list[tuple[str, VocabEntry]] = []
    files = sorted(directory.glob("*.ttl")) if directory.is_dir() else []
    if not files:
        logger.warning("no vocabulary files in %s: the gazetteer is empty", directory)
    for path in files:
        graph = rdflib.Graph()
        graph.parse(path, format="ox-turtle")
        pref: dict[str, str] = {}
        alts: dict[str, list[str]] = {}
        types: dict[str, str] = {}
        tops: set[str] = set()
        for s, p, o in graph:
            predicate = str(p)
            if predicate == SKOS + "prefLabel":
                pref[str(s)] = str(o)
            elif predicate == SKOS + "altLabel":
                alts.setdefault(str(s), []).append(str(o))
            elif predicate == PG + "suggestedType":
                types[str(s)] = str(o).rsplit("#", 1)[-1]
            elif predicate == SKOS + "topConceptOf":
                tops.add(str(s))
        scheme = path.stem
        for iri in sorted(pref):
            entry = VocabEntry(iri, pref[iri], types.get(iri, "Method"), scheme, iri in tops)
            pairs.append((pref[iri], entry))
            pairs.extend((alt, entry) for alt in sorted(alts.get(iri, ())))
    return Gazetteer.from_entries(pairs)
