"""``govgraph serve``: a bounded read-only SPARQL 1.1 endpoint over OUT's current build, queried
with an ordinary SPARQL client (SPARQLWrapper) on 127.0.0.1 only."""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from repo import DATA_DIR
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from govgraph.query import named_queries, select
from govgraph.query.serve import Endpoint, Limits, ServeError, free_port, refusal, running_server

INSERT = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
ASK_INSERTED = "ASK { <http://example.org/a> ?p ?o }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Grows the server's memory without end: every pair of triples, sorted.
CROSS_ORDER_BY = "SELECT ?a ?b ?c ?d WHERE { ?a ?p ?b . ?c ?q ?d } ORDER BY ?a ?b ?c ?d"
# Runs for ever in constant memory: a count over a triple cross product.
CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
LIMITS = Limits(timeout_s=3.0, memory_mb=400, workers=2)


@pytest.fixture(scope="module")
def endpoint(demo_out: Path) -> Iterator[Endpoint]:
    with running_server(demo_out, limits=LIMITS) as running:
        yield running


@pytest.fixture(scope="module")
def patient(demo_out: Path) -> Iterator[Endpoint]:
    """A server whose time limit no test reaches: what stops a query there is its memory or its
    client leaving, however slow a loaded machine runs it."""
    with running_server(demo_out, limits=Limits(timeout_s=3600, memory_mb=400, workers=1)) as running:
        yield running


def client_rows(url: str, query: str) -> tuple[tuple[str, ...], list[tuple[str | None, ...]]]:
    """Columns and rows as SPARQLWrapper returns them (JSON results), unbound as None."""
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    data = client.queryAndConvert()
    columns = tuple(data["head"]["vars"])  # type: ignore[index]
    rows = [
        tuple(b[c]["value"] if c in b else None for c in columns)
        for b in data["results"]["bindings"]  # type: ignore[index]
    ]
    return columns, rows


def post(url: str, query: str, timeout: float = 30.0) -> tuple[int, str]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def triple_count(out: Path) -> int:
    return len((out / "graph.nt").read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_sparqlwrapper_on_the_server_returns_the_rows_of_run_query(
    endpoint: Endpoint, demo_out: Path, name: str
) -> None:
    columns, rows = client_rows(endpoint.query_url, named_queries()[name].text)
    local = select(demo_out, name, engine="store")
    assert columns == local.columns
    assert rows == list(local.rows)  # every named query has a total ORDER BY


def test_server_is_read_only(endpoint: Endpoint, demo_out: Path) -> None:
    client = SPARQLWrapper(endpoint.query_url, updateEndpoint=endpoint.update_url)
    client.setMethod(POST)
    client.setQuery(INSERT)
    with pytest.raises(urllib.error.HTTPError) as info:
        client.query()
    assert info.value.code == 403
    assert post(endpoint.query_url, INSERT)[0] == 403
    check = SPARQLWrapper(endpoint.query_url)
    check.setQuery(ASK_INSERTED)
    check.setReturnFormat(JSON)
    assert check.queryAndConvert()["boolean"] is False  # type: ignore[index]


def test_runaway_order_by_is_stopped_and_the_server_goes_on(patient: Endpoint, demo_out: Path) -> None:
    status, body = post(patient.query_url, CROSS_ORDER_BY, timeout=3600)
    assert status == 503
    assert body == "query stopped: it needed more than 400 MB of memory\n"
    # the server goes on: the next query is answered (how fast is benchmarks/, not a test)
    assert post(patient.query_url, COUNT, timeout=3600) == (200, f"n\r\n{triple_count(demo_out)}\r\n")


def test_long_query_times_out_with_one_line(endpoint: Endpoint, demo_out: Path) -> None:
    # it never ends: an answer at all is its time limit at work (how soon is not a test's business)
    status, body = post(endpoint.query_url, CROSS_COUNT, timeout=3600)
    assert status == 503 and body.startswith(f"query timed out after {LIMITS.timeout_s:g} s")
    assert body.count("\n") == 1
    assert post(endpoint.query_url, COUNT)[0] == 200


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 (one listener per test)

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


def test_service_is_refused_and_nothing_goes_out(endpoint: Endpoint) -> None:
    listener = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=listener.serve_forever, daemon=True)
    thread.start()
    try:
        target = f"http://127.0.0.1:{listener.server_address[1]}/sparql"
        for query in (
            f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE<{target}>{{ ?s ?q ?r }} }} }} LIMIT 1",
        ):
            status, body = post(endpoint.query_url, query)
            assert status == 400 and body.startswith("SERVICE is not allowed"), query
        assert post(endpoint.query_url, COUNT)[0] == 200
        assert _Recorder.hits == []
    finally:
        listener.shutdown()
        listener.server_close()


