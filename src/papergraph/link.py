"""The link stage: mentions across notes -> one canonical entity per real-world thing.

Rules (deterministic: inputs are sorted before anything is chosen):

- Surface forms that differ only in case, hyphen/space or a plural "s" are one entity
  ("Llama 3.1" = "Llama-3.1", "Transformers" = "Transformer", "GANs" = "GAN").
- An acronym and its long form are one entity wherever the long form appears; the acronym is
  the `label`, long forms are `alt_labels`. A long form that fails the Schwartz-Hearst
  conditions (`definition_holds`) is dropped, whichever rule found it. One short form with
  different long forms in different papers ("SD" = "Stochastic Depth" / "stable diffusion")
  gives different entities; an undefined use joins the most common definition.
- Mentions matched to the same vocabulary IRI are one entity.
- Model variants form a hierarchy by general suffix rules: `Llama-3.1-8B` -> `Llama-3.1` ->
  `Llama`; datasets and concepts have none. A parent no mention names is created only when
  it is a real family: a vocabulary knows it (`known_family`), or some note writes it on its
  own (not followed by a version: "Llama 3.1" does not count), and it is not a common
  English word. So "Macro-F1" gets no "Macro-F", "R2D2" no "R2D", "System-1" no "System".
- Concept mentions join a named entity whose label they equal, else a concept entity.
- A one-word name that is an English word and that the notes never write as a name
  ("Agent", "Video", "Refinement": lowercase in the summaries, capitalised only in titles or
  at a sentence start) is dropped, unless a vocabulary matched it ("Adam") or the paper
  names it as its own outright ("Marigold: …", "called Marigold"); see `extract.generic`.
  So is the name of a human language ("Romanian", "Yoruba"): a topic, not an artifact; and
  a common word heading the titles of several papers ("Position: …"): a kind of paper.
- Per (paper, entity) one relation: proposes > evaluatesOn > uses > discusses. A name the
  extractor found only in a relative clause of the paper's proposal ("…, which protects 3DGS
  assets", rule `proposes-relative`) counts as proposed only when no other paper names it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from papergraph.extract import ENTITY_TYPES, Mention, NoteExtraction, QuantityMention
from papergraph.extract.abbreviations import definition_holds
from papergraph.extract.generic import (
    PROCESS_ENDINGS,
    NameUses,
    is_common_word,
    is_language_name,
    is_theory_term,
    names_language_variety,
)
from papergraph.extract.shapes import (
    METRIC_NAMES,
    hyphenate_version,
    model_shaped,
    name_shape,
    variant_parent,
)
from papergraph.extract.text import name_key, singular
from papergraph.read import Note
from papergraph.slugs import slugify

__all__ = ["Entity", "LinkedCorpus", "ResolvedMention", "link_extractions", "paper_key"]

RELATION_PRECEDENCE = {"proposes": 3, "evaluatesOn": 2, "uses": 1, "discusses": 0}
_NO_VARIANTS = {"Dataset", "Concept"}
_NAME_TOKEN = re.compile(r"[^\s,;:!?()\[\]{}\"“”/]+")
_VERSION_NEXT = re.compile(r"^v?\d")  # "3.1", "v2", "8B": the token before it is a variant


@dataclass(slots=True)
class Entity:
    key: str
    label: str
    entity_type: str
    alt_labels: set[str] = field(default_factory=set)
    variant_of: str | None = None
    exact_match: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    note: Note
    mention: Mention
    entity_key: str
    relation: str  # the paper-level relation of (paper, entity)


@dataclass
class LinkedCorpus:
    entities: dict[str, Entity]
    mentions: list[ResolvedMention]
    quantities: list[tuple[Note, QuantityMention]]


def paper_key(note: Note) -> str:
    """Notes with the same title are one paper."""
    return _title_key(note.title or "")


@lru_cache(maxsize=65536)  # asked for every mention; a note has one title
def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _note_order(ex: NoteExtraction) -> tuple:
    n = ex.note
    return (str(n.source), n.line, n.title or "", n.summary or "")


def _is_acronym_definition(m: Mention) -> bool:
    return bool(m.long_form) and name_key(m.long_form) != name_key(m.text)


@lru_cache(maxsize=65536)  # pure; asked several times for every mention
def _display(text: str) -> str:
    """Label form of a surface: version-hyphenated, acronym plural made singular."""
    text = hyphenate_version(" ".join(text.split()))
    if len(text) > 2 and text.endswith("s") and text[-2].isupper():
        return text[:-1]
    return text


def _node_of(m: Mention, commonest: dict[str, str]) -> str:
    key = name_key(m.text)
    if _is_acronym_definition(m):
        return f"a:{key}|{name_key(m.long_form)}"
    if key in commonest:  # an undefined use of a defined acronym: the commonest definition
        return f"a:{key}|{commonest[key]}"
    return f"k:{key}"


def link_extractions(
    extractions: Iterable[NoteExtraction], *, known_family: Callable[[str], bool] | None = None
) -> LinkedCorpus:
    """Resolve every mention to an entity; see the module docstring for the rules.

    `known_family(label)` says whether a vocabulary knows a family name ("Llama", "GPT");
    without it, only the notes decide which variant parents exist.
    """
    ordered = sorted(extractions, key=_note_order)
    name_uses = NameUses(ex.note.summary or "" for ex in ordered)
    genres = _genre_prefixes(ordered)
    named: list[tuple[Note, Mention]] = []
    concepts: list[tuple[Note, Mention]] = []
    for ex in ordered:
        for m in sorted(ex.mentions, key=lambda m: (m.field, m.start, m.end, m.text)):
            if m.long_form and not definition_holds(m.text, m.long_form):
                m = replace(m, long_form=None)  # letters that happen to precede a parenthesis
            if m.entity_type == "Concept":
                concepts.append((ex.note, m))
            elif _is_name(m, name_uses, genres):
                named.append((ex.note, m))
    long_forms: dict[str, Counter] = defaultdict(Counter)
    for _, m in named:
        if _is_acronym_definition(m):
            long_forms[name_key(m.text)][name_key(m.long_form)] += 1
    commonest = {
        key: sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for key, counts in long_forms.items()
    }
    uf = _UnionFind()
    node_of: dict[int, str] = {}
    for i, (_, m) in enumerate(named):
        node = _node_of(m, commonest)
        node_of[i] = node
        uf.find(node)
        if _is_acronym_definition(m):
            uf.union(node, f"k:{name_key(m.long_form)}")
        if m.vocab_iri:
            uf.union(node, f"iri:{m.vocab_iri}")
    groups: dict[str, list[int]] = defaultdict(list)
    for i in range(len(named)):
        groups[uf.find(node_of[i])].append(i)
    entities: dict[str, Entity] = {}
    entity_of: dict[int, str] = {}
    label_keys: dict[str, str] = {}
    built = sorted(
        ((_build_entity([named[i][1] for i in idx]), idx) for idx in groups.values()),
        key=lambda pair: (pair[0].label, sorted(pair[0].alt_labels), pair[0].entity_type),
    )
    for entity, idx in built:
        _register(entities, entity)
        for i in idx:
            entity_of[i] = entity.key
        for label in {entity.label} | entity.alt_labels:
            label_keys.setdefault(name_key(label), entity.key)
    standalone = _standalone_tokens(f"{ex.note.title}\n{ex.note.summary}" for ex in ordered)

    def is_family(label: str) -> bool:
        if name_uses.is_generic_name(label):
            return False
        return (known_family is not None and known_family(label)) or label in standalone

    _add_variant_parents(entities, is_family)
    resolved = [(n, m, entity_of[i]) for i, (n, m) in enumerate(named)]
    resolved += _link_concepts(concepts, entities, label_keys)
    relation = _paper_relations(resolved)
    mentions = [ResolvedMention(n, m, key, relation[paper_key(n)][key]) for n, m, key in resolved]
    quantities = [(ex.note, q) for ex in ordered for q in ex.quantities]
    return LinkedCorpus(entities, mentions, quantities)


# Rules that name the paper's own artifact outright: the title's "Name:" prefix, "called X",
# a quoted coined name. A common word the paper merely lists among its parts ("a Worker and
# a Supervisor agent", "three principles (Harmless, Accurate, Helpful)") is no name.
_NAMING_RULES = frozenset({"title-prefix", "naming-cue", "quoted-name"})


def _genre_prefixes(extractions: list[NoteExtraction]) -> frozenset[str]:
    """Title prefixes that are common English words heading the titles of several different
    papers: a kind of paper ("Position: …", "Survey: …"), not the name of one artifact."""
    titles: dict[str, set[str]] = defaultdict(set)
    for ex in extractions:
        for m in ex.mentions:
            if "title-prefix" in m.rule and is_common_word(m.text):
                titles[name_key(m.text)].add(ex.note.title.casefold())
    return frozenset(key for key, seen in titles.items() if len(seen) > 1)


def _is_name(m: Mention, name_uses: NameUses, genres: frozenset[str]) -> bool:
    """Whether a mention names an artifact (see the module docstring); `genres` are the
    title prefixes that name a kind of paper (`_genre_prefixes`)."""
    if "title-prefix" in m.rule and name_key(m.text) in genres:
        return False
    if m.vocab_iri or m.long_form:
        return True
    if (
        m.entity_type == "Metric"
        and m.text.lower() in METRIC_NAMES
        and not name_uses.written_in_lowercase(m.text)
    ):
        return True  # "Pearson", "Spearman": English names, but known metrics
    if is_language_name(m.text) or names_language_variety(m.text) or is_theory_term(m.text):
        return False
    return _named_outright(m) or not name_uses.is_generic_name(m.text)


def _named_outright(m: Mention) -> bool:
    return m.relation == "proposes" and not _NAMING_RULES.isdisjoint(m.rule.split("+"))


def _build_entity(mentions: list[Mention]) -> Entity:
    surfaces = Counter(_display(m.text) for m in mentions)
    # "Transformers" counts for "Transformer" when both forms occur
    for form in list(surfaces):
        base = singular(form)
        if base != form and any(s.casefold() == base.casefold() for s in surfaces):
            target = next(s for s in sorted(surfaces) if s.casefold() == base.casefold())
            surfaces[target] += surfaces.pop(form)
    acronyms = Counter(
        _display(m.text) for m in mentions if _is_acronym_definition(m) and name_shape(m.text)
    )
    pool = acronyms or surfaces
    label = sorted(pool.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))[0][0]
    alts = {_display(m.text) for m in mentions} | {m.long_form for m in mentions if m.long_form}
    alt_labels = _distinct_alternatives(label, alts)
    votes = _type_votes(mentions, alts)
    etype = sorted(votes.items(), key=lambda kv: (-kv[1], ENTITY_TYPES.index(kv[0])))[0][0]
    iris = {m.vocab_iri for m in mentions if m.vocab_iri}
    return Entity("", label, etype, alt_labels, None, iris)


_KIND_TYPES = {"kind-method": "Method", "kind-model": "Model"}


def _type_votes(mentions: list[Mention], forms: set[str]) -> Counter:
    """The votes on an entity's type. A kind noun right after a name ("the FOO model",
    "existing FOO methods", marked in the mention's rule) outvotes the vocabulary's
    suggestion ("RAG methods", "NeRF methods": the annotators count both as methods); but
    "FOO methods" makes no technique of a network or an architecture, which it is built on
    ("Transformer methods", "CNN methods"), unless the name is spelled out as a process."""
    process = any(
        " " in form and form.rsplit(None, 1)[-1].lower().endswith(PROCESS_ENDINGS) for form in forms
    )
    kinds = Counter(
        _KIND_TYPES[part] for m in mentions for part in m.rule.split("+") if part in _KIND_TYPES
    )
    if not process and any(_architecture_form(form) for form in forms):
        kinds.pop("Method", None)
    return kinds or Counter(m.entity_type for m in mentions)


_ARCHITECTURE_HEADS = frozenset({"network", "networks", "net", "transformer", "transformers"})


def _architecture_form(form: str) -> bool:
    """ "Transformer", "FooNet", "CNN" (an acronym ending in "NN": a neural network), "Graph
    Attention Network": a form that names an architecture."""
    last = form.rsplit(None, 1)[-1] if form.strip() else ""
    return (
        model_shaped(form)
        or last.lower() in _ARCHITECTURE_HEADS
        or (last.isupper() and last.rstrip("s").endswith("NN"))
    )


