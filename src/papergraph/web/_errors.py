"""The one error handler: every failure becomes HTML, or JSON of one shape, or (at /sparql)
the plain-text body the SPARQL protocol's clients expect.

JSON errors have one shape, the one Datasette users know::

    {"ok": false, "error": "message", "errors": ["message"], "status": 404}

Expected failures are `PapergraphError`s (each carries its HTTP status) or werkzeug's
`HTTPException`s (405 with its Allow header, 401 with WWW-Authenticate, ...). Anything else is
logged with its traceback and answered 500 without one.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from papergraph.errors import PapergraphError

__all__ = ["error_response", "init_app"]

logger = logging.getLogger(__name__)

_KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


def _wants_json() -> bool:
    if request.blueprint == "api" or request.path.startswith(("/api/", "/-/")):
        return True
    if request.path.endswith(".json"):  # a list or a canned query's answer as JSON
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(status: int, message: str, *, headers: dict[str, str] | None = None) -> Response:
    """The error answer for this request: plain text at /sparql, else JSON or HTML."""
    if request.blueprint == "sparql" or request.path == url_for("sparql.endpoint"):
        response = Response(f"Error {status}: {message}\n", mimetype="text/plain")
        response.vary.add("Accept")
    elif _wants_json():
        response = jsonify({"ok": False, "error": message, "errors": [message], "status": status})
    else:
        response = Response(render_template("error.html", status=status, message=message))
    response.status_code = status
    response.headers.update(headers or {})
    return response


def _handle_papergraph_error(error: PapergraphError) -> Response:
    return error_response(error.status, str(error), headers=error.headers)


def _handle_http_exception(error: HTTPException) -> Response:
    original = error.get_response()
    headers = {name: original.headers[name] for name in _KEPT_HEADERS if name in original.headers}
    return error_response(error.code or 500, error.description or error.name, headers=headers)


def _handle_unexpected(error: Exception) -> Response:
    logger.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(500, "internal error: the server could not answer this request")


def init_app(app: Flask) -> None:
    """Register the handlers on `app`."""
    app.register_error_handler(PapergraphError, _handle_papergraph_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
