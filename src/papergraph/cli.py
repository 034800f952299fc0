"""The `papergraph` command line: parses options, calls the library, prints results."""

from __future__ import annotations

import functools
import json
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click

from papergraph import __version__
from papergraph.errors import PapergraphError
from papergraph.export import EXPORT_FORMATS
from papergraph.lookup import CENTRALITY_METRICS, ENTITY_TYPES
from papergraph.reason import ENGINES
from papergraph.results import RESULT_FORMATS
from papergraph.settings import get_setting
from papergraph.store import StoreLocation, locate_store

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def _setting_option(name: str, **kwargs: Any) -> Callable[[F], F]:
    """A click option for the setting `name`, with its default, help and PAPERGRAPH_* variable."""
    setting = get_setting(name)
    return click.option(
        setting.option,
        name,
        default=setting.default,
        envvar=setting.envvar,
        show_default=True,
        show_envvar=True,
        help=setting.help,
        **kwargs,
    )


def store_option(command: F) -> F:
    """--store, --store-update and --store-graph-store, given to the command as one `store`:
    a directory (Path) or a SPARQL service (RemoteStore). The service's credentials
    come from PAPERGRAPH_STORE_USER and PAPERGRAPH_STORE_PASSWORD only, as options would show
    in the process list."""

    @functools.wraps(command)
    def with_store(
        *args: Any,
        store: str,
        store_update: str | None,
        store_graph_store: str | None,
        **kwargs: Any,
    ) -> Any:
        try:
            location = locate_store(
                store,
                update_url=store_update,
                graph_store_url=store_graph_store,
                user=os.environ.get("PAPERGRAPH_STORE_USER") or None,
                password=os.environ.get("PAPERGRAPH_STORE_PASSWORD"),
            )
        except PapergraphError as error:
            raise click.BadParameter(str(error), param_hint="--store") from error
        return command(*args, store=location, **kwargs)

    for name in ("store_graph_store", "store_update", "store"):
        with_store = _setting_option(name)(with_store)
    return with_store  # type: ignore[return-value]


base_option = _setting_option("base")


def _tqdm_progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    from tqdm import tqdm

    return tqdm(items, total=total, desc=description, unit="note", file=sys.stderr, disable=None)


def _fail_on(error: PapergraphError) -> click.ClickException:
    return click.ClickException(str(error))


