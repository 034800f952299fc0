"""The data of the interactive graph view: which papers and entities to draw, and the
pyvis Network (nodes, edges, vis-network options) that draws them.

No flask here: the `graph` blueprint and the `papergraph view` static export share it. The first
view is the `top` entities by PageRank with the papers that mention them (capped, so it opens
quickly on a large store); a focused view is the neighbourhood of one paper or entity, `hops`
entity-to-entity steps away (each step goes through a paper).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pyvis.edge import Edge
from pyvis.network import Network
from rdflib import Dataset

from papergraph.errors import NotFound
from papergraph.lookup import top_entities
from papergraph.sentences import sentence_around

__all__ = [
    "RELATIONS",
    "TYPE_STYLES",
    "GraphView",
    "build_network",
    "build_view",
    "standalone_html",
    "view_payload",
]

# Shape and colour of each node type; the legend of the page is drawn from this table.
TYPE_STYLES: dict[str, dict[str, str]] = {
    "Method": {"shape": "dot", "color": "#4e79a7"},
    "Model": {"shape": "square", "color": "#f28e2b"},
    "Dataset": {"shape": "triangle", "color": "#59a14f"},
    "Metric": {"shape": "star", "color": "#b07aa1"},
    "Concept": {"shape": "hexagon", "color": "#e15759"},
    "Paper": {"shape": "diamond", "color": "#8c939d"},
}
RELATIONS: dict[str, str] = {
    "proposes": "#c0392b",
    "uses": "#7f8fa6",
    "evaluatesOn": "#59a14f",
    "discusses": "#b07aa1",
}
_COOCCURRENCE_COLOUR = "#d4a017"
_PAPERS_PER_ENTITY = 12
_METRICS = ("pagerank", "betweenness", "degree", "eigenvector")


@dataclass
class GraphView:
    """The nodes and edges of one view, as plain records (JSON-ready)."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


_RELATION_FILTER = "FILTER (?relation IN (pg:proposes, pg:uses, pg:evaluatesOn, pg:discusses))"


def _links(dataset: Dataset, *, papers: list[str] | None, entities: list[str] | None) -> list:
    """(paper, relation, entity) rows for the given papers and/or entities."""
    # Start from the papers when given (few links each) and filter entities here: a second
    # VALUES block can make Oxigraph join both sides in full.
    start = f"VALUES ?paper {{ {_values(papers)} }}" if papers is not None else ""
    if papers is None and entities is not None:
        start = f"VALUES ?e {{ {_values(entities)} }}"
    rows = dataset.query(
        f"""SELECT DISTINCT ?paper ?relation ?e WHERE {{ {start}
          ?paper ?relation ?e . {_RELATION_FILTER} ?paper a pg:Paper . }}"""
    )
    wanted = set(entities) if entities is not None and papers is not None else None
    return [
        (str(r.paper), str(r.relation).rsplit("#", 1)[-1], str(r.e))
        for r in rows
        if wanted is None or str(r.e) in wanted
    ]


def _top_papers(dataset: Dataset, entities: list[str], limit: int) -> list[str]:
    """At most `limit` papers of `entities`, those under most of them first.

    Candidates are the first `_PAPERS_PER_ENTITY` papers of each entity: one small query per
    entity keeps the cost independent of the store's size (joining every link of the top
    entities takes many seconds on 100k notes)."""
    counts: dict[str, int] = {}
    for iri in entities:
        rows = dataset.query(
            f"SELECT DISTINCT ?paper WHERE {{ ?paper ?relation <{iri}> . {_RELATION_FILTER} }} "
            f"LIMIT {_PAPERS_PER_ENTITY}"
        )
        for row in rows:
            counts[str(row.paper)] = counts.get(str(row.paper), 0) + 1
    return sorted(counts, key=lambda paper: (-counts[paper], paper))[:limit]


