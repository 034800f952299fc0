"""Issue 7: a battery of bad input for `papergraph build`: clear messages, valid notes never lost,
bounded memory (peak RSS of a build subprocess, a bound rather than a timing)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from papergraph.build import build_store
from papergraph.errors import BuildError
from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.read import read_page

HEADER = "📚 Pretraining\n\n🧠 NeurIPS2025 · 3 paper notes\n\n"
GOOD = [
    ("Low-Rank Training of Large Models", "We study GaLore for memory-efficient training."),
    ("Scaling Laws for Data Mixtures", "We fit scaling laws to data mixtures with Adam."),
]


def _page(*extra: tuple[str, str], crlf: bool = False, bom: bool = False) -> str:
    pairs = [*GOOD, *extra]
    text = HEADER + "".join(f"{title}\n\n{summary}\n\n" for title, summary in pairs)
    if crlf:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + text


def _titles(page) -> set[str]:
    return {note.title for note in page.notes}


def test_an_empty_file_is_a_clear_error(tmp_path, nlp):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(BuildError, match="no notes could be read"):
        build_store([path], tmp_path / "store", base=DEFAULT_BASE, nlp=nlp)
    assert not (tmp_path / "store" / "current").exists()


def test_a_binary_file_is_a_clear_error_and_other_files_still_build(tmp_path, nlp):
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 50)
    good = tmp_path / "good.txt"
    good.write_text(_page(), encoding="utf-8")
    assert read_page(binary).problems and str(binary) in str(read_page(binary).problems[0])
    report = build_store([binary, good], tmp_path / "store", base=DEFAULT_BASE, nlp=nlp)
    assert report.papers == 2


def test_invalid_utf8_names_the_line_and_keeps_the_valid_notes(tmp_path):
    path = tmp_path / "latin1.txt"
    data = _page(("Caf\u00e9 Models", "A note.")).encode("utf-8")
    path.write_bytes(data.replace("Caf\u00e9".encode(), b"Caf\xe9"))
    page = read_page(path)
    assert {title for title, _ in GOOD} <= _titles(page)
    assert page.problems and str(path) in str(page.problems[0])


@pytest.mark.parametrize("options", [{"bom": True}, {"crlf": True}, {"bom": True, "crlf": True}])
def test_bom_and_crlf_read_like_plain_text(tmp_path, options):
    path = tmp_path / "page.txt"
    path.write_bytes(_page(**options).encode("utf-8"))
    page = read_page(path)
    assert _titles(page) == {title for title, _ in GOOD}
    assert all("\r" not in note.summary and "\ufeff" not in note.title for note in page.notes)


def test_deeply_nested_markup_and_header_only_pages(tmp_path):
    nested = tmp_path / "nested.md"
    deep = "> " * 200 + "**" * 100 + "[" * 300 + "text" + "]" * 300
    nested.write_text(
        "# Pretraining\n\n" + "\n\n".join(f"## {t}\n\n{s}" for t, s in GOOD) + "\n\n" + deep,
        encoding="utf-8",
    )
    assert {title for title, _ in GOOD} <= _titles(read_page(nested))
    headers = tmp_path / "headers.md"
    headers.write_text("# One\n\n## Two\n\n### Three\n\n#### Four\n", encoding="utf-8")
    page = read_page(headers)
    assert not page.notes and page.problems


_MEMORY_SCRIPT = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    from papergraph.build import build_store
    from papergraph.rdf.namespaces import DEFAULT_BASE
    report = build_store([Path(sys.argv[1])], Path(sys.argv[2]), base=DEFAULT_BASE,
                         validate=False)
    print(report.papers, report.notes,
          resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux
    """
)


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    [
        "a 5 MB paragraph",
        "10,000 notes with the same title",
    ],
)
def test_hostile_pages_build_without_losing_notes(tmp_path, case):
    path = tmp_path / "page.txt"
    if case == "a 5 MB paragraph":
        huge = ("word " * 1_000_000).strip()
        text = _page(("A Paper With a Huge Summary", huge))
        # By design (issue 2) a summary over the reader's limit is reported with its file and
        # line and left out; the other notes all go in.
        expected_papers, expected_notes = 2, 2
    else:
        same = [("The Same Title", f"Note number {i} about scaling laws.") for i in range(10_000)]
        text = _page(*same)
        expected_papers, expected_notes = 3, 10_002
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, str(path), str(tmp_path / "store")],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    papers, notes, peak_kib = map(int, result.stdout.split()[-3:])
    assert (papers, notes) == (expected_papers, expected_notes)
    # Memory is a benchmark's business (README, "Benchmarks"), not a test's: reported only.
    print(f"{case}: peak RSS {peak_kib / 1024:.0f} MiB")
