"""The page of a paper: its title and collection, its notes with every entity mention marked
and linked, what it proposes, uses, evaluates on and discusses, the quantities it reports, and
the papers that share the most entities with it."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef

from papergraph.rdf.namespaces import DCTERMS, PG
from papergraph.web._describe import (
    RELATION_HEADINGS,
    Labeller,
    Segment,
    Triples,
    Value,
    asserted_triples,
    breadcrumbs,
    note_texts,
    quantities,
    title_segments,
)
from papergraph.web._urls import Urls

__all__ = ["PaperPage", "paper_page"]

MAX_RELATED = 10


@dataclass
class PaperPage:
    iri: str
    label: str
    title: list[Segment]
    collection: Value | None
    notes: list[dict]
    relations: list[tuple[str, list[Value]]]
    quantities: list[dict]
    related: list[tuple[Value, list[str]]]  # a paper and the labels of the entities it shares
    triples: Triples


def _relations(graph: Graph, iri: URIRef, labeller: Labeller) -> list[tuple[str, list[Value]]]:
    found = []
    for name, (heading, _) in RELATION_HEADINGS.items():
        values = sorted(
            (labeller.value(entity) for entity in graph.objects(iri, PG[name])),
            key=lambda value: value.text.casefold(),
        )
        if values:
            found.append((heading, values))
    return found


def _related(dataset: Dataset, iri: URIRef, urls: Urls) -> list[tuple[Value, list[str]]]:
    """The papers that mention most of this paper's entities, with the entities shared."""
    rows = dataset.query(
        f"""SELECT ?other ?title (COUNT(DISTINCT ?e) AS ?shared)
                  (GROUP_CONCAT(DISTINCT ?label; SEPARATOR="\\u001f") AS ?names) WHERE {{
          {iri.n3()} pg:mentions ?e . ?other pg:mentions ?e ; dcterms:title ?title .
          ?e skos:prefLabel ?label .
          FILTER (?other != {iri.n3()})
        }} GROUP BY ?other ?title ORDER BY DESC(?shared) ?title LIMIT {MAX_RELATED}"""
    )
    return [
        (
            Value(str(row.title), urls.href(row.other), str(row.other), True),
            sorted(str(row.names).split("\u001f"), key=str.casefold),
        )
        for row in rows
    ]


def paper_page(dataset: Dataset, iri: URIRef, graph: Graph, urls: Urls) -> PaperPage:
    """The page of the paper `iri`, whose description is `graph`."""
    entities = {o for name in RELATION_HEADINGS for o in graph.objects(iri, PG[name])}
    labeller = Labeller(dataset, urls, {iri, *entities})
    title = str(graph.value(iri, DCTERMS.title) or labeller.label(iri))
    crumbs = breadcrumbs(dataset, iri, "paper", urls)
    return PaperPage(
        iri=str(iri),
        label=title,
        title=title_segments(dataset, iri, title, urls),
        collection=crumbs[0] if crumbs else None,
        notes=note_texts(dataset, sorted(graph.objects(iri, PG.hasNote)), urls, entities_only=True),
        relations=_relations(graph, iri, labeller),
        quantities=quantities(graph, iri),
        related=_related(dataset, iri, urls),
        triples=asserted_triples(dataset, iri, urls),
    )
