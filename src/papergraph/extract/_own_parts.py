"""Cues that a name in a note is the paper's own: the direct object of a propose verb, a
passive proposal ("FooNet is proposed"), an acronym spelled out in the same sentence, one
introduced with an indefinite article ("via a Temporal Drift Calibrator (TDC)"), an item of a
list that a part noun opens ("three components—A, B and C"), "our"/"the proposed"
appositions, a name joined by "and" to a proposed one ("proposes A (…) and B (…)"), and
whether an acronym of a lowercase phrase names a kind of artifact at all. `_relations` weighs
them against the cues of use and comparison.
"""

from __future__ import annotations

import bisect
import re

from papergraph.extract._candidates import Candidate, NoteView
from papergraph.extract._cued import passive_verb_at
from papergraph.extract._lexicon import (
    ARTIFACT_HEADS,
    COMPARE_CUES,
    DATASET_HEADS,
    METHOD_HEADS,
    MODEL_HEADS,
    OWN_MODIFIERS,
    PART_HEADS,
    PROPOSE_VERBS,
)
from papergraph.extract._scopes import Scope
from papergraph.extract._typing import long_form_type
from papergraph.extract.abbreviations import Abbreviation
from papergraph.extract.text import name_key, singular

__all__ = [
    "coined_as_means",
    "coined_part_name",
    "coordinated_proposals",
    "defined_here",
    "direct_object",
    "introduced_as_own",
    "listed_part",
    "names_a_kind",
    "own_apposition",
    "passive_proposal",
]


_KIND_NOUNS = METHOD_HEADS | MODEL_HEADS | DATASET_HEADS
_PREPOSITIONS = frozenset({"of", "for", "on", "in", "with", "by", "via", "from", "to", "over"})
_PASSIVE_PROPOSE = frozenset(w for w in PROPOSE_VERBS if w.endswith("ed")) | {"built"}


def direct_object(view: NoteView, c: Candidate, at: Scope) -> bool:
    """The whole object right after a propose verb: "proposes FOO, which …", "introduces
    FOO (…)", "proposes the FOO framework, …"; not a modifier ("proposes FOO-based …",
    "introduces FOO into …")."""
    if view.text.startswith("-", c.end):
        return False
    words, k = view.words, c.tok_end
    if _spelled_out_object(view, c, at):
        return True  # "proposes the Foo of Bar agent (FoB), which …"
    if c.tok_start == at.verb + 2 and view.lowers[at.verb + 1] in {"the", "a", "an"}:
        if k >= len(words) or view.lowers[k] not in _KIND_NOUNS:
            return False
        k += 1  # "proposes the FOO framework, which …"
    elif c.tok_start != at.verb + 1:
        return False
    nxt = words[k] if k < len(words) else ""
    return nxt in {",", "(", ".", ";", ":"}


def _spelled_out_object(view: NoteView, c: Candidate, at: Scope) -> bool:
    """An acronym in parentheses right after its long form, the long form being the object
    of the propose verb (a preposition inside it is no clause's)."""
    abbr = view.defined.get(name_key(view.text[c.start : c.end]))
    if abbr is None or not c.rule.startswith("abbreviation") or view.words[c.tok_start - 1] != "(":
        return False
    close = c.tok_end
    after = view.lowers[close + 1] if close + 1 < len(view.lowers) else "."
    if after in _PREPOSITIONS or after == "into":
        return False  # "introduces sharpness-aware minimization (SAM) into …": brought in
    first = bisect.bisect_right(view.offsets, abbr.long_start) - 1
    if first == at.verb + 2 and view.lowers[at.verb + 1] in {"the", "a", "an"}:
        first -= 1
    return first == at.verb + 1


def coordinated_proposals(view: NoteView, candidates: list[Candidate]) -> None:
    """ "proposes FooA (a … engine) and FooB (a … model)": a name glossed in parentheses and
    joined by "and" to a proposed name glossed the same way is proposed too."""
    text = view.text
    proposed_ends = {c.tok_end for c in candidates if c.relation == "proposes"}
    for c in candidates:
        if c.relation != "uses" or c.tok_start < 3 or c.tok_end >= len(view.words):
            continue
        if view.words[c.tok_end] != "(" or view.lowers[c.tok_start - 1] != "and":
            continue
        if view.words[c.tok_start - 2] != ")":
            continue
        open_at = text.rfind("(", 0, view.offsets[c.tok_start - 2])
        k = bisect.bisect_left(view.offsets, open_at)
        if k in proposed_ends and view.sent_start[k] == view.sent_start[c.tok_start]:
            c.relation = "proposes"
            c.rule = f"{c.rule}+coordinated"


