"""Read notes pages (copied web page, MkDocs Markdown, heading-per-paper Markdown, JSON Lines).

This module is the package's face: it detects the format and turns what a reader found into
`Note`s and `ReadProblem`s. The readers: `page` (a page copied from a web browser), `markdown`
(Markdown: MkDocs sources and heading-per-paper pages; with `mdblocks`, its block scanner, and
`inline`, which strips inline markup), `jsonl` (JSON Lines); `pairing` pairs titles with
summaries, `common` holds what they share.

CONTRACT (fixed; other stages depend on it):

- `read_page(path) -> NotesPage` never raises for bad content: every problem becomes a
  `ReadProblem` (file, line, message) and the good notes are still returned. It raises
  `ReadError` only when the file cannot be opened at all.
- `Note.summary` and `Note.title` are the text with markup removed; offsets computed by later
  stages refer to these strings.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from papergraph.errors import ReadError
from papergraph.read.common import Parsed
from papergraph.read.jsonl import parse_jsonl
from papergraph.read.markdown import looks_like_markdown, parse_markdown
from papergraph.read.page import parse_page

__all__ = ["Note", "NotesPage", "ReadProblem", "read_page", "read_text"]


@dataclass(frozen=True, slots=True)
class Note:
    """One note: a paper title and one summary paragraph, with where it came from."""

    title: str
    summary: str
    source: Path
    line: int  # 1-based line of the title in the source file
    venue: str | None = None  # normalised: "NeurIPS 2025"
    topic: str | None = None  # without emoji: "Pretraining"


@dataclass(frozen=True)
class ReadProblem:
    """Something in a notes file that could not be read as a note."""

    path: Path
    line: int | None
    message: str
    severity: str = "error"  # "error" (a note or the file was lost) or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class NotesPage:
    """Everything read from one file."""

    path: Path
    format: str  # "page" | "mkdocs" | "headings" | "jsonl"
    venue: str | None = None
    topic: str | None = None
    claimed_count: int | None = None  # the "N paper notes" claim, if the page makes one
    notes: list[Note] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)


logger = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # C0 controls but tab and line feed
_NON_TEXT = re.compile("[\x00-\x08\x0e-\x1f\ufffd\ud800-\udfff]")
_BINARY_SAMPLE = 8_192  # characters looked at to tell text from binary
_BINARY_SHARE = 0.3  # more non-text characters than this in the sample: binary
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_EXPECTED = (
    "a copied notes page (topic line, 'N paper notes' line, then title and summary "
    "paragraphs), MkDocs Markdown, one-heading-per-paper Markdown, or JSON Lines with "
    '"title" and "summary"'
)


def read_page(path: Path) -> NotesPage:
    """Read one notes file, whatever its format (recognised by content, not by name).

    Bad content never raises: it becomes `ReadProblem`s and the readable notes are still
    returned. Bytes that are not UTF-8 are reported once (line and byte offset of the first
    one); they decode as replacement characters, and each note containing one is skipped
    with its own problem, so every note returned is exactly what the file says.

    Raises:
        ReadError: the file cannot be opened (missing, a directory, no permission).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, None, f"cannot open: {exc.strerror or exc}") from exc
    if data.startswith(_UTF16_BOMS):
        message = "binary file, not a notes page (UTF-16 text? save it as UTF-8)"
        return NotesPage(path, "page", problems=[ReadProblem(path, None, message)])
    try:
        text, bad = data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        # surrogateescape keeps undecodable bytes recognisable (a real U+FFFD in the file is
        # valid text and must survive); notes holding them are dropped in `build_note`.
        text = data.decode("utf-8", "surrogateescape")
        bad = _decode_problem(path, data, exc.start)
    return _read(text, path, bad)


def read_text(text: str, path: Path) -> NotesPage:
    """Read notes from `text` as if it were the content of the file at `path` (not opened)."""
    return _read(text, Path(path), None)


def _decode_problem(path: Path, data: bytes, offset: int) -> ReadProblem:
    before = data[:offset]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    message = (
        f"not valid UTF-8: byte 0x{data[offset]:02X} at byte offset {offset} (line {line}); "
        "notes containing undecodable bytes are skipped"
    )
    return ReadProblem(path, line, message)


def _read(text: str, path: Path, decode_problem: ReadProblem | None) -> NotesPage:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return NotesPage(path, "page", problems=[ReadProblem(path, None, "empty file")])
    if _looks_binary(text):
        message = "binary file, not a notes page"
        return NotesPage(path, "page", problems=[ReadProblem(path, None, message)])
    problems = [decode_problem] if decode_problem else []
    if control := _CONTROL.search(text):
        line = text.count("\n", 0, control.start()) + 1
        text, count = _CONTROL.subn("", text)
        message = f"removed {count} control character(s), the first on line {line}"
        problems.append(ReadProblem(path, line, message, "warning"))
    parsed = _parse(text)
    if parsed is None:
        problems.append(ReadProblem(path, 1, f"not a notes page: expected {_EXPECTED}"))
        return NotesPage(path, "page", problems=problems)
    page = _page(parsed, path, problems)
    logger.debug(
        "%s: %s, %d notes, %d problems", path, page.format, len(page.notes), len(page.problems)
    )
    return page


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:_BINARY_SAMPLE]
    return len(_NON_TEXT.findall(sample)) > _BINARY_SHARE * len(sample)


def _parse(text: str) -> Parsed | None:
    """Recognise the format by content and parse; None when it is no notes format."""
    lines = text.split("\n")
    first = next((line.strip() for line in lines if line.strip()), "")
    if first.startswith("{"):
        return parse_jsonl(lines)
    if looks_like_markdown(text):
        return parse_markdown(text)
    return parse_page(lines)


def _page(parsed: Parsed, path: Path, problems: list[ReadProblem]) -> NotesPage:
    notes = [
        Note(
            raw.title,
            raw.summary,
            path,
            raw.line,
            raw.venue or parsed.venue,
            raw.topic or parsed.topic,
        )
        for raw in parsed.notes
    ]
    problems += [ReadProblem(path, p.line, p.message, p.severity) for p in parsed.problems]
    if parsed.claimed_count is not None and parsed.claimed_count != len(notes):
        message = f"the page claims {parsed.claimed_count} paper notes but {len(notes)} were read"
        problems.append(ReadProblem(path, parsed.claimed_line, message, "warning"))
    if not notes and not any(problem.severity == "error" for problem in problems):
        problems.append(ReadProblem(path, None, "no notes found"))
    problems.sort(key=lambda problem: problem.line or 0)
    return NotesPage(
        path,
        parsed.format,
        venue=parsed.venue,
        topic=parsed.topic,
        claimed_count=parsed.claimed_count,
        notes=notes,
        problems=problems,
    )
