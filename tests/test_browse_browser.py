"""The browse lists and a canned-query form (issue 17) clicked through in a real headless
Chromium with JavaScript switched off (the pages must work without it), against
`papergraph serve` on loopback.

Needs the Python package `playwright` and Debian's Chromium at /usr/bin/chromium (never
`playwright install`): skipped when either is missing."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from papergraph.queries import bind_params, load_stored_queries
from papergraph.store import open_store

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def row_labels(page) -> list[str]:
    return page.locator("table.browse tbody tr td:first-child a").all_inner_texts()


@pytest.mark.screenshot("browse-list.png")
def test_facet_then_page_two_then_a_row_reaches_its_resource(
    page, live_sample_server, screenshot_path
):
    url = live_sample_server.url
    page.goto(url + "/entities?size=10")
    facet = page.locator("section[data-facet=type] li", has_text="Concept")
    counted = int(facet.locator(".count").inner_text())
    facet.locator("a").click()
    assert query_of(page.url)["type"] == ["Concept"]
    assert int(page.inner_text(".meta .total")) == counted > 10
    assert page.locator("section[data-facet=type] li.selected").inner_text().startswith("Concept")
    page.screenshot(path=str(screenshot_path), full_page=True)
    first = row_labels(page)

    page.click("nav.pager a[rel=next]")
    assert query_of(page.url)["page"] == ["2"] and query_of(page.url)["type"] == ["Concept"]
    second = row_labels(page)
    assert len(second) == 10 and not set(first) & set(second)
    expected = requests.get(
        url + "/entities.json", params={"type": "Concept", "size": 10, "page": 2}, timeout=30
    ).json()["results"]
    assert second == [row["label"] for row in expected]

    link = page.locator("table.browse tbody tr td:first-child a").first
    link.click()
    assert urlsplit(page.url).path == expected[0]["url"]
    assert page.inner_text("h1").strip() == expected[0]["label"]


@pytest.mark.screenshot("canned-query.png")
def test_a_canned_query_form_runs_with_the_value_typed(
    page, live_sample_server, sample_store, screenshot_path
):
    url = live_sample_server.url
    page.goto(url + "/queries")
    query = load_stored_queries()["papers-using-entity"]
    page.click(f"text={query.title}")
    assert page.input_value("input[name=label]") == query.params["label"]
    before = page.locator(".results tbody tr").all_inner_texts()

    page.fill("input[name=label]", "Llama")
    page.click("form.canned-form button[type=submit]")
    assert query_of(page.url) == {"label": ["Llama"]}
    assert page.input_value("input[name=label]") == "Llama"
    titles = page.locator(".results tbody tr td:nth-child(2)").all_inner_texts()
    expected = open_store(sample_store).query(bind_params(query, {"label": "Llama"}))
    assert titles == [str(row.title) for row in expected] and titles
    page.screenshot(path=str(screenshot_path), full_page=True)
    assert page.locator(".results tbody tr").all_inner_texts() != before
    json_link = page.get_attribute("a:text-is('JSON')", "href")
    assert query_of(json_link) == {"label": ["Llama"]}
