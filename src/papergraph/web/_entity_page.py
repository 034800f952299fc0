"""The page of an entity (a method, model, dataset, metric or concept), read like an
encyclopaedia entry: what it is (type, labels, the long form of an acronym, family), how central
it is (scores with their ranks), its papers by relation, each once, with the sentence that
supports the link, and the entities it co-occurs with. `lookup.neighbourhood` gathers most of
it, as it does for `papergraph neighbours` and `/api/neighbours`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Dataset, URIRef

from papergraph.extract.abbreviations import definition_holds, is_short_form
from papergraph.lookup import CENTRALITY_METRICS, EntityRef, PaperLink, neighbourhood
from papergraph.web._describe import (
    RELATION_HEADINGS,
    Segment,
    Triples,
    Value,
    asserted_triples,
    highlight,
)
from papergraph.web._svgchart import Bar
from papergraph.web._urls import Urls

__all__ = ["EntityPage", "entity_page"]

METRIC_NAMES = {
    "pagerank": "PageRank",
    "degree": "Degree",
    "betweenness": "Betweenness",
    "eigenvector": "Eigenvector",
}
MAX_RELATED = 20


@dataclass(frozen=True)
class Score:
    """A centrality score and its rank among the `of` entities that have one."""

    name: str
    value: float
    rank: int
    of: int


@dataclass
class PaperEntry:
    """A paper under one relation: its supporting sentence, the mention marked, and the
    variants it names when it names the entity through them."""

    paper: Value
    segments: list[Segment]
    via: list[str] = field(default_factory=list)


@dataclass
class EntityPage:
    iri: str
    label: str
    type: str
    long_form: str | None
    alt_labels: list[str]
    family: list[Value]  # what it is a variant of
    variants: list[Value]
    broader: list[Value]
    scores: list[Score]
    paper_count: int
    by_collection: list[Bar]  # its papers per collection, most first
    by_venue: list[Bar]  # and per venue ("NeurIPS 2025": venue and year)
    relations: list[tuple[str, list[PaperEntry]]]
    related: list[tuple[Value, int]]
    related_total: int
    triples: Triples


def _ref_value(ref: EntityRef, urls: Urls) -> Value:
    return Value(ref.label, urls.href(ref.iri), ref.iri, True)


def _scores(dataset: Dataset, iri: URIRef) -> list[Score]:
    """Each centrality score of `iri`, ranked among all entities (ties share a rank)."""
    metrics = " ".join(f"pg:{name}" for name in CENTRALITY_METRICS)
    rows = dataset.query(
        f"""SELECT ?metric (SAMPLE(?mine) AS ?value) (SUM(IF(?score > ?mine, 1, 0)) AS ?higher)
                  (COUNT(DISTINCT ?e) AS ?total) WHERE {{
          VALUES ?metric {{ {metrics} }}
          {iri.n3()} ?metric ?mine . ?e ?metric ?score .
        }} GROUP BY ?metric"""
    )
    found = {str(row.metric).rsplit("#", 1)[-1]: row for row in rows}
    return [
        Score(METRIC_NAMES[name], float(row.value), int(row.higher) + 1, int(row.total))
        for name in CENTRALITY_METRICS
        if (row := found.get(name)) is not None
    ]


def _by_collection(dataset: Dataset, papers: set[str], urls: Urls) -> tuple[list[Bar], list[Bar]]:
    """How many of `papers` each collection holds (a bar linking to the collection), and each
    venue (a paper counted once per venue, however many of its collections it is in); most
    first."""
    values = " ".join(f"<{paper}>" for paper in sorted(papers))
    rows = dataset.query(
        f"""SELECT ?c (SAMPLE(COALESCE(?l, ?v, STR(?c))) AS ?label) (SAMPLE(?v) AS ?venue)
                  (GROUP_CONCAT(DISTINCT STR(?paper); separator=" ") AS ?held) WHERE {{
          VALUES ?paper {{ {values} }} ?paper pg:inCollection ?c .
          OPTIONAL {{ ?c rdfs:label ?l }} OPTIONAL {{ ?c pg:venue ?v }}
        }} GROUP BY ?c"""
    )
    collections: list[Bar] = []
    venues: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        held = set(str(row.held).split())
        collections.append(Bar(str(row.label), len(held), urls.href(row.c)))
        if row.venue is not None:
            venues[str(row.venue)] |= held
    return _most_first(collections), _most_first(
        [Bar(venue, len(held)) for venue, held in venues.items()]
    )


def _most_first(bars: list[Bar]) -> list[Bar]:
    return sorted(bars, key=lambda bar: (-bar.count, bar.label.casefold()))


def _long_form(label: str, alt_labels: list[str]) -> str | None:
    """The alt label that spells out `label`, when `label` is an acronym."""
    if not is_short_form(label):
        return None
    return next((alt for alt in alt_labels if definition_holds(label, alt)), None)


def _relations(links: list[PaperLink], urls: Urls) -> list[tuple[str, list[PaperEntry]]]:
    """The papers under each relation, each paper once (a paper that names several variants
    of a family is one entry listing them)."""
    grouped: dict[str, dict[str, PaperEntry]] = {name: {} for name in RELATION_HEADINGS}
    for link in links:
        entries = grouped[link.relation]
        entry = entries.get(link.paper)
        if entry is None:
            spans = [(link.mention_start, link.mention_end, {})] if link.sentence else []
            paper = Value(link.title, urls.href(link.paper), link.paper, True)
            entry = entries[link.paper] = PaperEntry(paper, highlight(link.sentence, spans))
        if link.via and link.via not in entry.via:
            entry.via.append(link.via)
    return [
        (RELATION_HEADINGS[name][1], list(entries.values()))
        for name, entries in grouped.items()
        if entries
    ]


def entity_page(dataset: Dataset, iri: URIRef, urls: Urls) -> EntityPage:
    """The page of the entity `iri`.

    Raises:
        NotFound: `iri` is not an entity of the store.
    """
    found = neighbourhood(dataset, str(iri))
    papers = {link.paper for link in found.papers}
    by_collection, by_venue = _by_collection(dataset, papers, urls) if papers else ([], [])
    return EntityPage(
        iri=str(iri),
        label=found.entity.label,
        type=found.entity.type,
        long_form=_long_form(found.entity.label, found.alt_labels),
        alt_labels=found.alt_labels,
        family=[_ref_value(ref, urls) for ref in found.variant_of],
        variants=[_ref_value(ref, urls) for ref in found.variants],
        broader=[_ref_value(ref, urls) for ref in found.broader],
        scores=_scores(dataset, iri),
        paper_count=len(papers),
        by_collection=by_collection,
        by_venue=by_venue,
        relations=_relations(found.papers, urls),
        related=[(_ref_value(ref, urls), int(ref.score or 0)) for ref in found.cooccurring][
            :MAX_RELATED
        ],
        related_total=len(found.cooccurring),
        triples=asserted_triples(dataset, iri, urls),
    )
