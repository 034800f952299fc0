"""Research concepts: 3-8 key noun phrases per note, without a statistical parser.

Chunking: maximal runs of content words (not stop words, verbs, adverbs, numbers, maths or
named artifacts), generic leading modifiers stripped ("a novel framework" -> "framework"),
at most four words, head-final. Scoring favours phrases that share words with the title, recur
in the note, are vocabulary concepts, are quoted coined terms ("scaling fundamentalism") or
are the long form of an acronym of a lowercase phrase ("mean-field dynamics (MFD)"), and multi-word
phrases; generic single words ("performance", "method") are dropped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from papergraph.extract._gazetteer import Gazetteer
from papergraph.extract._lexicon import (
    CONCEPT_BAD_HEADS,
    CONCEPT_DROP_MODIFIERS,
    GENERIC_ACRONYMS,
    NAMING_CUES,
    NOUN_GERUNDS,
    NOUN_VERBS_3SG,
    PROPOSE_VERBS,
    SELF_SUBJECTS,
    VERBS,
)
from papergraph.extract._text import TokenTable, name_key, singular

__all__ = ["ConceptSpan", "chunk_tokens", "select_concepts"]

_WORD = re.compile(r"^[A-Za-z][A-Za-z-]*[A-Za-z]$|^[A-Za-z]$")
_ADJECTIVE_END = ("al", "ive", "ous", "able", "ible", "ic", "ful", "less", "ary", "ent", "ant")
_EXTRA_STOP = frozenset(
    {"via", "e.g.", "i.e.", "etc", "paper", "work", "authors", "approach", "method", "also",
     "while", "whereas", "without", "within", "toward", "towards", "upon", "per", "vs",
     "respectively", "particularly", "especially", "namely", "rather", "instead", "directly",
     "often", "first", "finally", "new", "novel", "proposed", "existing", "various", "like",
     "including", "such", "based", "using", "used", "one", "two", "three", "four", "five",
     "single", "multiple", "several", "many", "much", "same", "different", "can", "cannot"}
)  # fmt: skip


@dataclass(frozen=True)
class ConceptSpan:
    """A concept phrase with doc character offsets."""

    start: int
    end: int
    text: str
    score: float
    vocab_iri: str | None = None
    rule: str = "concept:chunk"


def _content(t: TokenTable, k: int, blocked: set[int]) -> int:
    """1: part of a noun phrase; 0: not; 2: a gerund, decided by its neighbours."""
    if k in blocked:
        return 0
    flag = _word_flag(t.words[k], t.lowers[k], t.stops[k])
    if flag == 3:  # "this paper studies …": a verb after the paper as subject
        return 0 if k > 0 and t.lowers[k - 1] in SELF_SUBJECTS else 1
    return flag


@lru_cache(maxsize=65536)  # depends on the word only; words repeat across notes
def _word_flag(text: str, low: str, stop: bool) -> int:
    """`_content` of a word without its neighbours; 3: a noun unless a subject precedes."""
    if stop or not _WORD.match(text):
        return 0
    if low in _EXTRA_STOP or (text.endswith("ly") and len(text) > 4):
        return 0
    if low in VERBS:
        return 2 if low.endswith("ing") else 0
    noun = 1 if text.islower() or name_key(text) not in GENERIC_ACRONYMS else 0
    return 3 if noun and low in NOUN_VERBS_3SG else noun


def chunk_tokens(t: TokenTable, start: int, end: int, blocked: set[int]) -> list[tuple[int, int]]:
    """Token ranges of candidate noun phrases among tokens [start, end); `blocked` holds the
    indices of tokens that may not be part of one (maths, names). A gerund joins a phrase
    after a noun ("curriculum learning") or before one ("training data")."""
    flags = [_content(t, k, blocked) for k in range(start, end)]
    for n, flag in enumerate(flags):
        if flag == 2:
            before = n > 0 and flags[n - 1] == 1 and not t.starts[start + n]
            after = n + 1 < len(flags) and flags[n + 1] == 1
            flags[n] = 1 if before or after else 0
    chunks: list[tuple[int, int]] = []
    run: list[int] = []
    for n, flag in enumerate(flags):
        k = start + n
        if flag and not (run and t.starts[k]):
            run.append(k)
            continue
        if run:
            chunks.append(_trim(t, run))
        run = [k] if flag else []
    if run:
        chunks.append(_trim(t, run))
    return [c for c in chunks if c[0] < c[1]]


def _verb_like(low: str, *, leading: bool) -> bool:
    """A verb form that starts or ends a clause, not part of the noun phrase: leading
    "revealing", "fine-tunes", "proposed"; trailing "introduces", "called", "trained". Noun
    gerunds ("learning", "training") and adjectival participles that open a phrase ("masked
    image modeling", "augmented trajectories") stay."""
    if low in NOUN_GERUNDS:
        return False
    if low.endswith("ing"):
        return leading or low in VERBS or low in PROPOSE_VERBS
    if low.endswith("ed"):
        return not leading or low in VERBS or low in PROPOSE_VERBS or low in NAMING_CUES
    return (
        low in PROPOSE_VERBS
        or (low in VERBS and low.endswith("s"))
        or (leading and low in NOUN_VERBS_3SG)
    )


def _trim(t: TokenTable, run: list[int]) -> tuple[int, int]:
    start, end = run[0], run[-1] + 1
    while start < end and (
        t.lowers[start] in CONCEPT_DROP_MODIFIERS
        or (end - start > 1 and _verb_like(t.lowers[start], leading=True))
    ):
        start += 1
    while (
        end - start > 1
        and _verb_like(t.lowers[end - 1], leading=False)
        and t.lowers[end - 1] not in NOUN_VERBS_3SG
    ):
        end -= 1
    while end > start and t.lowers[end - 1].endswith(_ADJECTIVE_END) and end - start > 1:
        if t.lowers[end - 1].endswith(("ent", "ant")) and len(t.words[end - 1]) > 7:
            break  # "environment", "alignment" are nouns
        end -= 1
    return max(start, end - 4), end


def _tokens_in(t: TokenTable, spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the tokens overlapping any of the character spans."""
    indices: set[int] = set()
    for start, end in spans:
        lo = bisect.bisect_right(t.offsets, start) - 1
        for k in range(max(lo, 0), len(t.offsets)):
            if t.offsets[k] >= end:
                break
            if t.offsets[k] + len(t.words[k]) > start:
                indices.add(k)
    return indices


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    words = text.lower().split()
    return " ".join(words[:-1] + [singular(words[-1])]) if words else ""


def select_concepts(
    doc: Doc,
    title_end: int,
    summary_start: int,
    blocked: list[tuple[int, int]],
    gazetteer: Gazetteer,
    boosted: list[tuple[int, int]],
    *,
    max_concepts: int = 8,
    min_concepts: int = 3,
    target: int = 7,
) -> list[ConceptSpan]:
    """The note's key concepts: summary phrases first, title phrases when not in the summary."""
    text = doc._.pg_text if doc.has_extension("pg_text") and doc._.pg_text else doc.text
    t = doc._.pg_tokens if doc.has_extension("pg_tokens") and doc._.pg_tokens else None
    t = t if t is not None else TokenTable.of(doc)
    summary_token = bisect.bisect_left(t.offsets, summary_start)
    title_words = {singular(w) for w in re.findall(r"[a-z][a-z-]+", text[:title_end].lower())}
    quoted = [m.span(1) for m in re.finditer(r"[\"“]([^\"”]{3,60})[\"”]", text[summary_start:])]
    quoted = [(s + summary_start, e + summary_start) for s, e in quoted]
    scored: dict[str, ConceptSpan] = {}
    counts: dict[str, int] = {}
    candidates = []
    blocked_tokens = _tokens_in(t, blocked)
    for region_start, region_end, in_title in (
        (summary_token, len(t.words), False),
        (0, summary_token, True),
    ):
        for t0, t1 in chunk_tokens(t, region_start, region_end, blocked_tokens):
            start, end = t.offsets[t0], t.offsets[t1 - 1] + len(t.words[t1 - 1])
            phrase = text[start:end]
            key = _key(phrase)
            counts[key] = counts.get(key, 0) + 1
            candidates.append((start, end, phrase, key, in_title))
    first_sentence_end = len(text)
    for k in range(summary_token + 1, len(t.words)):
        if t.starts[k]:
            first_sentence_end = t.offsets[k]
            break
    for start, end, phrase, key, in_title in candidates:
        words = key.split()
        if len(words) == 1 and (words[0] in CONCEPT_BAD_HEADS or len(words[0]) < 4):
            continue
        if len(words) == 1 and words[0].endswith(_ADJECTIVE_END) and words[0] not in title_words:
            continue
        score = 1.0 + 0.6 * min(len(words) - 1, 2)
        overlap = sum(singular(w) in title_words for w in words) / len(words)
        score += 2.0 * overlap + (1.0 if overlap == 1.0 else 0.0)
        score += 0.6 * min(counts[key] - 1, 2)
        if words[-1] in CONCEPT_BAD_HEADS:
            score -= 0.8
        if not in_title and end <= first_sentence_end:
            score += 0.4
        if quoted and any(s <= start and end <= e for s, e in quoted):
            score += 1.2
        if boosted and any(s <= start and end <= e for s, e in boosted):
            score += 1.5
        entry = gazetteer.lookup(phrase, named=False)
        if entry is not None:
            score += 0.7
        if key in scored:
            if in_title or scored[key].score >= score:
                continue
            start, end, phrase = scored[key].start, scored[key].end, scored[key].text
        if in_title:
            # a title phrase the summary never uses: often a catchphrase, rarely a topic
            score -= 0.5 if len(words) > 1 else 1.5
        rule = "concept:title" if in_title else "concept:chunk"
        scored[key] = ConceptSpan(start, end, phrase, score, entry.iri if entry else None, rule)
    ranked = sorted(scored.values(), key=lambda c: (-c.score, c.start))
    chosen = [c for c in ranked if c.score >= 2.0][:target]
    if len(chosen) < min_concepts:
        chosen = ranked[:min_concepts]
    return sorted(chosen[:max_concepts], key=lambda c: c.start)
