"""Shared fixtures: the spaCy pipeline (loaded once), the sample page and a store built from it."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from _servers import reserve_port, running, wait_until_responds
from papergraph.build import BuildReport, build_store
from papergraph.extract import build_pipeline
from papergraph.rdf.blocks import ResourceIris
from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.rdf.terms import strip_iri
from papergraph.read import Note, read_page
from papergraph.slugs import slugify
from papergraph.store import StoreLocation, copy_build, open_store

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PAGE = REPO / "data" / "neurips2025-pretraining-notes.txt"
# The sample page and the reader's test pages: seven collections, for the pages that compare
# collections (the browse lists' facets, /compare, an entity's chart).
SEVERAL_PAGES = [SAMPLE_PAGE, *sorted((REPO / "tests" / "data" / "read").glob("*.*"))]


@pytest.fixture(scope="session")
def nlp():
    """The default extraction pipeline, built once per test session."""
    return build_pipeline()


@pytest.fixture(scope="session")
def sample_page() -> Path:
    return SAMPLE_PAGE


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, nlp) -> BuildReport:
    """A store built from the sample page (shared, read-only: tests must not write to it)."""
    store = tmp_path_factory.mktemp("sample") / "store"
    return build_store([SAMPLE_PAGE], store, base=DEFAULT_BASE, nlp=nlp)


@pytest.fixture(scope="session")
def sample_store(sample_build) -> Path:
    return sample_build.store


def build_pages(tmp_path_factory, nlp, name: str, pages: list[Path]) -> Path:
    """A store built from `pages` (without the SHACL check) in a new directory called `name`."""
    store = tmp_path_factory.mktemp(name) / "store"
    build_store(pages, store, base=DEFAULT_BASE, nlp=nlp, validate=False)
    return store


@pytest.fixture(scope="session")
def browse_store(tmp_path_factory, nlp) -> Path:
    """A store of several collections, built from SEVERAL_PAGES (shared, read-only)."""
    return build_pages(tmp_path_factory, nlp, "browse", SEVERAL_PAGES)


@pytest.fixture(scope="session")
def browse_dataset(browse_store):
    return open_store(browse_store)


@pytest.fixture(scope="session")
def browse_app(browse_store):
    with make_app(browse_store) as app:
        yield app


@pytest.fixture(scope="session")
def browse(browse_app):
    """A test client of the app over the store of several collections."""
    return browse_app.test_client()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# --- The web service (issue 5): apps, clients and a live server on loopback --------------------

MINI_NOTES = REPO / "tests" / "data" / "web" / "mini-notes.txt"
GALORE_TITLE = "Low-Rank Training with GaLore"  # the paper of the mini page that proposes GaLore
HOSTILE_TITLE = "<img src=x onerror=alert(1)> Scaling & <b>laws</b>"  # the XSS tests' paper
_READY_TIMEOUT = 60.0  # a deadline for a slow start on a loaded machine, not a speed check
_SERVING = re.compile(r"serving .* at (http://\S+?)/?$", re.MULTILINE)


def _mini_iris() -> tuple[ResourceIris, list[Note]]:
    notes = read_page(MINI_NOTES).notes
    return ResourceIris(DEFAULT_BASE, [note.title for note in notes]), notes


def mini_paper(title: str) -> str:
    """The IRI the build gives the mini page's paper titled `title`: minted by the rdf stage's
    own ResourceIris, so that the tests follow the build's slugs."""
    iris, _ = _mini_iris()
    return strip_iri(iris.paper(title))


def mini_note(title: str) -> str:
    """The IRI the build gives the note of the mini page's paper titled `title`."""
    iris, notes = _mini_iris()
    (note,) = [note for note in notes if note.title == title]
    return strip_iri(iris.note(note))


def mini_entity(label: str) -> str:
    """The IRI the build gives the entity labelled `label` (its slug, slugs.py)."""
    iris, _ = _mini_iris()
    return strip_iri(iris.entity(slugify(label)))


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory, nlp) -> BuildReport:
    """tests/data/web/mini-notes.txt built by the real build, once per session: three papers
    (one proposes GaLore, one uses it with a Llama family, one has an HTML injection for a
    title), their entities, provenance, entailments and analysis."""
    store = tmp_path_factory.mktemp("mini") / "store"
    return build_store([MINI_NOTES], store, base=DEFAULT_BASE, nlp=nlp)


@pytest.fixture(scope="session")
def make_mini_store(mini_build) -> Callable[[StoreLocation], StoreLocation]:
    """`make_mini_store(store_dir)` makes the mini build the current build of `store_dir` (a
    directory or a RemoteStore) and returns it: copied, as `build` into a remote store does,
    which is faster than building again."""

    def make(store_dir: StoreLocation) -> StoreLocation:
        copy_build(mini_build.build, store_dir)
        return store_dir

    return make


@pytest.fixture(scope="session")
def mini_store(mini_build) -> Path:
    """The mini store (shared, read-only: tests must not write to it)."""
    return mini_build.store


@pytest.fixture
def writable_store(tmp_path, make_mini_store) -> Path:
    """A fresh mini store of this test's own, for tests that change it (SPARQL updates, damage)."""
    return make_mini_store(tmp_path / "store")


@contextlib.contextmanager
def make_app(store, **overrides):
    """The web app over `store` (a directory or a RemoteStore), with config `overrides`
    (datasette's make_app_client)."""
    from papergraph.web import create_app

    yield create_app({"TESTING": True, "STORE": store, **overrides})


@pytest.fixture
def app(mini_store):
    with make_app(mini_store) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sample_client(sample_store):
    """A test client of the app over the store built from the sample page."""
    with make_app(sample_store) as app:
        yield app.test_client()


