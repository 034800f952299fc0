"""The command line, as a user runs it: exit codes, output, clear errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph

from papergraph.cli import cli


def invoke(runner, *args, env=None):
    return runner.invoke(cli, [str(arg) for arg in args], env=env, catch_exceptions=False)


def test_build_prints_a_summary(runner, sample_page, tmp_path):
    result = invoke(runner, "build", sample_page, "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "48 papers, 50 notes" in result.output


def test_store_from_environment(runner, sample_store):
    result = invoke(
        runner,
        "query",
        "SELECT (COUNT(*) AS ?n) { ?p a pg:Paper }",
        "--format",
        "csv",
        env={"PAPERGRAPH_STORE": str(sample_store)},
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["n", "48"]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "tsv", "xml"])
def test_query_formats(runner, sample_store, fmt):
    query = "SELECT ?title { ?p a pg:Paper ; dcterms:title ?title } ORDER BY ?title LIMIT 3"
    result = invoke(runner, "query", query, "--store", sample_store, "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        bindings = json.loads(result.output)["results"]["bindings"]
        assert len(bindings) == 3 and bindings[0]["title"]["type"] == "literal"
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.output)))
        assert rows[0] == ["title"] and len(rows) == 4
    elif fmt == "tsv":
        lines = result.output.splitlines()
        assert lines[0] == "?title" and lines[1].startswith('"') and len(lines) == 4
    elif fmt == "xml":
        assert "<sparql" in result.output and result.output.count("<result>") == 3
    else:
        assert "(3 rows)" in result.output


def test_query_ask_and_construct(runner, sample_store):
    ask = invoke(runner, "query", "ASK { ?p a pg:Paper }", "--store", sample_store)
    assert ask.output.strip() == "true"
    construct = invoke(
        runner,
        "query",
        "CONSTRUCT { ?c pg:venue ?v } WHERE { ?c pg:venue ?v }",
        "--store",
        sample_store,
    )
    graph = Graph().parse(data=construct.output, format="turtle")
    assert {str(venue) for venue in graph.objects()} == {"NeurIPS 2025"}


def test_query_from_file(runner, sample_store, tmp_path):
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) { ?n a pg:Note }", encoding="utf-8")
    result = invoke(runner, "query", query, "--store", sample_store, "--format", "csv")
    assert result.output.splitlines()[1] == "50"


def test_query_syntax_error_is_a_clear_message(runner, sample_store):
    result = invoke(runner, "query", "SELEKT nothing", "--store", sample_store)
    assert result.exit_code == 1
    assert "query failed" in result.output and "Traceback" not in result.output


def test_missing_store_is_a_clear_message(runner, tmp_path):
    result = invoke(runner, "export", "--store", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "no store at" in result.output and "papergraph build" in result.output


def test_export_to_file(runner, sample_store, tmp_path):
    out = tmp_path / "graph.jsonld"
    result = invoke(runner, "export", "--store", sample_store, "--format", "jsonld", "-o", out)
    assert result.exit_code == 0, result.output
    assert "@context" in json.loads(out.read_text(encoding="utf-8"))


def test_build_with_nothing_readable_exits_non_zero(runner, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    result = invoke(runner, "build", binary, "--store", tmp_path / "s")
    assert result.exit_code == 1
    assert "no notes could be read" in result.output and "photo.txt" in result.output


def test_load_adds_a_named_graph_and_keeps_the_rest(runner, sample_page, tmp_path):
    store = tmp_path / "s"
    invoke(runner, "build", sample_page, "--store", store)
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<http://example.org/c/transformer> skos:prefLabel "Transformer" .\n',
        encoding="utf-8",
    )
    result = invoke(
        runner, "load", extra, "--store", store, "--graph", "http://example.org/g/extra"
    )
    assert result.exit_code == 0, result.output
    assert "loaded 1 triples" in result.output
    count = invoke(
        runner,
        "query",
        "SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/g/extra> { ?s ?p ?o } }",
        "--store",
        store,
        "--format",
        "csv",
    )
    assert count.output.splitlines()[1] == "1"
    papers = invoke(
        runner,
        "query",
        "SELECT (COUNT(*) AS ?n) { ?p a pg:Paper }",
        "--store",
        store,
        "--format",
        "csv",
    )
    assert papers.output.splitlines()[1] == "48"


def test_load_rejects_a_broken_file(runner, sample_store, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <", encoding="utf-8")
    result = invoke(runner, "load", broken, "--store", sample_store)
    assert result.exit_code == 1 and "not valid turtle" in result.output


def test_every_command_has_help(runner):
    for name, command in cli.commands.items():
        result = invoke(runner, name, "--help")
        assert result.exit_code == 0
        first_line = " ".join(command.help.split("\n")[0].split())
        assert first_line and first_line in " ".join(result.output.split())


def test_eval_scores_the_store_against_the_gold(runner, sample_store):
    gold = Path(__file__).resolve().parent.parent / "data" / "neurips2025-pretraining-gold.json"
    result = invoke(runner, "eval", gold, "--store", sample_store, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    # measured on the sample page: F1 0.963, relation accuracy 1.000 (README)
    assert report["overall"]["f1"] >= 0.94
    assert report["relation_accuracy"] >= 0.95
    text = invoke(runner, "eval", gold, "--store", sample_store, "--show-errors")
    assert "named artifacts" in text.output


def test_eval_rejects_a_file_that_is_not_gold(runner, sample_store, tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text('{"not": "a list"}', encoding="utf-8")
    result = invoke(runner, "eval", bad, "--store", sample_store)
    assert result.exit_code == 1 and "expected a JSON list" in result.output
