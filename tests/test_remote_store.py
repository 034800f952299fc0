"""papergraph over a remote SPARQL 1.1 store: OpenLink Virtuoso 7 from Debian (issue 8) and
Oxigraph's own server (issue 16): each test on a remote store runs on both (`remote_server`).

The sample page is built into the store with `papergraph build --store sparql+http://…`; every
canned query, `neighbours`, `centrality`, `validate`, `eval`, the resource pages, the graph
view and the exports must then give the same answers, as sets, as the embedded store built
from the same page. (The SPARQL protocol endpoint over either runs the W3C protocol suite in
tests/test_w3c_protocol.py.) A reader querying while a build is switched in sees the old or the
new build, never a mix.

Answers are compared up to Virtuoso's representation of the same values (`_key`, `_same`),
and nothing else:

- xsd:double is written with 6 significant digits in answers (16 in `STR()`, which exports
  use), so doubles are compared with a relative tolerance: 1e-5 in answers (rdflib, which
  writes the embedded store's Turtle and JSON-LD, keeps 7), 1e-14 in exports;
- xsd:decimal is kept to 15 significant digits by Virtuoso;
- a comparison projected as a value, `(COUNT(?x) > 0 AS ?b)`, is xsd:integer 1 / 0 there and
  xsd:boolean on Oxigraph;
- GROUP_CONCAT joins in no defined order (parts are compared sorted), and over no values gives
  "" on Virtuoso (as SPARQL 1.1 says) where Oxigraph leaves it unbound;
- blank node labels are local to an answer; "x"^^xsd:string is "x"; language tags ignore case.
"""

from __future__ import annotations

import io
import json
import math
import threading
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
import requests
from click.testing import CliRunner

from _waits import wait_until
from conftest import REPO, make_app
from papergraph.cli import cli
from papergraph.errors import StoreError
from papergraph.export import export
from papergraph.queries import load_stored_queries
from papergraph.store import QueryOptions, copy_build, open_store, write_build
from papergraph.store import current_build as current_embedded_build
from papergraph.store.remote import STAGING, RemoteClient, RemoteStore, current_build
from papergraph.store.remote.query import evaluate_remote_query
from papergraph.store.remote.write import CHUNK_TRIPLES, chunks
from papergraph.store.statistics import count_statistics, read_statistics

XSD = "http://www.w3.org/2001/XMLSchema#"
GOLD = REPO / "data" / "neurips2025-pretraining-gold.json"


# --- Comparing answers up to Virtuoso's representation (see the module docstring) -------------


def _key(kind: str, value: str, datatype: str | None, language: str) -> tuple:
    if kind == "bnode":
        return ("bnode",)
    if kind == "uri":
        return ("uri", value)
    if datatype == XSD + "string":
        datatype = None
    if datatype in (XSD + "double", XSD + "float"):
        return ("double", float(value))
    if datatype == XSD + "decimal":
        value = f"{Decimal(value):.15g}"
    elif datatype == XSD + "boolean":
        value, datatype = {"true": "1", "false": "0"}[value], XSD + "integer"
    elif datatype is None and not language:
        for separator in (", ", " | "):  # GROUP_CONCAT
            value = separator.join(sorted(value.split(separator)))
    return ("literal", value, datatype, language.lower())


def _json_key(term: dict | None) -> tuple:
    """A term of SPARQL JSON results; an unbound variable is the empty string."""
    if term is None:
        return _key("literal", "", None, "")
    kind = "literal" if term["type"] == "typed-literal" else term["type"]
    return _key(kind, term["value"], term.get("datatype"), term.get("xml:lang", ""))


def _term_key(term: object) -> tuple:
    """A pyoxigraph term."""
    if isinstance(term, pyoxigraph.BlankNode):
        return ("bnode",)
    if isinstance(term, pyoxigraph.NamedNode):
        return ("uri", term.value)
    assert isinstance(term, pyoxigraph.Literal)
    language = term.language or ""
    return _key("literal", term.value, None if language else term.datatype.value, language)


def _rdf(data: bytes, fmt: pyoxigraph.RdfFormat) -> set[tuple]:
    """The quads (or triples) of an RDF document, as keys."""
    return {
        tuple(_term_key(term) for term in (q.subject, q.predicate, q.object)) + (str(q.graph_name),)
        for q in pyoxigraph.parse(data, format=fmt)
    }


