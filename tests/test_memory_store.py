"""Issue 16: serving from memory. `papergraph serve --memory-store on` loads the current build
into a zygote process once and forks its query workers from it; these tests run real servers
on loopback over real stores on disk and look at the processes in /proc."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path

import pytest
import requests

from _canary import Listener
from conftest import post_query
from papergraph.queries import bind_params, load_stored_queries
from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.store import current_build, open_build_read_only, write_build

CROSS_JOIN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_JOIN_SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
FRESH = f"{DEFAULT_BASE}entity/fresh"
ASK_FRESH = f"ASK {{ <{FRESH}> ?p ?o }}"
TOKEN = "memory-update-token"
# A SERVICE that rdflib cannot parse (so the guard does not vouch for it) and that Oxigraph,
# without the sandbox, sends to the endpoint it names (found with test_hardening_outbound's
# generator).
UNCHECKED_SERVICE = (
    "PREFIX ex: <urn:ex:> SELECT * WHERE { { ?s ?p ex:a\\# . } "
    "UNION { SERVICE <{url}/sparql> { ?x ?y ?z } } }"
)
_LOADED = "loaded into memory"


def _processes() -> dict[int, tuple[int, bytes]]:
    """Every process: pid -> (parent pid, command line), read from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            found[int(stat.parent.name)] = (parent, (stat.parent / "cmdline").read_bytes())
        except (OSError, IndexError, ValueError):
            continue
    return found


def _children(pid: int, marker: bytes) -> set[int]:
    return {
        child
        for child, (parent, cmdline) in _processes().items()
        if parent == pid and marker in cmdline
    }


def _zygotes(server) -> set[int]:
    return _children(server.process.pid, b"papergraph.store.zygote")


def _forks(zygote: int) -> set[int]:
    """The query workers forked by `zygote` (they keep its command line)."""
    return _children(zygote, b"papergraph.store.zygote")


def _disk_workers(server) -> set[int]:
    return _children(server.process.pid, b"papergraph.store.worker")


def _wait_loaded(server, times: int = 1, timeout: float = 120) -> None:
    """Wait until the server's log says `times` builds were loaded into memory."""
    deadline = time.monotonic() + timeout
    while server.output().count(_LOADED) < times:
        assert server.process.poll() is None, server.output()
        assert time.monotonic() < deadline, f"no build loaded into memory:\n{server.output()}"
        time.sleep(0.1)


def _ask(server, text: str) -> bool:
    response = post_query(server, text)
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


_GROUP_CONCAT = re.compile(r'GROUP_CONCAT\([^;]*;\s*separator\s*=\s*"([^"]*)"\)\s+AS\s+\?(\w+)')


def _rows(response: requests.Response, text: str) -> list[str]:
    """The solutions of a SPARQL JSON answer to the query `text`, each as canonical JSON,
    sorted. The parts of a GROUP_CONCAT are sorted too: SPARQL leaves their order to the
    store, and the one in memory keeps its quads in another order than RocksDB."""
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    for separator, name in _GROUP_CONCAT.findall(text):
        for row in rows:
            if name in row:
                parts = row[name]["value"].split(separator)
                row[name]["value"] = separator.join(sorted(parts))
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


def _status_field(pid: int, name: str) -> str:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {name} in /proc/{pid}/status")


def _fresh_nquads() -> bytes:
    label = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
    return f'<{FRESH}> {label} "F" <{DEFAULT_BASE}graph/links> .\n'.encode()


def _serving_from_memory(start_server, store: Path, *args: str) -> tuple[object, int]:
    """A server over `store` with one query worker, forked from a zygote holding the build
    (args: more options), after its first query; the server and the zygote's pid."""
    server = start_server(store, "--memory-store", "on", "--query-workers", "1", *args)
    _wait_loaded(server)
    assert _ask(server, "ASK {}") is True
    (zygote,) = _zygotes(server)
    return server, zygote


def _assert_fresh_from_a_new_copy(server, old_zygote: int) -> None:
    """The new data is answered at once (from disk, while its copy loads), then from a fork of
    a new zygote, the old one gone."""
    assert _ask(server, ASK_FRESH) is True
    _wait_loaded(server, times=2)
    assert _ask(server, ASK_FRESH) is True
    (new,) = _zygotes(server)
    assert new != old_zygote and _forks(new)


