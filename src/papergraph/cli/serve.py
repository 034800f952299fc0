"""`papergraph serve`: the web service on waitress."""

from __future__ import annotations

import socket
import sys

import click

from papergraph.cli.base import (
    cli,
    fail_on,
    setting_option,
    store_option,
)
from papergraph.errors import PapergraphError
from papergraph.settings import get_setting
from papergraph.store import StoreLocation
from papergraph.store.zygote import MEMORY_MODES


def _own_url(host: str, port: int) -> str:
    """The URL of a server listening on `host` and `port`; on every interface (0.0.0.0, ::),
    under the machine's host name (no DNS lookup at start-up)."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


@cli.command()
@store_option
@setting_option("host")
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
@setting_option("threads", type=click.IntRange(min=1))
@setting_option("base_url")
@setting_option("query_timeout", type=click.FloatRange(min=0))
@setting_option("update_token")
@setting_option("cors_origins")
@setting_option("query_workers", type=click.IntRange(min=1))
@setting_option("memory_store", type=click.Choice(MEMORY_MODES))
@setting_option("max_result_rows", type=click.IntRange(min=0))
@setting_option("max_result_bytes", type=click.IntRange(min=0))
@setting_option("query_memory", type=click.IntRange(min=0))
@setting_option("query_queue", type=click.IntRange(min=0))
@setting_option("query_wait", type=click.FloatRange(min=0))
@setting_option("max_content_length", type=click.IntRange(min=1))
@setting_option("max_url_length", type=click.IntRange(min=64))
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
    memory_store: str,
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
    from papergraph.store import capabilities, check_store
    from papergraph.web import create_app, start_query_workers

    try:
        check_store(store)  # a missing or damaged store fails now, not at the first request
    except PapergraphError as error:
        raise fail_on(error) from error
    if query_workers + query_queue >= threads:
        raise click.BadParameter(
            f"{query_workers} query workers and {query_queue} waiting queries would hold all "
            f"{threads} server threads: raise --threads or lower --query-queue",
            param_hint="--threads",
        )
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
            "MEMORY_STORE": memory_store,
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
    if not capabilities(store).needs_network and deny_network():
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
