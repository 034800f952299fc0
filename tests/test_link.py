"""The link stage: slugs, variant parents, entity resolution across notes."""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import replace
from pathlib import Path

import pytest

from papergraph.extract import Mention, NoteExtraction, QuantityMention
from papergraph.extract.shapes import variant_parent
from papergraph.link import link_extractions
from papergraph.read import Note
from papergraph.slugs import slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Llama 3.1-8B", "llama-3.1-8b"), ("Llama-3.1", "llama-3.1"), ("GPT-4o", "gpt-4o"),
     ("Schrödinger Bridge", "schrodinger-bridge"), ("GAN→VAE", "gan-vae"), ("v2.0.", "v2.0"),
     ("a.b", "a-b"), ("  --Hello__World--  ", "hello-world"), ("Recall@10%", "recall-10"),
     ("Fig. 3", "fig-3"), ("2024", "2024"), ("3.1", "3.1"), ("1-2", "1-2")],
)  # fmt: skip
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["", "∑∫", "   ", "→"])
def test_slugify_never_empty(text):
    slug = slugify(text)
    assert re.fullmatch(r"x-[0-9a-f]{8}", slug)
    assert slug == slugify(text)


def test_slugify_long_text_is_cut_with_stable_hash():
    a, b = "x" * 100 + "a", "x" * 100 + "b"
    assert len(slugify(a)) <= 80 and slugify(a) != slugify(b)
    assert slugify(a) == slugify(a)
    assert re.fullmatch(r"[a-z0-9.-]+", slugify(a, max_length=20))
    assert len(slugify(a, max_length=20)) <= 20


def test_slugify_cuts_only_past_the_limit_and_fills_it():
    hashed = re.compile(r"(?P<head>[a-z0-9.-]+)-(?P<hash>[0-9a-f]{8})")
    assert slugify("a" * 80) == "a" * 80
    cut = hashed.fullmatch(slugify("a" * 81))
    assert cut and cut["head"] == "a" * 71 and len(cut.group()) == 80
    assert slugify("a" * 81) == "a" * 71 + "-" + hashlib.sha1(b"a" * 81).hexdigest()[:8]


def test_a_cut_slug_ends_on_no_separator():
    # the cut falls after "abcdefghij-" and after "1.": neither "-" nor "." ends the head
    assert re.fullmatch(r"abcdefghij-[0-9a-f]{8}", slugify("abcdefghij klmnop qrst", 20))
    assert re.fullmatch(r"abcdefghi1-[0-9a-f]{8}", slugify("abcdefghi1.2 klmnop qrst", 20))


def test_slugify_keeps_at_least_twelve_characters():
    assert re.fullmatch(r"abc-[0-9a-f]{8}", slugify("abcdefghijklmnopqrstuvwxyz", max_length=5))


@pytest.mark.parametrize(
    ("label", "parent"),
    [("Llama-3.1-8B", "Llama-3.1"), ("Llama-3.1", "Llama"), ("Llama", None),
     ("OLMo-2-7B", "OLMo-2"), ("OLMo-2", "OLMo"), ("Qwen2.5-7B-Instruct", "Qwen2.5-7B"),
     ("Qwen2.5", "Qwen"), ("Orca Models v2", "Orca Models"), ("GPT-4o", "GPT"),
     ("ResNet-50", "ResNet"), ("GPT+", None), ("R3XL", None), ("T5", None), ("v2", None)],
)  # fmt: skip
def test_variant_parent(label, parent):
    assert variant_parent(label) == parent


# --- linking ---------------------------------------------------------------------------------


def make_note(title: str, line: int, summary: str = "") -> Note:
    return Note(title, summary, Path("page.txt"), line)


def mention(
    text: str, relation: str = "uses", etype: str = "Method", rule: str = "test", **extra
) -> Mention:
    return Mention(text, 0, len(text), "summary", etype, relation, rule, 0.9, **extra)


def ex(title: str, line: int, *mentions: Mention) -> NoteExtraction:
    return NoteExtraction(make_note(title, line), list(mentions))


def entity_by_label(corpus, label: str):
    found = [e for e in corpus.entities.values() if e.label == label]
    assert len(found) == 1, [e.label for e in corpus.entities.values()]
    return found[0]


