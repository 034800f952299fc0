"""Canned queries load, bind their parameters and run on a real store; results serialise."""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from papergraph.cli import cli
from papergraph.queries import bind_params, load_stored_queries, page_of, parse_stored_query
from papergraph.results import short_term, tsv_term

CANNED = load_stored_queries()


def test_there_are_canned_queries():
    assert len(CANNED) >= 5
    assert all(query.title for query in CANNED.values())


def test_at_least_ten_canned_queries_with_descriptions():
    assert len(CANNED) >= 10
    assert all(query.description for query in CANNED.values())


@pytest.mark.parametrize("name", sorted(CANNED))
def test_canned_query_file_finds_something_in_the_sample_graph(runner, sample_store, name):
    path = Path(__file__).resolve().parent.parent / "queries" / f"{name}.rq"
    result = runner.invoke(
        cli, ["query", str(path), "--store", str(sample_store), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"]["bindings"], f"{name} finds nothing"


def test_parameters_are_bound_as_escaped_literals():
    query = parse_stored_query(
        "q", '# title: T\n# param: label = Adam\nSELECT * { VALUES ?label { "Adam" } ?s ?p ?label }'
    )
    assert query.params == {"label": "Adam"}
    bound = bind_params(query, {"label": 'say "hi" \\ there'})
    assert 'VALUES ?label { "say \\"hi\\" \\\\ there" }' in bound
    with pytest.raises(ValueError, match="no parameter"):
        bind_params(query, {"other": "x"})


def test_a_query_file_needs_a_title():
    with pytest.raises(ValueError, match="title"):
        parse_stored_query("untitled", "SELECT * { ?s ?p ?o }")


@pytest.mark.parametrize(
    ("term", "tsv", "short"),
    [
        (
            URIRef("https://w3id.org/papergraph/ontology#Paper"),
            "<https://w3id.org/papergraph/ontology#Paper>",
            "pg:Paper",
        ),
        (Literal("tab\there\nnext"), '"tab\\there\\nnext"', "tab\there\nnext"),
        (Literal("hi", lang="en"), '"hi"@en', "hi"),
        (BNode("b0"), "_:b0", "_:b0"),
        (None, "", ""),
    ],
)
def test_term_rendering(term, tsv, short):
    assert tsv_term(term) == tsv
    assert short_term(term) == short


# --- Rewritten queries give the answers their definitions give (the sample graph) -----------


def _rows(runner, store, query: str, *params: str, options=()) -> list[dict[str, str]]:
    """The rows of a query's JSON answer (a page's "more rows follow" note goes to stderr)."""
    args = ["query", query, "--store", str(store), "--format", "json", *options]
    for param in params:
        args += ["-p", param]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    return [{name: term["value"] for name, term in row.items()} for row in bindings]


def _parts(*joined: str) -> frozenset[str]:
    """The parts of GROUP_CONCATs (joined in no defined order; a label may hold ", " too)."""
    return frozenset(part for text in joined for part in text.split(", "))


def test_communities_lists_the_members_with_fewer_than_five_ranked_higher(runner, sample_store):
    members: dict[str, list[tuple[str | None, float]]] = {}
    for row in _rows(
        runner,
        sample_store,
        "SELECT ?community ?rank ?label { ?entity pg:community ?community ; pg:pagerank ?rank "
        "OPTIONAL { ?entity skos:prefLabel ?label } }",
    ):
        members.setdefault(row["community"], []).append((row.get("label"), float(row["rank"])))

    def higher(rank: float, ranks: list[float]) -> int:  # a relative 1e-9 apart is a tie
        return sum(other > rank * 1.000000001 for other in ranks)

    expected = {}
    for community, ranked in members.items():
        ranks = [rank for _, rank in ranked]
        top = {label for label, rank in ranked if label and higher(rank, ranks) < 5}
        if top:
            expected[community] = _parts(*top)
    answer = _rows(runner, sample_store, "communities")
    assert {row["community"]: _parts(row["topMembers"]) for row in answer} == expected
    sizes = [int(row["size"]) for row in answer]
    assert sizes == sorted(sizes, reverse=True)


def test_related_papers_share_at_least_two_entities_with_a_matching_paper(runner, sample_store):
    relations = "pg:proposes|pg:uses|pg:evaluatesOn|pg:discusses"
    labels = {
        row["entity"]: row["label"]
        for row in _rows(
            runner, sample_store, "SELECT ?entity ?label { ?entity skos:prefLabel ?label }"
        )
    }
    entities: dict[str, set[str]] = {}
    for row in _rows(
        runner, sample_store, f"SELECT ?paper ?entity {{ ?paper {relations} ?entity }}"
    ):
        if row["entity"] in labels:
            entities.setdefault(row["paper"], set()).add(row["entity"])
    titles = {
        row["paper"]: row["title"]
        for row in _rows(
            runner,
            sample_store,
            "SELECT ?paper ?title { ?paper a pg:Paper ; dcterms:title ?title }",
        )
    }
    matching = [paper for paper, title in titles.items() if "the" in title.lower()]
    expected = {}
    for other, mentioned in entities.items():
        if other not in titles:
            continue
        shared = set().union(*(entities.get(p, set()) & mentioned for p in matching if p != other))
        if len(shared) >= 2:
            expected[other] = (len(shared), _parts(*(labels[entity] for entity in shared)))
    answer = _rows(runner, sample_store, "related-papers", "title=THE")
    assert {
        row["other"]: (int(row["shared"]), _parts(row["entities"])) for row in answer
    } == expected
    assert expected
    keys = [(-int(row["shared"]), row["otherTitle"]) for row in answer]
    assert keys == sorted(keys)


@pytest.mark.parametrize("kind", ["", "Model", "Dataset"])
def test_entities_by_paper_count_counts_the_papers_that_mention_each(runner, sample_store, kind):
    """The ranking reads the analysis stage's pg:paperCount; recounted here from the links."""
    kinds = [kind] if kind else ["Method", "Model", "Dataset", "Metric"]
    typed = {
        (row["entity"], row["type"])
        for row in _rows(runner, sample_store, "SELECT ?entity ?type { ?entity a ?type }")
        if row["type"].rsplit("#", 1)[-1] in kinds and "papergraph/ontology" in row["type"]
    }
    papers: dict[str, set[str]] = {}
    for row in _rows(runner, sample_store, "SELECT ?paper ?entity { ?paper pg:mentions ?entity }"):
        papers.setdefault(row["entity"], set()).add(row["paper"])
    pagerank = {  # rounded to 12 decimals, as the query ranks it
        row["entity"]: math.floor(float(row["score"]) * 1e12 + 0.5)
        for row in _rows(
            runner, sample_store, "SELECT ?entity ?score { ?entity pg:pagerank ?score }"
        )
    }
    expected = {(entity, t, len(papers[entity])) for entity, t in typed if entity in papers}

    query, param = "entities-by-paper-count", f"kind={kind}"
    rows = _rows(runner, sample_store, query, param, options=("--limit", "100000"))
    first_page = _rows(runner, sample_store, query, param)
    assert {(r["entity"], r["type"], int(r["papers"])) for r in rows} == expected and expected
    keys = [(-int(r["papers"]), -pagerank[r["entity"]], r["entity"]) for r in rows]
    assert keys == sorted(keys)
    assert rows[: len(first_page)] == first_page


def _titles_and_values(runner, store) -> tuple[dict[str, str], dict[str, Decimal]]:
    titles = {
        row["paper"]: row["title"]
        for row in _rows(runner, store, "SELECT ?paper ?title { ?paper dcterms:title ?title }")
    }
    values = {
        row["quantity"]: Decimal(row["value"])
        for row in _rows(runner, store, "SELECT ?quantity ?value { ?quantity rdf:value ?value }")
    }
    return titles, values


def test_quantities_are_listed_by_paper_title_then_value(runner, sample_store):
    """The query sorts by the analysis stage's pg:quantityOrder; the order is checked here
    against the titles and values themselves."""
    titles, values = _titles_and_values(runner, sample_store)
    reported = _rows(
        runner, sample_store, "SELECT ?paper ?quantity { ?paper pg:reports ?quantity }"
    )
    rows = _rows(runner, sample_store, "quantities", options=("--limit", "100000"))
    assert {(r["paper"], r["quantity"]) for r in rows} == {
        (r["paper"], r["quantity"]) for r in reported
    } and len(rows) == len(reported) > 20
    keys = [
        (titles[r["paper"]], r["paper"], r["quantity"] not in values,
         values.get(r["quantity"], 0), r["quantity"])
        for r in rows
    ]  # fmt: skip
    assert keys == sorted(keys)


def test_quantities_above_rank_by_value_then_paper_title(runner, sample_store):
    titles, values = _titles_and_values(runner, sample_store)
    rows = _rows(
        runner,
        sample_store,
        "quantities-above",
        "minimum=2",
        "in_unit=",
        options=("--limit", "1000"),
    )
    assert rows and all(Decimal(r["value"]) >= 2 for r in rows)
    assert len(rows) == sum(value >= 2 for value in values.values())
    keys = [(-Decimal(r["value"]), r["title"]) for r in rows]
    assert keys == sorted(keys)


def test_paper_proposals_are_listed_by_title(runner, sample_store):
    titles, _ = _titles_and_values(runner, sample_store)
    proposing = {
        row["paper"]
        for row in _rows(runner, sample_store, "SELECT DISTINCT ?paper { ?paper pg:proposes ?x }")
    }
    rows = _rows(runner, sample_store, "paper-proposals", options=("--limit", "1000"))
    assert [r["paper"] for r in rows] == sorted(proposing, key=lambda p: (titles[p], p))


def test_entity_counts_count_each_type_and_the_papers_linked_to_it(runner, sample_store):
    """Recounted from the asserted links: pg:mentions, which the query reads, is entailed."""
    links = "pg:proposes|pg:uses|pg:evaluatesOn|pg:discusses"
    kinds = ["Method", "Model", "Dataset", "Metric", "Concept"]
    entities: dict[str, set[str]] = {kind: set() for kind in kinds}
    for row in _rows(runner, sample_store, "SELECT ?entity ?type { ?entity a ?type }"):
        kind = row["type"].removeprefix("https://w3id.org/papergraph/ontology#")
        if kind in entities:
            entities[kind].add(row["entity"])
    papers: dict[str, set[str]] = {}
    for row in _rows(runner, sample_store, f"SELECT ?paper ?entity {{ ?paper {links} ?entity }}"):
        papers.setdefault(row["entity"], set()).add(row["paper"])
    expected = {
        kind: (len(members), len(set().union(*(papers.get(e, set()) for e in members))))
        for kind, members in entities.items()
    }
    answer = {
        row["type"].rsplit("#", 1)[-1]: (int(row["entities"]), int(row["papers"]))
        for row in _rows(runner, sample_store, "entity-counts")
    }
    assert answer == expected and all(n for n, _ in expected.values())


def test_link_provenance_finds_mentions_in_notes_and_in_titles(runner, sample_store):
    rows = _rows(runner, sample_store, "link-provenance", "label=transformer", "title=")
    sources = {row["source"] for row in rows}
    assert {row["paper"] for row in rows} & sources, "no mention found in a title"
    assert sources - {row["paper"] for row in rows}, "no mention found in a note"
    keys = [(row["paperTitle"], int(row["start"])) for row in rows]
    assert keys == sorted(keys)


# Paging: what a query is comes from its parse tree, so a LIMIT inside a subquery, a string or
# a comment does not stop a page, and a top-level one does.
@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ?s ?p ?o } # LIMIT 3",
        'SELECT * { ?s ?p "LIMIT 3" }',
        "SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 3 } }",
        "PREFIX ex: <urn:ex:>\nselect ?s where { ?s ex:p ?o } order by ?s",
    ],
)
def test_a_select_query_gets_its_page_as_its_last_clause(text):
    paged = page_of(text, 5, 10)
    assert paged.endswith("\nLIMIT 5 OFFSET 10\n")
    assert page_of(text, None, 4).endswith("\nOFFSET 4\n")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("ASK { ?s ?p ?o }", "only SELECT"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "only SELECT"),
        ("SELECT * { ?s ?p ?o } LIMIT 3", "its own LIMIT"),
        ("SELECT * { ?s ?p ?o } OFFSET 3", "its own LIMIT"),
        ("SELECT * { ?s ?p ?o } VALUES ?s { <urn:a> }", "trailing VALUES"),
        ("SELECT * { ?s ?p ?o", "does not parse"),
    ],
)
def test_a_page_is_refused_where_it_cannot_be_the_last_clause(text, why):
    with pytest.raises(ValueError, match=why):
        page_of(text, 5)


