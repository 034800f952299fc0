"""The views of the web service: one Flask blueprint per surface (`instance`: index and health;
`sparql`: the SPARQL 1.1 endpoint; `resource`: linked-data pages; `api`: the JSON API;
`export`: dump files; `graph`: the graph view). What they share lives one level up, in
`papergraph.web`'s `_`-modules (negotiation, URLs, parameters, describing a resource, the
query pool) and `papergraph.web.store` (the build a request reads)."""
