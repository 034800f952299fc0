"""Quantitative claims in a summary: "up to 46%", "9,600+ GPUs", "50M–2B parameters", formulas.

`find_quantities(text, math_spans)` is a plain function over the summary string; the regexes
are compiled once at import. One item per number, a range ("5–8%", "130M to 7B parameters")
is one item, "from 40% to 2.5%" is two. Numbers inside names (Llama-3.1-8B, Top-1, R3XL,
V4), ordinals, "3D", years and figure/table numbers are not claims. Number words count only
when they count something ("three simple heuristics", "two orders of magnitude more"), never
"one"/"single", hyphenated ("two-layer") or definitional ("between two …").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from papergraph.extract._lexicon import NUMBER_WORDS, VERBS
from papergraph.extract.mentions import QuantityMention

__all__ = ["find_quantities", "parse_number"]

_NUM = r"(?:\d+/\d+|(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
_MULT = r"(?:[KMBT](?![A-Za-z])|k(?![A-Za-z]))"
_CORE = rf"{_NUM}{_MULT}?\+?"
_UNIT = r"(?:\s?%|\s?×|x(?![A-Za-z])|-fold\b|\s(?:times|fold|pp|percentage points)\b)"
_MODIFIER_WORDS = (
    "up to", "approximately", "about", "around", "roughly", "nearly", "almost", "over",
    "more than", "fewer than", "less than", "at least", "at most", "above", "below", "under",
    "exceeding", "exceeds", "approaches", "approaching", "reaching", "as much as", "as many as",
    "as few as", "as little as",
)  # fmt: skip
_MODIFIER_SIGNS = "~≈≥≤<>+±"
_MODIFIER = rf"(?:(?:{'|'.join(_MODIFIER_WORDS)})\s+|[{_MODIFIER_SIGNS}]\s?)"
# \d+, written so that `re` skips to the next digit without trying a match at every character
_DIGITS = re.compile(r"\d\d*")
# Matched only where `_claim_starts` says a claim can start (see `_claim_matches`).
_QUANTITY = re.compile(
    rf"(?<![\w.@/\\^_-])(?<![A-Za-z]-)(?P<mod>{_MODIFIER})?"
    rf"(?P<a>{_CORE})(?P<unit_a>{_UNIT})?"
    rf"(?:(?P<sep>\s?[–—-]\s?|\s+to\s+)(?P<b>{_CORE})(?P<unit_b>{_UNIT})?)?"
    rf"(?P<compound>-[a-z]+(?![a-z]))?"
    r"(?![\w@])"
)
_NUMBER_WORD = re.compile(
    r"(?<![\w-])(?=[" + "".join(sorted({w[0] for w in NUMBER_WORDS})) + "])"  # cheap first test
    r"(?P<word>" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?P<orders>\s+orders?\s+of\s+magnitude(?:\s+(?:more|less|fewer|larger|smaller|faster|"
    r"slower|higher|lower))?)?(?![\w-])",
    re.IGNORECASE,
)
_HEAD_WORD = re.compile(r"\s+([A-Za-z][\w-]*)")
_WORD_OR_MARK = re.compile(r"[A-Za-z][\w-]*|[^\w\s]")
_COMPARATIVES = frozenset(
    {"faster", "slower", "more", "fewer", "less", "higher", "lower", "larger", "smaller",
     "better", "speedup", "improvement", "reduction", "increase", "decrease", "gain", "gains",
     "overhead", "compression", "cheaper", "efficiency", "throughput", "speed", "memory",
     "accuracy", "savings", "boost"}
)  # fmt: skip
_HEAD_STOP = frozenset(
    {"the", "a", "an", "and", "or", "of", "to", "in", "on", "by", "for", "with", "from", "at",
     "than", "that", "which", "while", "is", "are", "was", "were", "as", "over", "into", "its",
     "their", "across", "per", "without", "each", "between", "but", "also", "via", "this",
     "it", "when", "where", "under", "after", "before", "both", "all", "using"}
)  # fmt: skip
_NOT_CLAIM_BEFORE = re.compile(
    r"(?:Table|Figure|Fig\.|Section|Sec\.|Eq\.|Equation|Appendix|Theorem|Lemma|Chapter|Step|"
    r"Phase|Stage|Version|Level|Layer|Round|Task|Algorithm)\s*$"
)
_NAME_BEFORE = re.compile(r"\b[A-Z][\w-]*[A-Za-z]\s$")
_DEFINITIONAL_BEFORE = re.compile(r"(?:between|each|every|per|the|these|those|of the)\s+$", re.I)
_MULTIPLIERS = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
_MATH_QUANTITY = re.compile(
    r"[<>=≤≥≪≫∝≈∼]|\\(?:le|ge|leq|geq|ll|gg|propto|approx|sim|neq|lesssim|gtrsim)(?![a-z])"
    r"|(?:\\mathcal\{O\}|\\widetilde\{O\}|\\tilde\{O\}|\\Theta|\\Omega|\bO)\s*\("
    r"|\d\s*/|\\sqrt|\\frac|\d\s*\^|\^\s*\{?\d"
)


def parse_number(text: str) -> float | None:
    """ "9,600+" -> 9600.0; "1.2T" -> 1.2e12; "2/3" -> 0.667; "three" -> 3.0; else None."""
    text = text.strip().rstrip("+")
    if text.lower() in NUMBER_WORDS:
        return float(NUMBER_WORDS[text.lower()])
    factor = 1.0
    if text and text[-1] in _MULTIPLIERS:
        factor, text = _MULTIPLIERS[text[-1]], text[:-1]
    try:
        if "/" in text:
            num, den = text.split("/", 1)
            return float(num) / float(den) * factor
        return float(text.replace(",", "")) * factor
    except (ValueError, ZeroDivisionError):
        return None


def _head_phrase(text: str, pos: int, max_words: int = 3) -> tuple[int, str | None]:
    """End offset and text of the noun phrase right after `pos` (≤ `max_words` words)."""
    end, words = pos, []
    while len(words) < max_words:
        match = _HEAD_WORD.match(text, end)
        if not match or match.group(1).lower() in _HEAD_STOP:
            break
        word = match.group(1)
        if word.lower() in VERBS or (words and word.endswith("ed")):
            # a gerund may still modify the head noun that follows ("two training datasets")
            after = _HEAD_WORD.match(text, match.end())
            if words or not word.endswith("ing") or not after:
                break
            if after.group(1).lower() in _HEAD_STOP or after.group(1).lower() in VERBS:
                break
        words.append(word)
        end = match.end()
    return end, (" ".join(words) or None)


def _measures_before(text: str, start: int) -> str | None:
    """A short phrase before the quantity saying what it measures ("communication span")."""
    words = _WORD_OR_MARK.findall(text[max(0, start - 120) : start])
    phrase: list[str] = []
    for word in reversed(words):
        low = word.lower()
        if not phrase and low in {"by", "of", "to", "from", "at", "is", "in", "with", "and"}:
            continue
        if not word[0].isalnum() or low in _HEAD_STOP or len(phrase) >= 4:
            break
        phrase.insert(0, word)
    return " ".join(phrase) or None


def _numeric(text: str, match: re.Match, math_spans) -> QuantityMention | None:
    start, end = match.span()
    if any(s < end and start < e for s, e in math_spans):
        return None
    if _NOT_CLAIM_BEFORE.search(text[max(0, start - 12) : start]):
        return None
    a, b = match.group("a"), match.group("b")
    unit_a, unit_b, sep = match.group("unit_a"), match.group("unit_b"), match.group("sep")
    if b and sep and sep.strip() == "to" and unit_a:
        # "from 40% to 2.5%": a change, two claims; keep the first here.
        end = match.end("unit_a")
    bare = not (unit_a or unit_b or match.group("mod") or match.group("compound"))
    if bare and not b and re.fullmatch(r"(?:19|20)\d\d", a):
        return None  # a year
    if bare and not b and "." in a and _NAME_BEFORE.search(text[max(0, start - 30) : start]):
        return None  # a version: "Llama 3.1"
    unit = (unit_b or unit_a or "").strip().replace("x", "×") or None
    if unit in {"-fold", "fold", "times"}:
        unit = "×"
    head_end, head = _head_phrase(text, end)
    if unit in {"%", "×", "pp", "percentage points"}:
        words = head.split() if head else []
        keep = next((i for i, w in enumerate(words[:2]) if w.lower() in _COMPARATIVES), None)
        if keep is not None:
            # the head up to its comparative ("46% fewer parameters" -> "fewer"); read again,
            # not searched for: irregular spaces between its words must not lose it
            head_end, head = _head_phrase(text, end, keep + 1)
        elif text.startswith(" of ", end) and (tail := _head_phrase(text, end + 3, 2))[1]:
            head_end, head = tail[0], f"of {tail[1]}"
        else:
            head_end, head = end, None
    if match.group("compound"):
        head_end, head = end, match.group("compound")[1:]
    end = max(end, head_end)
    value = parse_number(a)
    if unit is None and head:
        unit = head.split()[-1] if not head.startswith("of ") else None
    measures = head or _measures_before(text, start)
    return QuantityMention(text[start:end], start, end, value, unit, measures)


def _claim_matches(text: str) -> Iterator[re.Match]:
    """What `_QUANTITY.finditer(text)` finds, trying the pattern only where a claim can start:
    at a run of digits, or at the modifier right before one ("up to 46%", "~3×"). (Trying a
    long pattern at every character of every summary was this module's costliest step.)"""
    pos = 0
    for digits in _DIGITS.finditer(text):
        if digits.start() < pos:
            continue  # inside the last claim
        for start in _claim_starts(text, digits.start(), pos):
            match = _QUANTITY.match(text, start)
            if match:
                yield match
                pos = match.end()
                break


def _claim_starts(text: str, digit: int, pos: int) -> list[int]:
    """Where a claim whose number starts at `digit` can start, leftmost first: at a modifier
    word or sign right before the number, or at the number itself (not before `pos`)."""
    gap = digit
    while gap > pos and text[gap - 1].isspace():
        gap -= 1
    starts = [digit]
    if gap < digit:  # "up to 46%": a modifier word, then whitespace
        word = next((w for w in _MODIFIER_WORDS if text.endswith(w, pos, gap)), None)
        if word is not None:
            starts.insert(0, gap - len(word))
    if digit - 1 >= pos and text[digit - 1] in _MODIFIER_SIGNS:  # "~3×"
        starts.insert(0, digit - 1)
    elif digit - 2 >= pos and text[digit - 2] in _MODIFIER_SIGNS and digit - gap == 1:  # "≈ 3×"
        starts.insert(0, digit - 2)
    return starts


def find_quantities(
    text: str, math_spans: list[tuple[int, int]] | None = None
) -> list[QuantityMention]:
    """Every quantitative claim in `text`, in order, with exact offsets."""
    math_spans = math_spans or []
    found: list[QuantityMention] = []
    for match in _claim_matches(text):
        quantity = _numeric(text, match, math_spans)
        if quantity is not None:
            found.append(quantity)
        sep = match.group("sep")
        if match.group("b") and sep and sep.strip() == "to" and match.group("unit_a"):
            # "from 40% to 2.5%": the second claim of a change.
            b_start = match.start("b")
            b_end = match.end("unit_b") if match.group("unit_b") else match.end("b")
            unit = (match.group("unit_b") or match.group("unit_a")).strip()
            value = parse_number(match.group("b"))
            found.append(QuantityMention(text[b_start:b_end], b_start, b_end, value, unit, None))
    for match in _NUMBER_WORD.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in math_spans):
            continue
        if _DEFINITIONAL_BEFORE.search(text[max(0, start - 12) : start]):
            continue
        orders = match.group("orders")
        head_end, head = (end, None) if orders else _head_phrase(text, end)
        if not orders and not head:
            continue
        unit = "orders of magnitude" if orders else head.split()[-1]
        found.append(
            QuantityMention(
                text[start:head_end], start, head_end, parse_number(match.group("word")), unit,
                head if head else _measures_before(text, start),
            )
        )  # fmt: skip
    for m_start, m_end in math_spans:
        body = text[m_start:m_end]
        if _MATH_QUANTITY.search(body[2:-2] if body.startswith("\\") else body.strip("$")):
            found.append(
                QuantityMention(body, m_start, m_end, None, None, _measures_before(text, m_start))
            )
    found.sort(key=lambda q: (q.start, -q.end))
    result: list[QuantityMention] = []
    for quantity in found:
        if result and quantity.start < result[-1].end:
            continue
        result.append(quantity)
    return result