@pytest.mark.parametrize("name", sorted(CANNED))
def test_every_canned_query_can_be_paged(name):
    paged = bind_params(CANNED[name], {}, limit=2, offset=1)
    if CANNED[name].page_in_subquery:  # cut in its ranking subquery, which keeps its indent
        assert re.search(r"\n[ \t]+LIMIT 2 OFFSET 1\n", paged) and "OFFSET 0" not in paged
        assert not paged.rstrip().endswith("OFFSET 1")
    else:
        assert paged.endswith("\nLIMIT 2 OFFSET 1\n")


def test_a_query_paged_in_a_subquery_needs_its_page_line():
    text = "# title: t\n# page: 5 in-subquery\nSELECT * { { SELECT ?s { ?s ?p ?o } } }\n"
    with pytest.raises(ValueError, match="LIMIT N OFFSET 0"):
        parse_stored_query("t", text)
    query = parse_stored_query("t", text.replace("} } }", "}\n  LIMIT 5 OFFSET 0\n} }"))
    assert query.page == 5 and query.page_in_subquery
    assert "\n  LIMIT 5 OFFSET 10\n" in bind_params(query, {}, offset=10)
    with pytest.raises(ValueError, match="0 or more"):
        bind_params(query, {}, limit=-1)


@pytest.mark.parametrize("name", ["quantities", "entities-by-paper-count"])
def test_pages_of_a_canned_query_join_to_its_whole_answer(runner, sample_store, name):
    """Pages cut at the end of the query and pages cut in its ranking subquery alike."""

    def page(*options: str) -> tuple[list[list[str]], str]:
        result = runner.invoke(
            cli, ["query", name, "--store", str(sample_store), "--format", "csv", *options]
        )
        assert result.exit_code == 0, result.output
        rows = [line.split(",") for line in result.stdout.splitlines()[1:] if line]
        return rows, result.stderr

    whole, note = page("--limit", "100000")
    assert len(whole) > 7 and note == ""
    first, note = page("--limit", "4")
    assert note.strip() == "papergraph: more rows follow: --offset 4"
    second, _ = page("--limit", "4", "--offset", "4")
    rest, note = page("--limit", "100000", "--offset", "8")
    assert first + second + rest == whole and len(first) == len(second) == 4
    assert note == ""


def test_a_canned_query_with_a_page_size_answers_its_first_page(runner, sample_store):
    query = CANNED["top-entities-pagerank"]
    assert query.page == 25
    result = runner.invoke(
        cli, ["query", query.name, "--store", str(sample_store), "--format", "json"]
    )
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 25
    assert "--offset 25" in result.stderr
