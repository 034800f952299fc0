"""`papergraph serve`: the options, `--get`, and the real server (waitress) on loopback."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from rdflib import Dataset, Graph, Namespace, URIRef

from conftest import GALORE_TITLE, mini_paper
from papergraph.cli import cli
from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.settings import SETTINGS
from papergraph.store import write_build

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
PAPER = mini_paper(GALORE_TITLE)
SERVE_SETTINGS = ("host", "port", "threads", "base_url", "query_timeout", "update_token")


def test_help_lists_every_serve_setting_and_explains_0000(runner):
    result = runner.invoke(cli, ["serve", "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for setting in SETTINGS:
        if setting.name in SERVE_SETTINGS + ("store", "cors_origins"):
            assert setting.option in text
            assert setting.envvar in text
    assert "0.0.0.0" in text and "127.0.0.1" in text
    assert "--get PATH" in text


def test_get_runs_one_request_without_a_socket(runner, mini_store):
    result = runner.invoke(cli, ["serve", "--store", str(mini_store), "--get", "/-/health"])
    assert result.exit_code == 0, result.output
    assert '"ok":true' in result.output.replace(" ", "")


def test_get_exits_non_zero_unless_200(runner, mini_store):
    result = runner.invoke(cli, ["serve", "--store", str(mini_store), "--get", "/id/nothing"])
    assert result.exit_code == 1
    assert "404" in result.output


def test_a_missing_store_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 1
    assert "no store at" in result.output and "Traceback" not in result.output


def test_settings_come_from_environment_variables(runner, mini_store):
    env = {"PAPERGRAPH_STORE": str(mini_store), "PAPERGRAPH_UPDATE_TOKEN": "from-env"}
    result = runner.invoke(cli, ["serve", "--get", "/sparql"], env=env)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.output, format="turtle")
    assert (None, SD.supportedLanguage, SD.SPARQL11Update) in graph
    assert "from-env" not in result.output


def test_port_0_picks_a_free_port_and_prints_the_url(mini_store, tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "papergraph", "serve", "--store", str(mini_store), "-p", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        assert int(match.group(1)) != 0
        response = requests.get(match.group(0) + "-/health", timeout=5)
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_live_server_answers_on_loopback_through_waitress(live_server):
    assert live_server.url.startswith("http://127.0.0.1:")
    response = requests.get(live_server.url + "/-/health", timeout=30)
    assert response.status_code == 200
    assert response.headers["Server"] == "papergraph"  # waitress's ident, not Werkzeug
    assert response.json()["triples"] > 0
    assert live_server.process.poll() is None


def test_requests_are_logged_with_latency(live_server):
    requests.get(live_server.url + "/-/version", timeout=30)
    deadline = time.monotonic() + 5
    while "GET /-/version 200" not in live_server.output() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert re.search(r"GET /-/version 200 [\d.]+ ms", live_server.output())


def test_concurrent_requests(live_server):
    paths = ["/-/health", "/sparql?query=ASK%7B%7D", "/id/entity/galore", "/api/search?q=ga"]

    def fetch(path: str) -> int:
        return requests.get(live_server.url + path, timeout=10).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(fetch, paths * 8))
    assert statuses == [200] * len(statuses)


def test_a_rebuild_is_served_without_a_restart(writable_store, start_server):
    server = start_server(writable_store)
    before = requests.get(server.url + "/-/health", timeout=30).json()["build"]
    dataset = Dataset()
    dataset.parse(
        data=f'<{DEFAULT_BASE}entity/fresh> <http://www.w3.org/2004/02/skos/core#prefLabel> "F" '
        f"<{DEFAULT_BASE}graph/links> .",
        format="nquads",
    )
    write_build(writable_store, dataset.serialize(format="nquads", encoding="utf-8"))
    health = requests.get(server.url + "/-/health", timeout=30).json()
    assert health["build"] != before and health["triples"] == 1
    assert requests.get(server.url + "/id/entity/fresh", timeout=30).status_code == 200


def test_base_url_names_the_public_endpoint(mini_store, start_server):
    server = start_server(mini_store, "--base-url", "https://example.org/pg/")
    response = requests.get(server.url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=response.content, format="turtle")
    endpoint = URIRef("https://example.org/pg/sparql")
    assert (endpoint, SD.endpoint, endpoint) in graph


@pytest.mark.parametrize("path", ["/", "/sparql", "/id/" + PAPER[len(DEFAULT_BASE) :]])
def test_html_pages_over_http(live_server, path):
    response = requests.get(live_server.url + path, headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "/static/style.css" in response.text
    assert requests.get(live_server.url + "/static/style.css", timeout=30).status_code == 200
