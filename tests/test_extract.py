"""The extract stage: helper functions, the spaCy components, the pipeline, gold checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papergraph.extract import ENTITY_TYPES, RELATIONS, build_pipeline, extract_notes
from papergraph.extract._gazetteer import Gazetteer, VocabEntry, load_gazetteer
from papergraph.extract._quantities import find_quantities, parse_number
from papergraph.extract._typing import long_form_type
from papergraph.extract.abbreviations import (
    find_abbreviations,
    find_implicit_long_form,
    is_short_form,
    match_long_form,
    title_prefix_expansion,
)
from papergraph.extract.components import GazetteerMatcher
from papergraph.extract.shapes import (
    dataset_shaped,
    hyphenate_version,
    metric_shaped,
    model_shaped,
    name_shape,
    split_affixes,
)
from papergraph.extract.text import find_math_spans, name_key, rule_sentence_starts, singular
from papergraph.read import Note, read_page

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "data" / "gold"
SAMPLE_NOTES = ROOT / "data" / "neurips2025-pretraining-notes.txt"
SAMPLE_GOLD = ROOT / "data" / "neurips2025-pretraining-gold.json"


def note(title: str, summary: str, line: int = 1) -> Note:
    return Note(title, summary, Path("notes.txt"), line)


def extract_one(nlp, title: str, summary: str):
    return next(extract_notes(nlp, [note(title, summary)]))


def named(extraction, relation: str | None = None) -> set[str]:
    return {
        m.text
        for m in extraction.mentions
        if m.relation != "discusses" and (relation is None or m.relation == relation)
    }


# --- abbreviations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        ("we propose Sparse Adaptive Gradient Echo (SAGE), which", "SAGE",
         "Sparse Adaptive Gradient Echo"),
        ("we propose SAGE (Sparse Adaptive Gradient Echo), which", "SAGE",
         "Sparse Adaptive Gradient Echo"),
        ("a new optimizer (SAGE, Sparse Adaptive Gradient Echo) for", "SAGE",
         "Sparse Adaptive Gradient Echo"),
        ("capabilities of Graph Attention Networks (GATs) and", "GATs", "Graph Attention Networks"),
        ('the "Last-Layer-Only" (LaLO) setting', "LaLO", "Last-Layer-Only"),
        ("proposes R3XL (Recurrent Residual Relational Xformer Layers), a", "R3XL",
         "Recurrent Residual Relational Xformer Layers"),
        ("uses t-distributed stochastic neighbour embedding (t-SNE) to", "t-SNE",
         "t-distributed stochastic neighbour embedding"),
        ("asynchronous advantage actor-critic (A3C) agents", "A3C",
         "asynchronous advantage actor-critic"),
    ],
)  # fmt: skip
def test_find_abbreviations(text, short, long):
    found = find_abbreviations(text)
    assert [(a.short, a.long) for a in found] == [(short, long)]
    a = found[0]
    assert text[a.short_start : a.short_end] == a.short
    assert text[a.long_start : a.long_end] == a.long


@pytest.mark.parametrize(
    "text",
    ["splitting (e.g. into pieces) works", "the regime (\\(N \\gg d\\))", "groups (DP/PP groups)",
     "transformers (rightward/forward over leftward)", "an unrelated thing (XYZ) here"],
)  # fmt: skip
def test_find_abbreviations_rejects(text):
    assert find_abbreviations(text) == []


@pytest.mark.parametrize(
    ("short", "candidate", "expected"),
    [
        ("DRC", "This paper extends Differentiable Rank Control", "Differentiable Rank Control"),
        ("XYZ", "nothing matches here", None),
        ("MFD", "the mean-field dynamics", "mean-field dynamics"),
    ],
)
def test_match_long_form(short, candidate, expected):
    assert match_long_form(short, candidate) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("RWKV", True), ("xLSTM", True), ("GPT4", True), ("GANs", True), ("Hyena", False),
     ("a", False), ("the method", False), ("ABCDEFGHIJKLMN", False)],
)  # fmt: skip
def test_is_short_form(text, expected):
    assert is_short_form(text) is expected


@pytest.mark.parametrize(
    ("prefix", "rest", "expected"),
    [
        ("HALO", "Hierarchical Attention for Long Observations in Robots",
         "Hierarchical Attention for Long Observations"),
        ("Acme-GRIT", "Gradient Routing In Transformers for Vision",
         "Gradient Routing In Transformers"),
        ("Butterflies", "A Study of Wings", None),
    ],
)  # fmt: skip
def test_title_prefix_expansion(prefix, rest, expected):
    assert title_prefix_expansion(prefix, rest) == expected


def test_find_implicit_long_form():
    phrases = ["spectral graph wavelets", "the model"]
    assert find_implicit_long_form("SGW", phrases) == "spectral graph wavelets"
    assert find_implicit_long_form("XYZ", phrases) is None


# --- shapes and normalisation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "shape"),
    [("RWKV", "acronym"), ("GPT+", "acronym"), ("Llama-3.1-8B", "versioned"),
     ("OLMo-2", "versioned"), ("CIFAR-10", "versioned"), ("GPT-4o", "versioned"),
     ("RMSProp", "mixed"), ("SF-AdamW", "mixed"), ("xLSTM", "mixed"), ("KV-cache", "mixed"),
     ("Recall@10", "mixed"), ("pass@1", "mixed"), ("word2vec", "versioned"),
     ("Mamba", "title"), ("Kaplan-Meier", "title"), ("Top-1", None), ("two-layer", None),
     ("1B-scale", None), ("n-gram", None), ("Q-functions", None), ("type-I", None),
     ("E(3)-equivariant", None), ("the", None)],
)  # fmt: skip
def test_name_shape(word, shape):
    assert name_shape(word) == shape


@pytest.mark.parametrize(
    ("word", "span"),
    [("Conformer-based", (0, 9)), ("near-Conformer", (5, 14)), ("SF-AdamW", (0, 8)),
     ("e-commerce", (0, 10)), ("ZoRA-fine-tuned", (0, 4)), ("QLIP-pre-trained", (0, 4)),
     ("Zorb-3-fine-tuned", (0, 6)), ("Foo-Net-based", (0, 7))],
)  # fmt: skip
def test_split_affixes(word, span):
    assert split_affixes(word) == span


@pytest.mark.parametrize(
    ("a", "b"),
    [("Llama 3.1", "llama-3.1"), ("Transformers", "Transformer"), ("GANs", "GAN"),
     ("policies", "policy"), ("t-SNE", "tSNE"), ("Post-LN  Conformer", "post-ln conformers")],
)  # fmt: skip
def test_name_key_variants_are_equal(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("GPUs", "GPU"), ("IDs", "ID"), ("policies", "policy"), ("class", "class"),
     ("analysis", "analysis"), ("batches", "batch"), ("bus", "bus")],
)  # fmt: skip
def test_singular(word, expected):
    assert singular(word) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [("Llama 3.1", "Llama-3.1"), ("Llama 3.1 8B", "Llama-3.1-8B"), ("GPT 4", "GPT-4"),
     ("Orca Models v2", "Orca Models v2"), ("Kernel Herding", "Kernel Herding")],
)  # fmt: skip
def test_hyphenate_version(label, expected):
    assert hyphenate_version(label) == expected


def test_find_math_spans():
    text = r"regime \(N \gg d\), symbol $x^2$, display \[a\], money $5 and $10"
    assert [text[s:e] for s, e in find_math_spans(text)] == [r"\(N \gg d\)", "$x^2$", r"\[a\]"]


# --- quantities -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "texts"),
    [
        ("cuts the error by up to 37% and is approximately 60× faster",
         ["up to 37%", "approximately 60× faster"]),
        ("trained on 4,800+ GPUs with 20M–3B parameters", ["4,800+ GPUs", "20M–3B parameters"]),
        ("the rate fell from 35% to 1.5% on the test set", ["35%", "1.5%"]),
        ("across scales from 150M to 3B parameters", ["150M to 3B parameters"]),
        ("four simple baselines explain it", ["four simple baselines"]),
        ("three orders of magnitude more samples", ["three orders of magnitude more"]),
        ("a 7B-scale model and 2.4T-token corpus", ["7B-scale", "2.4T-token"]),
        ("the regime \\(\\gamma < k\\) and \\(\\gamma\\) alone", ["\\(\\gamma < k\\)"]),
        ("Llama-3.1-8B and Top-1 and a two-layer net in 2023", []),
        ("the distance between two layers", []),
        ("a single forward pass, the first method, one model", []),
    ],
)  # fmt: skip
def test_find_quantities(summary, texts):
    found = find_quantities(summary, find_math_spans(summary))
    assert [q.text for q in found] == texts
    for q in found:
        assert summary[q.start : q.end] == q.text


@pytest.mark.parametrize(
    ("text", "value"),
    [("4,800+", 4800.0), ("2.4T", 2.4e12), ("2/3", 2 / 3), ("three", 3.0), ("46", 46.0),
     ("110K", 110_000.0), ("x", None)],
)  # fmt: skip
def test_parse_number(text, value):
    assert parse_number(text) == (pytest.approx(value) if value is not None else None)


def test_quantity_value_unit_and_measure():
    (q,) = find_quantities("It reaches 10B parameters.")
    assert (q.value, q.unit, q.measures) == (1e10, "parameters", "parameters")


# --- gazetteer -----------------------------------------------------------------------------


def test_shipped_vocabulary_loads():
    gazetteer = load_gazetteer()
    entry = gazetteer.lookup("RMSProp")
    assert entry is not None and entry.suggested_type == "Method"
    assert gazetteer.lookup("ResNets").label == "ResNet"  # plural-insensitive
    assert gazetteer.lookup("label smoothing") is None  # a generic technique: concept only
    assert gazetteer.lookup("label smoothing", named=False) is not None


def test_gazetteer_component_from_entries(nlp):
    entry = VocabEntry("https://example.org/wgn", "Widget Graph Network", "Model", "test")
    component = GazetteerMatcher.from_entries(nlp, [("Widget Graph Network", entry)])
    doc = component(nlp.make_doc("A Widget Graph Network and a widget graph network."))
    assert [(s, e, v.iri) for s, e, v in doc._.pg_vocab_spans] == [
        (2, 22, entry.iri),
        (29, 49, entry.iri),
    ]
    assert isinstance(doc._.pg_gazetteer, Gazetteer)


# --- typing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "metric"),
    [("nDCG@10", True), ("Recall@5", True), ("Macro-F1", True), ("WER", True), ("ROC AUC", True),
     ("Dice score", True), ("KL distance", True), ("Schatten \\(p\\) quasi-norm", True),
     ("LayerNorm", False), ("QK-norm", False), ("ResNet-50", False), ("Adam", False),
     # a metric named at the end of a longer name, or a one-letter variant of one
     ("Avg mAP", True), ("Zorb RMSE", True), ("Answer Recall", True), ("Zorb-Recall", True),
     ("rFVD", True), ("gFID", True), ("sequence accuracy", True),
     # not: a name of its own ending in a metric's letters, a number format, a model part
     ("Zo-FAD", False), ("Point-MAE", False), ("full precision", False), ("dLLM", False),
     ("Zorb-IS", False)],
)  # fmt: skip
def test_metric_shaped(name, metric):
    assert metric_shaped(name) is metric


@pytest.mark.parametrize(
    ("name", "model"),
    [("DenseNet-121", True), ("Graphormer", True), ("BiomedCLIP", True), ("Video-LLaVA", True),
     ("SASRec", True), ("Pre-LN Transformers", True), ("TimesFM", True), ("MedNet-3D", True),
     ("ZorbT-XL/2", True), ("Quux-Large", True), ("Zorb-S/8", True),
     ("LoRA", False), ("GraphMAE", False), ("MT-Bench", False), ("Recall@10", False),
     ("SAMPLE", False), ("Zorb-Sync", False)],
)  # fmt: skip
def test_model_shaped(name, model):
    assert model_shaped(name) is model


@pytest.mark.parametrize(
    ("name", "dataset"),
    [("MT-Bench", True), ("AlpacaEval 2.0", True), ("WikiText-103", True), ("MSVD-QA", True),
     ("MS MARCO", True), ("Llama-3.1-8B", False), ("CLIP", False)],
)  # fmt: skip
def test_dataset_shaped(name, dataset):
    assert dataset_shaped(name) is dataset


@pytest.mark.parametrize(
    ("long_form", "etype"),
    [("Graph Attention Networks", "Model"), ("Fourier Neural Operator", "Model"),
     ("Word Error Rate", "Metric"), ("Mean Reciprocal Rank Score", "Metric"),
     ("Proximal Policy Optimization Algorithm", "Method"), ("Curvature Flow Rewiring", None),
     # the head noun comes before "of" / "for"
     ("Probability of Dominance", "Metric"),
     ("Streaming Update Transformer for Scene Reconstruction", "Model"),
     ("Mixture-of-Experts architecture", "Model")],
)  # fmt: skip
def test_long_form_type(long_form, etype):
    assert long_form_type(long_form) == etype


@pytest.mark.parametrize(
    ("summary", "name", "etype"),
    [
        ("We propose Tessa, a graph neural network that routes messages.", "Tessa", "Model"),
        ("We propose Tessa, an index compression scheme for dense retrieval.", "Tessa",
         "Method"),
        ("We release Tessa, a benchmark of 900 charts with questions.", "Tessa", "Dataset"),
        ("We present Tessa, a family of compact speech models.", "Tessa", "Model"),
        ("The resulting model, Tessa, beats strong baselines.", "Tessa", "Model"),
        ("It outperforms stateful architectures such as Hyena and Griffin.", "Griffin", "Model"),
        ("It beats low-rank optimizers such as Fira and Apollo on C4.", "Apollo", "Method"),
        ("Quality is measured with nDCG@10 and MRR@20 on two corpora.", "nDCG@10", "Metric"),
        ("The method is compared with DenseNet-121 and Graphormer.", "Graphormer", "Model"),
        ("We fine-tune Pythia-1.4B, a conservative objective delays collapse.", "Pythia-1.4B",
         "Model"),
    ],
)  # fmt: skip
def test_entity_types_from_context(nlp, summary, name, etype):
    ex = extract_one(nlp, "A Study of Things", summary)
    types = {m.text: m.entity_type for m in ex.mentions if m.relation != "discusses"}
    assert types.get(name) == etype, types


def test_parts_of_names_take_the_name_type(nlp):
    ex = extract_one(nlp, "Audio Retrieval", "This paper proposes HN-CLAP, a contrastive audio "
                     "model that extends CLAP-style pretraining with hard negatives.")  # fmt: skip
    types = {m.text: m.entity_type for m in ex.mentions if m.relation != "discusses"}
    assert types.get("HN-CLAP") == "Model" and types.get("CLAP") == "Model", types


@pytest.mark.parametrize(
    ("title", "summary", "generic"),
    [("A Practical Guide to Sparse Attention", "This guide studies sparse attention patterns "
      "and attention sinks in long-context inference.", "guide"),
     ("An Empirical Investigation of Weight Decay", "This investigation relates weight decay "
      "to the effective learning rate and to loss landscape sharpness.", "investigation")],
)  # fmt: skip
def test_generic_title_words_are_not_concepts(nlp, title, summary, generic):
    ex = extract_one(nlp, title, summary)
    concepts = {m.text.lower() for m in ex.mentions if m.relation == "discusses"}
    assert generic not in concepts and concepts, concepts


def test_list_items_holding_a_name_stay_the_name(nlp):
    ex = extract_one(nlp, "Preference Learning", "On AlpacaEval 2.0, rDPO wins, whereas DPO and "
                     "IPO lose more than half of it.")  # fmt: skip
    assert "whereas DPO" not in named(ex) and {"DPO", "IPO"} <= named(ex)


# --- tokenizer ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference_tokenizer(nlp):
    """spaCy's English tokenizer with every special case and the pipeline's affix rules."""
    reference = spacy.blank("en")
    for rule in ("prefix_search", "suffix_search", "infix_finditer"):
        setattr(reference.tokenizer, rule, getattr(nlp.tokenizer, rule))
    return reference.tokenizer


def _token_attributes(doc):
    return [(t.text, t.idx, t.lower_, t.is_stop, t.is_punct, t.like_num, t.whitespace_)
            for t in doc]  # fmt: skip


def test_the_pipeline_tokenizes_as_spacy_does_with_every_special_case(nlp, reference_tokenizer):
    """The pipeline drops the special cases that change no token and computes fewer lexeme
    attributes, to tokenize faster: the tokens and the attributes the components read stay
    those of spaCy's own tokenizer, on every note of the sample page."""
    assert len(nlp.tokenizer.rules) < len(reference_tokenizer.rules)
    for note in read_page(SAMPLE_NOTES).notes:
        text = f"{note.title}\n\n{note.summary}"
        assert _token_attributes(nlp.make_doc(text)) == _token_attributes(reference_tokenizer(text))


