"""Find papers and entities by name: preferred labels, alternative labels and titles; ranked,
and tolerant of case, hyphens, plurals and typos.

`SearchIndex.from_dataset` reads every label once; `search` then ranks in memory, so the web
service builds one index per build and answers each query without touching the store.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rdflib import Dataset

from papergraph.errors import BadRequest
from papergraph.lookup import normalise_label

__all__ = ["SearchHit", "SearchIndex"]

_WORD = re.compile(r"\w+")
_FIELD_WEIGHT = {"prefLabel": 1.0, "title": 0.97, "altLabel": 0.95}
_MAX_LIMIT = 100


@dataclass(frozen=True)
class SearchHit:
    iri: str
    label: str  # the resource's name (prefLabel or title)
    type: str  # Paper, Method, Model, Dataset, Metric, Concept, ...
    matched: str  # the label or title that matched
    field: str  # prefLabel, altLabel or title
    score: float  # 0..1, higher is better


@dataclass(frozen=True)
class _Entry:
    iri: str
    label: str
    type: str
    text: str
    field: str
    norm: str
    words: tuple[str, ...]
    rank: float  # pagerank, to break ties between equally good matches


def _words(norm: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(norm))


class SearchIndex:
    """Every label and title of a store, ready to be searched."""

    def __init__(self, entries: list[_Entry]) -> None:
        self._entries = entries

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> SearchIndex:
        """Read the labels of every entity and the title of every paper of `dataset`."""
        rows = dataset.query(
            """SELECT ?s ?name ?type ?text ?field ?rank WHERE {
              {
                ?s skos:prefLabel ?name . BIND (?name AS ?text) BIND ("prefLabel" AS ?field)
              } UNION {
                ?s skos:prefLabel ?name ; skos:altLabel ?text . BIND ("altLabel" AS ?field)
              } UNION {
                ?s a pg:Paper ; dcterms:title ?name . BIND (?name AS ?text)
                BIND ("title" AS ?field) BIND (pg:Paper AS ?type)
              }
              OPTIONAL {
                ?s a ?type .
                VALUES ?type { pg:Method pg:Model pg:Dataset pg:Metric pg:Concept }
              }
              OPTIONAL { ?s pg:pagerank ?rank }
            }"""
        )
        entries, seen = [], set()
        for row in rows:
            key = (str(row.s), str(row.text), str(row.field))
            if key in seen:
                continue
            seen.add(key)
            norm = normalise_label(str(row.text))
            entries.append(
                _Entry(
                    iri=str(row.s),
                    label=str(row.name),
                    type=str(row.type).rsplit("#", 1)[-1] if row.type else "Entity",
                    text=str(row.text),
                    field=str(row.field),
                    norm=norm,
                    words=_words(norm),
                    rank=float(row.rank) if row.rank is not None else 0.0,
                )
            )
        return cls(entries)

    def search(self, query: str, *, limit: int = 10) -> list[SearchHit]:
        """The best `limit` resources for `query`, best first (one hit per resource).

        Raises:
            BadRequest: an empty query, or a limit outside 1..100.
        """
        if not query or not query.strip():
            raise BadRequest("the search query is empty")
        if not 1 <= limit <= _MAX_LIMIT:
            raise BadRequest(f"limit must be between 1 and {_MAX_LIMIT}")
        wanted = normalise_label(query)
        wanted_words = _words(wanted)
        best: dict[str, tuple[float, _Entry]] = {}
        for entry in self._entries:
            score = _score(wanted, wanted_words, entry) * _FIELD_WEIGHT.get(entry.field, 0.9)
            if score > 0 and (entry.iri not in best or score > best[entry.iri][0]):
                best[entry.iri] = (score, entry)
        ranked = sorted(
            best.values(),
            key=lambda item: (-item[0], -item[1].rank, item[1].label.casefold(), item[1].iri),
        )
        return [
            SearchHit(e.iri, e.label, e.type, e.text, e.field, round(score, 4))
            for score, e in ranked[:limit]
        ]


def _similar(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.75 or matcher.quick_ratio() < 0.75:
        return 0.0
    return matcher.ratio()


def _score(wanted: str, wanted_words: tuple[str, ...], entry: _Entry) -> float:
    """How well `entry` matches the normalised query: exact > prefix > word > substring > typo."""
    norm = entry.norm
    if norm == wanted:
        return 1.0
    if norm.startswith(wanted):
        return 0.9 - 0.1 * min(1.0, (len(norm) - len(wanted)) / 40)
    if wanted_words and all(any(word.startswith(w) for word in entry.words) for w in wanted_words):
        return 0.75 - 0.1 * min(1.0, len(entry.words) / 30)
    if len(wanted) >= 3 and wanted in norm:
        return 0.65
    # Typos: the whole label, or one of its words, close to the query.
    whole = _similar(wanted, norm)
    if len(wanted_words) == 1 and len(wanted) >= 3:
        whole = max([whole] + [_similar(wanted, word) * 0.95 for word in entry.words])
    return 0.6 * whole if whole >= 0.75 else 0.0
