"""What a cold ``govgraph build`` in this process must not pay for again (issue 15): Dask (its
import and scheduler were 0.05 CPU-s of the demo's 2), numpy.ma (np.median's, 0.015), a second
OpenBLAS thread spinning after the layout's products (0.1), the collector's full passes (0.2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from repo import GAZETTES

PROBE = """
import gc, json, os, sys
from govgraph.cli import main
sys.argv = ["govgraph", "-q", "build", sys.argv[1], "-o", sys.argv[2]]
try:
    main()
except SystemExit as err:
    code = err.code
print(json.dumps({
    "code": code,
    "imported": sorted(m for m in ("dask", "numpy.ma") if m in sys.modules),
    "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
    "full_collection_every": gc.get_threshold()[2],
}))
"""


def test_a_build_in_this_process_imports_neither_dask_nor_numpy_ma(tmp_path: Path) -> None:
    gazette = sorted(GAZETTES.glob("*.txt"))[0]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(gazette), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=True,
    )
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["code"] in (0, None)
    assert probe["imported"] == []
    assert probe["full_collection_every"] == 100
    assert probe["blas_threads"] == os.environ.get("OPENBLAS_NUM_THREADS", "1")  # the user's, if set
    assert (tmp_path / "out" / "graph.html").is_file()
