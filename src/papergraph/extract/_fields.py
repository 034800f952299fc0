"""Candidates that name a field, a task, a class, a stage or a quantity rather than an
artifact, and lowercase variants of known methods that do name one.

- "HDR reconstruction", "existing PTQ approaches": an acronym before a task or class noun
  (`field_modifier`);
- "into Generic Event Boundary Detection (GEBD)": the task the paper works on (`names_task`);
- "Text-to-SQL", "Real-to-Sim", "T2V": a direction compound (`direction_compound`);
- "conditional flow matching (CFM)": a variant of a vocabulary method, kept (`method_variant`);
- "TE gaps", "KV cache": a two-letter acronym only modifying a common noun
  (`modifier_acronym`);
- "(Draft → Critique → Answer)": the stages of a chain of arrows (`arrow_stage`);
- "9 languages (Hindi, Tamil, …)", "three problems (AB, CD)": members of a class of
  non-artifacts (`class_member`).
"""

from __future__ import annotations

import bisect
import re

from papergraph.extract._candidates import Candidate, NoteView
from papergraph.extract._lexicon import (
    ARTIFACT_HEADS,
    FIELD_NOUNS,
    NOUN_VERBS_3SG,
    TASK_CUES,
    TASK_HEADS,
    VERBS,
)
from papergraph.extract.shapes import metric_shaped
from papergraph.extract.text import singular

__all__ = [
    "arrow_stage",
    "class_member",
    "direction_compound",
    "field_modifier",
    "method_variant",
    "modifier_acronym",
    "names_task",
]


def method_variant(view: NoteView, long_form: str | None) -> bool:
    """Whether a lowercase long form ends in a vocabulary method or process of two words or
    more: "conditional flow matching" names a variant of flow matching; a plural names a
    class ("spatiotemporal graph neural networks"), a concept."""
    words = (long_form or "").split()
    if not words or singular(words[-1]) != words[-1]:
        return False
    for n in range(len(words) - 1, 1, -1):
        entry = view.gazetteer.lookup(" ".join(words[-n:]))
        if entry is not None and (entry.suggested_type == "Method" or words[-1].endswith("ing")):
            return True
    return False


# After a spelled-out acronym these name a class of artifacts, which may be named
# or a coined setting ('the "Foo-Only" (FO) setting')
_CLASS_NOUNS = frozenset({"models", "methods", "approaches", "techniques", "systems",
                          "frameworks", "algorithms", "problem", "problems", "setting",
                          "settings", "paradigm", "paradigms", "regime"})  # fmt: skip


def field_modifier(view: NoteView, c: Candidate) -> bool:
    """An acronym the vocabulary does not know, before a task or class noun, names a field,
    not an artifact: "HDR reconstruction", "existing PTQ approaches", and so does one defined
    inside such a phrase: "out-of-sample (OOS) scenarios", "theory of mind (ToM) reasoning"."""
    if c.shape != "acronym" or c.vocab is not None:
        return False
    nxt, nouns = c.tok_end, FIELD_NOUNS
    if c.rule == "abbreviation" and nxt < len(view.words) and view.words[nxt] == ")":
        nxt, nouns = nxt + 1, FIELD_NOUNS - _CLASS_NOUNS  # "Mixture of Experts (MoE) models"
    elif c.rule != "shape:acronym" or c.long_form:
        return False
    if nxt >= len(view.words):
        return False
    word = view.words[nxt]
    return word in nouns or (c.rule == "shape:acronym" and _plural_modified(view, c, word))


# Plural nouns after which an undefined acronym names a kind of data or task, not one
_CATEGORY_NOUNS = frozenset({"datasets", "benchmarks", "tasks", "corpora"})


