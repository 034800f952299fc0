"""Relation and type of each candidate: proposes / uses / evaluatesOn, Method / Model / ….

- proposes: a cue rule found it (title prefix, "called X"), it is the subject the summary opens
  with, or it sits in the scope of a "propose / introduce / present …" verb and is not known
  (vocabulary, named before the verb, part of the proposed name, after a compare/use cue).
- evaluatesOn: "on X", "across X", "X tasks/benchmark/accuracy", "datasets such as X", unless
  X looks like a model (vocabulary model, size or version suffix on a mixed-case name).
- uses: everything else named.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache, partial

from papergraph.extract._candidates import Candidate, NoteView
from papergraph.extract._fields import (
    arrow_stage,
    class_member,
    direction_compound,
    field_modifier,
    method_variant,
    modifier_acronym,
    names_task,
)
from papergraph.extract._lexicon import (
    BASE_CUES,
    COMPARE_CUES,
    COMPONENT_VERBS,
    COORDINATORS,
    DATASET_HEADS,
    DEPLOY_VERBS,
    GENERIC_ACRONYMS,
    IMPROVED_CUES,
    NOUN_VERBS_3SG,
    PART_HEADS,
    PROPOSE_VERBS,
    RESULT_CUES,
    TOOL_VERBS,
    USE_CUES,
    VERBS,
)
from papergraph.extract._own_parts import (
    coined_as_means,
    coined_part_name,
    coordinated_proposals,
    defined_here,
    direct_object,
    introduced_as_own,
    listed_part,
    names_a_kind,
    own_apposition,
    passive_proposal,
)
from papergraph.extract._scopes import propose_scopes
from papergraph.extract._typing import entity_type, harmonise_types, long_form_type
from papergraph.extract._use_cues import existing_artifact, known_dataset
from papergraph.extract.shapes import (
    benchmark_shaped,
    dataset_shaped,
    metric_shaped,
    part_keys,
    variant_parent,
)
from papergraph.extract.text import name_key

__all__ = ["assign_relations"]

_NOT_EVAL_ON = frozenset({"based", "built", "relies", "rely", "depends", "depend", "top",
                          "focus", "focuses", "conditioned", "act", "acts"})  # fmt: skip
_TYPE_STOP = frozenset({"to", "that", "which", "and", "or", "is", "are", "as"}) | frozenset(
    {"of", "for", "on", "in", "with", "by", "via", "from", "over", "than", "at"}
)


def _prev_words(view: NoteView, candidate: Candidate, n: int) -> list[str]:
    i = candidate.tok_start
    sent_start = view.sent_start[i] if i < len(view.sent_start) else 0
    return view.lowers[max(sent_start, i - n) : i]


def _model_like(view: NoteView, candidate: Candidate, text: str) -> bool:
    """Model names carry parameter counts, versions on mixed-case names ("OLMo-2", "GPT-4o",
    "Llama-3.1-8B", "Claude 3.5") or a vocabulary model family ("GPT-4" -> GPT); dataset
    names rarely do ("CIFAR-10", "ETTh1", "ImageNet-1K", "Common Voice 15")."""
    if candidate.vocab is not None and candidate.vocab.suggested_type == "Model":
        return True
    if dataset_shaped(text):
        return False
    if _SIZE_AFTER.match(view.text, candidate.end):
        return True  # "FooVideo (13B)": a count of parameters right after the name
    if _versioned_name(text):
        return True
    parent = variant_parent(text)
    entry = view.gazetteer.lookup(parent) if parent else None
    return entry is not None and entry.suggested_type == "Model"


_SIZE = re.compile(r"\d(?:\.\d+)?[BM]\b|[A-Za-z]\s\d+\.\d")
_SIZE_AFTER = re.compile(r"\s*\(\d+(?:\.\d+)?B\)")  # only the count: not "(8B model)"
_VERSION_MARK = re.compile(r"(?:-|\.|v)\d")
_THOUSANDS = re.compile(r"\d[Kk]$")
_ASCII_LOWER = re.compile(r"[a-z]")


@lru_cache(maxsize=65536)  # pure, asked once per candidate
def _versioned_name(text: str) -> bool:
    """A parameter count ("8B", "Claude 3.5") or a version on a mixed-case word ("OLMo-2")."""
    if _SIZE.search(text):
        return True
    for word in text.split():
        versioned = _ASCII_LOWER.search(word) and _VERSION_MARK.search(word)
        if versioned and not _THOUSANDS.search(word):
            return True
    return False


_SKIP_BEFORE_DATASET = frozenset(
    {"the", "a", "an", "of", "all", "both", "several", "multiple", "standard", "public",
     "popular", "common", "widely-used", "challenging", "large-scale", "classic", "two",
     "three", "four", "five", "six", "seven", "eight", "nine", "ten", "held-out", "unseen"}
)  # fmt: skip


_LIST_JOINS = frozenset({",", "/", "and", "or"})


def _list_start(view: NoteView, k: int, sent_start: int) -> int:
    """From the token before a name, back over the earlier names of its list ("on A, B and
    X", "on A/B/X") to the token before the first; k itself when the name is not listed."""
    words = view.words
    if k < sent_start or words[k] not in _LIST_JOINS:
        return k
    j = k
    while j >= sent_start and j > k - 16 and (words[j] in _LIST_JOINS or not words[j].islower()):
        j -= 1
    if words[k] == "," and not {"and", "or"}.isdisjoint(words[j + 1 : k]):
        return k  # "from A and B, X obtains …": the list closed before X
    return j if j < k - 1 else k


def _evaluation_context(view: NoteView, c: Candidate) -> str | None:
    """ "strong" before "benchmark/dataset/tasks/…" ("X tasks") or after "performance /
    results / accuracy on"; "weak" after "on (the)",
    "across 9", "tasks from" (models follow "on" too: "… on OLMo-2"); else None."""
    words, lowers = view.words, view.lowers
    k = c.tok_start - 1
    sent_start = view.sent_start[c.tok_start] if c.tok_start < len(words) else 0
    k = _list_start(view, k, sent_start)
    while k >= sent_start and (lowers[k] in _SKIP_BEFORE_DATASET or view.doc[k].like_num):
        k -= 1
    weak = None
    if k >= sent_start:
        word = lowers[k]
        before = lowers[k - 1] if k - 1 >= sent_start else ""
        after_on = word in {"on", "across"} and before not in _NOT_EVAL_ON
        if (
            after_on
            and before in RESULT_CUES
            and not _model_like(view, c, view.text[c.start : c.end])
        ):
            return "strong"  # "state-of-the-art performance on X", "results on X"
        if after_on or (word in {"from", "of"} and before in DATASET_HEADS):
            weak = "weak"
    if _scored(view, c):
        return "strong"
    for k in range(c.tok_end, min(len(words), c.tok_end + 3)):
        if lowers[k] in DATASET_HEADS:
            return "strong"
        if not (words[k].isalpha() or "-" in words[k]) or not words[k].islower():
            break
        if view.stops[k] or lowers[k] in VERBS or lowers[k] in NOUN_VERBS_3SG:
            break
    return weak


_RAISE_VERBS = frozenset({"improves", "improved", "improving", "boosts", "boosted", "raises",
                          "raised", "increases", "increased", "lifts", "lifted"})  # fmt: skip


def _scored(view: NoteView, c: Candidate) -> bool:
    """A score right after the name makes it data the paper evaluates on: "(FooQA: 52%, BarQA:
    20%)", "FooQA F1=82.4", "improves FooQA by +3.3%"; not a model's ("Foo-7B: 61%")."""
    words, k, surface = view.words, c.tok_end, view.text[c.start : c.end]
    if k + 2 >= len(words) or metric_shaped(surface) or _model_like(view, c, surface):
        return False
    nxt, then = words[k], words[k + 1]
    number = then.lstrip("+-~≈")[:1].isdigit()
    if nxt == ":":  # a percentage: "CC_mask: 0.59" is a metric's value
        return number and (then.endswith("%") or words[k + 2] == "%")
    if nxt == "by" and view.lowers[c.tok_start - 1] in _RAISE_VERBS:
        return number
    return "=" in nxt and metric_shaped(nxt.split("=", 1)[0])


def _known(view: NoteView, text: str) -> bool:
    if view.gazetteer.lookup(text) is not None:
        return True
    parent = variant_parent(text)
    return parent is not None and view.gazetteer.lookup(parent) is not None


def assign_relations(view: NoteView, candidates: list[Candidate]) -> list[Candidate]:
    """Set relation, type and vocabulary entry on each candidate; drop non-artifacts."""
    doc, text = view.doc, view.text
    first_summary = bisect.bisect_left(view.offsets, view.summary_start)
    scope = propose_scopes(view)
    verbs = sorted({s.verb for s in scope.values() if s.kind == "propose"})
    first_verb = verbs[0] if verbs else len(doc)
    early = {
        name_key(text[c.start : c.end])
        for c in candidates
        if verbs
        and c.tok_end <= first_verb
        and c.relation is None
        and c.start >= view.summary_start
        and not _opens_summary(view, c, first_summary)
    }
    if not (COMPONENT_VERBS.isdisjoint(view.lowers) and TOOL_VERBS.isdisjoint(view.lowers)):
        own = _own_tokens(view, candidates, scope, early, first_summary)
        scope = propose_scopes(view, own, without_own=scope)
    surfaces = [text[c.start : c.end] for c in candidates]
    # a part of another name is known ("FooNet" in "Bar-FooNet"), but not the base of its own
    # variants: "proposes the FooNet method … FooNet-14B reaches …" proposes FooNet
    variant_bases = {name_key(p) for p in map(variant_parent, surfaces) if p}
    parts = part_keys(surfaces + [c.long_form for c in candidates if c.long_form]) - variant_bases
    kept: list[Candidate] = []
    for c in candidates:
        surface = text[c.start : c.end]
        key = name_key(surface)
        if c.long_form is None and key in view.defined:
            c.long_form = view.defined[key].long
            c.lower_long_form = c.lower_long_form or _lower_def(view, key)
        if c.vocab is None:
            c.vocab = view.gazetteer.lookup_defined(surface, c.long_form)
        concept_vocab = view.gazetteer.lookup(surface, named=False)
        prev = _prev_words(view, c, 3)
        nxt = view.lowers[c.tok_end] if c.tok_end < len(view.lowers) else ""
        if c.relation is None and field_modifier(view, c):
            continue
        if c.relation is None:
            known = c.vocab is not None or key in parts
            if c.long_form is None and _known(view, surface):
                known = True
            c.relation = _relation(view, c, (known, key in early), scope, prev, nxt, first_summary)
        proposed = c.relation == "proposes" and surface[:1].isupper()  # not "text-to-3D"
        if c.relation is None or (not proposed and direction_compound(c, surface)):
            continue
        if surface.endswith("-") or (c.relation != "proposes" and key in GENERIC_ACRONYMS):
            continue  # "ERM- and SGD-based": a suspended hyphen; "State-of-the-Art (SOTA)"
        if c.relation == "uses" and modifier_acronym(view, c):
            continue
        if not c.rule.startswith("title-prefix") and (
            arrow_stage(view, c) or class_member(view, c)
        ):
            continue
        if c.relation == "uses" and known_dataset(view, c, surface):
            c.relation = "evaluatesOn"  # a known dataset a paper uses is data it works on
        if c.relation != "proposes" and names_task(view, c):
            continue  # "applies diffusion to Generic Event Boundary Detection (GEBD)"
        if surface.rsplit(None, 1)[-1].lower() in {"equation", "equations"}:
            continue  # "the Fokker-Planck equation": a topic (a concept), not an artifact
        concept_only = concept_vocab is not None and concept_vocab.suggested_type == "Concept"
        # "graph neural networks (GNNs)": a class of models named in lowercase is a concept;
        # a vocabulary algorithm ("proximal policy optimization (PPO)") stays a name.
        kept_by_vocab = c.vocab is not None and (
            not c.lower_long_form or c.vocab.suggested_type in {"Method", "Metric"}
        )
        # "conditional flow matching (CFM)": a variant of a vocabulary method or process
        if c.lower_long_form and c.vocab is None and method_variant(view, c.long_form):
            kept_by_vocab, c.entity_type = True, c.entity_type or "Method"
        # "mean squared error (MSE)", "pseudo-log-likelihood (PLL)": a metric, not a class
        kept_by_vocab = kept_by_vocab or bool(
            c.lower_long_form and c.long_form and long_form_type(c.long_form) == "Metric"
        )
        # a plural acronym of a lowercase phrase ("tokenizers (FTs)") is a class, never a
        # proposal
        plural = (
            c.lower_long_form and len(surface) > 2 and surface[-1] == "s" and surface[-2].isupper()
        )
        proposed = c.relation == "proposes" and not plural and names_a_kind(view, c)
        if not proposed and not kept_by_vocab and (c.lower_long_form or concept_only):
            continue
        c.entity_type = c.entity_type or entity_type(
            view, c, surface, partial(_model_like, view, c, surface)
        )
        kept.append(c)
    _harmonise_lists(view, kept)
    coordinated_proposals(view, kept)
    _later_mentions_of_proposals(view, kept)
    harmonise_types(view, kept)
    return kept


def _later_mentions_of_proposals(view: NoteView, candidates: list[Candidate]) -> None:
    """ "We propose FooNet … FooNet comprises …": every mention of a name the note proposes,
    of a variant of it ("FooNet-14B") and of a name made from it ("FooNet-Data", "FooNet-VQA",
    "FastFOO") is the paper's own (not a used name of the same spelling)."""
    text = view.text
    surfaces = {text[c.start : c.end] for c in candidates if c.relation == "proposes"}
    proposed = {name_key(surface) for surface in surfaces}
    for c in candidates:
        if c.relation != "uses":
            continue
        surface = text[c.start : c.end]
        parent = variant_parent(surface) or surface.partition("-")[0]
        prefixed = any(  # "FastFOO", "Joint-FOO" of the proposed "FOO" (not "Bar-SLAM" of
            # the proposed "Foo-SLAM", whose last part is proposed with it)
            surface.endswith(p) and len(surface) > len(p) and p[:1].isupper() and len(p) >= 3
            and not any(q.endswith("-" + p) for q in surfaces)
            for p in surfaces
        )  # fmt: skip
        if name_key(surface) in proposed or name_key(parent) in proposed or prefixed:
            c.relation = "proposes"  # "FooNet-14B", "FooGen-10k", "FooNet-Tool"


def _names_itself(view: NoteView, c: Candidate, first_summary: int) -> bool:
    """The name that opens the summary before a propose verb is the proposal ("FooNet
    proposes a … network"), unless the title's "Name:" prefix names another one: then it is
    the author ("Quuxcorp proposes the ZAP framework" under "Foo-ZAP: …")."""
    if c.tok_start != first_summary:
        return False
    colon = view.text.find(": ", 0, view.title_end)
    if colon < 0:
        return True
    surface, titled = view.text[c.start : c.end], view.text[:colon]
    # "EventTrack6D proposes …" under "Event6D: …": a variant spelling of the title's name
    return surface == titled or (any(ch.isdigit() for ch in surface) and surface[:4] == titled[:4])


def _opens_summary(view: NoteView, c: Candidate, first_summary: int) -> bool:
    """ "FooNet is a …", "FooNet (Foo Network) unifies …": the name the summary opens with,
    as the subject of its first verb."""
    if c.tok_start != first_summary:
        return False
    k = c.tok_end
    words, lowers = view.words, view.lowers
    if k < len(words) and words[k] == "(":
        while k < len(words) and words[k] != ")" and k < c.tok_end + 12:
            k += 1
        k += 1
    nxt = lowers[k] if k < len(lowers) else ""
    return nxt in VERBS or nxt in NOUN_VERBS_3SG or nxt in PROPOSE_VERBS or nxt == ","


def _own_tokens(view, candidates, scope, early, first_summary) -> frozenset[int]:
    """Token indices of the names the note proposes, as far as the propose verbs and the
    forced rules (title prefix, "called X") tell before the relations are assigned: the
    subjects of "comprises / employs …" clauses that make their objects the paper's own."""
    text = view.text
    keys = set()
    for c in candidates:
        key = name_key(text[c.start : c.end])
        if c.relation == "proposes" or _opens_summary(view, c, first_summary):
            keys.add(key)
            continue
        at = scope.get(c.tok_start)
        in_scope = at is not None and at.kind == "propose" and not at.after_prep
        if in_scope and key not in early and view.gazetteer.lookup(text[c.start : c.end]) is None:
            keys.add(key)
    return frozenset(
        k for c in candidates if name_key(text[c.start : c.end]) in keys
        for k in range(c.tok_start, c.tok_end)
    )  # fmt: skip


def _lower_def(view: NoteView, key: str) -> bool:
    abbr = view.defined[key]
    return all(w[:1].islower() for w in abbr.long.split() if len(w) > 3) and abbr.short.isupper()


def _relation(view, c, knowledge, scope, prev, nxt, first_summary) -> str | None:
    surface = view.text[c.start : c.end]
    known, early = knowledge
    after = view.words[c.tok_end + 1] if c.tok_end + 1 < len(view.words) else ""
    if "kind" in c.notes:
        return "uses"  # "FooNet, a conditional diffusion Transformer": what FooNet builds on
    if passive_proposal(view, c) and not known:
        c.rule = f"{c.rule}+proposes-passive"  # "FooNet is proposed / introduced"
        return "proposes"
    if not known and listed_part(view, c):
        c.rule = f"{c.rule}+listed-part"  # "three components—FooCLIPs, BarQG, and BazPT"
        return "proposes"
    if not known and introduced_as_own(view, c):
        c.rule = f"{c.rule}+introduced"  # "… via a Temporal Drift Calibrator (TDC)"
        return "proposes"
    if nxt in PROPOSE_VERBS and _names_itself(view, c, first_summary):
        c.rule = f"{c.rule}+subject"  # "FooNet proposes a … network", under an unnamed title
        return "proposes"
    if nxt in PROPOSE_VERBS or nxt in {"et", "and"} and after == "al":
        return None  # the author: "Quuxcorp proposes …"
    if len(prev) >= 2 and prev[-2] in DEPLOY_VERBS and prev[-1] in {"in", "on", "at", "to", "into"}:
        return None  # "deployed in Foocorp Search": a product or company, not an artifact
    last_two = prev[-2:]
    if not IMPROVED_CUES.isdisjoint(last_two) and prev[-1:] != ["("]:
        return "uses"  # "an improved X"; but "its adaptive variant (X)" names the variant
    cues = view.cue_tokens.get(c.tok_start, ())
    at = scope.get(c.tok_start)
    compare = not COMPARE_CUES.isdisjoint(prev) or "COMPARE" in cues
    used = not USE_CUES.isdisjoint(last_two) and not (at and at.relative)
    coordinated = last_two[:1] and (last_two[0] in COORDINATORS or last_two[0] in COMPONENT_VERBS)
    used = (used and not coordinated) or "USE" in cues
    # "a FooNet-driven module", "(FN)-based", "built on FooNet": what the method builds on
    based = view.text.startswith(("-", ")-"), c.end) or not BASE_CUES.isdisjoint(last_two)
    based = based or existing_artifact(view, c, prev)
    used = used or based
    if not (known or compare or based) and coined_as_means(view, c):
        c.rule = f"{c.rule}+coined-means"  # "refines … via Frequency-Guided Densification (FGD)"
        return "proposes"
    if "part" in c.notes and not known and not compare:
        c.rule = f"{c.rule}+own-part"  # "uses a Feature Matching module": a coined part
        return "proposes"
    if own_apposition(view, c, prev):
        c.rule = f"{c.rule}+own-apposition"
        return "proposes"
    if _opens_summary(view, c, first_summary) and not known:
        c.rule = f"{c.rule}+subject"
        return "proposes"
    context = _evaluation_context(view, c)
    reported = at is not None and at.results and (context is not None or metric_shaped(surface))
    if at is not None and at.kind == "propose" and direct_object(view, c, at) and not used:
        c.rule = f"{c.rule}+proposes-object"  # "proposes FOO, which …", even when a
        return "proposes"  # vocabulary term has the same spelling
    if at is not None and not at.after_prep and not known and not compare and not used:
        cued = defined_here(view, c) or nxt in PART_HEADS or coined_part_name(surface)
        own_part = not reported and (at.kind != "tool" or cued)
        if (at.kind != "propose" or not early) and own_part:
            c.confidence = max(c.confidence, 0.8)
            # in a relative clause ("…, which protects X assets") a name may be what the
            # proposal works on: the linker decides from the other papers (see link.py)
            weak = at.kind == "propose" and at.relative and not cued
            cue = "proposes-relative" if weak else "proposes-cue"
            c.rule = f"{c.rule}+{cue}" if at.kind == "propose" else f"{c.rule}+own-part"
            return "proposes"
    strong = "DATASET_LIST" in cues or context == "strong"
    known_data = c.vocab is not None and c.vocab.suggested_type == "Dataset"
    if c.vocab is not None and not known_data and c.vocab.suggested_type != "Concept":
        return "uses"  # a vocabulary method or model
    if strong or known_data or (context and not _model_like(view, c, surface)):
        c.notes.add("strong-dataset" if strong else "dataset")
        return "evaluatesOn"
    if benchmark_shaped(surface):
        c.notes.add("dataset")  # "improves … and HarmBench by 27%": a benchmark, used as one
        return "evaluatesOn"
    return "uses"


def _fronted_phrase(view: NoteView, c: Candidate) -> bool:
    """ "On FooBench, BarLM-7B improves …": a name in a sentence's opening prepositional
    phrase, which the comma closes (no list)."""
    k = c.tok_start - 1
    return k >= 0 and view.sent_start[k] == k and view.lowers[k] in {"on", "in", "across", "for"}


def _harmonise_lists(view: NoteView, candidates: list[Candidate]) -> None:
    """Names of one list share model-ness and evaluation role: "on Llama-3.1/Qwen2.5/Phi-3",
    "on Natural Questions, TriviaQA and HotpotQA". A list is a chain of names joined by ",",
    "/", "and", "or"; it ends after its first "and"/"or" item ("A and B, C" is two clauses)."""
    chains: list[list[Candidate]] = []
    closed = True
    for left, right in zip(candidates, candidates[1:], strict=False):
        between = view.text[left.end : right.start].strip().lower()
        if between not in {"/", ",", "and", ", and", "or", ", or"} or (
            between == "," and _fronted_phrase(view, left)
        ):
            closed = True
            continue
        if closed:
            if chains and chains[-1][-1] is left:
                continue  # "A and B, C": B closed a list, C starts a new clause
            chains.append([left])
        chains[-1].append(right)
        closed = between not in {",", "/"}
    # a later mention of a proposed name is no list item: "on PDEBench, SR-FNO keeps …"
    text = view.text
    proposed = {name_key(text[c.start : c.end]) for c in candidates if c.relation == "proposes"}
    for chain in chains:
        chain = [c for c in chain if name_key(view.text[c.start : c.end]) not in proposed]
        if any("strong-dataset" in c.notes for c in chain):
            role = ("evaluatesOn", "Dataset")
        elif any(c.entity_type == "Model" and c.relation != "proposes" for c in chain):
            role = ("uses", "Model")
        elif any(c.relation == "evaluatesOn" for c in chain):
            role = ("evaluatesOn", "Dataset")
        else:
            continue
        for c in chain:
            if c.relation == "proposes" or (
                c.vocab is not None
                and (role[0] == "evaluatesOn") != (c.vocab.suggested_type == "Dataset")
            ):
                continue  # the vocabulary's methods and models are no datasets, nor the reverse
            if (
                role[0] == "evaluatesOn"
                and "strong-dataset" not in {n for o in chain for n in o.notes}
                and _model_like(view, c, view.text[c.start : c.end])
            ):
                continue
            c.relation, c.entity_type = role
