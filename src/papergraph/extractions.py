"""Saved extractions: what the spaCy pipeline found in each note of a build.

`papergraph build --add FILES` links the saved extractions of the current build together with
those of the new notes, so only the new notes go through spaCy. The file is gzipped
JSON Lines: a header line naming the pipeline that made it, then one line per note. It is
data, never code (no pickle), and it is only trusted for the pipeline that wrote it: another
papergraph version or pipeline config means the notes are extracted again.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

from papergraph import __version__
from papergraph.extract import Mention, NoteExtraction, QuantityMention
from papergraph.read import Note

__all__ = ["load_extractions", "pipeline_fingerprint", "save_extractions"]

logger = logging.getLogger(__name__)

_FORMAT = 14


def pipeline_fingerprint(nlp: Language) -> str:
    """What identifies the extractions a pipeline makes: papergraph's version and its config."""
    text = f"{_FORMAT}\n{__version__}\n{nlp.config.to_str()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _record(extraction: NoteExtraction) -> dict[str, object]:
    record = dataclasses.asdict(extraction)
    record["note"]["source"] = str(extraction.note.source)
    return record


def _extraction(record: dict) -> NoteExtraction:
    note = Note(**{**record["note"], "source": Path(record["note"]["source"])})
    return NoteExtraction(
        note,
        [Mention(**mention) for mention in record["mentions"]],
        [QuantityMention(**quantity) for quantity in record["quantities"]],
    )


def save_extractions(
    path: Path, extractions: Iterable[NoteExtraction], *, fingerprint: str
) -> None:
    """Write `extractions` to `path` (atomically: a reader sees the old file or the new one)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    with gzip.open(partial, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"papergraph": __version__, "pipeline": fingerprint}) + "\n")
        for extraction in extractions:
            out.write(json.dumps(_record(extraction), ensure_ascii=False) + "\n")
    os.replace(partial, path)


def load_extractions(path: Path, *, fingerprint: str) -> list[NoteExtraction] | None:
    """The extractions saved at `path`, or None when there are none for this pipeline."""
    if not path.is_file():
        return None
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            header = json.loads(next(lines))
            if header.get("pipeline") != fingerprint:
                logger.info("saved extractions %s come from another pipeline; not used", path)
                return None
            return [_extraction(json.loads(line)) for line in lines]
    except (OSError, EOFError, StopIteration, ValueError, TypeError, KeyError) as error:
        logger.warning("saved extractions %s are unreadable (%s); not used", path, error)
        return None
