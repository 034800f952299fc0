"""Read notes as JSON Lines: one ``{"title", "summary", "venue"?, "topic"?}`` object a line."""

from __future__ import annotations

import json
import re

from papergraph.read.common import (
    Block,
    Parsed,
    RawNote,
    RawProblem,
    build_note,
    join_lines,
    normalise_topic,
    normalise_venue,
    paragraphs,
)

__all__ = ["parse_jsonl"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def parse_jsonl(lines: list[str]) -> Parsed:
    """One note per object line; a bad line is a problem naming it, the others are still read.

    The page's venue and topic are the ones every note agrees on, if any.
    """
    parsed = Parsed("jsonl")
    for number, line in enumerate(lines, 1):
        if line.strip():
            result = _read_line(line, number)
            (parsed.notes if isinstance(result, RawNote) else parsed.problems).append(result)
    venues = {note.venue for note in parsed.notes}
    topics = {note.topic for note in parsed.notes}
    parsed.venue = venues.pop() if len(venues) == 1 else None
    parsed.topic = topics.pop() if len(topics) == 1 else None
    return parsed


def _read_line(line: str, number: int) -> RawNote | RawProblem:
    try:
        record = json.loads(line)
    except RecursionError:
        return RawProblem(number, "not valid JSON: nested too deeply; line skipped")
    except ValueError as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        return RawProblem(number, f"not valid JSON ({reason}); line skipped")
    if not isinstance(record, dict):
        return RawProblem(number, f"expected a JSON object, got {_kind(record)}; line skipped")
    for key, required in (("title", True), ("summary", True), ("venue", False), ("topic", False)):
        value = record.get(key)
        if value is None and required:
            return RawProblem(number, f'missing "{key}"; line skipped')
        if value is not None and not isinstance(value, str):
            return RawProblem(number, f'"{key}" must be a string, got {_kind(value)}; line skipped')
    title = join_lines(_clean(record["title"]))
    summary = "\n\n".join(join_lines(para) for _, para in paragraphs(_clean(record["summary"])))
    result = build_note(
        Block(number, title, len(title)),
        [Block(number, summary, len(summary))],
        venue=normalise_venue(record.get("venue")),
        topic=normalise_topic(record.get("topic")),
    )
    if isinstance(result, RawProblem):
        return RawProblem(number, result.message.replace("note skipped", "line skipped"))
    return result


def _clean(text: str) -> list[str]:
    """Lines of a JSON string, with line endings normalised and control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).split("\n")


def _kind(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names |= {list: "an array", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)
