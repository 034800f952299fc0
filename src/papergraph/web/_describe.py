"""What a resource page shows: the RDF description of a resource, and the same prepared for
people (labelled links out and in, notes with their extracted spans highlighted, mentions).

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

from papergraph.rdf.namespaces import DCTERMS, PG, PREFIXES, RDF, SKOS
from papergraph.results import short_term
from papergraph.sentences import sentence_span
from papergraph.web._urls import Urls

__all__ = ["Segment", "describe", "is_valid_iri", "resource_page"]

_IRI_CHARS = re.compile(r"^[^<>\"{}|^`\\\x00-\x20]+$")
_MAX_INCOMING = 300
_MAX_MENTIONS = 200


def is_valid_iri(iri: str) -> bool:
    """Whether `iri` can be written as a SPARQL IRIREF (no spaces, quotes, angle brackets...)."""
    return bool(_IRI_CHARS.match(iri))


def _values(terms: list[Node]) -> str:
    return " ".join(term.n3() for term in terms if isinstance(term, URIRef))


def describe(dataset: Dataset, iri: URIRef) -> Graph:
    """The description of `iri` (see the module docstring); empty when it has no triples."""
    if not is_valid_iri(iri):
        return Graph()
    notes = [row.n for row in dataset.query(f"SELECT ?n WHERE {{ {iri.n3()} pg:hasNote ?n }}")]
    # VALUES inside each branch: SPARQL evaluates UNION branches bottom-up, so an outer VALUES
    # would not restrict them (and a BIND from it would leave ?s unbound). `?s ?p ?o` inside
    # each branch too: Virtuoso 7 answers nothing when it follows the UNION.
    sources = f"VALUES ?src {{ {_values([iri, *notes])} }}"
    result = dataset.query(
        f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
          {{ VALUES ?s {{ {_values([iri, *notes])} }} ?s ?p ?o }}
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
class ResourcePage:
    iri: str
    label: str
    types: list[Value]
    outgoing: list[tuple[Value, list[Value]]]
    incoming: list[tuple[Value, list[Value]]]
    breadcrumbs: list[Value] = field(default_factory=list)
    title_segments: list[Segment] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    quantities: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    centrality: dict[str, str] = field(default_factory=dict)


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


class _Labeller:
    """Labels of IRIs (prefLabel, title or rdfs:label), fetched in one query."""

    def __init__(self, dataset: Dataset, urls: Urls, terms: set[Node]) -> None:
        self.urls = urls
        self.labels: dict[str, str] = {}
        iris = sorted(term for term in terms if isinstance(term, URIRef) and is_valid_iri(term))
        for chunk in range(0, len(iris), 500):
            rows = dataset.query(
                f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {_values(iris[chunk : chunk + 500])} }} "
                "?x skos:prefLabel|dcterms:title|rdfs:label ?label }"
            )
            for row in rows:
                self.labels.setdefault(str(row.x), str(row.label))

    def value(self, term: Node) -> Value:
        if isinstance(term, Literal):
            title = term.language or (short_term(term.datatype) if term.datatype else "")
            return Value(str(term), None, title)
        text = self.labels.get(str(term)) or short_term(term)
        return Value(text, self.urls.href(term), str(term), isinstance(term, URIRef))


def _group(pairs: list[tuple[Node, Node]], labeller: _Labeller) -> list[tuple[Value, list[Value]]]:
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


def _annotations(dataset: Dataset, sources: list[Node], urls: Urls) -> dict[str, list]:
    """The extracted spans of each source (a note or a paper's title), by source IRI."""
    if not sources:
        return {}
    rows = dataset.query(
        f"""SELECT ?src ?start ?end ?body ?label ?relation ?rule ?confidence WHERE {{
          VALUES ?src {{ {_values(sources)} }}
          ?a oa:hasTarget ?t ; oa:hasBody ?body . ?t oa:hasSource ?src ; oa:hasSelector ?sel .
          ?sel oa:start ?start ; oa:end ?end .
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


def _notes(dataset: Dataset, notes: list[Node], urls: Urls) -> list[dict]:
    rows = dataset.query(
        f"SELECT ?n ?summary WHERE {{ VALUES ?n {{ {_values(notes)} }} ?n pg:summary ?summary }}"
    )
    texts = {str(row.n): str(row.summary) for row in rows}
    spans = _annotations(dataset, notes, urls)
    return [
        {
            "iri": str(note),
            "href": urls.href(note),
            "segments": highlight(texts.get(str(note), ""), spans.get(str(note), [])),
        }
        for note in sorted(notes)
    ]


def _mentions(dataset: Dataset, iri: URIRef, urls: Urls) -> list[dict]:
    """Where an entity was found: each sentence, with the span highlighted."""
    rows = dataset.query(
        f"""SELECT DISTINCT ?paper ?title ?src ?text ?start ?end WHERE {{
          ?a oa:hasBody {iri.n3()} ; oa:hasTarget ?t .
          ?t oa:hasSource ?src ; oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end .
          {{ ?paper pg:hasNote ?src . ?src pg:summary ?text }}
          UNION {{ ?src dcterms:title ?text . BIND (?src AS ?paper) }}
          ?paper dcterms:title ?title .
        }} ORDER BY ?title ?src ?start LIMIT {_MAX_MENTIONS}"""
    )
    mentions = []
    for row in rows:
        text, start, end = str(row.text), int(row.start), int(row.end)
        first, last = sentence_span(text, start, end)
        mentions.append(
            {
                "paper": Value(str(row.title), urls.href(row.paper), str(row.paper), True),
                "source": urls.href(row.src),
                "segments": highlight(text[first:last], [(start - first, end - first, {})]),
            }
        )
    return mentions


def _breadcrumbs(dataset: Dataset, iri: URIRef, kind: str, labeller: _Labeller) -> list[Value]:
    if kind == "note":
        query = f"""SELECT ?paper ?collection WHERE {{ ?paper pg:hasNote {iri.n3()} .
                    OPTIONAL {{ ?paper pg:inCollection ?collection }} }} LIMIT 1"""
    elif kind == "paper":
        query = f"""SELECT ?collection WHERE {{
                    {iri.n3()} pg:inCollection ?collection }} LIMIT 1"""
    else:
        return []
    crumbs: list[Value] = []
    for row in dataset.query(query):
        collection = row.collection
        paper = row.paper if kind == "note" else None
        if collection is not None:
            rows = dataset.query(f"SELECT ?venue WHERE {{ {collection.n3()} pg:venue ?venue }}")
            venue = next((str(r.venue) for r in rows), None)
            crumbs.append(Value(venue or short_term(collection), labeller.urls.href(collection)))
        if paper is not None:
            crumbs.append(labeller.value(paper))
    return crumbs


def resource_page(dataset: Dataset, iri: URIRef, graph: Graph, urls: Urls) -> ResourcePage:
    """The page of `iri`, from its description `graph` and a few more queries."""
    outgoing = [(p, o) for p, o in graph.predicate_objects(iri)]
    incoming = [
        (row.p, row.s)
        for row in dataset.query(
            f"""SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {iri.n3()} .
              FILTER (?p NOT IN (oa:hasBody, oa:hasSource)) }}
              ORDER BY ?p ?s LIMIT {_MAX_INCOMING}"""
        )
    ]
    terms = {term for pair in outgoing + incoming for term in pair}
    labeller = _Labeller(dataset, urls, terms | {iri})
    types = [labeller.value(t) for t in sorted(graph.objects(iri, RDF.type))]
    kind = urls.path(iri).split("/", 1)[0] if urls.is_local(iri) else ""
    page = ResourcePage(
        iri=str(iri),
        label=labeller.labels.get(str(iri)) or short_term(iri),
        types=types,
        outgoing=_group(outgoing, labeller),
        incoming=_group(incoming, labeller),
        breadcrumbs=_breadcrumbs(dataset, iri, kind, labeller),
    )
    if (iri, RDF.type, PG.Paper) in graph:
        title = next((str(t) for t in graph.objects(iri, DCTERMS.title)), page.label)
        page.title_segments = highlight(title, _annotations(dataset, [iri], urls).get(str(iri), []))
        page.notes = _notes(dataset, sorted(graph.objects(iri, PG.hasNote)), urls)
        page.quantities = _quantities(graph, iri)
    elif (iri, RDF.type, PG.Note) in graph:
        page.notes = _notes(dataset, [iri], urls)
    else:
        page.mentions = _mentions(dataset, iri, urls)
    for metric in ("pagerank", "betweenness", "degree", "eigenvector", "community"):
        value = graph.value(iri, PG[metric])
        if value is not None:
            page.centrality[metric] = _number(value)
    return page


def _number(value: Node) -> str:
    number = value.toPython() if isinstance(value, Literal) else value
    return f"{number:.4g}" if isinstance(number, float) else str(number)


def _quantities(graph: Graph, iri: URIRef) -> list[dict]:
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
