"""Extraction in worker processes: a large build's notes shared among the machine's cores.

The pipeline is pure Python and holds the GIL, so a second core helps only through a second
process. Each worker builds the same pipeline as the caller's (its components' config, checked
by the pipeline fingerprint) and extracts chunks of notes; the chunks come back in input order,
so the result equals `extract_notes` on one core. Workers are spawned, not forked: by the time
a build extracts, it has an Oxigraph store open with a loader thread beside it, which a fork
would copy mid-flight.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence
from itertools import islice

from spacy.language import Language

from papergraph.extract.mentions import NoteExtraction
from papergraph.extract.pipeline import build_pipeline, extract_notes
from papergraph.read import Note

__all__ = ["PARALLEL_MIN_NOTES", "extract_in_processes", "extraction_processes"]

# Below this many notes a second process costs more (its start and pipeline, ~2-4 s) than it
# saves (~1,000 notes/s per core).
PARALLEL_MIN_NOTES = 4000
_CHUNK_NOTES = 200  # notes a worker extracts per task: small enough to keep both cores busy
_MAX_PROCESSES = 8

_worker_nlp: Language | None = None


def extraction_processes(notes: int, requested: int | None = None) -> int:
    """How many processes extract `notes` notes: `requested` when given (at least 1), else one
    per core (at most 8) when there are at least PARALLEL_MIN_NOTES notes, else 1."""
    if requested is not None:
        return max(1, requested)
    if notes < PARALLEL_MIN_NOTES:
        return 1
    return max(1, min(_MAX_PROCESSES, len(os.sched_getaffinity(0))))


def extract_in_processes(
    nlp: Language, notes: Sequence[Note], processes: int
) -> Iterator[NoteExtraction]:
    """One `NoteExtraction` per note, in input order, extracted by `processes` workers that
    each build `nlp`'s pipeline anew (so `nlp` must come from `build_pipeline`)."""
    config = _component_config(nlp)
    expected = nlp.config.to_str()
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=_start_worker, initargs=(config, expected)) as pool:
        for extractions in pool.imap(_extract_chunk, _chunks(notes, _CHUNK_NOTES)):
            yield from extractions


def _component_config(nlp: Language) -> dict[str, dict[str, object]]:
    """The config overrides that make `build_pipeline` rebuild `nlp`'s components."""
    components = nlp.config["components"]
    return {
        name: {key: value for key, value in components[name].items() if key != "factory"}
        for name in nlp.pipe_names
    }


def _chunks(notes: Sequence[Note], size: int) -> Iterator[list[Note]]:
    iterator = iter(notes)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _start_worker(config: dict[str, dict[str, object]], expected: str) -> None:
    global _worker_nlp
    # Ctrl-C reaches the whole process group: the caller stops the build and its workers; a
    # worker's own KeyboardInterrupt would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_nlp = build_pipeline(config)
    if _worker_nlp.config.to_str() != expected:
        raise RuntimeError("a worker's pipeline differs from the caller's")


def _extract_chunk(notes: list[Note]) -> list[NoteExtraction]:
    assert _worker_nlp is not None, "the worker's pipeline is built by _start_worker"
    return list(extract_notes(_worker_nlp, notes))
