"""Acronym definitions: which long forms are accepted for a short form, and which are not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.extract.abbreviations import (
    definition_holds,
    find_abbreviations,
    find_implicit_long_form,
    match_long_form,
    phrase_initials,
    title_prefix_expansion,
)


@pytest.mark.parametrize(
    ("short", "long", "holds"),
    [
        # n short-form characters allow at most min(n + 5, 2n) words: 4 for "GP", 6 for "CRC"
        ("GP", "Gaussian noise regression process", True),
        ("GP", "Gaussian noise kernel regression process", False),
        ("CRC", "Conformal risk calibrated score ranking Control", True),
        ("CRC", "Conformal risk calibrated score ranking model Control", False),
        # a long form as long as its short form is a respelling of it, not a definition
        ("C-GAN", "C GANs", True),
        ("C-GAN", "C GAN", False),
        ("C-GAN", "C  GAN", False),
        # "Brand-SF": the last part alone, when the brand is one rare capitalised word
        ("Zorbix-QRT", "Quantised Retrieval Transformer", True),
        ("Zorbix-Mini-QRT", "Quantised Retrieval Transformer", False),
        ("ZOrbix-QRT", "Quantised Retrieval Transformer", False),
    ],
)
def test_definition_window_and_length(short, long, holds):
    assert definition_holds(short, long) is holds


def test_a_hyphenated_gerund_alone_is_a_long_form_not_a_crash():
    """ "generative question-answering (QA) system": one word of two parts, ending in -ing."""
    assert definition_holds("QA", "question-answering")
    assert [(a.short, a.long) for a in find_abbreviations("a question-answering (QA) system")] == [
        ("QA", "question-answering")
    ]


_WORDS = st.lists(
    st.sampled_from(["the", "Low", "rank", "answering", "of", "that", "QA", "ing", "(", ""]),
    max_size=4,
)  # fmt: skip


@settings(max_examples=1000)
@given(_WORDS, _WORDS, st.sampled_from([" ", "-", "  "]), st.booleans())
def test_definition_holds_answers_for_any_pair(short, long, separator, initials):
    """Any short form, or the initials of the long form (the pairs that reach every check)."""
    if initials:
        short = [word[:1].upper() for word in long]
    assert definition_holds("".join(short), separator.join(long)) in {True, False}


LORA = ("LoRA", "Low-Rank Adaptation")
SAX = "Symbolic Aggregate approXimation"  # its X is no word's initial


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(a.short, a.long) for a in find_abbreviations(text)]


def test_long_form_inside_the_parenthesis_at_the_start_of_the_text():
    text = "LoRA (Low-Rank Adaptation) trains few weights."
    [found] = find_abbreviations(text)
    assert (found.short_start, found.short_end) == (0, 4)
    assert text[found.long_start : found.long_end] == "Low-Rank Adaptation"


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # at most four characters of the parenthesis are not the long form
        ("We tune LoRA (the Low-Rank Adaptation) here.", [("LoRA", "Low-Rank Adaptation")]),
        ("We tune LoRA (some Low-Rank Adaptation) here.", []),
        ("We tune XYZ (nothing to do with it) here.", []),
        ('We tune "LoRA" (Low-Rank Adaptation) here.', [("LoRA", "Low-Rank Adaptation")]),
        ("We use SAX (Symbolic Aggregate approXimation).", [("SAX", SAX)]),
        # a long form never reaches back over a full stop
        ("We use Data Parallel. Neural Network (DPNN) here.", []),
        ("We use data. Data Parallel Neural Network (DPNN) here.",
         [("DPNN", "Data Parallel Neural Network")]),
    ],
)  # fmt: skip
def test_find_abbreviations_cases(text, pairs):
    assert _pairs(text) == pairs


def test_offsets_name_the_occurrence_next_to_the_parenthesis():
    text = "LoRA, or rather LoRA (Low-Rank Adaptation), beats LoRA-free Low-Rank Adaptation."
    [found] = find_abbreviations(text)
    assert found.short_start == text.index("LoRA (")
    assert found.long_start == text.index("(") + 1
    text = "Low-Rank Adaptation, or LoRA (Low-Rank Adaptation), is cheap."
    [found] = find_abbreviations(text)
    assert found.long_start == text.index("(") + 1


def test_offsets_of_a_long_form_before_the_parenthesis():
    text = "Data Parallel Neural Network and Data Parallel Neural Network (DPNN) differ."
    [found] = find_abbreviations(text)
    assert found.long_start == text.rindex("Data Parallel")
    assert text[found.long_start : found.long_end] == "Data Parallel Neural Network"
    assert text[found.short_start : found.short_end] == "DPNN"


@pytest.mark.parametrize(
    ("prefix", "rest", "expected"),
    [
        ("CoT", "Chain-of-Thought Prompting Elicits Reasoning", "Chain-of-Thought"),
        ("CoT", "Chain-of-Thought, Revisited", "Chain-of-Thought"),
        ("LoRA", "Low-Rank Adaptation", "Low-Rank Adaptation"),
        ("CRC", "Conformal Risk Control Methods", "Conformal Risk Control"),
        ("SGW", "spectral graph wavelets transform", "spectral graph wavelets"),
        ("Zorbix-Mini-QRT", "Quantised Retrieval Transformer", "Quantised Retrieval Transformer"),
        # not the initials: Schwartz-Hearst from the first word, up to the next function word
        ("SAX", SAX, SAX),
        ("SAX", f"{SAX} Methods", f"{SAX} Methods"),
        ("SAX", f"{SAX}: a Study", SAX),
        ("SX", "Symbolic approXimation for Images", "Symbolic approXimation"),
        ("SAX", f"{SAX} for Time Series", SAX),
    ],
)  # fmt: skip
def test_title_prefix_expansion_cases(prefix, rest, expected):
    assert title_prefix_expansion(prefix, rest) == expected


@pytest.mark.parametrize(
    ("phrase", "initials"),
    [
        ("graph network", "gn"),
        ("one two three four five six", "ottffs"),
        ("one two three four five six seven", None),
        ("network", None),
        ("graph of networks", None),
        ("Graph-Based Network", "gbn"),
    ],
)
def test_phrase_initials(phrase, initials):
    assert phrase_initials(phrase) == initials


def test_implicit_long_form_of_a_two_letter_short_form():
    assert find_implicit_long_form("GN", ["neural model", "graph network"]) == "graph network"
    assert find_implicit_long_form("G", ["graph"]) is None


@pytest.mark.parametrize(
    ("short", "long", "holds"),
    [
        # a plural "s" needs no letter of the long form, unless the rest is all capitals
        ("LoRAs", "Low-Rank Adaptation", True),
        ("ViTs", "Vision Transformer", True),
        ("GNNs", "Graph Neural Network", False),
    ],
)
def test_plural_short_forms(short, long, holds):
    assert definition_holds(short, long) is holds


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("It uses (LoRA, Low-Rank Adaptation) here.", [LORA]),
        ('It uses (LoRA; "Low-Rank Adaptation") here.', [LORA]),
        ("Low-Rank Adaptation (LoRA; see below, or there) works.", [LORA]),
        ('Low-Rank Adaptation ("LoRA") works.', [LORA]),
    ],
)  # fmt: skip
def test_short_form_inside_the_parenthesis(text, pairs):
    found = find_abbreviations(text)
    assert [(a.short, a.long) for a in found] == pairs
    for a in found:
        assert text[a.short_start : a.short_end] == a.short
        assert text[a.long_start : a.long_end] == a.long


def test_the_words_searched_left_of_the_parenthesis_are_counted_on_the_short_form():
    """ "R3X" has 3 characters: 6 words are searched, though its spelling "RRRX" would allow
    a long form of 8 words."""
    six = "We use Rapid sparse graph using deep Xformers (R3X) here."
    assert _pairs(six) == [("R3X", "Rapid sparse graph using deep Xformers")]
    assert _pairs("We use Rapid sparse graph model using deep Xformers (R3X) here.") == []


@pytest.mark.parametrize(
    ("text", "short_at", "long_at"),
    [
        # the long form next to the parenthesis, not an earlier or a later one
        ("We use Graph Net Graph Net (GN) here.", "GN)", "Graph Net (GN"),
        ("We use Graph Net (GN); Graph Net wins.", "GN)", "Graph Net (GN"),
        ("We cite GN here: Graph Net (GN).", "GN)", "Graph Net (GN"),
        ("Low-Rank Adaptation is cheap (LoRA, Low-Rank Adaptation).", "LoRA,",
         "Low-Rank Adaptation)"),
        ("Generative Pretrained Transformer 4 (GPT 4) is big.", "GPT 4", "Generative"),
        ("x" * 400 + ". Data Parallel Neural Network (DPNN) here.", "DPNN", "Data Parallel"),
        ("We use X-ray Image Transformer (XIT) here.", "XIT", "X-ray"),
    ],
)  # fmt: skip
def test_offsets_of_each_definition(text, short_at, long_at):
    [found] = find_abbreviations(text)
    assert found.short_start == text.index(short_at)
    assert found.long_start == text.index(long_at)
    assert text[found.short_start : found.short_end] == found.short
    assert text[found.long_start : found.long_end] == found.long


def test_a_long_form_may_fill_the_whole_window():
    # 2 short-form characters allow 4 words, found right to left from the last letter
    assert match_long_form("GP", "we use Gaussian noise regression process") == (
        "Gaussian noise regression process"
    )


def test_a_prefix_that_is_no_acronym_expands_to_nothing():
    assert title_prefix_expansion("Hello", "Hierarchical Embedding of Long Lists Online") is None


def test_a_title_long_form_runs_to_the_next_function_word():
    assert title_prefix_expansion("SX", "Symbolic approXimation Methods for Images") == (
        "Symbolic approXimation Methods"
    )


def test_a_plural_short_form_drops_only_its_s():
    assert not definition_holds("ViTs", "Vision Model")


@pytest.mark.parametrize(
    ("short", "long", "holds"),
    [
        # a superscript digit counts its letter's repeats, as an inline one does
        ("QD²-VAE", "Quantised Dual Decoupled VAE", True),
        ("A³N", "Adaptive Attention Aggregation Network", True),
        ("QD²-VAE", "Quantum Coupled VAE", False),
        ("R2D2", "Recurrent Replay Distributed DQN", True),
    ],
)
def test_superscript_digits_repeat_a_letter(short, long, holds):
    assert definition_holds(short, long) is holds
