"""Read notes written as Markdown: MkDocs page sources ("mkdocs") and heading-per-paper files
("headings").

MkDocs: optional YAML front matter, a ``#`` topic heading, maybe a collection line, then titles
that are bold and/or linked lines (or linked headings, or definition-list terms), each followed
by a summary paragraph or by ``: definition`` lines (one note per definition). Headings: a ``#``
page heading, then one ``##``/``###`` heading per paper whose paragraphs, joined with a blank
line, are its one summary. Navigation lines ("Top topics: ...", "Related" link lists) are
skipped, as are paragraphs before the first title of a section (the page's introduction).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from papergraph.read.common import (
    MAX_MARKUP_CHARS,
    Block,
    Parsed,
    RawNote,
    RawProblem,
    build_note,
    describe,
    join_lines,
    normalise_topic,
    normalise_venue,
    parse_collection,
)
from papergraph.read.inline import strip_inline
from papergraph.read.mdblocks import MdBlock, markdown_blocks, remove_comments
from papergraph.read.pairing import pair

__all__ = ["looks_like_markdown", "parse_markdown"]

logger = logging.getLogger(__name__)

_SIGNAL = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]+\S|(?:\*\*|__)\S|\*{0,2}\[[^\]\n]{1,300}\]\(|:[ \t]+\S|!!! )"
    r"|<!--|\n[ \t]{0,3}={3,}[ \t]*$",
    re.MULTILINE,
)
_NAV = re.compile(
    r"(?:top topics|related(?: (?:papers|topics|notes|venues|work))?"
    r"|same area(?: in other venues)?|other venues|see also|tags|topics|categories"
    r"|navigation|back to (?:the )?(?:top|index|home|overview|contents)|home|index"
    r"|previous|next|more notes)\b\s*[:：]?",
    re.IGNORECASE,
)
_LINK = re.compile(r"!?\[[^\[\]\n]{0,300}\]\([^()\n]{0,2000}\)")
_TAIL_LINKS = re.compile(r"(?:\s*[·•|,–—-]?\s*\[[^\[\]]{1,100}\]\([^()\s]{1,2000}\))+\s*$")
_ATTR_LIST = re.compile(r"\s*\{\s*[:#.][^{}]{0,200}\}\s*$")
_YAML_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")
_SHORT = 2_000  # only lines this short are checked for title, navigation or collection form


@dataclass(frozen=True)
class _Unit:
    """A classified block: "title", "content", "section", "collection", "nav" (a line of
    navigation links) or "navhead" (a navigation label whose links follow)."""

    kind: str
    block: Block
    level: int = 0  # heading level, 0 for paragraphs
    linked: bool = False  # a heading whose text is a link


def looks_like_markdown(text: str) -> bool:
    """Whether `text` has Markdown structure (front matter, headings, bold or linked lines...)."""
    return bool(_SIGNAL.search(text)) or _front_matter(text.split("\n", 500)[:500])[1] > 0


def parse_markdown(text: str) -> Parsed:
    """Parse MkDocs or heading-per-paper Markdown; the format is chosen by the title form."""
    text, problems = remove_comments(text)
    lines = text.split("\n")
    meta, start, meta_problems = _front_matter(lines)
    blocks = markdown_blocks(lines[start:], start + 1)
    strong = any(_is_strong_title(block) for block in blocks)
    parsed = Parsed("mkdocs", problems=problems + meta_problems)
    units = _classify(blocks, parsed, plain_heading_titles=not strong)
    heading_titles = [unit for unit in units if unit.kind == "title" and unit.level]
    linked = any(unit.linked for unit in heading_titles)
    if heading_titles and not (strong or linked or start):
        parsed.format = "headings"
    parsed.topic = normalise_topic(meta.get("topic") or meta.get("category")) or parsed.topic
    parsed.topic = parsed.topic or normalise_topic(meta.get("title"))
    parsed.venue = normalise_venue(meta.get("venue") or meta.get("conference")) or parsed.venue
    _assemble(units, parsed, quiet=parsed.format == "headings")
    parsed.problems.sort(key=lambda problem: problem.line or 0)
    return parsed


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int, list[RawProblem]]:
    """YAML front matter's top-level scalars, and the number of lines it takes."""
    if not lines or lines[0].strip() != "---":
        return {}, 0, []
    for end in range(1, min(len(lines), 500)):
        if lines[end].strip() in ("---", "..."):
            meta: dict[str, str] = {}
            for line in lines[1:end]:
                if match := _YAML_KEY.fullmatch(line.rstrip()):
                    value = match.group(2).strip()
                    if value[:1] in "\"'" and value.endswith(value[:1]) and len(value) > 1:
                        value = value[1:-1]
                    elif " #" in value:
                        value = value.split(" #", 1)[0].strip()
                    meta.setdefault(match.group(1).lower(), value)
            return meta, end + 1, []
    return {}, 0, [RawProblem(1, "front matter is never closed with '---'", "warning")]


