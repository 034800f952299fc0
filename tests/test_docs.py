"""The README documents every command and every setting (as datasette's test_docs does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.cli import cli
from papergraph.settings import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented(name):
    assert f"`papergraph {name}" in README, f"README does not document `papergraph {name}`"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_every_setting_is_documented(setting):
    assert setting.option in README, f"README does not mention {setting.option}"
    assert setting.help


def test_readme_names_both_setup_commands():
    assert "papergraph build data/neurips2025-pretraining-notes.txt && papergraph serve" in README
    assert "bash .ci/run" in README
