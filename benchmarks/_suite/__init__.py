"""The pieces of `benchmarks/suite.py`: one module per kind of measurement.

processes (child processes: run, sample, stop), servers (the two SPARQL servers), build (build,
store and export), stages (reasoning and analytics), workers (in-process query engines in a
killable child), latency (per-query p50/p99 over the four systems), report (targets, Markdown
and JSON).
"""
