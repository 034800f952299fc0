"""Two collections side by side (`/compare`): what sets each apart from the other (the
log-odds ratio of `papergraph.distinctive`, as the collection page scores a collection against
all the others) and the entities they share, with their papers in each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset, URIRef

from papergraph.distinctive import collection_counts
from papergraph.web._collection_page import top_distinctive
from papergraph.web._describe import Labeller, Value
from papergraph.web._urls import Urls

__all__ = ["MAX_SHARED", "Comparison", "Side", "compare_collections"]

MAX_SHARED = 50


@dataclass
class Side:
    """One of the two collections: its papers, and its entities most distinctive against the
    other one, as (entity, papers here, papers there, z)."""

    collection: Value
    papers: int
    distinctive: list[tuple[Value, int, int, float]]


@dataclass
class Comparison:
    a: Side
    b: Side
    shared: list[tuple[Value, int, int]]  # entity, papers in a, papers in b; most papers first
    shared_total: int

    def to_dict(self) -> dict[str, Any]:
        """The comparison as the JSON answer writes it."""
        return {
            "a": _side_dict(self.a),
            "b": _side_dict(self.b),
            "shared": [
                {**_value_dict(entity), "a": in_a, "b": in_b} for entity, in_a, in_b in self.shared
            ],
            "shared_total": self.shared_total,
        }


def _value_dict(value: Value) -> dict[str, Any]:
    return {"iri": value.title, "label": value.text, "url": value.href}


def _side_dict(side: Side) -> dict[str, Any]:
    return {
        **_value_dict(side.collection),
        "papers": side.papers,
        "distinctive": [
            {**_value_dict(entity), "here": here, "there": there, "z": z}
            for entity, here, there, z in side.distinctive
        ],
    }


def _paper_counts(dataset: Dataset, collections: tuple[URIRef, URIRef]) -> Counter:
    rows = dataset.query(
        f"""SELECT ?c (COUNT(DISTINCT ?paper) AS ?n) WHERE {{
          VALUES ?c {{ {collections[0].n3()} {collections[1].n3()} }} ?paper pg:inCollection ?c
        }} GROUP BY ?c"""
    )
    return Counter({str(row.c): int(row.n) for row in rows})


def _shared(
    dataset: Dataset, in_a: Counter, in_b: Counter, urls: Urls
) -> tuple[list[tuple[Value, int, int]], int]:
    """The entities with papers in both, most papers (in both together) first, at most
    MAX_SHARED; and how many there are."""
    both = sorted(
        (entity for entity in in_a if in_a[entity] and in_b[entity]),
        key=lambda entity: (-(in_a[entity] + in_b[entity]), entity),
    )
    shown = both[:MAX_SHARED]
    labeller = Labeller(dataset, urls, {URIRef(entity) for entity in shown})
    return [(labeller.value(URIRef(entity)), in_a[entity], in_b[entity]) for entity in shown], len(
        both
    )


def compare_collections(dataset: Dataset, a: URIRef, b: URIRef, urls: Urls) -> Comparison:
    """The comparison of the collections `a` and `b` (IRIs)."""
    in_a, in_b = collection_counts(dataset, str(a), against=str(b))
    papers = _paper_counts(dataset, (a, b))
    labeller = Labeller(dataset, urls, {a, b})
    shared, shared_total = _shared(dataset, in_a, in_b, urls)
    return Comparison(
        a=Side(labeller.value(a), papers[str(a)], top_distinctive(dataset, in_a, in_b, urls)),
        b=Side(labeller.value(b), papers[str(b)], top_distinctive(dataset, in_b, in_a, urls)),
        shared=shared,
        shared_total=shared_total,
    )
