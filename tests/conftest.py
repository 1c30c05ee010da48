"""Shared fixtures: the demo corpus built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from repo import DATA_DIR

from govgraph.pipeline import BuildReport, build


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """``govgraph build data/`` into a temporary OUT (every output: RDF, tables, store, html)."""
    out = tmp_path_factory.mktemp("demo") / "out"
    report = build([DATA_DIR / "gazettes"], out)
    assert not report.failures, report.failures
    return report


@pytest.fixture(scope="session")
def demo_out(demo_build: BuildReport) -> Path:
    """The OUT directory of the demo build. Tests must treat it as read-only."""
    return demo_build.out_dir