def test_case_hyphen_and_plural_variants_are_one_entity():
    corpus = link_extractions([
        ex("A", 1, mention("Llama 3.1", etype="Model"), mention("Transformers", etype="Model")),
        ex("B", 2, mention("llama-3.1", etype="Model"), mention("Transformer", etype="Model")),
        ex("C", 3, mention("Llama-3.1", etype="Model")),
    ])  # fmt: skip
    llama = entity_by_label(corpus, "Llama-3.1")
    assert llama.key == "llama-3.1" and llama.entity_type == "Model"
    transformer = entity_by_label(corpus, "Transformer")
    assert "Transformers" not in transformer.alt_labels  # plural variants are not alt labels
    keys = {m.entity_key for m in corpus.mentions}
    assert keys >= {"llama-3.1", "transformer"}


def test_acronym_is_label_and_long_form_is_alt_label():
    corpus = link_extractions([
        ex("P1", 1, mention("GWR", "proposes", "Metric", long_form="Graph Wavelet Ratio")),
        ex("P2", 2, mention("Graph Wavelet Ratio", "uses", "Metric")),
        ex("P3", 3, mention("GWR", "uses", "Metric")),
    ])  # fmt: skip
    (entity,) = [e for e in corpus.entities.values() if e.entity_type == "Metric"]
    assert entity.label == "GWR"
    assert entity.alt_labels == {"Graph Wavelet Ratio"}
    assert {m.entity_key for m in corpus.mentions} == {entity.key}


def test_one_short_form_with_two_definitions_gives_two_entities():
    corpus = link_extractions([
        ex("P1", 1, mention("SD", long_form="Stochastic Depth")),
        ex("P2", 2, mention("SD", long_form="stable diffusion")),
        ex("P3", 3, mention("SD", long_form="Stochastic Depth")),
        ex("P4", 4, mention("SD")),
    ])  # fmt: skip
    srs = [e for e in corpus.entities.values() if e.label == "SD"]
    assert len(srs) == 2 and len({e.key for e in srs}) == 2
    by_note = {m.note.title: m.entity_key for m in corpus.mentions}
    assert by_note["P1"] == by_note["P3"] == by_note["P4"] != by_note["P2"]


def test_vocabulary_iri_merges_spellings():
    iri = "https://example.org/method/t-sne"
    corpus = link_extractions([
        ex("A", 1, mention("tSNE", vocab_iri=iri)), ex("B", 2, mention("t-SNE", vocab_iri=iri)),
    ])  # fmt: skip
    (entity,) = corpus.entities.values()
    assert entity.exact_match == {iri}


def test_variant_hierarchy_creates_known_family_parents():
    corpus = link_extractions(
        [
            ex("A", 1, mention("Llama-3.1-8B", etype="Model")),
            ex("B", 2, mention("OLMo-2-7B", etype="Model"), mention("OLMo", etype="Model")),
            ex("C", 3, mention("CIFAR-10", "evaluatesOn", "Dataset")),
        ],
        known_family=lambda label: label == "Llama",
    )
    e = corpus.entities
    # "Llama-3.1" is no entity and no family: the variant points at the family itself
    assert e["llama-3.1-8b"].variant_of == "llama" and "llama-3.1" not in e
    assert e["llama"].variant_of is None
    assert e["olmo-2-7b"].variant_of == "olmo" and "olmo-2" not in e
    assert e["cifar-10"].variant_of is None and "cifar" not in e  # datasets have no variants
    assert all(m.entity_key != "llama" for m in corpus.mentions)  # parents have no mentions


def test_paper_relation_precedence_and_duplicate_titles():
    corpus = link_extractions([
        ex("Same Paper", 1, mention("ZetaNet", "uses")),
        ex("Same Paper", 2, mention("ZetaNet", "proposes")),
        ex("Other Paper", 3, mention("ZetaNet", "uses")),
    ])  # fmt: skip
    relations = {(m.note.line, m.relation) for m in corpus.mentions}
    assert relations == {(1, "proposes"), (2, "proposes"), (3, "uses")}


