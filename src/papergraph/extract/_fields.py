"""Candidates that name a field, a task or a class rather than an artifact, and lowercase
variants of known methods that do name one.

- "HDR reconstruction", "existing PTQ approaches": an acronym before a task or class noun
  (`field_modifier`);
- "into Generic Event Boundary Detection (GEBD)": the task the paper works on (`names_task`);
- "Text-to-SQL", "Real-to-Sim": a direction compound (`direction_compound`);
- "conditional flow matching (CFM)": a variant of a vocabulary method, kept (`method_variant`).
"""

from __future__ import annotations

import bisect
import re

from papergraph.extract._candidates import Candidate, NoteView
from papergraph.extract._lexicon import (
    FIELD_NOUNS,
    TASK_CUES,
    TASK_HEADS,
)
from papergraph.extract.shapes import metric_shaped
from papergraph.extract.text import singular

__all__ = ["direction_compound", "field_modifier", "method_variant", "names_task"]


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


# "Text-to-SQL", "Real-to-Sim", "Coptic-to-English", "All-in-One": a task, a direction or
# a modifier, not an artifact, unless the paper proposes it under that name.
_DIRECTION_COMPOUND = re.compile(r"^[A-Z][\w]*(?:-[\w]+)*-(?:to|in)-[\w]+(?:-[\w]+)*$")


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


def direction_compound(c: Candidate, surface: str) -> bool:
    return c.long_form is None and c.vocab is None and bool(_DIRECTION_COMPOUND.match(surface))
