"""Across collections (issue 17) in a real headless Chromium with JavaScript off, against
`papergraph serve` over the store of several collections: two collections chosen in the
compare form and compared, an entity reached from there; an entity's chart of its papers per
collection. (Skipped without Playwright or Debian's Chromium, as the other browser tests.)"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.store import open_store

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")


def largest_collections(store) -> list[str]:
    rows = open_store(store).query(
        """SELECT ?c (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p pg:inCollection ?c }
           GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 2"""
    )
    return [str(row.c).rsplit("/", 1)[-1] for row in rows]


@pytest.mark.screenshot("compare-page.png")
def test_two_collections_chosen_in_the_form_are_compared(
    page, live_browse_server, browse_store, screenshot_path
):
    url = live_browse_server.url
    a, b = largest_collections(browse_store)
    page.goto(url + "/collections")
    page.click("text=Compare two collections")
    page.select_option("select[name=a]", a)
    page.select_option("select[name=b]", b)
    page.click("form.compare button[type=submit]")
    assert parse_qs(urlsplit(page.url).query) == {"a": [a], "b": [b]}
    expected = requests.get(url + "/compare.json", params={"a": a, "b": b}, timeout=30).json()
    for side in ("a", "b"):
        shown = page.locator(f"section[data-side={side}] ol li > a").all_inner_texts()
        assert shown == [row["label"] for row in expected[side]["distinctive"]] and shown
    shared = page.locator("section.shared tbody tr td:first-child a").all_inner_texts()
    assert shared == [row["label"] for row in expected["shared"]] and shared
    page.screenshot(path=str(screenshot_path), full_page=True)

    page.locator("section.shared tbody tr td:first-child a").first.click()
    assert urlsplit(page.url).path == expected["shared"][0]["url"]
    assert page.inner_text("h1").strip() == expected["shared"][0]["label"]


def test_the_entity_chart_has_one_bar_per_collection(page, live_browse_server, browse_store):
    rows = open_store(browse_store).query(
        """SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE {
             ?p pg:mentions ?e ; pg:inCollection ?c . ?e a pg:Entity
             FILTER NOT EXISTS { ?v pg:variantOf ?e } } GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1"""
    )
    entity, collections = next((str(row.e), int(row.n)) for row in rows)
    assert collections > 1
    page.goto(live_browse_server.url + "/id/" + entity.removeprefix(DEFAULT_BASE))
    chart = page.locator("figure[data-chart=collection] svg")
    assert chart.get_attribute("role") == "img"
    bars = chart.locator("g.bar rect")
    assert bars.count() == collections
    widths = [float(bars.nth(i).get_attribute("width")) for i in range(collections)]
    assert widths == sorted(widths, reverse=True) and widths[0] > 0
    assert chart.bounding_box()["width"] > 100  # drawn, not collapsed
    chart.locator("a").first.click()  # a bar leads to its collection
    assert urlsplit(page.url).path.startswith("/id/collection/")
