"""The build job: notes files in, a new store build out.

read → extract → link → rdf → reason → analyse → validate → store.

Each stage is a module of its own; this one only runs them in order and counts what they made.
Progress is reported through a callable so that the library never prints (the CLI passes tqdm).
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from rdflib import Dataset, Graph
from rdflib.graph import ReadOnlyGraphAggregate
from spacy.language import Language

from papergraph.analyse import analyse
from papergraph.errors import BuildError
from papergraph.extract import build_pipeline, extract_notes
from papergraph.link import LinkedCorpus, link_extractions
from papergraph.rdf.build import build_dataset
from papergraph.rdf.namespaces import PG, RDF, graph_iri
from papergraph.rdf.ontology import add_ontology
from papergraph.read import Note, NotesPage, ReadProblem, read_page
from papergraph.reason import infer
from papergraph.store import write_build
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
    """What a build read and wrote."""

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

    def summary_line(self) -> str:
        return (
            f"{self.papers} papers, {self.notes} notes, {self.entities} entities, "
            f"{self.triples} triples in {self.seconds:.1f} s"
        )


def read_pages(paths: Sequence[Path]) -> list[NotesPage]:
    """Read every notes file; problems are collected in each page, never raised."""
    return [read_page(Path(path)) for path in paths]


def _merged(*graphs: Graph) -> Graph:
    merged = Graph()
    for graph in graphs:
        merged += graph
    return merged


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


def build_store(
    paths: Sequence[Path],
    store_dir: Path,
    *,
    base: str,
    strict: bool = False,
    reasoner: str = "auto",
    validate: bool | None = None,
    nlp: Language | None = None,
    progress: Progress = _no_progress,
) -> BuildReport:
    """Build the graph of the notes in `paths` and make it the current build of `store_dir`.

    Raises:
        BuildError: no note could be read, or (with `strict`) any file had a problem or the
            graph breaks a SHACL shape; the store is left as it was.

        StoreError: `store_dir` is not a papergraph store or another writer holds it.

    `validate`: True or False forces the SHACL validation on or off; None (the default)
    validates graphs of up to VALIDATE_MAX_TRIPLES triples, and any graph with `strict`.
    """
    started = time.perf_counter()
    pages = read_pages(paths)
    notes = _check_readable(pages, strict=strict)
    nlp = nlp if nlp is not None else build_pipeline()
    corpus = link_extractions(progress(extract_notes(nlp, notes), len(notes), "extracting"))
    dataset, validation = _reasoned_graph(
        notes, corpus, base=base, reasoner=reasoner, validate=validate, strict=strict
    )
    notes_graph = dataset.graph(graph_iri(base, "notes"))
    papers = len(set(notes_graph.subjects(RDF.type, PG.Paper)))
    note_count = len(set(notes_graph.subjects(RDF.type, PG.Note)))
    triples = sum(len(graph) for graph in dataset.graphs())
    with tempfile.TemporaryDirectory() as folder:
        nquads = Path(folder) / "build.nq"
        dataset.serialize(nquads, format="nquads", encoding="utf-8")
        # Oxigraph's bulk load needs the memory the in-memory graph holds: let it go first.
        del dataset, notes_graph
        build = write_build(store_dir, nquads)
    return BuildReport(
        store=Path(store_dir),
        build=build,
        pages=pages,
        papers=papers,
        notes=note_count,
        entities=len(corpus.entities),
        triples=triples,
        seconds=time.perf_counter() - started,
        problems=[problem for page in pages for problem in page.problems],
        validation=validation,
    )


def _reasoned_graph(
    notes: list[Note],
    corpus: LinkedCorpus,
    *,
    base: str,
    reasoner: str,
    validate: bool | None,
    strict: bool,
) -> tuple[Dataset, ValidationReport | None]:
    """The dataset of every named graph (rdf, reason, analyse) and its validation report."""
    dataset = build_dataset(notes, corpus, base=base)
    ontology = add_ontology(dataset.graph(graph_iri(base, "ontology")))
    notes_graph = dataset.graph(graph_iri(base, "notes"))
    links_graph = dataset.graph(graph_iri(base, "links"))
    # Views over the dataset's graphs, not copies: memory grows with the notes (issue 7).
    asserted = ReadOnlyGraphAggregate([notes_graph, links_graph])
    inferred = infer(
        asserted, ontology, engine=reasoner, into=dataset.graph(graph_iri(base, "inferred"))
    )
    # The analysis counts pg:mentions, which only reasoning asserts.
    with_inferred = ReadOnlyGraphAggregate([notes_graph, links_graph, inferred])
    analysis = dataset.graph(graph_iri(base, "analysis"))
    analysis += analyse(with_inferred)
    data_triples = len(with_inferred) + len(analysis)
    if validate is None:
        validate = strict or data_triples <= VALIDATE_MAX_TRIPLES
        if not validate:
            logger.warning(
                "SHACL validation skipped: %d triples (more than %d); run `papergraph validate`",
                data_triples,
                VALIDATE_MAX_TRIPLES,
            )
    validation = validate_graph(_merged(with_inferred, analysis)) if validate else None
    if strict and validation is not None and not validation.conforms:
        raise BuildError(
            f"the graph breaks the SHACL shapes (--strict): {validation.format_text()}"
        )
    return dataset, validation
