#!/usr/bin/env bash
# Regenerate docs/screenshot.png (the README's picture): the demo graph built afresh, the view
# around 市经信局, drawn in headless Chromium with the tooltip of one of its 牵头 edges open.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
govgraph -q build data/ -o "$work/out" --no-validate
govgraph viz "$work/out" --focus 市经信局 --depth 1 -o "$work/jxj.html"
python3 -m govgraph.viz --screenshot docs/screenshot.png \
  --hover "温州市经济和信息化局 -> 支持企业高质量发展" "$work/jxj.html"
