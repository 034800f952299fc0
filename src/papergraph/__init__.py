"""papergraph: research-paper notes in, a linked-data knowledge graph out.

From Python: `papergraph.open_graph(store)` (see `papergraph.python_api`).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["PaperGraph", "__version__", "open_graph"]


def __getattr__(name: str) -> object:
    """`open_graph` and `PaperGraph`, imported on first use: the CLI and the query workers
    import this package too, and need not load the store's libraries for it."""
    if name in ("open_graph", "PaperGraph"):
        from papergraph import python_api

        return getattr(python_api, name)
    raise AttributeError(f"module 'papergraph' has no attribute {name!r}")