_SPECIAL_PIECES = [
    "—",
    "e.g.",
    "i.e.",
    "vs.",
    "'",
    "'s",
    "can't",
    "cannot",
    "):",
    "8)",
    "Dr.",
    "(e.g.,",
    "—a",
    "x—y",
    "(",
    ")",
    ".",
    ",",
    "Net",
    "n't",
    ":)",
]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(_SPECIAL_PIECES + ["model", "GPT-4", "3.5", "a"]), max_size=14),
    st.lists(st.sampled_from([" ", "", "  ", "\n"]), min_size=14, max_size=14),
)
def test_special_case_pieces_tokenize_as_spacy_does(nlp, reference_tokenizer, pieces, gaps):
    """Special-case strings alone, glued to brackets and words, and spaced any way: a doc
    in which a dropped special case would have changed a token."""
    text = "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=False))
    assert _token_attributes(nlp.make_doc(text)) == _token_attributes(reference_tokenizer(text))


# --- sentences ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["One. Two! Three?", "It works (mostly). Next: yes... Done", "“Quoted.” Then more.",
     "No end", "", "Ends with e.g. an abbreviation. And 3.5 numbers.", "!!! ?? . x"],
)  # fmt: skip
def test_rule_sentence_starts_match_spacy_sentencizer(nlp, text):
    reference = spacy.blank("en")
    reference.tokenizer = nlp.tokenizer
    reference.add_pipe("sentencizer")
    doc = reference(text)
    starts = rule_sentence_starts([t.text for t in doc], [t.is_punct for t in doc],
                                  reference.get_pipe("sentencizer").punct_chars)  # fmt: skip
    assert starts == [bool(t.is_sent_start) for t in doc]


