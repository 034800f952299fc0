"""Genericness: which candidate terms are ordinary English words, not research terms.

Decided from data, not from a list of words: general-English word frequency (`wordfreq`, its
data ship in the wheel) says a single word is common ("agent", "tools", "building": more
than about three uses per million words of general English); the word's shape says it is a
lone adjective or participle ("interpretable", "multilingual", "revisited"); and, for a
capitalised word, the notes themselves say whether it is used as a name: "Gemini" or
"Whisper" written with a capital in mid-sentence, never in lowercase, is a model; "Agent"
or "Video", written in lowercase everywhere but in titles, is a common noun.

A vocabulary match (the caller's gazetteer) overrides all of this: "attention" and "Adam"
are common words and research terms. Acronyms, versioned and mixed-case names, hyphenated
compounds ("in-context", "fine-tuning") and phrases are never generic here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import langcodes
from wordfreq import zipf_frequency

from papergraph.extract._gazetteer import VocabEntry
from papergraph.extract._lexicon import NOUN_GERUNDS, VERBS
from papergraph.extract.text import singular

__all__ = [
    "COMMON_ZIPF",
    "PROCESS_ENDINGS",
    "NameUses",
    "english_zipf",
    "is_common_word",
    "is_fragment",
    "is_generic_concept",
    "is_language_name",
    "is_lone_adjective",
    "is_theory_term",
    "load_word_frequencies",
    "names_language_variety",
    "vocabulary_knows",
]

# Zipf 3.5 = 3.2 uses per million words: "graphs" (3.55), "node" (3.9) and "agent" (4.8)
# are above, "convergence" (3.46), "transformer" (3.37) and "regularization" (2.3) below.
COMMON_ZIPF = 3.5
# Endings of nouns that name a process ("… Generation", "… Matching", "… Analysis"), not a
# thing: a technique rather than a model
PROCESS_ENDINGS = ("ion", "ing", "ment", "sis")
# An abstract noun (a property, a process, a field: "geometry", "efficiency", "reasoning",
# "fairness") names a research topic even when common, up to zipf 4.5 ("performance",
# "information", "understanding" and "building" are above).
_ABSTRACT_ENDINGS = ("tion", "sion", "ity", "ness", "ence", "ance", "ency", "ancy", "acy",
                     "ism", "ics", "ogy", "metry", "ing")  # fmt: skip
_ABSTRACT_ZIPF = 4.5
# A capitalised word rarer than this in general English is a name wherever it occurs
# ("Vicuna", "Qwen"); above it the notes decide (see `NameUses.is_generic_name`).
_NAME_ZIPF = 2.5
_SINGLE_WORD = re.compile(r"^[A-Za-z][a-z]+$")
# Endings of adjectives and participles that never head a noun phrase on their own.
_ADJECTIVE_ENDINGS = ("able", "ible", "ous", "ive", "ical", "ular", "ual", "ful", "less",
                      "ized", "ised", "lingual")  # fmt: skip
_PARTICIPLE = re.compile(r"^[a-z]{3,}[^e]ed$")
# after a hyphen, these endings make adjectives: "non-parametric", "multi-agent", "burst-resilient"
_COMPOUND_ADJECTIVE_END = re.compile(r"[a-z]{2,}(?:ic|al|ar|ent|ant)$")
_VERB_ING = re.compile(r"^[a-z]{3,}[iy][sz]ing$")  # "regularizing", "analysing": verbs, alone
# Last parts of hyphenated adjectives: "rate-aware", "training-free", "task-specific".
_ADJECTIVE_PARTS = frozenset(
    {"aware", "free", "like", "wise", "agnostic", "specific", "centric", "dimensional",
     "based", "driven", "rich", "efficient", "friendly", "intensive", "level"}
)  # fmt: skip
# a capitalised word after a lowercase word (or a comma) and a space: not a sentence opener
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z0-9,] )([A-Z][a-z]+)\b(?![-'’\w])")
_LOWER_WORD = re.compile(r"(?<![-\w\\])([a-z]+)\b(?![-\w])")  # not a LaTeX command: \phi


@lru_cache(maxsize=65536)  # pure; the same words come back in every note
def english_zipf(word: str) -> float:
    """Zipf frequency of `word` (lowercased) in general English: log10 of uses per billion."""
    return zipf_frequency(word.lower(), "en")


def load_word_frequencies() -> None:
    """Read wordfreq's English word list now: its first lookup reads it from disk (~0.2 s)."""
    zipf_frequency("the", "en")


@lru_cache(maxsize=65536)
def is_common_word(text: str) -> bool:
    """Whether `text` is one ordinary English word (letters only, at most an initial capital)
    that is common in general English, itself or in the singular."""
    if not _SINGLE_WORD.match(text):
        return False
    low = text.lower()
    return max(english_zipf(low), english_zipf(singular(low))) >= COMMON_ZIPF


@lru_cache(maxsize=65536)
def is_lone_adjective(text: str) -> bool:
    """Whether `text` is one lowercase adjective or participle by its ending
    ("interpretable", "heterogeneous", "multilingual", "revisited", "regularizing")."""
    if not _SINGLE_WORD.match(text) or not text.islower():
        return False
    return text.endswith(_ADJECTIVE_ENDINGS) or bool(
        _PARTICIPLE.match(text) or _VERB_ING.match(text)
    )


