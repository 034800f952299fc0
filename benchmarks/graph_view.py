"""Time to a stabilised first graph view in headless Chromium, on stores of 1k, 10k, 100k notes.

Run by hand (not part of the test suite); needs Debian's Chromium and the `playwright` package:

    python benchmarks/graph_view.py --notes 1000 10000 100000

The stores are synthetic and written straight as N-Quads (the build of 100k real notes is issue
8's work): papers with one note and five links each to entities drawn from a Pareto law, with
their annotations, entity labels and the analysis scores the view ranks by. "cold" is the
first request after the server starts (the default view is then computed and cached per
build), "warm" the next one.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from _suite.servers import papergraph_server
from playwright.sync_api import Browser, sync_playwright

from papergraph.rdf.namespaces import DCTERMS, DEFAULT_BASE, OA, PG, RDF, SKOS, XSD
from papergraph.store import write_build

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
_TYPES = ("Method", "Model", "Dataset", "Metric", "Concept")
_RELATIONS = ("uses", "proposes", "evaluatesOn", "discusses")


def synthetic_nquads(notes: int, *, seed: int = 1) -> bytes:
    """A store-shaped dataset of `notes` papers, as N-Quads."""
    rng = random.Random(seed)
    entities = max(200, notes // 5)
    links, analysis, notes_graph = (
        f"<{DEFAULT_BASE}graph/{name}>" for name in ("links", "analysis", "notes")
    )
    lines: list[str] = []

    def quad(subject: str, predicate: str, obj: str, graph: str) -> None:
        lines.append(f"{subject} <{predicate}> {obj} {graph} .")

    for index in range(entities):
        entity = f"<{DEFAULT_BASE}entity/e{index}>"
        quad(entity, RDF.type, f"<{PG[_TYPES[index % 5]]}>", links)
        quad(entity, SKOS.prefLabel, f'"entity {index}"', links)
        quad(entity, PG.pagerank, f'"{1 / (index + 1):.8f}"^^<{XSD.double}>', analysis)
        quad(entity, PG.community, f'"{index % 17}"^^<{XSD.integer}>', analysis)
    for number in range(notes):
        paper, note = f"<{DEFAULT_BASE}paper/p{number}>", f"<{DEFAULT_BASE}note/p{number}-1>"
        quad(paper, RDF.type, f"<{PG.Paper}>", notes_graph)
        quad(paper, DCTERMS.title, f'"Paper {number} on things"', notes_graph)
        quad(paper, PG.hasNote, note, notes_graph)
        quad(note, PG.summary, f'"We study entity things in paper {number}."', notes_graph)
        for link in range(5):
            entity = f"<{DEFAULT_BASE}entity/e{min(entities - 1, int(rng.paretovariate(1.1)) - 1)}>"
            quad(paper, PG[_RELATIONS[link % 4]], entity, links)
            annotation = f"<{DEFAULT_BASE}note/p{number}-1#a{link}>"
            target, selector = annotation[:-1] + ".target>", annotation[:-1] + ".position>"
            quad(annotation, OA.hasBody, entity, links)
            quad(annotation, OA.hasTarget, target, links)
            quad(target, OA.hasSource, note, links)
            quad(target, OA.hasSelector, selector, links)
            quad(selector, OA.start, f'"9"^^<{XSD.integer}>', links)
            quad(selector, OA.end, f'"15"^^<{XSD.integer}>', links)
    return ("\n".join(lines) + "\n").encode("utf-8")


def first_view(browser: Browser, url: str, *, deadline: float = 120.0) -> tuple[float, int]:
    """Seconds from opening `url`/graph to a stabilised view, and the number of nodes drawn.

    Raises:
        TimeoutError: the view did not stabilise within `deadline` seconds.
    """
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        started = time.perf_counter()
        page.goto(url + "/graph", timeout=deadline * 1000)
        while not page.evaluate("() => Boolean(window.papergraph?.stabilised)"):
            if time.perf_counter() - started > deadline:
                raise TimeoutError(f"the graph view did not stabilise within {deadline:g} s")
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        return seconds, page.evaluate("() => window.papergraph.nodes.length")
    finally:
        page.close()


def time_first_views(url: str) -> tuple[float, float, int]:
    """Seconds to a stabilised /graph of the server at `url`, cold (its first request) and warm,
    and the number of nodes drawn.

    Raises:
        FileNotFoundError: no Chromium at CHROMIUM.
    """
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            cold, nodes = first_view(browser, url)
            warm, _ = first_view(browser, url)
        finally:
            browser.close()
    return cold, warm, nodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args()
    print("| notes | quads | cold first view s | warm first view s | nodes drawn |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for notes in args.notes:
        with tempfile.TemporaryDirectory() as folder:
            data = synthetic_nquads(notes)
            store = Path(folder) / "store"
            write_build(store, data)
            with papergraph_server(store, Path(folder), query_timeout=30) as server:
                cold, warm, nodes = time_first_views(server.base_url)
            quads = data.count(b"\n")
            print(f"| {notes:,} | {quads:,} | {cold:.1f} | {warm:.1f} | {nodes} |")


if __name__ == "__main__":
    main()
