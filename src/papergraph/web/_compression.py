"""Compressed answers (gzip, or brotli or zstd where the client prefers them) by the
flask-compress extension, with `Vary: Accept-Encoding`: the graph view's page and a SPARQL
answer shrink several times over.

The whole-graph downloads (`/export.*`) are left as they are: they are sent from their file as
it is read, with the file's length, ETag and ranges, which compressing them on the fly would
take away (a client that wants them smaller asks for the N-Triples and gzips them itself)."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

__all__ = ["init_app"]

_MEDIA_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
    "text/n3",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
]
_UNCOMPRESSED_BLUEPRINTS = {"export"}


def init_app(app: Flask) -> None:
    """Compress the app's answers when the client accepts it (settings: flask-compress's
    COMPRESS_* config keys, defaults set here)."""
    app.config.setdefault("COMPRESS_MIMETYPES", _MEDIA_TYPES)
    # flask-compress leaves gzip out of streamed answers by default; the static files are
    # streamed, and gzip is what every client accepts.
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["zstd", "br", "gzip", "deflate"])
    app.config["COMPRESS_REGISTER"] = False  # registered below, with the exports left out
    compress = Compress(app)

    def compress_answer(response: Response) -> Response:
        if request.blueprint in _UNCOMPRESSED_BLUEPRINTS:
            return response
        return compress.after_request(response)

    app.after_request(compress_answer)
