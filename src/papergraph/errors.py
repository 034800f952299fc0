"""The errors papergraph raises, one base class, each with the HTTP status it maps to."""

from __future__ import annotations

__all__ = [
    "AmbiguousLabel",
    "BadRequest",
    "BuildError",
    "NotFound",
    "PapergraphError",
    "QueryMemoryExceeded",
    "QueryTimeout",
    "ReadError",
    "RemoteUpdate",
    "StoreError",
    "UnsupportedMediaType",
    "WorkersBusy",
]


class PapergraphError(Exception):
    """Base of every expected failure; `status` is the HTTP status the web layer answers with,
    `headers` any headers that answer carries (Retry-After on a 503)."""

    status = 500
    headers: dict[str, str] = {}  # never mutated: an error with headers sets its own dict


class BadRequest(PapergraphError):
    status = 400


class NotFound(PapergraphError):
    status = 404


class AmbiguousLabel(BadRequest):
    """A label that names several entities; the message lists them."""


class UnsupportedMediaType(PapergraphError):
    status = 415


class StoreError(PapergraphError):
    """The store directory is missing, locked or damaged."""

    status = 503


class BuildError(PapergraphError):
    """A build could not produce a graph (nothing readable, or problems under --strict)."""

    status = 400


class ReadError(PapergraphError):
    """A notes file (or a line of it) could not be read; names the file and the line."""

    status = 400

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class QueryTimeout(PapergraphError):
    """The query ran past the time limit and its worker was stopped."""

    status = 503


class QueryMemoryExceeded(PapergraphError):
    """The query needed more memory than a query worker may use, and its worker was stopped."""

    status = 503


class WorkersBusy(PapergraphError):
    """No query worker can be had now; the answer says when to try again (Retry-After)."""

    status = 503

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(retry_after)}


class RemoteUpdate(PapergraphError):
    """SPARQL Update on a server over a remote store: papergraph does not forward updates."""

    status = 501
