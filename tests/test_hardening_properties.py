"""Issue 7: property-based tests. Any query string sent to a live /sparql gets an answer that is
not a 5xx and leaves the server healthy; any notes page goes through `read_text` and the
extraction pipeline without an exception."""

from __future__ import annotations

from pathlib import Path

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papergraph.extract import extract_notes
from papergraph.read import read_text

TOKENS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "?s", "?p", "?o",
    "*", ".", ";", ",", "a", "pg:Paper", "dcterms:title", "FILTER", "REGEX", "OPTIONAL",
    "UNION", "GRAPH", "FROM", "NAMED", "<urn:g>", "LIMIT", "10", "ORDER BY", "COUNT", "AS",
    "GROUP BY", '"x"', "'y'@en", "1.5e3", "BIND", "VALUES", "SERVICE", "\\u0053", "#", "\n",
    "PREFIX", "ex:", "<http://example.org/>", "MINUS", "NOT EXISTS", "^^", "|", "/", "+",
]  # fmt: skip
queries = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries)
def test_no_query_string_gets_a_5xx(live_server, query):
    for method in ("get", "post"):
        kwargs = {"params": {"query": query}} if method == "get" else {"data": {"query": query}}
        response = requests.request(
            method,
            live_server.url + "/sparql",
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
            **kwargs,
        )
        assert response.status_code < 500, (query, response.status_code, response.text)
    assert requests.get(live_server.url + "/-/health", timeout=30).status_code == 200


line = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        ["", "Skip to content", "📚 Pretraining", "🧠 NeurIPS2025 · 50 paper notes", "---",
         "# Title", "## **Bold** [link](http://x)", ": a definition", "<!-- c -->", "$x^2$",
         '{"title": "T", "summary": "S"}', "title: x", "* item", "\r", "\ufeff", "\x00"]
    ),
)  # fmt: skip
pages = st.lists(line, max_size=40).map("\n".join)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=pages)
def test_any_page_reads_and_extracts_without_exception(nlp, text):
    page = read_text(text, Path("generated.txt"))
    list(extract_notes(nlp, page.notes))