def _plural_modified(view: NoteView, c: Candidate, word: str) -> bool:
    """ "16 KGQA datasets", "CTR tasks": an undefined acronym before a plural data or task
    noun names the kind, not one dataset; not in a list ("the Foo and BARS benchmarks"),
    nor after "the" (a suite), nor a metric."""
    if word not in _CATEGORY_NOUNS or metric_shaped(view.text[c.start : c.end]):
        return False
    before = view.lowers[max(0, c.tok_start - 2) : c.tok_start]
    if before[-1:] and before[-1] in {"and", "or", ",", "/"}:
        return False  # "the Foo and BARS benchmarks": two names
    return "the" not in before  # "the long-range BARS benchmarks": one suite


# "Text-to-SQL", "Real-to-Sim", "Coptic-to-English", "All-in-One", "LLM-as-a-Judge": a
# task, a direction, a paradigm or a modifier, not an artifact, unless the paper proposes it
# under that name.
_DIRECTION_COMPOUND = re.compile(r"^[A-Za-z][\w]*(?:-[\w]+)*-(?:to|in|as-an?)-[\w]+(?:-[\w]+)*$")


def names_task(view: NoteView, c: Candidate) -> bool:
    """An acronym whose Title-Case long form names a task ("… Boundary Detection", "… Pose
    Estimation") after a word that makes it the paper's subject ("for", "into", "addresses"):
    a task the paper works on, a concept, not an artifact it uses."""
    long_form = c.long_form
    if c.rule.split("+")[0] != "abbreviation" or not long_form or not long_form[:1].isupper():
        return False
    if long_form.rsplit(None, 1)[-1].lower() not in TASK_HEADS:
        return False
    start = view.text.rfind(long_form, 0, c.start)
    k = bisect.bisect_left(view.offsets, start) - 1
    return start >= 0 and k >= 0 and view.lowers[k] in TASK_CUES


# "T2V", "I2V", "TI2V": the same direction written as an acronym around a "2"
_DIRECTION_ACRONYM = re.compile(r"^[A-Z]{1,2}2[A-Z]$")


def direction_compound(c: Candidate, surface: str) -> bool:
    if c.long_form is not None or c.vocab is not None:
        return False
    if _DIRECTION_ACRONYM.match(surface):
        return c.relation != "evaluatesOn"  # "on the I2P benchmark" names data
    return bool(_DIRECTION_COMPOUND.match(surface))


# Head nouns after which an acronym may name the artifact itself ("the FOO model")
_ARTIFACT_HEADS = ARTIFACT_HEADS | {"variant", "ensemble"}


def modifier_acronym(view: NoteView, c: Candidate) -> bool:
    """A two-letter acronym the note never spells out and the vocabulary does not know,
    written only as the modifier of a common noun ("TE gaps", "AC power flow", "KV cache",
    "XY-based scoring"), names a quantity, a domain or a part, not an artifact the paper
    uses. Three letters or more may name a method written as a modifier ("FOO training",
    "BAR parameters"), so they stay. Not before a kind noun ("the FOO model", "FOO loss"),
    nor as a subject, in a list, in a longer name ("Foo-BAR", "BAR-style") or as a metric."""
    surface = view.text[c.start : c.end]
    if c.shape != "acronym" or c.vocab is not None or c.long_form or not surface.isupper():
        return False
    if len(surface) != 2 or not surface.isalpha() or metric_shaped(surface):
        return False  # three letters or more may name a method ("FOO training")
    found = False
    for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w])", view.text):
        found = True
        if m.end() < len(view.text) and view.text[m.end()] == "-":
            if not view.text.startswith("-based", m.end()):
                return False  # "BAR-style", "BAR-7B": a name of its own or a variant
            continue
        k = bisect.bisect_left(view.offsets, m.start())
        if not _modifies_common_noun(view, k):
            return False
    return found


