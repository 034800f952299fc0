"""Request limits and security headers for every response.

- A URL longer than MAX_URL_LENGTH bytes gets 414 and a body longer than MAX_CONTENT_LENGTH
  gets 413 (Flask also enforces MAX_CONTENT_LENGTH on bodies without a Content-Length while
  they are read), before any view runs.
- Every response carries a Content-Security-Policy that allows scripts, styles and images from
  this origin only (no inline scripts or styles: the templates have none) and no framing,
  `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (for browsers without CSP 2) and
  `Referrer-Policy: same-origin` (a SPARQL query in the URL never leaks to other sites).
  Headers a view has set itself are kept.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge, RequestURITooLarge

__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS", "init_app"]

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # The one <style> element the vendored YASR (query page) injects, allowed by its hash.
        "style-src 'self' 'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def check_request_limits() -> None:
    """Refuse over-long URLs (414) and over-large declared bodies (413)."""
    limit = current_app.config.get("MAX_URL_LENGTH")
    length = len(request.environ.get("PATH_INFO", "")) + len(request.query_string)
    if limit and length > limit:
        raise RequestURITooLarge(
            f"the URL is {length} bytes long, more than the {limit} this server accepts; "
            "send long SPARQL queries by POST"
        )
    most = current_app.config.get("MAX_CONTENT_LENGTH")
    if most and request.content_length is not None and request.content_length > most:
        raise RequestEntityTooLarge(
            f"the request body is {request.content_length} bytes, more than the {most} this "
            "server accepts"
        )


def add_security_headers(response: Response) -> Response:
    """Add SECURITY_HEADERS to `response`, keeping any a view set itself."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Register the limits and the headers on `app`."""
    app.before_request(check_request_limits)
    app.after_request(add_security_headers)
