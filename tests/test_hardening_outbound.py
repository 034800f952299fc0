"""Issue 13: no outbound request by any spelling.

SERVICE and LOAD are refused from the parsed request (`papergraph.sparqlguard`), and the
processes that evaluate SPARQL run without network access (`papergraph.sandbox`). These tests
aim generated spellings — escapes in names, comments, strings, case, `\\u` escapes, nesting —
at a loopback canary, through a live server (queries, and updates with the token) and through
the guard against Oxigraph itself, and assert that the canary never hears from papergraph.
"""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _canary import Listener
from papergraph.sparqlguard import outbound_operations

JSON = "application/sparql-results+json"
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def canary():
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def update_server(make_mini_store, tmp_path_factory):
    """A server with SPARQL Update enabled, on a copy of the mini store."""
    from conftest import run_server

    store = tmp_path_factory.mktemp("outbound-update") / "store"
    make_mini_store(store)
    with run_server(store, tmp_path_factory.mktemp("outbound-log"), "--update-token", TOKEN) as s:
        yield s


def _escape(char: str, how: int) -> str:
    return (char, f"\\u{ord(char):04X}", f"\\U{ord(char):08x}")[how]


@st.composite
def keyword(draw: st.DrawFn, word: str) -> str:
    """`word` with each letter in either case, some written as \\u or \\U escapes."""
    letters = [draw(st.sampled_from([c.upper(), c.lower()])) for c in word]
    return "".join(_escape(c, draw(st.sampled_from([0, 0, 0, 1, 2]))) for c in letters)


SPACES = [" ", "\n", "\t", " # } SERVICE <http://x/> {\n", "\n#'\n", "  "]
# Patterns that end in the characters a text scan mistakes for a comment or a string start.
DECOYS = [
    "?s ?p ex:a\\# .",
    "?s ?p ex:a\\' .",
    "?s ?p ex:a\\~b .",
    '?s ?p "x # y" .',
    "?s ?p 'x \" y' .",
    '?s ?p """multi\n" line""" .',
    "?s ?p '''it''s''' .",
    '?s ?p "esc \\" # " .',
    "?s ex:p%41 ?o .",
    "?s ?p <urn:x#y> .",
    "?s ?p ?o .",
    "",
]
WRAPPERS = [
    "{}",
    "OPTIONAL {{ {} }}",
    "{{ ?a ?b ?c }} UNION {{ {} }}",
    "GRAPH ?g {{ {} }}",
    "MINUS {{ {} }}",
    "FILTER EXISTS {{ {} }}",
    "{{ SELECT * WHERE {{ {} }} }}",
]


@st.composite
def endpoint(draw: st.DrawFn, url: str) -> tuple[str, str, str]:
    """(prologue, binding pattern, endpoint term) naming `url` in one of SPARQL's ways."""
    how = draw(st.sampled_from(["iri", "escaped", "prefixed", "bind", "values", "base"]))
    if how == "iri":
        return "", "", f"<{url}/sparql>"
    if how == "escaped":
        return "", "", "<" + "".join(_escape(c, 1) if c == "/" else c for c in url) + "/sparql>"
    if how == "prefixed":
        return f"PREFIX ep: <{url}/> ", "", "ep:sparql"
    if how == "bind":
        return "", f"BIND(<{url}/sparql> AS ?endpoint) ", "?endpoint"
    if how == "values":
        return "", f"VALUES ?endpoint {{ <{url}/sparql> }} ", "?endpoint"
    return f"BASE <{url}/> ", "", "<sparql>"


@st.composite
def service_queries(draw: st.DrawFn, url: str) -> str:
    space = draw(st.sampled_from(SPACES))
    prologue, binding, term = draw(endpoint(url))
    service = draw(keyword("SERVICE"))
    silent = draw(keyword("SILENT")) + space if draw(st.booleans()) else ""
    clause = f"{service}{space}{silent}{term}{space}{{ ?x ?y ?z }}"
    body = draw(st.sampled_from(WRAPPERS)).format(clause)
    decoy = draw(st.sampled_from(DECOYS))
    select = draw(keyword("SELECT"))
    # The decoy comes first in the text but in its own UNION branch, so that it cannot keep
    # Oxigraph from evaluating the SERVICE.
    where = f"{{ {decoy} }}{space}UNION {{ {binding}{body} }}"
    return f"{prologue}PREFIX ex: <urn:ex:> {select} * WHERE {{ {where} }}"


