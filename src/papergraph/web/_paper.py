"""The JSON record of a paper for `/api/papers/<slug>`, read off its description graph."""

from __future__ import annotations

from typing import Any

from rdflib import Dataset, Graph, URIRef

from papergraph.rdf.namespaces import DCTERMS, OA, PG, RDF
from papergraph.web._urls import Urls

__all__ = ["paper_record"]

_RELATIONS = ("proposes", "uses", "evaluatesOn", "discusses")


def _url(urls: Urls, iri: object) -> str | None:
    return urls.resource(str(iri)) if iri is not None and urls.is_local(str(iri)) else None


def _annotations(graph: Graph, source: URIRef, relations: dict[str, str]) -> list[dict]:
    found = []
    for target in graph.subjects(OA.hasSource, source):
        annotation = graph.value(predicate=OA.hasTarget, object=target)
        body = graph.value(annotation, OA.hasBody)
        start = end = exact = None
        for selector in graph.objects(target, OA.hasSelector):
            start = graph.value(selector, OA.start) if start is None else start
            end = graph.value(selector, OA.end) if end is None else end
            exact = graph.value(selector, OA.exact) if exact is None else exact
        confidence = graph.value(annotation, PG.confidence)
        found.append(
            {
                "iri": str(annotation),
                "start": int(start) if start is not None else None,
                "end": int(end) if end is not None else None,
                "exact": str(exact) if exact is not None else None,
                "body": str(body) if body is not None else None,
                "relation": relations.get(str(body)),
                "rule": str(graph.value(annotation, PG.rule) or "") or None,
                "confidence": float(confidence) if confidence is not None else None,
            }
        )
    return sorted(found, key=lambda a: (a["start"] is None, a["start"] or 0, a["iri"]))


def paper_record(dataset: Dataset, iri: URIRef, graph: Graph, urls: Urls) -> dict[str, Any]:
    """Title, collection, links (with entity labels and types), notes with their annotations,
    and quantities of the paper `iri`, whose description is `graph`."""
    links, relations = [], {}
    for relation in _RELATIONS:
        for entity in sorted(graph.objects(iri, PG[relation])):
            relations.setdefault(str(entity), relation)
            links.append({"relation": relation, "iri": str(entity), "url": _url(urls, entity)})
    if links:
        values = " ".join(f"<{link['iri']}>" for link in links)
        rows = dataset.query(
            f"SELECT ?e ?label ?type WHERE {{ VALUES ?e {{ {values} }} ?e skos:prefLabel ?label "
            "OPTIONAL { ?e a ?type VALUES ?type { pg:Method pg:Model pg:Dataset pg:Metric "
            "pg:Concept } } }"
        )
        labels = {str(row.e): (str(row.label), row.type) for row in rows}
        for link in links:
            label, entity_type = labels.get(link["iri"], (None, None))
            link["label"] = label
            link["type"] = str(entity_type).rsplit("#", 1)[-1] if entity_type else None
    collection = graph.value(iri, PG.inCollection)
    collection_record = None
    if collection is not None:
        rows = dataset.query(
            f"SELECT ?venue ?topic WHERE {{ OPTIONAL {{ <{collection}> pg:venue ?venue }} "
            f"OPTIONAL {{ <{collection}> pg:topic ?topic }} }}"
        )
        row = next(iter(rows), None)
        collection_record = {
            "iri": str(collection),
            "url": _url(urls, collection),
            "venue": str(row.venue) if row is not None and row.venue else None,
            "topic": str(row.topic) if row is not None and row.topic else None,
        }
    notes = [
        {
            "iri": str(note),
            "url": _url(urls, note),
            "summary": str(graph.value(note, PG.summary) or ""),
            "annotations": _annotations(graph, note, relations),
        }
        for note in sorted(graph.objects(iri, PG.hasNote))
    ]
    quantities = [
        {
            "iri": str(quantity),
            "text": str(graph.value(quantity, PG.text) or ""),
            "value": (v := graph.value(quantity, RDF.value)) and float(v),
            "unit": str(graph.value(quantity, PG.unit) or "") or None,
            "measures": str(graph.value(quantity, PG.measures) or "") or None,
        }
        for quantity in sorted(graph.objects(iri, PG.reports))
    ]
    return {
        "iri": str(iri),
        "url": _url(urls, iri),
        "title": str(graph.value(iri, DCTERMS.title) or ""),
        "collection": collection_record,
        "links": links,
        "title_annotations": _annotations(graph, iri, relations),
        "notes": notes,
        "quantities": quantities,
    }