@contextmanager
def _stopped_cleanly(what: str) -> Iterator[None]:
    """Let SIGTERM stop the block as Ctrl-C (SIGINT) does, by raising KeyboardInterrupt where
    the main thread is, so that the writer's clean-up runs (the store removes the new build it
    was writing); then exit with one line and the status of the signal (128 + its number).
    A second signal while cleaning up is ignored, so that the clean-up ends."""

    def stop(signum: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt(signum)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    except KeyboardInterrupt as interrupt:
        number = interrupt.args[0] if interrupt.args else signal.SIGINT
        stopped = click.ClickException(
            f"{what} was stopped by {signal.Signals(number).name}: its unfinished build was "
            "removed; the store serves what it served before"
        )
        stopped.exit_code = 128 + number
        raise stopped from None
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="papergraph")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """Turn pages of research-paper notes into a linked-data knowledge graph, and query it."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@base_option
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on any input problem or SHACL violation, not only when nothing is readable.",
)
@click.option(
    "--reasoner",
    type=click.Choice(ENGINES),
    default="auto",
    show_default=True,
    help="OWL RL engine: owlrl, the fast rule engine, or owlrl on small graphs only.",
)
@click.option(
    "--validate/--no-validate",
    default=None,
    help="Validate the new graph against the SHACL shapes "
    "[default: only graphs of up to 100,000 triples].",
)
@click.option(
    "--add",
    is_flag=True,
    help="Add the notes of FILES to the current build: only they are extracted; reasoning "
    "and analysis run again over all notes (embedded stores).",
)
def build(
    files: tuple[Path, ...],
    store: StoreLocation,
    base: str,
    strict: bool,
    reasoner: str,
    validate: bool | None,
    add: bool,
) -> None:
    """Read notes FILES, extract, link and write a new build of the store.

    The new build replaces the old one only when it is complete: a failed or
    interrupted build leaves the previous store as it was. Problems in the input
    are reported with file and line; the readable notes still go in.
    """
    from papergraph.build import build_store
    from papergraph.store import is_embedded, local_directory

    if not (base.endswith("/") or base.endswith("#")):
        raise click.BadParameter("the base IRI must end with '/' or '#'", param_hint="--base")
    options: dict[str, Any] = {
        "base": base,
        "strict": strict,
        "reasoner": reasoner,
        "validate": validate,
        "add": add,
        "progress": _tqdm_progress,
    }
    if add and not is_embedded(store):
        raise click.BadParameter("--add needs an embedded store directory", param_hint="--add")
    with _stopped_cleanly("the build"):
        try:
            with local_directory(store) as directory:
                report = build_store(list(files), directory, **options)
        except PapergraphError as error:
            raise _fail_on(error) from error
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if report.validation is not None and not report.validation.conforms:
        click.echo(report.validation.format_text(), err=True)
    click.echo(f"built {store}: {report.summary_line()}")


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@click.option("--graph", help="Named graph IRI to load into (default: the file's file:// IRI).")
def load(file: Path, store: StoreLocation, graph: str | None) -> None:
    """Add the RDF FILE (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) to the store.

    The format comes from the file name, else from its content.
    """
    from papergraph.load import load_file

    with _stopped_cleanly("the load"):
        try:
            report = load_file(store, file, graph=graph)
        except PapergraphError as error:
            raise _fail_on(error) from error
    click.echo(f"loaded {report.triples} triples ({report.rdf_format}) into <{report.graph}>")


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
        raise _fail_on(error) from error


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
def query(query_or_file: str, store: StoreLocation, fmt: str, params: tuple[str, ...]) -> None:
    """Run a SPARQL query over the union of the named graphs.

    QUERY_OR_FILE is the query text, a .rq file, or the name of a canned query
    (see `papergraph queries`).
    """
    from papergraph.queries import query_text
    from papergraph.results import format_result
    from papergraph.store import open_store

    values = dict(param.split("=", 1) for param in params if "=" in param)
    if len(values) != len(params):
        raise click.BadParameter("parameters are NAME=VALUE", param_hint="--param")
    try:
        text = query_text(query_or_file, values)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--param") from error
    try:
        result = open_store(store).query(text)
        output = format_result(result, fmt)
    except PapergraphError as error:
        raise _fail_on(error) from error
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
        raise _fail_on(error) from error
    click.echo(report.format_text())
    if not report.conforms:
        sys.exit(1)


def _format_option(**kwargs: Any) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Output for people (text) or programs (json).",
        **kwargs,
    )


def _entity_line(ref: Any, score_name: str = "") -> str:
    score = f"  {score_name}={ref.score:.6g}" if ref.score is not None and score_name else ""
    return f"{ref.label} ({ref.type}){score}  <{ref.iri}>"


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
@_format_option()
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
        raise _fail_on(error) from error
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(_entity_line(result.entity))
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
    "--type", "entity_type", type=click.Choice(ENTITY_TYPES), help="Only entities of this type."
)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@_format_option()
def centrality(
    store: StoreLocation, metric: str, entity_type: str | None, top: int, fmt: str
) -> None:
    """The most central entities of the co-occurrence graph (computed at build time)."""
    from papergraph.lookup import top_entities
    from papergraph.store import open_store

    try:
        ranked = top_entities(open_store(store), metric=metric, entity_type=entity_type, top=top)
    except PapergraphError as error:
        raise _fail_on(error) from error
    if fmt == "json":
        click.echo(json.dumps([asdict(ref) for ref in ranked], indent=2, ensure_ascii=False))
        return
    for rank, ref in enumerate(ranked, start=1):
        click.echo(f"{rank:>3}. {_entity_line(ref, metric)}")


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@click.option("--show-errors", is_flag=True, help="List the misses and false positives per paper.")
@_format_option()
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
        raise _fail_on(error) from error
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


def _own_url(host: str, port: int) -> str:
    """The URL of a server listening on `host` and `port`; on every interface (0.0.0.0, ::),
    under the machine's host name (no DNS lookup at start-up)."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


