"""Candidates found by definitions and cues: acronyms, title prefixes, vocabulary phrases,
"called X" / "dubbed X", quoted coined names after "introduce a", and lists of names."""

from __future__ import annotations

import bisect
import re

from papergraph.extract._candidates import Candidate, NoteView
from papergraph.extract._lexicon import (
    BASE_CUES,
    COMPONENT_VERBS,
    METHOD_HEADS,
    METRIC_HEADS,
    MODEL_HEADS,
    PROPOSE_VERBS,
    VERBS,
    verb_forms,
)
from papergraph.extract.abbreviations import (
    STOP_WORDS,
    Abbreviation,
    is_short_form,
    title_prefix_expansion,
)
from papergraph.extract.generic import COMMON_ZIPF, PROCESS_ENDINGS, english_zipf
from papergraph.extract.shapes import DIMENSION, model_shaped
from papergraph.extract.text import find_word, name_key, singular

__all__ = [
    "abbreviation_candidates",
    "head_type",
    "list_candidates",
    "parenthetical_expansions",
    "passive_verb_at",
    "naming_candidates",
    "title_architecture_candidates",
    "title_head_type",
    "title_prefix_candidates",
    "vocab_candidates",
]

_TYPE_HEADS = {"dataset", "datasets", "corpus", "corpora", "benchmark", "benchmarks"}
_PARENTHESIS_AFTER = re.compile(r"\s*\(([^()]{3,120})\)")
_LIST_SEPARATORS = frozenset({",", "/", "and", "or", "etc", "etc.", "e.g.", "e.g.,", "i.e."})


def head_type(word: str) -> str | None:
    """The entity type a head noun implies: "corpus" -> Dataset, "suite" -> Model, …"""
    low = word.lower()
    if low in _TYPE_HEADS:
        return "Dataset"
    if low in MODEL_HEADS:
        return "Model"
    if low in METRIC_HEADS:
        return "Metric"
    if low in METHOD_HEADS:
        return "Method"
    return None


def _span_tokens(view: NoteView, start: int, end: int) -> tuple[int, int]:
    return view.token_range(start, end) or (0, 0)


_TOOL_CUES = frozenset({"with", "using", "via", "apply", "applying", "applies", "employ",
                        "employing", "employs", "through", "use", "uses"})  # fmt: skip
_TOOL_OR_BASE_CUES = _TOOL_CUES | BASE_CUES
_METRIC_OR_METHOD_HEADS = METRIC_HEADS | METHOD_HEADS


def concept_like_definition(view: NoteView, abbr: Abbreviation) -> bool:
    """An all-caps acronym of a lowercase phrase names a concept ("mean-field dynamics (MFD)",
    "diffusion large language model (dLLM)"),
    unless the phrase ends in a metric/method head ("… score (CRPS)") or is used as a tool
    ("with attention-based multiple instance learning (ABMIL)")."""
    short = abbr.short.rstrip("s")
    if any(ch.islower() for ch in (short[1:] if len(short) > 3 else short)):
        return False  # "ToF", "ReLU"; but "dLLM" is an all-caps acronym with a prefix letter
    words = abbr.long.split()
    first = view.token_range(abbr.long_start, abbr.long_start + len(words[0]))
    if first is not None and view.sent_start[first[0]] == first[0]:
        words = words[1:]
    if not all(w[:1].islower() for w in words if w.lower() not in STOP_WORDS):
        return False
    if words and words[-1].lower() in _METRIC_OR_METHOD_HEADS:
        return False
    before = view.text[max(0, abbr.long_start - 12) : abbr.long_start].split()
    return not (before and before[-1].lower() in _TOOL_OR_BASE_CUES)


def abbreviation_candidates(view: NoteView) -> list[Candidate]:
    """Short forms defined in the summary; their long-form spans are marked consumed."""
    found = []
    for abbr in view.abbreviations:
        view.defined.setdefault(name_key(abbr.short), abbr)
        if abbr.short_start < view.summary_start:
            continue
        lower_long = concept_like_definition(view, abbr)
        view.consumed.append((abbr.long_start, abbr.long_end))
        t0, t1 = _span_tokens(view, abbr.short_start, abbr.short_end)
        found.append(
            Candidate(
                abbr.short_start, abbr.short_end, t0, t1, "acronym", "abbreviation", 0.9,
                long_form=abbr.long, lower_long_form=lower_long,
            )
        )  # fmt: skip
    return found


