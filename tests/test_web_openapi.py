"""The OpenAPI document covers every JSON answer of the service (issue 17): each route of the
app that answers JSON (by its suffix or by `Accept: application/json`) is in the document,
and the real answer validates against the schema the document gives for it; `/api` shows the
same document as a page.

Over the store of several collections (`browse_store` in conftest.py)."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from werkzeug.routing import AnyConverter


@pytest.fixture(scope="module")
def document(browse) -> dict:
    document = browse.get("/api/openapi.json").get_json()
    validate(document)
    return document


@pytest.fixture(scope="module")
def samples(browse_dataset) -> dict[str, str]:
    """A value for each URL variable of the app's routes, taken from the store."""
    dataset = browse_dataset
    paper = next(iter(dataset.query("SELECT ?p { ?p a pg:Paper } ORDER BY ?p LIMIT 1"))).p
    entity = next(
        iter(
            dataset.query(
                "SELECT ?e ?l { ?x pg:mentions ?e . ?e skos:prefLabel ?l } "
                "GROUP BY ?e ?l ORDER BY DESC(COUNT(?x)) ?e LIMIT 1"
            )
        )
    )
    collections = [
        str(row.c).rsplit("/", 1)[-1]
        for row in dataset.query("SELECT ?c { ?c a pg:Collection } ORDER BY ?c LIMIT 2")
    ]
    return {
        "slug": str(paper).rsplit("/", 1)[-1],
        "path": "entity/" + str(entity.e).rsplit("/", 1)[-1],
        "name": "papers-using-entity",
        "label": str(entity.l),
        "a": collections[0],
        "b": collections[1],
    }


def _query_string(endpoint: str, samples: dict[str, str]) -> dict[str, str]:
    """What the route needs in the query string to answer."""
    return {
        "sparql.endpoint": {"query": "SELECT ?s ?p ?o { ?s ?p ?o } LIMIT 5"},
        "api.search": {"q": samples["label"]},
        "api.neighbours": {"label": samples["label"]},
        "compare.compare": {"a": samples["a"], "b": samples["b"]},
    }.get(endpoint, {})


def _urls(app, samples: dict[str, str]) -> list[tuple[str, str]]:
    """(endpoint, URL) for every route of the app but the static files, every choice of an
    `any(...)` variable once."""
    found = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        choices: list[dict[str, str]] = [{}]
        for name, converter in rule._converters.items():
            values = converter.items if isinstance(converter, AnyConverter) else [samples[name]]
            choices = [{**choice, name: value} for choice in choices for value in values]
        for values in choices:
            url = adapter.build(rule.endpoint, {**values, **_query_string(rule.endpoint, samples)})
            found.append((rule.endpoint, url))
    return found


def _is_json(mimetype: str) -> bool:
    return mimetype == "application/json" or mimetype.endswith("+json")


def _operation_for(document: dict, path: str) -> tuple[str, dict] | None:
    """The document's path template matching the request path `path`, with its path item."""
    for template, item in document["paths"].items():
        server = item.get("servers", document["servers"])[0]["url"].rstrip("/")
        pattern = re.escape(server + template).replace(r"\{", "{").replace(r"\}", "}")
        pattern = re.sub(r"\{(\w+)\}", lambda m: "(.+)" if m[1] == "path" else "[^/]+", pattern)
        if re.fullmatch(pattern, path):
            return template, item
    return None


def _validator(document: dict, schema: dict) -> Draft202012Validator:
    """`schema` with the document's components, where its references point."""
    return Draft202012Validator({**schema, "components": document["components"]})


@pytest.fixture(scope="module")
def json_answers(browse_app, browse, samples) -> list[tuple[str, str, object]]:
    """(URL, media type, body) of every route that answers JSON to `Accept: application/json`."""
    answers = []
    for _endpoint, url in _urls(browse_app, samples):
        response = browse.get(url, headers={"Accept": "application/json"})
        if response.status_code == 200 and _is_json(response.mimetype):
            answers.append((url, response.mimetype, response.get_json(force=True)))
    return answers