def passive_proposal(view: NoteView, c: Candidate) -> bool:
    """ "FooNet is proposed", "Foo Bar Guidance (FBG) is introduced", "The Foo framework is
    proposed"; not "Foo Attention is introduced into video models": brought into a new
    setting, it is used."""
    k, lowers = c.tok_end, view.lowers
    if k < len(lowers) and lowers[k] == ")":
        k += 1
    if k < len(lowers) and lowers[k] in _KIND_NOUNS:
        if c.tok_start > 0 and lowers[c.tok_start - 1] in _PREPOSITIONS:
            return False  # "a method for ReLU networks is proposed": the method is
        k += 1
    return passive_verb_at(view, k, _PASSIVE_PROPOSE) and (
        k + 2 >= len(lowers) or lowers[k + 2] != "into"
    )


def defined_here(view: NoteView, c: Candidate) -> bool:
    """Whether the note spells the name out in this sentence: "a Foo Bar Module (FBM)"."""
    abbr = view.defined.get(name_key(view.text[c.start : c.end]))
    if abbr is None or abbr.long_start < view.summary_start:
        return False
    return view.sent_start[c.tok_start] <= bisect.bisect_right(view.offsets, abbr.long_start) - 1


_LIST_OPENERS = frozenset({":", "—", "–"})
# "a three-stage pipeline—A, B, and C", "a two-module design: A and B"
_COUNTED_PARTS = re.compile(
    r"^(?:two|three|four|five|six|dual|\d+)-(?:stage|module|step|phase|agent|branch|component)$"
)


_ITEM_JOINS = frozenset({",", "and", "-"})
_COUNTS = frozenset({"two", "three", "four", "five", "six", "seven", "eight"})
# Plurals of what a paper may itself release or define when a propose verb counts them
_PROPOSABLE = frozenset({"metrics", "datasets", "benchmarks", "methods", "models",
                         "algorithms", "tasks", "corpora"})  # fmt: skip
# Plural nouns after a count that list what exists already, not the paper's parts
_OTHERS = DATASET_HEADS | frozenset(
    {"methods", "models", "baselines", "approaches", "metrics", "llms", "vlms", "algorithms",
     "systems", "frameworks", "languages", "settings", "scenarios", "families", "types"}
)  # fmt: skip


def _counted_roles(view: NoteView, k: int, sent_start: int) -> bool:
    """ "decomposes it into three roles: A, B, and C", "four agents: …", "two complementary
    pipelines: …": a counted plural of the paper's own kind of part; not of data or of prior
    work ("three benchmarks: …", "three private inference schemes: …") unless a propose verb
    counts them ("introduces three new evaluation metrics: …")."""
    lowers, words = view.lowers, view.words
    low = lowers[k]
    if not (low.endswith("s") and low.isalpha()):
        return False
    count = k - 1
    while count > max(sent_start, k - 3) and lowers[count] not in _COUNTS:
        if not (words[count].isalpha() and words[count].islower()) or view.stops[count]:
            return False
        count -= 1  # "three new evaluation metrics"
    if count <= sent_start or lowers[count] not in _COUNTS:
        return False
    proposed = low in _PROPOSABLE and lowers[count - 1] in PROPOSE_VERBS
    return proposed or ((count == k - 1 or low in PART_HEADS) and low not in _OTHERS)


def listed_part(view: NoteView, c: Candidate) -> bool:
    """A name in a list that a plural part noun, or a noun after a counted part ("a
    three-stage pipeline"), opens with a colon or a dash ("decomposes it into three
    components—FooCLIPs trained by modality, BarQG for …, and BazPT"): the paper's own
    parts. The list may describe or spell out each item ("A (AB), B (BC)"), but no sentence
    ends in between."""
    sent_start = view.sent_start[c.tok_start] if c.tok_start < len(view.sent_start) else 0
    lowers = view.lowers
    first = c.tok_start - 1
    if first > sent_start and lowers[first] == "(":
        if c.lower_long_form:
            return False  # "three inputs—search region (SR), …": parts, but no names
        first -= 1  # an acronym spelled out: the list holds its long form
    in_parenthesis, names_only = False, True
    for k in range(first, max(sent_start, c.tok_start - 30) - 1, -1):
        if in_parenthesis:
            in_parenthesis = lowers[k] != "("
            continue
        if lowers[k] == ")" and names_only and "(" in lowers[max(sent_start, k - 6) : k]:
            in_parenthesis = True  # an earlier item spelled out: "Foo Bar Net (FBN), …"
            continue
        if lowers[k] in _LIST_OPENERS:
            opened = k > sent_start and (
                (lowers[k - 1] in PART_HEADS and lowers[k - 1].endswith("s"))
                or (names_only and _counted_roles(view, k - 1, sent_start))
                or (
                    k - 1 > sent_start
                    and bool(_COUNTED_PARTS.match(lowers[k - 2]))
                    and lowers[c.tok_start - 1] in {",", "and", *_LIST_OPENERS}
                )  # an item itself, not a clause: "a two-stage design: the first stage …"
            )
            # a dash that closes "—including … branches—" opens nothing
            return opened and not _LIST_OPENERS.intersection(lowers[sent_start : k - 1])
        if lowers[k] in {".", ";", "(", ")"} or lowers[k] in COMPARE_CUES:
            return False
        names_only = names_only and (lowers[k] in _ITEM_JOINS or view.words[k][:1].isupper())
    return False


