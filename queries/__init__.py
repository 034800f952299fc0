"""The canned SPARQL queries, shipped in the package as `papergraph.stored_queries` (data only)."""
