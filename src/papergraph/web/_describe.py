"""What every resource page shares: the RDF description of a resource, and the pieces prepared
for people (labels of IRIs, its asserted triples out and in, notes with their extracted spans
highlighted, breadcrumbs), plus the generic page of a resource that is no paper, entity or
collection (a note, a named graph, anything loaded). `_entity_page`, `_paper_page` and
`_collection_page` build the pages of those kinds from the same pieces.

The description of a resource is its triples as subject (from every named graph) plus the
resources that hang off it: for a paper its notes, and for papers and notes the annotations
(with targets and selectors) and quantities found in them, so the Turtle or JSON-LD of a paper
carries the provenance of its links.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from papergraph.rdf.namespaces import DCTERMS, PG, PREFIXES, RDF, SKOS, XSD, graph_iri
from papergraph.results import short_term
from papergraph.web._filters import readable_number
from papergraph.web._urls import Urls

__all__ = [
    "RELATION_HEADINGS",
    "Labeller",
    "ResourcePage",
    "Segment",
    "Triples",
    "Value",
    "asserted_triples",
    "breadcrumbs",
    "describe",
    "highlight",
    "is_valid_iri",
    "note_texts",
    "quantities",
    "resource_page",
    "title_segments",
    "values_clause",
]

# Each paper -> entity relation as a paper's page and an entity's page name it.
RELATION_HEADINGS = {
    "proposes": ("Proposes", "Proposed by"),
    "uses": ("Uses", "Used by"),
    "evaluatesOn": ("Evaluates on", "Evaluated in"),
    "discusses": ("Discusses", "Discussed in"),
}
_IRI_CHARS = re.compile(r"^[^<>\"{}|^`\\\x00-\x20]+$")
_MAX_INCOMING = 300


def is_valid_iri(iri: str) -> bool:
    """Whether `iri` can be written as a SPARQL IRIREF (no spaces, quotes, angle brackets...)."""
    return bool(_IRI_CHARS.match(iri))


def values_clause(terms: list[Node]) -> str:
    """The IRIs of `terms` as the body of a SPARQL VALUES block."""
    return " ".join(term.n3() for term in terms if isinstance(term, URIRef))


def describe(dataset: Dataset, iri: URIRef) -> Graph:
    """The description of `iri` (see the module docstring); empty when it has no triples."""
    if not is_valid_iri(iri):
        return Graph()
    notes = [row.n for row in dataset.query(f"SELECT ?n WHERE {{ {iri.n3()} pg:hasNote ?n }}")]
    # VALUES inside each branch: SPARQL evaluates UNION branches bottom-up, so an outer VALUES
    # would not restrict them (and a BIND from it would leave ?s unbound). `?s ?p ?o` inside
    # each branch too: Virtuoso 7 answers nothing when it follows the UNION.
    sources = f"VALUES ?src {{ {values_clause([iri, *notes])} }}"
    result = dataset.query(
        f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
          {{ VALUES ?s {{ {values_clause([iri, *notes])} }} ?s ?p ?o }}
          UNION {{ {sources} ?s oa:hasTarget/oa:hasSource ?src . ?s ?p ?o }}
          UNION {{ {sources} ?s oa:hasSource ?src . ?s ?p ?o }}
          UNION {{ {sources} ?target oa:hasSource ?src ; oa:hasSelector ?s . ?s ?p ?o }}
          UNION {{ {sources} ?a oa:hasTarget/oa:hasSource ?src ; oa:hasBody ?s .
                   ?s a pg:Quantity ; ?p ?o }}
          UNION {{ {sources} ?src pg:reports ?s . ?s ?p ?o }}
        }}"""
    )
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    graph += result.graph
    return graph


@dataclass(frozen=True)
class Value:
    text: str
    href: str | None = None
    title: str = ""  # the full IRI or the literal's datatype / language
    is_iri: bool = False


@dataclass(frozen=True)
class Segment:
    """A piece of a note's text; `mark` is set on an extracted span."""

    text: str
    mark: dict | None = None


@dataclass
class Triples:
    """A resource's asserted triples (not those the reasoner added), grouped by predicate."""

    outgoing: list[tuple[Value, list[Value]]]
    incoming: list[tuple[Value, list[Value]]]


@dataclass
class ResourcePage:
    """The generic page: a resource's types, its triples, and its notes when it is a note."""

    iri: str
    label: str
    types: list[Value]
    triples: Triples
    breadcrumbs: list[Value] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)


def highlight(text: str, spans: list[tuple[int, int, dict]]) -> list[Segment]:
    """`text` cut into segments, the (start, end) spans marked; overlapping spans are dropped."""
    segments, position = [], 0
    for start, end, mark in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < position or end > len(text) or start >= end:
            continue
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], mark))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