@cli.command()
@store_option
@_setting_option("host")
@click.option(
    "-p",
    "--port",
    "port",
    type=click.IntRange(0, 65535),
    default=get_setting("port").default,
    envvar=get_setting("port").envvar,
    show_default=True,
    show_envvar=True,
    help=get_setting("port").help,
)
@_setting_option("threads", type=click.IntRange(min=1))
@_setting_option("base_url")
@_setting_option("query_timeout", type=click.FloatRange(min=0))
@_setting_option("update_token")
@_setting_option("cors_origins")
@_setting_option("query_workers", type=click.IntRange(min=1))
@_setting_option("max_result_rows", type=click.IntRange(min=0))
@_setting_option("max_result_bytes", type=click.IntRange(min=0))
@_setting_option("query_memory", type=click.IntRange(min=0))
@_setting_option("query_queue", type=click.IntRange(min=0))
@_setting_option("query_wait", type=click.FloatRange(min=0))
@_setting_option("max_content_length", type=click.IntRange(min=1))
@_setting_option("max_url_length", type=click.IntRange(min=64))
@click.option(
    "--get",
    "get_path",
    metavar="PATH",
    help="Run one GET request for PATH (e.g. /-/health) through the app, print the body and "
    "exit: non-zero unless the answer is 200. Opens no socket.",
)
def serve(
    store: StoreLocation,
    host: str,
    port: int,
    threads: int,
    base_url: str | None,
    query_timeout: float,
    update_token: str | None,
    cors_origins: str,
    query_workers: int,
    max_result_rows: int,
    max_result_bytes: int,
    query_memory: int | None,
    query_queue: int,
    query_wait: float,
    max_content_length: int,
    max_url_length: int,
    get_path: str | None,
) -> None:
    """Serve the store over HTTP: SPARQL endpoint, resource pages, JSON API and exports.

    Runs on waitress, a production WSGI server. A rebuild of the store is served
    as soon as it is complete, without a restart. Absolute URLs (the SPARQL service
    description, the base of queries) use --base-url, else the address the server
    listens on; never the Host header of a request.
    """
    from waitress.server import create_server

    from papergraph.sandbox import deny_network, machine_memory
    from papergraph.store import check_store, is_embedded
    from papergraph.web import create_app, start_query_workers

    try:
        check_store(store)  # a missing or damaged store fails now, not at the first request
    except PapergraphError as error:
        raise _fail_on(error) from error
    machine_mib = machine_memory() // 2**20
    if query_memory and query_memory * query_workers > machine_mib:
        raise click.BadParameter(
            f"{query_workers} query workers of {query_memory} MiB each would need more than "
            f"this machine's {machine_mib} MiB",
            param_hint="--query-memory",
        )
    app = create_app(
        {
            "STORE": store,
            "BASE_URL": base_url or None,
            "QUERY_TIMEOUT": query_timeout,
            "UPDATE_TOKEN": update_token or None,
            "CORS_ORIGINS": cors_origins,
            "QUERY_WORKERS": query_workers,
            "MAX_RESULT_ROWS": max_result_rows,
            "MAX_RESULT_BYTES": max_result_bytes,
            "QUERY_MEMORY": query_memory,
            "QUERY_QUEUE": query_queue,
            "QUERY_WAIT": query_wait,
            "MAX_CONTENT_LENGTH": max_content_length,
            "MAX_URL_LENGTH": max_url_length,
        }
    )
    if get_path is not None:
        response = app.test_client().get(get_path)
        sys.stdout.buffer.write(response.get_data())
        if response.status_code != 200:
            raise click.ClickException(f"GET {get_path} answered {response.status}")
        return
    server = create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="papergraph",
        max_request_body_size=4 * max_content_length,  # the app answers 413 below this
    )
    # Serving the embedded store needs no outbound connection: from now on the process and its
    # query workers can open none. A remote store is reached over the network.
    if is_embedded(store) and deny_network():
        click.echo("papergraph: outbound network connections are disabled", err=True)
    start_query_workers(app)
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"papergraph: serving {store} at http://{shown_host}:{server.effective_port}/")
    # Absolute URLs come from here, never from a request's Host header.
    app.config["BASE_URL"] = base_url or _own_url(host, server.effective_port)
    click.echo("SPARQL endpoint: /sparql · press Ctrl-C to stop", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


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
        raise _fail_on(error) from error
    output.write_text(standalone_html(view_payload(graph)), encoding="utf-8")
    counts = graph.meta["counts"]
    click.echo(f"wrote {output}: {counts['nodes']} nodes, {counts['edges']} edges", err=True)


def main() -> None:
    """Entry point of the `papergraph` console script."""
    cli(auto_envvar_prefix="PAPERGRAPH")