_TITLE_SUFFIX_NAME = re.compile(r"\s\(([^()\s]{2,40})\)\s*$")
_TITLE_HEAD_STOP = (STOP_WORDS - {"a", "an", "the", "and"}) | {
    "through", "towards", "toward", "beyond", "across", "without", "against", "within", "at"
}  # fmt: skip


def _title_name(title: str) -> tuple[str, str, int] | None:
    """The name a title gives its proposal: "NAME: rest" or "rest (NAME)"; (name, rest,
    offset of the name in the title)."""
    colon = title.find(": ")
    if colon > 0:
        return title[:colon].strip(), title[colon + 2 :], title.find(title[:colon].strip())
    suffix = _TITLE_SUFFIX_NAME.search(title)
    if suffix and not suffix.group(1).islower() and any(ch.isupper() for ch in suffix.group(1)):
        return suffix.group(1), title[: suffix.start()], suffix.start(1)
    return None


def title_head_type(rest: str) -> str | None:
    """The type the head of a title's first noun phrase gives the name it titles: "NAME: A
    Lightweight Vision Model for …" -> Model, "NAME: A Benchmark for …" and "NAME:
    Benchmarking …" -> Dataset; failing that, the first head noun among its first four words
    that does not modify another."""
    words = [w.strip(",.;:") for w in rest.split()]
    if words and words[0].lower() == "benchmarking":
        return "Dataset"  # "NAME: Benchmarking Fact-Checking of …": NAME is the benchmark
    if words and len(words[0]) > 5 and words[0].endswith("ing") and words[0].isalpha():
        return None  # "NAME: Adapting Graph Models to …": the head is the verb's object
    phrase = []
    for raw, word in zip(rest.split(), words, strict=True):
        if word.lower() in _TITLE_HEAD_STOP or not word:
            break
        phrase.append(word)
        if raw[-1] in ",.;:":
            break  # "NAME: Dataset, Evaluation System and …": the first item
    if phrase and (etype := head_type(phrase[-1].rsplit("-", 1)[-1])):
        return etype

    if phrase and model_shaped(phrase[-1]):
        return "Model"  # "NAME: An Efficient ConvNet for …"
    modifiers = set(phrase[:-1])  # "Diversity-Aware Proxy Selection": "Proxy" is no head
    return next((t for w in words[:4] if w not in modifiers and (t := head_type(w))), None)


def title_prefix_candidates(view: NoteView) -> list[Candidate]:
    """A title "NAME: …" whose NAME is an acronym or is used in the summary, or a title
    "… (NAME)": proposed. A first part that shortens a title word ("Mani" in "Mani-GS:
    Gaussian Splatting Manipulation") is no brand: the long form is "GS"'s, not the name's."""
    text = view.text
    title = text[: view.title_end]
    named = _title_name(title)
    if named is None:
        return []
    prefix, rest, start = named
    words = prefix.split()
    bad_word = any(w.lower() in STOP_WORDS for w in words) or any(ch in prefix for ch in ",?!;()")
    if not 1 <= len(words) <= 4 or bad_word or prefix.islower():
        return []
    summary = text[view.summary_start :]
    parts, last = [prefix], prefix.rsplit("-", 1)[-1]
    taken = view.gazetteer.lookup(last) is not None or DIMENSION.match(last)
    if "-" in prefix and is_short_form(last) and not taken:
        parts.append(last)  # "Brand-XYZ" is called XYZ; not "Typed-RAG" RAG nor "Foo-3D" 3D
    long_keys = {name_key(a.long) for a in view.abbreviations}
    used = [(p, span) for p in parts for span in find_word(summary, p, ignore_case=p == prefix)]
    in_parentheses = start > 0
    if not (used or in_parentheses or is_short_form(prefix) or name_key(prefix) in long_keys):
        return []
    long_form = title_prefix_expansion(prefix, rest)
    brand = prefix.rpartition("-")[0].lower()  # "Mani-GS: Gaussian Splatting Manipulation"
    shortens = bool(brand) and any(w.lower().startswith(brand) for w in rest.split())
    whole_long = title_prefix_expansion(prefix, rest, last_part=False) if shortens else long_form
    etype = title_head_type(rest)
    notes = {"title-type"} if etype else set()
    t0, t1 = _span_tokens(view, start, start + len(prefix))
    found = [
        Candidate(start, start + len(prefix), t0, t1, "title", "title-prefix", 0.9, whole_long,
                  relation="proposes", entity_type=etype, notes=set(notes))
    ]  # fmt: skip
    for part, (s, e) in used:
        s, e = s + view.summary_start, e + view.summary_start
        t0, t1 = _span_tokens(view, s, e)
        found.append(
            Candidate(s, e, t0, t1, "title", "title-prefix", 0.9,
                      whole_long if part == prefix else long_form,
                      relation="proposes", entity_type=etype, notes=set(notes))
        )  # fmt: skip
    return found