class Labeller:
    """Labels of IRIs (prefLabel, title or rdfs:label), fetched in one query. A qualified
    co-occurrence (`…/galore#with-adam`) is labelled by its two entities, never by its IRI."""

    def __init__(self, dataset: Dataset, urls: Urls, terms: set[Node]) -> None:
        self.urls = urls
        self.labels: dict[str, str] = {}
        iris = sorted(term for term in terms if isinstance(term, URIRef) and is_valid_iri(term))
        for chunk in range(0, len(iris), 500):
            rows = dataset.query(
                f"""SELECT ?x ?label WHERE {{
                  VALUES ?x {{ {values_clause(iris[chunk : chunk + 500])} }}
                  {{ ?x skos:prefLabel|dcterms:title|rdfs:label ?label }}
                  UNION {{ ?owner pg:qualifiedCoOccurrence ?x ; skos:prefLabel ?one .
                           ?x pg:coOccurringEntity/skos:prefLabel ?other .
                           BIND (CONCAT(?one, " · ", ?other) AS ?label) }}
                }}"""
            )
            for row in rows:
                self.labels.setdefault(str(row.x), str(row.label))

    def label(self, term: Node) -> str:
        """The label of `term`, else its short form (`pg:uses`, the IRI's last part)."""
        return self.labels.get(str(term)) or short_term(term)

    def value(self, term: Node) -> Value:
        if isinstance(term, Literal):
            title = term.language or (short_term(term.datatype) if term.datatype else "")
            if term.datatype == XSD.double and isinstance(number := term.toPython(), float):
                return Value(readable_number(number), None, f"{term} ({title})")  # "0.0026"
            return Value(str(term), None, title)
        return Value(self.label(term), self.urls.href(term), str(term), isinstance(term, URIRef))


def _group(pairs: list[tuple[Node, Node]], labeller: Labeller) -> list[tuple[Value, list[Value]]]:
    grouped: dict[Node, list[Node]] = defaultdict(list)
    for predicate, value in pairs:
        grouped[predicate].append(value)
    order = {RDF.type: 0, SKOS.prefLabel: 1, DCTERMS.title: 1, SKOS.altLabel: 2}
    return [
        (labeller.value(predicate), [labeller.value(v) for v in sorted(values)])
        for predicate, values in sorted(
            grouped.items(), key=lambda item: (order.get(item[0], 9), short_term(item[0]))
        )
    ]


def asserted_triples(dataset: Dataset, iri: URIRef, urls: Urls) -> Triples:
    """The triples of `iri` as subject and as object that are not in the inferred graph:
    each fact once, without the inverses and super-properties (`pg:mentions`,
    `schema:mentions`, `pg:usedBy`) the reasoner adds. Annotations and their targets, which
    point at every entity and note they are about, are left out of the incoming ones."""
    inferred = graph_iri(urls.base, "inferred").n3()
    subject = iri.n3()
    outgoing = [
        (row.p, row.o)
        for row in dataset.query(
            f"""SELECT DISTINCT ?p ?o WHERE {{ {subject} ?p ?o .
              FILTER NOT EXISTS {{ GRAPH {inferred} {{ {subject} ?p ?o }} }} }}"""
        )
    ]
    incoming = [
        (row.p, row.s)
        for row in dataset.query(
            f"""SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {subject} .
              FILTER (?p NOT IN (oa:hasBody, oa:hasSource))
              FILTER NOT EXISTS {{ GRAPH {inferred} {{ ?s ?p {subject} }} }}
            }} ORDER BY ?p ?s LIMIT {_MAX_INCOMING}"""
        )
    ]
    labeller = Labeller(dataset, urls, {term for pair in outgoing + incoming for term in pair})
    return Triples(_group(outgoing, labeller), _group(incoming, labeller))


def _annotations(
    dataset: Dataset, sources: list[Node], urls: Urls, *, entities_only: bool = False
) -> dict[str, list]:
    """The extracted spans of each source (a note or a paper's title), by source IRI; with
    `entities_only`, the spans of entities but not those of quantities."""
    if not sources:
        return {}
    only = "FILTER NOT EXISTS { ?body a pg:Quantity }" if entities_only else ""
    rows = dataset.query(
        f"""SELECT ?src ?start ?end ?body ?label ?relation ?rule ?confidence WHERE {{
          VALUES ?src {{ {values_clause(sources)} }}
          ?a oa:hasTarget ?t ; oa:hasBody ?body . ?t oa:hasSource ?src ; oa:hasSelector ?sel .
          ?sel oa:start ?start ; oa:end ?end . {only}
          OPTIONAL {{ ?body skos:prefLabel|pg:text ?label }}
          OPTIONAL {{ ?a pg:rule ?rule }} OPTIONAL {{ ?a pg:confidence ?confidence }}
          OPTIONAL {{
            VALUES ?relation {{ pg:proposes pg:uses pg:evaluatesOn pg:discusses }}
            {{ ?paper pg:hasNote ?src }} UNION {{ ?src a pg:Paper . BIND (?src AS ?paper) }}
            ?paper ?relation ?body
          }}
        }}"""
    )
    spans: dict[str, list] = defaultdict(list)
    seen: set[tuple] = set()
    for row in rows:
        key = (str(row.src), int(row.start), int(row.end))
        if key in seen:
            continue
        seen.add(key)
        relation = short_term(row.relation).removeprefix("pg:") if row.relation else ""
        mark = {
            "href": urls.href(row.body),
            "label": str(row.label) if row.label else short_term(row.body),
            "relation": relation,
            "rule": str(row.rule) if row.rule else "",
            "confidence": f"{float(row.confidence):.2f}" if row.confidence else "",
        }
        spans[str(row.src)].append((int(row.start), int(row.end), mark))
    return spans