def _same(left: set[tuple], right: set[tuple], *, rel_tol: float) -> bool:
    """Whether two sets of rows of keys are the same, doubles within `rel_tol`."""

    def grouped(rows: set[tuple]) -> dict[tuple, list[tuple[float, ...]]]:
        groups: dict[tuple, list[tuple[float, ...]]] = {}
        for row in rows:
            shape = tuple("double" if key[0] == "double" else key for key in row)
            doubles = tuple(key[1] for key in row if key[0] == "double")
            groups.setdefault(shape, []).append(doubles)
        return {shape: sorted(values) for shape, values in groups.items()}

    mine, theirs = grouped(left), grouped(right)
    return mine.keys() == theirs.keys() and all(
        len(mine[shape]) == len(theirs[shape])
        and all(
            math.isclose(a, b, rel_tol=rel_tol)
            for ours, other in zip(mine[shape], theirs[shape], strict=True)
            for a, b in zip(ours, other, strict=True)
        )
        for shape in mine
    )


# --- Fixtures -------------------------------------------------------------------------------


def invoke(*args: object, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, [str(arg) for arg in args], env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def remote_build(remote_server, sample_page):
    """`papergraph build SAMPLE --store sparql+http://…` into the remote store: the CLI's
    result."""
    result = invoke("build", sample_page, "--store", remote_server.locator, env=remote_server.env)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def remote(remote_server, remote_build) -> RemoteStore:
    """The remote store holding the sample build (read-only for the tests)."""
    return remote_server.store()


def _same_cli_output(remote: RemoteStore, sample_store: Path, *args: object) -> tuple:
    answers = []
    for store in (remote, sample_store):
        result = invoke(*args, "--store", store)
        assert result.exit_code == 0, result.output
        answers.append(result.stdout)
    return tuple(answers)


# --- Build and query ------------------------------------------------------------------------


def test_build_into_the_remote_store_reports_like_the_embedded_build(remote_build, remote_server):
    assert f"built {remote_server.locator}: 48 papers, 50 notes" in remote_build.output


# Every canned query with its default parameters, and a few with others: an empty phrase
# matches every title in link-provenance (Virtuoso's CONTAINS(?x, "") is false).
CANNED = [(name, ()) for name in sorted(load_stored_queries())] + [
    ("link-provenance", ("label=transformer", "title=")),
]


@pytest.mark.parametrize(("name", "params"), CANNED)
def test_canned_queries_answer_the_same(remote, sample_store, name, params):
    """On Virtuoso under Debian's default MaxQueryCostEstimationTime (400 s; `_virtuoso`), which
    refuses a query estimated above it."""

    def solutions(output: str) -> set[tuple]:
        data = json.loads(output)
        names = data["head"]["vars"]
        return {tuple(_json_key(row.get(v)) for v in names) for row in data["results"]["bindings"]}

    options = [option for param in params for option in ("-p", param)]
    on_remote, embedded = _same_cli_output(
        remote, sample_store, "query", name, *options, "--format", "json"
    )
    assert _same(solutions(on_remote), solutions(embedded), rel_tol=1e-5)
    assert solutions(embedded)


def test_neighbours_of_galore_are_the_same(remote, sample_store):
    on_remote, embedded = _same_cli_output(
        remote, sample_store, "neighbours", "GaLore", "--hops", "2", "--format", "json"
    )
    assert json.loads(on_remote) == json.loads(embedded)
    assert json.loads(embedded)["papers"]


def test_centrality_is_the_same(remote, sample_store):
    def ranked(output: str) -> list[tuple]:
        return [(r["iri"], r["label"], r["score"]) for r in json.loads(output)]

    on_remote, embedded = _same_cli_output(
        remote, sample_store, "centrality", "--top", "15", "--format", "json"
    )
    assert [row[:2] for row in ranked(on_remote)] == [row[:2] for row in ranked(embedded)]
    for (_, _, mine), (_, _, theirs) in zip(ranked(on_remote), ranked(embedded), strict=True):
        assert math.isclose(mine, theirs, rel_tol=1e-5)


def test_validate_and_eval_are_the_same(remote, sample_store):
    assert len(set(_same_cli_output(remote, sample_store, "validate"))) == 1
    on_remote, embedded = _same_cli_output(remote, sample_store, "eval", GOLD, "--format", "json")
    assert json.loads(on_remote) == json.loads(embedded)


@pytest.mark.parametrize(
    ("fmt", "syntax", "rel_tol"),
    [
        ("nquads", pyoxigraph.RdfFormat.N_QUADS, 1e-14),
        ("turtle", pyoxigraph.RdfFormat.TURTLE, 1e-14),
        ("jsonld", pyoxigraph.RdfFormat.JSON_LD, 1e-5),  # written by rdflib from a CONSTRUCT
    ],
)
def test_exports_hold_the_same_graph(remote, sample_store, fmt, syntax, rel_tol):
    documents = []
    for store in (remote, sample_store):
        stream = io.BytesIO()
        export(open_store(store), stream, fmt)
        documents.append(_rdf(stream.getvalue(), syntax))
    assert _same(documents[0], documents[1], rel_tol=rel_tol)
    assert len(documents[1]) > 20_000


# --- The web service ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clients(remote, sample_store):
    """Test clients of the app over Virtuoso and over the embedded store."""
    with make_app(remote, MAX_RESULT_ROWS=5) as on_remote, make_app(sample_store) as embedded:
        yield on_remote.test_client(), embedded.test_client()


def _resource_paths(client) -> list[str]:
    """A paper, its note, an entity and the collection."""
    paper = client.get("/api/neighbours?label=GaLore").get_json()["papers"][0]["paper"]
    note = client.get(f"/id/{paper.split('/id/', 1)[1]}.ttl").get_data(as_text=True)
    note_iri = next(w for w in note.split() if "/id/note/" in w and "#" not in w)
    return [
        "/id/" + paper.split("/id/", 1)[1],
        "/id/" + note_iri.strip("<>").split("/id/", 1)[1],
        "/id/entity/galore",
        "/id/collection/neurips-2025-pretraining",
    ]


def test_resource_pages_are_the_same(clients):
    on_remote, embedded = clients
    for path in _resource_paths(embedded):
        pages = [client.get(path, headers={"Accept": "text/html"}) for client in clients]
        assert [page.status_code for page in pages] == [200, 200], path
        turtle = [client.get(f"{path}.ttl").get_data() for client in clients]
        keys = [_rdf(body, pyoxigraph.RdfFormat.TURTLE) for body in turtle]
        assert _same(keys[0], keys[1], rel_tol=1e-5) and keys[1], path
    assert on_remote.get("/id/entity/no-such-thing").status_code == 404


def test_graph_view_and_api_are_the_same(clients):
    """The graph view's entities, search and neighbours. The view's top 150 entities end
    inside a group whose PageRanks differ only in the 17th digit, which Virtuoso does not keep,
    so that group is cut elsewhere; the entities above it must be the same. (Its papers are the
    first few of each entity in the store's own order, a LIMIT without ORDER BY.)"""

    def ranked(client) -> dict[str, float]:
        nodes = client.get("/graph/data.json").get_json()["nodes"]
        return {n["id"]: n["pagerank"] for n in nodes if n["type"] != "Paper"}

    on_remote, embedded = ranked(clients[0]), ranked(clients[1])
    assert len(on_remote) == len(embedded) == 150
    above = min(embedded.values()) * (1 + 1e-5)  # clear of the last group, at 6 digits
    assert {iri for iri, rank in on_remote.items() if rank > above} == {
        iri for iri, rank in embedded.items() if rank > above
    }
    for path in ("/api/search?q=galore", "/api/neighbours?label=GaLore&hops=2"):
        assert clients[0].get(path).get_json() == clients[1].get(path).get_json(), path


def test_sparql_endpoint_keeps_our_row_limit(clients):
    on_remote, _ = clients
    response = on_remote.get(
        "/sparql", query_string={"query": "SELECT * { ?s a pg:Paper }", "format": "csv"}
    )
    assert response.status_code == 200
    assert response.headers["X-Papergraph-Truncated"] == "true"
    assert len(response.get_data(as_text=True).splitlines()) == 1 + 5


def test_sparql_endpoint_refuses_store_extensions(clients):
    on_remote, _ = clients
    query = 'DEFINE get:soft "replace" SELECT * FROM <http://example.org/> { ?s ?p ?o }'
    assert on_remote.get("/sparql", query_string={"query": query}).status_code == 400


def test_updates_go_to_the_store_itself(remote):
    with make_app(remote, UPDATE_TOKEN="t") as app:
        response = app.test_client().post(
            "/sparql",
            data="CLEAR ALL",
            headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer t"},
        )
    assert response.status_code == 501
    assert remote.update_url in response.get_data(as_text=True)


# --- The switch-over --------------------------------------------------------------------------


# A whole-store count: a reader sending it to Virtuoso directly sees half-moved builds.
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


def _count(dataset) -> int:
    return int(next(iter(dataset.query(COUNT))).n)


def _count_like_the_web(client: RemoteClient) -> int:
    outcome = evaluate_remote_query(
        client,
        current_build(client),
        COUNT,
        QueryOptions(syntaxes={"solutions": "json", "boolean": "json", "graph": None}),
    )
    return int(json.loads(outcome.body)["results"]["bindings"][0]["n"]["value"])


def test_readers_see_the_old_or_the_new_build_only(remote, sample_store):
    """Two switch-overs (to a build with 10,000 more triples and back) while two readers,
    through the rdflib Dataset and through the web's query path, count triples all along.
    (The readers pause between counts: Virtuoso lets a stream of reads starve a writer, up to
    its transaction timeout.)"""
    stream = io.BytesIO()
    export(open_store(sample_store), stream, "nquads")
    old = stream.getvalue()
    extra = "".join(f'<urn:x:s{i}> <urn:x:p> "{i}" <urn:x:extra> .\n' for i in range(10_000))
    before = _count(open_store(remote))
    sizes = {before, before + 10_000}
    seen: dict[str, list[int]] = {"dataset": [], "web": []}
    failures: list[BaseException] = []
    done = threading.Event()

    def read(name: str, count) -> None:
        try:
            while not done.is_set():
                seen[name].append(count())
                time.sleep(0.2)
        except BaseException as error:
            failures.append(error)

    dataset, client = open_store(remote), RemoteClient(remote)
    readers = [
        threading.Thread(target=read, args=("dataset", lambda: _count(dataset))),
        threading.Thread(target=read, args=("web", lambda: _count_like_the_web(client))),
    ]

    def seen_by_all(size: int) -> bool:
        assert not failures, failures
        return all(counts and counts[-1] == size for counts in seen.values())

    for reader in readers:
        reader.start()
    try:
        wait_until(lambda: seen_by_all(before), timeout=60, what="the readers count the build")
        write_build(remote, old + extra.encode())
        wait_until(
            lambda: seen_by_all(before + 10_000), timeout=60, what="the readers see the new build"
        )
    finally:
        write_build(remote, old)
        try:
            wait_until(lambda: seen_by_all(before), timeout=60, what="the readers see it back")
        finally:
            done.set()
            for reader in readers:
                reader.join()
    assert not failures, failures
    for name, counts in seen.items():
        assert set(counts) <= sizes, (name, sorted(set(counts) - sizes))
        assert set(counts) == sizes, (name, "the readers did not see both builds")


def _staging_triples(client: RemoteClient) -> int:
    """Triples in staging graphs and in the graph that lists them."""
    rows = client.select(
        "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } "
        f'FILTER (STRSTARTS(STR(?g), "{STAGING}")) }}'
    )
    return int(rows[0]["n"]["value"])


def test_a_failed_writers_staging_graphs_are_dropped_by_the_next(remote, sample_store, tmp_path):
    """A build that fails during its upload (here its N-Quads turn unreadable after the first
    upload) leaves the served build as it was; the next writer drops what it uploaded."""
    broken = tmp_path / "broken.nq"
    lines = (f'<urn:x:s{i}> <urn:x:p> "{i}" <urn:x:extra> .\n' for i in range(CHUNK_TRIPLES))
    broken.write_text("".join(lines) + "<urn:x:s> <urn:x:p> this is not N-Quads\n")
    client = RemoteClient(remote)
    before = _count(open_store(remote))
    with pytest.raises(StoreError, match="cannot be read"):
        write_build(remote, broken)
    assert _staging_triples(client) == CHUNK_TRIPLES + 1  # the upload and its record
    assert _count(open_store(remote)) == before  # readers still see the sample build
    stream = io.BytesIO()
    export(open_store(sample_store), stream, "nquads")
    write_build(remote, stream.getvalue())
    assert _staging_triples(client) == 0
    assert _count(open_store(remote)) == before


# --- Errors, locators, uploads (no remote store needed for most) ------------------------------


def test_an_unreachable_store_is_named_in_the_error():
    result = invoke("query", "ASK {}", "--store", "sparql+http://127.0.0.1:9/sparql")
    assert result.exit_code == 1
    assert "cannot reach the SPARQL store at http://127.0.0.1:9/sparql" in result.output
    assert "Traceback" not in result.output


def test_wrong_credentials_are_reported(virtuoso):
    """On Virtuoso (Oxigraph server has no users): the build's first write is refused."""
    env = {**virtuoso.env, "PAPERGRAPH_STORE_PASSWORD": "wrong"}
    notes = REPO / "tests" / "data" / "read" / "notes.jsonl"
    result = invoke("build", notes, "--store", virtuoso.locator, env=env)
    assert result.exit_code == 1
    assert "refused" in result.output and "PAPERGRAPH_STORE_PASSWORD" in result.output
    assert f"{virtuoso.sparql_url}-auth" in result.output


@pytest.mark.parametrize(
    ("locator", "user", "update", "graph_store"),
    [
        (
            "sparql+http://h:8890/sparql",
            "u",
            "http://h:8890/sparql-auth",
            "http://h:8890/sparql-graph-crud-auth",
        ),
        (
            "sparql+http://h:8890/sparql",
            None,
            "http://h:8890/sparql",
            "http://h:8890/sparql-graph-crud",
        ),
        ("sparql+http://h:7878/query", None, "http://h:7878/update", "http://h:7878/store"),
        ("sparql+https://h/fuseki/ds", "u", "https://h/fuseki/ds", "https://h/fuseki/ds"),
    ],
)
def test_endpoints_default_by_convention(locator, user, update, graph_store):
    store = RemoteStore.from_locator(locator, user=user, password="s3cret")
    assert (store.update_url, store.graph_store_url) == (update, graph_store)
    assert "s3cret" not in repr(store)


def test_uploads_keep_blank_nodes_together():
    data = b"""
<urn:x:a> <urn:x:list> _:l1 <urn:x:g> .
_:l1 <urn:x:first> <urn:x:1> <urn:x:g> .
_:l1 <urn:x:rest> _:l2 <urn:x:g> .
_:l2 <urn:x:first> <urn:x:2> <urn:x:g> .
<urn:x:a> <urn:x:p> <urn:x:b> <urn:x:g> .
<urn:x:c> <urn:x:p> <urn:x:d> <urn:x:g> .
<urn:x:e> <urn:x:p> _:other <urn:x:h> .
"""
    uploads = list(chunks(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS), size=2))
    # Two plain triples fill a chunk; the four of the list go together although size is 2.
    assert [(graph, len(triples)) for graph, triples in uploads] == [
        ("urn:x:g", 2),
        ("urn:x:g", 4),
        ("urn:x:h", 1),
    ]
    assert {str(t.object) for t in uploads[1][1]} >= {"<urn:x:1>", "<urn:x:2>"}


