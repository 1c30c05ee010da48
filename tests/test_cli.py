"""The ``govgraph`` command line: help with examples, options, exit codes, bad inputs.

Exit codes: 0 everything worked, 1 an input (or the work) failed while the rest was done,
2 a usage error.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import invoke as run
from repo import DATA_DIR, DEMO_GOLD

from govgraph.cli import COMMAND_ORDER, app

GAZETTES = DATA_DIR / "gazettes"
GOOD = GAZETTES / "wenzhou-gazette-2022-10.txt"
OWN_COMMANDS = ("build", "extract", "eval", "viz")


def registered_commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return list(group.list_commands(None))  # type: ignore[attr-defined]


def test_cli_top_level_help_lists_commands_in_workflow_order() -> None:
    code, out, _ = run("--help")
    assert code == 0
    listed = re.findall(r"^  (\w+)  ", out.split("Commands:")[1], re.M)
    assert set(OWN_COMMANDS) <= set(listed)
    assert listed == [c for c in COMMAND_ORDER if c in listed] + [c for c in listed if c not in COMMAND_ORDER]
    assert "--quiet" in out and "--verbose" in out
    assert "Exit codes:" in out
    assert re.search(r"^    govgraph build ", out, re.M)


@pytest.mark.parametrize("command", registered_commands())
def test_cli_command_help_shows_examples(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0, out
    examples = out.split("Examples:", 1)
    assert len(examples) == 2, f"{command} --help has no examples"
    # one example per line, not re-wrapped by click into a paragraph
    lines = [ln.strip() for ln in examples[1].split("Arguments:")[0].split("Options:")[0].splitlines()]
    shown = [ln for ln in lines if ln.startswith(("govgraph ", "govgraph -"))]
    assert shown, f"{command} --help shows no example command"
    assert all(f" {command}" in ln for ln in shown)


def test_cli_version_and_no_arguments() -> None:
    from govgraph import __version__

    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"govgraph {__version__}"
    code, out, err = run()
    assert code == 2 and "Usage:" in out + err  # help shown, but no command given is a usage error


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--bogus"],
        ["viz"],
        ["viz", "out", "--depth", "two"],
        ["viz", "out", "--cluster", "county"],
        ["viz", "out", "--max-nodes", "0"],
        ["viz", "out", "--depth", "-1"],
        ["eval", str(GOOD)],  # --gold is required
        ["eval", "--gold", "gold", "--kind", "nonsense", str(GOOD)],
        ["nosuchcommand"],
    ],
)
def test_cli_usage_errors_exit_2(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code == 2, (args, out, err)
    assert "Traceback" not in out + err


def test_cli_extract_bad_input_mixed_with_good(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    records = tmp_path / "records"
    records.mkdir()
    code, _, err = run("extract", str(empty), str(GOOD), str(missing), "-o", str(records))
    assert code == 1
    errors = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2  # one line per bad file, naming it
    # a missing path is found missing before any gazette is read
    assert str(missing) in errors[0] and str(empty) in errors[1]
    written = json.loads((records / f"{GOOD.stem}.json").read_text(encoding="utf-8"))
    assert written["responsibilities"]  # the good gazette was still extracted
    assert sorted(p.name for p in records.iterdir()) == [f"{GOOD.stem}.json"]


def test_cli_extract_directory_without_gazettes_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("extract", str(tmp_path))
    assert code == 2 and "no gazette files" in err


def test_cli_eval_scores_the_good_and_reports_the_bad(tmp_path: Path) -> None:
    # The real gold of GOOD, with one responsibility clause removed and one record of a unit
    # that is not in the text added: the scores must show exactly that.
    gold_doc = json.loads((DEMO_GOLD / f"{GOOD.stem}.gold.json").read_text(encoding="utf-8"))
    dropped = gold_doc["responsibilities"].pop(0)
    gold_doc["responsibilities"].append({**dropped, "units": ["市不存在局"], "lead": []})
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / f"{GOOD.stem}.gold.json").write_text(json.dumps(gold_doc, ensure_ascii=False), encoding="utf-8")
    no_gold = tmp_path / "wenzhou-gazette-1999-01.txt"
    shutil.copy(GOOD, no_gold)
    scores = tmp_path / "scores.json"
    code, out, err = run("eval", "--gold", str(gold), str(GOOD), str(no_gold), "--json", str(scores))
    assert code == 1
    assert "scored 1 gazette(s)" in out
    assert [ln for ln in err.splitlines() if ln.startswith("error:")] == [
        f"error: {no_gold.name}: no gold file {gold / (no_gold.stem + '.gold.json')}"
    ]
    data = json.loads(scores.read_text(encoding="utf-8"))
    pairs = len(dropped["units"])
    assert data["responsibilities"]["fp"] == pairs  # the removed clause's pairs are now spurious
    assert data["responsibilities"]["fn"] == 1  # the invented unit is missed
    assert data["documents"]["f1"] == 1.0 and data["documents"]["tp"] > 0


def test_cli_eval_without_gold_prints_no_score(tmp_path: Path) -> None:
    empty_gold = tmp_path / "gold"
    empty_gold.mkdir()
    code, out, err = run("eval", "--gold", str(empty_gold), str(GOOD))
    assert code == 1
    assert out == "" and "1.000" not in err
    assert err.strip() == f"error: {GOOD.name}: no gold file {empty_gold / (GOOD.stem + '.gold.json')}"
    # A gold file without records is no better: no table of vacuous 1.000s.
    (empty_gold / f"{GOOD.stem}.gold.json").write_text('{"gazette": "x"}', encoding="utf-8")
    code, out, err = run("eval", "--gold", str(empty_gold), str(GOOD))
    assert code == 1 and "1.000" not in out and "hold no records" in err


def test_cli_eval_prints_a_dash_for_a_kind_without_gold(tmp_path: Path) -> None:
    gold_doc = json.loads((DEMO_GOLD / f"{GOOD.stem}.gold.json").read_text(encoding="utf-8"))
    gold_doc["officials"] = []
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / f"{GOOD.stem}.gold.json").write_text(json.dumps(gold_doc, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("-q", "eval", "--gold", str(gold), str(GOOD))
    assert code == 0
    row = next(ln.split() for ln in out.splitlines() if ln.startswith("officials"))
    assert row[2:4] == ["—", "—"]  # recall and F1 of nothing are not 1.000
    assert float(row[1]) == 0.0  # every predicted official is spurious


def test_cli_build_bad_input_mixed_with_good(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = run("build", str(GOOD), str(empty), "-o", str(out_dir), "--no-validate")
    assert code == 1
    assert [ln for ln in err.splitlines() if ln.startswith("error:")] == [f"error: {empty}: empty file"]
    assert "1 input(s) failed" in out
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert report["gazettes"] == [GOOD.name] and len(report["failures"]) == 1
    assert report["nodes"] > 0
    assert (out_dir / "graph.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f'data-graph-nodes="{report["nodes"]}"' in (out_dir / "graph.html").read_text(encoding="utf-8")


def test_cli_build_quiet_prints_nothing(tmp_path: Path) -> None:
    code, out, err = run("-q", "build", str(GOOD), "-o", str(tmp_path / "out"), "--no-validate", "--no-viz")
    assert code == 0
    assert out == "" and err == ""
    assert not (tmp_path / "out" / "graph.html").exists()


def test_cli_build_nothing_to_build_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert code == 2 and "no gazette files" in err
    assert not (tmp_path / "out").exists()


def test_cli_viz_views_and_errors(demo_out: Path, tmp_path: Path) -> None:
    page = tmp_path / "jxj.html"
    code, out, _ = run("viz", str(demo_out), "--focus", "市经信局", "--depth", "1", "-o", str(page))
    assert code == 0
    match = re.fullmatch(rf"wrote {re.escape(str(page))}: (\d+) nodes, (\d+) edges\n", out)
    assert match, out
    html = page.read_text(encoding="utf-8")
    assert f'data-graph-nodes="{match.group(1)}"' in html
    assert "焦点 focus: 温州市经济和信息化局 (半径 depth 1)" in html
    code, out, _ = run("viz", str(demo_out), "--cluster", "document", "-o", str(tmp_path / "c.html"))
    assert code == 0 and '<option value="document" selected>' in (tmp_path / "c.html").read_text("utf-8")
    # a name that is not in the graph: one line naming the graph, nothing written
    code, _, err = run("viz", str(demo_out), "--focus", "不存在的局", "-o", str(tmp_path / "no.html"))
    assert code == 1
    assert err.strip().splitlines() == [
        f"error: {demo_out}: no node with key, label or alias '不存在的局' in the graph"
    ]
    assert not (tmp_path / "no.html").exists()
    code, _, err = run("viz", str(tmp_path / "nowhere"))
    assert code == 1 and "no graph.graphml" in err


def test_cli_entry_point_exit_codes(tmp_path: Path) -> None:
    """The installed ``govgraph`` script (not only the in-process app) returns the codes."""
    exe = shutil.which("govgraph") or ""
    command = [exe] if exe else [sys.executable, "-m", "govgraph.cli"]
    done = subprocess.run([*command, "viz", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 1 and done.stderr.startswith(f"error: {tmp_path}: no graph.graphml")
    done = subprocess.run([*command, "viz", "--nope"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