def vocab_candidates(view: NoteView, spans) -> list[Candidate]:
    """Multi-word vocabulary labels written as names (capitalised) in the summary."""
    found = []
    for start, end, entry in spans:
        if entry.suggested_type == "Concept":
            continue
        if start < view.summary_start:
            if end <= view.title_end and _describes_title_name(view, start, end):
                t0, t1 = _span_tokens(view, start, end)
                found.append(Candidate(start, end, t0, t1, "phrase", f"vocab:{entry.scheme}",
                                       0.85, vocab=entry, relation="uses"))  # fmt: skip
            continue
        text = view.text[start:end]
        t0, t1 = _span_tokens(view, start, end)
        initial = view.sent_start[t0] == t0
        capitals = sum(ch.isupper() for ch in text[1:]) + (0 if initial else text[0].isupper())
        if capitals == 0:
            if view.overlaps(start, end, view.consumed) or not _lowercase_tool(view, t0, entry):
                continue  # a defined long form's words name no second artifact
        elif not _same_capitals(text, entry, initial):
            continue
        # "flow matching", "spectral clustering": a lowercase process is a method
        etype = "Method" if capitals == 0 and text.endswith("ing") else None
        found.append(
            Candidate(start, end, t0, t1, "phrase", f"vocab:{entry.scheme}", 0.85, vocab=entry,
                      entity_type=etype)
        )  # fmt: skip
    return found


def _describes_title_name(view: NoteView, start: int, end: int) -> bool:
    """ "FooFM: Distributional Flow Matching for …": a vocabulary label ending the Title-Case
    phrase that follows a title's "NAME:" says what NAME builds on (the nested rule)."""
    title = view.text[: view.title_end]
    colon = title.find(": ")
    if colon <= 0 or start < colon + 2:
        return False
    before = title[colon + 2 : start].split()
    after = title[end:].split()[:1]
    return all(w[:1].isupper() for w in before) and not (after and after[0][:1].isupper())


# "with" is left out: "evaluate … with chain-of-thought prompting" names a setting
_TOOL_TAKERS = (_TOOL_CUES - {"with"}) | BASE_CUES | COMPONENT_VERBS | verb_forms("combine")


def _lowercase_tool(view: NoteView, t0: int, entry) -> bool:
    """A vocabulary method or model written in lowercase names it when the note takes it up
    as a tool: "based on flow matching", "via attribute-aware spectral clustering",
    "integrates a pretrained sparse autoencoder", or as the kind of thing the proposal is
    ("proposes an edit-based flow matching approach", "FooGA, a genetic algorithm that"): the
    proposal builds on it. Elsewhere a lowercase phrase is a concept."""
    if entry.suggested_type not in {"Method", "Model"}:
        return False
    sent_start = view.sent_start[t0]
    lowers = view.lowers
    for k in range(t0 - 1, max(sent_start, t0 - 5) - 1, -1):
        low = lowers[k]
        if low in _TOOL_TAKERS:
            return True
        if low in {"a", "an"} and k > sent_start and _names_the_proposal(view, k - 1):
            return True
        if low == "on" and k > sent_start and lowers[k - 1] in {"based", "built", "relies"}:
            return True
        if not (view.words[k].islower() and low.replace("-", "").isalpha()):
            return False
    return False


def _names_the_proposal(view: NoteView, k: int) -> bool:
    """Token `k`, right before "a"/"an", opens a description of the proposal: a propose verb
    ("proposes a …") or the comma of an apposition after a capitalised name ("FooNet, a …")."""
    if view.lowers[k] in PROPOSE_VERBS:
        return True
    return view.lowers[k] == "," and k > 0 and view.words[k - 1][:1].isupper()


def _same_capitals(text: str, entry, initial: bool) -> bool:
    """ "SGD with momentum" is not the label "SGD with Momentum": capitalised words must match."""
    labels = [entry.label] + [label for label in _labels_like(text, entry)]
    words = text.split()
    for label in labels:
        lwords = label.split()
        if len(lwords) != len(words):
            continue
        pairs = list(zip(words, lwords, strict=True))[1 if initial else 0 :]
        if all(w[:1].isupper() == lw[:1].isupper() for w, lw in pairs):
            return True
    return False


def _labels_like(text: str, entry) -> list[str]:
    return []


