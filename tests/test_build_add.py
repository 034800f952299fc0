"""`build --add`: new notes join the current build without the old ones being extracted again."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.build import build_store
from papergraph.cli import cli
from papergraph.errors import BuildError
from papergraph.export import export
from papergraph.load import load_file
from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.store import open_store


def _split_page(page: Path, folder: Path) -> tuple[Path, Path]:
    """The sample page as two pages with its header each: the first 30 notes, the other 20."""
    paragraphs = [p for p in page.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    header, body = paragraphs[:3], paragraphs[3:]
    first, second = folder / "first.txt", folder / "second.txt"
    first.write_text("\n\n".join(header + body[:60]) + "\n", encoding="utf-8")
    second.write_text("\n\n".join(header + body[60:]) + "\n", encoding="utf-8")
    return first, second


def _triples(store: Path, path: Path) -> set[str]:
    """The store's N-Triples lines, but the source files (which differ between the set-ups)
    and the ontology's blank nodes."""
    with open(path, "wb") as stream:
        export(open_store(store), stream, "ntriples")
    return {
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and "wasDerivedFrom" not in line and "_:" not in line
    }


@pytest.fixture(scope="module")
def halves(sample_page, tmp_path_factory) -> tuple[Path, Path]:
    return _split_page(sample_page, tmp_path_factory.mktemp("halves"))


def test_added_notes_give_the_graph_of_a_whole_build(halves, sample_store, nlp, tmp_path):
    first, second = halves
    store = tmp_path / "store"
    initial = build_store([first], store, base=DEFAULT_BASE, nlp=nlp)
    added = build_store([second], store, base=DEFAULT_BASE, nlp=nlp, add=True)
    assert (initial.extracted, added.extracted) == (30, 20)
    assert added.notes == 50
    assert _triples(store, tmp_path / "added.nt") == _triples(sample_store, tmp_path / "all.nt")


def test_adding_notes_already_there_extracts_nothing(halves, nlp, tmp_path):
    first, _ = halves
    store = tmp_path / "store"
    build_store([first], store, base=DEFAULT_BASE, nlp=nlp)
    before = _triples(store, tmp_path / "before.nt")
    again = build_store([first], store, base=DEFAULT_BASE, nlp=nlp, add=True)
    assert again.extracted == 0
    assert _triples(store, tmp_path / "after.nt") == before


def test_loaded_graphs_survive_an_add(halves, nlp, tmp_path):
    first, second = halves
    store = tmp_path / "store"
    build_store([first], store, base=DEFAULT_BASE, nlp=nlp)
    extra = tmp_path / "extra.ttl"
    extra.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    loaded = load_file(store, extra, graph="http://example.org/extra")
    build_store([second], store, base=DEFAULT_BASE, nlp=nlp, add=True)
    answer = open_store(store).query(
        "ASK { GRAPH <http://example.org/extra> { <http://example.org/a> ?p ?o } }"
    )
    assert loaded.triples == 1 and answer.askAnswer


def test_add_without_a_build_says_what_to_run(halves, nlp, tmp_path):
    with pytest.raises(BuildError, match="papergraph build"):
        build_store([halves[1]], tmp_path / "none", base=DEFAULT_BASE, nlp=nlp, add=True)


def test_cli_add_reports_all_notes(halves, runner, tmp_path):
    first, second = halves
    store = str(tmp_path / "store")
    assert runner.invoke(cli, ["build", str(first), "--store", store]).exit_code == 0
    result = runner.invoke(cli, ["build", "--add", str(second), "--store", store])
    assert result.exit_code == 0, result.output
    assert "48 papers, 50 notes" in result.output