@dataclasses.dataclass
class LiveServer:
    """`papergraph serve` running in a subprocess on 127.0.0.1."""

    url: str  # without a trailing slash
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def run_server(store, log_dir: Path, *args: str):
    """Start `papergraph serve --store STORE ARGS` on a loopback port the server picks itself
    (`--port 0`, read back from the line it prints); stop it on exit. `store` is a directory
    or a RemoteStore (its locator)."""
    log = Path(tempfile.mkstemp(prefix="serve-", suffix=".log", dir=log_dir)[1])
    command = [sys.executable, "-m", "papergraph", "-v", "serve", "--store", str(store)]
    command += ["--host", "127.0.0.1", "--port", "0", *args]
    with running(command, log, stop_timeout=10) as process:
        deadline = time.monotonic() + _READY_TIMEOUT
        while not (found := _SERVING.search(log.read_text(encoding="utf-8", errors="replace"))):
            assert process.poll() is None, f"papergraph serve exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, (
                f"papergraph serve did not start:\n{log.read_text()}"
            )
            time.sleep(0.05)
        server = LiveServer(found.group(1), process, log)
        wait_until_responds(
            process,
            server.output,
            server.url + "/-/health",
            name="papergraph serve",
            timeout=_READY_TIMEOUT,
            poll=0.05,
            request_timeout=2,
        )
        yield server


def post_query(server: LiveServer, query: str, **headers: str) -> requests.Response:
    """POST the SPARQL `query` as a form to `server`'s /sparql, asking for SPARQL JSON."""
    return requests.post(
        server.url + "/sparql",
        data={"query": query},
        headers={"Accept": "application/sparql-results+json", **headers},
        timeout=120,
    )


@pytest.fixture(scope="session")
def live_server(mini_store, tmp_path_factory):
    """`papergraph serve` over the mini store (read-only, no update token)."""
    with run_server(mini_store, tmp_path_factory.mktemp("live")) as server:
        yield server


@pytest.fixture(scope="session")
def live_sample_server(sample_store, tmp_path_factory):
    """`papergraph serve` over the store built from the sample page."""
    with run_server(sample_store, tmp_path_factory.mktemp("live-sample")) as server:
        yield server


@pytest.fixture(scope="session")
def live_browse_server(browse_store, tmp_path_factory):
    """`papergraph serve` over the store of several collections."""
    with run_server(browse_store, tmp_path_factory.mktemp("live-browse")) as server:
        yield server


@pytest.fixture
def start_server(tmp_path):
    """Start servers with options of a test's own (`start_server(store, "--update-token", t)`);
    each is stopped when the test ends."""
    with contextlib.ExitStack() as stack:
        yield lambda store, *args: stack.enter_context(run_server(store, tmp_path, *args))


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """OpenLink Virtuoso 7 on loopback, for the remote-store tests (issue 8). Skips when
    virtuoso-t is not installed (apt-get install virtuoso-opensource; CI installs it)."""
    from _virtuoso import find_program, run_virtuoso

    if find_program("virtuoso-t") is None:
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    with run_virtuoso(folder, sql_port=reserve_port(), http_port=reserve_port()) as server:
        yield server


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """Oxigraph's own server (`oxigraph serve`) on loopback, the second remote store of the
    remote-store tests (issue 16). Skips when the `oxigraph` command is missing (pip install
    oxigraph, in the test extras)."""
    from _oxigraph_server import find_oxigraph, run_oxigraph_server

    if find_oxigraph() is None:
        pytest.skip("oxigraph is not installed (pip install oxigraph)")
    with run_oxigraph_server(tmp_path_factory.mktemp("oxigraph"), port=reserve_port()) as server:
        yield server


REMOTE_SERVERS = ["virtuoso", "oxigraph_server"]  # the fixtures of the remote stores tested


@pytest.fixture(scope="module", params=REMOTE_SERVERS)
def remote_server(request):
    """Each remote store in turn (Virtuoso, Oxigraph server): a module's tests that take it
    run once per store."""
    return request.getfixturevalue(request.param)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright, one per session (Playwright's sync API
    allows one instance per thread). Skips when Chromium or Playwright is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A browser page at 1280×900 with JavaScript off: the pages must work without it. (Tests
    of pages that need JavaScript define their own `page`.)"""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot_path(request, tmp_path) -> Path:
    """Where a browser test saves its screenshot: docs/<name>.png when the run asks for the
    documentation's pictures to be refreshed (PAPERGRAPH_UPDATE_DOCS=1), else a temporary
    file, so that running the tests never changes the repository."""
    name = request.node.get_closest_marker("screenshot").args[0]
    if os.environ.get("PAPERGRAPH_UPDATE_DOCS") == "1":
        return REPO / "docs" / name
    return tmp_path / name


# --- No silent skips in CI -----------------------------------------------------------------
# `.ci/run` sets PAPERGRAPH_NO_SKIPS=1: there every dependency is installed, so a test that
# skips (a missing browser, Virtuoso, rapper, SPARQLWrapper) means a broken set-up, and the run
# fails, naming the skipped tests. Expected failures (xfail) are not skips.
_SKIPPED: list[str] = []


def _record_skip(report: pytest.CollectReport | pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _SKIPPED.append(report.nodeid or str(report.fspath))


def pytest_collectreport(report: pytest.CollectReport) -> None:
    _record_skip(report)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _record_skip(report)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("PAPERGRAPH_NO_SKIPS") == "1" and _SKIPPED and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 -- pytest's reporter
    if os.environ.get("PAPERGRAPH_NO_SKIPS") == "1" and _SKIPPED:
        terminalreporter.write_line(
            f"PAPERGRAPH_NO_SKIPS=1: {len(_SKIPPED)} skipped tests fail the run: "
            + ", ".join(_SKIPPED[:10]),
            red=True,
        )
