"""Issue 13: a damaged store gives one line, not a traceback, and leaves nothing behind; a build
stopped by SIGTERM or Ctrl-C removes its unfinished build and says so in one line; one killed
with SIGKILL leaves its build to the next writer, which removes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from _waits import wait_for_moment
from papergraph.build import build_store
from papergraph.load import load_file
from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.store import write_build
from test_build import _big_page

TRIPLE = "<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n"


def _store_with_one_build(tmp_path: Path) -> tuple[Path, Path]:
    store = tmp_path / "store"
    build = write_build(store, TRIPLE.encode())
    return store, build


def _nt_file(tmp_path: Path) -> Path:
    path = tmp_path / "more.nt"
    path.write_text("<http://ex.org/d> <http://ex.org/e> <http://ex.org/f> .\n", encoding="utf-8")
    return path


def _assert_one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    for needle in needles:
        assert needle in result.output


def _leftovers(store: Path) -> list[str]:
    return sorted(name for name in os.listdir(store) if name.startswith(".current."))


@pytest.fixture
def store_pointing_at_no_build(tmp_path):
    store, build = _store_with_one_build(tmp_path)
    (store / "builds" / "notabuild").mkdir()
    (store / "builds" / "notabuild" / "notes.txt").write_text("not a database", encoding="utf-8")
    (store / "current").unlink()
    (store / "current").symlink_to("builds/notabuild")
    return store


@pytest.mark.parametrize(
    "command",
    [
        ["load", "{nt}"],
        ["query", "ASK {}"],
        ["export", "--format", "turtle"],
        ["centrality"],
        ["serve", "--get", "/"],
    ],
)
def test_current_naming_a_directory_that_is_no_build_is_one_line(
    runner, store_pointing_at_no_build, tmp_path, command
):
    from papergraph.cli import cli

    store = store_pointing_at_no_build
    builds_before = sorted(os.listdir(store / "builds"))
    nt = str(_nt_file(tmp_path))
    args = [nt if part == "{nt}" else part for part in command]
    result = runner.invoke(cli, [*args, "--store", str(store)])
    _assert_one_line_error(result, "notabuild")
    assert sorted(os.listdir(store / "builds")) == builds_before
    assert _leftovers(store) == []


@pytest.fixture
def store_with_a_real_current_directory(tmp_path):
    store, build = _store_with_one_build(tmp_path)
    (store / "current").unlink()
    (store / "current").mkdir()
    return store, build


def test_a_real_directory_as_current_refuses_a_build_before_it_starts(
    runner, store_with_a_real_current_directory, tmp_path, sample_page
):
    from papergraph.cli import cli

    store, build = store_with_a_real_current_directory
    result = runner.invoke(cli, ["build", str(sample_page), "--store", str(store)])
    _assert_one_line_error(result, "current is a directory")
    assert sorted(os.listdir(store / "builds")) == [build.name]
    assert not (store / "extractions").exists() or os.listdir(store / "extractions") == []
    assert _leftovers(store) == []
    assert (store / "current").is_dir() and not (store / "current").is_symlink()


@pytest.mark.parametrize("command", [["load", "{nt}"], ["query", "ASK {}"]])
def test_a_real_directory_as_current_is_one_line_for_other_commands(
    runner, store_with_a_real_current_directory, tmp_path, command
):
    from papergraph.cli import cli

    store, build = store_with_a_real_current_directory
    nt = str(_nt_file(tmp_path))
    args = [nt if part == "{nt}" else part for part in command]
    result = runner.invoke(cli, [*args, "--store", str(store)])
    _assert_one_line_error(result, "current is a directory")
    assert sorted(os.listdir(store / "builds")) == [build.name]
    assert _leftovers(store) == []


def _start_build(page: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "papergraph", "build", str(page), "--store", str(store)]
        + ["--no-validate"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_build_removes_its_unfinished_build(tmp_path, sample_page, stop):
    store, served = _store_with_one_build(tmp_path)
    big = _big_page(sample_page, tmp_path / "big.txt", copies=40)
    process = _start_build(big, store)
    wait_for_moment(process, store, "while extracting")
    assert process.poll() is None, "the build ended before it could be stopped"
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + stop
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert f"stopped by {signal.Signals(stop).name}" in stderr
    assert "unfinished build was removed" in stderr
    assert os.listdir(store / "builds") == [served.name]
    assert not (store / "extractions").exists() or os.listdir(store / "extractions") == []
    assert (store / "current").resolve() == served.resolve()
    assert _leftovers(store) == []


@pytest.mark.slow
def test_a_build_killed_with_sigkill_is_removed_by_the_next_writer(tmp_path, sample_page):
    store, served = _store_with_one_build(tmp_path)
    big = _big_page(sample_page, tmp_path / "big.txt", copies=40)
    process = _start_build(big, store)
    wait_for_moment(process, store, "while extracting")
    process.kill()
    process.wait()
    assert len(os.listdir(store / "builds")) == 2  # SIGKILL cannot clean up
    report = load_file(store, _nt_file(tmp_path))
    assert report.triples == 1
    builds = os.listdir(store / "builds")
    assert len(builds) == 2 and served.name in builds  # the new build and the one it copied
    assert (store / "current").resolve().name in builds


def test_a_build_replaces_a_current_that_names_no_build(
    store_pointing_at_no_build, sample_page, nlp
):
    store = store_pointing_at_no_build
    report = build_store([sample_page], store, base=DEFAULT_BASE, nlp=nlp, validate=False)
    assert (store / "current").resolve() == report.build.resolve()
    assert report.triples > 0 and _leftovers(store) == []
