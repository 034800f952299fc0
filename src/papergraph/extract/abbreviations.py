"""Acronym definitions, after Schwartz & Hearst (PSB 2003), on plain text.

Three places define an acronym in research notes:

- "Long Form (LF)" and "SF (Long Form)" in running text, also "(SF, Long Form)";
- a title prefix "SF: Long Form for …" ("HALO: Hierarchical Attention for Long Observations …");
- nowhere: an acronym used in the note whose letters are the initials of a phrase of the same
  note ("SGW" and "spectral graph wavelets"): `find_implicit_long_form`.

The functions take and return plain strings and character offsets, so they are tested without
a pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from papergraph.extract._lexicon import PROPOSE_VERBS, VERBS
from papergraph.extract.generic import is_common_word

__all__ = [
    "STOP_WORDS",
    "Abbreviation",
    "definition_holds",
    "find_abbreviations",
    "find_implicit_long_form",
    "is_short_form",
    "match_long_form",
    "phrase_initials",
    "short_form_initials",
    "title_prefix_expansion",
]

_PAREN = re.compile(r"\(([^()]{1,200})\)")
_WORD = re.compile(r"\S+")
_WORD_PART = re.compile(r"[^\s-]+")  # a word or a hyphen part of one
_INNER_SEPARATOR = re.compile(r"\s*[,;:]\s*")  # "(SF, long form)", "(SF; …)"
_QUOTES = "\"'“”‘’`*"
# A long form never reaches back over these.
_BARRIERS = re.compile(r"[.;:!?()\[\]—–]|\s-\s|,\s(?:and|or|which|that|while|where)\s")
STOP_WORDS = frozenset(
    {"a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "with", "via", "by", "from",
     "at", "as", "into", "over", "under", "using", "is", "are", "this", "that", "these",
     "those", "its", "their", "our", "we", "it", "be"}
)  # fmt: skip
# A long form is a noun phrase: it never opens with a pronoun, a preposition, a conjunction
# or a verb ("they show potential (TSP)", "across many tasks (AMT)", "refine action (ReAct)").
_NO_LONG_FORM_START = STOP_WORDS | frozenset(
    {"they", "he", "she", "you", "i", "us", "them", "which", "who", "whose", "what", "when",
     "while", "whereas", "if", "than", "then", "so", "but", "not", "no", "also", "both",
     "each", "all", "across", "between", "through", "within", "without", "about", "after",
     "before", "during", "against", "among", "because", "since", "per", "up", "down"}
)  # fmt: skip
_DETERMINERS = frozenset({"the", "a", "an", "both", "each", "all", "its", "their", "our", "this"})
# Words that open or carry a clause: a noun phrase (a long form) never holds them.
_CLAUSE_WORDS = frozenset({"that", "which", "who", "whose", "whom", "is", "are", "was", "were"})
_INNER_DIGIT = re.compile(r"(?<=[A-Za-z])\d(?=[A-Za-z])")
_DIGIT_REPEAT = re.compile(r"([A-Za-z])([2-9])(?=[A-Za-z\-]|$)")
_SUPERSCRIPT_DIGITS = str.maketrans("²³⁴⁵⁶⁷⁸⁹", "23456789")


@dataclass(frozen=True)
class Abbreviation:
    """An acronym definition: short form and long form, with character offsets."""

    short: str
    short_start: int
    short_end: int
    long: str
    long_start: int
    long_end: int


@lru_cache(maxsize=65536)  # pure; asked for the same words in every note
def is_short_form(text: str) -> bool:
    """Whether `text` can be an acronym: 2-12 chars, starts alnum, has >= 2 capitals (or a
    capital and a digit, or is mixed case like "xLSTM"), at most one space and few lowercase."""
    if not 2 <= len(text) <= 12 or not text[0].isalnum() or text.count(" ") > 1:
        return False
    uppers = sum(ch.isupper() for ch in text)
    digits = sum(ch.isdigit() for ch in text)
    lowers = sum(ch.islower() for ch in text)
    if uppers >= 2 or (uppers == 1 and digits >= 1):
        return lowers <= max(uppers + digits, 4) + 1
    return False


def _expand_digit_repeats(short: str) -> str:
    """ "R3XL" -> "RRRXL", "CD²-VAE" -> "CDD-VAE": a digit after a letter, written inline or
    as a superscript, often counts that letter's repeats."""
    short = short.translate(_SUPERSCRIPT_DIGITS)
    return _DIGIT_REPEAT.sub(lambda m: m.group(1) * int(m.group(2)), short)


