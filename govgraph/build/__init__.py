"""The build: gazettes in, a complete new output generation out (see :mod:`govgraph.build.outputs`).

Readers locate the files of the current build with :func:`current`.
"""

from __future__ import annotations

from govgraph.build.outputs import current

__all__ = ["current"]