def naming_candidates(view: NoteView) -> list[Candidate]:
    """ "called X", "dubbed X", "termed X"; a quoted name after "introduce a": proposed."""
    text, found = view.text, []
    for label, start, _end in view.cue_matches:
        if label != "NAMING" or view.offsets[start] < view.summary_start:
            continue
        pos = view.offsets[start] + len(view.words[start])
        pos += len(text[pos:]) - len(text[pos:].lstrip())
        det = next((d for d in ("the ", "this ", "it ", "them ") if text.startswith(d, pos)), "")
        pos += len(det)
        math = next(((s, e) for s, e in view.math if s == pos), None)
        if math:
            tail = re.match(r"-[\w-]+", text[math[1] :])
            if not tail:
                continue
            end = math[1] + tail.end()
        else:
            tail = re.match(r"[\"“]?([A-Za-z][\w\-+.@]*(?: [A-Z][\w\-+]*){0,3})", text[pos:])
            if not tail or tail.group(1).lower() in STOP_WORDS:
                continue
            pos, end = pos + tail.start(1), pos + tail.end(1)
        t0, t1 = _span_tokens(view, pos, end)
        if view.stops[t0] and view.words[t0].islower():
            continue  # "can call any FOO subroutine": "call" invokes, it names nothing
        found.append(Candidate(pos, end, t0, t1, "phrase", "naming-cue", 0.85, relation="proposes"))
    found.extend(_quoted_names(view))
    return found


def _quoted_names(view: NoteView) -> list[Candidate]:
    found: list[Candidate] = []
    opening = None  # token index of an opening quote
    for label, close, _end in view.cue_matches:
        if label != "QUOTE" or view.offsets[close] < view.summary_start:
            continue
        if opening is None:
            opening = close
            continue
        first, opening = opening, None
        before = view.lowers[max(0, first - 2) : first]
        if len(before) < 2 or before[-1] not in {"a", "an", "the"}:
            continue
        heads = _lowercase_run(view, close + 1, 4)
        etype = next((t for h in heads if (t := head_type(h))), None)
        if etype is None:  # 'proposes the "Foo Bar Hypothesis" as …': the name's own head
            etype = head_type(view.words[close - 1])
        end_of_head = close + 1 + len(heads)
        if etype is None or not (
            before[0] in PROPOSE_VERBS or passive_verb_at(view, end_of_head, PROPOSE_VERBS)
        ):
            continue
        start, end = view.offsets[first] + 1, view.offsets[close]
        found.append(
            Candidate(start, end, first + 1, close, "phrase", "quoted-name", 0.8,
                      relation="proposes", entity_type="Method" if etype == "Method" else etype)
        )  # fmt: skip
    return found


def _lowercase_run(view: NoteView, k: int, most: int) -> list[str]:
    """The lowercase content words from token k on (at most `most`): where the head noun of a
    quoted name is."""
    run = []
    while k < len(view.words) and len(run) < most and view.words[k].islower() and not view.stops[k]:
        run.append(view.words[k])
        k += 1
    return run


def passive_verb_at(view: NoteView, k: int, verbs: frozenset[str]) -> bool:
    """ "… framework is proposed": "is", "are", "was" or "were" at token k, one of `verbs`
    after it."""
    lowers = view.lowers
    return (
        k + 1 < len(lowers) and lowers[k] in {"is", "are", "was", "were"} and lowers[k + 1] in verbs
    )


def list_candidates(view: NoteView, candidates: list[Candidate]) -> list[Candidate]:
    """Lowercase items of a list whose other items are names: "(Foo-Net, kernel machines,
    BAR, …)" -> "kernel machines"."""
    words, lowers = view.words, view.lowers
    by_start = {c.tok_start: c for c in candidates}
    name_starts = sorted(by_start)
    found: list[Candidate] = []
    for start, end in view.sentences:
        if view.offsets[end - 1] < view.summary_start:
            continue
        names = bisect.bisect_left(name_starts, end) - bisect.bisect_left(name_starts, start)
        if names < 2:
            continue  # a list of names needs two names
        items: list[list[int]] = []
        current: list[int] = []
        for k in range(start, end):
            if words[k] in _LIST_SEPARATORS or lowers[k] in _LIST_SEPARATORS:
                items.append(current)
                current = []
            elif words[k] in "()—;:" or words[k].isspace():
                items.append(current)
                _propagate(view, items, by_start, found)
                items, current = [], []
            else:
                current.append(k)
        items.append(current)
        _propagate(view, items, by_start, found)
    return found


def _propagate(view: NoteView, items: list[list[int]], by_start, found) -> None:
    items = [it for it in items if it]
    named = [it for it in items if it[0] in by_start]
    if len(named) < 2 or len(named) * 2 < len(items):
        return
    words, lowers = view.words, view.lowers
    for item in items:
        if any(k in by_start for k in item) or not 1 <= len(item) <= 3:
            continue  # a name already ("whereas DPO", "beating nnU-Net" keep only the name)
        if any(not words[k].isalpha() and "-" not in words[k] for k in item):
            continue
        if any(lowers[k] in STOP_WORDS or lowers[k] in VERBS for k in item):
            continue
        if view.sent_start[item[0]] == item[0] and words[item[-1] + 1 : item[-1] + 2] == [","]:
            continue  # "Experimentally, it outperforms A, B and C": an opening adverbial
        start, end = view.offsets[item[0]], view.offsets[item[-1]] + len(words[item[-1]])
        found.append(Candidate(start, end, item[0], item[-1] + 1, "phrase", "list", 0.5))


def parenthetical_expansions(view: NoteView, candidates: list[Candidate]) -> list[Candidate]:
    """ "Orbit-Router (Orthogonal Routing with Balanced Iterative Tokens)": a Title Case
    phrase in parentheses right after a name expands it; it is not a name of its own."""
    text = view.text
    drop: set[int] = set()
    for c in candidates:
        match = _PARENTHESIS_AFTER.match(text, c.end, c.end + 130)
        if not match or c.long_form:
            continue
        inner = match.group(1).strip()
        if "," in inner:
            continue  # "Agents (Foo Agent, Bar Agent)": a list of members, not an expansion
        words = inner.split()
        content = [w for w in words if w.lower() not in STOP_WORDS]
        if len(content) < 2 or not all(w[:1].isupper() for w in content):
            continue
        inner_start = match.start(1)
        c.long_form = inner
        view.consumed.append((inner_start, inner_start + len(match.group(1))))
        drop.update(id(o) for o in candidates if inner_start <= o.start < match.end())
    return [c for c in candidates if id(c) not in drop]


def title_architecture_candidates(view: NoteView) -> list[Candidate]:
    """The last word of a Title-Case run of the title, when the vocabulary knows it as a model
    class and general English rarely uses it ("… Restoration Transformer via …", "… within
    Transformers"): the paper builds on that architecture. Whether the notes use the word as
    a name is left to the link stage ("Diffusion", written in lowercase, is no name)."""
    words, found = view.words, []
    for k in range(min(view.summary_token, len(words))):
        word = words[k]
        if not word.isalpha() or not word[:1].isupper() or view.offsets[k] >= view.title_end:
            continue
        nxt = words[k + 1] if k + 1 < view.summary_token else ""
        if nxt[:1].isupper() and view.spaced[k]:
            continue  # not the last word of its run
        entry = view.gazetteer.lookup(word)
        if entry is None or entry.suggested_type != "Model" or " " in entry.label:
            continue
        one = singular(word).lower()  # "transformers" is commoner than "transformer"
        if (
            not entry.label[:1].isupper()
            or entry.label.isupper()
            or english_zipf(one) >= COMMON_ZIPF
        ):
            continue
        if one.endswith(PROCESS_ENDINGS):
            continue  # "Latent Diffusion": a process, not an architecture
        if k > 0 and view.gazetteer.lookup(f"{words[k - 1]} {word}") is not None:
            continue  # "Sparse Autoencoder": the vocabulary knows the longer name
        if _spelled_acronym(view, k):
            continue  # "Multi-layer Perceptrons" with "MLPs" in the summary
        offset = view.offsets[k]
        candidate = Candidate(offset, offset + len(word), k, k + 1, "title", "title:architecture")
        candidate.relation, candidate.entity_type = "uses", "Model"
        found.append(candidate)
    return found


def _spelled_acronym(view: NoteView, k: int) -> bool:
    """Whether the title words ending at token `k` spell out an acronym the summary uses and
    the vocabulary knows: the run is then that acronym's long form ("Multi-layer Perceptrons"
    and "MLPs"), not a modifier of an architecture ("Morph-Patch Transformer (MPT)" is one)."""
    head = view.text[view.offsets[0] : view.offsets[k] + len(view.words[k])]
    parts = re.split(r"[\s-]+", head.rsplit(":", 1)[-1].strip())
    initials = "".join(p[:1].upper() for p in parts if p[:1].isalpha())
    summary = {
        singular(w) for w in view.words[view.summary_token :] if w.isupper() or w[:-1].isupper()
    }
    return any(
        initials[-n:] in summary and view.gazetteer.lookup(initials[-n:]) is not None
        for n in range(2, min(5, len(initials)) + 1)
    )
