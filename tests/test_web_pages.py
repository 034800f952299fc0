"""The resource pages to read (issue 17): an entity's, a paper's and a collection's page, over
real HTTP on `papergraph serve` with the store built from the sample page. The expected values
come from the store by SPARQL queries written here."""

from __future__ import annotations

import html
import re

import pytest
import requests
from rdflib import Graph, URIRef

from papergraph.rdf.namespaces import DEFAULT_BASE, PG, SCHEMA
from papergraph.store import open_store

COLLECTION = f"{DEFAULT_BASE}collection/neurips-2025-pretraining"
RELATIONS = {
    "Proposed by": "proposes",
    "Used by": "uses",
    "Evaluated in": "evaluatesOn",
    "Discussed in": "discusses",
}
ENTITIES = ["galore", "transformer", "llama", "adam", "pretraining", "sara"]
LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)


@pytest.fixture(scope="module")
def dataset(sample_store):
    return open_store(sample_store)


def get_page(server, path: str) -> str:
    response = requests.get(server.url + path, headers={"Accept": "text/html"}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/html")
    return response.text


def path_of(iri: str) -> str:
    return "/id/" + iri.removeprefix(DEFAULT_BASE)


def main_part(page: str) -> str:
    """The page above the collapsed triples."""
    return page[: page.index('<details class="triples"')]


def triples_part(page: str) -> str:
    return page[page.index('<details class="triples"') : page.index("</details>")]


def select(dataset, query: str) -> list:
    return list(dataset.query(query))


# --- entity pages --------------------------------------------------------------------------------


def papers_by_relation(page: str) -> dict[str, list[str]]:
    """Relation -> the paper links listed under it, in order (duplicates kept)."""
    found = {}
    for section in main_part(page).split('<section class="relation">')[1:]:
        heading = re.search(r"<h2>(.*?) <span", section).group(1)
        items = section[: section.index("</section>")]
        found[RELATIONS[heading]] = re.findall(r'<li><a href="(/id/paper/[^"]+)"', items)
    return found


@pytest.mark.parametrize("slug", ENTITIES)
def test_an_entity_lists_each_paper_once_under_each_of_its_relations(
    live_sample_server, dataset, slug
):
    entity = f"{DEFAULT_BASE}entity/{slug}"
    listed = papers_by_relation(get_page(live_sample_server, f"/id/entity/{slug}"))
    expected: dict[str, set[str]] = {}
    for row in select(
        dataset,
        f"""SELECT DISTINCT ?relation ?paper WHERE {{
          VALUES ?relation {{ pg:proposes pg:uses pg:evaluatesOn pg:discusses }}
          {{ ?paper ?relation <{entity}> }}
          UNION {{ ?paper ?relation ?variant . ?variant pg:variantOf+ <{entity}> }}
        }}""",
    ):
        relation = str(row.relation).removeprefix(str(PG))
        expected.setdefault(relation, set()).add(path_of(str(row.paper)))
    assert expected, slug
    assert {relation: set(papers) for relation, papers in listed.items()} == expected
    for relation, papers in listed.items():
        assert len(papers) == len(set(papers)), (slug, relation)


@pytest.mark.parametrize("slug", ENTITIES)
def test_no_link_shows_a_raw_iri(live_sample_server, slug):
    page = get_page(live_sample_server, f"/id/entity/{slug}")
    texts = [html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for _, text in LINK.findall(page)]
    assert texts and all(text for text in texts)
    raw = [text for text in texts if "#with-" in text or text.startswith((DEFAULT_BASE, "/id/"))]
    assert not raw


def test_the_entity_page_says_what_it_is_with_readable_ranked_scores(live_sample_server, dataset):
    galore = f"{DEFAULT_BASE}entity/galore"
    page = get_page(live_sample_server, "/id/entity/galore")
    lead = main_part(page)
    row = select(
        dataset,
        f"""SELECT ?mine (SUM(IF(?score > ?mine, 1, 0)) AS ?higher) (COUNT(?e) AS ?total) {{
          <{galore}> pg:pagerank ?mine . ?e pg:pagerank ?score }} GROUP BY ?mine""",
    )[0]
    assert f"{float(row.mine):.2g}" in lead
    assert f"#{int(row.higher) + 1} of {int(row.total):,} entities" in lead
    assert f">{row.mine}<" not in page  # the raw double is never the text, only its title
    assert '<span class="type">Method</span>' in lead
    for other in select(dataset, f"SELECT ?l {{ <{galore}> pg:coOccursWith/skos:prefLabel ?l }}"):
        assert f">{html.escape(str(other.l), quote=False)}</a>" in lead


def test_the_long_form_of_an_acronym_leads_the_page(live_sample_server, dataset):
    page = main_part(get_page(live_sample_server, "/id/entity/sara"))
    (long_form,) = [
        str(r.l)
        for r in select(dataset, "SELECT ?l { ?e skos:prefLabel 'SARA' ; skos:altLabel ?l }")
    ]
    assert f"<dfn>{long_form}</dfn>" in page


def test_a_family_shows_its_variants_and_the_variant_its_parent(live_sample_server, dataset):
    rows = select(
        dataset,
        """SELECT ?child ?parent { ?child pg:variantOf ?parent .
           ?child skos:prefLabel [] . ?parent skos:prefLabel [] } ORDER BY ?child LIMIT 1""",
    )
    assert rows
    child, parent = rows[0]
    parent_page = main_part(get_page(live_sample_server, path_of(str(parent))))
    child_page = main_part(get_page(live_sample_server, path_of(str(child))))
    assert f'href="{path_of(str(child))}"' in parent_page.split('class="inline family"')[1]
    assert f'href="{path_of(str(parent))}"' in child_page.split('class="inline family"')[1]


def test_all_triples_are_the_asserted_ones_once_each(live_sample_server, dataset):
    galore = URIRef(f"{DEFAULT_BASE}entity/galore")
    triples = triples_part(get_page(live_sample_server, "/id/entity/galore"))
    # What the reasoner adds (inverses, super-properties) is not shown ...
    for inferred in ("mentioned in", "used by", "schema:mentions", str(SCHEMA.mentions)):
        assert inferred not in triples
    (paper,) = [r.p for r in select(dataset, f"SELECT ?p {{ ?p pg:uses <{galore}> }}")]
    assert triples.count(f'href="{path_of(str(paper))}"') == 1
    # ... but the Turtle still carries the entailments: content negotiation is unchanged.
    turtle = requests.get(live_sample_server.url + "/id/entity/galore.ttl", timeout=60).text
    assert (galore, PG.mentionedIn, paper) in Graph().parse(data=turtle, format="turtle")


# --- paper pages ---------------------------------------------------------------------------------


def entity_mentions(dataset, note: str) -> list[tuple[str, str]]:
    """(quote, entity path) of the entity mentions of `note` in text order; a mention inside
    another is left out, as the page marks the outer one."""
    rows = select(
        dataset,
        f"""SELECT DISTINCT ?start ?end ?body WHERE {{
          ?a oa:hasBody ?body ; oa:hasTarget ?t . ?body a pg:Entity .
          ?t oa:hasSource <{note}> ; oa:hasSelector ?s . ?s oa:start ?start ; oa:end ?end .
        }} ORDER BY ?start DESC(?end)""",
    )
    (summary,) = [str(r.s) for r in select(dataset, f"SELECT ?s {{ <{note}> pg:summary ?s }}")]
    found, position = [], 0
    for row in rows:
        start, end = int(row.start), int(row.end)
        if start >= position:
            found.append((summary[start:end], path_of(str(row.body))))
            position = end
    return found


@pytest.mark.parametrize("title_word", ["Breaking the Frozen Subspace", "Scalable Fingerprinting"])
def test_the_paper_page_marks_every_mention_in_its_notes(live_sample_server, dataset, title_word):
    (paper,) = [
        r.p
        for r in select(
            dataset,
            f'SELECT ?p {{ ?p dcterms:title ?t FILTER (STRSTARTS(?t, "{title_word}")) }}',
        )
    ]
    page = main_part(get_page(live_sample_server, path_of(str(paper))))
    notes = re.findall(
        r'<blockquote class="note"[^>]*cite="([^"]+)">(.*?)</blockquote>', page, re.S
    )
    assert notes
    for note, body in notes:
        marks = re.findall(r'<a class="span[^"]*" href="([^"]+)"[^>]*><mark>(.*?)</mark></a>', body)
        expected = entity_mentions(dataset, note)
        assert expected
        assert [(html.unescape(text), href) for href, text in marks] == expected


def test_the_paper_page_names_its_collection_and_related_papers(live_sample_server, dataset):
    (paper,) = [
        r.p for r in select(dataset, f"SELECT ?p {{ ?p pg:uses <{DEFAULT_BASE}entity/galore> }}")
    ]
    page = main_part(get_page(live_sample_server, path_of(str(paper))))
    assert (
        f'<a href="{path_of(COLLECTION)}" title="{COLLECTION}">NeurIPS 2025 · Pretraining</a>'
        in page
    )
    related = select(
        dataset,
        f"""SELECT ?other (COUNT(DISTINCT ?e) AS ?n) {{ <{paper}> pg:mentions ?e .
          ?other pg:mentions ?e FILTER (?other != <{paper}>) }}
          GROUP BY ?other ORDER BY DESC(?n)""",
    )
    section = page.split('<section class="related">')[1]
    assert path_of(str(related[0].other)) in section
    for heading in ("Proposes", "Uses", "Discusses"):
        assert f"<dt>{heading}</dt>" in page


# --- collection pages ----------------------------------------------------------------------------


def test_the_collection_page_lists_its_papers_once_under_its_label(live_sample_server, dataset):
    page = get_page(live_sample_server, path_of(COLLECTION))
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1).strip()
    assert heading == "NeurIPS 2025 · Pretraining"
    listing = page[page.index('<ol class="paper-list">') :]
    listing = listing[: listing.index("</ol>")]
    links = re.findall(r'<a href="(/id/paper/[^"]+)"', listing)
    (count,) = [
        int(r.n)
        for r in select(
            dataset, f"SELECT (COUNT(DISTINCT ?p) AS ?n) {{ ?p pg:inCollection <{COLLECTION}> }}"
        )
    ]
    assert count == 48
    assert len(links) == len(set(links)) == count
    assert main_part(page).count('href="/id/paper/') == count  # nowhere else above the triples


def test_the_collection_page_shows_its_central_entities_and_links(live_sample_server, dataset):
    page = main_part(get_page(live_sample_server, path_of(COLLECTION)))
    top = select(
        dataset,
        f"""SELECT DISTINCT ?e ?score {{ ?p pg:inCollection <{COLLECTION}> ; pg:mentions ?e .
          ?e pg:pagerank ?score }} ORDER BY DESC(?score) LIMIT 1""",
    )[0]
    central = page.split('<section class="central">')[1]
    assert re.search(r'<li><a href="([^"]+)"', central).group(1) == path_of(str(top.e))
    assert "only collection" in page  # nothing to compare it with in the sample store
    assert 'href="/graph"' in page and "/entities?collection=" in page
