"""Term quality (issue 14): acronym definitions that hold, genericness from word frequency and
name use, variant parents only for real families."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.extract import Mention, NoteExtraction
from papergraph.extract.abbreviations import definition_holds, find_abbreviations
from papergraph.extract.generic import NameUses, is_common_word, is_fragment, is_generic_concept
from papergraph.link import link_extractions
from papergraph.read import Note

# Made-up and textbook definitions: (short form, long form).
TRUE_DEFINITIONS = [
    ("LoRA", "Low-Rank Adaptation"),
    ("LoRA", "low-rank adaptation"),
    ("ReAct", "Reasoning and Acting"),
    ("GraphRAG", "graph retrieval-augmented generation"),
    ("RAG", "Retrieval-Augmented Generation"),
    ("NeRF", "Neural Radiance Fields"),
    ("KL", "Kullback-Leibler"),
    ("L2O", "Learning to Optimize"),
    ("R2D2", "Recurrent Replay Distributed DQN"),
    ("3DGS", "3D Gaussian Splatting"),
    ("MoE", "Mixture of Experts"),
    ("CoT", "chain-of-thought"),
    ("GANs", "Generative Adversarial Networks"),
    ("ViT", "Vision Transformer"),
    ("QuZO", "Quantized Zeroth-Order"),
    ("Nemotron-CLIMB", "CLustering-based Iterative Data Mixture Bootstrapping"),
]
FALSE_DEFINITIONS = [
    ("ReAct", "refine action"),  # a verb phrase whose letters happen to fit
    ("TSP", "they show potential"),  # opens with a pronoun
    ("AMT", "across many tasks"),  # opens with a preposition
    ("IA", "improves accuracy"),  # opens with a verb
    ("WI", "we introduce"),
    ("LLaMA", "Large Language Model"),  # the last "A" is not matched
    ("GPT", "generative model"),  # no "p" after the "g"
    ("SAM", "sample"),  # one word: a long form has two words or hyphen parts
    ("xLSTM", "extended Long Short-Term Memory"),  # "x" does not start the long form
    ("BERT", "BERT encoder"),  # the short form inside its long form
    ("FP4", "full precision"),  # the trailing digit is not matched
    ("Dense-SfM", "Structure from Motion"),  # a common word before the acronym is no brand
    ("SAQ-SAM", "Segment Anything Model"),  # nor an acronym of its own
    # a gerund with its object is no noun phrase either
    ("Init[AB]", "initializing both the A and B matrices of LoRA as non-zero"),
    # a clause is no noun phrase
    ("TokenMix", "tokenization framework that employs a customized mixing layer"),
]


@pytest.mark.parametrize(("short", "long"), TRUE_DEFINITIONS)
def test_real_definitions_hold(short, long):
    assert definition_holds(short, long)


@pytest.mark.parametrize(("short", "long"), FALSE_DEFINITIONS)
def test_letters_before_a_parenthesis_are_no_definition(short, long):
    assert not definition_holds(short, long)


def test_find_abbreviations_keeps_only_definitions_that_hold():
    text = (
        "We fine-tune with Low-Rank Adaptation (LoRA), and they show potential (TSP) "
        "when agents refine action (ReAct) plans."
    )
    assert [(a.short, a.long) for a in find_abbreviations(text)] == [
        ("LoRA", "Low-Rank Adaptation")
    ]


def _note(title: str, summary: str, line: int = 1) -> Note:
    return Note(title, summary, Path("page.md"), line)


def _mention(note: Note, text: str, etype: str = "Method", **extra) -> Mention:
    field = "summary" if text in note.summary else "title"
    start = getattr(note, field).index(text)
    return Mention(text, start, start + len(text), field, etype, "uses", "test", 0.9, **extra)


def test_a_failing_long_form_is_no_alt_label():
    note = _note("Planning agents", "Agents that refine action (ReAct) with LoRA plans.")
    extraction = NoteExtraction(note, [_mention(note, "ReAct", long_form="refine action")])
    (entity,) = link_extractions([extraction]).entities.values()
    assert entity.label == "ReAct" and entity.alt_labels == set()


@pytest.mark.parametrize(
    "word", ["agent", "tools", "graphs", "algorithm", "building", "node", "research", "born"]
)
def test_common_words_are_generic_concepts(word):
    assert is_common_word(word) and is_generic_concept(word)


@pytest.mark.parametrize(
    "phrase", ["beneficial", "revisited", "interpretable", "multilingual", "heterogeneous"]
)
def test_lone_adjectives_and_participles_are_generic_concepts(phrase):
    assert is_generic_concept(phrase)


@pytest.mark.parametrize(
    "phrase",
    ["convergence", "regularization", "in-context learning", "fine-tuning", "reasoning",
     "geometry", "tokenization", "graph neural networks", "LoRA", "gaussians"],
)  # fmt: skip
def test_technical_terms_are_not_generic(phrase):
    assert not is_generic_concept(phrase)


@pytest.mark.parametrize(
    "phrase",
    ["rate-aware", "heavy-tailed", "non-parametric", "distributed multi-agent",
     "inference utilizing adversarial training"],
)  # fmt: skip
def test_clause_fragments_are_no_concepts(phrase):
    assert is_fragment(phrase)


@pytest.mark.parametrize(
    "phrase",
    ["in-context learning", "parameter-efficient fine-tuning", "cross-attention",
     "iterative self-improvement", "graph clustering", "zero-shot"],
)  # fmt: skip
def test_noun_phrases_are_no_fragments(phrase):
    assert not is_fragment(phrase)


def test_a_word_the_notes_write_as_a_name_is_no_generic_name():
    uses = NameUses(
        [
            "We compare with Gemini and an agent that uses tools; the agent plans.",
            "Each agent answers with Gemini as judge, after a refinement step.",
        ]
    )
    assert uses.is_generic_name("Agent")  # lowercase in running text
    assert uses.is_generic_name("Refinement")  # less common, but written in lowercase
    assert not uses.is_generic_name("Gemini")  # capitalised in mid-sentence, never lowercase
    assert not uses.is_generic_name("Mamba")  # less common and never written in lowercase
    assert not uses.is_generic_name("Vicuna")  # rare in English: a name whatever the notes say


def test_generic_single_word_names_are_dropped_unless_a_vocabulary_knows_them():
    a = _note("Agent: planning with Adam", "The agent is trained with Adam on the Video split.")
    b = _note("Video agents", "An agent watches each video.", 2)
    extractions = [
        NoteExtraction(a, [_mention(a, "Agent"), _mention(a, "Adam", vocab_iri="urn:adam")]),
        NoteExtraction(b, [_mention(b, "Video", "Dataset")]),
    ]
    labels = {e.label for e in link_extractions(extractions).entities.values()}
    assert labels == {"Adam"}


def test_no_invented_family_parents():
    note = _note(
        "Macro-F1 of System-1 and DeepSeek-R1 with R2D2",
        "The system reaches a Macro-F1 of 0.8; R2D2 and DeepSeek-R1 are baselines; GPT-4o too.",
    )
    names = [("Macro-F1", "Metric"), ("System-1", "Method"), ("DeepSeek-R1", "Model"),
             ("R2D2", "Method"), ("GPT-4o", "Model")]  # fmt: skip
    extraction = NoteExtraction(note, [_mention(note, text, etype) for text, etype in names])
    corpus = link_extractions([extraction], known_family=lambda label: label == "GPT")
    labels = {e.label for e in corpus.entities.values()}
    assert labels == {text for text, _ in names} | {"GPT"}
    assert corpus.entities["gpt-4o"].variant_of == "gpt"


def test_a_family_written_on_its_own_in_a_note_is_a_parent():
    a = _note("Scaling Zeta", "We train Zeta-2-7B and compare with Zeta-3.")
    b = _note("About Zeta", "Zeta models are open.", 2)
    extraction = NoteExtraction(
        a, [_mention(a, "Zeta-2-7B", "Model"), _mention(a, "Zeta-3", "Model")]
    )
    corpus = link_extractions([extraction, NoteExtraction(b, [])])
    assert corpus.entities["zeta-2-7b"].variant_of == "zeta"
    assert corpus.entities["zeta-3"].variant_of == "zeta"