def _sentences(dataset: Dataset, papers: list[str], entities: list[str]) -> dict:
    """The supporting sentence of each (paper, entity) link, from its oa:Annotation."""
    # Papers first: from the few chosen papers to their notes' annotations is far cheaper than
    # from popular entities to all of theirs.
    rows = dataset.query(
        f"""SELECT ?paper ?e ?text ?start ?end WHERE {{
          VALUES ?paper {{ {_values(papers)} }}
          {{ ?paper pg:hasNote ?source . ?source pg:summary ?text }}
          UNION {{ ?paper dcterms:title ?text BIND (?paper AS ?source) }}
          ?target oa:hasSource ?source ; oa:hasSelector ?selector .
          ?annotation oa:hasTarget ?target ; oa:hasBody ?e .
          ?selector oa:start ?start ; oa:end ?end .
          VALUES ?e {{ {_values(entities)} }}
        }} ORDER BY ?start"""
    )
    found: dict[tuple[str, str], str] = {}
    for row in rows:
        key = (str(row.paper), str(row.e))
        if key not in found:
            found[key] = sentence_around(str(row.text), int(row.start), int(row.end))
    return found


def _entity_records(dataset: Dataset, entities: list[str]) -> dict[str, dict[str, Any]]:
    metrics = " ".join(f"OPTIONAL {{ ?e pg:{m} ?{m} }}" for m in _METRICS)
    rows = dataset.query(
        f"""SELECT ?e ?label ?type ?community ?papers {" ".join("?" + m for m in _METRICS)}
        WHERE {{ VALUES ?e {{ {_values(entities)} }} ?e skos:prefLabel ?label ; a ?type .
          VALUES ?type {{ pg:Method pg:Model pg:Dataset pg:Metric pg:Concept }}
          {metrics} OPTIONAL {{ ?e pg:community ?community }}
          OPTIONAL {{ ?e pg:paperCount ?papers }} }}"""
    )
    records: dict[str, dict[str, Any]] = {}
    for row in rows:
        record = {"id": str(row.e), "label": str(row.label), "type": str(row.type).split("#")[-1]}
        record.update({m: float(row[m]) if row[m] is not None else None for m in _METRICS})
        record["community"] = int(row.community) if row.community is not None else None
        record["paperCount"] = int(row.papers) if row.papers is not None else None
        record["alt"] = []
        records.setdefault(str(row.e), record)
    alt_rows = dataset.query(
        f"SELECT ?e ?alt WHERE {{ VALUES ?e {{ {_values(entities)} }} ?e skos:altLabel ?alt }}"
    )
    for row in alt_rows:
        if str(row.e) in records:
            records[str(row.e)]["alt"].append(str(row.alt))
    return records


def _paper_titles(dataset: Dataset, papers: list[str]) -> dict[str, str]:
    rows = dataset.query(
        f"SELECT ?p ?t WHERE {{ VALUES ?p {{ {_values(papers)} }} "
        "?p a pg:Paper ; dcterms:title ?t }"
    )
    return {str(row.p): str(row.t) for row in rows}


def _neighbourhood(dataset: Dataset, focus: str, hops: int, limit: int) -> tuple[list, list]:
    """Papers and entities within `hops` entity steps of `focus` (a paper or an entity)."""
    if _paper_titles(dataset, [focus]):
        papers, entities = [focus], []
        frontier = sorted({e for _p, _r, e in _links(dataset, papers=[focus], entities=None)})
        entities = frontier[:limit]
    elif _entity_records(dataset, [focus]):
        papers, entities, frontier = [], [focus], [focus]
    else:
        raise NotFound(f"no paper or entity <{focus}> in the store")
    for _ in range(hops):
        new_papers = [p for p in _top_papers(dataset, frontier, limit) if p not in papers]
        papers += new_papers[: max(0, limit - len(papers))]
        links = _links(dataset, papers=new_papers, entities=None)
        ranked = _entity_records(dataset, sorted({e for _p, _r, e in links} - set(entities)))
        frontier = sorted(ranked, key=lambda iri: -(ranked[iri]["pagerank"] or 0))
        frontier = frontier[: max(0, limit - len(entities))]
        entities += frontier
        if not frontier:
            break
    return papers, entities


