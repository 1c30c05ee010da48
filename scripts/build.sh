#!/usr/bin/env bash
# Set-up command 1: install govgraph and build the knowledge graph of the demo corpus in data/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e .
# An editable install compiles nothing, and where PYTHONDONTWRITEBYTECODE is set every run would
# compile govgraph's sources again (0.1 CPU-s of a 2.4 CPU-s demo build): compile them once here.
python3 -m compileall -q govgraph
govgraph build data/ -o out/ "$@"
