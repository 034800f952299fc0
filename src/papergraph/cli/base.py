"""The `papergraph` command group and what its commands share: options read from the settings
table, the store option, progress bars, one-line errors and clean stops."""

from __future__ import annotations

import functools
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from papergraph import __version__
from papergraph.errors import PapergraphError
from papergraph.settings import get_setting
from papergraph.store import locate_store

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def setting_option(name: str, **kwargs: Any) -> Callable[[F], F]:
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
        with_store = setting_option(name)(with_store)
    return with_store  # type: ignore[return-value]


base_option = setting_option("base")


def tqdm_progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    from tqdm import tqdm

    return tqdm(items, total=total, desc=description, unit="note", file=sys.stderr, disable=None)


def fail_on(error: PapergraphError) -> click.ClickException:
    return click.ClickException(str(error))


@contextmanager
def stopped_cleanly(what: str) -> Iterator[None]:
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


def format_option(**kwargs: Any) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Output for people (text) or programs (json).",
        **kwargs,
    )


def entity_line(ref: Any, score_name: str = "") -> str:
    score = f"  {score_name}={ref.score:.6g}" if ref.score is not None and score_name else ""
    return f"{ref.label} ({ref.type}){score}  <{ref.iri}>"