def _match(short: str, long: str) -> int | None:
    """Schwartz-Hearst right-to-left match; the start of the long form in `long`, or None."""
    chars = [ch.lower() for ch in short if ch.isalnum()]
    if not chars:
        return None
    l_idx = len(long) - 1
    for s_idx in range(len(chars) - 1, -1, -1):
        ch = chars[s_idx]
        while l_idx >= 0 and (
            long[l_idx].lower() != ch or (s_idx == 0 and l_idx > 0 and long[l_idx - 1].isalnum())
        ):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
    return long.rfind(" ", 0, l_idx + 1) + 1


def _match_initials(short: str, long: str) -> int | None:
    """Start of the shortest suffix of `long` whose word initials spell `short`, or None."""
    letters = "".join(ch.lower() for ch in short if ch.isalnum())
    words = list(_WORD_PART.finditer(long))
    initials = ""
    for word in reversed(words):
        if word.group().lower() in STOP_WORDS:
            continue
        initials = word.group()[0].lower() + initials
        if initials == letters:
            return long.rfind(" ", 0, word.start() + 1) + 1
        if not letters.endswith(initials):
            return None
    return None


def _short_variants(short: str) -> tuple[str, ...]:
    """The short form, without a plural "s", with digits spelled as repeats ("R2D2" ->
    "RRDD"), and without a digit between letters ("L2O" -> "LO": "2" for "to"; a trailing
    digit is kept, so "FP4" is not "full precision")."""
    base = short[:-1] if short.endswith("s") and short[:-1].isupper() is False else short
    inner_digits = _INNER_DIGIT.sub("", base)
    return tuple(dict.fromkeys((short, base, _expand_digit_repeats(base), inner_digits)))


@lru_cache(maxsize=65536)  # pure; the same definitions recur across notes
def definition_holds(short: str, long: str) -> bool:
    """Whether `long` can be the long form of `short` (Schwartz & Hearst's conditions).

    Every letter and digit of the short form is matched, in order, by a character of the long
    form, the first one at the start of the long form's first word; the long form is longer
    than the short form, has two words or hyphen parts or more and at most min(n + 5, 2n)
    words for n short-form characters, does not contain the short form as a word, and is a
    noun phrase: it does not open with a function word or a lowercase verb ("they show
    potential" is no long form of "TSP", nor "refine action" of "ReAct", nor a gerund with its
    object "initializing both the A and B matrices" of "Init[AB]") and holds no clause
    ("framework that employs a MoE layer" is no long form of "FooMoE"). A "Brand-SF" short
    form ("Zorbix-QRT") may be matched by its last part alone, when the brand is a rare
    capitalised word: not an acronym of its own ("ABC-QRT" is not "QRT") nor a common word
    ("Dense-QRT" is not "QRT").

    >>> definition_holds("LoRA", "Low-Rank Adaptation")
    True
    """
    short = short.strip(_QUOTES + " ")
    long = " ".join(long.strip(_QUOTES + " ").split())
    words = long.split()
    if not short or len(_WORD_PART.findall(long)) < 2 or len(long) <= len(short):
        return False
    first = words[0].strip(_QUOTES)
    low = first.lower()
    if low in _NO_LONG_FORM_START or short.lower() in long.lower().split():
        return False
    if any(w.lower() in _CLAUSE_WORDS for w in words[1:]):
        return False  # "framework that employs a customized X architecture (TokenX)"
    if first.islower() and (low in PROPOSE_VERBS or (low in VERBS and not low.endswith("ing"))):
        return False
    gerund = first.islower() and low.endswith("ing") and len(words) > 1
    if gerund and words[1].lower() in _DETERMINERS:
        return False  # "initializing both the A and B matrices": a verb and its object
    variants = _short_variants(short)
    if _brand_prefix(short):
        variants += _short_variants(short.rpartition("-")[2])
    for variant in variants:
        chars = [ch.lower() for ch in variant if ch.isalnum()]
        if len(chars) < 2 or len(words) > min(len(chars) + 5, len(chars) * 2):
            continue
        if long[0].lower() == chars[0] and _in_order(chars[1:], long[1:].lower()):
            return True
    return False