def test_layout_sentences_and_token_table(nlp):
    text = "A Title\n\nFirst sentence here. Second  one, with  spaces!"
    doc = nlp(text)
    table = doc._.pg_tokens
    assert doc._.pg_text == text
    assert table.words == [t.text for t in doc] and table.offsets == [t.idx for t in doc]
    assert table.starts == [bool(t.is_sent_start) for t in doc]
    assert [s.text for s in doc.sents][-2:] == [
        "First sentence here.",
        "Second  one, with  spaces!",
    ]


def test_layout_rejects_unknown_sentence_mode():
    with pytest.raises(ValueError, match="sentences"):
        build_pipeline({"pg_layout": {"sentences": "parser"}})


# --- pipeline -------------------------------------------------------------------------------


def test_pipeline_components(nlp):
    assert nlp.pipe_names == [
        "pg_layout", "pg_abbreviations", "pg_gazetteer", "pg_names",
        "pg_concepts", "pg_quantities",
    ]  # fmt: skip


def test_build_pipeline_config_overrides():
    custom = build_pipeline({"pg_concepts": {"max_concepts": 2, "target": 2, "min_concepts": 1}})
    ex = extract_one(custom, "Deep Sets", "We study permutation invariance and set functions.")
    assert len([m for m in ex.mentions if m.entity_type == "Concept"]) <= 2