def _modifies_common_noun(view: NoteView, k: int) -> bool:
    words, lowers = view.words, view.lowers
    if k + 1 >= len(words) or k == view.summary_token or view.sent_start[k] == k:
        return False  # the end of the text, or a subject
    if lowers[k - 1] in {"and", "or", ",", "/"} or any(ch.isdigit() for ch in lowers[k - 1]):
        return False  # "DPO and BAR": a list of names; "a 1.4% BAR gain": a metric
    nxt, low = words[k + 1], lowers[k + 1]
    if not low.replace("-", "").isalpha() or view.stops[k + 1]:
        return False
    title_word = k < view.summary_token and nxt[:1].isupper() and nxt[1:].islower()
    if not (nxt.islower() or title_word):
        return False
    return low not in _ARTIFACT_HEADS and low not in VERBS and low not in NOUN_VERBS_3SG


_ARROW_SPLIT = re.compile(r"\s*(?:→|->|⇒|=>)\s*")


def arrow_stage(view: NoteView, c: Candidate) -> bool:
    """A part of a parenthesised chain of three or more arrows' parts names a stage or a
    level of the paper's process, not an artifact: "(Draft → Critique → Final Answer)",
    "(RAW→TYPED→DONE)". Two parts are a transfer ("A→B") and stay."""
    if c.vocab is not None:
        return False
    text = view.text
    open_at = text.rfind("(", 0, c.start)
    if open_at < 0 or text.find(")", open_at, c.start) >= 0:
        return False
    close_at = text.find(")", c.end)
    if close_at < 0:
        return False
    return len(_ARROW_SPLIT.split(text[open_at + 1 : close_at])) >= 3


# Plural nouns of classes whose members are no artifacts: "languages (Hindi, Tamil)",
# "failure modes (AB, CD)", "routing problems such as TSP"
_CLASS_NOUNS_OF_NON_ARTIFACTS = frozenset(
    {"languages", "dialects", "problems", "modes", "modalities", "types", "categories",
     "traits", "countries", "regions", "diseases", "disorders", "species", "phenomena",
     "emotions", "genres", "organs", "cancers", "conditions", "errors", "topics"}
)  # fmt: skip

_LIST_INNER = frozenset({",", "and", "or", "/", "&"})
_CLASS_LIST_OPENERS = frozenset({"(", ":", "like", "including", "as", "—", "–"})


def class_member(view: NoteView, c: Candidate) -> bool:
    """A name listed right after a plural class noun of non-artifacts ("9 languages
    (Hindi, Tamil, …)", "three problems (AB, CD, and EF)", "languages like Yoruba") is a
    member of that class, a language or a problem, not an artifact the paper uses; so is a
    name that "language(s)" or "dialect(s)" follows ("Medieval Foo languages")."""
    if c.vocab is not None:
        return False
    words, lowers = view.words, view.lowers
    if _names_a_language(view, c.tok_end):
        return True  # "three Medieval Foo languages", "the Foo dialect of …"
    k = c.tok_start - 1
    while k >= 0 and c.tok_start - k < 40:
        w = words[k]
        if lowers[k] in _CLASS_LIST_OPENERS:
            break
        if not (lowers[k] in _LIST_INNER or w[:1].isupper() or w[:1].isdigit() or "-" in w):
            return False
        k -= 1
    else:
        return False
    if k < 1:
        return False
    head = k - 1
    if lowers[k] in {"like", "including", "as"} and lowers[head] in {"(", "such"}:
        head -= 1
    return head >= 0 and lowers[head] in _CLASS_NOUNS_OF_NON_ARTIFACTS


_LANGUAGE_NOUNS = frozenset({"language", "languages", "dialect", "dialects"})


def _names_a_language(view: NoteView, k: int) -> bool:
    """Whether token k is "language(s)" or "dialect(s)" ending a noun phrase (not "Foo
    language models")."""
    lowers = view.lowers
    if k >= len(lowers) or lowers[k] not in _LANGUAGE_NOUNS:
        return False
    after = lowers[k + 1] if k + 1 < len(lowers) else "."
    return not after.isalpha() or view.stops[k + 1]