def _distinct_alternatives(label: str, forms: set[str]) -> set[str]:
    """Forms other than the label, one per case/plural variant, never a case variant of it."""
    chosen: dict[str, str] = {}
    for form in sorted(forms, key=lambda f: (len(f), f)):
        form = " ".join(form.split())
        if not form or form.casefold() == label.casefold():
            continue
        variant = form.casefold().rstrip("s")
        if variant == label.casefold().rstrip("s"):
            continue
        chosen.setdefault(variant, form)
    return set(chosen.values())


def _register(entities: dict[str, Entity], entity: Entity) -> None:
    key = slugify(entity.label)
    if key in entities:
        digest = hashlib.sha1("|".join(sorted(entity.alt_labels)).encode()).hexdigest()[:6]
        key = f"{key}-{digest}"
        n = 2
        while key in entities:
            key, n = f"{key}-{n}", n + 1
    entity.key = key
    entities[key] = entity


def _standalone_tokens(texts: Iterable[str]) -> set[str]:
    """The name-like tokens the notes write on their own: not followed by a version or size
    ("Llama" in "Llama 3.1" is a variant's name, not the family's)."""
    found: set[str] = set()
    for text in texts:
        tokens = [token.rstrip(".'’") for token in _NAME_TOKEN.findall(text)]
        for token, after in zip(tokens, tokens[1:] + [""], strict=True):
            if not _VERSION_NEXT.match(after):
                found.add(token)
    return found