def _classify(blocks: list[MdBlock], parsed: Parsed, *, plain_heading_titles: bool) -> list[_Unit]:
    levels = [block.level for block in blocks if block.kind == "heading"]
    h1_titles = levels.count(1) > 1 and max(levels) == 1  # "# Title" per paper, no page heading
    units: list[_Unit] = []
    for block in blocks:
        raw = "\n\n".join(join_lines(para) for para in block.paras)
        if block.kind == "heading":
            raw = _ATTR_LIST.sub("", raw)
        text = _plain(raw)
        item = Block(block.line, text, len(text) if text or not raw else len(raw), _lines(block))
        short = len(raw) <= _SHORT
        if short and block.kind in ("heading", "para") and (found := parse_collection(text)):
            if parsed.claimed_count is None:
                parsed.venue, parsed.claimed_count = found.venue, found.count
                parsed.claimed_line = block.line
            units.append(_Unit("collection", item))
        elif short and block.kind != "def" and (nav := _nav_kind(raw, text, block)):
            units.append(_Unit(nav, item, block.level))
        elif block.kind == "heading":
            if block.level == 1 and not h1_titles:
                parsed.topic = parsed.topic or normalise_topic(text)
                units.append(_Unit("section", item, 1))
            elif plain_heading_titles or _title_form(raw):
                units.append(_Unit("title", item, block.level, _title_form(raw) is not None))
            else:
                units.append(_Unit("section", item, block.level))
        elif block.kind == "term" or (short and _is_strong_title(block)):
            title = _plain(_title_core(raw))
            size = len(title) or len(raw)
            units.append(_Unit("title", Block(item.line, title, size, 1, "title")))
        else:
            kind = "def" if block.kind == "def" else "para"
            units.append(_Unit("content", Block(item.line, text, item.size, item.lines, kind)))
    return units


def _lines(block: MdBlock) -> int:
    return sum(len(para) for para in block.paras)


def _plain(raw: str) -> str:
    """Markup-free text of `raw` (paragraphs separated by blank lines); "" when too long."""
    if len(raw) > MAX_MARKUP_CHARS:
        return ""
    return "\n\n".join(strip_inline(para) for para in raw.split("\n\n"))


def _is_strong_title(block: MdBlock) -> bool:
    if block.kind == "term":
        return True
    if block.kind != "para" or len(block.paras[0]) != 1 or len(block.paras[0][0]) > _SHORT:
        return False
    return _title_form(block.paras[0][0]) == "bold"


def _title_core(line: str) -> str:
    """A title line without its attribute list and trailing links ("· [code](url)")."""
    text = _ATTR_LIST.sub("", line.strip())
    if text.startswith(("**", "__")) and not text.endswith(("**", "__")):
        text = _TAIL_LINKS.sub("", text)
    return text


