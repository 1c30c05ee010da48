"""govgraph.serve and ``govgraph serve``: Oxigraph's own SPARQL 1.1 server over OUT/store,
queried with an ordinary SPARQL client (SPARQLWrapper), read-only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from govgraph.query import named_queries, select
from govgraph.serve import (
    INSTALL_HINT,
    Endpoint,
    ServeError,
    free_port,
    oxigraph_executable,
    running_server,
    server_command,
)

INSERT = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
ASK_INSERTED = "ASK { <http://example.org/a> ?p ?o }"


@pytest.fixture(scope="module")
def endpoint(demo_out: Path) -> Iterator[Endpoint]:
    with running_server(demo_out) as running:
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


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_sparqlwrapper_on_the_server_returns_the_rows_of_run_query(
    endpoint: Endpoint, demo_out: Path, name: str
) -> None:
    columns, rows = client_rows(endpoint.query_url, named_queries()[name].text)
    local = select(demo_out, name, engine="store")
    assert columns == local.columns
    assert rows == list(local.rows)  # every named query has a total ORDER BY
    assert rows == list(select(demo_out, name, engine="rdflib").rows)


def test_server_is_read_only(endpoint: Endpoint, demo_out: Path) -> None:
    client = SPARQLWrapper(endpoint.query_url, updateEndpoint=endpoint.update_url)
    client.setMethod(POST)
    client.setQuery(INSERT)
    with pytest.raises(urllib.error.HTTPError) as info:
        client.query()
    assert info.value.code == 403
    check = SPARQLWrapper(endpoint.query_url)
    check.setQuery(ASK_INSERTED)
    check.setReturnFormat(JSON)
    assert check.queryAndConvert()["boolean"] is False  # type: ignore[index]
    assert select(demo_out, ASK_INSERTED).rows == (("false",),)  # the store is open for queries too


def test_running_server_stops_on_exit(demo_out: Path) -> None:
    with running_server(demo_out) as running:
        assert running.process.poll() is None
        assert running.query_url == f"http://127.0.0.1:{running.port}/query"
    assert running.process.poll() is not None


def test_server_without_a_store_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ServeError, match="no SPARQL store") as info:
        server_command(tmp_path, "127.0.0.1", 7878)
    assert "\n" not in str(info.value)


def test_port_in_use_is_reported(demo_out: Path, endpoint: Endpoint) -> None:
    with (
        pytest.raises(ServeError, match="exited with status 1: Address already in use"),
        running_server(demo_out, port=endpoint.port),
    ):
        pass


def test_missing_oxigraph_command_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ServeError) as info:
        oxigraph_executable()
    assert INSTALL_HINT in str(info.value) and "\n" not in str(info.value)


def test_cli_serve_starts_the_endpoint_and_stops_on_ctrl_c(demo_out: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "govgraph.cli", "serve", str(demo_out), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert banner.startswith(f"SPARQL endpoint http://127.0.0.1:{port}/query (read-only)")
        _, rows = client_rows(f"http://127.0.0.1:{port}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert rows == [(str(len((demo_out / "graph.nt").read_text(encoding="utf-8").splitlines())),)]
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
