"""The web service: SPARQL endpoint, linked-data resources, JSON API, exports (see
docs/ARCHITECTURE.md, "The web service").

`create_app(config)` is an application factory after flask's flaskr tutorial: nothing runs at
import time; each surface is a blueprint registered inside the factory.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask, g, request
from flask.typing import ResponseReturnValue

from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.settings import SETTINGS

__all__ = ["create_app", "start_query_workers"]

logger = logging.getLogger(__name__)

# Blueprints whose answers may be read by scripts of other origins (CORS). SPARQL updates are
# excluded in the sparql blueprint itself.
_READ_ONLY_BLUEPRINTS = {
    "sparql",
    "resource",
    "api",
    "export",
    "instance",
    "graph",
    "browse",
    "canned",
    "compare",
}


def _default_config() -> dict[str, Any]:
    """The app's config defaults: the upper-cased `serve` settings of papergraph.settings."""
    defaults = {setting.name.upper(): setting.default for setting in SETTINGS}
    # BASE None means: take the base IRI from the store's named graphs (DEFAULT_BASE if none).
    defaults.update({"BASE": None, "DEFAULT_BASE": DEFAULT_BASE})
    for server_only in ("HOST", "PORT", "THREADS"):
        defaults.pop(server_only, None)
    return defaults


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the papergraph web app.

    Args:
        config: config keys (STORE, BASE, BASE_URL, QUERY_TIMEOUT, UPDATE_TOKEN, CORS_ORIGINS,
            TESTING, ...). Without it, `config.py` in the instance folder is read if present.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(_default_config())
    app.json.sort_keys = False
    if config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(config)

    from papergraph.web import _compression, _errors, _security, store
    from papergraph.web.views import (
        api,
        browse,
        canned,
        compare,
        export,
        graph,
        instance,
        resource,
        sparql,
    )

    store.init_app(app)
    _errors.init_app(app)
    _security.init_app(app)  # limits and security headers
    export.init_app(app)
    _compression.init_app(app)
    app.register_blueprint(instance.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(resource.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(graph.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(canned.bp)
    app.register_blueprint(compare.bp)
    app.context_processor(lambda: {"has_endpoint": lambda name: name in app.view_functions})
    app.before_request(_start_timer)
    app.after_request(_add_cors_headers)
    app.after_request(_log_request)
    return app


def start_query_workers(app: Flask) -> None:
    """Start the app's SPARQL query workers now, in the background (`papergraph serve` does;
    otherwise they start with the first queries)."""
    from papergraph.store import store_version
    from papergraph.web._querypool import get_pool
    from papergraph.web.store import get_location

    with app.app_context():
        build = store_version(get_location()).target
    get_pool(app).warm(build)


def _start_timer() -> None:
    g.started = time.perf_counter()


def _add_cors_headers(response: Any) -> ResponseReturnValue:
    """Let browsers on other origins read the read-only endpoints (setting cors_origins)."""
    from flask import current_app

    allowed = (current_app.config.get("CORS_ORIGINS") or "").split()
    origin = request.headers.get("Origin")
    if not allowed or not origin or g.get("no_cors"):
        return response
    if request.blueprint not in _READ_ONLY_BLUEPRINTS:
        return response
    if "*" in allowed:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        return response
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    response.headers["Access-Control-Expose-Headers"] = (
        "Link, ETag, Content-Disposition, X-Papergraph-Truncated, X-Papergraph-Row-Limit, "
        "X-Papergraph-Byte-Limit, Retry-After"
    )
    return response


def _log_request(response: Any) -> ResponseReturnValue:
    """One log line per request with its latency (never the Authorization header)."""
    started = g.get("started")
    elapsed = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    logger.info("%s %s %s %.1f ms", request.method, request.path, response.status_code, elapsed)
    return response
