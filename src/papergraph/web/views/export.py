"""`/export.ttl`, `.jsonld`, `.nt`, `.nq`, `.trig`, `.rdf`: the whole graph as a download.

The body is written by `papergraph.export` (as `papergraph export` writes it) once per build
and format into a cache directory, then sent from there: a build never changes, so every later
request for it costs a file read (the load test had exports recomputed per request take 14 s
at p50 and hold the server's threads). `ETag` and `Last-Modified` come from the build, so a
client that already has this build's file gets a 304.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, request, send_file

from papergraph.export import EXPORT_FORMATS, export
from papergraph.web.store import ServedBuild, get_build

__all__ = ["ExportCache", "bp", "init_app"]

bp = Blueprint("export", __name__)

_BY_EXTENSION = {fmt.extension: fmt for fmt in EXPORT_FORMATS.values()}
_EXTENSION = "papergraph.exports"


class ExportCache:
    """Export files of the current build, written on first request; older builds' are dropped.

    The files live in a temporary directory made on the first export and removed with the
    cache (when the app is collected, or at exit)."""

    def __init__(self) -> None:
        self._directory: tempfile.TemporaryDirectory[str] | None = None
        self._lock = threading.Lock()
        self._building: dict[tuple[str, str], threading.Lock] = {}

    @property
    def directory(self) -> Path:
        with self._lock:
            if self._directory is None:
                self._directory = tempfile.TemporaryDirectory(prefix="papergraph-exports-")
            return Path(self._directory.name)

    def path(self, build: ServedBuild, fmt: str) -> Path:
        """The file holding `build` in export format `fmt`, written now if it is not yet."""
        target = self.directory / build.name / f"graph.{fmt}"
        with self._lock:
            lock = self._building.setdefault((build.name, fmt), threading.Lock())
        with lock:
            if not target.exists():
                self._drop_other_builds(build.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(target.name + ".partial")
                with open(partial, "wb") as stream:
                    export(build.dataset, stream, fmt)
                partial.replace(target)
        return target

    def _drop_other_builds(self, keep: str) -> None:
        for folder in self.directory.iterdir():
            if folder.name != keep:
                shutil.rmtree(folder, ignore_errors=True)


def init_app(app: Flask) -> None:
    """Give the app its export cache."""
    app.extensions[_EXTENSION] = ExportCache()


@bp.get("/export.<any(ttl, jsonld, nt, nq, trig, rdf):extension>")
def download(extension: str) -> Response:
    """The whole store in the syntax of `extension` (quad syntaxes keep the named graphs)."""
    fmt = _BY_EXTENSION[extension]
    build = get_build()
    etag = f"{build.name}-{extension}"
    modified = datetime.fromtimestamp(int(build.version.modified), tz=UTC)
    if request.if_none_match.contains(etag) or (
        not request.if_none_match
        and request.if_modified_since is not None
        and request.if_modified_since >= modified
    ):
        response = Response(status=304)
        response.set_etag(etag)
        response.last_modified = modified
        return response
    response = send_file(
        current_app.extensions[_EXTENSION].path(build, fmt.name),
        mimetype=fmt.media_type,
        as_attachment=True,
        download_name=f"papergraph-{build.name}.{extension}",
        etag=etag,
        last_modified=modified,
        max_age=0,
    )
    return response
