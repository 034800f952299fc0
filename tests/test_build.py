"""The build job end to end on real notes: counts, exact text, stable IRIs, atomic builds."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from _waits import wait_for_moment
from papergraph.build import build_store
from papergraph.errors import BuildError, StoreError
from papergraph.export import export
from papergraph.extract.processes import PARALLEL_MIN_NOTES, extraction_processes
from papergraph.rdf.namespaces import DCTERMS, DEFAULT_BASE, PG, PROV, RDF
from papergraph.store import (
    capabilities,
    current_build,
    locate_store,
    open_store,
    streamed_build,
)


def _count(store: Path, sparql: str) -> int:
    rows = list(open_store(store).query(sparql))
    return int(rows[0][0])


def _ntriples(store: Path, tmp_path: Path, name: str) -> set[str]:
    path = tmp_path / name
    with open(path, "wb") as stream:
        export(open_store(store), stream, "ntriples")
    return {line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def _nquads(store: Path, path: Path) -> bytes:
    with open(path, "wb") as stream:
        export(open_store(store), stream, "nquads")
    return path.read_bytes()


def _paragraph_pairs(page: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The header lines and the (title, summary) pairs of the sample page."""
    paragraphs = [p for p in page.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    header, body = paragraphs[:3], paragraphs[3:]
    return header, list(zip(body[::2], body[1::2], strict=True))


def test_sample_page_counts(sample_store):
    assert _count(sample_store, "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?p a pg:Paper }") == 48
    assert _count(sample_store, "SELECT (COUNT(DISTINCT ?n) AS ?c) { ?n a pg:Note }") == 50
    rows = list(
        open_store(sample_store).query(
            "SELECT ?c ?venue ?topic { ?c a pg:Collection ; pg:venue ?venue ; pg:topic ?topic }"
        )
    )
    assert [(str(venue), str(topic)) for _, venue, topic in rows] == [
        ("NeurIPS 2025", "Pretraining")
    ]


def test_titles_and_summaries_are_exact(sample_store, sample_page):
    _, pairs = _paragraph_pairs(sample_page)
    dataset = open_store(sample_store)
    papers = set(dataset.subjects(RDF.type, PG.Paper))
    titles = {str(title) for paper in papers for title in dataset.objects(paper, DCTERMS.title)}
    summaries = {str(summary) for summary in dataset.objects(None, PG.summary)}
    assert titles == {title for title, _ in pairs}
    assert summaries == {summary for _, summary in pairs}


def test_repeated_title_is_one_paper_with_two_notes(sample_store):
    rows = list(
        open_store(sample_store).query(
            "SELECT ?p (COUNT(?n) AS ?notes) { ?p pg:hasNote ?n }"
            " GROUP BY ?p HAVING (COUNT(?n) > 1)"
        )
    )
    assert len(rows) == 2
    assert all(int(notes) == 2 for _, notes in rows)


def test_build_twice_gives_the_same_bytes(sample_store, sample_page, nlp, tmp_path):
    """The same notes give the same N-Quads export, blank-node labels (the ontology's OWL
    lists, the VoID class partitions) included."""
    again = tmp_path / "again"
    build_store([sample_page], again, base=DEFAULT_BASE, nlp=nlp)
    first, second = _nquads(again, tmp_path / "a.nq"), _nquads(sample_store, tmp_path / "b.nq")
    assert b" _:" in first
    assert first == second


def test_extraction_in_two_processes_gives_the_same_bytes(sample_store, sample_page, nlp, tmp_path):
    """`processes=2` spawns two workers that each build the pipeline; their extractions, in
    input order, make the same build as one process does."""
    two = tmp_path / "two"
    report = build_store([sample_page], two, base=DEFAULT_BASE, nlp=nlp, processes=2)
    assert report.extracted == 48 + 2  # the two notes of the repeated paper too
    assert _nquads(two, tmp_path / "a.nq") == _nquads(sample_store, tmp_path / "b.nq")


def test_reordered_page_gives_same_iris_and_links(sample_store, sample_page, nlp, tmp_path):
    header, pairs = _paragraph_pairs(sample_page)
    random.Random(7).shuffle(pairs)
    shuffled = tmp_path / "shuffled.txt"
    body = [paragraph for pair in pairs for paragraph in pair]
    shuffled.write_text("\n\n".join(header + body) + "\n", encoding="utf-8")
    store = tmp_path / "shuffled-store"
    build_store([shuffled], store, base=DEFAULT_BASE, nlp=nlp)

    def described(path: Path) -> set[str]:
        lines = _ntriples(path, tmp_path, f"{path.name}.nt")
        return {line for line in lines if "wasDerivedFrom" not in line}

    assert described(store) == described(sample_store)


def test_base_iri_is_configurable(sample_page, nlp, tmp_path):
    store = tmp_path / "store"
    build_store([sample_page], store, base="http://example.org/kg/", nlp=nlp)
    papers = set(open_store(store).subjects(RDF.type, PG.Paper))
    assert papers and all(str(paper).startswith("http://example.org/kg/paper/") for paper in papers)


def test_nothing_readable_fails_and_keeps_previous_build(sample_page, nlp, tmp_path):
    store = tmp_path / "store"
    build_store([sample_page], store, base=DEFAULT_BASE, nlp=nlp)
    before = current_build(store)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(BuildError, match="no notes could be read"):
        build_store([empty], store, base=DEFAULT_BASE, nlp=nlp)
    assert current_build(store) == before
    assert len(set(open_store(store).subjects(RDF.type, PG.Paper))) == 48


def test_strict_build_fails_on_any_problem(sample_page, nlp, tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text(
        '{"title": "A paper", "summary": "It does things."}\nnot json\n', encoding="utf-8"
    )
    with pytest.raises(BuildError, match="broken.jsonl:2"):
        build_store([broken], tmp_path / "store", base=DEFAULT_BASE, nlp=nlp, strict=True)
    report = build_store([broken], tmp_path / "store", base=DEFAULT_BASE, nlp=nlp)
    assert report.notes == 1 and [problem.line for problem in report.problems] == [2]


def test_foreign_directory_is_not_overwritten(sample_page, nlp, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(StoreError, match="not a papergraph store"):
        build_store([sample_page], foreign, base=DEFAULT_BASE, nlp=nlp)
    assert (foreign / "thesis.tex").read_text(encoding="utf-8") == "precious"


def _big_page(sample_page: Path, path: Path, copies: int) -> Path:
    header, pairs = _paragraph_pairs(sample_page)
    body = [
        paragraph
        for copy in range(copies)
        for title, summary in pairs
        for paragraph in (f"{title} (part {copy})", summary)
    ]
    path.write_text("\n\n".join(header + body) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["while extracting", "while writing the new build"])
def test_killed_build_leaves_previous_store_served(sample_page, nlp, tmp_path, moment):
    store = tmp_path / "store"
    build_store([sample_page], store, base=DEFAULT_BASE, nlp=nlp)
    before = current_build(store)
    big = _big_page(sample_page, tmp_path / "big.txt", copies=40)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "papergraph",
            "build",
            str(big),
            "--store",
            str(store),
            "--no-validate",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_moment(process, store, moment)
    assert process.poll() is None, "the build ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert current_build(store) == before
    dataset = open_store(store)
    assert len(set(dataset.subjects(RDF.type, PG.Paper))) == 48
    assert not list(
        dataset.subjects(DCTERMS.title, Literal(f"{_first_title(sample_page)} (part 0)"))
    )
    # The next build cleans up what the killed one left.
    build_store([sample_page], store, base=DEFAULT_BASE, nlp=nlp)
    assert len(list((store / "builds").iterdir())) == 2


def _first_title(page: Path) -> str:
    return _paragraph_pairs(page)[1][0][0]


def _files_open_under(folder: Path) -> list[str]:
    """The files under `folder` this process has open (Linux: /proc/self/fd)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the fd listing itself, closed meanwhile
            continue
        if target.startswith(f"{folder}/"):
            found.append(target)
    return found


def test_the_writer_lets_go_of_a_build_before_it_becomes_current(tmp_path):
    """Readers open the current build read-only, which is safe only once its writer has closed
    it (RocksDB deletes the files its compaction made obsolete while the writer is open)."""
    with streamed_build(tmp_path / "store") as build:
        build.write("<urn:x:a> <urn:x:b> <urn:x:c> <urn:x:g> .\n")
        build.finish()
        assert _files_open_under(build.path)  # the check sees a build that is open
    assert current_build(tmp_path / "store").resolve() == build.path.resolve()
    assert _files_open_under(build.path.resolve()) == []


def _small_page(sample_page: Path, path: Path, first: int, count: int) -> Path:
    """A page of `count` of the sample's notes, from the `first`-th."""
    header, pairs = _paragraph_pairs(sample_page)
    body = [paragraph for pair in pairs[first : first + count] for paragraph in pair]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(header + body) + "\n", encoding="utf-8")
    return path


def test_a_note_names_its_source_file_without_the_machines_folders(sample_store):
    dataset = open_store(sample_store)
    sources = set(dataset.objects(None, PROV.wasDerivedFrom))
    assert sources == {URIRef(f"{DEFAULT_BASE}source/neurips2025-pretraining-notes.txt")}
    with open(sample_store.parent / "all.nq", "wb") as stream:
        export(dataset, stream, "nquads")
    assert b"file:" not in (sample_store.parent / "all.nq").read_bytes()


def test_notes_files_that_share_a_name_keep_distinct_sources(sample_page, nlp, tmp_path):
    pages = [
        _small_page(sample_page, tmp_path / "2025" / "notes page.txt", 0, 2),
        _small_page(sample_page, tmp_path / "2026" / "notes page.txt", 2, 2),
        _small_page(sample_page, tmp_path / "2026" / "other.txt", 4, 1),
    ]
    store = tmp_path / "store"
    base = "https://example.org/pages/"
    build_store(pages, store, base=DEFAULT_BASE, source_base=base, nlp=nlp, validate=False)
    rows = open_store(store).query(
        "SELECT ?source (COUNT(?note) AS ?notes) { ?note prov:wasDerivedFrom ?source } "
        "GROUP BY ?source"
    )
    assert {str(row.source): int(row.notes) for row in rows} == {
        f"{base}2025/notes%20page.txt": 2,
        f"{base}2026/notes%20page.txt": 2,
        f"{base}other.txt": 1,
    }


def test_callers_ask_a_store_what_it_can_do(tmp_path):
    local = capabilities(locate_store(tmp_path / "store"))
    assert (local.needs_network, local.applies_updates, local.adds_notes) == (False, True, True)
    remote = capabilities(locate_store("sparql+http://127.0.0.1:9/sparql"))
    assert (remote.needs_network, remote.applies_updates, remote.adds_notes) == (
        True,
        False,
        False,
    )


def test_a_large_build_extracts_in_one_process_per_core():
    cores = len(os.sched_getaffinity(0))
    assert extraction_processes(PARALLEL_MIN_NOTES - 1) == 1
    assert extraction_processes(PARALLEL_MIN_NOTES) == min(8, cores)
    assert extraction_processes(10, 3) == 3 and extraction_processes(10**6, 1) == 1
