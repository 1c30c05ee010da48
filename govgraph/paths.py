"""Where govgraph finds its versioned vocabulary and demo data.

The ontology and registries are data files under ``ontology/`` beside the
package (the project is installed from its repository, editable or not); the
environment variable ``GOVGRAPH_ONTOLOGY`` points elsewhere, for example at a
registry for another city.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = Path(os.environ.get("GOVGRAPH_ONTOLOGY", REPO_DIR / "ontology"))
DATA_DIR = REPO_DIR / "data"