def test_concepts_join_named_entities_or_form_their_own():
    corpus = link_extractions([
        ex("A", 1, mention("PS", long_form="Program Synthesis"),
           mention("program synthesis", "discusses", "Concept"),
           mention("Scaling Laws", "discusses", "Concept")),
        ex("B", 2, mention("scaling law", "discusses", "Concept")),
    ])  # fmt: skip
    sr = entity_by_label(corpus, "PS")
    assert sr.entity_type == "Method"  # concept mentions do not outvote named ones
    concept = entity_by_label(corpus, "scaling law")  # ties go to the shorter form
    assert concept.entity_type == "Concept"
    keys = {m.mention.text: m.entity_key for m in corpus.mentions}
    assert keys["program synthesis"] == sr.key
    assert keys["Scaling Laws"] == keys["scaling law"] == concept.key


def test_keys_are_unique_slugs():
    corpus = link_extractions([
        ex("A", 1, mention("Foo-Bar"), mention("Foo Bar", etype="Model", long_form=None)),
        ex("B", 2, mention("FB", long_form="Foo Bar Baz"), mention("FB", long_form="Fast Bees")),
    ])  # fmt: skip
    assert len(corpus.entities) == len({e.key for e in corpus.entities.values()})
    assert all(re.fullmatch(r"[a-z0-9.-]+", k) for k in corpus.entities)
    for key, entity in corpus.entities.items():
        assert entity.key == key


def test_linking_is_independent_of_input_order():
    extractions = [
        ex("A", 1, mention("Llama 3.1", etype="Model"), mention("GWR", long_form="Graph Wave")),
        ex("B", 2, mention("Llama-3.1-8B", etype="Model"), mention("graph wave", "uses")),
        ex("C", 3, mention("Transformers", etype="Model"), mention("GWR")),
        ex("D", 4, mention("Transformer", etype="Model"), mention("llama 3.1", etype="Model")),
    ]  # fmt: skip

    def snapshot(corpus):
        entities = sorted(
            (e.key, e.label, e.entity_type, tuple(sorted(e.alt_labels)), e.variant_of)
            for e in corpus.entities.values()
        )
        mentions = sorted((m.note.line, m.mention.text, m.entity_key, m.relation)
                          for m in corpus.mentions)  # fmt: skip
        return entities, mentions

    expected = snapshot(link_extractions(extractions))
    for order in itertools.permutations(extractions):
        assert snapshot(link_extractions(list(order))) == expected


def test_quantities_are_passed_through():
    q = QuantityMention("up to 46%", 10, 19, 46.0, "%", "gap")
    extraction = NoteExtraction(make_note("A", 1, "x" * 30), [], [q])
    corpus = link_extractions([extraction])
    assert corpus.quantities == [(extraction.note, q)]
    assert corpus.entities == {} and corpus.mentions == []


def test_plural_surfaces_count_for_the_singular_label():
    corpus = link_extractions([
        ex("A", 1, mention("Transformers", etype="Model")),
        ex("B", 2, mention("Transformers", etype="Model")),
        ex("C", 3, mention("Transformer", etype="Model")),
    ])  # fmt: skip
    (entity,) = corpus.entities.values()
    assert entity.label == "Transformer" and entity.alt_labels == set()


def test_the_acronym_is_the_label_however_often_its_long_form_is_written():
    corpus = link_extractions([
        ex("P1", 1, mention("GWR", long_form="Graph Wavelet Ratio")),
        ex("P2", 2, mention("Graph Wavelet Ratio"), mention("Graph Wavelet Ratio")),
        ex("P3", 3, mention("Graph Wavelet Ratio")),
    ])  # fmt: skip
    (entity,) = corpus.entities.values()
    assert entity.label == "GWR"


@pytest.mark.parametrize(
    ("spellings", "label", "alts"),
    [
        (["Galore", "Galore", "GaLore"], "Galore", set()),  # the commonest spelling
        (["Galore", "GaLore"], "GaLore", set()),  # a tie: case-insensitive order, then exact
    ],
)
def test_label_of_case_variants(spellings, label, alts):
    corpus = link_extractions(
        [ex(f"P{i}", i, mention(text)) for i, text in enumerate(spellings, start=1)]
    )
    (entity,) = corpus.entities.values()
    assert (entity.label, entity.alt_labels) == (label, alts)