# Words before a spelled-out acronym that add it to what the paper builds: "Combined with
# Adversarial Zorb Pretraining (AZP), the resulting pipeline …"
_COMBINING = (("combined", "with"), ("coupled", "with"), ("conjunction", "with"),
              ("together", "with"))  # fmt: skip


def introduced_as_own(view: NoteView, c: Candidate) -> bool:
    """An acronym the summary defines with a capitalised long form after "a"/"an" ("via a
    Temporal Drift Calibrator (TDC)", "An intra-level Gated Exchange Domain (IntraGED)") or
    after "combined with" / "in conjunction with": the indefinite article or the combination
    introduces something new, a part of the paper's own. Known artifacts come without it
    ("based on Conformal Risk Control (CRC)")."""
    abbr = _spelled_out_here(view, c)
    return abbr is not None and _introduced_at(view, abbr.long_start, depth=3)


# Words before a bare spelled-out acronym that name it as a means of the paper's own method:
# "refines the splats via Frequency-Guided Densification (FGD)".
_MEANS = frozenset({"via", "through", "using", "with", "uses", "use", "employs", "employing",
                    "introduces", "introducing", "incorporates", "incorporating",
                    "integrates", "integrating", "leverages", "leveraging", ":", "—",
                    "–"})  # fmt: skip


def coined_as_means(view: NoteView, c: Candidate) -> bool:
    """An acronym the summary spells out, without an article, right after a word that makes
    it a means ("via", "through", "uses", ":"; or a list whose first item is so named), and
    whose long form the title does not name. The caller has ruled out names the vocabulary
    knows and those the note compares against or builds on; a known method a note names
    comes with "the" ("within the Double Machine Learning (DML) framework") or is the topic
    its title names ("On Temperature Scaling …")."""
    abbr = _spelled_out_here(view, c)
    if abbr is None or abbr.long.lower().rstrip("s") in view.text[: view.title_end].lower():
        return False
    return _introduced_at(view, abbr.long_start, depth=3, means=True)


def _spelled_out_here(view: NoteView, c: Candidate) -> Abbreviation | None:
    """The summary's definition of an acronym candidate whose long form ends in a
    capitalised word and names no measure ("a Fréchet Audio Distance (FAD)" is used)."""
    if not c.rule.startswith("abbreviation") or c.start < view.summary_start:
        return None
    abbr = view.defined.get(name_key(view.text[c.start : c.end]))
    if abbr is None or abbr.long_start < view.summary_start or not abbr.long[-1:].isalnum():
        return None
    if not abbr.long.split()[-1][:1].isupper() or long_form_type(abbr.long) == "Metric":
        return None
    return abbr


def _introduced_at(view: NoteView, long_start: int, depth: int, means: bool = False) -> bool:
    """Whether what precedes a long form starting at `long_start` introduces it: "a"/"an",
    a combining phrase, with `means` a word of `_MEANS`, or a list whose previous item was
    so introduced ("a Foo Encoder (FE), Bar Fusion (BF), and …")."""
    k = bisect.bisect_right(view.offsets, long_start) - 2  # the token before the long form
    if depth > 0 and 3 <= k < len(view.lowers) and view.lowers[k] in {",", "and"}:
        close = k - 2 if view.lowers[k - 1] == "," and view.lowers[k] == "and" else k - 1
        earlier = view.defined.get(name_key(view.words[close - 1]))
        if (
            view.words[close] == ")"
            and earlier is not None
            and earlier.short_start == view.offsets[close - 1]
            and earlier.long[:1].isupper()
        ):
            return _introduced_at(view, earlier.long_start, depth - 1, means)
    if means:
        return 0 <= k < len(view.lowers) and view.lowers[k] in _MEANS
    if k >= 1 and (view.lowers[k - 1], view.lowers[k]) in _COMBINING:
        return True
    if 0 <= k < len(view.lowers) and view.lowers[k] not in {"a", "an"}:
        if not (view.words[k].islower() and view.words[k].replace("-", "").isalpha()):
            return False
        k -= 1  # one lowercase modifier: "a lightweight Drift Calibrator (DC)"
    if (
        k >= 2
        and view.lowers[k] in {"a", "an"}
        and (view.lowers[k - 2], view.lowers[k - 1]) in _COMBINING
    ):
        return True
    return k >= 0 and view.lowers[k] in {"a", "an"} and view.sent_start[k] <= k


