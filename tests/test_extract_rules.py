"""The extract stage's fast paths (each equals the slower code it replaced) and concept rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.extract import extract_notes
from papergraph.extract._candidates import NoteView
from papergraph.extract._gazetteer import Gazetteer
from papergraph.extract._nested import _search, _spelling
from papergraph.extract._quantities import _QUANTITY, _claim_matches, find_quantities
from papergraph.extract.abbreviations import _last_word
from papergraph.extract.shapes import metric_shaped
from papergraph.extract.text import find_word
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


# --- names, their relation and their type (issue 14); made-up names throughout ---------------


def names(nlp, title: str, summary: str) -> dict[str, tuple[str, str]]:
    """text -> (relation, type) of the named artifacts of one note (summary mentions win)."""
    note = Note(title, summary, Path("notes.txt"), 1)
    extraction = next(extract_notes(nlp, [note]))
    found: dict[str, tuple[str, str]] = {}
    for m in sorted(extraction.mentions, key=lambda m: m.field == "summary"):
        if m.relation != "discusses":
            found[m.text] = (m.relation, m.entity_type)
    return found


@pytest.mark.parametrize(
    ("summary", "proposed"),
    [
        # named parts introduced with the proposal are proposed too
        ("We propose FooAgent, which consists of PlanNet, a Critic and ReflectBank.",
         {"FooAgent", "PlanNet", "ReflectBank"}),
        ("This paper proposes ZETA, a framework for ranking. ZETA comprises three lightweight "
         "modules: a Spectral Span Encoder, Span-Conditioned Prompting, and Span-Modulated "
         "Attention.",
         {"ZETA", "Spectral Span Encoder", "Span-Conditioned Prompting",
          "Span-Modulated Attention"}),
        ("This paper proposes QuillNet for deblurring. It integrates motion cues and depth "
         "through Adaptive Blur Bounds to calibrate uncertainty.",
         {"QuillNet", "Adaptive Blur Bounds"}),
        # a tool verb makes a name the paper's own only when the note spells it out
        ("This paper proposes KiloSeg for segmentation. It employs a Widget-guided Gadget "
         "Refinement (WGR) module to sharpen masks.", {"KiloSeg", "WGR"}),
        ("PlumeNet is a dual-branch framework that introduces parallel channels along with "
         "Twin-Helix Blocks to model interactions.", {"PlumeNet", "Twin-Helix Blocks"}),
        ("This work studies sampling. Building on this, P-QUUX is proposed to shape "
         "distributions, and Inverse Drift Correction is introduced to improve quality.",
         {"P-QUUX", "Inverse Drift Correction"}),
        ("It proposes Sliding Window Cross-Attention (SWCA), its adaptive variant (ASWCA), "
         "and Pooled Cross-Attention (PCA).", {"SWCA", "ASWCA", "PCA"}),
    ],
)  # fmt: skip
def test_proposal_parts_are_proposed(nlp, summary, proposed):
    found = names(nlp, "A Study of Things", summary)
    assert {n for n, (rel, _) in found.items() if rel == "proposes"} >= proposed, found


@pytest.mark.parametrize(
    ("summary", "not_proposed"),
    [
        # what the proposal is evaluated on or built from stays used / evaluated on
        ("This paper proposes FooNet, a model that achieves state-of-the-art performance on "
         "BarSet, QuxQA, and related benchmarks.", {"BarSet", "QuxQA"}),
        ("We propose GlimNet, outperforming the strongest baselines by 8 points on "
         "FooEval/BarQA/BazQA.", {"FooEval", "BarQA", "BazQA"}),
        ("This paper proposes WarpRec, a model that employs Dense Band Filtering (DBF) to "
         "compensate for the inability of global XFT to resolve fluctuations.", {"XFT"}),
        ("This paper proposes ZapSys, a system built on a LoRA-driven reflection mechanism.",
         {"LoRA"}),
    ],
)  # fmt: skip
def test_evaluated_and_used_names_are_not_proposed(nlp, summary, not_proposed):
    found = names(nlp, "A Study of Things", summary)
    for name in not_proposed:
        assert found.get(name, ("missing",))[0] != "proposes", found


def test_evaluation_list_after_a_result_cue(nlp):
    found = names(nlp, "A Study of Things", "This paper proposes FooNet, a model that "
                  "achieves state-of-the-art performance on BarSet, QuxQA, and related "
                  "benchmarks.")  # fmt: skip
    assert found["BarSet"] == ("evaluatesOn", "Dataset")
    assert found["QuxQA"] == ("evaluatesOn", "Dataset")


def test_title_suffix_names_the_proposal(nlp):
    found = names(
        nlp,
        "Event Boundary Detection via Denoising Diffusion (DiffZED)",
        "DiffZED is the first work to bring diffusion models to boundary detection.",
    )
    assert found["DiffZED"][0] == "proposes"


@pytest.mark.parametrize(
    ("title", "name", "etype"),
    [
        ("GlowIE: An Extremely Lightweight Vision Model for Enhancement", "GlowIE", "Model"),
        ("QuxBench: A Benchmark for Long Documents", "QuxBench", "Dataset"),
        ("ToolX: A Tool-Augmented LLM Framework for Routing", "ToolX", "Method"),
        ("FinZ: Dataset, Evaluation System and Agents for Reports", "FinZ", "Dataset"),
        ("ZorbMKG: Benchmarking Medical Knowledge Use of LLMs", "ZorbMKG", "Dataset"),
        ("LiteIE: An Extremely Lightweight and Effective ConvNet for Phones", "LiteIE", "Model"),
        # a modifier of the phrase's head types nothing ("Proxy" is no metric here)
        ("ZapMoE: Diversity-Aware Proxy Selection for Expert Merging", "ZapMoE", "Method"),
        # a preposition ends the first phrase: its head is "Models"
        (
            "ZapThinker: Audio-Language Models through Reasoning over Sound",
            "ZapThinker",
            "Model",
        ),
    ],
)
def test_title_head_types_the_proposal(nlp, title, name, etype):
    # the summary's apposition says "framework": the title's head noun wins
    found = names(nlp, title, f"This paper proposes {name}, a framework for many tasks.")
    assert found[name] == ("proposes", etype), found


@pytest.mark.parametrize(
    ("summary", "name", "etype"),
    [
        ("This paper proposes Clefo, a controllable sequence editing model based on temporal "
         "concepts.", "Clefo", "Model"),
        ("This paper proposes DiffChrom — a conditional diffusion network that generates "
         "structures.", "DiffChrom", "Model"),
        ("This paper builds two dedicated datasets—PolarQS (noise statistics) and "
         "PolarBurstQR.", "PolarQS", "Dataset"),
        ("It unfolds them into a trainable ZNet comprising SAX (spatial), CFX (channel), and "
         "DCX (data) modules.", "CFX", "Method"),
        ("On the self-constructed QPS benchmark, SlideMaker achieves 75.8%.", "SlideMaker",
         "Method"),
        ("The method reaches PSNR-Y of 44.91 dB on the Kalo dataset.", "PSNR-Y", "Metric"),
        ("It gains 8% in FooQAScore over prior work.", "FooQAScore", "Metric"),
        ("We build PolarQS (noise statistics) and PolarBurstQR (QR benchmark).", "PolarBurstQR",
         "Dataset"),
        ("This paper proposes DiffChrom — a conditional diffusion Transformer that generates "
         "structures.", "DiffChrom", "Model"),
        # the head of a long form wins over a head noun that follows
        ("It has three designs—score splitting and a Reward-Tilted Tree Sampler (RTTS)—the "
         "student model beats the teacher.", "RTTS", "Method"),
        # what is fine-tuned or pretrained has weights: a model
        ("Fine-tuning ZorbDepth on this dataset improves rotation accuracy.", "ZorbDepth",
         "Model"),
        ("The framework fine-tunes the QuuxVL for grounding.", "QuuxVL", "Model"),
        ("It distils features from a pretrained Blenko into the student.", "Blenko", "Model"),
        ("Training with BlenkoAug on this dataset improves accuracy.", "BlenkoAug", "Method"),
        # a measured value after a name, or a signed gain before it: a metric
        ("It reaches a ZTE of only 5.5 cm on the new rig.", "ZTE", "Metric"),
        ("Reconstruction improves (PSNR 18.561, QD 0.101) over baselines.", "QD", "Metric"),
        ("It achieves a +6.8 QG-ARI improvement on video.", "QG-ARI", "Metric"),
    ],
)  # fmt: skip
def test_types_from_context(nlp, summary, name, etype):
    found = names(nlp, "A Study of Things", summary)
    assert found[name][1] == etype, found


@pytest.mark.parametrize(
    ("title", "summary", "name", "relation"),
    [
        # a bare spelled-out acronym named as a means: the paper's own part
        ("ZorbGS: Robust Splat Watermarks",
         "It refines the splats via Frequency-Guided Blurbification (FGB) and wavelets.",
         "FGB", "proposes"),
        ("A Unified Generator for Quux Scenes",
         "Consistency comes through Implicit Layout Blending (ILB) and Time Adaptive "
         "Quuxing (TAQ) mechanisms.", "TAQ", "proposes"),
        # a known method the note names comes with "the", or is built on, or is the topic
        ("Valid Inference for Quux Effects",
         "It guarantees valid inference within the Double Quux Learning (DQL) framework.",
         "DQL", "uses"),
        ("Robust Zorb Reconstruction",
         "It samples points using Multi-View Zorbing (MVZ)-based geometry cues.", "MVZ",
         "uses"),
        ("On Zorb Scaling and Quux Prediction",
         "We study calibration with Zorb Scaling (ZS) on deep classifiers.", "ZS", "uses"),
    ],
)  # fmt: skip
def test_a_spelled_out_means_is_the_papers_own(nlp, title, summary, name, relation):
    assert names(nlp, title, summary)[name][0] == relation


def test_own_modifier_proposes_a_benchmark(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "On the self-constructed QPS benchmark, SlideMaker achieves 75.8%.",
    )
    assert found["QPS"] == ("proposes", "Dataset")


@pytest.mark.parametrize(
    ("summary", "present", "absent"),
    [
        ("We evaluate on Humanity's Last Exam and BFCL V3.",
         {"Humanity's Last Exam", "BFCL V3"}, {"Humanity", "Last Exam", "BFCL"}),
        ("Deployed on Foocorp's news platform, QuuxRec lifts watch time.", {"QuuxRec"},
         {"Foocorp"}),
        ("Retrieval lifts Pearson-0.52 to Pearson-0.61.", {"Pearson"}, {"Pearson-0.52"}),
        ("We transfer Llama→Mistral with adapters.", {"Llama", "Mistral"}, {"Llama→Mistral"}),
        ("It is evaluated on FooNet++/BarSet200 scans.", {"FooNet++", "BarSet200"},
         {"FooNet++/BarSet200"}),
        # a capital and a digit standing alone name a common metric, never more
        ("It achieves 0.994 F1 and a 0.9 R2 on FooSet with one A100 GPU.", {"F1", "R2"},
         {"A100"}),
        ("It improves macro-F1 on FooSet.", {"macro-F1"}, {"F1"}),
        # a suffix that builds on a name ends a name of several words too
        ("It trains a Zorblat Radiance Field-based optimizer for scenes.",
         {"Zorblat Radiance Field"}, {"Field", "Zorblat Radiance"}),
        ("It trains a Quux Splatting-guided renderer on scans.", {"Quux Splatting"},
         {"Splatting", "Quux"}),
        ("We study the NODE→SR pipeline on chaotic systems.", {"NODE→SR"}, {"NODE", "SR"}),
        ("The method employs a ResNet VAE to encode maps.", {"ResNet", "VAE"}, {"ResNet VAE"}),
        ("It extracts edges via the Sobel operator.", {"Sobel operator"}, {"Sobel"}),
        # undefined acronyms before a task or class noun name fields
        ("FooHDR improves multi-exposure QDR reconstruction over existing XTQ approaches.",
         {"FooHDR"}, {"QDR", "XTQ"}),
    ],
)  # fmt: skip
def test_names_whole_and_clean(nlp, summary, present, absent):
    found = names(nlp, "A Study of Things", summary)
    assert present <= set(found), found
    assert not absent & set(found), found


def test_lowercase_vocabulary_tool_is_used(nlp):
    found = names(nlp, "A Study of Things",
                  "This paper proposes QuxGen, a generative framework based on flow matching "
                  "and spectral clustering.")  # fmt: skip
    assert found["flow matching"] == ("uses", "Method")
    # the kind of thing the proposal is: it builds on that method
    for summary in (
        "BazGA, a genetic algorithm that edits routes, finds molecules.",
        "BazFlow proposes an edit-based flow matching approach for sequences.",
    ):
        found = names(nlp, "A Study of Things", summary)
        assert found.get("genetic algorithm", found.get("flow matching")) == ("uses", "Method")
    # a lowercase vocabulary phrase that is not taken up as a tool stays a concept
    found = names(nlp, "A Study of Things", "We study why flow matching generalises.")
    assert "flow matching" not in found


@pytest.mark.parametrize(
    ("summary", "name", "relation"),
    [
        ("Adaptive Null Guidance (ANG) is proposed to sharpen masks.", "ANG", "proposes"),
        ("It scores well across five benchmarks, including ScanQX and ScanRefX.", "ScanRefX",
         "evaluatesOn"),
        ("Scores rise (Pearson 0.633 vs. 0.624) with ESM-9 15B.", "ESM-9 15B", "uses"),
        ("Scores rise (Pearson 0.633 vs. 0.624) with ESM-9 15B.", "Pearson", "uses"),
        # the object right after the propose verb, even when a vocabulary term is spelled so
        ("This paper proposes HINT, which introduces two attention modules.", "HINT",
         "proposes"),
        # a proposed "FOO-Transformer" builds on Transformer
        ("This paper proposes PAD-Transformer, a backbone for sparse data.", "Transformer",
         "uses"),
    ],
)  # fmt: skip
def test_relation_rules(nlp, summary, name, relation):
    found = names(nlp, "A Study of Things", summary)
    assert found.get(name, ("missing",))[0] == relation, found


@pytest.mark.parametrize(
    ("title", "summary", "brand", "part"),
    [
        ("Typed-RAG: Type-Aware Decomposition for Questions",
         "The proposed Typed-RAG framework improves the performance of RAG.", "Typed-RAG", "RAG"),
        ("ZORP-3D: Joint Segmentation of Point Clouds",
         "This work proposes the ZORP-3D framework for segmenting 3D point clouds and 3D scenes.",
         "ZORP-3D", "3D"),
    ],
)  # fmt: skip
def test_a_known_name_or_a_dimension_after_a_brand_is_not_the_title_name(
    nlp, title, summary, brand, part
):
    found = names(nlp, title, summary)
    assert found[brand][0] == "proposes"
    assert found.get(part, ("absent",))[0] != "proposes", found


@pytest.mark.parametrize(
    ("summary", "name", "relation"),
    [
        # a one-letter prefix marks a variant: S-FOOPO builds on FOOPO
        ("This paper proposes ZipRec, a framework comprising a progressive S-FOOPO training "
         "strategy.", "FOOPO", "uses"),
        # a long form ending in an acronym modifies that artifact
        ("This paper proposes ZipRec, which employs Isolated BARPO (IBARPO) for ranking.",
         "BARPO", "uses"),
        ("This paper proposes ZipRec, which employs Isolated BARPO (IBARPO) for ranking.",
         "IBARPO", "proposes"),
    ],
)  # fmt: skip
def test_parts_of_proposed_names(nlp, summary, name, relation):
    found = names(nlp, "A Study of Things", summary)
    assert found.get(name, ("missing",))[0] == relation, found


def test_deployment_venues_and_metric_slashes(nlp):
    found = names(nlp, "A Study of Things",
                  "ZipRec has been fully deployed in Foocorp Search, raising Acc@5/10 by "
                  "20%/30%.")  # fmt: skip
    assert "Foocorp Search" not in found
    assert found["Acc@5"] == ("uses", "Metric")


def test_part_noun_completes_a_title_case_part(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "This paper proposes QuxNet. It uses a Shape Mixing module to align views, trained "
        "with a Soft Hinge Gaussian loss.",
    )
    assert found["Shape Mixing module"] == ("proposes", "Method"), found
    assert "Soft Hinge Gaussian loss" in found, found
    # a run the note also names on its own stays the name
    found = names(nlp, "Tidal Attention for Long Videos", "We propose a Tidal Attention mechanism.")
    assert "Tidal Attention" in found and "Tidal Attention mechanism" not in found, found


def test_plural_acronym_of_a_lowercase_phrase_is_no_proposal(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "This paper proposes BarTok, which constructs a motif vocabulary that beats "
        "wave-based shape tokenizers (WSTs) on ten tasks.",
    )
    assert "WSTs" not in found, found


@pytest.mark.parametrize(
    ("title", "used"),
    [
        ("Exploring Diverse Heads within Transformer for Image Denoising", True),
        ("Improving Video Deraining Transformers via Shifted Windows", True),
        # a process is no architecture; a longer name the vocabulary knows is not split
        ("Consistent Multi-View Diffusion for Texturing", False),
        ("Steering Reward Models via Sparse Autoencoder", False),
        # the long form of a known acronym the summary uses
        ("Learning Pixel-wise Multi-layer Transformers", True),
    ],
)
def test_architecture_named_in_the_title_is_used(nlp, title, used):
    found = names(nlp, title, "This paper proposes QuxNet, which works well.")
    architectures = {
        k: v for k, v in found.items() if k.startswith(("Transformer", "Diffusion", "Autoencoder"))
    }
    assert bool(architectures) == used, found
    assert all(v == ("uses", "Model") for v in architectures.values()), found


def test_title_long_form_of_a_known_acronym_is_not_split(nlp):
    found = names(
        nlp,
        "Learning Pixel-wise Multi-layer Perceptrons for Enhancement",
        "This paper proposes QuxNet, which generates micro-MLP weights for each pixel with MLPs.",
    )
    assert "Perceptrons" not in found, found


def test_a_proposed_variant_builds_only_on_a_named_family(nlp):
    found = names(nlp, "Zorb-1: A Foundation Model for Crystals", "Zorb-1 unifies many tasks.")
    assert "Zorb" not in found, found
    found = names(
        nlp,
        "FooMem v2: Faster Memory Layers",
        "FooMem v2 improves FooMem with sparse keys.",
    )
    assert found.get("FooMem", ("missing",))[0] == "uses", found


def test_direction_compounds_are_tasks_unless_proposed(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "It narrows the Real-to-Sim gap and scores well on Text-to-Graph parsing with BarNet. "
        "It decomposes the scores of Zorb-as-a-Judge.",
    )
    assert not {"Real-to-Sim", "Text-to-Graph", "Zorb-as-a-Judge"} & set(found), found
    found = names(nlp, "A Study of Things", "We propose Sketch-to-Mesh, a lifting method.")
    assert found["Sketch-to-Mesh"][0] == "proposes", found


def test_lowercase_metric_long_form_is_a_metric(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "QuxNet lowers the packet error rate (PER) and the pseudo-log-likelihood (PLL) gap.",
    )
    assert found.get("PER") == ("uses", "Metric"), found
    assert found.get("PLL") == ("uses", "Metric"), found


def test_names_listed_after_a_plural_head_take_its_type(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "This paper introduces three new evaluation metrics—Zorbness, Quuxity, and Blorp—to "
        "assess FooNet. Two lightweight proxy metrics, ZedDiff and QIR, are designed to "
        "approximate it. Across 6 QA benchmarks, BarNet reduces cost.",
    )
    for name in ("Zorbness", "Quuxity", "Blorp", "ZedDiff", "QIR"):
        assert found[name][1] == "Metric", (name, found)
    assert found["BarNet"][1] != "Dataset", found  # a phrase before a clause, not a list


def test_a_count_of_records_in_parentheses_makes_a_dataset(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "This paper proposes the QuxAlgo algorithm, while open-sourcing ZorbQ (10,836 "
        "questions), and BlorpData (230K episodes × 571 scenes with dense per-frame labels).",
    )
    assert found["ZorbQ"][1] == "Dataset", found
    assert found["BlorpData"][1] == "Dataset", found
    assert found["QuxAlgo"][1] == "Method", found


def test_name_in_parentheses_takes_the_head_before_it(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "This paper proposes QuxRec. The method employs a gated expert architecture (GateMix) "
        "and reaches 80% on the public benchmark (ZetaSet).",
    )
    assert found["GateMix"][1] == "Model", found
    assert found["ZetaSet"][1] == "Dataset", found


def test_an_equation_is_a_concept_not_an_artifact(nlp):
    note = Note(
        "A Study of Things",
        "QuxSolver stabilises rollouts of the Gray-Scott equations with spectral penalties.",
        Path("notes.txt"),
        1,
    )
    mentions = next(extract_notes(nlp, [note])).mentions
    named = {m.text for m in mentions if m.entity_type != "Concept"}
    assert "Gray-Scott equations" not in named, named
    assert "QuxSolver" in named, named


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        # under a title that names nothing, the name opening the summary before a propose
        # verb is the proposal, typed by the head of what it proposes
        ("Consistent Depth Denoising via Graph Attention",
         "QUOX-Net proposes a depth denoising network that fuses graph structures.",
         {"QUOX-Net": ("proposes", "Model")}),
        ("Sensing Rooms from Echoes", "ZephyrSet introduces a benchmark of 4,000 echo scenes.",
         {"ZephyrSet": ("proposes", "Dataset")}),
        # under a "Name:" title, a different name opening the summary is the author
        ("Foo-ZAP: Data Mixtures for Pretraining",
         "QUORP proposes the ZAP framework, which searches mixtures.",
         {"ZAP": ("proposes", "Method")}),
    ],
)  # fmt: skip
def test_the_name_opening_the_summary_before_a_propose_verb(nlp, title, summary, expected):
    found = names(nlp, title, summary)
    assert {n: found.get(n) for n in expected} == expected, found
    if "ZAP" in expected:
        assert "QUORP" not in found, found


def test_an_en_dash_between_title_words_keeps_one_name(nlp):
    found = names(
        nlp,
        "Projection-Free Design",
        "We cast the design as a Frank–Wolfe oracle and use Gauss–Newton steps; the "
        "speed–accuracy trade-off is studied.",
    )
    assert {"Frank–Wolfe", "Gauss–Newton"} <= set(found), found
    assert not {"Frank", "Wolfe", "Gauss", "Newton"} & set(found), found


@pytest.mark.parametrize(
    ("summary", "task", "kept"),
    [
        ("This work is the first to bring diffusion models into Generic Event Boundary "
         "Detection (GEBD), framing boundaries as denoising.", "GEBD", set()),
        ("It studies the impact of Translation Equivariance (TE) on convergence.", "TE", set()),
        ("A framework for Category-Agnostic Pose Estimation (CAPE) built on FooDiff.", "CAPE",
         {"FooDiff"}),
    ],
)  # fmt: skip
def test_an_acronym_of_a_task_the_paper_works_on_is_no_artifact(nlp, summary, task, kept):
    found = names(nlp, "A Study of Things", summary)
    assert task not in found and kept <= set(found), found


def test_a_task_headed_part_the_paper_introduces_stays(nlp):
    found = names(
        nlp,
        "Prompted Segmentation at Low Bit-Width",
        "It introduces Outlier Clipping (OCL) and Prompt-Aware Reconstruction (PAR) to keep "
        "prompts aligned.",
    )
    assert "PAR" in found, found


def test_a_word_modifying_a_name_is_no_concept(nlp):
    found = concepts(
        nlp,
        "Fast Splats",
        "FooGS achieves photorealistic ZapPBR materials and real-time Gaussian Splatting "
        "rendering, with a feed-forward end-to-end SfM stage for camera pose recovery.",
    )
    assert not {"photorealistic", "real-time", "feed-forward end-to-end"} & set(found), found
    assert "camera pose recovery" in found, found


def test_a_verb_opening_a_sentence_is_no_name(nlp):
    found = names(
        nlp,
        "Revisiting Sparse Probes",
        "Revisiting the sparse probes of FooLM, we show they overfit.",
    )
    assert "Revisiting" not in found and "FooLM" in found, found


def test_a_participle_after_a_hyphen_leaves_the_name_it_modifies(nlp):
    found = names(
        nlp,
        "Aligned Features",
        "We train a QUUX-regularized objective on ZORB-aligned features with a FooNet-based "
        "encoder.",
    )
    # QUUX and ZORB, written only inside these compounds, are no names of their own (see
    # test_an_acronym_only_inside_modifier_compounds_is_no_artifact)
    assert "FooNet" in found, found
    assert not {"QUUX-regularized", "ZORB-aligned"} & set(found), found


def test_a_prefixed_class_acronym_is_a_class(nlp):
    found = names(
        nlp,
        "Distilling Diffusion Language Models",
        "It compresses a pretrained diffusion large language model (dLLM) into a few-step "
        "student, QuokkaLM.",
    )
    assert "dLLM" not in found and "QuokkaLM" in found, found


def test_a_dash_after_a_bracket_splits_the_gloss_from_the_clause(nlp):
    found = names(
        nlp,
        "Benchmarking Burst Imaging",
        "It builds two datasets—QuuxNS (noise statistics) and QuuxBurst (SR benchmark)—and "
        "benchmarks existing methods, reaching the Symmetric F1 of prior work.",
    )
    assert found.get("QuuxBurst") == ("proposes", "Dataset"), found
    assert found.get("Symmetric F1", ("missing",))[1:] == ("Metric",), found


def test_concepts_are_no_halves_of_slash_compounds_nor_end_in_a_component_verb(nlp):
    found = concepts(
        nlp,
        "Fake News Detection with Two Hemispheres",
        "Inspired by the left-brain/right-brain division of semantic understanding, the "
        "authors construct a gaze dataset comprising 1.5 million frames.",
    )
    assert not [c for c in found if "brain" in c or c.endswith("comprising")], found
    assert "fake news detection" in found, found  # "news" is no plural of "new"


def test_an_english_word_glossing_a_name_is_no_name_but_a_coined_alias_is(nlp):
    found = names(
        nlp,
        "Personalities for Agents",
        "This paper proposes QUORA, which assigns each agent a trait: Interpreter (Openness) "
        "and Planner (Patience). It introduces the Domain Shattering Dimension (Gdim).",
    )
    assert not {"Openness", "Patience"} & set(found), found
    assert "Gdim" in found, found


def test_a_slogan_of_function_words_is_no_name(nlp):
    found = names(
        nlp,
        "Weather Removal via Grouping",
        "FooFormer proposes an All-in-One weather removal method and a One-for-All prompt, "
        "evaluated with IF and RE scores.",
    )
    assert not {"All-in-One", "One-for-All"} & set(found), found
    assert {"FooFormer", "IF", "RE"} <= set(found), found


def test_a_proposed_metric_named_after_a_common_one_uses_it(nlp):
    found = names(
        nlp,
        "Boundaries by Denoising",
        "We propose two evaluation metrics, Balanced F1 and Spread Score, for event boundaries.",
    )
    assert found.get("Balanced F1") == ("proposes", "Metric"), found
    assert found.get("F1") == ("uses", "Metric"), found


def test_a_title_case_subject_opening_a_sentence_is_a_name_brought_in_not_proposed(nlp):
    found = names(
        nlp,
        "Convolutions for Fast Upscaling",
        "We propose ZapConv. Swift Attention is introduced into lightweight upscaling for the "
        "first time. Two Branches are merged at the end.",
    )
    assert found.get("Swift Attention") == ("uses", "Method"), found
    assert "Two Branches" not in found, found


def test_a_passive_proposal_still_proposes(nlp):
    found = names(nlp, "Fast Upscaling", "Quux Gated Pooling is introduced to cut memory.")
    assert found.get("Quux Gated Pooling", ("",))[0] == "proposes", found


def test_a_lowercase_variant_of_a_vocabulary_method_keeps_its_acronym(nlp):
    found = names(
        nlp,
        "Perturbation Prediction",
        "ZapCell is a generative framework based on conditional flow matching (CFM) and on "
        "spatiotemporal graph neural networks (STGNNs).",
    )
    assert found.get("CFM") == ("uses", "Method"), found
    assert "STGNNs" not in found, found


@pytest.mark.parametrize(
    ("title", "used"),
    [
        ("QuuxFM: Distributional Flow Matching for Cell Perturbations", True),
        ("QuuxFM: Flow Matching Meets Cells", False),  # the label does not end the phrase
        ("Distributional Flow Matching for Cell Perturbations", False),  # no "NAME:"
    ],
)
def test_a_vocabulary_label_ending_the_title_description_is_used(nlp, title, used):
    found = names(nlp, title, "QuuxFM predicts cell responses.")
    assert (found.get("Flow Matching") == ("uses", "Model")) is used, found


def test_a_technique_before_an_architecture_names_a_kind_the_paper_builds_on(nlp):
    found = names(
        nlp,
        "Genome Structures",
        "This paper proposes QuuxChrom, a conditional diffusion Transformer that generates "
        "conformations, and compares it to a standard Transformer.",
    )
    assert found.get("diffusion Transformer") == ("uses", "Model"), found
    assert found.get("QuuxChrom", ("",))[0] == "proposes", found


@pytest.mark.parametrize(
    ("summary", "dropped", "kept"),
    [
        # an acronym written only inside a modifier compound names no artifact …
        ("FooAlign performs KL-regularized reward maximization via forward-KL steps.",
         {"KL"}, {"FooAlign"}),
        ("FooRefine is built for cryo-EM maps of proteins.", {"EM"}, {"FooRefine"}),
        # … but "-based" and the like build on it, bound prefixes repeat it, and a one-letter
        # prefix is part of a name built on it
        ("FooAlign uses QRT-based scoring and periodic re-QRT steps.", set(), {"QRT"}),
        ("FooAlign extends f-QRT to new losses.", set(), {"f-QRT"}),
        # … and it names one wherever the note also writes it on its own
        ("FooAlign applies KL-regularized updates and bounds the KL of each step.", set(),
         {"KL"}),
    ],
)  # fmt: skip
def test_an_acronym_only_inside_modifier_compounds_is_no_artifact(nlp, summary, dropped, kept):
    found = names(nlp, "Aligning Things", summary)
    assert not dropped & set(found) and kept <= set(found), found


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # a dataset the shipped dataset vocabulary knows is data the paper works on, in any
        # context, and its type does not spread to a model beside it
        ("ZapNet beats baselines such as GA and SCRUB on CIFAR-10/ResNet-20.",
         {"CIFAR-10": ("evaluatesOn", "Dataset"), "ResNet-20": ("uses", "Model")}),
        ("ZapNet outperforms QuuxEDL on OOD detection (CIFAR-10 vs. SVHN).",
         {"CIFAR-10": ("evaluatesOn", "Dataset"), "SVHN": ("evaluatesOn", "Dataset")}),
        ("ZapNet is trained with LibriSpeech and reaches state-of-the-art results on KITTI "
         "and NYU Depth v2.",
         {"LibriSpeech": ("evaluatesOn", "Dataset"), "KITTI": ("evaluatesOn", "Dataset")}),
    ],
)  # fmt: skip
def test_a_known_dataset_is_evaluated_on(nlp, summary, expected):
    found = names(nlp, "Robust Things", summary)
    assert {n: found.get(n) for n in expected} == expected, found


@pytest.mark.parametrize(
    ("summary", "name", "relation"),
    [
        # a kind noun may stand between the name and its passive propose verb …
        ("The QUAT framework is proposed to calibrate logits.", "QUAT", "proposes"),
        # … unless the name sits in a prepositional phrase of the subject
        ("A reparameterization method for ZapLU networks is proposed.", "ZapLU", "uses"),
    ],
)
def test_a_passive_proposal_through_a_kind_noun(nlp, summary, name, relation):
    found = names(nlp, "Calibrated Things", summary)
    assert found.get(name, (None,))[0] == relation, found


def test_a_prefix_letter_the_long_form_spells_makes_no_variant(nlp):
    spelled = names(
        nlp,
        "E-QUATS: Efficient Quantised Adaptation for Test-time Speech",
        "E-QUATS adapts speech models without backpropagation.",
    )
    assert "QUATS" not in spelled, spelled
    prefixed = names(nlp, "Ranking", "It proposes a progressive S-FOOPO training strategy.")
    assert prefixed.get("FOOPO") == ("uses", "Method"), prefixed


@pytest.mark.parametrize(
    "metric", ["TPR", "FPR", "tIoU", "PESQ", "SI-SDR", "MPJPE", "CLIP-I", "HOTA"]
)
def test_common_metric_names_are_metrics(metric):
    assert metric_shaped(metric)


@pytest.mark.parametrize(
    "summary",
    [
        "It introduces Self-Evolving LLM agents for grounding.",
        "We fine-tune Long VLM models on finance questions.",
        "A Multimodal LLM judge scores the answers.",
    ],
)
def test_a_title_word_before_a_class_acronym_is_its_modifier(nlp, summary):
    found = names(nlp, "Things", summary)
    assert not {"Self-Evolving", "Long", "Multimodal"} & set(found), found


def test_a_name_with_an_affix_before_a_class_acronym_stays(nlp):
    found = names(nlp, "Things", "We bound the cost of Transformer-based LLMs.")
    assert "Transformer" in found, found


def test_a_class_acronym_inside_a_proposed_name_is_nothing_it_builds_on(nlp):
    found = names(
        nlp,
        "E2E-ZapGuard: Defending End-To-End Speech Synthesis",
        "E2E-ZapGuard is a defense framework against cloning; it uses encoder ensembles.",
    )
    assert "E2E-ZapGuard" in found and "E2E" not in found, found


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # an acronym defined after "a"/"an" is introduced: the paper's own part …
        ("This paper proposes ZapTrack, a module that weighs frames via a Temporal Drift "
         "Calibrator (TDC) and an adaptive Quux Guidance Synthesizer (QGS).",
         {"TDC": "proposes", "QGS": "proposes"}),
        # … but not a measure, nor a known artifact written without the article
        ("ZapTrack is scored with a Frechet Motion Distance (FMD) and builds on Conformal Risk "
         "Control (CRC).", {"FMD": "uses", "CRC": "uses"}),
    ],
)  # fmt: skip
def test_an_acronym_introduced_with_an_article_is_proposed(nlp, summary, expected):
    found = names(nlp, "Tracking Things", summary)
    assert {n: found.get(n, (None,))[0] for n in expected} == expected, found


def test_a_list_after_benchmarks_and_a_colon_is_data(nlp):
    found = names(
        nlp,
        "Scene Graphs",
        "ZapSG achieves state-of-the-art performance on three benchmarks: QVG, ZQA, and PSGX.",
    )
    assert all(found.get(n) == ("evaluatesOn", "Dataset") for n in ("QVG", "ZQA", "PSGX")), found


def test_gnn_is_a_class_like_llm(nlp):
    found = names(nlp, "Chirality", "ZapKernel encodes chirality within a GNN framework.")
    assert "GNN" not in found and "ZapKernel" in found, found


@pytest.mark.parametrize(
    ("summary", "kind", "kept"),
    [
        # an undefined acronym before a plural data or task noun names a kind …
        ("An audit of 16 KGQX datasets finds errors; ZapGen fixes them.", "KGQX", set()),
        ("ZapRec gains 5% AUC on CTRX tasks.", "CTRX", {"AUC"}),
        # … but "the" makes it one suite, and a list shares the noun between names
        ("ZapNet improves accuracy on the long-range LRGX benchmarks.", None, {"LRGX"}),
        ("ZapNet beats SAM on the UIIX and USIX10K benchmarks.", None, {"UIIX", "USIX10K"}),
    ],
)  # fmt: skip
def test_an_acronym_before_a_plural_data_noun_names_a_kind(nlp, summary, kind, kept):
    found = names(nlp, "Things", summary)
    assert kind not in found and kept <= set(found), found


def test_a_known_architecture_inside_a_proposed_long_form_is_used(nlp):
    found = names(
        nlp,
        "Grounding in Video",
        "We propose a Context-enhanced Transformer Encoder (CTE) that aligns clips and text.",
    )
    assert found.get("CTE", ("",))[0] == "proposes", found
    assert found.get("Transformer") == ("uses", "Model"), found


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # a list that a plural part noun opens with a dash or a colon holds the paper's parts
        ("ZapRAG decomposes retrieval into three components—QuuxCLIPs trained by modality, "
         "MQX for query generation, and HKPX preference fine-tuning.",
         {"QuuxCLIPs": "proposes", "MQX": "proposes", "HKPX": "proposes"}),
        # so does a noun after a counted part ("a three-stage pipeline—")
        ("ZapRAG simulates the clinic through a three-stage pipeline—Quux Spotter, Zorb "
         "Reader, and Blorv Board—and beats QuuxNet.",
         {"Quux Spotter": "proposes", "Zorb Reader": "proposes", "Blorv Board": "proposes",
          "QuuxNet": "uses"}),
        # a dash that closes an aside opens no list
        ("It proposes ZapProbe, which uses two views—including Gram branches—clearly "
         "outperforming ProbeY on Model Jungle.", {"ProbeY": "uses"}),
    ],
)  # fmt: skip
def test_a_list_opened_by_a_part_noun_holds_own_parts(nlp, summary, expected):
    found = names(nlp, "Zap Things", summary)
    assert {n: found.get(n, (None,))[0] for n in expected} == expected, found


@pytest.mark.parametrize(
    ("summary", "present", "absent"),
    [
        ("The model is trained with SFT+QRPO on math.", {"SFT", "QRPO"}, {"SFT+QRPO"}),
        ("It outperforms IQX and TD3+BX on the locomotion tasks.", {"TD3+BX"}, {"BX"}),
        ("It is evaluated on ScanNet++ scenes.", {"ScanNet++"}, set()),
        # two capital acronyms split too, however short
        ("The model is trained by a two-stage SFT+RL process.", {"SFT"}, {"SFT+RL", "RL"}),
    ],
)
def test_a_plus_between_two_names_splits_them(nlp, summary, present, absent):
    found = names(nlp, "Training Things", summary)
    assert present <= set(found) and not absent & set(found), found


def test_a_variant_of_the_proposal_is_the_papers_own(nlp):
    found = names(
        nlp,
        "Pointing Things",
        "This paper proposes the QUINT method for pointing. QUINT-14B reaches 68.1% accuracy, "
        "surpassing ZorbVL-14B.",
    )
    assert found.get("QUINT-14B", ("",))[0] == "proposes", found
    assert found.get("ZorbVL-14B", ("",))[0] == "uses", found


@pytest.mark.parametrize(
    ("summary", "name", "etype"),
    [
        # the apposition after a spelled-out name types it, over a task-named long form
        ("This paper introduces ZiALD (Zigrinya Abusive Language Detection), the first "
         "multi-task benchmark dataset for the language.", "ZiALD", "Dataset"),
        # the parts a framework comprises do not type it
        ("This paper proposes QNF (Quux Negative Feedback), a framework comprising three "
         "collaborative agents.", "QNF", "Method"),
    ],
)  # fmt: skip
def test_the_apposition_after_a_spelled_out_name_types_it(nlp, summary, name, etype):
    found = names(nlp, "Things", summary)
    assert found.get(name) == ("proposes", etype), found


@pytest.mark.parametrize(
    ("summary", "absent", "present"),
    [
        # a two-letter acronym, never spelled out, only modifying a common noun: a quantity
        ("ZorbFair reduces worst-case QE gaps against QuuxNet.", {"QE"}, {"QuuxNet"}),
        ("ZorbCache compresses the QV cache to 2 bits and beats QuuxNet.", {"QV"}, {"QuuxNet"}),
        # before a kind noun, as a subject, or in a list with names, it may be one
        ("It fine-tunes the QE model and beats QuuxNet.", set(), {"QE", "QuuxNet"}),
        ("It outperforms QuuxNet and QE scores on Zorb.", set(), {"QE", "QuuxNet"}),
        # three letters or more may name a method written as a modifier
        ("It improves QRPO training and beats QuuxNet.", set(), {"QRPO", "QuuxNet"}),
    ],
)
def test_an_acronym_only_modifying_a_common_noun_is_no_artifact(nlp, summary, absent, present):
    found = names(nlp, "Fair Things", "This paper proposes ZorbFair. " + summary)
    assert present <= set(found) and not absent & set(found), found


def test_the_parts_of_a_chain_of_arrows_are_stages(nlp):
    found = names(
        nlp,
        "Staged Things",
        "This paper proposes ZorbStage, a three-stage pipeline (Quux Drafting → Zorb Review "
        "→ Final Answer), which beats QuuxNet; transfer from QuuxSet→ZorbSet is also shown.",
    )
    assert {"ZorbStage", "QuuxNet", "QuuxSet", "ZorbSet"} <= set(found), found
    assert not {"Quux Drafting", "Zorb Review", "Final Answer"} & set(found), found


@pytest.mark.parametrize(
    ("summary", "absent", "present"),
    [
        ("It covers 5 languages (Zorbic, Quuxian, and Blorvish) and beats QuuxNet.",
         {"Zorbic", "Quuxian", "Blorvish"}, {"QuuxNet"}),
        ("It solves three routing problems (QSP, ZRP, and BVRP), beating QuuxNet.",
         {"QSP", "ZRP", "BVRP"}, {"QuuxNet"}),
        ("It covers low-resource languages like Zorbic and Quuxian.", {"Zorbic", "Quuxian"}, set()),
        # a name that "languages" follows is a language, not before "language models"
        ("It tags three Medieval Zorbic languages and beats QuuxNet.", {"Medieval Zorbic"},
         {"QuuxNet"}),
        ("It tags text with Zorbic Quux language models and beats QuuxNet.", set(),
         {"QuuxNet", "Zorbic Quux"}),
        # baselines in the same shape are artifacts
        ("It beats three baselines (QuuxNet, ZorbGAN, and BlorvNet).", set(),
         {"QuuxNet", "ZorbGAN", "BlorvNet"}),
    ],
)  # fmt: skip
def test_the_members_of_a_class_of_non_artifacts_are_none(nlp, summary, absent, present):
    found = names(nlp, "Covering Things", "This paper proposes ZorbMed. " + summary)
    assert present <= set(found) and not absent & set(found), found


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # names in parentheses after a plural data noun are data the paper evaluates on
        ("It shows that synthetic datasets (QuuxFact, ZorbQA) exaggerate the effect.",
         {"QuuxFact": "evaluatesOn", "ZorbQA": "evaluatesOn"}),
        # the list ends where the parenthesis closes
        ("Across three corpora (Quux News, Zorb Review), it outperforms QuuxTM by 9%.",
         {"Quux News": "evaluatesOn", "Zorb Review": "evaluatesOn", "QuuxTM": "uses"}),
        # a parenthesis that holds more than names is no list
        ("It beats prior methods across 6 datasets (average QUUX-ALL gain of 6.5%).",
         {"QUUX-ALL": "uses"}),
    ],
)  # fmt: skip
def test_names_in_parentheses_after_a_data_noun_are_data(nlp, summary, expected):
    found = names(nlp, "Data Things", "This paper proposes ZorbEval. " + summary)
    assert {n: found.get(n, (None,))[0] for n in expected} == expected, found


def test_a_value_written_onto_a_metric_is_no_part_of_its_name(nlp):
    found = names(
        nlp, "Explaining Things", "ZorbCF reaches FID=8.3 on QuuxFaces, beating QuuxGAN (FID=12.9)."
    )
    assert found.get("FID", ("",))[0] == "uses" and found["FID"][1] == "Metric", found
    assert not any("=" in name for name in found), found


@pytest.mark.parametrize(
    "acronym", ["VLA", "LMM", "LRM", "VFM", "MDP", "POMDP", "ICL", "EMA", "DAG", "MTL", "MILP"]
)
def test_acronyms_of_model_classes_and_settings_are_no_artifacts(nlp, acronym):
    found = names(nlp, "Class Things", f"This paper proposes ZorbNav, a {acronym} for QuuxLand.")
    assert "ZorbNav" in found and acronym not in found, found


def test_a_summary_may_open_with_its_propose_verb(nlp):
    found = names(
        nlp, "Faster Bilevel Things", "Proposes the ZBO framework. It outperforms QuuxGrad."
    )
    assert found.get("ZBO", ("",))[0] == "proposes", found
    assert found.get("QuuxGrad", ("",))[0] == "uses", found


def test_a_one_letter_or_greek_prefix_is_part_of_the_name(nlp):
    found = names(
        nlp,
        "Estimating Things",
        "This paper proposes two estimator families, alpha-ZentNCE and f-ZondNCE.",
    )
    assert {"alpha-ZentNCE", "f-ZondNCE"} <= set(found), found
    assert not {"ZentNCE", "ZondNCE"} & set(found), found


@pytest.mark.parametrize(
    ("summary", "kind"),
    [
        ("ZorbSeg outperforms existing VGG methods on QuuxSeg.", "kind-method"),
        ("ZorbSeg fine-tunes the VGG model on QuuxSeg.", "kind-model"),
        ("ZorbSeg outperforms VGG-based methods on QuuxSeg.", None),
    ],
)
def test_a_kind_noun_after_a_vocabulary_name_is_recorded(nlp, summary, kind):
    note = Note("Segmenting Things", summary, Path("notes.txt"), 1)
    [vgg] = [m for m in next(extract_notes(nlp, [note])).mentions if m.text == "VGG"]
    assert vgg.entity_type == "Model"  # the vocabulary's type; the linker weighs the kind
    assert ({kind} if kind else set()) == {p for p in vgg.rule.split("+") if p.startswith("kind-")}


@pytest.mark.parametrize(
    ("title", "etype"),
    [
        # the head of a title's phrase types the name it titles …
        ("ZorbForce: A Video Model for Physical Goals", "Model"),
        # … but not the object of a verb that opens the phrase
        ("ZorbForce: Teaching Video Models to Reach Physical Goals", "Method"),
    ],
)
def test_a_title_that_opens_with_a_verb_does_not_type_its_name(nlp, title, etype):
    found = names(nlp, title, "ZorbForce is trained on synthetic clips of falling blocks.")
    assert found.get("ZorbForce") == ("proposes", etype), found


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # a score right after a name makes it data the paper evaluates on
        ("An audit shows low correctness (ZorbQA: 52%, QuuxQA: 20%).",
         {"ZorbQA": "evaluatesOn", "QuuxQA": "evaluatesOn"}),
        ("It wins on 10 datasets (ZorbNER F1=82.5, QuuxNER F1=80.8).",
         {"ZorbNER": "evaluatesOn", "QuuxNER": "evaluatesOn"}),
        ("Steering improves ZORBQA by +3.3% with no training.", {"ZORBQA": "evaluatesOn"}),
        # not a metric's value, nor a baseline outperformed by a margin
        ("It improves Recall@5 by 17% and outperforms QuuxRec by 4%.",
         {"Recall@5": "uses", "QuuxRec": "uses"}),
    ],
)  # fmt: skip
def test_a_score_after_a_name_makes_it_data(nlp, summary, expected):
    found = names(nlp, "Auditing Things", "This paper proposes ZorbAudit. " + summary)
    assert {n: found.get(n, (None,))[0] for n in expected} == expected, found


def test_the_object_of_a_propose_verb_with_its_kind_noun_is_proposed(nlp):
    # "VGG" is a vocabulary model; the propose verb and its kind noun make this one new
    found = names(
        nlp, "Tutoring Things", "This paper proposes the VGG framework, which grades tutors."
    )
    assert found.get("VGG", ("",))[0] == "proposes", found


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # a long form with a preposition inside is still the propose verb's object
        ("This paper proposes the Adaptive Zorb of Quux agent (A-ZoQ), which aligns agents.",
         {"A-ZoQ": "proposes"}),
        # two names glossed in parentheses and joined by "and" are both proposed
        ("The authors propose ZorbPy (a rule-based engine) and Quux-ANSR (a sequence model).",
         {"ZorbPy": "proposes", "Quux-ANSR": "proposes"}),
    ],
)  # fmt: skip
def test_spelled_out_and_coordinated_objects_of_a_propose_verb(nlp, summary, expected):
    found = names(nlp, "Proposing Things", summary)
    assert {n: found.get(n, (None,))[0] for n in expected} == expected, found


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # a benchmark-shaped name is evaluated on, whatever the sentence says
        ("ZorbSteer improves QuuxQA by +3.3% and HarmZorbBench by +27.1%.",
         {"HarmZorbBench": ("evaluatesOn", "Dataset")}),
        # a sentence's opening phrase is no list with the name after its comma
        ("On HalluZorbBench, QuuxVL-7B improves from 46.4% to 53.1%.",
         {"HalluZorbBench": ("evaluatesOn", "Dataset"), "QuuxVL-7B": ("uses", "Model")}),
    ],
)  # fmt: skip
def test_benchmarks_by_shape_and_fronted_phrases(nlp, summary, expected):
    found = names(nlp, "Steering Things", "This paper proposes ZorbSteer. " + summary)
    assert {n: found.get(n) for n in expected} == expected, found


@pytest.mark.parametrize(
    ("summary", "present", "absent"),
    [
        # an acronym of a lowercase phrase inside a propose clause names a kind of artifact
        # only with a head noun; a quantity, a task or a piece of data is none
        ("This paper proposes ZorbCam, which pairs LEDs with a coded-exposure pixel (CEP) "
         "camera and keeps the total track length (TTL) short.", {"ZorbCam"}, {"CEP", "TTL"}),
        ("This paper proposes ZorbFix, which builds a zorbic causal model (ZCM) of the data.",
         {"ZorbFix", "ZCM"}, set()),
    ],
)  # fmt: skip
def test_a_lowercase_acronym_in_a_propose_clause_needs_a_kind(nlp, summary, present, absent):
    found = names(nlp, "Imaging Things", summary)
    assert present <= set(found) and not absent & set(found), found


@pytest.mark.parametrize(
    ("summary", "name", "etype"),
    [
        # "the FOO baseline" is one model …
        ("ZorbRAG surpasses the QUUXSTATE baseline on QuuxSet.", "QUUXSTATE", "Model"),
        # … but a plural "baselines" lists methods as often as models: it types nothing
        ("ZorbRAG outperforms baselines such as QGA, QDiff and ZCRUB.", "ZCRUB", "Method"),
    ],
)
def test_singular_baseline_types_a_model_plural_baselines_nothing(nlp, summary, name, etype):
    found = names(nlp, "Unlearning Things", "This paper proposes ZorbRAG. " + summary)
    assert found.get(name) == ("uses", etype), found


@pytest.mark.parametrize(
    ("summary", "name"),
    [
        # a count of parameters makes a model, whatever head noun follows
        ("The circuit is validated on QuuxVL-3B via head knockout.", "QuuxVL-3B"),
        # "-VLA" and "-BERTa" names are models
        ("It beats ZorbVLA in simulated and real flights.", "ZorbVLA"),
        ("A fine-tuned TiZorBERTa consistently beats larger LLMs.", "TiZorBERTa"),
    ],
)
def test_model_shapes_type_models(nlp, summary, name):
    found = names(nlp, "Flying Things", "This paper proposes ZorbFly. " + summary)
    assert found.get(name, (None, None))[1] == "Model", found


@pytest.mark.parametrize(
    ("summary", "name"),
    [
        # a quoted name takes a head noun up to four lowercase words after it …
        ('This paper proposes a "Zorb-Quux-Blorv" multi-agent collaboration framework.',
         "Zorb-Quux-Blorv"),
        # … also when a passive verb proposes it
        ('Consequently, the "Zorber-Quuxer" robust injection framework is proposed.',
         "Zorber-Quuxer"),
        # … or the head noun is the name's own last word
        ('The authors propose the "Distributed Zorb Circuit Hypothesis" as an account.',
         "Distributed Zorb Circuit Hypothesis"),
    ],
)  # fmt: skip
def test_a_quoted_name_with_a_head_noun_is_proposed(nlp, summary, name):
    found = names(nlp, "Quoting Things", summary)
    assert found.get(name, ("",))[0] == "proposes", found


@pytest.mark.parametrize(
    ("title", "summary", "name", "relation"),
    [
        # a variant spelling of the title's name that opens the summary is the proposal …
        ("Zorb6D: Event-based Object Tracking", "ZorbTrack6D proposes a fusion framework.",
         "ZorbTrack6D", "proposes"),
        # … a different name there is the author
        ("Zorb-ZAP: Private Answering", "Quuxcorp proposes the ZAP framework.", "Quuxcorp", None),
    ],
)  # fmt: skip
def test_the_name_opening_a_summary_under_another_title_name(nlp, title, summary, name, relation):
    found = names(nlp, title, summary)
    assert found.get(name, (None,))[0] == relation, found


def test_a_class_acronym_prefix_makes_no_model(nlp):
    # "LLM-" says what the method works on; a name ending in "LM" is a language model
    found = names(nlp, "Correcting Things", "It improves LLM-ZAS on QuuxQA. It beats BioZorbLM.")
    assert found.get("LLM-ZAS", (None, None))[1] == "Method", found
    assert found.get("BioZorbLM", (None, None))[1] == "Model", found


@pytest.mark.parametrize(
    ("summary", "absent", "present"),
    [
        # "call" that invokes names nothing
        ("ZorbLO reduces bandits to a problem that can call any QLO subroutine.", {"any QLO"},
         {"ZorbLO"}),
        # an opening adverbial is no item of the list that follows
        ("Experimentally, ZorbLO beats ten baselines including QuuxGrad, ZorbNorm and BlorvTS.",
         {"Experimentally"}, {"QuuxGrad", "ZorbNorm", "BlorvTS"}),
    ],
)  # fmt: skip
def test_no_name_from_a_verb_or_an_opening_adverbial(nlp, summary, absent, present):
    found = names(nlp, "Bandit Things", summary)
    assert present <= set(found) and not absent & set(found), found


@pytest.mark.parametrize(
    ("summary", "name", "expected"),
    [
        # a parenthesised count of parameters right after a name makes it a model …
        ("On ZorbVideo (13B), it reaches 4-step quality.", "ZorbVideo", ("uses", "Model")),
        # … but not one that says which backbone ran on a benchmark
        ("It beats all baselines by 7% on QuuxDDx (8B model).", "QuuxDDx",
         ("evaluatesOn", "Dataset")),
    ],
)  # fmt: skip
def test_a_parameter_count_after_a_name(nlp, summary, name, expected):
    found = names(nlp, "Sampling Things", "This paper proposes ZorbCM. " + summary)
    assert found.get(name) == expected, found


def test_a_bare_number_before_a_function_word_is_a_version(nlp):
    found = names(nlp, "Aligning Things", "ZorbPO improves QuuxEval 2 and ZorbBench by 3%.")
    assert "QuuxEval 2" in found and "QuuxEval" not in found, found


@pytest.mark.parametrize(
    ("summary", "absent"),
    [
        # a class acronym stays none when the note spells it out in Title Case
        (
            "ZorbJudge scores 93.9 on QuuxBench, above the State-of-the-Art (SOTA) of QuuxRM.",
            "SOTA",
        ),
        # a suspended hyphen leaves no name behind
        ("It designs QRM- and ZGD-based algorithms that beat QuuxNet.", "QRM-"),
    ],
)
def test_no_class_acronym_spelled_out_and_no_suspended_hyphen(nlp, summary, absent):
    found = names(nlp, "Evaluating Things", "This paper proposes ZorbJudge. " + summary)
    assert absent not in found and "ZorbJudge" in found, found


@pytest.mark.parametrize(
    ("summary", "present", "absent"),
    [
        # a name after a dimension prefix is a name, and "3D" belongs to a name after it
        ("It outperforms 3DQZ and 4DZorbNet on QuuxSet.", {"3DQZ", "4DZorbNet"}, set()),
        ("It builds on 3D Zorbian Splatting for large scenes.", {"3D Zorbian Splatting"},
         {"Zorbian Splatting"}),
        # a dimension alone, or before one capitalised word, names nothing more
        ("It renders 3D scenes and 3D Zorbians at 4K.", set(), {"3D", "4K", "3D Zorbians"}),
    ],
)  # fmt: skip
def test_names_with_a_dimension_prefix(nlp, summary, present, absent):
    found = names(nlp, "Rendering Things", "This paper proposes ZorbGS. " + summary)
    assert present <= set(found) and not absent & set(found), found


@pytest.mark.parametrize(
    ("summary", "name"),
    [
        ("It regularises the policy with the ZQ divergence between two experts.", "ZQ divergence"),
        ("It trains the student by softened reverse ZQ divergence optimization.",
         "reverse ZQ divergence"),
        ("It bounds the ZQ distance of the two posteriors.", "ZQ distance"),
    ],
)  # fmt: skip
def test_an_acronym_before_divergence_or_distance_names_the_measure(nlp, summary, name):
    found = names(nlp, "Matching Things", "This paper proposes ZorbDM. " + summary)
    assert found.get(name, (None, None))[1] == "Metric" and "ZQ" not in found, found


def test_a_three_digit_version_before_a_data_noun(nlp):
    found = names(nlp, "Rendering Things", "ZorbGS wins on the QuuxSet, Foo-NeRF 360 datasets.")
    assert "Foo-NeRF 360" in found and "Foo-NeRF" not in found, found
    found = names(nlp, "Flow Things", "ZorbFlow ranks 2nd on the Zorbverse 2 benchmark.")
    assert "Zorbverse 2" in found, found
    # … but a title-shaped word before a count is no name with a version
    found = names(nlp, "Retrieval Things", "ZorbIR is proposed. Comprising 10 datasets, it …")
    assert not any(name.startswith("Comprising") for name in found), found


def test_a_direction_acronym_is_no_artifact_unless_data(nlp):
    summary = "It tunes Q2V diffusion models and wins on the X2P and QuuxV benchmarks."
    found = names(nlp, "Video Things", "This paper proposes ZorbMT. " + summary)
    assert "Q2V" not in found and found.get("X2P", (None,))[0] == "evaluatesOn", found


def test_a_variant_of_a_vocabulary_dataset_is_data(nlp):
    # "Kinetics" is a dataset in the general vocabulary; "Kinetics-256" a variant of it
    summary = "It reaches an FID of 2.9 on Kinetics-256 using only 8 steps."
    found = names(nlp, "Generating Things", "This paper proposes ZorbGen. " + summary)
    assert found.get("Kinetics-256") == ("evaluatesOn", "Dataset"), found


@pytest.mark.parametrize(
    ("summary", "relations"),
    [
        # spelled-out parts in a list after "three modules—" are the paper's own …
        ("Through three modules—Granular Adaptive Quuxes (GAQ), Uncertainty Zorbs (UZB), and "
         "Hard-Aware Blorving (HAB)—Zorb-Seg wins on QuuxSeg.",
         {"GAQ": "proposes", "UZB": "proposes", "HAB": "proposes", "QuuxSeg": "evaluatesOn"}),
        # … and the list ends where a clause starts
        ("It fuses views through two modules: Text Zorb Fusion (TZF) and Dual Quux Reasoning "
         "(DQR), achieving SOTA on the QuuxQA and ZorbQA datasets.",
         {"TZF": "proposes", "DQR": "proposes", "QuuxQA": "evaluatesOn"}),
    ],
)  # fmt: skip
def test_spelled_out_parts_in_a_list(nlp, summary, relations):
    found = names(nlp, "Zorb-Seg: Segmenting Things", summary)
    assert {n: found.get(n, (None,))[0] for n in relations} == relations, found


@pytest.mark.parametrize(
    "summary",
    [
        "Combined with Adversarial Zorb Pretraining (AZP), the resulting ZorbDM pipeline wins.",
        "In conjunction with Quux Flooding Tuning (QFT), ZorbDM wins on QuuxSet.",
    ],
)
def test_a_spelled_out_acronym_combined_with_the_proposal_is_its_part(nlp, summary):
    found = names(nlp, "ZorbDM: Matching Things", "ZorbDM matches distributions. " + summary)
    parts = {name for name, (relation, _) in found.items() if relation == "proposes"}
    assert parts & {"AZP", "QFT"}, found


def test_an_artifact_introduced_into_a_field_is_used(nlp):
    summary = (
        "This paper is the first to introduce QuuxV2 into underwater instance segmentation. "
        "Through two modules—Zorb Aligner and Quux Prompter—the proposed DiveZorb wins."
    )
    found = names(nlp, "Zorbing Things", summary)
    assert found["QuuxV2"][0] == "uses" and found["DiveZorb"][0] == "proposes", found


@pytest.mark.parametrize(
    ("summary", "present", "absent"),
    [
        # a version with a size is part of the name …
        ("It fine-tunes Zorbla 2-7B and Quux 2-1.5B.", {"Zorbla 2-7B", "Quux 2-1.5B"},
         {"Zorbla", "Quux"}),
        # … a proper adjective before a lowercase noun is not
        ("It reaches 0.76 F1 on the QUUX-21 Chinese telemedicine dataset.", {"QUUX-21"},
         {"QUUX-21 Chinese"}),
    ],
)  # fmt: skip
def test_where_a_versioned_name_ends(nlp, summary, present, absent):
    found = names(nlp, "Zorbing Things", "This paper proposes ZorbRAG. " + summary)
    assert present <= set(found) and not absent & set(found), found


def test_a_lowercase_direction_compound_is_never_a_name(nlp):
    summary = (
        "This paper proposes ZorbEval, a text-to-3D quality evaluation framework for "
        "Image-to-3D models."
    )
    found = names(nlp, "ZorbEval: Judging Things", summary)
    assert not any("to-3D" in name for name in found) and "ZorbEval" in found, found


def test_the_number_of_a_task_is_its_version(nlp):
    summary = "This QuuxEval-2026 Task 9 system paper prompts ZorbLM-27B in 22 languages."
    found = names(nlp, "Zorb at QuuxEval-2026 Task 9: Prompt Variants", summary)
    assert found.get("QuuxEval-2026 Task 9") == ("evaluatesOn", "Dataset"), found
    assert "QuuxEval-2026 Task" not in found, found


@pytest.mark.parametrize(
    ("title", "name", "long_form"),
    [
        # a first part that shortens a title word ("Zorb" for "Zorbulation") is no brand …
        ("Zorb-QS: Quux Splatting Zorbulation with Meshes", "Zorb-QS", None),
        # … a rare capitalised brand is, and the long form spells out the whole name
        ("Blorvix-QRT: Quux Robust Training for Agents", "Blorvix-QRT", "Quux Robust Training"),
    ],
)
def test_a_title_long_form_of_the_last_part_only(nlp, title, name, long_form):
    note = Note(title, f"{name} proposes a method for moving meshes.", Path("notes.txt"), 1)
    extraction = next(extract_notes(nlp, [note]))
    found = {m.text: m.long_form for m in extraction.mentions if m.relation == "proposes"}
    assert found.get(name, "missing") == long_form, found


@pytest.mark.parametrize(
    ("title", "summary", "absent", "present"),
    [
        # two letters inside the proposal's name, never written alone: its own initials
        ("QB-ZORB: Quux-Based Interpretable Zorb Discovery",
         "QB-ZORB utilizes the concept space of Quux Bottleneck Models (QBMs) to find slices.",
         "QB", "QBMs"),
        ("Zorb-MA: Manifold-Aligned Zorbing",
         "Zorb-MA aligns paths; the method avoids noise off the manifold.", "MA", "Zorb-MA"),
    ],
)  # fmt: skip
def test_two_letter_parts_of_a_proposal_are_its_initials(nlp, title, summary, absent, present):
    found = names(nlp, title, summary)
    assert absent not in found and present in found, found


def test_a_pretrained_artifact_is_used_even_in_the_proposal_clause(nlp):
    summary = (
        "This paper proposes ZASE, a framework that leverages robust priors embedded in "
        "pretrained QuuxLM via Denoising Zorb Distillation (DZD)."
    )
    found = names(nlp, "ZASE: Leveraging Priors", summary)
    assert found["QuuxLM"][0] == "uses" and found["ZASE"][0] == "proposes", found


def test_names_made_from_the_proposal_are_its_own(nlp):
    summary = (
        "This paper presents ZorbInter. It builds ZorbInter-Tool for annotation and "
        "ZorbInter-Data with 230k episodes, and "
        "trains ZorbInter-VLA on them."
    )
    found = names(nlp, "ZorbInter: A Representation Suite for Manipulation", summary)
    parts = {"ZorbInter-Tool", "ZorbInter-Data", "ZorbInter-VLA"}
    assert {n: found.get(n, (None,))[0] for n in parts} == dict.fromkeys(parts, "proposes"), found


def test_a_prefixed_variant_of_the_proposal_is_its_own(nlp):
    summary = (
        "This paper proposes ZKA, an attention that keys memories, and its faster variant "
        "FastZKA; Joint-ZKA trains both. It beats the baseline QuuxSLAM."
    )
    found = names(nlp, "ZKA: Memory-Keyed Attention", summary)
    assert found["FastZKA"][0] == "proposes" and found["Joint-ZKA"][0] == "proposes", found
    # the last part of a proposed "Brand-SLAM" makes no other "…SLAM" the paper's
    found = names(nlp, "Zorb-SLAM: Consistent Mapping", "Zorb-SLAM beats Quux-SLAM on QuuxSet.")
    assert found["Quux-SLAM"][0] == "uses", found


@pytest.mark.parametrize(
    ("summary", "relations"),
    [
        # a counted plural of the paper's own kind of part opens a list of its parts …
        ("This paper proposes the ZorbMix framework, which splits agents into three roles: "
         "Reasoner, Executor, and Summarizer, with each role given QuuxLoRAs.",
         {"Reasoner": "proposes", "Summarizer": "proposes", "QuuxLoRAs": "uses"}),
        # … a counted plural of data or of prior work does not
        ("This paper proposes ZorbMix. It wins on three benchmarks: QuuxQA, ZorbQA, and BlorvQA.",
         {"ZorbQA": "evaluatesOn"}),
    ],
)  # fmt: skip
def test_a_counted_plural_opens_a_list_of_parts(nlp, summary, relations):
    found = names(nlp, "ZorbMix: Tuning with Roles", summary)
    assert {n: found.get(n, (None,))[0] for n in relations} == relations, found


def test_initials_of_the_proposals_own_words_are_no_used_artifact(nlp):
    # "ZOB" abbreviates words of the note itself ("zesty object boundary"): the proposal's
    # own initials, nothing the paper builds on
    found = names(
        nlp,
        "ZOB-QS: Zesty Object Boundaries in Quux Segmentation",
        "Proposes ZOB-QS, a boundary-adaptive quux splitting technique. It resolves the "
        "blurred object boundary issue, achieving zesty object boundary segmentation.",
    )
    assert found == {"ZOB-QS": ("proposes", "Method")}, found


def test_a_propose_verb_counting_metrics_makes_the_listed_ones_its_own(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "It converts sentences and introduces three evaluation metrics: ZGA, QIoU, and BGA. "
        "We evaluate on three benchmarks: FooQA, BarQA and BazQA. The attack breaks three "
        "private inference schemes: ZorbLLM, QTIP, and Blorpaur.",
    )
    for name in ("ZGA", "QIoU", "BGA"):
        assert found[name] == ("proposes", "Metric"), (name, found)
    for name in ("FooQA", "BarQA", "BazQA"):
        assert found[name][0] == "evaluatesOn", (name, found)
    for name in ("ZorbLLM", "QTIP", "Blorpaur"):
        assert found[name][0] == "uses", (name, found)


def test_a_name_in_apposition_to_a_new_artifact_is_proposed(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "It proposes a unified baseline model, ZorbGait. Through a contrastive framework, a "
        "lightweight encoder, QuxFormer, is trained to map trajectories. It is compared with "
        "a strong baseline model, BarNet, and uses a pretrained model, QuuxLM, for features.",
    )
    assert found["ZorbGait"][0] == "proposes", found
    assert found["QuxFormer"][0] == "proposes", found
    assert found["BarNet"][0] == "uses", found
    assert found["QuuxLM"][0] == "uses", found


def test_a_spelled_out_acronym_listed_after_an_introduced_one_is_introduced_too(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "Through a Multimodal Zorb Encoder (MZE), Adaptive Quux Fusion (AQF), and a "
        "Context-aware Blorp Module (CBM), it achieves strong results. It relies on "
        "Proximal Policy Optimization (PPO), Soft Quux Learning (SQLR), and more.",
    )
    for name in ("MZE", "AQF", "CBM"):
        assert found[name][0] == "proposes", (name, found)
    assert found["PPO"][0] == "uses", found


def test_what_the_proposal_fine_tunes_is_used(nlp):
    found = names(
        nlp,
        "A Study of Things",
        "This paper proposes the ZORB framework, which fine-tunes QuuxVL using a multi-head "
        "reasoning chain to ground affordances.",
    )
    assert found["ZORB"][0] == "proposes", found
    assert found["QuuxVL"][0] == "uses", found


def test_a_relative_clause_of_the_proposal_leaves_its_names_to_the_linker_unless_parts(nlp):
    # "which protects BlorpGS assets": what the proposal works on, or a part of its own; the
    # linker decides from the other papers (tests/test_link.py). Parts named as parts stay own.
    note = Note(
        "ZorbSplat: Efficient Watermarking for Quux Splatting",
        "This paper proposes ZorbSplat, which protects BlorpGS assets. It introduces FooRAG, "
        "which coordinates a GeoRefiner and an Anomaly Exposure Sampler.",
        Path("notes.txt"),
        1,
    )
    rules = {m.text: m.rule.split("+") for m in next(extract_notes(nlp, [note])).mentions}
    assert "proposes-relative" in rules["BlorpGS"], rules
    assert "proposes-cue" in rules["GeoRefiner"], rules
    assert "proposes-cue" in rules["Anomaly Exposure Sampler"], rules


def test_a_name_that_modifies_another_takes_no_head_noun(nlp):
    # "encoder" is the head of QuuxLM, which ZoRA-tuned only modifies
    found = names(
        nlp, "A Study of Things", "It jointly trains a ZoRA-fine-tuned QuuxLM encoder and a GNN."
    )
    assert "ZoRA-fine" not in found, found
    assert found["ZoRA"][1] == "Method", found
    assert found["QuuxLM"][1] == "Model", found


def test_a_known_name_of_two_words_before_another_known_name_is_two_names(nlp):
    found = names(nlp, "A Study of Things", "It fine-tunes the Stable Diffusion UNet on images.")
    assert "Stable Diffusion UNet" not in found, found
    assert "UNet" in found and "Stable Diffusion" in found, found
