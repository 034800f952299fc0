"""The build job: notes files in, a new store build out.

read → extract → link → rdf → reason → analyse → validate → store.

Each stage is a module of its own; this one runs them in order and counts what they made.
The rdf, reason and analyse stages stream: the graph is written as N-Quads lines block by
block (a note, an entity), each block's entailments right after it, and Oxigraph bulk-loads
them in a background thread meanwhile (papergraph.store.streamed_build), so no stage holds the
whole graph as objects. The "store" stage's seconds are those spent waiting for it.
Progress is reported through a callable so that the library never prints (the CLI passes tqdm).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import TypeVar

import pyoxigraph
from rdflib import Dataset, Graph
from rdflib.graph import ReadOnlyGraphAggregate
from spacy.language import Language

from papergraph.analyse import analysis_triples, cooccurrence_graph, sort_key_triples
from papergraph.errors import BuildError
from papergraph.extract import NoteExtraction, build_pipeline, extract_notes
from papergraph.extract.pipeline import known_family
from papergraph.extract.processes import extract_in_processes, extraction_processes
from papergraph.extractions import load_extractions, pipeline_fingerprint, save_extractions
from papergraph.link import link_extractions
from papergraph.rdf.blocks import note_blocks
from papergraph.rdf.namespaces import DCTERMS, GRAPH_NAMES, PG, RDF, graph_iri
from papergraph.rdf.ontology import load_ontology
from papergraph.rdf.terms import Quad, Triple, iri, nquads_line, rdflib_term, strip_iri
from papergraph.read import Note, NotesPage, ReadProblem, read_page
from papergraph.reason import OWLRL_MAX_TRIPLES, Reasoner, infer
from papergraph.store import (
    StreamedBuild,
    current_build,
    extractions_file,
    open_build_read_only,
    store_exists,
    streamed_build,
)
from papergraph.validate import ValidationReport, validate_graph

__all__ = ["VALIDATE_MAX_TRIPLES", "BuildReport", "Progress", "build_store", "read_pages"]

logger = logging.getLogger(__name__)

# pyshacl validates about 5,000 triples a second here; above this size `build` leaves it to an
# explicit `papergraph validate` (or `build --validate`).
VALIDATE_MAX_TRIPLES = 100_000

T = TypeVar("T")
Progress = Callable[[Iterable[T], int, str], Iterable[T]]


def _no_progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    return items


@dataclass
class BuildReport:
    """What a build read and wrote, and how long each stage took (`stage_seconds`: extract,
    rdf, reason, analyse, validate, compact, store)."""

    store: Path
    build: Path
    pages: list[NotesPage]
    papers: int
    notes: int
    entities: int
    triples: int
    seconds: float
    problems: list[ReadProblem] = field(default_factory=list)
    validation: ValidationReport | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
    extracted: int = 0  # notes that went through spaCy (with `add`, only the new ones)

    def summary_line(self) -> str:
        stages = ", ".join(f"{name} {seconds:.1f}" for name, seconds in self.stage_seconds.items())
        return (
            f"{self.papers} papers, {self.notes} notes, {self.entities} entities, "
            f"{self.triples} triples in {self.seconds:.1f} s" + (f" ({stages})" if stages else "")
        )


def read_pages(paths: Sequence[Path]) -> list[NotesPage]:
    """Read every notes file; problems are collected in each page, never raised."""
    return [read_page(Path(path)) for path in paths]


def _check_readable(pages: list[NotesPage], *, strict: bool) -> list[Note]:
    problems = [problem for page in pages for problem in page.problems]
    notes = [note for page in pages for note in page.notes]
    if not notes:
        details = "; ".join(str(problem) for problem in problems[:5])
        raise BuildError("no notes could be read" + (f": {details}" if details else ""))
    if strict and problems:
        details = "\n".join(str(problem) for problem in problems)
        raise BuildError(f"{len(problems)} problem(s) in the input (--strict):\n{details}")
    return notes


class _StageClock:
    """Adds up the seconds spent in each stage; a stage entered inside another pauses the
    outer one, so the figures add up to the whole (reasoning runs between rdf blocks)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._running: list[str] = []
        self._since = 0.0

    def _charge_running(self) -> None:
        now = time.perf_counter()
        if self._running:
            name = self._running[-1]
            self.seconds[name] = self.seconds.get(name, 0.0) + now - self._since
        self._since = now

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self._charge_running()
        self._running.append(name)
        try:
            yield
        finally:
            self._charge_running()
            self._running.pop()


