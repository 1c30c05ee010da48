"""The build on Dask clusters (issue 15): a local cluster of 2 workers, a scheduler and a worker
started as separate processes on 127.0.0.1, and a worker killed mid-build.  The output is the
bytes of the in-process build every time."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from clirun import invoke as run
from repo import GAZETTES, REPO_DIR

from govgraph.build.outputs import current
from govgraph.build.pipeline import build
from govgraph.graph import TABLE_NAMES

sys.path.insert(0, str(REPO_DIR / "benchmarks"))
import synth

NAMES = ["graph.nt", "graph.ttl", *(f"tables/{t}.csv" for t in TABLE_NAMES)]


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (current(out) / name).read_bytes() for name in NAMES}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dask() -> list[str]:
    """``dask`` run by this interpreter: the scheduler and workers import the govgraph under test
    (a ``dask`` script on the PATH may belong to another environment)."""
    return [sys.executable, "-m", "dask"]


@pytest.fixture(scope="module")
def x10(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.generate(10, tmp_path_factory.mktemp("synth") / "x10")


def test_local_cluster_of_two_workers_writes_the_bytes_of_the_in_process_build(
    tmp_path: Path, demo_out: Path, x10: Path
) -> None:
    # Small partitions: several emitters, a shuffle across both workers, several writers.
    # Each partition is validated on a worker, with the type index scattered to both.
    options = {"viz": False, "partition_bytes": 400_000}
    demo = build([GAZETTES], tmp_path / "demo", workers=2, **options)
    assert demo.partitions > 1 and not demo.failures and demo.validation == "conforms"
    assert _outputs(tmp_path / "demo") == _outputs(demo_out)
    in_process = build([x10], tmp_path / "x10-one", store=False, viz=False)
    on_cluster = build([x10], tmp_path / "x10-two", workers=2, **options)
    assert in_process.partitions == 1 and on_cluster.partitions > 2
    assert len(on_cluster.gazettes) == 10 and on_cluster.triples == in_process.triples
    assert on_cluster.validation == in_process.validation == "conforms"
    assert _outputs(tmp_path / "x10-two") == _outputs(tmp_path / "x10-one")


@pytest.fixture
def cluster() -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [
        subprocess.Popen([*_dask(), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                          "--no-dashboard"], **quiet)  # type: ignore[call-overload]
    ]  # fmt: skip
    try:
        for _ in range(2):
            procs.append(
                subprocess.Popen([*_dask(), "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                                  "--no-nanny", "--no-dashboard"], **quiet)  # type: ignore[call-overload]
            )  # fmt: skip
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address, procs
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_build_through_a_running_scheduler(
    tmp_path: Path, demo_out: Path, cluster: tuple[str, list[subprocess.Popen[bytes]]]
) -> None:
    address, _ = cluster
    out = tmp_path / "out"
    code, stdout, err = run("build", str(GAZETTES), "-o", str(out), "--scheduler", address, "--no-viz")
    assert code == 0, err
    assert "3 gazette(s)" in stdout and "SHACL: conforms" in stdout
    assert _outputs(out) == _outputs(demo_out)
    # The environment variable does the same.
    os.environ["GOVGRAPH_SCHEDULER"] = address
    try:
        assert build([GAZETTES], tmp_path / "env", viz=False, validate=False).gazettes
    finally:
        del os.environ["GOVGRAPH_SCHEDULER"]
    assert _outputs(tmp_path / "env") == _outputs(demo_out)


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    code, _, err = run("-q", "build", str(GAZETTES), "-o", str(tmp_path / "out"), "--scheduler", address)
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith(f"error: {address}: cannot reach the Dask scheduler")
    assert not (tmp_path / "out" / "current").exists()


def test_a_worker_killed_mid_build_does_not_corrupt_the_output(
    tmp_path: Path, demo_out: Path, cluster: tuple[str, list[subprocess.Popen[bytes]]]
) -> None:
    address, procs = cluster
    out = tmp_path / "out"
    first = sorted(GAZETTES.glob("*.txt"))[:1]
    assert build(first, out, viz=False, validate=False).gazettes  # the previous output
    before = _outputs(out)
    build_cmd = [sys.executable, "-m", "govgraph.cli", "-q", "build", str(GAZETTES), "-o", str(out),
                 "--scheduler", address, "--no-viz", "--no-validate"]  # fmt: skip
    proc = subprocess.Popen(build_cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(random.Random(15).uniform(1.0, 3.0))
    procs[1].send_signal(signal.SIGKILL)  # one worker dies with its tasks; the other remains
    _, err = proc.communicate(timeout=300)
    if proc.returncode == 0:  # the scheduler ran the lost tasks again on the other worker
        assert _outputs(out) == _outputs(demo_out)
    else:
        assert proc.returncode == 1 and len(err.splitlines()) == 1, err
        assert _outputs(out) == before
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["triples"] == (out / "graph.nt").read_bytes().count(b"\n")
    assert not [p for p in (out / "generations").iterdir() if p.name.startswith(".")]
