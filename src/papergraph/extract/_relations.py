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
from functools import lru_cache

from papergraph.extract._candidates import Candidate, NoteView
from papergraph.extract._lexicon import (
    BASE_CUES,
    COMPARE_CUES,
    DATASET_HEADS,
    IMPROVED_CUES,
    NOUN_VERBS_3SG,
    PROPOSE_VERBS,
    SELF_SUBJECTS,
    USE_CUES,
    VERBS,
)
from papergraph.extract._shapes import part_keys, variant_parent
from papergraph.extract._text import name_key
from papergraph.extract._typing import dataset_shaped, entity_type, harmonise_types

__all__ = ["assign_relations", "propose_scopes"]

_OTHER_WORK = frozenset({"prior", "previous", "previously", "existing", "earlier", "et", "al."})
_NOT_EVAL_ON = frozenset({"based", "built", "relies", "rely", "depends", "depend", "top",
                          "focus", "focuses", "conditioned", "act", "acts"})  # fmt: skip
_TYPE_STOP = frozenset({"to", "that", "which", "and", "or", "is", "are", "as"}) | frozenset(
    {"of", "for", "on", "in", "with", "by", "via", "from", "over", "than", "at"}
)
_DETERMINERS = frozenset({"the", "a", "an", "our", "their", "its", "this", "these"})


_PREPOSITIONS = frozenset(
    {"of", "for", "on", "in", "to", "across", "between", "with", "from", "about", "into", "over",
     "under", "via", "by", "against", "than", "at", "among", "through", "toward", "towards"}
)  # fmt: skip


def propose_scopes(view: NoteView) -> dict[int, tuple[int, bool, bool]]:
    """Token index -> (propose verb index, in a relative clause, after a preposition).

    The scope of "proposes/introduces/presents …" runs to the next clause break or main verb;
    a relative clause ("…, which employs X") extends it to the end of the sentence. A name
    after a preposition of the main clause ("presents a study of X") is not the object.
    """
    words, lowers = view.words, view.lowers
    scope: dict[int, tuple[int, bool, bool]] = {}
    for sent_start, sent_end in view.sentences:
        if view.offsets[sent_end - 1] < view.summary_start:
            continue
        if PROPOSE_VERBS.isdisjoint(lowers[sent_start:sent_end]):
            continue  # no scope opens in this sentence
        verb, relative, prep = None, False, False
        for i in range(sent_start, sent_end):
            low = lowers[i]
            if low in PROPOSE_VERBS and words[i].islower():
                prev = lowers[i - 1] if i > sent_start else ""
                nxt = lowers[i + 1] if i + 1 < sent_end else ""
                if prev in _DETERMINERS or nxt == "by" or _OTHER_WORK & set(lowers[sent_start:i]):
                    continue
                if prev in {"was", "were", "been", "originally", "recently", "previously"}:
                    continue
                verb, relative, prep = i, False, False
                continue
            if verb is None:
                continue
            if low in {"which", "that", "who", "whose", "where"}:
                relative = True
            elif low in _PREPOSITIONS and not relative:
                prep = True
            elif low in _SCOPE_BREAKS and _ends_scope(view, i, sent_end, relative):
                verb = None
                continue
            scope[i] = (verb, relative, prep)
    return scope


_SCOPE_BREAKS = VERBS | SELF_SUBJECTS | {";", ":"}  # the words `_ends_scope` can end a scope at


def _ends_scope(view: NoteView, i: int, sent_end: int, relative: bool) -> bool:
    """A clause break, a new main verb, or a new subject ("this work demonstrates")."""
    word, low = view.words[i], view.lowers[i]
    if word in {";", ":"}:
        return True
    if word.islower() and low in VERBS and not relative:
        return True
    nxt = view.lowers[i + 1] if i + 1 < sent_end else ""
    return low in SELF_SUBJECTS and nxt in VERBS


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
    if _versioned_name(text):
        return True
    parent = variant_parent(text)
    entry = view.gazetteer.lookup(parent) if parent else None
    return entry is not None and entry.suggested_type == "Model"