def test_the_routes_that_answer_json_are_the_ones_expected(json_answers):
    paths = {urlsplit(url).path for url, _, _ in json_answers}
    expected = {"/api/search", "/api/openapi.json", "/entities", "/entities.json", "/compare"}
    expected |= {"/sparql", "/-/health", "/-/version", "/graph/data.json", "/export.jsonld"}
    assert expected <= paths
    assert not {path for path in paths if path.endswith(".csv") or path == "/"}


def test_every_json_answer_is_documented_and_matches_its_schema(document, json_answers):
    problems = []
    for url, mimetype, body in json_answers:
        path = urlsplit(url).path
        found = _operation_for(document, path)
        if found is None:
            problems.append(f"{path}: not in the document")
            continue
        content = found[1]["get"]["responses"]["200"]["content"]
        media = content.get(mimetype) or content.get("application/json")
        if media is None or "$ref" not in media["schema"] and media["schema"] == {"type": "string"}:
            problems.append(f"{path}: no JSON schema for {mimetype}")
            continue
        errors = [
            error.message for error in _validator(document, media["schema"]).iter_errors(body)
        ]
        if errors:
            problems.append(f"{path}: {errors[:3]}")
    assert not problems


@pytest.mark.parametrize(
    ("schema", "url", "broken"),
    [
        ("Search", "/api/search?q=adam", {"results": [{"iri": 1}]}),
        ("Neighbourhood", "/api/neighbours?label=Adam", {"entity": None}),
        ("Centrality", "/api/centrality", {"metric": "height"}),
        ("Health", "/-/health", {"triples": "many"}),
        ("GraphView", "/graph/data.json", {"nodes": [{"id": "x"}]}),
    ],
)
def test_a_schema_refuses_a_broken_answer(browse, document, schema, url, broken):
    body = browse.get(url).get_json()
    validator = _validator(document, {"$ref": f"#/components/schemas/{schema}"})
    assert not list(validator.iter_errors(body))
    assert list(validator.iter_errors({**body, **broken}))


def test_the_comparison_schema_refuses_a_broken_side(browse, document, samples):
    body = browse.get(f"/compare.json?a={samples['a']}&b={samples['b']}").get_json()
    validator = _validator(document, {"$ref": "#/components/schemas/Comparison"})
    assert not list(validator.iter_errors(body))
    assert list(validator.iter_errors({**body, "a": {**body["a"], "distinctive": [{}]}}))


def test_every_documented_path_is_a_route(browse_app, document):
    variable = re.compile(r"<(?:[^:>]+:)?(\w+)>")
    rules = [variable.sub(r"{\1}", rule.rule) for rule in browse_app.url_map.iter_rules()]
    for template, item in document["paths"].items():
        server = item.get("servers", document["servers"])[0]["url"].rstrip("/")
        full = server + template
        assert any(
            full == rule or re.fullmatch(re.sub(r"\\\{\w+\\\}", ".+", re.escape(rule)), full)
            for rule in rules
        ), full


def test_the_api_page_shows_every_operation_and_schema(browse, document):
    page = browse.get("/api")
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = html.unescape(page.get_data(as_text=True))
    for template, item in document["paths"].items():
        server = item.get("servers", document["servers"])[0]["url"].rstrip("/")
        for method in ("get", "post"):
            if method in item:
                assert f"<code>{method.upper()} {server}{template}</code>" in text
                assert item[method]["summary"] in text
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in text
    for parameter in document["paths"]["/entities.json"]["get"]["parameters"]:
        assert f"<code>{parameter['name']}</code>" in text
    assert "<script" not in text


def test_the_navigation_and_the_home_page_link_the_api_page(browse):
    home = browse.get("/").get_data(as_text=True)
    assert re.search(r'<nav>.*<a href="/api">API</a>.*</nav>', home, re.S)
    assert 'href="/api/openapi.json"' in home
