"""Neighbourhood and centrality questions, and validation, through the command line."""

from __future__ import annotations

import json

import pytest

from papergraph.cli import cli
from papergraph.lookup import normalise_label, top_entities


def invoke(runner, *args):
    return runner.invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Llama 3.1", "Llama-3.1"), ("Transformers", "transformer"), ("GaLore", "galore")],
)
def test_labels_compare_alike(one, other):
    assert normalise_label(one) == normalise_label(other)


def test_neighbours_of_a_method_name_its_paper(runner, sample_store):
    result = invoke(runner, "neighbours", "galore", "--store", sample_store, "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["entity"]["label"] == "GaLore"
    papers = {link["title"]: link for link in found["papers"]}
    frozen = [title for title in papers if title.startswith("Breaking the Frozen Subspace")]
    assert frozen and papers[frozen[0]]["relation"] == "uses"
    assert "GaLore" in papers[frozen[0]]["sentence"]


@pytest.mark.parametrize(
    ("family", "variant_papers"),
    [
        # "Llama" is no name of a note of the sample: the vocabulary knows the family
        ("Llama", {"Scalable Fingerprinting of Large Language Models": "Llama-3.1-8B",
                   "Vocabulary Customization for Efficient Domain-Specific LLM Deployment":
                   "Llama-3.1"}),
        ("Llama 3.1", {"Scalable Fingerprinting of Large Language Models": "Llama-3.1-8B"}),
    ],
)  # fmt: skip
def test_neighbours_of_a_family_lists_its_variants_papers(
    runner, sample_store, family, variant_papers
):
    result = invoke(runner, "neighbours", family, "--store", sample_store, "--format", "json")
    assert result.exit_code == 0, result.output
    via = {link["title"]: link["via"] for link in json.loads(result.output)["papers"]}
    for title, variant in variant_papers.items():
        assert via[title] == variant
    text = invoke(runner, "neighbours", family, "--store", sample_store).output
    assert "(via Llama-3.1-8B)" in text


def test_a_model_family_reaches_the_papers_of_its_variants(runner, sample_store):
    family = invoke(runner, "neighbours", "Llama 3.1", "--store", sample_store, "--format", "json")
    assert family.exit_code == 0, family.output
    variants = {ref["label"] for ref in json.loads(family.output)["variants"]}
    assert "Llama-3.1-8B" in variants
    query = invoke(
        runner, "query", "papers-using-entity", "-p", "label=Llama 3.1", "--store", sample_store
    )
    assert "Llama-3.1-8B" in query.output


def test_a_long_form_resolves_to_its_acronym(runner, sample_store):
    result = invoke(
        runner,
        "neighbours",
        "sampling-based adaptive rank allocation",
        "--store",
        sample_store,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["entity"]["label"] == "SARA"


def test_unknown_label_suggests_close_ones(runner, sample_store):
    result = invoke(runner, "neighbours", "GaLorre", "--store", sample_store)
    assert result.exit_code == 1
    assert "did you mean" in result.output and "GaLore" in result.output


@pytest.mark.parametrize("label", ["galor", "GALORRE", "ga-lore x"])
def test_suggestions_compare_labels_as_the_lookup_does(runner, sample_store, label):
    result = invoke(runner, "neighbours", label, "--store", sample_store)
    assert result.exit_code == 1
    assert "did you mean 'GaLore'" in result.output


@pytest.mark.parametrize("spelling", ["Method", "method", "METHOD"])
def test_the_entity_type_is_read_in_any_case(runner, sample_store, spelling):
    result = invoke(
        runner, "centrality", "--type", spelling, "--store", sample_store, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.output)
    rows = ranked["results"] if isinstance(ranked, dict) else ranked
    assert rows and all(row["type"] == "Method" for row in rows)


def test_the_api_reads_the_entity_type_in_any_case(sample_client):
    answers = [
        sample_client.get("/api/centrality", query_string={"type": t}).get_json()
        for t in ("Method", "method")
    ]
    assert answers[0]["results"] and answers[0]["results"] == answers[1]["results"]


def _comentioned(dataset, centers: set[str]) -> set[str]:
    """Entities some paper mentions together with one of `centers` (counted here, in Python)."""
    mentions: dict[str, set[str]] = {}
    for paper, entity in dataset.query("SELECT ?p ?e { ?p pg:mentions ?e }"):
        mentions.setdefault(str(paper), set()).add(str(entity))
    return {e for found in mentions.values() if found & centers for e in found}


def test_two_hops_add_a_second_ring(runner, sample_store):
    from papergraph.store import open_store

    result = invoke(
        runner, "neighbours", "GaLore", "--hops", "2", "--store", sample_store, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    center = answer["entity"]["iri"]
    dataset = open_store(sample_store)
    first = _comentioned(dataset, {center}) - {center}
    second = _comentioned(dataset, first) - first - {center}
    assert {ref["iri"] for ref in answer["cooccurring"]} == first
    assert second and {ref["iri"] for ref in answer["second_ring"]} == second


@pytest.mark.parametrize("metric", ["pagerank", "betweenness", "degree", "eigenvector"])
def test_centrality_ranks_by_each_metric(runner, sample_store, metric):
    result = invoke(
        runner,
        "centrality",
        "--metric",
        metric,
        "--top",
        "5",
        "--store",
        sample_store,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.output)
    assert len(ranked) == 5
    scores = [ref["score"] for ref in ranked]
    assert scores == sorted(scores, reverse=True)
    # The scores are the stored values of that very metric, and the best of them.
    from papergraph.store import open_store

    stored = {
        str(entity): float(value)
        for entity, value in open_store(sample_store).query(f"SELECT ?e ?v {{ ?e pg:{metric} ?v }}")
    }
    assert all(stored[ref["iri"]] == pytest.approx(ref["score"]) for ref in ranked)
    assert scores[0] == pytest.approx(max(stored.values()))


def test_the_store_ranks_ties_by_label_and_an_entity_once():
    from rdflib import RDF, Dataset, Literal, Namespace

    from papergraph.rdf.namespaces import PG, SKOS

    ex = Namespace("https://example.org/entity/")
    data = Dataset()
    data.bind("pg", PG)
    data.bind("skos", SKOS)
    rows = [("zeta", "b tie", 0.5), ("alpha", "A tie", 0.5), ("omega", "Top", 0.9),
            ("low", "Low", 0.1)]  # fmt: skip
    for key, label, score in rows:
        data.add((ex[key], RDF.type, PG.Method))
        data.add((ex[key], SKOS.prefLabel, Literal(label)))
        data.add((ex[key], PG.pagerank, Literal(score)))
    data.add((ex.omega, SKOS.prefLabel, Literal("Top, loaded again")))  # two labels: two rows
    ranked = top_entities(data, top=3)
    assert [ref.iri for ref in ranked] == [str(ex.omega), str(ex.alpha), str(ex.zeta)]
    assert [ref.iri for ref in top_entities(data, top=10)][-1] == str(ex.low)
    # More tied entities than the first candidates the store ranks (4 x top): the answer
    # still follows the labels, and a type whose entities all score low is still found.
    for n in range(30):
        data.add((ex[f"tie{n}"], RDF.type, PG.Concept))
        data.add((ex[f"tie{n}"], SKOS.prefLabel, Literal(f"tie {29 - n:02d}")))
        data.add((ex[f"tie{n}"], PG.pagerank, Literal(0.05)))
    data.add((ex.rare, RDF.type, PG.Dataset))
    data.add((ex.rare, SKOS.prefLabel, Literal("Rare")))
    data.add((ex.rare, PG.pagerank, Literal(0.01)))
    concepts = top_entities(data, top=2, entity_type="Concept")
    assert [ref.label for ref in concepts] == ["tie 00", "tie 01"]
    assert [ref.label for ref in top_entities(data, top=1, entity_type="Dataset")] == ["Rare"]


def test_centrality_of_one_type(runner, sample_store):
    result = invoke(
        runner, "centrality", "--type", "Concept", "--store", sample_store, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    assert {ref["type"] for ref in json.loads(result.output)} == {"Concept"}


def test_validate_passes_then_fails_on_a_paper_without_title(runner, sample_page, tmp_path):
    store = tmp_path / "store"
    assert invoke(runner, "build", sample_page, "--store", store).exit_code == 0
    ok = invoke(runner, "validate", "--store", store)
    assert ok.exit_code == 0, ok.output
    assert "conforms" in ok.output
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix pg: <https://w3id.org/papergraph/ontology#> .\n"
        "<http://example.org/paper/untitled> a pg:Paper .\n",
        encoding="utf-8",
    )
    assert invoke(runner, "load", broken, "--store", store).exit_code == 0
    failed = invoke(runner, "validate", "--store", store)
    assert failed.exit_code == 1
    assert "http://example.org/paper/untitled" in failed.output


def test_a_link_found_in_the_title_quotes_the_title(runner, sample_store):
    result = invoke(
        runner, "neighbours", "multi-faceted scaling laws", "--store", sample_store, "--format",
        "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (link,) = json.loads(result.output)["papers"]
    assert link["title"].startswith("Gemstones")
    assert link["sentence"] == link["title"]
