"""The vocabulary converter (tools/make_vocab.py): the types it suggests, and the shipped
Turtle files being what it makes of the shared sources."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "vocab"
_spec = importlib.util.spec_from_file_location("make_vocab", ROOT / "tools" / "make_vocab.py")
make_vocab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_vocab)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("QAG", "Query-Aware Generation for Knowledge Tasks", "Query Aware Generation"),
        ("ZQN", "Zonal Query Networks", "Zonal Query Networks"),
        ("ZQN", "Networks of Zonal Queries", None),
        ("ZQN", "Zonal Query", None),
        ("Zorb", "Zonal Orbit Retrieval Baseline", None),  # not an acronym
        ("Z", "Zonal", None),
    ],
)  # fmt: skip
def test_spelled_out(name, text, expected):
    assert make_vocab.spelled_out(name, text) == expected


@pytest.mark.parametrize(
    ("method", "collections", "expected"),
    [
        ({"name": "QAG", "full_name": "QAG", "paper": {"title": "Query-Aware Generation of X"}},
         ["Transformers"], "Method"),
        ({"name": "DLA", "full_name": "Deep Lattice Aggregation"}, ["Feature Extractors"],
         "Method"),
        ({"name": "DLX", "full_name": "Deep Lattice Aggregation"}, ["Feature Extractors"],
         "Model"),  # not its long form: the last letter is not spelled
        ({"name": "FooNet", "full_name": "Foo Networks for Fake News Detection"},
         ["Graph Models"], "Model"),
        ({"name": "Zeption", "full_name": "Zeption"}, ["Convolutional Neural Networks"], "Model"),
        ({"name": "ZLIP", "full_name": "Zonal Language-Image Pre-training"},
         ["Vision and Language Pre-Trained Models"], "Model"),
        ({"name": "QAG", "full_name": "Query-Aware Generation"}, ["Image Models Metrics"],
         "Metric"),
    ],
)  # fmt: skip
def test_a_model_collection_member_that_names_a_procedure_is_a_method(
    method, collections, expected
):
    assert make_vocab.pwc_type(collections, make_vocab.long_form(method)) == expected


@pytest.mark.skipif(not SOURCES.is_dir(), reason="no shared vocabularies at ../shared/vocab")
def test_the_shipped_vocabularies_are_what_the_converter_makes():
    made = make_vocab.convert_pwc(SOURCES / "pwc-methods.json")
    assert made == (ROOT / "ontology" / "vocab" / "pwc-methods.ttl").read_text(encoding="utf-8")
    made = make_vocab.convert_aio(SOURCES / "aio.obo")
    assert made == (ROOT / "ontology" / "vocab" / "aio.ttl").read_text(encoding="utf-8")
