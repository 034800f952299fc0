"""The query page's SPARQL editor (YASQE + YASR, issue 5 item 3) in a real headless Chromium
against `papergraph serve` on loopback, under the app's own Content-Security-Policy.

Needs the Python package `playwright` and Debian's Chromium at /usr/bin/chromium (never
`playwright install`): skipped when either is missing."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.screenshot("query-page.png")
def test_editor_runs_a_canned_query_offline(page, live_sample_server, screenshot_path):
    url = live_sample_server.url
    csp = requests.get(url + "/sparql", headers={"Accept": "text/html"}, timeout=10).headers
    assert "'unsafe-inline'" not in csp.get("Content-Security-Policy", "")
    seen_requests, errors = [], []
    page.on("request", lambda request: seen_requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def on_console(message) -> None:
        if message.type != "error" or message.location.get("url", "").endswith("/favicon.ico"):
            return
        errors.append(message.text)

    page.on("console", on_console)
    page.goto(url + "/sparql")
    page.wait_for_selector("#pg-editor .yasqe .CodeMirror")
    assert page.is_hidden("form.query")  # the plain form is the no-JavaScript fallback

    page.click("a.canned-query[href$='name=entity-counts']")
    text = page.evaluate("document.querySelector('#pg-yasqe .CodeMirror').CodeMirror.getValue()")
    assert "PREFIX pg: <https://w3id.org/papergraph/ontology#>" in text
    page.click("#pg-yasqe .yasqe_queryButton")
    page.wait_for_selector("#pg-yasr table.dataTable tbody tr td a")
    assert page.locator("#pg-yasr table.dataTable tbody tr").count() > 1
    assert page.is_visible("#pg-download button[value=csv]")

    page.click("a.canned-query[href$='name=papers-per-collection']")
    page.click("#pg-yasqe .yasqe_queryButton")
    page.wait_for_selector("#pg-yasr a.local[href^='/id/']")
    # the answers take the page's width (1280 px), not the reading column's 60rem
    assert page.evaluate("document.querySelector('#pg-yasr').getBoundingClientRect().width") > 900
    page.wait_for_timeout(200)
    page.screenshot(path=str(screenshot_path), full_page=True)

    assert not errors
    host = urlsplit(url).netloc
    assert all(urlsplit(u).netloc == host for u in seen_requests if u.startswith("http")), [
        u for u in seen_requests if urlsplit(u).netloc != host
    ]


@pytest.mark.screenshot("query-cut.png")
def test_a_cut_answer_says_so_in_the_page(page, sample_store, start_server, screenshot_path):
    server = start_server(sample_store, "--max-result-rows", "50")
    page.goto(server.url + "/sparql")
    page.wait_for_selector("#pg-editor .yasqe .CodeMirror")
    page.evaluate(
        "document.querySelector('#pg-yasqe .CodeMirror').CodeMirror"
        ".setValue('SELECT * WHERE { ?s ?p ?o }')"
    )
    page.click("#pg-yasqe .yasqe_queryButton")
    page.wait_for_selector("#pg-cut-notice:not([hidden])")
    assert "first 50 rows" in page.inner_text("#pg-cut-notice")
    page.screenshot(path=str(screenshot_path))
    page.evaluate(
        "document.querySelector('#pg-yasqe .CodeMirror').CodeMirror"
        ".setValue('SELECT * WHERE { ?s ?p ?o } LIMIT 5')"
    )
    page.click("#pg-yasqe .yasqe_queryButton")
    page.wait_for_selector("#pg-cut-notice", state="hidden")


def test_the_address_keeps_the_query_across_a_reload(page, live_sample_server):
    page.goto(live_sample_server.url + "/sparql")
    page.wait_for_selector("#pg-editor .yasqe .CodeMirror")
    query = "SELECT ?title WHERE { ?p dcterms:title ?title } ORDER BY ?title LIMIT 3"
    page.evaluate(
        "q => document.querySelector('#pg-yasqe .CodeMirror').CodeMirror.setValue(q)", query
    )
    page.click("#pg-yasqe .yasqe_queryButton")
    page.wait_for_selector("#pg-yasr table.dataTable tbody tr td")
    assert "query=" in page.url
    page.reload()
    page.wait_for_selector("#pg-editor .yasqe .CodeMirror")
    shown = page.evaluate("document.querySelector('#pg-yasqe .CodeMirror').CodeMirror.getValue()")
    assert shown.endswith(query)  # the editor may add the PREFIX lines the query uses
    assert page.locator("#pg-server-results tbody tr").count() == 3  # run again by the server
