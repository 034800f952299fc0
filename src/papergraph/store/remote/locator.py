"""Where a remote SPARQL store is: a `sparql+http(s)://…` locator read as a `RemoteStore` (its
query, update and Graph Store Protocol endpoints and credentials), and `RemoteBuild`, one
complete build it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

__all__ = ["RemoteBuild", "RemoteStore", "is_remote_locator"]

_SCHEMES = ("sparql+http://", "sparql+https://")


def is_remote_locator(text: str) -> bool:
    """Whether `text` names a SPARQL service (`sparql+http://…`, `sparql+https://…`)."""
    return text.startswith(_SCHEMES)


def _sibling(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=path))


def _default_endpoints(query_url: str, *, authenticated: bool) -> tuple[str, str]:
    """The update and Graph Store Protocol URLs that go with `query_url` by convention:
    Virtuoso's `/sparql` (`/sparql-auth` and `/sparql-graph-crud-auth` with credentials),
    Oxigraph server's `/query` (`/update`, `/store`), else the same URL for all three (a
    Fuseki dataset URL such as `/ds` takes queries, updates and graph requests)."""
    path = urlsplit(query_url).path
    if path.endswith("/sparql"):
        if authenticated:
            return _sibling(query_url, path + "-auth"), _sibling(
                query_url, path + "-graph-crud-auth"
            )
        return query_url, _sibling(query_url, path + "-graph-crud")
    if path.endswith("/query"):
        stem = path.removesuffix("/query")
        return _sibling(query_url, stem + "/update"), _sibling(query_url, stem + "/store")
    return query_url, query_url


@dataclass(frozen=True)
class RemoteStore:
    """A SPARQL 1.1 service that holds a papergraph store: its query, update and Graph Store
    Protocol endpoints and the credentials to send when it asks for them."""

    query_url: str
    update_url: str
    graph_store_url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_locator(
        cls,
        locator: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
    ) -> RemoteStore:
        """The store named by `sparql+http(s)://…` (the query endpoint's URL after `sparql+`);
        update and graph store URLs default by convention (see `_default_endpoints`).

        Raises:
            ValueError: `locator` is not a sparql+http(s) URL.
        """
        if not is_remote_locator(locator):
            raise ValueError(f"not a SPARQL store locator (sparql+http://…): {locator!r}")
        query_url = locator.removeprefix("sparql+")
        if not urlsplit(query_url).hostname:
            raise ValueError(f"no host in the SPARQL store locator {locator!r}")
        update, graph_store = _default_endpoints(query_url, authenticated=bool(user))
        return cls(query_url, update_url or update, graph_store_url or graph_store, user, password)

    def __str__(self) -> str:
        return "sparql+" + self.query_url


@dataclass(frozen=True)
class RemoteBuild:
    """One complete build of a remote store: its name, sequence number and named graphs."""

    store: RemoteStore
    name: str
    sequence: int
    modified: float  # POSIX time of the switch-over
    graphs: tuple[str, ...]