def test_the_commonest_type_wins():
    corpus = link_extractions([
        ex("P1", 1, mention("ZetaNet", etype="Method")),
        ex("P2", 2, mention("ZetaNet", etype="Model")),
        ex("P3", 3, mention("ZetaNet", etype="Model")),
    ])  # fmt: skip
    (entity,) = corpus.entities.values()
    assert entity.entity_type == "Model"


def test_alternative_labels_one_per_case_and_plural_variant():
    iri = "https://example.org/model/transformer"
    corpus = link_extractions([
        ex("A", 1, mention("Transformer", vocab_iri=iri), mention("Transformer", vocab_iri=iri)),
        ex("B", 2, mention("Transformers", vocab_iri=iri),
           mention("TRANSFORMER NETWORKS", vocab_iri=iri)),
        ex("C", 3, mention("Transformer Network", vocab_iri=iri),
           mention("Attention Net", vocab_iri=iri)),
    ])  # fmt: skip
    (entity,) = corpus.entities.values()
    assert entity.label == "Transformer"
    # the shortest spelling of each variant; none that is the label's plural
    assert entity.alt_labels == {"Transformer Network", "Attention Net"}


def test_labels_with_one_slug_get_distinct_keys():
    corpus = link_extractions([ex("A", 1, mention("C++")), ex("B", 2, mention("C#")),
                               ex("C", 3, mention("C"))])  # fmt: skip
    empty = hashlib.sha1(b"").hexdigest()[:6]  # none of them has an alternative label
    assert {key: e.label for key, e in corpus.entities.items()} == {
        "c": "C",
        f"c-{empty}": "C#",
        f"c-{empty}-2": "C++",
    }


def test_a_concept_entity_is_labelled_in_lower_case():
    corpus = link_extractions([ex("A", 1, mention("Scaling Laws", "discusses", "Concept"))])
    assert [e.label for e in corpus.entities.values()] == ["scaling laws"]


@pytest.mark.parametrize(
    ("extra", "kept"),
    [
        ({}, False),  # an English word the notes never write as a name
        ({"vocab_iri": "https://example.org/agent"}, True),
        ({"relation": "proposes", "rule": "title-prefix"}, True),  # "Agent: …"
        ({"relation": "proposes", "rule": "shape:title+naming-cue"}, True),  # "called Agent"
        # "a Worker and a Supervisor agent": listed among the paper's parts, named by nothing
        ({"relation": "proposes", "rule": "shape:title+proposes-cue"}, False),
        ({"relation": "proposes", "rule": "shape:title+own-part"}, False),
    ],
)
def test_a_generic_word_is_a_name_only_when_something_says_so(extra, kept):
    corpus = link_extractions([ex("A", 1, mention("Agent", **extra))])
    assert [e.label for e in corpus.entities.values()] == (["Agent"] if kept else [])


@pytest.mark.parametrize(
    "language",
    ["Romanian", "Yoruba", "Bengali", "Tamil", "Old Nepali", "Dialectal Arabic-English",
     # terms of theory shaped like names are none either
     "NP-hardness", "Type-I", "PAC-Bayes"],
)  # fmt: skip
def test_a_human_language_is_no_artifact_even_when_proposed(language):
    corpus = link_extractions(
        [ex("A", 1, mention(language, "proposes"), mention("FooNet", "proposes"))]
    )
    assert [e.label for e in corpus.entities.values()] == ["FooNet"]


@pytest.mark.parametrize(
    "name", ["Samba", "Sonata", "Whisper", "Mono", "Mechanism", "Matrix Mechanism", "Swin Zorb"]
)
def test_a_name_that_is_no_language_stays(name):
    corpus = link_extractions([ex("A", 1, mention(name, "proposes", rule="title-prefix"))])
    assert [e.label for e in corpus.entities.values()] == [name]


def test_a_word_the_summaries_write_as_a_name_is_kept():
    note = make_note("A", 1, "We compare Agent with two baselines, and Agent wins.")
    corpus = link_extractions([NoteExtraction(note, [mention("Agent")])])
    assert [e.label for e in corpus.entities.values()] == ["Agent"]


