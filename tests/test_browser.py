"""The graph view in a real headless Chromium against `papergraph serve` on loopback (issue 6).

Needs the Python package `playwright` and Debian's Chromium at /usr/bin/chromium (never
`playwright install`): skipped when either is missing."""

from __future__ import annotations

import dataclasses
import time
from urllib.parse import urlsplit

import pytest

from conftest import HOSTILE_TITLE
from papergraph.graphview import build_view
from papergraph.store import open_store

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")


def wait_until(page, predicate: str, arg: object = None, timeout: float = 20.0) -> None:
    """Poll the JS function `predicate(arg)` until it is truthy. (Playwright's wait_for_function
    evaluates strings, which the app's Content-Security-Policy forbids: no 'unsafe-eval'.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate, arg):
        assert time.monotonic() < deadline, f"timed out waiting for {predicate}"
        time.sleep(0.05)


def wait_stable(page) -> None:
    wait_until(page, "() => Boolean(window.papergraph && window.papergraph.stabilised)")


@dataclasses.dataclass
class Visit:
    page: object
    requests: list[str]
    errors: list[str]
    dialogs: list[str]


@pytest.fixture
def visit(browser):
    """Open a URL in a fresh page, recording every request, console error and dialog."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})

    def open_page(url: str) -> Visit:
        page = context.new_page()
        seen = Visit(page, [], [], [])
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda m: m.type == "error" and seen.errors.append(m.text))
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url)
        wait_stable(page)
        return seen

    yield open_page
    context.close()


def _only_local(seen: Visit, server_url: str) -> None:
    host = urlsplit(server_url).netloc
    outside = [url for url in seen.requests if urlsplit(url).scheme in ("http", "https")]
    assert all(urlsplit(url).netloc == host for url in outside), seen.requests
    assert not [u for u in seen.requests if urlsplit(u).scheme not in ("http", "https", "data")]


def _node_count(page) -> int:
    return page.evaluate("window.papergraph.network.body.data.nodes.length")


def _galore(page) -> str:
    return page.evaluate("window.papergraph.nodes.get({filter: n => n.label === 'GaLore'})[0].id")


@pytest.mark.screenshot("graph-view.png")
def test_default_view_loads_offline_and_matches_the_store(
    visit, live_sample_server, sample_store, screenshot_path
):
    seen = visit(live_sample_server.url + "/graph")
    page = seen.page
    assert page.evaluate("window.papergraph.network instanceof vis.Network")
    expected = build_view(open_store(sample_store))
    assert _node_count(page) == len(expected.nodes) > 50
    assert page.evaluate("window.papergraph.network.physics.physicsEnabled") is False
    assert page.locator("#pg-types label").count() == 6
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_path))
    assert not seen.errors and not seen.dialogs
    _only_local(seen, live_sample_server.url)


def test_search_selects_and_centres_galore(visit, live_sample_server):
    seen = visit(live_sample_server.url + "/graph")
    page = seen.page
    box = page.locator("input[type=search]#pg-search")
    box.focus()
    page.keyboard.type("galor")  # typo-tolerant, from /api/search
    page.wait_for_selector("#pg-results li")
    page.keyboard.press("Enter")
    wait_until(
        page,
        "() => { const p = window.papergraph, s = p.network.getSelectedNodes();"
        " return s.length === 1 && p.nodes.get(s[0]).label === 'GaLore'; }",
    )
    galore = _galore(page)
    page.wait_for_timeout(700)  # the focus animation
    centre = page.evaluate(
        """id => { const n = window.papergraph.network; const p = n.getPositions([id])[id];
                   const v = n.getViewPosition(); return Math.hypot(p.x - v.x, p.y - v.y); }""",
        galore,
    )
    assert centre < 5
    assert page.locator("#pg-panel h2").text_content() == "GaLore"
    assert not seen.errors
    _only_local(seen, live_sample_server.url)


def _click_node(page, node_id: str, count: int = 1) -> None:
    page.evaluate("id => window.papergraph.network.focus(id, {scale: 1.5})", node_id)
    point = page.evaluate(
        "id => { const n = window.papergraph.network;"
        " return n.canvasToDOM(n.getPositions([id])[id]); }",
        node_id,
    )
    box = page.locator("#pg-network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"], click_count=count)