def own_apposition(view: NoteView, c: Candidate, prev: list[str]) -> bool:
    """ "Our training recipe, SelfFix, …", "the proposed SelfFix", "our SelfFix", "the
    self-constructed Foo benchmark"."""
    if prev[-1:] and prev[-1] in OWN_MODIFIERS:
        return True
    if prev[-1:] != [","]:
        return False
    sent_start = view.sent_start[c.tok_start]
    window = view.lowers[max(sent_start, c.tok_start - 6) : c.tok_start - 1]
    return ("our" in window and "," not in window) or _new_artifact_apposition(view, c, sent_start)


# Words that make "a … model" something that exists already: "a pretrained model, FooLM"
_EXISTING = frozenset({"pretrained", "pre-trained", "existing", "previous", "prior", "strong",
                       "standard", "popular", "off-the-shelf", "frozen", "baseline",
                       "state-of-the-art", "teacher", "general-purpose", "commercial"})  # fmt: skip
# What may stand before a subject: "…, a lightweight encoder, FooFormer, is trained"
_SUBJECT_OPENERS = frozenset({",", "and", "while", "then", "where"})


def _new_artifact_apposition(view: NoteView, c: Candidate, sent_start: int) -> bool:
    """A name in apposition to an indefinite noun phrase ending in an artifact head: the
    object of a propose verb ("proposes a unified baseline model, FooGait"), or a subject the
    name's closing comma sets off ("a lightweight Transformer encoder, FooFormer, is
    trained"): something new, not "a pretrained model, FooLM" or "than a strong model, X"."""
    lowers, words = view.lowers, view.words
    head = c.tok_start - 2
    if head <= sent_start or lowers[head] not in ARTIFACT_HEADS:
        return False
    k = head - 1
    while k > max(sent_start, head - 5) and lowers[k] not in {"a", "an"}:
        if not words[k].replace("-", "").isalpha():
            return False
        k -= 1
    if lowers[k] not in {"a", "an"}:
        return False
    before = lowers[k - 1] if k > sent_start else ","
    if before in PROPOSE_VERBS:
        return True
    closed = c.tok_end < len(words) and words[c.tok_end] == ","
    new = _EXISTING.isdisjoint(lowers[k + 1 : head + 1])
    return closed and new and before in _SUBJECT_OPENERS


_KIND_HEADS = PART_HEADS | ARTIFACT_HEADS


def names_a_kind(view: NoteView, c: Candidate) -> bool:
    """Whether an acronym of a lowercase phrase that a propose clause merely contains names
    a kind of artifact: its long form or the word after it is a head noun ("a structural
    causal model (SCM)", "a retrieval-augmented generation (RAG) pipeline"); not a quantity,
    a task or a piece of data ("total track length (TTL)", "parametric knowledge (PK)")."""
    cued = not {"proposes-cue", "proposes-relative"}.isdisjoint(c.rule.split("+"))
    if not c.lower_long_form or not cued or not c.long_form:
        return True
    if singular(c.long_form.rsplit(None, 1)[-1].lower()) in _KIND_HEADS:
        return True
    k = c.tok_end + 1 if c.tok_end < len(view.words) and view.words[c.tok_end] == ")" else c.tok_end
    return k < len(view.lowers) and view.lowers[k] in _KIND_HEADS


_AGENT_NOUN = re.compile(r"[a-z](?:er|or)s?$")  # "Refiner", "Perceiver", "Supervisor"
_COINED_HEADS = PART_HEADS | MODEL_HEADS


def coined_part_name(surface: str) -> bool:
    """A capitalised name whose last word is an agent noun or a part or model head:
    "GeoRefiner", "Anomaly Exposure Sampler", "Motion Field Agent", "Part-Guided Network":
    how a paper names a module or role of its own (acronyms are not judged here)."""
    if not surface[:1].isupper() or surface.isupper():
        return False
    last = re.split(r"[\s-]", surface)[-1]
    return bool(_AGENT_NOUN.search(last)) or last.lower() in _COINED_HEADS