def _brand_prefix(short: str) -> bool:
    """Whether `short` is a brand name, a hyphen and an acronym ("Zorbix-QRT")."""
    brand, _, last = short.rpartition("-")
    return (
        brand.isalpha()
        and brand[:1].isupper()
        and brand[1:].islower()
        and not is_common_word(brand)
        and is_short_form(last)
    )


def _in_order(chars: list[str], text: str) -> bool:
    """Whether `chars` occur in `text` in this order (not necessarily next to each other)."""
    it = iter(text)
    return all(ch in it for ch in chars)


def match_long_form(short: str, candidate: str) -> str | None:
    """The shortest suffix of `candidate` that `short` abbreviates, or None.

    >>> match_long_form("SAGE", "we propose Sparse Adaptive Gradient Echo")
    'Sparse Adaptive Gradient Echo'
    """
    short = short.strip(_QUOTES)
    for variant in _short_variants(short)[:3]:
        start = _match_initials(variant, candidate)
        if start is None:
            start = _match(variant, candidate)
        if start is None:
            continue
        long = candidate[start:].strip(_QUOTES + " ")
        words = long.split()
        n = sum(ch.isalnum() for ch in variant)
        if not words or len(words) > min(n + 5, n * 2) or len(long) <= len(short):
            continue
        if short.lower() in long.lower().split():
            continue
        if definition_holds(short, long):
            return long
    return None