def test_remote_stores_hold_named_graphs_only():
    quads = pyoxigraph.parse(
        b"<urn:x:a> <urn:x:b> <urn:x:c> .\n", format=pyoxigraph.RdfFormat.N_QUADS
    )
    with pytest.raises(Exception, match="named graphs only"):
        list(chunks(quads))


def test_the_store_answers_only_what_papergraph_asks(remote, sample_store):
    """The default graph is papergraph's graphs, not the store's others: Virtuoso's own system
    graphs, or a graph another client wrote."""
    foreign = "urn:x:another-client"
    client = RemoteClient(remote)
    triple = "<urn:x:a> <urn:x:b> <urn:x:c>"
    client.update(f"INSERT DATA {{ GRAPH <{foreign}> {{ {triple} }} }}", what="a foreign write")
    try:
        response = requests.get(
            remote.query_url,
            params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        rows = response.json()["results"]["bindings"]
        dataset = open_store(remote)
        assert int(rows[0]["n"]["value"]) > _count(dataset)  # the store has more...
        graphs = {str(graph.identifier) for graph in dataset.graphs()}
        assert foreign not in graphs and not any("openlinksw" in graph for graph in graphs)
        assert _count(dataset) == _count(open_store(sample_store))  # ...papergraph sees its own
    finally:
        client.update(f"DROP SILENT GRAPH <{foreign}>", what="the removal of the foreign graph")


# --- Statistics (issue 16) ------------------------------------------------------------------------


def test_the_build_statistics_are_read_from_the_remote_store(remote, sample_store, clients):
    recorded = read_statistics(open_store(remote))
    assert recorded is not None
    assert recorded == read_statistics(open_store(sample_store))
    on_remote, embedded = clients
    health = [client.get("/-/health").get_json()["triples"] for client in clients]
    assert health[0] == health[1] == recorded.triples


def test_a_remote_load_drops_the_statistics_and_pages_count(
    remote_server, remote, sample_store, tmp_path
):
    """Runs last: it changes the shared remote store, then puts the sample build back."""
    data = tmp_path / "one.nt"
    data.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    result = invoke("load", data, "--store", remote_server.locator, env=remote_server.env)
    assert result.exit_code == 0, result.output
    try:
        dataset = open_store(remote)
        assert read_statistics(dataset) is None
        counted = count_statistics(dataset)
        with make_app(remote) as app:
            assert app.test_client().get("/-/health").get_json()["triples"] == counted.triples
        assert counted.graphs[f"file://{data}"] == 1
    finally:
        copy_build(current_embedded_build(sample_store), remote)
