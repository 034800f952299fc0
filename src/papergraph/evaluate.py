"""Score extraction + linking against a hand-annotated gold file (GOLD-GUIDELINES.md format).

Evaluation is per paper: gold notes are grouped by title (a repeated title's items are
unioned), predictions likewise. Matching rules:

- Named artifacts: gold proposes ∪ uses ∪ datasets against predicted proposes ∪ uses ∪
  evaluatesOn. A predicted entity matches a gold item when any of its labels (prefLabel and
  altLabels) equals the gold name, an alias or the canonical form, ignoring case, hyphens and
  spaces, and a plural "s". Matching is one-to-one (maximum bipartite matching), overall and
  per relation (proposes, uses, evaluatesOn ~ gold "datasets").
- Relation accuracy: of the artifacts matched overall, the share predicted with the gold
  relation.
- Concepts: a gold concept is found when a predicted concept equals it, contains it or is
  contained in it, compared as lowercase words with hyphens as spaces and each word made
  singular, on word boundaries ("diffusion policies" finds "diffusion policy"; "tokenization"
  finds "non-canonical tokenization"). Precision applies the same test to predicted concepts.
- Types: of the artifacts matched overall, the share whose predicted type (pg:Method,
  pg:Model, pg:Dataset, pg:Metric) equals the gold type under the guideline mapping
  (Framework/Algorithm/Optimizer/System -> Method, Architecture -> Model, Benchmark -> Dataset;
  gold "datasets" items are Dataset). Artifacts without a predicted type are not counted.
- Quantities (recall only): a gold quantity is found when its text and a predicted quantity's
  text contain one another, or share a number.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import asdict, dataclass, field

from rdflib import Dataset

from papergraph.extract.text import name_key, singular
from papergraph.link import LinkedCorpus, paper_key

__all__ = [
    "EvalReport",
    "PredictedPaper",
    "Scores",
    "predictions_from_linked",
    "predictions_from_store",
    "gold_type",
    "score",
]

_RELATIONS = ("proposes", "uses", "evaluatesOn")
_GOLD_KEYS = {"proposes": "proposes", "uses": "uses", "evaluatesOn": "datasets"}
_NUMBER = re.compile(r"\d[\d,.]*")
_GOLD_TYPES = {"Framework": "Method", "Algorithm": "Method", "Optimizer": "Method",
               "System": "Method", "Architecture": "Model", "Benchmark": "Dataset"}  # fmt: skip


def gold_type(relation: str, item: dict) -> str | None:
    """The pg class a gold item's type maps to (guideline mapping), None when untyped."""
    if relation == "evaluatesOn":
        return "Dataset"
    kind = item.get("type")
    return _GOLD_TYPES.get(kind, kind) if kind else None


@dataclass
class PredictedPaper:
    title: str
    proposes: list[set[str]] = field(default_factory=list)
    uses: list[set[str]] = field(default_factory=list)
    evaluates_on: list[set[str]] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    quantities: list[str] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)  # name_key(label) -> predicted type

    def type_of(self, labels: set[str]) -> str | None:
        return next((self.types[k] for k in sorted(map(name_key, labels)) if k in self.types),
                    None)  # fmt: skip


@dataclass
class Scores:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "predicted": self.n_pred,
                "gold": self.n_gold}  # fmt: skip


@dataclass
class PaperErrors:
    title: str
    missed: list[str] = field(default_factory=list)  # gold names not found
    false_positives: list[str] = field(default_factory=list)  # predicted labels not in gold
    wrong_relation: list[str] = field(default_factory=list)  # "name: predicted != gold"
    wrong_type: list[str] = field(default_factory=list)  # "name: predicted != gold"
    missed_concepts: list[str] = field(default_factory=list)
    missed_quantities: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    overall: Scores
    per_relation: dict[str, Scores]
    relation_accuracy: float
    concept_recall: float
    concept_precision: float
    quantity_recall: float
    papers: list[PaperErrors]
    type_accuracy: float = 1.0

    def to_dict(self) -> dict:
        rates = ("relation_accuracy", "type_accuracy", "concept_recall", "concept_precision",
                 "quantity_recall")  # fmt: skip
        return {"overall": self.overall.to_dict(),
                "per_relation": {k: v.to_dict() for k, v in self.per_relation.items()},
                **{k: round(getattr(self, k), 4) for k in rates},
                "papers": [asdict(p) for p in self.papers]}  # fmt: skip

    def format_text(self, show_errors: bool = False) -> str:
        o = self.overall
        lines = [
            f"named artifacts  P {o.precision:.3f}  R {o.recall:.3f}  F1 {o.f1:.3f}"
            f"  ({o.tp} matched, {o.n_pred} predicted, {o.n_gold} gold)"
        ]
        for name, s in self.per_relation.items():
            lines.append(
                f"  {name:<12} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
                f"  ({s.tp}/{s.n_pred} pred, {s.tp}/{s.n_gold} gold)"
            )
        lines += [f"relation accuracy  {self.relation_accuracy:.3f}",
                  f"type accuracy  {self.type_accuracy:.3f}",
                  f"concepts  recall {self.concept_recall:.3f}  precision "
                  f"{self.concept_precision:.3f}",
                  f"quantities  recall {self.quantity_recall:.3f}"]  # fmt: skip
        if show_errors:
            for paper in self.papers:
                parts = [f"{label}: {', '.join(items)}" for label, items in (
                    ("missed", paper.missed), ("false positives", paper.false_positives),
                    ("wrong relation", paper.wrong_relation), ("wrong type", paper.wrong_type),
                    ("missed quantities", paper.missed_quantities)) if items]  # fmt: skip
                if parts:
                    lines.append(f"- {paper.title}")
                    lines.extend(f"    {p}" for p in parts)
        return "\n".join(lines)


