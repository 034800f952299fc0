"""Counts about the served build: the index page, `/-/health` and the SPARQL service
description (VoID statistics) share them. They are read from the statistics the build recorded
(`store.statistics`, a few lookups), or counted once per build when it has none."""

from __future__ import annotations

from papergraph.store.statistics import Statistics, count_statistics, read_statistics
from papergraph.web.store import ServedBuild

__all__ = ["build_statistics", "class_counts", "graph_counts", "triple_count"]


def build_statistics(build: ServedBuild) -> Statistics:
    """The statistics of `build`: recorded by the build, else counted (and remembered)."""

    def compute() -> Statistics:
        recorded = read_statistics(build.dataset)
        return recorded if recorded is not None else count_statistics(build.dataset)

    return build.memo("statistics", compute)


def triple_count(build: ServedBuild) -> int:
    """Triples in the union of the graphs (a triple stored in two graphs counts twice)."""
    return build_statistics(build).triples


def graph_counts(build: ServedBuild) -> dict[str, int]:
    """Triples per named graph, by graph IRI."""
    return build_statistics(build).graphs


def class_counts(build: ServedBuild) -> dict[str, int]:
    """Resources per papergraph class (Paper, Note, Collection and the entity types)."""
    return build_statistics(build).classes
