"""The entity type of a named artifact: Method, Model, Dataset or Metric.

Evidence, strongest first: the relation (evaluatesOn -> Dataset); the vocabulary's suggested
type; the name's shape when it is a metric ("nDCG@10", "Macro-F1", "WER", "Dice score"); a
measured value after the name ("ATE 3.36mm": a metric); a head noun after the name or in an
apposition ("X, a … model"), or before it ("fine-tunes X", "a pretrained X": a model); the head
of its long form ("… Network" -> Model, "… Rate" -> Metric); a model-like shape (size or
version suffix, a model-family fragment: "-Net", "former", "GPT", "BERT", "CLIP", …); else
Method. Within a note, all mentions of one name share the best-supported type, and a part of a
proposed name ("CLAP" in "HN-CLAP") inherits the name's type unless the vocabulary types it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from papergraph.extract._candidates import Candidate, NoteView
from papergraph.extract._cued import head_type
from papergraph.extract._lexicon import (
    COMPONENT_VERBS,
    DATA_UNITS,
    NOUN_VERBS_3SG,
    NUMBER_WORDS,
    PROPOSE_VERBS,
    TASK_HEADS,
    VERBS,
)
from papergraph.extract.shapes import dataset_shaped, metric_shaped, model_shaped
from papergraph.extract.text import name_key

__all__ = [
    "entity_type",
    "harmonise_types",
    "long_form_type",
    "type_parts",
]

# Fragments that make a name a model or architecture: suffixes such as "-Net", "former",
# and the well-known model families other names are built from.
_MODEL_LONG_HEADS = frozenset(
    {"network", "networks", "net", "transformer", "transformers", "model", "models",
     "autoencoder", "machine", "machines"}
)  # fmt: skip
_SIZE = re.compile(r"\d(?:\.\d+)?[BMK]\b|\dx\d+[BM]\b")
# billions of parameters; a count in millions also sizes datasets ("LAION-400M")
_PARAMETER_COUNT = re.compile(r"(?<![A-Za-z])\d+(?:\.\d+)?B$|\dx\d+B$")
_COUNT = re.compile(r"\d[\d,.]*[KMB]?$")
_LIST_CUES = frozenset({"as", "including", "like", "e.g.", "e.g.,"})
_ARTICLES = frozenset({"a", "an", "the"})
_APPOSITION_STOP = frozenset(
    {",", ";", ".", ":", "that", "which", "who", "to", "and", "or", "is", "are", "with", "by",
     "for", "on", "in", "from", "than"}
)  # fmt: skip


@lru_cache(maxsize=65536)  # pure; asked for every candidate
def long_form_type(long_form: str) -> str | None:
    """The type the head of a long form implies: "Graph Attention Networks" -> Model,
    "Word Error Rate" -> Metric, "Fourier Neural Operator" -> Model."""
    words = long_form.replace("-", " ").split()
    if not words:
        return None
    if metric_shaped(long_form):
        return "Metric"
    if any(w.lower() == "neural" for w in words):
        return "Model"  # "Fourier Neural Operator"
    return _long_form_head(long_form)


_METRIC_LONG_HEADS = frozenset({"rate", "error", "probability", "likelihood"})


def _long_form_head(long_form: str) -> str | None:
    """The type the head noun of a long form names: the word before its first "of" / "for"
    ("Probability of Maximality" -> Metric, "Continuous Updating Transformer for 3D
    Reconstruction" -> Model), else its last word ("… Ancestral Sampler" -> Method)."""
    words = long_form.replace("-", " ").split()
    cut = next((i for i, w in enumerate(words) if w.lower() in {"of", "for"} and i > 0), None)
    for head in ([words[cut - 1]] if cut else []) + words[-1:]:
        low = head.lower()
        if low in _METRIC_LONG_HEADS:
            return "Metric"
        if (etype := "Model" if low in _MODEL_LONG_HEADS else head_type(low)) is not None:
            return etype
    return None


def _following_head(view: NoteView, c: Candidate) -> str | None:
    """A head noun right after the name ("X model", "X audio encoder"), or the last head noun
    of an apposition ("X, an index compression scheme for …" -> Method)."""
    words, lowers = view.words, view.lowers
    if view.text.startswith("-", c.end):
        return None  # "a LoRA-tuned LLaMA encoder": the head is LLaMA's, LoRA only modifies it
    k, limit = c.tok_end, min(len(words), c.tok_end + 10)
    apposition, found = False, None
    if k < limit and words[k] == ")" and c.long_form:
        k += 1  # "Optimized Certainty-Equivalent (OCE) risk measure"
    elif k < limit and words[k] == "(" and c.long_form:
        close = next((j for j in range(k + 1, min(len(words), k + 14)) if words[j] == ")"), None)
        if close is not None:  # "FooLD (Foo Language Detection), the first benchmark dataset"
            k, limit = close + 1, min(len(words), close + 11)
    if (gloss := _gloss_head(view, k)) is not None:
        return gloss  # "FooSet (a video benchmark)"
    shared = _skip_list_to_head(view, k, limit)
    if shared != k:
        limit = min(len(words), shared + 10)
    k, near = shared, shared + 3
    while k < limit:
        word, low = words[k], lowers[k]
        if (
            not apposition
            and low in _APPOSITION_MARKS
            and k + 1 < limit
            and lowers[k + 1] in _ARTICLES
        ):
            apposition, k = True, k + 2
            continue
        if low in _APPOSITION_STOP or (not apposition and not (word.isalpha() or "-" in word)):
            break
        if found and low in COMPONENT_VERBS:
            break  # "X, a framework comprising three … agents": the parts are not X
        if low == "of" and (found or not apposition):
            break
        if low in {"family", "families"} and k + 1 < limit and lowers[k + 1] == "of":
            return "Model"  # "a family of … models"
        etype = head_type(word) or ("Model" if apposition and model_shaped(word) else None)
        if etype is not None and (apposition or k < near):
            nxt = k + 1 if k + 1 < len(words) else None
            if apposition and nxt is not None and _finite_verb(view, nxt):
                k += 1  # "X, a … objective delays …": a new clause, not an apposition
                continue
            found = etype
            if not apposition:
                break
        k += 1
    return found


# Words that end the object of "X proposes a … network" before its head noun is passed.
_OBJECT_END = frozenset({"that", "which", "for", "to", "with", "by", "via", "in", "on", "of",
                         "and", ",", ".", ";", ":", "(", "—", "–"})  # fmt: skip


def _object_head(view: NoteView, c: Candidate) -> str | None:
    """The head noun of what a name at the start of a clause proposes: "FooNet proposes a
    ToF depth denoising network that …" -> Model."""
    lowers = view.lowers
    k = c.tok_end
    if k >= len(lowers) or lowers[k] not in PROPOSE_VERBS:
        return None
    end = min(len(lowers), k + 12)
    last = k + 1
    while last < end and lowers[last] not in _OBJECT_END:
        last += 1
    return head_type(view.words[last - 1]) if last - 1 > k + 1 else None


_APPOSITION_MARKS = frozenset({",", "—", "–", ":"})


def _finite_verb(view: NoteView, k: int) -> bool:
    """ "delays", "improves": a content word that starts a new clause after "X, a … head";
    not a participle that goes on describing X ("based on", "trained with")."""
    word, low = view.words[k], view.lowers[k]
    if not word.isalpha() or view.stops[k]:
        return False
    return (
        low in NOUN_VERBS_3SG
        or (low in VERBS and low.endswith("s"))
        or not (low.endswith(("ed", "ing")) or low in VERBS)
    )


def _gloss_head(view: NoteView, k: int) -> str | None:
    """The head noun ending a short gloss in parentheses right after a name: "FooSet (SR
    benchmark)" -> Dataset."""
    words = view.words
    if k >= len(words) or words[k] != "(":
        return None
    if k + 2 < len(words) and _COUNT.match(words[k + 1]) and view.lowers[k + 2] in DATA_UNITS:
        return "Dataset"  # "FooQA (10,836 questions)", "FooData (230K episodes × …"
    close = next((m for m in range(k + 1, min(len(words), k + 7)) if words[m] == ")"), None)
    if close is None or close - k < 2 or not words[close - 1].islower():
        return None
    return head_type(words[close - 1])


def _skip_list_to_head(view: NoteView, k: int, limit: int) -> int:
    """From the token after a name, past its parenthetical and the other names of its list,
    to the head noun they share: "A (x), B (y), and C (z) modules" -> "modules". Returns k
    unchanged when no such head follows."""
    words = view.words
    j, skipped = k, False
    end = min(len(words), k + 24)
    while j < end:
        word = words[j]
        if word == "(":
            close = next((m for m in range(j + 1, min(end, j + 8)) if words[m] == ")"), None)
            if close is None:
                return k
            j, skipped = close + 1, True
            continue
        if word in {",", "and", "or", "/"} or not word.islower():
            j, skipped = j + 1, True
            continue
        break
    if skipped and j < end and head_type(words[j]) is not None and words[j - 1] != ",":
        return j
    return k


def _preceding_head(view: NoteView, c: Candidate) -> str | None:
    """A head noun before the name: "The resulting model, X", "the metric X", or a plural head
    before a list cue: "stateful architectures such as A and X", "metrics including X"."""
    words, lowers = view.words, view.lowers
    sent_start = view.sent_start[c.tok_start] if c.tok_start < len(view.sent_start) else 0
    k = c.tok_start - 1
    while (
        k > sent_start
        and k > c.tok_start - 12
        and (words[k] in {",", "/", "and", "or"} or not words[k].islower())
    ):
        k -= 1  # back over the earlier items of a list
    if k >= sent_start and lowers[k] in _LIST_CUES:
        k -= 2 if lowers[k] == "as" and k > sent_start and lowers[k - 1] == "such" else 1
        return head_type(words[k]) if k >= sent_start and words[k].islower() else None
    if (enumerated := _enumerated_head(view, k, sent_start)) is not None:
        return enumerated
    k = c.tok_start - 1
    closed = c.tok_end < len(words) and words[c.tok_end] == ")"
    if k > sent_start and words[k] == "(" and words[k - 1].islower() and closed:
        return head_type(words[k - 1])  # "a gated expert architecture (FooMoE)"
    listed = k >= sent_start and words[k] in {"—", "–", ":"}  # "two new datasets—A and B"
    if k >= 0 and (words[k] == "," or listed):
        k -= 1
    if k < sent_start or not words[k].islower():
        return None
    if k - 1 >= sent_start and not words[k - 1][:1].islower() and words[k - 1][:1].isalpha():
        return None  # "the Foo benchmark, X": the head belongs to Foo
    etype = head_type(words[k])
    plural_ok = listed or lowers[k][-1] != "s"
    return etype if etype in {"Model", "Metric", "Dataset"} and plural_ok else None


# Words right before a name that only a model's weights take: "fine-tunes X", "pretrained X".
_WEIGHTS_CUES = frozenset(
    {"fine-tune", "fine-tunes", "fine-tuned", "fine-tuning", "finetune", "finetunes",
     "finetuned", "finetuning", "pretrained", "pre-trained"}
)  # fmt: skip


def _tuned_weights(view: NoteView, c: Candidate) -> str | None:
    """ "Fine-tuning FooNet on …", "a pretrained FooNet": what is fine-tuned or pretrained
    has weights, so it is a model."""
    k = c.tok_start - 1
    while k >= 0 and view.lowers[k] in _ARTICLES:
        k -= 1
    return "Model" if k >= 0 and view.lowers[k] in _WEIGHTS_CUES else None


# A measured value right after a name: "ATE 3.36mm", "CD 0.101", "an ATE of only 5.5 cm".
_MEASURED = re.compile(
    r"\s+(?:of\s+(?:only\s+|just\s+|about\s+)?)?(?:\d+\.\d+\s*(?:mm|cm|dB|ms|px|°)?"
    r"|\d+\s*(?:mm|cm|dB|ms|px|°))(?![\w.])"
)
# A gain in a name right after a signed number: "a +6.8 FG-ARI improvement".
_GAIN_WORDS = frozenset({"improvement", "improvements", "gain", "gains", "increase", "drop"})


def _measured(view: NoteView, c: Candidate) -> str | None:
    """A name that a measured value follows, or a signed number precedes before "improvement":
    a metric, not the models ("Llama 3.1", "Claude 3.5") a version follows."""
    if (
        _MEASURED.match(view.text, c.end)
        and c.vocab is None
        and not model_shaped(view.text[c.start : c.end])
    ):
        return "Metric"
    k = c.tok_start - 1
    signed = k >= 0 and view.words[k][:1] in {"+", "−", "-"} and view.words[k][1:2].isdigit()
    after = view.lowers[c.tok_end] if c.tok_end < len(view.lowers) else ""
    return "Metric" if signed and after in _GAIN_WORDS else None


def _enumerated_head(view: NoteView, k: int, sent_start: int) -> str | None:
    """The plural head noun a list of names spells out, from the lowercase word `k` left
    of the list: "three new evaluation metrics—A, B, and C", "metrics: A and B", or after a
    count, "two lightweight proxy metrics, A and B"."""
    words, lowers = view.words, view.lowers
    if k < sent_start or not lowers[k].endswith("s"):
        return None
    etype = head_type(words[k])
    if etype not in {"Metric", "Dataset"} or k + 1 >= len(words):
        return None
    if words[k + 1] in {"—", "–", ":"}:
        return etype
    counted = any(
        lowers[j] in NUMBER_WORDS or lowers[j].isdigit() for j in range(max(sent_start, k - 4), k)
    )
    listed = "and" in lowers[k + 2 : k + 12]  # not "Across 6 benchmarks, X reduces …"
    return etype if words[k + 1] == "," and counted and listed else None


# Kind nouns right after a name that say what it is: "existing FOO methods", "the FOO model"
_KIND_NOUN_TYPES = {
    **dict.fromkeys(
        ("method", "methods", "approach", "approaches", "pipeline", "pipelines", "framework",
         "frameworks", "technique", "techniques", "algorithm", "algorithms", "paradigm"),
        "Method",
    ),
    **dict.fromkeys(
        ("model", "models", "network", "networks", "architecture", "architectures",
         "backbone", "backbones"),
        "Model",
    ),
}  # fmt: skip


def _kind_noun_type(view: NoteView, c: Candidate) -> str | None:
    """The type a kind noun right after the whole name gives it (not after "FOO-based")."""
    if c.end >= len(view.text) or view.text[c.end] != " " or c.tok_end >= len(view.lowers):
        return None
    return _KIND_NOUN_TYPES.get(view.lowers[c.tok_end])


def entity_type(view: NoteView, c: Candidate, surface: str, model_like: Callable[[], bool]) -> str:
    """The type of one candidate (see the module docstring); marks a default with a note.
    `model_like()` tells whether the name looks like a model's; asked only when the other
    rules leave the type open (it looks names up in the vocabulary)."""
    if c.relation == "evaluatesOn":
        return "Dataset"
    if _PARAMETER_COUNT.search(surface) and not dataset_shaped(surface):
        return "Model"  # "FooVL-3B", "Bar 7B": a count of parameters makes a model
    vocab = c.vocab.suggested_type if c.vocab is not None else None
    if c.relation == "uses" and vocab not in {None, "Concept"}:
        if metric_shaped(surface):
            return "Metric"
        if (kind := _kind_noun_type(view, c)) is not None:
            c.rule += f"+kind-{kind.lower()}"  # "existing FOO methods": weighed by the linker
        return "Model" if vocab == "Method" and _SIZE.search(surface) else vocab
    spelled = long_form_type(c.long_form) if c.long_form else None
    if metric_shaped(surface) or spelled == "Metric":
        return "Metric"
    task_named = c.long_form is not None and c.long_form.split()[-1].lower() in TASK_HEADS
    if spelled is not None and _long_form_head(c.long_form) is not None and not task_named:
        # "a Reward-Guided Ancestral Sampler (RGAS)—the student model …"; a long form that
        # names a task ("… Language Detection (FooLD), a benchmark dataset") leaves it open
        return spelled
    heads = (_measured, _object_head, _following_head, _preceding_head, _tuned_weights)
    if (etype := next(filter(None, (head(view, c) for head in heads)), None)) is not None:
        return etype
    c.notes.add("shape-type")
    if c.long_form and (etype := long_form_type(c.long_form)):
        return etype
    if model_like() or model_shaped(surface):
        return "Model"
    if c.relation == "proposes" and dataset_shaped(surface):
        return "Dataset"
    c.notes.discard("shape-type")
    c.notes.add("default-type")
    return "Method"


def harmonise_types(view: NoteView, candidates: list[Candidate]) -> None:
    """All mentions of a name in a note share a type: the head of the title that names the
    proposal ("NAME: A … Model for …") wins over one from context (a head noun, the
    vocabulary, the relation), which wins over one from the name's shape, which wins over
    the default."""
    best: dict[str, tuple[int, str]] = {}
    for c in candidates:
        if c.entity_type and c.relation != "evaluatesOn":
            rank = (
                2 if "default-type" in c.notes
                else 1 if "shape-type" in c.notes
                else -1 if "title-type" in c.notes
                else 0
            )  # fmt: skip
            key = name_key(view.text[c.start : c.end])
            best[key] = min(best.get(key, (3, "")), (rank, c.entity_type))
    for c in candidates:
        key = name_key(view.text[c.start : c.end])
        if c.relation != "evaluatesOn" and key in best:
            c.entity_type = best[key][1]


def type_parts(view: NoteView, parts: list[Candidate]) -> list[Candidate]:
    """Type the parts of names (`_nested`): the vocabulary's type, a metric or model shape,
    else the type of the name they came from."""
    for c in parts:
        surface = view.text[c.start : c.end]
        entry = view.gazetteer.lookup(surface)
        if entry is not None and entry.suggested_type != "Concept":
            c.entity_type = entry.suggested_type
        elif metric_shaped(surface):
            c.entity_type = "Metric"
        elif model_shaped(surface):
            c.entity_type = "Model"
        c.notes.add("shape-type")
    return parts
