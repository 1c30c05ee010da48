#!/usr/bin/env bash
# Set-up command 1: install govgraph and build the knowledge graph of the demo corpus in data/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e .
govgraph build data/ -o out/ "$@"