_SIZE = re.compile(r"\d(?:\.\d+)?[BM]\b|[A-Za-z]\s\d+\.\d")
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


def _evaluation_context(view: NoteView, c: Candidate) -> str | None:
    """ "strong" before "benchmark/dataset/tasks/…" ("X tasks"); "weak" after "on (the)",
    "across 9", "tasks from" (models follow "on" too: "… on OLMo-2"); else None."""
    words, lowers = view.words, view.lowers
    k = c.tok_start - 1
    sent_start = view.sent_start[c.tok_start] if c.tok_start < len(words) else 0
    while k >= sent_start and (lowers[k] in _SKIP_BEFORE_DATASET or view.doc[k].like_num):
        k -= 1
    weak = None
    if k >= sent_start:
        word = lowers[k]
        before = lowers[k - 1] if k - 1 >= sent_start else ""
        after_on = word in {"on", "across"} and before not in _NOT_EVAL_ON
        if after_on or (word in {"from", "of"} and before in DATASET_HEADS):
            weak = "weak"
    for k in range(c.tok_end, min(len(words), c.tok_end + 3)):
        if lowers[k] in DATASET_HEADS:
            return "strong"
        if not (words[k].isalpha() or "-" in words[k]) or not words[k].islower():
            break
        if view.stops[k] or lowers[k] in VERBS or lowers[k] in NOUN_VERBS_3SG:
            break
    return weak


def _known(view: NoteView, text: str) -> bool:
    if view.gazetteer.lookup(text) is not None:
        return True
    parent = variant_parent(text)
    return parent is not None and view.gazetteer.lookup(parent) is not None


def assign_relations(view: NoteView, candidates: list[Candidate]) -> list[Candidate]:
    """Set relation, type and vocabulary entry on each candidate; drop non-artifacts."""
    doc, text = view.doc, view.text
    scope = propose_scopes(view)
    verbs = sorted({v for v, _, _ in scope.values()})
    first_verb = verbs[0] if verbs else len(doc)
    early = {
        name_key(text[c.start : c.end])
        for c in candidates
        if verbs
        and c.tok_end <= first_verb
        and c.relation is None
        and c.start >= view.summary_start
    }
    first_summary = bisect.bisect_left(view.offsets, view.summary_start)
    parts = part_keys(
        [text[c.start : c.end] for c in candidates]
        + [c.long_form for c in candidates if c.long_form]
    )
    kept: list[Candidate] = []
    for c in candidates:
        surface = text[c.start : c.end]
        key = name_key(surface)
        if c.long_form is None and key in view.defined:
            c.long_form = view.defined[key].long
            c.lower_long_form = c.lower_long_form or _lower_def(view, key)
        if c.vocab is None:
            c.vocab = _vocab_entry(view, surface, c.long_form)
        concept_vocab = view.gazetteer.lookup(surface, named=False)
        prev = _prev_words(view, c, 3)
        nxt = view.lowers[c.tok_end] if c.tok_end < len(view.lowers) else ""
        if c.relation is None:
            known = c.vocab is not None or key in early or key in parts
            if c.long_form is None and _known(view, surface):
                known = True
            c.relation = _relation(view, c, known, scope, prev, nxt, first_summary)
        if c.relation is None:
            continue
        concept_only = concept_vocab is not None and concept_vocab.suggested_type == "Concept"
        # "graph neural networks (GNNs)": a class of models named in lowercase is a concept;
        # a vocabulary algorithm ("proximal policy optimization (PPO)") stays a name.
        kept_by_vocab = c.vocab is not None and (
            not c.lower_long_form or c.vocab.suggested_type in {"Method", "Metric"}
        )
        if c.relation != "proposes" and not kept_by_vocab and (c.lower_long_form or concept_only):
            continue
        c.entity_type = c.entity_type or entity_type(
            view, c, surface, _model_like(view, c, surface)
        )
        kept.append(c)
    _harmonise_lists(view, kept)
    harmonise_types(view, kept)
    return kept


