"""Shared fixtures: the spaCy pipeline (loaded once), the sample page and a store built from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from papergraph.build import BuildReport, build_store
from papergraph.extract import build_pipeline
from papergraph.rdf.namespaces import DEFAULT_BASE

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PAGE = REPO / "data" / "neurips2025-pretraining-notes.txt"


@pytest.fixture(scope="session")
def nlp():
    """The default extraction pipeline, built once per test session."""
    return build_pipeline()


@pytest.fixture(scope="session")
def sample_page() -> Path:
    return SAMPLE_PAGE


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, nlp) -> BuildReport:
    """A store built from the sample page (shared, read-only: tests must not write to it)."""
    store = tmp_path_factory.mktemp("sample") / "store"
    return build_store([SAMPLE_PAGE], store, base=DEFAULT_BASE, nlp=nlp)


@pytest.fixture(scope="session")
def sample_store(sample_build) -> Path:
    return sample_build.store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