def test_proposes_uses_and_evaluates_on(nlp):
    ex = extract_one(
        nlp,
        "Sparse Mixture Routing for Vision",
        "This paper proposes Orbit-Router (Orthogonal Routing with Balanced Iterative "
        "Tokens), which extends ResNet-101 with a sparse router. Orbit-Router outperforms "
        "Switch-Base on ImageNet-21K and the VTAB benchmark, trained with RMSProp.",
    )
    assert named(ex, "proposes") == {"Orbit-Router"}
    assert {"ResNet-101", "RMSProp", "Switch-Base"} <= named(ex, "uses")
    assert {"ImageNet-21K", "VTAB"} <= named(ex, "evaluatesOn")
    orbit = next(m for m in ex.mentions if m.text == "Orbit-Router")
    assert orbit.long_form == "Orthogonal Routing with Balanced Iterative Tokens"


def test_title_prefix_and_summary_subject(nlp):
    ex = extract_one(
        nlp,
        "KESTREL: Knowledge-Enhanced Sparse Transformers for Retrieval and Entity Linking",
        "KESTREL is a retrieval model that links entities with a sparse index.",
    )
    title = [m for m in ex.mentions if m.field == "title" and m.relation == "proposes"]
    assert [m.text for m in title] == ["KESTREL"]
    assert title[0].long_form.startswith("Knowledge-Enhanced Sparse Transformers")
    assert "KESTREL" in named(ex, "proposes")