def test_refusal_reads_keywords_not_text() -> None:
    assert refusal('SELECT * WHERE { ?s ?p "SERVICE <http://x>" }') is None
    assert refusal("SELECT ?service WHERE { ?service <http://example.org/SERVICE> ?o } # SERVICE") is None
    assert refusal("SELECT * WHERE { SERVICE <http://x> { ?s ?p ?o } }") is not None
    assert refusal("PREFIX a: <http://a/> DELETE WHERE { ?s ?p ?o }") is not None


def test_client_that_goes_away_stops_its_query(patient: Endpoint) -> None:
    request = (
        f"GET /query?query={urllib.parse.quote(CROSS_COUNT)} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{patient.port}\r\nAccept: text/csv\r\n\r\n"
    ).encode()
    logged = len(patient.server_output())
    with socket.create_connection(("127.0.0.1", patient.port), timeout=60) as sock:
        sock.sendall(request)
        time.sleep(0.5)  # not a bound: the query is stopped whenever the server reads the request
    # The query never ends and its time limit is an hour away: only the client leaving stops it.
    # Waiting on what the server logs; the bound is only how long before calling it a failure.
    deadline = time.monotonic() + 600
    while "query stopped" not in patient.server_output()[logged:]:
        assert time.monotonic() < deadline, patient.server_output()
        time.sleep(0.05)
    assert "query stopped: the client disconnected" in patient.server_output()[logged:]
    assert post(patient.query_url, COUNT, timeout=3600)[0] == 200


def test_server_follows_a_rebuild_without_restart(tmp_path: Path) -> None:
    from govgraph.pipeline import build

    gazettes = sorted((DATA_DIR / "gazettes").glob("*.txt"))
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    shutil.copy(gazettes[0], one)
    shutil.copy(gazettes[1], two)
    out = tmp_path / "out"
    build([one], out, validate=False, viz=False)
    before = triple_count(out)
    with running_server(out, limits=Limits(timeout_s=5, memory_mb=400, workers=1)) as running:
        assert post(running.query_url, COUNT) == (200, f"n\r\n{before}\r\n")
        build([two], out, validate=False, viz=False)
        after = triple_count(out)
        assert after != before
        assert post(running.query_url, COUNT) == (200, f"n\r\n{after}\r\n")


def test_running_server_stops_on_exit(demo_out: Path) -> None:
    with running_server(demo_out, limits=Limits(workers=1)) as running:
        assert running.process.poll() is None
        assert running.query_url == f"http://127.0.0.1:{running.port}/query"
    assert running.process.poll() is not None


def test_port_in_use_is_reported(demo_out: Path, endpoint: Endpoint) -> None:
    with (
        pytest.raises(
            ServeError, match=f"cannot listen on 127.0.0.1:{endpoint.port}: Address already in use"
        ),
        running_server(demo_out, port=endpoint.port, limits=Limits(workers=1)),
    ):
        pass


def test_cli_serve_starts_the_endpoint_and_stops_on_ctrl_c(demo_out: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "govgraph.cli",
        "serve",
        str(demo_out),
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert banner.startswith(f"SPARQL endpoint http://127.0.0.1:{port}/query (read-only)")
        _, rows = client_rows(f"http://127.0.0.1:{port}/query", COUNT)
        assert rows == [(str(triple_count(demo_out)),)]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_cli_serve_errors_exit_1(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govgraph.cli", "serve", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "no SPARQL store" in done.stderr
    assert done.stderr.count("\n") == 1


def test_cli_serve_help_has_examples() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govgraph.cli", "serve", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "govgraph serve out/ --port 8000" in done.stdout