def _left_context(text: str, end: int, max_words: int) -> tuple[str, int]:
    """Up to `max_words` words before `end`, not crossing a barrier; (text, start offset)."""
    window_start = max(0, end - 40 * max_words)
    window = text[window_start:end]
    barriers = [m.end() for m in _BARRIERS.finditer(window)]
    if barriers:
        window_start += barriers[-1]
        window = text[window_start:end]
    words = list(_WORD.finditer(window))[-max_words:]
    if not words:
        return "", end
    start = window_start + words[0].start()
    return text[start:end], start


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Every acronym defined by parentheses in `text`, with exact offsets."""
    found: list[Abbreviation] = []
    for paren in _PAREN.finditer(text):
        abbreviation = _short_inside(text, paren) or _long_inside(text, paren)
        if abbreviation is not None:
            found.append(abbreviation)
    return found


def _short_inside(text: str, paren: re.Match) -> Abbreviation | None:
    """ "Long Form (SF)", "Long Form (SF; …)" and "(SF, Long Form)"."""
    inner_start, inner_end = paren.span(1)
    parts = _INNER_SEPARATOR.split(paren.group(1).strip(), maxsplit=1)
    short = parts[0].strip(_QUOTES)
    if not is_short_form(short) or len(short.split()) > 2:
        return None
    s_start = text.find(short, inner_start, inner_end)
    if len(parts) == 2 and (long := match_long_form(short, parts[1].strip(_QUOTES))):
        l_start = text.find(long, inner_start, inner_end)
        if l_start >= 0 and parts[1].strip(_QUOTES + " ").startswith(long):
            return Abbreviation(
                short, s_start, s_start + len(short), long, l_start, l_start + len(long)
            )
    n = sum(ch.isalnum() for ch in short)
    context, c_start = _left_context(text, paren.start(), min(n + 5, n * 2))
    long = match_long_form(short, context.rstrip())
    if long is None:
        return None
    l_start = text.rfind(long, c_start, paren.start())
    if l_start < 0:
        return None
    return Abbreviation(short, s_start, s_start + len(short), long, l_start, l_start + len(long))


def _long_inside(text: str, paren: re.Match) -> Abbreviation | None:
    """ "SF (Long Form)": the whole parenthesis is the long form of the word before it."""
    inner = paren.group(1).strip().strip(_QUOTES).strip()
    if len(inner.split()) < 2:
        return None
    before = _last_word(text[max(0, paren.start() - 40) : paren.start()])
    if before is None:
        return None
    short = before.strip(_QUOTES + ",")
    if not is_short_form(short):
        return None
    long = match_long_form(short, inner)
    if long is None or len(inner) - len(long) > 4:
        return None
    s_start = text.rfind(short, max(0, paren.start() - 40), paren.start())
    l_start = text.find(long, paren.start(1), paren.end(1))
    if s_start < 0 or l_start < 0:
        return None
    return Abbreviation(short, s_start, s_start + len(short), long, l_start, l_start + len(long))


def _last_word(window: str) -> str | None:
    """The last word of `window` (no spaces or parentheses) without one closing quote, or None
    when the window ends in a parenthesis or has no word."""
    stripped = window.rstrip()
    k = len(stripped)
    while k > 0 and not stripped[k - 1].isspace() and stripped[k - 1] not in "()":
        k -= 1
    word = stripped[k:]
    if len(word) > 1 and word[-1] in "\"”’'":
        return word[:-1]
    return word or None


def title_prefix_expansion(prefix: str, rest: str, *, last_part: bool = True) -> str | None:
    """The long form that a title prefix abbreviates at the start of the rest of the title.

    "HALO", "Hierarchical Attention for Long Observations in Robots" ->
    "Hierarchical Attention for Long Observations". First the shortest run of leading
    words whose capitals and word starts spell the prefix; failing that, the shortest run that
    Schwartz-Hearst matches from its first word, extended to the next function word. For a
    "Brand-SF" prefix ("Nemotron-XYZ") the last part is tried as well, unless `last_part` is
    false.
    """
    words = rest.split()
    candidates = [prefix] + ([prefix.rsplit("-", 1)[1]] if "-" in prefix and last_part else [])
    for short in candidates:
        if not is_short_form(short) or len(words) < 2:
            continue
        letters = [ch.lower() for ch in short if ch.isalpha()]
        limit = min(len(words), 2 * len(letters))
        for n in range(1, limit + 1):
            long = " ".join(words[:n]).rstrip(",.;:")
            if _initials_cover(letters, long) and definition_holds(short, long):
                return long
        for n in range(2, limit + 1):
            if _match(short, " ".join(words[:n])) == 0:
                while n < len(words) and words[n].lower() not in STOP_WORDS:
                    n += 1
                long = " ".join(words[:n]).rstrip(",.;:")
                if definition_holds(short, long):
                    return long
                break
    return None


def _initials_cover(letters: list[str], phrase: str) -> bool:
    """Letters matched in order to capitals / word starts of `phrase`, ending on its last word."""
    starts = [
        phrase[i].lower()
        for i in range(len(phrase))
        if phrase[i].isalpha() and (i == 0 or not phrase[i - 1].isalpha() or phrase[i].isupper())
    ]
    it = iter(starts)
    if not all(any(ch == s for s in it) for ch in letters):
        return False
    last_word = re.split(r"[\s-]+", phrase)[-1]
    return bool(last_word) and last_word[0].lower() == letters[-1]


def find_implicit_long_form(short: str, phrases: list[str]) -> str | None:
    """A phrase whose word initials spell `short` ("SGW" <- "spectral graph wavelets").

    `short`'s capitals (and its first character) must equal the phrase's initials exactly,
    case-insensitively; phrases of 2-6 words without function words qualify.
    """
    initials = short_form_initials(short)
    if len(initials) < 2:
        return None
    return next((p for p in phrases if phrase_initials(p) == initials), None)


def short_form_initials(short: str) -> str:
    """ "SGW" -> "sgw", "xLSTM" -> "xlstm", "GaN" -> "gn": first character and capitals."""
    return (short[:1] + "".join(ch for ch in short[1:] if ch.isupper())).lower()


def phrase_initials(phrase: str) -> str | None:
    """Initials of a 2-6 word phrase without function words ("spectral graph wavelets" ->
    "sgw"), or None when the phrase cannot be a long form."""
    words = [w for w in re.split(r"[\s-]+", phrase) if w]
    if not 2 <= len(words) <= 6 or any(w.lower() in STOP_WORDS for w in words):
        return None
    return "".join(w[0] for w in words).lower()
