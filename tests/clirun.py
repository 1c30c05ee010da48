"""Running the CLI in-process for tests: (exit code, stdout, stderr); real exceptions propagate."""

from __future__ import annotations

from typer.testing import CliRunner

from govgraph.cli import app


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr
