"""Validate a graph against the SHACL shapes of ontology/shapes.ttl, with pyshacl.

One constraint is checked in Python instead of by pyshacl: the SPARQL constraint
`pgsh:AnnotationEndWithinSource` (an annotation's oa:end lies within its source's text).
pyshacl runs a SPARQL query per annotation for it, which took 10 of the 13 seconds of
validating the sample graph; `_check_offsets` applies the same rule in one pass, and also
checks that the quoted text (oa:exact) is the source's text at [oa:start, oa:end).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from papergraph.rdf.namespaces import DCTERMS, OA, PG, RDF
from papergraph.rdf.ontology import ontology_file
from papergraph.results import short_term

__all__ = ["ValidationReport", "Violation", "load_shapes", "validate_graph"]

_OFFSETS_SHAPE = URIRef("https://w3id.org/papergraph/shapes#AnnotationEndWithinSource")


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
    """The papergraph SHACL shapes, as they are in ontology/shapes.ttl."""
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def _without_python_checked(shapes: Graph) -> Graph:
    pruned = Graph()
    pruned += shapes
    pruned.remove((None, SH.sparql, _OFFSETS_SHAPE))
    return pruned


def _check_offsets(data: Graph) -> list[Violation]:
    """Every annotation's selectors against its source's text (module docstring)."""
    violations = []
    for annotation in data.subjects(RDF.type, OA.Annotation):
        for target in data.objects(annotation, OA.hasTarget):
            source = data.value(target, OA.hasSource)
            text = data.value(source, PG.summary) or data.value(source, DCTERMS.title)
            if text is None:
                continue
            start = end = exact = None
            for selector in data.objects(target, OA.hasSelector):
                start = data.value(selector, OA.start, default=start)
                end = data.value(selector, OA.end, default=end)
                exact = data.value(selector, OA.exact, default=exact)
            problem = None
            if end is not None and int(end) > len(text):
                problem = f"oa:end {int(end)} lies beyond the source text ({len(text)} characters)."
            elif None not in (start, end, exact) and str(text)[int(start) : int(end)] != str(exact):
                problem = (
                    f"oa:exact {str(exact)!r} is not the source text at [{int(start)}, {int(end)})."
                )
            if problem:
                violations.append(
                    Violation(
                        short_term(annotation),
                        "oa:hasTarget",
                        problem,
                        "Violation",
                        short_term(_OFFSETS_SHAPE),
                    )
                )
    return violations


def _text(report: Graph, result: Node, predicate: Node) -> str:
    value = report.value(result, predicate)
    return short_term(value) if value is not None else ""


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Check `data` (asserted and inferred triples) against the shapes."""
    shapes = _without_python_checked(shapes if shapes is not None else load_shapes())
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
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
    violations += _check_offsets(data)
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(not violations, violations)
