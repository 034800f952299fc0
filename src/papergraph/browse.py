"""Lists of entities, papers and collections, as the browse pages show them: one
page of rows, the total, and facet counts, for a filter, a sort and a page.

The store does the work: each list is a SPARQL pattern, its page is cut by ORDER BY, LIMIT
and OFFSET, its total is a COUNT and each facet a COUNT with GROUP BY, so a page costs a few
queries whatever the size of the store. The rows of a page are then described by one query
over the page's IRIs.

A facet counts the rows under every filter but its own, so that choosing a facet value gives
a list of as many rows as the facet said (the way a shop's facets count).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from rdflib import Dataset

from papergraph.errors import BadRequest
from papergraph.extract import ENTITY_TYPES, RELATIONS
from papergraph.rdf.terms import iri as iri_term
from papergraph.rdf.terms import literal

__all__ = [
    "ENTITY_SORTS",
    "PAPER_SORTS",
    "COLLECTION_SORTS",
    "CollectionRow",
    "EntityRow",
    "Facet",
    "Filters",
    "Listing",
    "Page",
    "PaperRow",
    "Sort",
    "entity_type_named",
    "list_collections",
    "list_entities",
    "list_papers",
    "relation_named",
]


@dataclass(frozen=True)
class Sort:
    """An order of a list: `pattern` binds `?key` for an item (its variable is `?item`),
    `key` aggregates it over the item's solutions; `descending` is the natural direction."""

    pattern: str
    key: str
    descending: bool = False


_LABEL_KEY = "MIN(LCASE(STR(?label)))"
ENTITY_SORTS = {
    "pagerank": Sort("OPTIONAL { ?item pg:pagerank ?key }", "MAX(?key)", descending=True),
    "papers": Sort("OPTIONAL { ?key pg:mentions ?item }", "COUNT(DISTINCT ?key)", descending=True),
    "label": Sort("", _LABEL_KEY),
}
PAPER_SORTS = {
    "title": Sort("", "MIN(LCASE(STR(?title)))"),
    "collection": Sort(
        "OPTIONAL { ?item pg:inCollection ?collection . "
        "OPTIONAL { ?collection rdfs:label ?collectionLabel } "
        "OPTIONAL { ?collection pg:venue ?collectionVenue } "
        "BIND (LCASE(STR(COALESCE(?collectionLabel, ?collectionVenue, ?collection))) AS ?key) }",
        "MIN(?key)",
    ),
}
COLLECTION_SORTS = {
    "label": Sort("", _LABEL_KEY),
    "papers": Sort(
        "OPTIONAL { ?key pg:inCollection ?item }", "COUNT(DISTINCT ?key)", descending=True
    ),
}

_TYPES = " ".join(f"pg:{name}" for name in ENTITY_TYPES)
_RELATIONS = " ".join(f"pg:{name}" for name in RELATIONS)


def _collection_label(collection: str, label: str) -> str:
    """A pattern binding `label` to the collection's name: its rdfs:label ("NeurIPS 2025 ·
    Pretraining"), else its venue (a build made before collections had labels), else its IRI."""
    return (
        f"OPTIONAL {{ {collection} rdfs:label {label}_l }} "
        f"OPTIONAL {{ {collection} pg:venue {label}_v }} "
        f"BIND (COALESCE({label}_l, {label}_v, STR({collection})) AS {label})"
    )


def entity_type_named(name: str) -> str:
    """The entity type `name` names, in any case ("method" -> "Method").

    Raises:
        BadRequest: no entity type has that name.
    """
    return _one_of(name, ENTITY_TYPES, "type")


def relation_named(name: str) -> str:
    """The paper -> entity relation `name` names, in any case ("evaluateson" -> "evaluatesOn").

    Raises:
        BadRequest: no relation has that name.
    """
    return _one_of(name, RELATIONS, "relation")