@pytest.mark.parametrize("store_fixture", ["mini_store", "sample_store"])
def test_memory_answers_every_canned_query_as_disk_does(request, start_server, store_fixture):
    store = request.getfixturevalue(store_fixture)
    memory = start_server(store, "--memory-store", "on", "--query-workers", "1")
    disk = start_server(store, "--memory-store", "off", "--query-workers", "1")
    _wait_loaded(memory)
    queries = load_stored_queries()
    assert len(queries) >= 10
    for name, query in queries.items():
        text = bind_params(query, query.params)
        assert _rows(post_query(memory, text), text) == _rows(post_query(disk, text), text), name
    # The answers came from a fork of the zygote, and the disk server's from a worker of its own.
    (zygote,) = _zygotes(memory)
    assert _forks(zygote) and not _disk_workers(memory)
    assert _disk_workers(disk) and not _zygotes(disk)


def test_a_query_past_its_timeout_is_answered_next_by_a_new_fork(sample_store, start_server):
    server, zygote = _serving_from_memory(start_server, sample_store, "--query-timeout", "3")
    (worker,) = _forks(zygote)
    response = post_query(server, CROSS_JOIN_COUNT)
    assert response.status_code == 503, response.text
    assert "longer than the 3 s limit" in response.text
    assert _ask(server, "ASK {}") is True
    assert _zygotes(server) == {zygote}  # the copy in memory was not loaded again
    (replacement,) = _forks(zygote)
    assert replacement != worker and worker not in _processes()
    assert server.output().count(_LOADED) == 1
    assert "Traceback" not in server.output()


@pytest.mark.slow
def test_the_memory_cap_stops_a_hungry_query_in_a_fork(sample_store, start_server):
    cap_mib = 400
    server, zygote = _serving_from_memory(
        start_server, sample_store, "--query-memory", str(cap_mib), "--query-timeout", "30"
    )
    (worker,) = _forks(zygote)
    # RLIMIT_DATA counts the copy the fork inherits: the cap is its size at the fork + 400 MiB.
    limits = Path(f"/proc/{worker}/limits").read_text()
    cap = int(re.search(r"Max data size\s+(\d+)", limits).group(1))
    inherited = int(_status_field(zygote, "VmData").split()[0]) * 1024
    assert inherited + cap_mib * 2**20 <= cap <= inherited + (cap_mib + 64) * 2**20
    response = post_query(server, CROSS_JOIN_SORTED)
    assert response.status_code == 503, response.text
    assert "MiB of memory a query may use" in response.text
    assert _ask(server, "ASK {}") is True
    assert _zygotes(server) == {zygote} and _forks(zygote) - {worker}


def test_a_fork_has_no_network(mini_store, start_server):
    server, zygote = _serving_from_memory(start_server, mini_store)
    (worker,) = _forks(zygote)
    assert _status_field(worker, "Seccomp") == "2"  # a seccomp filter is in force
    canary = Listener()
    try:
        response = post_query(server, UNCHECKED_SERVICE.replace("{url}", canary.url))
        assert response.status_code in (200, 400), response.text
        assert canary.connections == []
    finally:
        canary.close()


def test_memory_store_off_from_the_environment_reads_from_disk(
    mini_store, start_server, monkeypatch
):
    monkeypatch.setenv("PAPERGRAPH_MEMORY_STORE", "off")
    server = start_server(mini_store, "--query-workers", "1")
    assert _ask(server, "ASK {}") is True
    assert _disk_workers(server) and not _zygotes(server)


def test_a_rebuild_is_served_from_memory_without_a_restart(writable_store, start_server):
    server = start_server(writable_store, "--memory-store", "on", "--query-workers", "1")
    _wait_loaded(server)
    assert _ask(server, ASK_FRESH) is False
    (old,) = _zygotes(server)
    write_build(writable_store, _fresh_nquads())
    _assert_fresh_from_a_new_copy(server, old)


def test_an_update_goes_to_the_disk_store_then_is_served_from_memory(writable_store, start_server):
    server = start_server(
        writable_store, "--memory-store", "on", "--query-workers", "1", "--update-token", TOKEN
    )
    _wait_loaded(server)
    (old,) = _zygotes(server)
    response = requests.post(
        server.url + "/sparql",
        data={"update": f"INSERT DATA {{ GRAPH <urn:g> {{ <{FRESH}> a pg:Entity }} }}"},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )
    assert response.status_code == 204, response.text
    on_disk = open_build_read_only(current_build(writable_store))
    assert on_disk.query(ASK_FRESH, use_default_graph_as_union=True)
    _assert_fresh_from_a_new_copy(server, old)


def test_when_the_zygote_dies_queries_read_the_disk(sample_store, start_server):
    server, zygote = _serving_from_memory(start_server, sample_store, "--query-timeout", "3")
    os.kill(zygote, signal.SIGKILL)
    assert post_query(server, CROSS_JOIN_COUNT).status_code == 503  # its fork is stopped
    assert _ask(server, "ASK {}") is True
    assert _disk_workers(server) and not _zygotes(server)
    assert "its copy in memory is gone" in server.output()