def _title_form(line: str) -> str | None:
    """ "bold" for ``**Title**``, ``**[Title](url)**``, ``[**Title**](url)`` (links to the paper
    or code may follow), "link" for ``[Title](url)``, else None."""
    text = _title_core(line)
    for mark in ("**", "__"):
        if len(text) > 4 and text.startswith(mark) and text.endswith(mark):
            return "bold" if mark not in text[2:-2] else None
    if text.startswith("[") and text.endswith(")"):
        middle = text.find("](")
        inner = text[1:middle]
        if middle > 1 and text.find("](", middle + 2) < 0 and not ("[" in inner or "]" in inner):
            return "bold" if _title_form(inner) == "bold" else "link"
    return None


def _nav_kind(raw: str, text: str, block: MdBlock) -> str | None:
    """ "navhead" for a navigation label ("Related", "**Top topics**"), "nav" for a line of
    navigation links ("Top topics: [a](x) · [b](y)"), None for anything else."""
    label = _NAV.match(text)
    if label and label.end() == len(text.rstrip()):
        return "navhead"
    if block.kind != "para" or _title_form(raw) == "bold":
        return None
    if label and (text[label.end() - 1] in ":：" or "](" in raw):
        return "nav"
    if raw.count("](") < 2:
        return None
    outside = strip_inline(_LINK.sub(" ", raw))
    return "nav" if len(re.findall(r"\w+", outside)) <= 6 else None


def _assemble(units: list[_Unit], parsed: Parsed, *, quiet: bool) -> None:
    """Turn classified units into notes and problems (see the module docstring)."""
    run: list[Block] = []
    intro = True
    i = 0
    while i < len(units):
        unit = units[i]
        if unit.kind in ("section", "collection", "nav", "navhead"):
            _flush(run, parsed, intro=intro, quiet=quiet)
            run, intro = [], True
            i += 1
            if unit.kind == "navhead":  # skip its links, up to the next title or heading
                while i < len(units) and units[i].kind == "content":
                    i += 1
            continue
        if unit.kind == "content":
            run.append(unit.block)
            i += 1
            continue
        _flush(run, parsed, intro=intro, quiet=quiet)
        run, intro = [], False
        j = i + 1
        while j < len(units) and units[j].kind == "content":
            j += 1
        content = [u.block for u in units[i + 1 : j]]
        if not content:
            deeper = j < len(units) and units[j].level > unit.level > 0
            if deeper:  # a heading over headings: a section, not a paper
                intro = True
            else:
                parsed.problems.append(
                    RawProblem(
                        unit.block.line, f"title {describe(unit.block)} has no summary; skipped"
                    )
                )
        elif unit.level:  # a heading's paragraphs are one summary
            _add(parsed, unit.block, content)
        else:
            defs = 0
            while defs < len(content) and content[defs].kind == "def":
                _add(parsed, unit.block, [content[defs]])
                defs += 1
            if not defs:
                _add(parsed, unit.block, content[:1])
            run = content[max(defs, 1) :]
        i = j
    _flush(run, parsed, intro=intro, quiet=quiet)


def _flush(run: list[Block], parsed: Parsed, *, intro: bool, quiet: bool) -> None:
    """Paragraphs outside a titled note: plain title/summary pairs, an introduction, or lost."""
    if not run:
        return
    if quiet:
        logger.debug("ignoring %d paragraph(s) outside any note at line %d", len(run), run[0].line)
        return
    pairs, problems = pair(run, intro_ok=intro)
    if intro and not pairs:
        logger.debug("ignoring introduction at line %d", run[0].line)
        return
    for title, summary in pairs:
        _add(parsed, title, [summary])
    parsed.problems.extend(problems)


def _add(parsed: Parsed, title: Block, summary: list[Block]) -> None:
    result = build_note(title, summary)
    if isinstance(result, RawNote):
        parsed.notes.append(result)
    else:
        parsed.problems.append(result)