def predictions_from_linked(corpus: LinkedCorpus) -> list[PredictedPaper]:
    """One `PredictedPaper` per paper (notes grouped by title), in order of first note."""
    papers: OrderedDict[str, PredictedPaper] = OrderedDict()
    seen: dict[str, set[tuple[str, str]]] = {}
    for rm in corpus.mentions:
        key = paper_key(rm.note)
        paper = papers.setdefault(key, PredictedPaper(rm.note.title))
        done = seen.setdefault(key, set())
        if rm.mention.entity_type == "Concept":
            text = " ".join(rm.mention.text.lower().split())
            if text not in paper.concepts:
                paper.concepts.append(text)
            continue
        if (rm.entity_key, rm.relation) in done or rm.relation == "discusses":
            continue
        done.add((rm.entity_key, rm.relation))
        entity = corpus.entities[rm.entity_key]
        labels = {entity.label} | set(entity.alt_labels)
        target = {"proposes": paper.proposes, "uses": paper.uses,
                  "evaluatesOn": paper.evaluates_on}[rm.relation]  # fmt: skip
        target.append(labels)
        for label in labels:
            paper.types.setdefault(name_key(label), entity.entity_type)
    for note, quantity in corpus.quantities:
        paper = papers.setdefault(paper_key(note), PredictedPaper(note.title))
        paper.quantities.append(quantity.text)
    return list(papers.values())


_STORE_LINKS = """
SELECT ?paper ?title ?relation ?entity ?label WHERE {
  VALUES ?relation { pg:proposes pg:uses pg:evaluatesOn pg:discusses }
  ?paper a pg:Paper ; dcterms:title ?title ; ?relation ?entity .
  ?entity skos:prefLabel|skos:altLabel ?label .
}"""
_STORE_TYPES = """
SELECT ?entity ?type WHERE {
  VALUES ?type { pg:Method pg:Model pg:Dataset pg:Metric pg:Concept }
  ?entity a ?type .
}"""
_STORE_QUANTITIES = """
SELECT ?paper ?title ?text WHERE { ?paper a pg:Paper ; dcterms:title ?title ; pg:reports ?q .
  ?q pg:text ?text }"""


def predictions_from_store(dataset: Dataset) -> list[PredictedPaper]:
    """One `PredictedPaper` per paper of a built store, read back from its links."""
    labels: dict[tuple[str, str, str], set[str]] = {}
    papers: dict[str, PredictedPaper] = {}
    for row in dataset.query(_STORE_LINKS):
        papers.setdefault(str(row.paper), PredictedPaper(str(row.title)))
        relation = str(row.relation).rsplit("#", 1)[-1]
        labels.setdefault((str(row.paper), relation, str(row.entity)), set()).add(str(row.label))
    types = {str(row.entity): str(row.type).rsplit("#", 1)[-1]
             for row in dataset.query(_STORE_TYPES)}  # fmt: skip
    for (paper, relation, entity), names in sorted(labels.items()):
        predicted = papers[paper]
        if entity in types:
            for name in names:
                predicted.types.setdefault(name_key(name), types[entity])
        if relation == "discusses":
            predicted.concepts.extend(sorted(name.lower() for name in names))
            continue
        target = {"proposes": predicted.proposes, "uses": predicted.uses,
                  "evaluatesOn": predicted.evaluates_on}[relation]  # fmt: skip
        target.append(names)
    for row in dataset.query(_STORE_QUANTITIES):
        papers.setdefault(str(row.paper), PredictedPaper(str(row.title)))
        papers[str(row.paper)].quantities.append(str(row.text))
    return list(papers.values())


def _gold_papers(gold: list[dict]) -> OrderedDict[str, dict]:
    papers: OrderedDict[str, dict] = OrderedDict()
    for note in gold:
        key = " ".join(note.get("title", "").split()).casefold()
        paper = papers.setdefault(key, {"title": note.get("title", ""), "items": [],
                                        "concepts": [], "quantities": []})  # fmt: skip
        names = {(rel, name_key(i["name"])) for rel, i in paper["items"]}
        for relation, gold_key in _GOLD_KEYS.items():
            for item in note.get(gold_key, []) or []:
                if (relation, name_key(item["name"])) not in names:
                    paper["items"].append((relation, item))
        for concept in note.get("concepts", []) or []:
            if concept not in paper["concepts"]:
                paper["concepts"].append(concept)
        paper["quantities"].extend(q["text"] for q in note.get("quantities", []) or [])
    return papers


