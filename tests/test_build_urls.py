"""Inputs given as URLs (any fsspec file system): searched as folders are, read by the task that
extracts them, the same graph as the local files; a URL that cannot be read is one line; an
output URL is refused in one line."""

from __future__ import annotations

import uuid
from pathlib import Path

import fsspec
import pytest
from clirun import invoke as run
from repo import GAZETTES

from govgraph.build.outputs import current
from govgraph.build.pipeline import build
from govgraph.errors import ExportError

ALL = sorted(GAZETTES.glob("*.txt"))
OPTIONS = {"viz": False, "validate": False, "store": False}


@pytest.fixture
def memory_folder() -> str:
    """The demo gazettes in fsspec's in-memory file system, beside files a search skips."""
    root = f"memory://govgraph-{uuid.uuid4().hex}"
    fs = fsspec.filesystem("memory")
    for path in ALL:
        fs.pipe(f"{root}/issues/{path.name}", path.read_bytes())
    fs.pipe(f"{root}/issues/README.md", "说明".encode())
    fs.pipe(f"{root}/issues/.hidden/x.txt", ALL[0].read_bytes())
    yield root
    fs.rm(root, recursive=True)


def test_a_folder_url_builds_the_graph_of_the_same_files(tmp_path: Path, memory_folder: str) -> None:
    local = tmp_path / "issues"
    local.mkdir()
    for path in ALL:
        (local / path.name).write_bytes(path.read_bytes())
    by_url = build([f"{memory_folder}/issues"], tmp_path / "by-url", **OPTIONS)
    by_path = build([local], tmp_path / "by-path", **OPTIONS)
    assert by_url.failures == []
    assert by_url.gazettes == by_path.gazettes == [p.name for p in ALL]
    graph = (current(tmp_path / "by-url") / "graph.nt").read_bytes()
    assert graph == (current(tmp_path / "by-path") / "graph.nt").read_bytes()


def test_a_url_that_cannot_be_read_is_one_line_and_the_rest_is_built(
    tmp_path: Path, memory_folder: str
) -> None:
    missing = f"{memory_folder}/no-such-issue.txt"
    unknown = "nosuchprotocol://bucket/issue.txt"
    report = build([missing, unknown, f"{memory_folder}/issues/{ALL[0].name}"], tmp_path / "out", **OPTIONS)
    assert report.gazettes == [ALL[0].name]
    assert len(report.failures) == 2
    assert report.failures[0].startswith(missing) and "no such file" in report.failures[0]
    assert report.failures[1].startswith(unknown) and "\n" not in report.failures[1]


def test_an_output_url_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"^s3://bucket/out: the output must be a folder"):
        build([ALL[0]], "s3://bucket/out", **OPTIONS)
    code, _out, err = run("build", str(ALL[0]), "-o", "s3://bucket/out")
    assert code == 1 and err.strip().count("\n") == 0 and "s3://bucket/out" in err
