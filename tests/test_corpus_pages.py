"""Regression corpus (issue 14): every real notes page of the shared data directory next to
the repository (`PAGES_DIR`) built into one graph. No crash, every page's notes in the graph,
no acronym long form that fails the Schwartz-Hearst conditions, and no common English word or
lone adjective among the 20 most central entities or the 20 most central concepts.

The pages are not in the repository (CC BY-NC-SA 4.0, see their SOURCES.md); the tests skip
where they are absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_pages
from papergraph.extract._gazetteer import load_gazetteer
from papergraph.extract.abbreviations import definition_holds, is_short_form
from papergraph.extract.generic import is_common_word, is_generic_concept, vocabulary_knows
from papergraph.lookup import top_entities
from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.read import read_page
from papergraph.store import open_store

PAGES_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "pages"
# the notes pages, each opening with its front matter (SOURCES.md is no page)
PAGES = sorted(
    path
    for path in (PAGES_DIR.glob("*.md") if PAGES_DIR.is_dir() else [])
    if path.read_text(encoding="utf-8").startswith("---")
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PAGES, reason=f"no real notes pages in {PAGES_DIR}"),
]


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory, nlp) -> Path:
    """One store built from all the pages (about 20-40 s)."""
    return build_pages(tmp_path_factory, nlp, "corpus", PAGES)


@pytest.fixture(scope="module")
def corpus(corpus_store):
    return open_store(corpus_store)


def _notes_per_source(dataset) -> dict[str, int]:
    rows = dataset.query(
        "SELECT ?source (COUNT(DISTINCT ?note) AS ?n) WHERE { ?note a pg:Note ; "
        "prov:wasDerivedFrom ?source } GROUP BY ?source"
    )
    return {str(row.source): int(row.n) for row in rows}


def test_every_page_is_read_as_its_front_matter_claims():
    for page_path in PAGES:
        page = read_page(page_path)
        skipped = [p for p in page.problems if "no summary" in p.message]
        assert page.claimed_count is not None, page_path.name
        assert len(page.notes) + len(skipped) == page.claimed_count, page_path.name


def test_every_read_note_is_in_the_graph(corpus):
    per_source = _notes_per_source(corpus)
    for page_path in PAGES:
        read = read_page(page_path).notes
        source = f"{DEFAULT_BASE}source/{page_path.name}"
        assert per_source.get(source, 0) == len(read), page_path.name


def _normalised(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _is_long_form_of(alt: str, label: str) -> bool:
    """Whether an altLabel of an acronym is a long form: two words or more, not a spelling of
    the label and not a name that holds it as a part ("Mani-GS" for "GS")."""
    parts = re.findall(r"[^\s-]+", alt)
    return (
        len(parts) >= 2
        and label not in parts
        and _normalised(alt).rstrip("s") != _normalised(label).rstrip("s")
    )


def test_no_alt_label_fails_the_schwartz_hearst_conditions(corpus):
    rows = corpus.query(
        "SELECT ?label ?alt WHERE { ?e skos:prefLabel ?label ; skos:altLabel ?alt }"
    )
    long_forms = [
        (str(row.label), str(row.alt))
        for row in rows
        if is_short_form(str(row.label)) and _is_long_form_of(str(row.alt), str(row.label))
    ]
    assert len(long_forms) > 100  # the corpus defines hundreds of acronyms
    assert [pair for pair in long_forms if not definition_holds(*pair)] == []


@pytest.mark.parametrize("word", ["agent", "tools", "graphs", "algorithm", "building", "node"])
def test_the_generic_measure_knows_common_words(word):
    assert is_generic_concept(word) and is_common_word(word.capitalize())


@pytest.mark.parametrize("term", ["convergence", "in-context learning", "LoRA", "Adam-Norm"])
def test_the_generic_measure_keeps_terms(term):
    assert not is_generic_concept(term) and not is_common_word(term)


def _is_generic(label: str, entity_type: str, gazetteer) -> bool:
    if entity_type == "Concept":
        return is_generic_concept(label) and not vocabulary_knows(
            gazetteer.lookup(label, named=False), label
        )
    return is_common_word(label) and not vocabulary_knows(gazetteer.lookup(label), label)


@pytest.mark.parametrize("entity_type", [None, "Concept"])
def test_no_generic_word_among_the_most_central(corpus, entity_type):
    gazetteer = load_gazetteer()
    top = top_entities(corpus, entity_type=entity_type, top=20)
    assert len(top) == 20
    assert [ref.label for ref in top if _is_generic(ref.label, ref.type, gazetteer)] == []
