"""Name-shaped tokens of a summary and how far their runs reach: "Llama 3.1", "Pre-LN
Transformers", "Kaplan-Meier estimator", "a conditional diffusion Transformer".

`find_shape_candidates` walks the capitalised tokens; `_extend_run` decides which of the
following tokens belong to the same name, and `_judge_run` drops runs of ordinary capitalised
words (sentence openers, owners, glosses).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress

from spacy.lang.en.stop_words import STOP_WORDS as FUNCTION_WORDS

from papergraph.extract._candidates import QUOTE_CHARS, Candidate, NoteView, is_initial
from papergraph.extract._lexicon import (
    ARTIFACT_HEADS,
    COMPLETING_HEADS,
    DATASET_HEADS,
    GENERIC_ACRONYMS,
    GENERIC_CAPITALISED,
    NOUN_VERBS_3SG,
    ORGANISATION_HEADS,
    PROPER_ADJECTIVES,
    VERBS,
)
from papergraph.extract.generic import english_zipf
from papergraph.extract.shapes import (
    AFFIX_SUFFIXES,
    DIMENSION,
    DIMENSION_NAME,
    METRIC_NAMES,
    is_version_token,
    name_shape,
    split_affixes,
)
from papergraph.extract.text import find_word, name_key, singular

__all__ = ["find_shape_candidates"]

_SIZE = re.compile(r"^\d+(?:\.\d+)?[BMKT]$", re.IGNORECASE)
_VERSION_SIZE = re.compile(r"^\d+(?:\.\d+)?-\d+(?:\.\d+)?[BMKT]$", re.IGNORECASE)  # "2-7B"
_SIZES = r"(?:tiny|mini|small|base|medium|large|xl|xxl)"
_SIZE_WORD = re.compile(rf"^{_SIZES}(?:-v\d+(?:\.\d+)*)?$|^{_SIZES}?-?v\d+(?:\.\d+)*$")
_AT_K = re.compile(r"^[A-Za-z]+@(?:\d+|k)$")  # "Recall@10", "nDCG@k"
_ORDINARY_CAPITALISED = PROPER_ADJECTIVES | GENERIC_CAPITALISED


def _in_quotes(words: list[str], i: int, sent_start: int) -> bool:
    return sum(map(QUOTE_CHARS.__contains__, words[sent_start:i])) % 2 == 1


def _generic(word: str) -> bool:
    """An acronym or capitalised word that names a class or a field, not an artifact ("LLM",
    "GPU"); also with a one-letter lowercase prefix ("dLLM", "mLLM": a kind of LLM)."""
    key = name_key(word)
    if len(word) > 3 and word[0].islower() and word[1:].isupper():
        key = name_key(word[1:])
    return key in GENERIC_ACRONYMS or word.lower() in GENERIC_CAPITALISED


def find_shape_candidates(view: NoteView) -> list[Candidate]:
    """Name-shaped tokens and runs of them in the summary: "Llama 3.1", "Pre-LN Transformers",
    "Orca Models v2", "Kaplan-Meier estimator", "near-Conformer" -> "Conformer"."""
    words, offsets = view.words, view.offsets
    found: list[Candidate] = []
    unread = view.summary_token  # the first token no run has taken yet
    for i in _capitalised_tokens(words, view.summary_token):
        if i < unread or view.blocked(i):
            continue  # inside the last run, or maths
        text = words[i]
        a, b = split_affixes(text)
        word = text[a:b]
        shape = name_shape(word) or _letter_digit_metric(text)
        if shape is None or (_generic(word) and name_key(word) not in view.defined):
            continue
        if _modifier_compound(text, a, b) and _only_in_compounds(view, word):
            continue
        shapes, j, end = [shape], i + 1, offsets[i] + b
        if (a, b) == (0, len(text)):
            j, end = _extend_run(view, i, shapes)
        start = offsets[i] + a
        if len(shapes) > 1 and shapes[0] == "title" and _weak_opening(view, i):
            i, start, shapes = i + 1, offsets[i + 1], shapes[1:]
        kind = j == i + 1 and a == 0 and shape == "title" and _known_kind_before(view, i)
        if kind:
            i, start, shapes = i - 1, offsets[i - 1], ["title", *shapes]
        if j == i + 1 and _ARROWS.search(word) and not _kind_head_after(view, j):
            found.extend(_arrow_parts(view, i, start, word))
            unread = j
            continue
        judged = _judge_run(view, i, j, start, end, shapes)
        if judged and len(shapes) > 1 and _prefix_before(view, i, shapes):
            judged[0].start, judged[0].tok_start = offsets[i - 1], i - 1  # "3D Gaussian Splatting"
        if judged and kind:
            judged[0].notes.add("kind")  # "diffusion Transformer": a kind the paper builds on
        found.extend(judged)
        unread = max(j, i + 1)
    return found


_DIRECTIONS = frozenset({"reverse", "forward"})


def _prefix_before(view: NoteView, i: int, shapes: list[str]) -> bool:
    """ "3D Gaussian Splatting": a dimension written before a name of two words or more is
    part of it; "reverse KL divergence": so is the direction of a divergence."""
    k = i - 1
    if k < view.summary_token or not view.spaced[k]:
        return False
    if shapes[-1] == "head":
        return view.lowers[k] in _DIRECTIONS
    return bool(DIMENSION.match(view.words[k]))


_BOUND_PREFIXES = frozenset({"re", "pre", "post", "non", "un", "de", "co", "sub", "multi",
                             "semi", "anti", "inter", "intra", "near", "meta"})  # fmt: skip


def _modifier_compound(text: str, a: int, b: int) -> bool:
    """ "forward-KL", "cryo-EM", "KL-regularized": a lowercase word before the name, or a
    participle after it; not "-based", "-guided" and the like, which build on the name."""
    if a > 0:
        prefix = text[: a - 1].lower()  # "re-SVD" is SVD again, "f-NCE" a kind of NCE
        return len(prefix) > 1 and prefix not in _BOUND_PREFIXES
    return b < len(text) and text[b + 1 :].lower() not in AFFIX_SUFFIXES


def _only_in_compounds(view: NoteView, word: str) -> bool:
    """ "KL-regularized reward", "forward-KL minimization", "cryo-EM maps": an acronym the
    note writes only inside hyphen compounds, and the vocabulary does not know, names a
    quantity or a technique of the compound's term, not an artifact. Other shapes keep their
    name ("a FooNet-driven module" builds on FooNet)."""
    if name_shape(word) != "acronym" or view.gazetteer.lookup(word) is not None:
        return False
    return name_key(word) not in view.defined and not find_word(view.text, word)


# Arrows, and a plus between two names of three characters or more ("SFT+GRPO") or between
# two capital acronyms ("SFT+RL"); not the suffix of "ScanNet++" or "Foo3D+", nor a name
# with a short part and a digit such as "TD3+BC"
_ARROWS = re.compile(
    r"[→←↔⇒⟶]|->|(?<=[A-Za-z0-9]{3})\+(?=[A-Za-z][A-Za-z0-9]{2})|^[A-Z]{2,}\+[A-Z]{2,}$"
)


def _known_kind_before(view: NoteView, i: int) -> bool:
    """ "a conditional diffusion Transformer": a lowercase word the vocabulary knows as a
    technique, right before an architecture it knows, names a kind of that architecture."""
    if i == 0 or view.sent_start[i] == i or not view.spaced[i - 1]:
        return False
    word, before = view.words[i], view.words[i - 1]
    if not (before.isalpha() and before.islower()):
        return False
    head, kind = view.gazetteer.lookup(word), view.gazetteer.lookup(before)
    return (
        head is not None
        and head.suggested_type == "Model"
        and kind is not None
        and kind.suggested_type in {"Model", "Method"}
        and not kind.label.isupper()
    )


def _kind_head_after(view: NoteView, j: int) -> bool:
    """ "the A→B pipeline": a head noun makes the arrow compound one coined name."""
    return j < len(view.words) and view.lowers[j] in ARTIFACT_HEADS


def _arrow_parts(view: NoteView, i: int, start: int, word: str) -> list[Candidate]:
    """ "Llama→Mistral" (a transfer from one to the other) and "SFT+GRPO" (two stages) name
    two things."""
    found = []
    for match in re.finditer(r"[^→←↔⇒⟶+]+", word.replace("->", "→ ")):
        part = match.group().strip()
        if part and name_shape(part) and not _generic(part):
            s = start + match.start()
            found.append(Candidate(s, s + len(part), i, i + 1, name_shape(part) or "title",
                                   "shape:arrow-part", 0.6))  # fmt: skip
    return found


def _capitalised_tokens(words: list[str], start: int) -> list[int]:
    """Indices of the tokens from `start` that start with a letter and are not plain
    lowercase words: punctuation, numbers and ordinary words never start a name."""
    return list(compress(range(start, len(words)), map(_may_start_name, words[start:])))


@lru_cache(maxsize=65536)  # pure; the same words come back in every note
def _may_start_name(word: str) -> bool:
    if DIMENSION_NAME.match(word):
        return True  # "3DGS", "4DHands"
    return word[:1].isalpha() and not (word.isalpha() and word.islower())


def _weak_opening(view: NoteView, i: int) -> bool:
    """ "The", "Applying", "Using" before a name at a clause start are not part of it."""
    low = view.lowers[i]
    if low in GENERIC_CAPITALISED:
        return True
    return is_initial(view, i) and low.endswith(("ing", "ed", "ly", "es"))


def _extend_run(view: NoteView, i: int, shapes: list[str]) -> tuple[int, int]:
    """Extend a name run rightwards; returns (token end, char end)."""
    words, offsets, n = view.words, view.offsets, len(view.words)
    j, end = i + 1, offsets[i] + len(words[i])
    metric_at_k = _AT_K.match(words[i])
    if metric_at_k and j < n and words[j] == "%" and not view.spaced[i]:
        return j + 1, offsets[j] + 1
    while j < n and not view.blocked(j):
        text = words[j]
        if _possessive_in_name(view, j, shapes):
            end = offsets[j] + len(text)  # "Humanity's Last Exam": the possessive is in it
            j += 1
            continue
        if _dash_in_name(view, j, shapes):
            end = offsets[j + 1] + len(words[j + 1])  # "Frank–Wolfe", "Kaplan–Meier"
            shapes.append("title")
            j += 2
            continue
        if not view.spaced[j - 1] or _separate_names(view, j - 1, j, shapes):
            break
        if (base := _built_on_last_word(text)) is not None:
            shapes.append(base)  # "3D Gaussian Splatting-based": the name ends before "-based"
            return j + 1, offsets[j] + len(text.rpartition("-")[0])
        shape = name_shape(text)
        if shape == "title" and shapes[-1] != "title" and _modifies_next(view, j):
            break  # "on the FooQA-21 Chinese telemedicine dataset": the word modifies the noun
        if (
            shape
            and split_affixes(text) == (0, len(text))
            and name_key(text) not in GENERIC_ACRONYMS
        ):
            shapes.append(shape)
        elif (
            is_version_token(text)
            or _VERSION_SIZE.match(text)
            or (_SIZE.match(text) and shapes[-1] in {"version", "versioned"})
            or _SIZE_WORD.match(text)
        ):
            shapes.append("version")
        elif _LETTER_DIGIT.match(text) and shapes[-1] == "title":
            shapes.append("acronym")  # "Symmetric F1", "Weighted L1": a metric named by its base
        elif text.isdigit() and _number_version(text, shapes[-1]):
            after = words[j + 1] if j + 1 < n else ""
            data_noun = after in _DATA_NOUNS and not (shapes[-1] == "title" and is_initial(view, i))
            numbered = view.lowers[j - 1] in _NUMBERED_PARTS  # "FooEval Task 9 system paper"
            if after[:1].islower() and not view.stops[j + 1] and not (data_noun or numbered):
                break  # "FooNet 2 times"; but "FooEval 2 and …", "Task 9 on …", "Foo-NeRF
                # 360 datasets" are versions
            shapes.append("version")
        else:
            break
        end = offsets[j] + len(text)
        j += 1
    if all(s == "title" for s in shapes):
        j, end = _completing_head(view, i, j, end, shapes)
    elif shapes == ["acronym"] and j < n and words[j] in _MEASURE_HEADS and view.spaced[j - 1]:
        shapes.append("head")  # "KL divergence", "TV distance": the measure's name
        j, end = j + 1, offsets[j] + len(words[j])
    return j, end


def _letter_digit_metric(token: str) -> str | None:
    """ "F1", "R2" standing alone: a capital and a digit name nothing but a common metric."""
    return "acronym" if len(token) == 2 and token.lower() in METRIC_NAMES else None


def _built_on_last_word(text: str) -> str | None:
    """The shape of the name in "Splatting-based", "Transformer-guided" (a name and one suffix
    that builds on it: the last word of a longer name), or None."""
    name, dash, suffix = text.rpartition("-")
    if not (dash and name and suffix in AFFIX_SUFFIXES) or split_affixes(text) != (0, len(name)):
        return None
    return name_shape(name)


_NUMBERED_PARTS = frozenset({"task", "subtask", "track"})
_DATA_NOUNS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "suite", "splits"})


def _number_version(text: str, shape: str) -> bool:
    """A bare number after a name that may be its version: up to two digits after any name
    ("Task 9"), three after one with inner capitals or digits ("Foo-NeRF 360")."""
    if shape == "title":
        return len(text) <= 2
    return shape in {"mixed", "acronym"} and len(text) <= 3


# Heads that make an acronym before them the name of a measure between distributions
_MEASURE_HEADS = frozenset({"divergence", "distance"})


def _modifies_next(view: NoteView, j: int) -> bool:
    """A proper adjective ("Chinese", "Bayesian") before a lowercase noun."""
    nxt = view.words[j + 1] if j + 1 < len(view.words) else ""
    return (
        view.lowers[j] in PROPER_ADJECTIVES
        and nxt.isalpha()
        and nxt.islower()
        and not view.stops[j + 1]
    )


_POSSESSIVES = frozenset({"'s", "’s"})


def _possessive_in_name(view: NoteView, j: int, shapes: list[str]) -> bool:
    """ "'s" between a Title word and a Title-Case run goes on the name ("Humanity's Last
    Exam"); before a lowercase word it ends it ("Foocorp's platform")."""
    words = view.words
    if words[j] not in _POSSESSIVES or view.spaced[j - 1] or shapes[-1] != "title":
        return False
    nxt = words[j + 1] if j + 1 < len(words) else ""
    return view.spaced[j] and name_shape(nxt) == "title" and not _generic(nxt)


_EN_DASH = "\u2013"
_LETTER_DIGIT = re.compile(r"^[A-Z][1-9]$")


def _dash_in_name(view: NoteView, j: int, shapes: list[str]) -> bool:
    """An en dash with no space around it between two Title words joins them into one name
    ("Frank–Wolfe", "Gauss–Newton"); the tokenizer splits dashes, as between lowercase words
    they join two things ("speed–accuracy")."""
    words = view.words
    if words[j] != _EN_DASH or shapes[-1] != "title" or view.spaced[j - 1] or view.spaced[j]:
        return False
    nxt = words[j + 1] if j + 1 < len(words) else ""
    return name_shape(nxt) == "title" and split_affixes(nxt) == (0, len(nxt))


def _separate_names(view: NoteView, i: int, j: int, shapes: list[str]) -> bool:
    """Two adjacent names the vocabulary knows each on its own are two names ("a ResNet VAE"
    = ResNet + VAE, "a Stable Diffusion LoRA"), unless it also knows them together. A single
    Title word is too often part of a longer name to be judged alone."""
    if len(shapes) == 1 and shapes[0] == "title":
        return False
    gazetteer = view.gazetteer
    first = view.text[view.offsets[i] : view.offsets[j - 1] + len(view.words[j - 1])]
    second = view.words[j]
    if name_shape(second) not in {"acronym", "mixed", "versioned"}:
        return False
    if gazetteer.lookup(first) is None or gazetteer.lookup(second) is None:
        return False
    return gazetteer.lookup(f"{first} {second}") is None


# Part nouns that complete a Title-Case run of two or more ordinary words: "a Feature
# Matching module" names the module, not "Feature Matching" (a coined "FooNet module" stays
# FooNet; a run the vocabulary knows stays itself: "Gaussian Splatting decoder").
_PART_HEADS = frozenset({"module", "block", "layer", "unit", "mechanism", "strategy", "loss"})


def _completing_head(
    view: NoteView, i: int, j: int, end: int, shapes: list[str]
) -> tuple[int, int]:
    """ "Gibbs sampling", "Ky Fan \\(k\\) norm", "Edge Consistency loss": a head noun completes
    the name."""
    words, offsets, n = view.words, view.offsets, len(view.words)
    k = j
    text = view.text
    if k < n and view.overlaps(offsets[k], offsets[k] + 1, view.math):
        math_end = next(e for s, e in view.math if s <= offsets[k] < e)
        if math_end - offsets[k] > 16:
            return j, end
        while k < n and offsets[k] < math_end:
            k += 1
    run = text[offsets[i] : end]
    # a run the note also uses on its own ("Bounded Attention" in the title) is the name
    several = len(shapes) > 1 and all(s == "title" for s in shapes) and text.count(run) == 1
    heads = _PART_HEADS | COMPLETING_HEADS if several else COMPLETING_HEADS
    if k < n and words[k] in heads and text[offsets[k - 1] :].strip():
        last = view.lowers[j - 1]
        if (several or last not in PROPER_ADJECTIVES) and not view.gazetteer.lookup(run):
            shapes.append("part" if words[k] in _PART_HEADS else "head")
            return k + 1, offsets[k] + len(words[k])
    return j, end


def _judge_run(view: NoteView, i: int, j: int, start: int, end: int, shapes: list[str]):
    """Keep a run as a candidate, or drop capitalised ordinary words."""
    text = view.text[start:end]
    strong = any(s in {"acronym", "mixed", "versioned", "version"} for s in shapes)
    words = text.split()
    parts = re.split(r"[\s-]+", text.lower())
    if len(parts) > 1 and all(part in FUNCTION_WORDS for part in parts):
        return []  # "All-in-One", "One-for-All": a slogan of function words names nothing
    if words[-1].lower() in ORGANISATION_HEADS:
        return []  # "European Centre", "Stanford University"
    if _possessor(view, j, shapes):
        return []  # "Foocorp's news platform": an owner, not an artifact
    if not strong:
        if all(singular(w).lower() in _ORDINARY_CAPITALISED for w in words):
            return []
        if view.offsets[j - 1] + len(view.words[j - 1]) == end and _before_class_acronym(view, j):
            return []  # "Multimodal LLM", "Long CoT": a modifier of a class, no name
        if _in_quotes(view.words, i, view.sent_start[i]):
            return []
        if is_initial(view, i) or start < view.summary_start:
            if len(words) == 1 and text.endswith("ing"):
                return []  # "Revisiting the …", "Boosting …": a verb that opens a clause
            # Sentence-initial capitals are no evidence; keep it only if the note uses the
            # same capitalised run elsewhere (title included) or defines it ("X is a …").
            rest = view.text.replace(text, "", 1)
            lowers = view.lowers
            nxt = lowers[j] if j < len(lowers) else ""
            nxt2 = lowers[j + 1] if j + 1 < len(lowers) else ""
            defined_here = nxt in {"is", "are"} and nxt2 in {"a", "an"}
            vocab_mid = view.sent_start[i] != i and view.gazetteer.lookup(text) is not None
            # "Flash Attention is …": a capital on a later word is the name's own
            named_subject = (
                len(words) > 1
                and start >= view.summary_start
                and all(w[:1].isupper() for w in words)
                and words[0].lower() not in FUNCTION_WORDS
            )
            if text not in rest and not defined_here and not vocab_mid and not named_subject:
                return []
        if len(words) == 1 and _EN_DASH not in text and _descriptor(view, j, text):
            return []
        if len(words) == 1 and _gloss_of_name(view, i, j):
            return []
    confidence = 0.75 if strong else 0.55
    tok_end = j
    shape = next((s for s in shapes if s != "version"), shapes[0])
    if "version" in shapes:
        shape = "versioned"
    candidate = Candidate(start, end, i, tok_end, shape, f"shape:{shape}", confidence)
    if "part" in shapes:
        candidate.notes.add("part")  # "a Feature Matching module": a named part
    return [candidate]


def _before_class_acronym(view: NoteView, j: int) -> bool:
    """Whether token `j`, right after a run, is a class acronym ("LLM", "CoT", "RL")."""
    if j >= len(view.words) or not view.spaced[j - 1]:
        return False
    word = view.words[j]
    return word[:1].isupper() and name_key(word) in GENERIC_ACRONYMS


def _possessor(view: NoteView, j: int, shapes: list[str]) -> bool:
    """A Title word the vocabulary does not know, after "on / at / from" and before "'s" and
    a lowercase word: "deployed on Foocorp's news platform" (but "employs Foo's scan")."""
    words = view.words
    if shapes != ["title"] or j + 1 >= len(words) or words[j] not in _POSSESSIVES:
        return False
    if j < 2 or view.lowers[j - 2] not in {"on", "at", "from"}:
        return False
    return words[j + 1][:1].islower() and view.gazetteer.lookup(words[j - 1]) is None


_GLOSS_ZIPF = 2.5  # rarer in general English than this: a coined word


def _gloss_of_name(view: NoteView, i: int, j: int) -> bool:
    """A lone English word in parentheses right after a name glosses it: "Interpreter
    (Openness)", "Foo (Reader)"; a coined word there is the name's alias ("… Dimension
    (Gdim)")."""
    words = view.words
    if i < 2 or j >= len(words) or words[i - 1] != "(" or words[j] != ")":
        return False
    if english_zipf(words[i]) < _GLOSS_ZIPF:
        return False
    before = words[i - 2]
    return before[:1].isupper() and before.isalpha()


def _descriptor(view: NoteView, j: int, text: str) -> bool:
    """A lone capitalised word before an ordinary noun is a descriptor ("Retrieval heads"),
    unless the vocabulary knows it or the noun says what kind of artifact it is."""
    if j >= len(view.words) or view.gazetteer.lookup(text) is not None:
        return False
    if not DATASET_HEADS.isdisjoint(view.lowers[j : j + 3]):
        return False  # "Adroit manipulation tasks"
    word, low = view.words[j], view.lowers[j]
    if not word.isalpha() or not word.islower() or view.stops[j]:
        return False
    if low in VERBS or low in NOUN_VERBS_3SG or low in COMPLETING_HEADS:
        return False
    return low not in ARTIFACT_HEADS
