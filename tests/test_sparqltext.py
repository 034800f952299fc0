"""The lexical scan of SPARQL text behind FROM detection, USING clauses and CLEAR SILENT."""

from __future__ import annotations

import pytest

from papergraph.errors import BadRequest
from papergraph.store.sparqltext import (
    Keyword,
    add_using_clauses,
    clear_silently,
    keywords,
    prepare_update,
    select_star_order,
    unescape_codepoints,
)


def _words(text: str) -> list[str]:
    return [keyword.word for keyword in keywords(text)]


def test_keywords_carry_their_offsets_and_brace_depth():
    text = "select ?x where { { ?x <p> ?y } FILTER(?y) } limit 5"
    assert keywords(text) == [
        Keyword("SELECT", 0, 6, 0),
        Keyword("WHERE", 10, 15, 0),
        Keyword("FILTER", 32, 38, 1),
        Keyword("LIMIT", 45, 50, 0),
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('ASK { ?s ?p "FROM" }', ["ASK"]),
        ("ASK { ?s ?p 'FROM' }", ["ASK"]),
        ('ASK { ?s ?p "a \\" FROM" } LIMIT', ["ASK", "LIMIT"]),
        ('ASK { ?s ?p """a\nFROM "quoted" """ } LIMIT', ["ASK", "LIMIT"]),
        ("ASK { ?s ?p '''a\nFROM''' } LIMIT", ["ASK", "LIMIT"]),
        ("ASK { ?s ?p 'open\nFROM", ["ASK", "FROM"]),
        ('ASK { ?s ?p "never closed FROM', ["ASK"]),
        ("ASK { ?s ?p <http://x/FROM> } LIMIT", ["ASK", "LIMIT"]),
        ("ASK { ?s ?p ?o FILTER(?o < 3) } LIMIT", ["ASK", "FILTER", "LIMIT"]),
        ("ASK { ?FROM $LIMIT ?o } OFFSET", ["ASK", "OFFSET"]),
        ("ASK { ?s ex:FROM :LIMIT } OFFSET", ["ASK", "OFFSET"]),
        ("ASK { ?s ex:a.FROM ?o } OFFSET", ["ASK", "OFFSET"]),
        ("ASK # FROM <g>\n{ } LIMIT", ["ASK", "LIMIT"]),
        ("ASK { } # FROM", ["ASK"]),
        ("ASK } } { FROM", ["ASK", "FROM"]),
        ("ASK{?s a _:b1}", ["ASK", "A"]),
        ("ASK # FROM\n{ } LIMIT", ["ASK", "LIMIT"]),
        ("ASK { } # x\nLIMIT 1", ["ASK", "LIMIT"]),
        ("ASK\n{ } # x\nLIMIT 1", ["ASK", "LIMIT"]),
        ("ASK # x\nFROM <g>\n{ }", ["ASK", "FROM"]),
        ("ASK { ?s X:p ?o } LIMIT", ["ASK", "LIMIT"]),
        ("ASK { ?s ?p ?o }LIMIT 1", ["ASK", "LIMIT"]),
        ("PREFIX :<http://x/FROM> ASK {}", ["PREFIX", "ASK"]),
        ('ASK { ?s ?p "X FROM" } LIMIT', ["ASK", "LIMIT"]),
        ('ASK { ?s ?p "x\\"" } LIMIT', ["ASK", "LIMIT"]),
    ],
)
def test_keywords_skip_strings_iris_comments_variables_and_names(text, words):
    assert _words(text) == words


def test_an_unmatched_closing_brace_keeps_the_depth_at_zero():
    assert [k.depth for k in keywords("} SELECT { WHERE")] == [0, 1]


@pytest.mark.parametrize("text", ["ASK { ?s a ex:} LIMIT", "ASK { ?s a :} LIMIT"])
def test_a_brace_right_after_a_prefixed_name_closes(text):
    assert [(k.word, k.depth) for k in keywords(text)] == [("ASK", 0), ("A", 1), ("LIMIT", 0)]


@pytest.mark.parametrize(
    ("text", "decoded"),
    [
        ("\\u0053ERVICE", "SERVICE"),
        ("\\U00000046ROM <g>", "FROM <g>"),
        ("a\\u00e9b", "aéb"),
        ("\\uD800", "\\uD800"),
        ("\\U00110000", "\\U00110000"),
        ("\\U0010FFFF", "\U0010ffff"),
        ("\\uDFFF\\uE000", "\\uDFFF\ue000"),
        ("\\uD7FF", "\ud7ff"),
        ("\\u12", "\\u12"),
    ],
)
def test_unescape_codepoints(text, decoded):
    assert unescape_codepoints(text) == decoded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CLEAR GRAPH <g>", "CLEAR SILENT GRAPH <g>"),
        ("clear silent graph <g>", "clear silent graph <g>"),
        ("CLEAR ALL ; CLEAR DEFAULT", "CLEAR SILENT ALL ; CLEAR SILENT DEFAULT"),
        ("CLEAR", "CLEAR SILENT"),
        ("INSERT DATA { <a> <b> 'CLEAR' }", "INSERT DATA { <a> <b> 'CLEAR' }"),
    ],
)
def test_clear_silently(text, expected):
    assert clear_silently(text) == expected


