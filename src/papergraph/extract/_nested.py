"""Names inside names: the guideline's nested rule and implicit acronym definitions.

- A proposed "modifier + X" builds on X: "Orca Models v2" -> "Orca Models", "Online
  SGW-KDE" -> "KDE", "Masked Ratio GAN" (long form) -> "GAN", "Multi-X-tuning" -> "X-tuning"
  when the note names X-tuning elsewhere (title included). Parts count only when the
  vocabulary, another name of the note or an acronym definition knows them, so brand prefixes
  and unexpanded parts (ABC-XYZ -> no XYZ) stay whole.
- A hyphen compound of two known names names both ("SF-AdamW" -> SF, AdamW).
- An undefined acronym whose letters are the initials of a phrase of the note gets that
  phrase as its long form ("SGW" <- "spectral graph wavelets"; from the title only a phrase
  the vocabulary knows).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from papergraph.extract._candidates import Candidate, NoteView
from papergraph.extract._lexicon import GENERIC_ACRONYMS, MODEL_HEADS
from papergraph.extract.abbreviations import STOP_WORDS, is_short_form, short_form_initials
from papergraph.extract.generic import COMMON_ZIPF, english_zipf
from papergraph.extract.shapes import METRIC_NAMES, name_parts, name_shape, variant_parent
from papergraph.extract.text import find_word, name_key, singular

__all__ = ["attach_implicit_long_forms", "implicit_long_form", "nested_candidates"]

# Runs of 2-6 words. The look-behind changes no match (a run never starts after a letter: the
# attempt one letter earlier would have matched) but spares a failed attempt at every letter.
_PHRASE = re.compile(r"(?<![A-Za-z])[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){1,5}")


class _Spelling(NamedTuple):
    """The words of a text's runs (`_PHRASE`, "|" between runs) spelled by their initials."""

    words: list[str]
    heads: list[str]  # each word's initials
    initials: str  # every word's initials, concatenated ("|" for a run break)


def _spelling(text: str) -> _Spelling:
    words = " | ".join(_PHRASE.findall(text)).split()
    heads = list(map(_word_initials, words))
    return _Spelling(words, heads, "".join(heads))


@lru_cache(maxsize=65536)
def _word_initials(word: str) -> str:
    """ "Last-Layer-Only" -> "llo": hyphen parts count; never empty (words start with a letter)."""
    return "".join(p[0] for p in word.split("-") if p).lower()


def _region_spelling(view: NoteView, region: str) -> _Spelling:
    """The spelling of the note's "summary" or "title", built once."""
    if region not in view.initials:
        text = (
            view.text[view.summary_start :] if region == "summary" else view.text[: view.title_end]
        )
        view.initials[region] = _spelling(text)
    return view.initials[region]


def _search(spelling: _Spelling, initials: str, keep=None) -> str | None:
    """The first window of 2-6 words of a run, without function words, whose initials are
    `initials` (and that `keep` accepts)."""
    spelled = spelling.initials
    at = spelled.find(initials)
    if at < 0:
        return None  # the usual case: no need to locate the words
    starts = list(accumulate(map(len, spelling.heads), initial=0))  # of each word's initials
    while at >= 0:
        end = at + len(initials)
        first = bisect.bisect_left(starts, at)
        last = bisect.bisect_left(starts, end, first)
        if starts[first] == at and starts[last] == end and last - first >= 2:
            words = spelling.words[first:last]
            if not any(w.lower() in STOP_WORDS for w in words):
                phrase = " ".join(words)
                if keep is None or keep(phrase):
                    return phrase
        at = spelled.find(initials, at + 1)
    return None


def implicit_long_form(view: NoteView, surface: str) -> str | None:
    """ "SGW" <- "spectral graph wavelets" (summary), or a title phrase the vocabulary knows
    (Title Case titles spell too many initials)."""
    if not is_short_form(surface):
        return None
    initials = short_form_initials(surface)
    if len(initials) < 2:
        return None
    found = _search(_region_spelling(view, "summary"), initials)
    if found is not None:
        return found
    return _search(_region_spelling(view, "title"), initials, keep=view.gazetteer.lookup)