@lru_cache(maxsize=65536)
def is_generic_concept(phrase: str) -> bool:
    """Whether a concept phrase is a lone adjective or a single common word that is not an
    abstract noun of middling frequency: never a concept unless a vocabulary knows it."""
    words = phrase.split()
    if len(words) != 1:
        return False
    low = words[0].lower()
    if is_lone_adjective(low):
        return True
    if not is_common_word(words[0]):
        return False
    return not (low.endswith(_ABSTRACT_ENDINGS) and english_zipf(low) < _ABSTRACT_ZIPF)


@lru_cache(maxsize=65536)
def is_language_name(text: str) -> bool:
    """Whether `text` is the English name of a living human language ("Romanian", "Yoruba",
    "Bengali"), by the CLDR and IANA names that `langcodes` ships: what a note studies or
    translates, never a method, model or dataset of its own."""
    if not _SINGLE_WORD.match(text) or not text[0].isupper():
        return False
    try:
        language = langcodes.find(text, language="en")
    except LookupError:
        return False
    if language.speaking_population() <= 0:
        return False
    # a common word matched by one of a language's other names ("Mechanism" for Bodo) is the
    # word, unless it is the language's own English name ("English", "Chinese")
    return language.display_name().lower() == text.lower() or not is_common_word(text)


# Terms of theory that look like names: complexity classes, error types, learning frameworks
_THEORY_TERM = re.compile(
    r"^(?:(?:NP|co-?NP|PSPACE|APX|EXPTIME|#P)-(?:hard|complete|hardness|completeness)"
    r"|Type[- ](?:I{1,3}|[123])|PAC(?:-Bayes(?:ian)?)?)$"
)


def is_theory_term(text: str) -> bool:
    """Whether `text` is a term of theory shaped like a name ("NP-hardness", "Type-I",
    "PAC-Bayes"): a concept of the paper, never an artifact it proposes or uses."""
    return bool(_THEORY_TERM.match(text))


def names_language_variety(text: str) -> bool:
    """Whether `text` names a language, a variety or a language pair: "Old Foo", "Dialectal
    Arabic", "Arabic-English" (words capitalised, the last a living language)."""
    words = re.split(r"[\s\-–/]+", text)
    if not 2 <= len(words) <= 3 or not all(_SINGLE_WORD.match(w) and w[0].isupper() for w in words):
        return False
    return is_language_name(words[-1])


def vocabulary_knows(entry: VocabEntry | None, text: str) -> bool:
    """Whether a vocabulary entry vouches for `text` as a term: not a whole research area
    ("Graphs"), and not an acronym label matched by a lowercase word ("NODE" for "node")."""
    if entry is None or entry.top:
        return False
    return not (entry.label.isupper() and not text.isupper())


@lru_cache(maxsize=65536)
def is_fragment(phrase: str) -> bool:
    """Whether a concept phrase is a piece of a clause rather than a noun phrase: it ends in a
    hyphenated adjective ("rate-aware", "heavy-tailed", "non-parametric", "distributed
    multi-agent") or holds a verb's -ing form before its end ("inference utilizing adversarial
    training")."""
    words = phrase.lower().split()
    if not words:
        return False
    head, _, last_part = words[-1].rpartition("-")
    if head and (
        last_part in _ADJECTIVE_PARTS
        or is_lone_adjective(last_part)
        or (_COMPOUND_ADJECTIVE_END.search(last_part) and not last_part.endswith(("ment", "val")))
    ):
        return True
    return any(
        word.endswith("ing") and word in VERBS and word not in NOUN_GERUNDS for word in words[1:-1]
    )


class NameUses:
    """How a corpus writes each word: capitalised in mid-sentence (as a name) or in lowercase.

    Built from the summaries of the notes (titles are Title Case, so they say nothing).
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self.capitalised: Counter[str] = Counter()
        self.lowercase: Counter[str] = Counter()
        for text in texts:
            self.capitalised.update(m.lower() for m in _MID_SENTENCE_CAPITAL.findall(text))
            self.lowercase.update(_LOWER_WORD.findall(text))

    def written_in_lowercase(self, word: str) -> bool:
        """Whether some summary writes `word` (or its plural) in lowercase."""
        low = word.lower()
        return self.lowercase[low] + self.lowercase[low + "s"] > 0

    def is_generic_name(self, text: str) -> bool:
        """Whether a one-word name is an English word that the corpus does not use as a name.

        A common word ("Agent", zipf 3.5 or more) is generic unless the notes write it with a
        capital in mid-sentence more often than in lowercase; a less common one ("Refinement",
        "Semantics", zipf 2.5 to 3.5) only when the notes do write it in lowercase, at least
        as often as capitalised in mid-sentence ("Mamba" in a title alone stays a name).
        """
        if not _SINGLE_WORD.match(text):
            return False
        low = text.lower()
        zipf = max(english_zipf(low), english_zipf(singular(low)))
        if zipf < _NAME_ZIPF:
            return False
        capitalised = self.capitalised[low]
        lowercase = self.lowercase[low] + self.lowercase[low + "s"]
        if zipf < COMMON_ZIPF:
            return lowercase > 0 and lowercase >= capitalised
        return capitalised == 0 or lowercase >= capitalised