def test_naming_cue_and_lists(nlp):
    ex = extract_one(
        nlp,
        "Better Sampling",
        "We introduce a decoding rule, dubbed Quill, and compare it with strong baselines "
        "such as Mirostat, nucleus sampling and Eta-Sampling on datasets such as WritingPrompts "
        "and WikiText-103.",
    )
    assert "Quill" in named(ex, "proposes")
    assert {"Mirostat", "Eta-Sampling"} <= named(ex, "uses")
    assert {"WritingPrompts", "WikiText-103"} <= named(ex, "evaluatesOn")


def test_lowercase_acronym_definitions_are_concepts(nlp):
    ex = extract_one(
        nlp,
        "Implicit Bias",
        "We show that mean-field dynamics (MFD) on wide nets has an implicit bias, and MFD "
        "converges.",
    )
    assert "MFD" not in named(ex)
    concepts = {m.text.lower() for m in ex.mentions if m.entity_type == "Concept"}
    assert "mean-field dynamics" in concepts


def test_generic_acronyms_and_maths_are_not_entities(nlp):
    ex = extract_one(
        nlp,
        "LLMs on GPUs",
        "Large LLMs trained on 512 GPUs with \\(\\mathcal{O}(N)\\) memory and $ABC = 1$ "
        "beat RL and NLP baselines.",
    )
    assert named(ex) == set()