def attach_implicit_long_forms(view: NoteView, candidates: list[Candidate]) -> None:
    """Give undefined acronyms the phrase of the note they abbreviate, if any."""
    for c in candidates:
        surface = view.text[c.start : c.end]
        if name_key(surface) in view.defined:
            continue
        if c.long_form is None and c.shape in {"acronym", "mixed"}:
            long_form = implicit_long_form(view, surface)
            if long_form and name_key(long_form) != name_key(surface):
                c.long_form = long_form
                c.rule += "+implicit-abbreviation"


def _sub(c: Candidate, start: int, end: int, long_form: str | None = None) -> Candidate:
    # a part of a name is the same kind of thing as the name ("HN-CLAP" -> CLAP, a model),
    # unless the vocabulary says otherwise (see `_typing`)
    return Candidate(
        start, end, c.tok_start, c.tok_end, "acronym", "nested", 0.7, long_form,
        relation="uses", entity_type=c.entity_type, notes={"part-of-name"},
    )  # fmt: skip


_MODEL_WORDS = MODEL_HEADS | {"transformer", "transformers"}


def nested_candidates(view: NoteView, candidates: list[Candidate]) -> list[Candidate]:
    """Extra `uses` candidates for the known parts of names, and implicit long forms."""
    text = view.text
    keys = {name_key(text[c.start : c.end]) for c in candidates}
    proposed = {name_key(text[c.start : c.end]) for c in candidates if c.relation == "proposes"}
    extra: list[Candidate] = []
    for c in candidates:
        surface = text[c.start : c.end]
        if c.relation == "proposes":
            extra.extend(_proposed_parts(view, c, surface, keys - proposed))
        elif "-" in surface and c.relation == "uses":
            spans = [m.span() for m in re.finditer(r"[^\s\-→/]+", surface)]
            if len(spans) == 2 and all(_known(view, surface[s:e], keys) for s, e in spans):
                extra.extend(_sub(c, c.start + s, c.start + e) for s, e in spans)
    return extra


def _known(view: NoteView, part: str, keys: set[str]) -> bool:
    # Title-case words ("Diffusion", "Model") are too often ordinary words inside a name.
    if " " in part or name_shape(part) in {None, "title"}:
        return False
    key = name_key(part)
    return key in view.defined or view.gazetteer.lookup(part) is not None or key in keys


def _family(view: NoteView, parent: str, surface: str) -> bool:
    """A proposed variant builds on its family only when the vocabulary knows the family or
    the note names it on its own ("FooMem v2" with "FooMem"); "Zorb-1", "Quux-Instruct" or
    "Blip-HF" alone name no "Zorb", "Quux" or "Blip" (no invented family parents)."""
    if view.gazetteer.lookup(parent) is not None:
        return True
    text = view.text
    return len(find_word(text, parent)) > len(find_word(text, surface))


def _acronym(part: str) -> bool:
    """ "Isolated FOO (IFOO)": an acronym ending the long form of a proposed name is the
    artifact it modifies."""
    return len(part) >= 3 and " " not in part and name_shape(part) == "acronym"


def _variant_base(part: str) -> bool:
    """ "S-FOOPO", "H-InfoBar": a one-letter prefix marks a variant of the name after it
    (unlike an unexpanded acronym part such as ABC-XYZ, or a brand prefix)."""
    if len(part) < 4 or " " in part or not part[0].isupper():
        return False
    return name_shape(part) in {"acronym", "mixed"}


def _known_head_part(view: NoteView, surface: str, s: int, e: int) -> bool:
    """ "PAD-Transformer" builds on Transformer: the last hyphen part of a proposed name, when
    the vocabulary knows it as a model (a Title word elsewhere in a name is too often an
    ordinary word)."""
    if e != len(surface) or s == 0 or surface[s - 1] != "-":
        return False
    entry = view.gazetteer.lookup(surface[s:e])
    return entry is not None and entry.suggested_type == "Model"