def test_an_undefined_acronym_joins_the_first_of_equally_common_definitions():
    corpus = link_extractions([
        ex("P1", 1, mention("SD", long_form="Stochastic Depth")),
        ex("P2", 2, mention("SD", long_form="stable diffusion")),
        ex("P3", 3, mention("SD")),
    ])  # fmt: skip
    by_note = {m.note.title: corpus.entities[m.entity_key] for m in corpus.mentions}
    assert by_note["P3"] is by_note["P2"] and by_note["P2"].alt_labels == {"stable diffusion"}


def test_a_common_word_heading_several_titles_is_a_kind_of_paper():
    def position_paper(title: str, line: int) -> NoteExtraction:
        prefix = mention("Position", "proposes", rule="title-prefix")
        return NoteExtraction(make_note(title, line), [replace(prefix, field="title")])

    corpus = link_extractions(
        [position_paper("Position: Ideas Matter", 1), position_paper("Position: Data Matters", 2),
         ex("Sonata: Music Models", 3, mention("Sonata", "proposes", rule="title-prefix"))]
    )  # fmt: skip
    assert [e.label for e in corpus.entities.values()] == ["Sonata"]
    alone = link_extractions([position_paper("Position: Ideas Matter", 1)])
    assert [e.label for e in alone.entities.values()] == ["Position"]


def test_a_known_metric_with_an_english_name_is_kept_unless_written_in_lowercase():
    scored = make_note("A", 1, "FooRAG beats the baseline (Pearson 0.61 vs. 0.58).")
    kept = link_extractions([NoteExtraction(scored, [mention("Pearson", etype="Metric")])])
    assert [e.label for e in kept.entities.values()] == ["Pearson"]
    lowercase = make_note("B", 2, "FooRAG improves accuracy; Accuracy rises by 3 points.")
    dropped = link_extractions([NoteExtraction(lowercase, [mention("Accuracy", etype="Metric")])])
    assert list(dropped.entities.values()) == []


@pytest.mark.parametrize(
    ("long_form", "expected"),
    [
        # "existing QAG methods" makes a technique of a name spelled out as a process …
        ("query-augmented generation", "Method"),
        # … or as a thing, as the annotators count "NeRF" …
        ("query-augmented grid", "Method"),
        # … but not of a network or an architecture: "QAG methods" build on it
        ("query-augmented graph network", "Model"),
        ("query-augmented transformer", "Model"),
    ],
)
def test_a_kind_noun_after_a_name_outvotes_the_vocabulary(long_form, expected):
    corpus = link_extractions(
        [
            ex("One", 1, mention("QAG", etype="Model", long_form=long_form)),
            ex("Two", 2, mention("QAG", etype="Model", rule="vocab+kind-method")),
            ex("Three", 3, mention("QAG", etype="Model", rule="vocab+kind-method")),
            ex("Four", 4, mention("QAG", etype="Model")),
        ]
    )
    assert entity_by_label(corpus, "QAG").entity_type == expected


def test_a_kind_noun_saying_model_outvotes_the_vocabulary():
    corpus = link_extractions(
        [
            ex("One", 1, mention("ZorbNet", etype="Method", rule="vocab+kind-model")),
            ex("Two", 2, mention("ZorbNet", etype="Method")),
            ex("Three", 3, mention("ZorbNet", etype="Method")),
        ]
    )
    assert entity_by_label(corpus, "ZorbNet").entity_type == "Model"


def test_a_name_in_a_proposals_relative_clause_is_its_own_unless_other_papers_name_it(nlp):
    from papergraph.extract import extract_notes

    notes = [
        Note("ZorbSplat: Watermarking for Quux Splatting",
             "This paper proposes ZorbSplat, which protects QGS assets and employs BLRM.",
             Path("n.md"), 1),
        Note("FastQGS: Quicker Quux Splatting",
             "FastQGS speeds up QGS rendering by pruning Gaussians.", Path("n.md"), 5),
    ]  # fmt: skip
    corpus = link_extractions(extract_notes(nlp, notes))
    relation = {(m.note.title.split(":")[0], m.mention.text): m.relation for m in corpus.mentions}
    assert relation[("ZorbSplat", "QGS")] == "uses"  # FastQGS's note names QGS too
    assert relation[("ZorbSplat", "BLRM")] == "proposes"  # only ZorbSplat's note names it