def test_click_opens_panel_and_double_click_expands(visit, live_sample_server):
    seen = visit(live_sample_server.url + "/graph?top=20")
    page = seen.page
    galore = page.evaluate("window.papergraph.edges.get({filter: e => e.sentence})[0].to")
    _click_node(page, galore)
    page.wait_for_selector("#pg-panel:not([hidden]) h2")
    panel = page.locator("#pg-panel")
    assert panel.locator("dl.pg-metrics").count() == 1
    assert panel.locator("a", has_text="Resource page").get_attribute("href").startswith("/id/")
    page.wait_for_selector("#pg-panel .pg-links li blockquote")
    before = _node_count(page)
    urls_before = page.url
    _click_node(page, galore, count=2)
    wait_until(page, "n => window.papergraph.network.body.data.nodes.length > n", before)
    assert page.url == urls_before
    assert not seen.errors
    _only_local(seen, live_sample_server.url)


def test_hostile_markup_stays_inert(visit, live_server, mini_store):
    seen = visit(live_server.url + "/graph")
    page = seen.page
    assert _node_count(page) == len(build_view(open_store(mini_store)).nodes)
    hostile = page.evaluate(
        "window.papergraph.nodes.get({filter: n => n.type === 'Paper'})"
        ".find(n => n.fullLabel.includes('onerror')).id"
    )
    point = page.evaluate(
        "id => { const n = window.papergraph.network;"
        " return n.canvasToDOM(n.getPositions([id])[id]); }",
        hostile,
    )
    box = page.locator("#pg-network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible")
    assert HOSTILE_TITLE in page.locator("div.vis-tooltip").text_content()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#pg-panel:not([hidden]) h2")
    assert page.locator("#pg-panel h2").text_content() == HOSTILE_TITLE
    # The note's summary (with a <script>) shows as text in the panel, via /api/neighbours.
    scaling = page.evaluate(
        "window.papergraph.nodes.get({filter: n => n.label === 'scaling laws'})[0].id"
    )
    page.evaluate("id => window.papergraph.network.selectNodes([id])", scaling)
    _click_node(page, scaling)
    page.wait_for_selector("#pg-panel .pg-links li")
    assert "<script>alert('x')</script>" in page.locator("#pg-panel .pg-links").text_content()
    page.wait_for_timeout(300)
    assert page.locator("img[src=x], #pg-panel script, #pg-panel b, .vis-tooltip img").count() == 0
    assert not seen.dialogs and not seen.errors
    _only_local(seen, live_server.url)


def test_static_export_opens_from_disk_without_network(browser, runner, mini_store, tmp_path):
    from papergraph.cli import cli

    out = tmp_path / "graph.html"
    assert runner.invoke(cli, ["view", "--store", str(mini_store), "-o", str(out)]).exit_code == 0
    context = browser.new_context()
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(out.as_uri())
    wait_stable(page)
    assert _node_count(page) == len(build_view(open_store(mini_store)).nodes)
    page.locator("#pg-search").fill("GaLore")
    page.keyboard.press("Enter")
    wait_until(page, "() => window.papergraph.network.getSelectedNodes().length === 1")
    assert page.locator("#pg-panel h2").text_content() == "GaLore"
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert not errors
    context.close()


def test_focus_url_hops_and_filters_work_without_reload(visit, live_sample_server, sample_store):
    dataset = open_store(sample_store)
    galore = next(str(row.e) for row in dataset.query("SELECT ?e { ?e skos:prefLabel 'GaLore' }"))
    seen = visit(f"{live_sample_server.url}/graph?focus={galore}&hops=1")
    page = seen.page
    expected = build_view(dataset, focus=galore, hops=1)
    assert _node_count(page) == len(expected.nodes)
    page.evaluate("() => { window.notReloaded = true; }")
    page.select_option("#pg-hops", "2")
    wait_until(page, "n => window.papergraph.nodes.length > n", len(expected.nodes))
    wait_stable(page)
    assert page.evaluate("() => window.notReloaded") is True
    assert "hops=2" in page.url
    shown = _node_count(page)
    page.locator("#pg-types input[value=Paper]").uncheck()
    papers = page.evaluate("() => window.papergraph.nodes.get({filter: n => n.type === 'Paper'})")
    assert _node_count(page) == shown - len(papers) and papers
    assert not seen.errors
    _only_local(seen, live_sample_server.url)