def _known_architecture(view: NoteView, part: str) -> bool:
    """A single capitalised word the vocabulary knows as a model and general English rarely
    uses ("Transformer", "Mamba"; not "Model" or "Network")."""
    if " " in part or not part[:1].isupper() or not part[1:].islower():
        return False
    entry = view.gazetteer.lookup(part)
    return (
        entry is not None
        and entry.suggested_type == "Model"
        and entry.label == part
        and english_zipf(singular(part.lower())) < COMMON_ZIPF
    )


def _implicit_model(view: NoteView, part: str) -> str | None:
    """The long form the note spells out for an acronym part of a proposed name, when it
    names a model the proposal builds on ("Mixed Graph Diffusion Transformer (MG-DiT)" uses
    the Diffusion Transformer). Initials of the note's other words ("COB-GS" with "clear
    object boundary") are the proposal's own, nothing it uses."""
    long_form = implicit_long_form(view, part)
    if long_form is None or long_form.split()[-1].lower() not in _MODEL_WORDS:
        return None
    return long_form


def _bare_initials(view: NoteView, part: str) -> bool:
    """ "MA-IG", "CB-SLICE", "HF" in "Foo-HF": two letters inside a compound name, which the
    vocabulary does not know and the note never writes alone, are initials of the name's own
    words, nothing it builds on."""
    letters = sum(ch.isalpha() for ch in part)
    return letters <= 2 and view.gazetteer.lookup(part) is None and not find_word(view.text, part)


def _known_metric_part(surface: str, s: int, e: int) -> bool:
    """ "Symmetric F1", "Masked PSNR": a proposed metric named after a common metric builds on
    it. Only a symbol-like part counts ("F1", "AUC", "mIoU"), not a word ("Accuracy")."""
    part = surface[s:e]
    return (
        e == len(surface)
        and s > 0
        and part.lower() in METRIC_NAMES
        and any(ch.isupper() or ch.isdigit() for ch in part[1:])
    )


def _proposed_parts(view, c, surface, keys) -> list[Candidate]:
    text = view.text
    extra = []
    parent = variant_parent(surface)
    if (
        parent
        and surface.startswith(parent)
        and parent != surface
        and _family(view, parent, surface)
    ):
        extra.append(_sub(c, c.start, c.start + len(parent)))
    for s, e in name_parts(surface):
        part = surface[s:e]
        if name_key(part) in view.defined and view.defined[name_key(part)].short != part:
            continue
        if name_key(part) in GENERIC_ACRONYMS or _bare_initials(view, part):
            continue  # "E2E-Foo", "LLM-Foo": a class or a setting is nothing the name builds on
        variant = s == 2 and e == len(surface) and surface[1] == "-" and _variant_base(part)
        variant = variant and surface[0].isupper()  # "f-FooNCE": a function family, its own
        # "E-FOOS: Efficient …": a long form that spells the letter makes it no variant prefix
        variant = variant and not (c.long_form and c.long_form[0].lower() == surface[0].lower())
        if (
            variant
            or _known(view, part, keys)
            or _known_head_part(view, surface, s, e)
            or _known_metric_part(surface, s, e)
        ):
            extra.append(_sub(c, c.start + s, c.start + e))
        elif is_short_form(part) and (long_form := _implicit_model(view, part)):
            extra.append(_sub(c, c.start + s, c.start + e, long_form))
        elif "-" in part and " " not in part and len(part) >= 5 and c.start >= view.summary_start:
            title = text[: view.title_end]
            spans = find_word(title, part, ignore_case=True)
            if spans:
                extra.append(_sub(c, *spans[0]))
    abbr = view.defined.get(name_key(surface))
    if abbr is not None and abbr.long_start >= view.summary_start:
        long = text[abbr.long_start : abbr.long_end]
        for s, e in name_parts(long, max_parts=2):
            part = long[s:e]
            if e == len(long) and (_known(view, part, keys) or _acronym(part)):
                extra.append(_sub(c, abbr.long_start + s, abbr.long_start + e))
            elif e < len(long) and _known_architecture(view, part):
                # "Context-enhanced Transformer Encoder (CTE)" builds on the Transformer
                extra.append(_sub(c, abbr.long_start + s, abbr.long_start + e))
    return extra
