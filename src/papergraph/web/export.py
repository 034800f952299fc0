"""`/export.ttl`, `.jsonld`, `.nt`, `.nq`, `.trig`, `.rdf`: the whole graph as a download.

The body is written by `papergraph.export` (as `papergraph export` writes it) into a temporary
file and streamed from there; `ETag` and `Last-Modified` come from the build, so a client
that already has this build's file gets a 304.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime

from flask import Blueprint, Response, request, send_file

from papergraph.export import EXPORT_FORMATS, export
from papergraph.web.store import get_build

__all__ = ["bp"]

bp = Blueprint("export", __name__)

_BY_EXTENSION = {fmt.extension: fmt for fmt in EXPORT_FORMATS.values()}


@bp.get("/export.<any(ttl, jsonld, nt, nq, trig, rdf):extension>")
def download(extension: str) -> Response:
    """The whole store in the syntax of `extension` (quad syntaxes keep the named graphs)."""
    fmt = _BY_EXTENSION[extension]
    build = get_build()
    etag = f"{build.name}-{extension}"
    modified = datetime.fromtimestamp(int(build.path.stat().st_mtime), tz=UTC)
    if request.if_none_match.contains(etag) or (
        not request.if_none_match
        and request.if_modified_since is not None
        and request.if_modified_since >= modified
    ):
        response = Response(status=304)
        response.set_etag(etag)
        response.last_modified = modified
        return response
    body = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    try:
        export(build.dataset, body, fmt.name)
        body.seek(0)
    except BaseException:
        body.close()
        raise
    response = send_file(
        body,
        mimetype=fmt.media_type,
        as_attachment=True,
        download_name=f"papergraph-{build.name}.{extension}",
        etag=etag,
        last_modified=modified,
        max_age=0,
    )
    return response