def title_segments(dataset: Dataset, paper: URIRef, title: str, urls: Urls) -> list[Segment]:
    """A paper's title, the entities found in it marked."""
    spans = _annotations(dataset, [paper], urls, entities_only=True).get(str(paper), [])
    return highlight(title, spans)


def note_texts(
    dataset: Dataset, notes: list[Node], urls: Urls, *, entities_only: bool = False
) -> list[dict]:
    """The text of each note, its extracted spans marked (see `_annotations`)."""
    rows = dataset.query(
        f"""SELECT ?n ?summary WHERE {{
          VALUES ?n {{ {values_clause(notes)} }} ?n pg:summary ?summary }}"""
    )
    texts = {str(row.n): str(row.summary) for row in rows}
    spans = _annotations(dataset, notes, urls, entities_only=entities_only)
    return [
        {
            "iri": str(note),
            "href": urls.href(note),
            "segments": highlight(texts.get(str(note), ""), spans.get(str(note), [])),
        }
        for note in sorted(notes)
    ]


def breadcrumbs(dataset: Dataset, iri: URIRef, kind: str, urls: Urls) -> list[Value]:
    """The way up from a note (its collection, its paper) or a paper (its collection); a
    collection by its label ("NeurIPS 2025 · Pretraining"), else its venue."""
    if kind == "note":
        query = f"""SELECT ?paper ?collection ?venue WHERE {{ ?paper pg:hasNote {iri.n3()} .
                    OPTIONAL {{ ?paper pg:inCollection ?collection .
                                OPTIONAL {{ ?collection pg:venue ?venue }} }} }} LIMIT 1"""
    elif kind == "paper":
        query = f"""SELECT ?collection ?venue WHERE {{ {iri.n3()} pg:inCollection ?collection .
                    OPTIONAL {{ ?collection pg:venue ?venue }} }} LIMIT 1"""
    else:
        return []
    row = next(iter(dataset.query(query)), None)
    if row is None:
        return []
    paper = row.paper if kind == "note" else None
    labeller = Labeller(dataset, urls, {term for term in (row.collection, paper) if term})
    crumbs: list[Value] = []
    if row.collection is not None:
        text = labeller.labels.get(str(row.collection)) or str(row.venue or "")
        crumbs.append(
            Value(
                text or short_term(row.collection),
                urls.href(row.collection),
                str(row.collection),
                True,
            )
        )
    if paper is not None:
        crumbs.append(labeller.value(paper))
    return crumbs


def _resource_kind(iri: URIRef, urls: Urls) -> str:
    """The kind part of a local IRI (`paper`, `note`, `entity`, `collection`), else ""."""
    return urls.path(iri).split("/", 1)[0] if urls.is_local(iri) else ""


def resource_page(dataset: Dataset, iri: URIRef, graph: Graph, urls: Urls) -> ResourcePage:
    """The generic page of `iri`, from its description `graph` and a few more queries."""
    types = sorted(graph.objects(iri, RDF.type))
    labeller = Labeller(dataset, urls, {iri, *types})
    page = ResourcePage(
        iri=str(iri),
        label=labeller.label(iri),
        types=[labeller.value(t) for t in types],
        triples=asserted_triples(dataset, iri, urls),
        breadcrumbs=breadcrumbs(dataset, iri, _resource_kind(iri, urls), urls),
    )
    if (iri, RDF.type, PG.Note) in graph:
        page.notes = note_texts(dataset, [iri], urls)
    return page


def quantities(graph: Graph, iri: URIRef) -> list[dict]:
    """The quantities a paper reports, from its description `graph`."""
    found = []
    for quantity in sorted(graph.objects(iri, PG.reports)):
        found.append(
            {
                "iri": str(quantity),
                "text": str(graph.value(quantity, PG.text) or ""),
                "measures": str(graph.value(quantity, PG.measures) or ""),
                "unit": str(graph.value(quantity, PG.unit) or ""),
                "value": str(graph.value(quantity, RDF.value) or ""),
            }
        )
    return found