@st.composite
def fetching_updates(draw: st.DrawFn, url: str) -> str:
    space = draw(st.sampled_from(SPACES))
    decoy = draw(st.sampled_from(DECOYS)).replace("?s", "ex:s").replace("?p", "ex:p")
    decoy = decoy.replace("?o", "ex:o") or "ex:s ex:p ex:o ."
    insert = f"INSERT DATA {{ {decoy} }}"
    if draw(st.booleans()):
        load = draw(keyword("LOAD"))
        silent = draw(keyword("SILENT")) + " " if draw(st.booleans()) else ""
        into = " INTO GRAPH <urn:g>" if draw(st.booleans()) else ""
        fetch = f"{load}{space}{silent}<{url}/data.ttl>{into}"
    else:
        prologue, binding, term = draw(endpoint(url))
        service = draw(keyword("SERVICE"))
        fetch = (
            f"{prologue}INSERT {{ ?x ?y ?z }} WHERE {{ {binding}{service} {term} {{ ?x ?y ?z }} }}"
        )
        return fetch if "BASE" in prologue else f"PREFIX ex: <urn:ex:> {insert} ;{space}{fetch}"
    return f"PREFIX ex: <urn:ex:> {insert} ;{space}{fetch}"


PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize(
    "template",
    [
        # The reported bypasses: a text scan read the rest of the line as a comment or string.
        "PREFIX ex: <urn:ex:> SELECT ?x WHERE {{ OPTIONAL {{ ?s ?p ex:a\\# }} "
        "SERVICE <{url}/sparql> {{ ?x ?y ?z }} }}",
        "PREFIX ex: <urn:ex:> SELECT ?x WHERE {{ OPTIONAL {{ ?s ?p ex:a\\' }} "
        "SERVICE <{url}/sparql> {{ ?x ?y ?z }} }}",
    ],
)
def test_the_reported_bypass_connects_nowhere(live_server, canary, template):
    before = len(canary.connections)
    query = template.format(url=canary.url)
    response = requests.get(
        live_server.url + "/sparql", params={"query": query}, headers={"Accept": JSON}, timeout=30
    )
    assert response.status_code == 400, response.text
    assert len(canary.connections) == before


def test_the_reported_update_bypass_connects_nowhere(update_server, canary):
    before = len(canary.connections)
    update = f"PREFIX ex: <urn:ex:> INSERT DATA {{ ex:a ex:b ex:c\\# }} ; LOAD <{canary.url}/x.ttl>"
    response = _post_update(update_server, update)
    assert response.status_code == 400, response.text
    assert len(canary.connections) == before
    # The refused update changed nothing: the INSERT DATA before the LOAD is not kept.
    ask = "PREFIX ex: <urn:ex:> ASK { ?s ?p ?o FILTER(?s = ex:a) }"
    answer = requests.get(update_server.url + "/sparql", params={"query": ask}, timeout=30)
    assert answer.json()["boolean"] is False


def _post_update(server, update: str) -> requests.Response:
    """POST `update` to `server`'s SPARQL endpoint with the update token."""
    return requests.post(
        server.url + "/sparql",
        data={"update": update},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )


@PROPERTY
@given(data=st.data())
def test_no_query_spelling_reaches_the_canary(live_server, canary, data):
    query = data.draw(service_queries(canary.url))
    before = len(canary.connections)
    response = requests.post(
        live_server.url + "/sparql", data={"query": query}, headers={"Accept": JSON}, timeout=60
    )
    # Refused (400); or, where the checking parser cannot read the spelling, evaluated without
    # network access: a SERVICE that runs fails (400), one the join never reaches leaves an
    # empty answer.
    assert response.status_code in (200, 400), (query, response.status_code, response.text)
    if response.status_code == 200:
        assert response.json()["results"]["bindings"] == [], query
    assert len(canary.connections) == before, query


@PROPERTY
@given(data=st.data())
def test_no_authorised_update_spelling_reaches_the_canary(update_server, canary, data):
    update = data.draw(fetching_updates(canary.url))
    before = len(canary.connections)
    response = _post_update(update_server, update)
    assert response.status_code == 400, (update, response.status_code, response.text)
    assert len(canary.connections) == before, update