def test_prepare_update_without_graphs_only_silences_clear():
    text = "CLEAR GRAPH <g> ; INSERT { ?s a <C> } USING <u> WHERE { ?s ?p ?o }"
    assert prepare_update(text, [], []) == text.replace("CLEAR", "CLEAR SILENT")


def test_prepare_update_adds_using_clauses_and_silences_clear():
    text = "CLEAR GRAPH <g> ; INSERT { ?s a <C> } WHERE { ?s ?p ?o }"
    assert prepare_update(text, ["urn:u"], []) == (
        "CLEAR SILENT GRAPH <g> ; INSERT { ?s a <C> } USING <urn:u> WHERE { ?s ?p ?o }"
    )
    assert prepare_update(text, [], ["urn:n"]) == (
        "CLEAR SILENT GRAPH <g> ; INSERT { ?s a <C> } USING NAMED <urn:n> WHERE { ?s ?p ?o }"
    )


@pytest.mark.parametrize(
    ("using", "using_named"), [(["not an iri"], []), ([], ["urn:ok", "also not"])]
)
def test_prepare_update_refuses_what_is_no_iri(using, using_named):
    with pytest.raises(BadRequest, match="not an IRI: '(not an iri|also not)'"):
        prepare_update("INSERT DATA { <a> <b> <c> }", using, using_named)


@pytest.mark.parametrize(
    "text",
    [
        "INSERT { ?s a <C> } USING <u> WHERE { ?s ?p ?o }",
        "with <g> INSERT { ?s a <C> } WHERE { ?s ?p ?o }",
    ],
)
@pytest.mark.parametrize(("using", "using_named"), [(["urn:g"], []), ([], ["urn:g"])])
def test_prepare_update_refuses_graphs_given_twice(text, using, using_named):
    message = (
        "^using-graph-uri / using-named-graph-uri cannot be combined with an update "
        "that has USING or WITH clauses$"
    )
    with pytest.raises(BadRequest, match=message):
        prepare_update(text, using, using_named)


def test_prepare_update_allows_the_words_using_and_with_inside_braces():
    text = "INSERT { ?s <p> ?o } WHERE { ?s <p> ?o { SELECT ?s { ?s ?WITH ?o } } }"
    assert prepare_update(text, ["urn:g"], []).startswith(
        "INSERT { ?s <p> ?o } USING <urn:g> WHERE"
    )
    assert "USING" not in prepare_update(text, [], [])


def test_using_clauses_go_only_before_top_level_where():
    update = "INSERT { ?s a <C> } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }"
    assert add_using_clauses(update, ["urn:g"], []) == (
        "INSERT { ?s a <C> } USING <urn:g> WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }"
    )


def test_delete_where_is_spelled_out_only_when_the_words_touch():
    update = "DELETE { ?s <p> ?o } WHERE { ?s <p> ?o . ?s a <C> }"
    assert add_using_clauses(update, ["urn:g"], []) == (
        "DELETE { ?s <p> ?o } USING <urn:g> WHERE { ?s <p> ?o . ?s a <C> }"
    )
    assert add_using_clauses("DELETE  WHERE { ?s <p> ?o }", ["urn:g"], []) == (
        "DELETE { ?s <p> ?o } USING <urn:g> WHERE { ?s <p> ?o }"
    )


def test_delete_where_takes_its_whole_pattern_and_nothing_after():
    update = "DELETE WHERE { GRAPH <g> { ?s <p> ?o } } ; INSERT DATA { <a> <b> <c> }"
    assert add_using_clauses(update, [], ["urn:n"]) == (
        "DELETE { GRAPH <g> { ?s <p> ?o } } USING NAMED <urn:n> WHERE { GRAPH <g> { ?s <p> ?o } }"
        " ; INSERT DATA { <a> <b> <c> }"
    )


def test_a_where_with_no_word_before_it_still_gets_its_clauses():
    # not an update Oxigraph would run, but the scan must not fail on it
    assert add_using_clauses("WHERE { ?s ?p ?o }", ["urn:g"], []) == (
        "USING <urn:g> WHERE { ?s ?p ?o }"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * { ?zeta ?p ?alpha BIND (1 AS ?mid) }", ["zeta", "p", "alpha", "mid"]),
        (
            "PREFIX a: <x:> # SELECT ?q\nselect distinct * where { ?b '?s' ?a . ?b a:x $a }",
            ["b", "a"],
        ),
        ("SELECT REDUCED * { { SELECT ?c { ?c ?d ?e } } ?f ?g ?c }", ["c", "d", "e", "f", "g"]),
        ("SELECT ?z ?a { ?a ?b ?z }", None),
        ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", None),
        ("CONSTRUCT { ?s ?p ?o } WHERE { SELECT * { ?s ?p ?o } }", None),
        ("ASK { ?x ?y ?z }", None),
    ],
)
def test_select_star_order_is_the_order_of_first_occurrence(query, expected):
    assert select_star_order(query) == expected