def build_store(
    paths: Sequence[Path],
    store_dir: Path,
    *,
    base: str,
    strict: bool = False,
    reasoner: str = "auto",
    validate: bool | None = None,
    add: bool = False,
    source_base: str | None = None,
    nlp: Language | None = None,
    processes: int | None = None,
    progress: Progress = _no_progress,
) -> BuildReport:
    """Build the graph of the notes in `paths` and make it the current build of `store_dir`.

    Raises:
        BuildError: no note could be read, or (with `strict`) any file had a problem or the
            graph breaks a SHACL shape, or (with `add`) there is no build with saved
            extractions to add to; the store is left as it was.

        StoreError: `store_dir` is not a papergraph store or another writer holds it.

    `add`: keep the notes of the current build and add those of `paths` (notes already there
    are skipped); only the new notes are extracted, everything else is rebuilt from the saved
    extractions, and graphs added by `papergraph load` are kept.
    `reasoner`: "owlrl", "fast", or "auto" (owlrl while the asserted graph has at most
    OWLRL_MAX_TRIPLES triples). `validate`: True or False forces the SHACL validation on or
    off; None (the default) validates graphs of up to VALIDATE_MAX_TRIPLES triples, and any
    graph with `strict`. `source_base`: the IRI each notes file's name is appended to, to name
    the file a note was read from (default: BASE/source/; never the file's path on this
    machine). `processes`: how many processes extract the notes (default: one per core when
    there are at least PARALLEL_MIN_NOTES new notes, else one); the extractions are the same.
    """
    started = time.perf_counter()
    clock = _StageClock()
    pages = read_pages(paths)
    new_notes = _check_readable(pages, strict=strict)
    nlp = nlp if nlp is not None else build_pipeline()
    fingerprint = pipeline_fingerprint(nlp)
    saved = _saved_extractions(Path(store_dir), fingerprint) if add else []
    known = {(extraction.note.title, extraction.note.summary) for extraction in saved}
    fresh = [note for note in new_notes if (note.title, note.summary) not in known]
    with streamed_build(Path(store_dir), waiting=lambda: clock.stage("store")) as build:
        with clock.stage("extract"):
            workers = extraction_processes(len(fresh), processes)
            extracting = (
                extract_in_processes(nlp, fresh, workers)
                if workers > 1
                else extract_notes(nlp, fresh)
            )
            extracted = progress(extracting, len(fresh), "extracting")
            extractions = saved + list(extracted)
            corpus = link_extractions(extractions, known_family=known_family(nlp))
        with clock.stage("store"):
            path = extractions_file(Path(store_dir), build.path)
            save_extractions(path, extractions, fingerprint=fingerprint)
        notes = [extraction.note for extraction in extractions]
        papers = len({note.title for note in notes})
        note_count = len({(note.title, note.summary) for note in notes})
        entities = len(corpus.entities)
        blocks = progress(
            note_blocks(notes, corpus, base=base, source_base=source_base),
            entities + len(notes),
            "writing the graph",
        )
        # Only the blocks need the notes from here on, and they let go of them when done: the
        # analysis at the end is the next memory peak.
        del saved, extractions, notes, corpus
        writer = _GraphWriter(build, base=base, reasoner=reasoner, clock=clock)
        writer.write(blocks)
        if add:
            _copy_other_graphs(Path(store_dir), build, base=base)
        build.finish()
        validation = None
        if validate or (validate is None and (strict or writer.data_lines <= VALIDATE_MAX_TRIPLES)):
            with clock.stage("validate"):
                validation = _validate(build.store, base=base, strict=strict)
        elif validate is None:
            logger.warning(
                "SHACL validation skipped: %d triples (more than %d); run `papergraph validate`",
                writer.data_lines,
                VALIDATE_MAX_TRIPLES,
            )
        with clock.stage("compact"):
            build.compact()
        with clock.stage("store"):
            triples = len(build.store)
    return BuildReport(
        store=Path(store_dir),
        build=build.path,
        pages=pages,
        papers=papers,
        notes=note_count,
        entities=entities,
        triples=triples,
        seconds=time.perf_counter() - started,
        problems=[problem for page in pages for problem in page.problems],
        validation=validation,
        stage_seconds=clock.seconds,
        extracted=len(fresh),
    )


def _saved_extractions(store_dir: Path, fingerprint: str) -> list[NoteExtraction]:
    """The extractions of the current build, for `add`."""
    if not store_exists(store_dir):
        raise BuildError(
            f"no build in {store_dir} to add to: run `papergraph build FILES --store {store_dir}`"
        )
    saved = load_extractions(
        extractions_file(store_dir, current_build(store_dir)), fingerprint=fingerprint
    )
    if saved is None:
        raise BuildError(
            f"the current build of {store_dir} has no saved extractions of this pipeline (it "
            "was made by another papergraph version or pipeline, or changed by `load` before "
            "extractions were saved): run `papergraph build` on all the notes files instead"
        )
    return saved


