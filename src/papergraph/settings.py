"""Every setting papergraph has, declared once as data.

The same table drives the CLI options (name, default, help, `PAPERGRAPH_*` variable), the web
app's config keys and the documentation test that checks each setting is documented.
"""

from __future__ import annotations

from dataclasses import dataclass

from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.store import DEFAULT_STORE

__all__ = ["SETTINGS", "Setting", "get_setting"]


@dataclass(frozen=True)
class Setting:
    name: str  # the CLI option is --name (dashes), the env variable PAPERGRAPH_NAME
    default: object
    help: str

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def envvar(self) -> str:
        return "PAPERGRAPH_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        str(DEFAULT_STORE),
        "Store directory (an embedded Oxigraph store), or a SPARQL 1.1 service as "
        "sparql+http://HOST/PATH or sparql+https://… (its query endpoint's URL); credentials "
        "for it come from PAPERGRAPH_STORE_USER and PAPERGRAPH_STORE_PASSWORD.",
    ),
    # A remote store: its update and Graph Store Protocol endpoints.
    Setting(
        "store_update",
        None,
        "SPARQL Update endpoint of a sparql+http(s) store [default: for a Virtuoso …/sparql, "
        "…/sparql-auth with credentials; for an Oxigraph server …/query, …/update; else the "
        "store's URL].",
    ),
    Setting(
        "store_graph_store",
        None,
        "Graph Store Protocol endpoint of a sparql+http(s) store [default: for a Virtuoso "
        "…/sparql, …/sparql-graph-crud(-auth); for an Oxigraph server …/query, …/store; else "
        "the store's URL].",
    ),
    Setting("base", DEFAULT_BASE, "Base IRI of every resource the build mints."),
    # `papergraph serve`; the web app reads the upper-case names from its config.
    Setting(
        "host",
        "127.0.0.1",
        "Interface to listen on: 127.0.0.1 answers this machine only; 0.0.0.0 answers on every "
        "interface, so anyone who can reach the machine can query the store.",
    ),
    Setting("port", 8080, "Port to listen on; 0 picks a free port and prints the URL."),
    Setting("threads", 16, "Worker threads of the WSGI server (concurrent requests)."),
    Setting(
        "base_url",
        None,
        "Public URL of the service when it runs behind a proxy (e.g. https://example.org/pg/); "
        "absolute links and the SPARQL service description use it. Default: the address the "
        "server listens on (--host, --port), never a request's Host header.",
    ),
    Setting(
        "query_timeout",
        30.0,
        "Seconds a SPARQL query may run (waiting for a free query worker included) before it is "
        "stopped and answered 503; 0 for no limit.",
    ),
    Setting(
        "update_token",
        None,
        "Bearer token that enables SPARQL Update at /sparql; without one, updates are refused.",
    ),
    Setting(
        "cors_origins",
        "*",
        "Origins allowed to call the read-only endpoints from a browser (CORS), separated by "
        "spaces; '*' allows any, an empty value sends no CORS headers.",
    ),
    # Limits of the web service.
    Setting(
        "query_workers",
        4,
        "Worker processes that evaluate SPARQL queries (a query past --query-timeout is stopped "
        "by killing its worker); the last idle one is kept for clients with no query running.",
    ),
    Setting(
        "memory_store",
        "auto",
        "Serve SPARQL queries from a copy of the build in memory, loaded once and shared by the "
        "query workers (several times faster than from disk): on, off, or auto (when the copy "
        "takes at most an eighth of the machine's memory). An update or rebuild is read from "
        "disk until its copy is loaded.",
    ),
    # Limits per query and admission control.
    Setting(
        "query_memory",
        None,
        "MiB of memory each query worker may use; a query that needs more is stopped and "
        "answered 503. 0 for no cap. [default: half the machine's memory, shared among the "
        "query workers]",
    ),
    Setting(
        "query_queue",
        8,
        "Queries that may wait for a busy query worker at once; more are answered 503 with "
        "Retry-After at once. --query-workers plus --query-queue must stay below --threads, so "
        "that other requests always find a server thread.",
    ),
    Setting(
        "query_wait",
        2.0,
        "Seconds a query waits for a free query worker before it is answered 503 with Retry-After.",
    ),
    Setting(
        "max_result_rows",
        10000,
        "At most this many SELECT solutions per answer; a cut answer carries the header "
        "X-Papergraph-Truncated. 0 for no limit.",
    ),
    Setting(
        "max_result_bytes",
        64 * 2**20,
        "At most this many bytes per SPARQL answer (SELECT or CONSTRUCT), cut after the last "
        "whole solution or triple; a cut answer carries X-Papergraph-Truncated and "
        "X-Papergraph-Byte-Limit. 0 for no limit.",
    ),
    Setting(
        "max_content_length",
        1048576,
        "Largest request body in bytes (a SPARQL query or update sent by POST); larger ones "
        "get 413.",
    ),
    Setting(
        "max_url_length",
        8192,
        "Longest request URL (path and query string) in bytes; longer ones get 414 (POST long "
        "queries instead).",
    ),
)


def get_setting(name: str) -> Setting:
    for setting in SETTINGS:
        if setting.name == name:
            return setting
    raise KeyError(name)
