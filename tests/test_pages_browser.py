"""The resource pages to read (issue 17) in a real headless Chromium with JavaScript off,
against `papergraph serve` over the store built from the sample page: the entity page fits one
screen above its collapsed triples; the pictures in docs/ are taken here.

Needs the Python package `playwright` and Debian's Chromium at /usr/bin/chromium (never
`playwright install`): skipped when either is missing."""

from __future__ import annotations

import pytest

from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.store import open_store

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

SCREEN = {"width": 1400, "height": 900}


@pytest.fixture
def page(browser):
    """A page at 1400×900 with JavaScript disabled: the resource pages need none."""
    context = browser.new_context(viewport=SCREEN, java_script_enabled=False)
    yield context.new_page()
    context.close()


def _path_of(sample_store, query: str) -> str:
    row = next(iter(open_store(sample_store).query(query)))
    return "/id/" + str(row[0]).removeprefix(DEFAULT_BASE)


@pytest.mark.screenshot("entity-page.png")
def test_the_entity_page_fits_one_screen_above_its_triples(
    page, live_sample_server, screenshot_path
):
    page.goto(live_sample_server.url + "/id/entity/galore")
    triples = page.locator("details.triples")
    assert triples.get_attribute("open") is None  # collapsed
    top = triples.evaluate("element => element.getBoundingClientRect().top")
    assert 0 < top <= SCREEN["height"]
    assert page.locator("section.relation li").count() >= 1
    assert page.locator("section.relation mark").first.inner_text() == "GaLore"
    page.screenshot(path=str(screenshot_path))
    triples.locator("summary").click()  # opens without JavaScript
    assert triples.get_attribute("open") is not None
    assert page.locator("details.triples dl.properties").first.is_visible()


@pytest.mark.screenshot("paper-page.png")
def test_the_paper_page_marks_its_mentions(page, live_sample_server, sample_store, screenshot_path):
    path = _path_of(
        sample_store,
        'SELECT ?p { ?p dcterms:title ?t FILTER (STRSTARTS(?t, "Breaking the Frozen")) }',
    )
    page.goto(live_sample_server.url + path)
    marks = page.locator("blockquote.note a.span mark")
    assert marks.count() >= 5
    assert "GaLore" in marks.all_inner_texts()
    page.screenshot(path=str(screenshot_path), full_page=True)


@pytest.mark.screenshot("collection-page.png")
def test_the_collection_page_reads_as_a_table_of_contents(
    page, live_sample_server, screenshot_path
):
    page.goto(live_sample_server.url + "/id/collection/neurips-2025-pretraining")
    assert page.locator("h1").inner_text() == "NeurIPS 2025 · Pretraining"
    assert page.locator("ol.paper-list li").count() == 48
    page.screenshot(path=str(screenshot_path))
