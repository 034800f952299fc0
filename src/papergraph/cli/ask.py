"""Commands that read a store: `export`, `query`, `queries`, `validate`, `neighbours`,
`centrality`, `eval` and `view`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from papergraph.cli.base import (
    cli,
    entity_line,
    fail_on,
    format_option,
    store_option,
)
from papergraph.errors import PapergraphError
from papergraph.export import EXPORT_FORMATS
from papergraph.lookup import CENTRALITY_METRICS, ENTITY_TYPES
from papergraph.results import RESULT_FORMATS
from papergraph.store import StoreLocation


@cli.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="turtle",
    show_default=True,
    help="RDF syntax. Quad formats keep the named graphs; the others merge them.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout).",
)
@click.option(
    "--graph", help="Export only this named graph (an IRI, or a short name such as 'links')."
)
def export(store: StoreLocation, fmt: str, output: Path | None, graph: str | None) -> None:
    """Write the whole graph (or one named graph) as RDF."""
    from papergraph.export import export as export_graph
    from papergraph.store import open_store

    try:
        dataset = open_store(store)
        if output is None:
            export_graph(dataset, sys.stdout.buffer, fmt, graph=graph)
        else:
            with open(output, "wb") as stream:
                export_graph(dataset, stream, fmt, graph=graph)
    except PapergraphError as error:
        raise fail_on(error) from error


@cli.command()
@click.argument("query_or_file")
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(RESULT_FORMATS),
    default="table",
    show_default=True,
    help="Result format (CONSTRUCT/DESCRIBE give Turtle, or JSON-LD with json).",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Parameter of a canned query.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    help="Rows per page of a SELECT query [default: a canned query's page size, else all].",
)
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    help="Rows to skip: the page starting after them.",
)
def query(
    query_or_file: str,
    store: StoreLocation,
    fmt: str,
    params: tuple[str, ...],
    limit: int | None,
    offset: int,
) -> None:
    """Run a SPARQL query over the union of the named graphs.

    QUERY_OR_FILE is the query text, a .rq file, or the name of a canned query
    (see `papergraph queries`). A SELECT query is answered a page at a time with
    --limit and --offset (canned queries with a page size always are); when more
    rows follow, the option for the next page is printed on standard error.
    """
    from papergraph.queries import bind_params, load_stored_queries, query_text
    from papergraph.results import format_result
    from papergraph.store import open_store

    values = dict(param.split("=", 1) for param in params if "=" in param)
    if len(values) != len(params):
        raise click.BadParameter("parameters are NAME=VALUE", param_hint="--param")
    canned = load_stored_queries().get(query_or_file)
    page = limit if limit is not None else canned.page if canned is not None else None
    asked = None if page is None else page + 1  # one row more: whether another page follows
    try:
        if canned is not None:
            text = bind_params(canned, values, limit=asked, offset=offset)
        else:
            text = query_text(query_or_file, values, limit=asked, offset=offset)
    except ValueError as error:  # a parameter the query lacks, or a page it cannot take
        raise click.BadParameter(str(error)) from error
    try:
        result = open_store(store).query(text)
        if page is not None and len(result.bindings) > page:
            result.bindings = result.bindings[:page]
            click.echo(f"papergraph: more rows follow: --offset {offset + page}", err=True)
        output = format_result(result, fmt)
    except PapergraphError as error:
        raise fail_on(error) from error
    except Exception as error:  # the SPARQL engine's syntax and evaluation errors
        raise click.ClickException(f"query failed: {error}") from error
    sys.stdout.buffer.write(output)


@cli.command()
@store_option
def validate(store: StoreLocation) -> None:
    """Check the store against the SHACL shapes; exit 1 on any violation."""
    from papergraph.export import union_graph
    from papergraph.store import open_store
    from papergraph.validate import validate_graph

    try:
        report = validate_graph(union_graph(open_store(store)))
    except PapergraphError as error:
        raise fail_on(error) from error
    click.echo(report.format_text())
    if not report.conforms:
        sys.exit(1)


@cli.command()
@click.argument("label")
@store_option
@click.option(
    "--hops",
    type=click.IntRange(1, 2),
    default=1,
    show_default=True,
    help="Rings of co-occurring entities.",
)
@format_option()
def neighbours(label: str, store: StoreLocation, hops: int, fmt: str) -> None:
    """What sits next to the entity called LABEL: its papers, co-occurring entities, variants.

    LABEL may be any label of the entity, in any case, with hyphens or spaces,
    the acronym or its long form.
    """
    from papergraph.lookup import entity_called, neighbourhood
    from papergraph.store import open_store

    try:
        dataset = open_store(store)
        result = neighbourhood(dataset, entity_called(dataset, label).iri, hops=hops)
    except PapergraphError as error:
        raise fail_on(error) from error
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(entity_line(result.entity))
    if result.alt_labels:
        click.echo(f"  also called: {', '.join(result.alt_labels)}")
    for name, refs in (
        ("variant of", result.variant_of),
        ("variants", result.variants),
        ("broader", result.broader),
    ):
        if refs:
            click.echo(f"  {name}: {', '.join(ref.label for ref in refs)}")
    click.echo(f"\npapers ({len(result.papers)}):")
    for link in result.papers:
        via = f"  (via {link.via})" if link.via else ""
        click.echo(f"  {link.relation}: {link.title}{via}")
        if link.sentence:
            click.echo(f"      “{link.sentence}”")
    click.echo(f"\nco-occurring entities ({len(result.cooccurring)}):")
    for ref in result.cooccurring:
        click.echo(f"  {int(ref.score or 0)} × {ref.label} ({ref.type})")
    if hops == 2:
        click.echo(f"\nsecond ring ({len(result.second_ring)}):")
        for ref in result.second_ring:
            click.echo(f"  {int(ref.score or 0)} × {ref.label} ({ref.type})")


@cli.command()
@store_option
@click.option(
    "--metric",
    type=click.Choice(CENTRALITY_METRICS),
    default="pagerank",
    show_default=True,
)
@click.option(
    "--type",
    "entity_type",
    type=click.Choice(ENTITY_TYPES, case_sensitive=False),
    help="Only entities of this type.",
)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@format_option()
def centrality(
    store: StoreLocation, metric: str, entity_type: str | None, top: int, fmt: str
) -> None:
    """The most central entities of the co-occurrence graph (computed at build time)."""
    from papergraph.lookup import top_entities
    from papergraph.store import open_store

    try:
        ranked = top_entities(open_store(store), metric=metric, entity_type=entity_type, top=top)
    except PapergraphError as error:
        raise fail_on(error) from error
    if fmt == "json":
        click.echo(json.dumps([asdict(ref) for ref in ranked], indent=2, ensure_ascii=False))
        return
    for rank, ref in enumerate(ranked, start=1):
        click.echo(f"{rank:>3}. {entity_line(ref, metric)}")


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@click.option("--show-errors", is_flag=True, help="List the misses and false positives per paper.")
@format_option()
def evaluate(gold: Path, store: StoreLocation, show_errors: bool, fmt: str) -> None:
    """Score the store's extracted links against a GOLD annotation file.

    GOLD is a JSON list of annotated notes (data/neurips2025-pretraining-gold.json,
    format in data/GOLD-GUIDELINES.md). Prints precision, recall and F1 of named
    artifacts (proposes, uses, evaluatesOn) overall and per relation, relation
    accuracy, and concept and quantity recall.
    """
    from papergraph.evaluate import predictions_from_store, score
    from papergraph.store import open_store

    try:
        annotations = json.loads(gold.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.ClickException(f"{gold}: not a JSON gold file: {error}") from error
    if not isinstance(annotations, list):
        raise click.ClickException(f"{gold}: expected a JSON list of annotated notes")
    try:
        report = score(annotations, predictions_from_store(open_store(store)))
    except PapergraphError as error:
        raise fail_on(error) from error
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.format_text(show_errors=show_errors))


@cli.command(name="queries")
def list_queries() -> None:
    """List the canned queries (run one with `papergraph query NAME`)."""
    from papergraph.queries import load_stored_queries

    for name, stored in load_stored_queries().items():
        params = " ".join(f"-p {key}={value}" for key, value in stored.params.items())
        click.echo(f"{name}: {stored.title}" + (f"  [{params}]" if params else ""))


@cli.command()
@store_option
@click.option("--focus", metavar="LABEL", help="Draw the neighbourhood of this entity.")
@click.option(
    "--hops",
    type=click.IntRange(1, 3),
    default=1,
    show_default=True,
    help="Entity-to-entity steps around --focus.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=150,
    show_default=True,
    help="Entities by PageRank (or, with --focus, at most this many entities and papers).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default="graph.html",
    show_default=True,
    help="The HTML file to write.",
)
def view(store: StoreLocation, focus: str | None, hops: int, top: int, output: Path) -> None:
    """Write the interactive graph view as one self-contained HTML file that opens offline."""
    from papergraph.graphview import build_view, standalone_html, view_payload
    from papergraph.lookup import entity_called
    from papergraph.store import open_store

    try:
        dataset = open_store(store)
        focus_iri = entity_called(dataset, focus).iri if focus else None
        graph = build_view(dataset, top=top, focus=focus_iri, hops=hops)
    except PapergraphError as error:
        raise fail_on(error) from error
    output.write_text(standalone_html(view_payload(graph)), encoding="utf-8")
    counts = graph.meta["counts"]
    click.echo(f"wrote {output}: {counts['nodes']} nodes, {counts['edges']} edges", err=True)
