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


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The development set of other governments (``../shared/wild-dev`` beside the repository,
    or ``$GOVGRAPH_DEV_SET``) scored as a measurement at the end of the run when it is present:
    it is not part of the repository, so no test depends on it."""
    from quality import DEV_SET, dev_texts, score_texts

    from govgraph.evaluate import format_table

    texts = dev_texts()
    if not texts:
        return
    terminalreporter.section("development set (measurement, not a test)")
    terminalreporter.write_line(f"{len(texts)} texts of other governments in {DEV_SET}")
    terminalreporter.write_line(format_table(score_texts(texts, DEV_SET / "gold")))