def _cooccurrences(dataset: Dataset, entities: list[str]) -> list[dict[str, Any]]:
    rows = dataset.query(
        f"""SELECT ?a ?b ?w WHERE {{ VALUES ?a {{ {_values(entities)} }}
          VALUES ?b {{ {_values(entities)} }} FILTER (STR(?a) < STR(?b))
          ?a pg:qualifiedCoOccurrence ?q . ?q pg:coOccurringEntity ?b ; pg:weight ?w }}"""
    )
    return [
        {"id": f"co {row.a} {row.b}", "from": str(row.a), "to": str(row.b), "kind": "cooccurs"}
        | {"weight": float(row.w), "title": f"co-occur in {float(row.w):g} papers"}
        for row in rows
    ]


def build_view(
    dataset: Dataset,
    *,
    top: int = 150,
    focus: str | None = None,
    hops: int = 1,
    resource_url: Callable[[str], str | None] = lambda iri: iri,
) -> GraphView:
    """The view of `dataset`: the `top` entities by PageRank and their papers, or, with `focus`
    (an IRI), its neighbourhood `hops` steps away with at most `top` entities and papers.

    Raises:
        NotFound: `focus` is neither a paper nor an entity of the store.
    """
    if focus:
        papers, entities = _neighbourhood(dataset, focus, hops, top)
    else:
        entities = [ref.iri for ref in top_entities(dataset, top=top)]
        papers = _top_papers(dataset, entities, top) if entities else []
    records = _entity_records(dataset, entities) if entities else {}
    titles = _paper_titles(dataset, papers) if papers else {}
    links = _links(dataset, papers=papers, entities=entities) if papers and entities else []
    sentences = _sentences(dataset, papers, entities) if links else {}
    view = GraphView(meta={"top": top, "focus": focus, "hops": hops})
    for iri in entities:
        if iri in records:
            view.nodes.append(records[iri] | {"url": resource_url(iri)})
    for iri in papers:
        if iri in titles:
            view.nodes.append({"id": iri, "label": titles[iri], "type": "Paper"})
            view.nodes[-1]["url"] = resource_url(iri)
    for paper, relation, entity in sorted(links):
        edge_id = f"{paper} {relation} {entity}"
        sentence = sentences.get((paper, entity), "")
        record = {"id": edge_id, "from": paper, "to": entity, "kind": "mention"}
        view.edges.append(record | {"relation": relation, "sentence": sentence, "title": relation})
    view.edges += _cooccurrences(dataset, list(records)) if records else []
    view.meta["counts"] = {"nodes": len(view.nodes), "edges": len(view.edges)}
    return view


def _node_options(node: dict[str, Any], pagerank_floor: float) -> dict[str, Any]:
    style = TYPE_STYLES.get(node["type"], TYPE_STYLES["Concept"])
    label = node["label"]
    if node["type"] == "Paper":
        # Titles are long: a paper shows its title on hover and in the panel, not on the canvas.
        return {"label": " ", "color": style["color"], "shape": style["shape"], "value": 0}
    value = node.get("pagerank") or pagerank_floor
    return {"label": label, "color": style["color"], "shape": style["shape"], "value": value}


def build_network(view: GraphView) -> Network:
    """The pyvis Network of `view`: styled nodes, coloured edges, physics that stabilises."""
    net = Network(height="100%", width="100%", cdn_resources="local")
    ranks = [n["pagerank"] for n in view.nodes if n.get("pagerank")]
    floor = min(ranks) if ranks else 0.001
    for node in view.nodes:
        options = _node_options(node, floor)
        label, shape, color = options.pop("label"), options.pop("shape"), options.pop("color")
        data = {k: v for k, v in node.items() if k not in ("id", "label")}
        net.add_node(node["id"], label=label, shape=shape, color=color, fullLabel=node["label"],
                     **data, **options)  # fmt: skip
    for edge in view.edges:
        if edge["kind"] == "cooccurs":
            look = {"color": {"color": _COOCCURRENCE_COLOUR, "opacity": 0.5}, "dashes": True}
            look["value"] = edge["weight"]
        else:
            look = {"color": {"color": RELATIONS.get(edge["relation"], "#999"), "opacity": 0.45}}
        options = {k: v for k, v in edge.items() if k not in ("from", "to")} | look
        # pyvis's add_edge scans every edge for duplicates (quadratic); ids are unique already.
        net.edges.append(Edge(edge["from"], edge["to"], False, **options).options)
    net.force_atlas_2based(gravity=-50, central_gravity=0.015, spring_length=80,
                           spring_strength=0.08, damping=0.6, overlap=0.3)  # fmt: skip
    net.options.physics.stabilization = {"enabled": True, "iterations": 250, "fit": True}
    return net


