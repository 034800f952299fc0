"""The integer query parameters of the JSON API, the graph view and the lists, declared once:
the views read them with these bounds and defaults, and the OpenAPI document states the same
ones."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request

from papergraph.errors import BadRequest

__all__ = [
    "CENTRALITY_TOP",
    "GRAPH_HOPS",
    "GRAPH_TOP",
    "IntParameter",
    "NEIGHBOUR_HOPS",
    "PAGE",
    "PAGE_SIZE",
    "SEARCH_LIMIT",
]


@dataclass(frozen=True)
class IntParameter:
    """An integer query parameter: its name, default and inclusive bounds."""

    name: str
    default: int
    low: int
    high: int
    description: str

    def read(self) -> int:
        """The request's value of this parameter (the default when absent or empty).

        Raises:
            BadRequest: not an integer, or outside the bounds.
        """
        raw = request.args.get(self.name)
        if raw is None or raw == "":
            return self.default
        try:
            value = int(raw)
        except ValueError as error:
            raise BadRequest(f"{self.name} must be an integer, not {raw!r}") from error
        if not self.low <= value <= self.high:
            raise BadRequest(f"{self.name} must be between {self.low} and {self.high}")
        return value

    def schema(self) -> dict[str, object]:
        """Its JSON Schema, for the OpenAPI document."""
        return {
            "type": "integer",
            "minimum": self.low,
            "maximum": self.high,
            "default": self.default,
        }


SEARCH_LIMIT = IntParameter("limit", 10, 1, 100, "Most hits")
NEIGHBOUR_HOPS = IntParameter("hops", 1, 1, 2, "Rings of co-occurrence")
CENTRALITY_TOP = IntParameter("top", 20, 1, 1000, "How many")
GRAPH_TOP = IntParameter("top", 150, 1, 2000, "Entities drawn, by PageRank")
GRAPH_HOPS = IntParameter("hops", 1, 1, 3, "Entity-to-entity steps around the focus")
PAGE = IntParameter("page", 1, 1, 100_000, "Page number, from 1")
PAGE_SIZE = IntParameter("size", 50, 1, 1000, "Rows a page")
