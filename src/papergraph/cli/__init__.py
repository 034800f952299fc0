"""The `papergraph` command line: parses options, calls the library, prints results.

`base` holds the command group and the options its commands share; the commands live in
`write` (build, load), `ask` (export, query, queries, validate, neighbours, centrality, eval,
view) and `serve`.
"""

from __future__ import annotations

from papergraph.cli import ask, serve, write  # the modules register their commands on `cli`
from papergraph.cli.base import cli

__all__ = ["ask", "cli", "main", "serve", "write"]


def main() -> None:
    """Entry point of the `papergraph` console script."""
    cli(auto_envvar_prefix="PAPERGRAPH")