def test_an_update_the_guard_cannot_parse_fails_cleanly_in_the_sandbox(update_server, canary):
    """rdflib rejects the escaped local name `ex:a\\#`, so this update is not checked: the
    sandboxed worker evaluates it, its SERVICE fails there, and the answer is the update's own
    error (400), not a server error; nothing reaches the canary."""
    update = (
        "PREFIX ex: <urn:ex:> INSERT DATA { ex:s ex:p ex:a\\# . } ; "
        f"INSERT {{ ?x ?y ?z }} WHERE {{ BIND(<{canary.url}> AS ?endpoint) "
        "SERVICE ?endpoint { ?x ?y ?z } }"
    )
    assert outbound_operations(update, update=True) is None  # unchecked: rdflib cannot parse it
    before = len(canary.connections)
    response = _post_update(update_server, update)
    assert response.status_code == 400, response.text
    assert len(canary.connections) == before


def test_the_guard_finds_every_service_oxigraph_would_run(canary):
    """Oxigraph itself, run here without the sandbox, is the judge: whenever it contacts the
    canary, the guard must have found SERVICE, or have declined to vouch for the query (then
    only a worker without network access may run it)."""
    contacted: list[str] = []

    @PROPERTY
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        query = data.draw(service_queries(canary.url))
        found = outbound_operations(query)
        before = len(canary.connections)
        try:
            result = pyoxigraph.Store().query(query)
            list(result) if not isinstance(result, pyoxigraph.QueryBoolean) else bool(result)
        except (SyntaxError, ValueError, OSError, RuntimeError):
            pass
        if len(canary.connections) > before:
            contacted.append(query)
            assert found != set(), query

    check()
    assert contacted, "no generated query made Oxigraph call the canary: the check proved nothing"


def test_the_guard_reads_the_plain_spellings():
    """The guard is more than a refusal to vouch: it parses and finds the usual spellings."""
    url = "http://127.0.0.1:9/"
    assert outbound_operations(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}") == {
        "SERVICE"
    }
    assert outbound_operations(f"select * {{ \\u0053ervice silent <{url}> {{ ?s ?p ?o }} }}") == {
        "SERVICE"
    }
    assert outbound_operations(f"LOAD <{url}> INTO GRAPH <urn:g>", update=True) == {"LOAD"}
    assert outbound_operations('SELECT * { ?s ?p "SERVICE <x:> {}" } # SERVICE') == set()


@PROPERTY
@given(data=st.data())
def test_the_guard_never_clears_a_request_that_fetches(data):
    """Every generated request holds a SERVICE or LOAD, however spelled: the guard finds it or
    declines to vouch (None), and never answers "none" by skipping the parse."""
    query = data.draw(service_queries("http://127.0.0.1:9"))
    update = data.draw(fetching_updates("http://127.0.0.1:9"))
    assert outbound_operations(query) != set(), query
    assert outbound_operations(update, update=True) != set(), update


def test_the_guard_parses_only_what_could_fetch():
    """A text with no backslash and no SERVICE in any case cannot fetch: it is cleared without
    a parse (so even a broken one, which Oxigraph will refuse, is cleared); one that mentions
    the word anywhere is parsed (so a broken one is not vouched for)."""
    assert outbound_operations("SELECT * WHERE { ?s ?p ?o ") == set()
    assert outbound_operations("SELECT * WHERE { ?s ?p ?o  # download") == set()  # no LOAD here
    assert outbound_operations("SELECT * WHERE { ?s ?p ?o  # no serVice here") is None
    assert outbound_operations("SELECT * WHERE { ?s ?p ?o \\u0041") is None
    assert outbound_operations("INSERT DATA { <a:b> <a:c> <a:d> ", update=True) == set()
    assert outbound_operations("INSERT DATA { <a:b> <a:c> <a:d> # Load", update=True) is None


def test_a_sandboxed_process_and_its_children_connect_nowhere(canary):
    before = len(canary.connections)
    host, port = canary.url.removeprefix("http://").split(":")
    child = f"import socket; socket.create_connection(('{host}', {port}), timeout=5)"
    script = f"""
import socket, subprocess, sys
from papergraph.sandbox import deny_network
assert deny_network()
try:
    socket.create_connection(({host!r}, {port}), timeout=5)
except PermissionError:
    print("refused")
status = subprocess.run([sys.executable, "-c", {child!r}], capture_output=True).returncode
print("child", status)
socket.socketpair()  # local sockets still work
print("unix ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split("\n")[:3] == ["refused", "child 1", "unix ok"], result.stderr
    assert len(canary.connections) == before