def _add_variant_parents(entities: dict[str, Entity], is_family: Callable[[str], bool]) -> None:
    """Point each model or method at its parent variant, skipping levels that are no entity
    and no family ("Llama-3.2-1B" -> "Llama" when "Llama-3.2" is never named)."""
    by_name = {name_key(e.label): e.key for e in sorted(entities.values(), key=lambda e: e.key)}
    queue = deque(sorted(entities))
    while queue:
        entity = entities[queue.popleft()]
        if entity.entity_type in _NO_VARIANTS or entity.variant_of:
            continue
        parent_label = variant_parent(entity.label)
        parent_key = None
        while parent_label is not None and parent_key is None:
            parent_key = by_name.get(name_key(parent_label))
            if parent_key is None and is_family(parent_label):
                parent = Entity("", parent_label, entity.entity_type)
                _register(entities, parent)
                by_name[name_key(parent_label)] = parent_key = parent.key
                queue.append(parent.key)
            elif parent_key is None:
                parent_label = variant_parent(parent_label)
        if parent_key is not None and parent_key != entity.key:
            entity.variant_of = parent_key


def _concept_label(text: str) -> str:
    words = " ".join(text.split()).lower().split()
    return " ".join(words)


def _link_concepts(concepts, entities: dict[str, Entity], label_keys: dict[str, str]):
    groups: dict[str, list[tuple[Note, Mention]]] = defaultdict(list)
    for note, m in concepts:
        groups[name_key(m.text)].append((note, m))
    resolved = []
    for key in sorted(groups):
        members = groups[key]
        entity_key = label_keys.get(key)
        if entity_key is None:
            forms = Counter(_concept_label(m.text) for _, m in members)
            label = sorted(forms.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
            alts = {f for f in forms if f != label and f.rstrip("s") != label.rstrip("s")}
            iris = {m.vocab_iri for _, m in members if m.vocab_iri}
            entity = Entity("", label, "Concept", alts, None, iris)
            _register(entities, entity)
            entity_key = label_keys[key] = entity.key
        resolved.extend((note, m, entity_key) for note, m in members)
    return resolved


def _paper_relations(resolved) -> dict[str, dict[str, str]]:
    """Paper key -> entity key -> the strongest relation of the paper's mentions of it.

    A name the extractor found only in a relative clause of a proposal ("…, which protects
    3DGS assets") is the paper's own unless other papers mention it too: a coined part
    belongs to one paper, what a proposal works on or with is shared ("3DGS", "DPO")."""
    papers_of: dict[str, set[str]] = defaultdict(set)
    for note, _, key in resolved:
        papers_of[key].add(paper_key(note))
    best: dict[str, dict[str, str]] = defaultdict(dict)
    for note, m, key in resolved:
        relation = m.relation
        if len(papers_of[key]) > 1 and "proposes-relative" in m.rule.split("+"):
            relation = "uses"
        relations = best[paper_key(note)]
        current = relations.get(key)
        if current is None or RELATION_PRECEDENCE[relation] > RELATION_PRECEDENCE[current]:
            relations[key] = relation
    return best
