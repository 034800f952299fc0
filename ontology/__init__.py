"""The papergraph ontology files, shipped in the package as `papergraph.ontology` (data only)."""
