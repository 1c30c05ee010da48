"""Checks on the repository itself: nothing in the package or the tests depends on one machine."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from repo import REPO_DIR

# Roots of a particular machine's file system (a home, a work folder, a mount). System paths a
# program may legitimately name (/dev/null, /usr/bin/chromium, /proc) are not among them.
MACHINE_PATH_RE = re.compile(
    r"^(?:/(?:work|root|home|Users|tmp|mnt|srv|opt|var|data|shared|media|scratch)(?:/|$)|[A-Za-z]:\\)"
)


def _string_constants(path: object) -> list[tuple[int, str]]:
    tree = ast.parse(REPO_DIR.joinpath(str(path)).read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_repo_hygiene_no_absolute_machine_paths_in_package_or_tests() -> None:
    files = sorted(
        p.relative_to(REPO_DIR)
        for folder in ("govgraph", "tests", "benchmarks")
        for p in (REPO_DIR / folder).rglob("*.py")
    )
    assert len(files) > 20
    found = [
        f"{path}:{line}: {value!r}"
        for path in files
        for line, value in _string_constants(path)
        if MACHINE_PATH_RE.match(value.strip())
    ]
    assert not found, "absolute paths of one machine:\n" + "\n".join(found)


def test_repo_hygiene_the_check_sees_a_machine_path() -> None:
    # The pattern itself: the kinds of path that broke a fresh clone before.
    # (built from parts, so that this file does not trip its own check)
    bad_paths = ("/" + "work/shared/gold", "/" + "home/me/data", "C:" + "\\data\\gold", "/" + "tmp/x")
    for bad in bad_paths:
        assert MACHINE_PATH_RE.match(bad), bad
    for fine in ("/dev/null", "/usr/bin/chromium", "/query", "data/gold", "https://w3id.org/x"):
        assert not MACHINE_PATH_RE.match(fine), fine


def test_repo_hygiene_no_generated_files_tracked() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO_DIR, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    if not tracked:  # not a git checkout (an unpacked sdist): nothing to check
        return
    generated = [
        f for f in tracked if re.search(r"(?:^|/)(?:[^/]+\.egg-info|__pycache__|\.pytest_cache)(?:/|$)", f)
    ]
    assert not generated, generated


def test_repo_hygiene_importing_govgraph_reads_no_data_file() -> None:
    # Registry and vocabulary are read when first needed, not when a module is imported: an
    # audit hook records every file opened while all of govgraph's modules are imported.
    code = r"""
import importlib, pkgutil, sys
import govgraph
data = govgraph.__path__[0] + "/data/"
opened = []
def hook(event, args):
    if event == "open" and str(args[0]).startswith(data):
        opened.append(str(args[0]))
sys.addaudithook(hook)
for m in pkgutil.walk_packages(govgraph.__path__, "govgraph."):
    if m.name.endswith("__main__"):
        continue
    importlib.import_module(m.name)
print("\n".join(sorted(set(opened))))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", "data files read at import time:\n" + result.stdout
