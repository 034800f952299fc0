"""papergraph: research-paper notes in, a linked-data knowledge graph out."""

__version__ = "0.1.0"
