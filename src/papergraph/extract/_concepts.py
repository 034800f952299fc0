"""Research concepts: 3-8 key noun phrases per note, without a statistical parser.

Chunking: maximal runs of content words (not stop words, verbs, adverbs, numbers, maths or
named artifacts), split where a verb hides in the run (a word after a subject or auxiliary, "we
study X"; a plural-looking word before the run's end, "the server aggregates adapters"),
generic leading modifiers stripped ("a novel framework" -> "framework"), at most four words,
head-final. Scoring favours phrases that share words with the title, recur in the note, are
vocabulary concepts, are quoted coined terms ("scaling fundamentalism"), are the long form of
an acronym of a lowercase phrase ("mean-field dynamics (MFD)"), are hyphenated compounds
("low-rank optimization"), and multi-word phrases; it disfavours capitalised summary phrases
(sentence openers, names) and title catchphrases before a colon that the summary never uses
("Broken Tokens: …"). Generic single words ("performance", "method"), propose verbs, the
page-wide model class ("language models") and the names the note proposes are never concepts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

from papergraph.extract._gazetteer import Gazetteer
from papergraph.extract._lexicon import (
    BEFORE_VERB,
    COMPONENT_VERBS,
    CONCEPT_BAD_HEADS,
    CONCEPT_DROP_MODIFIERS,
    CONCEPT_GENERIC_PHRASES,
    GENERIC_ACRONYMS,
    NAMING_CUES,
    NOUN_GERUNDS,
    NOUN_VERBS_3SG,
    PROPER_ADJECTIVES,
    PROPOSE_VERBS,
    SELF_SUBJECTS,
    VERBS,
)
from papergraph.extract.generic import is_fragment, is_generic_concept, vocabulary_knows
from papergraph.extract.text import TokenTable, name_key, singular

__all__ = ["ConceptSpan", "chunk_tokens", "select_concepts"]

_WORD = re.compile(r"^[A-Za-z][A-Za-z-]*[A-Za-z]$|^[A-Za-z]$")
_TITLE_WORD = re.compile(r"[a-z][a-z-]+")
_QUOTED = re.compile(r"[\"“]([^\"”]{3,60})[\"”]")  # a quoted coined term
_PROCESS_END = ("tion", "sion", "ment", "ity", "ing", "ics", "ism", "ogy", "ness")
_ADJECTIVE_END = ("al", "ive", "ous", "able", "ible", "ic", "ful", "less", "ary", "ent", "ant")
_EXTRA_STOP = frozenset(
    {"via", "e.g.", "i.e.", "etc", "paper", "work", "authors", "approach", "method", "also",
     "while", "whereas", "without", "within", "toward", "towards", "upon", "per", "vs",
     "respectively", "particularly", "especially", "namely", "rather", "instead", "directly",
     "often", "first", "finally", "new", "novel", "proposed", "existing", "various", "like",
     "including", "such", "based", "using", "used", "one", "two", "three", "four", "five",
     "single", "multiple", "several", "many", "much", "same", "different", "can", "cannot"}
)  # fmt: skip


class ConceptSpan(NamedTuple):
    """A concept phrase with doc character offsets."""

    start: int
    end: int
    text: str
    score: float
    vocab_iri: str | None = None
    rule: str = "concept:chunk"


@lru_cache(maxsize=65536)  # depends on the word only; words repeat across notes
def _word_flag(text: str) -> int:
    """The content flag of a word that is not a stop word, without its neighbours (see
    `_content_flags`); 3: a noun unless a subject precedes."""
    if not _WORD.match(text):
        return 0
    low = text.lower()
    if low in _EXTRA_STOP or (text.endswith("ly") and len(text) > 4):
        return 0
    if low in VERBS:
        return 2 if low.endswith("ing") else 0
    noun = 1 if text.islower() or name_key(text) not in GENERIC_ACRONYMS else 0
    return 3 if noun and low in NOUN_VERBS_3SG else noun


def chunk_tokens(t: TokenTable, start: int, end: int, blocked: set[int]) -> list[tuple[int, int]]:
    """Token ranges of candidate noun phrases among tokens [start, end); `blocked` holds the
    indices of tokens that may not be part of one (maths, names). A gerund joins a phrase
    after a noun ("curriculum learning") or before one ("training data"). Verbs that look like
    nouns end a phrase: the word after a subject or an auxiliary ("we study over-squashing")
    and a plural-looking word inside a run ("the server aggregates adapters"; a plural noun
    ends its phrase, so a word after it starts the next one)."""
    flags = _content_flags(t, start, end, blocked)
    starts, lowers = t.starts, t.lowers
    for n in _indices(flags, 2):
        before = n > 0 and flags[n - 1] == 1 and not starts[start + n]
        after = n + 1 < len(flags) and flags[n + 1] == 1
        flags[n] = 1 if before or after else 0
    chunks: list[tuple[int, int]] = []
    run_start = None  # first token of the phrase being read
    for k, flag in enumerate(flags, start):
        if flag and run_start is not None and not starts[k]:
            if _plural_like(lowers[k - 1]):
                chunks.append(_trim(t, run_start, k - 1))
                run_start = k
            continue
        if run_start is not None:
            chunks.append(_trim(t, run_start, k))
        run_start = k if flag and not (k > 0 and lowers[k - 1] in BEFORE_VERB) else None
    if run_start is not None:
        chunks.append(_trim(t, run_start, end))
    return [c for c in chunks if c[0] < c[1]]


@lru_cache(maxsize=65536)  # pure; asked for every word of every run
def _plural_like(low: str) -> bool:
    """ "adapters", "aggregates"; not hyphenated words ("pseudo-labels", "fine-tunes"), which
    are as often nouns as verbs."""
    return singular(low) != low and "-" not in low


def _content_flags(t: TokenTable, start: int, end: int, blocked: set[int]) -> list[int]:
    """Per token of [start, end): 1 part of a noun phrase, 0 not, 2 a gerund that its
    neighbours decide. A verb-like noun after the paper as subject ("this paper studies …")
    is a verb."""
    flags = list(map(_word_flag, t.words[start:end]))
    for n in compress(range(end - start), t.stops[start:end]):
        flags[n] = 0  # a stop word
    for k in blocked:
        if start <= k < end:
            flags[k - start] = 0
    lowers = t.lowers
    for n in _indices(flags, 3):
        k = start + n
        flags[n] = 0 if k > 0 and lowers[k - 1] in SELF_SUBJECTS else 1
    return flags


def _indices(values: list[int], value: int) -> Iterator[int]:
    """Positions of `value` in `values`, left to right (`list.index` scans in C: most words
    of a note are not the few gerunds and noun-verbs the flags mark)."""
    n = -1
    while True:
        try:
            n = values.index(value, n + 1)
        except ValueError:
            return
        yield n


@lru_cache(maxsize=65536)  # pure; asked for both ends of every phrase
def _verb_like(low: str, leading: bool) -> bool:
    """A verb form that starts or ends a clause, not part of the noun phrase: leading
    "revealing", "fine-tunes", "proposed"; trailing "introduces", "called", "trained",
    "comprising". Noun
    gerunds ("learning", "training") and adjectival participles that open a phrase ("masked
    image modeling", "augmented trajectories") stay."""
    if low in NOUN_GERUNDS:
        return False
    if low.endswith("ing"):
        return leading or low in VERBS or low in PROPOSE_VERBS or low in COMPONENT_VERBS
    if low.endswith("ed"):
        return not leading or low in VERBS or low in PROPOSE_VERBS or low in NAMING_CUES
    return (
        low in PROPOSE_VERBS
        or (low in VERBS and low.endswith("s"))
        or (leading and low in NOUN_VERBS_3SG)
    )


def _trim(t: TokenTable, start: int, end: int) -> tuple[int, int]:
    """The noun phrase inside the content-word run [start, end) (at most four words)."""
    lowers = t.lowers
    while start < end and (
        lowers[start] in CONCEPT_DROP_MODIFIERS
        or (end - start > 1 and _verb_like(lowers[start], True))
    ):
        start += 1
    while (
        end - start > 1
        and _verb_like(lowers[end - 1], False)
        and lowers[end - 1] not in NOUN_VERBS_3SG
    ):
        end -= 1
    while end - start > 1 and lowers[end - 1].endswith(_ADJECTIVE_END):
        if lowers[end - 1].endswith(("ent", "ant")) and len(t.words[end - 1]) > 7:
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


class _PhraseInfo(NamedTuple):
    """What a phrase's text alone says about it (cached: phrases recur across notes)."""

    key: str  # lowercase, last word singular: phrases with one key are one concept
    name: str  # its `name_key`, to compare with names
    singulars: tuple[str, ...]  # the key's words, each made singular
    prior: float  # the part of the score its words decide
    opener: bool  # capitalised: in the summary, a sentence opener or a name, not a topic
    never: bool  # a generic single word, a propose verb or the page-wide model class
    adjective: bool  # a lone adjective: a concept only when the title uses it
    generic: bool  # a common word, lone adjective or fragment: a concept only from a vocabulary


@lru_cache(maxsize=65536)
def _phrase_info(text: str) -> _PhraseInfo:
    """The `_PhraseInfo` of a (non-empty) phrase."""
    lowered = text.lower().split()
    key = " ".join(lowered[:-1] + [singular(lowered[-1])])
    words = key.split()
    prior = 1.0 + 0.6 * min(len(words) - 1, 2)
    if words[-1] in CONCEPT_BAD_HEADS:
        prior -= 0.8
    if len(words) > 1 and words[-1].endswith(_PROCESS_END):
        prior += 0.4  # "… learning", "… optimization", "… alignment": a field or process
    if "-" in text:
        prior += 0.4  # "low-rank optimization", "in-context learning": technical compounds
    single = words[0] if len(words) == 1 else ""
    never = key in CONCEPT_GENERIC_PHRASES or bool(
        single
        and (
            single in CONCEPT_BAD_HEADS
            or len(single) < 4
            or (single in PROPOSE_VERBS and not single.endswith("ing"))
        )
    )
    return _PhraseInfo(
        key, name_key(text), tuple(map(singular, words)), prior,
        text[:1].isupper() and words[0] not in PROPER_ADJECTIVES, never,
        single.endswith(_ADJECTIVE_END) if single else False,
        is_generic_concept(text) or is_fragment(text),
    )  # fmt: skip


def select_concepts(
    text: str,
    t: TokenTable,
    title_end: int,
    summary_start: int,
    blocked: list[tuple[int, int]],
    gazetteer: Gazetteer,
    boosted: list[tuple[int, int]],
    *,
    proposed: frozenset[str] = frozenset(),
    used: frozenset[str] = frozenset(),
    max_concepts: int = 8,
    min_concepts: int = 3,
    target: int = 7,
) -> list[ConceptSpan]:
    """The note's key concepts: summary phrases first, title phrases when not in the summary.

    `text` is the doc text and `t` its token table (`pg_layout`); `blocked` are the character
    spans no concept may overlap (maths, names), `boosted` those of lowercase acronym long
    forms. `proposed` holds the `name_key`s of the names the note proposes (never concepts),
    `used` those of the long forms of the names it uses (concepts only when the title shares a
    word with them: "Sharpness-Aware Minimization Converges …" is the paper's topic, "Kernel
    Inception Distance (KID)" in the summary is a metric it reports).
    """
    summary_token = bisect.bisect_left(t.offsets, summary_start)
    phrases, counts = _phrases_of_note(text, t, summary_token, _tokens_in(t, blocked))
    note = _NoteFeatures(
        title_words=set(map(singular, _TITLE_WORD.findall(text[:title_end].lower()))),
        quoted=[(s + summary_start, e + summary_start)
                for s, e in (m.span(1) for m in _QUOTED.finditer(text[summary_start:]))],
        boosted=boosted,
        counts=counts,
        first_sentence_end=_first_sentence_end(t, summary_token, len(text)),
        catchphrase_end=_catchphrase_end(text, title_end),
    )  # fmt: skip
    scored: dict[str, tuple] = {}  # key -> (score, start, end, text, vocabulary IRI, rule)
    for start, end, phrase, info, in_title in phrases:
        if (in_title and info.key in scored) or _excluded(info, note.title_words, proposed):
            continue  # a title phrase the summary uses is scored there
        overlap = sum(map(note.title_words.__contains__, info.singulars)) / len(info.singulars)
        if not overlap and info.name in used:
            continue
        score = _score(info, start, end, in_title, overlap, note)
        entry = gazetteer.lookup(phrase, named=False)
        if entry is not None:
            score += 0.7
        if info.key in scored:
            best = scored[info.key]
            if best[0] >= score:
                continue
            start, end, phrase = best[1:4]
        if in_title:
            # a title phrase the summary never uses: often a catchphrase, rarely a topic
            score -= 0.5 if len(info.singulars) > 1 else 1.5
            if end <= note.catchphrase_end:
                score -= 2.5  # "Broken Tokens: …", "Power Lines: …"
        rule = "concept:title" if in_title else "concept:chunk"
        scored[info.key] = (score, start, end, phrase, entry.iri if entry else None, rule)
    # scores compared in thousandths: equal scores summed in another order tie, and the
    # earlier phrase wins
    ranked = sorted(scored.values(), key=lambda c: (-round(c[0] * 1000), c[1]))
    chosen = [c for c in ranked if round(c[0] * 1000) >= 2000][:target]
    if len(chosen) < min_concepts:
        chosen = ranked[:min_concepts]
    # a common word, lone adjective or clause fragment takes its place but is not kept:
    # "graphs", "building", "medical", "rate-aware"; unless a vocabulary knows it ("attention")
    chosen = [c for c in chosen if not (_phrase_info(c[3]).generic and not vocabulary_knows(
        gazetteer.lookup(c[3], named=False), c[3]))]  # fmt: skip
    return [ConceptSpan(start, end, phrase, score, iri, rule)
            for score, start, end, phrase, iri, rule in sorted(chosen[:max_concepts],
                                                                key=lambda c: c[1])]  # fmt: skip


class _NoteFeatures(NamedTuple):
    """What scoring a phrase needs to know about its note."""

    title_words: set[str]  # singular lowercase words of the title
    quoted: list[tuple[int, int]]  # quoted stretches of the summary
    boosted: list[tuple[int, int]]  # lowercase acronym long forms
    counts: dict[str, int]  # how often each phrase key occurs
    first_sentence_end: int
    catchphrase_end: int  # end of the title's "Catchphrase:" prefix, -1 when none


def _phrases_of_note(text: str, t: TokenTable, summary_token: int, blocked: set[int]):
    """The phrases of the summary, then those of the title, as (start, end, text,
    `_PhraseInfo`, in title); and how often each phrase key occurs."""
    phrases = []
    counts: dict[str, int] = {}
    for region_start, region_end, in_title in (
        (summary_token, len(t.words), False),
        (0, summary_token, True),
    ):
        for t0, t1 in chunk_tokens(t, region_start, region_end, blocked):
            start, end = t.offsets[t0], t.offsets[t1 - 1] + len(t.words[t1 - 1])
            if t1 in blocked and _modifies_name(text, end, t.words[t0:t1]):
                continue
            if text[start - 1 : start] == "/" or text.startswith("/", end):
                continue  # half of "left-brain/right-brain division"
            phrase = text[start:end]
            info = _phrase_info(phrase)
            counts[info.key] = counts.get(info.key, 0) + 1
            phrases.append((start, end, phrase, info, in_title))
    return phrases, counts


def _modifies_name(text: str, end: int, words: list[str]) -> bool:
    """A phrase that runs into a name with only a space between is that name's modifier, not
    a topic, when it is one word or ends in a hyphenated one: "photorealistic PBR",
    "real-time Gaussian Splatting", "feed-forward end-to-end SfM"."""
    if not (text.startswith(" ", end) and text[end + 1 : end + 2].isalpha()):
        return False
    return len(words) == 1 or "-" in words[-1]


def _first_sentence_end(t: TokenTable, summary_token: int, default: int) -> int:
    for k in range(summary_token + 1, len(t.words)):
        if t.starts[k]:
            return t.offsets[k]
    return default


def _catchphrase_end(text: str, title_end: int) -> int:
    """Where a title's leading "Name: " part ends (the paper's name or catchphrase), or -1."""
    colon = text.find(": ", 0, title_end)
    return colon if colon > 0 else -1


def _excluded(info: _PhraseInfo, title_words: set[str], proposed: frozenset[str]) -> bool:
    """Phrases never kept: generic single words, short ones, lone adjectives the title does
    not use, propose verbs ("proposes"), the page-wide model class, the note's own names."""
    return info.never or (info.adjective and info.key not in title_words) or info.name in proposed


def _score(info: _PhraseInfo, start: int, end: int, in_title: bool, overlap: float,
           note: _NoteFeatures) -> float:  # fmt: skip
    """How likely a phrase is one of the note's key concepts; `overlap` is the share of its
    words in the title (vocabulary and title-only adjustments are made by the caller)."""
    score = info.prior + 2.0 * overlap + (1.0 if overlap == 1.0 else 0.0)
    score += 0.6 * min(note.counts[info.key] - 1, 2)
    if not in_title and end <= note.first_sentence_end:
        score += 0.4
    if note.quoted and any(s <= start and end <= e for s, e in note.quoted):
        score += 1.2
    if note.boosted and any(s <= start and end <= e for s, e in note.boosted):
        score += 1.5
    if info.opener and not in_title:
        score -= 0.8  # a sentence opener or a name, not a topic ("Simulations", "Fine-tuning")
    return score