# vis-network options beyond pyvis's physics: PageRank sizes (labels grow with them, and small
# ones hide until zoomed in), straight light edges, hover tooltips, keyboard navigation.
_VIS_OPTIONS: dict[str, Any] = {
    "nodes": {
        "scaling": {"min": 7, "max": 40, "label": {"enabled": True, "min": 14, "max": 30,
                                                    "drawThreshold": 6, "maxVisible": 30}},
        "font": {"face": "system-ui, sans-serif", "size": 13, "strokeWidth": 4,
                 "strokeColor": "#ffffff"},
        "borderWidth": 1,
    },
    "layout": {"improvedLayout": False},  # its Kamada-Kawai seeding is slow on big views
    "edges": {"smooth": False, "width": 1, "scaling": {"min": 1, "max": 5}},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True,
                    "keyboard": {"enabled": True, "bindToWindow": False}},
}  # fmt: skip


def _options(net: Network) -> dict[str, Any]:
    options = json.loads(net.options.to_json())
    options.pop("configure", None)
    options["physics"].update(minVelocity=1.5, maxVelocity=60)
    return options | copy.deepcopy(_VIS_OPTIONS)


def view_payload(view: GraphView) -> dict[str, Any]:
    """What the browser script reads: nodes, edges and options of the pyvis Network, the legend
    and the view's parameters."""
    net = build_network(view)
    nodes, edges, _heading, _height, _width, _options_json = net.get_network_data()
    legend = [{"type": name, **style} for name, style in TYPE_STYLES.items()]
    relations = [{"relation": name, "color": colour} for name, colour in RELATIONS.items()]
    relations.append({"relation": "coOccursWith", "color": _COOCCURRENCE_COLOUR})
    return {
        "nodes": nodes,
        "edges": edges,
        "options": _options(net),
        "legend": legend,
        "relations": relations,
        "meta": view.meta,
    }


# Inlined code must not end its <script>/<style> element early; "<\\/" means "</" in JS and CSS.
_SCRIPT_END = re.compile(r"</(script|style)", re.IGNORECASE)
_STANDALONE_LAYOUT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %}</title>{% block head %}{% endblock %}</head>
<body>{% block content %}{% endblock %}{% block scripts %}{% endblock %}</body></html>
"""


def standalone_html(payload: dict[str, Any]) -> str:
    """One self-contained HTML page of `payload` (see `view_payload`): the view's template with
    its scripts and styles inlined and the data embedded, so it opens from disk offline."""
    from pathlib import Path

    from jinja2 import Environment, FileSystemLoader, select_autoescape

    web = Path(__file__).parent / "web"
    env = Environment(loader=FileSystemLoader(web / "templates"), autoescape=select_autoescape())
    static = web / "static" / "graph"
    inline = {
        name: _SCRIPT_END.sub(r"<\\/\1", (static / file).read_text(encoding="utf-8"))
        for name, file in [
            ("vis_js", "vis-network.min.js"),
            ("vis_css", "vis-network.css"),
            ("js", "graph.js"),
            ("css", "graph.css"),
        ]
    }
    layout = env.from_string(_STANDALONE_LAYOUT)
    return env.get_template("graph.html").render(
        layout=layout, inline=inline, payload=payload, config={}
    )