def _gold_keys(item: dict) -> set[str]:
    forms = [item.get("name", ""), item.get("canonical") or ""] + list(item.get("aliases") or [])
    return {name_key(f) for f in forms if f}


def _match(pred: list[set[str]], gold: list[set[str]]) -> list[tuple[int, int]]:
    """Maximum bipartite matching of predicted label-key sets to gold key sets."""
    edges = [[g for g, keys in enumerate(gold) if p & keys] for p in pred]
    owner: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = p
                return True
        return False

    for p in range(len(pred)):
        augment(p, set())
    return sorted((p, g) for g, p in owner.items())


def _concept_words(text: str) -> str:
    words = re.sub(r"[-‐–—/]+", " ", text.lower()).split()
    return " " + " ".join(singular(w) for w in words) + " "


def _concept_hit(a: str, b: str) -> bool:
    a, b = _concept_words(a), _concept_words(b)
    return a in b or b in a


def _quantity_hit(gold: str, pred: str) -> bool:
    g, p = " ".join(gold.lower().split()), " ".join(pred.lower().split())
    if g in p or p in g:
        return True
    return bool(set(_NUMBER.findall(g)) & set(_NUMBER.findall(p)))


def score(gold: list[dict], predicted: list[PredictedPaper]) -> EvalReport:
    """Compare predictions with gold notes; see the module docstring for the rules."""
    by_title = {" ".join(p.title.split()).casefold(): p for p in predicted}
    overall = Scores()
    per_relation = {r: Scores() for r in _RELATIONS}
    relation_ok = relation_total = type_ok = type_total = 0
    c_found = c_gold = c_right = c_pred = q_found = q_gold = 0
    papers = []
    for key, g in _gold_papers(gold).items():
        p = by_title.get(key, PredictedPaper(g["title"]))
        errors = PaperErrors(g["title"])
        pred_items = [
            (r, labels)
            for r, group in zip(_RELATIONS, (p.proposes, p.uses, p.evaluates_on), strict=True)
            for labels in group
        ]
        pred_keys = [{name_key(label) for label in labels} for _, labels in pred_items]
        gold_keys = [_gold_keys(item) for _, item in g["items"]]
        pairs = _match(pred_keys, gold_keys)
        overall.tp += len(pairs)
        overall.n_pred += len(pred_items)
        overall.n_gold += len(g["items"])
        for pi, gi in pairs:
            relation_total += 1
            if pred_items[pi][0] == g["items"][gi][0]:
                relation_ok += 1
            else:
                errors.wrong_relation.append(
                    f"{g['items'][gi][1]['name']}: {pred_items[pi][0]} != {g['items'][gi][0]}"
                )
            want, got = gold_type(*g["items"][gi]), p.type_of(pred_items[pi][1])
            if want and got:
                type_total += 1
                type_ok += want == got
                if want != got:
                    errors.wrong_type.append(f"{g['items'][gi][1]['name']}: {got} != {want}")
        matched_p, matched_g = {pi for pi, _ in pairs}, {gi for _, gi in pairs}
        errors.missed = [item["name"] for i, (_, item) in enumerate(g["items"])
                         if i not in matched_g]  # fmt: skip
        errors.false_positives = [sorted(labels, key=len)[0] for i, (_, labels)
                                  in enumerate(pred_items) if i not in matched_p]  # fmt: skip
        for relation in _RELATIONS:
            pr = [k for (r, _), k in zip(pred_items, pred_keys, strict=True) if r == relation]
            gr = [k for (r, _), k in zip(g["items"], gold_keys, strict=True) if r == relation]
            scores = per_relation[relation]
            scores.tp += len(_match(pr, gr))
            scores.n_pred += len(pr)
            scores.n_gold += len(gr)
        c_gold += len(g["concepts"])
        hits = [c for c in g["concepts"] if any(_concept_hit(c, pc) for pc in p.concepts)]
        c_found += len(hits)
        errors.missed_concepts = [c for c in g["concepts"] if c not in hits]
        c_pred += len(p.concepts)
        c_right += sum(any(_concept_hit(gc, pc) for gc in g["concepts"]) for pc in p.concepts)
        q_gold += len(g["quantities"])
        for q in g["quantities"]:
            if any(_quantity_hit(q, pq) for pq in p.quantities):
                q_found += 1
            else:
                errors.missed_quantities.append(q)
        papers.append(errors)
    return EvalReport(
        overall, per_relation,
        relation_ok / relation_total if relation_total else 1.0,
        c_found / c_gold if c_gold else 1.0, c_right / c_pred if c_pred else 1.0,
        q_found / q_gold if q_gold else 1.0, papers,
        type_ok / type_total if type_total else 1.0,
    )  # fmt: skip
