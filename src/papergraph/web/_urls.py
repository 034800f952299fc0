"""The one place that maps resource IRIs to URLs of this server and back.

Every IRI under the base dereferences at the same path on any host: `{base}X` <-> `/id/X`
(a hash IRI `{base}note/x#a-1` is served as part of `/id/note/x`). The mapping lives in one
class, so that no view builds URLs of its own.

Absolute URLs of this server never come from the request's `Host` header, which any
client may forge: they come from BASE_URL (`--base-url`; `papergraph serve` sets it to the
address it listens on when none is given), else from the server's own SERVER_NAME and
SERVER_PORT (an app served some other way).
"""

from __future__ import annotations

from flask import current_app, g, request, url_for
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node
from werkzeug.sansio.utils import get_host

from papergraph.web.store import get_build

__all__ = ["RESOURCE_SUFFIXES", "Urls", "absolute_url", "detect_base", "get_urls"]

# Suffix -> syntax of the resource representations (`/id/paper/x.ttl`).
RESOURCE_SUFFIXES = {"ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples", "rdf": "rdfxml"}


def detect_base(dataset: Dataset, default: str) -> str:
    """The base IRI a store was built with, read off its `{base}graph/notes` named graph."""
    for graph in dataset.graphs():
        name = str(graph.identifier)
        if name.endswith("graph/notes"):
            return name[: -len("graph/notes")]
    return default


class Urls:
    """Resource IRIs under `base` <-> URLs of this server."""

    def __init__(self, base: str) -> None:
        self.base = base

    def is_local(self, iri: str) -> bool:
        """Whether `iri` is under the base, so this server dereferences it."""
        return iri.startswith(self.base) and len(iri) > len(self.base)

    def iri(self, path: str) -> URIRef:
        """The IRI served at `/id/{path}`."""
        return URIRef(self.base + path)

    def path(self, iri: str) -> str:
        """The path after `/id/` of a local IRI, without its fragment."""
        return iri[len(self.base) :].split("#", 1)[0]

    def resource(self, iri: str, syntax: str | None = None, *, external: bool = False) -> str:
        """The URL of the local `iri`, optionally of its representation in `syntax`
        (a value of RESOURCE_SUFFIXES)."""
        path = self.path(iri)
        if syntax is not None:
            suffix = next(key for key, value in RESOURCE_SUFFIXES.items() if value == syntax)
            path = f"{path}.{suffix}"
        fragment = iri.split("#", 1)[1] if "#" in iri[len(self.base) :] else None
        if external:
            return absolute_url("resource.show", path=path, _anchor=fragment)
        return url_for("resource.show", path=path, _anchor=fragment)

    def href(self, term: Node | str) -> str | None:
        """Where a link to `term` should go: local IRIs here, other IRIs themselves."""
        if isinstance(term, Literal | BNode):
            return None
        iri = str(term)
        if self.is_local(iri):
            return self.resource(iri)
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def graph_view(self, iri: str) -> str | None:
        """The URL of `iri`'s neighbourhood in the graph view, if the app has one."""
        if "graph.view" not in current_app.view_functions:
            return None
        return url_for("graph.view", focus=iri)


def get_urls() -> Urls:
    """The mapping for this request: the configured BASE, else the base of the served build."""
    if "urls" not in g:
        base = current_app.config.get("BASE")
        if not base:
            build = get_build()
            default = current_app.config["DEFAULT_BASE"]
            base = build.memo("base", lambda: detect_base(build.dataset, default))
        g.urls = Urls(base)
    return g.urls


def absolute_url(endpoint: str, **values: object) -> str:
    """The absolute URL of `endpoint`: under the configured BASE_URL (a server behind a proxy,
    or the address `papergraph serve` listens on), else under the server's own name and port;
    never under the request's Host header."""
    path = url_for(endpoint, **values)
    base_url = current_app.config.get("BASE_URL")
    if base_url:
        if request.script_root and path.startswith(request.script_root):
            path = path[len(request.script_root) :]  # BASE_URL already names the mount point
        return base_url.rstrip("/") + path
    environ = request.environ
    server = (environ["SERVER_NAME"], int(environ["SERVER_PORT"] or 0) or None)
    return f"{request.scheme}://{get_host(request.scheme, None, server)}{path}"