def test_mentions_have_valid_fields(nlp):
    ex = extract_one(
        nlp,
        "ZEPHYR: Zero-shot Entity Parsing with Hybrid Retrieval",
        "ZEPHYR is a parser. It uses BERT and reaches 91.2% F1 on CoNLL-2003, up to 3× faster.",
    )
    assert ex.mentions
    for m in ex.mentions:
        assert getattr(ex.note, m.field)[m.start : m.end] == m.text
        assert m.relation in RELATIONS and m.entity_type in ENTITY_TYPES
        assert 0.0 <= m.confidence <= 1.0
    assert [q.text for q in ex.quantities] == ["91.2%", "up to 3× faster"]
    concepts = [m for m in ex.mentions if m.relation == "discusses"]
    assert all(m.entity_type == "Concept" for m in concepts)


def test_concepts_are_few_and_topical(nlp):
    ex = extract_one(
        nlp,
        "Curriculum Learning for Robust Speech Recognition",
        "This paper studies curriculum learning for speech recognition under noisy "
        "conditions, showing that ordering training utterances by signal-to-noise ratio "
        "improves robustness and reduces word error rate on noisy speech recognition tasks.",
    )
    concepts = [m.text.lower() for m in ex.mentions if m.entity_type == "Concept"]
    assert 3 <= len(concepts) <= 8
    assert "curriculum learning" in concepts
    assert any("speech recognition" in c for c in concepts)


