"""notebooks/explore.ipynb runs top to bottom in a fresh python3 kernel and shows what a
reader relies on: the build summary, tables with rows, the responsibility chain (王振勇
supervising 市经信局 for its 2024 tasks, as a table and as govgraph.chain's tree) and the
focused view inline.

The notebook is stored without outputs; it is executed here in a temporary copy, so the
graph it builds lands in the temporary directory, not in notebooks/out/.
"""

from __future__ import annotations

import re
import shutil
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from repo import REPO_DIR

NOTEBOOK = REPO_DIR / "notebooks" / "explore.ipynb"


def stored_notebook() -> Any:
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The notebook's code cells after a run, by tag."""
    # The notebook reads ../data/gazettes, as it does beside the repository's data/.
    root = tmp_path_factory.mktemp("notebook")
    (root / "data").symlink_to(REPO_DIR / "data", target_is_directory=True)
    work = root / "notebooks"
    work.mkdir()
    copy = work / NOTEBOOK.name
    shutil.copy(NOTEBOOK, copy)
    nb = nbformat.read(copy, as_version=4)
    resources = {"metadata": {"path": str(work)}}
    NotebookClient(nb, timeout=600, kernel_name="python3", resources=resources).execute()
    cells: dict[str, Any] = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            tags = cell.metadata.get("tags", [])
            assert len(tags) == 1, f"every code cell has one tag naming it: {cell.source[:60]!r}"
            cells[tags[0]] = cell
    cells["_work"] = work
    return cells


def text_of(cell: Any) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(str(output.data.get("text/plain", "")))
    return "\n".join(parts)


def html_of(cell: Any) -> str:
    shown = [o for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
    return "\n".join(str(o.data.get("text/html", "")) for o in shown)


def test_notebook_is_stored_clean() -> None:
    nb = stored_notebook()
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_notebook_runs_without_errors_or_warnings(executed: dict[str, Any]) -> None:
    for tag, cell in executed.items():
        if tag == "_work":
            continue
        for output in cell.outputs:
            assert output.output_type != "error", (tag, output.get("evalue"))
            if output.output_type == "stream":
                assert output.name == "stdout", (tag, output.text[:300])


def test_notebook_builds_the_demo_graph(executed: dict[str, Any]) -> None:
    text = text_of(executed["build"])
    match = re.search(r"built \S+: 3 gazette\(s\), (\d+) triples, (\d+) nodes, (\d+) edges", text)
    assert match, text
    assert "SHACL: conforms" in text
    out = executed["_work"] / "out"
    assert (out / "graph.html").is_file() and (out / "store").is_dir()


def test_notebook_tables_have_rows(executed: dict[str, Any]) -> None:
    summary = html_of(executed["tables"])
    rows = dict(re.findall(r"<td>(\w+)</td>\s*<td>(\d+)</td>", summary))
    expected = {p.stem for p in (executed["_work"] / "out" / "tables").glob("*.csv")}
    assert set(rows) == expected and {"assignments", "tasks", "duties", "agencies"} <= expected
    assert all(int(n) > 0 for n in rows.values()), rows
    # tasks per unit: one row per unit, the role columns and a total
    per_unit = html_of(executed["tasks-per-unit"])
    assert per_unit.count("<tr>") > 10
    assert "温州市经济和信息化局" in per_unit and re.search(r"<th>lead</th>.*<th>total</th>", per_unit, re.S)
    assert "王振勇" in html_of(executed["duties"])


def test_notebook_chain_shows_the_supervising_leader(executed: dict[str, Any]) -> None:
    cell = executed["chain-query"]
    text = text_of(cell)
    assert "温州市经济和信息化局" in text
    rows = [ln for ln in text.splitlines() if "温政办〔2024〕11号" in ln]
    assert len(rows) > 1 and all("王振勇" in ln for ln in rows)  # the summary and every task row
    assert all("副市长" in ln for ln in rows[1:])
    # a 2022 document is not given a leader whose duty only began in 2024
    assert not any("王振勇" in ln for ln in text.splitlines() if "〔2022〕" in ln)
    # govgraph.chain tells it as a tree: document blocks, each saying who supervised the unit then
    tree = text_of(executed["chain"])
    blocks = {block.split(" · ")[0]: block for block in tree.split("\n\n")[1:]}
    assert "supervised then by 王振勇 (副市长)" in blocks["温政办〔2024〕11号"]
    assert all("王振勇" not in block for label, block in blocks.items() if "〔2022〕" in label)


def test_notebook_shows_the_focused_view_inline(executed: dict[str, Any]) -> None:
    cell = executed["viz"]
    match = re.search(r"jxj\.html: (\d+) nodes, (\d+) edges", text_of(cell))
    assert match
    frame = html_of(cell)
    assert frame.startswith("<iframe srcdoc=")
    assert f"data-graph-nodes=&quot;{match.group(1)}&quot;" in frame
    assert "焦点 focus: 温州市经济和信息化局" in frame


def test_notebook_commands_it_quotes_run(executed: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # A reader copies the `govgraph …` commands of the text cells into a shell beside out/.
    import shlex

    from clirun import invoke

    commands = [
        shlex.split(m)[1:]
        for cell in stored_notebook().cells
        if cell.cell_type == "markdown"
        for m in re.findall(r"`(govgraph [^`]+)`", cell.source)
    ]
    assert commands
    monkeypatch.chdir(executed["_work"])
    for args in commands:
        code, out, err = invoke(*args)
        assert code == 0, (args, err)
        assert out.strip(), args