def _copy_other_graphs(store_dir: Path, out: StreamedBuild, *, base: str) -> None:
    """Add the current build's graphs that are not the build's own (data added by `load`)."""
    own = {str(graph_iri(base, name)) for name in GRAPH_NAMES}
    current = open_build_read_only(current_build(store_dir))
    for graph in current.named_graphs():
        if not isinstance(graph, pyoxigraph.NamedNode) or graph.value in own:
            continue
        for quad in current.quads_for_pattern(None, None, None, graph):
            out.write(f"{quad.subject} {quad.predicate} {quad.object} {quad.graph_name} .\n")


class _GraphWriter:
    """Writes every named graph of a build as N-Quads: the asserted blocks, their entailments
    and, at the end, the transitive closures, the analysis and the ontology."""

    def __init__(self, out: StreamedBuild, *, base: str, reasoner: str, clock: _StageClock) -> None:
        self.out, self.clock, self.engine = out, clock, reasoner
        self.graphs = {name: iri(str(graph_iri(base, name))) for name in GRAPH_NAMES}
        self.ontology = load_ontology()
        self.reasoner = Reasoner(self.ontology)
        self.mentions_predicate = iri(str(PG.mentions))
        self.mentions: set[tuple[str, str]] = set()
        # (subject, object) of every title, pg:reports and quantity value, for the sort keys
        self.titles: list[tuple[str, str]] = []
        self.reports: list[tuple[str, str]] = []
        self.values: list[tuple[str, str]] = []
        self.sort_sources = {
            iri(str(DCTERMS.title)): self.titles,
            iri(str(PG.reports)): self.reports,
            iri(str(RDF.value)): self.values,
        }
        self.data_lines = 0
        # Asserted blocks held back while the choice of engine (auto) is still open.
        self.held: list[list[Quad]] | None = [] if reasoner in ("auto", "owlrl") else None
        self.held_triples = 0

    def write(self, blocks: Iterable[list[Quad]]) -> None:
        with self.clock.stage("rdf"):
            for block in blocks:
                self._write_quads(block)
                if self.held is None:
                    self._reason(block)
                    continue
                self.held.append(block)
                self.held_triples += len(block)
                if self.engine == "auto" and self.held_triples > OWLRL_MAX_TRIPLES:
                    held, self.held = self.held, None
                    for earlier in held:
                        self._reason(earlier)
            if self.held is not None:
                self._reason_with_owlrl(self.held)
            else:
                with self.clock.stage("reason"):
                    transitive = self.reasoner.transitive_entailments()
                self._write_triples(transitive, "inferred")
        with self.clock.stage("analyse"):
            graph = cooccurrence_graph(self.mentions)
            self._write_triples(analysis_triples(graph), "analysis")
            self._write_triples(
                sort_key_triples(self.titles, self.reports, self.values), "analysis"
            )
        ontology = self.graphs["ontology"]
        self.out.write_keeping_labels(
            "".join(nquads_line((*map(rdflib_term, triple), ontology)) for triple in self.ontology)
        )

    def _write_quads(self, quads: Iterable[Quad]) -> None:
        for quad in quads:
            if quad[1] == self.mentions_predicate:  # interned: each IRI recurs in many pairs
                self.mentions.add((intern(strip_iri(quad[0])), intern(strip_iri(quad[2]))))
            elif (sort_source := self.sort_sources.get(quad[1])) is not None:
                sort_source.append((quad[0], quad[2]))
            self.out.write(nquads_line(quad))
            self.data_lines += 1

    def _write_triples(self, triples: Iterable[Triple], graph: str) -> None:
        name = self.graphs[graph]
        self._write_quads((s, p, o, name) for s, p, o in triples)

    def _reason(self, block: list[Quad]) -> None:
        with self.clock.stage("reason"):
            entailed = self.reasoner.entailments(quad[:3] for quad in block)
        self._write_triples(entailed, "inferred")

    def _reason_with_owlrl(self, blocks: list[list[Quad]]) -> None:
        with self.clock.stage("reason"):
            text = "".join(f"{s} {p} {o} .\n" for block in blocks for s, p, o, _ in block)
            entailed = infer(Graph().parse(data=text, format="nt"), self.ontology, engine="owlrl")
        self._write_triples((tuple(map(rdflib_term, triple)) for triple in entailed), "inferred")


def _validate(store: pyoxigraph.Store, *, base: str, strict: bool) -> ValidationReport:
    """The SHACL report of the data graphs in `store`; with `strict`, a violation raises."""
    dataset = Dataset()
    dataset.parse(data=store.dump(format=pyoxigraph.RdfFormat.N_QUADS), format="nquads")
    data = ReadOnlyGraphAggregate(
        [dataset.graph(graph_iri(base, name)) for name in GRAPH_NAMES if name != "ontology"]
    )
    validation = validate_graph(data)
    if strict and not validation.conforms:
        raise BuildError(
            f"the graph breaks the SHACL shapes (--strict): {validation.format_text()}"
        )
    return validation