def test_extract_notes_keeps_order_and_count(nlp):
    notes = [note(f"Paper {i}", f"We propose Net{i}X, a model.", i) for i in range(30)]
    out = list(extract_notes(nlp, notes, batch_size=7))
    assert [ex.note for ex in out] == notes


def test_a_batch_gives_what_each_note_alone_gives(nlp):
    """Notes go through the components a batch at a time: no component may carry anything
    from one doc of a batch to the next."""
    notes = read_page(SAMPLE_NOTES).notes
    batched = list(extract_notes(nlp, notes, batch_size=64))
    alone = [ex for n in notes for ex in extract_notes(nlp, [n], batch_size=1)]
    assert batched == alone
    assert sum(len(ex.mentions) for ex in batched) > 300


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("", ""),
        ("Only a title", ""),
        ("", "Only a summary about ResNet-50 on CIFAR-10."),
        ("Control\x00chars\x1b", "Text with \x00 NUL, \x07 bell, \u2028 and \r\n breaks."),
        ("Maths", "$$ unclosed \\( and $ dollars $ and \\[ \\] (((( )))) \"\" “”"),
        ("Line\nbreak in\rtitle", "A NAME (Some Long Form) appears."),
    ],
)  # fmt: skip
def test_hostile_input_does_not_crash(nlp, title, summary):
    ex = extract_one(nlp, title, summary)
    for m in ex.mentions:
        assert getattr(ex.note, m.field)[m.start : m.end] == m.text
    for q in ex.quantities:
        assert ex.note.summary[q.start : q.end] == q.text


def test_huge_summary_is_capped(nlp):
    summary = "We propose HugeNet (Huge Unified Graph Encoder Network) with 45% gains. " * 80000
    ex = extract_one(nlp, "HugeNet: a title", summary)
    assert all(m.end <= 20000 for m in ex.mentions if m.field == "summary")
    assert all(q.end <= 20000 for q in ex.quantities)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(max_size=80), summary=st.text(max_size=400))
def test_offsets_always_exact(nlp, title, summary):
    ex = extract_one(nlp, title, summary)
    for m in ex.mentions:
        assert getattr(ex.note, m.field)[m.start : m.end] == m.text
        assert m.field in {"title", "summary"}
    for q in ex.quantities:
        assert ex.note.summary[q.start : q.end] == q.text


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(
        st.sampled_from(
            ["We", "propose", "GaNet", "(", ")", "Graph", "Attention", "Net", "on", "CIFAR-10",
             "and", "Llama", "3.1", ",", "such", "as", "45%", "\\(x<1\\)", "—", "\"", ".", "X-Y",
             "the", "3×", "two", "tasks", "dubbed", "UNI", "benchmark", ":", "$a$"]
        ),
        max_size=40,
    )
)  # fmt: skip
def test_offsets_exact_on_name_like_text(nlp, words):
    summary = " ".join(words)
    ex = extract_one(nlp, "GaNet: Graph Attention Net", summary)
    for m in ex.mentions:
        assert getattr(ex.note, m.field)[m.start : m.end] == m.text


# --- gold checks -----------------------------------------------------------------------------


def sample_page_notes() -> list[Note]:
    return read_page(SAMPLE_NOTES).notes


def jsonl_notes(path: Path) -> list[Note]:
    return read_page(path).notes


def evaluate(nlp, notes, gold_path: Path):
    from papergraph.evaluate import predictions_from_linked, score
    from papergraph.link import link_extractions

    corpus = link_extractions(extract_notes(nlp, notes))
    return score(json.loads(gold_path.read_text(encoding="utf-8")), predictions_from_linked(corpus))


def test_sample_page_against_gold(nlp):
    report = evaluate(nlp, sample_page_notes(), SAMPLE_GOLD)
    # measured: F1 0.968, relation accuracy 1.000, type accuracy 0.943 (0.798 before the
    # typing rules), quantity recall 1.000, concept recall 0.741 / precision 0.825 (0.679 /
    # 0.767 before the verb, own-name, catchphrase and head-noun concept rules)
    assert report.overall.f1 >= 0.94, report.format_text(show_errors=True)
    assert report.relation_accuracy >= 0.95
    assert report.type_accuracy >= 0.92, report.format_text(show_errors=True)
    assert report.per_relation["proposes"].f1 >= 0.93
    assert report.quantity_recall >= 0.95
    assert report.concept_recall >= 0.71
    assert report.concept_precision >= 0.79