def _lower_def(view: NoteView, key: str) -> bool:
    abbr = view.defined[key]
    return all(w[:1].islower() for w in abbr.long.split() if len(w) > 3) and abbr.short.isupper()


def _vocab_entry(view: NoteView, surface: str, long_form: str | None):
    """The vocabulary entry of a name; an acronym the note defines otherwise ("SAM" for a
    long form the vocabulary does not list) gets none."""
    entry = view.gazetteer.lookup(surface)
    if long_form is None:
        return entry
    by_long = view.gazetteer.lookup(long_form)
    if entry is not None and by_long is not None and by_long != entry:
        return by_long
    return by_long if entry is None else (entry if by_long == entry else None)


def _own_apposition(view: NoteView, c: Candidate, prev: list[str]) -> bool:
    """ "Our training recipe, SelfFix, …", "the proposed SelfFix", "our SelfFix"."""
    if prev[-1:] in (["proposed"], ["our"]):
        return True
    if prev[-1:] != [","]:
        return False
    sent_start = view.sent_start[c.tok_start]
    window = view.lowers[max(sent_start, c.tok_start - 6) : c.tok_start - 1]
    return "our" in window and "," not in window


def _relation(view, c, known, scope, prev, nxt, first_summary) -> str | None:
    surface = view.text[c.start : c.end]
    after = view.words[c.tok_end + 1] if c.tok_end + 1 < len(view.words) else ""
    if nxt in PROPOSE_VERBS or nxt in {"et", "and"} and after == "al":
        return None  # the author: "NVIDIA proposes …"
    last_two = prev[-2:]
    if not IMPROVED_CUES.isdisjoint(last_two):
        return "uses"
    cues = view.cue_tokens.get(c.tok_start, ())
    verb, relative, after_prep = scope.get(c.tok_start, (None, False, False))
    compare = not COMPARE_CUES.isdisjoint(prev) or "COMPARE" in cues
    used = (not USE_CUES.isdisjoint(last_two) and not relative) or "USE" in cues
    used = used or not BASE_CUES.isdisjoint(last_two)
    if _own_apposition(view, c, prev):
        c.rule = f"{c.rule}+own-apposition"
        return "proposes"
    if verb is not None and not after_prep and not known and not compare and not used:
        c.confidence = max(c.confidence, 0.8)
        c.rule = f"{c.rule}+proposes-cue"
        return "proposes"
    opens = c.tok_start == first_summary and (nxt in VERBS or nxt in NOUN_VERBS_3SG or nxt == ",")
    if opens and not known:
        c.rule = f"{c.rule}+subject"
        return "proposes"
    context = _evaluation_context(view, c)
    strong = "DATASET_LIST" in cues or context == "strong"
    if c.vocab is not None and c.vocab.suggested_type != "Concept":
        return "uses"  # the vocabulary lists methods and models, not datasets
    if strong or (context and not _model_like(view, c, surface)):
        c.notes.add("strong-dataset" if strong else "dataset")
        return "evaluatesOn"
    return "uses"


def _harmonise_lists(view: NoteView, candidates: list[Candidate]) -> None:
    """Names of one list share model-ness and evaluation role: "on Llama-3.1/Qwen2.5/Phi-3",
    "on Natural Questions, TriviaQA and HotpotQA". A list is a chain of names joined by ",",
    "/", "and", "or"; it ends after its first "and"/"or" item ("A and B, C" is two clauses)."""
    chains: list[list[Candidate]] = []
    closed = True
    for left, right in zip(candidates, candidates[1:], strict=False):
        between = view.text[left.end : right.start].strip().lower()
        if between not in {"/", ",", "and", ", and", "or", ", or"}:
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
            if c.relation == "proposes" or (c.vocab is not None and role[0] == "evaluatesOn"):
                continue
            if (
                role[0] == "evaluatesOn"
                and "strong-dataset" not in {n for o in chain for n in o.notes}
                and _model_like(view, c, view.text[c.start : c.end])
            ):
                continue
            c.relation, c.entity_type = role
