"""Questions about one entity or the top of the graph, answered from a store by SPARQL.

`resolve_label` finds entities by any of their labels (case, hyphen/space and plural
insensitive, acronym or long form); `neighbourhood` gathers an entity's papers (with the
sentence behind each link; a family's papers include those of its variants, each marked with
the variant it came through), co-occurring entities, variants and broader concepts;
`top_entities` ranks entities by a centrality score. The CLI and the HTTP API share them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field

from rdflib import Dataset, URIRef

from papergraph.errors import AmbiguousLabel, BadRequest, NotFound
from papergraph.extract import ENTITY_TYPES
from papergraph.rdf.namespaces import SKOS
from papergraph.sentences import sentence_with_span

__all__ = [
    "CENTRALITY_METRICS",
    "ENTITY_TYPES",
    "EntityRef",
    "Neighbourhood",
    "PaperLink",
    "entity_called",
    "normalise_label",
    "neighbourhood",
    "resolve_label",
    "top_entities",
]

CENTRALITY_METRICS = ("pagerank", "betweenness", "degree", "eigenvector")


def normalise_label(label: str) -> str:
    """The form labels are compared in: lowercase, hyphens and spaces alike, no plural -s."""
    text = re.sub(r"[\s\-_‐–]+", " ", label.casefold()).strip()
    return re.sub(r"(?<=[a-z]{3})s\b", "", text)


@dataclass(frozen=True)
class EntityRef:
    iri: str
    label: str
    type: str
    score: float | None = None  # a weight or a centrality score, depending on the question


@dataclass(frozen=True)
class PaperLink:
    paper: str
    title: str
    relation: str
    sentence: str  # the sentence of the note (or the title) the link was extracted from
    via: str = ""  # the label of the variant the paper names, when it names a variant
    # The offsets of the mention in `sentence` (two numbers, not a pair: JSON has no tuples).
    mention_start: int | None = None
    mention_end: int | None = None


@dataclass
class Neighbourhood:
    entity: EntityRef
    alt_labels: list[str]
    papers: list[PaperLink]
    cooccurring: list[EntityRef]
    variant_of: list[EntityRef]
    variants: list[EntityRef]
    broader: list[EntityRef]
    second_ring: list[EntityRef] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


_ENTITY_TYPE_FILTER = "VALUES ?type { pg:Method pg:Model pg:Dataset pg:Metric pg:Concept }"


def _entity_refs(dataset: Dataset, where: str, score: str = "") -> list[EntityRef]:
    rows = dataset.query(
        f"SELECT DISTINCT ?e ?label ?type {score and '?score'} WHERE {{ {where} "
        f"?e skos:prefLabel ?label ; a ?type . {_ENTITY_TYPE_FILTER} }}"
    )
    refs = [_entity_ref(row, scored=bool(score)) for row in rows]
    return sorted(refs, key=lambda ref: (-(ref.score or 0), ref.label.casefold(), ref.iri))


def _entity_ref(row, *, scored: bool) -> EntityRef:
    score = float(row.score) if scored and row.score is not None else None
    return EntityRef(str(row.e), str(row.label), str(row.type).rsplit("#", 1)[-1], score)


def resolve_label(dataset: Dataset, label: str) -> list[EntityRef]:
    """The entities one of whose labels equals `label` once normalised.

    Raises:
        NotFound: no entity has that label; the message suggests the closest labels.
    """
    wanted = normalise_label(label)
    labels: dict[str, set[str]] = {}
    for row in dataset.query("SELECT ?e ?l { ?e skos:prefLabel|skos:altLabel ?l }"):
        labels.setdefault(str(row.l), set()).add(str(row.e))
    matches = {
        iri for text, iris in labels.items() if normalise_label(text) == wanted for iri in iris
    }
    if not matches:
        # Compared as the lookup compares (case, hyphens, spaces): "galor" finds "GaLore".
        by_form: dict[str, str] = {}
        for text in sorted(labels):
            by_form.setdefault(normalise_label(text), text)
        close_forms = difflib.get_close_matches(wanted, sorted(by_form), n=5, cutoff=0.6)
        close = [by_form[form] for form in close_forms]
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise NotFound(f"no entity is called {label!r}{hint}")
    values = " ".join(f"<{iri}>" for iri in sorted(matches))
    return _entity_refs(dataset, f"VALUES ?e {{ {values} }}")


def entity_called(dataset: Dataset, label: str) -> EntityRef:
    """The one entity called `label` (see `resolve_label`).

    Raises:
        NotFound: no entity has that label; the message suggests the closest labels.
        AmbiguousLabel: it names several; the message lists them.
    """
    candidates = resolve_label(dataset, label)
    if len(candidates) > 1:
        lines = "\n".join(f"  {ref.label} ({ref.type})  <{ref.iri}>" for ref in candidates)
        raise AmbiguousLabel(f"{label!r} is ambiguous; it names:\n{lines}")
    return candidates[0]


def _papers(dataset: Dataset, iri: str, via: str = "") -> list[PaperLink]:
    rows = dataset.query(
        f"""SELECT ?paper ?title ?relation ?text ?start ?end WHERE {{
          VALUES ?relation {{ pg:proposes pg:uses pg:evaluatesOn pg:discusses }}
          ?paper ?relation <{iri}> ; dcterms:title ?title .
          OPTIONAL {{
            # From the paper to its notes' (and its title's) annotations: starting from the
            # entity's annotations instead took 24 s for an entity of 2,000 papers.
            {{ ?paper pg:hasNote ?source . ?source pg:summary ?text }}
            UNION {{ ?paper dcterms:title ?text . BIND (?paper AS ?source) }}
            ?target oa:hasSource ?source .
            ?annotation oa:hasTarget ?target ; oa:hasBody <{iri}> .
            ?target oa:hasSelector ?selector .
            ?selector oa:start ?start ; oa:end ?end .
          }}
        }} ORDER BY ?title ?start"""
    )
    links: dict[tuple[str, str], PaperLink] = {}
    for row in rows:
        key = (str(row.paper), str(row.relation))
        if key in links and links[key].sentence:
            continue
        sentence, mention = "", (None, None)
        if row.text:
            sentence, mention = sentence_with_span(str(row.text), int(row.start), int(row.end))
        relation = str(row.relation).rsplit("#", 1)[-1]
        links[key] = PaperLink(str(row.paper), str(row.title), relation, sentence, via, *mention)
    return sorted(links.values(), key=lambda link: (link.title, link.relation))


def _family_papers(dataset: Dataset, iri: str, variants: list[EntityRef]) -> list[PaperLink]:
    """The papers of `iri` and of all its variants (at any depth); a paper that names the
    entity itself is listed once, without `via`; one that names only variants, once per
    variant (most specific label last in the order of labels)."""
    links = _papers(dataset, iri)
    seen = {(link.paper, link.relation) for link in links}
    for variant in variants:
        for link in _papers(dataset, variant.iri, via=variant.label):
            if (link.paper, link.relation, link.via) not in seen:
                seen.add((link.paper, link.relation, link.via))
                links.append(link)
    return sorted(links, key=lambda link: (link.title, link.relation, link.via))


def _cooccurring(dataset: Dataset, iris: list[str], exclude: set[str]) -> list[EntityRef]:
    values = " ".join(f"<{iri}>" for iri in iris)
    where = f"""{{ SELECT ?e (COUNT(DISTINCT ?paper) AS ?score) WHERE {{
        VALUES ?center {{ {values} }}
        ?paper pg:mentions ?center , ?e . FILTER (?e != ?center) }} GROUP BY ?e }}"""
    return [ref for ref in _entity_refs(dataset, where, score="?score") if ref.iri not in exclude]


def neighbourhood(dataset: Dataset, iri: str, *, hops: int = 1) -> Neighbourhood:
    """Everything next to the entity `iri`; `hops=2` adds the co-occurrences of its neighbours.

    Raises:
        NotFound: `iri` is not an entity of the store.
        BadRequest: `hops` is not 1 or 2.
    """
    if hops not in (1, 2):
        raise BadRequest("hops must be 1 or 2")
    found = _entity_refs(dataset, f"VALUES ?e {{ <{iri}> }}")
    if not found:
        raise NotFound(f"no entity <{iri}> in the store")
    entity = found[0]
    alt_labels = sorted(str(o) for o in dataset.objects(URIRef(iri), SKOS.altLabel))
    cooccurring = _cooccurring(dataset, [iri], exclude={iri})
    descendants = _entity_refs(dataset, f"?e pg:variantOf+ <{iri}> .")
    result = Neighbourhood(
        entity=entity,
        alt_labels=alt_labels,
        papers=_family_papers(dataset, iri, descendants),
        cooccurring=cooccurring,
        variant_of=_entity_refs(dataset, f"<{iri}> pg:variantOf ?e ."),
        variants=_entity_refs(dataset, f"?e pg:variantOf <{iri}> ."),
        broader=_entity_refs(dataset, f"<{iri}> skos:broader ?e ."),
    )
    if hops == 2 and cooccurring:
        ring = {ref.iri for ref in cooccurring} | {iri}
        result.second_ring = _cooccurring(dataset, [ref.iri for ref in cooccurring], ring)
    return result


def top_entities(
    dataset: Dataset,
    *,
    metric: str = "pagerank",
    entity_type: str | None = None,
    top: int = 20,
    collection: str | None = None,
) -> list[EntityRef]:
    """The `top` entities by `metric`, optionally of one type, optionally only those that
    papers of the `collection` IRI mention.

    Raises:
        BadRequest: unknown metric or type, or top < 1.
    """
    if metric not in CENTRALITY_METRICS:
        raise BadRequest(
            f"unknown metric {metric!r}; expected one of {', '.join(CENTRALITY_METRICS)}"
        )
    if entity_type is not None:
        known = {name.lower(): name for name in ENTITY_TYPES}.get(entity_type.lower())
        if known is None:
            expected = ", ".join(ENTITY_TYPES)
            raise BadRequest(f"unknown type {entity_type!r}; expected one of {expected}")
        entity_type = known
    if top < 1:
        raise BadRequest("top must be at least 1")
    condition = f"?e a pg:{entity_type} ." if entity_type else ""
    if collection is not None:
        condition += f" ?paper pg:inCollection <{collection}> ; pg:mentions ?e ."
    return _ranked_refs(dataset, metric, condition, top)


def _ranked_refs(dataset: Dataset, metric: str, condition: str, top: int) -> list[EntityRef]:
    """The first `top` entities by `metric` that meet `condition` (ties by label, then IRI).

    The store ranks the scores alone (one index), and labels, types and the condition are
    joined to the best `candidates` of them only: joining every entity first took a second at
    100k notes, sorting them in Python several. The answer is exact: the candidates hold every
    entity scored above the lowest candidate, and their number grows until the `top` found
    lie strictly above it, or until every scored entity is a candidate. An entity with two
    labels or types (loaded data) counts once."""
    candidates = 4 * top
    while True:
        lowest = [
            float(row.score)
            for row in dataset.query(
                f"SELECT ?score WHERE {{ ?e pg:{metric} ?score }} "
                f"ORDER BY DESC(?score) OFFSET {candidates - 1} LIMIT 1"
            )
        ]
        rows = dataset.query(
            f"SELECT DISTINCT ?e ?label ?type ?score WHERE {{ {{ SELECT ?e ?score WHERE "
            f"{{ ?e pg:{metric} ?score }} ORDER BY DESC(?score) LIMIT {candidates} }} "
            f"{condition} ?e skos:prefLabel ?label ; a ?type . {_ENTITY_TYPE_FILTER} }} "
            f"ORDER BY DESC(?score) LCASE(STR(?label)) STR(?e)"
        )
        refs: dict[str, EntityRef] = {}
        for row in rows:
            refs.setdefault(str(row.e), _entity_ref(row, scored=True))
        found = list(refs.values())[:top]
        every_one = not lowest  # fewer scored entities than candidates
        if every_one or (len(found) == top and (found[-1].score or 0) > lowest[0]):
            return found
        candidates *= 4
