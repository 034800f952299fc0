"""HTTP to a remote SPARQL store with `requests`: one session per store, credentials sent the
way the store asks for them, and failures as one-line errors that name the URL.

Credentials are sent only after a 401 names a scheme: Digest (Virtuoso's `/sparql-auth` and
`/sparql-graph-crud-auth`) with requests' `HTTPDigestAuth`, Basic (Fuseki behind Shiro, most
proxies) with `HTTPBasicAuth`. An endpoint that answers without asking (Virtuoso's anonymous
`/sparql`) never sees them.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from papergraph.errors import BadRequest, StoreError

if TYPE_CHECKING:
    from papergraph.store.remote.locator import RemoteStore

__all__ = ["RemoteClient", "Rows"]

logger = logging.getLogger(__name__)

Rows = list[dict[str, dict[str, str]]]  # SPARQL JSON bindings

# Seconds to connect, and to wait for an answer: a build's switch-over is one long request.
_TIMEOUT = (10.0, 900.0)
_TAGS = re.compile(r"<[^>]+>")
_RESULTS_JSON = "application/sparql-results+json"


def _excerpt(text: str, limit: int = 300) -> str:
    """The start of an error body on one line, without markup."""
    flat = " ".join(_TAGS.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class RemoteClient:
    """Requests to the three endpoints of one `RemoteStore`."""

    def __init__(self, store: RemoteStore) -> None:
        self.store = store
        self.session = requests.Session()

    def request(self, method: str, url: str, *, what: str, **kwargs: Any) -> requests.Response:
        """Send one request; `what` names it in errors ("the query", "the upload of <g>").

        Raises:
            BadRequest: the store answered 400 (it rejected the query or update).
            StoreError: the store is unreachable, refused the credentials or failed.
        """
        response = self._send(method, url, what, kwargs)
        if response.status_code == 401 and self._authenticate(response):
            response = self._send(method, url, what, kwargs)
        if response.ok:
            return response
        status = f"{response.status_code} {response.reason}"
        if response.status_code == 401:
            hint = (
                "check PAPERGRAPH_STORE_USER and PAPERGRAPH_STORE_PASSWORD"
                if self.store.user
                else "set PAPERGRAPH_STORE_USER and PAPERGRAPH_STORE_PASSWORD"
            )
            raise StoreError(f"the SPARQL store at {url} refused {what} ({status}): {hint}")
        message = _excerpt(response.text)
        if response.status_code == 400:
            raise BadRequest(f"the SPARQL store at {url} rejected {what}: {message}")
        raise StoreError(f"the SPARQL store at {url} answered {what} with {status}: {message}")

    def _send(self, method: str, url: str, what: str, kwargs: dict) -> requests.Response:
        try:
            return self.session.request(method, url, timeout=_TIMEOUT, **kwargs)
        except requests.RequestException as error:
            raise StoreError(
                f"cannot reach the SPARQL store at {url} for {what}: {error}"
            ) from error

    def _authenticate(self, response: requests.Response) -> bool:
        """Use the scheme the 401 asks for; False when there is nothing (more) to try."""
        if self.session.auth is not None or not self.store.user:
            return False
        challenge = response.headers.get("WWW-Authenticate", "").strip().lower()
        user, password = self.store.user, self.store.password or ""
        if challenge.startswith("digest"):
            self.session.auth = HTTPDigestAuth(user, password)
        elif challenge.startswith("basic"):
            self.session.auth = HTTPBasicAuth(user, password)
        else:
            return False
        logger.debug("authenticating to %s with %s", response.url, challenge.split()[0])
        return True

    def select(self, query: str, *, what: str = "a papergraph query") -> Rows:
        """The bindings of a SELECT the store answers in SPARQL JSON (papergraph's own small
        queries: the manifest, the staging graphs)."""
        response = self.request(
            "POST",
            self.store.query_url,
            what=what,
            data={"query": query},
            headers={"Accept": _RESULTS_JSON},
        )
        try:
            return response.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as error:
            raise StoreError(
                f"the SPARQL store at {self.store.query_url} answered {what} with something "
                f"other than SPARQL JSON results: {_excerpt(response.text)}"
            ) from error

    def update(self, text: str, *, what: str) -> None:
        """Send the SPARQL Update `text` to the update endpoint."""
        self.request(
            "POST",
            self.store.update_url,
            what=what,
            data=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def post_triples(self, graph: str, ntriples: bytes) -> None:
        """Add N-Triples to `graph` with the Graph Store Protocol (POST merges)."""
        self.request(
            "POST",
            self.store.graph_store_url,
            what=f"the upload to <{graph}>",
            params={"graph": graph},
            data=ntriples,
            headers={"Content-Type": "application/n-triples"},
        )
