"""Many readers at once (issue 17): 600 paper pages read by 8 clients at the same time from
`papergraph serve` on loopback, every one answered 200 and the server's log free of
tracebacks."""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

from papergraph.store import open_store

VIEWS = 600
CLIENTS = 8


def test_600_paper_pages_under_8_concurrent_clients(sample_store, start_server):
    server = start_server(sample_store)
    papers = [
        "/id/paper/" + str(row.p).rsplit("/", 1)[-1]
        for row in open_store(sample_store).query("SELECT ?p { ?p a pg:Paper } ORDER BY ?p")
    ]
    assert len(papers) > 1
    urls = list(itertools.islice(itertools.cycle(papers), VIEWS))
    sessions = threading.local()

    def view(path: str) -> tuple[int, str]:
        if not hasattr(sessions, "session"):
            sessions.session = requests.Session()
        response = sessions.session.get(server.url + path, timeout=60)
        return response.status_code, response.text

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        answers = list(pool.map(view, urls))
    assert len(answers) == VIEWS
    assert [status for status, _ in answers] == [200] * VIEWS
    assert all(text.count("<h1") == 1 for _, text in answers)  # whole pages, not errors
    assert server.process.poll() is None
    assert "Traceback" not in server.output()
    assert server.output().count(" 200 ") >= VIEWS  # the server logged every view
