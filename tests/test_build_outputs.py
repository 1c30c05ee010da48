"""Output generations (issue 18, items 1 and 5): a build is all or nothing, one build at a time,
readers see the old build or the new one, and the next build cleans up after a killed one."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clirun import invoke as run
from repo import GAZETTES

from govgraph.build.outputs import (
    CURRENT,
    GENERATIONS,
    LOCK_NAME,
    BuildLocked,
    build_lock,
    current,
    new_generation,
)

TWO = sorted(GAZETTES.glob("*.txt"))[:2]
ALL = sorted(GAZETTES.glob("*.txt"))


def _cli() -> list[str]:
    exe = shutil.which("govgraph")
    return [exe] if exe else [sys.executable, "-m", "govgraph.cli"]


def _triples(out: Path) -> int:
    code, text, err = run("query", str(out), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv")
    assert code == 0, err
    return int(text.splitlines()[1])


def _generations(out: Path) -> list[str]:
    return sorted(p.name for p in (out / GENERATIONS).iterdir())


def test_current_of_a_plain_folder_is_the_folder(tmp_path: Path) -> None:
    assert current(tmp_path) == tmp_path
    assert current(tmp_path / "missing") == tmp_path / "missing"


def test_build_switches_generations_and_keeps_the_one_before(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["-q", "build", "-o", str(out), "--no-viz", "--no-validate"]
    assert run(*args[:2], str(TWO[0]), *args[2:])[0] == 0
    first = current(out)
    assert first.parent == out / GENERATIONS and (out / CURRENT).is_symlink()
    # Every output is also reachable at its usual place, through the current generation.
    assert (out / "graph.nt").is_symlink() and (out / "graph.nt").read_bytes() == (
        first / "graph.nt"
    ).read_bytes()
    one = _triples(out)
    assert run(*args[:2], *map(str, TWO), *args[2:])[0] == 0
    second = current(out)
    assert second != first and first.is_dir(), "the generation before stays for readers still in it"
    assert _triples(out) > one
    assert run(*args[:2], *map(str, TWO), *args[2:])[0] == 0
    assert not first.exists() and _generations(out) == sorted([second.name, current(out).name])


def test_an_output_of_an_older_govgraph_is_taken_over(tmp_path: Path) -> None:
    """Files right in OUT (no generations): --append reads them, the build replaces them by links."""
    out = tmp_path / "out"
    assert run("-q", "build", str(TWO[0]), "-o", str(out), "--no-viz", "--no-validate")[0] == 0
    legacy = tmp_path / "legacy"
    shutil.copytree(current(out), legacy)
    assert current(legacy) == legacy and (legacy / "store").is_dir()
    code, _, err = run("-q", "build", str(TWO[1]), "-o", str(legacy), "--append", "--no-viz", "--no-validate")
    assert code == 0, err
    report = json.loads((legacy / "report.json").read_text(encoding="utf-8"))
    assert report["gazettes"] == [TWO[0].name, TWO[1].name]
    assert (legacy / "store").is_symlink() and current(legacy) != legacy


def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with build_lock(out):
        new_generation(out)  # never committed: as if the process had been killed
    os.symlink("generations/nothing", out / ".current.dead")
    partial = [p for p in (out / GENERATIONS).iterdir() if p.name.startswith(".partial-")]
    assert len(partial) == 1
    assert current(out) == out  # a reader sees no build, not a half one
    assert run("-q", "build", str(TWO[0]), "-o", str(out), "--no-viz", "--no-validate")[0] == 0
    assert not partial[0].exists() and not (out / ".current.dead").is_symlink()
    assert len(_generations(out)) == 1


def test_a_file_as_output_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run("-q", "build", str(TWO[0]), "-o", str(target), "--no-viz", "--no-validate")
    assert code == 1
    assert err.splitlines() == [f"error: {target}: exists and is not a folder; give a folder as the output"]
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_second_build_while_one_runs_exits_naming_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from govgraph.build.outputs import build_lock\n"
         f"with build_lock({str(out)!r}):\n    print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildLocked, match=rf"pid {holder.pid} on .*, started "), build_lock(out):
            pass
        code, _, err = run("-q", "build", str(TWO[0]), "-o", str(out), "--no-viz", "--no-validate")
        assert code == 1 and len(err.splitlines()) == 1
        assert err.startswith(f"error: {out}: another build is writing here (pid {holder.pid} on ")
        assert not (out / GENERATIONS).exists() or not _generations(out)
    finally:
        holder.kill()
        holder.wait()
    # The lock dies with its holder: the next build goes ahead.
    assert run("-q", "build", str(TWO[0]), "-o", str(out), "--no-viz", "--no-validate")[0] == 0
    assert (out / LOCK_NAME).exists() and not (out / ".govgraph.lock.owner").exists()


def test_two_builds_started_together_end_with_one_complete_graph(tmp_path: Path) -> None:
    out = tmp_path / "out"
    procs = [
        subprocess.Popen([*_cli(), "-q", "build", *map(str, ALL), "-o", str(out), "--no-viz",
                          "--no-validate"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    assert any(code == 0 for code, _ in results), results
    for code, err in results:
        assert code == 0 or (code == 1 and len(err.splitlines()) == 1 and "another build" in err), err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["gazettes"] == [p.name for p in ALL]
    nt = (out / "graph.nt").read_text(encoding="utf-8")
    assert report["triples"] == nt.count("\n") == _triples(out)


def test_kill_9_at_a_random_moment_leaves_the_old_or_the_new_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    common = ["-o", str(out), "--no-viz", "--no-validate"]
    assert run("-q", "build", str(TWO[0]), *common)[0] == 0
    old = _triples(out)
    rng = random.Random(18)
    answers = set()
    for _ in range(3):
        proc = subprocess.Popen([*_cli(), "-q", "build", *map(str, ALL), *common],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.2, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        n = _triples(out)
        answers.add(n)
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        assert n in (old, report["triples"]) and report["triples"] == (out / "graph.nt").read_text(
            encoding="utf-8"
        ).count("\n")
    assert run("-q", "build", *map(str, ALL), *common)[0] == 0
    new = _triples(out)
    assert answers <= {old, new}, (answers, old, new)
    assert not [p for p in (out / GENERATIONS).iterdir() if p.name.startswith(".")]
    assert len(_generations(out)) <= 2
