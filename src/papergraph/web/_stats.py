"""Counts about the served build, computed once per build: the index page, `/-/health` and the
SPARQL service description (VoID statistics) share them."""

from __future__ import annotations

from papergraph.web.store import ServedBuild

__all__ = ["class_counts", "graph_counts", "triple_count"]

_CLASSES = ("Paper", "Note", "Collection", "Method", "Model", "Dataset", "Metric", "Concept")


def triple_count(build: ServedBuild) -> int:
    """Triples in the union of the graphs (a triple stored in two graphs counts twice).

    Counted by the store (`len(dataset)` would bring every triple into Python: 18 GB at
    30 M triples)."""

    def compute() -> int:
        rows = build.dataset.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        # Read to the end: a result dropped half-read on another thread makes Oxigraph complain.
        (count,) = [int(row[0]) for row in rows]
        return count

    return build.memo("triple_count", compute)


def graph_counts(build: ServedBuild) -> dict[str, int]:
    """Triples per named graph, by graph IRI."""

    def compute() -> dict[str, int]:
        rows = build.dataset.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        )
        return {str(row.g): int(row.n) for row in rows}

    return build.memo("graph_counts", compute)


def class_counts(build: ServedBuild) -> dict[str, int]:
    """Resources per papergraph class (Paper, Note, Collection and the entity types)."""

    def compute() -> dict[str, int]:
        values = " ".join(f"pg:{name}" for name in _CLASSES)
        rows = build.dataset.query(
            f"SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?type {{ {values} }} "
            "?s a ?type } GROUP BY ?type"
        )
        found = {str(row.type).rsplit("#", 1)[-1]: int(row.n) for row in rows}
        return {name: found.get(name, 0) for name in _CLASSES}

    return build.memo("class_counts", compute)
