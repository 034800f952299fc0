"""Scoring against gold files: matching rules, per-paper grouping, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papergraph.evaluate import (
    EvalReport,
    PredictedPaper,
    gold_type,
    predictions_from_linked,
    score,
)
from papergraph.extract import Mention, NoteExtraction, QuantityMention
from papergraph.link import link_extractions
from papergraph.read import Note


def gold_note(title, proposes=(), uses=(), datasets=(), concepts=(), quantities=()):
    return {
        "title": title,
        "proposes": [{"name": n, "aliases": list(a), "type": "Method"} for n, a in proposes],
        "uses": [
            {"name": n, "canonical": c, "aliases": list(a), "type": "Method"} for n, c, a in uses
        ],  # fmt: skip
        "datasets": [{"name": n, "canonical": c} for n, c in datasets],
        "concepts": list(concepts),
        "quantities": [{"text": t, "what": ""} for t in quantities],
        "organisations": [],
        "duplicate_of": None,
    }


GOLD = [
    gold_note(
        "Paper One",
        proposes=[("GWR", ["Graph Wavelet Ratio"])],
        uses=[("Llama 3.1", "Llama-3.1", []), ("Transformer", "Transformer", [])],
        datasets=[("Places365", "Places365")],
        concepts=["graph rewiring", "segmentation"],
        quantities=["up to 37%", "three evaluation suites"],
    ),
    gold_note("Paper Two", uses=[("RMSProp", "RMSProp", [])], concepts=["kernel methods"]),
    gold_note("Paper Two", datasets=[("MiniGrid", "MiniGrid")], quantities=["3×"]),
]


def test_perfect_prediction_scores_one():
    predicted = [
        PredictedPaper(
            "Paper One",
            proposes=[{"Graph Wavelet Ratio", "GWR"}],
            uses=[{"llama-3.1"}, {"Transformers"}],  # case, hyphen and plural insensitive
            evaluates_on=[{"Places365"}],
            concepts=["spectral graph rewiring", "semantic segmentation"],
            quantities=["by up to 37% over", "three evaluation suites"],
        ),
        PredictedPaper(
            "Paper Two",
            uses=[{"RMSProp"}],
            evaluates_on=[{"MiniGrid"}],
            concepts=["kernel method"],
            quantities=["3× fewer"],
        ),
    ]
    report = score(GOLD, predicted)
    assert report.overall.f1 == 1.0
    assert report.relation_accuracy == 1.0
    assert report.concept_recall == 1.0 and report.concept_precision == 1.0
    assert report.quantity_recall == 1.0
    assert all(not p.missed and not p.false_positives for p in report.papers)


def test_duplicate_titles_are_one_paper():
    report = score(GOLD, [])
    assert [p.title for p in report.papers] == ["Paper One", "Paper Two"]
    assert report.overall.n_gold == 6
    assert report.papers[1].missed == ["RMSProp", "MiniGrid"]


def test_misses_false_positives_and_wrong_relations():
    predicted = [
        PredictedPaper(
            "Paper One",
            proposes=[{"GWR"}, {"Mystery"}],
            uses=[{"Places365"}],  # right artifact, wrong relation
            concepts=["something else"],
        )
    ]
    report = score(GOLD, predicted)
    overall = report.overall
    assert (overall.tp, overall.n_pred, overall.n_gold) == (2, 3, 6)
    assert overall.precision == pytest.approx(2 / 3) and overall.recall == pytest.approx(2 / 6)
    assert report.relation_accuracy == pytest.approx(0.5)
    assert report.per_relation["proposes"].tp == 1
    assert report.per_relation["evaluatesOn"].n_gold == 2
    first = report.papers[0]
    assert first.missed == ["Llama 3.1", "Transformer"]
    assert first.false_positives == ["Mystery"]
    assert first.wrong_relation == ["Places365: uses != evaluatesOn"]
    assert first.missed_quantities == ["up to 37%", "three evaluation suites"]
    assert report.concept_recall == 0.0 and report.concept_precision == 0.0


def test_matching_is_one_to_one():
    gold = [gold_note("P", uses=[("BERT", "BERT", []), ("BERT-base", "BERT-base", ["BERT"])])]
    predicted = [PredictedPaper("P", uses=[{"BERT"}])]
    report = score(gold, predicted)
    assert (report.overall.tp, report.overall.n_pred, report.overall.n_gold) == (1, 1, 2)


@pytest.mark.parametrize(
    ("gold_concept", "predicted", "hit"),
    [("program synthesis", "program synthesis", True),
     ("graph rewiring", "spectral graph rewirings", True),
     ("semantic segmentation", "segmentation", True),
     ("protein folding", "folding", True),
     ("kernel methods", "kernel", True),
     ("kernel methods", "kern", False),
     ("graph", "paragraph", False)],
)  # fmt: skip
def test_concept_matching_rule(gold_concept, predicted, hit):
    report = score([gold_note("P", concepts=[gold_concept])],
                   [PredictedPaper("P", concepts=[predicted])])  # fmt: skip
    assert report.concept_recall == (1.0 if hit else 0.0)


def test_report_serialises_and_formats():
    report = score(GOLD, [PredictedPaper("Paper One", proposes=[{"GWR"}, {"Other"}])])
    data = report.to_dict()
    json.dumps(data)
    assert set(data) >= {"overall", "per_relation", "relation_accuracy", "type_accuracy",
                         "concept_recall",
                         "concept_precision", "quantity_recall", "papers"}  # fmt: skip
    assert data["overall"]["tp"] == 1
    text = report.format_text(show_errors=True)
    assert "named artifacts" in text and "false positives: Other" in text
    assert "missed:" in text
    assert "false positives" not in report.format_text(show_errors=False)
    assert isinstance(report, EvalReport)


def test_predictions_from_linked_group_by_paper():
    def note(title, line):
        return Note(title, "s" * 40, Path("p.txt"), line)

    def m(text, relation, etype="Method", **kw):
        return Mention(text, 0, len(text), "summary", etype, relation, "t", 0.9, **kw)

    extractions = [
        NoteExtraction(note("Paper One", 1), [m("GWR", "proposes", long_form="Graph Wavelet Ratio"),
                                              m("Places365", "evaluatesOn", "Dataset"),
                                              m("Kernel Methods", "discusses", "Concept")],
                       [QuantityMention("46%", 0, 3, 46.0, "%", None)]),
        NoteExtraction(note("Paper One", 2), [m("GWR", "uses"), m("RMSProp", "uses")]),
    ]  # fmt: skip
    papers = predictions_from_linked(link_extractions(extractions))
    assert len(papers) == 1
    paper = papers[0]
    assert paper.proposes == [{"GWR", "Graph Wavelet Ratio"}]
    assert paper.uses == [{"RMSProp"}]
    assert paper.evaluates_on == [{"Places365"}]
    assert paper.concepts == ["kernel methods"]
    assert paper.quantities == ["46%"]


@pytest.mark.parametrize(
    ("relation", "gold_kind", "expected"),
    [("proposes", "Framework", "Method"), ("uses", "Algorithm", "Method"),
     ("uses", "Optimizer", "Method"), ("proposes", "System", "Method"),
     ("uses", "Architecture", "Model"), ("proposes", "Benchmark", "Dataset"),
     ("uses", "Metric", "Metric"), ("uses", "Model", "Model"), ("evaluatesOn", None, "Dataset"),
     ("uses", None, None)],
)  # fmt: skip
def test_gold_type_mapping(relation, gold_kind, expected):
    item = {"name": "X"} if gold_kind is None else {"name": "X", "type": gold_kind}
    assert gold_type(relation, item) == expected


def test_type_accuracy_counts_matched_typed_artifacts():
    gold = [gold_note("P", proposes=[("GWR", [])], uses=[("Transformer", "Transformer", [])],
                      datasets=[("Places365", "Places365")])]  # fmt: skip
    gold[0]["uses"][0]["type"] = "Architecture"
    predicted = PredictedPaper("P", proposes=[{"GWR"}], uses=[{"Transformer"}],
                               evaluates_on=[{"Places365"}], types={"gwr": "Method",
                               "transformer": "Method", "places365": "Dataset"})  # fmt: skip
    report = score(gold, [predicted])
    assert report.type_accuracy == pytest.approx(2 / 3)
    assert report.papers[0].wrong_type == ["Transformer: Method != Model"]
    assert report.to_dict()["type_accuracy"] == round(2 / 3, 4)
    assert "type accuracy  0.667" in report.format_text()
    untyped = score(gold, [PredictedPaper("P", proposes=[{"GWR"}])])
    assert untyped.type_accuracy == 1.0  # nothing typed, nothing counted


def test_predictions_from_linked_carry_types():
    note = Note("P", "s" * 40, Path("p.txt"), 1)
    mentions = [Mention("ResNet-50", 0, 9, "summary", "Model", "uses", "t", 0.9),
                Mention("FID", 10, 13, "summary", "Metric", "uses", "t", 0.9)]  # fmt: skip
    paper = predictions_from_linked(link_extractions([NoteExtraction(note, mentions)]))[0]
    assert paper.type_of({"ResNet-50"}) == "Model"
    assert paper.type_of({"FID"}) == "Metric"