# Own gold sets (notes file, F1 floor, relation floor, type floor, concept recall and precision
# floors). Measured now / at first sight (before any rule was tuned on the set); concepts now /
# before the verb, own-name, catchphrase and head-noun concept rules:
# - mixed-fields (JSONL): F1 0.976, relation 1.000, type 0.892 (0.750 before typing rules),
#   concepts R 0.800 P 0.882 / R 0.788 P 0.839
# - heldout (JSONL): F1 0.973 / 0.887 first sight, relation 0.982 / 0.902, type 0.909 (0.745),
#   concepts R 0.731 P 0.865 / R 0.716 P 0.849
# - mkdocs-multimodal (MkDocs Markdown, 12 notes: multimodal LLMs, speech, quantisation,
#   retrieval): first sight F1 0.946 (P 0.946 R 0.946), relation 0.929, type 0.771, concepts
#   R 0.614 P 0.692, quantities 1.000; now F1 0.959, relation 0.944, type 0.930, concepts
#   R 0.754 P 0.761 / R 0.632 P 0.653
# - headings-science (one heading per paper, 12 notes: GNNs, scientific ML, RLHF, medical
#   imaging, time series): first sight F1 0.883 (P 0.872 R 0.895), relation 0.926, type 0.574,
#   concepts R 0.639 P 0.692, quantities 0.976; now F1 0.927 (0.914 before session 6's
#   hyphen-participle rule), relation 0.943, type 0.914, concepts R 0.754 P 0.773 /
#   R 0.672 P 0.676
OWN_GOLD = [
    ("mixed-fields-notes.jsonl", 0.94, 0.95, 0.85, (0.77, 0.85)),
    # 0.687 since single common words are no concepts (issue 14): "agents", "replay" and
    # "generative" no longer find "llm agents", "replay", "generative retrieval"
    ("heldout-notes.jsonl", 0.93, 0.93, 0.87, (0.68, 0.83)),
    ("mkdocs-multimodal-notes.md", 0.93, 0.92, 0.90, (0.72, 0.73)),
    ("headings-science-notes.md", 0.90, 0.92, 0.89, (0.72, 0.74)),
]


@pytest.mark.parametrize(
    ("notes_file", "f1_floor", "relation_floor", "type_floor", "concept_floors"), OWN_GOLD
)
def test_own_gold_files(nlp, notes_file, f1_floor, relation_floor, type_floor, concept_floors):
    gold = GOLD_DIR / f"{notes_file.rsplit('-notes', 1)[0]}-gold.json"
    report = evaluate(nlp, jsonl_notes(GOLD_DIR / notes_file), gold)
    assert report.overall.f1 >= f1_floor, report.format_text(show_errors=True)
    assert report.relation_accuracy >= relation_floor
    assert report.type_accuracy >= type_floor, report.format_text(show_errors=True)
    assert report.quantity_recall >= 0.95
    recall_floor, precision_floor = concept_floors
    assert report.concept_recall >= recall_floor, report.format_text(show_errors=True)
    assert report.concept_precision >= precision_floor


@pytest.mark.parametrize("notes_file", [row[0] for row in OWN_GOLD])
def test_gold_files_are_exact_substrings(notes_file):
    notes = jsonl_notes(GOLD_DIR / notes_file)
    gold_path = GOLD_DIR / f"{notes_file.rsplit('-notes', 1)[0]}-gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert [g["title"] for g in gold] == [n.title for n in notes]
    for g, n in zip(gold, notes, strict=True):
        text = f"{n.title} {n.summary}"
        for key in ("proposes", "uses", "datasets"):
            for item in g[key]:
                for name in [item["name"], *item.get("aliases", [])]:
                    assert name in text, (n.title, name)
        for q in g["quantities"]:
            assert q["text"] in n.summary