def _one_of(name: str, known: tuple[str, ...], what: str) -> str:
    found = {value.casefold(): value for value in known}.get(name.casefold())
    if found is None:
        raise BadRequest(f"unknown {what} {name!r}; expected one of {', '.join(known)}")
    return found


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to. Each list reads the filters that apply to it."""

    type: str | None = None  # an entity type of ENTITY_TYPES
    collection: str | None = None  # a collection IRI
    relation: str | None = None  # a relation of RELATIONS
    q: str = ""  # a part of a label (or title), in any case

    def without(self, name: str) -> Filters:
        """These filters but the one called `name`."""
        return replace(self, **{name: "" if name == "q" else None})


def _contains(variable: str, text: str) -> str:
    """A FILTER keeping the solutions whose `variable` contains `text`, in any case."""
    return f"FILTER (CONTAINS(LCASE(STR({variable})), {literal(text.casefold())}))"


@dataclass(frozen=True)
class Page:
    """The `number`-th page (from 1) of `size` rows, ordered by `sort` (a key of the list's
    sorts), descending or not."""

    sort: str
    descending: bool
    number: int = 1
    size: int = 50

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@dataclass(frozen=True)
class Facet:
    value: str  # the filter's value: a type or relation name, a collection IRI
    label: str
    count: int


@dataclass(frozen=True)
class EntityRow:
    iri: str
    label: str
    type: str
    pagerank: float | None
    papers: int  # papers that mention it


@dataclass(frozen=True)
class PaperRow:
    iri: str
    title: str
    collection: str | None  # its collection's IRI
    collection_label: str | None
    notes: int


@dataclass(frozen=True)
class CollectionRow:
    iri: str
    label: str  # "NeurIPS 2025 · Pretraining"
    venue: str | None
    topic: str | None
    papers: int


Row = TypeVar("Row", EntityRow, PaperRow, CollectionRow)


@dataclass
class Listing(Generic[Row]):
    total: int  # rows on every page together
    results: list[Row]  # this page's
    facets: dict[str, list[Facet]] = field(default_factory=dict)


# --- the lists ---------------------------------------------------------------------------


def _entity_pattern(filters: Filters) -> str:
    """Entities under `filters`, as `?item` with its `?label` and `?type`."""
    types = f"pg:{filters.type}" if filters.type else _TYPES
    parts = [f"?item a ?type ; skos:prefLabel ?label . VALUES ?type {{ {types} }}"]
    if filters.q:
        parts.append(
            "FILTER EXISTS { ?item skos:prefLabel|skos:altLabel ?matched . "
            f"{_contains('?matched', filters.q)} }}"
        )
    if filters.relation or filters.collection:
        linking = _linking_paper("?linking", _relation(filters), filters.collection)
        parts.append(f"FILTER EXISTS {{ {linking} }}")
    return "\n".join(parts)


def _linking_paper(paper: str, relation: str, collection: str | None) -> str:
    """`paper` links to `?item` by `relation` and, given a `collection` IRI, lies in it."""
    pattern = f"{paper} {relation} ?item ."
    if collection:
        pattern += f" {paper} pg:inCollection {iri_term(collection)} ."
    return pattern


def _relation(filters: Filters) -> str:
    """The relation the filters ask for, else any (pg:mentions, their super-property)."""
    return f"pg:{filters.relation}" if filters.relation else "pg:mentions"


def _entity_rows(dataset: Dataset, iris: list[str]) -> list[EntityRow]:
    rows = dataset.query(
        f"""SELECT ?item (SAMPLE(?label) AS ?name) (MIN(?type) AS ?kind)
              (SAMPLE(?rank) AS ?pagerank) (COUNT(DISTINCT ?paper) AS ?papers)
            WHERE {{ VALUES ?item {{ {_iris(iris)} }}
              ?item skos:prefLabel ?label ; a ?type . VALUES ?type {{ {_TYPES} }}
              OPTIONAL {{ ?item pg:pagerank ?rank }} OPTIONAL {{ ?paper pg:mentions ?item }}
            }} GROUP BY ?item""",
    )
    return [
        EntityRow(
            iri=str(row.item),
            label=str(row.name),
            type=_local_name(row.kind),
            pagerank=float(row.pagerank) if row.pagerank is not None else None,
            papers=int(row.papers),
        )
        for row in rows
    ]


def _entity_facets(dataset: Dataset, filters: Filters) -> dict[str, list[Facet]]:
    type_counts = _facet_counts(dataset, _entity_pattern(filters.without("type")), "?type")
    others = filters.without("collection")
    in_collection = _linking_paper("?facetPaper", _relation(others), None)
    in_collection += " ?facetPaper pg:inCollection ?facet ."
    collection_counts = _facet_counts(
        dataset, f"{_entity_pattern(others)}\n{in_collection}", "?facet"
    )
    others = filters.without("relation")
    related = _linking_paper("?facetPaper", "?facet", others.collection)
    related += f" VALUES ?facet {{ {_RELATIONS} }}"
    relation_counts = _facet_counts(dataset, f"{_entity_pattern(others)}\n{related}", "?facet")
    return {
        "type": [Facet(_local_name(v), _local_name(v), n) for v, n in type_counts],
        "collection": _collection_facets(dataset, collection_counts),
        "relation": [Facet(_local_name(v), _local_name(v), n) for v, n in relation_counts],
    }


def list_entities(dataset: Dataset, filters: Filters, page: Page) -> Listing[EntityRow]:
    """A page of the entities under `filters`, sorted by a key of ENTITY_SORTS, with facet
    counts by type, collection and relation.

    Raises:
        BadRequest: an unknown sort.
    """
    listing = _listing(dataset, _entity_pattern(filters), ENTITY_SORTS, page, _entity_rows)
    listing.facets = _entity_facets(dataset, filters)
    return listing


def _paper_pattern(filters: Filters) -> str:
    """Papers under `filters`, as `?item` with its `?title`."""
    parts = ["?item a pg:Paper ; dcterms:title ?title ."]
    if filters.q:
        parts.append(_contains("?title", filters.q))
    if filters.collection:
        parts.append(f"?item pg:inCollection {iri_term(filters.collection)} .")
    return "\n".join(parts)


def _paper_rows(dataset: Dataset, iris: list[str]) -> list[PaperRow]:
    rows = dataset.query(
        f"""SELECT ?item (SAMPLE(?title) AS ?name) (MIN(?collection) AS ?in)
              (SAMPLE(?label) AS ?inLabel) (COUNT(DISTINCT ?note) AS ?notes)
            WHERE {{ VALUES ?item {{ {_iris(iris)} }} ?item dcterms:title ?title .
              OPTIONAL {{ ?item pg:inCollection ?collection .
                {_collection_label("?collection", "?label")} }}
              OPTIONAL {{ ?item pg:hasNote ?note }}
            }} GROUP BY ?item""",
    )
    return [
        PaperRow(
            iri=str(row.item),
            title=str(row.name),
            collection=_text(row["in"]),
            collection_label=_text(row.inLabel),
            notes=int(row.notes),
        )
        for row in rows
    ]


def list_papers(dataset: Dataset, filters: Filters, page: Page) -> Listing[PaperRow]:
    """A page of the papers under `filters` (collection, q on the title), sorted by a key of
    PAPER_SORTS, with facet counts by collection.

    Raises:
        BadRequest: an unknown sort.
    """
    listing = _listing(dataset, _paper_pattern(filters), PAPER_SORTS, page, _paper_rows)
    in_collection = "?item pg:inCollection ?facet ."
    facet_pattern = f"{_paper_pattern(filters.without('collection'))}\n{in_collection}"
    counts = _facet_counts(dataset, facet_pattern, "?facet")
    listing.facets = {"collection": _collection_facets(dataset, counts)}
    return listing


def _collection_pattern(filters: Filters) -> str:
    """Collections under `filters` (q on the name), as `?item` with its `?label`."""
    parts = [f"?item a pg:Collection . {_collection_label('?item', '?label')}"]
    if filters.q:
        parts.append(_contains("?label", filters.q))
    return "\n".join(parts)


def _collection_rows(dataset: Dataset, iris: list[str]) -> list[CollectionRow]:
    rows = dataset.query(
        f"""SELECT ?item (SAMPLE(?label) AS ?name) (SAMPLE(?v) AS ?venue) (SAMPLE(?t) AS ?topic)
              (COUNT(DISTINCT ?paper) AS ?papers)
            WHERE {{ VALUES ?item {{ {_iris(iris)} }} {_collection_label("?item", "?label")}
              OPTIONAL {{ ?item pg:venue ?v }} OPTIONAL {{ ?item pg:topic ?t }}
              OPTIONAL {{ ?paper pg:inCollection ?item }}
            }} GROUP BY ?item""",
    )
    return [
        CollectionRow(
            iri=str(row.item),
            label=str(row.name),
            venue=_text(row.venue),
            topic=_text(row.topic),
            papers=int(row.papers),
        )
        for row in rows
    ]


def list_collections(dataset: Dataset, filters: Filters, page: Page) -> Listing[CollectionRow]:
    """A page of the collections (q on the name), sorted by a key of COLLECTION_SORTS.

    Raises:
        BadRequest: an unknown sort.
    """
    return _listing(dataset, _collection_pattern(filters), COLLECTION_SORTS, page, _collection_rows)


# --- the SPARQL they share --------------------------------------------------------------


def _listing(
    dataset: Dataset,
    pattern: str,
    sorts: dict[str, Sort],
    page: Page,
    rows: Callable[[Dataset, list[str]], list[Row]],
) -> Listing[Row]:
    """The `page` of the items of `pattern` (their `rows`) and their total, without facets.

    Raises:
        BadRequest: the page's sort is not one of `sorts`.
    """
    if page.sort not in sorts:
        raise BadRequest(f"unknown sort {page.sort!r}; expected one of {', '.join(sorts)}")
    iris = _page_of(dataset, pattern, sorts[page.sort], page)
    return Listing(total=_count(dataset, pattern), results=_in_order(iris, rows(dataset, iris)))


def _page_of(dataset: Dataset, pattern: str, sort: Sort, page: Page) -> list[str]:
    """The IRIs of the items of `pattern` on `page`, in order (ties by IRI, so that pages
    never share or skip an item)."""
    direction = "DESC" if page.descending else "ASC"
    rows = dataset.query(
        f"""SELECT ?item ({sort.key} AS ?order) WHERE {{ {pattern}
              {sort.pattern} }}
            GROUP BY ?item ORDER BY {direction}(?order) ?item
            LIMIT {page.size} OFFSET {page.offset}""",
    )
    return [str(row.item) for row in rows]


def _count(dataset: Dataset, pattern: str) -> int:
    rows = dataset.query(f"SELECT (COUNT(DISTINCT ?item) AS ?n) WHERE {{ {pattern} }}")
    return int(next(iter(rows)).n)


def _facet_counts(dataset: Dataset, pattern: str, variable: str) -> list[tuple[str, int]]:
    """(value of `variable`, items of `pattern` with it), most items first."""
    rows = dataset.query(
        f"SELECT {variable} (COUNT(DISTINCT ?item) AS ?n) WHERE {{ {pattern} }} "
        f"GROUP BY {variable} ORDER BY DESC(?n) {variable}",
    )
    return [(str(row[0]), int(row[1])) for row in rows]


def _collection_facets(dataset: Dataset, counts: list[tuple[str, int]]) -> list[Facet]:
    if not counts:
        return []
    labels = {
        str(row.item): str(row.label)
        for row in dataset.query(
            f"SELECT ?item ?label WHERE {{ VALUES ?item {{ {_iris([v for v, _ in counts])} }} "
            f"{_collection_label('?item', '?label')} }}",
        )
    }
    return [Facet(value, labels.get(value, value), count) for value, count in counts]


def _iris(iris: list[str]) -> str:
    return " ".join(iri_term(value) for value in iris)


def _in_order(iris: list[str], rows: list[Row]) -> list[Row]:
    """`rows` in the order of the page's `iris`."""
    by_iri = {row.iri: row for row in rows}
    return [by_iri[value] for value in iris if value in by_iri]


def _text(term: object | None) -> str | None:
    return str(term) if term is not None else None


def _local_name(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]
