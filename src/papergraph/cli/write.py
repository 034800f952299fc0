"""Commands that write a store: `build` and `load`."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from papergraph.cli.base import (
    base_option,
    cli,
    fail_on,
    stopped_cleanly,
    store_option,
    tqdm_progress,
)
from papergraph.errors import PapergraphError
from papergraph.reason import ENGINES
from papergraph.store import StoreLocation


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
@click.option(
    "--source-base",
    metavar="IRI",
    help="IRI the notes files' names are appended to, naming the file each note comes from "
    "[default: BASE/source/].",
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    help="Processes that extract the notes [default: one per core from 4,000 new notes on, "
    "else one].",
)
def build(
    files: tuple[Path, ...],
    store: StoreLocation,
    base: str,
    strict: bool,
    reasoner: str,
    validate: bool | None,
    add: bool,
    source_base: str | None,
    processes: int | None,
) -> None:
    """Read notes FILES, extract, link and write a new build of the store.

    The new build replaces the old one only when it is complete: a failed or
    interrupted build leaves the previous store as it was. Problems in the input
    are reported with file and line; the readable notes still go in.
    """
    from papergraph.build import build_store
    from papergraph.store import capabilities, local_directory

    if not (base.endswith("/") or base.endswith("#")):
        raise click.BadParameter("the base IRI must end with '/' or '#'", param_hint="--base")
    if source_base is not None and not urlsplit(source_base).scheme:
        raise click.BadParameter(
            "the source base must be an absolute IRI (https://…/)", param_hint="--source-base"
        )
    options: dict[str, Any] = {
        "base": base,
        "strict": strict,
        "reasoner": reasoner,
        "validate": validate,
        "add": add,
        "source_base": source_base,
        "processes": processes,
        "progress": tqdm_progress,
    }
    if add and not capabilities(store).adds_notes:
        raise click.BadParameter("--add needs an embedded store directory", param_hint="--add")
    with stopped_cleanly("the build"):
        try:
            with local_directory(store) as directory:
                report = build_store(list(files), directory, **options)
        except PapergraphError as error:
            raise fail_on(error) from error
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

    with stopped_cleanly("the load"):
        try:
            report = load_file(store, file, graph=graph)
        except PapergraphError as error:
            raise fail_on(error) from error
    click.echo(f"loaded {report.triples} triples ({report.rdf_format}) into <{report.graph}>")
