"""The page of a collection (one notes page): its papers, once each, its most central
entities, and the entities that set it apart from the other collections
(`papergraph.distinctive`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Dataset, URIRef

from papergraph.distinctive import collection_counts, log_odds_scores
from papergraph.lookup import top_entities
from papergraph.web._describe import Labeller, Triples, Value, asserted_triples
from papergraph.web._urls import Urls

__all__ = ["CollectionPage", "collection_page", "top_distinctive"]

TOP_CENTRAL = 10
TOP_DISTINCTIVE = 10


@dataclass
class CollectionPage:
    iri: str
    label: str
    papers: list[Value]
    central: list[tuple[Value, float]]  # an entity and its PageRank
    distinctive: list[tuple[Value, int, int, float]]  # entity, papers here, elsewhere, z
    other_collections: int
    triples: Triples


def _papers(dataset: Dataset, iri: URIRef, urls: Urls) -> list[Value]:
    rows = dataset.query(
        f"""SELECT ?paper (SAMPLE(?title) AS ?t) WHERE {{
          ?paper pg:inCollection {iri.n3()} . OPTIONAL {{ ?paper dcterms:title ?title }}
        }} GROUP BY ?paper"""
    )
    papers = [
        Value(str(row.t) if row.t else str(row.paper), urls.href(row.paper), str(row.paper), True)
        for row in rows
    ]
    return sorted(papers, key=lambda value: (value.text.casefold(), value.title))


def _other_collections(dataset: Dataset, iri: URIRef) -> int:
    rows = dataset.query(
        f"""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{
          ?c a pg:Collection FILTER (?c != {iri.n3()}) }}"""
    )
    return int(next(iter(rows)).n)


def top_distinctive(
    dataset: Dataset, here: Counter, rest: Counter, urls: Urls
) -> list[tuple[Value, int, int, float]]:
    """The entities `here` counts most against `rest` (`distinctive.collection_counts`),
    positive z-scores only, at most TOP_DISTINCTIVE: (entity, papers here, in the rest, z)."""
    scores = [score for score in log_odds_scores(here, rest) if score.z > 0][:TOP_DISTINCTIVE]
    labeller = Labeller(dataset, urls, {URIRef(score.entity) for score in scores})
    return [
        (labeller.value(URIRef(score.entity)), score.here, score.rest, score.z) for score in scores
    ]


def collection_page(dataset: Dataset, iri: URIRef, urls: Urls) -> CollectionPage:
    """The page of the collection `iri`; the distinctive entities only when there are other
    collections to compare it with."""
    labeller = Labeller(dataset, urls, {iri})
    central = top_entities(dataset, top=TOP_CENTRAL, collection=str(iri))
    others = _other_collections(dataset, iri)
    return CollectionPage(
        iri=str(iri),
        label=labeller.label(iri),
        papers=_papers(dataset, iri, urls),
        central=[
            (Value(ref.label, urls.href(ref.iri), ref.iri, True), ref.score or 0.0)
            for ref in central
        ],
        distinctive=top_distinctive(dataset, *collection_counts(dataset, str(iri)), urls)
        if others
        else [],
        other_collections=others,
        triples=asserted_triples(dataset, iri, urls),
    )
