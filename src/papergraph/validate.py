"""Validate a graph against the SHACL shapes of ontology/shapes.ttl, with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

from papergraph.rdf.ontology import ontology_file
from papergraph.results import short_term

__all__ = ["ValidationReport", "Violation", "load_shapes", "validate_graph"]


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    shape: str

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        return f"{self.severity}: {where}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def format_text(self) -> str:
        if self.conforms:
            return "conforms: the graph satisfies every shape"
        lines = [f"{len(self.violations)} problem(s):"]
        lines += [f"  {violation}" for violation in self.violations]
        return "\n".join(lines)


def load_shapes() -> Graph:
    """The papergraph SHACL shapes."""
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def _text(report: Graph, result: Node, predicate: Node) -> str:
    value = report.value(result, predicate)
    return short_term(value) if value is not None else ""


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Check `data` (asserted and inferred triples) against the shapes."""
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(), inference="none"
    )
    violations = [
        Violation(
            focus=_text(report, result, SH.focusNode),
            path=_text(report, result, SH.resultPath),
            message=_text(report, result, SH.resultMessage),
            severity=_text(report, result, SH.resultSeverity)
            .rsplit("#", 1)[-1]
            .removeprefix("sh:"),
            shape=_text(report, result, SH.sourceShape),
        )
        for result in report.subjects(SH.resultSeverity)
    ]
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), violations)
