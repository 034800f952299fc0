"""The extract stage's fast paths (each equals the slower code it replaced) and concept rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.extract import extract_notes
from papergraph.extract._abbreviations import _last_word
from papergraph.extract._candidates import NoteView
from papergraph.extract._gazetteer import Gazetteer
from papergraph.extract._nested import _search, _spelling
from papergraph.extract._quantities import _QUANTITY, _claim_matches, find_quantities
from papergraph.extract._text import find_word
from papergraph.read import Note

# Characters that exercise word boundaries, hyphens, case folding (İ ı ſ K) and whitespace.
_WORDISH = st.text(alphabet="aAbBsSkK-_ 1.é(\u0130\u0131\u017f\u212a\t", max_size=14)
_CLAIMISH = st.lists(
    st.sampled_from(
        list("0123456789 .,%x×-–~≈<>+±aeoKM@/\n") + ["up to ", "more than ", "about", "at least "]
    ),
    max_size=24,
).map("".join)


def concepts(nlp, title: str, summary: str) -> list[str]:
    note = Note(title, summary, Path("notes.txt"), 1)
    extraction = next(extract_notes(nlp, [note]))
    return [m.text.lower() for m in extraction.mentions if m.entity_type == "Concept"]


# --- fast paths -----------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(text=_WORDISH, word=st.sampled_from(["a", "ab", "AB", "s-k", "a b", "é", "k1", "ſk"]))
@pytest.mark.parametrize("ignore_case", [False, True])
def test_find_word_finds_what_the_regex_finds(text, word, ignore_case):
    pattern = rf"(?<![\w-]){re.escape(word)}(?![\w-])"
    flags = re.IGNORECASE if ignore_case else 0
    expected = [m.span() for m in re.finditer(pattern, text, flags)]
    assert find_word(text, word, ignore_case=ignore_case) == expected


@settings(max_examples=500, deadline=None)
@given(text=_CLAIMISH)
def test_claims_are_found_only_where_they_can_start(text):
    expected = [(m.span(), m.groupdict()) for m in _QUANTITY.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _claim_matches(text)] == expected


def test_quantity_head_with_irregular_spaces():
    # a comparative after two spaces used to be searched for with single spaces and lost
    [claim] = find_quantities("cuts cost by 5% inference  cheaper")
    assert claim.text == "5% inference  cheaper"


@pytest.mark.parametrize(
    "window", ["Long Form ", 'SF" ', "a (b) SF'  ", "ends (", "", "  ", 'x ""', "(SF)"]
)
def test_last_word_matches_the_regex_it_replaced(window):
    match = re.search(r"([^\s()]+?)[\"”’']?\s*$", window)
    assert _last_word(window) == (match.group(1) if match else None)


def test_token_range_is_char_span_expand(nlp):
    doc = nlp("A Title\n\nSome  words, (SF) here.")
    ext = doc._
    view = NoteView(doc, ext.pg_title_end, ext.pg_summary_start, [], [], Gazetteer())
    for start in range(-1, len(doc.text) + 1):
        for end in range(start, len(doc.text) + 2):
            span = doc.char_span(start, end, alignment_mode="expand")
            expected = None if span is None else (span.start, span.end)
            assert view.token_range(start, end) == expected


@pytest.mark.parametrize(
    ("text", "initials", "found"),
    [
        ("we use spectral graph wavelets here", "sgw", "spectral graph wavelets"),
        ("a Last-Layer-Only probe works", "llop", "Last-Layer-Only probe"),
        ("graph wavelets, spectral", "sgw", None),  # runs end at punctuation
        ("the spectral of graph wavelets", "sgw", None),  # no function word inside
        ("word only", "w", None),  # two words at least
    ],
)
def test_initials_search(text, initials, found):
    assert _search(_spelling(text), initials) == found


# --- concept rules --------------------------------------------------------------------------


def test_a_verb_after_a_subject_is_no_concept(nlp):
    found = concepts(nlp, "Graph Rewiring", "We study over-squashing in message-passing networks.")
    assert "over-squashing" in found and not any(c.startswith("study") for c in found)


def test_a_plural_looking_verb_splits_a_phrase(nlp):
    found = concepts(nlp, "Federated Learning", "The server aggregates adapters of all clients.")
    assert not any("aggregates" in c for c in found)


def test_proposed_names_are_no_concepts(nlp):
    found = concepts(
        nlp,
        "Message Passing Beyond Pairwise",
        "This paper proposes the Simplicial Attention Network (SAN), a graph neural network "
        "that passes messages over the triangles of a simplicial complex.",
    )
    assert "simplicial complex" in found and "simplicial attention network" not in found


def test_title_catchphrase_is_no_concept(nlp):
    found = concepts(
        nlp,
        "Quiet Lanterns: Robust Estimation of Sparse Signals",
        "We derive robust estimators of sparse signals under heavy-tailed noise.",
    )
    assert "quiet lanterns" not in found and "sparse signals" in found


def test_the_page_wide_model_class_is_no_concept(nlp):
    found = concepts(
        nlp,
        "Calibrated Abstention",
        "Language models often answer when they should abstain; calibrated abstention helps.",
    )
    assert "language models" not in found and "calibrated abstention" in found
