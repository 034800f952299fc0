"""The pieces of `benchmarks/suite.py`, one module per concern.

Measuring: processes (child processes: measured runs, stopping, a call in a child), build
(build, store and export), stages (reasoning and analytics), servers (papergraph serve and
rdflib-endpoint), runners (one query run on each kind of system), systems (the six systems
under test), latency (sampling the stored queries, the systems taking turns), machine.
Reporting: results (what a run measured, as JSON), build_table, latency_table, report.
"""
