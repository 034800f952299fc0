"""The store's switch-over: a build becomes current only when complete, the build it replaces is
kept for readers that still hold it, older ones and their saved extractions go, and a failed
build leaves what readers see untouched. Small N-Quads builds, no spaCy."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph
import pytest

from papergraph.errors import StoreError
from papergraph.store import write_build
from papergraph.store.embedded import (
    _switch_current,
    current_build,
    extractions_file,
    store_exists,
)


def _quad(n: int) -> bytes:
    return f"<http://ex.org/s{n}> <http://ex.org/p> <http://ex.org/o{n}> .\n".encode()


def _subjects(build: Path) -> set[str]:
    store = pyoxigraph.Store.read_only(str(build))
    return {quad.subject.value for quad in store}


def _builds(store: Path) -> list[str]:
    return sorted(os.listdir(store / "builds"))


def _leftover_links(store: Path) -> list[str]:
    return sorted(name for name in os.listdir(store) if name.startswith(".current."))


def test_current_names_the_newest_build_and_keeps_the_one_before(tmp_path):
    store = tmp_path / "store"
    first = write_build(store, _quad(1))
    assert current_build(store) == first
    assert os.readlink(store / "current") == f"builds/{first.name}"
    second = write_build(store, _quad(2))
    assert current_build(store) == second
    assert _builds(store) == sorted([first.name, second.name])
    assert _subjects(current_build(store)) == {"http://ex.org/s2"}
    third = write_build(store, _quad(3))
    assert _builds(store) == sorted([second.name, third.name])
    assert _leftover_links(store) == []


def test_saved_extractions_go_with_their_build(tmp_path):
    store = tmp_path / "store"
    first = write_build(store, _quad(1))
    extractions_file(store, first).write_bytes(b"first")
    second = write_build(store, _quad(2))
    extractions_file(store, second).write_bytes(b"second")
    (store / "extractions" / "unrelated.jsonl.gz").write_bytes(b"stale")
    third = write_build(store, _quad(3))
    assert sorted(os.listdir(store / "extractions")) == [f"{second.name}.jsonl.gz"]
    assert current_build(store) == third


def test_a_build_from_current_adds_to_a_copy_and_keeps_its_extractions(tmp_path):
    store = tmp_path / "store"
    first = write_build(store, _quad(1))
    extractions_file(store, first).write_bytes(b"notes")
    second = write_build(store, _quad(2), from_current=True)
    assert second != first
    assert _subjects(second) == {"http://ex.org/s1", "http://ex.org/s2"}
    assert _subjects(first) == {"http://ex.org/s1"}
    assert extractions_file(store, second).read_bytes() == b"notes"


def test_adding_to_no_store_says_to_build_first(tmp_path):
    store = tmp_path / "store"
    with pytest.raises(StoreError, match="papergraph build"):
        write_build(store, _quad(1), from_current=True)
    assert not store_exists(store)


def test_a_failed_build_leaves_the_current_one_served(tmp_path):
    store = tmp_path / "store"
    first = write_build(store, _quad(1))
    extractions_file(store, first).write_bytes(b"first")
    with pytest.raises(SyntaxError):
        write_build(store, b"this is not N-Quads\n")
    assert current_build(store) == first
    assert _builds(store) == [first.name]
    assert os.listdir(store / "extractions") == [f"{first.name}.jsonl.gz"]
    assert _leftover_links(store) == []


def test_a_leftover_link_of_this_process_does_not_stop_the_switch(tmp_path):
    store = tmp_path / "store"
    first = write_build(store, _quad(1))
    second = write_build(store, _quad(2))
    (store / f".current.{os.getpid()}").symlink_to("builds/gone")
    _switch_current(store, first)
    assert current_build(store) == first
    assert _leftover_links(store) == []
    assert second.name in _builds(store)


def test_the_link_a_killed_writer_left_does_not_stop_the_next_build(tmp_path):
    """A writer killed between making `.current.PID` and renaming it leaves the link behind;
    the next writer builds as usual and removes it."""
    store = tmp_path / "store"
    write_build(store, _quad(1))
    (store / ".current.999999999").symlink_to("builds/gone")
    second = write_build(store, _quad(2))
    assert current_build(store) == second
    assert _leftover_links(store) == []


def test_a_refused_switch_leaves_no_link_behind(tmp_path):
    store = tmp_path / "store"
    build = write_build(store, _quad(1))
    (store / "current").unlink()
    (store / "current").mkdir()
    (store / "current" / "kept").write_text("a file", encoding="utf-8")
    with pytest.raises(OSError):
        _switch_current(store, build)
    assert _leftover_links(store) == []
    assert (store / "current" / "kept").read_text(encoding="utf-8") == "a file"


def _nothing(store: Path) -> None:
    pass


def _empty_directory(store: Path) -> None:
    store.mkdir()


def _current_directory(store: Path) -> None:
    (store / "current").mkdir(parents=True)


def _current_file(store: Path) -> None:
    store.mkdir()
    (store / "current").write_text("", encoding="utf-8")


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (_nothing, "no store at"),
        (_empty_directory, "is not a papergraph store"),
        (_current_directory, "current is a directory"),
        (_current_file, "current is a file"),
    ],
)
def test_current_build_refuses_what_is_no_store(tmp_path, prepare, message):
    store = tmp_path / "store"
    prepare(store)
    with pytest.raises(StoreError, match=message):
        current_build(store)


def test_current_build_of_a_link_to_a_removed_build_says_damaged(tmp_path):
    store = tmp_path / "store"
    build = write_build(store, _quad(1))
    (store / "builds" / build.name).rename(tmp_path / "moved")
    with pytest.raises(StoreError, match=f"damaged: its current build .*{build.name} is missing"):
        current_build(store)


def test_a_stray_file_among_the_builds_does_not_fail_the_build(tmp_path):
    store = tmp_path / "store"
    write_build(store, _quad(1))
    (store / "builds" / "notes.txt").write_text("left here by hand", encoding="utf-8")
    second = write_build(store, _quad(2))
    assert current_build(store) == second
    assert _subjects(current_build(store)) == {"http://ex.org/s2"}
