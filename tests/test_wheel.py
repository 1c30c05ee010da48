"""govgraph installed from a wheel, outside the checkout, builds and scores the demo corpus.

Everything govgraph reads at run time (registry, vocabulary, ontology, shapes, queries) must
be inside the package: the wheel is built from the repository's tracked files only, installed
in a fresh virtual environment, and run from a folder that is not the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from repo import DATA_DIR, REPO_DIR


def _tracked_copy(target: Path) -> Path:
    """The repository as a clean clone would have it (tracked files only, no build leftovers)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO_DIR, capture_output=True, text=True, check=False
    )
    names = [n for n in listed.stdout.split("\0") if n] if listed.returncode == 0 else []
    if not names:  # not a git checkout: the files as they are
        shutil.copytree(REPO_DIR, target, ignore=shutil.ignore_patterns("*.egg-info", "build", "out", ".*"))
        return target
    for name in names:
        source = REPO_DIR / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)
    return target


def test_wheel_installed_outside_the_checkout_builds_and_scores(tmp_path: Path) -> None:
    source = _tracked_copy(tmp_path / "src")
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    made = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), "."],
        cwd=source, capture_output=True, text=True, timeout=300,
    )
    assert made.returncode == 0, made.stderr[-2000:]
    (wheel,) = wheels.glob("govgraph-*.whl")
    venv = tmp_path / "venv"
    # The dependencies come from this interpreter's site-packages; govgraph itself only from the wheel.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python, govgraph = venv / "bin" / "python", venv / "bin" / "govgraph"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import govgraph; print(govgraph.__file__)"],
        cwd=elsewhere, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), f"govgraph imported from {where}, not from the wheel"

    built = subprocess.run(
        [str(govgraph), "build", str(DATA_DIR / "gazettes"), "-o", "out", "--no-viz", "--no-validate"],
        cwd=elsewhere, capture_output=True, text=True, timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    assert "3 gazette(s)" in built.stdout
    assert (elsewhere / "out").is_dir()
    scored = subprocess.run(
        [str(govgraph), "eval", "--gold", str(DATA_DIR / "gold"), str(DATA_DIR / "gazettes")],
        cwd=elsewhere, capture_output=True, text=True, timeout=600,
    )
    assert scored.returncode == 0, scored.stderr[-2000:]
    rows = {ln.split()[0]: ln.split()[1:] for ln in scored.stdout.splitlines()[2:]}
    assert rows["responsibilities"][:3] == ["1.000", "1.000", "1.000"], scored.stdout
    assert rows["documents"][:3] == ["1.000", "1.000", "1.000"], scored.stdout
