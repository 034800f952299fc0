"""OpenLink Virtuoso 7 (Debian's virtuoso-opensource) on loopback for the remote-store tests
(issue 8), started like the live servers of conftest and with the same helpers (`_servers`):
fresh ports, a log in the test's folder, a readiness poll with a deadline and a liveness check,
and a clean stop.

Virtuoso keeps its database in the folder of its virtuoso.ini. After it answers at /sparql,
`isql-vt` (same package) replaces the default dba password with a random one and creates the
user papergraph writes as: a SPARQL_UPDATE grant (SPARQL Update and the Graph Store Protocol
on /sparql-auth and /sparql-graph-crud-auth, with HTTP digest) and read-write rights on every
graph. Reading goes to the anonymous /sparql.
"""

from __future__ import annotations

import contextlib
import dataclasses
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from _servers import RemoteServer, running, wait_until_responds

__all__ = ["Virtuoso", "find_program", "run_virtuoso"]

_PROGRAMS = {
    "virtuoso-t": ["/usr/bin/virtuoso-t", "/usr/lib/virtuoso-opensource-7/bin/virtuoso-t"],
    "isql-vt": ["/usr/bin/isql-vt", "/usr/lib/virtuoso-opensource-7/bin/isql"],
}
_READY_TIMEOUT = 90.0
USER = "papergraph"

# ResultSetMaxRows: Virtuoso cuts SELECT answers at this many rows (the Debian default is
# 10,000, less than the sample build's analysis graph); papergraph needs whole answers.
# MaxQueryCostEstimationTime = 400: Debian's default, kept so that the canned queries are tested
# as users' Virtuoso runs them (it refuses a query whose estimated cost is above the limit).
# ThreadsPerQuery = 1: with parallel query execution, Virtuoso 7.2.5 stopped answering for good
# (every thread waiting, its SQL port too) in 3 of 7 runs of tests/test_remote_store.py, each
# time while a Graph Store Protocol upload ran beside queries; with this setting, in none of 9.
_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 120
"""


def find_program(name: str) -> str | None:
    """Where Debian installed `name` (virtuoso-t or isql-vt), or None."""
    found = shutil.which(name)
    return found or next((path for path in _PROGRAMS[name] if Path(path).exists()), None)


@dataclasses.dataclass
class Virtuoso(RemoteServer):
    """A running Virtuoso, and papergraph's password on it."""

    password: str = ""

    @property
    def env(self) -> dict[str, str]:
        """The environment papergraph reads the credentials from."""
        return {"PAPERGRAPH_STORE_USER": USER, "PAPERGRAPH_STORE_PASSWORD": self.password}


def _isql(sql_port: int, statements: str) -> None:
    isql = find_program("isql-vt")
    assert isql is not None, "isql-vt is missing (it ships with virtuoso-opensource)"
    result = subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", "dba", "VERBOSE=OFF", f"EXEC={statements}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "Error" not in output, output


@contextlib.contextmanager
def run_virtuoso(folder: Path, *, sql_port: int, http_port: int) -> Iterator[Virtuoso]:
    """Start `virtuoso-t +foreground` on the two loopback ports; stop it on exit."""
    binary = find_program("virtuoso-t")
    assert binary is not None, "virtuoso-t is not installed"
    ini = folder / "virtuoso.ini"
    ini.write_text(_INI.format(folder=folder, sql_port=sql_port, http_port=http_port))
    log = folder / "virtuoso-t.log"
    password = secrets.token_hex(12)
    command = [binary, "+foreground", "+configfile", str(ini)]
    with running(command, log, stop_timeout=30, cwd=folder) as process:
        server = Virtuoso(
            f"http://127.0.0.1:{http_port}/sparql", process=process, log=log, password=password
        )
        wait_until_responds(
            process,
            server.output,
            server.sparql_url,
            name="virtuoso-t",
            timeout=_READY_TIMEOUT,
            poll=0.25,
            request_timeout=5,
            params={"query": "ASK {}"},
            ready=lambda response: response.status_code == 200,
        )
        _isql(
            sql_port,
            f"DB.DBA.USER_CREATE ('{USER}', '{password}'); "
            f'GRANT SPARQL_UPDATE TO "{USER}"; '
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{USER}', 3); "
            f"USER_CHANGE_PASSWORD ('dba', 'dba', '{secrets.token_hex(12)}');",
        )
        yield server
